"""A two-parameter linear regression: the data, its mean squared error, gradient and answer."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import checks

__all__ = [
    "LinearRegressionData",
    "least_squares",
    "linear_mse",
    "linear_mse_grad",
    "linear_mse_grad_unchecked",
    "make_linear_regression",
]


class LinearRegressionData(NamedTuple):
    """``X`` (n, 2) with a column of ones then x; ``y`` (n,); ``w_true`` (2,) = (w0, w1)."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


def make_linear_regression(n=100, w_true=(1.0, 2.0), noise=0.5, seed=0, x_range=(0.0, 3.0)):
    """Points on the line y = w0 + w1 x plus Gaussian noise, for fitting (w0, w1).

    Returns ``(X, y, w_true)`` (a named tuple). ``X[:, 0]`` is all ones (the intercept's column)
    and ``X[:, 1]`` is x drawn uniformly from ``x_range``, so the model is ``y ~ X @ w``.

    Why x in [0, 3] and not centred at 0: the loss is a bowl whose Hessian is 2 X^T X / n =
    2 [[1, mean x], [mean x, mean x^2]]. With x spread around 1.5 the two weights are coupled,
    and the bowl is tilted and about 4 times longer than wide (condition number about 20):
    plain gradient descent zig-zags visibly, yet the picture still fits in one figure.
    Centre x at 0 and the bowl turns round and axis-aligned.

    ``n`` runs from 2 to ``checks.LIMITS["rows"]`` (10 million).
    """
    n = checks.integer("n", n, 2, checks.LIMITS["rows"])
    noise = checks.number("noise", noise, low=0.0, high=checks.LIMITS["magnitude"])
    w_true = checks.finite_array("w_true", w_true, ndim=1, last_axis=2,
                                 layout="be two finite numbers (w0, w1)")
    if np.abs(w_true).max() > checks.LIMITS["magnitude"]:
        raise ValueError(f"w_true must be two numbers of size at most "
                         f"{checks.LIMITS['magnitude']:g}, got {w_true.tolist()}")
    bounds = checks.finite_array("x_range", x_range, ndim=1, last_axis=2,
                                 layout="be (low, high) with low < high")
    if not bounds[0] < bounds[1]:
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}")
    low, high = bounds
    rng = np.random.default_rng(checks.seed(seed))
    x = rng.uniform(low, high, size=n)
    X = np.column_stack([np.ones(n), x])
    y = X @ w_true + noise * rng.standard_normal(n)
    return LinearRegressionData(X, y, w_true)


def _check_Xy(X, y, Xname="X", yname="y"):
    """X as (n_samples, n_features) and y as (n_samples,), both float64 and finite, with at least
    one row and one feature (the mean over no rows is 0 / 0)."""
    X = checks.finite_array(Xname, X, ndim=2, layout="be 2-D (n_samples, n_features)")
    if 0 in X.shape:
        raise ValueError(f"{Xname} must hold at least one row and one column (n_samples, "
                         f"n_features), got shape {X.shape}")
    n = X.shape[0]
    y = checks.finite_array(yname, y, ndim=1, last_axis=n,
                            layout=f"have shape ({n},) to match {Xname} {X.shape}")
    return X, y


def _check_w(w, X, Xname="X"):
    """One point (d,) or a stack of points (..., d), d the number of columns of X; finite."""
    d = X.shape[1]
    return checks.finite_array(
        "w", w, last_axis=d, layout=f"have {d} entries on its last axis to match {Xname} {X.shape}"
    )


def linear_mse(w, X, y):
    """Mean squared error of the linear model X @ w: mean((X @ w - y)^2).

    ``w`` is one point of shape (d,), giving a float, or a grid of points of shape (..., d),
    giving an array of shape (...) for drawing the loss surface. For a grid we use the equal
    quadratic form w.A.w - 2 w.c + s with A = X^T X / n, c = X^T y / n, s = y.y / n, which never
    builds the (..., n) residuals. NaN or inf in w, X or y, an X without rows and shapes that do
    not match are a ``ValueError`` naming the argument.
    """
    X, y = _check_Xy(X, y)
    w = _check_w(w, X)
    n = X.shape[0]
    with np.errstate(all="ignore"):
        if w.ndim == 1:
            residual = X @ w - y
            return float(_in_range(residual @ residual / n, w))
        A = X.T @ X / n
        c = X.T @ y / n
        s = y @ y / n
        return _in_range(np.einsum("...i,ij,...j->...", w, A, w) - 2.0 * (w @ c) + s, w)


def linear_mse_grad(w, Xb, yb):
    """Mean gradient over a batch of the squared error: 2 / m * Xb^T (Xb @ w - yb).

    The signature ``grad_fn(w, Xb, yb)`` is the one ``helpers.solvers.minibatch_sgd`` expects.
    ``w`` may also be a stack of points of shape (..., d); the result has w's shape. The
    arguments are checked (finite numbers, at least one row, matching shapes; a stack of points
    times the batch's rows at most ``checks.LIMITS["kept"]`` numbers, the size of the residuals
    computed on the way), then :func:`linear_mse_grad_unchecked` computes.
    """
    Xb, yb = _check_Xy(Xb, yb, "Xb", "yb")
    w = _check_w(w, Xb, "Xb")
    points = w.size // Xb.shape[1]
    if w.ndim > 1 and points * Xb.shape[0] > checks.LIMITS["kept"]:
        raise ValueError(
            f"w must hold at most {checks.LIMITS['kept'] // Xb.shape[0]:,} points for a batch of "
            f"{Xb.shape[0]:,} rows (each point's residuals take one number per row), got "
            f"shape {w.shape}"
        )
    with np.errstate(all="ignore"):
        return _in_range(linear_mse_grad_unchecked(w, Xb, yb), w)


class WeightsOverflow(ValueError):
    """Checked data and weights whose loss or gradient overflows float64 (a caller that chose
    the weights, such as a loss grid over an extent, names its own argument instead)."""


def _in_range(value, w):
    """``value`` (a loss or a gradient computed from w), which must be finite: checked data and
    weights can still overflow when w is near float64's limit, and that is named, not returned."""
    if not np.isfinite(value).all():
        raise WeightsOverflow(f"w must be small enough that the model's errors stay within "
                              f"float64's range, got {checks.shown(w.tolist())}")
    return value


def linear_mse_grad_unchecked(w, Xb, yb):
    """:func:`linear_mse_grad` without any argument checks, for hot loops only.

    Same formula and shapes: ``w`` (d,) or (..., d), ``Xb`` (m, d) with m >= 1, ``yb`` (m,), all
    finite float arrays already. Nothing is checked or converted, so a wrong shape fails deep
    inside numpy (or, worse, broadcasts), NaN comes back as NaN and an empty batch divides by
    zero; call :func:`linear_mse_grad` everywhere else. For a loop that makes
    hundreds of single-row updates per slider event, where the checks cost more than the
    arithmetic.
    """
    residual = w @ Xb.T - yb  # (m,) or (..., m)
    return 2.0 / len(yb) * (residual @ Xb)


def least_squares(X, y):
    """The exact minimiser of :func:`linear_mse`: the w where the gradient is 0.

    Setting 2 / n X^T (X w - y) = 0 gives the normal equations X^T X w = X^T y, solved here
    directly (falling back to ``numpy.linalg.lstsq`` if X^T X is singular). X and y are checked
    as in :func:`linear_mse`.
    """
    X, y = _check_Xy(X, y)
    try:
        return np.linalg.solve(X.T @ X, X.T @ y)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(X, y, rcond=None)[0]
