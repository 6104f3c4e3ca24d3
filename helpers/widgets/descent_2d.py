"""The 2-D descent explorer: pick a function, a learning rate, a number of steps and a start (with
the sliders, or by clicking on the map) and watch the path on the contour map.

Contour lines are computed once per function (``contour_data``) and drawn as bqplot lines; a
slider event only sends the new path. :class:`MapExplorer` holds what every explorer on a contour
map shares (the map, the minima and the start sliders), so the momentum explorer reuses it.
"""

from __future__ import annotations

import functools

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import checks, functions, palette
from ..basins import DIVERGED, NOT_SETTLED, which_minimum
from ..geometry import contour_lines, domain_extent, nice_ticks, pack_lines
from ..solvers import gradient_descent
from .base import Explorer
from .look import (
    FIGURE_MARGIN,
    MINIMUM_SIZE,
    cut_at_view,
    dots_mark,
    edge_mark,
    figure,
    float_slider,
    int_slider,
    line_mark,
    log_slider,
    message_in_view,
    move_edge,
    move_path,
    path_marks,
    refresh_legend,
    set_range,
    show_number,
    show_point,
    show_size,
    show_steps,
)

__all__ = [
    "SUGGESTED",
    "TWO_D",
    "DescentExplorer2D",
    "MapExplorer",
    "contour_data",
    "objective_named",
    "summary_2d",
    "where_it_ends",
]

TWO_D = {
    "round bowl": functions.bowl,
    "elongated bowl": functions.elongated_bowl,
    "Himmelblau": functions.himmelblau,
    "trap": functions.trap,
}
# Where each function opens: a learning rate and a start that show something worth seeing.
SUGGESTED = {
    "round bowl": (0.1, (1.5, 1.2)),
    "elongated bowl": (0.18, (1.5, 1.2)),
    "Himmelblau": (0.01, (0.0, 0.0)),
    "trap": (0.1, (2.0, 1.5)),
}
# Pixels of the plotting area's height; its width follows the domain, so x and y share a scale.
PLOT_HEIGHT = 400
CONTOUR_POINTS = 120
# The contour colours run along viridis up to this share of it: its last, yellow fifth is too
# faint on white for the outer levels.
CONTOUR_BRIGHTEST = 0.8


def objective_named(name: str):
    """The objective behind a name of ``TWO_D`` (made once, shared by every explorer)."""
    return _objective(checks.one_of("function", name, TWO_D))


@functools.cache
def _objective(name: str):
    return TWO_D[name]()


@functools.cache
def contour_data(
    name: str, points: int = CONTOUR_POINTS
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The contour lines of a ``TWO_D`` function as one bqplot Lines mark takes them: x and y of
    shape ``(segments, points)`` in float32 (every segment resampled to the same number of points,
    which keeps the data sent to the browser small) and one viridis colour per segment, lower
    levels darker (and none of viridis's faint yellow)."""
    lines = contour_lines(objective_named(name))
    level_colour = palette.level_colours(
        range(len(lines)), 0, (len(lines) - 1) / CONTOUR_BRIGHTEST
    )
    pieces = [piece for _, level_pieces in lines for piece in level_pieces]
    colours = [level_colour[i] for i, (_, level_pieces) in enumerate(lines) for _ in level_pieces]
    xs, ys = pack_lines(pieces, points=points)
    return xs.astype(np.float32), ys.astype(np.float32), colours


def where_it_ends(objective, point, diverged: bool = False) -> str:
    """In words: which known minimum a run ends at (global or local when the function says)."""
    label = int(
        which_minimum(objective, np.asarray(point, dtype=float), diverged=diverged, radius=1e-2)
    )
    if label == DIVERGED:
        return "nowhere: it diverged"
    if label == NOT_SETTLED:
        return "not at a minimum yet"
    kind = ""
    if objective.global_minimum is not None and len(objective.minima) > 1:
        kind = (
            "global "
            if np.allclose(objective.minima[label], objective.global_minimum)
            else "local "
        )
    return f"{kind}minimum {show_point(objective.minima[label])}"


def summary_2d(
    objective, result, lr: float, budget: int, left_after: int | None = None
) -> dict:
    """The numbers the 2-D explorer's label shows, formatted as it shows them; ``left_after`` is
    the step at which the drawn path left the map (None when it stays on it)."""
    facts = {
        "steps": show_steps(result, budget),
        "final point": show_point(result.final),
        "f": show_number(objective.f(result.final)),
        "|∇f|": show_size(result.grad_norm),
        "ends at": where_it_ends(objective, result.final, result.diverged),
    }
    if left_after is not None:
        facts["off the map"] = (
            f"from step {left_after} on (the black arrowhead on the frame shows which way it went)"
        )
    if objective.lipschitz is not None:
        facts["lr"] = show_number(lr)
        facts["stable below 2/L"] = show_number(2.0 / objective.lipschitz)
    return facts


class MapExplorer(Explorer):
    """An explorer drawn on the contour map of one ``TWO_D`` function.

    Subclasses call :meth:`_build_map` before ``Explorer.__init__`` and draw their paths with the
    scales in ``self.scales``. A click on the map starts there (``Explorer.start_at``).
    """

    start_controls = ("x0", "y0")

    def _build_map(self, function: str) -> None:
        objective_named(function)  # checks the name
        self.x_scale = bq.LinearScale(allow_padding=False)
        self.y_scale = bq.LinearScale(allow_padding=False)
        self.scales = {"x": self.x_scale, "y": self.y_scale}
        self.contours = line_mark(
            self.scales,
            palette.GREY,
            width=1.1,
            opacities=[0.9],
            enable_hover=False,
            interactions={},
        )
        self.minima = dots_mark(
            self.scales,
            palette.MINIMUM,
            label="known minima",
            size=MINIMUM_SIZE,
            marker="triangle-up",
            hollow=True,
        )
        self.path, self.start, self.end = path_marks(self.scales)
        self.edge = edge_mark(self.scales)
        self._drawn_function = None

    def _map_figure(self, marks, title: str) -> bq.Figure:
        clicks = self.listen_for_clicks(self.scales)
        return figure(
            # The minima under the path, hollow and larger: a last step there sits inside one.
            [self.contours, self.minima, *marks, clicks],
            self.x_scale,
            self.y_scale,
            title=title,
            x_label="x",
            y_label="y",
            legend="below",
            click_hint="click the map to start there",
        )

    def _start_sliders(self, function: str, start) -> dict:
        (x_low, x_high), (y_low, y_high) = objective_named(function).domain
        x0, y0 = checks.finite_array("start", start, ndim=1, last_axis=2)
        return {
            "x0": float_slider("start x₀", x0, x_low, x_high, 0.01, argument="start[0]"),
            "y0": float_slider("start y₀", y0, y_low, y_high, 0.01, argument="start[1]"),
        }

    def _show_function(self, name: str, map_figure: bq.Figure, start=None) -> None:
        """Swap the map, the view, its shape and the start sliders' ranges to another function;
        move the start to ``start`` when given (else keep it, clipped to the new map)."""
        self.objective = objective_named(name)
        (x_low, x_high), (y_low, y_high) = self.objective.domain
        xs, ys, colours = contour_data(name)
        width = round(PLOT_HEIGHT * (x_high - x_low) / (y_high - y_low))
        outer_w = width + FIGURE_MARGIN["left"] + FIGURE_MARGIN["right"]
        outer_h = PLOT_HEIGHT + FIGURE_MARGIN["top"] + FIGURE_MARGIN["bottom"]
        x_axis, y_axis = map_figure.axes
        x_ticks, y_ticks = nice_ticks(x_low, x_high, 11), nice_ticks(y_low, y_high, 11)
        # The lowest y tick would print on top of the lowest x tick in the corner.
        y_ticks = [t for t in y_ticks if t > y_low + 1e-9 * (y_high - y_low)]
        x_axis.tick_values, y_axis.tick_values = x_ticks, y_ticks
        with map_figure.hold_sync():
            set_range(self.x_scale, x_low, x_high)
            set_range(self.y_scale, y_low, y_high)
            # Widen the allowed range first: bqplot refuses a minimum above the current maximum.
            map_figure.min_aspect_ratio = 0.01
            map_figure.max_aspect_ratio = map_figure.min_aspect_ratio = outer_w / outer_h
            map_figure.layout.width, map_figure.layout.height = f"{outer_w}px", f"{outer_h}px"
        with self.contours.hold_sync():
            self.contours.x, self.contours.y, self.contours.colors = xs, ys, colours
        with self.minima.hold_sync():
            self.minima.x, self.minima.y = self.objective.minima[:, 0], self.objective.minima[:, 1]
        start = self.start_point if start is None else start
        self.set_slider("x0", start[0], x_low, x_high)
        self.set_slider("y0", start[1], y_low, y_high)
        self._drawn_function = name

    def _draw_path(
        self, path: np.ndarray, line: bq.Lines, end: bq.Scatter, edge: bq.Label
    ) -> tuple[np.ndarray, int | None]:
        """Set a path's marks: a path that leaves the map is drawn up to the map's frame, where
        the edge marker points the way it went. Returns the points drawn and the step at which
        it left (None when it stays on the map)."""
        shown, left_after, side = cut_at_view(path, domain_extent(self.objective.domain))
        move_path((line, end), shown[:, 0], shown[:, 1], ends_here=left_after is None)
        move_edge(edge, shown, side)
        return shown, left_after

    def _draw_start(self) -> None:
        x0, y0 = self.start_point
        with self.start.hold_sync():
            self.start.x, self.start.y = np.array([x0]), np.array([y0])


class DescentExplorer2D(MapExplorer):
    """Gradient descent on a 2-D function, redrawn as the sliders move or the map is clicked.

    Choosing another function also moves the learning rate and the start to the ones it suggests
    (``SUGGESTED``); ``lr`` and ``start`` default to those of the first function.
    """

    def __init__(
        self,
        *,
        function: str = "Himmelblau",
        lr: float | None = None,
        start=None,
        steps: int = 100,
    ):
        self._build_map(function)
        suggested_lr, suggested_start = SUGGESTED[function]
        lr = suggested_lr if lr is None else lr
        start = suggested_start if start is None else start
        controls = {
            "function": widgets.ToggleButtons(
                options=list(TWO_D), value=function, description="function"
            ),
            "lr": log_slider("learning rate", lr, -3, 0, argument="lr"),
            "steps": int_slider("steps", steps, 1, 500, argument="steps"),
            **self._start_sliders(function, start),
        }
        fig = self._map_figure(
            [self.path, self.start, self.end, self.edge], "Gradient descent: click the map to start"
        )
        super().__init__(controls, fig)
        self.result = None
        self.update()

    def update(self) -> None:
        c = self.controls
        name = c["function"].value
        if name != self._drawn_function:
            first = self._drawn_function is None
            lr, start = SUGGESTED[name]
            self._show_function(name, self.figure, start=None if first else start)
            if not first:
                self.set_slider("lr", lr)
            self.figure.title = f"{self.objective.name}: click the map to start"
        result = gradient_descent(
            self.objective.grad, self.start_point, c["lr"].value, steps=c["steps"].value
        )
        self.result = result
        _, left_after = self._draw_path(result.path, self.path, self.end, self.edge)
        self._draw_start()
        refresh_legend(self.figure)
        self.set_label(
            summary_2d(self.objective, result, c["lr"].value, c["steps"].value, left_after),
            message_in_view(result, left_after),
        )
