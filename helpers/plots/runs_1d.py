"""Whole runs on a 1-D function, side by side: the path on the curve above, x against the step
below. Made for comparisons where the story is in the timing (momentum overshooting, a fixed
learning rate bouncing around a kink while a decaying one settles)."""

from __future__ import annotations

import numpy as np

from .. import palette
from .style import styled, subplots

__all__ = ["plot_runs_1d"]

# Each panel widens its view to show the whole run, but by at most this share of the domain on
# each side; a run that goes further (diverges) is pinned to the edge and says so.
MAX_WIDENING = 0.25
WINDOW = 10  # the log-distance panel shows the largest distance over this many recent steps
DOTS_UP_TO = 150  # longer paths are drawn as a line only: a thousand dots hide the curve


def _outcome(result) -> str:
    if result.diverged:
        return "diverged"
    if result.converged:
        return f"converged after {result.steps} steps"
    return f"still moving after {result.steps} steps"


def _view(objective, runs: dict) -> tuple[float, float]:
    """The x range of the top row: the domain, widened to hold every run's whole path."""
    low, high = objective.domain
    limit = MAX_WIDENING * (high - low)
    lowest = min(float(np.min(r.path)) for r in runs.values())
    highest = max(float(np.max(r.path)) for r in runs.values())
    pad = 0.03 * (high - low)
    return max(min(low, lowest - pad), low - limit), min(max(high, highest + pad), high + limit)


def _draw_run(ax, objective, path: np.ndarray, view: tuple[float, float]) -> None:
    """The moving thing on the curve: a vermillion path from a black start to a diamond end."""
    shown = np.clip(path, *view)
    ys = objective.f(shown)
    marker = {"marker": "o", "ms": 4} if len(shown) <= DOTS_UP_TO else {}
    ax.plot(
        shown,
        ys,
        "-",
        color=palette.PATH,
        lw=1.2,
        alpha=0.9,
        label="descent path",
        zorder=5,
        **marker,
    )
    ax.plot(shown[:1], ys[:1], "o", color=palette.START, ms=8, label="start", zorder=6)
    ax.plot(
        shown[-1:],
        ys[-1:],
        "D",
        color=palette.PATH,
        mec=palette.BLACK,
        ms=8,
        label="last step",
        zorder=6,
    )


def _draw_curve(ax, objective, view: tuple[float, float]) -> None:
    xs = np.linspace(*view, 400)
    ys = objective.f(xs)
    ax.plot(xs, ys, color=palette.FUNCTION, lw=2.2, label=f"f(x) = ${objective.latex}$")
    if objective.minima:
        m = np.array(objective.minima)
        ax.plot(
            m,
            objective.f(m),
            "^",
            color=palette.MINIMUM,
            ms=10,
            ls="none",
            label="known minima",
            zorder=4,
        )
    pad = 0.1 * (ys.max() - ys.min())
    ax.set_xlim(*view)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")


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
    view = _view(objective, runs)
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        _draw_curve(top, objective, view)
        _draw_run(top, objective, result.path, view)
        top.set_title(f"{name}\n{_outcome(result)}, ends at x = {float(result.x):.3g}", fontsize=10)
        shown = np.clip(result.path, *view)
        steps = np.arange(len(shown))
        marker = {"marker": "o", "ms": 2.5} if len(shown) <= DOTS_UP_TO else {}
        if log_distance:
            minima = np.array(objective.minima)
            distance = np.min(np.abs(result.path[:, None] - minima[None, :]), axis=1)
            envelope = _recent_largest(distance, WINDOW)
            bottom.semilogy(
                steps,
                np.maximum(envelope, 1e-16),
                "-",
                color=palette.PATH,
                lw=1.6,
                label=f"largest distance over the last {WINDOW} steps",
            )
            _bottom_labels(bottom, "|x_k - x^*|", "how close it stays to the minimum")
        else:
            bottom.plot(steps, shown, "-", color=palette.PATH, lw=1.2, label="$x_k$", **marker)
            for m in objective.minima:
                bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label="known minima")
            clipped = " (clipped to the view)" if np.any(shown != result.path) else ""
            _bottom_labels(bottom, "x_k", "x after each step" + clipped)
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
            if not log_distance:
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
    _legend_once(axes[0, 0], loc="upper center")
    _legend_once(axes[1, 0], loc="best")
    for ax in axes[:, 1:].ravel():
        ax.set_ylabel("")
    fig.suptitle(title or f"Runs on the {objective.name} side by side")
    return fig


def _recent_largest(values: np.ndarray, window: int) -> np.ndarray:
    """For each k, the largest of values[k - window + 1 .. k]: the envelope of a bouncing run."""
    padded = np.concatenate([np.full(window - 1, values[0]), values])
    return np.lib.stride_tricks.sliding_window_view(padded, window).max(axis=1)


def _bottom_labels(ax, symbol: str, title: str) -> None:
    ax.set_xlabel("step k")
    ax.set_ylabel(f"${symbol}$")
    ax.set_title(title, fontsize=10)


def _legend_once(ax, **kw) -> None:
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=7, **kw)
