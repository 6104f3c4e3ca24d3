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
    "MAX_PARAMETERS",
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

# The most numbers (weights and biases) init_params makes: 400 MB of float64, about 3 layers of
# the widest width checks.LIMITS allows. Each width and the number of layers have their own
# limits in checks.LIMITS; this one keeps the product of the two from filling the memory.
MAX_PARAMETERS = 50_000_000


# --------------------------------------------------------------------------------------------
# structural checks
# --------------------------------------------------------------------------------------------


def check_loss(loss) -> str:
    """The name of a loss: "bce" (binary cross-entropy on logits) or "mse"."""
    return checks.one_of("loss", loss, LOSSES)


def _loss_or_none(loss) -> str | None:
    """``loss`` of the target checks: None (no rule of a loss) or one of :data:`LOSSES`."""
    return None if loss is None else check_loss(loss)


def _first_bad(a: np.ndarray, bad: np.ndarray) -> str:
    """The first entry of ``a`` where ``bad`` is True, as "nan at [0, 2]"."""
    index = np.unravel_index(int(np.argmax(bad)), a.shape)
    return f"{float(a[index])!r} at [{', '.join(str(int(i)) for i in index)}]"


def _numbers(name: str, value) -> np.ndarray:
    """``value`` as a float64 array (not copied when it already is one); real numbers only."""
    if type(value) is np.ndarray and value.dtype == np.float64:
        return value  # the common case, kept quick: loss_and_grads checks every layer
    allowed = f"{name} must be an array of real numbers, got {checks.shown(value)}"
    if value is None or isinstance(value, (str, bytes, bool)):
        raise TypeError(allowed)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # a ragged list
        raise TypeError(allowed) from None
    if array.dtype.kind not in "iuf":  # bools, text, objects, complex numbers
        raise TypeError(allowed)
    return array.astype(np.float64, copy=False)


def _finite(pairs) -> bool:
    """Whether every number of the (W, b) pairs (float64 arrays) is finite.

    A small network is looked at in one piece: one numpy call instead of one per array, since
    this runs on every call of loss_and_grads and sgd_step, and on every step of train.
    """
    arrays = [a for pair in pairs for a in pair]
    if sum(a.size for a in arrays) <= 100_000:
        return bool(np.isfinite(np.concatenate([a.ravel() for a in arrays])).all())
    return all(np.isfinite(a).all() for a in arrays)


def _all_finite(name: str, pairs: list) -> None:
    """Every number of the (W, b) pairs is finite; else a ValueError names the first that is not."""
    if _finite(pairs):
        return
    for i, pair in enumerate(pairs):
        for kind, a in zip("Wb", pair, strict=True):
            bad = ~np.isfinite(a)
            if bad.any():
                raise ValueError(f"{name}[{i}] {kind} must hold finite numbers only (no NaN or "
                                 f"inf), got {_first_bad(a, bad)}")


def _pairs(params, name: str) -> None:
    """A non-empty list of (A, a) pairs (W and b, or their gradients)."""
    if type(params) is not list or not params:  # a non-empty list needs no closer look
        checks.sequence(name, params, 1, allowed="a non-empty list of (W, b) pairs")
    for i, layer in enumerate(params):
        if not (isinstance(layer, (tuple, list)) and len(layer) == 2):
            raise TypeError(
                f"{name}[{i}] must be a (W, b) pair, got {checks.shown(layer)}"
            )


def check_params(params, name: str = "params", *, finite: bool = True) -> list:
    """Check that ``params`` is a non-empty list of (W, b) pairs whose shapes chain together.

    Every number must be finite unless ``finite=False`` (for tools that compare or reshape
    parameters, where a NaN is a finding to report, not a bad argument). Returns the pairs as
    float64 arrays (the same arrays when they already are). ``name`` names ``params`` in
    messages.
    """
    name = checks.text("name", name)
    finite = checks.flag("finite", finite)
    _pairs(params, name)
    arrays, previous_out = [], None
    for i, (W, b) in enumerate(params):
        W = _numbers(f"{name}[{i}] W", W)
        b = _numbers(f"{name}[{i}] b", b)
        if W.ndim != 2 or b.ndim != 1 or W.shape[1] != b.shape[0] or min(W.shape) < 1:
            raise ValueError(
                f"{name}[{i}] must be W of shape (fan_in, fan_out) and b of shape (fan_out,), "
                f"both sizes at least 1, got W {W.shape} and b {b.shape}"
            )
        if previous_out is not None and W.shape[0] != previous_out:
            raise ValueError(
                f"{name}[{i}] W must have fan_in {previous_out}, the fan_out of {name}[{i - 1}] "
                f"(shapes chain), got W of shape {W.shape}"
            )
        previous_out = W.shape[1]
        arrays.append((W, b))
    if finite:
        _all_finite(name, arrays)
    return arrays


def check_like(name: str, other, params, *, finite: bool = True,
               params_name: str = "params") -> list:
    """Check that ``other`` (gradients, a velocity, other weights) has the shapes of ``params``
    (named ``params_name`` in messages), every number finite unless ``finite=False``. Returns
    ``other`` as float64 arrays. ``params`` is checked for its structure (NaN allowed: only its
    shapes matter)."""
    name = checks.text("name", name)
    finite = checks.flag("finite", finite)
    params = check_params(params, checks.text("params_name", params_name), finite=False)
    return _like(name, other, params, finite=finite, params_name=params_name)


def _like(name: str, other, params: list, *, finite: bool = True,
          params_name: str = "params") -> list:
    """:func:`check_like` for ``params`` that passed :func:`check_params`."""
    _pairs(other, name)
    if len(other) != len(params):
        raise ValueError(
            f"{name} must have one (W, b) pair per layer of {params_name} ({len(params)}), "
            f"got {len(other)}"
        )
    arrays = []
    for i, (mine, theirs) in enumerate(zip(other, params, strict=True)):
        pair = []
        for kind, a, b in zip("Wb", mine, theirs, strict=True):
            a = _numbers(f"{name}[{i}] {kind}", a)
            if a.shape != b.shape:
                raise ValueError(
                    f"{name}[{i}] {kind} must have the shape of {params_name}[{i}] {kind}, "
                    f"{b.shape}, got {a.shape}"
                )
            pair.append(a)
        arrays.append(tuple(pair))
    if finite:
        _all_finite(name, arrays)
    return arrays


def check_inputs(params, X) -> np.ndarray:
    """X as a float64 array of shape (n_samples, fan_in of the first layer), not empty, finite.

    ``params`` is checked for its structure (NaN allowed: only its first layer's shape matters).
    """
    return _inputs(check_params(params, finite=False), X)


def _inputs(params: list, X) -> np.ndarray:
    """:func:`check_inputs` for ``params`` that passed :func:`check_params`."""
    X = checks.finite_array("X", X, ndim=2, min_size=1,
                            layout="be a 2-D array (n_samples, n_features), not empty")
    W_shape = np.shape(params[0][0])
    if X.shape[1] != W_shape[0]:
        raise ValueError(
            f"X must have shape (n_samples, {W_shape[0]}) to fit the first layer (params[0] W "
            f"has shape {W_shape}), got shape {X.shape}"
        )
    return X


def _check_bce_targets(y: np.ndarray) -> None:
    outside = (y < 0) | (y > 1)
    if outside.any():
        raise ValueError(
            "y must hold targets in [0, 1] for the 'bce' loss (labels 0 and 1, or "
            f"probabilities), got {_first_bad(y, outside)}"
        )


def check_target(out, y, loss: str | None = None, *, of: str = "the output") -> np.ndarray:
    """y as a float64 array of exactly the output's shape, finite; for ``loss="bce"`` every
    target in [0, 1] (labels 0 and 1, or probabilities, as PyTorch's loss takes them).

    ``of`` names ``out`` in the message ("the output" of a network, or a loss's argument). Only
    the shape of ``out`` matters (NaN allowed); ``loss`` is None or one of :data:`LOSSES`.
    """
    shape = checks.array("out", out, copy=False).shape
    return _fits(shape, checks.finite_array("y", y), _loss_or_none(loss), checks.text("of", of))


def _fits(shape: tuple, y: np.ndarray, loss: str | None, of: str) -> np.ndarray:
    """The checks of :func:`check_target` on y, already a finite float64 array."""
    if y.shape != shape:
        raise ValueError(f"y must have the same shape as {of} {shape}, got shape {y.shape}")
    if loss == "bce":
        _check_bce_targets(y)
    return y


def match_target(out, y, loss: str | None = None) -> np.ndarray:
    """y shaped like the output ``out``; labels of shape (n,) stand for (n, 1) when the network
    has one output. Checked as :func:`check_target` does."""
    return _matched(checks.array("out", out, copy=False).shape, y, _loss_or_none(loss))


def _matched(shape: tuple, y, loss: str | None) -> np.ndarray:
    """:func:`match_target` for an output of this shape."""
    y = checks.finite_array("y", y)
    if len(shape) == 2 and shape[1] == 1 and y.shape == (shape[0],):
        y = y.reshape(-1, 1)
    return _fits(shape, y, loss, "the output")


def check_data(params, X, y, loss: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Check params, X (fits the first layer) and y (fits the output, and suits ``loss`` if
    given); returns X and y as float64 arrays, y shaped like the network's output."""
    _, X, y = _checked_data(params, X, y, _loss_or_none(loss))
    return X, y


def _checked_data(params, X, y, loss: str | None = None):
    """:func:`check_data` that also returns the checked params: ``(params, X, y)``; ``loss`` is
    None or already checked."""
    params = check_params(params)
    X = _inputs(params, X)
    return params, X, _matched((X.shape[0], params[-1][0].shape[1]), y, loss)


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

    Limits: each width at most ``checks.LIMITS["width"]``, at most ``checks.LIMITS["layers"]``
    layers, and at most :data:`MAX_PARAMETERS` numbers in all.
    """
    layers = checks.LIMITS["layers"]
    allowed = f"a list of 2 to {layers + 1} layer widths (inputs ... outputs)"
    checks.sequence("sizes", sizes, 2, arrays=True, allowed=allowed)
    if len(sizes) > layers + 1:
        raise ValueError(f"sizes must be {allowed}, got {checks.shown(sizes)}")
    sizes = [checks.integer(f"sizes[{i}]", s, 1, checks.LIMITS["width"])
             for i, s in enumerate(sizes)]
    total = sum(fan_in * fan_out + fan_out for fan_in, fan_out in itertools.pairwise(sizes))
    if total > MAX_PARAMETERS:
        raise ValueError(
            f"sizes must make a network of at most {MAX_PARAMETERS:,} weights and biases, "
            f"got {checks.shown(sizes)}, which makes {total:,}"
        )
    bias = checks.number("bias", bias)
    rng = np.random.default_rng(checks.seed(seed))
    params = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        W = rng.normal(0.0, math.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
        b = np.full(fan_out, bias)
        params.append((W, b))
    return params


def _copies(params) -> list[tuple[np.ndarray, np.ndarray]]:
    """Float64 copies of already checked pairs (no checks: for loops that checked once)."""
    return [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params]


def copy_params(params):
    """A deep copy, so that a snapshot does not change when training goes on.

    NaN and inf are copied as they are.
    """
    return _copies(check_params(params, finite=False))


def flatten_params(params) -> np.ndarray:
    """All numbers of ``params`` in one 1-D vector: W1, b1, W2, b2, ... each in row-major order.

    Handy for gradient checks: a network is a function of this one vector. NaN and inf are
    kept as they are.
    """
    return _flat(check_params(params, finite=False))


def _flat(params) -> np.ndarray:
    """:func:`flatten_params` of already checked pairs (no checks)."""
    return np.concatenate([np.ravel(a) for layer in params for a in layer]).astype(np.float64)


def unflatten_params(vector, like) -> list[tuple[np.ndarray, np.ndarray]]:
    """The inverse of :func:`flatten_params`, with the shapes taken from ``like``."""
    like = check_params(like, "like", finite=False)
    total = sum(a.size for layer in like for a in layer)
    vector = checks.array("vector", vector, ndim=1, last_axis=total,
                          layout=f"be 1-D with {total} entries to fill params shaped like `like`")
    return _unflat(vector, like)


def _unflat(vector: np.ndarray, like) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`unflatten_params` of a checked vector and checked pairs (no checks)."""
    params, start = [], 0
    for W, b in like:
        pair = []
        for a in (W, b):
            pair.append(vector[start : start + a.size].reshape(a.shape).copy())
            start += a.size
        params.append(tuple(pair))
    return params


def max_difference(params_a, params_b) -> float:
    """The largest absolute difference between two parameter lists of the same shapes.

    E.g. our weights against torch's after training side by side: 0 means equal, about 1e-15
    equal up to rounding. ``inf`` when either holds a NaN or an infinity anywhere: such weights
    are never equal to anything, and ``inf`` (unlike NaN) fails every ``gap < tol`` and wins
    every ``max``.
    """
    params_a = check_params(params_a, "params_a", finite=False)
    params_b = _like("params_b", params_b, params_a, finite=False, params_name="params_a")
    gap = 0.0
    for pair_a, pair_b in zip(params_a, params_b, strict=True):
        for a, b in zip(pair_a, pair_b, strict=True):
            if not (np.isfinite(a).all() and np.isfinite(b).all()):
                return math.inf
            with np.errstate(over="ignore"):  # two huge numbers of opposite sign: inf, rightly
                gap = max(gap, float(np.max(np.abs(a - b))))
    return gap
