"""Derivatives from the limit definition, to check exact ones against.

The derivative is the limit of (f(x + h) - f(x)) / h as h goes to 0. Stopping at a small h gives
an estimate: from the right (h > 0, "forward"), from the left (h < 0, "backward"), or the average
of both ("central"), whose error shrinks like h^2 instead of h.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import checks

__all__ = ["SCHEMES", "numerical_derivative", "numerical_gradient", "relative_error"]

SCHEMES = ("forward", "backward", "central")


_STEP = "a positive finite step size (the scheme picks the side: 'backward' steps to x - h)"


def _step(h) -> float:
    return checks.number("h", h, low=0.0, low_open=True, allowed=_STEP)


def numerical_derivative(
    f: Callable[[np.ndarray], np.ndarray], x, h: float = 1e-5, scheme: str = "central"
) -> np.ndarray:
    """Estimate f'(x) by finite differences, vectorized over an array of x values.

    scheme "forward" uses the step +h, "backward" the step -h (the slides' "h < 0"), and
    "central" the symmetric quotient (f(x + h) - f(x - h)) / 2h.
    """
    f = checks.callable_("f", f)
    h = _step(h)
    scheme = checks.one_of("scheme", scheme, SCHEMES)
    x = checks.array("x", x)
    if scheme == "forward":
        return (f(x + h) - f(x)) / h
    if scheme == "backward":
        return (f(x - h) - f(x)) / (-h)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function of an n-D point, shaped like x."""
    f = checks.callable_("f", f)
    h = _step(h)
    x = checks.finite_array("x", x)
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = float(f(x))
        x[index] = original - h
        f_minus = float(f(x))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b) -> float:
    """Largest elementwise |a - b| / max(|a|, |b|): 0 when equal, about 1e-16 at float64 precision.

    Where both entries are exactly 0 the error is 0.
    """
    a = checks.array("a", a)
    b = checks.array("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(np.max(ratio)) if ratio.size else 0.0
