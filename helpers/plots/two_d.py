"""Static figures for functions of two variables: contour maps with descent paths, gradient arrows,
surfaces, partial derivatives as slices, and basin-of-attraction maps.

Contour levels and lines are computed here once per objective (``contour_levels``,
``contour_lines``) so that the live explorers draw exactly the lines the static figures draw.
Every map keeps x and y at the same scale, so "perpendicular to the contour lines" looks
perpendicular.
"""

from __future__ import annotations

import contourpy
import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch

from .. import palette
from ..basins import DIVERGED, NOT_SETTLED
from .style import styled, subplots

__all__ = [
    "BASIN_COLOURS",
    "clip_to_view",
    "contour_levels",
    "contour_lines",
    "draw_contours",
    "draw_path_2d",
    "plot_basin_map",
    "plot_basin_maps",
    "plot_descent_2d",
    "plot_descent_panels",
    "plot_directional_slopes",
    "plot_gradient_field",
    "plot_partial_slices",
    "plot_paths_by_outcome",
    "plot_surface_and_contour",
]

# One colour per known minimum (its basin, and the paths that end there), then "not settled"
# and "diverged". Blue, orange, purple and sky blue stay apart for every kind of colour vision.
BASIN_COLOURS = (palette.BLUE, palette.ORANGE, palette.PURPLE, palette.SKY_BLUE)
NOT_SETTLED_COLOUR = "#DDDDDD"
# Several runs on one map: the first is the usual vermillion path; none is green (the minima).
RUN_COLOURS = (
    palette.PATH,
    palette.BLUE,
    palette.PURPLE,
    palette.ORANGE,
    palette.SKY_BLUE,
    palette.BLACK,
)
DIVERGED_COLOUR = palette.BLACK
GRID = 160
DOTS_UP_TO = 150


def _grid(objective, n: int = GRID):
    (x_low, x_high), (y_low, y_high) = objective.domain
    xs = np.linspace(x_low, x_high, n)
    ys = np.linspace(y_low, y_high, n)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, objective.f(np.stack([X, Y], axis=-1))


def contour_levels(objective, count: int = 12, n: int = GRID) -> np.ndarray:
    """``count`` heights to draw contour lines at: quantiles of f over the domain, denser near the
    bottom, so every map shows its valleys and its walls alike."""
    _, _, Z = _grid(objective, n)
    q = np.linspace(0.0, 1.0, count + 2)[1:-1] ** 1.6
    levels = np.quantile(Z, q)
    return np.unique(np.round(levels, 12))


def contour_lines(objective, levels=None, n: int = 90) -> list[tuple[float, list[np.ndarray]]]:
    """For each level, the contour line segments (arrays of shape ``(k, 2)``) at that height."""
    levels = contour_levels(objective) if levels is None else np.asarray(levels, dtype=float)
    X, Y, Z = _grid(objective, n)
    generator = contourpy.contour_generator(X, Y, Z)
    return [
        (float(level), [np.asarray(s) for s in generator.lines(level) if len(s) > 1])
        for level in levels
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
    X, Y, Z = _grid(objective)
    levels = contour_levels(objective) if levels is None else np.asarray(levels)
    bounds = np.concatenate([[Z.min()], levels, [Z.max()]])
    norm = BoundaryNorm(bounds, ncolors=256)
    if filled:
        filling = ax.contourf(
            X, Y, Z, levels=bounds, cmap=palette.CONTOUR_MAP, norm=norm, alpha=fill_alpha
        )
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
    (x_low, x_high), (y_low, y_high) = objective.domain
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.grid(False)
    return ax


def _mark_minima(ax, objective) -> None:
    minima = objective.minima
    if objective.global_minimum is not None and len(minima) > 1:
        best = int(objective.nearest_minimum(objective.global_minimum))
        others = np.delete(minima, best, axis=0)
        ax.plot(
            *minima[best],
            "*",
            color=palette.MINIMUM,
            mec=palette.BLACK,
            ms=17,
            ls="none",
            label="global minimum",
            zorder=7,
        )
        ax.plot(
            others[:, 0],
            others[:, 1],
            "^",
            color=palette.MINIMUM,
            mec=palette.BLACK,
            ms=10,
            ls="none",
            label="local minimum",
            zorder=7,
        )
    else:
        label = "minimum" if len(minima) == 1 else "minima"
        ax.plot(
            minima[:, 0],
            minima[:, 1],
            "*",
            color=palette.MINIMUM,
            mec=palette.BLACK,
            ms=15,
            ls="none",
            label=label,
            zorder=7,
        )


def draw_path_2d(
    ax,
    path: np.ndarray,
    *,
    colour: str = palette.PATH,
    label: str = "descent path",
    ends: bool = True,
    lw: float = 1.6,
    ms: float = 3.5,
    alpha: float = 1.0,
) -> None:
    """The moving thing on a map: a path of dots from a black start to a diamond at its last
    step (a long path is drawn as a line alone: a thousand dots would hide the map)."""
    path = np.asarray(path, dtype=float)
    style = "-o" if len(path) <= DOTS_UP_TO else "-"
    ax.plot(
        path[:, 0],
        path[:, 1],
        style,
        color=colour,
        lw=lw,
        ms=ms,
        alpha=alpha,
        label=label,
        zorder=5,
    )
    if ends:
        ax.plot(*path[0], "o", color=palette.START, ms=8, zorder=6, label="start")
        ax.plot(*path[-1], "D", color=colour, mec=palette.BLACK, ms=8, zorder=6, label="last step")


def _points_of_interest(ax, points: dict | None) -> None:
    """Named points, like the slides' M and C, written next to a small black ring (on the side
    that keeps the name inside the map)."""
    x_low, x_high = ax.get_xlim()
    for name, (x, y) in (points or {}).items():
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
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )


def _legend_once(ax, *, columns: int = 3, **kw) -> None:
    """A legend under the map, with each label once however many times it was drawn."""
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    options = {
        "loc": "upper center",
        "bbox_to_anchor": (0.5, -0.12),
        "ncol": min(columns, len(unique)),
        "fontsize": 8,
    }
    options.update(kw)
    ax.legend(unique.values(), unique.keys(), **options)


def clip_to_view(objective, path: np.ndarray) -> np.ndarray:
    """The path with iterates far outside the map pinned just past its edge, so a diverging run
    shows where it left instead of shrinking the map to a dot."""
    (x_low, x_high), (y_low, y_high) = objective.domain
    mx, my = 0.05 * (x_high - x_low), 0.05 * (y_high - y_low)
    return np.column_stack(
        [np.clip(path[:, 0], x_low - mx, x_high + mx), np.clip(path[:, 1], y_low - my, y_high + my)]
    )


# ---------------------------------------------------------------- the landscape


def _surface(ax, objective, n: int = 50) -> None:
    X, Y, Z = _grid(objective, n)
    ax.plot_surface(
        X,
        Y,
        Z,
        cmap=palette.CONTOUR_MAP,
        linewidth=0,
        antialiased=False,
        rcount=n,
        ccount=n,
    )
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_zlabel("f(x, y)")
    ax.set_box_aspect(None, zoom=0.88)


def _path_on_surface(ax, objective, path: np.ndarray, *, colour: str = palette.PATH) -> None:
    z = objective.f(path)
    ax.plot(
        path[:, 0], path[:, 1], z, "-o", color=colour, lw=2, ms=3, zorder=10, label="descent path"
    )
    ax.plot(
        [path[0, 0]], [path[0, 1]], [z[0]], "o", color=palette.START, ms=7, zorder=11, label="start"
    )
    ax.plot(
        [path[-1, 0]],
        [path[-1, 1]],
        [z[-1]],
        "D",
        color=colour,
        mec=palette.BLACK,
        ms=7,
        zorder=11,
        label="last step",
    )


@styled
def plot_surface_and_contour(
    objective, result=None, *, title: str | None = None, width: float = 5.2, height: float = 4.4
):
    """The landscape twice: a 3-D surface (rotatable under ipympl) and its contour map from above,
    with the descent path of ``result`` on both when given."""
    fig = subplots(1, 2, width=width, height=height)[0]
    fig.axes[0].remove()
    surface = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    contour = fig.axes[0]
    _surface(surface, objective)
    draw_contours(contour, objective, colorbar=True)
    if result is not None:
        path = clip_to_view(objective, result.path)
        _path_on_surface(surface, objective, path)
        draw_path_2d(contour, path)
    surface.set_title("the surface z = f(x, y)")
    contour.set_title("the same, seen from above")
    _legend_once(contour, columns=2)
    fig.suptitle(title or f"The {objective.name}: f(x, y) = ${objective.latex}$")
    return fig


def _cutting_plane(ax, objective, axis: int, held_value: float) -> None:
    """The vertical plane that holds one coordinate fixed, drawn see-through on a 3-D axes."""
    low, high = objective.domain[axis]
    _, _, Z = _grid(objective, 50)
    t, z = np.meshgrid(np.linspace(low, high, 2), np.linspace(Z.min(), Z.max(), 2))
    held = np.full_like(t, held_value)
    xs, ys = (t, held) if axis == 0 else (held, t)
    ax.plot_surface(xs, ys, z, color=palette.GREY, alpha=0.25, linewidth=0, zorder=9)


@styled
def plot_partial_slices(objective, point, *, half_width: float = 2.4):
    """Partial derivatives as slices: hold y fixed and f becomes a curve in x whose slope at the
    point is df/dx (top row); hold x fixed for df/dy (bottom row)."""
    point = np.asarray(point, dtype=float)
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
        surface.plot(
            line[:, 0],
            line[:, 1],
            z,
            color=palette.FUNCTION,
            lw=3,
            zorder=10,
            label=f"the slice {held} = {point[1 - axis]:g}",
        )
        surface.plot(*point, objective.f(point), "o", color=palette.START, ms=7, zorder=11)
        surface.set_title(f"cut the surface at {held} = {point[1 - axis]:g}", fontsize=10)
        surface.legend(loc="upper left", fontsize=8)

        slope = float(gradient[axis])
        curve_ax.plot(
            t,
            z,
            color=palette.FUNCTION,
            lw=2.2,
            label=f"f along the slice ({held} held at {point[1 - axis]:g})",
        )
        near = np.array([point[axis] - half_width / 2, point[axis] + half_width / 2])
        f0 = float(objective.f(point))
        curve_ax.plot(
            near,
            f0 + slope * (near - point[axis]),
            "--",
            color=palette.TANGENT,
            lw=2,
            label=f"tangent: slope ∂f/∂{moving} = {slope:.3g}",
        )
        curve_ax.plot(
            point[axis],
            f0,
            "o",
            color=palette.START,
            ms=7,
            label=f"the point ({point[0]:g}, {point[1]:g})",
        )
        curve_ax.set_xlabel(moving)
        curve_ax.set_ylabel(f"f with {held} = {point[1 - axis]:g}")
        curve_ax.set_xlim(low, high)
        curve_ax.set_title(f"a 1-D function of {moving}: its slope is ∂f/∂{moving}", fontsize=10)
        curve_ax.legend(loc="best", fontsize=8)
    fig.suptitle(f"Partial derivatives of the {objective.name} at ({point[0]:g}, {point[1]:g})")
    return fig


@styled
def plot_gradient_field(objective, *, point=None, arrows: int = 13, title: str | None = None):
    """Arrows of -grad f over the contour map (all drawn the same length: direction only).

    They cross every contour line at a right angle. At ``point`` the real -grad f is drawn long,
    with grad f (uphill) and the contour line through the point.
    """
    fig, axes = subplots(width=7.0, height=5.8)
    ax = axes[0, 0]
    draw_contours(ax, objective, colorbar=True)
    (x_low, x_high), (y_low, y_high) = objective.domain
    X, Y = np.meshgrid(
        np.linspace(x_low, x_high, arrows + 2)[1:-1], np.linspace(y_low, y_high, arrows + 2)[1:-1]
    )
    G = objective.grad(np.stack([X, Y], axis=-1))
    size = np.linalg.norm(G, axis=-1)
    U = np.divide(-G, size[..., None], out=np.zeros_like(G), where=size[..., None] > 0)
    ax.quiver(
        X,
        Y,
        U[..., 0],
        U[..., 1],
        color=palette.BLACK,
        alpha=0.75,
        angles="xy",
        pivot="mid",
        width=0.004,
        scale=arrows * 1.3,
        label="direction of −∇f",
    )
    if point is not None:
        point = np.asarray(point, dtype=float)
        g = objective.grad(point)
        length = 0.18 * min(x_high - x_low, y_high - y_low)
        d = g / np.linalg.norm(g) * length
        X2, Y2, Z2 = _grid(objective)
        ax.contour(
            X2,
            Y2,
            Z2,
            levels=[float(objective.f(point))],
            colors=[palette.BLACK],
            linestyles="dashed",
            linewidths=1.5,
        )
        ax.plot([], [], "--", color=palette.BLACK, label="contour line through the point")
        ax.annotate(
            "",
            xy=point - d,
            xytext=point,
            arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 3, "mutation_scale": 20},
            zorder=9,
        )
        ax.annotate(
            "",
            xy=point + d,
            xytext=point,
            arrowprops={
                "arrowstyle": "-|>",
                "color": palette.GREY,
                "lw": 2,
                "ls": "--",
                "mutation_scale": 16,
            },
            zorder=9,
        )
        ax.plot([], [], color=palette.PATH, lw=3, label="−∇f: steepest descent")
        ax.plot([], [], "--", color=palette.GREY, lw=2, label="∇f: steepest ascent")
        ax.plot(
            *point,
            "o",
            color=palette.START,
            ms=8,
            zorder=10,
            label=f"the point ({point[0]:g}, {point[1]:g})",
        )
    ax.set_title(title or f"Which way is downhill? −∇f on the {objective.name}")
    _legend_once(ax, columns=2)
    return fig


@styled
def plot_directional_slopes(angles, slopes, gradient, *, title: str | None = None):
    """The slope of f along each unit direction (cos a, sin a), against the angle a in degrees,
    with the direction of -grad f and the slope -|grad f| it predicts."""
    angles = np.asarray(angles, dtype=float)
    slopes = np.asarray(slopes, dtype=float)
    gradient = np.asarray(gradient, dtype=float)
    fig, axes = subplots(width=7.0, height=3.9)
    ax = axes[0, 0]
    degrees = np.degrees(angles)
    ax.plot(degrees, slopes, color=palette.FUNCTION, lw=2.2, label="slope of f along direction a")
    best = int(np.argmin(slopes))
    descent_angle = np.degrees(np.arctan2(-gradient[1], -gradient[0])) % 360
    size = float(np.linalg.norm(gradient))
    ax.axvline(
        descent_angle,
        color=palette.PATH,
        lw=2,
        ls="--",
        label=f"direction of −∇f ({descent_angle:.1f}°)",
    )
    ax.axhline(-size, color=palette.GREY, lw=1.5, ls=":", label=f"−|∇f| = {-size:.3g}")
    ax.plot(
        degrees[best],
        slopes[best],
        "v",
        color=palette.MINIMUM,
        mec=palette.BLACK,
        ms=11,
        zorder=5,
        label=f"steepest fall found: {degrees[best]:.1f}°",
    )
    ax.set_xlim(0, 360)
    ax.set_xticks(np.arange(0, 361, 45))
    ax.set_xlabel("direction a (degrees, counter-clockwise from the +x axis)")
    ax.set_ylabel("slope of f")
    ax.set_title(title or "Among all unit directions, f falls fastest along −∇f")
    ax.legend(loc="upper right", fontsize=8)
    return fig


# ---------------------------------------------------------------- descent paths


def _runs(runs) -> dict:
    return runs if isinstance(runs, dict) else {"descent path": runs}


def _draw_runs(ax, objective, runs: dict, colours) -> None:
    for (name, result), colour in zip(runs.items(), colours):
        draw_path_2d(ax, clip_to_view(objective, result.path), colour=colour, label=name)


@styled
def plot_descent_2d(
    objective, runs, *, title: str | None = None, points: dict | None = None, colours=None, ax=None
):
    """The contour map with one descent path (a result) or several (a dict name -> result)."""
    runs = _runs(runs)
    colours = colours or RUN_COLOURS
    if ax is None:
        _, axes = subplots(width=7.0, height=5.6)
        ax = axes[0, 0]
    draw_contours(ax, objective, colorbar=True)
    _draw_runs(ax, objective, runs, colours)
    _points_of_interest(ax, points)
    if title is None:
        only = next(iter(runs.values()))
        title = (
            f"Gradient descent on the {objective.name}: {only.steps} steps"
            if len(runs) == 1
            else f"Gradient descent on the {objective.name}"
        )
    ax.set_title(title)
    _legend_once(ax)
    return ax.figure


@styled
def plot_descent_panels(
    panels, *, title: str | None = None, width: float = 5.0, height: float = 4.6
):
    """One contour map per panel, side by side; ``panels`` is a list of
    (objective, result, title)."""
    fig, axes = subplots(1, len(panels), width=width, height=height)
    for ax, (objective, result, panel_title) in zip(axes[0], panels):
        draw_contours(ax, objective)
        draw_path_2d(ax, clip_to_view(objective, result.path))
        ax.set_title(panel_title, fontsize=10)
    _legend_once(axes[0, 0], columns=4, bbox_to_anchor=(0.5, -0.14))
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
        return DIVERGED_COLOUR
    if label == NOT_SETTLED:
        return palette.GREY
    return BASIN_COLOURS[label % len(BASIN_COLOURS)]


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
    reached = np.asarray(reached)
    if ax is None:
        _, axes = subplots(width=7.0, height=5.6)
        ax = axes[0, 0]
    draw_contours(ax, objective, fill_alpha=0.3)
    counts = {label: int(np.sum(reached == label)) for label in np.unique(reached)}
    for path, label in zip(paths, reached):
        path = clip_to_view(objective, np.asarray(path, dtype=float))
        colour = _outcome_colour(int(label))
        ax.plot(path[:, 0], path[:, 1], "-", color=colour, lw=lw, alpha=0.8, zorder=4)
        ax.plot(*path[-1], "D", color=colour, mec=palette.BLACK, ms=6, zorder=8)
        ax.plot(*path[0], "o", color=palette.START, ms=5, zorder=5)
    for label, count in counts.items():
        name = (names or {}).get(int(label), _outcome_name(objective, int(label)))
        ax.plot(
            [],
            [],
            "-D",
            color=_outcome_colour(int(label)),
            mec=palette.BLACK,
            label=f"{name}: {count} of {len(reached)}",
        )
    ax.plot([], [], "o", color=palette.START, ms=4, label="start")
    _points_of_interest(ax, points)
    ax.set_title(title)
    _legend_once(ax)
    return ax.figure


# ---------------------------------------------------------------- basin maps


def _draw_basin(ax, basin) -> None:
    objective = basin.objective
    count = len(objective.minima)
    # Colour index: 0 diverged, 1 not settled, then one per minimum.
    index = np.where(
        basin.labels >= 0, basin.labels + 2, np.where(basin.labels == NOT_SETTLED, 1, 0)
    )
    colours = [DIVERGED_COLOUR, NOT_SETTLED_COLOUR] + [
        BASIN_COLOURS[i % len(BASIN_COLOURS)] for i in range(count)
    ]
    (x_low, x_high), (y_low, y_high) = objective.domain
    ax.imshow(
        index,
        origin="lower",
        extent=(x_low, x_high, y_low, y_high),
        cmap=ListedColormap(colours),
        vmin=-0.5,
        vmax=len(colours) - 0.5,
        interpolation="nearest",
        alpha=0.85,
        aspect="equal",
    )
    draw_contours(
        ax,
        objective,
        levels=contour_levels(objective)[::2],
        filled=False,
        show_minima=False,
        line_colour=palette.BLACK,
    )
    for i, (x, y) in enumerate(objective.minima):
        ax.plot(x, y, "*", color="white", mec=palette.BLACK, ms=15, zorder=7)
    shares = basin.fractions
    handles = [
        Patch(
            color=BASIN_COLOURS[i % len(BASIN_COLOURS)],
            label=f"→ ({x:.2f}, {y:.2f}): {100 * shares[i]:.1f}%",
        )
        for i, (x, y) in enumerate(objective.minima)
    ]
    for label, colour, name in (
        (NOT_SETTLED, NOT_SETTLED_COLOUR, "not settled"),
        (DIVERGED, DIVERGED_COLOUR, "diverged"),
    ):
        share = float(np.mean(basin.labels == label))
        if share > 0:
            handles.append(Patch(color=colour, label=f"{name}: {100 * share:.1f}%"))
    handles.append(
        ax.plot([], [], "*", color="white", mec=palette.BLACK, ms=12, ls="none", label="minima")[0]
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.11),
        ncol=2,
        fontsize=8,
        title="where each start ends",
        title_fontsize=8,
    )


def _basin_title(basin) -> str:
    n = basin.labels.shape[0]
    extra = f", momentum {basin.momentum:g}" if basin.momentum else ""
    return f"{n} × {n} starts, lr {basin.lr:g}{extra}, up to {basin.steps} steps"


@styled
def plot_basin_map(basin, *, title: str | None = None, ax=None):
    """Colour every start of a :class:`helpers.basins.BasinMap` by the minimum descent reaches."""
    if ax is None:
        _, axes = subplots(width=7.0, height=6.2)
        ax = axes[0, 0]
    _draw_basin(ax, basin)
    ax.set_title(
        title or f"Basins of attraction on the {basin.objective.name}\n{_basin_title(basin)}"
    )
    return ax.figure


@styled
def plot_basin_maps(
    maps: dict, *, title: str | None = None, width: float = 6.0, height: float = 5.0
):
    """Basin maps side by side; ``maps`` maps a panel title to a BasinMap."""
    fig, axes = subplots(1, len(maps), width=width, height=height)
    for ax, (panel_title, basin) in zip(axes[0], maps.items()):
        _draw_basin(ax, basin)
        ax.set_title(f"{panel_title}\n{_basin_title(basin)}", fontsize=10)
    if title:
        fig.suptitle(title)
    return fig
