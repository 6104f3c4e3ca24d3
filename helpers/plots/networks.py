"""Static figures for lectures 05 and 06: decision boundaries of a network, training as it
learns, the computation graph of a tiny network with every value and gradient, and the
cross-check with PyTorch (relative errors, training side by side, time per step, data parallelism).

The cross-check figures take the results of ``helpers.crosscheck`` (any objects with the same
attributes); this module never imports torch itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import contourpy
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import FuncFormatter

from .. import mlp, palette
from .style import styled, subplots

__all__ = [
    "CLASS_COLOURS",
    "PROBABILITY_MAP",
    "ComputationGraph",
    "GraphEdge",
    "GraphNode",
    "boundary_lines",
    "data_extent",
    "draw_decision_boundary",
    "plot_computation_graph",
    "plot_data_parallel",
    "plot_decision_boundaries",
    "plot_learning",
    "plot_loss_histories",
    "plot_relative_errors",
    "plot_side_by_side",
    "plot_step_times",
    "probability_grid",
    "tiny_network_graph",
]

# Class 0 blue circles, class 1 orange triangles: told apart by colour (for every kind of colour
# vision) and by shape (in grey print). The background shades between the two, white at p = 1/2.
CLASS_COLOURS = (palette.BLUE, palette.ORANGE)
CLASS_MARKERS = ("o", "^")
CLASS_NAMES = ("class 0", "class 1")


def _lighten(colour: str, amount: float) -> tuple:
    """``colour`` mixed with white: amount 0 keeps it, 1 gives white."""
    r, g, b, _ = to_rgba(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


PROBABILITY_MAP = LinearSegmentedColormap.from_list(
    "p_class_1", [_lighten(CLASS_COLOURS[0], 0.45), (1.0, 1.0, 1.0), _lighten(CLASS_COLOURS[1], 0.35)]
)
BOUNDARY_COLOUR = palette.BLACK
BOUNDARY_LABEL = "decision boundary (p = 1/2)"


# --------------------------------------------------------------------------------------------
# decision boundaries
# --------------------------------------------------------------------------------------------


def data_extent(X, margin: float = 0.3) -> tuple[float, float, float, float]:
    """(x_low, x_high, y_low, y_high): the box around the points, ``margin`` wider on each side."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, 2) with n >= 1, got {X.shape}")
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def probability_grid(params, extent, points: int = 60):
    """The network's P(class 1) on a ``points`` x ``points`` grid over ``extent``.

    Returns ``(xs, ys, P)`` with ``P[i, j]`` the probability at ``(xs[j], ys[i])``: rows run
    along y, as matplotlib's ``pcolormesh(xs, ys, P)`` and bqplot's ``HeatMap`` expect. A network
    whose weights overflowed gives 1/2 where its output is not a number.
    """
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise ValueError(f"points must be an integer >= 2, got {points!r}")
    x_low, x_high, y_low, y_high = extent
    xs = np.linspace(x_low, x_high, points)
    ys = np.linspace(y_low, y_high, points)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        P = mlp.predict_proba(params, grid).reshape(points, points)
    return xs, ys, np.nan_to_num(P, nan=0.5)


def boundary_lines(xs, ys, P, level: float = 0.5) -> list[np.ndarray]:
    """The pieces of the line where the probability crosses ``level``, each of shape (k, 2)."""
    if not (np.min(P) < level < np.max(P)):
        return []
    generator = contourpy.contour_generator(xs, ys, P)
    return [np.asarray(piece) for piece in generator.lines(level) if len(piece) > 1]


def draw_decision_boundary(ax, params, X, y, *, extent=None, points: int = 150, legend: bool = True):
    """Shade P(class 1) over the plane, draw the p = 1/2 line and the labelled points on ``ax``.

    Returns the shading (a QuadMesh) for a colour bar.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    extent = data_extent(X) if extent is None else extent
    xs, ys, P = probability_grid(params, extent, points)
    mesh = ax.pcolormesh(xs, ys, P, cmap=PROBABILITY_MAP, vmin=0.0, vmax=1.0, shading="auto",
                         rasterized=True)
    for piece in boundary_lines(xs, ys, P):
        ax.plot(piece[:, 0], piece[:, 1], color=BOUNDARY_COLOUR, lw=2.2)
    for k in (0, 1):
        rows = y == k
        ax.scatter(X[rows, 0], X[rows, 1], s=24, c=CLASS_COLOURS[k], marker=CLASS_MARKERS[k],
                   edgecolors=palette.BLACK, linewidths=0.5, label=CLASS_NAMES[k], zorder=3)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        handles.append(Line2D([], [], color=BOUNDARY_COLOUR, lw=2.2))
        labels.append(BOUNDARY_LABEL)
        ax.legend(handles, labels, loc="lower left", fontsize=8)
    return mesh


def _plain_log_labels(ax) -> None:
    """Tick labels like 0.06 instead of 6 x 10^-2 on a log-scaled y axis."""
    def label(value, _):
        if value <= 0:
            return ""
        leading = value / 10 ** math.floor(math.log10(value) + 1e-9)
        return f"{value:g}" if round(leading, 6) in (1.0, 2.0, 5.0) else ""

    ax.yaxis.set_major_formatter(FuncFormatter(label))
    ax.yaxis.set_minor_formatter(FuncFormatter(label))


def _colour_bar(fig, mesh, axes):
    bar = fig.colorbar(mesh, ax=axes, shrink=0.85, pad=0.02)
    bar.set_label("P(class 1) predicted by the network")
    bar.set_ticks([0.0, 0.25, 0.5, 0.75, 1.0])


@styled
def plot_decision_boundaries(models: dict, X, y, *, title: str | None = None):
    """One panel per ``{title: params}`` entry: the shaded probability, the boundary, the data.

    Each panel's title ends with the training accuracy of that network.
    """
    if not models:
        raise ValueError("models must map at least one panel title to network parameters")
    fig, axes = subplots(1, len(models), width=4.6, height=4.0)
    extent = data_extent(X)
    mesh = None
    for ax, (name, params) in zip(axes[0], models.items()):
        mesh = draw_decision_boundary(ax, params, X, y, extent=extent, legend=ax is axes[0, 0])
        ax.set_title(f"{name}\ntraining accuracy {mlp.accuracy(params, X, y):.1%}")
    _colour_bar(fig, mesh, axes[0].tolist())
    if title:
        fig.suptitle(title)
    return fig


def _snapshot_index(result, step) -> int:
    """The last snapshot taken at or before ``step`` (None means the last one)."""
    steps = np.asarray(result.snapshot_steps)
    if step is None:
        return len(steps) - 1
    return int(max(np.searchsorted(steps, step, side="right") - 1, 0))


@styled
def plot_learning(result, X, y, steps=(0, 20, 100, None)):
    """The decision boundary at a few moments of training, and under it the loss curve marking
    those moments.

    ``result`` is a ``helpers.mlp.TrainResult``; each entry of ``steps`` picks the last snapshot
    at or before that step (``None``: the end of training).
    """
    indices = [_snapshot_index(result, s) for s in steps]
    panels = [f"boundary {k}" for k in range(len(indices))]
    fig = plt.figure(figsize=(3.3 * len(indices) + 1.0, 6.6), layout="constrained")
    axes = fig.subplot_mosaic([panels, ["loss"] * len(panels)], height_ratios=[3.2, 2.0])
    extent = data_extent(X)
    mesh = None
    for panel, index in zip(panels, indices):
        ax = axes[panel]
        params = result.snapshots[index]
        mesh = draw_decision_boundary(ax, params, X, y, extent=extent, points=100,
                                      legend=panel == panels[0])
        step = int(result.snapshot_steps[index])
        ax.set_title(f"after {step} step{'s' * (step != 1)}\n"
                     f"loss {result.losses[step]:.3g}, accuracy {mlp.accuracy(params, X, y):.0%}")
    _colour_bar(fig, mesh, [axes[p] for p in panels])

    ax = axes["loss"]
    losses = np.asarray(result.losses)
    finite = np.isfinite(losses)
    ax.plot(np.flatnonzero(finite), losses[finite], color=palette.FUNCTION, lw=2,
            label="loss on the training data")
    marked = [int(result.snapshot_steps[i]) for i in indices]
    ax.scatter(marked, losses[marked], s=60, color=palette.PATH, edgecolors=palette.BLACK, zorder=3,
               label="the moments shown above")
    ax.set_yscale("log")
    ax.set_xlabel("training step (full-batch updates)")
    ax.set_ylabel("cross-entropy (log scale)")
    _plain_log_labels(ax)
    ax.set_title("The loss while training")
    ax.legend()
    return fig


# --------------------------------------------------------------------------------------------
# the computation graph of a tiny network
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphNode:
    """One quantity of the computation: its forward ``value`` and its gradient dL/d(node)."""

    name: str
    symbol: str  # the node's name in mathtext, for "dL/d<symbol>"
    formula: str  # how it is drawn, matplotlib mathtext
    value: float
    grad: float
    position: tuple[float, float]
    kind: str  # "input", "parameter", "operation" or "loss"


@dataclass(frozen=True)
class GraphEdge:
    """``source`` feeds ``target``; ``local`` is d(target)/d(source) at the current values."""

    source: str
    target: str
    local: float
    local_formula: str


@dataclass(frozen=True)
class ComputationGraph:
    """Nodes by name, the edges between them, and which node is the loss.

    Backpropagation in one sentence: a node's gradient is the sum, over the edges leaving it,
    of (the gradient of the node the edge enters) x (the edge's local derivative).
    """

    nodes: dict
    edges: tuple
    loss: str = "L"

    def value(self, name: str) -> float:
        return self.nodes[name].value

    def grad(self, name: str) -> float:
        return self.nodes[name].grad


def tiny_network_graph(x=0.5, target=1.0, w0=2.0, b0=0.5, w1=-1.0, b1=0.5) -> ComputationGraph:
    """The slides' two-layer network on one number, every value and gradient filled in.

    ``z = w0 x + b0``, ``h = relu(z)``, ``y = w1 h + b1``, ``L = (y - t)^2``. The values come from
    ``helpers.mlp``'s forward layers and the gradients from its backward layers (a [1, 1, 1]
    network with the "mse" loss), so the picture shows exactly what the library computes.
    """
    numbers = {"x": x, "target": target, "w0": w0, "b0": b0, "w1": w1, "b1": b1}
    for name, value in numbers.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
                or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    W0, B0, W1, B1 = (np.array([[w0]], float), np.array([b0], float), np.array([[w1]], float),
                      np.array([b1], float))
    z, first = mlp.linear_forward(np.array([[x]], float), W0, B0)
    h, mask = mlp.relu_forward(z)
    y, second = mlp.linear_forward(h, W1, B1)
    loss, dy = mlp.mse(y, np.array([[target]], float))
    dh, dw1, db1 = mlp.linear_backward(dy, second)
    dz = mlp.relu_backward(dh, mask)
    dx, dw0, db0 = mlp.linear_backward(dz, first)
    z, h, y, dy = float(z[0, 0]), float(h[0, 0]), float(y[0, 0]), float(dy[0, 0])

    main, top = 0.0, 1.75
    nodes = {
        "x": GraphNode("x", "x", "input $x$", x, float(dx[0, 0]), (0.0, main), "input"),
        "w0": GraphNode("w0", "w_0", "$w_0$", w0, float(dw0[0, 0]), (2.2, top), "parameter"),
        "b0": GraphNode("b0", "b_0", "$b_0$", b0, float(db0[0]), (3.6, top), "parameter"),
        "z": GraphNode("z", "z", "$z = w_0 x + b_0$", z, float(dz[0, 0]), (2.9, main), "operation"),
        "h": GraphNode("h", "h", "$h = \\mathrm{relu}(z)$", h, float(dh[0, 0]), (5.8, main),
                       "operation"),
        "w1": GraphNode("w1", "w_1", "$w_1$", w1, float(dw1[0, 0]), (8.0, top), "parameter"),
        "b1": GraphNode("b1", "b_1", "$b_1$", b1, float(db1[0]), (9.4, top), "parameter"),
        "y": GraphNode("y", "y", "$y = w_1 h + b_1$", y, dy, (8.7, main), "operation"),
        "t": GraphNode("t", "t", "target $t$", target, -dy, (11.6, top), "input"),
        "L": GraphNode("L", "L", "$L = (y - t)^2$", loss, 1.0, (11.6, main), "loss"),
    }
    relu_slope = 1.0 if z > 0 else 0.0
    edges = (
        GraphEdge("x", "z", w0, "w_0"),
        GraphEdge("w0", "z", x, "x"),
        GraphEdge("b0", "z", 1.0, "1"),
        GraphEdge("z", "h", relu_slope, "[z > 0]"),
        GraphEdge("h", "y", w1, "w_1"),
        GraphEdge("w1", "y", h, "h"),
        GraphEdge("b1", "y", 1.0, "1"),
        GraphEdge("y", "L", 2.0 * (y - target), "2(y - t)"),
        GraphEdge("t", "L", -2.0 * (y - target), "-2(y - t)"),
    )
    return ComputationGraph(nodes=nodes, edges=edges, loss="L")


NODE_COLOURS = {"input": palette.GREY, "parameter": palette.ORANGE, "operation": palette.FUNCTION,
                "loss": palette.PURPLE}
GRADIENT_COLOUR = palette.VERMILLION
BOX = {"input": (1.5, 1.0), "parameter": (1.1, 0.95), "operation": (1.75, 1.0), "loss": (1.65, 1.0)}


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "\u2212")


def _box_edge(node: GraphNode, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the straight line from the node's centre towards ``towards`` leaves its box."""
    (cx, cy), (width, height) = node.position, BOX[node.kind]
    dx, dy = towards[0] - cx, towards[1] - cy
    scale = min(width / 2 / abs(dx) if dx else math.inf, height / 2 / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


@styled
def plot_computation_graph(graph: ComputationGraph):
    """Boxes for the quantities, black arrows for the forward pass, vermillion for the backward.

    Each box shows the node's value and its gradient dL/d(node). Each backward arrow carries the
    local derivative it multiplies by: the gradient arriving, times that factor, is the gradient
    leaving (summed where several arrows leave one node).
    """
    fig, axes = subplots(width=12.5, height=4.9)
    ax = axes[0, 0]
    xs = [node.position[0] for node in graph.nodes.values()]
    ax.set_xlim(min(xs) - 0.95, max(xs) + 0.95)
    ax.set_ylim(-1.6, 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
    for node in graph.nodes.values():
        width, height = BOX[node.kind]
        cx, cy = node.position
        colour = NODE_COLOURS[node.kind]
        ax.add_patch(FancyBboxPatch((cx - width / 2, cy - height / 2), width, height,
                                    boxstyle="round,pad=0.02,rounding_size=0.12",
                                    fc=to_rgba(colour, 0.18), ec=colour, lw=1.8))
        ax.text(cx, cy + 0.26, node.formula, ha="center", va="center", fontsize=10.5)
        ax.text(cx, cy - 0.02, f"value {_number(node.value)}", ha="center", va="center",
                fontsize=9.5)
        ax.text(cx, cy - 0.3, f"$\\partial L/\\partial {node.symbol}$ = {_number(node.grad)}",
                ha="center", va="center", fontsize=9.5, color=GRADIENT_COLOUR, fontweight="bold")

    forward = {"arrowstyle": "-|>", "color": palette.BLACK, "lw": 1.6, "mutation_scale": 14,
               "shrinkA": 1, "shrinkB": 1}
    backward = dict(forward, color=GRADIENT_COLOUR)
    for edge in graph.edges:
        source, target = graph.nodes[edge.source], graph.nodes[edge.target]
        factor = f"$\\times\\, {edge.local_formula}$ = {_number(edge.local)}"
        if source.position[1] == target.position[1]:
            # one row: forward above the middle, backward below it, the factor under the gap
            left = source.position[0] + BOX[source.kind][0] / 2
            right = target.position[0] - BOX[target.kind][0] / 2
            y0 = source.position[1]
            ax.annotate("", xy=(right, y0 + 0.17), xytext=(left, y0 + 0.17), arrowprops=forward)
            ax.annotate("", xy=(left, y0 - 0.17), xytext=(right, y0 - 0.17), arrowprops=backward)
            ax.text((left + right) / 2, y0 - 0.82, factor.replace(" = ", "\n= "), ha="center",
                    va="center", fontsize=8.5, color=GRADIENT_COLOUR)
        else:
            start = _box_edge(source, target.position)
            end = _box_edge(target, source.position)
            ax.annotate("", xy=end, xytext=start, arrowprops=forward)
            # the backward arrow bows towards the other parameter, its factor sits outside
            to_the_right = source.position[0] > target.position[0]
            bow = -0.4 if to_the_right else 0.4
            ax.annotate("", xy=start, xytext=end,
                        arrowprops=dict(backward, connectionstyle=f"arc3,rad={bow}", shrinkA=3,
                                        shrinkB=3))
            ax.text((start[0] + end[0]) / 2 + (0.12 if to_the_right else -0.12),
                    (start[1] + end[1]) / 2, factor, ha="left" if to_the_right else "right",
                    va="center", fontsize=8.5, color=GRADIENT_COLOUR)
    handles = [Line2D([], [], color=palette.BLACK, lw=1.6, marker=">", markersize=6),
               Line2D([], [], color=GRADIENT_COLOUR, lw=1.6, marker="<", markersize=6)]
    ax.legend(handles, ["forward pass: values flow to the loss",
                        "backward pass: each gradient, times the local derivative on its arrow"],
              loc="lower center", ncol=2, fontsize=9, bbox_to_anchor=(0.5, -0.04))
    ax.set_title("The computation graph of a tiny network: every node's value and its gradient "
                 "$\\partial L/\\partial\\,$node")
    return fig


# --------------------------------------------------------------------------------------------
# the cross-check with PyTorch
# --------------------------------------------------------------------------------------------


@styled
def plot_relative_errors(series: dict, *, threshold: float | None = None):
    """Grouped bars: for each parameter, the largest relative error of each comparison.

    ``series`` maps a comparison's name to ``{parameter name: max relative error}``. The y axis
    is logarithmic; an error of exactly 0 is drawn at the bottom of the axis (marked "0").
    """
    if not series:
        raise ValueError("series must hold at least one comparison")
    names = list(next(iter(series.values())))
    fig, axes = subplots(width=8.0, height=3.9)
    ax = axes[0, 0]
    floor = 1e-18
    width = 0.8 / len(series)
    colours = (palette.BLUE, palette.ORANGE, palette.PURPLE, palette.SKY_BLUE)
    for k, (label, errors) in enumerate(series.items()):
        values = np.array([errors[name] for name in names], dtype=float)
        positions = np.arange(len(names)) - 0.4 + width * (k + 0.5)
        ax.bar(positions, np.maximum(values, floor), width=width * 0.92, bottom=0,
               color=colours[k % len(colours)], label=label, edgecolor=palette.BLACK, lw=0.5)
        for x_pos, value in zip(positions, values):
            if value == 0:
                ax.text(x_pos, floor * 3, "0", ha="center", va="bottom", fontsize=8)
    if threshold is not None:
        ax.axhline(threshold, color=palette.PATH, ls="--", lw=1.5,
                   label=f"threshold {threshold:.0e}")
    ax.axhline(np.finfo(float).eps, color=palette.GREY, ls=":", lw=1.5,
               label="float64 rounding ($2.2\\times10^{-16}$)")
    ax.set_yscale("log")
    ax.set_ylim(floor, 1.0)
    ax.set_xticks(np.arange(len(names)), names)
    ax.set_xlabel("parameter")
    ax.set_ylabel("largest relative error (log scale)")
    ax.set_title("How far apart two gradients are, parameter by parameter")
    ax.legend(loc="upper right", fontsize=8)
    return fig


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
    floor = 1e-18
    for k, (label, run) in enumerate(runs.items()):
        colour = (palette.BLUE, palette.PURPLE, palette.SKY_BLUE)[k % 3]
        steps = np.arange(1, len(run.our_losses) + 1)
        left.plot(steps, run.our_losses, color=colour, lw=2.5, label=f"ours, {label}")
        left.plot(steps, run.torch_losses, ls="none", marker="o", ms=5.5, mew=1.2, mfc="none",
                  color=(palette.ORANGE, palette.BLACK, palette.VERMILLION)[k % 3],
                  label=f"torch.optim.SGD, {label}")
        right.plot(steps, np.maximum(run.max_abs_diff, floor), color=colour, lw=2, marker=".",
                   label=label)
    left.set_yscale("log")
    left.set_xlabel("training step")
    left.set_ylabel("loss (log scale)")
    _plain_log_labels(left)
    left.set_title("The losses: the circles sit on the lines")
    left.legend(fontsize=8)
    right.axhline(np.finfo(float).eps, color=palette.GREY, ls=":", lw=1.5,
                  label="float64 rounding (numbers near 1)")
    right.set_yscale("log")
    right.set_ylim(floor, 1.0)
    right.set_xlabel("training step")
    right.set_ylabel("largest |our weight - torch weight|")
    right.set_title("The weights: differences at rounding level")
    right.legend(fontsize=8)
    return fig


@styled
def plot_loss_histories(histories: dict, *, title: str = "The loss at every training step"):
    """One loss curve per ``{label: losses}`` entry against the training step, on a log axis."""
    if not histories:
        raise ValueError("histories must hold at least one loss curve")
    fig, axes = subplots(width=7.5, height=3.8)
    ax = axes[0, 0]
    colours = (palette.BLUE, palette.VERMILLION, palette.PURPLE, palette.ORANGE)
    for k, (label, losses) in enumerate(histories.items()):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(len(losses)), losses, color=colours[k % len(colours)], lw=2, label=label)
    ax.set_yscale("log")
    _plain_log_labels(ax)
    ax.set_xlabel("training step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title(title)
    ax.legend()
    return fig


@styled
def plot_step_times(timings: dict):
    """Bars of microseconds per training step, numpy (ours) next to torch autograd, per network.

    ``timings`` maps a label (e.g. the network's sizes) to a ``helpers.crosscheck.StepTiming``.
    """
    if not timings:
        raise ValueError("timings must hold at least one timing")
    fig, axes = subplots(width=7.0, height=3.8)
    ax = axes[0, 0]
    labels = list(timings)
    positions = np.arange(len(labels))
    ours = np.array([timings[k].numpy_seconds for k in labels]) * 1e6
    theirs = np.array([timings[k].torch_seconds for k in labels]) * 1e6
    ax.bar(positions - 0.2, ours, width=0.38, color=palette.BLUE, label="ours (numpy backward)",
           edgecolor=palette.BLACK, lw=0.5)
    ax.bar(positions + 0.2, theirs, width=0.38, color=palette.ORANGE, label="torch autograd + SGD",
           edgecolor=palette.BLACK, lw=0.5)
    for x_pos, a, b in zip(positions, ours, theirs):
        ax.text(x_pos, max(a, b) * 1.15, f"ours / torch = {a / b:.2f}", ha="center", fontsize=8.5)
    ax.set_yscale("log")
    ax.set_ylim(min(ours.min(), theirs.min()) / 2, max(ours.max(), theirs.max()) * 4)
    ax.set_xticks(positions, labels)
    ax.set_xlabel("network (layer sizes) and number of samples")
    ax.set_ylabel("time per training step (µs, log scale)")
    ax.set_title("What one training step costs (median; depends on this machine)")
    ax.legend(loc="upper left", fontsize=8)
    return fig


@styled
def plot_data_parallel(world_size: int = 2):
    """The idea of data parallelism as a picture: split the batch, one gradient per worker,
    all-reduce to the average, which every worker then uses for the same update."""
    if isinstance(world_size, bool) or not isinstance(world_size, int) or not 1 <= world_size <= 6:
        raise ValueError(f"world_size must be an integer from 1 to 6, got {world_size!r}")
    fig, axes = subplots(width=12.0, height=1.3 + 1.1 * world_size)
    ax = axes[0, 0]
    height = 1.1 * world_size
    ax.set_xlim(-0.1, 12.4)
    ax.axis("off")

    def box(cx, cy, text, colour, width=1.9, box_height=0.8):
        ax.add_patch(FancyBboxPatch((cx - width / 2, cy - box_height / 2), width, box_height,
                                    boxstyle="round,pad=0.03,rounding_size=0.1",
                                    fc=to_rgba(colour, 0.18), ec=colour, lw=1.6))
        ax.text(cx, cy, text, ha="center", va="center", fontsize=9.5)

    def arrow(start, end, colour=palette.BLACK):
        ax.annotate("", xy=end, xytext=start, arrowprops={
            "arrowstyle": "-|>", "color": colour, "lw": 1.4, "mutation_scale": 12, "shrinkA": 2,
            "shrinkB": 2})

    rows = [height - 1.1 * (rank + 1) + 0.6 for rank in range(world_size)]
    middle = float(np.mean(rows))
    ax.set_ylim(min(-0.3, middle - 1.3), height + 0.1)
    box(0.85, middle, f"a batch of n rows,\nsplit in {world_size}", palette.GREY, width=1.6,
        box_height=0.9)
    box(8.55, middle, "the average of the\nworkers' gradients", palette.PATH, width=2.2,
        box_height=0.9)
    box(11.15, middle, "the same update\non every worker", palette.PURPLE, width=2.1,
        box_height=0.9)
    arrow((9.65, middle), (10.1, middle))
    for rank, cy in enumerate(rows):
        box(3.15, cy, f"worker {rank}: shard {rank + 1}\nof {world_size}, n/{world_size} rows",
            palette.FUNCTION, width=2.1)
        box(5.75, cy, f"mean gradient $g_{rank}$\non its shard", palette.ORANGE, width=2.1)
        arrow((1.65, middle), (2.1, cy))
        arrow((4.2, cy), (4.7, cy))
        arrow((6.8, cy), (7.45, middle), palette.PATH)
    ax.text(8.55, middle - 0.75, "all_reduce (sum), then / world size\n= the full-batch gradient",
            ha="center", va="top", fontsize=9, color=palette.PATH, style="italic")
    ax.set_title(f"Data parallelism with {world_size} workers: each sees part of the batch, "
                 "all agree on one gradient")
    return fig
