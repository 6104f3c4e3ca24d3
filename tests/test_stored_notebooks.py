"""Every stored notebook is as a reader opens it: titled, executed top to bottom, no error,
no warning, not too big, every figure described, and the series is complete and in order."""

import html
import json
import re
from pathlib import Path

import pytest

from helpers.speech import spoken

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
SERIES = [
    "00_start_here",
    "01_derivatives_and_1d_descent",
    "02_gradients_in_2d",
    "03_local_minima_and_kinks",
    "04_ml_pipeline_and_batching",
    "05_backprop_by_hand",
    "06_autograd_crosscheck",
]
WARNING = re.compile(r"\b\w*(Warning|Error)\b|Traceback")


def test_the_series_is_there_in_teaching_order():
    assert [p.stem for p in NOTEBOOKS] == SERIES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_executed_in_order_without_errors_or_warnings(path):
    assert path.stat().st_size < 2_000_000
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown" and "".join(first["source"]).startswith("# ")
    expected = 1
    for index, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or not source.strip():
            continue
        assert cell["execution_count"] == expected, f"cell {index} ran out of order"
        expected += 1
        assert "TODO" not in source
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"cell {index}: {out.get('ename')}"
            if out["output_type"] == "stream" and out["name"] == "stderr":
                assert not WARNING.search("".join(out["text"])), (
                    f"cell {index}: {''.join(out['text'])[:200]}"
                )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_opens_with_what_you_learn_and_ends_with_a_summary(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    assert "What you will learn" in markdown[0]
    assert "Summary" in markdown[-1] or "Summary" in markdown[-2]


PIN_TAGS = {"nbval-check-output", "nbval-ignore-output"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_pins_are_cell_tags_so_code_cells_carry_only_the_lesson(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    checked = 0
    for index, cell in enumerate(cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] == "code":
            assert "NBVAL" not in "".join(cell["source"]).upper(), f"cell {index}: a pin comment"
            assert len(tags & PIN_TAGS) <= 1, f"cell {index}: both pins"
            checked += "nbval-check-output" in tags
        else:
            assert not tags & PIN_TAGS, f"cell {index}: a pin on a markdown cell"
    assert checked >= 1, "no cell's numbers are held"


# Every lecture is held to the standard of DESIGN.md's "Claims".
TRUSTED = NOTEBOOKS
DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)
COLOUR_NAMED = re.compile(
    r"\b(orange|blue|red|green|purple|violet|yellow|grey|gray|pink|brown|teal|cyan)\s+"
    r"(lines?|paths?|curves?|dots?|runs?|arrows?|stars?|diamonds?|crosses|region|area|share)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", TRUSTED, ids=lambda p: p.stem)
def test_worked_answers_sit_alone_in_solution_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        is_solution = "solution" in cell.get("metadata", {}).get("tags", [])
        if "<details>" in source:
            assert is_solution, f"cell {index}: a folded answer outside a solution cell"
        if is_solution:
            assert "<details>" in source, f"cell {index}: a solution cell with nothing folded"
            assert not DETAILS.sub("", source).strip(), (
                f"cell {index}: a solution cell also holds other text: "
                f"{DETAILS.sub('', source).strip()[:80]!r}"
            )


@pytest.mark.parametrize("path", TRUSTED, ids=lambda p: p.stem)
def test_prose_never_names_a_line_by_its_colour_alone(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    named = [
        f"cell {index}: {match.group(0)!r}"
        for index, cell in enumerate(cells) if cell["cell_type"] == "markdown"
        for match in COLOUR_NAMED.finditer("".join(cell["source"]))
    ]
    assert not named, "\n".join(named)


FIGURE_HTML = re.compile(r'^<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"<>]+)">$')


def stored_figures(path) -> list[tuple[int, str, dict]]:
    """(cell index, description, output data) of every static figure a notebook shows."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []):
            # a stored text may be one string or a list of lines
            data = {mime: "".join(value) if isinstance(value, list) else value
                    for mime, value in output.get("data", {}).items()}
            if "image/png" in data or str(data.get("text/html", "")).startswith("<img"):
                match = FIGURE_HTML.match(data.get("text/html", ""))
                found.append((index, html.unescape(match.group(1)) if match else "", data))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_is_shown_with_its_description(path):
    """Each figure reaches JupyterLab as an image with alt text (an HTML output; the PNG is
    not stored a second time), the alt text in words a screen reader says well, and its
    plain-text form is the sentence, not <Figure size ...>."""
    problems = []
    for index, sentence, data in stored_figures(path):
        if "image/png" in data or not sentence:
            problems.append(f"cell {index}: a figure without a description ({sorted(data)})")
        elif not str(data.get("text/plain")).startswith("Figure: ") or (
                spoken(data["text/plain"].removeprefix("Figure: ")) != sentence):
            problems.append(f"cell {index}: plain text {data.get('text/plain')!r}")
    assert not problems, "\n".join(problems)


def test_no_two_stored_figures_are_described_alike():
    seen: dict[str, str] = {}
    for path in NOTEBOOKS:
        for index, sentence, _ in stored_figures(path):
            where = f"{path.stem} cell {index}"
            assert sentence not in seen, f"{seen[sentence]} and {where} share {sentence!r}"
            seen[sentence] = where
    assert len(seen) >= 40
