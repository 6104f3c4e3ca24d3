"""What every explorer shares: controls, a figure that already exists, and a result label.

An explorer is an ``ipywidgets.VBox`` that notebooks display and tests drive without a browser:
``explorer.controls`` maps names to the widgets (assign ``.value`` to move one), ``update()``
recomputes and redraws, ``explorer.result`` is what the solver returned and ``explorer.label``
states it in words and numbers. Moving a control changes the data of marks that already exist;
the figure itself is built once.

In the page, explorers carry the CSS classes ``gd-explorer`` and ``gd-model-<model id>`` and
their labels ``gd-result``, so browser tests can find an explorer on screen and the same explorer
in the kernel (``Explorer.live[model_id]``).
"""

from __future__ import annotations

import html
import weakref
from contextlib import contextmanager

import bqplot as bq
import ipywidgets as widgets

from .. import palette

FIGURE_LAYOUT = {"width": "100%", "height": "420px"}
SLIDER_STYLE = {"description_width": "150px"}
SLIDER_LAYOUT = {"width": "520px"}


class Explorer(widgets.VBox):
    """Controls above a figure, a label under it; subclasses implement :meth:`update`."""

    live: "weakref.WeakValueDictionary[str, Explorer]" = weakref.WeakValueDictionary()

    def __init__(self, controls: dict, figure: widgets.DOMWidget, *, title: str = ""):
        self.controls = controls
        self.figure = figure
        self.label = widgets.HTML(layout={"min_height": "3em"})
        self.label.add_class("gd-result")
        self._held = False
        header = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        super().__init__(header + list(controls.values()) + [figure, self.label])
        self.add_class("gd-explorer")
        self.add_class(f"gd-model-{self.model_id}")
        Explorer.live[self.model_id] = self
        for control in controls.values():
            control.observe(self._on_change, names="value")

    def _on_change(self, _change) -> None:
        if not self._held:
            self.update()

    @contextmanager
    def hold_updates(self):
        """Change several controls at once, then update once."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        self.update()

    def update(self) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @property
    def sliders(self) -> dict:
        """The controls that have a numeric range (``min`` and ``max``)."""
        return {name: c for name, c in self.controls.items() if hasattr(c, "min") and hasattr(c, "max")}

    def set_label(self, facts: dict, message: str) -> None:
        """Show the numbers (as 'name: value' pairs) and the solver's message."""
        numbers = " &nbsp;·&nbsp; ".join(
            f"<b>{html.escape(name)}</b> {html.escape(str(value))}" for name, value in facts.items()
        )
        self.label.value = f"<div>{numbers}</div><div>{html.escape(message)}</div>"


def log_slider(description: str, value: float, low_exp: float, high_exp: float, **kw) -> widgets.FloatLogSlider:
    """A base-10 log slider from 10**low_exp to 10**high_exp with an editable readout."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=low_exp, max=high_exp, step=0.05, description=description,
        readout_format=".3g", continuous_update=True, style=SLIDER_STYLE, layout=SLIDER_LAYOUT, **kw,
    )


def float_slider(description: str, value: float, low: float, high: float, step: float, **kw) -> widgets.FloatSlider:
    return widgets.FloatSlider(
        value=value, min=low, max=high, step=step, description=description,
        readout_format=".2f", continuous_update=True, style=SLIDER_STYLE, layout=SLIDER_LAYOUT, **kw,
    )


def int_slider(description: str, value: int, low: int, high: int, **kw) -> widgets.IntSlider:
    return widgets.IntSlider(
        value=value, min=low, max=high, description=description,
        continuous_update=True, style=SLIDER_STYLE, layout=SLIDER_LAYOUT, **kw,
    )


def figure(marks, x_scale, y_scale, *, title: str, x_label: str, y_label: str, legend: bool = True, **kw) -> bq.Figure:
    """A bqplot figure in the house style: titled, labelled axes, no animation delay."""
    axes = [
        bq.Axis(scale=x_scale, label=x_label, grid_lines="dashed"),
        bq.Axis(scale=y_scale, side="left", label=y_label, grid_lines="dashed"),
    ]
    return bq.Figure(
        marks=marks, axes=axes, title=title, animation_duration=0, legend_location="top-right",
        layout=dict(FIGURE_LAYOUT), fig_margin={"top": 50, "bottom": 50, "left": 60, "right": 20},
        legend_style={"fill": "white", "opacity": 0.85}, **kw,
    )


def path_marks(scales: dict) -> tuple[bq.Lines, bq.Scatter, bq.Scatter]:
    """The moving thing, drawn the same way in every explorer: a vermillion path with dots,
    a black start and a vermillion end."""
    path = bq.Lines(
        x=[], y=[], scales=scales, colors=[palette.PATH], stroke_width=2, marker="circle",
        marker_size=18, labels=["descent path"], display_legend=True,
    )
    start = bq.Scatter(x=[], y=[], scales=scales, colors=[palette.START], default_size=80,
                       labels=["start"], display_legend=True)
    end = bq.Scatter(x=[], y=[], scales=scales, colors=[palette.PATH], default_size=140,
                     marker="diamond", labels=["last step"], display_legend=True,
                     stroke=palette.BLACK)
    return path, start, end


def move_path(marks: tuple, xs, ys) -> None:
    """Give the marks made by :func:`path_marks` a new path: the line, its start and its end."""
    path, start, end = marks
    with path.hold_sync():
        path.x, path.y = xs, ys
    with start.hold_sync():
        start.x, start.y = xs[:1], ys[:1]
    with end.hold_sync():
        end.x, end.y = xs[-1:], ys[-1:]
