"""One colour-blind-safe palette (Okabe & Ito) and one name per role, for matplotlib and bqplot.

The same thing is drawn in the same colour in every lecture: the function is blue, the moving
descent path is vermillion, starts are black and minima are green. Every colour a figure or an
explorer uses comes from here, by its role.

Okabe and Ito chose their colours to stay apart for every kind of colour vision, but not every
pair does: simulated at full severity (Machado et al. 2009), orange and vermillion, blue and
purple, green and blue, green and sky blue, purple and orange come within 15 CIEDE2000 of each
other for one kind or another (``tests/test_colours.py``). Series drawn together in those pairs
also differ in line style or marker. Orange and sky blue reach less than 3:1 against the white
page: their marks get a dark edge or a shape of their own, and text is never written in them but
in :func:`ink`, the colour darkened until it reads.
"""

from __future__ import annotations

__all__ = [
    "BASINS", "BLACK", "BLUE", "BOUNDARY", "CLASSES", "COMPARISONS", "CONTOUR_MAP",
    "DIVERGED", "FEEDBACK", "FULL_BATCH", "FUNCTION", "GRADIENT", "GRAPH_NODES", "GREEN", "GREY",
    "KINKS", "LIGHT_GREY", "LOSS_CURVES", "MINIMUM", "MINI_BATCH_RUNS", "NOT_SETTLED", "ORANGE",
    "OURS", "PATH", "PATHS", "PLAIN", "PROBABILITY", "PURPLE", "SERIES", "SKY_BLUE", "STAND_INS",
    "START", "TANGENT", "TORCH", "VERMILLION", "WHITE", "contrast_ratio", "ink", "lighten",
    "level_colours",
]

BLACK = "#000000"
WHITE = "#FFFFFF"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#888888"  # not Okabe & Ito's: a grey that reaches 3.5:1 on white (#999999: 2.85:1)
LIGHT_GREY = "#DDDDDD"

# ---------------------------------------------------------------- roles
FUNCTION = BLUE
PATH = VERMILLION
START = BLACK
MINIMUM = GREEN
TANGENT = ORANGE
PLAIN = BLUE  # plain descent beside momentum
DIVERGED = BLACK
NOT_SETTLED = LIGHT_GREY
CONTOUR_MAP = "viridis"

# Several things side by side (learning-rate regimes, curves of one figure).
SERIES = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, BLACK)
# Several descent paths on one map: the first is the usual path; none is green (the minima). Paths
# drawn together also differ in line style (helpers.plots.two_d.RUN_STYLES).
PATHS = (PATH, BLUE, PURPLE, ORANGE, SKY_BLUE, BLACK)
# Full batch (one update per epoch, the slides' accumulation loop included) in one colour in
# every figure of lecture 4 and in the batch-size explorer ("full batch, same η"); every other
# run takes the next of MINI_BATCH_RUNS, which has no blue (and a marker of its own: the first
# three reach 3:1 on white; the lines of the light fourth and fifth get a dark edge).
FULL_BATCH = FUNCTION
MINI_BATCH_RUNS = (PURPLE, VERMILLION, BLACK, SKY_BLUE, ORANGE)
# One colour per known minimum (its basin and the paths that end there). Basins that touch differ
# by 20 CIEDE2000 or more for every kind of colour vision; orange and vermillion, the closest pair,
# go to minima whose basins do not touch (Himmelblau's second and fourth, across the map from each
# other), as do the two blues (its first and third). Paths to different minima drawn on one map
# also differ in shape (see helpers.plots.two_d).
BASINS = (BLUE, ORANGE, SKY_BLUE, VERMILLION)
# A kinked function and its smooth stand-ins.
STAND_INS = (BLUE, PURPLE, ORANGE, SKY_BLUE, VERMILLION)
KINKS = {"|x|": FUNCTION, "smooth |x|": PURPLE, "Huber": ORANGE}
# Class 0 blue circles, class 1 orange triangles; the decision boundary black.
CLASSES = (BLUE, ORANGE)
BOUNDARY = BLACK
# The computation graph: kinds of node, and the gradients flowing back.
GRAPH_NODES = {"input": GREY, "parameter": ORANGE, "operation": FUNCTION, "loss": PURPLE}
GRADIENT = VERMILLION
# The cross-check with PyTorch: our numpy code (lines, one style per run) and torch beside it
# (circles with a dark edge), one pair per run; bars of several comparisons side by side; loss
# curves of a few training runs (one line style each).
OURS = (BLUE, PURPLE, SKY_BLUE)
TORCH = (ORANGE, BLACK, SKY_BLUE)
COMPARISONS = (BLUE, ORANGE, PURPLE, SKY_BLUE)
LOSS_CURVES = (BLUE, VERMILLION, PURPLE, ORANGE)
# Exercise feedback: right, not answered yet, not yet right.
FEEDBACK = {"right": GREEN, "pending": GREY, "wrong": VERMILLION}


def _luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour: str, background: str = WHITE) -> float:
    """WCAG 2.1's contrast ratio of two ``#RRGGBB`` colours, from 1 (alike) to 21 (black on
    white): text needs 4.5, lines and markers 3."""
    light, dark = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink(colour: str, ratio: float = 4.5, background: str = WHITE) -> str:
    """``colour`` for text on ``background`` (white, or a light tint): itself when it reads
    (``ratio``:1 or more), else mixed with the least black that makes it read. Vermillion labels
    stay vermillion, only darker."""
    if contrast_ratio(colour, background) >= ratio:
        return colour
    channels = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    for step in range(1, 101):
        mixed = "#" + "".join(f"{round(c * (1 - step / 100)):02X}" for c in channels)
        if contrast_ratio(mixed, background) >= ratio:
            return mixed
    return BLACK


def lighten(colour: str, amount: float) -> str:
    """``colour`` (``#RRGGBB``) mixed with white: amount 0 keeps it, 1 gives white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    mixed = [c + (1 - c) * amount for c in channels]
    return "#" + "".join(f"{round(255 * c):02X}" for c in mixed)


# P(class 1) from 0 to 1: light class-0 blue, white at 1/2, light class-1 orange.
PROBABILITY = (lighten(CLASSES[0], 0.45), WHITE, lighten(CLASSES[1], 0.35))


def level_colours(values, low: float | None = None, high: float | None = None) -> list[str]:
    """One hex colour per value along the contour colour map, ``low`` darkest (default: the
    smallest value) and ``high`` brightest."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    values = [float(v) for v in values]
    low = min(values) if low is None else low
    high = max(values) if high is None else high
    span = (high - low) or 1.0
    cmap = colormaps[CONTOUR_MAP]
    return [to_hex(cmap(min(max((v - low) / span, 0.0), 1.0))) for v in values]
