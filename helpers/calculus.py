"""Derivatives from the limit definition, to check exact ones against.

The derivative is the limit of (f(x + h) - f(x)) / h as h goes to 0. Stopping at a small h gives
an estimate: from the right (h > 0, "forward"), from the left (h < 0, "backward"), or the average
of both ("central"), whose error shrinks like h^2 instead of h.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

SCHEMES = ("forward", "backward", "central")


def _check_h(h) -> float:
    try:
        value = float(h)
    except (TypeError, ValueError):
        value = float("nan")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(
            f"h must be a positive finite step size, got {h!r} "
            "(the scheme picks the side: 'backward' steps to x - h)"
        )
    return value


def numerical_derivative(
    f: Callable[[np.ndarray], np.ndarray], x, h: float = 1e-5, scheme: str = "central"
) -> np.ndarray:
    """Estimate f'(x) by finite differences, vectorized over an array of x values.

    scheme "forward" uses the step +h, "backward" the step -h (the slides' "h < 0"), and
    "central" the symmetric quotient (f(x + h) - f(x - h)) / 2h.
    """
    h = _check_h(h)
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    x = np.asarray(x, dtype=float)
    if scheme == "forward":
        return (f(x + h) - f(x)) / h
    if scheme == "backward":
        return (f(x - h) - f(x)) / (-h)
    return (f(x + h) - f(x - h)) / (2.0 * h)


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function of an n-D point, shaped like x."""
    h = _check_h(h)
    x = np.array(x, dtype=float)
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
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.maximum(np.abs(a), np.abs(b))
    diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    return float(np.max(ratio)) if ratio.size else 0.0
