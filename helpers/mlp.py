"""A ReLU multilayer perceptron with backpropagation written by hand, in numpy (float64).

The network is a list of ``(W, b)`` pairs. Layer ``i`` computes ``X @ W + b`` with ``W`` of
shape ``(fan_in, fan_out)`` and ``b`` of shape ``(fan_out,)``; every layer but the last is
followed by ReLU. The last layer's output is a raw score (a *logit* for classification).

Each building block comes as a forward/backward pair, in the style of the cs231n notes:

* ``*_forward`` computes the output and returns a *cache*: whatever the backward pass will need.
* ``*_backward`` takes ``dL/d(output)`` and the cache and returns ``dL/d(inputs)``: the chain rule
  applied to one block. ``backward`` just calls them in reverse order, each one reusing the
  gradient the next layer sent back (the slides' "send the derivatives back").

Losses return ``(value, dL/d(output))`` and average over all entries, like PyTorch's defaults,
so ``helpers.crosscheck`` can hold every number here against ``torch.autograd``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np

LOSSES = ("bce", "mse")

# --------------------------------------------------------------------------------------------
# argument checks (bad input gets a ValueError naming the argument, its value, what is allowed)
# --------------------------------------------------------------------------------------------


def _check_positive_finite(name: str, value) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return number


def _check_momentum(momentum) -> float:
    try:
        number = float(momentum)
    except (TypeError, ValueError):
        number = float("nan")
    if isinstance(momentum, bool) or not math.isfinite(number) or number < 0:
        raise ValueError(f"momentum must be a finite number >= 0 (0 means none), got {momentum!r}")
    return number


def _check_positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def _check_loss_name(loss) -> str:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def _as_2d_float(name: str, X) -> np.ndarray:
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_samples, n_features), got shape {X.shape}")
    return X


def _check_params(params) -> None:
    """Check that params is a non-empty list of (W, b) pairs whose shapes chain together."""
    if isinstance(params, np.ndarray) or not hasattr(params, "__len__") or len(params) == 0:
        raise ValueError(
            f"params must be a non-empty list of (W, b) pairs, got {type(params).__name__}"
        )
    previous_out = None
    for i, layer in enumerate(params):
        if not (isinstance(layer, (tuple, list)) and len(layer) == 2):
            raise ValueError(f"params[{i}] must be a (W, b) pair, got {type(layer).__name__}")
        W, b = np.shape(layer[0]), np.shape(layer[1])
        if len(W) != 2 or len(b) != 1 or W[1] != b[0]:
            raise ValueError(
                f"params[{i}] must be W of shape (fan_in, fan_out) and b of shape (fan_out,), "
                f"got W {W} and b {b}"
            )
        if previous_out is not None and W[0] != previous_out:
            raise ValueError(
                f"params[{i}] W has fan_in {W[0]} but the layer before has fan_out "
                f"{previous_out}; shapes must chain"
            )
        previous_out = W[1]


def _check_X(params, X) -> np.ndarray:
    X = _as_2d_float("X", X)
    fan_in = np.shape(params[0][0])[0]
    if X.shape[1] != fan_in:
        raise ValueError(
            f"X has {X.shape[1]} features (shape {X.shape}) but the first layer expects "
            f"{fan_in}: X must have shape (n_samples, {fan_in})"
        )
    return X


def _check_target(out: np.ndarray, y) -> np.ndarray:
    y = np.asarray(y, dtype=np.float64)
    if y.shape != out.shape:
        raise ValueError(f"y must have the same shape as the output {out.shape}, got {y.shape}")
    return y


def _match_target(out: np.ndarray, y) -> np.ndarray:
    """Let labels of shape (n,) stand for (n, 1) when the network has one output."""
    y = np.asarray(y, dtype=np.float64)
    if out.ndim == 2 and out.shape[1] == 1 and y.shape == (out.shape[0],):
        y = y.reshape(-1, 1)
    return _check_target(out, y)


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
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least 2 layer widths (inputs ... outputs), got {sizes!r}"
        )
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, Integral) or s < 1:
            raise ValueError(f"sizes must contain positive integers only, got {sizes!r}")
    bias = float(bias)
    if not math.isfinite(bias):
        raise ValueError(f"bias must be a finite number, got {bias!r}")
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        W = rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(int(fan_in), int(fan_out)))
        b = np.full(int(fan_out), bias)
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
    vector = np.asarray(vector, dtype=np.float64)
    total = sum(np.size(a) for layer in like for a in layer)
    if vector.shape != (total,):
        raise ValueError(
            f"vector must be 1-D with {total} entries to fill params shaped like `like`, "
            f"got shape {vector.shape}"
        )
    params, start = [], 0
    for W, b in like:
        pair = []
        for a in (W, b):
            size = np.size(a)
            pair.append(vector[start : start + size].reshape(np.shape(a)).copy())
            start += size
        params.append(tuple(pair))
    return params


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
    _check_params(params)
    h = _check_X(params, X)
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
    _check_params(params)
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
    y = _check_target(out, y)
    diff = out - y
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow: exp is only ever taken of -|z| <= 0."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def bce_with_logits(logits, y):
    """Binary cross-entropy on raw scores, as ``binary_cross_entropy_with_logits``.

    With p = sigmoid(z) the loss per entry is -[y log p + (1 - y) log(1 - p)]. Written that way
    it breaks for large |z|: p rounds to exactly 1 or 0 and log(0) = -inf. The same quantity,
    rearranged, is max(z, 0) - z y + log(1 + exp(-|z|)), where exp never overflows and
    log1p keeps the small term accurate, so z = +-1000 gives exact, finite answers.
    The gradient with respect to z is (sigmoid(z) - y) / N.
    """
    z = np.asarray(logits, dtype=np.float64)
    y = _check_target(z, y)
    per_entry = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(per_entry)), (sigmoid(z) - y) / z.size


def _loss_fn(loss):
    return {"bce": bce_with_logits, "mse": mse}[_check_loss_name(loss)]


def loss_and_grads(params, X, y, loss="bce"):
    """Forward, loss and backward in one call: returns (loss value, grads).

    ``loss`` is "bce" (binary cross-entropy on logits, labels 0/1) or "mse". Labels of shape
    (n,) are accepted for a network with one output.
    """
    loss_function = _loss_fn(loss)
    out, cache = forward(params, X)
    value, grad_out = loss_function(out, _match_target(out, y))
    return value, backward(params, cache, grad_out)


def sgd_step(params, grads, lr, velocity=None, momentum=0.0):
    """One (heavy-ball) gradient step; returns new (params, velocity), inputs are not changed.

    PyTorch's convention (``torch.optim.SGD(momentum=...)``): v = momentum * v + g, then
    p = p - lr * v. The velocity starts at 0, so the first step has v = g. With momentum 0 this
    is plain gradient descent, p = p - lr * g.
    """
    lr = _check_positive_finite("lr", lr)
    momentum = _check_momentum(momentum)
    _check_params(params)
    if len(grads) != len(params):
        raise ValueError(
            f"grads must have one (dW, db) per layer ({len(params)}), got {len(grads)}"
        )
    if velocity is None:
        velocity = [(np.zeros_like(dW), np.zeros_like(db)) for dW, db in grads]
    new_params, new_velocity = [], []
    for (W, b), (dW, db), (vW, vb) in zip(params, grads, velocity):
        vW = momentum * vW + dW
        vb = momentum * vb + db
        new_params.append((W - lr * vW, b - lr * vb))
        new_velocity.append((vW, vb))
    return new_params, new_velocity


def predict_proba(params, X):
    """P(class 1) = sigmoid(logit), for a network with one output trained with "bce"."""
    out, _ = forward(params, X)
    return sigmoid(out[:, 0]) if out.shape[1] == 1 else sigmoid(out)


def predict(params, X):
    """Class labels 0/1 (float): 1 where the logit is > 0, i.e. probability > 1/2."""
    out, _ = forward(params, X)
    labels = (out > 0).astype(np.float64)
    return labels[:, 0] if out.shape[1] == 1 else labels


def accuracy(params, X, y) -> float:
    """Fraction of samples whose predicted label equals y (labels 0/1)."""
    labels = predict(params, X)
    y = np.asarray(y, dtype=np.float64).reshape(labels.shape)
    return float(np.mean(labels == y))


# --------------------------------------------------------------------------------------------
# training loop for the "decision boundary as it learns" slider
# --------------------------------------------------------------------------------------------


@dataclass
class TrainResult:
    """What :func:`train` returns.

    ``losses[k]`` is the loss after k updates (``losses[0]`` at the start), so it has one entry
    per step plus one. ``snapshots[j]`` are the parameters after ``snapshot_steps[j]`` updates:
    every ``record_every`` steps, always including 0 and the last step, so a slider over
    ``snapshots`` runs from the untrained to the trained network. A run whose loss stops being
    finite ends early with ``diverged=True``; that is a result, not an error.
    """

    params: list
    losses: np.ndarray
    snapshots: list
    snapshot_steps: np.ndarray
    diverged: bool = False
    message: str = ""
    lr: float = 0.0
    momentum: float = 0.0
    loss: str = "bce"
    extra: dict = field(default_factory=dict)


def train(params, X, y, *, lr, steps, momentum=0.0, loss="bce", record_every=1) -> TrainResult:
    """Full-batch gradient descent (with optional momentum) on the network, recorded for plots.

    Does not change ``params``; the trained parameters are ``result.params``.
    """
    lr = _check_positive_finite("lr", lr)
    steps = _check_positive_int("steps", steps)
    record_every = _check_positive_int("record_every", record_every)
    momentum = _check_momentum(momentum)
    _check_loss_name(loss)
    _check_params(params)
    X = _check_X(params, X)
    current = copy_params(params)
    out, _ = forward(current, X)
    y = _match_target(out, y)

    losses = []
    snapshots, snapshot_steps = [copy_params(current)], [0]
    velocity = None
    diverged = False
    # A diverging run overflows on purpose; it is reported through `diverged`, not as warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            value, grads = loss_and_grads(current, X, y, loss)
            losses.append(value)
            finite = math.isfinite(value) and all(
                np.isfinite(dW).all() and np.isfinite(db).all() for dW, db in grads
            )
            if not finite:
                diverged = True
                break
            if step > 0 and (step % record_every == 0 or step == steps):
                snapshots.append(copy_params(current))
                snapshot_steps.append(step)
            if step == steps:
                break
            current, velocity = sgd_step(current, grads, lr, velocity, momentum)
    done = len(losses) - 1
    if diverged:
        if snapshot_steps[-1] != done:
            snapshots.append(copy_params(current))
            snapshot_steps.append(done)
        message = (
            f"diverged after {done} steps: the loss stopped being finite "
            f"(lr={lr:g} is too large for this problem)"
        )
    else:
        message = f"{steps} steps: loss {losses[0]:.4g} -> {losses[-1]:.4g}"
    return TrainResult(
        params=current,
        losses=np.asarray(losses),
        snapshots=snapshots,
        snapshot_steps=np.asarray(snapshot_steps),
        diverged=diverged,
        message=message,
        lr=lr,
        momentum=momentum,
        loss=loss,
    )
