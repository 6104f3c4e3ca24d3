"""The lectures read well to a student who never saw the slides, and to a room that watches them
on a projector (issue "Instructors can adopt it"):

- every line of code fits 100 characters, so no code cell scrolls sideways;
- "the slides" always says which slides (the rule is below);
- lecture 00 credits the slides and their author and gives the projector line;
- every lecture ends with its further reading, the original slides' own pointers included;
- lectures 03 and 04 mark where a second session starts, with a recap, so that each part fits
  about 50 minutes.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
LECTURES = [path for path in NOTEBOOKS if not path.name.startswith("00")]
LONGEST_LINE = 100


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _notebook(stem: str) -> list[dict]:
    return _cells(ROOT / "notebooks" / f"{stem}.ipynb")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_line_of_code_fits_100_characters(path):
    wide = [
        f"cell {index}: {len(line)} characters: {line.strip()[:60]}"
        for index, cell in enumerate(_cells(path)) if cell["cell_type"] == "code"
        for line in _source(cell).splitlines() if len(line) > LONGEST_LINE
    ]
    assert not wide, "\n".join(wide)


# The rule for "slides". A student may never have seen them, so every mention of the word (in
# text, comments and strings alike; a name such as `slides_accumulation` is not the word) says
# which slides it means: "the original slides", or "the slides this series (or course) follows",
# or the slides named by their title. The first mention in a lecture is one of the last two, so
# that "the original slides" later on has something to refer to. (A verb "slides", "the path
# slides into the valley", breaks the rule too: it reads as a reference, so it is reworded.)
SLIDES = re.compile(r"\bslides\b", re.IGNORECASE)
SAYS_WHICH_BEFORE = re.compile(r"\boriginal\s+$", re.IGNORECASE)
NAMES_THEM_AFTER = re.compile(
    r"^\s+(this\s+(series|course)\s+follows\b|\*Gradient Descent and Backpropagation\*)",
    re.IGNORECASE,
)


def _slides_mentions(path: Path) -> list[tuple[int, str, bool, bool]]:
    """Each mention: cell index, the words around it, whether it says which slides, whether it
    names them (their title, or "this series follows")."""
    found = []
    for index, cell in enumerate(_cells(path)):
        text = _source(cell)
        for match in SLIDES.finditer(text):
            before = text[max(0, match.start() - 20):match.start()]
            after = text[match.end():match.end() + 60]
            names = bool(NAMES_THEM_AFTER.match(after))
            words = " ".join(text[max(0, match.start() - 40):match.end() + 40].split())
            found.append((index, words, names or bool(SAYS_WHICH_BEFORE.search(before)), names))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_mention_of_the_slides_says_which_slides(path):
    bare = [f"cell {index}: ...{words}..." for index, words, says, _ in _slides_mentions(path)
            if not says]
    assert not bare, "\n".join(bare)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_first_mention_of_the_slides_names_them(path):
    mentions = _slides_mentions(path)
    if mentions:
        index, words, _, names = mentions[0]
        assert names, f"cell {index}: ...{words}..."


def test_the_rule_tells_a_bare_mention_from_one_that_says_which():
    assert SAYS_WHICH_BEFORE.search("as the original\n")
    assert NAMES_THEM_AFTER.match(" this series follows (*Gradient")
    assert NAMES_THEM_AFTER.match(" *Gradient Descent and Backpropagation* by")
    assert not SAYS_WHICH_BEFORE.search("The ")
    assert not NAMES_THEM_AFTER.match("' pseudo code")
    assert not SLIDES.search("def slides_accumulation(w):")
    assert SLIDES.search("the path slides into the valley")


def test_lecture_00_credits_the_slides_and_gives_the_projector_line():
    text = "\n".join(_source(cell) for cell in _notebook("00_start_here"))
    assert "*Gradient Descent and Backpropagation*" in text
    assert "Amogh Tiwari" in text
    assert 'plots.style.use("projector")' in text and 'plots.style.use("default")' in text


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lectures_1_to_6_import_plots_in_their_first_code_cell(path):
    """What lecture 00 tells an instructor: the projector line goes under that cell."""
    first = next(_source(cell) for cell in _cells(path) if cell["cell_type"] == "code")
    assert re.search(r"^from helpers import .*\bplots\b", first, re.MULTILINE)


LINK = re.compile(r"\]\((https?://[^)\s]+)\)")
# The pointers of the original slides, where they fit (the video addresses as YouTube spells them)
SLIDES_POINTERS = {
    "05_backprop_by_hand": ["Ilg3gGewQ5U", "tIeHLnjs5U8", "kYB8IZa5AuE"],
    "06_autograd_crosscheck": ["tutorials/beginner/blitz/autograd_tutorial.html"],
}


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_every_lecture_ends_with_further_reading_after_its_summary(path):
    cells = _cells(path)
    last, before = _source(cells[-1]), _source(cells[-2])
    assert last.startswith("## Further reading\n") and before.startswith("## Summary")
    items = [line for line in last.splitlines() if line.startswith("- ")]
    links = LINK.findall(last)
    assert 3 <= len(items) <= 7, "a short list"
    assert len(links) >= 3 and len(set(links)) == len(links)
    assert all(link.startswith("https://") or "neuralnetworksanddeeplearning" in link
               for link in links)
    for pointer in SLIDES_POINTERS.get(path.stem, []):
        assert any(pointer in link for link in links), pointer


# ---------------------------------------------------------------- two sessions

SECOND_SESSION = re.compile(r"^## Second session: .+$", re.MULTILINE)


def _session_parts(stem: str) -> tuple[list[dict], list[dict]]:
    cells = _notebook(stem)
    starts = [i for i, cell in enumerate(cells)
              if cell["cell_type"] == "markdown" and SECOND_SESSION.search(_source(cell))]
    assert len(starts) == 1, f"{stem}: {len(starts)} second-session headings"
    return cells[:starts[0]], cells[starts[0]:]


@pytest.mark.parametrize("stem", ["03_local_minima_and_kinks", "04_ml_pipeline_and_batching"])
def test_a_heading_with_a_recap_starts_the_second_session_at_section_6(stem):
    first, second = _session_parts(stem)
    heading = _source(second[0])
    assert heading.startswith("## Second session: ")
    assert "*Recap of the first session:*" in heading
    assert _source(second[1]).startswith("## 6. ")
    assert "second one starts" in _source(first[0])  # the lecture's opening says so


def _minutes(cells: list[dict]) -> float:
    """A lecture-pace estimate: prose read and explained at 90 words a minute (worked answers,
    folded, not counted), 20 seconds a code cell, half a minute a figure, 4 minutes an explorer.
    It puts the whole of 03 at about 75 minutes and of 04 at about 70, the estimates that
    asked for a break."""
    minutes = 0.0
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            minutes += 0 if "solution" in tags else len(_source(cell).split()) / 90
            continue
        minutes += 1 / 3
        outputs = cell.get("outputs", [])
        minutes += 0.5 * sum("image/png" in out.get("data", {})
                             or "".join(out.get("data", {}).get("text/html", "")).startswith("<img")
                             for out in outputs)
        minutes += 4 * ("nbval-ignore-output" in tags)
    return minutes


@pytest.mark.parametrize("stem", ["03_local_minima_and_kinks", "04_ml_pipeline_and_batching"])
def test_each_session_fits_about_50_minutes(stem):
    first, second = _session_parts(stem)
    assert _minutes(first + second) > 60  # why it has two sessions
    assert _minutes(first) <= 50 and _minutes(second) <= 50
