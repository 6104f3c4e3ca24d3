"""The house look of every explorer, in one place: sliders, figures and where their legends go,
axis ranges, marks and the moving path. A rule changed here changes every explorer. Numbers are
written with the formats of ``helpers.results`` (re-exported here), the same as in the result
messages under the figures.
"""

from __future__ import annotations

import html

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import checks, palette
from ..geometry import DOTS_UP_TO, step_ticks
from ..results import show_number, show_point, show_rate, show_share, show_size

__all__ = [
    "DOTS_UP_TO",
    "EDGE_GLYPHS",
    "FIGURE_MARGIN",
    "cut_at_view",
    "edge_mark",
    "figure",
    "legend_box",
    "move_edge",
    "refresh_legend",
    "float_slider",
    "int_slider",
    "dots_mark",
    "line_mark",
    "log_slider",
    "move_path",
    "path_marks",
    "set_range",
    "set_step_axis",
    "show_number",
    "show_point",
    "show_rate",
    "plain_log_axis",
    "show_share",
    "show_size",
    "show_steps",
    "value_range",
]

FIGURE_LAYOUT = {"width": "100%", "height": "420px"}
FIGURE_MARGIN = {"top": 50, "bottom": 50, "left": 60, "right": 20}
SLIDER_STYLE = {"description_width": "150px"}
SLIDER_LAYOUT = {"width": "520px"}
LOG_STEP = 0.001  # in powers of ten


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
    return widgets.FloatLogSlider(
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
    legend: str | None = "top-right",
    legend_opacity: float = 0.85,
    **kw,
) -> bq.Figure:
    """A bqplot figure in the house style: titled, labelled axes, no animation delay.

    ``legend`` is where the legend goes (a bqplot ``legend_location``), or None for no legend
    box: the one place that decides legends, so a change of rule is made once.
    """
    axes = [
        bq.Axis(scale=x_scale, label=x_label, grid_lines="dashed"),
        bq.Axis(scale=y_scale, side="left", label=y_label, grid_lines="dashed"),
    ]
    if legend is None:
        for mark in marks:
            mark.display_legend = False
    return bq.Figure(
        marks=marks,
        axes=axes,
        title=title,
        animation_duration=0,
        legend_location=legend or "top-right",
        layout=dict(FIGURE_LAYOUT),
        fig_margin=dict(FIGURE_MARGIN),
        legend_style={"fill": palette.WHITE, "opacity": legend_opacity},
        **kw,
    )


def set_range(scale: bq.Scale, low: float, high: float) -> None:
    """Fix an axis's range (the one place axis ranges are set, so a rule is changed once)."""
    with scale.hold_sync():
        scale.min, scale.max = float(low), float(high)


def set_step_axis(axis: bq.Axis, last: int) -> None:
    """A step axis from 0 to ``last`` (at least 1), ticked at whole steps."""
    last = max(int(last), 1)
    set_range(axis.scale, 0, last)
    axis.tick_values = step_ticks(last)


def line_mark(
    scales: dict,
    colour: str,
    *,
    label: str | None = None,
    width: float = 2.0,
    dashed: bool = False,
    dots: float | None = None,
    x=None,
    y=None,
    **kw,
) -> bq.Lines:
    """A line in the house style: ``width`` pixels wide, dashed or solid, with a dot of area
    ``dots`` at every point when given; a ``label`` names it in the legend."""
    return bq.Lines(
        x=[] if x is None else x,
        y=[] if y is None else y,
        scales=scales,
        colors=[colour],
        stroke_width=width,
        line_style="dashed" if dashed else "solid",
        marker="circle" if dots else None,
        marker_size=dots or 64,
        labels=[label] if label else [],
        display_legend=label is not None,
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
    x=None,
    y=None,
    **kw,
) -> bq.Scatter:
    """Points in the house style: ``size`` their area in pixels, ``outlined`` in black so they
    stand out on a line of their own colour; a ``label`` names them in the legend."""
    return bq.Scatter(
        x=[] if x is None else x,
        y=[] if y is None else y,
        scales=scales,
        colors=[colour],
        default_size=size,
        marker=marker,
        stroke=palette.BLACK if outlined else None,
        labels=[label] if label else [],
        display_legend=label is not None,
        **kw,
    )


def path_marks(
    scales: dict, label: str = "descent path"
) -> tuple[bq.Lines, bq.Scatter, bq.Scatter]:
    """The moving thing, drawn the same way in every explorer: a vermillion path with dots,
    a black start and a vermillion end."""
    path = line_mark(scales, palette.PATH, label=label, dots=18)
    start = dots_mark(scales, palette.START, label="start")
    end = dots_mark(
        scales, palette.PATH, label="last step", size=140, marker="diamond", outlined=True
    )
    return path, start, end


def move_path(marks: tuple, xs, ys, *, dots: bool = True) -> None:
    """Give the marks of :func:`path_marks` (or a line and its end, or a line alone) a new path:
    the line, its start and its end. With ``dots``, the line marks every iterate up to
    :data:`DOTS_UP_TO` of them."""
    line, *ends = marks
    with line.hold_sync():
        line.x, line.y = xs, ys
        if dots:
            line.marker = "circle" if len(xs) <= DOTS_UP_TO else None
    if len(ends) == 2:
        start, end = ends
        with start.hold_sync():
            start.x, start.y = xs[:1], ys[:1]
    elif ends:
        (end,) = ends
    else:
        return
    with end.hold_sync():
        end.x, end.y = xs[-1:], ys[-1:]
