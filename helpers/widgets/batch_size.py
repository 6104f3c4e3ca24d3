"""The batch-size explorer: the same regression, the same number of epochs, any batch size and
learning rate. Left: the path on the loss contours next to full-batch descent with the same
learning rate. Right: the loss on all the data against epochs, on a log axis that grows to show
a diverging run's loss whole. A click on the contours starts the descent there."""

from __future__ import annotations

import math

import bqplot as bq
import contourpy
import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex

from .. import data, palette
from ..plots.batching import contour_levels, epoch_axis, loss_grid, view_extent
from ..solvers import minibatch_sgd, rising_loss_note
from .base import Explorer, figure, int_slider, log_slider, path_marks

LR_EXPONENTS = (-3.0, -0.5)
LAST_STEP = "last step"
LAST_STEP_OUTSIDE = "last step (off the view)"


def batch_gradient(w, Xb, yb):
    """The mean gradient of the squared error over a batch, 2 / m * Xb^T (Xb w - yb).

    The same formula as ``helpers.data.linear_mse_grad`` without its argument checks: with a
    batch of one row the checks cost more than the arithmetic, and the explorer makes hundreds of
    updates per slider event.
    """
    return 2.0 / len(yb) * ((w @ Xb.T - yb) @ Xb)


def summary_batch(result, n: int, batch_size: int, losses) -> dict:
    """The numbers the explorer's label shows, formatted as it shows them."""
    w = result.w
    return {
        "batch size": batch_size,
        "updates per epoch": f"ceil({n} / {batch_size}) = {math.ceil(n / batch_size)}",
        "updates made": len(result.weights) - 1,
        "final w": f"({w[0]:.4g}, {w[1]:.4g})",
        "loss": f"{float(losses[-1]):.4g}",
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


def contour_lines(W0, W1, L, levels):
    """Contour lines of L as rows of equal length for one bqplot Lines mark.

    Each piece of each level becomes one row; shorter rows are padded by repeating their last
    point (drawn on top of itself, so invisible), which keeps the data free of NaN.
    """
    generator = contourpy.contour_generator(W0, W1, L)
    pieces, level_of_piece = [], []
    for level in levels:
        for piece in generator.lines(level):
            pieces.append(piece)
            level_of_piece.append(level)
    longest = max(len(p) for p in pieces)
    padded = np.array([np.vstack([p, np.repeat(p[-1:], longest - len(p), axis=0)]) for p in pieces])
    return padded[:, :, 0], padded[:, :, 1], np.array(level_of_piece)


class BatchSizeExplorer(Explorer):
    """Mini-batch gradient descent on a two-parameter regression, redrawn as the sliders move.

    ``n`` data points, ``epochs`` passes over them; the batch-size slider runs from 1 (SGD) to n
    (full batch). The cost of an event grows with the number of updates, epochs * ceil(n / B), so
    n and epochs stay modest for batch size 1 to answer at once.
    """

    def __init__(self, n: int = 200, batch_size: int = 10, lr: float = 0.05, epochs: int = 3,
                 w0=(-2.0, 4.5), seed: int = 0):
        self.X, self.y, _ = data.make_linear_regression(n, seed=seed)
        self.n = len(self.y)
        self.epochs = epochs
        self.seed = seed
        self.w0 = np.array(w0, dtype=float)
        self.extent = view_extent(self.X, self.y, [self.w0])
        self.best = data.least_squares(self.X, self.y)
        self.floor = float(data.linear_mse(self.best, self.X, self.y))
        controls = {
            "batch_size": int_slider("batch size B", batch_size, 1, self.n),
            "lr": log_slider("learning rate", lr, *LR_EXPONENTS),
        }
        paths_figure, loss_figure = self._build_figures()
        row = widgets.HBox([paths_figure, loss_figure], layout={"width": "100%"})
        super().__init__(controls, row, title="Batch size and learning rate")
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
        levels = contour_levels(L)
        xs, ys, piece_levels = contour_lines(W0, W1, L, levels)
        colour_of = colormaps[palette.CONTOUR_MAP]
        norm = Normalize(levels.min(), levels.max())
        self.contours = bq.Lines(x=xs, y=ys, scales=scales, stroke_width=1, opacities=[0.6],
                                 colors=[to_hex(colour_of(norm(v))) for v in piece_levels])
        self.minimum = bq.Scatter(x=self.best[:1], y=self.best[1:], scales=scales, marker="cross",
                                  colors=[palette.MINIMUM], default_size=160, stroke=palette.BLACK,
                                  labels=["least-squares minimum"], display_legend=True)
        self.full_path = bq.Lines(x=[], y=[], scales=scales, colors=[palette.FUNCTION], stroke_width=2.5,
                                  marker="circle", marker_size=30, labels=["full batch, same η"],
                                  display_legend=True)
        self.path, self.start, self.end = path_marks(scales)
        self.path.labels = ["your batch size"]
        self.end.labels = [LAST_STEP]
        # An empty scatter that adds a point where the figure is clicked: the click-to-start.
        self.clicks = bq.Scatter(x=[], y=[], scales=scales, default_size=1, interactions={"click": "add"},
                                 colors=[palette.START])
        self.clicks.observe(self._on_click, names=["x", "y"])
        paths_figure = figure(
            [self.contours, self.minimum, self.full_path, self.path, self.start, self.end, self.clicks],
            self.w0_scale, self.w1_scale, title="", x_label="w0 (intercept)", y_label="w1 (slope)",
        )
        paths_figure.legend_location = "bottom-left"  # where the paths never go: far from start and minimum
        # See-through: a diverging run's last step may be pinned to the edge behind the legend.
        paths_figure.legend_style = {"fill": "white", "opacity": 0.6}
        paths_figure.layout.width = "50%"

        self.epoch_scale = bq.LinearScale(min=0.0, max=float(self.epochs))
        self.loss_low = 0.9 * self.floor
        self.loss_view_top = float(L.max())  # the highest loss in the left view; the axis may grow past it
        self.loss_scale = bq.LogScale(min=self.loss_low, max=self.loss_view_top)
        loss_scales = {"x": self.epoch_scale, "y": self.loss_scale}
        self.floor_line = bq.Lines(x=[0.0, float(self.epochs)], y=[self.floor, self.floor], scales=loss_scales,
                                   colors=[palette.MINIMUM], line_style="dashed", stroke_width=1.5,
                                   labels=["lowest possible"], display_legend=True)
        self.full_loss = bq.Lines(x=[], y=[], scales=loss_scales, colors=[palette.FUNCTION], stroke_width=2.5,
                                  marker="circle", marker_size=30, labels=["full batch, same η"],
                                  display_legend=True)
        self.loss_line = bq.Lines(x=[], y=[], scales=loss_scales, colors=[palette.PATH], stroke_width=1.5,
                                  labels=["your batch size"], display_legend=True)
        self.epoch_dots = bq.Scatter(x=[], y=[], scales=loss_scales, colors=[palette.PATH], default_size=70,
                                     stroke=palette.BLACK, labels=["end of each epoch"], display_legend=True)
        loss_figure = figure([self.floor_line, self.full_loss, self.loss_line, self.epoch_dots],
                             self.epoch_scale, self.loss_scale, title="Loss on all the data",
                             x_label="epochs (passes over the data)", y_label="loss (log scale)")
        loss_figure.axes[1].tick_format = ".2~g"  # 0.5, 2, 10 rather than 5e-1, 2e+0, 1e+1
        loss_figure.legend_location = "top-right"  # losses start top-left and fall
        loss_figure.layout.width = "50%"
        return paths_figure, loss_figure

    # ------------------------------------------------------------ every event

    def run(self, batch_size: int, lr: float):
        """What the explorer draws for one setting: (this batch size's run, the full-batch run)."""
        common = {"lr": lr, "epochs": self.epochs, "seed": self.seed}
        result = minibatch_sgd(batch_gradient, self.w0, self.X, self.y, batch_size=batch_size, **common)
        reference = minibatch_sgd(batch_gradient, self.w0, self.X, self.y, batch_size=self.n, **common)
        return result, reference

    def update(self) -> None:
        batch_size = int(self.controls["batch_size"].value)
        result, reference = self.run(batch_size, self.controls["lr"].value)
        self.result, self.reference = result, reference
        losses = self.losses(result)
        full_losses = self.losses(reference)
        path = self.visible(result.weights)
        full = self.visible(reference.weights)
        ends = np.flatnonzero(np.diff(result.epoch_of_update, append=result.epoch_of_update[-1] + 1))
        epochs = epoch_axis(result)
        self.loss_scale.max = loss_axis_top(self.loss_view_top, losses, full_losses)
        with self.path.hold_sync():
            self.path.x, self.path.y = path[:, 0], path[:, 1]
            self.path.marker = "circle" if len(path) <= 60 else None
        with self.end.hold_sync():
            self.end.x, self.end.y = path[-1:, 0], path[-1:, 1]
        with self.start.hold_sync():
            self.start.x, self.start.y = path[:1, 0], path[:1, 1]
        with self.full_path.hold_sync():
            self.full_path.x, self.full_path.y = full[:, 0], full[:, 1]
        with self.loss_line.hold_sync():
            self.loss_line.x, self.loss_line.y = epochs, losses
        with self.epoch_dots.hold_sync():
            self.epoch_dots.x, self.epoch_dots.y = epochs[ends], losses[ends]
        with self.full_loss.hold_sync():
            self.full_loss.x, self.full_loss.y = epoch_axis(reference), full_losses
        per_epoch = result.updates_per_epoch
        self.paths_figure.title = (f"B = {batch_size}: {per_epoch} update{'s' * (per_epoch > 1)} per epoch, "
                                   f"{self.epochs} epochs")
        self.end.labels = [LAST_STEP_OUTSIDE if self.outside(result.w) else LAST_STEP]
        lr = self.controls["lr"].value
        self.set_label(summary_batch(result, self.n, batch_size, losses), message_batch(result, losses, lr))

    def start_at(self, w0: float, w1: float) -> None:
        """Start the descents from (w0, w1) (what a click on the contours does)."""
        low0, high0, low1, high1 = self.extent
        self.w0 = np.array([np.clip(w0, low0, high0), np.clip(w1, low1, high1)], dtype=float)
        self.update()

    def _on_click(self, _change) -> None:
        # The page sets x and y together; from Python they may arrive one at a time.
        if len(self.clicks.x) == 0 or len(self.clicks.x) != len(self.clicks.y):
            return
        w0, w1 = float(self.clicks.x[-1]), float(self.clicks.y[-1])
        with self.clicks.hold_sync():
            self.clicks.x, self.clicks.y = [], []
        self.start_at(w0, w1)

    # ------------------------------------------------------------ what is drawn

    def losses(self, result) -> np.ndarray:
        """The loss on all the data after every update, computed for all iterates at once."""
        return np.atleast_1d(data.linear_mse(result.weights, self.X, self.y))

    def outside(self, w: np.ndarray) -> bool:
        """Whether the point w lies outside the view."""
        low0, high0, low1, high1 = self.extent
        return not (low0 <= w[0] <= high0 and low1 <= w[1] <= high1)

    def visible(self, weights: np.ndarray) -> np.ndarray:
        """Iterates as drawn. A point outside the view moves back onto its edge (just inside, so
        a marker there shows whole) along the straight line from the minimum: a diverging run
        shows the direction in which it left, and runs that left in different directions end
        in different places, instead of all in the same corner. Points in the view stay put."""
        low0, high0, low1, high1 = self.extent
        low, high = np.array([low0, low1]), np.array([high0, high1])
        inside = np.all((weights >= low) & (weights <= high), axis=1)
        if inside.all():  # the usual case, and the one that must be fast for small batches
            return weights
        inset = 0.02 * (high - low)
        away = weights - self.best
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(away > 0, (high - inset - self.best) / away, (low + inset - self.best) / away)
        room = np.where(away == 0, np.inf, room)
        pinned = self.best + away * np.minimum(1.0, room.min(axis=1))[:, None]
        return np.where(inside[:, None], weights, pinned)
