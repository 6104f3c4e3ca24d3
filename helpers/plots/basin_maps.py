"""Basins of attraction: every start of a grid coloured by the minimum that descent from it
reaches (see :mod:`helpers.basins`)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .. import checks, palette
from ..basins import DIVERGED, NOT_SETTLED
from ..geometry import contour_levels, domain_extent
from .style import one_axes, styled, subplots
from .two_d import draw_contours

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
    ax = one_axes(ax, width=7.0, height=6.2)
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
    maps = checks.mapping("maps", maps, "a panel title to a basin map")
    width = checks.positive("width", width)
    height = checks.positive("height", height)
    fig, axes = subplots(1, len(maps), width=width, height=height)
    for ax, (panel_title, basin) in zip(axes[0], maps.items(), strict=True):
        _draw_basin(ax, basin)
        ax.set_title(f"{panel_title}\n{_basin_title(basin)}", fontsize=10)
    if title:
        fig.suptitle(title)
    return fig
