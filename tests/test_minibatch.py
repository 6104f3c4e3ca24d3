"""The spec of helpers.solvers.minibatch_sgd (DESIGN.md): the order rows are visited in, how many
batches and updates an epoch makes, gradient accumulation, full batch = gradient descent, the
result's alignment, divergence as a result, and bad input as a ValueError naming the argument."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.solvers import gradient_descent, minibatch_sgd, rising_loss_note


def regression(n=24, seed=0):
    X, y, _ = data.make_linear_regression(n, seed=seed)
    return X, y


class Recorder:
    """A grad_fn that remembers which rows (by their id in X[:, 0]) each call saw."""

    def __init__(self):
        self.batches = []

    def __call__(self, w, Xb, yb):
        self.batches.append(Xb[:, 0].astype(int).tolist())
        return np.zeros_like(w)


def ids(n):
    """X whose first column is each row's index, so a grad_fn can see the order."""
    return np.column_stack([np.arange(n), np.ones(n)]).astype(float), np.zeros(n)


# ---------------------------------------------------------------- order and counts


def test_each_epoch_visits_rows_in_one_permutation_draw_per_epoch():
    n, b, epochs, seed = 11, 3, 4, 7
    X, y = ids(n)
    record = Recorder()
    minibatch_sgd(record, [0.0, 0.0], X, y, lr=0.1, batch_size=b, epochs=epochs, seed=seed)
    rng = np.random.default_rng(seed)
    expected = []
    for _ in range(epochs):
        order = rng.permutation(n)
        expected += [order[i : i + b].tolist() for i in range(0, n, b)]
    assert record.batches == expected


def test_no_shuffle_is_the_identity_order_every_epoch():
    X, y = ids(7)
    record = Recorder()
    minibatch_sgd(record, [0.0, 0.0], X, y, lr=0.1, batch_size=3, epochs=2, shuffle=False)
    assert record.batches == [[0, 1, 2], [3, 4, 5], [6]] * 2


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 40), data_=st.data())
def test_counts_batches_updates_and_epoch_labels(n, data_):
    b = data_.draw(st.integers(1, n), label="batch_size")
    k = data_.draw(st.integers(1, 6), label="accumulate")
    epochs = data_.draw(st.integers(1, 3), label="epochs")
    X, y = ids(n)
    record = Recorder()
    result = minibatch_sgd(
        record, [0.0, 0.0], X, y, lr=0.1, batch_size=b, epochs=epochs, accumulate=k
    )
    batches = math.ceil(n / b)
    sizes = [len(batch) for batch in record.batches]
    assert len(sizes) == epochs * batches
    assert sizes[:batches] == [b] * (n // b) + ([n % b] if n % b else [])
    for e in range(epochs):  # every row exactly once per epoch
        seen = [row for batch in record.batches[e * batches : (e + 1) * batches] for row in batch]
        assert sorted(seen) == list(range(n))
    per_epoch = math.ceil(batches / k)
    assert result.updates_per_epoch == per_epoch
    assert result.weights.shape == (epochs * per_epoch + 1, 2)
    assert result.epoch_of_update.tolist() == [0] + [
        e for e in range(1, epochs + 1) for _ in range(per_epoch)
    ]
    assert not result.diverged


def test_weights_start_at_w0_and_losses_are_aligned_with_weights():
    X, y = regression()
    w0 = np.array([-1.0, 3.0])
    result = minibatch_sgd(
        data.linear_mse_grad, w0, X, y, lr=0.05, batch_size=5, epochs=3, loss_fn=data.linear_mse
    )
    assert np.array_equal(result.weights[0], w0)
    assert result.losses.shape == (len(result.weights),)
    for w, loss in zip(result.weights, result.losses, strict=True):
        assert loss == pytest.approx(data.linear_mse(w, X, y), rel=1e-12)
    assert np.array_equal(result.w, result.weights[-1])
    assert result.path is result.weights and result.final is not None and not result.converged
    assert result.steps == len(result.weights) - 1
    assert (
        minibatch_sgd(data.linear_mse_grad, w0, X, y, lr=0.05, batch_size=5, epochs=1).losses
        is None
    )


# ---------------------------------------------------------------- what the updates are


def manual_sgd(X, y, w0, lr, b, epochs, seed, k=1):
    """The spec written out by hand: permute, cut into batches, average K batches' gradients
    weighted by their sizes, step."""
    rng = np.random.default_rng(seed)
    n = len(y)
    w = np.array(w0, dtype=float)
    path = [w]
    for _ in range(epochs):
        order = rng.permutation(n)
        batches = [order[i : i + b] for i in range(0, n, b)]
        for g in range(0, len(batches), k):
            group = batches[g : g + k]
            total = sum(len(rows) * data.linear_mse_grad(w, X[rows], y[rows]) for rows in group)
            w = w - lr * total / sum(len(rows) for rows in group)
            path.append(w)
    return np.array(path)


@pytest.mark.parametrize("b, k", [(1, 1), (4, 1), (5, 1), (24, 1), (3, 2), (5, 2), (7, 3), (2, 50)])
def test_updates_match_the_spec_written_by_hand(b, k):
    X, y = regression(24)
    result = minibatch_sgd(
        data.linear_mse_grad,
        [0.5, -1.0],
        X,
        y,
        lr=0.03,
        batch_size=b,
        epochs=3,
        accumulate=k,
        seed=11,
    )
    assert np.allclose(
        result.weights, manual_sgd(X, y, [0.5, -1.0], 0.03, b, 3, 11, k), rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("b, k", [(1, 4), (2, 3), (3, 4), (4, 6), (6, 2), (12, 2)])
def test_accumulating_k_batches_of_b_equals_one_batch_of_k_times_b(b, k):
    X, y = regression(24)
    assert 24 % (k * b) == 0
    small = minibatch_sgd(
        data.linear_mse_grad,
        [2.0, 0.0],
        X,
        y,
        lr=0.05,
        batch_size=b,
        accumulate=k,
        epochs=4,
        seed=3,
    )
    big = minibatch_sgd(
        data.linear_mse_grad, [2.0, 0.0], X, y, lr=0.05, batch_size=k * b, epochs=4, seed=3
    )
    assert small.updates_per_epoch == big.updates_per_epoch == 24 // (k * b)
    assert np.array_equal(small.epoch_of_update, big.epoch_of_update)
    assert np.allclose(small.weights, big.weights, rtol=1e-12, atol=1e-13)


def test_accumulation_without_shuffle_groups_consecutive_rows():
    X, y = regression(10)
    small = minibatch_sgd(
        data.linear_mse_grad,
        [0.0, 0.0],
        X,
        y,
        lr=0.1,
        batch_size=2,
        accumulate=2,
        epochs=1,
        shuffle=False,
    )
    w = np.zeros(2)
    assert small.updates_per_epoch == 3
    for update, rows in enumerate((slice(0, 4), slice(4, 8), slice(8, 10)), start=1):
        w = w - 0.1 * data.linear_mse_grad(w, X[rows], y[rows])  # the trailing group: what is left
        assert np.allclose(small.weights[update], w, rtol=1e-12)


@pytest.mark.parametrize("shuffle", [True, False])
def test_full_batch_is_gradient_descent(shuffle):
    X, y = regression(30)
    w0 = np.array([-2.0, 4.5])
    result = minibatch_sgd(
        data.linear_mse_grad, w0, X, y, lr=0.1, batch_size=30, epochs=25, shuffle=shuffle
    )
    descent = gradient_descent(lambda w: data.linear_mse_grad(w, X, y), w0, 0.1, steps=25, tol=0.0)
    assert result.updates_per_epoch == 1
    assert np.allclose(result.weights, descent.path, rtol=1e-12, atol=1e-13)


def test_batch_size_one_is_stochastic_gradient_descent():
    X, y = regression(9)
    result = minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X, y, lr=0.02, batch_size=1, epochs=2, seed=5
    )
    rng = np.random.default_rng(5)
    w = np.zeros(2)
    for _ in range(2):
        for i in rng.permutation(9):
            w = w - 0.02 * 2 * (X[i] @ w - y[i]) * X[i]
    assert result.updates_per_epoch == 9
    assert np.allclose(result.w, w, rtol=1e-12)


def test_seeded_runs_repeat_and_seeds_differ():
    X, y = regression(20)

    def run(seed):
        return minibatch_sgd(
            data.linear_mse_grad, [0.0, 0.0], X, y, lr=0.05, batch_size=4, epochs=2, seed=seed
        ).weights

    assert np.array_equal(run(1), run(1))
    assert not np.allclose(run(1), run(2))


def test_a_memmap_works_as_the_data(tmp_path):
    source = data.write_memmap_regression(tmp_path / "d.npy", 500, 3, seed=0)
    result = minibatch_sgd(
        data.linear_mse_grad, np.zeros(3), source.X, source.y, lr=0.05, batch_size=50, epochs=3
    )
    in_memory = minibatch_sgd(
        data.linear_mse_grad,
        np.zeros(3),
        np.array(source.X, dtype=float),
        np.array(source.y, dtype=float),
        lr=0.05,
        batch_size=50,
        epochs=3,
    )
    assert np.allclose(result.weights, in_memory.weights)


# ---------------------------------------------------------------- divergence and bad input


def test_divergence_is_a_result_with_a_message_and_finite_weights():
    X, y = regression(40)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = minibatch_sgd(
            data.linear_mse_grad,
            [0.0, 0.0],
            X,
            y,
            lr=5.0,
            batch_size=1,
            epochs=50,
            loss_fn=data.linear_mse,
        )
    assert result.diverged
    assert "Diverged" in result.message and "learning rate" in result.message
    assert np.all(np.isfinite(result.weights)) and np.all(np.abs(result.weights) <= 1e6)
    assert len(result.epoch_of_update) == len(result.weights) == len(result.losses)
    assert np.all(np.isfinite(result.losses))


def test_a_converging_run_says_how_many_updates_it_made():
    X, y = regression(20)
    result = minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X, y, lr=0.05, batch_size=3, epochs=2, accumulate=2
    )
    assert not result.diverged
    assert (
        "8 updates" in result.message and "4 per epoch" in result.message
    )  # ceil(ceil(20 / 3) / 2)


@pytest.mark.parametrize(
    "n, b, epochs, says",
    [
        (10, 10, 1, "Finished 1 epoch: 1 update, 1 per epoch (1 batch of 10 rows)."),
        (10, 1, 2, "Finished 2 epochs: 20 updates, 10 per epoch (10 batches of 1 row)."),
        (10, 5, 1, "(2 batches of 5 rows)"),
        (10, 3, 1, "(4 batches of up to 3 rows)"),
        (10, 7, 1, "(2 batches of up to 7 rows)"),
    ],
)
def test_the_message_counts_in_plain_english(n, b, epochs, says):
    X, y = regression(n)
    assert (
        says
        in minibatch_sgd(
            data.linear_mse_grad, [0.0, 0.0], X, y, lr=0.01, batch_size=b, epochs=epochs
        ).message
    )


def test_a_run_whose_loss_grows_says_so_when_it_has_the_losses():
    X, y = regression(24)
    common = {"lr": 0.8, "batch_size": 24, "epochs": 3}  # full batch past 2 / (largest curvature)
    with_losses = minibatch_sgd(
        data.linear_mse_grad, [0.0, 0.0], X, y, loss_fn=data.linear_mse, **common
    )
    without = minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X, y, **common)
    assert not with_losses.diverged
    first, last = with_losses.losses[[0, -1]]
    assert last > 2 * first
    assert with_losses.message.startswith(
        f"Loss growing, diverging: the loss on all the data grew from "
        f"{first:.3g} to {last:.3g}, more than double, so the learning "
        "rate 0.8 is too large. Finished 3 epochs"
    )
    assert without.message.startswith("Finished 3 epochs")
    calm = minibatch_sgd(
        data.linear_mse_grad,
        [0.0, 0.0],
        X,
        y,
        lr=0.05,
        batch_size=24,
        epochs=3,
        loss_fn=data.linear_mse,
    )
    assert calm.message.startswith("Finished")


def test_rising_loss_note_needs_the_loss_more_than_doubled():
    assert rising_loss_note([1.0, 0.5, 2.5], 0.5).startswith("Loss growing, diverging")
    assert "from 1 to 2.5," in rising_loss_note([1.0, 0.5, 2.5], 0.5)
    assert rising_loss_note([1.0, 5.0, 1.9], 0.5) == ""  # a spike that came back is not divergence
    assert rising_loss_note([1.0, 2.0], 0.5) == ""
    assert rising_loss_note([1.0], 0.5) == ""


def test_sgd_started_at_the_minimum_ends_higher_without_being_called_diverging():
    X, y = regression(24)
    best = data.least_squares(X, y)
    result = minibatch_sgd(
        data.linear_mse_grad, best, X, y, lr=0.05, batch_size=1, epochs=3, loss_fn=data.linear_mse
    )
    assert result.losses[-1] > result.losses[0]
    assert result.message.startswith("Finished")


X_BAD, Y_BAD = regression(10)
GOOD = {"lr": 0.1, "batch_size": 2, "epochs": 1}


@pytest.mark.parametrize(
    "change, name, kind",
    [
        ({"lr": 0}, "lr", ValueError),
        ({"lr": -0.1}, "lr", ValueError),
        ({"lr": float("nan")}, "lr", ValueError),
        ({"lr": float("inf")}, "lr", ValueError),
        ({"lr": "fast"}, "lr", TypeError),
        ({"batch_size": 0}, "batch_size", ValueError),
        ({"batch_size": 11}, "batch_size", ValueError),
        ({"batch_size": 2.5}, "batch_size", TypeError),
        ({"batch_size": True}, "batch_size", TypeError),
        ({"epochs": 0}, "epochs", ValueError),
        ({"epochs": 1.5}, "epochs", TypeError),
        ({"accumulate": 0}, "accumulate", ValueError),
        ({"seed": -1}, "seed", ValueError),
        ({"shuffle": 1}, "shuffle", TypeError),
    ],
)
def test_bad_numbers_are_named_with_their_value(change, name, kind):
    kwargs = {**GOOD, **change}
    with pytest.raises(kind, match=name) as error:
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD, Y_BAD, **kwargs)
    assert repr(change[name]) in str(error.value)


def test_bad_shapes_are_value_errors():
    with pytest.raises(ValueError, match="same number of rows"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD, Y_BAD[:-1], **GOOD)
    with pytest.raises(ValueError, match="at least one row"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD[:0], Y_BAD[:0], **GOOD)
    with pytest.raises(ValueError, match="w0"):
        minibatch_sgd(data.linear_mse_grad, [0.0, float("nan")], X_BAD, Y_BAD, **GOOD)
    with pytest.raises(ValueError, match=r"^grad_fn must .*returned shape \(2, 1\)"):
        minibatch_sgd(lambda w, Xb, yb: np.zeros((2, 1)), [0.0, 0.0], X_BAD, Y_BAD, **GOOD)


@pytest.mark.parametrize("where", ["X", "y"])
@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_nan_in_the_data_is_named_with_its_row_not_blamed_on_the_learning_rate(where, value):
    X, y = X_BAD.copy(), Y_BAD.copy()
    (X[3] if where == "X" else y[3:4])[0] = value
    with pytest.raises(ValueError, match=rf"^{where} must hold finite numbers .* in row 3$"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X, y, **GOOD)


@pytest.mark.parametrize("returns, kind", [(None, TypeError), ("g", TypeError),
                                           ([np.nan, 0.0], ValueError)])
def test_a_gradient_function_that_returns_no_numbers_is_named(returns, kind):
    with pytest.raises(kind, match="^grad_fn must") as info:
        minibatch_sgd(lambda w, Xb, yb: returns, [0.0, 0.0], X_BAD, Y_BAD, **GOOD)
    assert "learning rate" not in str(info.value)


def test_a_loss_function_that_returns_nan_is_named():
    with pytest.raises(ValueError, match="^loss_fn must return a finite number at w0"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD, Y_BAD,
                      loss_fn=lambda w, X, y: float("nan"), **GOOD)


def test_epochs_have_a_stated_limit():
    with pytest.raises(ValueError, match=r"^epochs must be an integer from 1 to 100000"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD, Y_BAD,
                      **{**GOOD, "epochs": 10**12})


@pytest.mark.parametrize("name", ["X", "y"])
@pytest.mark.parametrize("bad", ["rows", None, 3, np.array(1.0), {1, 2}])
def test_data_that_has_no_rows_is_a_type_error_naming_it(name, bad):
    Xy = {"X": X_BAD, "y": Y_BAD, name: bad}
    with pytest.raises(TypeError, match=rf"^{name} must be an array with "):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], Xy["X"], Xy["y"], **GOOD)


def test_empty_data_says_what_it_needs():
    with pytest.raises(ValueError, match=r"^X must be an array with at least one row \(one row "
                                         r"per sample\), got array\(\[\], shape=\(0, 2\)"):
        minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_BAD[:0], Y_BAD[:0], **GOOD)


# ---------------------------------------------------------------- the explorer's fast solver

@pytest.mark.parametrize("batch_size", [1, 3, 7, 64, 150, 199, 200])
@pytest.mark.parametrize("updates", [1, 5, 60, 77, 401])
@pytest.mark.parametrize("lr", [0.001, 0.05, 0.25, 0.316])
def test_linear_mse_sgd_makes_the_updates_of_minibatch_sgd(batch_size, updates, lr):
    """The same batches in the same order, whole epochs or cut inside one, converging or
    diverging: the iterates agree to rounding and the run stops at the same update."""
    from helpers.solvers import linear_mse_sgd

    X, y, _ = data.make_linear_regression(200, seed=0)
    per_epoch = math.ceil(200 / batch_size)
    general = minibatch_sgd(data.linear_mse_grad, [-2.0, 4.5], X, y, lr=lr,
                            batch_size=batch_size, epochs=math.ceil(updates / per_epoch), seed=3)
    fast = linear_mse_sgd([-2.0, 4.5], X, y, lr=lr, batch_size=batch_size, updates=updates,
                          seed=3)
    expected = general.weights[: updates + 1]
    assert len(fast.weights) == len(expected)
    assert fast.diverged == (general.diverged and general.steps < updates)
    scale = np.maximum(1.0, np.abs(expected))
    assert np.max(np.abs(fast.weights - expected) / scale) < 1e-10
    assert np.array_equal(fast.epoch_of_update, general.epoch_of_update[: updates + 1])
    assert np.allclose(fast.losses, [data.linear_mse(w, X, y) for w in fast.weights], rtol=1e-12)


def test_linear_mse_sgd_says_how_far_it_went():
    from helpers.solvers import linear_mse_sgd

    X, y, _ = data.make_linear_regression(200, seed=0)
    run = linear_mse_sgd([-2.0, 4.5], X, y, lr=0.05, batch_size=10, updates=75)
    assert run.message == "Made 75 updates (3 epochs and 15 updates), 20 per epoch."
    run = linear_mse_sgd([-2.0, 4.5], X, y, lr=0.05, batch_size=1, updates=60)
    assert run.message == "Made 60 updates (60 of the 200 updates of one epoch), 200 per epoch."
    run = linear_mse_sgd([-2.0, 4.5], X, y, lr=0.316, batch_size=1, updates=600)
    assert run.diverged and run.message.startswith("Diverged during epoch 1 after 37 updates")


@pytest.mark.parametrize(
    "kwargs, name",
    [({"lr": 0.0}, "lr"), ({"batch_size": 0}, "batch_size"), ({"updates": 0}, "updates"),
     ({"w0": [1.0, 2.0, 3.0]}, "w0"), ({"seed": -1}, "seed")],
)
def test_linear_mse_sgd_names_bad_arguments(kwargs, name):
    from helpers.solvers import linear_mse_sgd

    X, y, _ = data.make_linear_regression(20, seed=0)
    arguments = {"w0": [0.0, 0.0], "lr": 0.1, "batch_size": 2, "updates": 5, **kwargs}
    w0 = arguments.pop("w0")
    with pytest.raises(ValueError, match=name):
        linear_mse_sgd(w0, X, y, **arguments)


def test_the_cost_model_fits_what_it_was_made_from():
    from helpers.solvers import CostModel

    truth = CostModel(per_update=13e-6, per_example=0.027e-6)
    sizes = [1, 4, 16, 64, 256, 1024, 4096, 20_000]
    seconds = [truth.epoch_seconds(20_000, b) for b in sizes]
    fitted = CostModel.fit(20_000, sizes, seconds)
    assert fitted.per_update == pytest.approx(13e-6, rel=1e-9)
    assert fitted.per_example == pytest.approx(0.027e-6, rel=1e-9)
    assert truth.break_even_rows == pytest.approx(13 / 0.027)
    assert truth.epoch_seconds(200, 10) == pytest.approx(20 * 13e-6 + 200 * 0.027e-6)
    with pytest.raises(ValueError, match="seconds"):
        CostModel.fit(100, [1, 10], [1e-3, -1e-3])
    with pytest.raises(ValueError, match="same length"):
        CostModel.fit(100, [1, 10, 100], [1e-3, 2e-3])
    with pytest.raises(ValueError, match="per_update"):
        CostModel(per_update=0.0, per_example=1e-9)
