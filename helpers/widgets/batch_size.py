"""The batch-size explorer: the same regression, any batch size and learning rate, and one budget
for every run, counted in epochs, in updates or in compute time.

Left: the path on the loss contours next to full-batch descent with the same learning rate and
budget. Right: the loss on all the data against the chosen x-axis, whose range is the budget, so
every run fills the same width and "who is lower at the right edge" answers "which batch size
wins per epoch, per update or per second". Compute time is modelled (a fixed cost per update plus
a cost per row, :data:`helpers.solvers.LECTURE_04_COST`), so the picture is the same on every
computer. Both runs start where the two start sliders say; a click on the contours moves them.
"""

from __future__ import annotations

import math

import bqplot as bq
import ipywidgets as widgets
import numpy as np

from .. import checks, data, palette
from ..geometry import (
    contour_segments,
    epoch_axis,
    loss_grid,
    loss_levels,
    nice_ticks,
    pack_lines,
    step_ticks,
    view_extent,
)
from ..results import journey, plural, show_epochs
from ..solvers import LECTURE_04_COST, CostModel, linear_mse_sgd, stability_limit, update_sizes
from .base import Explorer
from .look import (
    cut_at_view,
    dots_mark,
    edge_mark,
    figure,
    float_slider,
    int_slider,
    line_mark,
    log_slider,
    move_edge,
    move_path,
    path_marks,
    plain_log_axis,
    refresh_legend,
    set_range,
    show_number,
    show_point,
)

__all__ = ["AXES", "BatchSizeExplorer", "message_batch", "summary_batch"]

LR_EXPONENTS = (-3.0, -0.5)
AXES = ("epochs", "updates", "compute time")
SHUFFLES = 20  # the seed slider's range: one shuffle of the rows per seed
MAX_ROWS = 10_000  # rows of data: every batch size from 1 to n stays a slider step away
START_BOX = 20.0  # each coordinate of the start within ±START_BOX (the view holds the start)
EPOCH_DOTS_UP_TO = 30  # more epoch ends than this would be a row of dots, not landmarks


def summary_batch(explorer) -> dict:
    """The numbers the explorer's label shows, formatted as it shows them."""
    n, batch_size, result = explorer.n, explorer.batch_size, explorer.result
    losses, full = result.losses, explorer.reference
    return {
        "batch size": batch_size,
        "updates per epoch": f"ceil({n} / {batch_size}) = {math.ceil(n / batch_size)}",
        "shuffle": f"{explorer.seed}" + (
            " (no effect: a full batch holds every row)" if batch_size == n else ""),
        "budget": explorer.budget_text(),
        "updates made": f"{result.steps} ({show_epochs(result.steps, result.updates_per_epoch)})",
        "final w": show_point(result.final),
        "loss": f"{show_number(losses[0])} → {show_number(losses[-1])}, lowest possible "
                f"{show_number(explorer.floor)}",
        "full batch, same η": (
            f"loss → {show_number(full.losses[-1])} in {plural(full.steps, 'update')}"
        ),
        "stable below": (
            f"η = {explorer.limit:.3g} at B = {batch_size}"
            + (f", {explorer.full_limit:.3g} for full batch" if batch_size < n else " (full batch)")
        ),
    }


def message_batch(result, lr: float, limit: float, reference=None, full_limit=None) -> str:
    """The sentence under the explorer's numbers: the run's message, led by what a net rise of
    the loss means (any rise, not only a doubling); then the full batch's rise, when it rose."""

    def rise(run, name: str, its_limit: float) -> str:
        first, last = run.losses[0], run.losses[-1]
        if run.diverged or not last > first:
            return ""
        grows = ("the error along the bowl's steepest direction grows at every step"
                 if name == "full batch" else
                 "its steepest batches grow their own error along their steepest direction")
        why = (
            f"η = {lr:.3g} is above {name}'s stability limit {its_limit:.3g}, so {grows}"
            if lr >= its_limit
            else f"below {name}'s stability limit {its_limit:.3g} that is the noise of its "
            "batches, not divergence: the run started near the minimum and wanders around it"
        )
        return (
            f"The loss of {name} rose over the run, from {show_number(first)} to "
            f"{show_number(last)}: {why}."
        )

    own = "full batch" if reference is result else "this batch size"
    parts = [rise(result, own, limit), result.message]
    if reference is not None and reference is not result:
        if reference.diverged:
            parts.append(f"Full batch at this η: {reference.message}")
        else:
            parts.append(rise(reference, "full batch", full_limit))
    return " ".join(part for part in parts if part)


class BatchSizeExplorer(Explorer):
    """Mini-batch gradient descent on a two-parameter regression, redrawn as the controls move.

    ``n`` data points; the batch-size slider runs from 1 (SGD) to n (full batch), the shuffle
    slider picks one of 20 orders of the rows (``seed``; full batch does not depend on it). Every
    run gets
    the same budget in the unit of the chosen x-axis (``data_seed`` draws the data; ``seed`` is
    only the first shuffle): ``epochs`` passes over the data,
    ``updates`` updates, or ``milliseconds`` of modelled compute time (``cost``). Both runs
    start at ``start`` = (w0, w1), which two sliders move within the map.
    """

    start_controls = ("w0", "w1")
    # For the ear the message leads ("Made 60 updates (3 epochs), 20 per epoch.") and says
    # the updates; the map's description says where the run ends.
    UNSAID = ("updates per epoch", "budget", "updates made", "final w")
    MESSAGE_FIRST = True

    def __init__(
        self,
        *,
        n: int = 200,
        batch_size: int = 10,
        lr: float = 0.05,
        epochs: int = 3,
        updates: int = 60,
        milliseconds: float = 1.0,
        x_axis: str = "epochs",
        start=(-2.0, 4.5),
        seed: int = 0,
        data_seed: int = 0,
        cost: CostModel = LECTURE_04_COST,
    ):
        n = checks.integer("n", n, 2, MAX_ROWS)
        data_seed = checks.seed(data_seed, "data_seed")
        if data_seed is None:
            raise TypeError("data_seed must be an integer >= 0 (the same data every time), "
                            "got None")
        self.X, self.y, _ = data.make_linear_regression(n, seed=data_seed)
        self.n = len(self.y)
        self.budgets = {
            "epochs": checks.integer("epochs", epochs, 1, 50),
            "updates": checks.integer("updates", updates, 1, 2000),
            "compute time": checks.positive("milliseconds", milliseconds),
        }
        checks.one_of("x_axis", x_axis, AXES)
        if not isinstance(cost, CostModel):
            raise TypeError(f"cost must be a helpers.solvers.CostModel, got {cost!r}")
        self.cost = cost
        if cost.per_update * 1e3 * 2000 < milliseconds:
            raise ValueError(
                f"milliseconds must allow at most 2000 updates at {cost.per_update * 1e6:g} µs "
                f"each, got {milliseconds!r}"
            )
        start = checks.finite_array("start", start, ndim=1, last_axis=2)
        if np.abs(start).max() > START_BOX:
            raise ValueError(f"start must be a point (w0, w1) with both coordinates in "
                             f"[{-START_BOX:g}, {START_BOX:g}], got {start.tolist()!r}")
        self.extent = view_extent(self.X, self.y, [start])
        low0, high0, low1, high1 = self.extent
        self.best = data.least_squares(self.X, self.y)
        self.floor = float(data.linear_mse(self.best, self.X, self.y))
        controls = {
            "batch_size": int_slider("batch size B", batch_size, 1, self.n, argument="batch_size"),
            "lr": log_slider("learning rate", lr, *LR_EXPONENTS, argument="lr"),
            "seed": int_slider("shuffle (seed)", seed, 0, SHUFFLES - 1, argument="seed"),
            # Where both runs start: a click on the map sets them too.
            "w0": float_slider("start w₀ (intercept)", float(start[0]), low0, high0, 0.01,
                               argument="start[0]"),
            "w1": float_slider("start w₁ (slope)", float(start[1]), low1, high1, 0.01,
                               argument="start[1]"),
            "x_axis": widgets.ToggleButtons(
                options=list(AXES),
                value=x_axis,
                description="x-axis, budget",
                tooltips=[
                    f"every run makes {epochs} passes over the data",
                    f"every run makes {updates} updates",
                    f"every run computes for {milliseconds:g} ms (modelled)",
                ],
            ),
        }
        paths_figure, loss_figure = self._build_figures()
        super().__init__(
            controls, (paths_figure, loss_figure), title="Batch size and learning rate"
        )
        self.paths_figure, self.loss_figure = paths_figure, loss_figure
        self.result = self.reference = None
        self._reference_key = self._axis_drawn = None
        self.full_limit = stability_limit(self.X, self.n)
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
            enable_hover=False,
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
        self.full_edge = edge_mark(scales)
        self.path, self.start, self.end = path_marks(scales, label="your batch size")
        self.edge = edge_mark(scales)
        paths_figure = figure(
            [
                self.contours,
                self.minimum,
                self.full_path,
                self.path,
                self.start,
                self.end,
                self.full_edge,
                self.edge,
                self.listen_for_clicks(scales),
            ],
            self.w0_scale,
            self.w1_scale,
            title="",
            x_label="w0 (intercept)",
            y_label="w1 (slope)",
            legend="below",
            click_hint="click the map to start there",
        )

        self.x_scale = bq.LinearScale(min=0.0, max=1.0)
        self.loss_low = 0.9 * self.floor
        self.loss_top = float(L.max())  # the highest loss in the left view
        self.loss_scale = bq.LogScale(min=self.loss_low, max=self.loss_top)
        loss_scales = {"x": self.x_scale, "y": self.loss_scale}
        self.floor_line = line_mark(
            loss_scales,
            palette.MINIMUM,
            label="lowest possible",
            width=1.5,
            dashed=True,
            y=[self.floor, self.floor],
        )
        self.full_loss = line_mark(
            loss_scales, palette.FUNCTION, label="full batch, same η", width=2.5, dots=30
        )
        self.full_loss_edge = edge_mark(loss_scales)
        self.loss_line = line_mark(loss_scales, palette.PATH, label="your batch size", width=1.5)
        self.epoch_dots = dots_mark(
            loss_scales, palette.PATH, label="end of each epoch", size=70, outlined=True
        )
        self.loss_edge = edge_mark(loss_scales)
        loss_figure = figure(
            [
                self.floor_line,
                self.full_loss,
                self.loss_line,
                self.epoch_dots,
                self.full_loss_edge,
                self.loss_edge,
            ],
            self.x_scale,
            self.loss_scale,
            title="Loss on all the data",
            x_label="epochs",
            y_label="loss (log scale)",
            legend="below",
        )
        plain_log_axis(loss_figure.axes[1])
        return paths_figure, loss_figure

    # ------------------------------------------------------------ the budget

    @property
    def batch_size(self) -> int:
        return int(self.controls["batch_size"].value)

    @property
    def seed(self) -> int:
        """The shuffle: which rows share a batch, epoch after epoch (``default_rng(seed)``)."""
        return int(self.controls["seed"].value)

    @property
    def axis(self) -> str:
        return self.controls["x_axis"].value

    def budget_text(self, axis: str | None = None) -> str:
        """The budget of ``axis`` (the chosen one when None) in words: "3 epochs"."""
        axis = self.axis if axis is None else axis
        budget = self.budgets[axis]
        if axis == "compute time":
            return f"{budget:g} ms of compute (modelled)"
        return plural(budget, axis[:-1])

    def updates_allowed(self, batch_size: int, axis: str | None = None) -> int:
        """How many updates the budget of ``axis`` (the chosen one when None) buys at this batch
        size (at least one)."""
        axis = self.axis if axis is None else axis
        budget = self.budgets[axis]
        if axis == "epochs":
            return budget * math.ceil(self.n / batch_size)
        if axis == "updates":
            return budget
        seconds = np.cumsum(self.cost.seconds(update_sizes(self.n, batch_size, 2000)))
        return max(1, int(np.searchsorted(seconds, budget / 1e3 * (1 + 1e-12), side="right")))

    def mean_final_losses(self, batch_sizes, lr: float, seeds=range(SHUFFLES)) -> dict:
        """For each x-axis, each batch size's loss at the end of the budget, averaged over the
        shuffles ``seeds`` (one shuffle is partly luck), from this explorer's start: the numbers
        behind "which batch size wins per epoch, per update, per second". A diverged run counts
        as infinitely bad."""
        table = {}
        for axis in AXES:
            table[axis] = {}
            for batch_size in batch_sizes:
                finals = []
                for seed in seeds:
                    run = linear_mse_sgd(self.start_point, self.X, self.y, lr=lr,
                                         batch_size=batch_size,
                                         updates=self.updates_allowed(batch_size, axis), seed=seed)
                    finals.append(math.inf if run.diverged else run.losses[-1])
                table[axis][batch_size] = float(np.mean(finals))
        return table

    def x_of(self, result, batch_size: int) -> np.ndarray:
        """Where each iterate of a run sits on the chosen x-axis."""
        if self.axis == "epochs":
            return epoch_axis(result)
        if self.axis == "updates":
            return np.arange(len(result.path), dtype=float)
        spent = self.cost.seconds(update_sizes(self.n, batch_size, result.steps))
        return 1e3 * np.concatenate([[0.0], np.cumsum(spent)])

    def run(self, batch_size: int, lr: float):
        """One run with this explorer's data, start, seed and budget."""
        return linear_mse_sgd(
            self.start_point,
            self.X,
            self.y,
            lr=lr,
            batch_size=batch_size,
            updates=self.updates_allowed(batch_size),
            seed=self.seed,
        )

    # ------------------------------------------------------------ every event

    def update(self) -> None:
        batch_size, lr = self.batch_size, self.controls["lr"].value
        key = (lr, self.axis, self.start_point)
        if key != self._reference_key:
            self.reference = self.run(self.n, lr)
            self._reference_key = key
        self.result = self.run(batch_size, lr) if batch_size < self.n else self.reference
        self.limit = stability_limit(
            self.X, batch_size, epochs=self.budgets["epochs"], seed=self.seed
        )
        self._draw_axis()
        left = self._draw_paths()
        cut = self._draw_losses()
        for fig in self.figures:
            refresh_legend(fig)
        per_epoch = self.result.updates_per_epoch
        self.paths_figure.title = (
            f"B = {batch_size}: {plural(per_epoch, 'update')} per epoch, "
            f"{self.budget_text()}"
        )
        message = message_batch(self.result, lr, self.limit, self.reference, self.full_limit)
        if left is not None and not self.result.diverged:
            message += f" This batch size's path leaves the map at update {left}."
        if cut is not None and not self.result.diverged:
            message += f" This batch size's loss leaves the chart's top at update {cut}."
        self.set_label(summary_batch(self), message)

    def _draw_axis(self) -> None:
        budget = self.budgets[self.axis]
        axis = self.loss_figure.axes[0]
        if self._axis_drawn != self.axis:
            self._axis_drawn = self.axis
            set_range(self.x_scale, 0.0, budget)
            if self.axis == "compute time":
                ticks = nice_ticks(0.0, budget, 6)
                axis.tick_values = ticks
                # As many decimals as the tick spacing needs (the page's d3 has no "~" trim).
                decimals = max(0, -math.floor(math.log10(ticks[1] - ticks[0]) + 1e-9))
                axis.tick_format = f".{decimals}f"
                axis.label = "compute time, ms (modelled)"
            else:
                axis.tick_values = step_ticks(int(budget), 6)
                axis.tick_format = "d"
                axis.label = "epochs (passes over the data)" if self.axis == "epochs" else "updates"
            self.floor_line.x = [0.0, float(budget)]

    def _draw_paths(self) -> int | None:
        """Both paths on the map, each cut where it leaves it (an edge marker points the way);
        returns the update at which this batch size's path left (None when it stays)."""
        shown, _, side = cut_at_view(self.reference.path, self.extent)
        move_path((self.full_path,), shown[:, 0], shown[:, 1])
        move_edge(self.full_edge, shown, side)
        shown, left, side = cut_at_view(self.result.path, self.extent)
        move_path((self.path, self.start, self.end), shown[:, 0], shown[:, 1],
                  ends_here=left is None)
        move_edge(self.edge, shown, side)
        return left

    def _draw_losses(self) -> int | None:
        """Both loss curves against the chosen axis, on the fixed log axis: a curve that climbs
        past the top is cut there, with an edge marker; returns the update at which this batch
        size's loss left (None when it stays)."""
        view = (0.0, self.budgets[self.axis], math.log10(self.loss_low), math.log10(self.loss_top))
        for result, batch_size, line, edge in (
            (self.reference, self.n, self.full_loss, self.full_loss_edge),
            (self.result, self.batch_size, self.loss_line, self.loss_edge),
        ):
            xs = self.x_of(result, batch_size)
            with np.errstate(divide="ignore"):
                points = np.column_stack([xs, np.log10(result.losses)])
            shown, cut, side = cut_at_view(points, view)
            ys = 10.0 ** shown[:, 1]
            move_path((line,), shown[:, 0], ys, dots=line is self.full_loss)
            move_edge(edge, np.column_stack([shown[:, 0], ys]), side)
        # The iterates that end an epoch, up to where the curve leaves the chart.
        ends = np.arange(self.result.updates_per_epoch, cut or len(xs),
                         self.result.updates_per_epoch)
        if len(ends) > EPOCH_DOTS_UP_TO or self.result is self.reference:
            ends = ends[:0]
        move_path((self.epoch_dots,), xs[ends], self.result.losses[ends], dots=False)
        return cut

    # ------------------------------------------------------------ in words

    def _figure_notes(self) -> dict[int, str]:
        """The map: this batch size's path (named by intercept and slope, with its loss as the
        height) and how far each run ends from the least-squares minimum. The loss chart: how
        the loss falls, how often it rises, its lowest point, and where full batch ends."""
        result, full = self.result, self.reference
        best = show_point(self.best)

        def ends(run) -> str:
            if run.diverged:
                return "diverges"
            return (f"ends at {show_point(run.final)}, "
                    f"{show_number(float(np.linalg.norm(run.final - self.best)))} from it")

        path = journey(result.path, result.losses, names=("intercept w0", "slope w1"),
                       settled=bool(result.diverged), height="loss")
        where = f"The least-squares minimum is at {best}: this batch size {ends(result)}"
        if full is not result:
            where += f"; full batch with the same learning rate {ends(full)}"
        losses = result.losses[np.isfinite(result.losses)]
        rises = int(np.sum(np.diff(losses) > 0))
        low = int(np.argmin(losses))
        curve = (f"The loss on all the data goes from {show_number(losses[0])} to "
                 f"{show_number(losses[-1])} in {plural(len(losses) - 1, 'update')}, "
                 + ("falling at every one" if rises == 0 else
                    f"rising on {plural(rises, 'update')}")
                 + f"; its lowest, {show_number(losses[low])}, is at update {low}")
        if full is not result and not full.diverged:
            curve += f"; full batch ends at {show_number(full.losses[-1])}"
        return {0: f"{path} {where}.", 1: f"{curve}."}

