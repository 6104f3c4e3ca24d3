"""`make notebooks`: a lecture executed afresh and stored with its widget state passes the
project's stored-notebook checks.

Lecture 00 is copied into a temporary folder and stored there by the same tool `make notebooks`
runs (tools/store_notebooks.py), so the real notebook is never touched.
"""

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
LECTURE = ROOT / "notebooks" / "00_start_here.ipynb"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


store_notebooks = load_script("tools/store_notebooks.py", "store_notebooks")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """Lecture 00, stored afresh in a temporary folder: (the path, the tool's run)."""
    before = digest(LECTURE)
    path = tmp_path_factory.mktemp("notebooks") / LECTURE.name
    shutil.copy(LECTURE, path)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "store_notebooks.py"), str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert digest(LECTURE) == before, "storing a copy changed the real notebook"
    return path, run


def test_a_restored_lecture_passes_the_stored_notebook_checks(stored):
    path, run = stored
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "FAILED" not in run.stdout + run.stderr
    checks = [name for name, _ in store_notebooks.checks_for(path)]
    # every check that takes a notebook's path, from both files
    assert any(name.startswith("test_stored_notebooks.py::") for name in checks)
    assert "test_notebook_budgets.py::test_time_and_peak_memory" in checks
    for name in checks:
        assert f"ok     {name}" in run.stdout, name


def test_the_restored_lecture_was_executed_afresh_and_keeps_its_widget_state(stored):
    path, _ = stored
    old = nbformat.read(LECTURE, as_version=4)
    new = nbformat.read(path, as_version=4)
    # a fresh run: widgets get new model ids every time
    assert views(new) and views(new) != views(old)
    state = new.metadata["widgets"][WIDGET_STATE]["state"]
    missing = views(new) - set(state)
    assert not missing, f"explorers shown without their stored state: {missing}"
    assert [c.source for c in new.cells] == [c.source for c in old.cells]


def views(notebook) -> set:
    """The model ids of the widgets the notebook's outputs show."""
    return {
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook.cells if cell.cell_type == "code"
        for output in cell.outputs if WIDGET_VIEW in output.get("data", {})
    }


def test_a_failed_check_is_reported(tmp_path):
    path = tmp_path / LECTURE.name
    notebook = nbformat.read(LECTURE, as_version=4)
    # a folded answer outside a solution cell: the stored-notebook checks refuse it
    notebook.cells.insert(1, nbformat.v4.new_markdown_cell("<details>an answer</details>"))
    nbformat.write(notebook, path)
    failed = store_notebooks.check(path)
    assert [reason for reason in failed
            if "test_worked_answers_sit_alone_in_solution_cells" in reason]


def test_a_notebook_that_does_not_run_is_not_stored(tmp_path):
    path = tmp_path / "broken.ipynb"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Broken"),
                      nbformat.v4.new_code_cell("1 / 0")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, path)
    before = digest(path)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "store_notebooks.py"), "--no-checks", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1
    assert "did not run to the end, so it was not stored" in run.stderr
    assert digest(path) == before


def test_bad_notebook_paths_are_refused(tmp_path):
    with pytest.raises(ValueError, match="notebooks must be existing .ipynb files, got"):
        store_notebooks.notebook_paths([tmp_path / "missing.ipynb"])


def make_dry_run(*arguments: str) -> list[str]:
    """The commands `make notebooks` would run (make -n), without running them."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    run = subprocess.run(
        ["make", "--no-print-directory", "-n", "-o", ".venv/.installed", "notebooks", *arguments],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return [shlex.split(line) for line in run.stdout.splitlines() if line.strip()]


def test_make_notebooks_stores_all_lectures_or_the_one_named():
    [command] = make_dry_run()
    assert command[:2] == [".venv/bin/python", "tools/store_notebooks.py"]
    every = sorted(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert command[2:] == every
    one = "notebooks/03_local_minima_and_kinks.ipynb"
    [command] = make_dry_run(f"NB={one}")
    assert command[2:] == [one]
