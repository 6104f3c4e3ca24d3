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
    return {name: version for group in sections(path).values() for name, version in group.items()}


def sections(path: Path) -> dict:
    """The exact pins of a requirements file, grouped under the comment line above each group."""
    found = {}
    heading = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("#"):
            heading = line.lstrip("# ")
            continue
        if not line or line.startswith("--"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        found.setdefault(heading, {})[match.group(1).lower()] = match.group(2)
    return found


def test_requirements_pin_everything_exactly():
    root = pins(ROOT / "requirements.txt")
    for package in (
        "jupyterlab",
        "notebook",
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


# What the tests, and only the tests, need: Binder does not install these.
TEST_TOOLS = {
    "pytest",
    "pytest-timeout",
    "nbval",
    "nbformat",
    "nbclient",
    "hypothesis",
    "playwright",
    "axe-playwright-python",
    "ruff",
    "jupyter-repo2docker",
}


def test_binder_pins_the_lecture_environment_at_the_same_versions():
    root = sections(ROOT / "requirements.txt")
    lectures = root["the lecture environment"]
    binder = pins(ROOT / "binder" / "requirements.txt")
    # Binder's list is the lecture environment of ../requirements.txt, nothing more, nothing less
    assert set(binder) == set(lectures), set(binder) ^ set(lectures)
    assert set(root["tests"]) == TEST_TOOLS
    assert not TEST_TOOLS & set(binder)
    every_root_pin = pins(ROOT / "requirements.txt")
    for package, version in binder.items():
        if package == "torch":
            # the same release, built for the CPU only
            assert version == every_root_pin["torch"] + "+cpu"
        else:
            assert version == every_root_pin[package], package
    text = (ROOT / "binder" / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text


def test_notebook_pin_is_the_series_built_for_the_jupyterlab_pin():
    """Notebook 7.N is built on JupyterLab 4.N and requires that series, so the two pins move
    together (Binder's base environment brings an older Notebook that does not admit ours)."""
    binder = pins(ROOT / "binder" / "requirements.txt")
    lab_minor = int(binder["jupyterlab"].split(".")[1])
    notebook_major, notebook_minor = (int(part) for part in binder["notebook"].split(".")[:2])
    assert (notebook_major, notebook_minor) == (7, lab_minor)


def test_binder_runtime_and_post_build():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post_build = ROOT / "binder" / "postBuild"
    assert os.access(post_build, os.X_OK)
    assert "pip install --no-deps -e ." in post_build.read_text()
    # the kernel-culling settings it installs (tests/test_binder.py runs it)
    assert "jupyter_server_config.py" in post_build.read_text()


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
    # (tests/test_make_lab.py runs `make lab` with LAB_ARGS)
    assert re.search(
        r"^lab: \$\(STAMP\) \$\(LAB_SETTINGS\)\n(\t.*\n)*?\t\$\(BIN\)/jupyter lab \$\(ROOT_FLAG\) "
        r"--ServerApp.ip=127.0.0.1 \$\(PROMPT_KERNEL\) \$\(LAB_ARGS\) "
        r"notebooks/00_start_here.ipynb$",
        makefile,
        re.M,
    )
    assert re.search(
        r"^test: \$\(STAMP\) \$\(LAB_SETTINGS\)\n"
        r"\t\$\(BIN\)/ruff check helpers tests benchmarks tools( book)?\n\t.*pytest",
        makefile,
        re.M,
    )
    assert "pip install -r requirements.txt" in makefile
    assert "pip install --no-deps -e ." in makefile
    # the course's JupyterLab settings go where JupyterLab reads them for this environment
    assert re.search(r"^LAB_SETTINGS := \$\(VENV\)/share/jupyter/lab/settings/overrides.json$",
                     makefile, re.M)
    assert re.search(r"^\$\(LAB_SETTINGS\): binder/overrides.json \$\(STAMP\)\n"
                     r"\tmkdir -p \$\(@D\)\n\tcp binder/overrides.json \$@$", makefile, re.M)
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
