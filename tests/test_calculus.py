"""Finite differences: which side each scheme takes, how fast each error shrinks, bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import functions
from helpers.calculus import numerical_derivative, numerical_gradient, relative_error

quartic = functions.quartic()


def test_forward_and_backward_take_opposite_sides_of_a_kink():
    a = functions.absolute()
    assert numerical_derivative(a.f, 0.0, 1e-3, "forward") == pytest.approx(1.0)
    assert numerical_derivative(a.f, 0.0, 1e-3, "backward") == pytest.approx(-1.0)
    assert numerical_derivative(a.f, 0.0, 1e-3, "central") == 0.0


def test_one_sided_errors_are_first_order_and_central_second_order():
    x = 0.7
    exact = quartic.grad(x)

    def error(scheme, h):
        return abs(numerical_derivative(quartic.f, x, h, scheme) - exact)

    for scheme in ("forward", "backward"):
        assert error(scheme, 1e-2) / error(scheme, 1e-3) == pytest.approx(10, rel=0.05)
    assert error("central", 1e-2) / error("central", 1e-3) == pytest.approx(100, rel=0.05)


@settings(max_examples=50, deadline=None)
@given(x=st.floats(-3, 2.2))
def test_central_difference_is_accurate_for_the_quartic(x):
    assert numerical_derivative(quartic.f, x) == pytest.approx(quartic.grad(x), rel=1e-8, abs=1e-8)


def test_numerical_derivative_is_vectorized():
    xs = np.array([[-1.0, 0.5], [1.5, 2.0]])
    assert np.allclose(numerical_derivative(quartic.f, xs), quartic.grad(xs), atol=1e-8)


def test_numerical_gradient_of_an_nd_point():
    f = lambda p: float(np.sum(p**2 * np.arange(1, p.size + 1).reshape(p.shape)))  # noqa: E731
    p = np.array([[1.0, -2.0], [0.5, 3.0]])
    exact = 2 * p * np.arange(1, 5).reshape(2, 2)
    assert np.allclose(numerical_gradient(f, p), exact, atol=1e-8)
    assert p.tolist() == [[1.0, -2.0], [0.5, 3.0]], "the input must not change"


@pytest.mark.parametrize(
    "h, error",
    [
        (0, ValueError),
        (-1e-5, ValueError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("small", TypeError),
    ],
)
def test_bad_step_size_is_rejected(h, error):
    with pytest.raises(error, match="h must be a positive finite"):
        numerical_derivative(quartic.f, 1.0, h)
    with pytest.raises(error, match="h must be"):
        numerical_gradient(lambda p: 0.0, np.zeros(2), h)


def test_bad_scheme_is_rejected():
    with pytest.raises(ValueError, match="scheme must be one of"):
        numerical_derivative(quartic.f, 1.0, scheme="sideways")


def test_relative_error():
    assert relative_error([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert relative_error([1.0], [1.0 + 1e-12]) == pytest.approx(1e-12, rel=1e-3)
    assert relative_error([2.0, 1.0], [1.0, 1.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        relative_error([1.0, 2.0], [1.0])


@pytest.mark.parametrize("a, b", [([np.nan, 2.0], [1.0, 2.0]), ([np.nan], [np.nan]),
                                  ([1.0, 2.0], [1.0, np.inf]), ([np.inf], [np.inf]),
                                  ([-np.inf, 0.0], [-np.inf, 0.0])])
def test_relative_error_is_nan_when_either_side_is_not_finite(a, b):
    error = relative_error(a, b)
    assert np.isnan(error)
    assert not error <= 1e-7, "a check 'error <= tol' must fail"


def test_relative_error_of_huge_opposite_numbers_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert relative_error([1e308, 1.0], [-1e308, 1.0]) == 2.0


def test_a_cross_check_of_a_nan_gradient_fails():
    """A gradient that came out NaN in one entry must not pass a finite-difference check, not
    even in an array whose other entries agree to 1e-10."""
    trap = functions.trap()
    point = np.array([0.5, -0.25])
    exact = trap.grad(point)
    estimate = numerical_gradient(trap.f, point)
    assert relative_error(exact, estimate) <= 1e-7
    broken = exact.copy()
    broken[1] = np.nan
    assert not relative_error(broken, estimate) <= 1e-7
    assert not relative_error(estimate, broken) <= 1e-7
    assert not relative_error(broken, broken) <= 1e-7  # not even against itself


@pytest.mark.parametrize("bad, error", [([], ValueError), ([1.0, np.nan], ValueError),
                                        ([np.inf], ValueError), (None, TypeError),
                                        ("here", TypeError), (True, TypeError)])
def test_finite_differences_need_a_finite_non_empty_x(bad, error):
    for call in (lambda: numerical_derivative(quartic.f, bad),
                 lambda: numerical_gradient(lambda p: float(np.sum(p)), bad)):
        with pytest.raises(error, match="^x must "):
            call()


def test_relative_error_needs_two_non_empty_arrays_of_one_shape():
    with pytest.raises(ValueError, match="^a must hold at least 1 number"):
        relative_error([], [])
    with pytest.raises(ValueError, match=r"^a and b must have the same shape, got \(2,\) and "
                                         r"\(1, 2\)"):
        relative_error([1.0, 2.0], [[1.0, 2.0]])
