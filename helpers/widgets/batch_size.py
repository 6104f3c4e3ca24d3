"""The batch-size explorer: the same regression, the same number of epochs, any batch size and
learning rate. Left: the path on the loss contours next to full-batch descent with the same
learning rate. Right: the loss on all the data against epochs, on a log axis that grows to show
a diverging run's loss whole. A click on the contours starts the descent there."""

from __future__ import annotations

import math

import bqplot as bq
import numpy as np

from .. import checks, data, palette
from ..geometry import (
    contour_segments,
    epoch_axis,
    inside,
    loss_grid,
    loss_levels,
    pack_lines,
    pin_to_view,
    view_extent,
)
from ..solvers import minibatch_sgd, rising_loss_note
from .base import Explorer
from .look import (
    dots_mark,
    figure,
    int_slider,
    line_mark,
    log_slider,
    move_path,
    path_marks,
    plain_log_axis,
    set_range,
    show_number,
    show_point,
)

__all__ = ["BatchSizeExplorer", "batch_gradient", "loss_axis_top", "message_batch", "summary_batch"]

LR_EXPONENTS = (-3.0, -0.5)
LAST_STEP = "last step"
LAST_STEP_OUTSIDE = "last step (off the view)"


# The mean squared error's batch gradient without argument checks: with a batch of one row the
# checks cost more than the arithmetic, and the explorer makes hundreds of updates per event.
batch_gradient = data.linear_mse_grad_unchecked


def summary_batch(result, n: int, batch_size: int, losses) -> dict:
    """The numbers the explorer's label shows, formatted as it shows them."""
    return {
        "batch size": batch_size,
        "updates per epoch": f"ceil({n} / {batch_size}) = {math.ceil(n / batch_size)}",
        "updates made": result.steps,
        "final w": show_point(result.final),
        "loss": show_number(losses[-1]),
    }


def message_batch(result, losses, lr: float) -> str:
    """The sentence under the explorer's numbers: the solver's message, led by a warning when a
    run that finished its epochs still diverges (its loss more than doubled). It is what
    ``minibatch_sgd`` says when given the loss function."""
    note = "" if result.diverged else rising_loss_note(losses, lr)
    return f"{note} {result.message}" if note else result.message


def loss_axis_top(base: float, *losses) -> float:
    """The top of the loss axis: ``base``, or the power of ten above the largest loss when a
    run climbs higher, so a diverging run is drawn whole instead of cut off."""
    highest = max(float(np.max(values)) for values in losses)
    return base if highest <= base else float(10.0 ** math.ceil(math.log10(highest)))


class BatchSizeExplorer(Explorer):
    """Mini-batch gradient descent on a two-parameter regression, redrawn as the sliders move.

    ``n`` data points, ``epochs`` passes over them; the batch-size slider runs from 1 (SGD) to n
    (full batch). The cost of an event grows with the number of updates, epochs * ceil(n / B), so
    n and epochs stay modest for batch size 1 to answer at once.
    """

    def __init__(
        self,
        *,
        n: int = 200,
        batch_size: int = 10,
        lr: float = 0.05,
        epochs: int = 3,
        start=(-2.0, 4.5),
        seed: int = 0,
    ):
        self.X, self.y, _ = data.make_linear_regression(n, seed=seed)
        self.n = len(self.y)
        self.epochs = checks.integer("epochs", epochs, 1)
        self.seed = seed
        self._start = checks.finite_array("start", start, ndim=1, last_axis=2)
        self.extent = view_extent(self.X, self.y, [self._start])
        self.best = data.least_squares(self.X, self.y)
        self.floor = float(data.linear_mse(self.best, self.X, self.y))
        controls = {
            "batch_size": int_slider("batch size B", batch_size, 1, self.n, argument="batch_size"),
            "lr": log_slider("learning rate", lr, *LR_EXPONENTS, argument="lr"),
        }
        paths_figure, loss_figure = self._build_figures()
        super().__init__(
            controls, (paths_figure, loss_figure), title="Batch size and learning rate"
        )
        self.paths_figure, self.loss_figure = paths_figure, loss_figure
        self.result = None
        self.reference = None
        self.update()

    # ------------------------------------------------------------ building, once

    def _build_figures(self):
        low0, high0, low1, high1 = self.extent
        self.w0_scale = bq.LinearScale(min=low0, max=high0)
        self.w1_scale = bq.LinearScale(min=low1, max=high1)
        scales = {"x": self.w0_scale, "y": self.w1_scale}
        W0, W1, L = loss_grid(self.X, self.y, self.extent, points=120)
        levels = loss_levels(L)
        segments = contour_segments(W0, W1, L, levels)
        xs, ys = pack_lines([piece for _, pieces in segments for piece in pieces])
        piece_levels = [level for level, pieces in segments for _ in pieces]
        self.contours = bq.Lines(
            x=xs,
            y=ys,
            scales=scales,
            stroke_width=1,
            opacities=[0.6],
            colors=palette.level_colours(piece_levels, levels.min(), levels.max()),
        )
        self.minimum = dots_mark(
            scales,
            palette.MINIMUM,
            label="least-squares minimum",
            size=160,
            marker="cross",
            outlined=True,
            x=self.best[:1],
            y=self.best[1:],
        )
        self.full_path = line_mark(
            scales, palette.FUNCTION, label="full batch, same η", width=2.5, dots=30
        )
        self.path, self.start, self.end = path_marks(scales, label="your batch size")
        self.end.labels = [LAST_STEP]
        paths_figure = figure(
            [
                self.contours,
                self.minimum,
                self.full_path,
                self.path,
                self.start,
                self.end,
                self.listen_for_clicks(scales),
            ],
            self.w0_scale,
            self.w1_scale,
            title="",
            x_label="w0 (intercept)",
            y_label="w1 (slope)",
            # where the paths never go: far from start and minimum; see-through, since a
            # diverging run's last step may be pinned to the edge behind the legend
            legend="bottom-left",
            legend_opacity=0.6,
        )

        self.epoch_scale = bq.LinearScale(min=0.0, max=float(self.epochs))
        self.loss_low = 0.9 * self.floor
        self.loss_view_top = float(
            L.max()
        )  # the highest loss in the left view; the axis may grow past it
        self.loss_scale = bq.LogScale(min=self.loss_low, max=self.loss_view_top)
        loss_scales = {"x": self.epoch_scale, "y": self.loss_scale}
        self.floor_line = line_mark(
            loss_scales,
            palette.MINIMUM,
            label="lowest possible",
            width=1.5,
            dashed=True,
            x=[0.0, float(self.epochs)],
            y=[self.floor, self.floor],
        )
        self.full_loss = line_mark(
            loss_scales, palette.FUNCTION, label="full batch, same η", width=2.5, dots=30
        )
        self.loss_line = line_mark(loss_scales, palette.PATH, label="your batch size", width=1.5)
        self.epoch_dots = dots_mark(
            loss_scales, palette.PATH, label="end of each epoch", size=70, outlined=True
        )
        loss_figure = figure(
            [self.floor_line, self.full_loss, self.loss_line, self.epoch_dots],
            self.epoch_scale,
            self.loss_scale,
            title="Loss on all the data",
            x_label="epochs (passes over the data)",
            y_label="loss (log scale)",
            legend="top-right",
        )  # losses start top-left and fall
        plain_log_axis(loss_figure.axes[1])
        return paths_figure, loss_figure

    # ------------------------------------------------------------ every event

    def run(self, batch_size: int, lr: float):
        """What the explorer draws for one setting: (this batch size's run, the full-batch run)."""
        common = {"lr": lr, "epochs": self.epochs, "seed": self.seed}
        start = self._start
        result = minibatch_sgd(
            batch_gradient, start, self.X, self.y, batch_size=batch_size, **common
        )
        reference = minibatch_sgd(
            batch_gradient, start, self.X, self.y, batch_size=self.n, **common
        )
        return result, reference

    def update(self) -> None:
        batch_size = int(self.controls["batch_size"].value)
        result, reference = self.run(batch_size, self.controls["lr"].value)
        self.result, self.reference = result, reference
        losses = self.losses(result)
        full_losses = self.losses(reference)
        path = self.visible(result.path)
        full = self.visible(reference.path)
        ends = np.flatnonzero(
            np.diff(result.epoch_of_update, append=result.epoch_of_update[-1] + 1)
        )
        epochs = epoch_axis(result)
        set_range(
            self.loss_scale, self.loss_low, loss_axis_top(self.loss_view_top, losses, full_losses)
        )
        move_path((self.path, self.start, self.end), path[:, 0], path[:, 1])
        move_path((self.full_path,), full[:, 0], full[:, 1], dots=False)
        move_path((self.loss_line,), epochs, losses, dots=False)
        move_path((self.epoch_dots,), epochs[ends], losses[ends], dots=False)
        move_path((self.full_loss,), epoch_axis(reference), full_losses, dots=False)
        per_epoch = result.updates_per_epoch
        self.paths_figure.title = (
            f"B = {batch_size}: {per_epoch} update{'s' * (per_epoch > 1)} per epoch, "
            f"{self.epochs} epochs"
        )
        self.end.labels = [LAST_STEP if inside(result.final, self.extent)[0] else LAST_STEP_OUTSIDE]
        lr = self.controls["lr"].value
        self.set_label(
            summary_batch(result, self.n, batch_size, losses), message_batch(result, losses, lr)
        )

    # ------------------------------------------------------------ the start

    @property
    def start_point(self) -> tuple[float, float]:
        """Where both descents start (not a slider: a click on the contours moves it)."""
        return float(self._start[0]), float(self._start[1])

    def _place_start(self, point: tuple[float, ...]) -> None:
        low0, high0, low1, high1 = self.extent
        self._start = np.array([np.clip(point[0], low0, high0), np.clip(point[1], low1, high1)])

    # ------------------------------------------------------------ what is drawn

    def losses(self, result) -> np.ndarray:
        """The loss on all the data after every update, computed for all iterates at once."""
        return np.atleast_1d(data.linear_mse(result.path, self.X, self.y))

    def visible(self, weights: np.ndarray) -> np.ndarray:
        """Iterates as drawn: a point outside the view moves back onto its edge along the line
        from the minimum, so a diverging run shows the direction in which it left."""
        return pin_to_view(weights, self.extent, self.best)
