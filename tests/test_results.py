"""One result vocabulary (helpers.results): every result of descent, many starts, mini-batches,
network training and the basin studies answers final, path, steps, converged, diverged and
message under the same names, and the older names are aliases of the new ones."""

import re

import numpy as np
import pytest

from helpers import basins, data, functions, mlp
from helpers.results import (
    RESULT_NAMES,
    Result,
    plural,
    show_number,
    show_point,
    show_rate,
    show_size,
)
from helpers.solvers import descend_many, gradient_descent, minibatch_sgd

TRAP = functions.trap()
QUARTIC = functions.quartic()
X_LIN, Y_LIN, _ = data.make_linear_regression(12, seed=0)
X_MOONS, Y_MOONS = data.make_moons(40, noise=0.1, seed=0)

# A sentence: a capital letter (or a digit) first, a full stop last, and no lower-case fragment.
SENTENCES = re.compile(r"^[A-Z0-9].*\.$", re.DOTALL)


def descent():
    return gradient_descent(QUARTIC.grad, 1.8, 0.1, steps=500)


def diverging_descent():
    return gradient_descent(QUARTIC.grad, 1.8, 1.5, steps=100)


def many():
    return descend_many(TRAP.grad, np.array([[1.5, 1.0], [-2.5, 0.5], [0.0, 0.0]]), 0.1,
                        steps=50, record_path=True)


def minibatch():
    return minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=0.05, batch_size=4,
                         epochs=2, loss_fn=data.linear_mse)


def diverging_minibatch():
    return minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X_LIN, Y_LIN, lr=5.0, batch_size=1,
                         epochs=20)


def training():
    return mlp.train(mlp.init_params([2, 8, 1], seed=0), X_MOONS, Y_MOONS, lr=0.5, steps=30,
                     momentum=0.9, record_every=10)


def diverging_training():
    return mlp.train(mlp.init_params([2, 8, 1], seed=0), X_MOONS, Y_MOONS, lr=100.0, steps=50,
                     momentum=0.9, loss="mse")


def basin():
    return basins.basin_map(TRAP, 6, lr=0.1, steps=200)


def noisy():
    return basins.noisy_runs(TRAP, (2.0, 1.5), 0.1, noise=2.0, seeds=range(4), steps=30)


def restarts():
    return basins.random_restarts(TRAP, 5, 0.1, seed=0, steps=200)


MAKERS = [descent, diverging_descent, many, minibatch, diverging_minibatch, training,
          diverging_training, basin, noisy, restarts]
SINGLE = [descent, diverging_descent, minibatch, diverging_minibatch, training,
          diverging_training]
MASKS = [many, basin, noisy, restarts]


@pytest.mark.parametrize("make", MAKERS)
def test_every_result_answers_the_shared_names(make):
    result = make()
    assert isinstance(result, Result)
    for name in RESULT_NAMES:
        assert hasattr(type(result), name) or name in result.__dataclass_fields__, name
    assert type(result.steps) is int and result.steps >= 0
    assert isinstance(result.message, str) and SENTENCES.match(result.message), result.message
    for name in RESULT_NAMES:
        getattr(result, name)  # every shared answer can be read, none raises


@pytest.mark.parametrize("make", SINGLE)
def test_single_runs_say_converged_and_diverged_with_bools(make):
    result = make()
    assert type(result.converged) is bool and type(result.diverged) is bool
    assert not (result.converged and result.diverged)


@pytest.mark.parametrize("make", MASKS)
def test_many_start_results_give_one_bool_per_start(make):
    result = make()
    assert result.converged.dtype == bool and result.diverged.dtype == bool
    assert result.converged.shape == result.diverged.shape == np.shape(result.final)[:-1]
    assert not np.any(result.converged & result.diverged)


def test_descent_result_names_and_aliases():
    result = descent()
    assert np.array_equal(result.final, result.path[-1]) and np.array_equal(result.x, result.final)
    assert result.steps == len(result.path) - 1 and result.converged
    assert diverging_descent().diverged


def test_many_result_names():
    result = many()
    assert result.path.shape == (51, 3, 2) and result.max_steps == 50
    assert np.array_equal(result.final[~result.diverged], result.path[-1][~result.diverged])
    assert result.steps == int(result.steps_each.max())
    assert result.message.startswith("Of 3 starts, ")
    assert descend_many(TRAP.grad, np.zeros((1, 2)), 0.1).path is None


@pytest.mark.parametrize("make", [minibatch, diverging_minibatch])
def test_minibatch_result_names_and_aliases(make):
    result = make()
    assert result.path is result.weights
    assert np.array_equal(result.final, result.weights[-1])
    assert np.array_equal(result.w, result.final)
    assert result.steps == len(result.weights) - 1
    assert result.converged is False  # a fixed budget of epochs, no stopping test
    assert result.diverged == (make is diverging_minibatch)


@pytest.mark.parametrize("make", [training, diverging_training])
def test_train_result_names_and_aliases(make):
    result = make()
    assert result.final is result.params and result.path is result.snapshots
    assert len(result.path) == len(result.snapshot_steps)
    assert result.steps == len(result.losses) - 1 == result.snapshot_steps[-1]
    assert result.converged is False  # a fixed number of steps, no stopping test
    assert not hasattr(result, "extra")
    if make is training:
        assert not result.diverged and result.message.startswith("Trained for 30 steps: the loss ")
    else:
        assert result.diverged and result.message.startswith("Diverged after ")


def test_basin_results_read_their_runs():
    b = basin()
    assert b.final is b.many.final and b.path is None and b.steps == b.many.steps
    assert b.max_steps == 200 and b.steps <= 200
    assert b.message.startswith("Of 36 starts, ") and "reached minimum 0 at (-2, 0)" in b.message
    n = noisy()
    assert n.final is n.settled.final and len(n.path) == 4 and n.path[0] is n.runs[0].path
    assert n.steps >= max(run.steps for run in n.runs)
    assert n.message.startswith("Of 4 noisy runs (noise 2), ")
    r = restarts()
    assert r.final is r.many.final and r.path is r.many.path and r.path.shape[1:] == (5, 2)
    assert r.message.startswith("Of 5 random restarts, ")
    assert r.message.endswith("The best ends at (-2, 0), where f = -2.667.")


def test_plural():
    assert plural(1, "step") == "1 step" and plural(0, "step") == "0 steps"
    assert plural(3, "batch", "batches") == "3 batches"
    assert plural(1, "batch", "batches") == "1 batch"


# ---------------------------------------------------------------- number formats


@pytest.mark.parametrize("value, shown", [
    (1 / 3, "0.3333"), (2, "2"), (-2.5, "-2.5"), (12345.678, "1.235e+04"), (1e-7, "1e-07"),
    (np.float32(0.1), "0.1"), (np.array(2.0 / 3), "0.6667"), (float("nan"), "nan"),
    (float("inf"), "inf"),
])
def test_show_number_keeps_4_significant_digits(value, shown):
    assert show_number(value) == shown == f"{float(value):.4g}"


@pytest.mark.parametrize("point, shown", [
    ((1 / 3, -2.0), "(0.3333, -2)"), ([3.0, 2.0], "(3, 2)"),
    (np.array([-2.805118086952745, 3.131312518250573]), "(-2.805, 3.131)"),
    (np.array([1e-7, 12345.6]), "(1e-07, 1.235e+04)"), ((0.5,), "(0.5)"), (range(3), "(0, 1, 2)"),
])
def test_show_point_writes_any_1d_sequence_in_brackets(point, shown):
    assert show_point(point) == shown


def test_show_rate_and_show_size():
    assert show_rate(1 / 3) == "0.333" and show_rate(2.0) == "2" and show_rate(0.00123) == "0.00123"
    assert show_rate(np.float64(1.9999)) == "2"
    assert show_size(1 / 3e6) == "3.33e-07" and show_size(0) == "0.00e+00"
    assert show_size(np.float32(12.5)) == "1.25e+01"


def test_messages_use_the_shared_formats():
    run = gradient_descent(QUARTIC.grad, 1.8, 0.1, steps=500)
    assert f"the gradient's size {show_size(run.grad_norm)} is at most" in run.message
    stopped = gradient_descent(QUARTIC.grad, 1.8, 0.01, steps=3)
    assert f"the gradient's size {show_size(stopped.grad_norm)} is still above" in stopped.message


def test_show_share_is_a_percentage_with_one_decimal():
    from helpers.results import show_share

    assert show_share(0.885) == "88.5%" and show_share(1) == "100.0%"


def test_motion_tells_bouncing_from_closing_in_and_says_nothing_of_a_settled_run():
    from helpers.results import motion

    bouncing = [1.0 + 0.5 * (-1) ** k for k in range(20)]
    assert motion(bouncing) == ("Over its last 10 steps it bounces back and forth, "
                                "the steps neither shrinking nor growing.")
    shrinking = [(-0.8) ** k for k in range(20)]
    assert "bounces back and forth, the steps shrinking" in motion(shrinking)
    creeping = np.c_[np.linspace(0, 1, 30) ** 0.5, np.zeros(30)]  # 2-D, one way, slowing down
    assert motion(creeping) == ("Over its last 10 steps it keeps moving the same way, "
                                "the steps shrinking.")
    growing = [1.1 ** k for k in range(30)]
    assert motion(growing).endswith("the same way, the steps growing.")
    assert motion([1.0, 2.0, 3.0]) == ""  # too short to tell
    assert motion([0.0, 1.0, 2.0, 2.0]) == ""  # stopped
    assert motion([0.0, 1.0, np.inf, 2.0]) == ""


def test_journey_tells_the_shape_a_glance_at_the_path_gives():
    from helpers import functions
    from helpers.results import journey
    from helpers.solvers import gradient_descent

    quartic, cubic = functions.quartic(), functions.cubic()
    jumping = gradient_descent(quartic.grad, 1.8, 0.5, steps=50)  # lecture 0's big rate
    words = journey(jumping.path, quartic.f(jumping.path), settled=False)
    assert words.startswith("Its first step goes from x = 1.8 to x = -0.936; it visits x from "
                            f"{jumping.path.min():.4g} to 1.8; it reverses direction on ")
    assert "the height climbs on" in words and "Over its last 10 steps" in words
    cycle = gradient_descent(cubic.grad, 1.5, 0.35, steps=2000)  # lecture 1's 2-cycle
    words = journey(cycle.path, settled=False)
    assert "it ends going round 2 points for ever (x = 0.6475, x = 1.257)." in words
    assert "Over its last" not in words  # the cycle says how it moves
    calm = gradient_descent(quartic.grad, 1.8, 0.1, steps=50)
    assert journey(calm.path, quartic.f(calm.path)).endswith(
        "it never turns back; the height falls or stays at every step.")
    zigzag = [[0.0, 1.0], [0.2, -1.0], [0.4, 0.8], [0.6, -0.6]]  # each step against the last
    assert journey(zigzag, [3.0, 2.0, 2.5, 1.0], names=("w0", "w1"), height="loss") == (
        "Its first step goes from (0, 1) to (0.2, -1); it visits w0 from 0 to 0.6 and w1 from "
        "-1 to 1; 2 of its 3 steps head partly back against the step before (a zig-zag); the loss "
        "climbs on 1 step.")
    assert journey([1.0, 2.0, np.inf, np.nan]) == (
        "Its first step goes from x = 1 to x = 2; it visits x from 1 to 2.")  # finite part only
    assert journey([1.0]) == ""


def test_finite_start_keeps_what_came_before_the_first_nan_or_inf():
    from helpers.results import finite_start

    np.testing.assert_array_equal(finite_start([1.0, 2.0, np.inf, 3.0]), [1.0, 2.0])
    np.testing.assert_array_equal(finite_start([[0.0, 1.0], [np.nan, 0.0], [1.0, 1.0]]),
                                  [[0.0, 1.0]])
    np.testing.assert_array_equal(finite_start([1.0, 2.0]), [1.0, 2.0])
    assert len(finite_start([np.nan, 1.0])) == 0
