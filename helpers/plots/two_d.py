"""Contour maps of functions of two variables with descent paths on them: one run or several,
panels side by side, and many paths coloured by the minimum they reach.

Contour levels and lines come from :mod:`helpers.geometry`: the static maps band at
:func:`~helpers.geometry.colour_levels` (evenly spaced on a log colour bar when the map has one),
the live explorers draw :func:`~helpers.geometry.contour_levels`, which is the same on a linear
map. Every map keeps x and y at the same scale, so
"perpendicular to the contour lines" looks perpendicular.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from matplotlib import colormaps, patheffects
from matplotlib.colors import LinearSegmentedColormap, LogNorm, Normalize, to_hex
from matplotlib.legend_handler import HandlerTuple
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from .. import checks, palette
from ..basins import DIVERGED, NOT_SETTLED, SETTLE_RADIUS, which_minimum
from ..geometry import (
    clip_to_view,
    colour_levels,
    colour_scale,
    domain_extent,
    objective_grid,
    widened_range,
)
from ..results import plural
from .descriptions import describe, fitting, listed
from .marks import draw_path, legend_once
from .one_d import count_words
from .style import one_axes, styled, subplots

__all__ = [
    "colour_norm",
    "draw_colour_bar",
    "draw_contours",
    "mark_points",
    "plot_descent_2d",
    "plot_descent_panels",
    "plot_paths_by_outcome",
    "plot_run_ends",
    "widened_view",
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
    levels = colour_levels(objective) if levels is None else np.asarray(levels)
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
        # large enough that its outline stays clear of a last-step diamond on it; the legend
        # shows it at the size of the other entries
        ax.plot(others[:, 0], others[:, 1], "^", ms=18, label="_local minimum", **MINIMUM_MARK)
        ax.plot([], [], "^", ms=13, label="local minimum", **MINIMUM_MARK)
    else:
        label = "minimum" if len(minima) == 1 else "minima"
        ax.plot(minima[:, 0], minima[:, 1], "*", ms=20, label=label, **MINIMUM_MARK)


# A named point is a hollow black square: never a filled black dot (a start) nor a minimum's mark.
POINT_MARK = {"marker": "s", "mfc": "none", "mec": palette.BLACK, "ms": 17, "mew": 1.5,
              "ls": "none", "zorder": 8}


# On a map with paths, a named point's square is wide enough to hold a minimum's mark and a
# last-step diamond inside it, each still visible; its name sits outside the square's corner.
NAMED_POINT = {**POINT_MARK, "ms": 26}


def mark_points(ax, points: dict | None) -> None:
    """Named points, like the slides' M and C: a hollow black square round each (large enough
    to hold a minimum's mark and a last-step diamond), its name written beside its top corner
    (on the side that keeps the name inside the map), and one legend entry "named points M, C"."""
    points = _named_points(points)
    if points:
        names = ", ".join(points)
        ax.plot([], [], label=f"named point{'s' if len(points) > 1 else ''} {names}",
                **POINT_MARK)  # the legend's square at the size of its other entries
    x_low, x_high = ax.get_xlim()
    for name, (x, y) in points.items():
        near_right = x > x_high - 0.15 * (x_high - x_low)
        ax.plot(x, y, clip_on=False, label="_named point", **NAMED_POINT)  # whole, on an edge too
        ax.annotate(
            name,
            (x, y),
            textcoords="offset points",
            xytext=(-15, 13) if near_right else (15, 13),
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


# ---------------------------------------------------------------- the sentence a figure says
#
# Every builder ends by describing its figure in one sentence (helpers.plots.descriptions),
# written from what it drew; the phrases several builders share live here.

# The longest description a lecture figure may have (tests/test_figures_readable.py holds it).


def point_text(point) -> str:
    """``"(x, y)"`` to 3 significant digits, rounded to thousandths first (the settle radius),
    so that an end 4e-07 from a minimum reads "(1, 0)", never "(1, 4e-07)" or "-0"."""
    values = np.round(np.asarray(point, dtype=float), 3) + 0.0
    return "(" + ", ".join(f"{v:.3g}" for v in values.ravel().tolist()) + ")"


def value_text(value: float) -> str:
    """A height, a slope or a distance to 3 significant digits, rounded to thousandths first."""
    return f"{np.round(float(value), 3) + 0.0:.3g}"


def _name_at(point, points: dict) -> str:
    """The name of the named point at ``point`` (within the settle radius), or ``""``."""
    for name, where in points.items():
        if np.allclose(where, point, rtol=0.0, atol=SETTLE_RADIUS):
            return name
    return ""


def start_text(point, points: dict) -> str:
    """A start, named when it is a named point: ``"M (2, 1.5)"``."""
    name = _name_at(point, points)
    return f"{name} {point_text(point)}" if name else point_text(point)


def minimum_kind(objective, index: int) -> str:
    """``"global "`` or ``"local "`` when the objective has a global minimum among several,
    else ``""``."""
    if objective.global_minimum is None or len(objective.minima) < 2:
        return ""
    best = int(objective.nearest_minimum(np.asarray(objective.global_minimum, dtype=float)))
    return "global " if index == best else "local "


def minimum_text(objective, index: int, points: dict | None = None, *, said=None) -> str:
    """``"the global minimum (-2, 0)"``, ``"the local minimum C (1, 0)"`` (C a named point
    there). A minimum already in ``said`` (a set of indices, which it then joins) is named
    short, by its point's name or "the global minimum", when that tells it apart."""
    kind = minimum_kind(objective, index)
    name = _name_at(objective.minima[index], points or {})
    if said is not None:
        if index in said and (name or kind):
            return name or f"the {kind}minimum"
        said.add(index)
    return f"the {kind}minimum {name + ' ' if name else ''}{point_text(objective.minima[index])}"


def end_text(objective, point, points: dict | None = None, *, said=None) -> str:
    """Where a run ended: the minimum it is within the settle radius of, else the point and
    how far the nearest minimum is."""
    point = np.asarray(point, dtype=float)
    label = int(which_minimum(objective, point))
    if label >= 0:
        return minimum_text(objective, label, points, said=said)
    nearest = objective.minima[int(objective.nearest_minimum(point))]
    return (f"{point_text(point)}, {value_text(np.linalg.norm(point - nearest))} from the "
            "nearest minimum")


def run_outcome(objective, result, points: dict | None = None, *, said=None) -> str:
    """What one run did, read off its result: "settles at the local minimum C (1, 0) after 67
    steps", "diverges after 12 steps", "is still moving after 100 steps, at ...", and how close
    it came to another minimum on the way (see :func:`_passing`)."""
    steps = plural(result.steps, "step")
    if result.diverged:
        return f"diverges after {steps}"
    passing = _passing(objective, result, points, said)
    where = end_text(objective, result.final, points, said=said)
    if not result.converged:
        return f"{passing + ' and ' if passing else ''}is still moving after {steps}, at {where}"
    if int(which_minimum(objective, result.final)) < 0:  # a flat point that is no minimum
        return f"settles after {steps} at {where}"
    return f"{passing + ' but ' if passing else ''}settles at {where} after {steps}"


def _passing(objective, result, points, said) -> str:
    """"passes 0.2 from the global minimum" when a run that ends at one minimum came within a
    quarter of the way between the two of another one on its way; else ``""``."""
    path = np.asarray(result.path, dtype=float).reshape(-1, 2)
    end = int(which_minimum(objective, result.final))
    if end < 0:
        return ""
    closest = [(float(np.min(np.linalg.norm(path - minimum, axis=1))), j)
               for j, minimum in enumerate(objective.minima) if j != end]
    if not closest:
        return ""
    distance, j = min(closest)
    if distance >= 0.25 * np.linalg.norm(objective.minima[j] - objective.minima[end]):
        return ""
    return f"passes {value_text(distance)} from {minimum_text(objective, j, points, said=said)}"


def place_words(point, domain) -> str:
    """Where a point lies on a map of ``domain``, in thirds of each side: "top right", "left",
    "bottom", "near the middle" (in the middle third both ways)."""
    (x_low, x_high), (y_low, y_high) = domain
    x, y = (float(v) for v in np.ravel(point))
    across = ("left" if x < x_low + (x_high - x_low) / 3 else
              "right" if x > x_high - (x_high - x_low) / 3 else "")
    up = ("bottom" if y < y_low + (y_high - y_low) / 3 else
          "top" if y > y_high - (y_high - y_low) / 3 else "")
    return f"{up} {across}".strip() or "near the middle"


def quarter(point, domain) -> tuple[bool, bool]:
    """Which quarter of the map of ``domain`` a point lies in: (right of the middle, above
    it)."""
    (x_low, x_high), (y_low, y_high) = domain
    x, y = (float(v) for v in np.ravel(point))
    return x > (x_low + x_high) / 2, y > (y_low + y_high) / 2


def quarter_words(right: bool, top: bool) -> str:
    """"top right", "bottom left", ... for :func:`quarter`'s answer."""
    return f"{'top' if top else 'bottom'} {'right' if right else 'left'}"


def one_per_quarter(points, domain) -> bool:
    """Whether four points lie one in each quarter of the map."""
    return len(points) == 4 and len({quarter(p, domain) for p in points}) == 4


def turns_back(path) -> int:
    """How many steps of a path turn back by more than a right angle from the step before."""
    path = np.asarray(path, dtype=float)
    steps = np.diff(path.reshape(len(path), -1), axis=0)
    return int(np.sum(np.sum(steps[1:] * steps[:-1], axis=1) < 0))


def outcome_counts(objective, reached, points: dict | None = None, *, verb: str = "end",
                   short: bool = False) -> str:
    """How many labels of ``reached`` each outcome has, minima first: "2 end at the minimum
    (3, 2), 1 ends near no minimum and 3 diverge"; ``short``: a minimum that is neither global
    nor local by its point alone, "2 end at (3, 2)"."""
    reached = np.asarray(reached).ravel()
    parts, first = [], True
    for label in sorted(set(reached.tolist()), key=lambda label: (label < 0, abs(label))):
        count = int(np.sum(reached == label))
        s = "s" if count == 1 else ""
        if label == DIVERGED:
            parts.append(f"{count} diverge{s}")
        elif label == NOT_SETTLED:
            parts.append(f"{count} {verb}{s} near no minimum")
        else:  # the verb once: "2 end at the minimum (3, 2), 3 at the minimum (-2.81, 3.13)"
            where = minimum_text(objective, int(label), points)
            if short and not minimum_kind(objective, int(label)):
                where = where.removeprefix("the minimum ")
            parts.append(f"{count} {verb}{s} at {where}" if first else f"{count} at {where}")
            first = False
    return listed(parts)


# ---------------------------------------------------------------- descent paths


# A map widens past the objective's domain to show every run that did not diverge, by at most
# this share of the domain on each side (as the 1-D figures of runs_1d do).
MAX_WIDENING = 0.25


def widened_view(objective, paths):
    """The objective with its domain widened to hold every path given (plus a little room), by
    at most ``MAX_WIDENING`` of its size on each side: the map a figure draws."""
    paths = [np.asarray(path, dtype=float).reshape(-1, 2) for path in paths]
    paths = [path[np.all(np.isfinite(path), axis=1)] for path in paths]
    if not any(len(path) for path in paths):
        return objective
    domain = tuple(
        widened_range(objective.domain[axis], [path[:, axis] for path in paths],
                      most=MAX_WIDENING)
        for axis in (0, 1)
    )
    return objective if domain == tuple(objective.domain) else replace(objective, domain=domain)


def _legend_with_ends(axes, *, columns: int = 3):
    """The legend under one map (or, for several maps, under the figure): each label once, and
    "last step" as one diamond per path, in the paths' colours side by side."""
    handles, labels = [], []
    for ax in axes:
        more_handles, more_labels = ax.get_legend_handles_labels()
        handles += more_handles
        labels += more_labels
    ends = tuple(h for h, label in zip(handles, labels, strict=True) if label == "last step")
    unique = dict(zip(labels, handles, strict=True))
    if len(ends) > 1:
        unique["last step"] = ends
    options = {"ncol": min(columns, len(unique)), "fontsize": 9,
               "handler_map": {tuple: HandlerTuple(ndivide=None, pad=0.2)}}
    if len(axes) > 1:
        return axes[0].figure.legend(list(unique.values()), list(unique.keys()),
                                     loc="outside lower center", **options)
    return axes[0].legend(list(unique.values()), list(unique.keys()), loc="upper center",
                          bbox_to_anchor=(0.5, -0.12), **options)


RUN_STYLES = ("-", "--", "-.", ":")


def _panel_groups(panels, runs: dict) -> list[list[str]]:
    """``panels`` as a list of lists of run names, each name one of ``runs``."""
    allowed = "a list of lists of run names, e.g. [['plain'], ['momentum 0.9']]"
    panels = checks.sequence("panels", panels, 1, allowed=allowed)
    groups = []
    for group in panels:
        if isinstance(group, str) or not isinstance(group, (list, tuple)):
            raise TypeError(f"panels must be {allowed}, got {panels!r}")
        if not group:
            raise ValueError(f"panels must be {allowed}, got {panels!r}")
        for name in group:
            if name not in runs:
                raise ValueError(f"panels names {name!r}, which is not a run; the runs are "
                                 f"{list(runs)}")
        groups.append(list(group))
    return groups


@styled
def plot_descent_2d(
    objective, runs, *, title: str | None = None, points: dict | None = None, colours=None,
    panels=None, ax=None
):
    """The contour map with the descent paths of ``runs`` (a dict that maps a name, shown in the
    legend, to a result), each in its own colour of ``colours`` and its own line style of
    :data:`RUN_STYLES` (solid, dashed, dash-dotted, dotted: paths whose colours come close for
    some kind of colour vision stay apart); ``points`` names points of the map, e.g.
    ``{"M": (2, 1.5)}``. For one run: ``{"descent path": result}``.

    The map widens past the domain to show every run that did not diverge whole (see
    :func:`widened_view`). Paths drawn together are layered in order, the first on top. With
    ``panels``, a list of lists of run names, each list gets a map of its own, side by side (a
    figure of its own: no ``ax``), titled by its runs' names and sharing one view.
    """
    runs = checks.mapping("runs", runs, 'a name to a result, e.g. {"descent path": result}')
    points = _named_points(points)
    own_figure = ax is None
    colours = colours or palette.PATHS
    colour_of = {name: colours[k % len(colours)] for k, name in enumerate(runs)}
    style_of = {name: RUN_STYLES[k % len(RUN_STYLES)] for k, name in enumerate(runs)}
    view = widened_view(objective, [r.path for r in runs.values() if not r.diverged])
    if panels is None:
        groups, axes = [list(runs)], [one_axes(ax, width=7.0, height=5.6)]
    else:
        groups = _panel_groups(panels, runs)
        if ax is not None:
            raise ValueError("ax must be None with panels: one map per panel makes a figure of "
                             f"its own, got {ax!r}")
        axes = list(subplots(1, len(groups), width=5.0, height=4.4)[1][0])
    for panel, group in zip(axes, groups, strict=True):
        draw_contours(panel, view, colorbar=panel is axes[-1])
        for k, name in enumerate(group):
            draw_path(panel, clip_to_view(view, runs[name].path), colour=colour_of[name],
                      line_style=style_of[name], label=name,
                      zorder=5 + 0.3 * (len(group) - 1 - k))
        mark_points(panel, points)
        if panels is not None:
            panel.set_title(" and ".join(group), fontsize=11)
    _legend_with_ends(axes, columns=3 if panels is None else 4)
    if title is None:
        only = next(iter(runs.values()))
        title = (
            f"Gradient descent on the {objective.name}: {only.steps} steps"
            if len(runs) == 1
            else f"Gradient descent on the {objective.name}"
        )
    if panels is None:
        axes[0].set_title(title)
    else:
        axes[0].figure.suptitle(title)
    if own_figure:
        describe(axes[0].figure, _descent_sentence(objective, runs, points,
                                                   None if panels is None else groups))
    return axes[0].figure


def _label_of(objective, result) -> int:
    """The outcome label of one run: the minimum it ends at, NOT_SETTLED or DIVERGED."""
    return DIVERGED if result.diverged else int(which_minimum(objective, result.final))


def _descent_sentence(objective, runs: dict, points: dict, groups) -> str:
    """:func:`plot_descent_2d`'s description: from where each run starts, where it ends and
    after how many steps; ``groups``, when given, the runs of each map, left to right."""
    starts = [np.asarray(result.path[0], dtype=float) for result in runs.values()]
    common = all(np.array_equal(start, starts[0]) for start in starts)
    head = (f"From {start_text(starts[0], points)} on the {objective.name}, " if common
            else f"On the {objective.name}, ")
    if len(runs) == 1:
        result = next(iter(runs.values()))
        sentence = head + "descent " + run_outcome(objective, result, points)
        label = _label_of(objective, result)
        if label >= 0 and minimum_kind(objective, label) == "local ":
            best = int(objective.nearest_minimum(np.asarray(objective.global_minimum, float)))
            sentence += f", not at {minimum_text(objective, best, points)}"
        return fitting(sentence)
    said: set = set()
    full = head + "; ".join(
        f"{name}{'' if common else ' from ' + start_text(result.path[0], points)} "
        + run_outcome(objective, result, points, said=said)
        for name, result in runs.items()
    )
    labels = [_label_of(objective, result) for result in runs.values()]
    short = head + f"of {len(runs)} runs, " + outcome_counts(objective, labels, points)
    if not groups:
        return fitting(full, short)
    maps = (f" (left map: {listed(groups[0])}; right map: {listed(groups[1])})"
            if len(groups) == 2 else
            f" (maps from the left: {'; '.join(listed(group) for group in groups)})")
    return fitting(full + maps, full, short + maps, short)


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
        draw_contours(ax, objective, colorbar=True)
        path = clip_to_view(objective, result.path)
        # The start and last step over the minimum's hollow star: a last step on the minimum
        # sits on top, the star's points round it.
        draw_path(ax, path, ends_zorder=MINIMUM_MARK["zorder"] + 1)
        # A last step on a minimum sits inside its star: say so beside it.
        ax.annotate(f"last step (step {len(path) - 1})", xy=path[-1], xytext=(-30, -48),
                    textcoords="offset points", ha="center", fontsize=9, zorder=11,
                    bbox={"boxstyle": "round,pad=0.2", "fc": palette.WHITE, "ec": "none",
                          "alpha": 0.85},
                    arrowprops={"arrowstyle": "-|>", "color": palette.BLACK, "lw": 1.2,
                                "shrinkB": 5})
        ax.set_title(panel_title, fontsize=10)
    # Under the figure: a legend under one map would widen that map's layout box and push its
    # colour bar away from it.
    handles, labels = axes[0, 0].get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    fig.legend(list(unique.values()), list(unique), loc="outside lower center",
               ncol=min(4, len(unique)), fontsize=9)
    if title:
        fig.suptitle(title)
    describe(fig, _panels_sentence([(objective, result) for objective, result, _ in panels]))
    return fig


def _way_in(path) -> str:
    """How a path heads in: straight (every step the same way, to a degree), never turning back,
    zig-zagging (each step shorter than the one before, when so), or turning back now and
    then."""
    path = np.asarray(path, dtype=float).reshape(-1, 2)
    steps = np.diff(path, axis=0)
    steps = steps[np.linalg.norm(steps, axis=1) > 0]
    turns, corners = turns_back(path), max(len(path) - 2, 0)
    if turns == 0:
        headings = np.degrees(np.arctan2(steps[:, 1], steps[:, 0]))
        spread = np.abs((headings - headings[0] + 180) % 360 - 180).max() if len(steps) else 0
        return "walking straight in" if spread <= 1 else "never turning back"
    if turns == corners:
        lengths = np.linalg.norm(steps, axis=1)
        shorter = " and shorter than the last" if np.all(np.diff(lengths) < 0) else ""
        return f"zig-zagging, each step turning back{shorter}"
    return f"turning back {plural(turns, 'time')}"


def stretch_text(objective) -> str:
    """", its valley stretched along x" when the objective bends at least twice as sharply
    across one axis as along the other at its (global) minimum; else empty."""
    best = objective.global_minimum
    at = np.asarray(objective.minima[0] if best is None else best, dtype=float)
    h = 1e-4
    bends = [float((objective.grad(at + h * e) - objective.grad(at - h * e))[axis]) / (2 * h)
             for axis, e in enumerate(np.eye(2))]
    if min(bends) <= 0 or max(bends) < 2 * min(bends):
        return ""
    return f", its valley stretched along {'xy'[int(np.argmin(bends))]}"


def _panels_sentence(runs) -> str:
    """:func:`plot_descent_panels`'s description: on each map, left to right, the shape of its
    valley when it is stretched (:func:`stretch_text`), where descent ends, after how many
    steps, and how it heads in (straight, or zig-zagging: :func:`_way_in`)."""
    starts = [np.asarray(result.path[0], dtype=float) for _, result in runs]
    common = all(np.array_equal(start, starts[0]) for start in starts)
    side = "Left to right" if len(runs) > 1 else "On one map"
    head = f"{side}, from {point_text(starts[0])}: " if common else f"{side}: "

    def clause(objective, result, way: bool) -> str:
        start = "" if common else f" from {point_text(result.path[0])}"
        how = f", {_way_in(result.path)}" if way and not result.diverged else ""
        stretched = stretch_text(objective) if way else ""
        return (f"on the {objective.name}{stretched}, descent{start} "
                f"{run_outcome(objective, result)}{how}")

    return fitting(head + "; ".join(clause(o, r, True) for o, r in runs),
                   head + "; ".join(clause(o, r, False) for o, r in runs), aim=False)


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


# Each outcome's paths have a line style of their own as well as a colour, and with step dots a
# marker of their own: the closest colours of palette.BASINS (orange and vermillion) stay apart for
# every kind of colour vision, and orange, light on white, has a second cue.
OUTCOME_MARKERS = ("o", "s", "^", "v")
OUTCOME_STYLES = ("-", "--", "-.", ":")


def _outcome_marker(label: int) -> str:
    return OUTCOME_MARKERS[label % len(OUTCOME_MARKERS)] if label >= 0 else "o"


def _outcome_style(label: int) -> str:
    return OUTCOME_STYLES[label % len(OUTCOME_STYLES)] if label >= 0 else "-"


def _draw_outcomes(ax, objective, paths, reached, *, total: int | None, names: dict, lw: float,
                   settled, last_label: str | None, settle_label: str, points: dict,
                   dots: bool = False) -> None:
    """The paths of :func:`plot_paths_by_outcome` on one map, with their legend."""
    draw_contours(ax, objective, fill_alpha=0.3)
    counts = {label: int(np.sum(reached == label)) for label in np.unique(reached)}
    for k, (path, label) in enumerate(zip(paths, reached, strict=True)):
        colour = _outcome_colour(int(label))
        path = clip_to_view(objective, path)
        if settled is not None:
            # Black over the wandering path, haloed in white: it shows even in a tangle.
            ax.plot(*np.stack([path[-1], settled[k]]).T, "--", color=palette.BLACK, lw=2.2,
                    dashes=(2.5, 1.2), zorder=9, label=settle_label,
                    path_effects=[patheffects.withStroke(linewidth=4.4,
                                                         foreground=palette.WHITE)])
        draw_path(ax, path, colour=colour, label=None, lw=lw, line_style=_outcome_style(label),
                  zorder=4, dots=False, end_ms=7 if last_label else 6, start_ms=5,
                  ends_zorder=9.5, start_label=None, end_label=None)
        if dots:  # every iterate between the start and the last step
            ax.plot(*path[1:-1].T, _outcome_marker(int(label)), color=colour, ms=4.5,
                    ls="none", zorder=4.5)
    for label, count in counts.items():
        name = names.get(int(label), _outcome_name(objective, int(label)))
        marker = _outcome_marker(int(label)) if dots else "None" if last_label else "D"
        ax.plot([], [], ls=_outcome_style(int(label)), marker=marker,
                color=_outcome_colour(int(label)),
                mec=_outcome_colour(int(label)) if dots else palette.BLACK,
                label=f"{name}: {count} of {total}" if total else name)
    if last_label:  # one diamond per outcome, in its colour: the legend shows them side by side
        for label in counts:
            ax.plot([], [], "D", color=_outcome_colour(int(label)), mec=palette.BLACK, ms=7,
                    ls="none", label=last_label)
    ax.plot([], [], "o", color=palette.START, ms=4, label="start")
    mark_points(ax, points)


def _outcome_legend_entries(axes, last_label: str | None) -> tuple[list, list]:
    """Each label of ``axes`` once, in order; the last-step diamonds of different colours as
    one entry that shows them all side by side (what the maps draw), not one of them."""
    entries: dict = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, []).append(handle)
    handles = []
    for label, group in entries.items():
        if label == last_label:
            colours = {}
            for handle in group:
                colours.setdefault(to_hex(handle.get_color()), handle)
            group = list(colours.values())
            handles.append(tuple(group) if len(group) > 1 else group[0])
        else:
            handles.append(group[0])
    return handles, list(entries)


TUPLES_SIDE_BY_SIDE = {tuple: HandlerTuple(ndivide=None, pad=0.2)}


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
    each: bool = False,
    titles=None,
    columns: int = 3,
    dots: bool = False,
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
    ``each`` draws one map per path, ``columns`` to a row, titled by ``titles`` (one per path;
    default: its outcome), with one legend under the figure: every path can be followed.
    ``dots`` marks every step, in a shape of its outcome's own (give ``last_label`` then).
    """
    lw = checks.positive("lw", lw)
    by_outcome = checks.flag("by_outcome", by_outcome)
    each = checks.flag("each", each)
    columns = checks.integer("columns", columns, 1)
    points = _named_points(points)
    reached = np.asarray(reached)
    paths = list(paths)
    if settled is not None:
        settled = checks.finite_array("settled", settled, ndim=2, last_axis=2)
        if len(settled) != len(paths):
            raise ValueError(f"settled must hold one point per path ({len(paths)}), "
                             f"got {len(settled)}")
    options = {"total": len(reached), "names": names or {}, "lw": lw, "last_label": last_label,
               "settle_label": settle_label, "points": points, "dots": checks.flag("dots", dots)}
    if each:
        fig = _one_map_each(objective, paths, reached, settled, titles=titles, title=title,
                            columns=columns, ax=ax, options=options)
        describe(fig, _each_sentence(objective, paths, reached, points, settled is not None,
                                     titles))
        return fig
    if not by_outcome:
        own_figure = ax is None
        ax = one_axes(ax, width=7.0, height=5.6)
        _draw_outcomes(ax, objective, paths, reached, settled=settled, **options)
        ax.set_title(title)
        handles, labels = _outcome_legend_entries([ax], last_label)
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                  ncol=min(2, len(labels)), fontsize=9, handler_map=TUPLES_SIDE_BY_SIDE)
        if own_figure:
            describe(ax.figure, _outcomes_sentence(objective, paths, reached, points,
                                                   settled is not None))
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
    describe(fig, _outcomes_sentence(objective, paths, reached, points, settled is not None,
                                     by_outcome=True))
    return fig


def _origin(paths, points: dict) -> str:
    """", all from M (2, 1.5)" when every path starts at one point, else ``""``."""
    starts = [np.asarray(path, dtype=float).reshape(-1, 2)[0] for path in paths]
    if all(np.array_equal(start, starts[0]) for start in starts):
        return f", all from {start_text(starts[0], points)}"
    return ""


CLOSE_STARTS = 0.1  # starts this share of the map's narrower side apart count as close


def _close_starts(objective, paths, reached) -> str:
    """When starts close together reach different outcomes: "the 4 starts in a row 0.4 apart
    from (-0.8, -0.6) to (0.4, -0.6) end at 4 different minima". The pair
    of starts with different outcomes closest together is grown into every start linked to it
    by steps no longer than their distance; "in a row" when they are evenly spaced along one
    line. Empty when no such starts lie within :data:`CLOSE_STARTS` of the map's narrower
    side."""
    starts = np.array([np.asarray(path, dtype=float).reshape(-1, 2)[0] for path in paths])
    reached = np.asarray(reached).ravel()
    if len(set(reached.tolist())) < 2 or not np.isfinite(starts).all():
        return ""
    apart = np.linalg.norm(starts[:, None] - starts[None, :], axis=2)
    differ = reached[:, None] != reached[None, :]
    gap = float(np.min(np.where(differ, apart, np.inf)))
    side = min(high - low for low, high in objective.domain)
    if not 0 < gap <= CLOSE_STARTS * side:
        return ""
    i, _ = np.argwhere(differ & (apart == gap))[0]
    group, linked = {int(i)}, apart <= gap * (1 + 1e-9)
    while True:
        grown = group | {int(k) for j in group for k in np.flatnonzero(linked[j])}
        if grown == group:
            break
        group = grown
    members = sorted(group)
    kinds = len(set(reached[members].tolist()))
    ends = ("different outcomes" if np.any(reached[members] < 0)
            else "different minima")
    if len(members) == 2:
        a, b = (point_text(starts[k]) for k in members)
        return f"the starts {a} and {b}, only {gap:.2g} apart, end at {ends}"
    row = starts[members]
    centred = row - row.mean(axis=0)
    direction = np.linalg.svd(centred)[2][0]
    order = np.argsort(centred @ direction)
    steps = np.linalg.norm(np.diff(row[order], axis=0), axis=1)
    if np.allclose(steps, gap, rtol=1e-6) and np.allclose(np.abs(centred @ direction).sum(),
                                                          np.linalg.norm(centred, axis=1).sum()):
        return (f"the {len(members)} starts in a row {gap:.2g} apart from "
                f"{point_text(row[order[0]])} to {point_text(row[order[-1]])} end at {kinds} "
                f"{ends}")
    widest = float(apart[np.ix_(members, members)].max())
    return f"{len(members)} starts, none more than {widest:.2g} from another, end at {kinds} {ends}"


MEET_WITHIN = 0.02  # paths this share of the map's narrower side apart run together ...
MEET_AWAY = 0.1  # ... when they meet at least this share of it from the minimum they end at
MEET_UP_TO = 30  # paths looked at for meetings, at most (a sentence names a few pairs only)


def _to_polyline(points: np.ndarray, line: np.ndarray) -> np.ndarray:
    """How far each of ``points`` (shape (k, 2), or one point) is from the polyline through
    the points of ``line``."""
    points = np.atleast_2d(points)[:, None, :]
    if len(line) == 1:
        return np.linalg.norm(points[:, 0] - line[0], axis=-1)
    a, ab = line[:-1], np.diff(line, axis=0)
    t = np.clip(np.sum((points - a) * ab, axis=-1) / np.maximum(np.sum(ab * ab, axis=-1), 1e-300),
                0.0, 1.0)
    return np.min(np.linalg.norm(a + t[..., None] * ab - points, axis=-1), axis=1)


def meeting_paths(objective, paths, reached) -> list[tuple[int, int, np.ndarray]]:
    """Pairs of paths that meet and run on together to the minimum they both end at: from
    some point of one path on, every point of it lies within :data:`MEET_WITHIN` of the map's
    narrower side of the other path's line (of the two such points, one per path, the one
    farther from the minimum is where they meet), and that point lies at least
    :data:`MEET_AWAY` of it from the minimum (near a minimum every path meets every other).
    Each pair once, as (i, j, where they meet), i < j. Paths that start at one point start
    together rather than meet, and are left out; so are maps of more than
    :data:`MEET_UP_TO` paths."""
    if len(paths) > MEET_UP_TO:
        return []
    side = min(high - low for low, high in objective.domain)
    near, away = MEET_WITHIN * side, MEET_AWAY * side
    paths = [np.asarray(path, dtype=float).reshape(-1, 2) for path in paths]
    reached = np.asarray(reached).ravel()
    def joins(path: np.ndarray, other: np.ndarray) -> np.ndarray | None:
        """The first point of ``path`` from which all of it stays near ``other``'s line."""
        close = _to_polyline(path, other) <= near
        apart = np.flatnonzero(~close)
        k = int(apart[-1]) + 1 if len(apart) else 0
        return path[k] if k < len(path) else None

    found = []
    for i, first in enumerate(paths):
        for j in range(i + 1, len(paths)):
            if reached[i] != reached[j] or reached[i] < 0 or np.array_equal(first[0],
                                                                             paths[j][0]):
                continue
            end = objective.minima[int(reached[i])]
            points = [p for p in (joins(first, paths[j]), joins(paths[j], first)) if p is not None]
            if not points:
                continue
            # where they meet: the earlier of the two joins, the one farther from the end
            where = max(points, key=lambda point: np.linalg.norm(point - end))
            if np.linalg.norm(where - end) >= away:
                found.append((i, j, where))
    return found


def _meeting_text(paths, meetings: list, *, most: int) -> str:
    """"the paths from (4.5, 0) and (0.4, -0.6) meet near (2.9, -0.2) and run on together"; for
    up to ``most`` pairs, "two pairs of paths meet and run on together: from (4.5, 0) and
    (0.4, -0.6) near (2.9, -0.2), from ..."; more: how many pairs."""
    if not meetings or most < 1:
        return ""

    def start(k: int) -> str:
        return point_text(np.asarray(paths[k], dtype=float).reshape(-1, 2)[0])

    def place(point) -> str:
        return "(" + ", ".join(f"{v:.2g}" for v in np.round(point, 1) + 0.0) + ")"

    if len(meetings) == 1 or most == 1:
        i, j, where = meetings[0]
        return (f"the paths from {start(i)} and {start(j)} meet near {place(where)} and run "
                "on together")
    if len(meetings) > most:
        return f"{len(meetings)} pairs of paths meet and run on together"
    pairs = ", ".join(f"from {start(i)} and {start(j)} near {place(where)}"
                      for i, j, where in meetings)
    return f"{count_words(len(meetings))} pairs of paths meet and run on together: {pairs}"


def _outcomes_sentence(objective, paths, reached, points, settle: bool, *,
                       by_outcome: bool = False) -> str:
    """:func:`plot_paths_by_outcome`'s description: how many paths reach each outcome, starts
    close together that end apart (:func:`_close_starts`), paths that meet on the way and run
    on together (:func:`meeting_paths`), and, for two outcomes, a line between the two groups
    of starts (:func:`_starts_apart`); the minima named short (their point alone) when that
    makes room."""
    verb = "settle" if settle else "end"
    maps = ", each outcome on a map of its own" if by_outcome else ""
    origin = _origin(paths, points)
    head = (f"Of {len(paths)} paths on the {objective.name}{origin}, "
            f"{outcome_counts(objective, reached, points, verb=verb)}{maps}")
    brief = (f"{len(paths)} paths on the {objective.name}{origin}: "
             f"{outcome_counts(objective, reached, points, verb=verb, short=True)}{maps}")
    extras = [_close_starts(objective, paths, reached), _starts_apart(objective, paths, reached)]
    meetings = meeting_paths(objective, paths, reached)
    candidates = []
    for most in (len(meetings), 1, 0):
        for lead in (head, brief):
            said = [e for e in (extras[0], _meeting_text(paths, meetings, most=most), extras[1])
                    if e]
            candidates.append("; ".join([lead, *said]))
    for lead in (head, brief):
        candidates += ["; ".join([lead, extra]) for extra in extras if extra]
    return fitting(*dict.fromkeys(candidates), head, aim=False)


def _starts_apart(objective, paths, reached) -> str:
    """For paths with two outcomes (both minima), when one x (or y) parts their starts: "the 4
    starts left of x = 0 end at the global minimum, the 6 starts right of it at the local
    minimum" (the number with the fewest decimals between the two groups); else empty."""
    reached = np.asarray(reached).ravel()
    labels = sorted(set(reached.tolist()))
    if len(labels) != 2 or min(labels) < 0:
        return ""
    starts = np.array([np.asarray(path, dtype=float).reshape(-1, 2)[0] for path in paths])
    for axis, name in enumerate("xy"):
        groups = [starts[reached == label, axis] for label in labels]
        low, high = sorted(range(2), key=lambda g: groups[g].max())
        if groups[low].max() >= groups[high].min():
            continue
        cut = fewest_decimals(groups[low].max(), groups[high].min())
        below, above = ("left of", "right of") if name == "x" else ("below", "above")
        first, second = (f"{len(groups[g])} start{'s' if len(groups[g]) > 1 else ''}"
                         for g in (low, high))
        verb = "end" if len(groups[low]) > 1 else "ends"
        return (f"the {first} {below} {name} = {cut:g} {verb} at "
                f"{_short_minimum(objective, labels[low])}, the {second} {above} it at "
                f"{_short_minimum(objective, labels[high])}")
    return ""


def _short_minimum(objective, label: int) -> str:
    """"the global minimum", "the local minimum", else "the minimum (3, 2)"."""
    kind = minimum_kind(objective, label)
    return f"the {kind}minimum" if kind else f"the minimum {point_text(objective.minima[label])}"


def fewest_decimals(low: float, high: float) -> float:
    """The number with the fewest decimals strictly between ``low`` and ``high`` (0, not
    -0.0161): where a border between two starts (or groups of starts) lies, written
    plainly."""
    for decimals in range(8):
        for candidate in (round((low + high) / 2, decimals), round(low, decimals),
                          round(high, decimals)):
            if low < candidate < high:
                return candidate + 0.0  # never -0
    return (low + high) / 2


def _spans(numbers) -> str:
    """Whole numbers in runs: "1 and 2", "3 to 6", "1, 3 to 5, 7 and 8"."""
    spans: list[list[int]] = []
    for i in sorted(int(i) for i in numbers):
        if spans and i == spans[-1][1] + 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    parts = []
    for first, last in spans:
        parts += ([f"{first}"] if first == last else [f"{first}", f"{last}"]
                  if last == first + 1 else [f"{first} to {last}"])
    return listed(parts)


def maps_text(indices) -> str:
    """Maps by their place, counted from 1: "map 2", "maps 1 and 2", "maps 1, 3 to 5, 7 and 8"."""
    return ("maps " if len(indices) > 1 else "map ") + _spans(np.asarray(indices) + 1)


_NUMBERED = re.compile(r"^(?P<noun>[A-Za-z][A-Za-z ]*?) (?P<number>\d+)$")


def panels_text(indices, titles=None) -> tuple[str, bool]:
    """The panels at ``indices`` by the names the caller gave them, and whether that is plural:
    titles "seed 0: stayed at C", "seed 1", ... (the name is what comes before a colon) give
    ("seeds 0 and 1", True) when every name is one noun and a number; other names, each once,
    are quoted ('"plain" and "momentum"'); without titles, or when names repeat, the panels
    are counted by place, ("maps 1 and 2", True)."""
    indices = [int(i) for i in indices]
    many = len(indices) > 1
    if titles is not None:
        names = [str(title).split(":")[0].strip() for title in titles]
        matches = [_NUMBERED.match(name) for name in names]
        nouns = {m["noun"] for m in matches if m}
        if all(matches) and len(nouns) == 1 and len(set(names)) == len(names):
            noun = nouns.pop()
            noun = noun + "s" if many and not noun.endswith("s") else noun
            return f"{noun} {_spans(int(matches[i]['number']) for i in indices)}", many
        if all(names) and len(set(names)) == len(names):
            return listed(f'"{names[i]}"' for i in indices), many
    return maps_text(indices), many


def _groups(reached) -> list[tuple[int, np.ndarray]]:
    """Each outcome label with the places that have it, in the order of its first place."""
    reached = np.asarray(reached).ravel()
    labels = sorted(set(reached.tolist()), key=lambda label: int(np.argmax(reached == label)))
    return [(int(label), np.flatnonzero(reached == label)) for label in labels]


def _each_sentence(objective, paths, reached, points, settle: bool, titles=None) -> str:
    """The description of :func:`plot_paths_by_outcome` with ``each``: which maps' paths reach
    which outcome, the maps named by their ``titles`` when the caller gave them
    (:func:`panels_text`)."""
    noun, verb = ("run", "settles") if settle else ("path", "ends")
    head = (f"Each of {len(paths)} paths on the {objective.name}{_origin(paths, points)}, on a "
            "map of its own: ")
    parts = []
    for label, places in _groups(reached):
        who, many = panels_text(places, titles)
        if titles is None:
            subject, does, diverges = f"in {who} the {noun}", verb, "diverges"
        else:
            subject, does, diverges = (who, verb[:-1], "diverge") if many else (who, verb,
                                                                                "diverges")
        if label == DIVERGED:
            parts.append(f"{subject} {diverges}")
        elif label == NOT_SETTLED:
            parts.append(f"{subject} {does} near no minimum")
        else:
            parts.append(f"{subject} {does} at " + minimum_text(objective, label, points))
    counts = outcome_counts(objective, reached, points, verb=verb[:-1])
    return fitting(head + "; ".join(parts), head + counts)


# Marker sizes on the small maps of plot_paths_by_outcome(each=True), by legend label.
SMALL_MAP_MARKS = {"global minimum": 14, "_local minimum": 12, "minimum": 14, "minima": 14,
                   "_named point": 17}


def _one_map_each(objective, paths, reached, settled, *, titles, title: str, columns: int, ax,
                  options: dict):
    """:func:`plot_paths_by_outcome` with ``each``: one small map per path and one legend."""
    if ax is not None:
        raise ValueError("ax must be None with each=True: one map per path makes a figure of "
                         f"its own, got {ax!r}")
    names = options["names"]
    if titles is None:
        titles = [names.get(int(label), _outcome_name(objective, int(label))) for label in reached]
    titles = checks.sequence("titles", titles, len(paths),
                             allowed=f"a list of {len(paths)} titles, one per path")
    if len(titles) != len(paths):
        raise ValueError(f"titles must hold one title per path ({len(paths)}), "
                         f"got {len(titles)}")
    rows = -(-len(paths) // columns)
    fig, axes = subplots(rows, min(columns, len(paths)), width=10.0 / columns, height=3.0)
    for k, panel in enumerate(axes.ravel()):
        if k >= len(paths):
            panel.set_visible(False)
            continue
        _draw_outcomes(panel, objective, [paths[k]], reached[k : k + 1],
                       settled=None if settled is None else settled[k : k + 1],
                       **{**options, "total": None})
        panel.set_title(str(titles[k]), fontsize=10)
        if k % axes.shape[1]:
            panel.set_ylabel("")
        for line in panel.lines:  # small maps, smaller marks: the paths stay in sight
            if line.get_label() in SMALL_MAP_MARKS:
                line.set_markersize(SMALL_MAP_MARKS[line.get_label()])
    # One legend for the figure: each outcome once, with the marks every map shares.
    handles, labels = _outcome_legend_entries(axes.ravel()[: len(paths)], options["last_label"])
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=9,
               handler_map=TUPLES_SIDE_BY_SIDE)
    fig.suptitle(title)
    return fig


# ---------------------------------------------------------------- where runs end, zoomed in


@styled
def plot_run_ends(
    objective,
    paths,
    reached,
    settled,
    *,
    title: str,
    titles=None,
    names: dict | None = None,
    half_width: float = 0.35,
    last_steps: int = 20,
    last_label: str = "last step",
    settle_label: str = "then plain descent to where it settles",
):
    """The end of each path zoomed in, one small map per path in a row: the last point (a
    diamond in its outcome's colour), the dashed line of the plain descent that follows it to
    ``settled`` (one point per path, where the run settles), the minimum there, and the path's
    ``last_steps`` steps before its end. On a map of the whole domain that line is often
    shorter than the diamond; here each window is ``half_width`` from its centre to its edges
    (more when the two ends lie further apart), so it shows. Contour colours as on
    :func:`plot_paths_by_outcome`'s maps; ``titles`` and ``names`` as there; one legend under
    the figure.
    """
    paths = [np.asarray(p, dtype=float).reshape(-1, 2) for p in paths]
    reached = np.asarray(reached)
    half_width = checks.positive("half_width", half_width)
    last_steps = checks.integer("last_steps", last_steps, 1)
    settled = checks.finite_array("settled", settled, ndim=2, last_axis=2)
    if len(settled) != len(paths) or len(reached) != len(paths):
        raise ValueError(f"settled and reached must hold one entry per path ({len(paths)}), "
                         f"got {len(settled)} and {len(reached)}")
    names = names or {}
    given = titles  # the caller's names of the maps, for the description
    if titles is None:
        titles = [names.get(int(label), _outcome_name(objective, int(label))) for label in reached]
    titles = checks.sequence("titles", titles, len(paths),
                             allowed=f"a list of {len(paths)} titles, one per path")
    levels = colour_levels(objective)
    fig, axes = subplots(1, len(paths), width=10.0 / len(paths), height=2.6)
    for ax, path, label, end, panel_title in zip(axes[0], paths, reached, settled, titles,
                                                 strict=True):
        colour = _outcome_colour(int(label))
        centre = (path[-1] + end) / 2
        half = max(half_width, 0.75 * float(np.abs(path[-1] - end).max()))
        window = replace(objective, domain=tuple((float(c - half), float(c + half))
                                                 for c in centre))
        draw_contours(ax, window, levels=levels, fill_alpha=0.3)
        ax.plot(*path[-last_steps - 1 :].T, _outcome_style(int(label)), color=colour, lw=1.0,
                zorder=4,
                label=names.get(int(label), _outcome_name(objective, int(label)))
                + f" (its last {last_steps} steps)")
        ax.plot(*np.stack([path[-1], end]).T, "--", color=palette.BLACK, lw=2.2,
                dashes=(2.5, 1.2), zorder=9, label=settle_label,
                path_effects=[patheffects.withStroke(linewidth=4.4, foreground=palette.WHITE)])
        ax.plot(*path[-1], "D", color=colour, mec=palette.BLACK, ms=8, zorder=9.5,
                label=last_label)
        ax.xaxis.set_major_locator(MaxNLocator(3))
        ax.yaxis.set_major_locator(MaxNLocator(3))
        ax.set_title(str(panel_title), fontsize=10)
    for ax in axes[0, 1:]:
        ax.set_ylabel("")
    handles, labels = _outcome_legend_entries(axes[0], last_label)
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=9,
               handler_map=TUPLES_SIDE_BY_SIDE)
    fig.suptitle(title)
    describe(fig, _ends_sentence(objective, paths, reached, settled, given))
    return fig


def _ends_sentence(objective, paths, reached, settled, titles=None) -> str:
    """:func:`plot_run_ends`'s description: how far each path's last point lies from where its
    run then settles, map by map (named by the caller's ``titles``, :func:`panels_text`)."""
    gaps = np.array([np.linalg.norm(path[-1] - end) for path, end in zip(paths, settled,
                                                                          strict=True)])
    parts = []
    for label, places in _groups(reached):
        who, _ = panels_text(places, titles)
        where = "in" if titles is None else "for"
        low, high = gaps[places].min(), gaps[places].max()
        gap = f"{low:.2g}" if f"{low:.2g}" == f"{high:.2g}" else f"{low:.2g} to {high:.2g}"
        if label == DIVERGED:
            parts.append(f"{where} {who} the run diverges")
        elif label == NOT_SETTLED:
            parts.append(f"{where} {who} the last point is {gap} from where the run "
                         "then stops, near no minimum")
        else:
            settles = f"settles at {minimum_text(objective, label)}"
            parts.append(f"{where} {who} the last point is {gap} from where the run "
                         f"then {settles}" if not parts else
                         f"{where} {who}, {gap} from where it {settles}")
    return fitting(f"Zoomed in on the ends of {len(paths)} paths on the {objective.name}, one "
                   f"map each: " + "; ".join(parts))
