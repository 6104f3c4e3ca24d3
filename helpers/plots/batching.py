"""Static figures for lecture 04: the training pipeline, the shapes of ``X @ w``, the loss
surface of a two-parameter regression with descent paths on it, loss curves per update and per
epoch, time per epoch against batch size, and memory while streaming data from disk."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.ticker import FuncFormatter

from .. import data, palette
from .style import styled, subplots

__all__ = [
    "contour_levels",
    "epoch_axis",
    "iterates",
    "loss_grid",
    "plot_batch_paths",
    "plot_epoch_times",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_matrix_shapes",
    "plot_memory_trace",
    "plot_pipeline",
    "plot_regression_data",
    "view_extent",
]

# Side-by-side runs: no green (the minimum is green) and the stochastic walk in vermillion.
RUN_COLOURS = (palette.BLUE, palette.ORANGE, palette.VERMILLION, palette.PURPLE, palette.SKY_BLUE,
               palette.BLACK)


# ---------------------------------------------------------------- the pipeline as a picture


def _box(ax, xy, text, colour, *, width=1.9, height=0.8, dashed=False):
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.06,rounding_size=0.12", fc=to_rgba(colour, 0.2),
                                ec=colour, lw=1.8, ls="--" if dashed else "-"))
    ax.text(x, y, text, ha="center", va="center", fontsize=10.5)


def _arrow(ax, start, end, text="", colour=palette.BLACK, *, offset=(0, 0.18), dashed=False, rad=0.0):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.8, "mutation_scale": 16,
                                "ls": "--" if dashed else "-", "connectionstyle": f"arc3,rad={rad}",
                                "shrinkA": 2, "shrinkB": 2})
    if text:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], text,
                ha="center", va="bottom", fontsize=9, color=colour)


@styled
def plot_pipeline():
    """Input -> model -> prediction -> loss against the ground truth -> gradient -> update.

    The forward pass runs left to right along the top; training runs right to left along the
    bottom and closes the loop by changing the model's parameters. Hyperparameters sit outside
    the loop: we choose them, the loop never changes them. The learning rate is written eta, as
    in the lecture's formulas.
    """
    fig, axes = subplots(width=11.0, height=4.4)
    ax = axes[0, 0]
    ax.set_xlim(-0.3, 11.3)
    ax.set_ylim(-0.1, 4.8)
    ax.axis("off")
    top, bottom = 3.0, 1.0
    _box(ax, (0.9, top), "input $\\mathbf{x}$\n(features)", palette.GREY)
    _box(ax, (3.6, top), "model $\\hat y = \\mathbf{w}^T\\mathbf{x}$\nparameters $\\mathbf{w}$ (learned)",
         palette.FUNCTION, width=2.3)
    _box(ax, (6.3, top), "prediction $\\hat y$", palette.FUNCTION)
    _box(ax, (9.3, top), "loss $L(\\hat y, y)$\ne.g. $(\\hat y - y)^2$", palette.VERMILLION, width=2.1)
    _box(ax, (9.3, 4.3), "ground truth $y$", palette.MINIMUM, height=0.45)
    _box(ax, (9.3, bottom), "gradient\n$\\partial L / \\partial \\mathbf{w}$", palette.TANGENT)
    _box(ax, (5.0, bottom), "update\n$\\mathbf{w} \\leftarrow \\mathbf{w} - \\eta\\,"
         "\\partial L/\\partial \\mathbf{w}$", palette.PATH, width=2.9)
    _box(ax, (1.2, bottom), "hyperparameters\nlearning rate $\\eta$, batch size $B$,\nepochs (we choose them)",
         palette.GREY, width=2.5, height=1.0, dashed=True)
    _arrow(ax, (1.85, top), (2.45, top))
    _arrow(ax, (4.75, top), (5.35, top))
    _arrow(ax, (7.25, top), (8.25, top))
    _arrow(ax, (9.3, 4.0), (9.3, top + 0.45))
    _arrow(ax, (9.3, top - 0.45), (9.3, bottom + 0.45), "backward:\nhow L changes with w",
           palette.TANGENT, offset=(-1.05, -0.35))
    _arrow(ax, (8.35, bottom), (6.45, bottom))
    _arrow(ax, (4.2, bottom + 0.45), (3.6, top - 0.45), "new w", palette.PATH, offset=(-0.45, -0.1))
    _arrow(ax, (2.45, bottom), (3.55, bottom), colour=palette.GREY, dashed=True)
    ax.text(5.0, 3.75, "forward pass", ha="center", fontsize=10, style="italic")
    ax.text(7.2, 0.15, "training step (repeated for every batch)", ha="center", fontsize=10,
            style="italic")
    ax.set_title("The training loop: the model predicts, the loss scores, the gradient says how to "
                 "change the parameters")
    return fig


# ---------------------------------------------------------------- shapes of X @ w


@styled
def plot_matrix_shapes(n: int = 8, d: int = 3, *, row: int = 2):
    """``X`` (n rows, one per example; d columns, one per feature) times ``w`` (d,) gives one
    prediction per example, ``X @ w`` of shape (n,). Row ``row`` of X with w is ``w^T x``; rows
    are counted from 0, as Python does, and the label says so."""
    fig, axes = subplots(width=7.5, height=3.8)
    ax = axes[0, 0]
    cell = 0.4
    gap = 1.5
    height = n * cell

    def block(x0, rows, cols, colour, name, shape):
        bottom = (height - rows * cell) / 2  # centred vertically
        for i in range(rows):
            for j in range(cols):
                ax.add_patch(Rectangle((x0 + j * cell, bottom + (rows - 1 - i) * cell), cell, cell,
                                       fc=to_rgba(colour, 0.25), ec=colour, lw=1))
        middle = x0 + cols * cell / 2
        ax.text(middle, bottom + rows * cell + 0.12, name, ha="center", va="bottom", fontsize=13)
        ax.text(middle, -0.15, shape, ha="center", va="top", fontsize=9.5)
        return x0 + cols * cell

    def operator(x, text):
        ax.text(x, height / 2, text, ha="center", va="center", fontsize=17)

    x_right = block(0.0, n, d, palette.FUNCTION, "$X$", f"shape ({n}, {d})\nexamples × features")
    ax.add_patch(Rectangle((0.0, (n - 1 - row) * cell), d * cell, cell, fc="none", ec=palette.PATH, lw=2.5))
    operator(x_right + gap / 2, "@")
    w_right = block(x_right + gap, d, 1, palette.PATH, "$\\mathbf{w}$", f"shape ({d},)\nparameters")
    operator(w_right + gap / 2, "=")
    y_left = w_right + gap
    y_right = block(y_left, n, 1, palette.MINIMUM, "$X\\mathbf{w}$", f"shape ({n},)\none prediction\nper example")
    ax.add_patch(Rectangle((y_left, (n - 1 - row) * cell), cell, cell, fc="none", ec=palette.PATH, lw=2.5))
    centre = (n - 0.5 - row) * cell
    ax.annotate(f"example {row}: $\\hat y_{{{row}}} = \\mathbf{{w}}^T \\mathbf{{x}}_{{{row}}}$\n"
                "(rows counted from 0, as in Python)",
                xy=(y_right, centre), xytext=(y_right + 0.6, centre), va="center", fontsize=11,
                color=palette.PATH, arrowprops={"arrowstyle": "-", "color": palette.PATH})
    ax.set_xlim(-0.6, y_right + 3.6)
    ax.set_ylim(-1.3, height + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("All predictions at once: one row of X per example")
    return fig


@styled
def plot_regression_data(X, y, lines: dict, *, title: str | None = None):
    """The data points (x, y) and one straight line per entry of ``lines`` (label -> (w0, w1)),
    each labelled with its mean squared error on the data."""
    fig, axes = subplots(width=6.8, height=4.3)
    ax = axes[0, 0]
    x = X[:, 1]
    ax.plot(x, y, "o", color=palette.GREY, ms=4, alpha=0.7, label=f"data: {len(y)} examples")
    grid = np.linspace(x.min(), x.max(), 2)
    for (label, w), colour in zip(lines.items(), RUN_COLOURS):
        w = np.asarray(w, dtype=float)
        ax.plot(grid, w[0] + w[1] * grid, color=colour, lw=2.2,
                label=f"{label}: $w_0$ = {w[0]:.2f}, $w_1$ = {w[1]:.2f}, loss {data.linear_mse(w, X, y):.2f}")
    ax.set_xlabel("x (the feature)")
    ax.set_ylabel("y (the ground truth)")
    ax.set_title(title or "A model is a line $\\hat y = w_0 + w_1 x$; the loss scores how well it fits")
    ax.legend(loc="upper left", fontsize=8)
    return fig


# ---------------------------------------------------------------- loss surface and paths


def iterates(result) -> np.ndarray:
    """The iterates of a solver result (``weights`` or ``path``) or of a plain array, as (k+1, 2)."""
    for name in ("weights", "path"):
        if hasattr(result, name):
            return np.asarray(getattr(result, name), dtype=float)
    return np.asarray(result, dtype=float)


def view_extent(X, y, points=(), *, pad: float = 0.25) -> tuple[float, float, float, float]:
    """(w0_low, w0_high, w1_low, w1_high) around the least-squares answer and the given points."""
    best = data.least_squares(X, y)
    cloud = np.vstack([best[None, :]] + [np.atleast_2d(np.asarray(p, dtype=float)) for p in points])
    low, high = cloud.min(axis=0), cloud.max(axis=0)
    span = np.maximum(high - low, 2.0)
    low, high = low - pad * span, high + pad * span
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def loss_grid(X, y, extent, points: int = 160):
    """The mean squared error on a grid over ``extent``: (W0, W1, L), each (points, points)."""
    w0 = np.linspace(extent[0], extent[1], points)
    w1 = np.linspace(extent[2], extent[3], points)
    W0, W1 = np.meshgrid(w0, w1)
    L = data.linear_mse(np.stack([W0, W1], axis=-1), X, y)
    return W0, W1, L


def contour_levels(L: np.ndarray, count: int = 12) -> np.ndarray:
    """Loss levels packed towards the minimum, where the interesting motion happens."""
    low, high = float(L.min()), float(L.max())
    return low + (high - low) * np.geomspace(2e-3, 0.6, count)


def epoch_axis(result) -> np.ndarray:
    """Each row of ``result.weights`` placed on an epoch axis: update k sits at k / updates_per_epoch."""
    return np.arange(len(result.weights)) / result.updates_per_epoch


def _losses(result, X, y) -> np.ndarray:
    if getattr(result, "losses", None) is not None:
        return np.asarray(result.losses, dtype=float)
    return np.asarray(data.linear_mse(iterates(result), X, y), dtype=float)


def _contours(ax, X, y, extent, *, minimum: bool = True, alpha: float = 1.0):
    W0, W1, L = loss_grid(X, y, extent)
    ax.contour(W0, W1, L, levels=contour_levels(L), cmap=palette.CONTOUR_MAP, linewidths=1, alpha=alpha)
    if minimum:
        best = data.least_squares(X, y)
        ax.plot(*best, "*", color=palette.MINIMUM, ms=15, mec=palette.BLACK, mew=0.6,
                label="least-squares minimum", zorder=6, ls="none")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$w_0$ (intercept)")
    ax.set_ylabel("$w_1$ (slope)")
    return L


def _path(ax, path, colour, label, *, extent, dots: bool = True, lw: float = 1.6, alpha: float = 0.95,
          zorder: float = 4, dashed: bool = False):
    path = np.asarray(path, dtype=float)
    margin_x = extent[1] - extent[0]
    margin_y = extent[3] - extent[2]
    shown = np.column_stack([np.clip(path[:, 0], extent[0] - margin_x, extent[1] + margin_x),
                             np.clip(path[:, 1], extent[2] - margin_y, extent[3] + margin_y)])
    if dashed:  # on top of an identical path: gaps let the one below show through
        ax.plot(shown[:, 0], shown[:, 1], "--", color=colour, lw=2.2, alpha=alpha, label=label, zorder=zorder)
    else:
        dots = dots and len(shown) <= 60  # a long stochastic walk reads better as a thin line
        ax.plot(shown[:, 0], shown[:, 1], "-o" if dots else "-", color=colour, lw=lw if dots else 0.9,
                ms=3.5, alpha=alpha, label=label, zorder=zorder)
    ax.plot(shown[-1, 0], shown[-1, 1], "D", color=colour, mec=palette.BLACK, ms=7, zorder=zorder + 3)


@styled
def plot_loss_surface(X, y, result, *, extent=None, title: str | None = None, label: str = "descent path"):
    """The regression's loss over (w0, w1) as a 3-D surface and as contours, with a path on both."""
    path = iterates(result)
    extent = extent or view_extent(X, y, [path[0]])
    fig = plt.figure(figsize=(11.2, 4.6), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax = fig.add_subplot(1, 2, 2)
    W0, W1, L = loss_grid(X, y, extent, points=45)
    ax3d.plot_surface(W0, W1, L, cmap=palette.CONTOUR_MAP, alpha=0.75, linewidth=0, antialiased=True)
    inside = ((path[:, 0] >= extent[0]) & (path[:, 0] <= extent[1])
              & (path[:, 1] >= extent[2]) & (path[:, 1] <= extent[3]))
    shown = path[inside]
    # Lifted a little so the path stays visible on the surface.
    losses = data.linear_mse(shown, X, y) + 0.01 * float(L.max() - L.min()) if len(shown) else np.empty(0)
    ax3d.plot(shown[:, 0], shown[:, 1], losses, "-o", color=palette.PATH, ms=3, lw=1.6, zorder=10,
              label=label)
    ax3d.plot(shown[:1, 0], shown[:1, 1], losses[:1], "o", color=palette.START, ms=7, label="start")
    ax3d.set_xlabel("$w_0$ (intercept)")
    ax3d.set_ylabel("$w_1$ (slope)")
    ax3d.set_zlabel("loss (mean squared error)")
    ax3d.set_title("The loss surface: a long, tilted bowl")
    ax3d.view_init(elev=35, azim=-60)
    ax3d.legend(loc="upper left", fontsize=8)
    _contours(ax, X, y, extent)
    _path(ax, path, palette.PATH, label, extent=extent)
    ax.plot(*path[0], "o", color=palette.START, ms=8, label="start", zorder=7)
    ax.set_title("The same bowl from above (contours)")
    ax.legend(loc="upper right", fontsize=8)
    fig.suptitle(title or f"Gradient descent on the regression loss: {len(path) - 1} steps")
    return fig


def _zorders(runs: dict) -> list[float]:
    """Runs with fewer updates on top, so a long noisy walk does not hide a short smooth one; a
    run on the path of an earlier one (see :func:`_twins`) above that one."""
    counts = [len(iterates(r)) for r in runs.values()]
    return [3 + 0.1 * sorted(counts, reverse=True).index(c) + 0.05 * twin
            for c, twin in zip(counts, _twins(runs))]


def _twins(runs: dict) -> list[bool]:
    """For each run, whether its iterates equal those of an earlier run. Such a run is drawn
    dashed on top of the earlier one, so both stay visible where they coincide."""
    paths = [iterates(r) for r in runs.values()]
    return [any(p.shape == q.shape and np.allclose(p, q, rtol=1e-9, atol=1e-12) for q in paths[:k])
            for k, p in enumerate(paths)]


def _plain_log_ticks(axis) -> None:
    """Tick labels on a log axis as plain numbers (0.3, 2, 100) instead of powers of ten: the
    powers of ten, and the 2, 3 and 5 of every decade (0.2, 0.3, 0.5 below 1)."""
    plain = FuncFormatter(lambda value, _: f"{value:g}")
    axis.set_major_formatter(plain)
    axis.set_minor_formatter(FuncFormatter(lambda value, _: f"{value:g}" if f"{value:.0e}"[0] in "235" else ""))


def _loss_panels(ax_update, ax_epoch, runs: dict, X, y, colours):
    last_update = 1
    for (label, result), colour, z, twin in zip(runs.items(), colours, _zorders(runs), _twins(runs)):
        losses = _losses(result, X, y)
        updates = np.arange(len(losses))
        last_update = max(last_update, updates[-1])
        line = "--" if twin else "-"
        ax_update.plot(updates, losses, line, color=colour, lw=2.2 if twin else 1.3, label=label, zorder=z)
        epochs = epoch_axis(result)
        ax_epoch.plot(epochs, losses, line, color=colour, lw=0.8, alpha=0.4, zorder=z)
        ends = np.flatnonzero(np.isclose(epochs, np.round(epochs)))
        ax_epoch.plot(epochs[ends], losses[ends], "o" + line, color=colour, ms=5, lw=2, zorder=z + 1)
    floor = float(data.linear_mse(data.least_squares(X, y), X, y))
    for ax in (ax_update, ax_epoch):
        ax.axhline(floor, color=palette.MINIMUM, ls="--", lw=1, label="lowest possible loss")
        ax.set_yscale("log")
        _plain_log_ticks(ax.yaxis)
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
    ax_update.legend(loc="best", fontsize=8)


@styled
def plot_loss_curves(X, y, runs: dict, *, title: str | None = None):
    """Loss on the full data after every update (left) and against epochs (right), one line per run.

    ``runs`` maps a label to a ``MinibatchResult``. Against updates, full batch looks best (every
    step is exact); against epochs (the same amount of data read), small batches win early.
    """
    fig, axes = subplots(1, 2, width=5.6, height=4.0)
    _loss_panels(axes[0, 0], axes[0, 1], runs, X, y, RUN_COLOURS)
    fig.suptitle(title or "The same data, different batch sizes")
    return fig


@styled
def plot_batch_paths(X, y, runs: dict, *, extent=None, title: str | None = None):
    """Paths on the loss contours (left) and the loss per update and per epoch, one colour per run.

    ``runs`` maps a label (e.g. "batch size 1 (SGD)") to a ``MinibatchResult``. A run whose
    iterates equal an earlier run's is drawn dashed on top of it.
    """
    paths = [iterates(r) for r in runs.values()]
    extent = extent or view_extent(X, y, [p[0] for p in paths])
    fig, axes = subplots(1, 3, width=5.0, height=4.4)
    ax = axes[0, 0]
    _contours(ax, X, y, extent, alpha=0.5)
    colours = RUN_COLOURS
    for (label, result), path, colour, z, twin in zip(runs.items(), paths, colours, _zorders(runs), _twins(runs)):
        _path(ax, path, colour, f"{label}: {len(path) - 1} updates", extent=extent, zorder=z, dashed=twin)
    ax.plot(*paths[0][0], "o", color=palette.START, ms=8, label="start", zorder=8, ls="none")
    ax.set_title("Paths on the loss contours")
    ax.legend(loc="upper right", fontsize=7.5)
    _loss_panels(axes[0, 1], axes[0, 2], runs, X, y, colours)
    fig.suptitle(title or "Full batch, mini-batch and stochastic descent on the same data")
    return fig


# ---------------------------------------------------------------- time and memory


@styled
def plot_epoch_times(batch_sizes, seconds_per_epoch, n: int, *, title: str | None = None):
    """Time per epoch (left) and time per update (right) against batch size, log-log.

    One epoch makes ceil(n / B) updates. A numpy update costs a fixed overhead plus a little per
    example, so small batches pay the overhead many times per epoch.
    """
    batch_sizes = np.asarray(batch_sizes, dtype=float)
    seconds = np.asarray(seconds_per_epoch, dtype=float)
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
    for B, t, side in zip(batch_sizes[[0, -1]], per_update[[0, -1]], ("left", "right")):
        right.annotate(f"B = {B:,.0f}: {t * 1e6:.3g} µs", (B, t * 1e6), textcoords="offset points",
                       xytext=(6, 8) if side == "left" else (-8, -4), ha=side, va="bottom" if side == "left" else "top",
                       fontsize=8)
    fig.suptitle(title or "Vectorization: a big batch costs little more than a small one")
    return fig


@styled
def plot_memory_trace(rows_read, rss_growth_mb, *, file_mb: float, batch_mb: float, batch_losses=None,
                      noise: float | None = None, title: str | None = None):
    """Memory while streaming a file: the process's resident memory above its starting point
    (left), against rows read so far, with the file's size for scale; the loss of each batch as
    training goes (right), with the lowest loss the data allows, ``noise ** 2``, when the noise's
    standard deviation is given."""
    rows_read = np.asarray(rows_read, dtype=float)
    growth = np.asarray(rss_growth_mb, dtype=float)
    panels = 2 if batch_losses is not None else 1
    fig, axes = subplots(1, panels, width=5.6, height=4.0)
    ax = axes[0, 0]
    ax.plot(rows_read / 1e6, growth, color=palette.PATH, lw=2, label="memory growth of this process")
    ax.axhline(file_mb, color=palette.FUNCTION, ls="--", lw=1.5, label=f"the whole file: {file_mb:.0f} MB")
    ax.axhline(batch_mb, color=palette.MINIMUM, ls=":", lw=1.5, label=f"one batch: {batch_mb:.1f} MB")
    ax.set_ylim(min(0.0, growth.min()) - 5, file_mb * 1.15)
    ax.set_xlabel("rows read from disk (millions)")
    ax.set_ylabel("resident memory above start (MB)")
    ax.set_title("Memory stays near one batch, not the file")
    ax.legend(loc="center right")
    if batch_losses is not None:
        right = axes[0, 1]
        right.plot(rows_read / 1e6, batch_losses, color=palette.FUNCTION, lw=1.2, label="loss of each batch")
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
