"""The network's parameters: their structural checks, initialization, copies and flat vectors.

The checks here are the ones only a network needs (``(W, b)`` pairs that chain, X that fits the
first layer, targets that fit the output); plain numbers go through :mod:`helpers.checks`.
They are public so that :mod:`helpers.crosscheck` and the notebooks can use them too.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .. import checks

__all__ = [
    "LOSSES",
    "check_data",
    "check_inputs",
    "check_like",
    "check_loss",
    "check_params",
    "check_target",
    "copy_params",
    "flatten_params",
    "init_params",
    "match_target",
    "max_difference",
    "unflatten_params",
]

LOSSES = ("bce", "mse")


# --------------------------------------------------------------------------------------------
# structural checks
# --------------------------------------------------------------------------------------------


def check_loss(loss) -> str:
    """The name of a loss: "bce" (binary cross-entropy on logits) or "mse"."""
    return checks.one_of("loss", loss, LOSSES)


def _pairs(params, name: str) -> None:
    """A non-empty list of (A, a) pairs (W and b, or their gradients)."""
    checks.sequence(name, params, 1, allowed="a non-empty list of (W, b) pairs")
    for i, layer in enumerate(params):
        if not (isinstance(layer, (tuple, list)) and len(layer) == 2):
            raise TypeError(f"{name}[{i}] must be a (W, b) pair, got {type(layer).__name__}")


def check_params(params, name: str = "params") -> None:
    """Check that ``params`` is a non-empty list of (W, b) pairs whose shapes chain together."""
    _pairs(params, name)
    previous_out = None
    for i, layer in enumerate(params):
        W, b = np.shape(layer[0]), np.shape(layer[1])
        if len(W) != 2 or len(b) != 1 or W[1] != b[0]:
            raise ValueError(
                f"{name}[{i}] must be W of shape (fan_in, fan_out) and b of shape (fan_out,), "
                f"got W {W} and b {b}"
            )
        if previous_out is not None and W[0] != previous_out:
            raise ValueError(
                f"{name}[{i}] W has fan_in {W[0]} but the layer before has fan_out "
                f"{previous_out}; shapes must chain"
            )
        previous_out = W[1]


def check_like(name: str, other, params) -> None:
    """Check that ``other`` (gradients, a velocity, other weights) has the shapes of ``params``."""
    _pairs(other, name)
    if len(other) != len(params):
        raise ValueError(
            f"{name} must have one (W, b) pair per layer ({len(params)}), got {len(other)}"
        )
    for i, (mine, theirs) in enumerate(zip(other, params, strict=True)):
        for kind, a, b in zip("Wb", mine, theirs, strict=True):
            if np.shape(a) != np.shape(b):
                raise ValueError(
                    f"{name}[{i}] {kind} must have the shape of params[{i}] {kind}, "
                    f"{np.shape(b)}, got {np.shape(a)}"
                )


def check_inputs(params, X) -> np.ndarray:
    """X as a float64 array of shape (n_samples, fan_in of the first layer), finite."""
    X = checks.finite_array("X", X, ndim=2, layout="be a 2-D array (n_samples, n_features)")
    fan_in = np.shape(params[0][0])[0]
    if X.shape[1] != fan_in:
        raise ValueError(
            f"X has {X.shape[1]} features (shape {X.shape}) but the first layer expects "
            f"{fan_in}: X must have shape (n_samples, {fan_in})"
        )
    return X


def check_target(out, y) -> np.ndarray:
    """y as a float64 array of exactly the output's shape."""
    y = checks.array("y", y)
    if y.shape != np.shape(out):
        raise ValueError(
            f"y must have the same shape as the output {np.shape(out)}, got {y.shape}"
        )
    return y


def match_target(out, y) -> np.ndarray:
    """y shaped like the output ``out``; labels of shape (n,) stand for (n, 1) when the network
    has one output."""
    y = checks.array("y", y)
    shape = np.shape(out)
    if len(shape) == 2 and shape[1] == 1 and y.shape == (shape[0],):
        y = y.reshape(-1, 1)
    return check_target(out, y)


def check_data(params, X, y) -> tuple[np.ndarray, np.ndarray]:
    """Check params, X (fits the first layer) and y (fits the output); returns X and y as
    float64 arrays, y shaped like the network's output."""
    check_params(params)
    X = check_inputs(params, X)
    out_shape = (X.shape[0], np.shape(params[-1][0])[1])
    return X, match_target(np.empty(out_shape), y)


# --------------------------------------------------------------------------------------------
# parameters
# --------------------------------------------------------------------------------------------


def init_params(sizes, seed=0, *, bias=0.0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random weights for a network with layer widths ``sizes``, e.g. ``[2, 16, 16, 1]``.

    Each ``W`` is drawn from a normal with mean 0 and standard deviation ``sqrt(2 / fan_in)``
    (He / Kaiming initialization, from ``numpy.random.default_rng(seed)``, layer by layer).
    Why that scale: ReLU zeroes about half of its inputs, so a factor 2 in the variance keeps the
    size of the activations roughly the same from layer to layer; too small and the signal (and
    the gradient) fades with depth, too large and it blows up. Biases start at the constant
    ``bias`` (0 by default; a small positive value wakes up more ReLUs at the start).
    """
    checks.sequence("sizes", sizes, 2, arrays=True,
                    allowed="a list of at least 2 layer widths (inputs ... outputs)")
    sizes = [checks.integer(f"sizes[{i}]", s, 1) for i, s in enumerate(sizes)]
    bias = checks.number("bias", bias)
    rng = np.random.default_rng(checks.seed(seed))
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        W = rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        b = np.full(fan_out, bias)
        params.append((W, b))
    return params


def copy_params(params):
    """A deep copy, so that a snapshot does not change when training goes on."""
    return [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]


def flatten_params(params) -> np.ndarray:
    """All numbers of ``params`` in one 1-D vector: W1, b1, W2, b2, ... each in row-major order.

    Handy for gradient checks: a network is a function of this one vector.
    """
    return np.concatenate([np.ravel(a) for layer in params for a in layer]).astype(np.float64)


def unflatten_params(vector, like) -> list[tuple[np.ndarray, np.ndarray]]:
    """The inverse of :func:`flatten_params`, with the shapes taken from ``like``."""
    total = sum(np.size(a) for layer in like for a in layer)
    vector = checks.array("vector", vector, ndim=1, last_axis=total,
                          layout=f"be 1-D with {total} entries to fill params shaped like `like`")
    params, start = [], 0
    for W, b in like:
        pair = []
        for a in (W, b):
            size = np.size(a)
            pair.append(vector[start : start + size].reshape(np.shape(a)).copy())
            start += size
        params.append(tuple(pair))
    return params


def max_difference(params_a, params_b) -> float:
    """The largest absolute difference between two parameter lists of the same shapes.

    E.g. our weights against torch's after training side by side: 0 means equal, about 1e-15
    equal up to rounding. NaN when either holds a NaN (then they are not equal).
    """
    check_params(params_a, "params_a")
    check_like("params_b", params_b, params_a)
    gaps = [
        np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)))
        for pair_a, pair_b in zip(params_a, params_b, strict=True)
        for a, b in zip(pair_a, pair_b, strict=True)
    ]
    return float(np.max(gaps))
