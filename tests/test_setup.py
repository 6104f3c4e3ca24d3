"""The set-up a new user meets: pins, Binder, the two commands, CI."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)$")


def pins(path: Path) -> dict:
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "--")):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        found[match.group(1).lower()] = match.group(2)
    return found


def test_requirements_pin_everything_exactly():
    root = pins(ROOT / "requirements.txt")
    for package in (
        "jupyterlab",
        "ipywidgets",
        "bqplot",
        "ipympl",
        "matplotlib",
        "numpy",
        "torch",
        "nbval",
        "pytest",
        "hypothesis",
        "playwright",
        "jupyter-repo2docker",
    ):
        assert package in root, package
    assert root["torch"] == "2.13.0"
    assert root["jupyterlab"].startswith("4.") and root["ipywidgets"].startswith("8.")


def test_binder_pins_agree_with_requirements():
    root = pins(ROOT / "requirements.txt")
    binder = pins(ROOT / "binder" / "requirements.txt")
    assert set(binder) == set(root)
    for package, version in root.items():
        if package == "torch":
            assert binder["torch"] == version + "+cpu"
        else:
            assert binder[package] == version, package
    text = (ROOT / "binder" / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text


def test_binder_runtime_and_post_build():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install --no-deps -e ." in post_build.read_text()


def test_repo2docker_chooses_python_311_and_the_binder_requirements():
    repo2docker = shutil.which("repo2docker") or str(Path(sys.executable).with_name("repo2docker"))
    run = subprocess.run(
        [repo2docker, "--no-build", "--debug", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-2000:]
    assert "python=3.11" in out
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in out
    assert "postBuild" in out


def test_make_targets_build_the_venv_then_run():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(
        r"^lab: \$\(STAMP\)\n\t.*jupyter lab .*notebooks/00_start_here.ipynb", makefile, re.M
    )
    assert re.search(
        r"^test: \$\(STAMP\)\n\t\$\(BIN\)/ruff check helpers tests benchmarks\n\t.*pytest",
        makefile,
        re.M,
    )
    assert "pip install -r requirements.txt" in makefile
    assert "pip install --no-deps -e ." in makefile
    assert "--allow-root" in makefile and "id -u" in makefile
    assert "token" not in makefile.lower(), "JupyterLab's token authentication stays on"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    assert re.search(r"^make test$", ci, re.M)
    assert "apt-get install -y chromium" in ci
    readme = (ROOT / "README.md").read_text()
    first_commands = re.findall(r"^make (\w+)", readme, re.M)[:2]
    assert first_commands == ["lab", "test"]


@pytest.mark.parametrize(
    "notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem
)
def test_readme_lists_every_notebook(notebook):
    assert notebook.stem in (ROOT / "README.md").read_text()
