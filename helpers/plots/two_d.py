"""Contour maps of functions of two variables with descent paths on them: one run or several,
panels side by side, and many paths coloured by the minimum they reach.

Contour levels and lines come from :mod:`helpers.geometry`, so the live explorers draw exactly
the lines the static figures draw. Every map keeps x and y at the same scale, so
"perpendicular to the contour lines" looks perpendicular.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import LinearSegmentedColormap, LogNorm, Normalize
from matplotlib.ticker import FixedLocator, FuncFormatter

from .. import checks, palette
from ..basins import DIVERGED, NOT_SETTLED
from ..geometry import (
    clip_to_view,
    colour_scale,
    contour_levels,
    domain_extent,
    objective_grid,
)
from .marks import draw_path, legend_once
from .style import one_axes, styled, subplots

__all__ = [
    "colour_norm",
    "draw_colour_bar",
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

    Filled: bands of colour between the heights in ``levels``, coloured along the colour map by
    height (on a log scale when :func:`helpers.geometry.colour_scale` says so, which keeps every
    valley's colours apart from the walls'). The colour bar, when asked for, ticks at round,
    evenly spaced heights, or at powers of ten with "log scale" in its label, and covers every
    height drawn. Not filled: the contour lines alone (in ``line_colour``, else along the colour
    map), for drawing over something else. Static figures stay light this way: antialiased lines
    are what makes a PNG heavy.
    """
    filled = checks.flag("filled", filled)
    colorbar = checks.flag("colorbar", colorbar)
    show_minima = checks.flag("show_minima", show_minima)
    fill_alpha = checks.probability("fill_alpha", fill_alpha)
    X, Y, Z = objective_grid(objective)
    levels = contour_levels(objective) if levels is None else np.asarray(levels)
    scale, norm, cmap = colour_norm(Z, levels)
    if filled:
        filling = ax.contourf(X, Y, Z, levels=scale["bounds"], cmap=cmap, norm=norm,
                              alpha=fill_alpha,
                              extend="min" if scale["under"] else "neither")
        if colorbar:
            draw_colour_bar(ax, filling, scale)
    else:
        colours = (
            {"colors": [line_colour], "alpha": 0.45, "negative_linestyles": "solid"}
            if line_colour
            else {"cmap": cmap, "norm": norm}
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


def colour_norm(Z, levels):
    """How heights ``Z`` banded at ``levels`` are coloured: ``(scale, norm, cmap)``.

    ``scale`` is :func:`helpers.geometry.colour_scale`'s; ``norm`` maps heights to [0, 1] on its
    linear or log scale, so a colour bar ticks at true heights; ``cmap`` is the contour colour map
    stretched so that every band edge sits one even step further along it (every band a colour
    of its own, thin low bands as distinct as wide high ones).
    """
    scale = colour_scale(Z, levels)
    bounds = scale["bounds"]
    norm = (LogNorm if scale["log"] else Normalize)(bounds[0], bounds[-1])
    base = colormaps[palette.CONTOUR_MAP]
    steps = np.linspace(0.0, 1.0, len(bounds))
    cmap = LinearSegmentedColormap.from_list(
        "bands", list(zip(np.clip(norm(bounds).filled(0.0), 0.0, 1.0), base(steps), strict=True))
    ).with_extremes(under=base(0.0), over=base(1.0))
    return scale, norm, cmap


def draw_colour_bar(ax, mappable, scale, *, shrink: float = 0.85, pad: float = 0.02):
    """The colour bar of a map drawn with :func:`colour_norm`: its length in proportion to the
    heights, ticked at the scale's round values, "log scale" in its label when it is one."""
    bar = ax.figure.colorbar(mappable, ax=ax, shrink=shrink, pad=pad, spacing="proportional",
                             ticks=scale["ticks"], format=FuncFormatter(lambda v, _: f"{v:g}"))
    bar.ax.yaxis.set_major_locator(FixedLocator(scale["ticks"]))
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    bar.ax.minorticks_off()
    bar.set_label("f(x, y), log scale" if scale["log"] else "f(x, y)")
    return bar


# Minima are outlines drawn over the paths: a last-step diamond that ends at a minimum shows
# through its star, and the star keeps its own colour round it.
MINIMUM_MARK = {"mfc": "none", "mec": palette.MINIMUM, "mew": 2.2, "ls": "none", "zorder": 9}


def _mark_minima(ax, objective) -> None:
    minima = objective.minima
    if objective.global_minimum is not None and len(minima) > 1:
        best = int(objective.nearest_minimum(objective.global_minimum))
        others = np.delete(minima, best, axis=0)
        ax.plot(*minima[best], "*", ms=20, label="global minimum", **MINIMUM_MARK)
        ax.plot(others[:, 0], others[:, 1], "^", ms=13, label="local minimum", **MINIMUM_MARK)
    else:
        label = "minimum" if len(minima) == 1 else "minima"
        ax.plot(minima[:, 0], minima[:, 1], "*", ms=20, label=label, **MINIMUM_MARK)


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


def _draw_outcomes(ax, objective, paths, reached, *, total: int, names: dict, lw: float,
                   settled, last_label: str | None, settle_label: str, points: dict) -> None:
    """The paths of :func:`plot_paths_by_outcome` on one map, with their legend."""
    draw_contours(ax, objective, fill_alpha=0.3)
    counts = {label: int(np.sum(reached == label)) for label in np.unique(reached)}
    for k, (path, label) in enumerate(zip(paths, reached, strict=True)):
        colour = _outcome_colour(int(label))
        path = clip_to_view(objective, path)
        if settled is not None:
            ax.plot(*np.stack([path[-1], settled[k]]).T, "--", color=colour, lw=2.2,
                    zorder=9, label=settle_label)
        draw_path(ax, path, colour=colour, label=None, lw=lw, alpha=0.8, zorder=4, dots=False,
                  end_ms=7 if last_label else 6, start_ms=5, ends_zorder=8, start_label=None,
                  end_label=None)
    for label, count in counts.items():
        name = names.get(int(label), _outcome_name(objective, int(label)))
        ax.plot([], [], "-" if last_label else "-D", color=_outcome_colour(int(label)),
                mec=palette.BLACK, label=f"{name}: {count} of {total}")
    if last_label:
        only = len(counts) == 1
        colour = _outcome_colour(int(next(iter(counts)))) if only else palette.WHITE
        ax.plot([], [], "D", color=colour, mec=palette.BLACK, ms=7, ls="none", label=last_label)
    ax.plot([], [], "o", color=palette.START, ms=4, label="start")
    mark_points(ax, points)


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
    settled=None,
    last_label: str | None = None,
    settle_label: str = "then plain descent to where it settles",
    by_outcome: bool = False,
    ax=None,
):
    """Many paths on the contour map, each coloured by the minimum it reaches (``reached`` holds
    one label per path, as :func:`helpers.basins.which_minimum` gives). ``names`` may rename the
    outcomes in the legend, e.g. ``{0: "escaped to the global minimum"}``; ``lw`` is the width of
    the paths (thin for many wandering paths, thicker for a few).

    Each path ends in a diamond at its last point. For runs that go on after their path (noisy
    runs finished by plain descent), ``settled`` holds where each one finally settles: a dashed
    line (``settle_label`` in the legend) joins the diamond to it, and ``last_label`` says in the
    legend what the diamonds mark. ``by_outcome`` draws one map per outcome, side by side, so
    that the paths of one outcome never hide those of another (a figure of its own: no ``ax``).
    """
    lw = checks.positive("lw", lw)
    by_outcome = checks.flag("by_outcome", by_outcome)
    points = _named_points(points)
    reached = np.asarray(reached)
    paths = list(paths)
    if settled is not None:
        settled = checks.finite_array("settled", settled, ndim=2, last_axis=2)
        if len(settled) != len(paths):
            raise ValueError(f"settled must hold one point per path ({len(paths)}), "
                             f"got {len(settled)}")
    options = {"total": len(reached), "names": names or {}, "lw": lw, "last_label": last_label,
               "settle_label": settle_label, "points": points}
    if not by_outcome:
        ax = one_axes(ax, width=7.0, height=5.6)
        _draw_outcomes(ax, objective, paths, reached, settled=settled, **options)
        ax.set_title(title)
        legend_once(ax, below=True, columns=2)
        return ax.figure
    if ax is not None:
        raise ValueError("ax must be None with by_outcome=True: one map per outcome makes a "
                         f"figure of its own, got {ax!r}")
    outcomes = [int(label) for label in np.unique(reached)]
    fig, axes = subplots(1, len(outcomes), width=5.0, height=4.5)
    for panel, label in zip(axes[0], outcomes, strict=True):
        keep = np.flatnonzero(reached == label)
        _draw_outcomes(panel, objective, [paths[i] for i in keep], reached[keep],
                       settled=None if settled is None else settled[keep], **options)
        name = options["names"].get(label, _outcome_name(objective, label))
        panel.set_title(f"{name}: {len(keep)} of {len(reached)}", fontsize=11)
        legend_once(panel, below=True, columns=2, bbox_to_anchor=(0.5, -0.14))
    fig.suptitle(title)
    return fig
