"""Static figures of lecture 06, the cross-check with PyTorch: relative errors of gradients,
training side by side, loss histories, time per step, and data parallelism as a picture.

The figures take the results of ``helpers.crosscheck`` (any objects with the same attributes);
this module never imports torch itself.
"""

from __future__ import annotations

import numpy as np

from .. import checks, palette
from .marks import draw_arrow, draw_box, plain_log_ticks
from .style import one_axes, styled, subplots

__all__ = [
    "plot_data_parallel",
    "plot_loss_histories",
    "plot_relative_errors",
    "plot_side_by_side",
    "plot_step_times",
]

FLOOR = 1e-18  # an error of exactly 0 is drawn here, at the bottom of a log axis


def _pick(colours, k: int) -> str:
    return colours[k % len(colours)]


@styled
def plot_relative_errors(series: dict, *, threshold: float | None = None, ax=None):
    """Grouped bars: for each parameter, the largest relative error of each comparison.

    ``series`` maps a comparison's name to ``{parameter name: max relative error}``. The y axis
    is logarithmic; an error of exactly 0 is drawn at the bottom of the axis (marked "0").
    """
    if not series:
        raise ValueError("series must hold at least one comparison")
    if threshold is not None:
        threshold = checks.positive("threshold", threshold)
    names = list(next(iter(series.values())))
    ax = one_axes(ax, width=8.0, height=3.9)
    width = 0.8 / len(series)
    for k, (label, errors) in enumerate(series.items()):
        values = np.array([errors[name] for name in names], dtype=float)
        positions = np.arange(len(names)) - 0.4 + width * (k + 0.5)
        ax.bar(positions, np.maximum(values, FLOOR), width=width * 0.92, bottom=0,
               color=_pick(palette.COMPARISONS, k), label=label, edgecolor=palette.BLACK, lw=0.5)
        for x_pos, value in zip(positions, values, strict=True):
            if value == 0:
                ax.text(x_pos, FLOOR * 3, "0", ha="center", va="bottom", fontsize=9)
    if threshold is not None:
        ax.axhline(threshold, color=palette.PATH, ls="--", lw=1.5,
                   label=f"threshold {threshold:.0e}")
    ax.axhline(np.finfo(float).eps, color=palette.GREY, ls=":", lw=1.5,
               label="float64 rounding ($2.2\\times10^{-16}$)")
    ax.set_yscale("log")
    ax.set_ylim(FLOOR, 1.0)
    ax.set_xticks(np.arange(len(names)), names)
    ax.set_xlabel("parameter")
    ax.set_ylabel("largest relative error (log scale)")
    ax.set_title("How far apart two gradients are, parameter by parameter")
    ax.legend(loc="upper right", fontsize=9)
    return ax.figure


@styled
def plot_side_by_side(runs: dict):
    """Left: both losses per step for each run; right: the largest weight difference per step.

    ``runs`` maps a label to a ``helpers.crosscheck.SideBySide``. A difference of exactly 0 is
    drawn at the bottom of the log axis.
    """
    if not runs:
        raise ValueError("runs must hold at least one side-by-side result")
    fig, axes = subplots(1, 2, width=5.4, height=3.9)
    left, right = axes[0]
    for k, (label, run) in enumerate(runs.items()):
        colour = _pick(palette.OURS, k)
        steps = np.arange(1, len(run.our_losses) + 1)
        left.plot(steps, run.our_losses, color=colour, lw=2.5, label=f"ours, {label}")
        left.plot(steps, run.torch_losses, ls="none", marker="o", ms=5.5, mew=1.2, mfc="none",
                  color=_pick(palette.TORCH, k), label=f"torch.optim.SGD, {label}")
        right.plot(steps, np.maximum(run.max_abs_diff, FLOOR), color=colour, lw=2, marker=".",
                   label=label)
    left.set_yscale("log")
    left.set_xlabel("training step")
    left.set_ylabel("loss (log scale)")
    plain_log_ticks(left.yaxis, mantissas=(1, 2, 5))
    left.set_title("The losses: the circles sit on the lines")
    left.legend(fontsize=9)
    right.axhline(np.finfo(float).eps, color=palette.GREY, ls=":", lw=1.5,
                  label="float64 rounding (numbers near 1)")
    right.set_yscale("log")
    right.set_ylim(FLOOR, 1.0)
    right.set_xlabel("training step")
    right.set_ylabel("largest |our weight - torch weight|")
    right.set_title("The weights: differences at rounding level")
    right.legend(fontsize=9)
    return fig


@styled
def plot_loss_histories(histories: dict, *, title: str = "The loss at every training step",
                        ax=None):
    """One loss curve per ``{label: losses}`` entry against the training step, on a log axis."""
    if not histories:
        raise ValueError("histories must hold at least one loss curve")
    ax = one_axes(ax, width=7.5, height=3.8)
    for k, (label, losses) in enumerate(histories.items()):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(len(losses)), losses, color=_pick(palette.LOSS_CURVES, k), lw=2,
                label=label)
    ax.set_yscale("log")
    plain_log_ticks(ax.yaxis, mantissas=(1, 2, 5))
    ax.set_xlabel("training step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title(title)
    ax.legend()
    return ax.figure


@styled
def plot_step_times(timings: dict, *, ax=None):
    """Bars of microseconds per training step, numpy (ours) next to torch autograd, per network.

    ``timings`` maps a label (e.g. the network's sizes) to a ``helpers.crosscheck.StepTiming``.
    """
    if not timings:
        raise ValueError("timings must hold at least one timing")
    ax = one_axes(ax, width=7.0, height=3.8)
    labels = list(timings)
    positions = np.arange(len(labels))
    ours = np.array([timings[k].numpy_seconds for k in labels]) * 1e6
    theirs = np.array([timings[k].torch_seconds for k in labels]) * 1e6
    ax.bar(positions - 0.2, ours, width=0.38, color=palette.OURS[0],
           label="ours (numpy backward)", edgecolor=palette.BLACK, lw=0.5)
    ax.bar(positions + 0.2, theirs, width=0.38, color=palette.TORCH[0],
           label="torch autograd + SGD", edgecolor=palette.BLACK, lw=0.5)
    for x_pos, a, b in zip(positions, ours, theirs, strict=True):
        ax.text(x_pos, max(a, b) * 1.15, f"ours / torch = {a / b:.2f}", ha="center", fontsize=9)
    ax.set_yscale("log")
    ax.set_ylim(min(ours.min(), theirs.min()) / 2, max(ours.max(), theirs.max()) * 4)
    ax.set_xticks(positions, labels)
    ax.set_xlabel("network (layer sizes) and number of samples")
    ax.set_ylabel("time per training step (µs, log scale)")
    ax.set_title("What one training step costs (median; depends on this machine)")
    ax.legend(loc="upper left", fontsize=9)
    return ax.figure


@styled
def plot_data_parallel(world_size: int = 2, *, ax=None):
    """The idea of data parallelism as a picture: split the batch, one gradient per worker,
    all-reduce to the average, which every worker then uses for the same update."""
    world_size = checks.integer("world_size", world_size, 1, 6)
    ax = one_axes(ax, width=12.0, height=1.3 + 1.1 * world_size)
    height = 1.1 * world_size
    ax.set_xlim(-0.1, 12.4)
    ax.axis("off")
    box = {"pad": 0.03, "rounding": 0.1, "fill": 0.18, "lw": 1.6, "fontsize": 9.5}
    arrow = {"lw": 1.4, "head": 12}

    rows = [height - 1.1 * (rank + 1) + 0.6 for rank in range(world_size)]
    middle = float(np.mean(rows))
    ax.set_ylim(min(-0.3, middle - 1.3), height + 0.1)
    draw_box(ax, (0.85, middle), f"a batch of n rows,\nsplit in {world_size}", palette.GREY,
             width=1.6, height=0.9, **box)
    draw_box(ax, (8.55, middle), "the average of the\nworkers' gradients", palette.PATH,
             width=2.2, height=0.9, **box)
    draw_box(ax, (11.15, middle), "the same update\non every worker", palette.PURPLE, width=2.1,
             height=0.9, **box)
    draw_arrow(ax, (9.65, middle), (10.1, middle), **arrow)
    for rank, cy in enumerate(rows):
        draw_box(ax, (3.15, cy), f"worker {rank}: shard {rank + 1}\nof {world_size}, "
                 f"n/{world_size} rows", palette.FUNCTION, width=2.1, **box)
        draw_box(ax, (5.75, cy), f"mean gradient $g_{rank}$\non its shard", palette.ORANGE,
                 width=2.1, **box)
        draw_arrow(ax, (1.65, middle), (2.1, cy), **arrow)
        draw_arrow(ax, (4.2, cy), (4.7, cy), **arrow)
        draw_arrow(ax, (6.8, cy), (7.45, middle), colour=palette.PATH, **arrow)
    ax.text(8.55, middle - 0.75, "all_reduce (sum), then / world size\n= the full-batch gradient",
            ha="center", va="top", fontsize=9, color=palette.PATH, style="italic")
    ax.set_title(f"Data parallelism with {world_size} workers: each sees part of the batch, "
                 "all agree on one gradient")
    return ax.figure
