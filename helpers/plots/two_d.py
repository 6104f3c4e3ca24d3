"""Contour maps of functions of two variables with descent paths on them: one run or several,
panels side by side, and many paths coloured by the minimum they reach.

Contour levels and lines come from :mod:`helpers.geometry`, so the live explorers draw exactly
the lines the static figures draw. Every map keeps x and y at the same scale, so
"perpendicular to the contour lines" looks perpendicular.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import BoundaryNorm

from .. import checks, palette
from ..basins import DIVERGED, NOT_SETTLED
from ..geometry import clip_to_view, contour_levels, domain_extent, objective_grid
from .marks import draw_path, legend_once
from .style import one_axes, styled, subplots

__all__ = [
    "draw_contours",
    "mark_points",
    "plot_descent_2d",
    "plot_descent_panels",
    "plot_paths_by_outcome",
]


def draw_contours(
    ax,
    objective,
    *,
    levels=None,
    filled: bool = True,
    colorbar: bool = False,
    show_minima: bool = True,
    line_colour: str | None = None,
    fill_alpha: float = 0.6,
):
    """A contour map of the objective on ``ax``, and its minima.

    Filled: bands of colour between the heights in ``levels`` (each band one step along the
    colour map, so low valleys and high walls are told apart alike). Not filled: the contour lines
    alone (in ``line_colour``, else along the colour map), for drawing over something else.
    Static figures stay light this way: antialiased lines are what makes a PNG heavy.
    """
    filled = checks.flag("filled", filled)
    colorbar = checks.flag("colorbar", colorbar)
    show_minima = checks.flag("show_minima", show_minima)
    fill_alpha = checks.probability("fill_alpha", fill_alpha)
    X, Y, Z = objective_grid(objective)
    levels = contour_levels(objective) if levels is None else np.asarray(levels)
    bounds = np.concatenate([[Z.min()], levels, [Z.max()]])
    norm = BoundaryNorm(bounds, ncolors=256)
    if filled:
        filling = ax.contourf(X, Y, Z, levels=bounds, cmap=palette.CONTOUR_MAP, norm=norm,
                              alpha=fill_alpha)
        if colorbar:
            bar = ax.figure.colorbar(filling, ax=ax, shrink=0.85, pad=0.02, format="%.3g")
            bar.set_label("f(x, y)")
    else:
        colours = (
            {"colors": [line_colour], "alpha": 0.45, "negative_linestyles": "solid"}
            if line_colour
            else {"cmap": palette.CONTOUR_MAP, "norm": norm}
        )
        ax.contour(X, Y, Z, levels=levels, linewidths=0.8, **colours)
    if show_minima:
        _mark_minima(ax, objective)
    x_low, x_high, y_low, y_high = domain_extent(objective.domain)
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)
    return ax


def _mark_minima(ax, objective) -> None:
    minima = objective.minima
    marker = {"color": palette.MINIMUM, "mec": palette.BLACK, "ls": "none", "zorder": 7}
    if objective.global_minimum is not None and len(minima) > 1:
        best = int(objective.nearest_minimum(objective.global_minimum))
        others = np.delete(minima, best, axis=0)
        ax.plot(*minima[best], "*", ms=17, label="global minimum", **marker)
        ax.plot(others[:, 0], others[:, 1], "^", ms=10, label="local minimum", **marker)
    else:
        label = "minimum" if len(minima) == 1 else "minima"
        ax.plot(minima[:, 0], minima[:, 1], "*", ms=15, label=label, **marker)


def mark_points(ax, points: dict | None) -> None:
    """Named points, like the slides' M and C, written next to a small black ring (on the side
    that keeps the name inside the map)."""
    points = _named_points(points)
    x_low, x_high = ax.get_xlim()
    for name, (x, y) in points.items():
        near_right = x > x_high - 0.15 * (x_high - x_low)
        ax.plot(x, y, "o", mfc="none", mec=palette.BLACK, ms=11, mew=1.5, zorder=8)
        ax.annotate(
            name,
            (x, y),
            textcoords="offset points",
            xytext=(-10, 8) if near_right else (8, 8),
            ha="right" if near_right else "left",
            fontsize=12,
            fontweight="bold",
            zorder=9,
            bbox={"boxstyle": "round,pad=0.15", "fc": palette.WHITE, "ec": "none", "alpha": 0.8},
        )


def _named_points(points) -> dict:
    """``{name: (x, y)}``, each point two finite numbers (``None`` or ``{}``: no points)."""
    if points is None or (isinstance(points, dict) and not points):
        return {}
    points = checks.mapping("points", points, "a name to a point (x, y)")
    return {name: tuple(checks.finite_array(f"points[{name!r}]", p, ndim=1, last_axis=2).tolist())
            for name, p in points.items()}


# ---------------------------------------------------------------- descent paths


@styled
def plot_descent_2d(
    objective, runs, *, title: str | None = None, points: dict | None = None, colours=None, ax=None
):
    """The contour map with the descent paths of ``runs`` (a dict that maps a name, shown in the
    legend, to a result), each in its own colour of ``colours``; ``points`` names points of the
    map, e.g. ``{"M": (2, 1.5)}``. For one run: ``{"descent path": result}``."""
    runs = checks.mapping("runs", runs, 'a name to a result, e.g. {"descent path": result}')
    points = _named_points(points)
    colours = colours or palette.PATHS
    ax = one_axes(ax, width=7.0, height=5.6)
    draw_contours(ax, objective, colorbar=True)
    for k, (name, result) in enumerate(runs.items()):
        draw_path(ax, clip_to_view(objective, result.path), colour=colours[k % len(colours)],
                  label=name)
    mark_points(ax, points)
    if title is None:
        only = next(iter(runs.values()))
        title = (
            f"Gradient descent on the {objective.name}: {only.steps} steps"
            if len(runs) == 1
            else f"Gradient descent on the {objective.name}"
        )
    ax.set_title(title)
    legend_once(ax, below=True)
    return ax.figure


@styled
def plot_descent_panels(
    panels, *, title: str | None = None, width: float = 5.0, height: float = 4.6
):
    """One contour map per panel, side by side; ``panels`` is a list of
    (objective, result, title)."""
    if len(panels) == 0:
        raise ValueError("panels must hold at least one (objective, result, title), "
                         f"got {panels!r}")
    width = checks.positive("width", width)
    height = checks.positive("height", height)
    fig, axes = subplots(1, len(panels), width=width, height=height)
    for ax, (objective, result, panel_title) in zip(axes[0], panels, strict=True):
        draw_contours(ax, objective)
        draw_path(ax, clip_to_view(objective, result.path))
        ax.set_title(panel_title, fontsize=10)
    legend_once(axes[0, 0], below=True, columns=4, bbox_to_anchor=(0.5, -0.14))
    if title:
        fig.suptitle(title)
    return fig


def _outcome_name(objective, label: int) -> str:
    if label == DIVERGED:
        return "diverged"
    if label == NOT_SETTLED:
        return "not settled"
    x, y = objective.minima[label]
    return f"minimum ({x:.2f}, {y:.2f})"


def _outcome_colour(label: int) -> str:
    if label == DIVERGED:
        return palette.DIVERGED
    if label == NOT_SETTLED:
        return palette.GREY  # a path in NOT_SETTLED's light grey would vanish on the map
    return palette.BASINS[label % len(palette.BASINS)]


@styled
def plot_paths_by_outcome(
    objective,
    paths,
    reached,
    *,
    title: str,
    points: dict | None = None,
    names: dict | None = None,
    lw: float = 0.9,
    ax=None,
):
    """Many paths on the contour map, each coloured by the minimum it reaches (``reached`` holds
    one label per path, as :func:`helpers.basins.which_minimum` gives). ``names`` may rename the
    outcomes in the legend, e.g. ``{0: "escaped to the global minimum"}``; ``lw`` is the width of
    the paths (thin for many wandering paths, thicker for a few)."""
    lw = checks.positive("lw", lw)
    points = _named_points(points)
    reached = np.asarray(reached)
    ax = one_axes(ax, width=7.0, height=5.6)
    draw_contours(ax, objective, fill_alpha=0.3)
    counts = {label: int(np.sum(reached == label)) for label in np.unique(reached)}
    for path, label in zip(paths, reached, strict=True):
        draw_path(ax, clip_to_view(objective, path), colour=_outcome_colour(int(label)),
                  label=None, lw=lw, alpha=0.8, zorder=4, dots=False, end_ms=6, start_ms=5,
                  ends_zorder=8, start_label=None, end_label=None)
    for label, count in counts.items():
        name = (names or {}).get(int(label), _outcome_name(objective, int(label)))
        ax.plot([], [], "-D", color=_outcome_colour(int(label)), mec=palette.BLACK,
                label=f"{name}: {count} of {len(reached)}")
    ax.plot([], [], "o", color=palette.START, ms=4, label="start")
    mark_points(ax, points)
    ax.set_title(title)
    legend_once(ax, below=True)
    return ax.figure
