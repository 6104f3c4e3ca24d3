"""Forward/backward pairs: the linear layer, ReLU, the whole network, and the two losses."""

from __future__ import annotations

import numpy as np

from ..functions import sigmoid
from .params import check_inputs, check_params, check_target

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


def linear_forward(X, W, b):
    """out = X @ W + b. The cache keeps what the gradients need: X (for dW) and W (for dX)."""
    out = X @ W + b
    return out, (X, W)


def linear_backward(grad_out, cache):
    """Gradients of a linear layer from dL/d(out) of shape (n, fan_out).

    out[i, k] = sum_j X[i, j] W[j, k] + b[k], so by the chain rule
    dX = grad_out @ W.T, dW = X.T @ grad_out, and db sums grad_out over the samples
    (b is added to every row, so every row's gradient flows into it).
    """
    X, W = cache
    dX = grad_out @ W.T
    dW = X.T @ grad_out
    db = grad_out.sum(axis=0)
    return dX, dW, db


def relu_forward(X):
    """max(X, 0). The cache is the mask of entries that passed (strictly positive)."""
    mask = X > 0
    return np.where(mask, X, 0.0), mask


def relu_backward(grad_out, cache):
    """The gradient passes where the input was > 0 and is blocked elsewhere.

    At exactly 0 ReLU has no derivative (a kink); like PyTorch we take it to be 0 there.
    """
    mask = cache
    return np.where(mask, grad_out, 0.0)


# --------------------------------------------------------------------------------------------
# the network
# --------------------------------------------------------------------------------------------


def forward(params, X):
    """Run X of shape (n, fan_in) through the network: returns (out, cache).

    ``out`` has shape (n, fan_out of the last layer). ``cache`` holds every layer's cache, in
    order, for :func:`backward`.
    """
    check_params(params)
    h = check_inputs(params, X)
    caches = []
    last = len(params) - 1
    for i, (W, b) in enumerate(params):
        h, linear_cache = linear_forward(h, np.asarray(W, np.float64), np.asarray(b, np.float64))
        relu_cache = None
        if i < last:
            h, relu_cache = relu_forward(h)
        caches.append((linear_cache, relu_cache))
    return h, caches


def backward(params, cache, grad_out):
    """Backpropagation: from dL/d(out) to the gradient of every parameter.

    Returns a list of ``(dW, db)`` pairs, the same structure and shapes as ``params``. The layers
    are visited last to first; each uses the gradient that the layer after it sent back.
    """
    check_params(params)
    if len(cache) != len(params):
        raise ValueError(
            f"cache must come from forward() with these params ({len(params)} layers), "
            f"got a cache for {len(cache)} layers"
        )
    grad = np.asarray(grad_out, dtype=np.float64)
    expected = (cache[-1][0][0].shape[0], np.shape(params[-1][0])[1])
    if grad.shape != expected:
        raise ValueError(f"grad_out must have the output's shape {expected}, got {grad.shape}")
    grads = [None] * len(params)
    for i in reversed(range(len(params))):
        linear_cache, relu_cache = cache[i]
        if relu_cache is not None:
            grad = relu_backward(grad, relu_cache)
        grad, dW, db = linear_backward(grad, linear_cache)
        grads[i] = (dW, db)
    return grads


# --------------------------------------------------------------------------------------------
# losses: (value, dL/d(output)), mean over all entries like PyTorch
# --------------------------------------------------------------------------------------------


def mse(out, y):
    """Mean squared error, as ``torch.nn.functional.mse_loss``: mean((out - y)^2).

    Returns (value, gradient) where the gradient is 2 (out - y) / N, N = number of entries.
    """
    out = np.asarray(out, dtype=np.float64)
    y = check_target(out, y)
    diff = out - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def bce_with_logits(logits, y):
    """Binary cross-entropy on raw scores, as ``binary_cross_entropy_with_logits``.

    With p = sigmoid(z) the loss per entry is -[y log p + (1 - y) log(1 - p)]. Written that way
    it breaks for large |z|: p rounds to exactly 1 or 0 and log(0) = -inf. The same quantity,
    rearranged, is max(z, 0) - z y + log(1 + exp(-|z|)), where exp never overflows and
    log1p keeps the small term accurate, so z = +-1000 gives exact, finite answers.
    The gradient with respect to z is (sigmoid(z) - y) / N.
    """
    z = np.asarray(logits, dtype=np.float64)
    y = check_target(z, y)
    per_entry = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(per_entry)), (sigmoid(z) - y) / z.size
