"""Whole runs on a 1-D function, side by side: the path on the curve above, x against the step
below. Made for comparisons where the story is in the timing (momentum overshooting, a fixed
learning rate bouncing around a kink while a decaying one settles)."""

from __future__ import annotations

import numpy as np

from .. import palette
from ..geometry import curve_range, running_max, widened_range
from .marks import DOTS_UP_TO, draw_path, legend_once
from .one_d import draw_curve
from .style import styled, subplots

__all__ = ["plot_runs_1d"]

# Each panel widens its view to show the whole run, but by at most this share of the domain on
# each side; a run that goes further (diverges) is pinned to the edge and says so.
MAX_WIDENING = 0.25
WINDOW = 10  # the log-distance panel shows the largest distance over this many recent steps


def _outcome(result) -> str:
    if result.diverged:
        return "diverged"
    if result.converged:
        return f"converged after {result.steps} steps"
    return f"still moving after {result.steps} steps"


def _bottom_labels(ax, symbol: str, title: str) -> None:
    ax.set_xlabel("step k")
    ax.set_ylabel(f"${symbol}$")
    ax.set_title(title, fontsize=10)


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
    it). ``points`` names positions on the x axis, e.g. ``{"M": 2.0, "C": 1.0}`` (the slides'
    start and trap), marked on every panel. With ``log_distance`` the bottom row shows instead
    how far x_k stays from the nearest known minimum (the largest distance over the last
    ``WINDOW`` steps, so a bouncing run reads as one line) on a log scale.
    """
    fig, axes = subplots(2, len(runs), width=width, height=height, sharey="row")
    view = widened_range(objective.domain, [r.path for r in runs.values()], most=MAX_WIDENING)
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        draw_curve(top, objective, view)
        top.set_ylim(*curve_range(objective, padding=0.1, over=view))
        shown = np.clip(result.path, *view)
        draw_path(top, np.column_stack([shown, objective.f(shown)]), lw=1.2, ms=4, alpha=0.9)
        top.set_title(f"{name}\n{_outcome(result)}, ends at x = {float(result.final):.3g}",
                      fontsize=10)
        steps = np.arange(len(shown))
        if log_distance:
            minima = np.array(objective.minima)
            distance = np.min(np.abs(result.path[:, None] - minima[None, :]), axis=1)
            bottom.semilogy(steps, np.maximum(running_max(distance, WINDOW), 1e-16), "-",
                            color=palette.PATH, lw=1.6,
                            label=f"largest distance over the last {WINDOW} steps")
            _bottom_labels(bottom, "|x_k - x^*|", "how close it stays to the minimum")
        else:
            marker = {"marker": "o", "ms": 2.5} if len(shown) <= DOTS_UP_TO else {}
            bottom.plot(steps, shown, "-", color=palette.PATH, lw=1.2, label="$x_k$", **marker)
            for m in objective.minima:
                bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label="known minima")
            clipped = " (clipped to the view)" if np.any(shown != result.path) else ""
            _bottom_labels(bottom, "x_k", "x after each step" + clipped)
        for label, x in (points or {}).items():
            top.annotate(label, (x, float(objective.f(x))), textcoords="offset points",
                         xytext=(0, 10), ha="center", fontsize=12, fontweight="bold")
            if not log_distance:
                bottom.annotate(label, xy=(1.0, x), xycoords=("axes fraction", "data"),
                                textcoords="offset points", xytext=(4, -4), fontsize=10,
                                fontweight="bold", annotation_clip=False)
    legend_once(axes[0, 0], loc="upper center", fontsize=7)
    legend_once(axes[1, 0], loc="best", fontsize=7)
    for ax in axes[:, 1:].ravel():
        ax.set_ylabel("")
    fig.suptitle(title or f"Runs on the {objective.name} side by side")
    return fig
