"""Static figures of lecture 04's second half: the loss surface of a two-parameter regression
with descent paths on it, paths and loss curves of runs with different batch sizes (per update
and per epoch), time per epoch against batch size, and memory while streaming data from disk."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from .. import checks, data, palette
from ..geometry import (
    clip_to_extent,
    epoch_axis,
    inside,
    loss_grid,
    loss_levels,
    same_as_earlier,
    view_extent,
)
from .marks import draw_path, plain_log_ticks
from .style import styled, subplots

__all__ = [
    "plot_batch_paths",
    "plot_epoch_times",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_memory_trace",
]

# ---------------------------------------------------------------- loss surface and paths


def _losses(result, X, y) -> np.ndarray:
    """The loss on all the data after every update: recorded by the run, or computed here."""
    if result.losses is not None:
        return np.asarray(result.losses, dtype=float)
    return np.asarray(data.linear_mse(result.path, X, y), dtype=float)


def _contours(ax, X, y, extent, *, alpha: float = 1.0) -> None:
    W0, W1, L = loss_grid(X, y, extent)
    ax.contour(W0, W1, L, levels=loss_levels(L), cmap=palette.CONTOUR_MAP, linewidths=1,
               alpha=alpha)
    ax.plot(*data.least_squares(X, y), "*", color=palette.MINIMUM, ms=15, mec=palette.BLACK,
            mew=0.6, label="least-squares minimum", zorder=6, ls="none")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$w_0$ (intercept)")
    ax.set_ylabel("$w_1$ (slope)")


def _draw_run(ax, path, colour, label, *, extent, zorder: float = 4, dashed: bool = False):
    """A run's path on the loss contours, ending in a diamond; a run on top of an identical one
    dashed (its gaps let the one below show through). Iterates far off the view are clipped one
    view-width past its edge."""
    draw_path(ax, clip_to_extent(path, extent, margin=1.0), colour=colour, label=label,
              lw=2.2 if dashed else 1.6, long_lw=0.9, alpha=0.95, zorder=zorder, dashed=dashed,
              start=False, end_ms=7, ends_zorder=zorder + 3, end_label=None)


@styled
def plot_loss_surface(X, y, result, *, extent=None, title: str | None = None,
                      label: str = "descent path"):
    """The regression's loss over (w0, w1) as a 3-D surface and as contours, with the path of
    ``result`` (a run of gradient descent on the weights) on both."""
    path = np.asarray(result.path, dtype=float)
    extent = view_extent(X, y, [path[0]]) if extent is None else checks.extent("extent", extent)
    fig = plt.figure(figsize=(11.2, 4.6), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax = fig.add_subplot(1, 2, 2)
    W0, W1, L = loss_grid(X, y, extent, points=45)
    ax3d.plot_surface(W0, W1, L, cmap=palette.CONTOUR_MAP, alpha=0.75, linewidth=0,
                      antialiased=True)
    shown = path[inside(path, extent)]
    if len(shown):
        # Lifted a little so the path stays visible on the surface.
        lifted = data.linear_mse(shown, X, y) + 0.01 * float(L.max() - L.min())
        draw_path(ax3d, np.column_stack([shown, lifted]), label=label, ms=3, dots=True,
                  zorder=10, end=False, end_ms=7)
    ax3d.set_xlabel("$w_0$ (intercept)")
    ax3d.set_ylabel("$w_1$ (slope)")
    ax3d.set_zlabel("loss (mean squared error)")
    ax3d.set_title("The loss surface: a long, tilted bowl")
    ax3d.view_init(elev=35, azim=-60)
    ax3d.legend(loc="upper left", fontsize=9)
    _contours(ax, X, y, extent)
    _draw_run(ax, path, palette.PATH, label, extent=extent)
    ax.plot(*path[0], "o", color=palette.START, ms=8, label="start", zorder=7)
    ax.set_title("The same bowl from above (contours)")
    ax.legend(loc="upper right", fontsize=9)
    fig.suptitle(title or f"Gradient descent on the regression loss: {len(path) - 1} steps")
    return fig


def _zorders(runs: dict, twins: list[bool]) -> list[float]:
    """Runs with fewer updates on top, so a long noisy walk does not hide a short smooth one; a
    run on the path of an earlier one (a twin) above that one."""
    counts = [len(r.path) for r in runs.values()]
    return [3 + 0.1 * sorted(counts, reverse=True).index(c) + 0.05 * twin
            for c, twin in zip(counts, twins, strict=True)]


def _loss_panels(ax_update, ax_epoch, runs: dict, X, y) -> None:
    twins = same_as_earlier([r.path for r in runs.values()])
    last_update = 1
    for k, ((label, result), z, twin) in enumerate(
            zip(runs.items(), _zorders(runs, twins), twins, strict=True)):
        colour = palette.BATCH_RUNS[k % len(palette.BATCH_RUNS)]
        losses = _losses(result, X, y)
        updates = np.arange(len(losses))
        last_update = max(last_update, updates[-1])
        line = "--" if twin else "-"
        ax_update.plot(updates, losses, line, color=colour, lw=2.2 if twin else 1.3, label=label,
                       zorder=z)
        epochs = epoch_axis(result)
        ax_epoch.plot(epochs, losses, line, color=colour, lw=0.8, alpha=0.4, zorder=z)
        ends = np.flatnonzero(np.isclose(epochs, np.round(epochs)))
        ax_epoch.plot(epochs[ends], losses[ends], "o" + line, color=colour, ms=5, lw=2,
                      zorder=z + 1)
    floor = float(data.linear_mse(data.least_squares(X, y), X, y))
    for ax in (ax_update, ax_epoch):
        ax.axhline(floor, color=palette.MINIMUM, ls="--", lw=1, label="lowest possible loss")
        ax.set_yscale("log")
        plain_log_ticks(ax.yaxis)
        ax.set_ylabel("loss on all the data")
    ax_update.set_xscale("symlog", linthresh=10)
    ax_update.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax_update.set_xlim(0, last_update)
    ax_update.set_xlabel("update number (evenly spaced up to 10, log scale beyond)")
    ax_update.set_title("Loss after every update")
    ax_epoch.set_xlabel("epochs (passes over the data)")
    ax_epoch.set_title("Loss per epoch (faint: every update; dots: epoch ends)")
    # One legend for both panels: they share their colours, and a second legend would cover the
    # per-epoch curves, which fill the panel.
    ax_update.legend(loc="best", fontsize=9)


@styled
def plot_loss_curves(X, y, runs: dict, *, title: str | None = None):
    """Loss on the full data after every update (left) and against epochs (right), one line per
    run.

    ``runs`` maps a label to a ``MinibatchResult``. Against updates, full batch looks best (every
    step is exact); against epochs (the same amount of data read), small batches win early.
    """
    runs = checks.mapping("runs", runs)
    fig, axes = subplots(1, 2, width=5.6, height=4.0)
    _loss_panels(axes[0, 0], axes[0, 1], runs, X, y)
    fig.suptitle(title or "The same data, different batch sizes")
    return fig


@styled
def plot_batch_paths(X, y, runs: dict, *, extent=None, title: str | None = None):
    """Paths on the loss contours (left) and the loss per update and per epoch, one colour per
    run.

    ``runs`` maps a label (e.g. "batch size 1 (SGD)") to a ``MinibatchResult``. A run whose
    iterates equal an earlier run's is drawn dashed on top of it.
    """
    runs = checks.mapping("runs", runs)
    extent = None if extent is None else checks.extent("extent", extent)
    paths = [np.asarray(r.path, dtype=float) for r in runs.values()]
    if extent is None:
        extent = view_extent(X, y, [p[0] for p in paths])
    fig, axes = subplots(1, 3, width=5.0, height=4.4)
    ax = axes[0, 0]
    _contours(ax, X, y, extent, alpha=0.5)
    twins = same_as_earlier(paths)
    for k, (label, path, z, twin) in enumerate(
            zip(runs, paths, _zorders(runs, twins), twins, strict=True)):
        _draw_run(ax, path, palette.BATCH_RUNS[k % len(palette.BATCH_RUNS)],
                  f"{label}: {len(path) - 1} updates", extent=extent, zorder=z, dashed=twin)
    ax.plot(*paths[0][0], "o", color=palette.START, ms=8, label="start", zorder=8, ls="none")
    ax.set_title("Paths on the loss contours")
    ax.legend(loc="upper right", fontsize=9)
    _loss_panels(axes[0, 1], axes[0, 2], runs, X, y)
    fig.suptitle(title or "Full batch, mini-batch and stochastic descent on the same data")
    return fig


# ---------------------------------------------------------------- time and memory


@styled
def plot_epoch_times(batch_sizes, seconds_per_epoch, n: int, *, title: str | None = None):
    """Time per epoch (left) and time per update (right) against batch size, log-log.

    One epoch makes ceil(n / B) updates. A numpy update costs a fixed overhead plus a little per
    example, so small batches pay the overhead many times per epoch.
    """
    n = checks.integer("n", n, 1, allowed="an integer >= 1 (the number of examples)")
    batch_sizes = checks.finite_array("batch_sizes", batch_sizes, ndim=1, min_size=1)
    if np.any((batch_sizes < 1) | (batch_sizes > n) | (batch_sizes != np.round(batch_sizes))):
        raise ValueError(f"batch_sizes must be whole numbers from 1 to n = {n}, "
                         f"got {batch_sizes.tolist()!r}")
    seconds = checks.finite_array("seconds_per_epoch", seconds_per_epoch, ndim=1, min_size=1)
    if seconds.shape != batch_sizes.shape or np.any(seconds <= 0):
        raise ValueError(f"seconds_per_epoch must be one positive time per batch size "
                         f"({len(batch_sizes)}), got {seconds.tolist()!r}")
    updates = np.ceil(n / batch_sizes)
    fig, axes = subplots(1, 2, width=5.4, height=4.0)
    left, right = axes[0, 0], axes[0, 1]
    left.loglog(batch_sizes, seconds * 1e3, "o-", color=palette.FUNCTION, label="measured")
    left.loglog(batch_sizes, seconds[0] * 1e3 * updates / updates[0], ":", color=palette.GREY,
                label="if every update cost the same")
    left.set_xlabel("batch size B")
    left.set_ylabel("time per epoch (ms)")
    left.set_title(f"One pass over {n:,} examples")
    left.legend(loc="best")
    per_update = seconds / updates
    right.loglog(batch_sizes, per_update * 1e6, "s-", color=palette.PATH, label="measured")
    right.set_xlabel("batch size B")
    right.set_ylabel("time per update (µs)")
    right.set_title("One update: nearly flat for small B")
    right.legend(loc="best")
    for B, t, side in zip(batch_sizes[[0, -1]], per_update[[0, -1]], ("left", "right"),
                          strict=True):
        right.annotate(f"B = {B:,.0f}: {t * 1e6:.3g} µs", (B, t * 1e6), textcoords="offset points",
                       xytext=(6, 8) if side == "left" else (-8, -4), ha=side,
                       va="bottom" if side == "left" else "top", fontsize=9)
    fig.suptitle(title or "Vectorization: a big batch costs little more than a small one")
    return fig


@styled
def plot_memory_trace(rows_read, rss_growth_mb, *, file_mb: float, batch_mb: float,
                      batch_losses=None, noise: float | None = None, title: str | None = None):
    """Memory while streaming a file: the process's resident memory above its starting point
    (left), against rows read so far, with the file's size for scale; the loss of each batch as
    training goes (right), with the lowest loss the data allows, ``noise ** 2``, when the noise's
    standard deviation is given."""
    file_mb = checks.positive("file_mb", file_mb)
    batch_mb = checks.positive("batch_mb", batch_mb)
    if noise is not None:
        noise = checks.nonnegative("noise", noise)
    rows_read = checks.finite_array("rows_read", rows_read, ndim=1, min_size=1)
    growth = checks.finite_array("rss_growth_mb", rss_growth_mb, ndim=1, min_size=1)
    if growth.shape != rows_read.shape:
        raise ValueError(f"rss_growth_mb must hold one value per entry of rows_read "
                         f"({len(rows_read)}), got shape {growth.shape}")
    panels = 2 if batch_losses is not None else 1
    fig, axes = subplots(1, panels, width=5.6, height=4.0)
    ax = axes[0, 0]
    ax.plot(rows_read / 1e6, growth, color=palette.PATH, lw=2,
            label="memory growth of this process")
    ax.axhline(file_mb, color=palette.FUNCTION, ls="--", lw=1.5,
               label=f"the whole file: {file_mb:.0f} MB")
    ax.axhline(batch_mb, color=palette.MINIMUM, ls=":", lw=1.5,
               label=f"one batch: {batch_mb:.1f} MB")
    ax.set_ylim(min(0.0, growth.min()) - 5, file_mb * 1.15)
    ax.set_xlabel("rows read from disk (millions)")
    ax.set_ylabel("resident memory above start (MB)")
    ax.set_title("Memory stays near one batch, not the file")
    ax.legend(loc="center right")
    if batch_losses is not None:
        right = axes[0, 1]
        right.plot(rows_read / 1e6, batch_losses, color=palette.FUNCTION, lw=1.2,
                   label="loss of each batch")
        if noise is not None:
            right.axhline(noise ** 2, color=palette.MINIMUM, ls="--", lw=1,
                          label=f"noise floor: {noise:g}² = {noise ** 2:g}")
        right.set_yscale("log")
        right.set_xlabel("rows read from disk (millions)")
        right.set_ylabel("mean squared error on the batch")
        right.set_title("Training while reading")
        right.legend(loc="upper right")
    fig.suptitle(title or "Training on data streamed from disk, one batch at a time")
    return fig
