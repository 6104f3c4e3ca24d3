"""Mini-batch descent on a linear model's mean squared error, one small matrix per batch.

:func:`~helpers.solvers.minibatch_sgd` calls a gradient function on the rows of every batch.
For the mean squared error of a linear model the batch gradient is
``2 / m * (S w - s)`` with ``S`` the sum of ``x xᵀ`` and ``s`` the sum of ``x y`` over the batch's
``m`` rows, so the sums of a whole epoch's batches can be formed at once and each update is the
affine map ``w -> w - lr * 2 / m * (S w - s)``. Lecture 4's explorer makes hundreds of updates
per slider move and must answer in a few milliseconds; this gives the iterates of
``minibatch_sgd(data.linear_mse_grad, ...)`` with the same batches (equal to rounding: the tests
hold them together). The same sums give each batch's curvature, ``2 / m`` times the largest
eigenvalue of ``S``, and from it a batch size's stability limit (:func:`stability_limit`).
"""

from __future__ import annotations

import math

import numpy as np

from .. import checks
from ..results import plural, show_epochs
from .descent import DEFAULT_BOUND
from .minibatch import MinibatchResult, _rows

__all__ = ["linear_mse_sgd", "stability_limit", "update_sizes"]


def update_sizes(n: int, batch_size: int, updates: int) -> np.ndarray:
    """The number of rows behind each of ``updates`` updates: epochs of ``ceil(n / batch_size)``
    batches, all of ``batch_size`` rows but the last of each epoch, which holds what is left."""
    n = checks.integer("n", n, 1, checks.LIMITS["rows"])
    batch_size = checks.integer("batch_size", batch_size, 1, n,
                                allowed=f"an integer from 1 to n ({n})")
    updates = checks.integer("updates", updates, 1, checks.LIMITS["steps"])
    per_epoch = np.full(math.ceil(n / batch_size), batch_size)
    per_epoch[-1] = n - batch_size * (len(per_epoch) - 1)
    return np.resize(per_epoch, updates)


def linear_mse_sgd(w0, X, y, *, lr: float, batch_size: int, updates: int, seed=0,
                   bound: float = DEFAULT_BOUND) -> MinibatchResult:
    """``updates`` updates of mini-batch descent on ``mean((X @ w - y)²)``, from ``w0``.

    Batches as in :func:`~helpers.solvers.minibatch_sgd` with ``shuffle=True``: each epoch visits
    the rows in the order ``rng.permutation(n)`` (one draw per epoch from ``default_rng(seed)``),
    cut into ``ceil(n / batch_size)`` batches; the run stops after ``updates`` updates, which may
    end inside an epoch. ``losses`` holds the loss on all the data at every iterate.
    """
    lr = checks.positive("lr", lr)
    bound = checks.positive("bound", bound)
    n = _rows(X, y)
    X = checks.finite_array("X", X, ndim=2)
    y = checks.finite_array("y", y, ndim=1)
    batch_size = checks.integer("batch_size", batch_size, 1, n)
    updates = checks.integer("updates", updates, 1, checks.LIMITS["steps"])
    seed = checks.seed(seed)
    w = checks.finite_array("w0", w0, ndim=1, last_axis=X.shape[1])
    checks.kept("updates", updates, X.shape[1] ** 2, "batch matrices")

    per_epoch = math.ceil(n / batch_size)
    rows, S, s = _batch_sums(X, y, batch_size, updates, seed)
    scale = 2.0 / rows
    with np.errstate(all="ignore"):  # a huge lr overflows here; the run then ends at update 0
        A = np.eye(len(w)) - lr * scale[:, None, None] * S  # w -> A w + c, one pair per update
        c = lr * scale[:, None] * s

    weights = np.empty((updates + 1, len(w)))
    weights[0] = w
    with np.errstate(all="ignore"):
        for k in range(updates):
            weights[k + 1] = A[k] @ weights[k] + c[k]
        # The run ends before the first iterate that is not finite or past the bound (no
        # comparison holds for NaN); what the loop computed after it is dropped.
        escaped = ~(np.abs(weights).max(axis=1) <= bound)
    made = max(int(np.argmax(escaped)) - 1, 0) if escaped.any() else updates
    diverged = made < updates
    weights = weights[: made + 1]
    epoch_of_update = np.concatenate([[0], np.arange(made) // per_epoch + 1])
    with np.errstate(over="ignore"):
        losses = np.mean((weights @ X.T - y) ** 2, axis=1)
    if diverged:
        message = (
            f"Diverged during epoch {made // per_epoch + 1} after {plural(made, 'update')}: "
            f"the next update took a weight past {bound:g} (or to a value that is not finite), "
            f"so the run ends at the last update before it. Try a smaller learning rate than "
            f"{lr:.3g}."
        )
    else:
        message = (
            f"Made {plural(made, 'update')} ({show_epochs(made, per_epoch)}), "
            f"{per_epoch} per epoch."
        )
    return MinibatchResult(
        weights=weights,
        epoch_of_update=epoch_of_update,
        losses=losses,
        updates_per_epoch=per_epoch,
        diverged=diverged,
        message=message,
    )


def stability_limit(X, batch_size: int, *, epochs: int = 1, seed=0) -> float:
    """The largest learning rate at which every batch of ``epochs`` epochs (shuffled as
    :func:`linear_mse_sgd` shuffles them) shrinks the error on its own rows: ``2 / c``, with
    ``c`` the largest curvature of those batches (``2 / m`` times the largest eigenvalue of a
    batch's ``Xbᵀ Xb``, the Hessian of its mean squared error).

    At or above it the steepest batch overshoots its own minimum by at least as much as it
    started from, and the run may grow; below it no update can. For a full batch it is lecture
    2's ``2 / L``, where descent diverges from any start off the minimum at or above it; for
    one row ``x`` it is ``1 / ‖x‖²``.
    """
    X = checks.finite_array("X", X, ndim=2, min_size=1)
    n = len(X)
    batch_size = checks.integer("batch_size", batch_size, 1, n)
    epochs = checks.integer("epochs", epochs, 1, checks.LIMITS["epochs"])
    updates = epochs * math.ceil(n / batch_size)
    checks.kept("epochs", epochs, math.ceil(n / batch_size) * X.shape[1] ** 2,
                "epochs of batch matrices")
    rows, S, _ = _batch_sums(X, np.zeros(n), batch_size, updates, checks.seed(seed))
    curvature = (2.0 / rows * np.linalg.eigvalsh(S)[:, -1]).max()
    return float(2.0 / curvature)


def _batch_sums(X, y, batch_size: int, updates: int, seed):
    """For each of ``updates`` batches: its number of rows, the sum of ``x xᵀ`` and the sum of
    ``x y`` over its rows, in the order :func:`~helpers.solvers.minibatch_sgd` visits them."""
    n = len(X)
    rows = update_sizes(n, batch_size, updates)
    outer = X[:, :, None] * X[:, None, :]  # x xᵀ for every row
    cross = X * y[:, None]  # x y for every row
    if batch_size == n:  # every update sees all the rows: the same sums each time
        S = np.broadcast_to(outer.sum(axis=0), (updates,) + outer.shape[1:])
        s = np.broadcast_to(cross.sum(axis=0), (updates, X.shape[1]))
        return rows, S, s
    # One permutation per epoch, drawn as minibatch_sgd draws them (rng.permutation(n)).
    epochs = math.ceil(updates / math.ceil(n / batch_size))
    order = np.random.default_rng(seed).permuted(np.tile(np.arange(n), (epochs, 1)), axis=1)
    # The first row of every batch in the visiting order, epoch after epoch; the rows after the
    # last update's batch are cut off (reduceat sums the last batch to the end).
    starts = (np.arange(epochs)[:, None] * n + np.arange(0, n, batch_size)).ravel()[:updates]
    order = order.ravel()[: starts[-1] + rows[-1]]
    S = np.add.reduceat(outer[order], starts, axis=0)
    s = np.add.reduceat(cross[order], starts, axis=0)
    return rows, S, s
