"""The training explorer: a ReLU network learning the two moons, one snapshot at a time.

Left, the data and the network's P(class 1) on a grid with the decision boundary p = 1/2;
right, the loss curve with a marker at the chosen step. Every width's training run, and every
snapshot's probabilities and boundary, are computed once when the explorer is made (about a tenth
of a second per width), so both sliders only swap data and answer at once, even while dragged.
The step slider moves from snapshot to snapshot, and the loss axis is the same for every width,
so a narrow network's higher loss shows as higher.
"""

from __future__ import annotations

from dataclasses import dataclass

import bqplot as bq
import numpy as np

from .. import checks, data, mlp, palette
from ..data import CLASS_NAMES
from ..geometry import (
    boundary_lines,
    data_extent,
    log_ticks,
    pack_lines,
    probability_grid,
    snapshot_index,
)
from ..plots.networks import BOUNDARY_LABEL  # the static maps' name for the same line
from ..results import finite_start
from .base import Explorer
from .look import (
    dots_mark,
    figure,
    int_slider,
    line_mark,
    plain_log_axis,
    plural,
    refresh_legend,
    set_range,
    set_step_axis,
    show_number,
    show_share,
)

__all__ = ["TrainingExplorer", "TrainingRun", "summary_training", "train_run"]

STEP_LABEL = "the step on show"
# Two figures side by side, each with its legend row under it: half the row each, less the
# margins the page puts around every widget (two of 2 px), so the pair fits on one line; below
# MIN_PANEL each takes a line of its own.
HALF_ROW = "calc(50% - 4px)"
MIN_PANEL = "340px"
# Every width's run is trained when the explorer is made, so its size is bounded: at these
# limits it takes a minute or two, not for ever.
LIMITS = {"max_width": 64, "depth": 4, "n": 2000, "steps": 5000, "points": 200,
          "snapshots": 1000}


@dataclass
class TrainingRun:
    """One training run and everything the explorer draws of it, computed once.

    ``probabilities[j]`` is P(class 1) on the grid after ``result.snapshot_steps[j]`` steps;
    ``boundaries[j]`` the p = 1/2 line as (x rows, y rows) for one bqplot Lines mark (one row
    per piece, shorter pieces padded with their last point); ``accuracies[j]`` the training
    accuracy there and ``wrong[j]`` how many training points of class 0 and of class 1 the
    network gets wrong.
    """

    width: int
    sizes: list
    result: mlp.TrainResult
    probabilities: np.ndarray
    boundaries: list
    accuracies: np.ndarray
    wrong: np.ndarray

    @property
    def steps(self) -> np.ndarray:
        return np.asarray(self.result.snapshot_steps)

    def index_at(self, step) -> int:
        """The last snapshot at or before ``step`` (a diverged run stops early)."""
        return snapshot_index(self.steps, step)


def train_run(
    X,
    y,
    width: int,
    *,
    depth: int = 2,
    lr: float,
    momentum: float,
    steps: int,
    record_every: int,
    seed: int,
    extent,
    points: int,
) -> TrainingRun:
    """Train a [2, width, ..., width, 1] network (``depth`` hidden layers) and precompute the
    explorer's drawing of every snapshot."""
    sizes = [2] + [int(width)] * depth + [1]
    params = mlp.init_params(sizes, seed=seed, bias=0.1)
    result = mlp.train(
        params, X, y, lr=lr, steps=steps, momentum=momentum, record_every=record_every
    )
    grids = [probability_grid(p, extent, points) for p in result.path]
    probabilities = np.array([P for _, _, P in grids])
    boundaries = [pack_lines(boundary_lines(xs, ys, P)) for xs, ys, P in grids]
    with np.errstate(over="ignore", invalid="ignore"):
        accuracies = np.array([mlp.accuracy(p, X, y) for p in result.path])
        labels = np.ravel(y) == 1
        misses = [(np.ravel(mlp.forward(p, X)[0]) > 0) != labels for p in result.path]
    wrong = np.array([[np.sum(miss & ~labels), np.sum(miss & labels)] for miss in misses])
    return TrainingRun(
        width=int(width),
        sizes=sizes,
        result=result,
        probabilities=probabilities,
        boundaries=boundaries,
        accuracies=accuracies,
        wrong=wrong,
    )


def summary_training(run: TrainingRun, index: int) -> dict:
    """The numbers the explorer's label shows for snapshot ``index``, formatted as it shows them."""
    step = int(run.steps[index])
    loss = float(run.result.losses[step])
    return {
        "network": " → ".join(str(s) for s in run.sizes),
        "step": f"{step} of {len(run.result.losses) - 1}",
        "loss": show_number(loss),
        "training accuracy": show_share(run.accuracies[index]),
    }


class TrainingExplorer(Explorer):
    """Full-batch training of a ReLU network on the two moons, watched step by step.

    Controls: ``step`` (which snapshot to show, 0 .. ``steps`` in steps of ``record_every``, so
    every move shows another snapshot) and ``width`` (the hidden layers' width, ``min_width`` ..
    ``max_width``). ``self.runs`` holds one run per width; ``self.run`` is the one on show and
    ``self.result`` its ``TrainResult``. The loss axis (``self.loss_view``) spans every width's
    losses, fixed when the explorer is made.
    """

    def __init__(
        self,
        *,
        width: int = 16,
        min_width: int = 1,
        max_width: int = 16,
        depth: int = 2,
        n: int = 200,
        noise: float = 0.2,
        data_seed: int = 0,
        seed: int = 0,
        lr: float = 0.2,
        momentum: float = 0.9,
        steps: int = 300,
        record_every: int = 5,
        points: int = 60,
        step: int | None = None,
    ):
        max_width = checks.integer("max_width", max_width, 1, LIMITS["max_width"])
        min_width = checks.integer("min_width", min_width, 1, max_width)
        width = checks.integer("width", width, min_width, max_width)
        depth = checks.integer("depth", depth, 1, LIMITS["depth"])
        n = checks.integer("n", n, 2, LIMITS["n"])
        steps = checks.integer("steps", steps, 1, LIMITS["steps"])
        points = checks.integer("points", points, 2, LIMITS["points"])
        record_every = checks.integer("record_every", record_every, 1, steps)
        step = steps if step is None else checks.integer("step", step, 0, steps)
        if steps % record_every:
            raise ValueError(
                f"record_every must be an integer that divides steps ({steps}), "
                f"got {record_every!r}"
            )
        if steps // record_every > LIMITS["snapshots"]:
            raise ValueError(
                f"record_every must keep at most {LIMITS['snapshots']} snapshots of the "
                f"{steps} steps (record_every >= {-(-steps // LIMITS['snapshots'])}), "
                f"got {record_every!r}"
            )
        for name, value in (("data_seed", data_seed), ("seed", seed)):
            if checks.seed(value, name) is None:
                raise TypeError(f"{name} must be an integer >= 0 (the same run every time), "
                                "got None")
        checks.positive("lr", lr)
        checks.momentum(momentum)
        self.X, self.y = data.make_moons(n, noise=noise, seed=data_seed)
        self.extent = data_extent(self.X)
        self.settings = {
            "depth": depth,
            "lr": lr,
            "momentum": momentum,
            "steps": steps,
            "record_every": record_every,
            "seed": seed,
            "extent": self.extent,
            "points": points,
        }
        self.runs: dict[int, TrainingRun] = {}
        for w in range(min_width, max_width + 1):
            self.run_for(w)
        self.run = self.runs[width]
        self.result = self.run.result
        self.loss_view = self._loss_view()
        controls = {
            "step": int_slider("training step", step, 0, steps, step=record_every, argument="step"),
            "width": int_slider("hidden width", width, min_width, max_width, argument="width"),
        }
        boundary_figure, loss_figure = self._build_figures()
        super().__init__(
            controls,
            (boundary_figure, loss_figure),
            title="Training a ReLU network on the two moons",
        )
        for panel in self.view.children:
            panel.layout.width, panel.layout.min_width = HALF_ROW, MIN_PANEL
        self.boundary_figure, self.loss_figure = boundary_figure, loss_figure
        self._drawn_width = None
        self.update()

    def run_for(self, width: int) -> TrainingRun:
        """The run for this hidden width (trained when first asked for, then remembered)."""
        width = int(width)
        if width not in self.runs:
            self.runs[width] = train_run(self.X, self.y, width, **self.settings)
        return self.runs[width]

    # ------------------------------------------------------------ building, once

    def _build_figures(self):
        x_low, x_high, y_low, y_high = self.extent
        self.x_scale = bq.LinearScale(min=x_low, max=x_high)
        self.y_scale = bq.LinearScale(min=y_low, max=y_high)
        scales = {"x": self.x_scale, "y": self.y_scale}
        self.colour_scale = bq.ColorScale(
            min=0.0, max=1.0, mid=0.5, colors=list(palette.PROBABILITY)
        )
        points = self.settings["points"]  # the grid of probability_grid
        xs, ys = np.linspace(x_low, x_high, points), np.linspace(y_low, y_high, points)
        self.heatmap = bq.HeatMap(
            x=xs,
            y=ys,
            color=self.run.probabilities[0],
            scales={**scales, "color": self.colour_scale},
        )
        self.boundary = line_mark(scales, palette.BOUNDARY, label=BOUNDARY_LABEL, width=2.5)
        self.points = []
        for k, marker in ((0, "circle"), (1, "triangle-up")):
            rows = self.y == k
            self.points.append(
                dots_mark(
                    scales,
                    palette.CLASSES[k],
                    label=CLASS_NAMES[k],
                    size=28,
                    marker=marker,
                    outlined=True,
                    x=self.X[rows, 0],
                    y=self.X[rows, 1],
                    stroke_width=0.6,
                )
            )
        boundary_figure = figure(
            [self.heatmap, self.boundary, *self.points],
            self.x_scale,
            self.y_scale,
            title="",
            x_label="x₁",
            y_label="x₂",
            legend="below",
        )
        boundary_figure.axes = [
            *boundary_figure.axes,
            bq.ColorAxis(
                scale=self.colour_scale,
                side="right",
                label="P(class 1)",
                tick_values=[0.0, 0.5, 1.0],
            ),
        ]
        # room for the colour bar and its label above it, clear of the map
        boundary_figure.fig_margin = {**boundary_figure.fig_margin, "right": 100}

        self.step_scale = bq.LinearScale()
        self.loss_scale = bq.LogScale()
        loss_scales = {"x": self.step_scale, "y": self.loss_scale}
        self.loss_line = line_mark(
            loss_scales, palette.FUNCTION, label="loss on the training data", width=2.5
        )
        self.step_line = line_mark(loss_scales, palette.PATH, width=1.5, dashed=True)
        self.marker = dots_mark(
            loss_scales, palette.PATH, label=STEP_LABEL, size=110, outlined=True
        )
        loss_figure = figure(
            [self.loss_line, self.step_line, self.marker],
            self.step_scale,
            self.loss_scale,
            legend="below",
            title="Loss while training",
            x_label="training step (full-batch updates)",
            y_label="cross-entropy (log scale)",
        )
        self.step_axis, self.loss_axis = loss_figure.axes
        set_step_axis(self.step_axis, self.settings["steps"])
        # one loss axis for every width: a narrow network's higher loss is drawn higher
        set_range(self.loss_scale, *self.loss_view)
        self.loss_axis.tick_values = log_ticks(*self.loss_view)
        plain_log_axis(self.loss_axis)
        return boundary_figure, loss_figure

    # ------------------------------------------------------------ every event

    def _loss_view(self) -> tuple[float, float]:
        """The loss axis: every width's finite losses with some room (a log axis)."""
        losses = np.concatenate([np.asarray(run.result.losses) for run in self.runs.values()])
        finite = losses[np.isfinite(losses)]
        return float(finite.min()) / 1.3, float(finite.max()) * 1.3

    def shown_loss(self, run: TrainingRun, step: int) -> float:
        """The loss at ``step`` as drawn: pinned to the axis (a diverged run's last loss is not
        a number and sits at the top)."""
        low, high = self.loss_view
        loss = float(run.result.losses[step])
        return float(np.clip(loss, low, high)) if np.isfinite(loss) else high

    def _draw_run(self, run: TrainingRun) -> None:
        """Swap in another width's loss curve (the axes stay)."""
        losses = np.asarray(run.result.losses)
        finite = np.flatnonzero(np.isfinite(losses))
        with self.loss_line.hold_sync():
            self.loss_line.x, self.loss_line.y = finite.astype(float), losses[finite]
        self._drawn_width = run.width

    def update(self) -> None:
        run = self.run_for(self.controls["width"].value)
        self.run, self.result = run, run.result
        if self._drawn_width != run.width:
            self._draw_run(run)
        index = run.index_at(self.controls["step"].value)
        step = int(run.steps[index])
        low, high = self.loss_view
        loss = self.shown_loss(run, step)
        xs, ys = run.boundaries[index]
        with self.heatmap.hold_sync():
            self.heatmap.color = run.probabilities[index]
        with self.boundary.hold_sync():
            self.boundary.x, self.boundary.y = xs, ys
        with self.marker.hold_sync():
            self.marker.x, self.marker.y = [float(step)], [loss]
        with self.step_line.hold_sync():
            self.step_line.x, self.step_line.y = [float(step)] * 2, [low, high]
        self.boundary_figure.title = f"After {plural(step, 'step')}"
        for fig in self.figures:
            refresh_legend(fig)
        self.set_label(summary_training(run, index), run.result.message)

    # ------------------------------------------------------------ in words

    def _figure_notes(self) -> dict[int, str]:
        """The map: the boundary's shape, the training points on its wrong side (by class) and
        how much of the map changed side since the snapshot before; the loss chart: how the loss
        falls, from which step it stays near its end value, and where the marker is."""
        run = self.run
        index = run.index_at(self.controls["step"].value)
        step = int(run.steps[index])
        wrong = run.wrong[index]
        by_class = " and ".join(f"{int(count)} of {name}"
                                for count, name in zip(wrong, CLASS_NAMES, strict=True))
        boundary = (f"The boundary, where the network's output is one half, "
                    f"{boundary_words(run.boundaries[index], self.extent)}; "
                    f"{int(wrong.sum())} of {len(self.y)} training points lie on its wrong "
                    f"side ({by_class})")
        if index > 0:
            before, now = run.probabilities[index - 1] > 0.5, run.probabilities[index] > 0.5
            boundary += (f"; since step {int(run.steps[index - 1])}, "
                         f"{show_share(float(np.mean(before != now)))} of the map changed side")
        losses = finite_start(run.result.losses)
        end = losses[-1]
        near = np.abs(losses - end) <= 0.1 * abs(end)
        settles = len(losses) - int(np.argmin(near[::-1])) if not near.all() else 0
        curve = (f"The loss goes from {show_number(losses[0])} at step 0 to "
                 f"{show_number(end)} at step {len(losses) - 1}, within 10% of that from step "
                 f"{settles} on; the marker is at step {step}, loss "
                 f"{show_number(self.shown_loss(run, step))}")
        return {0: boundary + ".", 1: curve + "."}


def boundary_words(rows, extent) -> str:
    """The shape of a drawn boundary (rows as :func:`geometry.pack_lines` packs them) in words:
    "does not cross the map", "is one straight line", "is one line with bends", "has 3 pieces,
    1 of them straight". A piece is straight when no point of it lies further than 1% of the
    map's diagonal from the line through its ends."""
    xs, ys = (np.asarray(r, dtype=float) for r in rows)
    if xs.size == 0:
        return "does not cross the map: every point is given one class"
    diagonal = float(np.hypot(extent[1] - extent[0], extent[3] - extent[2]))
    straight = 0
    for x_row, y_row in zip(xs, ys, strict=True):
        points = np.column_stack([x_row, y_row])
        chord = points[-1] - points[0]
        length = float(np.hypot(*chord))
        if length == 0.0:
            continue
        offsets = points - points[0]
        away = np.abs(chord[0] * offsets[:, 1] - chord[1] * offsets[:, 0]) / length
        straight += bool(away.max() <= 0.01 * diagonal)
    if len(xs) == 1:
        return "is one straight line" if straight else "is one line with bends"
    return f"has {len(xs)} pieces, {straight} of them straight"

