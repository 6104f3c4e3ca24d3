"""The momentum explorer: plain descent and heavy-ball descent from the same start on the trap,
side by side on the contour map, with the height f along each path below it.

Momentum follows PyTorch's convention (``v = momentum * v + g``, ``x = x - lr * v``), so the
momentum slider is ``torch.optim.SGD(momentum=...)``. The plain run does not depend on the
momentum, so moving that slider recomputes only the heavy ball.
"""

from __future__ import annotations

import bqplot as bq
import numpy as np

from .. import palette
from ..geometry import nice_ticks, objective_grid
from ..results import finite_start, plural
from ..solvers import gradient_descent
from .descent_2d import MapExplorer, where_it_ends
from .look import (
    dots_mark,
    edge_mark,
    figure,
    float_slider,
    int_slider,
    line_mark,
    log_slider,
    message_in_view,
    move_path,
    refresh_legend,
    set_range,
    set_step_axis,
    show_number,
    show_point,
    show_rate,
    show_steps,
)

__all__ = ["MomentumExplorer", "summary_momentum"]

PLAIN = palette.PLAIN


def summary_momentum(
    objective, plain, heavy, momentum: float, budget: int, left_after=(None, None)
) -> dict:
    """The numbers the momentum explorer's label shows, formatted as it shows them;
    ``left_after`` holds, for the plain and the heavy run, the step at which the drawn path
    left the map (None when it stays on it)."""

    def outcome(result, left) -> str:
        where = where_it_ends(objective, result.final, result.diverged)
        text = f"{show_steps(result, budget, why=False)} steps → {where}"
        if left is not None:
            text += f" (off the map from step {left} on)"
        return text

    return {
        "plain descent": outcome(plain, left_after[0]),
        f"momentum {show_rate(momentum)}": outcome(heavy, left_after[1]),
        "f at the end (momentum)": show_number(objective.f(heavy.final)),
    }


class MomentumExplorer(MapExplorer):
    """Plain against heavy-ball descent; move the momentum and watch the ball roll over the bump
    (or, with too much momentum, overshoot and roll back)."""

    def __init__(
        self,
        *,
        function: str = "trap",
        momentum: float = 0.8,
        lr: float = 0.1,
        steps: int = 300,
        start=(2.0, 1.5),
    ):
        self._build_map(function)
        self.path.labels = ["with momentum"]
        self.end.labels = ["last step with momentum"]
        self.plain_path = line_mark(self.scales, PLAIN, label="plain descent", width=1.6, dots=10)
        self.plain_end = dots_mark(
            self.scales,
            PLAIN,
            label="last step, plain",
            size=120,
            marker="diamond",
            outlined=True,
            apply_clip=False,
        )
        self.plain_edge = edge_mark(self.scales)
        controls = {
            "momentum": float_slider("momentum β", momentum, 0.0, 0.99, 0.01, argument="momentum"),
            "lr": log_slider("learning rate", lr, -3, 0, argument="lr"),
            "steps": int_slider("steps", steps, 1, 3000, argument="steps"),
            **self._start_sliders(function, start),
        }
        self.map_figure = self._map_figure(
            [
                self.plain_path,
                self.plain_end,
                self.path,
                self.start,
                self.end,
                self.plain_edge,
                self.edge,
            ],
            "Plain vs momentum: click the map to start",
        )
        self.k_scale = bq.LinearScale(min=0.0)
        self.f_scale = bq.LinearScale()
        trace_scales = {"x": self.k_scale, "y": self.f_scale}
        self.minimum_levels = line_mark(trace_scales, palette.MINIMUM, width=1.2, dashed=True)
        # Both heights in one mark (a row each): one message to the page per move, not two.
        self.traces = line_mark(trace_scales, PLAIN)
        self.traces.colors = [PLAIN, palette.PATH]
        self.traces.labels = ["plain descent", "with momentum"]
        self.trace_figure = figure(
            [self.minimum_levels, self.traces],
            self.k_scale,
            self.f_scale,
            title="Height f(x_k) along each path",
            x_label="step k",
            y_label="f(x_k)",
            legend="below",
        )
        self.trace_figure.layout.height = "260px"
        super().__init__(controls, (self.map_figure, self.trace_figure), arrange="column")
        self.plain = None
        self.result = None
        self._plain_key = None
        self._show_function(function, self.map_figure)
        self._draw_function_extras()
        self.update()

    def _draw_function_extras(self) -> None:
        """The height axis fixed for the function (a slider never rescales it), and one dashed
        level per known minimum, each named in the legend."""
        minima = self.objective.minima
        levels = self.objective.f(minima)
        _, _, heights = objective_grid(self.objective, 60)
        low, high = float(heights.min()), float(heights.max())
        pad = 0.05 * (high - low)
        self.f_range = (low - pad, high + pad)
        set_range(self.f_scale, *self.f_range)
        ticks = nice_ticks(*self.f_range, 8)
        self.trace_figure.axes[1].tick_values = [t for t in ticks if low - pad <= t <= high + pad]
        with self.minimum_levels.hold_sync():
            self.minimum_levels.x = np.tile([0.0, 1.0e6], (len(levels), 1))
            self.minimum_levels.y = np.repeat(levels[:, None], 2, axis=1)
            self.minimum_levels.labels = [f"f at the minimum {show_point(m)}" for m in minima]
        refresh_legend(self.trace_figure)

    def update(self) -> None:
        c = self.controls
        lr, steps, start = c["lr"].value, c["steps"].value, self.start_point
        key = (lr, steps, start)
        if key != self._plain_key:
            self.plain = gradient_descent(self.objective.grad, start, lr, steps=steps)
            self._plain_key = key
            _, self._plain_left = self._draw_path(
                self.plain.path, self.plain_path, self.plain_end, self.plain_edge
            )
        heavy = gradient_descent(
            self.objective.grad, start, lr, steps=steps, momentum=c["momentum"].value
        )
        self.result = heavy
        _, heavy_left = self._draw_path(heavy.path, self.path, self.end, self.edge)
        self._draw_traces((self.plain.path, self._plain_left), (heavy.path, heavy_left))
        set_step_axis(self.trace_figure.axes[0], steps)
        self._draw_start()
        for fig in self.figures:
            refresh_legend(fig)
        self.set_label(
            summary_momentum(
                self.objective,
                self.plain,
                heavy,
                c["momentum"].value,
                steps,
                (self._plain_left, heavy_left),
            ),
            f"With momentum: {message_in_view(heavy, heavy_left)}",
        )

    def _figure_notes(self) -> dict[int, str]:
        """The height panel in words: how often each path climbs (momentum can carry a run
        uphill, plain descent with a small enough rate never climbs)."""

        def climbs(path) -> str:
            with np.errstate(all="ignore"):
                heights = self.objective.f(path)
            heights = heights[np.isfinite(heights)]
            count = int(np.sum(np.diff(heights) > 0))
            return "never climbs" if count == 0 else f"climbs on {plural(count, 'step')}"

        main = super()._figure_notes().get(0, "")
        plain = finite_start(self.plain.path)
        return {0: f"The momentum path: {main[:1].lower()}{main[1:]} The plain descent path goes "
                   f"from {show_point(plain[0])} to {show_point(plain[-1])}.",
                1: f"The height along the momentum path {climbs(self.result.path)}; "
                   f"along plain descent it {climbs(self.plain.path)}."}

    def _draw_traces(self, *runs) -> None:
        """f at every iterate on the map, one row per ``(path, left_after)`` (a run that leaves
        the map stops where it left). A row shorter than the other repeats its last point:
        the rows of one mark have one length, and a repeated point draws nothing more (at
        least two points, or bqplot would take two rows of one point for one line)."""
        rows = []
        for path, left_after in runs:
            on_map = path if left_after is None else path[:left_after]
            rows.append(np.clip(self.objective.f(on_map), *self.f_range))
        length = max(2, *(len(row) for row in rows))
        ks = np.arange(length, dtype=float)
        xs = np.array([np.minimum(ks, len(row) - 1) for row in rows])
        ys = np.array([np.pad(row, (0, length - len(row)), mode="edge") for row in rows])
        move_path((self.traces,), xs, ys, dots=False)
