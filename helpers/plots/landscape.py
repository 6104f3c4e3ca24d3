"""The landscape of a function of two variables: its surface in 3-D beside its contour map,
partial derivatives as slices of the surface, the field of downhill directions, and the slope
along every direction at one point."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import checks, palette
from ..geometry import (
    clip_to_view,
    contour_levels,
    descent_arrows,
    domain_extent,
    objective_grid,
)
from .marks import draw_arrow, draw_path, legend_once
from .style import one_axes, styled, subplots
from .two_d import colour_norm, draw_contours

__all__ = [
    "plot_directional_slopes",
    "plot_gradient_field",
    "plot_partial_slices",
    "plot_surface_and_contour",
]


# The view of a surface beside its map: high enough above it, and from the south, that the
# valleys of Himmelblau's function all show.
SURFACE_VIEW = {"elev": 56, "azim": -100}


def _surface(ax, objective, n: int = 50, *, view: dict | None = None, zoom: float = 0.88) -> None:
    """The surface z = f(x, y) in the colours of the contour map beside it (the same bands, shaded
    smoothly), seen from ``view`` (matplotlib's default when None)."""
    X, Y, Z = objective_grid(objective, n)
    _, norm, cmap = colour_norm(objective_grid(objective)[2], contour_levels(objective))
    low, high = norm.vmin, norm.vmax
    colours = cmap(norm(np.clip(Z, low, high)))
    ax.plot_surface(X, Y, Z, facecolors=colours, linewidth=0, antialiased=False, rcount=n,
                    ccount=n, shade=False)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.zaxis.set_rotate_label(False)  # upright, whichever way the surface is turned
    ax.set_zlabel("f(x, y)", labelpad=10, rotation=90)
    ax.zaxis.set_major_locator(MaxNLocator(4))
    ax.set_zlim(min(0.0, float(Z.min())), float(Z.max()))  # from 0 when f is never negative
    if view is not None:
        ax.view_init(**view)
    ax.set_box_aspect(None, zoom=zoom)


@styled
def plot_surface_and_contour(
    objective, result=None, *, title: str | None = None, width: float = 5.0, height: float = 5.2
):
    """The landscape twice: a 3-D surface (rotatable under ipympl) and its contour map from above,
    with the descent path of ``result`` on both when given. The surface gets the wider half of
    the ``2 * width`` inches, so its valleys can be counted."""
    width = checks.positive("width", width)
    height = checks.positive("height", height)
    fig = plt.figure(figsize=(2 * width, height), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=(1.3, 1.0))
    surface = fig.add_subplot(grid[0], projection="3d", computed_zorder=False)
    contour = fig.add_subplot(grid[1])
    _surface(surface, objective, view=SURFACE_VIEW, zoom=1.0)
    draw_contours(contour, objective, colorbar=True)
    if result is not None:
        path = clip_to_view(objective, result.path)
        draw_path(surface, np.column_stack([path, objective.f(path)]), lw=2, ms=3, end_ms=7,
                  zorder=10, dots=True)
        draw_path(contour, path)
    surface.set_title("the surface z = f(x, y)")
    contour.set_title("the same, seen from above")
    handles, labels = contour.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    fig.legend(list(unique.values()), list(unique.keys()), loc="outside lower center",
               ncol=len(unique), fontsize=9)
    fig.suptitle(title or f"{_capital(objective.name)}: f(x, y) = ${objective.latex}$")
    return fig


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


def _cutting_plane(ax, objective, axis: int, held_value: float) -> None:
    """The vertical plane that holds one coordinate fixed, drawn see-through on a 3-D axes."""
    low, high = objective.domain[axis]
    _, _, Z = objective_grid(objective, 50)
    t, z = np.meshgrid(np.linspace(low, high, 2), np.linspace(Z.min(), Z.max(), 2))
    held = np.full_like(t, held_value)
    xs, ys = (t, held) if axis == 0 else (held, t)
    ax.plot_surface(xs, ys, z, color=palette.GREY, alpha=0.25, linewidth=0, zorder=9)


@styled
def plot_partial_slices(objective, point, *, half_width: float = 2.4):
    """Partial derivatives as slices: hold y fixed and f becomes a curve in x whose slope at the
    point is df/dx (top row); hold x fixed for df/dy (bottom row)."""
    point = checks.finite_array("point", point, ndim=1, last_axis=2)
    half_width = checks.positive("half_width", half_width)
    fig = subplots(2, 2, width=5.0, height=3.9)[0]
    for ax in list(fig.axes):
        if ax.get_subplotspec().colspan.start == 0:
            ax.remove()
    gradient = objective.grad(point)
    names = ("x", "y")
    for row, axis in enumerate((0, 1)):
        surface = fig.add_subplot(2, 2, 2 * row + 1, projection="3d", computed_zorder=False)
        curve_ax = fig.axes[row]
        _surface(surface, objective, n=36)
        low, high = objective.domain[axis]
        t = np.linspace(low, high, 300)
        line = np.repeat(point[None, :], len(t), axis=0)
        line[:, axis] = t
        z = objective.f(line)
        held, moving = names[1 - axis], names[axis]
        _cutting_plane(surface, objective, axis, point[1 - axis])
        surface.plot(line[:, 0], line[:, 1], z, color=palette.FUNCTION, lw=3, zorder=10,
                     label=f"the slice {held} = {point[1 - axis]:g}")
        surface.plot(*point, objective.f(point), "o", color=palette.START, ms=7, zorder=11)
        surface.set_title(f"cut the surface at {held} = {point[1 - axis]:g}", fontsize=10)
        surface.legend(loc="upper left", fontsize=9)

        slope = float(gradient[axis])
        curve_ax.plot(t, z, color=palette.FUNCTION, lw=2.2,
                      label=f"f along the slice ({held} held at {point[1 - axis]:g})")
        near = np.array([point[axis] - half_width / 2, point[axis] + half_width / 2])
        f0 = float(objective.f(point))
        curve_ax.plot(near, f0 + slope * (near - point[axis]), "--", color=palette.TANGENT, lw=2,
                      label=f"tangent: slope ∂f/∂{moving} = {slope:.3g}")
        curve_ax.plot(point[axis], f0, "o", color=palette.START, ms=7,
                      label=f"the point ({point[0]:g}, {point[1]:g})")
        curve_ax.set_xlabel(moving)
        curve_ax.set_ylabel(f"f with {held} = {point[1 - axis]:g}")
        curve_ax.set_xlim(low, high)
        curve_ax.set_title(f"a 1-D function of {moving}: its slope is ∂f/∂{moving}", fontsize=10)
        curve_ax.legend(loc="best", fontsize=9)
    fig.suptitle(f"Partial derivatives of the {objective.name} at ({point[0]:g}, {point[1]:g})")
    return fig


@styled
def plot_gradient_field(objective, *, point=None, arrows: int = 13, title: str | None = None,
                        ax=None):
    """Arrows of -grad f over the contour map (all drawn the same length: direction only).

    They cross every contour line at a right angle. At ``point`` the real -grad f is drawn long,
    with grad f (uphill) and the contour line through the point.
    """
    arrows = checks.integer("arrows", arrows, 1)
    if point is not None:
        point = checks.finite_array("point", point, ndim=1, last_axis=2)
    ax = one_axes(ax, width=7.0, height=5.8)
    draw_contours(ax, objective, colorbar=True)
    X, Y, U = descent_arrows(objective, arrows)
    ax.quiver(X, Y, U[..., 0], U[..., 1], color=palette.BLACK, alpha=0.75, angles="xy",
              pivot="mid", width=0.004, scale=arrows * 1.3, label="direction of −∇f")
    if point is not None:
        g = objective.grad(point)
        x_low, x_high, y_low, y_high = domain_extent(objective.domain)
        d = g / np.linalg.norm(g) * 0.18 * min(x_high - x_low, y_high - y_low)
        ax.contour(*objective_grid(objective), levels=[float(objective.f(point))],
                   colors=[palette.BLACK], linestyles="dashed", linewidths=1.5)
        ax.plot([], [], "--", color=palette.BLACK, label="contour line through the point")
        draw_arrow(ax, point, point - d, colour=palette.PATH, lw=3, head=20, zorder=9)
        draw_arrow(ax, point, point + d, colour=palette.GREY, lw=2, head=16, dashed=True,
                   zorder=9)
        ax.plot([], [], color=palette.PATH, lw=3, label="−∇f: steepest descent")
        ax.plot([], [], "--", color=palette.GREY, lw=2, label="∇f: steepest ascent")
        ax.plot(*point, "o", color=palette.START, ms=8, zorder=10,
                label=f"the point ({point[0]:g}, {point[1]:g})")
    ax.set_title(title or f"Which way is downhill? −∇f on the {objective.name}")
    legend_once(ax, below=True, columns=2)
    return ax.figure


@styled
def plot_directional_slopes(angles, slopes, gradient, *, title: str | None = None, ax=None):
    """The slope of f along each unit direction (cos a, sin a), against the angle a in degrees,
    with the direction of -grad f and the slope -|grad f| it predicts."""
    angles = checks.finite_array("angles", angles, ndim=1, min_size=1)
    slopes = checks.finite_array("slopes", slopes, ndim=1, min_size=1)
    if slopes.shape != angles.shape:
        raise ValueError(f"slopes must hold one slope per angle ({len(angles)}), "
                         f"got shape {slopes.shape}")
    gradient = checks.finite_array("gradient", gradient, ndim=1, last_axis=2)
    ax = one_axes(ax, width=7.0, height=4.6)
    degrees = np.degrees(angles)
    ax.plot(degrees, slopes, color=palette.FUNCTION, lw=2.2, label="slope of f along direction a")
    best = int(np.argmin(slopes))
    descent_angle = np.degrees(np.arctan2(-gradient[1], -gradient[0])) % 360
    size = float(np.linalg.norm(gradient))
    ax.axvline(descent_angle, color=palette.PATH, lw=2, ls="--",
               label=f"direction of −∇f ({descent_angle:.1f}°)")
    ax.axhline(-size, color=palette.GREY, lw=1.5, ls=":", label=f"−|∇f| = {-size:.3g}")
    ax.plot(degrees[best], slopes[best], "v", color=palette.MINIMUM, mec=palette.BLACK, ms=11,
            zorder=5, label=f"steepest fall found: {degrees[best]:.1f}°")
    ax.set_xlim(0, 360)
    ax.set_xticks(np.arange(0, 361, 45))
    ax.set_xlabel("direction a (degrees, counter-clockwise from the +x axis)")
    ax.set_ylabel("slope of f")
    ax.set_title(title or "Among all unit directions, f falls fastest along −∇f")
    legend_once(ax, below=True, columns=2)  # under the axes: the curve fills the whole panel
    return ax.figure
