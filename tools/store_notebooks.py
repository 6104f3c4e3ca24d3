"""Re-execute lectures and store them with their outputs and widget state (`make notebooks`).

    python tools/store_notebooks.py [--no-checks] NOTEBOOK [NOTEBOOK ...]

Each notebook runs top to bottom in a fresh kernel and is written back in place, the way every
lecture in notebooks/ is stored:

    jupyter nbconvert --to notebook --execute --inplace NOTEBOOK

(run as ``python -m nbconvert``, the same program, so that it is this environment's). nbconvert's
executor keeps the state of every widget the notebook displayed in the notebook's
metadata (``metadata.widgets``; ``ExecutePreprocessor.store_widget_state`` is on by default),
so a reader sees each explorer as it was saved before running anything.

Then the project's own checks of a stored notebook run on the file: every test function of
tests/test_stored_notebooks.py and tests/test_notebook_budgets.py that takes a notebook's
``path`` (run in order without errors or warnings, under 2 MB, a title and a summary, pins as
cell tags, each worked answer alone in a solution cell, no line named by its colour alone, every
figure stored with its description; the run time and the kernel's peak memory within budget).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHECK_FILES = ("test_stored_notebooks.py", "test_notebook_budgets.py")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def notebook_paths(names: list[str | Path]) -> list[Path]:
    paths = [Path(name) for name in names]
    if not paths:
        raise ValueError("notebooks must name at least one .ipynb file, got none")
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"notebooks must be existing .ipynb files, got {str(path)!r}")
    return paths


def store(path: Path) -> float:
    """Execute the notebook in a fresh kernel (in its own folder) and write it back with its
    outputs and widget state. Returns the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--inplace",
         str(path)],
        check=True,
    )
    return time.perf_counter() - start


def widget_models(path: Path) -> int:
    """How many widget models the stored notebook keeps the state of."""
    metadata = nbformat.read(path, as_version=4).metadata
    return len(metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))


def _load(file: Path, folder: Path):
    """The test module ``file``, loaded afresh with GD_NOTEBOOKS pointing at ``folder`` (the
    budget test reads it when it is loaded)."""
    before = os.environ.get("GD_NOTEBOOKS")
    os.environ["GD_NOTEBOOKS"] = str(folder)
    try:
        spec = importlib.util.spec_from_file_location(f"_checks_{file.stem}", file)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if before is None:
            del os.environ["GD_NOTEBOOKS"]
        else:
            os.environ["GD_NOTEBOOKS"] = before
    return module


def checks_for(path: Path) -> list[tuple[str, Callable[[Path], None]]]:
    """The project's checks of one stored notebook: each test function of CHECK_FILES whose
    arguments are the notebook's ``path`` (and a ``tmp_path`` to work in), as a function of
    the path that raises AssertionError when the notebook fails it."""
    found = []
    for name in CHECK_FILES:
        module = _load(ROOT / "tests" / name, path.resolve().parent)
        for test_name, test in inspect.getmembers(module, inspect.isfunction):
            arguments = set(inspect.signature(test).parameters)
            takes_a_path = "path" in arguments and arguments <= {"path", "tmp_path"}
            if test_name.startswith("test_") and takes_a_path:
                found.append((f"{name}::{test_name}", _with_tmp_path(test, arguments)))
    return found


def _with_tmp_path(test: Callable, arguments: set) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        if "tmp_path" not in arguments:
            test(path)
            return
        with tempfile.TemporaryDirectory() as folder:
            test(path, Path(folder))

    return run


def check(path: Path) -> list[str]:
    """Run the stored-notebook checks on ``path``; return what failed (empty when all pass)."""
    failed = []
    for name, run in checks_for(path):
        try:
            run(path)
        except AssertionError as error:
            failed.append(f"{name}: {str(error).splitlines()[0] if str(error) else 'failed'}")
            print(f"  FAILED {name}", flush=True)
        else:
            print(f"  ok     {name}", flush=True)
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="the notebooks to execute and store")
    parser.add_argument("--no-checks", action="store_true",
                        help="store only, without running the stored-notebook checks")
    args = parser.parse_args(argv)
    failed = []
    for path in notebook_paths(args.notebooks):
        try:
            seconds = store(path)
        except subprocess.CalledProcessError:
            # nbconvert has said which cell failed, and left the stored notebook as it was
            failed.append(f"{path}: did not run to the end, so it was not stored")
            continue
        print(f"stored {path} in {seconds:.1f} s: {path.stat().st_size / 1e6:.2f} MB, "
              f"the state of {widget_models(path)} widget models", flush=True)
        if not args.no_checks:
            failed += [f"{path}: {reason}" for reason in check(path)]
    for reason in failed:
        print(f"FAILED {reason}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
