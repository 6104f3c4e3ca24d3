"""Static figures for functions of one variable: curves, descent paths, tangents, and the error
of finite differences. Runs side by side (learning-rate regimes among them) are in
:mod:`helpers.plots.runs_1d`."""

from __future__ import annotations

import re

import numpy as np
from matplotlib import patheffects
from matplotlib.legend_handler import HandlerPatch
from matplotlib.patches import FancyArrow

from .. import checks, palette
from ..calculus import numerical_derivative
from ..geometry import curve_range
from ..results import plural
from .descriptions import describe, fitting, listed
from .marks import draw_path
from .style import one_axes, styled, subplots

__all__ = [
    "draw_curve",
    "draw_curve_path",
    "draw_minima_outlines",
    "exit_side",
    "flipping_since",
    "number_steps",
    "path_in_view",
    "plot_descent_1d",
    "plot_difference_errors",
    "plot_direction_cases",
    "plot_function_1d",
    "plot_tangent",
]


def draw_curve(ax, objective, view=None, *, show_minima: bool = True, points: int = 400) -> None:
    """f over its domain (or the x range ``view``) and its known minima on ``ax``, the axes
    labelled and the x axis set to that range."""
    view = objective.domain if view is None else checks.interval("view", view)
    show_minima = checks.flag("show_minima", show_minima)
    points = checks.integer("points", points, 2)
    xs = np.linspace(*view, points)
    ax.plot(xs, objective.f(xs), color=palette.FUNCTION, lw=2.2,
            label=f"f(x) = ${objective.latex}$")
    if show_minima and objective.minima:
        m = np.array(objective.minima)
        ax.plot(m, objective.f(m), "^", color=palette.MINIMUM, ms=10, ls="none",
                label="known minima", zorder=4)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_xlim(*view)


def _keep_curve_in_view(ax, objective) -> None:
    ax.set_ylim(*curve_range(objective, padding=0.1, points=200))
    ax.set_xlim(*objective.domain)


# ---------------------------------------------------------------- the sentence of each figure
# Every builder describes its figure (helpers.plots.descriptions); the phrases that several
# builders of the 1-D figures share are written once, here.



def spoken(formula: str) -> str:
    """A plain formula as a screen reader should say it: "x^3 - 3x" -> "x cubed minus 3x",
    "x^2 + y^2" -> "x squared plus y squared", "max(0, x)" stays."""
    formula = formula.replace(chr(92), "")
    formula = re.sub(r"\^2\b", " squared", formula)
    formula = re.sub(r"\^3\b", " cubed", formula)
    formula = re.sub(r"\^(\d+)", r" to the power \1", formula)
    return formula.replace(" - ", " minus ").replace(" + ", " plus ")


# Objectives that also have a name of their own, besides their formula.
KNOWN_NAMES = {"relu": "the ReLU"}


def function_words(objective, *, named: bool = False) -> str:
    """How a sentence names an objective: its formula in words when it reads aloud ("f(x) = x
    cubed minus 3x", "f(x) = max(0, x)", "the absolute value of x": bars are not read out, and
    "f(x) = |x|" would be heard as "f(x) = x"), else its name ("the quartic") when the formula
    has fractions or cases. ``named``: a formula followed by the name it is known by, when it
    has one (:data:`KNOWN_NAMES`): "f(x) = max(0, x), the ReLU"."""
    if objective.latex.strip() == "|x|":
        return "the absolute value of x"
    if "{" in objective.latex:
        return f"the {objective.name}"
    known = KNOWN_NAMES.get(str(objective.name).lower()) if named else None
    return f"f(x) = {spoken(objective.latex)}" + (f", {known}" if known else "")


def name_words(name) -> str:
    """A name as a screen reader should say it: "|x|" in it as "absolute value" ("smooth |x|
    (sharpness 4)" -> "smooth absolute value (sharpness 4)"), "huber" with its capital, "lr" as
    "learning rate" ("fixed lr 0.2", "lr = 0.01" -> "learning rate 0.01"), and "sqrt(k + 1)" as
    "the square root of (k + 1)", the brackets kept so that it cannot be heard as the root of k,
    plus 1; a "/" before it becomes "divided by"."""
    name = str(name).replace("|x|", "absolute value")
    name = re.sub(r"\bhuber\b", "Huber", name)
    name = re.sub(r"\blr\b( =)?", "learning rate", name)
    name = re.sub(r" / sqrt\(", " divided by sqrt(", name)
    return re.sub(r"sqrt\(([^()]*)\)", r"the square root of (\1)", name)


# How a small positive number is said: "1.3 ten-millionths", not "1.3e-07" (heard letter by
# letter); the names, by the power of ten of the unit.
_SMALL_UNITS = {3: "thousandths", 4: "ten-thousandths", 5: "hundred-thousandths",
                6: "millionths", 7: "ten-millionths", 8: "hundred-millionths", 9: "billionths",
                10: "ten-billionths", 11: "hundred-billionths", 12: "trillionths"}


def number_words(value: float) -> str:
    """A number to 2 significant digits as it reads aloud: as it is from 0.001 on ("0.55"), in
    units of a power of ten below that ("1.3 ten-millionths", "1 millionth"), in e-notation
    only below a trillionth."""
    value = float(value)
    if value == 0 or not np.isfinite(value) or abs(value) >= 1e-3:
        return f"{value:.2g}"
    power = -int(np.floor(np.log10(abs(float(f"{abs(value):.2g}")))))
    if power not in _SMALL_UNITS:
        return f"{value:.2g}"
    count = f"{value * 10.0**power:.2g}"
    unit = _SMALL_UNITS[power]
    return f"{count} {unit.removesuffix('s') if count in ('1', '-1') else unit}"


def round_up(value: float, digits: int = 2) -> float:
    """The number of ``digits`` significant digits nearest to ``value`` that is not below it
    (1.13 -> 1.2, 0.5 -> 0.5, -1.13 -> -1.1): an upper bound said in a sentence ("within
    1.2", "at most 3.4e-13") stays true after rounding. Shown with ``.{digits}g`` (or
    e-notation to ``digits`` digits) it reads back as exactly this number. A value above a
    rounded number by a billionth of itself or less is float64 noise (0.3 + 0.01 - 0.3 is
    0.010000000000000009) and keeps that number."""
    value = float(value)
    if value == 0 or not np.isfinite(value):
        return value
    shown = float(f"{value:.{digits}g}")
    while shown < value - 1e-9 * abs(value):
        unit = 10.0 ** (np.floor(np.log10(abs(shown))) - digits + 1)
        shown = float(f"{shown + unit:.{digits}g}")
    return shown


def round_down(value: float, digits: int = 2) -> float:
    """As :func:`round_up`, towards minus infinity: a lower bound ("stay between 1.2e-17 and
    ...") that stays true after rounding."""
    return -round_up(-float(value), digits)


def bound_words(value: float, digits: int = 2) -> str:
    """:func:`round_up` of ``value`` as a sentence writes a bound: ``"1.2"``, ``"0.0064"``."""
    return f"{round_up(value, digits):.{digits}g}"


def minimum_kind(objective, m: float) -> str:
    """What a known minimum is: "global minimum", "local minimum" (every minimum is local, so
    that is said when no global one is known), or "minimum" when it is the only one and
    global."""
    best = objective.global_minimum
    if best is None or not np.isclose(m, best):
        return "local minimum"
    return "minimum" if len(objective.minima) == 1 else "global minimum"


def minimum_words(objective, m: float) -> str:
    """A known minimum in words: "the global minimum x = -2"."""
    return f"the {minimum_kind(objective, m)} x = {m:.3g}"


def _same_shown(a: float, b: float) -> bool:
    """Whether two positions read the same to 3 significant digits, as the sentences show them."""
    return f"{a:.3g}" == f"{b:.3g}"


def _named(x: float, points: dict) -> str:
    """``" (C)"`` when ``x`` reads as the named point C, else nothing."""
    names = [name for name, at in points.items() if _same_shown(x, at)]
    return f" ({', '.join(names)})" if names else ""


def start_words(x0: float, points: dict | None = None) -> str:
    """Where a run starts: "x = 1.3", or "M (x = 2)" at a named point."""
    names = [name for name, at in (points or {}).items() if _same_shown(x0, at)]
    return f"{names[0]} (x = {x0:.3g})" if names else f"x = {x0:.3g}"


BOUNCE_WINDOW = 10  # a run bounces when each of its last (up to) this many steps turns back


def bounce(path, window: int = BOUNCE_WINDOW) -> str | None:
    """How the last steps of a 1-D path change, when each of them turns back (at least 3 steps,
    every one pointing against the one before, so the iterates land on alternate sides of where
    the run is heading): "shrinking", "growing" or "not shrinking" (the last step against the
    first of the window, by 10 %); None when the path does not bounce."""
    path = np.ravel(np.asarray(path, dtype=float))[-(window + 1):]
    steps = np.diff(path)
    if len(steps) < 3 or not np.isfinite(steps).all() or not np.all(steps[:-1] * steps[1:] < 0):
        return None
    first, last = abs(steps[0]), abs(steps[-1])
    if last < 0.9 * first:
        return "shrinking"
    return "growing" if last > 1.1 * first else "not shrinking"


def flipping(path) -> tuple[float, float] | None:
    """The two values, lower first, when the last four iterates of a 1-D path repeat two
    different values exactly (x_k+2 = x_k to the last digit: descent, a function of x alone,
    then repeats them for ever); else None."""
    tail = np.ravel(np.asarray(path, dtype=float))[-4:]
    if len(tail) < 4 or tail[-1] != tail[-3] or tail[-2] != tail[-4] or tail[-1] == tail[-2]:
        return None
    low, high = sorted(tail[-2:])
    return float(low), float(high)


def flipping_since(path) -> int | None:
    """The first step from which a 1-D path that ends flipping (:func:`flipping`) only lands on
    its two values, x_(k+2) = x_k exactly; None when it does not end flipping."""
    if flipping(path) is None:
        return None
    path = np.ravel(np.asarray(path, dtype=float))
    k = len(path) - 3
    while k > 0 and path[k - 1] == path[k + 1]:
        k -= 1
    return k


def spoken_label(label) -> str:
    """A run's name as a screen reader should say it: "lr 0.2 / sqrt(k + 1)" -> "lr 0.2 / the
    square root of k + 1"; everything else as it is."""
    return re.sub(r"sqrt\(([^()]*)\)", r"the square root of \1", str(label))


def _bounce_words(objective, path, nearest: float | None, trend: str, steps: str,
                  detail: int, named: str, terse: bool = False, note: bool = True) -> str:
    """How a bouncing run moves: around a known minimum, with bounces that shrink or grow,
    "bounces from side to side of the local minimum x = 1, the bounces shrinking, not settled
    after 40 steps" (``detail`` 0: "bounces ever smaller from side to side of x = 1", ``terse``:
    "across x = 1"); else between its last two values, "bounces between x = 0.768 and
    x = 1.14, the bounces not shrinking", or "keeps flipping between x = 0.768 and x = 1.14 for
    ever" when the last four iterates repeat two values exactly (from there on descent can only
    repeat them). Without ``note``, the "not settled after ..." is left to the figure's
    titles."""
    tail = np.ravel(np.asarray(path, dtype=float))[-(BOUNCE_WINDOW + 1):]
    low, high = sorted(tail[-2:])
    between = f"between x = {low:.3g} and x = {high:.3g}"
    if flipping(path):
        return f"keeps flipping {between} for ever, not settled after {steps}"
    around = (trend != "not shrinking" and nearest is not None
              and np.all((tail[:-1] - nearest) * (tail[1:] - nearest) < 0))
    if around:
        place = (minimum_words(objective, nearest) if detail == 2 else f"x = {nearest:.3g}")
        where = f"{'across' if terse else 'from side to side of'} {place}{named}"
    else:
        where = between
    unsettled = f", not settled after {steps}" if note else ""
    if detail == 0:
        how = {"shrinking": " ever smaller", "growing": " ever larger"}.get(trend, "")
        still = " without shrinking" if trend == "not shrinking" else ""
        return f"bounces{how} {where}{still}{unsettled}"
    return f"bounces {where}, the bounces {trend}{unsettled}"


def bumps(objective, view, points: int = 2001) -> list[float]:
    """The x of each bump (local maximum) of f inside the x range ``view``: where f' turns from
    positive to negative on a grid of ``points``, to 2 decimals ("the bump at x = 0")."""
    xs = np.linspace(*view, points)
    g = np.asarray(objective.grad(xs), dtype=float)
    k = np.flatnonzero((g[:-1] > 0) & (g[1:] <= 0))
    at = xs[k] + (xs[k + 1] - xs[k]) * g[k] / (g[k] - g[k + 1])
    return [float(np.round(x, 2)) + 0.0 for x in at]


def crossings(path, at: float) -> list[int]:
    """The steps k at which a 1-D path lands on the other side of ``at`` than x_(k-1) was."""
    side = np.sign(np.ravel(np.asarray(path, dtype=float)) - at)
    return [k for k in range(1, len(side)) if side[k - 1] * side[k] < 0]


COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_words(count: int) -> str:
    """A count as a word up to nine ("four"), else in digits: heard apart from a number said
    just before it ("x = 0 four times", never "x = 0 4 times")."""
    return COUNT_WORDS[count] if 0 <= count < len(COUNT_WORDS) else str(count)


def _steps_at(ks: list, when: bool = True) -> str:
    """"at step 4", "at steps 1 and 4", "four times, the last at step 31"; without ``when``
    only how often: "" (once), "twice", "four times"."""
    if not when:
        return "" if len(ks) == 1 else "twice" if len(ks) == 2 else f"{count_words(len(ks))} times"
    if len(ks) == 1:
        return f"at step {ks[0]}"
    if len(ks) < 4:
        return f"at steps {listed(ks)}"
    return f"{count_words(len(ks))} times, the last at step {ks[-1]}"


def over_bumps(objective, path, view, when: bool = True) -> str:
    """Which bumps of f (:func:`bumps`) a 1-D path crosses, and at which steps (without
    ``when``, how often): "the bump at x = 0 at step 1", "the bump at x = 0 four times"; empty
    when it crosses none."""
    return listed(f"the bump at x = {b:g} {_steps_at(ks, when)}".rstrip()
                  for b in bumps(objective, view) if (ks := crossings(path, b)))


def side_of(path, target: float) -> str:
    """"from the right" ("from the left") when a 1-D path starts right (left) of ``target`` and
    never lands on its other side; else empty."""
    path = np.ravel(np.asarray(path, dtype=float))
    if len(path) < 2 or path[0] == target or crossings(path, target):
        return ""
    if np.any(np.sign(path - target) == -np.sign(path[0] - target)):
        return ""
    return "from the right" if path[0] > target else "from the left"


def run_outcome(objective, result, view, *, points=None, detail: int = 2,
                terse: bool = False, shape: bool = False, sides: bool = True,
                when: bool = True, overshoot: bool | None = None,
                exit_side: str | None = None, note: bool = True, named: bool = False,
                crossing: bool = True) -> str:
    """How one 1-D run ended, as the figure shows it over the x range ``view``, in three levels
    of ``detail``:

    2. "converges at the local minimum x = 1 after 38 steps, not at the global minimum x = -2",
       "overshoots to x = 0.528 and is still moving after 40 steps, within 1.4e-05 of the
       local minimum x = 1", "diverges, leaving the chart at step 3";
    1. "overshoots to x = -2.51 and converges to x = -2 (global minimum) in 116 steps";
    0. "converges to x = 1 in 14 steps", "is still moving at x = 1.07 after 40 steps",
       "diverges, off the chart at step 3".

    A run that has not converged and whose last steps each turn back (:func:`bounce`): "bounces
    from side to side of the local minimum x = 1, the bounces shrinking, not settled after 40
    steps" (at detail 0 and 1 "of x = 1"; at detail 0 ``terse`` "bounces ever smaller across
    x = 1, not settled after 40 steps").

    With ``shape``, where the path goes as well: the side it comes in from when it never
    crosses the minimum it ends nearest ("converges to x = 1 from the right in 14 steps",
    :func:`side_of`), the bumps of f it crosses ("crossing the bump at x = 0 at step 1",
    :func:`over_bumps`), and where a diverging run leaves the chart: "on the left" (the way
    its x runs off), or "at the bottom left" when ``exit_side`` (the edge the figure's edge
    marker sits on, :func:`exit_side`) is the top or the bottom. With ``sides=False`` the side
    a run comes in from is left out; with ``when=False`` the bumps are counted, not dated
    ("crosses the bump at x = 0 four times"). ``overshoot`` says whether an overshoot is told
    (by default from detail 1 on). With ``shape`` and ``named`` (the caller's name of the run
    already says that it diverges) a diverging run's words are only its way off the chart
    ("crosses the bump at x = 0 at step 1 and exits the chart on the left at step 3").
    ``note=False`` leaves out the "not settled after ..." of a bouncing run; ``crossing=False``
    the bumps a diverging run crosses.

    Read from the result (``diverged``, ``converged``, ``steps``, the path), never assumed. A
    run overshoots when it swings past where it ends by more than 5 % of the view. ``points``
    (names of x positions, e.g. ``{"C": 1.0}``) are named where the run ends.
    """
    points = points or {}
    path = np.ravel(np.asarray(result.path, dtype=float))
    steps = plural(int(result.steps), "step")
    if result.diverged:
        shown, outside = path_in_view(path, *view)
        if not len(outside):
            return f"diverges after {steps}"
        if not shape:
            return f"diverges, {'leaving' if detail == 2 else 'off'} the chart at step {outside[0]}"
        heading = "left" if path[outside[0]] < view[0] else "right"
        side = (f"at the {exit_side} {heading}" if exit_side in ("top", "bottom")
                else f"on the {exit_side or heading}")
        over = over_bumps(objective, shown, view, when) if crossing else ""
        if named:
            crosses = f"crosses {over} and " if over else ""
            return f"{crosses}exits the chart {side} at step {outside[0]}"
        over = f"crossing {over} and " if over else ""
        return f"diverges, {over}leaving the chart {side} at step {outside[0]}"
    final = float(path[-1])
    minima = np.array(objective.minima, dtype=float)
    heading = float(minima[np.argmin(np.abs(minima - final))]) if len(minima) else None
    nearest = heading
    if nearest is not None and not _same_shown(final, nearest):
        nearest = None  # it does not end at a known minimum
    named = _named(final, points)
    trend = None if result.converged else bounce(path)
    side = (side_of(path, heading) if shape and sides and heading is not None and trend is None
            else "")
    into = f" {side}" if side else ""
    closing = f", closing in on x = {heading:g}{into}" if side and not result.converged else ""
    if trend is not None:
        outcome = _bounce_words(objective, path, nearest, trend, steps, detail, named,
                                terse and not detail, note)
    elif detail == 2:
        place = (minimum_words(objective, nearest) if nearest is not None
                 else f"x = {final:.3g}") + named
        if result.converged:
            came = f"comes in {side} and " if side else ""
            outcome = f"{came}converges at {place} after {steps}"
        elif nearest is not None and final != nearest:
            gap = bound_words(abs(final - nearest))  # rounded up: "within" holds
            outcome = f"is still moving after {steps}, within {gap} of {place}{into}"
        else:
            outcome = f"is still moving after {steps}, at {place}{closing}"
    else:
        kind = "" if not detail or nearest is None else f" ({minimum_kind(objective, nearest)})"
        place = f"x = {final:.3g}{named or kind}"
        outcome = (f"converges to {place}{into} in {steps}" if result.converged
                   else f"is still moving at {place} after {steps}{closing}")
    moves = []  # (the step it happens at, what happens), told in the order they happen
    over = over_bumps(objective, path, view, when) if shape else ""
    if over:
        last = max(ks[-1] for b in bumps(objective, view) if (ks := crossings(path, b)))
        moves.append((last, f"crosses {over}"))
    far = int(np.argmax(np.abs(path - path[0])))
    overshoot = bool(detail) if overshoot is None else overshoot
    if overshoot and (abs(path[far] - path[0]) - abs(final - path[0])
                      > 0.05 * (view[1] - view[0])):
        moves.append((far, f"overshoots to x = {path[far]:.3g}"))
    told = [move for _, move in sorted(moves)] + [outcome]
    # a move with a comma of its own ("four times, the last at step 31") gets a comma before
    # the "and", so that the list still parts where it should
    outcome = (", ".join(told[:-1]) + ", and " + told[-1] if any("," in m for m in told[:-1])
               else listed(told))
    best = objective.global_minimum
    if (detail == 2 and result.converged and nearest is not None and best is not None
            and not np.isclose(nearest, best)):
        outcome += f", not at {minimum_words(objective, best)}"
    return outcome


@styled
def plot_function_1d(objective, *, show_minima: bool = True, points: int = 400, ax=None):
    """f over its domain, with its known minima."""
    show_minima = checks.flag("show_minima", show_minima)
    points = checks.integer("points", points, 2)
    own = ax is None
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=show_minima, points=points)
    ax.set_title(f"The {objective.name}")
    if own:
        describe(ax.figure, _curve_sentence(objective, points, show_minima))
    return ax.figure


def _curve_sentence(objective, points: int, show_minima: bool) -> str:
    """The range of f over the drawn x, and which known minima are marked."""
    low, high = objective.domain
    minima = np.array(objective.minima, dtype=float)
    values = objective.f(np.concatenate([np.linspace(low, high, points), minima]))
    sentence = (f"Over x from {low:g} to {high:g}, {function_words(objective)} runs between "
                f"f = {np.min(values):.3g} and f = {np.max(values):.3g}")
    if show_minima and len(minima):
        marked = [f"{minimum_words(objective, m)} (f = {float(objective.f(m)):.3g})"
                  for m in minima]
        sentence += f", with {listed(marked)} marked"
    return fitting(sentence, summary=sentence.split(", with ")[0])


def _draw_tangent(ax, objective, x: float, *, half_width: float, label: str | None) -> None:
    slope = float(objective.grad(x))
    xs = np.array([x - half_width, x + half_width])
    ax.plot(xs, objective.f(x) + slope * (xs - x), "--", color=palette.TANGENT, lw=2,
            label=label if label is not None else f"tangent, slope f'({x:g}) = {slope:.3g}")
    ax.plot([x], [objective.f(x)], "o", color=palette.TANGENT, mec=palette.BLACK, ms=6)


@styled
def plot_tangent(objective, x: float, *, half_width: float = 0.6, label: str | None = None,
                 ax=None):
    """f with its tangent line at x: the tangent's slope is the derivative f'(x)."""
    x = checks.number("x", x)
    half_width = checks.positive("half_width", half_width)
    own = ax is None
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=False)
    _draw_tangent(ax, objective, x, half_width=half_width, label=label)
    _keep_curve_in_view(ax, objective)
    ax.set_title(f"The tangent of the {objective.name} at x = {x:g}")
    ax.legend(loc="best", fontsize=9)
    if own:
        slope = float(objective.grad(x))
        trend = ("rises as x grows" if slope > 0 else "falls as x grows" if slope < 0
                 else "is flat")
        describe(ax.figure, f"The tangent to {function_words(objective)} at x = {x:g} has slope "
                            f"f'({x:g}) = {slope:.3g}: the curve {trend} there")
    return ax.figure


EDGE_LABEL = "where the path leaves the chart"
EDGE_MARKERS = {"left": "<", "right": ">", "top": "^", "bottom": "v"}


def _exit_point(ax, inside, outside) -> tuple[float, float, str]:
    """Where the straight step from the point ``inside`` the axes' box to the point ``outside``
    it crosses the box's frame, and through which side ("left", "right", "top", "bottom")."""
    (x0, y0), (x1, y1) = inside, outside
    y1 = float(np.clip(y1, -1e300, 1e300))  # f of a far iterate may overflow to inf
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    share, side = 1.0, "right" if x1 > x0 else "left"
    for low, high, a, b, sides in ((x_low, x_high, x0, x1, ("left", "right")),
                                   (y_low, y_high, y0, y1, ("bottom", "top"))):
        for edge, name in ((low, sides[0]), (high, sides[1])):
            if (b < edge <= a) or (a <= edge < b):
                t = (edge - a) / (b - a)
                if t < share:
                    share, side = t, name
    return x0 + share * (x1 - x0), y0 + share * (y1 - y0), side


def exit_side(ax, objective, path, view) -> str | None:
    """Through which edge of ``ax`` ("left", "right", "top" or "bottom") a 1-D path drawn over
    the x range ``view`` with ``edge="marker"`` leaves the chart (where
    :func:`draw_curve_path` puts its edge marker; call it once the axes' limits are set); None
    when the path stays in view."""
    path = np.ravel(np.asarray(path, dtype=float))
    shown, outside = path_in_view(path, *view)
    if not len(outside) or not len(shown):
        return None
    gone = path[outside[0]]
    with np.errstate(over="ignore", invalid="ignore"):
        return _exit_point(ax, (shown[-1], float(objective.f(shown[-1]))),
                           (gone, objective.f(gone)))[2]


def path_in_view(path, low: float, high: float) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D path up to its first iterate outside ``[low, high]`` (the whole path when it stays
    in), and the steps that are outside."""
    path = np.ravel(np.asarray(path, dtype=float))
    outside = np.flatnonzero((path < low) | (path > high))
    return (path if len(outside) == 0 else path[: outside[0]]), outside


def draw_curve_path(ax, objective, path, *, view=None, numbered: int = 0,
                    edge: str = "arrow", dot_size: float = 4.0, end_size: float = 8.0) -> None:
    """A 1-D descent path on the curve of f, over the objective's domain (or the x range
    ``view``), its first ``numbered`` steps numbered (see :func:`number_steps`).

    The path's dots are ``dot_size`` across, its start dot and last-step diamond ``end_size``.
    A path that leaves the view is drawn up to its edge and without a last-step diamond: a
    diverging run never looks like a run that stopped. With ``edge="arrow"`` an arrow says at
    which step it left and where it went. With ``edge="marker"`` (set the axes' y limits first)
    the step that leaves is drawn dotted up to the axes' frame, where a black arrowhead pointing
    the way it went sits on the frame, labelled :data:`EDGE_LABEL` for the legend: it cannot be
    mistaken for a step.
    """
    low, high = objective.domain if view is None else checks.interval("view", view)
    numbered = checks.integer("numbered", numbered, 0)
    edge = checks.one_of("edge", edge, ("arrow", "marker"))
    dot_size = checks.positive("dot_size", dot_size)
    end_size = checks.positive("end_size", end_size)
    path = np.ravel(np.asarray(path, dtype=float))
    shown, outside = path_in_view(path, low, high)
    ys = objective.f(shown)
    draw_path(ax, np.column_stack([shown, ys]), lw=1.2, ms=dot_size, alpha=0.9,
              end=len(outside) == 0, end_ms=end_size)
    if len(outside) and len(shown) and edge == "arrow":
        side = high if path[outside[0]] > high else low
        ax.annotate(f"off the chart at step {outside[0]}\n(last x = {path[-1]:.2g})",
                    xy=(side, ys[-1]), xytext=(0.5, 0.93), textcoords="axes fraction",
                    ha="center", va="top", fontsize=9, color=palette.ink(palette.PATH),
                    arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 2,
                                "mutation_scale": 14})
    elif len(outside) and len(shown):
        gone = path[outside[0]]
        with np.errstate(over="ignore", invalid="ignore"):
            x_out, y_out, side = _exit_point(ax, (shown[-1], ys[-1]), (gone, objective.f(gone)))
        ax.plot([shown[-1], x_out], [ys[-1], y_out], ":", color=palette.PATH, lw=1.6,
                zorder=4)
        ax.plot([x_out], [y_out], EDGE_MARKERS[side], color=palette.DIVERGED, ms=12,
                mec=palette.WHITE, mew=1.0, clip_on=False, zorder=7, label=EDGE_LABEL)
    number_steps(ax, shown[:numbered], ys[:numbered])


# Where a step number may sit, seen from its point: 16 directions, at these distances in px
# between the number's box and the point, nearest first.
_DIRECTIONS = np.deg2rad(np.arange(45, 405, 22.5))
_GAPS = (5.0, 8.0, 12.0, 17.0, 23.0)
_CLEAR = 2.0  # px a number keeps from every drawn line, marker and other number


def _drawn_points(ax) -> list[tuple[np.ndarray, float]]:
    """Every visible line of ``ax`` as display points (segments sampled every 2 px) and the
    half-width in px of its line or markers: what a step number must not cover."""
    dpi = ax.figure.dpi
    drawn = []
    for line in ax.get_lines():
        xy = np.column_stack([np.ravel(line.get_xdata()), np.ravel(line.get_ydata())])
        xy = xy.astype(float)
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if not line.get_visible() or not len(xy):
            continue
        points = line.get_transform().transform(xy)
        radius = 0.0
        if line.get_linestyle() not in ("None", "none", "", " "):
            radius = line.get_linewidth() * dpi / 144
            if len(points) > 1:
                gaps = np.hypot(*np.diff(points, axis=0).T)
                pieces = [np.linspace(a, b, max(2, int(min(g, 4000) / 2) + 1), endpoint=False)
                          for a, b, g in zip(points[:-1], points[1:], gaps, strict=True)]
                points = np.vstack([*pieces, points[-1:]])
        if line.get_marker() not in ("None", "none", "", " ", None):
            radius = max(radius, line.get_markersize() * dpi / 144)
        drawn.append((points, radius))
    return drawn


def _clearance(box: np.ndarray, drawn, placed, inside: float) -> float:
    """How many px the box ``(x0, y0, x1, y1)`` keeps from the drawn lines and markers and from
    the boxes ``placed``, at most ``inside`` (its room inside the axes' frame); negative when it
    covers one of them or sticks out."""
    clear = inside
    for points, radius in drawn:
        dx = np.maximum(np.maximum(box[0] - points[:, 0], points[:, 0] - box[2]), 0.0)
        dy = np.maximum(np.maximum(box[1] - points[:, 1], points[:, 1] - box[3]), 0.0)
        clear = min(clear, float(np.min(np.hypot(dx, dy) - radius)))
    for other in placed:
        apart = np.maximum(np.maximum(other[:2] - box[2:], box[:2] - other[2:]), 0.0)
        clear = min(clear, float(np.hypot(*apart)))
    return clear


def number_steps(ax, xs, ys) -> None:
    """Write k next to the k-th point ``(xs[k], ys[k])``, each number where it covers no line,
    marker or earlier number of ``ax`` and stays inside the axes: at the nearest distance where
    such a place exists, the one with the most room around it. Call it once the figure is
    complete (limits and legends set): it lays the figure out to measure it in pixels."""
    xs, ys = np.ravel(np.asarray(xs, dtype=float)), np.ravel(np.asarray(ys, dtype=float))
    if not len(xs):
        return
    figure = ax.figure
    figure.draw_without_rendering()  # the final layout, so positions in pixels hold
    renderer = figure.canvas.get_renderer()
    drawn = _drawn_points(ax)
    frame = ax.get_window_extent(renderer)
    placed: list[np.ndarray] = []
    for k, point in enumerate(ax.transData.transform(np.column_stack([xs, ys]))):
        label = ax.annotate(str(k), (xs[k], ys[k]), textcoords="offset points", xytext=(0, 0),
                            ha="center", va="center", fontsize=9, fontweight="bold", zorder=8,
                            path_effects=[patheffects.withStroke(linewidth=2,
                                                                 foreground=palette.WHITE)])
        extent = label.get_window_extent(renderer)
        half = np.array([extent.width, extent.height]) / 2
        best, best_score = None, -np.inf
        for gap in _GAPS:
            free = []
            for angle in _DIRECTIONS:
                u = np.array([np.cos(angle), np.sin(angle)])
                reach = min(half[0] / max(abs(u[0]), 1e-9), half[1] / max(abs(u[1]), 1e-9))
                centre = point + (gap + reach) * u
                box = np.concatenate([centre - half, centre + half])
                inside = min(box[0] - frame.x0, box[1] - frame.y0, frame.x1 - box[2],
                             frame.y1 - box[3])
                clear = _clearance(box, drawn, placed, inside)
                if clear >= _CLEAR:
                    free.append((clear, box))
                elif clear - 0.5 * gap > best_score:
                    best, best_score = box, clear - 0.5 * gap
            if free:
                best = max(free, key=lambda found: found[0])[1]
                break
        label.xyann = tuple(((best[:2] + best[2:]) / 2 - point) * 72.0 / figure.dpi)
        placed.append(best)


def draw_minima_outlines(ax, objective, *, size: float = 16.0) -> None:
    """The objective's known minima on its curve as hollow triangles, ``size`` points across,
    drawn under the path: a path that bounces around a minimum stays visible through the
    outline, and a last-step diamond that ends at a minimum sits inside it, the triangle's
    corners showing around the diamond."""
    size = checks.positive("size", size)
    if not objective.minima:
        return
    m = np.array(objective.minima, dtype=float)
    ax.plot(m, objective.f(m), "^", ms=size, mfc="none", mec=palette.MINIMUM, mew=2.0,
            ls="none", zorder=4.5, label="known minima")


@styled
def plot_descent_1d(objective, result, *, title: str | None = None, numbered: int = 3, ax=None):
    """f with the descent path of ``result`` on it, the first ``numbered`` steps numbered
    where the numbers cover nothing (:func:`number_steps`)."""
    numbered = checks.integer("numbered", numbered, 0)
    own = ax is None
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=False)
    _keep_curve_in_view(ax, objective)
    draw_curve_path(ax, objective, result.path, end_size=7.0)
    draw_minima_outlines(ax, objective, size=18.0)
    ax.set_title(title or f"Gradient descent on the {objective.name}: {result.steps} steps")
    ax.legend(loc="best")
    inside, _ = path_in_view(result.path, *objective.domain)
    number_steps(ax, inside[:numbered], objective.f(inside[:numbered]))
    if own:
        lead = (f"Descent on {function_words(objective)} from "
                f"{start_words(float(np.ravel(result.path)[0]))}")
        shrink = "" if result.diverged else _step_sizes(result.path)
        describe(ax.figure, fitting(
            *(f"{lead} "
              + run_outcome(objective, result, objective.domain, detail=detail, shape=shape)
              + end
              for shape in (True, False) for end in (shrink, "") for detail in (2, 1, 0))))
    return ax.figure


def _step_sizes(path) -> str:
    """When a 1-D path's first step is its longest (to 10 %) and its last more than ten times
    shorter: "; big steps first, then tiny ones: the first 0.55 long, the last 1.3
    ten-millionths" (:func:`number_words`); else empty."""
    steps = np.abs(np.diff(np.ravel(np.asarray(path, dtype=float))))
    if (len(steps) < 2 or not np.isfinite(steps).all() or steps[0] < 0.9 * steps.max()
            or not steps[-1] < steps[0] / 10):
        return ""
    return (f"; big steps first, then tiny ones: the first {number_words(steps[0])} long, the "
            f"last {number_words(steps[-1])}")


def _arrow_in_legend(legend, orig_handle, xdescent, ydescent, width, height, fontsize):
    """How a legend draws an arrow's entry: a small arrow across its handle box."""
    return FancyArrow(-xdescent, height / 2 - ydescent, width, 0, width=height / 5,
                      head_width=height * 0.8, head_length=height * 0.7,
                      length_includes_head=True, color=orig_handle.get_facecolor())


@styled
def plot_direction_cases(objective, starts=(0.6, -0.9), *, step: float = 0.45):
    """The hill puzzle: at each start, the tangent's slope says which way is downhill.

    A negative derivative means f falls as x grows: step right. A positive one: step left. The
    arrow of the step has its own entry in each panel's legend.
    """
    starts = checks.finite_array("starts", starts, ndim=1, min_size=1)
    step = checks.positive("step", step)
    fig, axes = subplots(1, len(starts), width=10.0 / len(starts), height=4.2)
    for number, (ax, x) in enumerate(zip(axes[0], starts.tolist(), strict=True), start=1):
        slope = float(objective.grad(x))
        draw_curve(ax, objective, show_minima=False)
        _draw_tangent(ax, objective, x, half_width=0.5, label=None)
        direction = -np.sign(slope)
        target = x + direction * step
        ax.annotate("", xy=(target, objective.f(target)), xytext=(x, objective.f(x)),
                    arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 2.5,
                                "mutation_scale": 18})
        ax.plot([x], [objective.f(x)], "o", color=palette.START, ms=9, label="you are here")
        sign, way = _downhill(slope)
        ax.set_title(f"Case {number}: f'(x) = {slope:.2f} is {sign}\nso {way}", fontsize=11)
        _keep_curve_in_view(ax, objective)
        handles, labels = ax.get_legend_handles_labels()
        handles.append(FancyArrow(0, 0, 1, 0, color=palette.PATH))
        labels.append("the step: against the slope")
        ax.legend(handles, labels, loc="upper center", fontsize=9,
                  handler_map={FancyArrow: HandlerPatch(patch_func=_arrow_in_legend)})
    fig.suptitle("Which way is downhill? The sign of the derivative decides")
    describe(fig, _directions_sentence(objective, starts.tolist()))
    return fig


def _valley_ahead(objective, x: float, slope: float) -> float | None:
    """The known minimum that a step against ``slope`` from ``x`` heads down to: the nearest
    one that way, when f only falls from x to it (no bump between); else None."""
    way = -np.sign(slope)
    ahead = [m for m in objective.minima if way and np.sign(m - x) == way]
    if not ahead:
        return None
    m = float(min(ahead, key=lambda m: abs(m - x)))
    between = np.linspace(x, m, 201)[:-1]
    return m if np.all(np.sign(objective.grad(between)) == np.sign(slope)) else None


def _directions_sentence(objective, starts: list) -> str:
    """How many panels, what each shows, and for each start its slope, where its step goes and
    into which valley ("in case 1, at x = 0.6 the slope -0.62 is negative, so step right, down
    into the valley of x = 1"); in fewer words when that is too long, for many starts the
    starts grouped by the way they step."""
    lead = f"On {function_words(objective)}, the step goes against the slope: "
    panels = (f"{count_words(len(starts)).capitalize()} panels on {function_words(objective)}, "
              "each with a tangent and a step against its slope: " if len(starts) > 1 else lead)
    cases, short, groups = [], [], {}
    for number, x in enumerate(starts, start=1):
        slope = float(objective.grad(x))
        sign, way = _downhill(slope)
        valley = _valley_ahead(objective, x, slope)
        into = f", down into the valley of x = {valley:g}" if valley is not None else ""
        case = f"in case {number}, " if len(starts) > 1 else ""
        cases.append(f"{case}at x = {x:g} the slope {slope:.2f} is {sign}, so "
                     f"{_MOVES[sign]}{into}")
        short.append(f"at x = {x:g} the slope {slope:.2f} is {sign}, so {way}")
        groups.setdefault((sign, _MOVES[sign]), []).append(f"{x:g}")
    grouped = [f"{move} at x = {listed(xs)}, where it is {sign}"
               for (sign, move), xs in groups.items()]
    counted = [f"{move} at {len(xs)} of them, where it is {sign}"
               for (sign, move), xs in groups.items()]
    return fitting(panels + "; ".join(cases), lead + "; ".join(cases),
                   lead + "; ".join(short),
                   lead + "; ".join(case.split(" (")[0] for case in short),
                   lead + "; ".join(grouped),
                   summary=f"{lead}of {len(starts)} starts, " + "; ".join(counted), aim=False)


_MOVES = {"negative": "step right", "positive": "step left", "zero": "stay"}


def _downhill(slope: float) -> tuple[str, str]:
    """The sign of a slope in words, and where the step goes: "negative", "go towards
    increasing x (step right)"."""
    if slope < 0:
        return "negative", "go towards increasing x (step right)"
    if slope > 0:
        return "positive", "go towards decreasing x (step left)"
    return "zero", "stay: no way is downhill"


@styled
def plot_difference_errors(f, df, x: float, hs=None, *, title: str | None = None, ax=None):
    """Error of forward, backward and central differences against h, on log-log axes.

    The one-sided errors fall like h, the central one like h^2, until round-off (about
    machine epsilon / h) takes over at small h.
    """
    f, df = checks.callable_("f", f), checks.callable_("df", df)
    x = checks.number("x", x)
    if hs is None:
        hs = np.logspace(-15, -1, 57)
    else:
        hs = checks.finite_array("hs", hs, ndim=1, min_size=1)
        if np.any(hs <= 0):
            raise ValueError(f"hs must be step sizes h > 0, got {hs!r}")
    exact = float(df(x))
    own = ax is None
    ax = one_axes(ax, width=7.0, height=4.6)
    styles = {"forward": ("o", palette.BLUE, "none"),
              "backward": ("s", palette.ORANGE, palette.ORANGE),
              "central": ("^", palette.GREEN, palette.GREEN)}
    sides = {"forward": "step +h, to the right", "backward": "step −h, to the left",
             "central": "both sides"}
    found = {}
    for scheme, (marker, colour, face) in styles.items():
        errors = [abs(float(numerical_derivative(f, x, h, scheme)) - exact) for h in hs]
        found[scheme] = np.array(errors)
        errors = np.maximum(errors, 1e-17)
        ax.loglog(hs, errors, marker, color=colour, mfc=face, ms=5, ls="-", lw=1,
                  label=f"{scheme} ({sides[scheme]})", zorder=3 if scheme == "forward" else 2)
    # Guide lines, drawn a little above the data where each law holds.
    eps = np.finfo(float).eps
    h_ref = hs[-1]
    forward_ref = abs(float(numerical_derivative(f, x, h_ref, "forward")) - exact)
    central_ref = abs(float(numerical_derivative(f, x, h_ref, "central")) - exact)
    truncation = hs[hs >= 1e-5]
    ax.loglog(truncation, 5 * forward_ref * truncation / h_ref, ":", color=palette.BLACK, lw=1.5,
              label="guide, slope 1: error ∝ h")
    ax.loglog(truncation, 5 * central_ref * (truncation / h_ref) ** 2, "--", color=palette.BLACK,
              lw=1.5, label="guide, slope 2: error ∝ h²")
    rounding = hs[hs <= 1e-7]
    scale = abs(float(f(x))) or 1.0
    ax.loglog(rounding, 5 * eps * scale / rounding, "-.", color=palette.GREY, lw=1.5,
              label="guide, slope −1: round-off ∝ ε·|f(x)|/h")
    ax.set_ylim(1e-17, 10)
    ax.set_xlabel("step size h (log scale)")
    ax.set_ylabel("|estimate − exact derivative| (log scale)")
    ax.set_title(title or f"Finite differences at x = {x:g}: error against h")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, fontsize=9)
    if own:
        describe(ax.figure, _errors_sentence(x, hs, found))
    return ax.figure


def _power(value: float) -> str:
    """A positive value as the nearest power of ten, the way lecture 1 prints it: "1e-5"."""
    return f"1e{round(float(np.log10(value))):d}"


def _fitted_slopes(hs: np.ndarray, errors: dict) -> dict:
    """Each scheme's slope on the log-log axes where truncation rules: a straight-line fit of
    log error against log h over the h at least 100 times its best h (at least 3 of them, none
    exactly 0); schemes with too few such h are left out."""
    slopes = {}
    for scheme, error in errors.items():
        keep = (hs >= 100 * hs[int(np.argmin(error))]) & (error > 0)
        if keep.sum() >= 3:
            slopes[scheme] = float(np.polyfit(np.log10(hs[keep]), np.log10(error[keep]), 1)[0])
    return slopes


def _law(slope: float) -> str:
    """How an error falls with h, from its fitted slope: "like h", "like h squared"."""
    nearest = round(slope)
    if abs(slope - nearest) > 0.15 or nearest < 1:
        return f"with slope {slope:.2f}"
    return {1: "like h", 2: "like h squared", 3: "like h cubed"}.get(nearest,
                                                                    f"like h to the {nearest}")


def _errors_sentence(x: float, hs: np.ndarray, errors: dict) -> str:
    """The first of :func:`_errors_candidates` that fits."""
    return fitting(*_errors_candidates(x, hs, errors), aim=False)


def _errors_candidates(x: float, hs: np.ndarray, errors: dict) -> list[str]:
    """The shape the figure shows: when every error grows again at the smallest h, the V each
    error makes on the log-log axes, read from large h to small: how each falls where
    truncation rules (its fitted slope, :func:`_law`), where each bottoms out and how low, and
    how high round-off takes them at the smallest h. Else (and in fewer words when that is too
    long) which scheme gets closest to the exact derivative, how close and at which h (schemes
    that read the same grouped), and how each error falls. Most said first."""
    best = {}
    for scheme, error in errors.items():
        k = int(np.argmin(error))
        shown = "0" if error[k] == 0 else f"about {_power(error[k])}"
        best.setdefault((shown, _power(hs[k])), []).append(scheme)
    ranked = sorted(best.items(), key=lambda item: min(errors[s].min() for s in item[1]))
    (shown, h), schemes = ranked[0]
    many = len(schemes) > 1
    parts = [f"At x = {x:g} the {listed(schemes)} difference{'s get' if many else ' gets'} "
             f"closest to the exact derivative, error {shown} at h near {h}"]
    for (shown, h), schemes in ranked[1:]:
        parts.append(f"{listed(schemes)} {'reach' if len(schemes) > 1 else 'reaches'} "
                     f"{shown} at h near {h}")
    smallest = int(np.argmin(hs))
    turns = all(error[smallest] > 10 * error.min() for error in errors.values())
    if turns:
        parts.append("for smaller h round-off makes every error grow again")
    candidates = ["; ".join(parts), "; ".join(parts[:-1]), parts[0]]
    slopes = _fitted_slopes(hs, errors)
    if not slopes:
        return candidates
    laws: dict = {}
    for scheme, slope in slopes.items():
        laws.setdefault(_law(slope), []).append(scheme)

    def fall(law: str, group: list, fitted: bool = True) -> str:
        numbers = listed(f"{slopes[scheme]:.2f}" for scheme in group)
        said = (f" (fitted slope{'s' if len(group) > 1 else ''} {numbers})" if fitted else "")
        if len(group) == 1:
            return f"the {group[0]} error falls {law}{said}"
        return f"the {listed(group)} errors fall {law}{said}"

    falls = listed(fall(law, group) for law, group in laws.items())
    after = " before round-off takes over" if turns else ""
    shape = f"on the log-log axes {falls}{after}"
    candidates = ["; ".join(parts[:-1] if turns else parts) + "; " + shape,
                  parts[0] + "; " + shape] + candidates
    if turns:
        candidates = _v_sentences(x, hs, errors, laws) + candidates
    return candidates


def _v_sentences(x: float, hs: np.ndarray, errors: dict, laws: dict) -> list[str]:
    """The V of :func:`_errors_sentence`, most said first: "At x = 0.7 each error makes a V on
    the log-log axes: as h shrinks from 0.1 the forward and backward errors fall like h and the
    central like h squared, then round-off makes them climb again; forward and backward bottom
    out near h = 1e-8, at about 1e-9 and 1e-8, central near h = 1e-6, at about 1e-11; at
    h = 1e-15 they are back at 1e-2 to 1e-1"."""
    falls = [f"the {listed(group)} error{'s' if len(group) > 1 else ''} "
             f"fall{'' if len(group) > 1 else 's'} {law}" if not k else
             f"the {listed(group)} {law}" for k, (law, group) in enumerate(laws.items())]
    bottoms: dict = {}
    for scheme, error in errors.items():
        k = int(np.argmin(error))
        bottoms.setdefault(_power(hs[k]), []).append(
            (scheme, "0" if error[k] == 0 else _power(error[k])))
    lows = []
    for k, (h, group) in enumerate(bottoms.items()):
        names = listed(scheme for scheme, _ in group)
        verb = (" bottom out" if len(group) > 1 else " bottoms out") if not k else ""
        lows.append(f"{names}{verb} near h = {h}, at about {listed(low for _, low in group)}")
    smallest = int(np.argmin(hs))
    ends = sorted({float(_power(error[smallest])) for error in errors.values()
                   if error[smallest] > 0})
    h = _power(hs[smallest])
    back = (f"at h = {h} they are back near {_power(ends[0])}" if len(ends) == 1 else
            f"at h = {h} they are back at {_power(ends[0])} to {_power(ends[-1])}")
    v = (f"each error makes a V on the log-log axes: as h shrinks from {hs.max():g} "
         f"{listed(falls)}, then round-off makes them climb again")
    low = ", ".join(lows)
    return [f"At x = {x:g} {v}; {low}; {back}", f"At x = {x:g} {v}; {low}",
            f"{v[:1].upper()}{v[1:]}; {low}"]
