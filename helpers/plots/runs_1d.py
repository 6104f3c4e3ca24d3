"""Whole runs on a 1-D function, side by side: the path on the curve above, x against the step
below. Made for comparisons where the story is in the timing: learning rates too small, good,
oscillating and diverging; momentum overshooting; a fixed learning rate bouncing around a kink
while a decaying one settles.

Both builders word a run's outcome one way (:func:`_outcome`). :func:`plot_runs_1d` draws
with :func:`_runs_figure`; :func:`plot_lr_regimes` has a layout of its own (see its section
below, with the edge marker of :func:`helpers.plots.draw_curve_path`). In :func:`_runs_figure`:

* the view is the domain, widened to show every run that did not diverge whole (by at most
  ``MAX_WIDENING`` of the domain on each side);
* on the curve, a path that leaves the view ends at its edge with an arrow saying at which step
  it left (no last-step diamond);
* below, a diverged run's x_k axis is logarithmic beyond +-3, so its whole flight fits; then each
  panel keeps its own y axis, otherwise the panels of a row share theirs;
* on the curve every iterate is a dot, however long the run: the straight lines join successive
  iterates and are not a track along the curve;
* one legend under the figure names every mark of both rows.
"""

from __future__ import annotations

import re

import numpy as np
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator, SymmetricalLogLocator

from .. import checks, palette
from ..geometry import curve_range, running_max, widened_range
from ..results import plural
from .descriptions import describe, fitting, listed
from .marks import DOTS_UP_TO
from .one_d import (
    bounce,
    bound_words,
    draw_curve,
    draw_curve_path,
    draw_minima_outlines,
    exit_side,
    flipping,
    flipping_since,
    function_words,
    name_words,
    number_steps,
    path_in_view,
    run_outcome,
    spoken_label,
    start_words,
)
from .style import styled, subplots

__all__ = ["plot_lr_regimes", "plot_runs_1d"]

# Each panel widens its view to show every run that did not diverge whole, but by at most this
# share of the domain on each side.
MAX_WIDENING = 0.25
WINDOW = 10  # the log-distance panel shows the largest distance over this many recent iterates
FIRST_STEPS = 40  # above it, x_k over this many first steps
LINEAR_UP_TO = 3  # a diverged run's x_k axis is linear within +-3, logarithmic beyond
# The y label of the log-distance panels: what the line is, and that the axis is logarithmic.
DISTANCE_LABEL = f"largest $|x_j - x^*|$ over\nthe last {WINDOW} iterates (log scale)"


def _outcome(result) -> str:
    """How a run ended, in the words the lectures use: "converged after 14 steps", "still
    bouncing after 40 steps" (each of its last steps turns back: :func:`one_d.bounce`)."""
    state = _state(result)
    state = f"still {state}" if state in ("moving", "bouncing") else state
    return f"{state} after {plural(int(result.steps), 'step')}"


def _start(result) -> float:
    return float(np.ravel(result.path)[0])


def _lead(objective, runs: dict, points: dict) -> tuple[str, bool]:
    """``"On the quartic from x = 1.3"`` when every run starts there, else ``"On the
    quartic"``; and whether the runs share their start."""
    starts = {start_words(_start(r), points) for r in runs.values()}
    shared = len(starts) == 1
    return f"On {function_words(objective)}" + (f" from {starts.pop()}" if shared else ""), shared


# How a sentence says a run's state, for one run and for several.
_VERBS = {"converged": ("converges", "converge"),
          "bouncing": ("bounces from side to side", "bounce from side to side"),
          "moving": ("is still moving", "are still moving"),
          "diverged": ("diverges", "diverge")}


def _state(result) -> str:
    if result.diverged or result.converged:
        return "diverged" if result.diverged else "converged"
    return "moving" if bounce(result.path) is None else "bouncing"


def _counted(runs: dict) -> str:
    """How many runs converge, bounce, are still moving and diverge: "of 4 runs 2 converge, 1
    is still moving and 1 diverges"."""
    states = [_state(r) for r in runs.values()]
    parts = [f"{states.count(state)} {_VERBS[state][states.count(state) != 1]}"
             for state in _VERBS if state in states]
    return f"of {plural(len(runs), 'run')} {listed(parts)}"


def _runs_sentence(objective, runs: dict, view, points: dict, exits: dict | None = None) -> str:
    """Where each run ends, by its name, and how it gets there: "On the quartic from x = 1.3:
    good: learning rate 0.2 converges to x = 1 from the right in 14 steps; ...; diverging:
    learning rate 1.2 diverges, crossing the bump at x = 0 at step 1 and leaving the chart
    through its left edge at step 3" (``exits``: the edge of the chart each diverging run leaves
    by, as the figure draws it), after what the two rows show when that fits ("the path on the
    curve above, x after each step below"). When that is too long: the same without the rows,
    with "lr" for "learning rate", with fewer words per run, then without the way there
    (:func:`run_outcome`'s ``shape``)."""
    lead, shared = _lead(objective, runs, points)
    exits = exits or {}
    # (detail, terse, how much of the way there): the most said first
    full, swings = {"shape": True}, {"shape": True, "sides": False, "overshoot": True}
    levels = [(2, False, full), (1, False, full), (1, False, swings), (0, False, swings),
              (0, False, {**swings, "when": False}), (0, False, full),
              (0, True, {"shape": True, "sides": False, "when": False}),
              (0, True, {"shape": True, "sides": False, "when": False, "note": False}),
              (2, False, {}), (1, False, {}), (0, False, {}), (0, True, {})]
    candidates = []
    for detail, terse, way in levels:
        for say in (name_words, spoken_label):
            clauses = [
                f"{say(name)}{'' if shared else ' from ' + start_words(_start(r), points)} "
                + run_outcome(objective, r, view, points=points, detail=detail, terse=terse,
                              exit_side=exits.get(name), **way)
                for name, r in runs.items()]
            if not candidates:
                candidates.append(f"{lead}, {ROWS}: {'; '.join(clauses)}")
            candidates.append(f"{lead}: {'; '.join(clauses)}")
    return fitting(*dict.fromkeys(candidates), summary=f"{lead}, {_counted(runs)}", aim=False)


ROWS = "with the path on the curve above and x after each step below"  # plot_runs_1d's two rows


# How plot_lr_regimes's caller names its runs: "too small: lr = 0.01".
_REGIME = re.compile(r"^(?P<kind>[^:]+):\s*lr\s*=\s*(?P<lr>[-+0-9.e]+)$")


def _runaway(result, view, *, row: bool = False, short: bool = False) -> str:
    """What a diverged 1-D run does after it leaves the x range ``view`` (and that x after each
    step shows it, ``row``: "(bottom row)"), and when the solver gave up: "then swings from side
    to side ever wider, to x = 5.4e+10: diverged after 6 steps" (each iterate on the other side
    of the view than the one before, and farther out), "then runs off ever further left, to
    x = -1.8e+10: diverged after 8 steps" (every iterate on one side, each farther out), else
    "then reaches x = ...". ``short``: "then swings ever wider, to x = 5.4e+10 at step 6".
    Empty when the run stays in the view."""
    path = np.ravel(np.asarray(result.path, dtype=float))
    _, outside = path_in_view(path, *view)
    if not len(outside):
        return ""
    tail = path[outside[0]:]
    middle = (view[0] + view[1]) / 2
    side, size = np.sign(tail - middle), np.abs(tail - middle)
    wider = bool(np.all(np.diff(size) > 0))
    where = " (bottom row)" if row else ""
    if len(tail) > 2 and wider and np.all(side[1:] == -side[:-1]):
        how = f"swings {'' if short else 'from side to side '}ever wider{where}, to"
    elif len(tail) > 1 and wider and np.all(side == side[0]):
        how = (f"runs off {'' if short else 'ever '}further "
               f"{'left' if side[0] < 0 else 'right'}{where}, to")
    else:
        how = "reaches"
    steps = int(result.steps)
    end = f" at step {steps}" if short else f": diverged after {plural(steps, 'step')}"
    reached = f"x = {tail[-1]:.2g}" + (where if how == "reaches" else "")
    return f"then {how} {reached}{end}"


def _regimes_sentence(objective, runs: dict, view, exits: dict) -> str:
    """:func:`plot_lr_regimes`'s description. When every run is named "kind: lr = value" and
    they share their start, each run by its learning rate and kind, and what it does: "On the
    quartic from x = 1.3, learning rate 0.01 (too small) is still moving at x = 1.07 after 40
    steps; ...; 1.2 (diverging) crosses the bump at x = 0 at step 1, exits the chart on the
    left at step 3, then swings from side to side ever wider (bottom row), to x = 5.4e+10:
    diverged after 6 steps". What a diverging run does after it leaves the chart
    (:func:`_runaway`) is told first of all; then, when there is room, that the bottom row
    shows it, the bump it crosses, the side the others come in from, the "not settled" of a
    bouncing run and the edge's name. Else as :func:`plot_runs_1d` says it."""
    found = {name: _REGIME.match(str(name)) for name in runs}
    lead, shared = _lead(objective, runs, {})
    general = _runs_sentence(objective, runs, view, {}, exits)
    if not shared or not all(found.values()):
        return general
    def diverging(name) -> bool:  # the run's kind already says so: "diverging: lr = 1.2"
        return found[name]["kind"].strip().lower().startswith("diverg")

    def clause(name, r, *, sides, note, edges, crossing=True, beyond=False, row=False,
               short=False, bare=False) -> str:
        words = run_outcome(objective, r, view, detail=0, terse=True, shape=True, sides=sides,
                            note=note, named=diverging(name), crossing=crossing,
                            exit_side=exits.get(name) if edges else None)
        further = (_runaway(r, view, row=row, short=short)
                   if beyond and r.diverged and diverging(name) else "")
        if further:
            words = words.replace(" and exits the chart", ", exits the chart")
            if bare:  # "exits on the left": the chart goes without saying
                words = words.replace("exits the chart ", "exits ")
            words += f", {further}"
        return f"{found[name]['lr']} ({found[name]['kind'].strip()}) {words}"

    start = start_words(_start(next(iter(runs.values()))))
    named = f"On the {objective.name} from {start}"
    others = ((True, True, True), (False, True, True), (False, False, True),
              (False, False, False))
    # (the bottom row named, the bump crossed) with the run-off; then without the run-off
    away = [dict(beyond=True, row=True), dict(beyond=True, row=True, crossing=False),
            dict(beyond=True), dict(beyond=True, crossing=False),
            dict(beyond=True, crossing=False, short=True),
            dict(beyond=True, crossing=False, short=True, bare=True), {}]
    candidates = []
    for words in dict.fromkeys((lead, named)):  # the formula in words, else the name
        for further in away:
            for sides, note, edges in others:
                clauses = [clause(name, r, sides=sides, note=note, edges=edges, **further)
                           for name, r in runs.items()]
                candidates.append(f"{words}, learning rate {'; '.join(clauses)}")
    return fitting(*dict.fromkeys(candidates), general, aim=False)


def _distance_sentence(objective, runs: dict) -> str:
    """For the log-distance figure: what its two rows show (x over the first
    :data:`FIRST_STEPS` steps above, the distance to the minimum on a log scale below), and for
    each run how close its last ``WINDOW`` iterates all stay to the minimum ("its last 10
    iterates all within 0.0064 of the minimum x = 0", the bound rounded up so that it holds),
    and which run ends the closest when several are told by their distance (each run named
    once, in words: "learning rate 0.2 divided by the square root of (k + 1)"); a run that
    ends flipping between two values for ever says so, which two, and from which step on
    (:func:`flipping_since`). Without the rows when that is too long."""
    lead, shared = _lead(objective, runs, {})
    minima = list(objective.minima)
    target = (f"the minimum x = {float(minima[0]):g}" if len(minima) == 1
              else "its nearest known minimum")
    last = {name: float(running_max(_distance(objective, r), WINDOW)[-1])
            for name, r in runs.items()}
    told = [name for name, r in runs.items()
            if r.converged or r.diverged or not flipping(r.path)]
    closest = min(told, key=last.get) if told else None
    if len(told) < 2 or sum(f"{bound_words(last[name])}" == f"{bound_words(last[closest])}"
                            for name in told) > 1:
        closest = None
    near = f"x = {float(minima[0]):g}" if len(minima) == 1 else "it"  # once the rows said it
    rows = (f"x for the first {FIRST_STEPS} steps above, its distance to "
            + (target if len(minima) == 1 else "the nearest minimum")
            + " below (log scale)")

    def clause(name, r, say, target=target) -> str:
        said = f"{say(name)}{'' if shared else ' from ' + start_words(_start(r))} "
        best = ", the closest run" if name == closest else ""
        if name not in told:
            two = flipping(r.path)
            return (f"{said}keeps flipping between x = {two[0]:.3g} and x = {two[1]:.3g} from "
                    f"step {flipping_since(r.path)} on, for ever")
        return (f"{said}{_VERBS[_state(r)][0]} after {plural(int(r.steps), 'step')}, its last "
                f"{WINDOW} iterates all within {bound_words(last[name])} of {target}{best}")

    return fitting(*(f"{lead}, {rows}: "
                     + "; ".join(clause(name, r, say, near) for name, r in runs.items())
                     for say in (name_words, spoken_label)),
                   *(f"{lead}: {'; '.join(clause(name, r, say) for name, r in runs.items())}"
                     for say in (name_words, spoken_label)),
                   summary=f"{lead}, {_counted(runs)}", aim=False)


def _points(points) -> dict:
    """Named positions on the x axis, each a finite number (``None`` or ``{}``: none)."""
    if points is None or (isinstance(points, dict) and not points):
        return {}
    points = checks.mapping("points", points, "a name to an x position")
    return {label: checks.number(f"points[{label!r}]", x) for label, x in points.items()}


def _view(objective, runs: dict) -> tuple[float, float]:
    """The domain, widened to hold every run that did not diverge (a diverging run would only
    shrink the curve: it leaves any view)."""
    kept = [r.path for r in runs.values() if not r.diverged]
    if not kept:
        return tuple(float(v) for v in objective.domain)
    return widened_range(objective.domain, kept, most=MAX_WIDENING)


# Minima on the curve are outlines drawn over the path, as on the 2-D maps: a last-step diamond
# that ends at a minimum shows through the marker, and the marker keeps its colour round it.
MINIMUM_MARK = {"mfc": "none", "mec": palette.MINIMUM, "mew": 2.0, "ls": "none", "zorder": 9}


def _mark_minima(ax, objective) -> None:
    """The known minima on the curve: a hollow star for the global one and hollow triangles for
    the local ones (hollow stars for all when no global minimum is known)."""
    minima = np.array(objective.minima, dtype=float)
    if len(minima) == 0:
        return
    best = objective.global_minimum
    if best is not None and len(minima) > 1:
        is_best = np.isclose(minima, float(best))
        ax.plot(minima[is_best], objective.f(minima[is_best]), "*", ms=17,
                label="global minimum", **MINIMUM_MARK)
        ax.plot(minima[~is_best], objective.f(minima[~is_best]), "^", ms=13,
                label="local minimum", **MINIMUM_MARK)
    else:
        ax.plot(minima, objective.f(minima), "*", ms=17,
                label="minimum" if len(minima) == 1 else "minima", **MINIMUM_MARK)


def _plot_iterates(ax, objective, result, *, dot_size: float) -> np.ndarray:
    """x_k against k (dotted while there are few steps), the known minima as dashed lines;
    returns the iterates."""
    path = np.ravel(result.path)
    marker = {"marker": "o", "ms": dot_size} if len(path) <= DOTS_UP_TO else {}
    ax.plot(np.arange(len(path)), path, "-", color=palette.PATH, lw=1.2, label="$x_k$", **marker)
    for m in objective.minima:
        ax.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label="known minima")
    return path


def _draw_steps(ax, objective, result) -> None:
    """x_k against k, the known minima as dashed lines; a diverged run on a log axis."""
    _plot_iterates(ax, objective, result, dot_size=2.5)
    scale = ""
    if result.diverged:
        ax.set_yscale("symlog", linthresh=LINEAR_UP_TO)
        ax.yaxis.set_major_locator(SymmetricalLogLocator(base=1000, linthresh=LINEAR_UP_TO))
        scale = f" (log scale beyond ±{LINEAR_UP_TO})"
    _step_labels(ax, "x_k", "x after each step" + scale)


def _distance(objective, result) -> np.ndarray:
    """|x_k - x*| for every iterate, x* the known minimum nearest to x_k."""
    path = np.ravel(result.path)
    return np.min(np.abs(path[:, None] - np.array(objective.minima)[None, :]), axis=1)


def _minimum_name(objective) -> str:
    """x* in words: "x* = 0" for one known minimum, else "x* = the nearest minimum"."""
    minima = list(objective.minima)
    return f"x* = {float(minima[0]):g}" if len(minima) == 1 else "x* = the nearest minimum"


def _draw_distance(ax, objective, result) -> None:
    """How far x_k stays from the nearest known minimum x* (the largest distance over steps
    k - WINDOW + 1 .. k, so a bouncing run reads as one line), on a log scale; the last value
    written at the line's end."""
    envelope = np.maximum(running_max(_distance(objective, result), WINDOW), 1e-16)
    steps = np.arange(len(envelope))
    ax.semilogy(steps, envelope, "-", color=palette.PATH, lw=1.6,
                label=f"largest $|x_j - x^*|$ for $j = k-{WINDOW - 1}, \\dots, k$")
    ax.annotate(f"{envelope[-1]:.2g}", (steps[-1], envelope[-1]), textcoords="offset points",
                xytext=(-4, 6), ha="right", va="bottom", fontsize=10,
                color=palette.ink(palette.PATH))
    _step_labels(ax, "|x_k - x^*|", f"distance to the minimum, {_minimum_name(objective)}")
    ax.set_ylabel(DISTANCE_LABEL)


def _draw_first_steps(ax, objective, result) -> None:
    """x_k against k for the first ``FIRST_STEPS`` steps, every iterate a dot: how a run moves
    near the minimum (on a V like |x| the path on the curve would lie on the curve and show
    nothing)."""
    path = np.ravel(result.path)[: FIRST_STEPS + 1]
    ax.plot(np.arange(len(path)), path, "-o", color=palette.PATH, lw=1.2, ms=3,
            label=f"$x_k$, first {FIRST_STEPS} steps")
    for m in objective.minima:
        ax.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label=f"the minimum x* = {m:g}"
                   if len(objective.minima) == 1 else "known minima")
    ax.set_xlim(-0.5, FIRST_STEPS + 0.5)
    ax.set_xlabel("step k")
    ax.set_ylabel("$x_k$")
    _zoom_on_the_bounce(ax, objective, path)


def _zoom_on_the_bounce(ax, objective, path: np.ndarray) -> None:
    """Zoom the y axis on the bounce: from the step before the path first crosses its minimum
    on (a bounce a tenth of the start's distance stays visible). The earlier iterates, above or
    below the view, sit as triangles on the frame at their steps."""
    minima = np.array(objective.minima, dtype=float)
    if len(path) < 3 or not len(minima):
        return
    side = np.sign(path - minima[np.argmin(np.abs(minima - path[-1]))])
    crossed = np.flatnonzero(side != side[0])
    if not len(crossed) or crossed[0] < 2:
        return
    kept = path[crossed[0] - 1 :]
    pad = 0.12 * (kept.max() - kept.min())
    low, high = kept.min() - pad, kept.max() + pad
    ax.set_ylim(low, high)
    for beyond, edge, marker, where in ((path > high, 1.0, "^", "above"),
                                        (path < low, 0.0, "v", "below")):
        steps = np.flatnonzero(beyond)
        if len(steps):
            ax.plot(steps, np.full(len(steps), edge), marker, color=palette.PATH, ms=4.5, mew=0,
                    ls="none", clip_on=False, zorder=6, transform=ax.get_xaxis_transform(),
                    label="$x_k$ beyond the zoomed view (first steps)")
            first, last = (f"$x_{{{k}}}$" for k in (steps[0], steps[-1]))
            ax.set_xlabel(f"step k ({first} to {last} {where} the view)" if len(steps) > 1
                          else f"step k ({first} {where} the view)")


def _dot_every_iterate(ax, objective, result, view) -> None:
    """A dot at every iterate on the curve also when the path is too long for its own dots
    (:data:`DOTS_UP_TO`): the lines between them join successive iterates; the ball does not
    travel along them."""
    shown, _ = path_in_view(result.path, *view)
    if len(shown) > DOTS_UP_TO:
        ax.plot(shown, objective.f(shown), "o", color=palette.PATH, ms=3, ls="none", alpha=0.9,
                zorder=5)


def _step_labels(ax, symbol: str, title: str) -> None:
    ax.set_xlabel("step k")
    ax.set_ylabel(f"${symbol}$")
    ax.set_title(title, fontsize=10)


def _runs_figure(
    objective,
    runs: dict,
    *,
    title: str,
    points: dict,
    log_distance: bool,
    width: float,
    height: float,
):
    """One column per run: the path on f (top), x_k (or its distance to the nearest minimum)
    against k (bottom); each title says where the run ended."""
    view = _view(objective, runs)
    # A diverged run's x_k panel has a log axis of its own; otherwise a row shares its y axis,
    # but for the distances the first row zooms each panel on its own bounce.
    shared = log_distance or not any(r.diverged for r in runs.values())
    fig, axes = subplots(2, len(runs), width=width, height=height,
                         sharey="row" if shared and not log_distance else False)
    if log_distance:
        for ax in axes[1, 1:]:
            ax.sharey(axes[1, 0])
            ax.tick_params(labelleft=False)
    plural_points = f"the named point{'s' if len(points) > 1 else ''} {', '.join(points)}"
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        ends = f", ends at x = {float(result.final):.3g}"
        if log_distance:
            _draw_first_steps(top, objective, result)
            last = float(running_max(_distance(objective, result), WINDOW)[-1])
            ends = (f"\nlast {WINDOW} iterates within {bound_words(last)} of "
                    f"{_minimum_name(objective)}")
            _draw_distance(bottom, objective, result)
        else:
            draw_curve(top, objective, view, show_minima=False)
            top.set_ylim(*curve_range(objective, padding=0.1, over=view))
            draw_curve_path(top, objective, result.path, view=view)
            _dot_every_iterate(top, objective, result, view)
            _mark_minima(top, objective)
            _draw_steps(bottom, objective, result)
        top.set_title(f"{name}\n{_outcome(result)}{ends}", fontsize=10)
        for label, x in points.items():
            steps_panel = top if log_distance else bottom
            if not log_distance:
                top.annotate(label, (x, float(objective.f(x))), textcoords="offset points",
                             xytext=(0, 10), ha="center", fontsize=12, fontweight="bold")
                # every named point's x as a line, as the known minima have theirs
                bottom.axhline(x, color=palette.GREY, ls=":", lw=1.4, zorder=1,
                               label=f"x of {plural_points} (bottom row)")
            steps_panel.annotate(label, xy=(1.0, x), xycoords=("axes fraction", "data"),
                                 textcoords="offset points", xytext=(4, -4), fontsize=10,
                                 fontweight="bold", annotation_clip=False)
    _legend_below(fig, axes, columns=4 if len(runs) > 1 else 3)
    if shared:
        for ax in axes[1 if log_distance else 0 :, 1:].ravel():
            ax.set_ylabel(DISTANCE_LABEL if ax.get_yscale() == "log" else "")
    fig.suptitle(title)
    return fig


@styled
def plot_runs_1d(
    objective,
    runs: dict,
    *,
    title: str | None = None,
    points: dict | None = None,
    log_distance: bool = False,
    width: float = 4.3,
    height: float = 3.3,
):
    """One column per run (``runs`` maps a name to a result): the path on f, then x_k against k.

    Every panel shows each run whole (the view widens past the domain when a run swings beyond
    it); a diverging run leaves the view with an arrow and gets a log axis below (see the module
    docstring). ``points`` names positions on the x axis, e.g. ``{"M": 2.0, "C": 1.0}`` (the slides'
    start and trap), marked on every panel. With ``log_distance`` (for a kink such as |x|, where
    a path on the curve lies on the curve) the top row shows x_k for the first ``FIRST_STEPS``
    steps, and the bottom row how far x_k stays from the nearest known minimum x* (the largest
    distance over the last ``WINDOW`` iterates, so a bouncing run reads as one line) on a log
    scale, its last value written at its end and in the run's title.
    """
    runs = checks.mapping("runs", runs)
    points = _points(points)
    log_distance = checks.flag("log_distance", log_distance)
    fig = _runs_figure(
        objective,
        runs,
        title=title or f"Runs on the {objective.name} side by side",
        points=points,
        log_distance=log_distance,
        width=checks.positive("width", width),
        height=checks.positive("height", height),
    )
    describe(fig, _distance_sentence(objective, runs) if log_distance
             else _runs_sentence(objective, runs, _view(objective, runs), points))
    return fig


# ---------------------------------------------------------------- the learning-rate regimes
# plot_lr_regimes has a layout of its own (10 inches wide, one legend under the figure, every
# mark of a diverging run readable); the pieces below are used by it alone.

# The legend under the regimes figure names the bottom row's marks by their row.
_BELOW_NAMES = {"$x_k$": "$x_k$: x after step k (bottom row)",
                "known minima": "x of a known minimum (bottom row)"}


def _spaced_symlog(ax, path: np.ndarray) -> None:
    """A diverged run's x_k axis, logarithmic beyond +-LINEAR_UP_TO, with tick labels that never
    meet: the linear part takes about a third of the axis and ticks at -2, 0 and 2; beyond it
    the ticks are a few powers of ten, written 10^3 or -10^6."""
    low, high = float(np.min(path)), float(np.max(path))
    decades = [np.log10(max(abs(v), LINEAR_UP_TO) / LINEAR_UP_TO) for v in (low, high)]
    ax.set_yscale("symlog", linthresh=LINEAR_UP_TO, linscale=max(1.0, 0.3 * sum(decades)))
    top = int(np.floor(np.log10(max(abs(low), abs(high), 10.0))))
    apart = 3 if top > 6 else 2 if top > 3 else 1  # at most a few powers of ten a side
    powers = [10.0**k for k in range(apart, top + 1, apart)]
    ticks = [-2.0, 0.0, 2.0]
    ticks += [p for p in powers if p <= high]
    ticks += [-p for p in powers if -p >= low]

    def label(value, _):
        if abs(value) <= LINEAR_UP_TO:
            return f"{value:g}".replace("-", "\N{MINUS SIGN}")  # the minus of 10^3's labels
        sign = "-" if value < 0 else ""
        return f"${sign}10^{{{round(np.log10(abs(value)))}}}$"

    ax.yaxis.set_major_locator(FixedLocator(sorted(ticks)))
    ax.yaxis.set_major_formatter(FuncFormatter(label))
    ax.yaxis.set_minor_locator(NullLocator())
    # Every iterate in view, with 5 % of the axis to spare at each end.
    scale = ax.yaxis.get_transform()
    ends = scale.transform(np.array([[min(low, -2.0)], [max(high, 2.0)]]))[:, 0]
    spare = 0.05 * (ends[1] - ends[0])
    limits = scale.inverted().transform(np.array([[ends[0] - spare], [ends[1] + spare]]))[:, 0]
    ax.set_ylim(*limits)


def _draw_regime_steps(ax, objective, result) -> None:
    """x_k against k with the known minima dashed; a diverged run on :func:`_spaced_symlog`."""
    path = _plot_iterates(ax, objective, result, dot_size=3)
    if result.diverged:
        _spaced_symlog(ax, path)
        _step_labels(ax, "x_k", f"x after each step\n(log scale beyond ±{LINEAR_UP_TO})")
        ax.set_ylabel(f"$x_k$ (log beyond ±{LINEAR_UP_TO})")
    else:
        _step_labels(ax, "x_k", "x after each step")


def _legend_below(fig, axes, *, columns: int = 4) -> None:
    """One legend for the whole figure, under it, in 9.5 pt and ``columns`` columns: every mark
    drawn on the top row (curve, minima, path, start, last step, edge marker), then the bottom
    row's."""
    entries = {}
    for row, names in ((axes[0], {}), (axes[1], _BELOW_NAMES)):
        for ax in row:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                entries.setdefault(names.get(label, label), handle)
    fig.legend(list(entries.values()), list(entries.keys()), loc="outside lower center",
               ncol=columns, fontsize=9.5, frameon=False)


# The top row of the runs that stay in view zooms in on where they go, when that is at most
# this share of the whole view: a short path seen across the whole curve is one blob.
ZOOM_UP_TO = 0.5
ZOOM_PADDING = 0.12  # the zoomed window's margin on each side, a share of its width
ZOOM_LABEL = "x range of the zoomed-in panels"


def _zoom(objective, runs: dict, view) -> tuple[float, float] | None:
    """The x window the top row of the runs that did not diverge zooms in on: every iterate
    of those runs and the minima they end nearest, with a margin; ``None`` when that window
    is not much narrower than ``view`` (nothing to zoom) or every run diverged."""
    kept = [np.ravel(r.path) for r in runs.values() if not r.diverged]
    if not kept:
        return None
    minima = np.array(objective.minima, dtype=float)
    values = np.concatenate(kept)
    if len(minima):
        ends = [minima[np.argmin(np.abs(minima - path[-1]))] for path in kept]
        values = np.concatenate([values, ends])
    low, high = float(np.min(values)), float(np.max(values))
    margin = ZOOM_PADDING * max(high - low, 1e-3 * (view[1] - view[0]))
    low, high = max(low - margin, view[0]), min(high + margin, view[1])
    if high - low > ZOOM_UP_TO * (view[1] - view[0]):
        return None
    return low, high


@styled
def plot_lr_regimes(objective, runs: dict):
    """One column per run (``runs`` maps a name, e.g. "too small: lr = 0.01", to a result of
    gradient descent on ``objective``): its path on f (top) and x against the step (bottom).

    The top row of the runs that stay in view zooms in on the part of the curve they visit
    (:func:`_zoom`), so that a short path is not hidden under its start dot and last-step
    diamond; a diverging run's top panel shows the whole view, the zoomed window shaded. Known
    minima are hollow triangles over the path (:func:`helpers.plots.draw_minima_outlines`).
    The step axes run to the longest run's last step. A diverging run's steps are numbered on
    the curve next to their points, its path ends at an edge marker where it leaves the chart
    (see :func:`helpers.plots.draw_curve_path`), and its x axis below is logarithmic beyond
    +-3, ticked so that no labels meet. One legend under the figure names every mark. The
    figure is 10 inches wide: JupyterLab shows it at full size, its text at 9 pt or more.
    """
    runs = checks.mapping("runs", runs)
    start = float(np.ravel(next(iter(runs.values())).path)[0])
    view = _view(objective, runs)
    zoom = _zoom(objective, runs, view)
    fig, axes = subplots(2, len(runs), width=10.0 / len(runs), height=3.0)
    longest = max(int(r.steps) for r in runs.values())
    numbered, exits = [], {}
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        window = zoom if zoom is not None and not result.diverged else view
        draw_curve(top, objective, window, show_minima=False)
        top.set_ylim(*curve_range(objective, padding=0.1, over=window))
        if window is zoom:
            top.set_xlabel("x (zoomed in)")
        elif zoom is not None:
            top.axvspan(*zoom, color=palette.LIGHT_GREY, zorder=0, label=ZOOM_LABEL)
        draw_curve_path(top, objective, result.path, view=window, edge="marker",
                        dot_size=3.0, end_size=6.5)
        draw_minima_outlines(top, objective, size=15.0)
        if result.diverged:
            numbered.append((top, np.ravel(result.path), window))
            exits[name] = exit_side(top, objective, result.path, window)
        top.set_title(f"{name}\n{_outcome(result)}", fontsize=10)
        _draw_regime_steps(bottom, objective, result)
        bottom.set_xlim(0, longest)
    _legend_below(fig, axes)
    for top, path, (low, high) in numbered:
        leaves = np.flatnonzero((path < low) | (path > high))
        shown = path[: leaves[0]] if len(leaves) else path
        number_steps(top, shown, objective.f(shown))
    fig.suptitle(f"The learning rate decides: {objective.name}, starting at x = {start:g}")
    describe(fig, _regimes_sentence(objective, runs, view, exits))
    return fig
