"""The house style for static matplotlib figures: one palette, titles, labelled axes, and one
way to get the axes a builder draws on.

Two looks: ``"default"``, sized for a student's screen, and ``"projector"``, for a lecture hall,
switched on in one line and back in another::

    from helpers import plots
    plots.style.use("projector")  # every figure built from here on: text >= 14 pt, thicker lines
    plots.style.use("default")    # back to the screen sizes

The builders pass many sizes explicitly (a 9 pt legend, a 1.6 pt path), so rcParams alone cannot
enlarge them. Instead every builder still draws at the screen sizes, and under the projector look
:func:`styled` then enlarges what it drew, once (:func:`enlarge`): each text to 1.25 times its
size and at least ``PROJECTOR_MIN_POINTS``, lines and markers by the factors below, the figure a
quarter taller (never wider: JupyterLab would shrink it back), legends laid out again, with
fewer columns where they no longer fit, and long titles wrapped. Relaying a legend uses a few
private parts of matplotlib's ``Legend`` (``_init_legend_box``, ``_ncols``, ``_fontsize``), as
of the pinned matplotlib; ``tests/test_plots_style.py`` exercises them. Figures made without a
builder get the larger rcParams that :func:`use` sets. The live bqplot explorers keep their own
sizes.
"""

from __future__ import annotations

import functools
import textwrap
import warnings
import weakref

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from .. import checks, palette

__all__ = ["COLUMN_INCHES", "LOOKS", "RC", "current", "enlarge", "one_axes", "styled", "subplots",
           "use"]

RC = {
    "axes.prop_cycle": cycler(color=list(palette.SERIES)),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "legend.framealpha": 0.85,
    "figure.dpi": 100,
}

LOOKS = ("default", "projector")
PROJECTOR_TEXT = 1.25        # every text grows by a quarter ...
PROJECTOR_MIN_POINTS = 14.0  # ... and is at least this large (the smallest legend: 9 -> 14 pt)
PROJECTOR_LINE = 1.6         # line widths (paths, curves, contours, edges)
PROJECTOR_MARKER = 1.5       # marker diameters (scatter areas grow by its square)
PROJECTOR_HEIGHT = 1.25      # figure heights, so that the larger text leaves the axes room (the
                             # width stays: a figure wider than the notebook column is shrunk)

# What the projector look sets for figures drawn without a builder (builders are enlarged after
# they draw, see `styled`).
PROJECTOR_RC = {
    "font.size": 14.0,
    "axes.titlesize": 18.0,
    "axes.labelsize": 16.0,
    "xtick.labelsize": 14.0,
    "ytick.labelsize": 14.0,
    "legend.fontsize": 14.0,
    "legend.title_fontsize": 14.0,
    "figure.titlesize": 18.0,
    "lines.linewidth": 2.4,
    "lines.markersize": 9.0,
    "axes.linewidth": 1.3,
}

_state = {"look": "default", "saved_rc": None, "depth": 0}
_enlarged: weakref.WeakSet = weakref.WeakSet()  # artists already enlarged, never twice


def use(look: str) -> None:
    """Switch the look of the figures built from now on: ``"projector"`` (text of at least
    14 pt, lines 1.6 times as thick, markers 1.5 times as wide) or ``"default"`` (the screen sizes,
    and the rcParams as they were before the projector look)."""
    look = checks.one_of("look", look, LOOKS)
    if look == _state["look"]:
        return
    if look == "projector":
        _state["saved_rc"] = {key: mpl.rcParams[key] for key in PROJECTOR_RC}
        mpl.rcParams.update(PROJECTOR_RC)
    else:
        mpl.rcParams.update(_state["saved_rc"])
        _state["saved_rc"] = None
    _state["look"] = look


def current() -> str:
    """The look figures are built in now: ``"default"`` or ``"projector"``."""
    return _state["look"]


def _screen_rc() -> dict:
    """The rcParams a builder draws with: the house style over the screen-sized defaults (under
    the projector look, the rcParams from before it, so nothing is enlarged twice)."""
    return {**(_state["saved_rc"] or {}), **RC}


def styled(builder):
    """Run a figure builder inside the house style (its rcParams apply while it draws); under
    the projector look, enlarge the figure it drew (only the outermost builder does, when one
    builder calls another)."""

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        _state["depth"] += 1
        try:
            with plt.rc_context(_screen_rc()):
                result = builder(*args, **kwargs)
        finally:
            _state["depth"] -= 1
        if _state["look"] == "projector" and _state["depth"] == 0:
            figure = result if isinstance(result, Figure) else getattr(kwargs.get("ax"), "figure",
                                                                        None)
            if figure is not None:
                enlarge(figure)
        return result

    return wrapper


def _bigger_text(size: float) -> float:
    return max(size * PROJECTOR_TEXT, PROJECTOR_MIN_POINTS)


def enlarge(fig: Figure) -> Figure:
    """Enlarge a drawn figure for a projector: texts (tick labels included) to
    ``max(1.25 x size, 14 pt)``, lines and edges 1.6 times as thick, markers 1.5 times as wide.
    Each artist is enlarged once, however often this is called. The larger text then gets room
    where it can: a title or axis label wider than its axes is wrapped onto more lines, a legend
    wider than the figure gets fewer columns, and the figure grows a quarter taller (never
    wider)."""
    if fig not in _enlarged:  # the first time only
        _enlarged.add(fig)
        fig.set_figheight(fig.get_figheight() * PROJECTOR_HEIGHT)
    _enlarge_artists(fig)
    _make_room(fig)
    return fig


def _enlarge_artists(fig: Figure) -> None:
    for ax in fig.axes:
        if ax in _enlarged:
            continue
        _enlarged.add(ax)
        for axis in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)):
            if axis is None:
                continue
            ticks = axis.get_major_ticks()
            size = ticks[0].label1.get_fontsize() if ticks else mpl.rcParams["xtick.labelsize"]
            axis.set_tick_params(which="both", labelsize=_bigger_text(float(size)))
            for tick in ticks + axis.get_minor_ticks():  # their labels are sized just above
                _enlarged.update([tick.label1, tick.label2])
    for artist in fig.findobj(include_self=False):
        if artist in _enlarged:
            continue
        _enlarged.add(artist)
        if isinstance(artist, Text):
            artist.set_fontsize(_bigger_text(artist.get_fontsize()))
        elif isinstance(artist, Line2D):
            artist.set_linewidth(artist.get_linewidth() * PROJECTOR_LINE)
            artist.set_markersize(artist.get_markersize() * PROJECTOR_MARKER)
            artist.set_markeredgewidth(artist.get_markeredgewidth() * PROJECTOR_LINE)
        elif isinstance(artist, Collection):
            artist.set_linewidth(artist.get_linewidth() * PROJECTOR_LINE)
            sizes = artist.get_sizes() if hasattr(artist, "get_sizes") else None
            if sizes is not None and len(sizes):
                artist.set_sizes(sizes * PROJECTOR_MARKER**2)
        elif isinstance(artist, FancyArrowPatch):
            artist.set_linewidth(artist.get_linewidth() * PROJECTOR_LINE)
            artist.set_mutation_scale(artist.get_mutation_scale() * PROJECTOR_MARKER)
        elif isinstance(artist, Patch):
            artist.set_linewidth(artist.get_linewidth() * PROJECTOR_LINE)


def _make_room(fig: Figure) -> None:
    """Legends rebuilt at their larger text (their handles and spacing grow with it), with fewer
    columns while wider than the figure; titles and axis labels longer than their axes wrapped.
    Measured after a layout pass, at the sizes the figure is drawn at."""
    with warnings.catch_warnings():  # a layout that the legends below overflow, for now
        warnings.simplefilter("ignore", UserWarning)
        fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    legends = [(ax.get_legend(), _room(ax)) for ax in fig.axes]
    for legend, room in legends + [(legend, fig.bbox.width) for legend in fig.legends]:
        if legend is None:
            continue
        _rebuild(legend, legend._ncols)
        while legend._ncols > 1 and legend.get_window_extent(renderer).width > room:
            _rebuild(legend, legend._ncols - 1)
    for ax in fig.axes:
        _keep_under_the_axis(ax, renderer)
    if fig._suptitle is not None:
        _wrap(fig._suptitle, fig.bbox.width, renderer, lambda extent: extent.width)
    for ax in fig.axes:
        box = ax.get_window_extent(renderer)
        room = max(box.width, 0.9 * _room(ax))  # a title may reach over the axes' margins
        titles = [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None)]
        for text in filter(None, titles + [ax.xaxis.label]):
            _wrap(text, room, renderer, lambda extent: extent.width)
        _wrap(ax.yaxis.label, box.height, renderer, lambda extent: extent.height)


def _keep_under_the_axis(ax, renderer) -> None:
    """A legend anchored under its axes (``bbox_to_anchor=(x, -0.16)``, say) that the larger
    tick labels and x label now reach is anchored again just under them, at a fixed distance
    from the axes' bottom, so that the layout cannot move it back onto them."""
    legend = ax.get_legend()
    if legend is None:
        return
    anchor, box = legend.get_bbox_to_anchor(), ax.get_window_extent(renderer)
    under = ax.xaxis.get_tightbbox(renderer)
    if anchor.width or anchor.height or anchor.y0 >= box.y0 or under is None:
        return  # not a point under the axes
    gap = 0.4 * legend._fontsize * ax.get_figure().dpi / 72  # pixels between label and legend
    if anchor.y0 < under.y0 - gap:
        return  # already clear of the axis
    fig = ax.get_figure()
    drop = ScaledTranslation(0, -(box.y0 - under.y0 + gap) / fig.dpi, fig.dpi_scale_trans)
    legend.set_bbox_to_anchor(((anchor.x0 - box.x0) / box.width, 0), transform=ax.transAxes + drop)


def _room(ax) -> float:
    """The width in pixels of the figure's share that ``ax`` sits in: its columns of the grid."""
    fig = ax.get_figure()
    spec = ax.get_subplotspec()
    if spec is None:
        return fig.bbox.width
    columns = spec.get_gridspec().ncols
    return fig.bbox.width * len(spec.colspan) / columns


def _rebuild(legend, ncols: int) -> None:
    """Lay ``legend`` out again in ``ncols`` columns at the size its texts now have: the
    handle boxes and gaps, measured in font sizes, grow with the text. Its own (already
    enlarged) handles stand in for the originals."""
    title = legend.get_title()
    title_text, title_size = title.get_text(), title.get_fontsize()
    size = max((text.get_fontsize() for text in legend.texts), default=legend._fontsize)
    labels = [text.get_text() for text in legend.texts]
    handles = [handle for handle in legend.legend_handles if handle is not None]
    if len(handles) != len(labels):  # an entry matplotlib could not draw: leave it as it is
        return
    legend.prop.set_size(size)
    legend._fontsize = size
    legend.set_ncols(ncols)
    legend._init_legend_box(handles, labels)
    legend._set_loc(legend._loc)  # the new box is placed where the old one was
    legend.set_title(title_text, prop={"size": title_size})  # an empty title stays hidden
    _enlarged.update(legend.findobj())


def _wrap(text: Text, room: float, renderer, length) -> None:
    """Break ``text`` at spaces into lines that fit ``room`` pixels (as ``length`` measures its
    extent); text with mathematics ($...$) is left whole."""
    words = text.get_text()
    if not words.strip() or "$" in words:
        return
    used = length(text.get_window_extent(renderer))
    if used <= room:
        return
    longest = max(len(line) for line in words.splitlines())
    chars = max(8, int(longest * room / used * 0.95))
    text.set_text("\n".join(textwrap.fill(line, chars) for line in words.splitlines()))


COLUMN_INCHES = 10.0  # JupyterLab's notebook column at 1400 px, at the house style's 100 dpi


def subplots(nrows: int = 1, ncols: int = 1, *, width: float = 5.0, height: float = 3.8, **kw):
    """``plt.subplots`` with each panel ``width`` x ``height`` inches and a tidy layout; a row
    wider than the notebook column is narrowed to fit, so JupyterLab never shrinks its text."""
    width = min(width, COLUMN_INCHES / ncols)
    return plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                        layout="constrained", squeeze=False, **kw)


def one_axes(ax=None, *, width: float, height: float):
    """The axes a one-panel builder draws on: ``ax`` when given (the caller's figure), else the
    axes of a new ``width`` x ``height`` inch figure."""
    if ax is not None:
        return ax
    return subplots(width=width, height=height)[1][0, 0]
