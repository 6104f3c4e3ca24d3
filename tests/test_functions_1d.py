"""1-D objectives: exact derivatives agree with finite differences; minima are where they say."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import functions
from helpers.calculus import numerical_derivative

SMOOTH = [
    functions.cubic(),
    functions.quartic(),
    functions.parabola(),
    functions.softplus(3.0),
    functions.smooth_absolute(4.0),
    functions.huber(0.5),
]


@pytest.mark.parametrize("objective", SMOOTH, ids=lambda o: o.name)
@settings(max_examples=60, deadline=None)
@given(u=st.floats(0, 1))
def test_exact_derivative_matches_central_difference(objective, u):
    low, high = objective.domain
    x = low + u * (high - low)
    estimate = numerical_derivative(objective.f, x, h=1e-6)
    assert estimate == pytest.approx(objective.grad(x), rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("objective", SMOOTH, ids=lambda o: o.name)
def test_vectorized_over_arrays(objective):
    xs = np.linspace(*objective.domain, 12).reshape(3, 4)
    assert objective.f(xs).shape == (3, 4)
    assert objective.grad(xs).shape == (3, 4)
    assert np.allclose(objective.grad(xs), [[objective.grad(x) for x in row] for row in xs])


@pytest.mark.parametrize(
    "objective",
    [functions.cubic(), functions.quartic(), functions.parabola()],
    ids=lambda o: o.name,
)
def test_known_minima_are_minima(objective):
    for m in objective.minima:
        assert objective.grad(m) == 0.0
        assert objective.f(m) < objective.f(m - 1e-3)
        assert objective.f(m) < objective.f(m + 1e-3)


def test_quartic_global_minimum_is_lowest():
    q = functions.quartic()
    xs = np.linspace(*q.domain, 10001)
    assert q.global_minimum == -2.0
    assert q.f(-2.0) == pytest.approx(-8 / 3)
    assert q.f(1.0) == pytest.approx(-5 / 12)
    assert q.f(xs).min() >= q.f(-2.0)


def test_absolute_uses_the_zero_subgradient_at_the_kink():
    a = functions.absolute()
    assert a.grad(np.array([-2.0, 0.0, 3.0])).tolist() == [-1.0, 0.0, 1.0]
    assert not a.smooth


def test_relu_derivative_at_zero_is_zero():
    assert functions.relu().grad(0.0) == 0.0


def test_smooth_stand_ins_approach_the_kinks():
    xs = np.linspace(-2, 2, 101)
    for sharpness in (1.0, 10.0, 100.0):
        gap = np.max(np.abs(functions.smooth_absolute(sharpness).f(xs) - np.abs(xs)))
        assert gap <= 2 * np.log(2) / sharpness + 1e-12
        relu_gap = np.max(np.abs(functions.softplus(sharpness).f(xs) - np.maximum(xs, 0)))
        assert relu_gap <= np.log(2) / sharpness + 1e-12


def test_softplus_is_finite_for_huge_inputs():
    s = functions.softplus(50.0)
    assert np.isfinite(s.f(np.array([-1e3, 1e3]))).all()
    assert s.grad(np.array([-1e3, 1e3])).tolist() == [0.0, 1.0]


def test_huber_is_continuous_at_delta():
    h = functions.huber(0.5)
    assert h.f(0.5 - 1e-12) == pytest.approx(h.f(0.5 + 1e-12), abs=1e-10)
    assert h.grad(np.array([-3.0, 0.2, 3.0])).tolist() == [-0.5, 0.2, 0.5]


@pytest.mark.parametrize(
    "factory,name",
    [
        (functions.softplus, "sharpness"),
        (functions.huber, "delta"),
        (functions.smooth_absolute, "sharpness"),
    ],
)
@pytest.mark.parametrize(
    "bad, error",
    [
        (0, ValueError),
        (-1.0, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("two", TypeError),
    ],
)
def test_bad_shape_parameters_are_rejected(factory, name, bad, error):
    with pytest.raises(error, match=name):
        factory(bad)


@pytest.mark.parametrize("factory, name, low, high", [
    (functions.softplus, "sharpness", 0.01, 1000.0),
    (functions.smooth_absolute, "sharpness", 0.01, 1000.0),
    (functions.huber, "delta", 0.0, 100.0),
])
def test_shape_parameters_have_stated_limits(factory, name, low, high):
    """Far beyond the explorer's sliders (sharpness 1 to 100, delta 0.01 to 1) and the notebooks,
    and inside them f and grad are finite and quiet over the whole domain."""
    xs = np.linspace(*factory().domain, 401)
    for value in (low if low > 0 else 1e-6, high):
        objective = factory(value)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert np.all(np.isfinite(objective.f(xs))) and np.all(np.isfinite(objective.grad(xs)))
    for value in (high * 1.001, 10.0**6, low / 2 if low > 0 else -1.0):
        with pytest.raises(ValueError, match=f"^{name} must be a number in"):
            factory(value)


@pytest.mark.parametrize("function", [functions.sigmoid, functions.log1p_exp])
def test_sigmoid_and_log1p_exp_are_elementwise_like_ufuncs(function):
    """NaN in gives NaN out, quietly, as np.exp does; a wrong type is a TypeError naming z."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = function([np.nan, np.inf, -np.inf, 0.0])
        assert np.isnan(out[0]) and out[2] == 0.0
        assert out[1] == (1.0 if function is functions.sigmoid else np.inf)
        assert np.isnan(function(np.nan))
    for bad in (None, "z", True, {"z": 1}):
        with pytest.raises(TypeError, match="^z must be a number or an array of numbers, got"):
            function(bad)
    z = np.linspace(-3.0, 3.0, 7)
    assert function(z).shape == (7,) and function(z.tolist()).tolist() == function(z).tolist()
