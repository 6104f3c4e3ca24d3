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
LEARNING_POINTS = 100  # grid points per side of each map of the learning figure


# ---------------------------------------------------------------- descriptions



_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_LAYERS = re.compile(r"\[\s*\d+(?:\s*,\s*\d+)+\s*\]|\d+(?:\s*→\s*\d+)+")


def _hidden_words(hidden: list[int]) -> str:
    """Hidden layer sizes in words: [16, 16] -> "two hidden layers of 16", [16, 8] -> "hidden
    layers of 16 and 8", [] -> "no hidden layer"."""
    if not hidden:
        return "no hidden layer"
    count = (_NUMBER_WORDS[len(hidden)] if len(hidden) < len(_NUMBER_WORDS)
             else str(len(hidden)))
    layers = "layer" if len(hidden) == 1 else "layers"
    return (f"{count} hidden {layers} of {hidden[0]}" if len(set(hidden)) == 1
            else f"hidden layers of {listed(hidden)}")


def _sizes_in_words(sizes: list[int], *, hidden_only: bool = False) -> str:
    """Layer sizes as a sentence says them: [2, 16, 16, 1] -> "2 inputs, two hidden layers of
    16, 1 output"; [2, 16, 8, 1] -> "2 inputs, hidden layers of 16 and 8, 1 output";
    ``hidden_only``: "two hidden layers of 16" (:func:`_hidden_words`)."""
    first, *hidden, last = sizes
    if hidden_only:
        return _hidden_words(hidden)
    parts = [f"{first} input{'s' if first != 1 else ''}"]
    if hidden:
        parts.append(_hidden_words(hidden))
    parts.append(f"{last} output{'s' if last != 1 else ''}")
    return ", ".join(parts)


def layer_words(text: str, *, short: bool = False) -> str:
    """``text`` with every run of layer sizes, "2 → 16 → 16 → 1" or "[2, 16, 16, 1]", in words
    a screen reader says well (:func:`_sizes_in_words`): "ReLU network (2 inputs, two hidden
    layers of 16, 1 output)"; at the start, "the network (2 inputs, ...)". ``short``: the
    hidden layers alone, "ReLU network (two hidden layers of 16)", at the start "the network
    with two hidden layers of 16"."""

    def spoken(match) -> str:
        sizes = [int(size) for size in re.findall(r"\d+", match.group(0))]
        words = _sizes_in_words(sizes, hidden_only=short)
        if match.start() == 0:
            return f"the network with {words}" if short else f"the network({words})"
        return f"({words})"
    return re.sub(r"(\S)\(", r"\1 (", _LAYERS.sub(spoken, str(text)))


KINK_DEGREES = 5.0  # straight pieces of a boundary that turn by more than this meet at a kink


def _relu_pattern(params, points: np.ndarray) -> np.ndarray:
    """Which hidden units are on at each point: one row of booleans per point. Where the pattern
    is the same, a ReLU network is one linear function, so its boundary there is straight."""
    _, caches = mlp.forward(params, points)
    masks = [relu for _, relu in caches if relu is not None]
    return np.hstack(masks) if masks else np.zeros((len(points), 0), dtype=bool)


def _kinks(params, line: np.ndarray) -> int:
    """How often a drawn boundary line turns by more than :data:`KINK_DEGREES` where it passes
    from one set of active ReLU units to another (a straight piece ends there)."""
    pattern = _relu_pattern(params, (line[1:] + line[:-1]) / 2)
    changes = np.flatnonzero(np.any(pattern[1:] != pattern[:-1], axis=1)) + 1
    directions = []
    for piece in np.split(np.arange(len(line) - 1), changes):
        step = line[piece[-1] + 1] - line[piece[0]]  # from its first segment's start to its end
        if np.linalg.norm(step) > 0:
            directions.append(step / np.linalg.norm(step))
    turns = [np.degrees(np.arccos(np.clip(a @ b, -1.0, 1.0)))
             for a, b in zip(directions[:-1], directions[1:], strict=True)]
    return sum(turn > KINK_DEGREES for turn in turns)


def _boundary_shape(params, extent, points: int) -> str | None:
    """What the drawn boundary looks like: "a straight line", "straight pieces meeting at
    kinks", "3 lines of straight pieces", "no boundary on the map"; None when the network cannot
    be evaluated."""
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            xs, ys, P = probability_grid(params, extent, points)
            lines = boundary_lines(xs, ys, P)
            kinked = any(_kinks(params, line) for line in lines)
    except ValueError:  # weights that overflowed
        return None
    if not lines:
        return "no boundary on the map"
    if len(lines) > 1:
        return f"{len(lines)} lines" + (" of straight pieces" if kinked else "")
    return "straight pieces meeting at kinks" if kinked else "a straight line"


def _thirds(values: np.ndarray, low: float, high: float) -> str:
    """ "left end" when every value lies in the left third of [low, high], "right end" in the
    right third, else ""."""
    if high <= low or not len(values):
        return ""
    where = (values - low) / (high - low)
    return "left end" if np.all(where < 1 / 3) else "right end" if np.all(where > 2 / 3) else ""


def _misses(params, X, y) -> str:
    """Which training points a network gets wrong, class by class, and where they lie along
    x1 in their class: ", missing 11 points of class 0, at its right end, and 12 of class 1, at
    its left end"."""
    with np.errstate(over="ignore", invalid="ignore"):
        wrong = (mlp.predict_proba(params, X).reshape(-1) > 0.5) != (y > 0.5)
    said = []
    for k, name in enumerate(CLASS_NAMES):
        rows = y == k
        count = int(np.sum(wrong & rows))
        if not count:
            continue
        noun = f"{plural(count, 'point')} of {name}" if not said else f"{count} of {name}"
        end = _thirds(X[wrong & rows, 0], X[rows, 0].min(), X[rows, 0].max())
        said.append(noun + (f", at its {end}" if end else ""))
    if not said:
        return ", missing none"
    # a comma before "and" when an item has commas of its own
    return ", missing " + (listed(said) if all("," not in item for item in said[:-1])
                           else ", ".join(said[:-1]) + ", and " + said[-1])


def _accuracies_sentence(names: list, models: list, accuracies: list, X, y) -> str:
    """Panel by panel: each model's share of right answers, the shape of its boundary and which
    points it misses; shorter forms drop the misses of the best model, then all misses."""
    names = [layer_words(name) for name in names]
    extent = data_extent(X)
    shapes = [_boundary_shape(params, extent, 150) for params in models]
    best = max(accuracies)

    def sentence(misses) -> str:
        parts = []
        for name, params, accuracy, shape, miss in zip(names, models, accuracies, shapes,
                                                       misses, strict=True):
            parts.append(f"{name} gets {accuracy:.1%} right" + (f" with {shape}" if shape else "")
                         + (_misses(params, X, y) if miss else ""))
        order = "left to right: " if len(parts) > 1 else ""
        return f"Of the {len(X)} training points, {order}" + ". ".join(parts)

    return fitting(sentence([True] * len(models)), sentence([a != best for a in accuracies]),
                   sentence([False] * len(models)), aim=False)


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
    describe(fig, _accuracies_sentence(names, list(models.values()), accuracies,
                                       np.asarray(X, dtype=float),
                                       np.asarray(y, dtype=float).reshape(-1)))
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
        mesh = draw_decision_boundary(ax, params, X, y, extent=extent, points=LEARNING_POINTS,
                                      legend=False)
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
    describe(fig, _learning_sentence(
        result, losses, moments,
        {int(result.snapshot_steps[i]): result.path[i] for i in indices}, extent))
    return fig


def _class_map(params, extent) -> np.ndarray:
    """Where the network says class 1, on the grid the learning figure draws its maps on."""
    with np.errstate(over="ignore", invalid="ignore"):
        return probability_grid(params, extent, LEARNING_POINTS)[2] > 0.5


def _learning_sentence(result, losses: np.ndarray, moments: dict, maps: dict, extent) -> str:
    """Moment by moment: the boundary's shape (when it changed), how much of the map changed
    class since the moment before, the loss and the accuracy; then the run's settings. Shorter
    forms leave out first the settings, then the changes, then the shapes."""
    steps = list(moments)
    shapes = {step: _boundary_shape(maps[step], extent, LEARNING_POINTS) for step in steps}
    classes = {step: _class_map(maps[step], extent) for step in steps}
    changed = {later: float(np.mean(classes[earlier] != classes[later]))
               for earlier, later in zip(steps[:-1], steps[1:], strict=True)}

    def moment(k: int, step: int, shape: bool, change: bool, head: bool) -> str:
        """One map: in full the first time, "15% changed" and "98%" after that."""
        said = []
        if shape and shapes[step] and (k == 0 or shapes[step] != shapes[steps[k - 1]]):
            said.append(shapes[step])
        if change and step in changed:
            first = step == steps[1]
            said.append(f"{changed[step]:.0%} " + ("of the map changed class" if first
                                                   else "changed"))
        loss = losses[step]
        said.append(f"loss {loss:.3g}" if np.isfinite(loss) else "loss not finite")
        said.append(f"{moments[step]:.0%} right")
        return (f"At {step}: " if head else f"After {plural(step, 'step')}: ") + ", ".join(said)

    # the intro names the steps, so each map needs only its number
    intro = (f"Maps after {listed(steps)} {'step' if steps == [1] else 'steps'} above the loss "
             "curve" if len(steps) > 1 else f"A map after {plural(steps[0], 'step')} above the "
             "loss curve")
    setting = (f"{plural(result.steps, 'full-batch step')}, learning rate "
               f"{show_rate(result.lr)}"
               + (f", momentum {show_rate(result.momentum)}" if result.momentum else ""))
    end = f". The run diverged and stopped after {plural(result.steps, 'step')}" \
        if result.diverged else ""

    def sentence(shape: bool, change: bool, settings: bool, head: bool = True) -> str:
        parts = [moment(k, step, shape, change, head) for k, step in enumerate(steps)]
        return ((f"{intro}. " if head else "") + ". ".join(parts) + end
                + (f". {setting[:1].upper()}{setting[1:]}" if settings else ""))

    return fitting(sentence(True, True, True), sentence(True, True, False),
                   sentence(True, True, False, head=False), sentence(True, False, False),
                   sentence(True, False, False, head=False), sentence(False, False, False),
                   sentence(False, False, False, head=False), aim=False)


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


def _spoken_formula(formula: str) -> str:
    """A node's drawn mathtext as words a screen reader says: "$z = w_0 x + b_0$" -> "z = w0 x +
    b0", "$h = \\mathrm{relu}(z)$" -> "h = relu(z)", "$L = (y - t)^2$" -> "L = (y - t) squared"."""
    text = re.sub(r"\\mathrm\{([^}]*)\}", r"\1", formula)
    text = text.replace("^2", " squared").replace("$", "").replace("_", "")
    return " ".join(text.replace("\\", "").split())


def _graph_sentence(graph: ComputationGraph) -> str:
    """The graph in outline (the chain from the inputs to the loss, left to right, and which
    nodes feed it from the row above), what each box and backward arrow shows, the loss, and
    the gradient of every parameter and input. Shorter forms leave out first the inputs'
    gradients, then what the boxes show, then the parameters' gradients."""
    nodes = list(graph.nodes.values())
    loss = graph.nodes[graph.loss]
    row = loss.position[1]
    chain = sorted((node for node in nodes if node.position[1] == row),
                   key=lambda node: node.position[0])
    steps = [("the loss " if node is loss else "") + _spoken_formula(node.formula)
             for node in chain]
    feeds = []
    for node in chain:
        into = [graph.nodes[edge.source] for edge in graph.edges
                if edge.target == node.name and graph.nodes[edge.source].position[1] != row]
        if into:
            names = listed(_spoken_formula(source.formula) for source in into)
            feeds.append(f"{names} feed{'s' if len(into) == 1 else ''} {node.name}")
    outline = "Left to right: " + ", ".join(steps)
    if feeds:  # each feed has an "and" of its own: a comma before the last one
        outline += "; from above, " + (feeds[0] if len(feeds) == 1 else
                                       ", ".join(feeds[:-1]) + ", and " + feeds[-1])
    shows = ". Boxes show values and gradients, backward arrows their factors"
    value = f". Forward, {loss.name} = {_said(loss.value)}"
    parameters = [node for node in nodes if node.kind == "parameter"]
    inputs = [node for node in nodes if node.kind == "input"]

    def gradients(which) -> str:
        return listed(f"{_said(node.grad)} for {node.name}" for node in which)

    grads = f"; backward, the gradients are {gradients(parameters)}" if parameters else ""
    every = (f"; backward, the gradients are {gradients(parameters + inputs)}"
             if parameters + inputs else "")
    candidates = [outline + shows + value + every, outline + shows + value + grads,
                  outline + value + every, outline + value + grads, outline + shows + value,
                  outline + value]
    return fitting(*candidates, aim=False)
