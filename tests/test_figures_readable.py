"""Every static figure of lectures 00-03 passes the checks of DESIGN.md's "Figures a student can
read" that a machine can make.

Each lecture's code cells run here in order (Agg backend, explorers built but not shown), and
every matplotlib figure a cell makes is checked as the student gets it:

- no wider than the notebook column, and no text smaller than 9 pt;
- colourbars tick at round, evenly spaced values, or at powers of ten under a label that says
  "log scale";
- a legend drawn inside the axes covers no drawn point or line of the data;
- every marker shape drawn on the data has an entry in a legend of its figure;
- a log axis says so in its label;
- it is described in one sentence (``helpers.plots.describe``), no two alike in a lecture;
- series drawn together stay apart for every kind of colour vision, marks stand out from the
  white page and text reads on it (the rules and the colour science are tests/test_colours.py's).
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402

from helpers.plots import description  # noqa: E402
from test_colours import figure_problems  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LECTURES = [
    "00_start_here",
    "01_derivatives_and_1d_descent",
    "02_gradients_in_2d",
    "03_local_minima_and_kinks",
    "04_ml_pipeline_and_batching",
    "05_backprop_by_hand",
    "06_autograd_crosscheck",
]
COLUMN_INCHES = 10.0  # 1000 px at the house style's 100 dpi: a JupyterLab column at 1400 px
SMALLEST_POINTS = 9.0
NO_MARKER = {"None", "none", "", " ", None}
COLOUR_WORDS = ["blue", "orange", "green", "red", "vermillion", "pink", "purple", "yellow",
                "sky", "grey", "gray", "olive", "black"]
SHAPES = ["o", "s", "D", "d", "*", "^", "v", "<", ">", "X", "P", "p", "h", "H", "8", "x", "+",
          "|", "_", "."]


def _figures_of(name: str) -> list[tuple[int, plt.Figure]]:
    """Run the lecture's code cells in order; every figure a cell leaves open, by cell index."""
    cells = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__lecture__"}
    figures = []
    here = os.getcwd()
    os.chdir(ROOT / "notebooks")
    plt.close("all")  # figures other tests left open are not the lecture's
    try:
        for index, cell in enumerate(cells):
            if cell["cell_type"] != "code":
                continue
            source = "\n".join(
                line for line in "".join(cell["source"]).splitlines()
                if not line.lstrip().startswith(("%", "!"))
            )
            exec(compile(source, f"{name}[{index}]", "exec"), namespace)  # noqa: S102
            for number in plt.get_fignums():
                figures.append((index, plt.figure(number)))
            plt.close("all")
    finally:
        os.chdir(here)
    return figures


FIGURES = {}


def figures(name):
    if name not in FIGURES:
        FIGURES[name] = _figures_of(name)
        for _, fig in FIGURES[name]:
            fig.canvas.draw()
    return FIGURES[name]


def _axes_2d(fig):
    return [ax for ax in fig.axes if ax.name != "3d" and not hasattr(ax, "_colorbar")]


def _is_data_line(ax, line) -> bool:
    return (isinstance(line, Line2D) and line.get_visible() and line.get_transform() == ax.transData
            and len(np.atleast_1d(line.get_xdata())) > 0)


def _display_points(ax, line, samples_per_segment: int = 12) -> np.ndarray:
    xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    points = ax.transData.transform(xy) if len(xy) else np.empty((0, 2))
    if line.get_linestyle() not in ("None", "none", "", " ") and len(points) > 1:
        t = np.linspace(0.0, 1.0, samples_per_segment)[:, None, None]
        points = (points[:-1] + t * (points[1:] - points[:-1])).reshape(-1, 2)
    return points


def _marker_of_collection(collection) -> str | None:
    paths = collection.get_paths()
    if not paths:
        return None
    vertices = paths[0].vertices
    for shape in SHAPES:
        style = MarkerStyle(shape)
        reference = style.get_path().transformed(style.get_transform()).vertices
        if reference.shape == vertices.shape and np.allclose(reference, vertices, atol=1e-6):
            return shape
    return None


def _legend_markers(fig) -> set[str]:
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    shapes = set()
    for legend in filter(None, legends):
        for handle in legend.legend_handles:
            if isinstance(handle, Line2D) and handle.get_marker() not in NO_MARKER:
                shapes.add(str(handle.get_marker()))
            elif isinstance(handle, PathCollection):
                shapes.add(_marker_of_collection(handle))
    return shapes


def _drawn_markers(ax) -> set[str]:
    shapes = set()
    for line in ax.get_lines():
        if _is_data_line(ax, line) and line.get_marker() not in NO_MARKER:
            shapes.add(str(line.get_marker()))
    for collection in ax.collections:
        if isinstance(collection, PathCollection) and len(collection.get_offsets()):
            shape = _marker_of_collection(collection)
            if shape:
                shapes.add(shape)
    return shapes


def _round_step(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step))
    return any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 2, 2.5, 5, 10))


def _cases():
    return [(name, check) for name in LECTURES for check in CHECKS]


def check_size_and_text(fig):
    problems = []
    width = fig.get_size_inches()[0]
    if width > COLUMN_INCHES + 1e-9:
        problems.append(f"{width:.1f} in wide, wider than the {COLUMN_INCHES:g} in column")
    for text in fig.findobj(matplotlib.text.Text):
        if text.get_visible() and text.get_text().strip() and text.get_fontsize() < SMALLEST_POINTS:
            problems.append(f"text {text.get_text()[:30]!r} at {text.get_fontsize():g} pt")
    return problems


def check_colourbars(fig):
    problems = []
    for ax in fig.axes:
        bar = getattr(ax, "_colorbar", None)
        if bar is None:
            continue
        low, high = sorted((bar.vmin, bar.vmax))
        ticks = [t for t in bar.get_ticks() if low - 1e-12 <= t <= high + 1e-12]
        label = (bar.ax.get_ylabel() + bar.ax.get_xlabel()).lower()
        if isinstance(bar.norm, LogNorm):
            exponents = np.log10(ticks)
            if not np.allclose(exponents, np.round(exponents)) or "log" not in label:
                problems.append(f"log colourbar ticks {ticks} (label {label!r})")
            continue
        steps = np.diff(ticks)
        if len(ticks) < 3 or not np.allclose(steps, steps[0], rtol=1e-6):
            problems.append(f"colourbar ticks not evenly spaced: {ticks}")
        elif not _round_step(steps[0]) or not np.allclose(
                np.array(ticks) / steps[0], np.round(np.array(ticks) / steps[0]), atol=1e-6):
            problems.append(f"colourbar ticks not round: {ticks}")
    return problems


def check_legends_off_the_data(fig):
    problems = []
    for ax in _axes_2d(fig):
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        box = legend.get_window_extent()
        frame = ax.get_window_extent()
        if not frame.overlaps(box):
            continue  # outside the axes: covers nothing
        inner = box.padded(-2)
        for line in ax.get_lines():
            if not _is_data_line(ax, line):
                continue
            points = _display_points(ax, line)
            inside = points[(points[:, 0] > inner.x0) & (points[:, 0] < inner.x1)
                            & (points[:, 1] > inner.y0) & (points[:, 1] < inner.y1)]
            if len(inside):
                problems.append(f"legend of {ax.get_title()[:40]!r} covers "
                                f"{line.get_label()[:30]!r}")
        for collection in ax.collections:
            if isinstance(collection, PathCollection) and len(collection.get_offsets()):
                points = collection.get_offset_transform().transform(collection.get_offsets())
                inside = points[(points[:, 0] > inner.x0) & (points[:, 0] < inner.x1)
                                & (points[:, 1] > inner.y0) & (points[:, 1] < inner.y1)]
                if len(inside):
                    problems.append(f"legend of {ax.get_title()[:40]!r} covers markers")
    return problems


def check_markers_in_legend(fig):
    listed = _legend_markers(fig)
    drawn = set().union(*(_drawn_markers(ax) for ax in _axes_2d(fig))) if fig.axes else set()
    missing = drawn - listed
    return [f"marker {shape!r} drawn but in no legend" for shape in sorted(missing)]


def check_log_axes_say_so(fig):
    problems = []
    for ax in _axes_2d(fig):
        for axis, scale, label in (("x", ax.get_xscale(), ax.get_xlabel()),
                                   ("y", ax.get_yscale(), ax.get_ylabel())):
            if scale in ("log", "symlog") and "log" not in label.lower():
                problems.append(f"{axis} axis of {ax.get_title()[:40]!r} is {scale} but its "
                                f"label {label!r} does not say so")
    return problems


def check_colours(fig):
    return figure_problems(fig)


def check_described(fig):
    """A one-sentence description that names no line by its colour alone."""
    sentence = description(fig)
    if sentence is None:
        return ["no description (helpers.plots.describe)"]
    problems = []
    if len(sentence) > 300:
        problems.append(f"description is {len(sentence)} characters (at most 300): {sentence}")
    named = [word for word in COLOUR_WORDS if re.search(rf"\b{word}\b", sentence, re.I)]
    if named:
        problems.append(f"description names colours {named}: {sentence}")
    return problems


CHECKS = [check_size_and_text, check_colourbars, check_legends_off_the_data,
          check_markers_in_legend, check_log_axes_say_so, check_colours, check_described]


@pytest.mark.parametrize("name", LECTURES, ids=[name[:2] for name in LECTURES])
def test_no_two_figures_are_described_alike(name):
    seen = {}
    for index, fig in figures(name):
        sentence = description(fig)
        if sentence is not None:
            assert sentence not in seen, (
                f"{name}: cells {seen[sentence]} and {index} share the description {sentence!r}")
            seen[sentence] = index


@pytest.mark.parametrize(("name", "check"), _cases(),
                         ids=[f"{n[:2]}-{c.__name__}" for n, c in _cases()])
def test_figures_can_be_read(name, check):
    problems = [f"cell {index}: {problem}" for index, fig in figures(name)
                for problem in check(fig)]
    assert not problems, f"{name}:\n" + "\n".join(problems)
