"""Colours that survive colour blindness (issue 15): every pair of series drawn together in a
figure or an explorer stays distinct for every kind of colour vision, marks stand out from the
white page, and text is dark enough to read.

The colour science is here, in numpy, checked against published numbers:

- colour-vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes (2009,
  "A physiologically-based model for simulation of color vision deficiency") at full severity,
  applied to linear RGB, for deuteranopia, protanopia and tritanopia;
- the difference of two colours is CIEDE2000 (Sharma, Wu & Dalal 2005, "The CIEDE2000
  color-difference formula"), tested against rows of that paper's table of test pairs;
- contrast against the page is WCAG 2.1's contrast ratio (:func:`helpers.palette.contrast_ratio`).

The rules, as issue 15 words them:

- two series drawn in one axes (or one explorer figure) differ by at least :data:`DISTINCT`
  (CIEDE2000) under each simulation, or they also differ in shape (line style or marker);
- a line or marker reaches 3:1 against white, carries a dark edge, or has a second cue: drawn in
  full colour, a dashed or dotted line or a marker that no series of another colour in its axes
  has;
- text reaches 4.5:1 against what it sits on.

A series is every mark of one colour in one axes (a path, its dots and its last-step diamond);
its shape is the set of line styles and markers it draws. Background maps (filled contours,
contour lines, heat maps, basin images) are not series.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import bqplot as bq  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.markers import MarkerStyle  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from helpers import basins, data, functions, mlp, palette, plots, solvers  # noqa: E402
from helpers.graph import tiny_network_graph  # noqa: E402

DISTINCT = 15.0  # CIEDE2000 after simulation: two series this far apart need no second cue
MARKS = 3.0  # WCAG non-text contrast, against the white page
TEXT = 4.5  # WCAG text contrast (AA, normal size)

# ---------------------------------------------------------------- colour science

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
MACHADO = {
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
KINDS = tuple(MACHADO)
# linear sRGB to CIE XYZ (D65), and the D65 white
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = SRGB_TO_XYZ @ np.ones(3)


def linear_rgb(colour) -> np.ndarray:
    """A matplotlib colour as linear RGB (the sRGB transfer curve undone)."""
    c = np.array(to_rgba(colour)[:3])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def simulate(colour, kind: str | None) -> np.ndarray:
    """Linear RGB of ``colour`` as seen with ``kind`` of colour-vision deficiency (None: as is)."""
    rgb = linear_rgb(colour)
    return rgb if kind is None else np.clip(MACHADO[kind] @ rgb, 0.0, 1.0)


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear RGB colour."""
    t = SRGB_TO_XYZ @ rgb / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e_2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), as Sharma, Wu & Dalal (2005) write it."""
    (L1, a1, b1), (L2, a2, b2) = np.asarray(lab1, float), np.asarray(lab2, float)
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1 = np.degrees(np.arctan2(b1, a1)) % 360 if c1 else 0.0
    h2 = np.degrees(np.arctan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0
    if c1 * c2:
        dh = h2 - h1
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_lightness, d_chroma = L2 - L1, c2 - c1
    d_hue = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    lightness, chroma = (L1 + L2) / 2, (c1 + c2) / 2
    if not c1 * c2:
        hue = h1 + h2
    elif abs(h1 - h2) <= 180:
        hue = (h1 + h2) / 2
    else:
        hue = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(hue - 30)) + 0.24 * np.cos(np.radians(2 * hue))
         + 0.32 * np.cos(np.radians(3 * hue + 6)) - 0.20 * np.cos(np.radians(4 * hue - 63)))
    rotation = 30 * np.exp(-(((hue - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(chroma**7 / (chroma**7 + 25.0**7))
    s_l = 1 + 0.015 * (lightness - 50) ** 2 / np.sqrt(20 + (lightness - 50) ** 2)
    s_c = 1 + 0.045 * chroma
    s_h = 1 + 0.015 * chroma * t
    r_t = -np.sin(np.radians(2 * rotation)) * r_c
    return float(np.sqrt((d_lightness / s_l) ** 2 + (d_chroma / s_c) ** 2 + (d_hue / s_h) ** 2
                         + r_t * (d_chroma / s_c) * (d_hue / s_h)))


def difference(a, b, kind: str | None = None) -> float:
    """CIEDE2000 between two colours as seen with ``kind`` (None: normal colour vision)."""
    return delta_e_2000(lab(simulate(a, kind)), lab(simulate(b, kind)))


def worst_difference(a, b) -> tuple[float, str]:
    """The smallest CIEDE2000 between two colours over the three simulations, and which one."""
    return min((difference(a, b, kind), kind) for kind in KINDS)


def over_white(colour, alpha: float | None = None) -> str:
    """The colour a (see-through) colour shows on the white page."""
    r, g, b, a = to_rgba(colour, alpha)
    return to_hex((r * a + 1 - a, g * a + 1 - a, b * a + 1 - a))


# Sharma, Wu & Dalal (2005), table 1: (Lab 1, Lab 2, ΔE00), rows 1, 7, 17, 19, 25, 34.
SHARMA = [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
]


@pytest.mark.parametrize(("first", "second", "expected"), SHARMA)
def test_ciede2000_matches_sharmas_test_pairs(first, second, expected):
    assert delta_e_2000(first, second) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(second, first) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_keeps_greys_and_merges_what_the_issue_says_it_merges():
    for grey in (palette.BLACK, palette.WHITE, "#808080"):
        for kind in KINDS:
            assert difference(grey, grey, kind) == 0
            np.testing.assert_allclose(simulate(grey, kind), linear_rgb(grey), atol=2e-3)
    # issue 15: orange against vermillion "falls to about 12.5" (deuteranopia), red and green
    # nearly merge for the red-green kinds and not for tritanopia
    assert difference(palette.ORANGE, palette.VERMILLION, "deuteranopia") == pytest.approx(12.5,
                                                                                            abs=0.1)
    assert difference(palette.ORANGE, palette.VERMILLION) > 20
    for kind in ("deuteranopia", "protanopia"):
        assert difference("#FF0000", "#00B000", kind) < difference("#FF0000", "#00B000") / 3
    assert difference("#FF0000", "#00B000", "tritanopia") > 40


def test_contrast_ratios_are_wcags():
    assert palette.contrast_ratio(palette.BLACK, palette.WHITE) == pytest.approx(21.0)
    assert palette.contrast_ratio(palette.WHITE) == pytest.approx(1.0)
    assert palette.contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)
    # issue 15's numbers: orange, sky blue and the old grey below 3:1, vermillion text at 3.87:1
    assert palette.contrast_ratio(palette.ORANGE) == pytest.approx(2.25, abs=0.01)
    assert palette.contrast_ratio(palette.SKY_BLUE) < MARKS
    assert palette.contrast_ratio("#999999") < MARKS
    assert palette.contrast_ratio(palette.VERMILLION) == pytest.approx(3.87, abs=0.01)


@pytest.mark.parametrize("colour", [palette.ORANGE, palette.VERMILLION, palette.SKY_BLUE,
                                    palette.GREEN, palette.PURPLE, palette.BLUE, palette.BLACK])
def test_ink_is_the_colour_darkened_just_enough_for_text(colour):
    ink = palette.ink(colour)
    assert palette.contrast_ratio(ink) >= TEXT
    if palette.contrast_ratio(colour) >= TEXT:
        assert ink == colour
    else:  # the same hue, only darker, and no darker than it needs to be
        assert palette.contrast_ratio(ink) < TEXT + 0.3
        assert worst_difference(ink, colour)[0] < difference(ink, palette.BLACK)


def test_the_grey_of_reference_lines_stands_out_from_the_page():
    assert palette.contrast_ratio(palette.GREY) >= MARKS
    assert worst_difference(palette.GREY, palette.NOT_SETTLED)[0] >= DISTINCT


def test_basins_that_touch_on_the_map_differ_for_every_kind_of_colour_vision():
    himmelblau = functions.himmelblau()
    labels = basins.basin_map(himmelblau, 100, lr=0.01).labels
    touching = set()
    for a, b in ((labels[:, 1:], labels[:, :-1]), (labels[1:, :], labels[:-1, :])):
        both = (a >= 0) & (b >= 0) & (a != b)
        touching |= {tuple(sorted(pair)) for pair in zip(a[both], b[both], strict=True)}
    assert (1, 3) not in touching  # the second and the fourth valley never meet
    colours = palette.BASINS
    assert len(set(colours)) == 4
    assert palette.MINIMUM not in colours and palette.DIVERGED not in colours
    for i, j in touching:
        assert worst_difference(colours[i], colours[j])[0] >= DISTINCT, (colours[i], colours[j])
    for colour in colours:  # and every basin from the starts that never settle
        assert worst_difference(colour, palette.NOT_SETTLED)[0] >= DISTINCT


# ---------------------------------------------------------------- what a figure draws

NONE = {"None", "none", "", " ", None}
SHAPES = ["o", "s", "D", "d", "*", "^", "v", "<", ">", "X", "P", "p", "h", "H", "8", "x", "+",
          "|", "_", "."]


@dataclass(frozen=True)
class Mark:
    """One drawn mark: its colour as it shows on the page, the colour it is drawn in, its shape
    (line style, marker), the colour of its dark edge (None: none) and its legend label."""

    colour: str
    base: str
    shape: tuple
    edge: str | None
    label: str


def _dash(line) -> str | None:
    style = line.get_linestyle()
    if style in NONE or line.get_linewidth() <= 0:
        return None
    offset, pattern = getattr(line, "_unscaled_dash_pattern", (0, None))
    return style if pattern is None else f"{style}{tuple(np.round(pattern, 2))}"


def _dark(colour, width: float) -> str | None:
    if colour is None or width < 0.5 or to_rgba(colour)[3] == 0:
        return None
    colour = to_hex(colour)
    return colour if palette.contrast_ratio(colour) >= MARKS else None


def _stroke_edge(artist) -> str | None:
    """The colour of a dark outline drawn round an artist by a stroke path effect."""
    for effect in artist.get_path_effects():
        options = getattr(effect, "_gc", {})
        if "foreground" in options:
            edge = _dark(options["foreground"], options.get("linewidth", 0))
            if edge:
                return edge
    return None


def _line_marks(ax) -> list[Mark]:
    marks = []
    for line in ax.get_lines():
        if not line.get_visible() or np.size(line.get_xdata()) == 0:
            continue
        style = _dash(line) if np.size(line.get_xdata()) > 1 else None
        marker = None if line.get_marker() in NONE else str(line.get_marker())
        if style is None and marker is None:
            continue
        alpha = 1.0 if line.get_alpha() is None else line.get_alpha()
        face = line.get_markerfacecolor()
        hollow = marker and (face in NONE or to_rgba(face)[3] == 0)
        base = (line.get_markeredgecolor() if style is None and hollow
                else line.get_color() if style is not None or face in NONE else face)
        if style is not None:  # a line's dark edge is an outline drawn round it
            edge = _stroke_edge(line)
        else:
            edge = None if hollow else _dark(line.get_markeredgecolor(),
                                             line.get_markeredgewidth())
        marks.append(Mark(over_white(base, alpha), to_hex(base), (style, marker), edge,
                          line.get_label()))
    return marks


def _marker_of_collection(collection) -> str:
    vertices = collection.get_paths()[0].vertices
    for shape in SHAPES:
        style = MarkerStyle(shape)
        reference = style.get_path().transformed(style.get_transform()).vertices
        if reference.shape == vertices.shape and np.allclose(reference, vertices, atol=1e-6):
            return shape
    return "path"


def _collection_marks(ax) -> list[Mark]:
    marks = []
    for collection in ax.collections:
        if not isinstance(collection, PathCollection) or not len(collection.get_offsets()):
            continue
        marker = _marker_of_collection(collection)
        edges, widths = collection.get_edgecolors(), collection.get_linewidths()
        edge = _dark(edges[0], float(np.max(widths))) if len(edges) else None
        for face in {tuple(np.round(c, 6)) for c in collection.get_facecolors()}:
            marks.append(Mark(over_white(face), to_hex(face), (None, marker), edge,
                              collection.get_label()))
    return marks


def _bar_marks(ax) -> list[Mark]:
    marks = []
    for container in ax.containers:
        if isinstance(container, BarContainer) and container.patches:
            bar = container.patches[0]
            marks.append(Mark(over_white(bar.get_facecolor()), to_hex(bar.get_facecolor()),
                              ("bar", bar.get_hatch()),
                              _dark(bar.get_edgecolor(), bar.get_linewidth()),
                              container.get_label()))
    return marks


def axes_marks(ax) -> list[Mark]:
    """The data marks of a matplotlib axes: lines, markers, scatter points and bars (not filled
    contours, contour lines, images, meshes, surfaces, shaded spans or arrows)."""
    return _line_marks(ax) + _collection_marks(ax) + _bar_marks(ax)


_BQ_DASHES = {"solid": "-", "dashed": "--", "dotted": ":", "dash_dotted": "-."}


def bqplot_marks(fig, skip=()) -> list[Mark]:
    """The data marks of a bqplot figure: lines, scatter points and glyphs (not heat maps, and
    not the marks in ``skip``, e.g. an explorer's contour lines and its click catcher)."""
    marks = []
    for mark in fig.marks:
        if any(mark is other for other in skip) or isinstance(mark, bq.HeatMap):
            continue
        label = (list(mark.labels) or ["_"])[0]
        if isinstance(mark, bq.Lines):
            given = list(mark.opacities or [])
            opacities = given or [1.0]
            marker = "circle" if getattr(mark, "dotted", False) else mark.marker or None
            # One series per opacity given (the contours: many shades, one opacity, one series),
            # else one per row (the momentum explorer's two height curves share a mark).
            rows = np.shape(mark.y)[0] if np.ndim(mark.y) == 2 else 1
            colours = list(mark.colors)[: len(given) or max(1, min(rows, len(mark.colors)))]
            names = list(mark.labels) or [label]
            for k, colour in enumerate(colours):
                alpha = opacities[k % len(opacities)]
                marks.append(Mark(over_white(colour, alpha), to_hex(colour),
                                  (_BQ_DASHES[mark.line_style], marker), None,
                                  names[k] if k < len(names) else label))
        elif isinstance(mark, bq.Scatter):
            colour = list(mark.colors)[0]
            alpha = (list(mark.default_opacities) or [1.0])[0]
            edge = (_dark(mark.stroke, float(mark.stroke_width or 1.0))
                    if mark.stroke and mark.fill else None)
            marker = mark.marker if mark.fill else f"hollow {mark.marker}"
            marks.append(Mark(over_white(colour, alpha), to_hex(colour), (None, marker), edge,
                              label))
        elif isinstance(mark, bq.Label):
            colour = list(mark.colors)[0]
            marks.append(Mark(over_white(colour), to_hex(colour), (None, "glyph"), None, label))
    return marks


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True)
class Series:
    """Every mark of one colour in one axes."""

    base: str
    colour: str  # the most opaque of its marks, as on the page
    shapes: frozenset
    labels: tuple


def series_of(marks) -> list[Series]:
    groups: dict[str, list[Mark]] = {}
    for mark in marks:
        groups.setdefault(mark.base, []).append(mark)
    found = []
    for base, group in groups.items():
        strongest = max(group, key=lambda m: palette.contrast_ratio(m.colour))
        shapes = frozenset(part for mark in group for part in mark.shape if part is not None)
        labels = tuple(dict.fromkeys(m.label for m in group if not m.label.startswith("_")))
        found.append(Series(base, strongest.colour, shapes, labels))
    return found


@dataclass(frozen=True)
class Pair:
    first: Series
    second: Series
    worst: float  # the smallest CIEDE2000 over the simulations
    kind: str  # the simulation where it is smallest
    by_shape: bool  # the two also differ in line style or marker

    @property
    def ok(self) -> bool:
        return self.by_shape or self.worst >= DISTINCT

    def __str__(self) -> str:
        names = [s.labels[0] if s.labels else s.base for s in (self.first, self.second)]
        return (f"{names[0]!r} ({self.first.base}) and {names[1]!r} ({self.second.base}): "
                f"ΔE00 {self.worst:.1f} under {self.kind}, same shape {sorted(self.first.shapes)}")


def pairs_of(marks) -> list[Pair]:
    """Every pair of series drawn together, with its worst difference."""
    pairs = []
    for a, b in itertools.combinations(series_of(marks), 2):
        worst, kind = worst_difference(a.colour, b.colour)
        pairs.append(Pair(a, b, worst, kind, a.shapes != b.shapes))
    return pairs


PLAIN_LINE = ("-", None)


def faint_marks(marks) -> list[str]:
    """Marks below 3:1 against white with neither a dark edge nor a second cue. A second cue is
    a shape of the mark's own: drawn in full colour (not faded), a dashed or dotted line or a
    marker that no mark of another colour in the same axes has."""
    problems = []
    for mark in marks:
        if palette.contrast_ratio(mark.colour) >= MARKS or mark.edge is not None:
            continue
        others = {m.shape for m in marks if m.base != mark.base}
        faded = mark.colour != over_white(mark.base)
        if faded or mark.shape == PLAIN_LINE or mark.shape in others:
            problems.append(f"{mark.label!r} in {mark.base} at "
                            f"{palette.contrast_ratio(mark.colour):.2f}:1, shape {mark.shape}")
    return problems


def _text_background(text: Text) -> str:
    """What a text sits on: its own box, else the topmost filled patch of its axes under its
    middle (a diagram's box, a bar), else the white page."""
    box = text.get_bbox_patch()
    if box is not None and to_rgba(box.get_facecolor())[3] > 0:
        return over_white(box.get_facecolor())
    ax = text.axes
    middle = text.get_window_extent().get_points().mean(axis=0)
    if ax is not None and ax.get_window_extent().contains(*middle):
        under = [p for p in ax.patches if to_rgba(p.get_facecolor())[3] > 0
                 and p.get_visible() and p.contains_point(middle)]
        if under:
            return over_white(max(under, key=lambda p: p.get_zorder()).get_facecolor())
    return palette.WHITE


def faint_texts(fig) -> list[str]:
    """Visible text below 4.5:1 against what it sits on (its box, a patch under it, else the
    white page)."""
    problems = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        colour = over_white(text.get_color(), text.get_alpha())
        ratio = palette.contrast_ratio(colour, _text_background(text))
        if ratio < TEXT:
            problems.append(f"{text.get_text()[:40]!r} in {colour} at {ratio:.2f}:1")
    return problems


def figure_axes(fig):
    return [ax for ax in fig.axes if not hasattr(ax, "_colorbar") and ax.get_visible()]


def figure_problems(fig) -> list[str]:
    """Every rule broken by a matplotlib figure, one line each."""
    problems = []
    for ax in figure_axes(fig):
        marks = axes_marks(ax)
        where = ax.get_title()[:40] or "(untitled axes)"
        problems += [f"{where}: pair {pair}" for pair in pairs_of(marks) if not pair.ok]
        problems += [f"{where}: faint mark {problem}" for problem in faint_marks(marks)]
    problems += [f"faint text {problem}" for problem in faint_texts(fig)]
    return problems


# ---------------------------------------------------------------- the figures of the lectures

quartic, cubic = functions.quartic(), functions.cubic()
himmelblau, trap = functions.himmelblau(), functions.trap()
bowl, elongated = functions.bowl(), functions.elongated_bowl(10)
absolute = functions.absolute()


def _regimes(objective, start, rates):
    return {f"{name}: lr = {lr:g}": solvers.gradient_descent(objective.grad, start, lr, steps=40)
            for name, lr in zip(("too small", "good", "oscillating", "diverging"), rates,
                                strict=True)}


def _slopes(point):
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    slopes = (himmelblau.f(point + 1e-6 * directions)
              - himmelblau.f(point - 1e-6 * directions)) / 2e-6
    return angles, slopes, himmelblau.grad(point)


def _twelve_starts(dots: bool = True):
    starts = [(4.5, 0.0), (3.2, 3.2), (0.0, 4.5), (-4.5, 4.5), (-4.5, 0.0), (-3.2, -3.2),
              (0.0, -4.5), (3.2, -3.2), (-0.8, -0.6), (-0.4, -0.6), (0.0, -0.6), (0.4, -0.6)]
    runs = [solvers.gradient_descent(himmelblau.grad, s, lr=0.01, steps=500) for s in starts]
    reached = basins.which_minimum(himmelblau, [r.final for r in runs])
    return plots.plot_paths_by_outcome(himmelblau, [r.path for r in runs], reached, lw=1.6,
                                       dots=dots, last_label="last step" if dots else None,
                                       title="Twelve starts, four valleys")


def _momentum_runs(objective, start):
    return {f"momentum {beta}" if beta else "plain descent": solvers.gradient_descent(
        objective.grad, start, lr=0.1, steps=1000, momentum=beta) for beta in (0.0, 0.8, 0.97)}


def _noisy(kind: str):
    six = basins.noisy_runs(trap, (2.0, 1.5), lr=0.1, noise=2.0, seeds=range(6), steps=200)
    names = {0: "escaped to (-2, 0)", 1: "stayed at C"}
    if kind == "each":
        return plots.plot_paths_by_outcome(
            trap, six.path, six.reached, points={"M": (2.0, 1.5)}, settled=six.final,
            each=True, last_label="end of the 200 noisy steps", names=names,
            settle_label="then plain descent (noise off)", title="Six noisy runs")
    return plots.plot_run_ends(trap, six.path, six.reached, six.final, names=names,
                               last_label="end of the 200 noisy steps",
                               settle_label="then plain descent (noise off)",
                               title="The end of each noisy run")


def _restarts():
    restarts = basins.random_restarts(trap, 10, lr=0.1, seed=0)
    return plots.plot_paths_by_outcome(
        trap, [restarts.many.path[:, i] for i in range(10)], restarts.reached, lw=2,
        names={0: "reached the global minimum", 1: "trapped at C"}, title="Ten restarts")


def _regression():
    X, y, _ = data.make_linear_regression(200, seed=0)
    return X, y


def _batch_runs(sizes, **options):
    X, y = _regression()
    runs = {name: solvers.minibatch_sgd(data.linear_mse_grad, np.array([-2.0, 4.5]), X, y,
                                        lr=0.05, batch_size=b, epochs=5, seed=0, **options)
            for name, b in sizes.items()}
    return X, y, runs


def _accumulation():
    X, y = _regression()
    step = {"lr": 0.05, "epochs": 5, "seed": 0}
    w0 = np.array([-2.0, 4.5])
    runs = {
        "B = 10, update every batch": {"batch_size": 10},
        "B = 40, update every batch": {"batch_size": 40},
        "slides' loop, averaged (full batch)": {"batch_size": 10, "accumulate": 20},
        "B = 10, accumulate K = 4 (dashed)": {"batch_size": 10, "accumulate": 4},
    }
    runs = {name: solvers.minibatch_sgd(data.linear_mse_grad, w0, X, y, **options, **step)
            for name, options in runs.items()}
    return plots.plot_batch_paths(X, y, runs, title="Gradient accumulation")


def _moons():
    X, y = data.make_moons(120, noise=0.2, seed=0)
    linear = mlp.train(mlp.init_params([2, 1], seed=0), X, y, lr=0.2, steps=100, momentum=0.9)
    network = mlp.train(mlp.init_params([2, 8, 8, 1], seed=0, bias=0.1), X, y, lr=0.2,
                        steps=100, momentum=0.9, record_every=5)
    return X, y, linear, network


class _SideBySide:
    def __init__(self, offset, steps=30):
        k = np.arange(steps)
        self.our_losses = 0.7 * np.exp(-k / (8 + 10 * offset)) + 0.02
        self.torch_losses = self.our_losses * (1 + 1e-15)
        self.max_abs_diff = np.where(k % 4 == 0, 0.0, 1e-16 * (1 + k))


class _Timing:
    def __init__(self, ours, theirs):
        self.numpy_seconds, self.torch_seconds = ours, theirs


def _timing_rounds(ours, theirs):
    return [_Timing(ours * (1 + 0.05 * k), theirs * (1 - 0.03 * k)) for k in range(5)]


# Each figure a lecture draws, built with the lecture's arguments (a few with fewer starts or
# steps, and crosscheck results stood in for by objects with the same attributes); then the
# builders' defaults with more series than the lectures draw, so the palettes hold beyond them.
STATIC = {
    "01 direction cases": lambda: plots.plot_direction_cases(quartic),
    "01 difference errors": lambda: plots.plot_difference_errors(quartic.f, quartic.grad, 0.7),
    "01 descent 1d": lambda: plots.plot_descent_1d(
        quartic, solvers.gradient_descent(quartic.grad, 1.8, lr=0.1, steps=100)),
    "01 lr regimes quartic": lambda: plots.plot_lr_regimes(
        quartic, _regimes(quartic, 1.3, (0.01, 0.2, 0.6, 1.2))),
    "01 lr regimes cubic": lambda: plots.plot_lr_regimes(
        cubic, _regimes(cubic, 1.5, (0.01, 0.1, 0.3, 0.6))),
    "02 surface and contour": lambda: plots.plot_surface_and_contour(
        himmelblau, points={"top of the hill": (-0.27, -0.92)}),
    "02 partial slices": lambda: plots.plot_partial_slices(himmelblau, np.array([1.0, 1.5])),
    "02 gradient field": lambda: plots.plot_gradient_field(himmelblau, point=(1.0, 1.5)),
    "02 directional slopes": lambda: plots.plot_directional_slopes(*_slopes((1.0, 1.5))),
    "02 steps across contours": lambda: plots.plot_steps_across_contours(
        himmelblau, solvers.gradient_descent(himmelblau.grad, (0.0, 0.0), 0.01, steps=100),
        steps=9),
    "02 descent panels": lambda: plots.plot_descent_panels([
        (bowl, solvers.gradient_descent(bowl.grad, (1.5, 1.2), 0.18, steps=100), "round"),
        (elongated, solvers.gradient_descent(elongated.grad, (1.5, 1.2), 0.18, steps=100),
         "elongated")]),
    "02 paths by outcome, dots": lambda: _twelve_starts(dots=True),
    "03 runs 1d": lambda: plots.plot_runs_1d(
        quartic, {"plain descent from M": solvers.gradient_descent(quartic.grad, 2.0, 0.1,
                                                                   steps=1000)},
        points={"M": 2.0, "C": 1.0}, width=6.5),
    "03 descent 2d": lambda: plots.plot_descent_2d(
        trap, {"descent path": solvers.gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=1000)},
        points={"M": (2.0, 1.5), "C": (1.0, 0.0)}),
    "03 basin map": lambda: plots.plot_basin_map(basins.basin_map(himmelblau, 40, lr=0.01)),
    "03 runs 1d momentum": lambda: plots.plot_runs_1d(quartic, _momentum_runs(quartic, 2.0),
                                                      points={"M": 2.0, "C": 1.0}),
    "03 descent 2d momentum panels": lambda: plots.plot_descent_2d(
        trap, _momentum_runs(trap, (2.0, 1.5)), points={"M": (2.0, 1.5), "C": (1.0, 0.0)},
        colours=(palette.PLAIN, palette.PATH, palette.PURPLE),
        panels=[["plain descent", "momentum 0.8"], ["momentum 0.97"]]),
    "03 basin maps": lambda: plots.plot_basin_maps(
        {"plain descent": basins.basin_map(trap, 30, lr=0.1),
         "momentum 0.8": basins.basin_map(trap, 30, lr=0.1, momentum=0.8)}),
    "03 noisy runs, one map each": lambda: _noisy("each"),
    "03 noisy run ends": lambda: _noisy("ends"),
    "03 random restarts": _restarts,
    "03 subgradients": lambda: plots.plot_subgradients(),
    "03 runs on |x|": lambda: plots.plot_runs_1d(
        absolute, {"fixed lr 0.2": solvers.gradient_descent(absolute.grad, 0.75, 0.2, steps=300),
                   "lr 0.2 / sqrt(k + 1)": solvers.gradient_descent(
                       absolute.grad, 0.75, 0.2, steps=300, lr_decay=0.5)},
        log_distance=True),
    "03 stand-ins": lambda: plots.plot_stand_ins(
        absolute, [functions.smooth_absolute(b) for b in (1, 4, 16)] + [functions.huber(1.0)]),
    "03 softplus": lambda: plots.plot_stand_ins(
        functions.relu(), [functions.softplus(b) for b in (1, 4, 16)]),
    "04 pipeline": lambda: plots.plot_pipeline(),
    "04 matrix shapes": lambda: plots.plot_matrix_shapes(n=8, d=3, row=2),
    "04 regression data": lambda: plots.plot_regression_data(
        *_regression(), {"a poor guess": (-2.0, 4.5), "better": (0.0, 2.5),
                         "the best line": data.least_squares(*_regression())}),
    "04 loss surface": lambda: plots.plot_loss_surface(
        *_regression(), solvers.gradient_descent(
            lambda w: data.linear_mse_grad(w, *_regression()), np.array([-2.0, 4.5]), 0.2,
            steps=40, tol=1e-8)),
    "04 batch paths": lambda: plots.plot_batch_paths(*_batch_runs(
        {"full batch, B = 200": 200, "mini-batch, B = 20": 20, "SGD, B = 1": 1})),
    "04 accumulation": _accumulation,
    "04 epoch times": lambda: plots.plot_epoch_times(
        [1, 4, 16, 64, 256, 1024, 4096, 20_000],
        [0.2, 0.05, 0.013, 0.0036, 0.0012, 0.0006, 0.0005, 0.0005], n=20_000,
        model=solvers.CostModel(per_update=1e-5, per_example=2e-8)),
    "04 memory trace": lambda: plots.plot_memory_trace(
        np.arange(1, 11) * 20_000, np.linspace(1, 6, 10), file_mb=160.0, batch_mb=3.4,
        batch_losses=np.geomspace(30, 0.3, 10), noise=0.5),
    "05 decision boundaries": lambda: (lambda X, y, linear, network: (
        plots.plot_decision_boundaries({"one linear layer": linear.final,
                                        "ReLU network": network.final}, X, y)))(*_moons()),
    "05 computation graph": lambda: plots.plot_computation_graph(
        tiny_network_graph(x=0.5, target=1.0, w0=2.0, b0=0.5, w1=-1.0, b1=0.5)),
    "05 learning": lambda: (lambda X, y, linear, network: plots.plot_learning(
        network, X, y, steps=(0, 20, 60, None)))(*_moons()),
    "06 relative errors": lambda: plots.plot_relative_errors(
        {"ours against finite differences": {"W1": 3e-9, "b1": 2e-10, "W2": 0.0},
         "ours against PyTorch autograd": {"W1": 1e-16, "b1": 0.0, "W2": float("nan")}},
        pass_marks={"ours against finite differences": (1e-5, "right below 1e-5"),
                    "ours against PyTorch autograd": (1e-12, "equal below 1e-12")}),
    "06 side by side": lambda: plots.plot_side_by_side(
        {"momentum 0.0": _SideBySide(0.0), "momentum 0.9": _SideBySide(0.5)}),
    "06 loss histories": lambda: plots.plot_loss_histories(
        {"with optimizer.zero_grad()": np.geomspace(0.7, 0.05, 60),
         "without it": 0.7 + 0.3 * np.sin(np.arange(60) / 5) ** 2}),
    "06 step times": lambda: plots.plot_step_times(
        {"[2, 16, 16, 1], n = 200": _timing_rounds(1e-4, 3e-4),
         "[2, 128, 128, 1], n = 1000": _timing_rounds(2e-3, 1e-3)}),
    "06 data parallel": lambda: plots.plot_data_parallel(world_size=2),
    # beyond the lectures: every colour of the palettes' sequences drawn together
    "more: four paths on one map": lambda: plots.plot_descent_2d(himmelblau, {
        f"from {s}": solvers.gradient_descent(himmelblau.grad, s, 0.01, steps=200)
        for s in [(0.0, 0.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)]}),
    "more: four outcomes, no dots": lambda: _twelve_starts(dots=False),
    "more: five mini-batch runs": lambda: plots.plot_batch_paths(*_batch_runs(
        {"full": 200, "B = 50": 50, "B = 20": 20, "B = 10": 10, "B = 5": 5, "B = 2": 2})),
    "more: loss curves": lambda: plots.plot_loss_curves(*_batch_runs(
        {"full": 200, "B = 20": 20, "B = 5": 5, "B = 1": 1})),
    "more: three runs side by side": lambda: plots.plot_side_by_side(
        {f"run {k}": _SideBySide(0.3 * k) for k in range(3)}),
    "more: four loss histories": lambda: plots.plot_loss_histories(
        {f"run {k}": np.geomspace(0.7, 0.05 * (k + 1), 40) for k in range(4)}),
    "more: stand-ins with softplus": lambda: plots.plot_stand_ins(
        absolute, [functions.smooth_absolute(1), functions.softplus(4),
                   functions.smooth_absolute(16), functions.huber(0.5), functions.softplus(1)]),
}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", list(STATIC))
def test_a_figure_keeps_its_series_apart_its_marks_visible_and_its_text_dark(name):
    fig = STATIC[name]()
    fig.canvas.draw()
    problems = figure_problems(fig)
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(STATIC))
def test_a_figure_fits_the_column_with_text_of_9_points_or_more(name):
    fig = STATIC[name]()
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())  # what the inline backend saves
    assert box.width * fig.dpi <= 1100, f"{box.width * fig.dpi:.0f} px wide"
    small = [f"{t.get_text()[:30]!r} at {t.get_fontsize():g} pt" for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_fontsize() < 9]
    assert not small


def test_a_nan_error_is_written_dark_on_a_light_box_whatever_the_bar():
    fig = plots.plot_relative_errors({name: {"W": float("nan")} for name in "abcd"})
    marks = [t for t in fig.findobj(Text) if t.get_text() == "NaN"]
    assert len(marks) == 4
    for text in marks:
        assert palette.contrast_ratio(over_white(text.get_color()), _text_background(text)) >= 7


# ---------------------------------------------------------------- the explorers


def _explorers():
    from helpers import widgets

    def kink(function):
        explorer = widgets.KinkExplorer(function="|x|", sharpness=4.0, delta=1.0, lr=0.2,
                                        start=0.75, steps=60)
        explorer.controls["function"].value = function
        return explorer

    def batch(batch_size):
        return widgets.BatchSizeExplorer(n=200, batch_size=batch_size, lr=0.05, epochs=3,
                                         updates=60, milliseconds=1.0)

    return {
        "descent 1d": lambda: widgets.DescentExplorer1D(function="quartic", lr=0.1, start=1.8,
                                                        steps=50),
        "descent 1d, diverging": lambda: widgets.DescentExplorer1D(function="quartic", lr=0.9,
                                                                   start=1.8, steps=50),
        "descent 2d": lambda: widgets.DescentExplorer2D(function="elongated bowl", lr=0.18,
                                                        start=(1.5, 1.2), steps=100),
        "descent 2d, Himmelblau": lambda: widgets.DescentExplorer2D(),
        "momentum": lambda: widgets.MomentumExplorer(momentum=0.8, lr=0.1, steps=300,
                                                     start=(2.0, 1.5)),
        "kinks, |x|": lambda: kink("|x|"),
        "kinks, smooth |x|": lambda: kink("smooth |x|"),
        "kinks, Huber": lambda: kink("Huber"),
        "batch size": lambda: batch(10),
        "batch size, SGD": lambda: batch(1),
        "training": lambda: widgets.TrainingExplorer(width=4, min_width=1, max_width=4,
                                                     steps=300, record_every=5),
    }


EXPLORERS = list(_explorers())


def explorer_problems(explorer) -> list[str]:
    skip = [getattr(explorer, "contours", None), getattr(explorer, "clicks", None)]
    problems = []
    for fig in explorer.figures:
        if not isinstance(fig, bq.Figure):  # the 3-D explorer's matplotlib canvas
            continue
        marks = bqplot_marks(fig, skip)
        where = fig.title or "(untitled figure)"
        problems += [f"{where}: pair {pair}" for pair in pairs_of(marks) if not pair.ok]
        problems += [f"{where}: faint mark {problem}" for problem in faint_marks(marks)]
    return problems


@pytest.mark.parametrize("name", EXPLORERS)
def test_an_explorer_keeps_its_series_apart_and_its_marks_visible(name):
    explorer = _explorers()[name]()
    problems = explorer_problems(explorer)
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_the_3d_explorer_draws_what_its_figure_builder_draws():
    from helpers import widgets

    explorer = widgets.SurfaceExplorer3D(lr=0.01, start=(0.0, 0.0), steps=200)
    explorer.mpl_figure.canvas.draw()
    assert not figure_problems(explorer.mpl_figure)


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_legend_text_is_page_text_beside_a_coloured_swatch(name):
    from helpers.widgets import look

    explorer = _explorers()[name]()
    for fig in explorer.figures:
        box = getattr(fig, "legend_box", None)
        if box is None:
            continue
        legend = box.value
        assert "<svg" in legend
        # the swatches are pictures a screen reader skips; the words carry no colour of their own
        assert legend.count("<svg") == legend.count('aria-hidden="true"')
        words = re.sub(r"<svg.*?</svg>", "", legend, flags=re.S)
        assert not re.search(r"(?<![-\w])(color|fill)\s*:", words)
        assert "fill=" not in words
        assert look.LEGEND_STYLE.split(";")[0] in legend


def test_explorer_lines_of_every_style_have_a_swatch_drawn_the_same_way():
    from helpers.widgets import look

    scales = {"x": bq.LinearScale(), "y": bq.LinearScale()}
    dashes = set()
    for style in ("solid", "dashed", "dotted", "dash_dotted"):
        mark = look.line_mark(scales, palette.BLUE, label=style, style=style, x=[0, 1], y=[0, 1])
        assert mark.line_style == style
        swatch = look.legend_html([mark])
        dashes.add(re.search(r'stroke-dasharray="([^"]*)"', swatch).group(1)
                   if "dasharray" in swatch else "")
    assert len(dashes) == 4
