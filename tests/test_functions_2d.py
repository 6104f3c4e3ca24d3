"""The 2-D objectives and the kinked 1-D ones of lectures 02 and 03: exact gradients agree with
finite differences, shapes follow the grid convention, and many starts at once descend exactly as
one start at a time."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import functions
from helpers.calculus import numerical_derivative, numerical_gradient
from helpers.solvers import descend_many, gradient_descent

TWO_D = {
    "bowl": functions.bowl,
    "elongated_bowl": functions.elongated_bowl,
    "himmelblau": functions.himmelblau,
    "trap": functions.trap,
}
unit = st.floats(0.0, 1.0, allow_nan=False)


def point_in(objective, u: float, v: float) -> np.ndarray:
    (x_low, x_high), (y_low, y_high) = objective.domain
    return np.array([x_low + u * (x_high - x_low), y_low + v * (y_high - y_low)])


def assert_gradient_matches(objective, p: np.ndarray) -> None:
    exact = objective.grad(p)
    numeric = numerical_gradient(objective.f, p)
    scale = 1.0 + np.max(np.abs(exact))
    np.testing.assert_allclose(exact, numeric, rtol=1e-6, atol=1e-6 * scale)


@pytest.mark.parametrize("name", TWO_D)
@settings(max_examples=60, deadline=None)
@given(u=unit, v=unit)
def test_exact_gradient_agrees_with_finite_differences(name, u, v):
    objective = TWO_D[name]()
    assert_gradient_matches(objective, point_in(objective, u, v))


@settings(max_examples=60, deadline=None)
@given(condition=st.floats(1.0, 100.0), u=unit, v=unit)
def test_elongated_bowl_gradient_for_any_condition(condition, u, v):
    objective = functions.elongated_bowl(condition)
    assert_gradient_matches(objective, point_in(objective, u, v))
    assert objective.lipschitz == max(1.0, condition)


ONE_D_STAND_INS = {
    "absolute": lambda s: functions.absolute(),
    "relu": lambda s: functions.relu(),
    "softplus": functions.softplus,
    "smooth_absolute": functions.smooth_absolute,
    "huber": lambda s: functions.huber(s / 10.0),
}


@pytest.mark.parametrize("name", ONE_D_STAND_INS)
@settings(max_examples=60, deadline=None)
@given(x=st.floats(-2.0, 2.0), sharpness=st.floats(0.5, 20.0))
def test_kinks_and_stand_ins_have_exact_derivatives_away_from_kinks(name, x, sharpness):
    objective = ONE_D_STAND_INS[name](sharpness)
    kinks = [0.0] + ([-sharpness / 10.0, sharpness / 10.0] if name == "huber" else [])
    if min(abs(x - k) for k in kinks) < 1e-3:
        return  # finite differences straddle the kink there
    numeric = numerical_derivative(objective.f, x)
    assert float(objective.grad(x)) == pytest.approx(float(numeric), rel=1e-6, abs=1e-6)


def test_absolute_and_relu_take_zero_as_their_derivative_at_the_kink():
    assert functions.absolute().grad(0.0) == 0.0
    assert functions.relu().grad(0.0) == 0.0
    assert functions.softplus(3.0).grad(0.0) == pytest.approx(0.5)


@pytest.mark.parametrize("name", TWO_D)
def test_grids_follow_the_points_on_the_last_axis_convention(name):
    objective = TWO_D[name]()
    grid = np.random.default_rng(0).uniform(-2, 2, size=(7, 5, 2))
    assert objective.f(grid).shape == (7, 5)
    assert objective.grad(grid).shape == (7, 5, 2)
    np.testing.assert_allclose(objective.f(grid)[3, 2], objective.f(grid[3, 2]))
    np.testing.assert_allclose(objective.grad(grid)[3, 2], objective.grad(grid[3, 2]))
    with pytest.raises(ValueError, match="last axis"):
        objective.f(np.zeros((4, 3)))


WHAT = {"bowl": "the round bowl", "elongated_bowl": "the elongated bowl",
        "himmelblau": "Himmelblau's function", "trap": "the trap"}


@pytest.mark.parametrize("name", TWO_D)
def test_a_wrong_point_is_named_in_the_students_terms(name):
    objective = TWO_D[name]()
    said = rf"^a point of {WHAT[name]} must have 2 coordinates \(x, y\) on its last axis, "
    with pytest.raises(ValueError, match=said + r"got shape \(\)$"):
        gradient_descent(objective.grad, -1, 0.1)  # a 1-D start for a 2-D objective
    with pytest.raises(ValueError, match=said + r"got shape \(4, 3\)$"):
        objective.f(np.zeros((4, 3)))
    with pytest.raises(TypeError, match=rf"^a point of {WHAT[name]} must be a number or an array"):
        objective.grad("here")


@pytest.mark.parametrize("name", TWO_D)
def test_objectives_leave_their_points_alone_and_take_lists(name):
    objective = TWO_D[name]()
    grid = np.random.default_rng(1).uniform(-2, 2, size=(3, 2))
    before = grid.copy()
    objective.f(grid), objective.grad(grid)
    np.testing.assert_array_equal(grid, before)
    np.testing.assert_allclose(objective.grad([[1, 2]]), objective.grad(np.array([[1.0, 2.0]])))


@pytest.mark.parametrize("name", TWO_D)
def test_known_minima_are_flat_and_the_global_one_is_lowest(name):
    objective = TWO_D[name]()
    np.testing.assert_allclose(objective.grad(objective.minima), 0.0, atol=1e-9)
    if objective.global_minimum is not None:
        assert objective.f(objective.global_minimum) == pytest.approx(
            np.min(objective.f(objective.minima))
        )


def test_trap_matches_the_slides_story():
    trap = functions.trap()
    assert trap.f(np.array([-2.0, 0.0])) == pytest.approx(-8 / 3)
    assert trap.f(np.array([1.0, 0.0])) == pytest.approx(-5 / 12)
    np.testing.assert_allclose(
        trap.grad(np.array([0.0, 0.0])), 0.0
    )  # the saddle between the basins


@pytest.mark.parametrize(
    "name, lr, momentum",
    [
        ("himmelblau", 0.01, 0.0),
        ("trap", 0.1, 0.8),
        ("trap", 0.1, 0.0),
        ("elongated_bowl", 0.25, 0.0),
    ],
)
@settings(max_examples=15, deadline=None)
@given(us=st.lists(st.tuples(unit, unit), min_size=1, max_size=6))
def test_descend_many_stops_each_start_where_a_single_run_stops(name, lr, momentum, us):
    objective = TWO_D[name]()
    starts = np.array([point_in(objective, u, v) for u, v in us])
    many = descend_many(objective.grad, starts, lr, steps=300, momentum=momentum)
    for i, start in enumerate(starts):
        single = gradient_descent(objective.grad, start, lr, steps=300, momentum=momentum)
        assert many.converged[i] == single.converged
        assert many.diverged[i] == single.diverged
        if not single.diverged:
            np.testing.assert_allclose(many.final[i], single.x, rtol=1e-12, atol=1e-12)
            assert many.steps_each[i] == single.steps


def test_himmelblau_curvature_at_3_2_sets_the_learning_rate_limit_lecture_02_quotes():
    himmelblau = functions.himmelblau()
    minimum = np.array([3.0, 2.0])
    hessian = np.array(
        [numerical_gradient(lambda p, i=i: himmelblau.grad(p)[i], minimum) for i in range(2)]
    )
    largest = np.max(np.linalg.eigvalsh((hessian + hessian.T) / 2))
    assert largest == pytest.approx(82.3, abs=0.05)
    assert 2 / largest == pytest.approx(0.024, abs=5e-4)
    assert gradient_descent(himmelblau.grad, (0.0, 0.0), 0.022, steps=500).converged
    assert not gradient_descent(himmelblau.grad, (0.0, 0.0), 0.025, steps=500).converged


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-2.0, 2.0), sharpness=st.floats(0.5, 50.0))
def test_smooth_absolute_stays_within_2_log_2_over_b_below_abs(x, sharpness):
    gap = abs(x) - float(functions.smooth_absolute(sharpness).f(x))
    assert -1e-12 <= gap <= 2 * np.log(2) / sharpness + 1e-12


@pytest.mark.parametrize("sharpness", [1.0, 4.0, 16.0, 64.0])
def test_smooth_absolute_curvature_at_0_is_half_the_sharpness(sharpness):
    objective = functions.smooth_absolute(sharpness)
    assert float(numerical_derivative(objective.grad, 0.0, h=1e-6)) == pytest.approx(
        sharpness / 2, rel=1e-6
    )


def test_the_condition_of_the_elongated_bowl_has_stated_limits():
    low, high = functions.CONDITION_RANGE
    assert (low, high) == (1.0, 1e4)
    assert functions.elongated_bowl(high).lipschitz == high
    for bad in (0.5, 0.0, -1.0, high * 1.001, 10.0**9):
        with pytest.raises(ValueError, match=r"^condition must be a number in \[1, 10000\], got"):
            functions.elongated_bowl(bad)
