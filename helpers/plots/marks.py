"""Marks every figure draws the same way: a descent path from its start dot to its last-step
diamond, legends that list each label once, plain numbers on log axes, and the boxes and arrows
of the diagrams."""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.colors import to_hex, to_rgba
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import FuncFormatter

from .. import palette
from ..geometry import DOTS_UP_TO, MANTISSAS, is_log_tick

__all__ = [
    "DOTS_UP_TO",
    "draw_arrow",
    "draw_box",
    "draw_path",
    "legend_once",
    "outline",
    "plain_log_ticks",
]

LIGHT_BELOW = 3.0  # a line whose colour has less contrast than this on white gets a dark edge


def outline(colour, width: float) -> list:
    """The path effects of a dark edge round a line ``width`` points wide whose colour is too
    light to stand out from the white page (below 3:1, as orange and sky blue are); none for a
    colour dark enough."""
    if palette.contrast_ratio(to_hex(colour)) >= LIGHT_BELOW:
        return []
    return [patheffects.Stroke(linewidth=width + 0.8, foreground=palette.BLACK),
            patheffects.Normal()]


def draw_path(
    ax,
    points,
    *,
    colour: str = palette.PATH,
    label: str | None = "descent path",
    lw: float = 1.6,
    long_lw: float | None = None,
    ms: float = 3.5,
    alpha: float = 1.0,
    zorder: float = 5,
    dots: bool | None = None,
    dashed: bool = False,
    line_style="-",
    edged: bool = False,
    start: bool = True,
    end: bool = True,
    end_ms: float = 8,
    start_ms: float | None = None,
    ends_zorder: float | None = None,
    start_label: str | None = "start",
    end_label: str | None = "last step",
) -> None:
    """The moving thing: a path of dots from a black start dot to a diamond at its last step.

    ``points`` has one row per iterate: ``(x, y)`` on a map or a curve, ``(x, y, z)`` on a 3-D
    surface. A path longer than :data:`DOTS_UP_TO` is a line alone (``long_lw`` wide, when
    given); ``dots`` forces the choice. ``dashed`` draws it dashed without dots, for a path on
    top of an identical one; ``line_style`` (a matplotlib line style) tells apart paths drawn
    together on one map, dots or not; ``edged`` gives a path in a light colour a dark edge
    (:func:`outline`). The start dot is ``start_ms`` (default ``end_ms``) across.
    """
    points = np.asarray(points, dtype=float)
    long = len(points) > DOTS_UP_TO
    dots = (not long if dots is None else dots) and not dashed
    width = long_lw if long and long_lw is not None and not dots and not dashed else lw
    ax.plot(*points.T, ls="--" if dashed else line_style, marker="o" if dots else "None",
            color=colour, lw=width, ms=ms, alpha=alpha, label=label, zorder=zorder,
            path_effects=outline(colour, width) if edged else [])
    ends_zorder = zorder + 1 if ends_zorder is None else ends_zorder
    if start and len(points):
        ax.plot(*points[:1].T, "o", color=palette.START, ms=start_ms or end_ms,
                zorder=ends_zorder, label=start_label)
    if end and len(points):
        ax.plot(*points[-1:].T, "D", color=colour, mec=palette.BLACK, ms=end_ms,
                zorder=ends_zorder, label=end_label)


def legend_once(ax, *, below: bool = False, columns: int = 3, **options):
    """A legend listing each label once however many times it was drawn.

    ``below`` puts it under the axes, in up to ``columns`` columns, where it covers no data;
    ``options`` go to ``ax.legend`` (fontsize 9 unless given).
    """
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    defaults = {"fontsize": 9}
    if below:
        defaults.update(loc="upper center", bbox_to_anchor=(0.5, -0.12),
                        ncol=min(columns, len(unique)))
    return ax.legend(list(unique.values()), list(unique.keys()), **{**defaults, **options})


def plain_log_ticks(axis, mantissas=MANTISSAS) -> None:
    """Tick labels on a log axis as plain numbers (0.3, 2, 100) instead of powers of ten, on the
    ticks whose leading digit is one of ``mantissas`` (major and minor ticks alike): the values
    :func:`helpers.geometry.log_ticks` gives."""
    is_log_tick(1.0, mantissas)  # checks the mantissas now, not at the first draw

    def label(value, _):
        if not value > 0:
            return ""
        return f"{value:g}" if is_log_tick(value, mantissas) else ""

    axis.set_major_formatter(FuncFormatter(label))
    axis.set_minor_formatter(FuncFormatter(label))


def draw_box(
    ax,
    centre,
    text: str,
    colour: str,
    *,
    width: float = 1.9,
    height: float = 0.8,
    fontsize: float = 10.5,
    dashed: bool = False,
    pad: float = 0.06,
    rounding: float = 0.12,
    fill: float = 0.2,
    lw: float = 1.8,
) -> None:
    """A rounded box of a diagram, outlined in ``colour`` and filled with it faintly (``fill`` is
    the fill's opacity), ``text`` in its middle."""
    x, y = centre
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle=f"round,pad={pad},rounding_size={rounding}",
                                fc=to_rgba(colour, fill), ec=colour, lw=lw,
                                ls="--" if dashed else "-"))
    if text:
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def draw_arrow(
    ax,
    start,
    end,
    text: str = "",
    colour: str = palette.BLACK,
    *,
    offset=(0, 0.18),
    dashed: bool = False,
    rad: float = 0.0,
    lw: float = 1.8,
    head: float = 16,
    zorder: float | None = None,
) -> None:
    """An arrow from ``start`` to ``end``, with ``text`` above its middle (moved by ``offset``)
    in its colour, darkened until it reads (:func:`helpers.palette.ink`); ``rad`` bends it,
    ``head`` is the size of its head (in points), ``zorder`` lifts it over the marks of a map
    (matplotlib's default for text when ``None``)."""
    layer = {} if zorder is None else {"zorder": zorder}
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": lw,
                            "mutation_scale": head, "ls": "--" if dashed else "-",
                            "connectionstyle": f"arc3,rad={rad}", "shrinkA": 2, "shrinkB": 2},
                **layer)
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="bottom", fontsize=9, color=palette.ink(colour), **layer)
