"""Whole runs on a 1-D function, side by side: the path on the curve above, x against the step
below. Made for comparisons where the story is in the timing: learning rates too small, good,
oscillating and diverging; momentum overshooting; a fixed learning rate bouncing around a kink
while a decaying one settles.

Both builders here draw the same figure with :func:`_runs_figure`, so a run's outcome is worded
one way and a diverging run is shown one way:

* the view is the domain, widened to show every run that did not diverge whole (by at most
  ``MAX_WIDENING`` of the domain on each side);
* on the curve, a path that leaves the view ends at its edge with an arrow saying at which step
  it left (no last-step diamond);
* below, a diverged run's x_k axis is logarithmic beyond +-3, so its whole flight fits; then each
  panel keeps its own y axis, otherwise the panels of a row share theirs.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import SymmetricalLogLocator

from .. import checks, palette
from ..geometry import curve_range, running_max, widened_range
from ..results import plural
from .marks import DOTS_UP_TO, legend_once
from .one_d import draw_curve, draw_curve_path
from .style import styled, subplots

__all__ = ["plot_lr_regimes", "plot_runs_1d"]

# Each panel widens its view to show every run that did not diverge whole, but by at most this
# share of the domain on each side.
MAX_WIDENING = 0.25
WINDOW = 10  # the log-distance panel shows the largest distance over this many recent steps
LINEAR_UP_TO = 3  # a diverged run's x_k axis is linear within +-3, logarithmic beyond


def _outcome(result) -> str:
    """How a run ended, in the words the lectures use: "converged after 14 steps"."""
    if result.diverged:
        state = "diverged"
    elif result.converged:
        state = "converged"
    else:
        state = "still moving"
    return f"{state} after {plural(int(result.steps), 'step')}"


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


def _draw_steps(ax, objective, result, *, name_minima: bool) -> None:
    """x_k against k, the known minima as dashed lines; a diverged run on a log axis."""
    path = np.ravel(result.path)
    marker = {"marker": "o", "ms": 2.5} if len(path) <= DOTS_UP_TO else {}
    ax.plot(np.arange(len(path)), path, "-", color=palette.PATH, lw=1.2, label="$x_k$", **marker)
    for m in objective.minima:
        ax.axhline(m, color=palette.MINIMUM, ls="--", lw=1,
                   label=f"minimum at {m:g}" if name_minima else "known minima")
    scale = ""
    if result.diverged:
        ax.set_yscale("symlog", linthresh=LINEAR_UP_TO)
        ax.yaxis.set_major_locator(SymmetricalLogLocator(base=1000, linthresh=LINEAR_UP_TO))
        scale = f" (log scale beyond ±{LINEAR_UP_TO})"
    _step_labels(ax, "x_k", "x after each step" + scale)


def _draw_distance(ax, objective, result) -> None:
    """How far x_k stays from the nearest known minimum (the largest distance over the last
    ``WINDOW`` steps, so a bouncing run reads as one line), on a log scale."""
    path = np.ravel(result.path)
    distance = np.min(np.abs(path[:, None] - np.array(objective.minima)[None, :]), axis=1)
    ax.semilogy(np.arange(len(path)), np.maximum(running_max(distance, WINDOW), 1e-16), "-",
                color=palette.PATH, lw=1.6, label=f"largest distance over the last {WINDOW} steps")
    _step_labels(ax, "|x_k - x^*|", "how close it stays to the minimum")


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
    same_step_axis: bool = False,
    ends_in_title: bool = True,
    name_minima: bool = False,
):
    """One column per run: the path on f (top), x_k (or its distance to the nearest minimum)
    against k (bottom). ``same_step_axis`` runs every step axis to the longest run's last step;
    ``ends_in_title`` adds where each run ended to its title; ``name_minima`` labels each
    minimum's line with its position instead of "known minima"."""
    view = _view(objective, runs)
    # A diverged run's x_k panel has a log axis of its own; otherwise a row shares its y axis.
    shared = log_distance or not any(r.diverged for r in runs.values())
    fig, axes = subplots(2, len(runs), width=width, height=height,
                         sharey="row" if shared else False)
    longest = max(int(r.steps) for r in runs.values())
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        draw_curve(top, objective, view)
        top.set_ylim(*curve_range(objective, padding=0.1, over=view))
        draw_curve_path(top, objective, result.path, view=view)
        ends = f", ends at x = {float(result.final):.3g}" if ends_in_title else ""
        top.set_title(f"{name}\n{_outcome(result)}{ends}", fontsize=10)
        if log_distance:
            _draw_distance(bottom, objective, result)
        else:
            _draw_steps(bottom, objective, result, name_minima=name_minima)
        if same_step_axis:
            bottom.set_xlim(0, longest)
        for label, x in points.items():
            top.annotate(label, (x, float(objective.f(x))), textcoords="offset points",
                         xytext=(0, 10), ha="center", fontsize=12, fontweight="bold")
            if not log_distance:
                bottom.annotate(label, xy=(1.0, x), xycoords=("axes fraction", "data"),
                                textcoords="offset points", xytext=(4, -4), fontsize=10,
                                fontweight="bold", annotation_clip=False)
    legend_once(axes[0, 0], loc="upper center", fontsize=9)
    legend_once(axes[1, 0], loc="best", fontsize=9)
    if shared:
        for ax in axes[:, 1:].ravel():
            ax.set_ylabel("")
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
    start and trap), marked on every panel. With ``log_distance`` the bottom row shows instead
    how far x_k stays from the nearest known minimum (the largest distance over the last
    ``WINDOW`` steps, so a bouncing run reads as one line) on a log scale.
    """
    runs = checks.mapping("runs", runs)
    return _runs_figure(
        objective,
        runs,
        title=title or f"Runs on the {objective.name} side by side",
        points=_points(points),
        log_distance=checks.flag("log_distance", log_distance),
        width=checks.positive("width", width),
        height=checks.positive("height", height),
    )


@styled
def plot_lr_regimes(objective, runs: dict):
    """One column per run (``runs`` maps a name, e.g. "too small: lr = 0.01", to a result of
    gradient descent on ``objective``): its path on f (top) and x against the step (bottom).

    The step axes run to the longest run's last step; a diverging run's x axis is logarithmic
    beyond +-3.
    """
    runs = checks.mapping("runs", runs)
    start = float(np.ravel(next(iter(runs.values())).path)[0])
    return _runs_figure(
        objective,
        runs,
        title=f"The learning rate decides: {objective.name}, starting at x = {start:g}",
        points={},
        log_distance=False,
        width=3.9,
        height=3.2,
        same_step_axis=True,
        ends_in_title=False,
        name_minima=True,
    )
