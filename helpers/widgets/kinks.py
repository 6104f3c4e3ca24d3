"""The kink explorer: descent on |x| and on its smooth stand-ins (a softplus-based smooth |x| with a
sharpness slider, and Huber with a delta slider), with a fixed or decaying learning rate.

Left: |x| and both stand-ins, always drawn (so their sliders always show what they do), the one
descent runs on drawn bold, with the path on it. Right: x after each step, where the endless
bounce of a fixed learning rate on |x| is plain to see.
"""

from __future__ import annotations

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import checks, functions, palette
from ..results import finite_start, motion, plural
from ..solvers import gradient_descent
from .base import Explorer
from .look import (
    figure,
    float_slider,
    int_slider,
    line_mark,
    log_slider,
    move_path,
    path_marks,
    refresh_legend,
    set_step_axis,
    show_number,
    show_rate,
    show_size,
    show_steps,
)

__all__ = ["KINKED", "KinkExplorer", "kinked_objective", "summary_kink"]

KINKED = tuple(palette.KINKS)
# Each function a line style of its own as well as a colour (purple against blue or orange comes
# close for some kinds of colour vision, and orange is light on white); Huber dashed, as on the
# static figures of its stand-ins.
KINK_STYLES = {"|x|": "solid", "smooth |x|": "dash_dotted", "Huber": "dashed"}
VIEW = (-2.0, 2.0)
CURVE_POINTS = 401
BOLD, FAINT = 3.0, 1.4  # the function descent runs on, the others (all in full colour)
RECENT = 10  # the label shows the largest |x| of this many last iterates, as lecture 3 does


def kinked_objective(name: str, sharpness: float, delta: float):
    """The 1-D objective behind an option of the explorer."""
    if name == "|x|":
        return functions.absolute()
    if name == "smooth |x|":
        return functions.smooth_absolute(sharpness)
    checks.one_of("function", name, KINKED)
    return functions.huber(delta)


def summary_kink(
    objective,
    result,
    lr: float,
    lr_decay: float,
    budget: int,
    sharpness: float | None = None,
    delta: float | None = None,
) -> dict:
    """The numbers the kink explorer's label shows, formatted as it shows them: with
    ``sharpness`` and ``delta``, the stand-ins' shapes too, and the decay always, so that every
    move of their sliders shows."""
    x = float(result.final)
    last_lr = lr / max(result.steps, 1) ** lr_decay
    recent = np.abs(np.ravel(result.path)[-RECENT:]).max()  # how far from the minimum 0 it bounces
    facts = {
        "steps": show_steps(result, budget),
        "final x": show_number(x),
        f"largest |x| of the last {RECENT} iterates": show_number(recent),
        "f(x)": show_number(objective.f(x)),
        "slope there": show_size(objective.grad(x)),
        "decay p": show_number(lr_decay),
        "last learning rate": show_rate(last_lr),
    }
    if sharpness is not None:
        facts["smooth |x| sharpness"] = show_number(sharpness)
    if delta is not None:
        facts["Huber delta"] = show_number(delta)
    return facts


class KinkExplorer(Explorer):
    """Descent on a kink or a smooth stand-in, redrawn as the sliders move or the curve is
    clicked."""

    start_controls = ("x0",)

    def __init__(
        self,
        *,
        function: str = "|x|",
        lr: float = 0.2,
        start: float = 0.75,
        steps: int = 40,
        lr_decay: float = 0.0,
        sharpness: float = 4.0,
        delta: float = 0.5,
    ):
        checks.one_of("function", function, KINKED)
        controls = {
            "function": widgets.ToggleButtons(
                options=list(KINKED), value=function, description="descend on"
            ),
            "sharpness": log_slider(
                "sharpness (smooth |x|)", sharpness, 0, 2, argument="sharpness"
            ),
            "delta": log_slider("delta (Huber)", delta, -2, 0, argument="delta"),
            "lr": log_slider("learning rate", lr, -2, 0, argument="lr"),
            "lr_decay": float_slider(
                "decay p: lr/(k+1)^p", lr_decay, 0.0, 1.0, 0.05, argument="lr_decay"
            ),
            "x0": float_slider("start x₀", start, *VIEW, 0.01, argument="start"),
            "steps": int_slider("steps", steps, 1, 300, argument="steps"),
        }
        self.x_scale = bq.LinearScale(min=VIEW[0], max=VIEW[1], allow_padding=False)
        self.y_scale = bq.LinearScale(min=-0.1, max=2.1)
        scales = {"x": self.x_scale, "y": self.y_scale}
        grid = np.linspace(*VIEW, CURVE_POINTS)
        self.curves = {
            name: line_mark(
                scales, palette.KINKS[name], label=name, width=FAINT, style=KINK_STYLES[name],
                x=grid, y=np.abs(grid),
            )
            for name in KINKED
        }
        self.path, self.start, self.end = path_marks(scales)
        curve_figure = figure(
            [
                *self.curves.values(),
                self.path,
                self.start,
                self.end,
                self.listen_for_clicks(scales),
            ],
            self.x_scale,
            self.y_scale,
            title="The path on the function (bold)",
            x_label="x",
            y_label="f(x)",
            legend="below",
            click_hint="click a curve to start there",
        )
        self.k_scale = bq.LinearScale(min=0.0)
        self.xk_scale = bq.LinearScale(min=VIEW[0], max=VIEW[1])
        trace_scales = {"x": self.k_scale, "y": self.xk_scale}
        self.zero = line_mark(
            trace_scales,
            palette.MINIMUM,
            label="the minimum, x = 0",
            dashed=True,
            x=[0.0, 1.0e6],
            y=[0.0, 0.0],
        )
        self.trace = line_mark(trace_scales, palette.PATH, label="x_k", width=1.6, dots=12)
        trace_figure = figure(
            [self.zero, self.trace],
            self.k_scale,
            self.xk_scale,
            title="x after each step",
            x_label="step k",
            y_label="x_k",
            legend="below",
        )
        for fig in (curve_figure, trace_figure):  # side by side, half the width each
            fig.layout.height = "360px"
        self.trace_figure = trace_figure
        super().__init__(controls, (curve_figure, trace_figure))
        self._drawn = None
        self.objective = None
        self.result = None
        self.update()

    def _draw_functions(self, key: tuple) -> None:
        """Redraw the stand-ins for new sliders and make the chosen function bold."""
        name, sharpness, delta = key
        grid = self.curves["|x|"].x
        for option, curve in self.curves.items():
            objective = kinked_objective(option, sharpness, delta)
            with curve.hold_sync():
                if option != "|x|":
                    curve.y = objective.f(grid)
                curve.stroke_width = BOLD if option == name else FAINT
        self.objective = kinked_objective(name, sharpness, delta)
        self._drawn = key

    def update(self) -> None:
        c = self.controls
        key = (c["function"].value, c["sharpness"].value, c["delta"].value)
        if key != self._drawn:
            self._draw_functions(key)
        lr, lr_decay = c["lr"].value, c["lr_decay"].value
        result = gradient_descent(
            self.objective.grad, c["x0"].value, lr, steps=c["steps"].value, lr_decay=lr_decay
        )
        self.result = result
        xs = np.clip(result.path, *VIEW)
        ys = self.objective.f(xs)
        move_path((self.path, self.start, self.end), xs, ys)
        move_path((self.trace,), np.arange(len(xs), dtype=float), xs)
        set_step_axis(self.trace_figure.axes[0], c["steps"].value)
        for fig in self.figures:
            refresh_legend(fig)
        self.set_label(
            summary_kink(
                self.objective,
                result,
                lr,
                lr_decay,
                c["steps"].value,
                c["sharpness"].value,
                c["delta"].value,
            ),
            result.message,
        )

    def _figure_notes(self) -> dict[int, str]:
        """The path on the function (its shape, by default), and x after each step: where x
        goes, how often it crosses the minimum x = 0 and, if the run has not converged, how it
        moves at the end."""
        xs = finite_start(self.result.path.ravel())
        if len(xs) < 2:
            return super()._figure_notes()
        crossings = int(np.sum(np.sign(xs[1:]) * np.sign(xs[:-1]) < 0))
        words = (f"x goes from {show_number(xs[0])} to {show_number(xs[-1])} in "
                 f"{plural(len(xs) - 1, 'step')}, "
                 + ("never crossing the minimum x = 0" if crossings == 0 else
                    f"crossing the minimum x = 0 on {crossings} of them") + ".")
        if not self.result.converged:
            words += " " + motion(xs)
        return {**super()._figure_notes(), 1: words}
