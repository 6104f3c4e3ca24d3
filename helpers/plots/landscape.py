"""The landscape of a function of two variables: its surface in 3-D beside its contour map,
partial derivatives as slices of the surface, the field of downhill directions, the slope along
every direction at one point, and the first steps of a descent across the contour lines."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.legend_handler import HandlerBase
from matplotlib.patches import FancyArrow
from matplotlib.path import Path
from matplotlib.ticker import MaxNLocator

from .. import checks, palette
from ..basins import SETTLE_RADIUS
from ..geometry import (
    clip_to_view,
    colour_levels,
    contour_segments,
    descent_arrows,
    domain_extent,
    objective_grid,
)
from ..results import show_number
from .descriptions import describe, fitting, listed
from .marks import draw_arrow, draw_path, legend_once
from .style import COLUMN_INCHES, one_axes, styled
from .two_d import (
    MINIMUM_MARK,
    POINT_MARK,
    _named_points,
    colour_norm,
    draw_contours,
    minimum_kind,
    place_words,
    point_text,
    run_outcome,
    start_text,
    value_text,
)

__all__ = [
    "plot_directional_slopes",
    "plot_gradient_field",
    "plot_partial_slices",
    "plot_steps_across_contours",
    "plot_surface_and_contour",
]


# The view of a surface beside its map: from 35 degrees above, so it reads as a surface, and from
# the south-west, over the lowest corner. The box is flattened (its height 0.4 of its width) so
# that no wall hides a valley: from this view every point within 0.5 of each of Himmelblau's
# minima can be seen (tests/test_plots_2d.py casts the rays).
SURFACE_VIEW = {"elev": 35, "azim": -140}
SURFACE_HEIGHT = 0.4
# How opaque the colours of a map beside a surface are (the surface is given the same look).
FILL_ALPHA = 0.6


def _ticks_inside(low: float, high: float, ticks: int) -> list[float]:
    """About ``ticks`` round ticks from ``low`` to ``high``, none outside (an unlabelled tick
    past the end of a 3-D axis looks like a missing label)."""
    values = MaxNLocator(ticks).tick_values(low, high)
    return [float(v) for v in values if low - 1e-9 <= v <= high + 1e-9]


def _surface(ax, objective, n: int = 50, *, view: dict | None = None, zoom: float = 0.88,
             ticks: int = 4, fill_alpha: float = FILL_ALPHA, height: float | None = None,
             z_ticks: int | None = None, labelpad: float = 10) -> None:
    """The surface z = f(x, y) on the colour scale of the contour map, as the map shows it
    (``fill_alpha`` of the colour over white) but shaded smoothly where the map has bands, seen
    from ``view`` (matplotlib's default when None), with about ``ticks`` ticks on the x and y
    axes (``z_ticks`` on the z axis, default ``ticks``), every tick inside the box. ``height``
    is the box's height for a width of 1 (matplotlib's 3/4 when None)."""
    X, Y, Z = objective_grid(objective, n)
    _, norm, cmap = colour_norm(objective_grid(objective)[2], colour_levels(objective))
    colours = cmap(norm(np.clip(Z, norm.vmin, norm.vmax)))
    colours[..., :3] = fill_alpha * colours[..., :3] + (1 - fill_alpha)  # as seen over white
    ax.plot_surface(X, Y, Z, facecolors=colours, linewidth=0, antialiased=False, rcount=n,
                    ccount=n, shade=False)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.zaxis.set_rotate_label(False)  # upright, whichever way the surface is turned
    ax.set_zlabel("f(x, y)", labelpad=labelpad, rotation=90)
    # from 0 when f is never negative, up to the first round tick at or above the top
    heights = MaxNLocator(z_ticks or ticks).tick_values(min(0.0, float(Z.min())), float(Z.max()))
    z_low = min(0.0, float(Z.min()))
    z_high = float(heights[heights >= Z.max() - 1e-9][0])
    (x_low, x_high), (y_low, y_high) = objective.domain
    ax.set_xticks(_ticks_inside(x_low, x_high, ticks))
    ax.set_yticks(_ticks_inside(y_low, y_high, ticks))
    ax.set_zticks(_ticks_inside(z_low, z_high, z_ticks or ticks))
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_zlim(z_low, z_high)
    if view is not None:
        ax.view_init(**view)
    ax.set_box_aspect(None if height is None else (1.0, 1.0, height), zoom=zoom)


@styled
def plot_surface_and_contour(
    objective, result=None, *, title: str | None = None, points: dict | None = None,
    width: float = 5.0, height: float = 5.6
):
    """The landscape twice: a 3-D surface (rotatable under ipympl) and its contour map from above,
    with the descent path of ``result`` on both when given. Both use one colour scale, so the one
    colour bar reads both, and both mark the minima. ``points`` names points to show on both,
    e.g. ``{"top of the hill": (-0.27, -0.92)}``: a hollow square at each, named on the map and
    in the legend. The surface gets the wider half of the ``2 * width`` inches (at most the
    notebook column's :data:`~helpers.plots.style.COLUMN_INCHES`, so JupyterLab never shrinks
    the figure's text), so its valleys can be counted."""
    width = checks.positive("width", width)
    height = checks.positive("height", height)
    points = _named_points(points)
    fig = plt.figure(figsize=(min(2 * width, COLUMN_INCHES), height), layout="constrained")
    # an empty sliver on the left: the z label sits outside the 3-D axes' box
    grid = fig.add_gridspec(1, 3, width_ratios=(0.12, 1.3, 1.0))
    surface = fig.add_subplot(grid[1], projection="3d", computed_zorder=False)
    contour = fig.add_subplot(grid[2])
    _surface(surface, objective, view=SURFACE_VIEW, zoom=1.0, height=SURFACE_HEIGHT, ticks=5,
             z_ticks=2, labelpad=6)
    draw_contours(contour, objective, colorbar=True, fill_alpha=FILL_ALPHA)
    minima = objective.minima
    surface.plot(minima[:, 0], minima[:, 1], objective.f(minima), "*",
                 ms=14, **{**MINIMUM_MARK, "zorder": 11})
    if result is not None:
        path = clip_to_view(objective, result.path)
        draw_path(surface, np.column_stack([path, objective.f(path)]), lw=2, ms=3, end_ms=7,
                  zorder=10, dots=True)
        draw_path(contour, path)
    for name, (x, y) in points.items():
        surface.plot([x], [y], [float(objective.f(np.array([x, y])))],
                     **{**POINT_MARK, "ms": 11, "zorder": 11})
        contour.plot(x, y, label=name, **POINT_MARK)
        contour.annotate(name, (x, y), textcoords="offset points", xytext=(11, 9), fontsize=10,
                         zorder=9, bbox={"boxstyle": "round,pad=0.15", "fc": palette.WHITE,
                                         "ec": "none", "alpha": 0.8})
    surface.set_title("the surface z = f(x, y)")
    contour.set_title("the same, seen from above")
    bar = next(ax._colorbar for ax in fig.axes if getattr(ax, "_colorbar", None) is not None)
    bar.set_label(bar.ax.get_ylabel() + " (both pictures)")
    handles, labels = contour.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    fig.legend(list(unique.values()), list(unique.keys()), loc="outside lower center",
               ncol=len(unique), fontsize=9)
    fig.suptitle(title or f"{_capital(objective.name)}: f(x, y) = ${objective.latex}$")
    describe(fig, _landscape_sentence(objective, result, points))
    return fig


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _count(count: int, noun: str, plural_form: str) -> str:
    """"four minima": the count in words up to nine."""
    word = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{word} {noun if count == 1 else plural_form}"


def _minima_text(objective, *, places: bool = False) -> str:
    """The objective's minima: "a global minimum at (-2, 0) and a local minimum at (1, 0)",
    "four minima, at (3, 2), ... and (3.58, -1.85), all at height 0"; with ``places``, where
    each lies on the map (:func:`helpers.plots.two_d.place_words`): "four minima, all at height
    0: (3, 2) top right, (-2.81, 3.13) top left, ..."."""
    minima = np.asarray(objective.minima, dtype=float)
    kinds = [minimum_kind(objective, i) for i in range(len(minima))]
    if any(kinds):
        best = kinds.index("global ")
        others = [point_text(m) for m, kind in zip(minima, kinds, strict=True) if kind != "global "]
        local = "a local minimum" if len(others) == 1 else f"{len(others)} local minima"
        return (f"a global minimum at {point_text(minima[best])} and {local} at "
                f"{listed(others)}")
    heights = np.asarray(objective.f(minima), dtype=float)
    same = len(minima) > 1 and np.ptp(heights) <= 1e-9 * max(1.0, float(np.abs(heights).max()))
    height = f", all at height {value_text(heights[0])}" if same else ""
    count = _count(len(minima), "minimum", "minima")
    if places:
        where = listed(f"{point_text(m)} {place_words(m, objective.domain)}" for m in minima)
        return f"{count}{height}: {where}"
    return f"{count}, at {listed(map(point_text, minima))}{height}"


def _peak_text(objective) -> str:
    """How high f rises on the map and where: "rises to 890 in the top right corner", "in the
    bottom right and top right corners" (equally high), "on the left edge", "at (1, 2)"."""
    X, Y, Z = objective_grid(objective)
    highest = float(Z.max())
    tops = np.argwhere(Z >= highest - 1e-9 * max(1.0, abs(highest)))
    places = []
    for row, column in tops:
        at_x, at_y = column in (0, Z.shape[1] - 1), row in (0, Z.shape[0] - 1)
        top = (X[row, column], Y[row, column])
        place = place_words(top, objective.domain)
        places.append((place, "corner" if at_x and at_y else "edge" if at_x or at_y
                       else point_text(top)))
    places = list(dict.fromkeys(places))
    kinds = {kind for _, kind in places}
    if len(places) == 1 and kinds.isdisjoint({"corner", "edge"}):
        where = f"at {places[0][1]}"
    elif kinds in ({"corner"}, {"edge"}):
        kind = kinds.pop()
        where = (f"{'in' if kind == 'corner' else 'on'} the {listed(p for p, _ in places)} "
                 f"{kind}{'s' if len(places) > 1 else ''}")
    else:
        where = f"at {len(places)} places"
    return f"rises to {value_text(highest)} {where}"


def _landscape_sentence(objective, result, points: dict) -> str:
    """:func:`plot_surface_and_contour`'s description: where descent ends (when a run is
    drawn), the minima (where each lies on the map when there is room), how high f rises on
    the map and where, and the named points and where they lie."""
    def marked(places: bool) -> str:
        return listed(
            f"the point marked {name} is {point_text(point)}, "
            + (f"{_lies(place_words(point, objective.domain))}, " if places else "")
            + f"where f = {show_number(objective.f(np.asarray(point, dtype=float)))}"
            for name, point in points.items())

    if result is None:
        views = f"Two views of the {objective.name}, the surface and the map from above, with "
        has = f"The {objective.name} has "
        valleys = ", each in a valley of its own" if len(objective.minima) > 1 else ""
        peak = f"; f {_peak_text(objective)}"
        named, placed = (f"; {marked(False)}", f"; {marked(True)}") if points else ("", "")
        minima, where = _minima_text(objective), _minima_text(objective, places=True)
        return fitting(f"{views}{where}{placed}{peak}", f"{has}{where}{placed}{peak}",
                       f"{has}{where}{placed}", f"{has}{minima}{valleys}{named}{peak}",
                       f"{has}{minima}{named}", aim=False)
    rest = f"; {marked(False)}" if points else ""
    return fitting(
        f"On the {objective.name}, descent from {start_text(result.path[0], points)} "
        f"{run_outcome(objective, result, points)}; the function has "
        f"{_minima_text(objective)}{rest}",
        f"On the {objective.name}, descent from {start_text(result.path[0], points)} "
        f"{run_outcome(objective, result, points)}",
    )


def _lies(place: str) -> str:
    """"near the middle", or "in the top right"."""
    return place if place.startswith("near") else f"in the {place}"


def _cutting_plane(ax, objective, axis: int, held_value: float) -> None:
    """The vertical plane that holds one coordinate fixed, drawn see-through on a 3-D axes."""
    low, high = objective.domain[axis]
    _, _, Z = objective_grid(objective, 50)
    t, z = np.meshgrid(np.linspace(low, high, 2), np.linspace(Z.min(), Z.max(), 2))
    held = np.full_like(t, held_value)
    xs, ys = (t, held) if axis == 0 else (held, t)
    ax.plot_surface(xs, ys, z, color=palette.GREY, alpha=0.25, linewidth=0, zorder=9)


# Each slice's surface is seen from the side its curve runs across: from the south for a curve
# along x (x runs left to right), from the east for a curve along y. The z label's distance from
# its ticks, per view: seen from the east the z axis is steeper, and a larger pad would carry its
# label off towards the next panel.
SLICE_VIEWS = ({"elev": 24, "azim": -72}, {"elev": 24, "azim": -18})
SLICE_LABELPADS = (8, 1)


@styled
def plot_partial_slices(objective, point, *, half_width: float = 2.4):
    """Partial derivatives as slices: hold y fixed and f becomes a curve in x whose slope at the
    point is df/dx (top row); hold x fixed for df/dy (bottom row).

    Each surface is seen from the side its slice runs across, and the slice's footprint (the
    line where the held coordinate is fixed) is drawn on the floor, parallel to an axis.
    """
    point = checks.finite_array("point", point, ndim=1, last_axis=2)
    half_width = checks.positive("half_width", half_width)
    fig = plt.figure(figsize=(10.0, 9.6), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=(1.3, 1.0), wspace=0.08)
    gradient = objective.grad(point)
    names = ("x", "y")
    _, _, Z = objective_grid(objective, 50)
    floor = min(0.0, float(Z.min()))
    for row, axis in enumerate((0, 1)):
        surface = fig.add_subplot(grid[row, 0], projection="3d", computed_zorder=False)
        curve_ax = fig.add_subplot(grid[row, 1])
        _surface(surface, objective, n=40, view=SLICE_VIEWS[axis], zoom=1.0, ticks=3,
                 labelpad=SLICE_LABELPADS[axis])
        low, high = objective.domain[axis]
        t = np.linspace(low, high, SLICE_POINTS)
        line = np.repeat(point[None, :], len(t), axis=0)
        line[:, axis] = t
        z = objective.f(line)
        held, moving = names[1 - axis], names[axis]
        value = point[1 - axis]
        _cutting_plane(surface, objective, axis, value)
        surface.plot(line[:, 0], line[:, 1], z, color=palette.FUNCTION, lw=3, zorder=10,
                     label=f"the slice {held} = {value:g}")
        surface.plot(line[:, 0], line[:, 1], np.full_like(t, floor), "--",
                     color=palette.BLACK, lw=1.8, zorder=10,
                     label=f"on the floor: the line {held} = {value:g}, along the {moving} axis")
        surface.plot(*point, objective.f(point), "o", color=palette.START, ms=7, zorder=11)
        surface.set_zlim(floor, float(Z.max()))
        surface.set_title(f"cut the surface at {held} = {value:g}", fontsize=10)
        surface.legend(loc="upper center", bbox_to_anchor=(0.5, 0.02), fontsize=9)

        slope = float(gradient[axis])
        curve_ax.plot(t, z, color=palette.FUNCTION, lw=2.2,
                      label=f"f along the slice ({held} held at {value:g})")
        near = np.array([point[axis] - half_width / 2, point[axis] + half_width / 2])
        f0 = float(objective.f(point))
        curve_ax.plot(near, f0 + slope * (near - point[axis]), "--", color=palette.TANGENT, lw=2,
                      label=f"tangent: slope ∂f/∂{moving} = {slope:.3g}")
        curve_ax.plot(point[axis], f0, "o", color=palette.START, ms=7,
                      label=f"the point ({point[0]:g}, {point[1]:g})")
        curve_ax.set_xlabel(moving)
        curve_ax.set_ylabel(f"f with {held} = {value:g}")
        curve_ax.set_xlim(low, high)
        curve_ax.set_title(f"a 1-D function of {moving}: its slope is ∂f/∂{moving}", fontsize=10)
        curve_ax.legend(loc="best", fontsize=9)
    fig.suptitle(f"Partial derivatives of the {objective.name} at ({point[0]:g}, {point[1]:g})")
    describe(fig, _slices_sentence(objective, point, gradient))
    return fig


def _trend(slope: float) -> str:
    return "rises" if slope > 0 else "falls" if slope < 0 else "is flat"


SLICE_POINTS = 300  # the samples of each slice's curve


def slice_features(objective, point, axis: int, points: int = SLICE_POINTS) -> list:
    """The shape of the slice through ``point`` along ``axis`` (0: x, 1: y), from its curve as
    drawn (``points`` samples over the domain), in order along the axis: ``(t, kind)`` with kind
    "valley" (a lowest sample between higher ones), "bump" (a highest one) or "flat" (a
    shoulder, a nearly flat stretch: the slope's size has a low point below 1 % of its largest
    on the slice without changing sign); within half a sample of 0, at 0."""
    t = np.linspace(*objective.domain[axis], points)
    line = np.repeat(np.asarray(point, dtype=float)[None, :], points, axis=0)
    line[:, axis] = t
    z = np.asarray(objective.f(line), dtype=float)
    slope = np.gradient(z, t)
    found = []
    for k in range(1, points - 1):
        # a level pair of samples counts once, at its middle
        at = (t[k] + t[k + 1]) / 2 if z[k] == z[k + 1] else t[k]
        if z[k - 1] > z[k] <= z[k + 1]:
            found.append((at, "valley"))
        elif z[k - 1] < z[k] >= z[k + 1]:
            found.append((at, "bump"))
        elif (abs(slope[k - 1]) > abs(slope[k]) < abs(slope[k + 1])
              and abs(slope[k]) < 0.01 * np.abs(slope).max()
              and slope[k - 1] * slope[k + 1] > 0):
            found.append((at, "flat"))
    spacing = t[1] - t[0]
    return [(0.0 if abs(at) < spacing / 2 else float(at), kind) for at, kind in found]


_FEATURE_WORDS = {"valley": "a valley", "bump": "a bump", "flat": "a shoulder"}


def _slice_words(objective, point, axis: int, slope: float) -> tuple[str, str]:
    """One slice's shape in words, "a valley near x = -2.9, a bump near -0.25 and a valley near
    3.1", and how the point lies to the nearest valley downhill of it (when nothing lies
    between): " towards 3.1" when f falls as the coordinate grows, " away from -3" when it
    rises."""
    name = "xy"[axis]
    features = slice_features(objective, point, axis)
    shape = listed(f"{_FEATURE_WORDS[kind]} near {name + ' = ' if not k else ''}{t:.2g}"
                   for k, (t, kind) in enumerate(features))
    here = float(point[axis])
    way = [(t, kind) for t, kind in features if slope and np.sign(t - here) == -np.sign(slope)]
    ahead = min(way, key=lambda feature: abs(feature[0] - here)) if way else None
    if not ahead or ahead[1] != "valley":
        return shape, ""
    return shape, f" {'towards' if slope < 0 else 'away from'} {ahead[0]:.2g}"


def _slices_sentence(objective, point, gradient) -> str:
    """:func:`plot_partial_slices`'s description: the shape of each slice through the point
    (:func:`slice_features`), which way f goes along it at the point and how steeply, and how
    that lies to the valley downhill of it; in fewer words when that is too long."""
    x, y = (f"{v:g}" for v in point)
    dx, dy = (float(g) for g in gradient)
    (x_shape, x_way), (y_shape, y_way) = (_slice_words(objective, point, axis, slope)
                                          for axis, slope in ((0, dx), (1, dy)))

    def along(held: str, value: str, shape: str, name: str, at: str, slope: float,
              way: str, first: bool) -> str:
        has = f"{'f has ' if first else ''}{shape}, and " if shape else ""
        return (f"along {held} = {value}, {has}{'' if shape else 'f ' if first else 'it '}"
                f"{_trend(slope)} at {name} = {at} (slope {slope:.3g}){way}")

    lead = f"Slices through ({x}, {y}) on the {objective.name}: "
    full, bare = (lead + f"{along('y', y, x_shape, 'x', x, dx, ways[0], True)}; "
                  f"{along('x', x, y_shape, 'y', y, dy, ways[1], False)}"
                  for ways in ((x_way, y_way), ("", "")))
    return fitting(
        full, bare,
        f"At ({x}, {y}) on the {objective.name}, f {_trend(dx)} as x grows along the slice "
        f"y = {y} (the slope in x is {dx:.3g}) and {_trend(dy)} as y grows along the slice "
        f"x = {x} (the slope in y is {dy:.3g})", aim=False)


class _ArrowHandler(HandlerBase):
    """Draws a legend entry as an arrow in its handle's colour (and dashes, for a line)."""

    def create_artists(self, legend, orig_handle, xdescent, ydescent, width, height, fontsize,
                       trans):
        if hasattr(orig_handle, "get_color") and not hasattr(orig_handle, "get_facecolor"):
            colour, style = orig_handle.get_color(), orig_handle.get_linestyle()
        else:
            colour, style = orig_handle.get_facecolor()[0], "-"
        arrow = FancyArrow(-xdescent, -ydescent + height / 2, width, 0, width=height * 0.14,
                           head_width=height * 0.7, head_length=height * 0.7,
                           length_includes_head=True, color=colour, linestyle=style,
                           transform=trans)
        return [arrow]


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
    own_figure = ax is None
    ax = one_axes(ax, width=7.0, height=5.8)
    draw_contours(ax, objective, colorbar=True)
    X, Y, U = descent_arrows(objective, arrows)
    field = ax.quiver(X, Y, U[..., 0], U[..., 1], color=palette.BLACK, alpha=0.75, angles="xy",
                      pivot="mid", width=0.004, scale=arrows * 1.3,
                      label="direction of −∇f (every arrow the same length)")
    arrows_in_legend = {field: _ArrowHandler()}
    if point is not None:
        g = objective.grad(point)
        x_low, x_high, y_low, y_high = domain_extent(objective.domain)
        d = g / np.linalg.norm(g) * 0.18 * min(x_high - x_low, y_high - y_low)
        height = float(objective.f(point))
        pieces = len(contour_segments(*objective_grid(objective), [height])[0][1])
        ax.contour(*objective_grid(objective), levels=[height],
                   colors=[palette.BLACK], linestyles="dashed", linewidths=1.5)
        ax.plot([], [], "--", color=palette.BLACK,
                label=f"contour line at the point's height, f = {height:.3g}"
                + (f" ({pieces} pieces)" if pieces > 1 else ""))
        draw_arrow(ax, point, point - d, colour=palette.PATH, lw=3, head=20, zorder=9)
        draw_arrow(ax, point, point + d, colour=palette.GREY, lw=2, head=16, dashed=True,
                   zorder=9)
        descent = ax.plot([], [], color=palette.PATH, lw=3, label="−∇f: steepest descent")[0]
        ascent = ax.plot([], [], "--", color=palette.GREY, lw=2, label="∇f: steepest ascent")[0]
        arrows_in_legend.update({descent: _ArrowHandler(), ascent: _ArrowHandler()})
        ax.plot(*point, "o", color=palette.START, ms=8, zorder=10,
                label=f"the point ({point[0]:g}, {point[1]:g})")
    ax.set_title(title or f"Which way is downhill? −∇f on the {objective.name}")
    if not own_figure:
        legend_once(ax, below=True, columns=2, handler_map=arrows_in_legend)
        return ax.figure
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    # Under the figure, not the axes: a legend wider than the map would widen the map's layout
    # box and push the colour bar away from it.
    ax.figure.legend(list(unique.values()), list(unique.keys()), loc="outside lower center",
                     ncol=2, fontsize=9, handler_map=arrows_in_legend)
    describe(ax.figure, _field_sentence(objective, point))
    return ax.figure


HEADINGS = ("to the right", "up and to the right", "up", "up and to the left", "to the left",
            "down and to the left", "down", "down and to the right")


def heading(angle: float) -> str:
    """A direction on the map in plain words, from its angle in degrees counter-clockwise from
    the +x axis: 43.6 is "up and to the right"."""
    return HEADINGS[int(np.round(angle % 360 / 45)) % 8]


def contour_pieces(objective, point) -> list[tuple[bool, list[int]]]:
    """The pieces of the contour line through ``point`` on the map (as the figure draws it,
    from :func:`helpers.geometry.contour_segments`): for each, whether it passes through the
    point (the piece nearest to it) and which minima it encloses (closed pieces only), by
    index; the piece through the point first."""
    X, Y, Z = objective_grid(objective)
    height = float(objective.f(np.asarray(point, dtype=float)))
    segments = contour_segments(X, Y, Z, [height])[0][1]
    if not segments:
        return []
    near = int(np.argmin([np.min(np.linalg.norm(seg - np.asarray(point), axis=1))
                          for seg in segments]))
    pieces = []
    for k, seg in enumerate(segments):
        closed = np.allclose(seg[0], seg[-1])
        inside = (np.flatnonzero(Path(seg).contains_points(objective.minima)).tolist()
                  if closed else [])
        pieces.append((k == near, inside))
    return sorted(pieces, key=lambda piece: not piece[0])


def _pieces_text(objective, point, *, coordinates: bool = True) -> str:
    """"its contour line, f = 86.3, has two pieces: one through the point around three minima
    and a loop around the bottom left minimum (-3.78, -3.28)" (without ``coordinates``: "...
    around the bottom left one"); empty for one piece."""
    pieces = contour_pieces(objective, point)
    if len(pieces) < 2:
        return ""

    def around(inside: list) -> str:
        if not inside:
            return ""
        if len(inside) == 1:
            m = objective.minima[inside[0]]
            place = place_words(m, objective.domain)
            return (f" around the {place} minimum {point_text(m)}" if coordinates
                    else f" around the {place} one")
        return f" around {_count(len(inside), 'minimum', 'minima')}"

    parts = [f"one through the point{around(inside)}" if through else
             f"{'a loop' if inside else 'another piece'}{around(inside)}"
             for through, inside in pieces]
    height = value_text(objective.f(np.asarray(point, dtype=float)))
    return (f"its contour line, f = {height}, has {_count(len(pieces), 'piece', 'pieces')}: "
            f"{listed(parts)}")


def _field_sentence(objective, point) -> str:
    """:func:`plot_gradient_field`'s description: the arrows point downhill across the contour
    lines; at ``point``, which way minus the gradient points (in words a screen reader says
    well: "minus the gradient", not the symbols) and, when the contour line through it comes
    in several pieces, what each piece goes round (:func:`contour_pieces`); in fewer words when
    that is too long."""
    sentence = (f"On the {objective.name} every arrow of minus the gradient points downhill, "
                "across the contour lines at right angles")
    if point is None:
        count = len(objective.minima)
        valleys = ("into the valley of its minimum" if count == 1 else
                   f"into the valleys of its {_count(count, 'minimum', 'minima')}")
        return fitting(f"{sentence}, {valleys}")
    g = np.asarray(objective.grad(point), dtype=float)
    at = f"at {point_text(point)}, where f = {value_text(objective.f(point))}"
    if not np.any(g):
        return fitting(f"{sentence}; {at}, the gradient is zero: no way is downhill")
    angle = float(np.degrees(np.arctan2(-g[1], -g[0])) % 360)
    arrows = (f"Arrows of minus the gradient on the {objective.name} point downhill, across the "
              f"contour lines at right angles; at {point_text(point)} minus the gradient points "
              f"{heading(angle)}")
    degrees, opposite = f" ({angle:.1f}°)", ", the gradient the opposite way"
    full = (f"{sentence}; {at}, minus the gradient points {heading(angle)}{degrees}, at a right "
            "angle to the contour line through it, and the gradient the opposite way")
    candidates = []
    for coordinates in (True, False):
        pieces = _pieces_text(objective, point, coordinates=coordinates)
        if pieces:
            candidates += [f"{arrows}{degrees}{opposite}; {pieces}",
                           f"{arrows}{opposite}; {pieces}", f"{arrows}; {pieces}"]
    return fitting(*dict.fromkeys(candidates), full, f"{arrows}{degrees}{opposite}", aim=False)


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
    own_figure = ax is None
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
    if own_figure:
        describe(ax.figure, _slopes_sentence(degrees, slopes, descent_angle, size))
    return ax.figure


def _zero_crossings(degrees, slopes) -> list[float]:
    """The directions (degrees, in [0, 360)) where the slope changes sign, by linear
    interpolation between neighbouring directions, going once round the circle."""
    order = np.argsort(degrees % 360)
    a, v = np.asarray(degrees, float)[order] % 360, np.asarray(slopes, float)[order]
    a, v = np.append(a, a[0] + 360), np.append(v, v[0])
    found = []
    for k in range(len(v) - 1):
        if v[k] == 0:
            found.append(a[k] % 360)
        elif v[k] * v[k + 1] < 0:
            found.append((a[k] + (a[k + 1] - a[k]) * v[k] / (v[k] - v[k + 1])) % 360)
    return sorted(found)


def _slopes_sentence(degrees, slopes, descent_angle: float, size: float) -> str:
    """:func:`plot_directional_slopes`'s description: where f falls and rises fastest, whether
    that is the direction of minus the gradient (and of the gradient) with the slope minus the
    gradient's length, and (when the slopes follow one) the cosine wave they trace, zero where
    the direction runs along the contour line: the whole wave from its low to its high."""
    best, worst = int(np.argmin(slopes)), int(np.argmax(slopes))
    around = np.sort(degrees % 360)
    spacing = float(np.max(np.diff(np.append(around, around[0] + 360))))

    def off(a: float, b: float) -> bool:  # directions apart by more than the grid can tell
        return abs((a - b + 180) % 360 - 180) > spacing / 2 + 1e-9

    same = not off(degrees[best], descent_angle)
    below = bool(np.any(slopes < -size - 1e-6 * max(1.0, size)))
    # the slope along direction a is -|g| cos(a - descent angle) when g is f's gradient
    wave = -size * np.cos(np.radians(degrees - descent_angle))
    cosine = size > 0 and bool(np.max(np.abs(slopes - wave)) <= 1e-3 * size)
    zeros = _zero_crossings(degrees, slopes)
    head = (f"Among {len(slopes)} directions, f falls fastest at {degrees[best]:.1f}° (slope "
            f"{slopes[best]:.3g}), {'the' if same else 'not the'} direction of minus the "
            f"gradient ({descent_angle:.1f}°)")
    floor = (f"{'some' if below else 'no'} slope falls below minus the gradient's length, "
             f"{-size:.3g}")
    rise = f"f rises fastest at {degrees[worst]:.1f}° (slope {slopes[worst]:.3g})"
    if cosine and len(zeros) == 2:
        where = listed(f"{zero:.1f}°" for zero in zeros)
        flat = f"the slope traces a cosine wave, zero at {where}, along the contour line"
        gradient = "" if off(degrees[worst], descent_angle + 180) else ", along the gradient"
        whole = (f"Among {len(slopes)} directions the slope of f traces a cosine wave: lowest, "
                 f"{slopes[best]:.3g}, at {degrees[best]:.1f}°, the direction of minus the "
                 f"gradient; zero at {where}, along the contour line; highest, "
                 f"{slopes[worst]:.3g}, at {degrees[worst]:.1f}°{gradient}; {floor}")
        candidates = [whole] if same else []
        return fitting(*candidates, f"{head}; {flat}; {floor}; {rise}",
                       f"{head}; {flat}; {floor}", f"{head}; {flat}", aim=False)
    return fitting(f"{head}; {floor}, and {rise}")


@styled
def plot_steps_across_contours(objective, result, *, steps: int = 9, title: str | None = None,
                               ax=None):
    """The first ``steps`` steps of a descent, zoomed in, with the contour line through each
    step's start (dashed). A small square at each start has one side along the step and one at
    a right angle to it: the contour line runs along that second side wherever the step leaves it
    at a right angle. Where a step lands, the next line is generally crossed at another angle."""
    steps = checks.integer("steps", steps, 1)
    own_figure = ax is None
    path = np.asarray(result.path, dtype=float)
    if len(path) < 2:
        raise ValueError(f"result must hold at least one step, got a path of {len(path)} point")
    shown = path[: min(steps, len(path) - 1) + 1]
    low, high = shown.min(axis=0), shown.max(axis=0)
    pad = 0.12 * float(np.max(high - low)) + 1e-9
    low, high = low - pad, high + pad
    ax = one_axes(ax, width=7.0, height=6.0)
    X, Y = np.meshgrid(np.linspace(low[0], high[0], 300), np.linspace(low[1], high[1], 300))
    Z = objective.f(np.stack([X, Y], axis=-1))
    heights = np.unique(objective.f(shown[:-1]))
    ax.contour(X, Y, Z, levels=heights, colors=[palette.GREY], linestyles="dashed",
               linewidths=1.3)
    ax.plot([], [], "--", color=palette.GREY, lw=1.3,
            label="contour line through each step's start")
    size = 0.035 * float(np.max(high - low))
    for p, q in zip(shown[:-1], shown[1:], strict=True):
        along = (q - p) / np.linalg.norm(q - p)
        across = np.array([-along[1], along[0]])
        square = np.array([p, p + size * along, p + size * (along + across), p + size * across])
        ax.plot(*square.T, "-", color=palette.BLACK, lw=1.1, zorder=7, label="right angle")
    draw_path(ax, shown, label=f"the first {len(shown) - 1} steps", end=False, ms=5,
              end_ms=8, zorder=6)
    inside = np.all((objective.minima >= low) & (objective.minima <= high), axis=1)
    if inside.any():
        ax.plot(*objective.minima[inside].T, "*", ms=20, label="minimum", **MINIMUM_MARK)
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)
    ax.set_title(title or "Each step leaves the contour line it starts on at a right angle")
    legend_once(ax, below=True, columns=2)
    if own_figure:
        describe(ax.figure, _crossing_sentence(objective, shown))
    return ax.figure


def _contour_angles(objective, points, steps) -> np.ndarray:
    """The angle in degrees between each step and the contour line through each of ``points``
    (90: a right angle; 0: along the line); NaN where the gradient is zero (no line)."""
    g = np.asarray(objective.grad(points), dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        sine = np.abs(np.sum(g * steps, axis=1)) / (np.linalg.norm(g, axis=1)
                                                    * np.linalg.norm(steps, axis=1))
    return np.degrees(np.arcsin(np.clip(sine, 0.0, 1.0)))


def _degrees(angles) -> str:
    """"90°" or "67° to 87°", whole degrees."""
    angles = np.asarray(angles, dtype=float)
    angles = angles[np.isfinite(angles)]
    if not len(angles):
        return "no angle (the gradient is zero there)"
    low, high = f"{angles.min():.0f}°", f"{angles.max():.0f}°"
    return low if low == high else f"{low} to {high}"


def _bend_text(objective, shown) -> str:
    """How the drawn steps bend and where they end beside the nearest minimum on the view:
    "the path bends steadily to the right, its heading from 58° to -7°, and ends at
    (2.81, 2.22), up and to the left of the minimum (3, 2)" (headings counter-clockwise from the
    x direction, as lecture 2 measures angles); empty for fewer than two steps."""
    steps = np.diff(shown, axis=0)
    if len(steps) < 2:
        return ""
    headings = np.degrees(np.arctan2(steps[:, 1], steps[:, 0]))
    turns = (np.diff(headings) + 180) % 360 - 180
    bend = ("bends steadily to the right" if np.all(turns < 0) else
            "bends steadily to the left" if np.all(turns > 0) else "turns both ways")
    end = shown[-1]
    nearest = objective.minima[int(objective.nearest_minimum(end))]
    offset = end - nearest
    beside = ""
    if np.linalg.norm(offset) > SETTLE_RADIUS:
        beside = (f", {heading(np.degrees(np.arctan2(offset[1], offset[0])))} of the minimum "
                  f"{point_text(nearest)}")
    return (f"the path {bend}, {_headings_text(headings[0], headings[-1])}, and ends at "
            f"{point_text(end)}{beside}")


def _headings_text(first: float, last: float) -> str:
    """From which heading to which the steps turn, in words for the ear: "from 58° above level
    to 7° below it" while both point rightwards, else "first heading to the left, last heading
    up"."""
    if max(abs(first), abs(last)) < 90:
        def tilt(a: float) -> str:
            return "level" if round(a) == 0 else f"{abs(a):.0f}° {'above' if a > 0 else 'below'}"

        start, end = tilt(first), tilt(last)
        return (f"from {start} level to {end}{'' if end == 'level' else ' it'}"
                if start != "level" else f"from level to {end} it")
    return f"first heading {heading(first)}, last heading {heading(last)}"


def _crossing_sentence(objective, shown) -> str:
    """:func:`plot_steps_across_contours`'s description: at what angles the steps leave the
    contour line they start on and cross the one they land on, and how the path bends
    (:func:`_bend_text`)."""
    steps = np.diff(shown, axis=0)
    leave = _contour_angles(objective, shown[:-1], steps)
    land = _contour_angles(objective, shown[1:], steps)
    count = "the one step" if len(steps) == 1 else f"each of the first {len(steps)} steps"
    leaves = _degrees(leave)
    right = leaves == "90°"
    leaves = "a right angle" if right else f"{leaves} (90° is a right angle)"
    lead = (f"On the {objective.name}, {count} of descent from {point_text(shown[0])} leaves "
            f"its contour line at {leaves} and lands on the next at {_degrees(land)}")
    bend = _bend_text(objective, shown)
    return fitting(*([f"{lead}; {bend}"] if bend else []),
                   f"{lead}, ending at {point_text(shown[-1])}", aim=False)
