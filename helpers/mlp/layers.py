"""Forward/backward pairs: the linear layer, ReLU, the whole network, and the two losses.

Each public function checks its arguments once (:mod:`helpers.checks`, and the network checks
of :mod:`.params`) and then calls an unchecked twin (``_forward``, ``_backward``, ``_mse``,
``_bce``) that :func:`helpers.mlp.train` calls in its loop, after checking once at its entry.
"""

from __future__ import annotations

import numpy as np

from .. import checks
from ..functions import sigmoid
from .params import _inputs, check_params, check_target

__all__ = [
    "backward",
    "bce_with_logits",
    "forward",
    "linear_backward",
    "linear_forward",
    "mse",
    "relu_backward",
    "relu_forward",
    "sigmoid",
]


# --------------------------------------------------------------------------------------------
# layers: forward/backward pairs
# --------------------------------------------------------------------------------------------


def _matrix(name: str, value) -> np.ndarray:
    return checks.finite_array(name, value, ndim=2, min_size=1,
                               layout="be a 2-D array, not empty")


def linear_forward(X, W, b):
    """out = X @ W + b. The cache keeps what the gradients need: X (for dW) and W (for dX).

    X has shape (n, fan_in), W (fan_in, fan_out), b (fan_out,); all finite.
    """
    X = _matrix("X", X)
    W = _matrix("W", W)
    if W.shape[0] != X.shape[1]:
        raise ValueError(
            f"W must have shape ({X.shape[1]}, fan_out) to take X's {X.shape[1]} features, "
            f"got shape {W.shape}"
        )
    b = checks.finite_array("b", b, ndim=1, last_axis=W.shape[1],
                            layout=f"have shape ({W.shape[1]},), one bias per column of W")
    return _linear(X, W, b)


def _linear(X, W, b):
    return X @ W + b, (X, W)


def linear_backward(grad_out, cache):
    """Gradients of a linear layer from dL/d(out) of shape (n, fan_out).

    out[i, k] = sum_j X[i, j] W[j, k] + b[k], so by the chain rule
    dX = grad_out @ W.T, dW = X.T @ grad_out, and db sums grad_out over the samples
    (b is added to every row, so every row's gradient flows into it).
    """
    X, W = _linear_cache(cache)
    grad_out = checks.finite_array(
        "grad_out", grad_out, ndim=2, layout=f"have the output's shape {(X.shape[0], W.shape[1])}"
    )
    if grad_out.shape != (X.shape[0], W.shape[1]):
        raise ValueError(f"grad_out must have the output's shape {(X.shape[0], W.shape[1])}, "
                         f"got shape {grad_out.shape}")
    return _linear_backward(grad_out, (X, W))


def _linear_cache(cache, name: str = "cache"):
    """The (X, W) pair that linear_forward cached, checked."""
    if not (isinstance(cache, (tuple, list)) and len(cache) == 2):
        raise TypeError(f"{name} must be the (X, W) pair that linear_forward returned, "
                        f"got {checks.shown(cache)}")
    X = _matrix(f"{name} X", cache[0])
    W = _matrix(f"{name} W", cache[1])
    if W.shape[0] != X.shape[1]:
        raise ValueError(f"{name} W must have shape ({X.shape[1]}, fan_out) to fit {name} X of "
                         f"shape {X.shape}, got shape {W.shape}")
    return X, W


def _linear_backward(grad_out, cache):
    X, W = cache
    return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)


def relu_forward(X):
    """max(X, 0). The cache is the mask of entries that passed (strictly positive)."""
    return _relu(checks.finite_array("X", X, min_size=1))


def _relu(X):
    mask = X > 0
    return np.where(mask, X, 0.0), mask


def relu_backward(grad_out, cache):
    """The gradient passes where the input was > 0 and is blocked elsewhere.

    ``cache`` is the mask :func:`relu_forward` returned (True where the input was > 0), of
    grad_out's shape. At exactly 0 ReLU has no derivative (a kink); like PyTorch we take it to
    be 0 there.
    """
    grad_out = checks.finite_array("grad_out", grad_out, min_size=1)
    mask = np.asarray(cache)
    if mask.dtype != bool:
        raise TypeError("cache must be the mask relu_forward returned (an array of True/False), "
                        f"got {checks.shown(cache)}")
    if mask.shape != grad_out.shape:
        raise ValueError(f"cache must be a mask of grad_out's shape {grad_out.shape}, "
                         f"got shape {mask.shape}")
    return _relu_backward(grad_out, mask)


def _relu_backward(grad_out, mask):
    return np.where(mask, grad_out, 0.0)


# --------------------------------------------------------------------------------------------
# the network
# --------------------------------------------------------------------------------------------


def forward(params, X):
    """Run X of shape (n, fan_in) through the network: returns (out, cache).

    ``out`` has shape (n, fan_out of the last layer). ``cache`` holds every layer's cache, in
    order, for :func:`backward`.
    """
    params = check_params(params)
    return _forward(params, _inputs(params, X))


def _forward(params, X):
    """:func:`forward` on checked float64 arrays."""
    h, caches, last = X, [], len(params) - 1
    for i, (W, b) in enumerate(params):
        h, linear_cache = _linear(h, W, b)
        relu_cache = None
        if i < last:
            h, relu_cache = _relu(h)
        caches.append((linear_cache, relu_cache))
    return h, caches


def backward(params, cache, grad_out):
    """Backpropagation: from dL/d(out) to the gradient of every parameter.

    Returns a list of ``(dW, db)`` pairs, the same structure and shapes as ``params``. The layers
    are visited last to first; each uses the gradient that the layer after it sent back.
    ``cache`` is what :func:`forward` returned for these params (a ReLU mask may be swapped for
    another mask of its shape, to try a broken backward).
    """
    params = check_params(params)
    checks.sequence("cache", cache, allowed="the cache that forward() returned (a list)")
    if len(cache) != len(params):
        raise ValueError(
            f"cache must come from forward() with these params ({len(params)} layers), "
            f"got a cache for {len(cache)} layers"
        )
    checked, n = [], None
    for i, (layer, (W, _)) in enumerate(zip(cache, params, strict=True)):
        if not (isinstance(layer, (tuple, list)) and len(layer) == 2):
            raise TypeError(f"cache[{i}] must be a (linear cache, ReLU mask) pair from forward(), "
                            f"got {checks.shown(layer)}")
        X_i, W_i = _linear_cache(layer[0], f"cache[{i}]")
        n = X_i.shape[0] if n is None else n
        if W_i.shape != W.shape or X_i.shape != (n, W.shape[0]):
            raise ValueError(f"cache[{i}] must come from forward() with these params (X of shape "
                             f"{(n, W.shape[0])}, W of shape {W.shape}), got X of shape "
                             f"{X_i.shape} and W of shape {W_i.shape}")
        mask = layer[1]
        if (mask is None) != (i == len(params) - 1):
            raise ValueError(f"cache[{i}] must come from forward(): a ReLU mask on every layer "
                             f"but the last, got {checks.shown(mask)}")
        if mask is not None:
            mask = np.asarray(mask)
            if mask.dtype != bool or mask.shape != (n, W.shape[1]):
                raise ValueError(f"cache[{i}] mask must be True/False of shape "
                                 f"{(n, W.shape[1])}, got {checks.shown(layer[1])}")
        checked.append(((X_i, W_i), mask))
    expected = (n, params[-1][0].shape[1])
    grad = checks.finite_array("grad_out", grad_out, layout=f"have the output's shape {expected}")
    if grad.shape != expected:
        raise ValueError(f"grad_out must have the output's shape {expected}, got shape "
                         f"{grad.shape}")
    return _backward(checked, grad)


def _backward(cache, grad):
    """:func:`backward` on a checked cache and gradient (the params are in the cache)."""
    grads = [None] * len(cache)
    for i in reversed(range(len(cache))):
        linear_cache, relu_cache = cache[i]
        if relu_cache is not None:
            grad = _relu_backward(grad, relu_cache)
        grad, dW, db = _linear_backward(grad, linear_cache)
        grads[i] = (dW, db)
    return grads


# --------------------------------------------------------------------------------------------
# losses: (value, dL/d(output)), mean over all entries like PyTorch
# --------------------------------------------------------------------------------------------


def mse(out, y):
    """Mean squared error, as ``torch.nn.functional.mse_loss``: mean((out - y)^2).

    Returns (value, gradient) where the gradient is 2 (out - y) / N, N = number of entries.
    ``out`` holds at least one number; ``y`` has its shape; both finite.
    """
    out = checks.finite_array("out", out, min_size=1)
    y = check_target(out, y, "mse", of="out")
    with np.errstate(over="ignore", invalid="ignore"):
        value, grad = _mse(out, y)
        if not (np.isfinite(value) and np.isfinite(grad).all()):
            gap = float(np.max(np.abs(out - y)))
            raise ValueError(
                "out and y must differ by less than about 1e154 for the squared error to stay "
                f"within float64's range, got a largest difference of {gap:g}"
            )
    return value, grad


def _mse(out, y):
    diff = out - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def bce_with_logits(logits, y):
    """Binary cross-entropy on raw scores, as ``binary_cross_entropy_with_logits``.

    With p = sigmoid(z) the loss per entry is -[y log p + (1 - y) log(1 - p)]. Written that way
    it breaks for large |z|: p rounds to exactly 1 or 0 and log(0) = -inf. The same quantity,
    rearranged, is max(z, 0) - z y + log(1 + exp(-|z|)), where exp never overflows and
    log1p keeps the small term accurate, so z = +-1000 gives exact, finite answers.
    The gradient with respect to z is (sigmoid(z) - y) / N.
    ``logits`` holds at least one number, all finite; ``y`` has its shape, every target in
    [0, 1] (labels 0 and 1, or probabilities).
    """
    z = checks.finite_array("logits", logits, min_size=1)
    return _bce(z, check_target(z, y, "bce", of="logits"))


def _bce(z, y):
    # e = exp(-|z|) serves both terms: log1p(e) in the loss, and sigmoid(z), written as
    # helpers.functions.sigmoid writes it, in the gradient (one exp instead of two).
    e = np.exp(-np.abs(z))
    per_entry = np.maximum(z, 0.0) - z * y + np.log1p(e)
    p = np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(np.mean(per_entry)), (p - y) / z.size
