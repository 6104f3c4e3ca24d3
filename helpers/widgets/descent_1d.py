"""The 1-D descent explorer: pick a function, a learning rate, a start, a number of steps and a
convergence threshold, and watch the path on the curve."""

from __future__ import annotations

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import checks, functions, palette
from ..geometry import curve_range
from ..solvers import gradient_descent
from .base import Explorer
from .look import (
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
    show_size,
    show_steps,
)

__all__ = ["DescentExplorer1D", "flat_spot_kind", "summary_1d"]

CURVE_POINTS = 400


def flat_spot_kind(objective, x: float, h: float = 1e-4) -> str:
    """What a flat spot is, by the sign of the second derivative (from the exact first one)."""
    curvature = (objective.grad(x + h) - objective.grad(x - h)) / (2 * h)
    if curvature > 1e-6:
        return "a minimum"
    if curvature < -1e-6:
        return "a maximum, not a minimum"
    return "flat, neither clearly"


def summary_1d(
    objective, result, budget: int, *, lr: float, tol: float, left_after: int | None = None
) -> dict:
    """The numbers the explorer's label shows, formatted as it shows them: the learning rate
    and the threshold too, so that every move of their sliders shows; ``left_after`` is the
    step at which the drawn path left the view (None when it stays in view)."""
    x = float(result.final)
    facts = {
        "steps": show_steps(result, budget),
        "final x": show_number(x),
        "f(x)": show_number(objective.f(x)),
        "f'(x)": show_size(objective.grad(x)),
    }
    if left_after is not None:
        facts["off the chart"] = (
            f"from step {left_after} on (the black arrowhead on the frame shows which way it went)"
        )
    if result.converged:
        facts["this flat spot is"] = flat_spot_kind(objective, x)
    facts["lr"] = show_number(lr)
    facts["tol"] = show_number(tol)
    return facts


class DescentExplorer1D(Explorer):
    """Gradient descent on a 1-D function, redrawn as the sliders move or the curve is clicked."""

    start_controls = ("x0",)

    def __init__(
        self,
        *,
        function: str = "quartic",
        lr: float = 0.1,
        start: float = 1.8,
        steps: int = 50,
        tol: float = 1e-6,
    ):
        checks.one_of("function", function, functions.ONE_D)
        self.objective = functions.ONE_D[function]()
        low, high = self.objective.domain
        controls = {
            "function": widgets.ToggleButtons(
                options=list(functions.ONE_D), value=function, description="function"
            ),
            "lr": log_slider("learning rate", lr, -3, 0, argument="lr"),
            "x0": float_slider("start x₀", start, low, high, 0.01, argument="start"),
            "steps": int_slider("steps", steps, 1, 200, argument="steps"),
            "tol": log_slider("threshold (tol)", tol, -8, -1, argument="tol", readout_format=".0e"),
        }
        self.x_scale = bq.LinearScale(min=low, max=high)
        self.y_scale = bq.LinearScale()
        scales = {"x": self.x_scale, "y": self.y_scale}
        self.curve = line_mark(scales, palette.FUNCTION, label="f(x)", width=2.5)
        self.tangent = line_mark(scales, palette.TANGENT, label="tangent at last step", dashed=True)
        self.minima = dots_mark(
            scales, palette.MINIMUM, label="known minima", size=MINIMUM_SIZE,
            marker="triangle-up", hollow=True,
        )
        self.path, self.start, self.end = path_marks(scales)
        self.edge = edge_mark(scales)
        clicks = self.listen_for_clicks(scales)
        fig = figure(
            [
                self.curve,
                self.tangent,
                self.minima,  # under the path, hollow and larger: a last step there sits inside
                self.path,
                self.start,
                self.end,
                self.edge,
                clicks,
            ],
            self.x_scale,
            self.y_scale,
            title="Gradient descent in 1-D",
            x_label="x",
            y_label="f(x)",
            legend="below",
            click_hint="click the curve to start there",
        )
        super().__init__(controls, fig)
        self._drawn_function = None
        self.result = None
        self.update()

    def _draw_function(self, name: str) -> None:
        """Swap the curve, the view and the start slider's range to another function."""
        self.objective = functions.ONE_D[name]()
        low, high = self.objective.domain
        xs = np.linspace(low, high, CURVE_POINTS)
        minima = np.array(self.objective.minima)
        with self.figure.hold_sync():
            set_range(self.x_scale, low, high)
            set_range(self.y_scale, *curve_range(self.objective, points=CURVE_POINTS))
            self.curve.x, self.curve.y = xs, self.objective.f(xs)
            self.minima.x, self.minima.y = minima, self.objective.f(minima)
        self.set_slider("x0", self.controls["x0"].value, low, high)
        self.figure.title = f"Gradient descent on the {self.objective.name}"
        self._drawn_function = name

    def update(self) -> None:
        c = self.controls
        if c["function"].value != self._drawn_function:
            self._draw_function(c["function"].value)
        f = self.objective.f
        result = gradient_descent(
            self.objective.grad,
            c["x0"].value,
            c["lr"].value,
            steps=c["steps"].value,
            tol=c["tol"].value,
        )
        self.result = result
        extent = (self.x_scale.min, self.x_scale.max, self.y_scale.min, self.y_scale.max)
        with np.errstate(over="ignore", invalid="ignore"):
            heights = f(result.path)
        shown, left_after, side = cut_at_view(np.column_stack([result.path, heights]), extent)
        xs, ys = shown[:, 0], shown[:, 1]
        # The tangent at the last step drawn: the last iterate, or the last one in view.
        x_end = float(result.path[-1] if left_after is None else result.path[left_after - 1])
        slope = float(self.objective.grad(x_end))
        half = 0.12 * (self.x_scale.max - self.x_scale.min)
        tangent_x = np.array([x_end - half, x_end + half])
        move_path((self.path, self.start, self.end), xs, ys, ends_here=left_after is None)
        move_edge(self.edge, shown, side)
        with self.tangent.hold_sync():
            self.tangent.x, self.tangent.y = tangent_x, f(x_end) + slope * (tangent_x - x_end)
        self._tangent = (x_end, slope)
        refresh_legend(self.figure)
        self.set_label(
            summary_1d(
                self.objective,
                result,
                c["steps"].value,
                lr=c["lr"].value,
                tol=c["tol"].value,
                left_after=left_after,
            ),
            message_in_view(result, left_after, "chart"),
        )

    def _figure_notes(self) -> dict[int, str]:
        """The path's shape (by default), and what the dashed tangent at its last drawn step
        says: flat (within the threshold), or which way the next step goes."""
        notes = super()._figure_notes()
        x_end, slope = self._tangent
        if abs(slope) <= self.controls["tol"].value:
            way = "it is flat"
        else:
            way = (f"it {'rises' if slope > 0 else 'falls'} to the right, so the next step goes "
                   f"{'left' if slope > 0 else 'right'}")
        tangent = (f"The dashed tangent at x = {show_number(x_end)} has slope "
                   f"{show_number(slope)}: {way}.")
        return {**notes, 0: f"{notes[0]} {tangent}" if notes.get(0) else tangent}
