"""Mini-batch gradient descent over the rows of a data set, with gradient accumulation."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..results import Result, plural, show_point
from .descent import DEFAULT_BOUND

__all__ = ["MinibatchResult", "minibatch_sgd", "rising_loss_note"]


@dataclass(frozen=True)
class MinibatchResult(Result):
    """What a run of mini-batch gradient descent did (names as in :mod:`helpers.results`).

    weights (also ``path``): every iterate, ``weights[0] == w0``; one row per update after that.
    final (alias ``w``): the last iterate, ``weights[-1]``.
    steps: how many updates were made, ``len(weights) - 1``.
    converged: always False. A mini-batch run makes a fixed number of epochs and has no
        stopping test, so it never stops because it converged.
    diverged: the weights stopped being finite or grew past the bound; ``weights`` ends at the
        last iterate before that.
    epoch_of_update: for each row of ``weights``, the epoch (from 1) whose update produced it;
        0 for the start.
    losses: ``loss_fn(w, X, y)`` on the full data for each row of ``weights`` (None without
        ``loss_fn``).
    updates_per_epoch: ``ceil(ceil(n / batch_size) / accumulate)``.
    message: what happened, in sentences.
    """

    weights: np.ndarray
    epoch_of_update: np.ndarray
    losses: np.ndarray | None
    updates_per_epoch: int
    diverged: bool
    message: str

    @property
    def path(self) -> np.ndarray:
        """Every iterate: the same array as :attr:`weights`."""
        return self.weights

    @property
    def final(self) -> np.ndarray:
        """The last iterate."""
        return self.weights[-1]

    @property
    def w(self) -> np.ndarray:
        """The last iterate (the older name of :attr:`final`)."""
        return self.weights[-1]

    @property
    def steps(self) -> int:
        """How many updates were made."""
        return len(self.weights) - 1

    @property
    def converged(self) -> bool:
        """Always False: a fixed budget of epochs, no stopping test."""
        return False


def rising_loss_note(losses, lr: float) -> str:
    """A sentence saying the run is diverging when its last loss is more than twice its first;
    else "".

    A run can finish all its epochs with finite weights and still be diverging: a big batch at
    too large a learning rate makes few updates, each overshooting further, and its loss
    multiplies. Why not warn at any rise: small batches started near the minimum wander away
    from it by noise and end a little higher than they started (up to about 1.4 times in
    lecture 4's explorer), without diverging.
    """
    losses = checks.array("losses", losses, ndim=1, min_size=1)
    lr = checks.positive("lr", lr)
    if len(losses) < 2 or not losses[-1] / 2 > losses[0]:  # halved: 2 * 1e308 overflows
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
    grad_fn = checks.callable_("grad_fn", grad_fn)
    if loss_fn is not None:
        checks.callable_("loss_fn", loss_fn)
    lr = checks.positive("lr", lr)
    bound = checks.positive("bound", bound)
    n = _rows(X, y)
    batch_size = checks.integer("batch_size", batch_size, 1, n,
                                allowed=f"an integer from 1 to the number of rows ({n})")
    epochs = checks.integer("epochs", epochs, 1, checks.LIMITS["epochs"])
    batches = math.ceil(n / batch_size)
    # More than an epoch's batches is allowed: each epoch then makes one update from all rows.
    accumulate = checks.integer("accumulate", accumulate, 1)
    shuffle = checks.flag("shuffle", shuffle)
    seed = checks.seed(seed)
    w = checks.finite_array("w0", w0, min_size=1)
    rng = np.random.default_rng(seed)

    group_rows = batch_size * accumulate
    updates_per_epoch = math.ceil(batches / accumulate)
    total = epochs * updates_per_epoch
    checks.kept("epochs", epochs, updates_per_epoch * w.size, "epochs of weights")
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
                    Xb, yb = _finite_rows("X", X, rows), _finite_rows("y", y, rows)
                    g = checks.returned("grad_fn", _first_call(grad_fn, w, Xb, yb)
                                        if update == 0 else grad_fn(w, Xb, yb), w.shape, "w0")
                    if update == 0 and not np.isfinite(g).all():
                        raise ValueError(
                            "grad_fn must return finite numbers at w0, got one that returned "
                            f"{show_point(g)} on finite data"
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
        losses = np.array([_loss(loss_fn, wk, X, y) for wk in weights])
        if not np.isfinite(losses[0]):
            raise ValueError(f"loss_fn must return a finite number at w0, got one that returned "
                             f"{losses[0]}")
    if diverged:
        message = (
            f"Diverged during epoch {epoch} after {plural(update, 'update')}: the weights "
            f"stopped being finite or grew past {bound:g}. Try a smaller learning rate than "
            f"{lr:g}."
        )
    else:
        message = _finished(n, batch_size, accumulate, epochs, update, updates_per_epoch)
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


def _finite_rows(name: str, values, rows) -> np.ndarray:
    """The rows of one batch, checked for NaN and inf as they are read (data on disk is never
    read twice): bad data is named, never taken for a learning rate that is too large."""
    batch = values[rows]
    if not np.isfinite(batch).all():
        bad = np.flatnonzero(~np.isfinite(batch).reshape(len(batch), -1).all(axis=1))[0]
        row = np.arange(len(values))[rows][bad]
        raise ValueError(f"{name} must hold finite numbers (no NaN or inf), got "
                         f"{show_point(values[row])} in row {row}")
    return batch


def _first_call(grad_fn, w0, Xb, yb):
    """grad_fn at w0: a refusal of w0 by grad_fn (weights that do not fit the data) names w0,
    the argument the student passed, with grad_fn's own reason."""
    try:
        return grad_fn(w0, Xb, yb)
    except (TypeError, ValueError) as refused:
        raise type(refused)(f"w0 must be weights that grad_fn accepts with rows of X, got "
                            f"{show_point(w0)}; grad_fn said: {refused}") from refused


def _loss(loss_fn, w, X, y) -> float:
    value = loss_fn(w, X, y)
    return float(checks.returned("loss_fn", value, (), "a loss"))


def _rows(X, y) -> int:
    """The number of rows of X, checked against y; X and y stay as they are (a memmap too)."""
    checks.sequence("X", X, 1, arrays=True,
                    allowed="an array with at least one row (one row per sample)")
    checks.sequence("y", y, arrays=True, allowed="an array with one entry per row of X")
    n = len(X)
    if len(y) != n:
        raise ValueError(
            f"X and y must have the same number of rows, got X of shape {np.shape(X)} and y of "
            f"shape {np.shape(y)}"
        )
    return n


def _finished(n, batch_size, accumulate, epochs, updates, updates_per_epoch) -> str:
    batches = math.ceil(n / batch_size)
    up_to = "" if n % batch_size == 0 else "up to "
    per_update = f", {accumulate} batches per update" if accumulate > 1 else ""
    return (
        f"Finished {plural(epochs, 'epoch')}: {plural(updates, 'update')}, "
        f"{updates_per_epoch} per epoch ({plural(batches, 'batch', 'batches')} of "
        f"{up_to}{plural(batch_size, 'row')}{per_update})."
    )
