"""The computation graph of the tiny network: its numbers must be the chain rule's, and the
library's forward and backward passes."""

import numpy as np
import pytest

from helpers import calculus, graph, mlp, plots


def test_tiny_graph_values_are_the_forward_pass():
    g = graph.tiny_network_graph(x=0.5, target=1.0, w0=2.0, b0=0.5, w1=-1.0, b1=0.5)
    assert g.value("z") == 1.5 and g.value("h") == 1.5 and g.value("y") == -1.0
    assert g.value("L") == 4.0


def test_tiny_graph_gradients_are_the_chain_rule():
    g = graph.tiny_network_graph(x=0.7, target=-0.3, w0=1.3, b0=0.2, w1=0.8, b1=-0.1)
    # every node's gradient is the sum over its outgoing edges of (gradient there) x (local)
    for name in g.nodes:
        if name == g.loss:
            assert g.grad(name) == 1.0
            continue
        total = sum(g.grad(e.target) * e.local for e in g.edges if e.source == name)
        assert g.grad(name) == pytest.approx(total, rel=1e-12)


def test_tiny_graph_gradients_match_finite_differences():
    numbers = {"x": 0.7, "target": -0.3, "w0": 1.3, "b0": 0.2, "w1": 0.8, "b1": -0.1}
    g = graph.tiny_network_graph(**numbers)

    def loss(theta):
        w0, b0, w1, b1 = theta
        changed = {**numbers, "w0": w0, "b0": b0, "w1": w1, "b1": b1}
        return graph.tiny_network_graph(**changed).value("L")

    theta = [numbers[k] for k in ("w0", "b0", "w1", "b1")]
    numerical = calculus.numerical_gradient(loss, theta)
    exact = [g.grad(k) for k in ("w0", "b0", "w1", "b1")]
    assert calculus.relative_error(exact, numerical) < 1e-8


def test_tiny_graph_gradients_equal_the_library_backward():
    g = graph.tiny_network_graph()
    params = [(np.array([[g.value("w0")]]), np.array([g.value("b0")])),
              (np.array([[g.value("w1")]]), np.array([g.value("b1")]))]
    loss, grads = mlp.loss_and_grads(params, [[g.value("x")]], [[g.value("t")]], "mse")
    assert loss == g.value("L")
    assert grads[0][0][0, 0] == g.grad("w0") and grads[0][1][0] == g.grad("b0")
    assert grads[1][0][0, 0] == g.grad("w1") and grads[1][1][0] == g.grad("b1")


def test_a_dead_relu_blocks_the_gradient():
    g = graph.tiny_network_graph(x=1.0, w0=-2.0, b0=0.5)
    assert g.value("z") < 0 and g.value("h") == 0.0
    assert g.grad("w0") == 0.0 and g.grad("b0") == 0.0 and g.grad("x") == 0.0
    assert g.grad("h") != 0.0


def test_tiny_graph_rejects_what_is_not_a_finite_number():
    with pytest.raises(ValueError, match=r"w1 must be a number in \[-1e\+06, 1e\+06\], got nan"):
        graph.tiny_network_graph(w1=float("nan"))
    for bad in ("1", None, True):
        with pytest.raises(TypeError, match="w1 must be a number in"):
            graph.tiny_network_graph(w1=bad)


def test_the_graph_model_lives_outside_plots():
    assert not hasattr(plots, "tiny_network_graph") and not hasattr(plots, "ComputationGraph")
