"""Every number a lecture's prose states is shown or held.

A number in a markdown cell must appear, to the precision the prose writes it, in one of:
the pinned output (`nbval-check-output`) or the code of the same notebook, the lecture's claims
test (`tests/test_claims_0N.py`), its exercise checkers or their tests. What none of those
holds is a claim nobody checks; the short allow-list below names the few numbers that are
definitions or history rather than results, each with its reason.

Integers up to 10 are left out: in prose they count things ("four learning rates", "lecture 3").
"""

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LECTURES = {
    "00_start_here": ("lecture00", "test_exercises_00_01.py"),
    "01_derivatives_and_1d_descent": ("lecture01", "test_exercises_00_01.py"),
    "02_gradients_in_2d": ("lecture02", "test_exercises_02_03.py"),
    "03_local_minima_and_kinks": ("lecture03", "test_exercises_02_03.py"),
    "04_ml_pipeline_and_batching": ("lecture04", "test_exercises_04.py"),
    "05_backprop_by_hand": ("lecture05", "test_exercises_05_06.py"),
    "06_autograd_crosscheck": ("lecture06", "test_exercises_05_06.py"),
}

# Numbers that are definitions, history or the slides' own words, not results to show.
ALLOWED = {
    "01_derivatives_and_1d_descent": {
        "1847": "the year of Cauchy's paper (history)",
        "175": "years since 1847 (history)",
        "16": "significant digits of a float64, a fact about the format",
        "1e-15": "the smallest step of the error plot, a choice of axis",
    },
    "02_gradients_in_2d": {
        "2017": "part of the address of a further-reading article (distill.pub/2017/momentum)",
    },
    "03_local_minima_and_kinks": {
        "2017": "part of the address of a further-reading article (distill.pub/2017/momentum)",
    },
    "00_start_here": {},
    "04_ml_pipeline_and_batching": {
        "1606.04838": "the arXiv number of a further-reading paper (Bottou, Curtis, Nocedal)",
        "1706.02677": "the arXiv number of a further-reading paper (Goyal and others)",
        "1609.04836": "the arXiv number of a further-reading paper (Keskar and others)",
    },
    "05_backprop_by_hand": {},
    "06_autograd_crosscheck": {
        "1502.05767": "the arXiv number of a further-reading paper (Baydin and others)",
    },
}

NUMBER = re.compile(r"(?<![\w.^_\\])[-−]?(\d+(?:\.\d+)?(?:[eE][-+−]?\d+)?)(?![\w.]\d|[\w])")
POWER_OF_TEN = re.compile(r"10\^\{?([-−]?\d+)\}?")
SUPERSCRIPT_POWER = re.compile(r"10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
SCRIPTS = re.compile(r"[\^_](\{[^}]*\}|\w)")  # exponents and subscripts: x^4, x_0, x_{k+1}
HEADING = re.compile(r"^#+ .*$", re.MULTILINE)
CODE_FENCE = re.compile(r"```.*?```", re.DOTALL)


def _numbers(text: str) -> list[str]:
    text = POWER_OF_TEN.sub(lambda m: f" 1e{m.group(1)} ", text)
    text = SUPERSCRIPT_POWER.sub(lambda m: f" 1e{m.group(1).translate(SUPERSCRIPTS)} ", text)
    text = SCRIPTS.sub(" ", text)
    return [m.group(1).replace("−", "-") for m in NUMBER.finditer(text)]


def _value(token: str) -> float:
    return float(token.replace("−", "-"))


def _last_place(token: str) -> float:
    """Half a unit in the last digit the prose writes: "0.006" allows 0.0055 to 0.0065."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exponent) if exponent else 0))


def _prose_numbers(cells) -> list[tuple[int, str]]:
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        text = CODE_FENCE.sub(" ", HEADING.sub(" ", "".join(cell["source"])))
        for token in _numbers(text):
            value = _value(token)
            if "." not in token and "e" not in token.lower() and abs(value) <= 10:
                continue
            found.append((index, token))
    return found


def _evidence(name: str, cells) -> list[float]:
    module, exercise_tests = LECTURES[name]
    texts = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        texts.append("".join(cell["source"]))
        if "nbval-check-output" in cell.get("metadata", {}).get("tags", []):
            for out in cell.get("outputs", []):
                texts.append("".join(out.get("text", "")))
                texts.append("".join(out.get("data", {}).get("text/plain", "")))
    claims = ROOT / "tests" / f"test_claims_{name[:2]}.py"
    for path in (claims, ROOT / "helpers" / "exercises" / f"{module}.py",
                 ROOT / "tests" / exercise_tests):
        if path.exists():
            texts.append(path.read_text(encoding="utf-8"))
    values = []
    for token in _numbers("\n".join(texts)):
        try:
            values.append(_value(token))
        except ValueError:
            continue
    return values


def _shown(token: str, evidence: list[float]) -> bool:
    value, slack = abs(_value(token)), _last_place(token)
    return any(math.isclose(abs(q), value, abs_tol=slack * (1 + 1e-9)) for q in evidence)


@pytest.mark.parametrize("name", sorted(LECTURES))
def test_every_number_in_the_prose_is_shown_or_held(name):
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    evidence = _evidence(name, cells)
    allowed = ALLOWED[name]
    unshown = [
        f"cell {index}: {token}"
        for index, token in _prose_numbers(cells)
        if token not in allowed and not _shown(token, evidence)
    ]
    assert not unshown, (
        f"{name}: numbers in the prose that no pinned output, code, claims test or checker "
        "holds:\n" + "\n".join(unshown)
    )


@pytest.mark.parametrize("name", sorted(LECTURES))
def test_the_allow_list_holds_only_numbers_the_prose_still_uses(name):
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    used = {token for _, token in _prose_numbers(cells)}
    assert set(ALLOWED[name]) <= used


def test_the_number_reader_sees_what_a_student_reads():
    assert _numbers("the largest curvature is about 82.28, so 2/L = 0.0243") == [
        "82.28", "2", "0.0243"]
    assert _numbers("within $10^{-6}$ of it, and 10⁻⁸ later") == ["1e-6", "1e-8"]
    assert _numbers("$x_0 = 1.3$ and $x^4$, $x_{k+1}$") == ["1.3"]
    assert _shown("0.006", [0.0058]) and not _shown("0.006", [0.0048])
    assert _shown("82", [82.28]) and not _shown("82", [83.0])
    assert _shown("1e-6", [1e-06])
