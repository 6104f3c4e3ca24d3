"""Static figures of lecture 05: decision boundaries of a network, training as it learns, and
the computation graph of a tiny network with every value and gradient (its model is
:mod:`helpers.graph`)."""

from __future__ import annotations

import math
import re

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from .. import checks, mlp, palette
from ..data import CLASS_NAMES
from ..geometry import boundary_lines, data_extent, probability_grid, snapshot_index
from ..graph import ComputationGraph, GraphNode
from ..results import plural, show_rate
from .descriptions import describe, fitting, listed
from .marks import draw_box, plain_log_ticks
from .style import COLUMN_INCHES, one_axes, styled, subplots

__all__ = [
    "draw_decision_boundary",
    "plot_computation_graph",
    "plot_decision_boundaries",
    "plot_learning",
]

# Class 0 blue circles, class 1 orange triangles: told apart by colour (for every kind of colour
# vision) and by shape (in grey print). The background shades between the two, white at p = 1/2.
CLASS_MARKERS = ("o", "^")
PROBABILITY_MAP = LinearSegmentedColormap.from_list("p_class_1", list(palette.PROBABILITY))
BOUNDARY_LABEL = "decision boundary (p = 1/2)"


# ---------------------------------------------------------------- descriptions



_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_LAYERS = re.compile(r"\[\s*\d+(?:\s*,\s*\d+)+\s*\]|\d+(?:\s*→\s*\d+)+")


def _sizes_in_words(sizes: list[int]) -> str:
    """Layer sizes as a sentence says them: [2, 16, 16, 1] -> "2 inputs, two hidden layers of
    16, 1 output"; [2, 16, 8, 1] -> "2 inputs, hidden layers of 16 and 8, 1 output"."""
    first, *hidden, last = sizes
    parts = [f"{first} input{'s' if first != 1 else ''}"]
    if hidden:
        count = (_NUMBER_WORDS[len(hidden)] if len(hidden) < len(_NUMBER_WORDS)
                 else str(len(hidden)))
        layers = "layer" if len(hidden) == 1 else "layers"
        parts.append(f"{count} hidden {layers} of {hidden[0]}" if len(set(hidden)) == 1
                     else f"hidden layers of {listed(hidden)}")
    parts.append(f"{last} output{'s' if last != 1 else ''}")
    return ", ".join(parts)


def layer_words(text: str) -> str:
    """``text`` with every run of layer sizes, "2 → 16 → 16 → 1" or "[2, 16, 16, 1]", in words
    a screen reader says well (:func:`_sizes_in_words`): "ReLU network (2 inputs, two hidden
    layers of 16, 1 output)"; at the start, "the network (2 inputs, ...)"."""

    def spoken(match) -> str:
        sizes = [int(size) for size in re.findall(r"\d+", match.group(0))]
        return ("the network" if match.start() == 0 else "") + f"({_sizes_in_words(sizes)})"
    return re.sub(r"(\S)\(", r"\1 (", _LAYERS.sub(spoken, str(text)))


def _accuracies_sentence(names: list, accuracies: list, straight: list, points: int) -> str:
    """Which model gets the most training points right, and how many each gets."""
    names = [layer_words(name) for name in names]
    straight = [layer_words(name) for name in straight]
    best = max(accuracies)
    top = [name for name, a in zip(names, accuracies, strict=True) if a == best]
    verb = "classifies" if len(top) == 1 else "classify"
    if len(top) == len(names):
        subject = top[0] if len(top) == 1 else ("both models" if len(top) == 2
                                                else f"all {len(top)} models")
        sentence = f"Of the {points} training points, {subject} {verb} {best:.1%} right"
    else:
        others = [f"{a:.1%} for {name}" for name, a in zip(names, accuracies, strict=True)
                  if a != best]
        sentence = (f"Of the {points} training points, {listed(top)} {verb} the most right, "
                    f"{best:.1%}, against {listed(others)}")
    if len(straight) == 1:
        sentence += f"; the boundary of {straight[0]} is a straight line"
    elif straight:
        sentence += f"; the boundaries of {listed(straight)} are straight lines"
    return sentence


def _straight_boundary(params) -> bool:
    """A network of one linear layer (with a weight that is not 0) has a straight boundary."""
    return len(params) == 1 and bool(np.any(np.asarray(params[0][0]) != 0))


# ---------------------------------------------------------------- decision boundaries


def draw_decision_boundary(ax, params, X, y, *, extent=None, points: int = 150,
                           legend: bool = True):
    """Shade P(class 1) over the plane, draw the p = 1/2 line and the labelled points on ``ax``;
    with ``legend``, a legend of the two classes and the boundary under the axes, off the data.

    Returns the shading (a QuadMesh) for a colour bar.
    """
    points = checks.integer("points", points, 2)
    legend = checks.flag("legend", legend)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1)
    extent = data_extent(X) if extent is None else checks.extent("extent", extent)
    xs, ys, P = probability_grid(params, extent, points)
    mesh = ax.pcolormesh(xs, ys, P, cmap=PROBABILITY_MAP, vmin=0.0, vmax=1.0, shading="auto",
                         rasterized=True)
    for piece in boundary_lines(xs, ys, P):
        ax.plot(piece[:, 0], piece[:, 1], color=palette.BOUNDARY, lw=2.2)
    for k in (0, 1):
        rows = y == k
        ax.scatter(X[rows, 0], X[rows, 1], s=24, c=palette.CLASSES[k], marker=CLASS_MARKERS[k],
                   edgecolors=palette.BLACK, linewidths=0.5, label=CLASS_NAMES[k], zorder=3)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        ax.legend(*_map_entries(ax), loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
                  fontsize=9)
    return mesh


def _map_entries(ax) -> tuple[list, list]:
    """The legend entries of a decision-boundary map: the two classes, then the boundary."""
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color=palette.BOUNDARY, lw=2.2))
    labels.append(BOUNDARY_LABEL)
    return handles, labels


def _legend_under(fig, handles, labels) -> None:
    """One legend for the whole figure, in a row (or two) under everything it explains."""
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 3),
               fontsize=9)


def _colour_bar(fig, mesh, axes):
    bar = fig.colorbar(mesh, ax=axes, shrink=0.85, pad=0.02)
    bar.set_label("P(class 1) predicted by the network")
    bar.set_ticks([0.0, 0.25, 0.5, 0.75, 1.0])


@styled
def plot_decision_boundaries(models: dict, X, y, *, title: str | None = None):
    """One panel per ``{title: params}`` entry: the shaded probability, the boundary, the data,
    and one legend under the panels.

    Each panel's title ends with the training accuracy of that network.
    """
    models = checks.mapping("models", models, "a panel title to network parameters")
    accuracies = [mlp.accuracy(params, X, y) for params in models.values()]
    fig, axes = subplots(1, len(models), width=4.6, height=4.3)
    extent = data_extent(X)
    mesh = None
    for ax, (name, params), accuracy in zip(axes[0], models.items(), accuracies, strict=True):
        mesh = draw_decision_boundary(ax, params, X, y, extent=extent, legend=False)
        ax.set_title(f"{name}\ntraining accuracy {accuracy:.1%}")
    _colour_bar(fig, mesh, axes[0].tolist())
    _legend_under(fig, *_map_entries(axes[0, 0]))
    if title:
        fig.suptitle(title)
    names = [" ".join(str(name).split()) for name in models]
    straight = [name for name, params in zip(names, models.values(), strict=True)
                if _straight_boundary(params)]
    describe(fig, fitting(_accuracies_sentence(names, accuracies, straight,
                                                    len(np.asarray(X)))))
    return fig


@styled
def plot_learning(result, X, y, steps=(0, 20, 100, None)):
    """The decision boundary at a few moments of training, and under it the loss curve marking
    those moments; one legend under everything.

    ``result`` is a ``helpers.mlp.TrainResult`` (its ``path`` holds the parameter snapshots);
    each entry of ``steps`` picks the last snapshot at or before that step (``None``: the end of
    training). The maps sit in rows of up to three, as even as they come (four make two rows of
    two), so the figure fits the notebook's column.
    """
    allowed = "a non-empty list of step numbers (integers) or None (the end)"
    if not isinstance(steps, (list, tuple, range, np.ndarray)) or np.ndim(steps) != 1:
        raise TypeError(f"steps must be {allowed}, got {steps!r}")
    if len(steps) == 0:
        raise ValueError(f"steps must be {allowed}, got {steps!r}")
    steps = [None if s is None else checks.integer(f"steps[{k}]", s, allowed=allowed)
             for k, s in enumerate(steps)]
    indices = [snapshot_index(result.snapshot_steps, s) for s in steps]
    # the network a diverged run stopped at may overflow: its accuracy is still drawn
    with np.errstate(over="ignore", invalid="ignore"):
        moments = {int(result.snapshot_steps[i]): mlp.accuracy(result.path[i], X, y)
                   for i in indices}
    rows = math.ceil(len(indices) / 3)
    columns = math.ceil(len(indices) / rows)
    panels = [f"boundary {k}" for k in range(rows * columns)]
    panel_width = min(3.6, (COLUMN_INCHES - 1.2) / columns)
    fig = plt.figure(figsize=(panel_width * columns + 1.2, 3.3 * rows + 3.4),
                     layout="constrained")
    mosaic = [panels[r * columns:(r + 1) * columns] for r in range(rows)] + [["loss"] * columns]
    axes = fig.subplot_mosaic(mosaic, height_ratios=[3.0] * rows + [2.4])
    extent = data_extent(X)
    losses = np.asarray(result.losses)
    mesh = None
    for panel, index in zip(panels, indices, strict=False):
        ax = axes[panel]
        params = result.path[index]
        mesh = draw_decision_boundary(ax, params, X, y, extent=extent, points=100, legend=False)
        step = int(result.snapshot_steps[index])
        ax.set_title(f"after {step} step{'s' * (step != 1)}\n"
                     f"loss {losses[step]:.3g}, accuracy {moments[step]:.0%}")
    for panel in panels[len(indices):]:
        axes[panel].set_visible(False)  # an uneven last row
    _colour_bar(fig, mesh, [axes[p] for p in panels])

    ax = axes["loss"]
    finite = np.isfinite(losses)
    ax.plot(np.flatnonzero(finite), losses[finite], color=palette.FUNCTION, lw=2,
            label="loss on the training data")
    marked = [int(result.snapshot_steps[i]) for i in indices]
    ax.scatter(marked, losses[marked], s=60, color=palette.PATH, edgecolors=palette.BLACK,
               zorder=3, label="the moments shown above")
    ax.set_yscale("log")
    ax.set_xlabel("training step (full-batch updates)")
    ax.set_ylabel("cross-entropy (log scale)")
    plain_log_ticks(ax.yaxis, mantissas=(1, 2, 5))
    ax.set_title("The loss while training")
    handles, labels = _map_entries(axes[panels[0]])
    more_handles, more_labels = ax.get_legend_handles_labels()
    _legend_under(fig, handles + more_handles, labels + more_labels)
    describe(fig, fitting(_learning_sentence(result, losses, moments)))
    return fig


def _learning_sentence(result, losses: np.ndarray, moments: dict) -> str:
    """How the loss moved over the run, and the accuracy at each moment drawn."""
    finite = losses[np.isfinite(losses)]
    first, last = (finite[0], finite[-1]) if finite.size else (None, None)
    moved = ("is not finite from the start" if first is None else
             f"is {first:.3g} at the start" if finite.size == 1 else
             f"stays at {first:.3g}" if last == first else
             f"{'falls' if last < first else 'rises'} from {first:.3g} to {last:.3g}")
    setting = f"learning rate {show_rate(result.lr)}" + (
        f", momentum {show_rate(result.momentum)}" if result.momentum else "")
    shown = [f"{accuracy:.0%} after {step}" for step, accuracy in moments.items()]
    shown[-1] += " steps" if list(moments)[-1] != 1 else " step"
    sentence = f"Over {plural(result.steps, 'full-batch step')} ({setting}) the loss {moved}"
    if result.diverged:
        sentence += ", then the run diverged and stopped"
    return (sentence + f"; the map{'s' * (len(shown) > 1)} show{'s' * (len(shown) == 1)} "
            f"training accuracy {listed(shown)}")


# ---------------------------------------------------------------- the computation graph

# A node's box is filled faintly in the colour of its kind; gradients are written in the backward
# arrows' vermillion, darkened until the text reads on the darkest of those fills.
NODE_FILL = 0.18
GRADIENT_INK = palette.ink(palette.GRADIENT, background=max(
    (palette.lighten(colour, 1 - NODE_FILL) for colour in palette.GRAPH_NODES.values()),
    key=palette.contrast_ratio))
BOX = {"input": (1.5, 1.0), "parameter": (1.1, 0.95), "operation": (1.75, 1.0),
       "loss": (1.65, 1.0)}


def _number(value: float) -> str:
    return f"{value:.4g}".replace("-", "\u2212")


def _box_edge(node: GraphNode, towards: tuple[float, float]) -> tuple[float, float]:
    """Where the straight line from the node's centre towards ``towards`` leaves its box."""
    (cx, cy), (width, height) = node.position, BOX[node.kind]
    dx, dy = towards[0] - cx, towards[1] - cy
    scale = min(width / 2 / abs(dx) if dx else math.inf, height / 2 / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def _draw_edge(ax, graph: ComputationGraph, edge, forward: dict, backward: dict) -> None:
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
                va="center", fontsize=9, color=GRADIENT_INK)
        return
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
            va="center", fontsize=9, color=GRADIENT_INK)


@styled
def plot_computation_graph(graph: ComputationGraph, *, ax=None):
    """Boxes for the quantities, black arrows for the forward pass, vermillion for the backward.

    Each box shows the node's value and its gradient dL/d(node). Each backward arrow carries the
    local derivative it multiplies by: the gradient arriving, times that factor, is the gradient
    leaving (summed where several arrows leave one node).
    """
    own_figure = ax is None  # a caller that passes ax describes its figure itself
    ax = one_axes(ax, width=12.5, height=4.9)
    xs = [node.position[0] for node in graph.nodes.values()]
    ax.set_xlim(min(xs) - 0.95, max(xs) + 0.95)
    ax.set_ylim(-1.6, 2.4)
    ax.set_aspect("equal")
    ax.axis("off")
    for node in graph.nodes.values():
        width, height = BOX[node.kind]
        cx, cy = node.position
        draw_box(ax, node.position, "", palette.GRAPH_NODES[node.kind], width=width,
                 height=height, pad=0.02, rounding=0.12, fill=NODE_FILL, lw=1.8)
        ax.text(cx, cy + 0.26, node.formula, ha="center", va="center", fontsize=10.5)
        ax.text(cx, cy - 0.02, f"value {_number(node.value)}", ha="center", va="center",
                fontsize=9.5)
        ax.text(cx, cy - 0.3, f"$\\partial L/\\partial {node.symbol}$ = {_number(node.grad)}",
                ha="center", va="center", fontsize=9.5, color=GRADIENT_INK,
                fontweight="bold")

    forward = {"arrowstyle": "-|>", "color": palette.BLACK, "lw": 1.6, "mutation_scale": 14,
               "shrinkA": 1, "shrinkB": 1}
    backward = dict(forward, color=palette.GRADIENT)
    for edge in graph.edges:
        _draw_edge(ax, graph, edge, forward, backward)
    handles = [Line2D([], [], color=palette.BLACK, lw=1.6, marker=">", markersize=6),
               Line2D([], [], color=palette.GRADIENT, lw=1.6, marker="<", markersize=6)]
    ax.legend(handles, ["forward pass: values flow to the loss",
                        "backward pass: each gradient, times the local derivative on its arrow"],
              loc="lower center", ncol=2, fontsize=9, bbox_to_anchor=(0.5, -0.04))
    ax.set_title("The computation graph of a tiny network: every node's value and its gradient "
                 "$\\partial L/\\partial\\,$node")
    if own_figure:
        describe(ax.figure, _graph_sentence(graph))
    return ax.figure


def _said(value: float) -> str:
    """A value as the sentence says it: 4 significant digits, a plain minus sign."""
    return f"{value:.4g}"


def _graph_sentence(graph: ComputationGraph) -> str:
    """The loss the inputs give (through every intermediate value), the gradient of every
    parameter with the largest among them named, and the inputs' gradients, which may be larger
    still. Shorter forms leave out first the intermediate values, then the inputs' gradients."""
    nodes = list(graph.nodes.values())
    loss = graph.nodes[graph.loss]
    inputs = [node for node in nodes if node.kind == "input"]
    given = [f"{node.name} = {_said(node.value)}" for node in inputs]
    middle = [f"{node.name} = {_said(node.value)}" for node in nodes if node.kind == "operation"]
    give = "gives" if len(given) == 1 else "give"
    lost = f"the loss {loss.name} = {_said(loss.value)}"
    forwards = [f"Forward, {listed(given) or 'the inputs'} {give} {listed(middle + [lost])}",
                f"Forward, {listed(given) or 'the inputs'} {give} {lost}"][0 if middle else 1:]
    backwards = [""]
    parameters = [node for node in nodes if node.kind == "parameter"]
    if parameters:
        gradients = listed(f"d{loss.name}/d{node.name} = {_said(node.grad)}"
                           for node in parameters)
        largest = max(abs(node.grad) for node in parameters)
        named = ""
        if largest > 0:
            biggest = [node.name for node in parameters if abs(node.grad) == largest]
            among = "the parameters" if len(parameters) > 1 else "them"
            named = f", the largest in size among {among} for {listed(biggest)}"
        backwards = [f"; backward, each gradient times the local derivative on its arrow gives "
                     f"{gradients}{named}", f"; backward gives {gradients}{named}"]
    ends = [""]
    if inputs:
        inward = [f"d{loss.name}/d{node.name} = {_said(node.grad)}" for node in inputs]
        # what each input is, from its drawn formula ("input $x$", "target $t$")
        roles = list(dict.fromkeys(node.formula.split("$")[0].strip() or "input"
                                   for node in inputs))
        nouns = (listed(roles) if len(roles) == len(inputs)
                 else "input" if len(inputs) == 1 else "inputs")
        ends.insert(0, f"; the {nouns} get{'s' if len(inputs) == 1 else ''} {listed(inward)}")
    # the inputs' gradients matter most, then how backward works, then the intermediate values
    candidates = [forward + backward + end for end in ends for backward in backwards
                  for forward in forwards]
    return fitting(*candidates, aim=False)
