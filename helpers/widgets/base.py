"""What every explorer shares: one interface, and the one place for how things look.

An explorer is an ``ipywidgets.VBox`` that notebooks display and tests drive without a browser:

* constructor names: ``function``, ``lr``, ``start``, ``steps``, ``momentum``, where they apply;
* ``explorer.controls`` maps names to the widgets (assign ``.value`` to move one),
  ``explorer.sliders`` the ones with a numeric range, ``explorer.reset_button`` puts every
  control back to the values the explorer was made with (:meth:`Explorer.reset`);
* ``explorer.figure`` is the main bqplot ``Figure`` (where the path moves), ``explorer.figures``
  every figure, ``explorer.view`` the widget that shows them (a figure, or a row or column);
* ``explorer.update()`` recomputes and redraws; ``explorer.result`` is the solver's result and
  ``explorer.label`` states it in words and numbers (:meth:`Explorer.set_label`);
* ``explorer.start_at(*point)`` starts the run at a point (clipped to the view): what a click on
  the figure does (:meth:`Explorer.listen_for_clicks`); ``explorer.start_point`` is where it
  starts now;
* ``with explorer.hold_updates():`` changes several controls, then updates once.

Moving a control changes the data of marks that already exist; every figure is built once. The
module-level helpers are the one home of the house look: sliders, figures and where their
legends go (:func:`figure`), axis ranges (:func:`set_range`), the moving path
(:func:`path_marks`, :func:`move_path`) and number formats (:func:`show_number` and friends).

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
import numpy as np

from .. import palette

__all__ = [
    "DOTS_UP_TO",
    "Explorer",
    "figure",
    "float_slider",
    "int_slider",
    "log_slider",
    "move_path",
    "path_marks",
    "set_range",
    "show_number",
    "show_point",
    "show_rate",
    "show_size",
    "value_range",
]

FIGURE_LAYOUT = {"width": "100%", "height": "420px"}
FIGURE_MARGIN = {"top": 50, "bottom": 50, "left": 60, "right": 20}
SLIDER_STYLE = {"description_width": "150px"}
SLIDER_LAYOUT = {"width": "520px"}
# A path with more iterates than this is drawn as a line only: hundreds of dots hide the map.
DOTS_UP_TO = 150


class Explorer(widgets.VBox):
    """Controls above the figures, a Reset button, a label under them.

    Subclasses build their controls and figures, call ``super().__init__``, and implement
    :meth:`update`. An explorer whose run has a start lists the controls that hold it in
    ``start_controls`` (or overrides :attr:`start_point` and :meth:`_place_start`).
    """

    live: weakref.WeakValueDictionary[str, Explorer] = weakref.WeakValueDictionary()
    start_controls: tuple[str, ...] = ()

    def __init__(self, controls: dict, figures, *, title: str = "", arrange: str = "row"):
        self.controls = controls
        self.figures = tuple(figures) if isinstance(figures, (list, tuple)) else (figures,)
        self.figure = self.figures[0]
        if len(self.figures) == 1:
            self.view = self.figure
        elif arrange == "row":
            self.view = widgets.HBox(list(self.figures), layout={"width": "100%"})
        else:
            self.view = widgets.VBox(list(self.figures))
        self.label = widgets.HTML(layout={"min_height": "3em"})
        self.label.add_class("gd-result")
        self.reset_button = widgets.Button(
            description="Reset",
            icon="undo",
            layout={"width": "auto"},
            tooltip="Put every control back where this explorer started",
        )
        self.reset_button.on_click(lambda _button: self.reset())
        self._holding = 0
        self._quiet = 0
        header = [widgets.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        super().__init__(
            header + list(controls.values()) + [self.reset_button, self.view, self.label]
        )
        self.add_class("gd-explorer")
        self.add_class(f"gd-model-{self.model_id}")
        Explorer.live[self.model_id] = self
        self.initial = {name: control.value for name, control in controls.items()}
        self.initial_start = self.start_point
        for control in controls.values():
            control.observe(self._on_change, names="value")

    # ------------------------------------------------------------ updating

    def update(self) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _on_change(self, _change) -> None:
        if not (self._holding or self._quiet):
            self.update()

    @contextmanager
    def hold_updates(self):
        """Change several controls at once, then update once."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not (self._holding or self._quiet):
            self.update()

    @contextmanager
    def quietly(self):
        """Change controls without updating at all: for an explorer adjusting its own controls
        in the middle of an update (a new function's slider ranges, say)."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def set_slider(self, name: str, value, low=None, high=None) -> None:
        """Move a slider quietly, to a new range first when ``low`` and ``high`` are given; the
        value is clipped into the range."""
        slider = self.controls[name]
        with self.quietly():
            if low is not None and high is not None:
                # Widen first: a slider refuses a minimum above its current maximum.
                slider.min, slider.max = min(slider.min, low), max(slider.max, high)
                slider.value = type(slider.value)(np.clip(value, low, high))
                slider.min, slider.max = low, high
            else:
                slider.value = type(slider.value)(np.clip(value, *value_range(slider)))

    def reset(self) -> None:
        """Every control back to the value the explorer was made with, and the start too.

        Choices (a function, say) go first, so that the explorer can set the sliders' ranges
        for them; the sliders and the start follow, in one update.
        """
        sliders = self.sliders
        with self.hold_updates():
            for name, value in self.initial.items():
                if name not in sliders:
                    self.controls[name].value = value
        with self.hold_updates():
            for name, value in self.initial.items():
                if name in sliders:
                    sliders[name].value = value
            if self.initial_start:
                self._place_start(self.initial_start)

    # ------------------------------------------------------------ the start, and clicks

    @property
    def start_point(self) -> tuple[float, ...]:
        """Where the run starts now (empty for an explorer without a start)."""
        return tuple(self.controls[name].value for name in self.start_controls)

    def start_at(self, *point: float) -> None:
        """Start the run at ``point``, clipped to the view: what a click on the figure does."""
        if len(point) != len(self.start_point) or not point:
            raise ValueError(
                f"point must have {len(self.start_point)} coordinates for this explorer, "
                f"got {point!r}"
            )
        with self.hold_updates():
            self._place_start(tuple(float(v) for v in point))

    def _place_start(self, point: tuple[float, ...]) -> None:
        for name, value in zip(self.start_controls, point, strict=True):
            slider = self.controls[name]
            slider.value = float(np.clip(value, *value_range(slider)))

    def listen_for_clicks(self, scales: dict) -> bq.Scatter:
        """An empty mark that catches clicks on a figure (bqplot's click-to-add) and starts the
        run where the click landed. Put it last in the figure's marks."""
        self.clicks = bq.Scatter(
            x=[],
            y=[],
            scales=scales,
            default_size=1,
            colors=[palette.START],
            interactions={"click": "add"},
        )
        self.clicks.observe(self._on_click, names=["x", "y"])
        return self.clicks

    def _on_click(self, _change) -> None:
        # The page sets x and y together; from Python they may arrive one at a time.
        xs, ys = self.clicks.x, self.clicks.y
        if len(xs) == 0 or len(xs) != len(ys):
            return
        point = float(xs[-1]), float(ys[-1])
        with self.clicks.hold_sync():
            self.clicks.x, self.clicks.y = [], []
        # On a 1-D curve a click gives (x, f(x)); only x is the start.
        self.start_at(*point[: len(self.start_point)])

    # ------------------------------------------------------------ what it says

    @property
    def sliders(self) -> dict:
        """The controls that have a numeric range (``min`` and ``max``)."""
        return {
            name: c for name, c in self.controls.items() if hasattr(c, "min") and hasattr(c, "max")
        }

    def set_label(self, facts: dict, message: str) -> None:
        """Show the numbers (as 'name: value' pairs) and the result's message."""
        numbers = " &nbsp;·&nbsp; ".join(
            f"<b>{html.escape(name)}</b> {html.escape(str(value))}" for name, value in facts.items()
        )
        self.label.value = f"<div>{numbers}</div><div>{html.escape(message)}</div>"


# ---------------------------------------------------------------- number formats


def show_number(value: float) -> str:
    """A value (a position, a height, a loss), to 4 significant digits."""
    return f"{float(value):.4g}"


def show_point(point) -> str:
    """A point as ``(x, y)``, each to 4 significant digits."""
    return "(" + ", ".join(show_number(v) for v in np.ravel(point)) + ")"


def show_rate(value: float) -> str:
    """A learning rate, a slope or a limit, to 3 significant digits."""
    return f"{float(value):.3g}"


def show_size(value: float) -> str:
    """A size that may be tiny (a gradient's norm), in scientific notation."""
    return f"{float(value):.2e}"


# ---------------------------------------------------------------- controls


def value_range(slider) -> tuple[float, float]:
    """The lowest and highest value a slider can take (a log slider's ends are exponents)."""
    if isinstance(slider, widgets.FloatLogSlider):
        return slider.base**slider.min, slider.base**slider.max
    return slider.min, slider.max


def log_slider(
    description: str, value: float, low_exp: float, high_exp: float, **kw
) -> widgets.FloatLogSlider:
    """A base-10 log slider from 10**low_exp to 10**high_exp with an editable readout."""
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=low_exp,
        max=high_exp,
        step=0.05,
        description=description,
        readout_format=".3g",
        continuous_update=True,
        style=SLIDER_STYLE,
        layout=SLIDER_LAYOUT,
        **kw,
    )


def float_slider(
    description: str, value: float, low: float, high: float, step: float, **kw
) -> widgets.FloatSlider:
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


def int_slider(description: str, value: int, low: int, high: int, **kw) -> widgets.IntSlider:
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
        legend_style={"fill": "white", "opacity": legend_opacity},
        **kw,
    )


def set_range(scale: bq.Scale, low: float, high: float) -> None:
    """Fix an axis's range (the one place axis ranges are set, so a rule is changed once)."""
    with scale.hold_sync():
        scale.min, scale.max = float(low), float(high)


def path_marks(
    scales: dict, label: str = "descent path"
) -> tuple[bq.Lines, bq.Scatter, bq.Scatter]:
    """The moving thing, drawn the same way in every explorer: a vermillion path with dots,
    a black start and a vermillion end."""
    path = bq.Lines(
        x=[],
        y=[],
        scales=scales,
        colors=[palette.PATH],
        stroke_width=2,
        marker="circle",
        marker_size=18,
        labels=[label],
        display_legend=True,
    )
    start = bq.Scatter(
        x=[],
        y=[],
        scales=scales,
        colors=[palette.START],
        default_size=80,
        labels=["start"],
        display_legend=True,
    )
    end = bq.Scatter(
        x=[],
        y=[],
        scales=scales,
        colors=[palette.PATH],
        default_size=140,
        marker="diamond",
        labels=["last step"],
        display_legend=True,
        stroke=palette.BLACK,
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
