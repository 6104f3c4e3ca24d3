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
    "central" the symmetric quotient (f(x + h) - f(x - h)) / 2h. ``x`` must hold at least one
    number, all finite: at NaN or inf there is no slope to estimate.
    """
    f = checks.callable_("f", f)
    h = _step(h)
    scheme = checks.one_of("scheme", scheme, SCHEMES)
    x = checks.finite_array("x", x, min_size=1)
    step = {"forward": (h, 0.0), "backward": (0.0, -h), "central": (h, -h)}[scheme]
    with np.errstate(all="ignore"):
        ahead, behind = _values(f, x + step[0], x, h), _values(f, x + step[1], x, h)
        return (ahead - behind) / (step[0] - step[1])


def _values(f, at, x, h) -> np.ndarray:
    """f at the points ``at`` (x moved by h), which must be finite: a slope from inf or NaN
    would be NaN or nonsense, so it is named instead."""
    values = np.asarray(f(at), dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(
            f"f must be finite at x and x ± h, got f = {checks.shown(values.tolist())} near "
            f"x = {checks.shown(x.tolist())} with h = {h:g}"
        )
    return values


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function of an n-D point, shaped like x.

    ``x`` must hold at least one number, all finite.
    """
    f = checks.callable_("f", f)
    h = _step(h)
    x = checks.finite_array("x", x, min_size=1)
    grad = np.empty_like(x)
    with np.errstate(all="ignore"):
        for index in np.ndindex(x.shape):
            original = x[index]
            x[index] = original + h
            f_plus = float(_values(f, x, x, h))
            x[index] = original - h
            f_minus = float(_values(f, x, x, h))
            x[index] = original
            grad[index] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b) -> float:
    """Largest elementwise |a - b| / max(|a|, |b|): 0 when equal, about 1e-16 at float64 precision.

    Where both entries are exactly 0 the error is 0. When either side holds a NaN or an
    infinity anywhere the result is NaN, so a check written ``relative_error(a, b) <= tol`` fails
    (every comparison with NaN is False): a gradient that is not finite never passes for right,
    not even against itself. Keep that in mind when taking the largest of several errors:
    Python's ``max`` skips a NaN that does not come first, ``numpy.max`` keeps it.
    ``a`` and ``b`` must have the same shape and hold at least one number.
    """
    a = checks.array("a", a, min_size=1)
    b = checks.array("b", b, min_size=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    scale = np.maximum(np.abs(a), np.abs(b))
    with np.errstate(over="ignore"):  # a - b of two huge finite numbers of opposite sign
        diff = np.abs(a - b)
    ratio = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
    over = np.isinf(diff)
    ratio[over] = np.abs(a[over] / scale[over] - b[over] / scale[over])  # at most 2, no overflow
    return float(np.max(ratio))
