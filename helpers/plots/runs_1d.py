"""Whole runs on a 1-D function, side by side: the path on the curve above, x against the step
below. Made for comparisons where the story is in the timing (momentum overshooting, a fixed
learning rate bouncing around a kink while a decaying one settles)."""

from __future__ import annotations

import numpy as np

from .. import palette
from .one_d import _draw_path, _keep_curve_in_view, plot_function_1d
from .style import styled, subplots

__all__ = ["plot_runs_1d"]


def _outcome(result) -> str:
    if result.diverged:
        return "diverged"
    if result.converged:
        return f"converged after {result.steps} steps"
    return f"still moving after {result.steps} steps"


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

    ``points`` names positions on the x axis, e.g. ``{"M": 2.0, "C": 1.0}`` (the slides' start and
    trap), marked on every panel. With ``log_distance`` the bottom row shows instead the distance
    from x_k to the nearest known minimum on a log scale, where slow settling is visible.
    """
    fig, axes = subplots(2, len(runs), width=width, height=height, sharey="row")
    low, high = objective.domain
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        plot_function_1d(objective, top)
        _draw_path(top, objective, result.path)
        _keep_curve_in_view(top, objective)
        top.set_title(f"{name}\n{_outcome(result)}, ends at x = {float(result.x):.3g}", fontsize=10)
        shown = np.clip(result.path, low, high)
        steps = np.arange(len(shown))
        if log_distance:
            distance = np.min(
                np.abs(result.path[:, None] - np.array(objective.minima)[None, :]), axis=1
            )
            bottom.semilogy(
                steps,
                np.maximum(distance, 1e-16),
                "-",
                color=palette.PATH,
                lw=1.4,
                marker="o",
                ms=2.5,
                label="distance to the nearest minimum",
            )
            _bottom_labels(bottom, "|x_k - x^*|", "distance to the minimum after each step")
            continue
        bottom.plot(
            steps, shown, "-", color=palette.PATH, lw=1.4, marker="o", ms=2.5, label="$x_k$"
        )
        for m in objective.minima:
            bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label="known minima")
        for label, x in (points or {}).items():
            top.annotate(
                label,
                (x, float(objective.f(x))),
                textcoords="offset points",
                xytext=(0, 10),
                ha="center",
                fontsize=12,
                fontweight="bold",
            )
            bottom.annotate(
                label,
                xy=(1.0, x),
                xycoords=("axes fraction", "data"),
                textcoords="offset points",
                xytext=(4, -4),
                fontsize=10,
                fontweight="bold",
                annotation_clip=False,
            )
        clipped = " (clipped to the view)" if np.any(shown != result.path) else ""
        _bottom_labels(bottom, "x_k", "x after each step" + clipped)
    _legend_once(axes[0, 0], loc="upper center")
    _legend_once(axes[1, 0], loc="best")
    for ax in axes[:, 1:].ravel():
        ax.set_ylabel("")
    fig.suptitle(title or f"Runs on the {objective.name} side by side")
    return fig


def _bottom_labels(ax, symbol: str, title: str) -> None:
    ax.set_xlabel("step k")
    ax.set_ylabel(f"${symbol}$")
    ax.set_title(title, fontsize=10)


def _legend_once(ax, **kw) -> None:
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=7, **kw)
