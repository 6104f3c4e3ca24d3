"""What every explorer shares: one interface.

An explorer is an ``ipywidgets.VBox`` that notebooks display and tests drive without a browser:

* constructor names: ``function``, ``lr``, ``start``, ``steps``, ``momentum``, where they apply;
* ``explorer.controls`` maps names to the widgets (assign ``.value`` to move one),
  ``explorer.sliders`` the ones with a numeric range, ``explorer.reset_button`` puts every
  control back to the values the explorer was made with (:meth:`Explorer.reset`);
* ``explorer.figure`` is the main bqplot ``Figure`` (where the path moves), ``explorer.figures``
  every figure, ``explorer.view`` the widget that shows them (a figure, or a row or column; a
  figure made with ``look.figure(legend="below")`` has its legend row under it);
* ``explorer.access`` is the accessibility layer (:class:`helpers.widgets.access.Access`): it
  names every control for a screen reader, announces the label, and describes each figure
  (which carries the CSS class ``gd-figure-<index>``) with its title and the run's message;
* ``explorer.update()`` recomputes and redraws; ``explorer.result`` is the solver's result and
  ``explorer.label`` states it in words and numbers (:meth:`Explorer.set_label`);
* ``explorer.start_at(*point)`` starts the run at a point (clipped to the view): what a click on
  the figure does (:meth:`Explorer.listen_for_clicks`); ``explorer.start_point`` is where it
  starts now;
* ``with explorer.hold_updates():`` changes several controls, then updates once.

Moving a control changes the data of marks that already exist; every figure is built once.
``helpers.widgets.look`` is the one home of the house look: sliders, figures and where their
legends go, axis ranges, the moving path and number formats.

In the page, explorers carry the CSS classes ``gd-explorer`` and ``gd-model-<model id>`` and
their labels ``gd-result``, so browser tests can find an explorer on screen and the same explorer
in the kernel (``Explorer.live[model_id]``).
"""

from __future__ import annotations

import html
import re
import weakref
from contextlib import ExitStack, contextmanager

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import palette
from ..results import journey
from ..speech import SCREEN_READER_ONLY, spoken
from .access import Access
from .look import FULL_WIDTH, DottedLines, value_range

__all__ = ["Explorer"]

# ": click the map to start", ": drag the surface to turn it", "(bold)": said to the eye and
# the mouse, not to the ear (a screen reader's user sets the start with the sliders).
VISUAL_HINT = re.compile(r"\s*\(bold\)|:\s*(click|drag)\b.*$", re.IGNORECASE)


class Explorer(widgets.VBox):
    """Controls above the figures, a Reset button, a label under them.

    Subclasses build their controls and figures, call ``super().__init__``, and implement
    :meth:`update`. An explorer whose run has a start lists the controls that hold it in
    ``start_controls`` (or overrides :attr:`start_point` and :meth:`_place_start`).
    """

    live: weakref.WeakValueDictionary[str, Explorer] = weakref.WeakValueDictionary()
    start_controls: tuple[str, ...] = ()
    # The label in words, read out after every move: facts the message or a figure's
    # description already says are left out, and the message may lead.
    UNSAID: tuple[str, ...] = ()
    MESSAGE_FIRST = False

    def __init__(self, controls: dict, figures, *, title: str = "", arrange: str = "row"):
        self.controls = controls
        self.figures = tuple(figures) if isinstance(figures, (list, tuple)) else (figures,)
        self.figure = self.figures[0]
        panels = [self._panel(fig) for fig in self.figures]
        if len(panels) == 1:
            self.view = panels[0]
        elif arrange == "row":
            # Side by side, sharing the width equally unless a figure has a size of its own.
            for panel, fig in zip(panels, self.figures, strict=True):
                if fig.layout.width in (None, FULL_WIDTH):
                    panel.layout.width = f"{100 / len(self.figures):g}%"
                elif panel is not fig:
                    panel.layout.width = fig.layout.width
            self.view = widgets.HBox(panels, layout={"width": "100%", "flex_flow": "row wrap",
                                                     "overflow": "visible"})
        else:
            self.view = widgets.VBox(panels, layout={"overflow": "visible"})
        self.label = widgets.HTML(layout={"min_height": "3em"})
        self.label.add_class("gd-result")
        for index, fig in enumerate(self.figures):
            fig.add_class(f"gd-figure-{index}")
        self.access = Access(names=self._spoken_names())
        for fig in self.figures:
            for mark in getattr(fig, "marks", ()):
                if isinstance(mark, DottedLines):
                    mark.observe(self._show_dots, names="dotted")
        self._show_dots()
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
            header
            + list(controls.values())
            + [self.reset_button, self.view, self.label, self.access]
        )
        self.add_class("gd-explorer")
        self.add_class(f"gd-model-{self.model_id}")
        Explorer.live[self.model_id] = self
        self.initial = {name: control.value for name, control in controls.items()}
        self.initial_start = self.start_point
        for control in controls.values():
            control.observe(self._on_change, names="value")

    @staticmethod
    def _panel(fig):
        """A figure with its legend row under it (``look.figure(legend="below")``), or the
        figure alone."""
        box = getattr(fig, "legend_box", None)
        if box is None:
            return fig
        # Not a scrolling region (a box's default): one a keyboard cannot reach is an
        # accessibility failure, and nothing here needs to scroll.
        return widgets.VBox([fig, box], layout={"width": "100%", "overflow": "visible"})

    # ------------------------------------------------------------ updating

    def update(self) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def _on_change(self, change) -> None:
        # A control that already moved on (a log slider snapping a typed 0.500035 to 0.5
        # updates from inside this notification) has been drawn for its newer value.
        if change["new"] != change["owner"].value:
            return
        if not (self._holding or self._quiet):
            self._update_in_one_burst()

    def _drawn_widgets(self) -> list:
        """Every widget an update may change: the figures, their marks, axes and scales, the
        legend rows and the label (not the controls, which sync on their own)."""
        found = [self.label, self.access]
        for fig in self.figures:
            marks = list(getattr(fig, "marks", []))
            axes = list(getattr(fig, "axes", []))
            found += [fig, *marks, *axes]
            found += [scale for mark in marks for scale in mark.scales.values()]
            found += [axis.scale for axis in axes]
            box = getattr(fig, "legend_box", None)
            if box is not None:
                found.append(box)
        return list({id(w): w for w in found}.values())

    def _update_in_one_burst(self) -> None:
        """Update, holding every change back until the end and then sending it at once.

        The page then receives the whole new picture in one burst, one message per widget
        (a mark's x and y together), and draws it in one frame instead of several half-made
        ones while the kernel is still computing.
        """
        with ExitStack() as stack:
            for widget in self._drawn_widgets():
                stack.enter_context(widget.hold_sync())
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
            self._update_in_one_burst()

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
        # One message to the page with the new range and value together: sent one by one, the
        # page's slider may send back its old value from between them.
        with self.quietly(), slider.hold_sync():
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
        """Show the numbers (as 'name: value' pairs) and the result's message: in the notation
        of the lectures for the eye, and once more in words (:func:`speech.spoken`) for a screen
        reader, which hears only that copy (the shown one is hidden from it; the copy is
        hidden from the eye by the CSS of the accessibility layer)."""
        # A fact that fits on a line is never broken across two; longer ones wrap between words.
        def fact(name, value) -> str:
            wrap = "nowrap" if len(name) + len(str(value)) < 60 else "normal"
            return (
                f'<span style="white-space:{wrap}">'
                f"<b>{html.escape(name)}</b> {html.escape(str(value))}</span>"
            )

        numbers = " &nbsp;·&nbsp; ".join(fact(name, value) for name, value in facts.items())
        said = "; ".join(spoken(f"{name}: {value}") for name, value in facts.items()
                         if name not in self.UNSAID)
        if not said:
            said = spoken(message)
        elif self.MESSAGE_FIRST:
            said = f"{spoken(message)} {said[:1].upper()}{said[1:]}."
        else:
            said = f"{said}. {spoken(message)}"
        self.label.value = (
            f'<div class="{SCREEN_READER_ONLY}">{html.escape(said)}</div>'
            f'<div aria-hidden="true"><div>{numbers}</div><div>{html.escape(message)}</div></div>'
        )
        self.access.descriptions = ["\n".join(spoken(part) for part in text.split("\n", 1))
                                    for text in self._figure_descriptions(message)]

    def _show_dots(self, _change=None) -> None:
        """Tell the page which lines show their points as dots now (:class:`look.DottedLines`):
        by the line's widget, with the dots' colour and area."""
        self.access.dots = [
            {"line": mark.model_id, "colour": list(mark.colors)[0], "size": mark.dot_size}
            for fig in self.figures
            for mark in getattr(fig, "marks", ())
            if isinstance(mark, DottedLines) and mark.dotted
        ]

    def _spoken_names(self) -> dict[str, str]:
        """The words for every control text (label or option) a screen reader would read
        badly, by its shown text: "start x₀" -> "start x 0", "|x|" -> "absolute value of x"."""
        texts = set()
        for control in self.controls.values():
            texts.add(control.description or "")
            texts.update(str(label) for label in getattr(control, "_options_labels", ()))
        return {shown: spoken(shown) for shown in sorted(texts) if shown and spoken(shown) != shown}

    def _figure_descriptions(self, message: str) -> list[str]:
        """What a screen reader says of each figure: its name, a newline, then what it shows:
        what :meth:`_figure_notes` says of it (for the main figure, the first, by default the
        path's shape), else the message. The main figure adds the choices made (dropdowns,
        toggles). Neither the label's numbers nor its message are repeated where a note
        exists: the label is read out after every move."""
        choices = "; ".join(f"{control.description}: {control.value}"
                            for name, control in self.controls.items()
                            if name not in self.sliders and control.description)
        notes = self._figure_notes()
        descriptions = []
        for index, fig in enumerate(self.figures):
            parts = [notes.get(index) or message]
            if index == 0 and choices:
                parts.append(f"({choices})")
            descriptions.append(f"{self._figure_name(fig)}\n"
                                + " ".join(part for part in parts if part))
        return descriptions

    def _figure_notes(self) -> dict[int, str]:
        """What only a figure shows, by its index. By default the main figure's path in words:
        where it goes and how (:func:`results.journey`) and, if the run has not settled, how it
        moves at the end (:func:`results.motion`)."""
        result = getattr(self, "result", None)
        path = getattr(result, "path", None)
        if not isinstance(path, np.ndarray) or path.ndim > 2:
            return {}
        return {0: self._path_words(path, result)}

    def _path_words(self, path: np.ndarray, result, names: tuple[str, ...] = ("x", "y")) -> str:
        """A path's :func:`journey`, with its heights when the explorer has an objective."""
        objective = getattr(self, "objective", None)
        heights = None
        if objective is not None:
            with np.errstate(all="ignore"):
                heights = np.asarray(objective.f(path), dtype=float).ravel()
        return journey(path, heights, names=names,
                       settled=bool(result.converged or result.diverged))

    @staticmethod
    def _figure_name(fig) -> str:
        """What a screen reader calls a figure: its title, without hints for the eye."""
        title = getattr(fig, "title", None)  # a bqplot figure
        if not (isinstance(title, str) and title):
            suptitle = getattr(getattr(fig, "figure", None), "_suptitle", None)  # ipympl canvas
            title = suptitle.get_text() if suptitle is not None else "figure"
        return VISUAL_HINT.sub("", title)
