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
from .style import one_axes, styled, subplots
from .two_d import draw_contours, minimum_text

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
        describe(ax.figure, fitting(
            f"Of {_starts(basin)} on the {basin.objective.name} ({_settings(basin)}), "
            + _shares(basin, names=True)
        ))
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
    return f"lr {basin.lr:g}" + (f", momentum {basin.momentum:g}" if basin.momentum else "")


def _shares(basin, *, names: bool) -> str:
    """The share of starts that reach each minimum ("25.7% reach the minimum (3, 2), 26.0%
    the minimum ..."; the shares alone without ``names``), then those that settle nowhere and
    those that diverge, when there are any. When one coordinate of the start alone decides
    (:func:`_by_one_coordinate`), where the first minimum's starts lie: "57.3% reach the global
    minimum (-2, 0), the starts with x below 0, and 42.7% ..."."""
    parts = []
    side = _by_one_coordinate(basin)
    for i, share in enumerate(basin.fractions):
        where = minimum_text(basin.objective, i) if names else ""
        verb = " reach " if names and not parts else " " if names else ""
        parts.append(f"{100 * share:.1f}%{verb}{where}".rstrip())
        if i == 0 and side:  # where they start, when one coordinate alone decides
            parts[-1] += f", {'the starts' if names else 'those'} with {_stretches(*side)},"
    for label, outcome in ((NOT_SETTLED, "settle near no minimum"), (DIVERGED, "diverge")):
        share = float(np.mean(basin.labels == label))
        if share > 0:
            parts.append(f"{100 * share:.1f}% {outcome}")
    return listed(parts)


def _between(low: float, high: float) -> float:
    """The number with the fewest decimals strictly between two neighbouring starts: where the
    outcome changes, written plainly (0, not -0.0161)."""
    for decimals in range(8):
        for candidate in (round((low + high) / 2, decimals), round(low, decimals),
                          round(high, decimals)):
            if low < candidate < high:
                return candidate + 0.0  # never -0
    return (low + high) / 2


def _by_one_coordinate(basin) -> tuple[str, list] | None:
    """When the outcome of a map with two minima (and no other outcome) depends on one
    coordinate of the start alone (the labels alike along the other one): that coordinate's
    name and the stretches of it whose starts reach minimum 0, as (low, high) pairs with None
    for an edge of the map. Else None."""
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
        edges = [None] + [_between(coords[k], coords[k + 1]) for k in changes] + [None]
        runs = [(edges[k], edges[k + 1]) for k in range(len(edges) - 1)]
        # the stretches alternate between the two minima, starting with the first start's
        return name, [run for k, run in enumerate(runs) if (k % 2 == 0) == (line[0] == 0)]
    return None


def _stretches(name: str, runs: list) -> str:
    """"x below 0", "x from -2.98 to 0 and above 1.7"."""
    words = []
    for low, high in runs:
        if low is None and high is None:
            words.append("everywhere")
        elif low is None:
            words.append(f"below {high:g}")
        elif high is None:
            words.append(f"above {low:g}")
        else:
            words.append(f"from {low:g} to {high:g}")
    return f"{name} {listed(words)}"


def _maps_sentence(maps: dict) -> str:
    """:func:`plot_basin_maps`'s description: the shares of each map, by its title; where the
    maps share a function and a grid, its minima are named once."""
    basins = list(maps.values())
    same = all(b.objective is basins[0].objective and b.labels.shape == basins[0].labels.shape
               for b in basins)
    common_lr = all(b.lr == basins[0].lr for b in basins)

    def settings(title: str, basin) -> str:  # what the map's title does not already say
        said = [] if common_lr or f"lr {basin.lr:g}" in title else [f"lr {basin.lr:g}"]
        if basin.momentum and f"momentum {basin.momentum:g}" not in title:
            said.append(f"momentum {basin.momentum:g}")
        return f" ({', '.join(said)})" if said else ""

    lr = f" at lr {basins[0].lr:g}" if common_lr else ""
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
    return fitting(full[:1].upper() + full[1:])
