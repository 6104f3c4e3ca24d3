"""Gradient descent, for one start, for many starts at once, and over mini-batches of data.

Each solver returns one result object with every iterate and a message a student can read, in
the spirit of ``scipy.optimize``. Divergence is a result (``diverged=True``), never an exception
or a warning; bad arguments are a ``ValueError`` naming the argument, its value and what is
allowed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

DEFAULT_BOUND = 1e6


# ---------------------------------------------------------------- argument checks


def _number(name: str, value, allowed: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def check_positive(name: str, value) -> float:
    allowed = "a positive finite number"
    number = _number(name, value, allowed)
    if number <= 0:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def check_nonnegative(name: str, value) -> float:
    allowed = "a finite number >= 0"
    number = _number(name, value, allowed)
    if number < 0:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def check_momentum(value) -> float:
    allowed = "a number in [0, 1)"
    number = _number("momentum", value, allowed)
    if not 0 <= number < 1:
        raise ValueError(f"momentum must be {allowed}, got {value!r}")
    return number


def check_int(name: str, value, low: int, high: int | None = None) -> int:
    allowed = f"an integer from {low} to {high}" if high is not None else f"an integer >= {low}"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if not (isinstance(value, float) and value.is_integer()):
            raise ValueError(f"{name} must be {allowed}, got {value!r}")
    number = int(value)
    if number < low or (high is not None and number > high):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def _finite_array(name: str, value) -> np.ndarray:
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a finite number or array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return array


# ---------------------------------------------------------------- one start


@dataclass(frozen=True)
class DescentResult:
    """What one run of gradient descent did.

    path: every iterate, ``path[0]`` is the start; shape ``(steps + 1,) + shape(x0)``.
    converged: the gradient's norm fell to ``tol`` or below (the slides' "derivative = 0: stop").
    diverged: an iterate or gradient stopped being finite or grew past the bound; the path ends
        at the last finite iterate.
    grad_norm: the gradient's norm at the last iterate (inf when it was not finite).
    message: what happened, in a sentence.
    """

    path: np.ndarray
    converged: bool
    diverged: bool
    grad_norm: float
    message: str

    @property
    def x(self):
        """The last iterate."""
        return self.path[-1]

    @property
    def steps(self) -> int:
        """How many updates were made."""
        return len(self.path) - 1


def gradient_descent(
    grad: Callable,
    x0,
    lr: float,
    *,
    steps: int = 100,
    tol: float = 1e-6,
    momentum: float = 0.0,
    noise: float = 0.0,
    seed=None,
    bound: float = DEFAULT_BOUND,
    lr_decay: float = 0.0,
) -> DescentResult:
    """Minimize by stepping against the gradient: ``x <- x - lr * v`` with ``v = momentum * v + g``.

    ``v`` starts at 0, so with ``momentum=0`` this is plain descent ``x <- x - lr * grad(x)``, and
    with momentum it matches ``torch.optim.SGD(momentum=...)`` step for step. ``noise`` adds
    ``noise * standard normal`` to each gradient, drawn from ``numpy.random.default_rng(seed)``.
    ``lr_decay = p > 0`` shrinks the learning rate of step k (from 0) to ``lr / (k + 1) ** p``, the
    schedule that lets descent settle into a kink such as the one of ``|x|``.

    The run stops when the gradient's norm is at most ``tol`` (converged), after ``steps``
    updates, or when an iterate or gradient is not finite or an iterate leaves
    ``[-bound, bound]`` (diverged).
    """
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, 1)
    tol = check_nonnegative("tol", tol)
    momentum = check_momentum(momentum)
    noise = check_nonnegative("noise", noise)
    bound = check_positive("bound", bound)
    lr_decay = check_nonnegative("lr_decay", lr_decay)
    x = _finite_array("x0", x0)
    shape = x.shape
    rng = np.random.default_rng(seed) if noise > 0 else None

    path = np.empty((steps + 1,) + shape)
    path[0] = x
    velocity = np.zeros(shape)
    length = steps + 1
    outcome = "max_steps"
    grad_norm = math.inf
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            g = np.asarray(grad(x), dtype=float)
            if g.shape != shape:
                raise ValueError(
                    f"grad returned shape {g.shape}, but x0 has shape {shape}; "
                    "grad must return an array shaped like its input"
                )
            grad_norm = math.sqrt(float(np.sum(g * g)))
            if not math.isfinite(grad_norm):
                outcome, length = "bad_gradient", k + 1
                break
            if grad_norm <= tol:
                outcome, length = "converged", k + 1
                break
            if k == steps:
                break
            if rng is not None:
                g = g + noise * rng.standard_normal(shape)
            velocity = momentum * velocity + g
            x = x - (lr / (k + 1) ** lr_decay if lr_decay else lr) * velocity
            if not np.all(np.isfinite(x)):
                outcome, length = "not_finite", k + 1
                break
            path[k + 1] = x
            if np.max(np.abs(x)) > bound:
                outcome, length = "out_of_bounds", k + 2
                break

    path = path[:length]
    message = _descent_message(outcome, path, grad_norm, tol, lr, bound)
    return DescentResult(
        path=path,
        converged=outcome == "converged",
        diverged=outcome in ("bad_gradient", "not_finite", "out_of_bounds"),
        grad_norm=grad_norm if math.isfinite(grad_norm) else math.inf,
        message=message,
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _kept_direction(path: np.ndarray) -> bool:
    """True when every step went the same way as the one before (no overshooting back)."""
    steps = np.diff(path.reshape(len(path), -1), axis=0)
    if len(steps) < 2:
        return False
    return bool(np.all(np.sum(steps[1:] * steps[:-1], axis=1) > 0))


def _descent_message(outcome: str, path: np.ndarray, grad_norm: float, tol: float, lr: float,
                     bound: float) -> str:
    steps = _plural(len(path) - 1, "step")
    if outcome == "converged":
        return (
            f"Converged after {steps}: the gradient's size {grad_norm:.2e} "
            f"is at most tol = {tol:g}, so we stop."
        )
    if outcome == "max_steps":
        return (
            f"Stopped after {steps} without converging: the gradient's size {grad_norm:.2e} is "
            f"still above tol = {tol:g}. If the path is still closing in, more steps help; "
            "if it keeps bouncing, a smaller learning rate does."
        )
    where = f"|x| grew past {bound:g}" if outcome == "out_of_bounds" else "the numbers overflowed"
    if _kept_direction(path):
        why = ("Every step went further the same way: the function may keep falling forever "
               "in that direction (no minimum there).")
    else:
        why = f"The steps overshot further and further: the learning rate {lr:g} is too large here."
    return f"Diverged after {steps}: {where}. {why}"


# ---------------------------------------------------------------- many starts at once


@dataclass(frozen=True)
class ManyResult:
    """Plain or momentum descent from many starts at once.

    final: the last iterate of every start, shape like ``starts`` (NaN where it diverged).
    steps: updates each start made before it converged, diverged or ran out of steps.
    converged, diverged: boolean masks, shape ``starts.shape[:-1]``.
    path: every iterate, shape ``(steps + 1,) + starts.shape``, when ``record_path=True``.
    """

    final: np.ndarray
    steps: np.ndarray
    converged: np.ndarray
    diverged: np.ndarray
    path: np.ndarray | None = None


def descend_many(
    grad: Callable,
    starts,
    lr: float,
    *,
    steps: int = 100,
    tol: float = 1e-6,
    momentum: float = 0.0,
    bound: float = DEFAULT_BOUND,
    record_path: bool = False,
) -> ManyResult:
    """Run :func:`gradient_descent` (no noise) from every start at once, vectorized.

    ``starts`` has the points on its last axis, e.g. a grid of shape ``(200, 200, 2)``; ``grad``
    must accept that whole array. Each start stops exactly where a separate run would: a
    converged start is frozen, a diverged one becomes NaN.
    """
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, 1)
    tol = check_nonnegative("tol", tol)
    momentum = check_momentum(momentum)
    bound = check_positive("bound", bound)
    x = _finite_array("starts", starts)
    if x.ndim < 1:
        raise ValueError(f"starts must hold points on its last axis, got shape {x.shape}")
    point_shape = x.shape[:-1]
    velocity = np.zeros_like(x)
    active = np.ones(point_shape, dtype=bool)
    converged = np.zeros(point_shape, dtype=bool)
    diverged = np.zeros(point_shape, dtype=bool)
    taken = np.zeros(point_shape, dtype=int)
    path = np.empty((steps + 1,) + x.shape) if record_path else None
    if record_path:
        path[0] = x
    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            g = grad(x)
            norm = np.sqrt(np.sum(g * g, axis=-1))
            bad = active & ~np.isfinite(norm)
            done = active & (norm <= tol)
            converged |= done
            diverged |= bad
            active &= ~(done | bad)
            if k == steps or not active.any():
                if record_path:
                    path[k + 1 :] = x
                break
            velocity = np.where(active[..., None], momentum * velocity + g, 0.0)
            x = x - lr * velocity
            taken += active
            escaped = active & ~(np.all(np.abs(x) <= bound, axis=-1))
            diverged |= escaped
            active &= ~escaped
            if record_path:
                path[k + 1] = x
    final = np.where(diverged[..., None], np.nan, x)
    return ManyResult(final=final, steps=taken, converged=converged, diverged=diverged, path=path)


# ---------------------------------------------------------------- mini-batches of data


@dataclass(frozen=True)
class MinibatchResult:
    """What a run of mini-batch gradient descent did.

    weights: every iterate, ``weights[0] == w0``; one row per update after that.
    epoch_of_update: for each row of ``weights``, the epoch (from 1) whose update produced it;
        0 for the start.
    losses: ``loss_fn(w, X, y)`` on the full data for each row of ``weights`` (None without
        ``loss_fn``).
    updates_per_epoch: ``ceil(ceil(n / batch_size) / accumulate)``.
    """

    weights: np.ndarray
    epoch_of_update: np.ndarray
    losses: np.ndarray | None
    updates_per_epoch: int
    diverged: bool
    message: str

    @property
    def w(self) -> np.ndarray:
        """The last iterate."""
        return self.weights[-1]


def rising_loss_note(losses, lr: float) -> str:
    """A sentence saying the run is diverging when its last loss is more than twice its first;
    else "".

    A run can finish all its epochs with finite weights and still be diverging: a big batch at
    too large a learning rate makes few updates, each overshooting further, and its loss
    multiplies. Why not warn at any rise: small batches started near the minimum wander away
    from it by noise and end a little higher than they started (up to about 1.4 times in
    lecture 4's explorer), without diverging.
    """
    losses = np.asarray(losses, dtype=float)
    if len(losses) < 2 or not losses[-1] > 2 * losses[0]:
        return ""
    return (f"Loss growing, diverging: the loss on all the data grew from {losses[0]:.3g} to "
            f"{losses[-1]:.3g}, more than double, so the learning rate {lr:g} is too large.")


def minibatch_sgd(
    grad_fn: Callable,
    w0,
    X,
    y,
    *,
    lr: float,
    batch_size: int,
    epochs: int,
    accumulate: int = 1,
    shuffle: bool = True,
    seed=0,
    loss_fn: Callable | None = None,
    bound: float = DEFAULT_BOUND,
) -> MinibatchResult:
    """Mini-batch gradient descent with optional gradient accumulation.

    ``grad_fn(w, Xb, yb)`` returns the mean gradient over a batch. Each epoch visits the rows in
    the order ``rng.permutation(n)`` (one draw per epoch from ``default_rng(seed)``; the
    identity order when ``shuffle=False``) in ``ceil(n / batch_size)`` batches, the last one
    smaller when ``batch_size`` does not divide n. With ``accumulate=K``, the gradients of K
    consecutive batches are averaged, weighted by batch size, into one update; a trailing group
    at the epoch's end updates with what it has. ``batch_size=1`` is stochastic gradient
    descent, ``batch_size=n`` full-batch gradient descent. With ``loss_fn``, the message also
    says when the loss more than doubled (:func:`rising_loss_note`).
    """
    lr = check_positive("lr", lr)
    bound = check_positive("bound", bound)
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X and y must have the same number of rows, got {n} and {len(y)}")
    if n == 0:
        raise ValueError("X must have at least one row, got 0")
    batch_size = check_int("batch_size", batch_size, 1, n)
    epochs = check_int("epochs", epochs, 1)
    accumulate = check_int("accumulate", accumulate, 1)
    w = _finite_array("w0", w0)
    rng = np.random.default_rng(seed)

    group_rows = batch_size * accumulate
    updates_per_epoch = math.ceil(math.ceil(n / batch_size) / accumulate)
    total = epochs * updates_per_epoch
    weights = np.empty((total + 1,) + w.shape)
    weights[0] = w
    epoch_of_update = np.zeros(total + 1, dtype=int)
    update = 0
    diverged = False
    with np.errstate(all="ignore"):
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n) if shuffle else None
            for group_start in range(0, n, group_rows):
                group_end = min(group_start + group_rows, n)
                gradient = None
                for start in range(group_start, group_end, batch_size):
                    stop = min(start + batch_size, group_end)
                    rows = order[start:stop] if shuffle else slice(start, stop)
                    g = np.asarray(grad_fn(w, X[rows], y[rows]), dtype=float)
                    if g.shape != w.shape:
                        raise ValueError(
                            f"grad_fn returned shape {g.shape}, but w0 has shape {w.shape}; "
                            "grad_fn must return an array shaped like w"
                        )
                    if accumulate > 1:
                        g = g * (stop - start)
                    gradient = g if gradient is None else gradient + g
                if accumulate > 1:
                    gradient = gradient / (group_end - group_start)
                w = w - lr * gradient
                # One reduction catches NaN (no comparison holds), inf and escape past the bound.
                if not np.abs(w).max(initial=0.0) <= bound:
                    diverged = True
                    break
                update += 1
                weights[update] = w
                epoch_of_update[update] = epoch
            if diverged:
                break

    weights = weights[: update + 1]
    epoch_of_update = epoch_of_update[: update + 1]
    losses = None
    if loss_fn is not None:
        losses = np.array([float(loss_fn(wk, X, y)) for wk in weights])
    if diverged:
        message = (
            f"Diverged during epoch {epoch} after {_plural(update, 'update')}: the weights stopped being "
            f"finite or grew past {bound:g}. Try a smaller learning rate than {lr:g}."
        )
    else:
        batches = math.ceil(n / batch_size)
        message = (
            f"Finished {_plural(epochs, 'epoch')}: {_plural(update, 'update')}, {updates_per_epoch} per epoch "
            f"({batches} {'batch' if batches == 1 else 'batches'} of {'' if n % batch_size == 0 else 'up to '}"
            f"{_plural(batch_size, 'row')}"
            + (f", {accumulate} batches per update" if accumulate > 1 else "")
            + ")."
        )
        if losses is not None:
            message = " ".join(filter(None, [rising_loss_note(losses, lr), message]))
    return MinibatchResult(
        weights=weights,
        epoch_of_update=epoch_of_update,
        losses=losses,
        updates_per_epoch=updates_per_epoch,
        diverged=diverged,
        message=message,
    )
