"""`make student`: answer-free copies of the lectures, ready to hand out.

What is checked is the outcome, not the tags: the text of every worked answer in the lectures is
absent from the copies, the exercise cells show no feedback yet, everything else is as stored, and
the copies run from top to bottom (lectures 00, 01 and 05 are executed here; the others keep
exactly the code of their lecture, which the notebook tests run).
"""

import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXECUTED = ["00_start_here", "01_derivatives_and_1d_descent", "05_backprop_by_hand"]
SUMMARY = re.compile(r"<summary>.*?</summary>", re.DOTALL)
# Where a worked answer's text breaks into pieces: after a sentence or a clause, or a line.
PIECES = re.compile(r"(?<=[.!?:;])\s+|\n+")
LONGEST = 3  # the longest pieces of each worked answer that the copy must not hold


student_copies = load_script("tools/student_copies.py", "student_copies")


def make_env() -> dict:
    """The environment for a nested `make`: none of an outer make's flags (`make test` runs
    these tests)."""
    return {key: value for key, value in os.environ.items()
            if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> Path:
    """The folder `make student` writes, here a temporary one."""
    out = tmp_path_factory.mktemp("student")
    run = subprocess.run(
        # -o: take .venv as built; this is about the student copies, not the install
        ["make", "--no-print-directory", "-o", ".venv/.installed", "student",
         f"STUDENT_DIR={out}"],
        cwd=ROOT, env=make_env(), capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def everything_shown(notebook) -> str:
    """All the text of a notebook a student can see: sources and text outputs."""
    parts = []
    for cell in notebook.cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts += [value for mime, value in output.get("data", {}).items()
                      if mime.startswith("text/") and isinstance(value, str)]
    return flat("\n".join(parts))


def is_solution(cell) -> bool:
    return "solution" in cell.get("metadata", {}).get("tags", [])


def answer_pieces(cell) -> list[str]:
    """The pieces of a worked answer's text (sentences, clauses, lines), without the fold."""
    body = SUMMARY.sub(" ", cell.source).replace("<details>", " ").replace("</details>", " ")
    return [flat(piece) for piece in PIECES.split(body) if flat(piece)]


def test_there_is_one_copy_of_each_lecture_and_each_is_a_valid_notebook(copies):
    assert sorted(p.name for p in copies.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    for path in copies.glob("*.ipynb"):
        nbformat.validate(nbformat.read(path, as_version=4))


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_worked_answer_is_left_in_the_copy(source, copies):
    lecture = nbformat.read(source, as_version=4)
    shown = everything_shown(nbformat.read(copies / source.name, as_version=4))
    # text that the lecture also shows outside its worked answers (a function's signature from
    # the question, say) is no secret; the rest of each answer must be gone
    outside = everything_shown(nbformat.from_dict(
        {**lecture, "cells": [c for c in lecture.cells if not is_solution(c)]}))
    answers = [c for c in lecture.cells if is_solution(c)]
    assert answers, "a lecture without worked answers"
    for cell in answers:
        own = [piece for piece in answer_pieces(cell) if piece not in outside]
        assert own, f"a worked answer with no text of its own: {cell.source[:80]!r}"
        for piece in sorted(own, key=len, reverse=True)[:LONGEST]:
            assert piece not in shown, f"{source.stem}: the copy still holds {piece[:80]!r}"
    assert "<details>" not in shown


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercise_cells_show_no_feedback_and_everything_else_is_as_stored(source, copies):
    lecture = nbformat.read(source, as_version=4)
    copy = nbformat.read(copies / source.name, as_version=4)
    assert copy.metadata == lecture.metadata  # the widget state of the explorers included
    note, *cells = copy.cells[1:]
    assert note.cell_type == "markdown" and "worked answers" in note.source
    kept = [copy.cells[0], *cells]
    expected = [c for c in lecture.cells if not is_solution(c)]
    assert [c.source for c in kept] == [c.source for c in expected]
    exercises = 0
    for mine, theirs in zip(kept, expected, strict=True):
        unanswered = (mine.cell_type == "code" and ".check(" in mine.source
                      and "..." in mine.source)
        if unanswered:
            exercises += 1
            assert mine.outputs == [] and mine.execution_count is None, mine.source
        else:
            assert mine == theirs
    assert exercises >= 1


@pytest.mark.parametrize("name", EXECUTED)
def test_the_copy_runs_from_top_to_bottom(name, copies):
    copy = nbformat.read(copies / f"{name}.ipynb", as_version=4)
    client = NotebookClient(copy, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(copies)}})
    client.execute()  # raises at the first cell that fails
    shown = everything_shown(copy)
    assert "Not answered yet" in shown  # the exercises wait for the student's answer


def test_what_counts_as_an_exercise_cell():
    code = nbformat.v4.new_code_cell
    assert student_copies.is_exercise(code("answer = ...\nex.step.check(answer)"))
    assert student_copies.is_exercise(code("def f(x):\n    ...\n\nex.step.check(f)"))
    # a check on answers of the notebook's own, to show what feedback looks like, keeps its output
    assert not student_copies.is_exercise(code("print(ex.warm_up.check(9))"))
    # a ... in a comment or a string is not a placeholder
    assert not student_copies.is_exercise(code('ex.a.check(2)  # replace ... first'))
    assert not student_copies.is_exercise(code('ex.a.check("...")'))
    assert not student_copies.is_exercise(nbformat.v4.new_markdown_cell("ex.a.check(...)"))


def test_bad_notebook_paths_are_refused(tmp_path):
    with pytest.raises(ValueError, match="notebooks must be existing .ipynb files, got"):
        student_copies.write_copies([tmp_path / "missing.ipynb"], tmp_path / "out")
    with pytest.raises(ValueError, match="notebooks must name at least one"):
        student_copies.write_copies([], tmp_path / "out")
    # writing the copies over the lectures would delete them first
    lecture = tmp_path / NOTEBOOKS[0].name
    lecture.write_bytes(NOTEBOOKS[0].read_bytes())
    with pytest.raises(ValueError, match="out must be another folder than the notebooks'"):
        student_copies.write_copies([lecture], tmp_path)
    assert lecture.read_bytes() == NOTEBOOKS[0].read_bytes()
