"""Basins of attraction: every start of a grid coloured by the minimum that descent from it
reaches (see :mod:`helpers.basins`)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .. import checks, palette
from ..basins import DIVERGED, NOT_SETTLED
from ..geometry import contour_levels, domain_extent
from .descriptions import describe, fitting, listed
from .one_d import bound_words, count_words
from .style import one_axes, styled, subplots
from .two_d import draw_contours, minimum_kind, minimum_text, one_per_quarter
from .two_d import fewest_decimals as _between  # where the outcome changes

__all__ = ["plot_basin_map", "plot_basin_maps"]


def _basin_colour(i: int) -> str:
    return palette.BASINS[i % len(palette.BASINS)]


def _draw_basin(ax, basin) -> None:
    objective = basin.objective
    count = len(objective.minima)
    # Colour index: 0 diverged, 1 not settled, then one per minimum.
    index = np.where(basin.labels >= 0, basin.labels + 2,
                     np.where(basin.labels == NOT_SETTLED, 1, 0))
    colours = [palette.DIVERGED, palette.NOT_SETTLED] + [_basin_colour(i) for i in range(count)]
    ax.imshow(index, origin="lower", extent=domain_extent(objective.domain),
              cmap=ListedColormap(colours), vmin=-0.5, vmax=len(colours) - 0.5,
              interpolation="nearest", aspect="equal")  # opaque: the legend's swatches match
    draw_contours(ax, objective, levels=contour_levels(objective)[::2], filled=False,
                  show_minima=False, line_colour=palette.BLACK)
    # The minima's star of every map (a green outline), filled white to stand out on any basin.
    star = {"mfc": palette.WHITE, "mec": palette.MINIMUM, "mew": 2.2}
    shares = basin.fractions
    for i, (x, y) in enumerate(objective.minima):
        ax.plot(x, y, "*", ms=18, zorder=7, **star)
        # Each basin also says its share beside its star: no need to match colours alone.
        ax.annotate(f"{100 * shares[i]:.1f}%", (x, y), textcoords="offset points",
                    xytext=(0, -13), ha="center", va="top", fontsize=9, zorder=7,
                    bbox={"boxstyle": "round,pad=0.2", "fc": palette.WHITE, "ec": "none",
                          "alpha": 0.85})
    handles = [
        Patch(color=_basin_colour(i), label=f"→ ({x:.2f}, {y:.2f}): {100 * shares[i]:.1f}%")
        for i, (x, y) in enumerate(objective.minima)
    ]
    for label, colour, name in ((NOT_SETTLED, palette.NOT_SETTLED, "not settled"),
                                (DIVERGED, palette.DIVERGED, "diverged")):
        share = float(np.mean(basin.labels == label))
        if share > 0:
            handles.append(Patch(color=colour, label=f"{name}: {100 * share:.1f}%"))
    handles.append(ax.plot([], [], "*", ms=14, ls="none", label="minima", **star)[0])
    # Under the map, clear of its x label.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2,
              fontsize=9, title="where each start ends", title_fontsize=9)


def _basin_title(basin) -> str:
    n = basin.labels.shape[0]
    extra = f", momentum {basin.momentum:g}" if basin.momentum else ""
    return f"{n} × {n} starts, lr {basin.lr:g}{extra}, up to {basin.steps} steps"


@styled
def plot_basin_map(basin, *, title: str | None = None, ax=None):
    """Colour every start of a :class:`helpers.basins.BasinMap` by the minimum descent reaches."""
    own_figure = ax is None
    ax = one_axes(ax, width=7.0, height=6.2)
    _draw_basin(ax, basin)
    ax.set_title(
        title or f"Basins of attraction on the {basin.objective.name}\n{_basin_title(basin)}"
    )
    if own_figure:
        describe(ax.figure, _map_sentence(basin))
    return ax.figure


@styled
def plot_basin_maps(
    maps: dict, *, title: str | None = None, width: float = 6.0, height: float = 5.0
):
    """Basin maps side by side; ``maps`` maps a panel title to a BasinMap."""
    maps = checks.mapping("maps", maps, "a panel title to a basin map")
    width = checks.positive("width", width)
    height = checks.positive("height", height)
    fig, axes = subplots(1, len(maps), width=width, height=height)
    for ax, (panel_title, basin) in zip(axes[0], maps.items(), strict=True):
        _draw_basin(ax, basin)
        ax.set_title(f"{panel_title}\n{_basin_title(basin)}", fontsize=10)
    if title:
        fig.suptitle(title)
    describe(fig, _maps_sentence(maps))
    return fig


def _starts(basin) -> str:
    n = basin.labels.shape[0]
    return f"a {n} by {n} grid of starts"


def _settings(basin) -> str:
    return (f"learning rate {basin.lr:g}"
            + (f", momentum {basin.momentum:g}" if basin.momentum else ""))


def _map_sentence(basin) -> str:
    """:func:`plot_basin_map`'s description: the share of starts each minimum gets, where the
    basins lie (:func:`_bands_text` when one coordinate decides, else how much of each quarter
    drains to its own minimum, :func:`_quarters_text`, and where the basins meet,
    :func:`_meeting_text`), in fewer words when that is too long: first without the quarters,
    then without where the basins meet."""
    lead = f"Of {_starts(basin)} on the {basin.objective.name} ({_settings(basin)}), "
    full = lead + _shares(basin, names=True)
    brief = lead + _shares(basin, names=True, short=True)
    bands = _bands_text(basin)
    if bands:
        return fitting(lead + bands, full, brief, aim=False)
    where = _quarters_text(basin, borders=False)
    meet = _meeting_text(basin)
    candidates = [f"{shares}; {place}" for place in (f"{where}; {meet}" if where and meet
                                                     else "", meet, where) if place
                  for shares in (full, brief)]
    return fitting(*candidates, full, brief, aim=False)


def _meeting_point(basin) -> tuple[float, float] | None:
    """Where every minimum's basin meets the others: the mean start of the grid cells whose
    3 by 3 neighbourhood of starts holds a start of every minimum (None when no cell does, or
    there are fewer than three minima: two basins meet along a whole border)."""
    labels = np.asarray(basin.labels)
    count = len(basin.objective.minima)
    if count < 3 or labels.ndim != 2 or min(labels.shape) < 3:
        return None
    rows, columns = labels.shape
    near = np.ones((rows - 2, columns - 2), dtype=bool)
    for label in range(count):
        seen = np.zeros_like(near)
        for di in range(3):
            for dj in range(3):
                seen |= labels[di:di + rows - 2, dj:dj + columns - 2] == label
        near &= seen
    if not near.any():
        return None
    starts = np.asarray(basin.starts, dtype=float)[1:-1, 1:-1][near]
    return float(starts[:, 0].mean()), float(starts[:, 1].mean())


def _edge_borders(basin) -> dict:
    """Where the outcome changes along each edge of the map: ``{"bottom": [(x, x'), ...],
    "top": [...], "left": [(y, y'), ...], "right": [...]}``, each border between the two
    neighbouring starts given."""
    labels, starts = np.asarray(basin.labels), np.asarray(basin.starts, dtype=float)
    edges = {"bottom": (labels[0], starts[0, :, 0]), "top": (labels[-1], starts[-1, :, 0]),
             "left": (labels[:, 0], starts[:, 0, 1]), "right": (labels[:, -1], starts[:, -1, 1])}
    return {name: [(float(coords[k]), float(coords[k + 1]))
                   for k in np.flatnonzero(line[1:] != line[:-1])]
            for name, (line, coords) in edges.items()}


def _meeting_text(basin) -> str:
    """Where the basins of a map with one minimum in each quarter meet, and how far from the
    middle lines their borders reach the edges: "the four basins meet near (-0.3, -0.8), their
    borders reaching the map's edges within 0.2 of x = 0 and y = 0" (the point to the tenth
    that the grid resolves: a neighbourhood of starts is three starts wide; the distance
    rounded up). Empty when the basins meet nowhere on the grid or an edge does not cross
    exactly one border."""
    objective = basin.objective
    point = _meeting_point(basin)
    if point is None or not one_per_quarter(objective.minima, objective.domain):
        return ""
    (x_low, x_high), (y_low, y_high) = objective.domain
    middle = ((x_low + x_high) / 2, (y_low + y_high) / 2)
    crossing = _edge_borders(basin)
    if any(len(found) != 1 for found in crossing.values()):
        return ""
    # a border lies between two starts: at most as far from the middle line as the farther
    off = max(abs(v - middle[edge in ("left", "right")])
              for edge, found in crossing.items() for v in found[0])
    spacing = max(float(np.max(np.abs(np.diff(np.asarray(basin.starts)[0, :, 0])))),
                  float(np.max(np.abs(np.diff(np.asarray(basin.starts)[:, 0, 1])))))
    decimals = max(0, -int(np.floor(np.log10(2 * spacing))))
    shown = ", ".join(f"{round(v, decimals) + 0.0:g}" for v in point)
    count = count_words(len(objective.minima))
    return (f"the {count} basins meet near ({shown}), their borders reaching the map's edges "
            f"within {bound_words(max(off, 10.0 ** -decimals))} of x = {middle[0]:g} and "
            f"y = {middle[1]:g}")


def _shares(basin, *, names: bool, short: bool = False) -> str:
    """The share of starts that reach each minimum ("25.7% reach the minimum (3, 2), 26.0%
    the minimum ..."; ``short``: "26.0% (-2.81, 3.13)" after the first; the shares alone
    without ``names``), then those that settle nowhere and those that diverge, when there are
    any."""
    parts = []
    for i, share in enumerate(basin.fractions):
        where = minimum_text(basin.objective, i) if names else ""
        if short and parts and not minimum_kind(basin.objective, i):
            where = where.removeprefix("the minimum ")
        verb = " reach " if names and not parts else " " if names else ""
        parts.append(f"{100 * share:.1f}%{verb}{where}".rstrip())
    for label, outcome in ((NOT_SETTLED, "settle near no minimum"), (DIVERGED, "diverge")):
        share = float(np.mean(basin.labels == label))
        if share > 0:
            parts.append(f"{100 * share:.1f}% {outcome}")
    return listed(parts)


def _quarters_text(basin, *, borders: bool = True) -> str:
    """When four minima lie one in each quarter of the map: how much of each quarter drains to
    the minimum in it, "each quarter of the map sends 94% to 99% of its starts to the minimum
    in it", with ``borders`` ", the borders near x = 0 and y = 0" (only when every quarter
    sends at least 90 %; where the borders bend and meet, :func:`_meeting_text`); else
    empty."""
    objective = basin.objective
    if not one_per_quarter(objective.minima, objective.domain):
        return ""
    starts, labels = np.asarray(basin.starts, dtype=float), np.asarray(basin.labels)
    (x_low, x_high), (y_low, y_high) = objective.domain
    middle = ((x_low + x_high) / 2, (y_low + y_high) / 2)
    shares = []
    for i, minimum in enumerate(objective.minima):
        inside = ((starts[..., 0] > middle[0]) == (minimum[0] > middle[0])) & (
            (starts[..., 1] > middle[1]) == (minimum[1] > middle[1]))
        shares.append(float(np.mean(labels[inside] == i)))
    low, high = (f"{100 * v:.0f}%" for v in (min(shares), max(shares)))
    span = low if low == high else f"{low} to {high}"
    said = (f", the borders near x = {middle[0]:g} and y = {middle[1]:g}"
            if borders and min(shares) >= 0.9 else "")
    return f"each quarter of the map sends {span} of its starts to the minimum in it{said}"


def _by_one_coordinate(basin) -> tuple[str, list] | None:
    """When the outcome of a map with two minima (and no other outcome) depends on one
    coordinate of the start alone (the labels alike along the other one): that coordinate's
    name and its bands in order, each ``(low, high, label, starts)``: the stretch of the
    coordinate (None for an edge of the map; the bounds between neighbouring starts, by
    :func:`_between`), the minimum its starts reach, and the coordinate of each of its lines of
    starts. Else None."""
    labels = np.asarray(basin.labels)
    if labels.ndim != 2 or set(np.unique(labels).tolist()) != {0, 1}:
        return None
    for coordinate, name in enumerate(("x", "y")):
        values = basin.starts[..., coordinate]
        # the array axis along which this coordinate varies
        axis = 1 if abs(values[0, -1] - values[0, 0]) > abs(values[-1, 0] - values[0, 0]) else 0
        line = labels.take(0, axis=1 - axis)
        coords = values.take(0, axis=1 - axis)
        if not np.all(labels == np.expand_dims(line, 1 - axis)) or not np.all(np.diff(coords) > 0):
            continue
        changes = np.flatnonzero(np.diff(line))
        cuts = [0, *(changes + 1).tolist(), len(line)]
        edges = [None] + [_between(coords[k], coords[k + 1]) for k in changes] + [None]
        return name, [(edges[k], edges[k + 1], int(line[cuts[k]]), coords[cuts[k]:cuts[k + 1]])
                      for k in range(len(cuts) - 1)]
    return None


_EDGE_LINES = {"x": ("leftmost column", "rightmost column"), "y": ("bottom row", "top row")}


def _band_words(name: str, low, high, starts) -> str:
    """One band of starts as "lie" takes it: "left of x = 0", "from x = 0 to 1.7", "in the
    leftmost column, x = -3" (a band one line of starts wide at an edge of the map)."""
    lower, upper = ("left of", "right of") if name == "x" else ("below", "above")
    if len(starts) == 1 and (low is None or high is None):
        return f"in the {_EDGE_LINES[name][high is None]}, {name} = {float(starts[0]):g}"
    if low is None and high is None:
        return "everywhere"
    if low is None:
        return f"{lower} {name} = {high:g}"
    if high is None:
        return f"{upper} {name} = {low:g}"
    return f"from {name} = {low:g} to {high:g}"


def _bands_text(basin, *, points: bool = True) -> str:
    """The share of starts each minimum gets and where they lie, when one coordinate decides
    (:func:`_by_one_coordinate`): "the 57.3% left of x = 0 reach the global minimum (-2, 0),
    the 42.7% right of it the local minimum (1, 0)". A band's bound next to a band one line of
    starts wide is only a number between two neighbouring starts, so a minimum whose bands have
    such a bound gets "the other ...%": "the local minimum (1, 0) gets 33.3%: the starts from
    x = 0 to 1.7 and in the leftmost column, x = -3; the global minimum (-2, 0) gets the other
    66.7%". Without ``points`` the minima are named by their kind alone when they have one.
    Empty when no coordinate decides."""
    found = _by_one_coordinate(basin)
    if found is None:
        return ""
    name, bands = found
    thin = {bound for low, high, _, starts in bands if len(starts) == 1
            for bound in (low, high) if bound is not None}
    said = {}
    for label in (0, 1):
        mine = [band for band in bands if band[2] == label]
        if any(bound in thin for low, high, _, starts in mine if len(starts) > 1
               for bound in (low, high)):
            continue  # its bands are told as the others' complement
        wide = [_band_words(name, low, high, starts) for low, high, _, starts in mine
                if len(starts) > 1 or (low is not None and high is not None)]
        edge = [_band_words(name, low, high, starts) for low, high, _, starts in mine
                if len(starts) == 1 and (low is None or high is None)]
        said[label] = (wide, edge)
    if not said:
        return ""
    objective = basin.objective
    share = {label: f"{100 * basin.fractions[label]:.1f}%" for label in (0, 1)}

    def who(label: int, again: bool = False) -> str:  # the second named by kind: "one"
        kind = minimum_kind(objective, label)
        return (minimum_text(objective, label) if points or not kind
                else f"the {kind}{'one' if again else 'minimum'}")

    if len(said) == 2 and all(len(wide) == 1 and not edge for wide, edge in said.values()):
        (first,), (second,) = said[0][0], said[1][0]
        bound = first.rsplit(" = ", 1)[-1]
        if second.endswith(f" = {bound}"):  # "right of x = 0" after "left of x = 0"
            second = second.rsplit(" ", 3)[0] + " it"
        return (f"the {share[0]} {first} reach {who(0)}, the {share[1]} {second} "
                f"{who(1, again=True)}")
    told = min(said, key=lambda label: sum(map(len, said[label])))
    other = 1 - told
    wide, edge = said[told]
    return (f"{who(told)} gets {share[told]}: the starts {listed(wide + edge)}; "
            f"{who(other, again=True)} gets the other {share[other]}")


def _maps_sentence(maps: dict) -> str:
    """:func:`plot_basin_maps`'s description: for each map, by its title, the share of starts
    each minimum gets, and where they lie when one coordinate decides (:func:`_bands_text`);
    where the maps share a function and a grid, its minima are named once. In fewer words when
    that is too long: the minima by their kind alone, then no grid size or learning rate (the
    maps' titles say them), then the shares alone."""
    basins = list(maps.values())
    same = all(b.objective is basins[0].objective and b.labels.shape == basins[0].labels.shape
               for b in basins)
    common_lr = all(b.lr == basins[0].lr for b in basins)

    def settings(title: str, basin) -> str:  # what the map's title does not already say
        said = ([] if common_lr or f"lr {basin.lr:g}" in title
                else [f"learning rate {basin.lr:g}"])
        if basin.momentum and f"momentum {basin.momentum:g}" not in title:
            said.append(f"momentum {basin.momentum:g}")
        return f" ({', '.join(said)})" if said else ""

    lr = f", learning rate {basins[0].lr:g}" if common_lr else ""
    count = f"{len(maps)} maps" if len(maps) > 9 else f"{count_words(len(maps))} maps"
    n = basins[0].labels.shape[0]
    candidates = []
    for points, grid in ((True, True), (False, True), (False, False)):
        if not same:
            break
        head = (f"{count.capitalize()} of {_starts(basins[0])} on the "
                f"{basins[0].objective.name}{lr}: " if grid else
                f"{count.capitalize()} of {n} by {n} starts on the {basins[0].objective.name}: ")
        parts = [f"with {title}{settings(title, basin)}, "
                 + (_bands_text(basin, points=points and k == 0) or _shares(basin, names=k == 0))
                 for k, (title, basin) in enumerate(maps.items())]
        candidates.append(head + "; ".join(parts))
    if same:
        head = f"Of {_starts(basins[0])} on the {basins[0].objective.name}{lr}, "
        parts = [f"with {title}{settings(title, basin)}, {_shares(basin, names=k == 0)}"
                 for k, (title, basin) in enumerate(maps.items())]
    else:
        head = ""
        parts = [f"with {title}{settings(title, basin)}, of {_starts(basin)} on the "
                 f"{basin.objective.name}{lr}, {_shares(basin, names=True)}"
                 for title, basin in maps.items()]
    full = head + "; ".join(parts)
    candidates.append(full[:1].upper() + full[1:])
    return fitting(*dict.fromkeys(candidates), aim=False)
