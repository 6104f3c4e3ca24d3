"""Answer-free copies of the lectures, to hand out (`make student`).

    python tools/student_copies.py [--out build/student] [NOTEBOOK ...]

Each notebook (by default every one in notebooks/) is written to the output folder with

* every cell tagged ``solution`` left out: the folded worked answers and the expected results
  of the "things to try";
* the outputs of the exercise cells cleared: the code cells that call an exercise's
  ``.check(`` on an answer still to be written (a ``...`` in the code). A cell that calls
  ``.check`` on answers of its own, to show what the feedback looks like, keeps its output;
* a short note under the title saying that the worked answers are not in this copy.

Everything else stays as it was stored: figures, pinned outputs, and the widget state that lets
an explorer show before its cell runs. The checkers stay in ``helpers``, so the copies work
wherever the course's environment is installed.
"""

from __future__ import annotations

import argparse
import io
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_TAG = "solution"
NOTE_ID = "student-copy-note"
NOTE = (
    "**Student copy.** The worked answers, and the expected results of the things to try, are "
    "not in this copy: where the text mentions a folded answer, your instructor has it. The "
    "check under each exercise still tells you whether you are right, or what is wrong and a "
    "hint.\n\n"
    "*Gradient Descent & Backpropagation, interactive* follows the slides *Gradient Descent and "
    "Backpropagation* by Amogh Tiwari. Text and figures: CC BY 4.0; code: MIT (see "
    "LICENSE-CONTENT.md in the course's repository)."
)


def is_solution(cell) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def _code_tokens(source: str) -> list[str]:
    """The operators and names of Python code (comments and strings left out), or an empty list
    for code that Python's tokenizer cannot read (an IPython magic line, say)."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return [t.string for t in tokens if t.type in (tokenize.OP, tokenize.NAME)]
    except (tokenize.TokenError, SyntaxError):
        return []


def is_exercise(cell) -> bool:
    """A code cell that checks an answer the student is still to write: it calls ``.check(``
    and holds the placeholder ``...``."""
    if cell.cell_type != "code":
        return False
    tokens = _code_tokens(cell.source)
    calls_check = any(
        tokens[i : i + 3] == [".", "check", "("] for i in range(len(tokens) - 2)
    )
    return calls_check and "..." in tokens


def student_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook without its worked answers and with its exercise cells' outputs cleared
    (a new notebook; the one given is left as it is)."""
    copy = nbformat.from_dict(notebook)
    cells = []
    for cell in copy.cells:
        if is_solution(cell):
            continue
        if is_exercise(cell):
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    note = nbformat.v4.new_markdown_cell(NOTE)
    note.id = NOTE_ID
    copy.cells = cells[:1] + [note] + cells[1:]
    return copy


def _is_student_copy(path: Path) -> bool:
    try:
        cells = nbformat.read(path, as_version=4).cells
    except Exception:  # noqa: BLE001 - not a notebook this tool could have written
        return False
    return any(cell.get("id") == NOTE_ID for cell in cells)


def write_copies(notebooks: list[Path], out: Path) -> list[Path]:
    """Write the student copy of each notebook into ``out`` under the same name, after removing
    the student copies a previous run left there (a notebook without the student-copy note is
    never removed, but one with a lecture's name is overwritten). Returns the paths written."""
    if not notebooks:
        raise ValueError("notebooks must name at least one .ipynb file, got none")
    for path in notebooks:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"notebooks must be existing .ipynb files, got {str(path)!r}")
    if out.resolve() in {path.resolve().parent for path in notebooks}:
        raise ValueError(f"out must be another folder than the notebooks', got {str(out)!r}")
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.ipynb"):  # only copies a previous run wrote; never anything else
        if _is_student_copy(stale):
            stale.unlink()
    written = []
    for path in notebooks:
        copy = student_copy(nbformat.read(path, as_version=4))
        target = out / path.name
        nbformat.write(copy, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to copy (default: every notebook in notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="the folder to write the copies to (default: build/student)")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for notebook, target in zip(notebooks, write_copies(notebooks, args.out), strict=True):
        source = nbformat.read(notebook, as_version=4)
        removed = sum(is_solution(cell) for cell in source.cells)
        cleared = sum(is_exercise(cell) for cell in source.cells)
        print(f"{target}: {removed} worked answers left out, {cleared} exercise outputs cleared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
