"""The house look of every explorer, in one place: sliders, figures and where their legends go,
axis ranges, marks and the moving path (and where a path that leaves the view ends). A rule
changed here changes every explorer. Numbers are written with the formats of
``helpers.results`` (re-exported here), the same as in the result messages under the figures.
"""

from __future__ import annotations

import html
import math

import bqplot as bq
import ipywidgets as widgets
import numpy as np
import traitlets

from .. import checks, palette
from ..geometry import DOTS_UP_TO, step_ticks
from ..results import plural, show_number, show_point, show_rate, show_share, show_size
from ..solvers.descent import kept_direction

__all__ = [
    "DOTS_UP_TO",
    "DottedLines",
    "EDGE_GLYPHS",
    "FIGURE_MARGIN",
    "FULL_WIDTH",
    "LINE_STYLES",
    "MINIMUM_SIZE",
    "cut_at_view",
    "edge_mark",
    "figure",
    "legend_box",
    "move_edge",
    "refresh_legend",
    "float_slider",
    "kept_value",
    "int_slider",
    "dots_mark",
    "line_mark",
    "log_slider",
    "message_in_view",
    "move_path",
    "path_marks",
    "set_range",
    "set_step_axis",
    "shortest_nearby",
    "step_axis_end",
    "show_number",
    "show_point",
    "show_rate",
    "plain_log_axis",
    "show_share",
    "show_size",
    "show_steps",
    "value_range",
]

# The page puts a 2 px margin on each side of every widget: a figure or legend row 4 px narrower
# than its box fills it without making the box scroll sideways.
FULL_WIDTH = "calc(100% - 4px)"
FIGURE_LAYOUT = {"width": FULL_WIDTH, "height": "420px"}
FIGURE_MARGIN = {"top": 50, "bottom": 50, "left": 60, "right": 30}
SLIDER_STYLE = {"description_width": "150px"}
SLIDER_LAYOUT = {"width": "520px"}
LOG_STEP = 0.001  # in powers of ten
# A known minimum's hollow triangle is drawn under the path, larger than the last-step diamond
# (140), so a run that ends on a minimum shows the diamond inside the triangle's outline.
MINIMUM_SIZE = 360


# ---------------------------------------------------------------- axes


def show_steps(result, budget: int, *, why: bool = True) -> str:
    """How many of the allowed steps a run used, so that every move of a steps slider shows; with
    ``why``, a run that stopped early says why more steps change nothing."""
    text = f"{result.steps} of {budget}"
    if not why:
        return text
    if result.converged:
        return text + " (converged: more steps change nothing)"
    if result.diverged:
        return text + " (diverged: more steps change nothing)"
    return text


def message_in_view(result, left_after: int | None, view: str = "map") -> str:
    """The run's message as an explorer shows it: the solver's, except for a run that stopped
    (neither converged nor diverged) after leaving the view with its steps still growing, where
    the solver's "more steps may help" would mislead; it says why the steps grow instead."""
    if left_after is None or result.converged or result.diverged:
        return result.message
    path = np.asarray(result.path, dtype=float).reshape(len(result.path), -1)
    lengths = np.linalg.norm(np.diff(path, axis=0), axis=1)
    if lengths[-1] <= lengths[left_after - 1]:
        return result.message
    if kept_direction(path):
        why = "every step went further the same way: the function may keep falling that way"
    else:
        why = "the steps overshoot further and further: the learning rate is too large here"
    return (
        f"Stopped after {plural(len(path) - 1, 'step')} without converging: the path left the "
        f"{view} at step {left_after} and its steps are still growing; {why}."
    )


def plain_log_axis(axis: bq.Axis) -> None:
    """Ticks on a log axis as plain numbers: 0.5, 2, 10 rather than 5e-1, 2e+0, 1e+1."""
    axis.tick_format = ".2~g"


# ---------------------------------------------------------------- controls


def value_range(slider) -> tuple[float, float]:
    """The lowest and highest value a slider can take (a log slider's ends are exponents)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base**slider.min, slider.base**slider.max
    return slider.min, slider.max


def log_slider(
    description: str,
    value: float,
    low_exp: float,
    high_exp: float,
    *,
    argument: str,
    readout_format: str = ".3g",
    **kw,
) -> widgets.FloatLogSlider:
    """A base-10 log slider from 10**low_exp to 10**high_exp with an editable readout.

    ``value`` comes from the explorer's constructor argument named ``argument``: a value the
    slider cannot show is an error that names it, never silently clipped. The slider moves in
    steps of 10**0.001 (0.23 %), so a typed value such as 0.19 lands within 0.25 % of itself
    instead of snapping to a coarse grid.
    """
    value = checks.number(argument, value, low=10.0**low_exp, high=10.0**high_exp)
    slider = widgets.FloatLogSlider(
        value=value,
        base=10,
        min=low_exp,
        max=high_exp,
        step=LOG_STEP,
        description=description,
        readout_format=readout_format,
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        **kw,
    )
    slider.observe(_snap_to_short_value, names="value")
    return slider


def shortest_nearby(value: float, step: float = LOG_STEP) -> float:
    """The number with the fewest significant digits (up to 3, as a lecture writes a rate)
    within half a log step of ``value``, or ``value`` itself when there is none.

    The page's log slider lands on a power of ten of its grid: typing 0.5 gives 10**-0.301 =
    0.500035. Snapped, the kernel runs exactly the 0.5 that was typed; 0.1995 lands on
    0.19953, still below 0.2, with no short number that close to snap to.
    """
    if not (value > 0 and math.isfinite(value)):
        return value
    half = 10.0 ** (step / 2) - 1.0
    for digits in range(1, 4):
        short = float(f"{value:.{digits}g}")
        if abs(short / value - 1.0) <= half:
            return short
    return value


def kept_value(slider, value: float) -> float:
    """The value a :func:`log_slider` keeps when the page sends it ``value``: the shortest
    number within half a step (:func:`shortest_nearby`), except at the ends of its range."""
    low, high = value_range(slider)
    if math.isclose(value, low) or math.isclose(value, high):
        return value  # the ends stay where they are
    short = shortest_nearby(value, slider.step)
    return short if low <= short <= high else value


def _snap_to_short_value(change) -> None:
    slider = change["owner"]
    kept = kept_value(slider, change["new"])
    if kept != change["new"]:
        slider.value = kept


def float_slider(
    description: str, value: float, low: float, high: float, step: float, *, argument: str, **kw
) -> widgets.FloatSlider:
    """A slider from ``low`` to ``high``; ``value`` is checked as :func:`log_slider` says."""
    value = checks.number(argument, value, low=low, high=high)
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=description,
        readout_format=".2f",
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        **kw,
    )


def int_slider(
    description: str, value: int, low: int, high: int, *, argument: str, **kw
) -> widgets.IntSlider:
    """A whole-number slider from ``low`` to ``high``; ``value`` is checked as
    :func:`log_slider` says."""
    value = checks.integer(argument, value, low, high)
    return widgets.IntSlider(
        value=value,
        min=low,
        max=high,
        description=description,
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        **kw,
    )


# ---------------------------------------------------------------- figures


def figure(
    marks,
    x_scale,
    y_scale,
    *,
    title: str,
    x_label: str,
    y_label: str,
    legend: str | None = "below",
    legend_opacity: float = 0.85,
    click_hint: str | None = None,
    **kw,
) -> bq.Figure:
    """A bqplot figure in the house style: titled, labelled axes, no animation delay.

    ``legend`` is where the legend goes: ``"below"`` (the house rule: a row of entries under the
    figure, :func:`legend_box`, which never covers the data, wraps on a narrow page and writes
    every name in the page's dark text beside a coloured swatch; the explorer shows it under the
    figure), a bqplot ``legend_location`` (bqplot's own box inside the axes, which writes each
    name in its series' colour, too light to read for orange or sky blue), or None for no
    legend: the one place that decides legends, so a change of rule is made once.
    """
    axes = [
        bq.Axis(scale=x_scale, label=x_label, grid_lines="dashed"),
        bq.Axis(scale=y_scale, side="left", label=y_label, grid_lines="dashed"),
    ]
    if legend in (None, "below"):
        for mark in marks:
            mark.display_legend = False
    fig = bq.Figure(
        marks=marks,
        axes=axes,
        title=title,
        animation_duration=0,
        legend_location="top-right" if legend in (None, "below") else legend,
        layout=dict(FIGURE_LAYOUT),
        fig_margin=dict(FIGURE_MARGIN),
        legend_style={"fill": palette.WHITE, "opacity": legend_opacity},
        display_toolbar=False,
        **kw,
    )
    if click_hint:
        fig.add_class("gd-clickable")
        fig.click_hint = click_hint
    if legend == "below":
        fig.legend_box = legend_box(fig)
    return fig


# ---------------------------------------------------------------- legends under the figure

LEGEND_STYLE = (
    "display:flex; flex-wrap:wrap; gap:2px 16px; align-items:center; font-size:13px; "
    "line-height:20px; padding:0 8px 0 {left}px"
)
_SHAPES = {
    "circle": '<circle cx="13" cy="8" r="5"{paint}/>',
    "diamond": '<polygon points="13,1 19,8 13,15 7,8"{paint}/>',
    "triangle-up": '<polygon points="13,2 19.5,13.5 6.5,13.5"{paint}/>',
    "triangle-down": '<polygon points="13,14 19.5,2.5 6.5,2.5"{paint}/>',
    "square": '<rect x="8" y="3" width="10" height="10"{paint}/>',
    "cross": '<polygon points="10,2 16,2 16,5 19,5 19,11 16,11 16,14 10,14 10,11 7,11 7,5 10,5"'
    '{paint}/>',
}


# A line's dashes in its legend swatch, as bqplot draws each line style (solid: none).
SWATCH_DASHES = {"dashed": "5,3", "dotted": "1.5,2.5", "dash_dotted": "6,2.5,1.5,2.5"}
LINE_STYLES = ("solid", "dashed", "dotted", "dash_dotted")


def _swatch(mark, index: int) -> str:
    """A small SVG picture of one legend entry: the mark as it is drawn (hidden from screen
    readers: the words beside it, in the page's own dark text, name the entry)."""
    colours = list(mark.colors) or [palette.BLACK]
    colour = html.escape(colours[index % len(colours)])
    if isinstance(mark, bq.Label):
        body = (
            f'<text x="13" y="13" text-anchor="middle" font-size="15" fill="{colour}">'
            f"{html.escape(mark.text[0] if len(mark.text) else EDGE_GLYPHS['right'])}</text>"
        )
    elif isinstance(mark, bq.Scatter):
        stroke = f' stroke="{html.escape(mark.stroke)}" stroke-width="1"' if mark.stroke else ""
        paint = f' fill="{colour}"{stroke}' if mark.fill else (
            f' fill="none" stroke="{colour}" stroke-width="2"')
        body = _SHAPES.get(mark.marker, _SHAPES["circle"]).format(paint=paint)
    else:
        width = min(float(mark.stroke_width), 3.0)
        pattern = SWATCH_DASHES.get(mark.line_style)
        dash = f' stroke-dasharray="{pattern}"' if pattern else ""
        body = (
            f'<line x1="1" y1="8" x2="25" y2="8" stroke="{colour}" stroke-width="{width:g}"{dash}/>'
        )
        if getattr(mark, "dotted", False):
            body += f'<circle cx="13" cy="8" r="2.5" fill="{colour}"/>'
    return f'<svg width="26" height="16" style="flex:none" aria-hidden="true">{body}</svg>'


def _drawn(mark) -> bool:
    x = getattr(mark, "x", None)
    return x is not None and np.size(x) > 0


def legend_html(marks, click_hint: str | None = None) -> str:
    """The entries of every labelled mark that is drawn now (has data), in the marks' order,
    then the hint that a click starts a run (the crosshair pointer over such a figure is the
    accessibility layer's CSS: a ``<style>`` in a legend would be parsed again at every change,
    and the page would work out the style of every element on it)."""
    entries, named = [], set()
    for mark in marks:
        labels = list(getattr(mark, "labels", []) or [])
        if not labels or not _drawn(mark):
            continue
        for index, label in enumerate(labels):
            if label in named:  # two marks drawn alike (two runs leaving the view) named once
                continue
            named.add(label)
            entries.append(
                '<span style="display:inline-flex; align-items:center; gap:4px; '
                f'white-space:nowrap">{_swatch(mark, index)}{html.escape(label)}</span>'
            )
    if click_hint:
        entries.append(
            f'<span style="white-space:nowrap; font-style:italic">{html.escape(click_hint)}</span>'
        )
    style = LEGEND_STYLE.format(left=FIGURE_MARGIN["left"])
    return f'<div class="gd-legend" style="{style}">{"".join(entries)}</div>'


def legend_box(fig: bq.Figure) -> widgets.HTML:
    """The legend of a figure as a row of entries (picture and name) to show under it."""
    box = widgets.HTML(
        legend_html(fig.marks, getattr(fig, "click_hint", None)), layout={"width": FULL_WIDTH}
    )
    box.add_class("gd-legend-box")
    return box


def refresh_legend(fig: bq.Figure) -> None:
    """Bring a figure's legend row up to date with what is drawn (sent only when it changed)."""
    box = getattr(fig, "legend_box", None)
    if box is not None:
        box.value = legend_html(fig.marks, getattr(fig, "click_hint", None))


# ---------------------------------------------------------------- leaving the view

EDGE_GLYPHS = {"left": "\u25c0", "right": "\u25b6", "top": "\u25b2", "bottom": "\u25bc"}
EDGE_LABEL = "the run leaves the view here"


def cut_at_view(points, extent, inset: float = 0.015):
    """A path of 2-D points as drawn in a view ``(x_low, x_high, y_low, y_high)``: a path that
    ends outside the view is drawn up to its last point in view, then to the point where the
    next step crosses the view's frame (moved ``inset`` of the view's size inwards, so a marker
    there shows whole). A path that ends in view is drawn whole, even if it swung out of the
    view and came back (the figure clips the swing).

    Returns ``(shown, left_after, side)``: the points to draw, the number of the step that left
    the view for good (None when the path ends in view) and the side it left through ("left",
    "right", "top", "bottom"; None when it ends in view). Points that are not finite count as
    outside.
    """
    points = np.asarray(points, dtype=float)
    x_low, x_high, y_low, y_high = (float(v) for v in extent)
    with np.errstate(invalid="ignore"):
        inside = (
            np.isfinite(points).all(axis=1)
            & (points[:, 0] >= x_low)
            & (points[:, 0] <= x_high)
            & (points[:, 1] >= y_low)
            & (points[:, 1] <= y_high)
        )
    if inside[-1] or not inside[0]:
        return points, None, None
    first_out = len(inside) - int(np.argmax(inside[::-1]))  # the step after the last in view
    (x0, y0), (x1, y1) = points[first_out - 1], points[first_out]
    big = 1e300
    x1 = float(np.clip(np.nan_to_num(x1, nan=x0, posinf=big, neginf=-big), -big, big))
    y1 = float(np.clip(np.nan_to_num(y1, nan=y0, posinf=big, neginf=-big), -big, big))
    share, side = 1.0, "right" if x1 > x0 else "left"
    for low, high, a, b, names in (
        (x_low, x_high, x0, x1, ("left", "right")),
        (y_low, y_high, y0, y1, ("bottom", "top")),
    ):
        for edge, name in ((low, names[0]), (high, names[1])):
            if (b < edge <= a) or (a <= edge < b):
                t = (edge - a) / (b - a)
                if t < share:
                    share, side = t, name
    exit_point = np.array([x0 + share * (x1 - x0), y0 + share * (y1 - y0)])
    size = np.array([x_high - x_low, y_high - y_low])
    exit_point = np.clip(
        exit_point, [x_low, y_low] + inset * size, [x_high, y_high] - inset * size
    )
    return np.vstack([points[:first_out], exit_point]), first_out, side


def edge_mark(scales: dict) -> bq.Label:
    """The marker where a run leaves the view: a black triangle pointing the way it went, which
    cannot be mistaken for a step (empty until a run leaves)."""
    return bq.Label(
        x=[],
        y=[],
        text=[],
        scales=scales,
        colors=[palette.DIVERGED],
        default_size=18,
        font_unit="px",
        align="middle",
        apply_clip=False,
        labels=[EDGE_LABEL],
        enable_hover=False,
    )


def move_edge(edge: bq.Label, shown, side: str | None) -> None:
    """Put the edge marker at the end of ``shown`` pointing to ``side``, or hide it."""
    with edge.hold_sync():
        if side is None:
            edge.x, edge.y, edge.text = [], [], []
        else:
            edge.x, edge.y = shown[-1:, 0], shown[-1:, 1]
            edge.text = [EDGE_GLYPHS[side]]


def set_range(scale: bq.Scale, low: float, high: float) -> None:
    """Fix an axis's range (the one place axis ranges are set, so a rule is changed once)."""
    with scale.hold_sync():
        scale.min, scale.max = float(low), float(high)


# A step axis ends at the first of these (times a power of ten) at or above the steps allowed,
# so a run of N steps fills at least three quarters of its width and most moves of a steps
# slider leave the axis as it is (nothing to redraw but the runs).
STEP_AXIS_ENDS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def step_axis_end(last: int) -> int:
    """Where a step axis for runs of up to ``last`` steps ends: ``last`` rounded up to a round
    number (:data:`STEP_AXIS_ENDS`), at least 1."""
    last = max(int(last), 1)
    if last <= 10:
        return last
    power = 10 ** (len(str(last)) - 1)
    return int(next(m * power for m in STEP_AXIS_ENDS if m * power >= last))


def set_step_axis(axis: bq.Axis, last: int) -> None:
    """A step axis from 0 to at least ``last`` (:func:`step_axis_end`), ticked at whole steps;
    nothing is sent when it already is."""
    end = step_axis_end(last)
    if (axis.scale.min, axis.scale.max) != (0, end):
        set_range(axis.scale, 0, end)
        axis.tick_values = step_ticks(end)


class DottedLines(bq.Lines):
    """A line that shows its points as dots while it has at most :data:`DOTS_UP_TO` of them
    (:func:`move_path` says when, in ``dotted``).

    The page draws the dots, not bqplot: the explorer's page module (``access.js``, told by
    ``Access.dots``) puts an SVG marker on every vertex of the line's path, one element for all
    of them. bqplot would draw each dot as an element of its own and move it through a d3
    transition, about 50 µs a dot: the 200 dots of the momentum explorer's two paths cost
    10 ms a move. ``dot_size`` is a dot's area in px², as bqplot's ``marker_size``.
    """

    dot_size = traitlets.Float(18.0)
    dotted = traitlets.Bool(False)


def line_mark(
    scales: dict,
    colour: str,
    *,
    label: str | None = None,
    width: float = 2.0,
    dashed: bool = False,
    style: str = "solid",
    dots: float | None = None,
    x=None,
    y=None,
    **kw,
) -> bq.Lines:
    """A line in the house style: ``width`` pixels wide, drawn in ``style`` (one of
    :data:`LINE_STYLES`; ``dashed`` is short for ``style="dashed"``); with ``dots``, a
    :class:`DottedLines` whose dots have that area; a ``label`` names it in the legend."""
    style = "dashed" if dashed else checks.one_of("style", style, LINE_STYLES)
    kind, extra = (DottedLines, {"dot_size": dots}) if dots else (bq.Lines, {})
    return kind(
        x=[] if x is None else x,
        y=[] if y is None else y,
        scales=scales,
        colors=[colour],
        stroke_width=width,
        line_style=style,
        labels=[label] if label else [],
        display_legend=label is not None,
        **extra,
        **kw,
    )


def dots_mark(
    scales: dict,
    colour: str,
    *,
    label: str | None = None,
    size: float = 80,
    marker: str = "circle",
    outlined: bool = False,
    hollow: bool = False,
    x=None,
    y=None,
    **kw,
) -> bq.Scatter:
    """Points in the house style: ``size`` their area in pixels, ``outlined`` in black so they
    stand out on a line of their own colour, ``hollow`` (an outline in their colour) so a mark
    drawn under them still shows through; a ``label`` names them in the legend."""
    if hollow:
        kw.update(fill=False, stroke_width=2.5)
    return bq.Scatter(
        x=[] if x is None else x,
        y=[] if y is None else y,
        scales=scales,
        colors=[colour],
        default_size=size,
        marker=marker,
        stroke=colour if hollow else palette.BLACK if outlined else None,
        labels=[label] if label else [],
        display_legend=label is not None,
        **kw,
    )


def path_marks(
    scales: dict, label: str = "descent path"
) -> tuple[bq.Lines, bq.Scatter, bq.Scatter]:
    """The moving thing, drawn the same way in every explorer: a vermillion path with dots,
    a black start and a vermillion end (neither cut in half at the edge of the view)."""
    path = line_mark(scales, palette.PATH, label=label, dots=18)
    start = dots_mark(scales, palette.START, label="start", apply_clip=False)
    end = dots_mark(
        scales,
        palette.PATH,
        label="last step",
        size=140,
        marker="diamond",
        outlined=True,
        apply_clip=False,
    )
    return path, start, end


def move_path(marks: tuple, xs, ys, *, dots: bool = True, ends_here: bool = True) -> None:
    """Give the marks of :func:`path_marks` (or a line and its end, or a line alone) a new path:
    the line, its start and its end. With ``dots``, a :class:`DottedLines` shows every iterate
    as a dot up to :data:`DOTS_UP_TO` of them. A path that left the view (``ends_here`` false)
    gets no last-step marker: its edge marker (:func:`move_edge`) shows where it went."""
    line, *ends = marks
    with line.hold_sync():
        line.x, line.y = xs, ys
    if isinstance(line, DottedLines):
        line.dotted = dots and len(xs) <= DOTS_UP_TO
    if len(ends) == 2:
        start, end = ends
        with start.hold_sync():
            start.x, start.y = xs[:1], ys[:1]
    elif ends:
        (end,) = ends
    else:
        return
    with end.hold_sync():
        if ends_here:
            end.x, end.y = xs[-1:], ys[-1:]
        else:
            end.x, end.y = xs[:0], ys[:0]
