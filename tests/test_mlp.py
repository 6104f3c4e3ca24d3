"""helpers.mlp: each layer's backward against finite differences, the losses, and bad input."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import mlp
from helpers.calculus import numerical_gradient
from helpers.data import make_moons


def close(ours, numeric, rtol=1e-6, atol=1e-8):
    return np.allclose(ours, numeric, rtol=rtol, atol=atol)


# --- layer pairs against finite differences ---------------------------------------------------


def test_linear_backward_matches_finite_differences():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    G = rng.normal(size=(5, 4))  # L = sum(out * G), so dL/d(out) = G

    def loss(X_, W_, b_):
        return float(np.sum(mlp.linear_forward(X_, W_, b_)[0] * G))

    out, cache = mlp.linear_forward(X, W, b)
    assert np.allclose(out, X @ W + b)
    dX, dW, db = mlp.linear_backward(G, cache)
    assert (dX.shape, dW.shape, db.shape) == (X.shape, W.shape, b.shape)
    assert close(dX, numerical_gradient(lambda x: loss(x, W, b), X))
    assert close(dW, numerical_gradient(lambda w: loss(X, w, b), W))
    assert close(db, numerical_gradient(lambda c: loss(X, W, c), b))


def test_relu_backward_matches_finite_differences_away_from_zero():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(4, 6))
    X[np.abs(X) < 0.1] = 0.5  # keep every entry well away from the kink
    G = rng.normal(size=X.shape)
    out, cache = mlp.relu_forward(X)
    assert np.array_equal(out, np.maximum(X, 0))
    numeric = numerical_gradient(lambda x: float(np.sum(mlp.relu_forward(x)[0] * G)), X)
    assert close(mlp.relu_backward(G, cache), numeric)


def test_relu_derivative_at_exactly_zero_is_zero():
    X = np.array([[-1.0, 0.0, 2.0], [0.0, -0.0, 3.0]])
    _, cache = mlp.relu_forward(X)
    grad = mlp.relu_backward(np.ones_like(X), cache)
    assert np.array_equal(grad, [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])


def test_network_backward_matches_finite_differences():
    rng = np.random.default_rng(2)
    params = mlp.init_params([3, 5, 4, 2], seed=3, bias=0.1)
    X, y = rng.normal(size=(7, 3)), rng.normal(size=(7, 2))
    _, grads = mlp.loss_and_grads(params, X, y, loss="mse")
    numeric = numerical_gradient(
        lambda theta: mlp.loss_and_grads(mlp.unflatten_params(theta, params), X, y, "mse")[0],
        mlp.flatten_params(params),
    )
    assert close(mlp.flatten_params(grads), numeric)


def test_the_check_can_fail_a_wrong_gradient():
    """A gradient with the classic bug (forgetting that b is shared by all rows) is caught."""
    rng = np.random.default_rng(4)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    G = rng.normal(size=(5, 2))
    wrong_db = G.mean(axis=0)
    numeric = numerical_gradient(lambda c: float(np.sum((X @ W + c) * G)), b)
    assert not close(wrong_db, numeric)


# --- losses --------------------------------------------------------------------------------


def test_mse_value_and_gradient():
    rng = np.random.default_rng(5)
    out, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    value, grad = mlp.mse(out, y)
    assert math.isclose(value, np.mean((out - y) ** 2), rel_tol=1e-15)
    assert close(grad, numerical_gradient(lambda o: mlp.mse(o, y)[0], out))


def test_bce_matches_the_textbook_formula_and_finite_differences():
    rng = np.random.default_rng(6)
    z = rng.normal(scale=3, size=(8, 1))
    y = rng.integers(0, 2, size=(8, 1)).astype(float)
    p = 1 / (1 + np.exp(-z))
    textbook = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    value, grad = mlp.bce_with_logits(z, y)
    assert math.isclose(value, textbook, rel_tol=1e-12)
    assert close(grad, numerical_gradient(lambda t: mlp.bce_with_logits(t, y)[0], z))


@pytest.mark.parametrize(
    "z, y, value, grad",
    [
        (1000.0, 1.0, 0.0, 0.0),
        (1000.0, 0.0, 1000.0, 1.0),
        (-1000.0, 0.0, 0.0, 0.0),
        (-1000.0, 1.0, 1000.0, -1.0),
        (0.0, 1.0, math.log(2), -0.5),
    ],
)
def test_bce_is_finite_and_exact_for_huge_logits(z, y, value, grad):
    v, g = mlp.bce_with_logits(np.array([[z]]), np.array([[y]]))
    assert np.isfinite(v) and np.isfinite(g).all()
    assert v == pytest.approx(value, abs=1e-300, rel=1e-15)
    assert g[0, 0] == pytest.approx(grad, abs=1e-300, rel=1e-15)


def test_sigmoid_has_no_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        s = mlp.sigmoid(np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0]))
    assert s[0] == 0.0 and s[2] == 0.5 and s[4] == 1.0
    assert s[1] == pytest.approx(1 / (1 + math.exp(30)), rel=1e-14)


# --- parameters, steps, training -------------------------------------------------------------


def test_init_params_shapes_scale_and_determinism():
    params = mlp.init_params([2, 400, 3], seed=7)
    assert [(W.shape, b.shape) for W, b in params] == [((2, 400), (400,)), ((400, 3), (3,))]
    assert all(W.dtype == np.float64 for W, _ in params)
    assert np.all(params[0][1] == 0)
    assert np.std(params[1][0]) == pytest.approx(math.sqrt(2 / 400), rel=0.1)  # He scale
    again = mlp.init_params([2, 400, 3], seed=7)
    assert all(
        np.array_equal(a, b)
        for p, q in zip(params, again, strict=True)
        for a, b in zip(p, q, strict=True)
    )
    other = mlp.init_params([2, 400, 3], seed=8)
    assert not np.array_equal(params[0][0], other[0][0])


def test_flatten_unflatten_roundtrip():
    params = mlp.init_params([3, 4, 2], seed=0, bias=0.5)
    theta = mlp.flatten_params(params)
    assert theta.shape == (3 * 4 + 4 + 4 * 2 + 2,)
    back = mlp.unflatten_params(theta, params)
    assert all(
        np.array_equal(a, b)
        for p, q in zip(params, back, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def test_sgd_step_heavy_ball_convention():
    params = [(np.array([[1.0]]), np.array([0.0]))]
    g = [(np.array([[2.0]]), np.array([1.0]))]
    p1, v1 = mlp.sgd_step(params, g, lr=0.1, momentum=0.9)
    assert p1[0][0][0, 0] == pytest.approx(1.0 - 0.1 * 2.0)  # first step: v = g
    p2, v2 = mlp.sgd_step(p1, g, lr=0.1, velocity=v1, momentum=0.9)
    assert v2[0][0][0, 0] == pytest.approx(0.9 * 2.0 + 2.0)
    assert p2[0][0][0, 0] == pytest.approx(0.8 - 0.1 * 3.8)
    assert params[0][0][0, 0] == 1.0  # inputs unchanged


def test_train_learns_the_moons_and_records_snapshots():
    X, y = make_moons(100, noise=0.1, seed=0)
    params = mlp.init_params([2, 16, 16, 1], seed=0)
    result = mlp.train(params, X, y, lr=0.5, steps=200, momentum=0.9, record_every=50)
    assert not result.diverged
    assert result.losses.shape == (201,)
    assert list(result.snapshot_steps) == [0, 50, 100, 150, 200]
    assert result.losses[-1] < 0.1 * result.losses[0]
    assert mlp.accuracy(result.params, X, y) > 0.95
    first = result.snapshots[0]
    assert all(
        np.array_equal(a, b)
        for p, q in zip(first, params, strict=True)
        for a, b in zip(p, q, strict=True)
    )
    last_loss, _ = mlp.loss_and_grads(result.snapshots[-1], X, y)
    assert last_loss == pytest.approx(result.losses[-1], rel=1e-12)
    assert result.message == (
        f"Trained for 200 steps: the loss fell from {result.losses[0]:.3g} "
        f"to {result.losses[-1]:.3g}."
    )
    assert result.final is result.params and result.path is result.snapshots and result.steps == 200


def test_train_divergence_is_a_result():
    X, y = make_moons(50, noise=0.1, seed=1)
    params = mlp.init_params([2, 8, 1], seed=0)
    result = mlp.train(params, X, y, lr=100.0, steps=100, momentum=0.9, loss="mse")
    assert result.diverged and not result.converged
    assert result.message.startswith(
        f"Diverged after {result.steps} steps: the loss stopped being finite"
    )
    assert result.message.endswith("the learning rate 100 is too large for this problem.")
    assert result.snapshot_steps[-1] == len(result.losses) - 1 == result.steps


def test_predict_and_predict_proba_agree():
    X, _ = make_moons(30, noise=0.1, seed=2)
    params = mlp.init_params([2, 5, 1], seed=1)
    proba = mlp.predict_proba(params, X)
    assert proba.shape == (30,)
    assert np.array_equal(mlp.predict(params, X), (proba > 0.5).astype(float))


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, error",
    [
        ([3], ValueError),
        ([], ValueError),
        ([2, 0, 1], ValueError),
        ([2, -1], ValueError),
        ([2, 1.5, 1], TypeError),
        ("21", TypeError),
    ],
)
def test_init_params_rejects_bad_sizes(sizes, error):
    with pytest.raises(error, match="sizes"):
        mlp.init_params(sizes, seed=0)


def test_init_params_says_what_sizes_must_be():
    said = r"^sizes must be a list of 2 to 101 layer widths \(inputs ... outputs\), got "
    with pytest.raises(ValueError, match=said + r"\[3\]$"):
        mlp.init_params([3])
    with pytest.raises(TypeError, match=said + r"'21'$"):
        mlp.init_params("21")
    with pytest.raises(TypeError, match=said + r"\{1, 2\}$"):
        mlp.init_params({2, 1})  # a set has no order
    for sizes in ((2, 3, 1), range(2, 4), np.array([2, 3, 1])):
        params = mlp.init_params(sizes, seed=0)
        assert params[0][0].shape[0] == 2 and len(params) == len(sizes) - 1


def test_forward_rejects_X_that_does_not_fit_the_first_layer():
    params = mlp.init_params([3, 4, 1], seed=0)
    with pytest.raises(ValueError, match=r"^X must have shape \(n_samples, 3\) to fit the first "
                                         r"layer \(params\[0\] W has shape \(3, 4\)\), "
                                         r"got shape \(5, 2\)$"):
        mlp.forward(params, np.zeros((5, 2)))
    with pytest.raises(ValueError, match="X must be a 2-D"):
        mlp.forward(params, np.zeros(3))


def test_losses_reject_y_of_another_shape():
    with pytest.raises(ValueError, match=r"^y must have the same shape as out \(4, 1\), got "
                                         r"shape \(3, 1\)$"):
        mlp.mse(np.zeros((4, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"^y must have the same shape as logits \(4, 1\)"):
        mlp.bce_with_logits(np.zeros((4, 1)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"^out and y must differ by less than about 1e154 .*, "
                                         r"got a largest difference of inf$"):
        mlp.mse(np.array([[1e308]]), np.array([[-1e308]]))
    params = mlp.init_params([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="y must have the same shape"):
        mlp.loss_and_grads(params, np.zeros((4, 2)), np.zeros(5))


@pytest.mark.parametrize(
    "lr, error",
    [
        (0, ValueError),
        (-0.1, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("fast", TypeError),
        (None, TypeError),
    ],
)
def test_bad_learning_rates_are_rejected(lr, error):
    params = mlp.init_params([2, 1], seed=0)
    grads = [(np.zeros((2, 1)), np.zeros(1))]
    with pytest.raises(error, match=r"lr must be a positive finite number, got"):
        mlp.sgd_step(params, grads, lr)
    with pytest.raises(error, match="lr must be"):
        mlp.train(params, np.zeros((3, 2)), np.zeros(3), lr=lr, steps=5)


def test_other_bad_arguments_are_named():
    params = mlp.init_params([2, 1], seed=0)
    X, y = np.zeros((3, 2)), np.zeros(3)
    with pytest.raises(ValueError, match="steps must be an integer from 1 to 100000, got 0"):
        mlp.train(params, X, y, lr=0.1, steps=0)
    with pytest.raises(TypeError, match="steps must be an integer from 1 to 100000, got 3.0"):
        mlp.train(params, X, y, lr=0.1, steps=3.0)
    with pytest.raises(ValueError, match="momentum"):
        mlp.train(params, X, y, lr=0.1, steps=1, momentum=-0.5)
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\]"):
        mlp.train(params, X, y, lr=0.1, steps=1, momentum=1.5)  # as for every solver
    with pytest.raises(ValueError, match="loss must be one of"):
        mlp.loss_and_grads(params, X, y, loss="hinge")
    with pytest.raises(ValueError, match=r"^params\[1\] W must have fan_in 4, the fan_out of "
                                         r"params\[0\] \(shapes chain\), got W of shape "
                                         r"\(3, 1\)$"):
        mlp.forward([(np.zeros((2, 4)), np.zeros(4)), (np.zeros((3, 1)), np.zeros(1))], X)


# --- property: any small architecture --------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    n=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
    loss=st.sampled_from(["mse", "bce"]),
)
def test_backward_matches_finite_differences_for_random_architectures(sizes, n, seed, loss):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(sizes, seed=seed, bias=0.1)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, 2, size=(n, sizes[-1])).astype(float)
    # finite differences are wrong across a ReLU kink: skip points that sit next to one
    h = X
    for W, b in params[:-1]:
        pre = h @ W + b
        assume(np.min(np.abs(pre)) > 1e-3)
        h = np.maximum(pre, 0)

    out, _ = mlp.forward(params, X)
    assert out.shape == (n, sizes[-1])
    _, grads = mlp.loss_and_grads(params, X, y, loss)
    assert [(dW.shape, db.shape) for dW, db in grads] == [(W.shape, b.shape) for W, b in params]
    numeric = numerical_gradient(
        lambda theta: mlp.loss_and_grads(mlp.unflatten_params(theta, params), X, y, loss)[0],
        mlp.flatten_params(params),
    )
    assert np.allclose(mlp.flatten_params(grads), numeric, rtol=1e-5, atol=1e-7)


# --- one sigmoid, public structure checks, helpers the notebooks use -------------------------


def test_mlp_uses_the_one_sigmoid_of_functions():
    from helpers import functions

    assert mlp.sigmoid is functions.sigmoid


def test_sgd_step_allows_frictionless_momentum_one_but_not_more():
    """Lecture 06: forgetting zero_grad() is momentum 1 (v sums every gradient); the rule is
    every solver's, momentum in [0, 1]."""
    params = [(np.array([[1.0]]), np.array([0.0]))]
    g = [(np.array([[2.0]]), np.array([1.0]))]
    p1, v1 = mlp.sgd_step(params, g, 0.1, momentum=1.0)
    _, v2 = mlp.sgd_step(p1, g, 0.1, velocity=v1, momentum=1.0)
    assert v2[0][0][0, 0] == 4.0
    with pytest.raises(ValueError, match=r"momentum must be a number in \[0, 1\]"):
        mlp.sgd_step(params, g, 0.1, momentum=1.5)
    with pytest.raises(ValueError, match=r"grads\[0\] W must have the shape of params\[0\] W"):
        mlp.sgd_step(params, [(np.zeros((2, 1)), np.zeros(1))], 0.1)


def test_public_structure_checks():
    params = mlp.init_params([3, 4, 2], seed=0)
    mlp.check_params(params)
    X, y = mlp.check_data(params, np.zeros((5, 3)), np.zeros((5, 2)))
    assert X.shape == (5, 3) and y.shape == (5, 2)
    assert mlp.match_target(np.zeros((4, 1)), np.zeros(4)).shape == (4, 1)
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 3\)"):
        mlp.check_inputs(params, np.zeros((5, 2)))
    with pytest.raises(TypeError, match="params must be a non-empty list"):
        mlp.check_params(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="params must be a non-empty list"):
        mlp.check_params([])
    with pytest.raises(TypeError, match=r"^grads must be a non-empty list of \(W, b\) pairs, "
                                        r"got 'here'$"):
        mlp.check_like("grads", "here", params)
    with pytest.raises(ValueError, match=r"^X must be a 2-D array \(n_samples, n_features\), "
                                         r"not empty, got shape \(3,\)$"):
        mlp.check_inputs(params, np.zeros(3))
    with pytest.raises(ValueError, match=r"^vector must be 1-D with 26 entries to fill params "
                                         r"shaped like `like`, got shape \(2, 13\)$"):
        mlp.unflatten_params(np.zeros((2, 13)), params)
    with pytest.raises(ValueError, match="loss must be one of"):
        mlp.check_loss("hinge")


def test_max_difference_of_two_parameter_lists():
    a = mlp.init_params([2, 3, 1], seed=0)
    b = mlp.copy_params(a)
    assert mlp.max_difference(a, b) == 0.0
    b[1][0][2, 0] += 0.25
    b[0][1][1] -= 0.125
    assert mlp.max_difference(a, b) == 0.25
    b[0][0][0, 0] = np.nan  # never equal: inf, which fails every `gap < tol` (NaN would not
    assert mlp.max_difference(a, b) == math.inf  # win a max)
    assert mlp.max_difference(b, b) == math.inf
    with pytest.raises(
        ValueError, match=r"params_b must have one \(W, b\) pair per layer of params_a \(2\), got 1"
    ):
        mlp.max_difference(a, a[:1])
    with pytest.raises(
        ValueError,
        match=r"params_b\[0\] W must have the shape of params_a\[0\] W, \(2, 3\), got \(3, 3\)",
    ):
        mlp.max_difference(a, [(np.zeros((3, 3)), np.zeros(3)), a[1]])


@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_numerical_grads_is_what_the_notebooks_computed_by_hand(loss):
    X, y = make_moons(20, noise=0.2, seed=0)
    params = mlp.init_params([2, 5, 1], seed=0, bias=0.1)
    numeric = mlp.numerical_grads(params, X, y, loss=loss)
    # lectures 05 and 06 did this in a cell: flatten, wrap the loss, differentiate, unflatten
    by_hand = mlp.unflatten_params(
        numerical_gradient(
            lambda theta: mlp.loss_and_grads(mlp.unflatten_params(theta, params), X, y, loss)[0],
            mlp.flatten_params(params),
        ),
        params,
    )
    assert mlp.max_difference(numeric, by_hand) == 0.0
    _, ours = mlp.loss_and_grads(params, X, y, loss)
    assert [(a.shape, b.shape) for a, b in numeric] == [(a.shape, b.shape) for a, b in params]
    assert mlp.max_difference(numeric, ours) < 1e-7
    with pytest.raises(ValueError, match="h must be"):
        mlp.numerical_grads(params, X, y, h=0)


# --- no silent wrong answers: bad data is named, limits are stated ---------------------------


def _moons_problem():
    X, y = make_moons(20, noise=0.1, seed=0)
    return mlp.init_params([2, 4, 1], seed=0), X, y


def _broken(params, value, layer=0, kind=0):
    broken = mlp.copy_params(params)
    broken[layer][kind][...] = value
    return broken


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_params_that_are_not_finite_are_named_by_every_function(value):
    """Before, train on an all-NaN layer said diverged=False and forward returned NaN."""
    params, X, y = _moons_problem()
    broken = _broken(params, value)
    said = r"^params\[0\] W must hold finite numbers only \(no NaN or inf\), got "
    calls = [
        lambda: mlp.forward(broken, X),
        lambda: mlp.predict(broken, X),
        lambda: mlp.predict_proba(broken, X),
        lambda: mlp.accuracy(broken, X, y),
        lambda: mlp.loss_and_grads(broken, X, y),
        lambda: mlp.numerical_grads(broken, X[:3], y[:3]),
        lambda: mlp.sgd_step(broken, params, 0.1),
        lambda: mlp.train(broken, X, y, lr=0.1, steps=3),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=said + rf"{value!r} at \[0, 0\]$"):
            call()
    with pytest.raises(ValueError, match=r"^grads\[1\] b must hold finite numbers only"):
        mlp.sgd_step(params, _broken(params, value, 1, 1), 0.1)
    with pytest.raises(ValueError, match=r"^velocity\[0\] W must hold finite numbers only"):
        mlp.sgd_step(params, params, 0.1, velocity=broken)


def test_nan_in_the_data_is_named_never_blamed_on_the_learning_rate():
    params, X, y = _moons_problem()
    bad_X, bad_y = X.copy(), y.copy()
    bad_X[3, 1], bad_y[5] = np.nan, np.inf
    for loss in ("bce", "mse"):
        with pytest.raises(ValueError, match=r"^X must be .*all finite") as caught:
            mlp.train(params, bad_X, y, lr=0.1, steps=5, loss=loss)
        assert "learning rate" not in str(caught.value)
        with pytest.raises(ValueError, match=r"^y must be .*all finite"):
            mlp.train(params, X, bad_y, lr=0.1, steps=5, loss=loss)
        with pytest.raises(ValueError, match=r"^y must be .*all finite"):
            mlp.loss_and_grads(params, X, bad_y, loss)
    with pytest.raises(ValueError, match=r"^y must be .*all finite"):
        mlp.accuracy(params, X, bad_y)


def test_empty_data_is_named_with_no_warning():
    """Before, the mean over nothing gave NaN and a RuntimeWarning."""
    params, _, _ = _moons_problem()
    empty = np.zeros((0, 1))
    with pytest.raises(ValueError, match=r"^out must hold at least 1 number, got shape \(0, 1\)$"):
        mlp.mse(empty, empty)
    with pytest.raises(ValueError, match=r"^logits must hold at least 1 number, got shape"):
        mlp.bce_with_logits(empty, empty)
    for call in (lambda: mlp.accuracy(params, np.zeros((0, 2)), np.zeros(0)),
                 lambda: mlp.loss_and_grads(params, np.zeros((0, 2)), np.zeros(0)),
                 lambda: mlp.train(params, np.zeros((0, 2)), np.zeros(0), lr=0.1, steps=2)):
        with pytest.raises(ValueError, match=r"^X must be a 2-D array \(n_samples, n_features\), "
                                             r"not empty, got shape \(0, 2\)$"):
            call()


def test_bce_targets_lie_in_zero_to_one_and_accuracy_takes_labels_only():
    params, X, y = _moons_problem()
    twice = 2.0 * y
    with pytest.raises(ValueError, match=r"^y must hold targets in \[0, 1\] for the 'bce' loss "
                                         r"\(labels 0 and 1, or probabilities\), got 2.0 at "):
        mlp.bce_with_logits(np.zeros((20, 1)), twice.reshape(-1, 1))
    for call in (lambda: mlp.loss_and_grads(params, X, twice),
                 lambda: mlp.train(params, X, twice, lr=0.1, steps=2),
                 lambda: mlp.numerical_grads(params, X, -y)):
        with pytest.raises(ValueError, match=r"^y must hold targets in \[0, 1\]"):
            call()
    mlp.loss_and_grads(params, X, twice, "mse")  # any finite target suits the squared error
    soft = np.full(20, 0.25)  # probabilities are targets too, as for PyTorch's loss
    assert np.isfinite(mlp.loss_and_grads(params, X, soft)[0])
    with pytest.raises(ValueError, match=r"^y must hold labels 0 and 1, got 0.25 among them$"):
        mlp.accuracy(params, X, soft)
    assert mlp.accuracy(params, X, y.reshape(-1, 1)) == mlp.accuracy(params, X, y)


def test_an_empty_velocity_is_named_not_an_empty_network():
    params, X, y = _moons_problem()
    _, grads = mlp.loss_and_grads(params, X, y)
    with pytest.raises(ValueError, match=r"^velocity must be a non-empty list of \(W, b\) pairs, "
                                         r"got \[\]$"):
        mlp.sgd_step(params, grads, 0.1, velocity=[])
    with pytest.raises(ValueError, match=r"^velocity must have one \(W, b\) pair per layer of "
                                         r"params \(2\), got 1$"):
        mlp.sgd_step(params, grads, 0.1, velocity=grads[:1])


def test_sizes_and_step_counts_have_stated_limits():
    from helpers.checks import LIMITS

    params, X, y = _moons_problem()
    with pytest.raises(ValueError, match=r"^steps must be an integer from 1 to 100000, got "
                                         r"1000000000000$"):
        mlp.train(params, X, y, lr=0.1, steps=10**12)
    with pytest.raises(ValueError, match=r"^record_every must be an integer from 1 to 100000"):
        mlp.train(params, X, y, lr=0.1, steps=5, record_every=LIMITS["train_steps"] + 1)
    with pytest.raises(ValueError,
                       match=r"^sizes\[1\] must be an integer from 1 to 4096, got 4097$"):
        mlp.init_params([2, LIMITS["width"] + 1, 1])
    with pytest.raises(ValueError, match=r"^sizes must be a list of 2 to 101 layer widths"):
        mlp.init_params([2] * (LIMITS["layers"] + 2))
    assert len(mlp.init_params([1] * (LIMITS["layers"] + 1))) == LIMITS["layers"]
    with pytest.raises(ValueError, match=r"^sizes must make a network of at most 50,000,000 "
                                         r"weights and biases, got .*, which makes 50,348,033$"):
        mlp.init_params([LIMITS["width"]] * 4 + [1])
    big = mlp.init_params([2, 100, 100, 1])
    with pytest.raises(ValueError, match=r"^params must have at most 10,000 weights and biases "
                                         r"for finite differences .*, got a network of 10,501$"):
        mlp.numerical_grads(big, X, y)


def test_train_refuses_to_record_more_copies_than_the_memory_limit():
    """The recorded copies of the network are counted before training starts."""
    sizes = [2, 1000, 1]  # 4,001 numbers: 24,993 copies fit in checks.LIMITS["kept"]
    params = [(np.zeros((2, 1000)), np.zeros(1000)), (np.zeros((1000, 1)), np.zeros(1))]
    assert sum(W.size + b.size for W, b in params) == 4001 == 2 * 1000 + 1000 + 1000 + 1
    X, y = np.zeros((2, sizes[0])), np.zeros(2)
    with pytest.raises(ValueError, match=r"^record_every must be at least 2 for 40000 steps of a "
                                         r"network of 4,001 numbers .*, got 1$"):
        mlp.train(params, X, y, lr=0.1, steps=40_000, record_every=1)


def test_train_checks_its_arguments_once_not_once_per_step(monkeypatch):
    from helpers import checks

    params, X, y = _moons_problem()
    calls = []
    original = checks.finite_array

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(checks, "finite_array", counted)
    counts = []
    for steps in (2, 40):
        calls.clear()
        mlp.train(params, X, y, lr=0.1, steps=steps)
        counts.append(len(calls))
    assert counts[0] == counts[1] > 0


def test_a_run_whose_next_update_overflows_stops_at_its_last_finite_weights():
    """The loss and gradient are finite, but lr times the gradient is beyond float64: the run
    stops before that update, so every snapshot can still be drawn."""
    params = [(np.zeros((1, 1)), np.zeros(1))]
    X, y = np.array([[10.0]]), np.array([0.0])
    result = mlp.train(params, X, y, lr=1e308, steps=3)
    assert result.diverged and result.steps == 0 and list(result.snapshot_steps) == [0]
    assert result.losses[0] == pytest.approx(math.log(2))
    assert all(np.isfinite(a).all() for p in result.snapshots for pair in p for a in pair)
    assert result.message == ("Diverged after 0 steps: the next update would take a weight "
                              "beyond float64's range; the learning rate 1e+308 is too large "
                              "for this problem.")
    _, grads = mlp.loss_and_grads(params, X, y)
    with pytest.raises(ValueError, match=r"^lr must be small enough that the step stays within "
                                         r"float64's range .*, got 1e\+308$"):
        mlp.sgd_step(params, grads, 1e308)


def test_backward_names_a_cache_that_does_not_come_from_forward():
    params, X, y = _moons_problem()
    out, cache = mlp.forward(params, X)
    grad = np.ones_like(out) / out.size
    assert mlp.max_difference(mlp.backward(params, cache, grad),
                              mlp.loss_and_grads(params, X, np.zeros(20), "mse")[1]) < np.inf
    with pytest.raises(ValueError, match=r"^cache must come from forward\(\) with these params "
                                         r"\(2 layers\), got a cache for 1 layers$"):
        mlp.backward(params, cache[:1], grad)
    with pytest.raises(ValueError, match=r"^grad_out must have the output's shape \(20, 1\), "
                                         r"got shape \(19, 1\)$"):
        mlp.backward(params, cache, grad[:19])
    other = mlp.init_params([2, 5, 1], seed=0)
    with pytest.raises(ValueError, match=r"^cache\[0\] must come from forward\(\) with these "
                                         r"params"):
        mlp.backward(other, cache, grad)
    with pytest.raises(TypeError, match=r"^cache must be the cache that forward\(\) returned"):
        mlp.backward(params, "cache", grad)
    with pytest.raises(ValueError, match=r"^grad_out must be .*all finite"):
        mlp.backward(params, cache, np.full_like(out, np.nan))


def test_layer_pairs_name_their_arguments():
    X, W, b = np.ones((3, 2)), np.ones((2, 4)), np.zeros(4)
    with pytest.raises(ValueError, match=r"^W must have shape \(2, fan_out\) to take X's 2 "
                                         r"features, got shape \(3, 4\)$"):
        mlp.linear_forward(X, np.ones((3, 4)), b)
    with pytest.raises(ValueError, match=r"^b must have shape \(4,\), one bias per column of W, "
                                         r"got shape \(3,\)$"):
        mlp.linear_forward(X, W, np.zeros(3))
    _, cache = mlp.linear_forward(X, W, b)
    with pytest.raises(ValueError, match=r"^grad_out must have the output's shape \(3, 4\), "
                                         r"got shape \(3, 3\)$"):
        mlp.linear_backward(np.ones((3, 3)), cache)
    with pytest.raises(TypeError, match=r"^cache must be the mask relu_forward returned"):
        mlp.relu_backward(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match=r"^cache must be a mask of grad_out's shape \(3,\), "
                                         r"got shape \(2,\)$"):
        mlp.relu_backward(np.ones(3), np.array([True, False]))
