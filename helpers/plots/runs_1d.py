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
def plot_runs_1d(objective, runs: dict, *, title: str | None = None, points: dict | None = None,
                 width: float = 4.3, height: float = 3.3):
    """One column per run (``runs`` maps a name to a result): the path on f, then x_k against k.

    ``points`` names positions on the x axis, e.g. ``{"M": 2.0, "C": 1.0}`` (the slides' start and
    trap), marked on every panel.
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
        bottom.plot(np.arange(len(shown)), shown, "-", color=palette.PATH, lw=1.4, marker="o", ms=2.5,
                    label="$x_k$")
        for m in objective.minima:
            bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label="known minima")
        for label, x in (points or {}).items():
            top.annotate(label, (x, float(objective.f(x))), textcoords="offset points", xytext=(0, 10),
                         ha="center", fontsize=12, fontweight="bold")
            bottom.annotate(label, (0, x), textcoords="offset points", xytext=(-14, -4), fontsize=10,
                            fontweight="bold", annotation_clip=False)
        bottom.set_xlabel("step k")
        bottom.set_ylabel("$x_k$")
        bottom.set_ylim(low, high)
        bottom.set_title("x after each step" + (" (clipped to the view)" if np.any(shown != result.path) else ""),
                         fontsize=10)
        if column == 0:
            handles, labels = top.get_legend_handles_labels()
            top.legend(dict(zip(labels, handles)).values(), dict(zip(labels, handles)).keys(), loc="upper center",
                       fontsize=7)
            handles, labels = bottom.get_legend_handles_labels()
            bottom.legend(dict(zip(labels, handles)).values(), dict(zip(labels, handles)).keys(), loc="best",
                          fontsize=7)
        else:
            top.set_ylabel("")
            bottom.set_ylabel("")
    fig.suptitle(title or f"Runs on the {objective.name} side by side")
    return fig
