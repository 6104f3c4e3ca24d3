"""The computation graph of a tiny network, as data: every node's value and gradient, every edge's
local derivative.

The values come from :mod:`helpers.mlp`'s forward layers and the gradients from its backward
layers, so a drawing of the graph (``helpers.plots.plot_computation_graph``) shows exactly what
the library computes. Nothing here imports matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks, mlp

__all__ = ["ComputationGraph", "GraphEdge", "GraphNode", "tiny_network_graph"]


@dataclass(frozen=True)
class GraphNode:
    """One quantity of the computation: its forward ``value`` and its gradient dL/d(node)."""

    name: str
    symbol: str  # the node's name in mathtext, for "dL/d<symbol>"
    formula: str  # how it is drawn, matplotlib mathtext
    value: float
    grad: float
    position: tuple[float, float]  # where a drawing puts the node's centre
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
    size = checks.LIMITS["magnitude"]
    x, target, w0, b0, w1, b1 = (
        checks.number(name, value, low=-size, high=size)
        for name, value in (("x", x), ("target", target), ("w0", w0), ("b0", b0), ("w1", w1),
                            ("b1", b1)))
    W0, B0, W1, B1 = (np.array([[w0]]), np.array([b0]), np.array([[w1]]), np.array([b1]))
    z, first = mlp.linear_forward(np.array([[x]]), W0, B0)
    h, mask = mlp.relu_forward(z)
    y, second = mlp.linear_forward(h, W1, B1)
    loss, dy = mlp.mse(y, np.array([[target]]))
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
