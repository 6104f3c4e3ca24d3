"""gradient_descent and descend_many as DESIGN.md states them."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import checks, functions
from helpers.solvers import descend_many, gradient_descent

quartic = functions.quartic()


def test_path_starts_at_x0_and_follows_the_update_rule():
    r = gradient_descent(quartic.grad, 1.8, 0.1, steps=5, tol=0)
    assert r.path.shape == (6,)
    assert r.path[0] == 1.8
    for a, b in zip(r.path[:-1], r.path[1:], strict=True):
        assert b == a - 0.1 * quartic.grad(a)
    assert r.steps == 5 and r.x == r.path[-1]
    assert not r.converged and not r.diverged
    assert "Stopped after 5 steps" in r.message


def test_path_shape_for_points():
    bowl = functions.elongated_bowl(4.0)
    r = gradient_descent(bowl.grad, [1.0, 1.0], 0.1, steps=7, tol=0)
    assert r.path.shape == (8, 2)
    grid_start = np.ones((2, 3, 2))
    r = gradient_descent(bowl.grad, grid_start, 0.1, steps=3, tol=0)
    assert r.path.shape == (4, 2, 3, 2)


def test_converged_means_the_gradient_norm_fell_to_tol():
    r = gradient_descent(quartic.grad, 1.8, 0.1, steps=500, tol=1e-6)
    assert r.converged
    assert abs(quartic.grad(r.x)) <= 1e-6 < abs(quartic.grad(r.path[-2]))
    assert r.grad_norm == abs(quartic.grad(r.x))
    assert r.message.startswith(f"Converged after {r.steps} steps")


def test_starting_on_a_flat_spot_stops_at_once():
    r = gradient_descent(quartic.grad, 0.0, 0.1)
    assert r.converged and r.steps == 0 and r.path.tolist() == [0.0]


def test_divergence_is_a_result_ending_at_the_last_finite_iterate():
    r = gradient_descent(quartic.grad, 1.8, 1.5, steps=100)
    assert r.diverged and not r.converged
    assert np.all(np.isfinite(r.path))
    assert abs(r.path[-1]) > 1e6 and np.all(np.abs(r.path[:-1]) <= 1e6)
    assert "Diverged" in r.message and "learning rate 1.5 is too large" in r.message


def test_running_downhill_forever_is_told_apart_from_overshooting():
    r = gradient_descent(functions.cubic().grad, -1.5, 0.01, steps=1000)
    assert r.diverged and "keep falling forever" in r.message and "too large" not in r.message


def test_overflow_ends_the_path_without_warnings():
    def explosive(x):
        return np.exp(np.abs(x) * 400.0)

    with np.errstate(all="raise"):
        r = gradient_descent(explosive, 1.0, 1.0, steps=10, bound=1e300)
    assert r.diverged and np.all(np.isfinite(r.path))


def test_noise_is_seeded_and_added_to_each_gradient():
    a = gradient_descent(quartic.grad, 1.3, 0.1, steps=20, tol=0, noise=0.5, seed=7)
    b = gradient_descent(quartic.grad, 1.3, 0.1, steps=20, tol=0, noise=0.5, seed=7)
    assert np.array_equal(a.path, b.path)
    rng = np.random.default_rng(7)
    x = 1.3
    for k in range(20):
        x = x - 0.1 * (quartic.grad(x) + 0.5 * rng.standard_normal(()))
        assert a.path[k + 1] == pytest.approx(x, abs=1e-15)
    c = gradient_descent(quartic.grad, 1.3, 0.1, steps=20, tol=0, noise=0.5, seed=8)
    assert not np.array_equal(a.path, c.path)


@pytest.mark.parametrize(
    "kwargs,name,error",
    [
        ({"lr": 0}, "lr", ValueError),
        ({"lr": -0.1}, "lr", ValueError),
        ({"lr": float("nan")}, "lr", ValueError),
        ({"lr": float("inf")}, "lr", ValueError),
        ({"lr": "fast"}, "lr", TypeError),
        ({"steps": 0}, "steps", ValueError),
        ({"steps": 2.5}, "steps", TypeError),
        ({"steps": 3.0}, "steps", TypeError),
        ({"steps": True}, "steps", TypeError),
        ({"tol": -1.0}, "tol", ValueError),
        ({"momentum": 1.5}, "momentum", ValueError),
        ({"momentum": -0.1}, "momentum", ValueError),
        ({"noise": -1.0}, "noise", ValueError),
        ({"seed": -1}, "seed", ValueError),
        ({"seed": 1.5}, "seed", TypeError),
        ({"x0": float("nan")}, "x0", ValueError),
        ({"x0": "here"}, "x0", TypeError),
    ],
)
def test_bad_input_names_the_argument(kwargs, name, error):
    args = {"x0": 1.0, "lr": 0.1} | kwargs
    with pytest.raises(error, match=rf"^{name} must be") as info:
        gradient_descent(quartic.grad, **args)
    assert repr(kwargs[name]) in str(info.value)


def test_gradient_with_the_wrong_shape_is_rejected():
    with pytest.raises(ValueError, match=r"^grad must .* shape \(2,\).*returned shape \(3,\)"):
        gradient_descent(lambda x: np.zeros(3), [1.0, 2.0], 0.1)


@pytest.mark.parametrize("returns, error", [(None, TypeError), ("slope", TypeError),
                                            (np.nan, ValueError), (-np.inf, ValueError)])
def test_a_gradient_that_is_not_a_number_at_the_start_is_named_not_blamed_on_the_rate(
        returns, error):
    with pytest.raises(error, match="^grad must") as info:
        gradient_descent(lambda x: returns, 1.0, 0.1)
    assert "learning rate" not in str(info.value)


def test_a_gradient_that_turns_nan_midway_names_the_point_not_the_learning_rate():
    def sqrt_slope(x):  # no slope left of 0.5
        return np.sqrt(x - 0.5) if x > 0.5 else np.nan

    r = gradient_descent(sqrt_slope, 1.0, 0.1)
    assert r.diverged and np.isfinite(r.path).all()
    assert "learning rate" not in r.message
    assert f"the gradient at x = {r.path[-1]:.4g} is not a finite number" in r.message


@pytest.mark.parametrize("steps", [checks.LIMITS["steps"] + 1, 10**12])
def test_steps_have_a_stated_limit(steps):
    with pytest.raises(ValueError, match=f"^steps must be an integer from 1 to "
                                         f"{checks.LIMITS['steps']}, got {steps}$"):
        gradient_descent(quartic.grad, 1.0, 0.1, steps=steps)


def test_the_path_of_a_long_run_of_many_coordinates_is_refused_before_it_is_allocated():
    with pytest.raises(ValueError, match="^steps must keep at most"):
        gradient_descent(lambda x: 2 * x, np.zeros(10**4), 0.1, steps=10**5)


def test_an_empty_start_is_refused():
    with pytest.raises(ValueError, match=r"^x0 must hold at least 1 number"):
        gradient_descent(lambda x: 2 * x, [], 0.1)


@settings(max_examples=40, deadline=None)
@given(
    L=st.floats(0.1, 100),
    ratio=st.floats(0.05, 0.98),
    spread=st.floats(0.1, 1.0),
    x0=st.tuples(st.floats(-5, 5), st.floats(-5, 5)),
)
def test_convex_quadratic_converges_below_two_over_L(L, ratio, spread, x0):
    # Curvatures L and spread * L: the gradient is L-Lipschitz; lr = ratio * 2 / L < 2 / L.
    curvature = np.array([L, spread * L])
    r = gradient_descent(lambda x: curvature * x, x0, ratio * 2 / L, steps=20000, tol=1e-8)
    assert r.converged and not r.diverged


@settings(max_examples=40, deadline=None)
@given(
    L=st.floats(0.1, 100),
    ratio=st.floats(1.02, 10),
    spread=st.floats(0.1, 1.0),
    y0=st.floats(0.1, 5),
)
def test_convex_quadratic_diverges_above_two_over_L(L, ratio, spread, y0):
    curvature = np.array([L, spread * L])
    r = gradient_descent(lambda x: curvature * x, [y0, 0.3], ratio * 2 / L, steps=5000, tol=1e-8)
    assert r.diverged and not r.converged


def test_descend_many_matches_one_run_per_start():
    h = functions.himmelblau()
    rng = np.random.default_rng(0)
    starts = rng.uniform(-5, 5, size=(40, 2))
    many = descend_many(h.grad, starts, 0.01, steps=300, tol=1e-6, momentum=0.5)
    for i, start in enumerate(starts):
        one = gradient_descent(h.grad, start, 0.01, steps=300, tol=1e-6, momentum=0.5)
        assert many.steps_each[i] == one.steps
        assert many.converged[i] == one.converged and many.diverged[i] == one.diverged
        if not one.diverged:
            assert np.allclose(many.final[i], one.x, rtol=1e-12, atol=1e-12)


def test_descend_many_marks_divergence_and_records_paths():
    bowl = functions.bowl()
    starts = np.array([[1.0, 1.0], [0.0, 0.0]])
    r = descend_many(bowl.grad, starts, 1.5, steps=200, record_path=True)
    assert r.diverged.tolist() == [True, False]
    assert r.converged.tolist() == [False, True]
    assert np.isnan(r.final[0]).all() and r.final[1].tolist() == [0.0, 0.0]
    assert r.path.shape == (201, 2, 2)
    assert math.isclose(r.path[1, 0, 0], 1.0 - 1.5 * 2.0)
    assert r.steps == int(r.steps_each.max()) and isinstance(r.steps, int)
    assert (
        r.message == "Of 2 starts, 1 converged, 1 diverged and 0 were still moving after 200 steps."
    )


def test_descend_many_counts_the_starts_still_moving():
    r = descend_many(functions.bowl().grad, np.full((3, 4, 2), 1.0), 0.01, steps=5)
    assert r.path is None and r.max_steps == 5 and r.steps == 5
    assert (
        r.message == "Of 12 starts, 0 converged, 0 diverged and 12 were still moving after 5 steps."
    )


@pytest.mark.parametrize("starts", [1.0, np.array(0.5)])
def test_descend_many_needs_points_on_the_last_axis(starts):
    with pytest.raises(ValueError, match=r"^starts must hold points on its last axis, "
                                         r"got shape \(\)$"):
        descend_many(functions.bowl().grad, starts, 0.1)
