"""Loss and gradients in one call, the heavy-ball step, predictions, gradient checks, training.

Each public function checks its arguments once at entry; :func:`train` then runs its loop on
the unchecked twins (``_loss_and_grads``, ``_step``), so a slider that retrains a network pays
for the checks once per run, not once per step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..calculus import numerical_gradient
from ..functions import sigmoid
from ..results import Result, plural
from .layers import _backward, _bce, _forward, _mse, forward
from .params import (
    _checked_data,
    _copies,
    _finite,
    _flat,
    _like,
    _unflat,
    check_loss,
    check_params,
)

__all__ = [
    "MAX_NUMERICAL_PARAMETERS",
    "TrainResult",
    "accuracy",
    "loss_and_grads",
    "numerical_grads",
    "predict",
    "predict_proba",
    "sgd_step",
    "train",
]

# numerical_grads makes two forward passes per weight, so its cost grows with the square of
# the network's size: 10,000 numbers is about 20,000 forward passes, seconds on lecture data.
MAX_NUMERICAL_PARAMETERS = 10_000


def _loss_fn(loss):
    return {"bce": _bce, "mse": _mse}[check_loss(loss)]


def _loss_and_grads(params, X, y, loss_function):
    """:func:`loss_and_grads` on checked arrays."""
    out, cache = _forward(params, X)
    value, grad_out = loss_function(out, y)
    return value, _backward(cache, grad_out)


def loss_and_grads(params, X, y, loss="bce"):
    """Forward, loss and backward in one call: returns (loss value, grads).

    ``loss`` is "bce" (binary cross-entropy on logits, targets in [0, 1]) or "mse". Labels of
    shape (n,) are accepted for a network with one output.
    """
    loss_function = _loss_fn(loss)
    params, X, y = _checked_data(params, X, y, loss)
    return _loss_and_grads(params, X, y, loss_function)


def numerical_grads(params, X, y, loss="bce", h=1e-5):
    """The gradient of the loss with respect to every parameter by central differences.

    The network is a function of one flat vector (:func:`~helpers.mlp.flatten_params`); its
    loss is differentiated by :func:`helpers.calculus.numerical_gradient` with step ``h``, and
    the answer is returned in the structure of ``params`` (a list of ``(dW, db)`` pairs), so it
    can be held against :func:`loss_and_grads` layer by layer. Two forward passes per number:
    slow, but independent of backprop, and meant for small networks (at most
    :data:`MAX_NUMERICAL_PARAMETERS` numbers). Finite differences across a ReLU kink are wrong
    by design, so use data in general position.
    """
    loss_function = _loss_fn(loss)
    params, X, y = _checked_data(params, X, y, loss)
    size = sum(W.size + b.size for W, b in params)
    if size > MAX_NUMERICAL_PARAMETERS:
        raise ValueError(
            f"params must have at most {MAX_NUMERICAL_PARAMETERS:,} weights and biases for "
            f"finite differences (two forward passes each), got a network of {size:,}"
        )
    like = _copies(params)

    def value(theta):
        out, _ = _forward(_unflat(theta, like), X)
        return loss_function(out, y)[0]

    # The loss may overflow (huge targets, a huge h); that is told below, not warned about.
    with np.errstate(over="ignore", invalid="ignore"):
        if not math.isfinite(value(_flat(like))):
            raise ValueError(
                "params, X and y must give a finite loss, got a network whose output or loss "
                "goes beyond float64's range"
            )
        grads = _unflat(numerical_gradient(value, _flat(like), h=h), like)
    if not _finite(grads):
        raise ValueError(
            f"h must be small enough that the loss stays finite at every params +- h, got {h!r}"
        )
    return grads


def sgd_step(params, grads, lr, velocity=None, momentum=0.0):
    """One (heavy-ball) gradient step; returns new (params, velocity), inputs are not changed.

    PyTorch's convention (``torch.optim.SGD(momentum=...)``): v = momentum * v + g, then
    p = p - lr * v. The velocity starts at 0, so the first step has v = g. With momentum 0 this
    is plain gradient descent, p = p - lr * g. ``momentum=1`` is a ball without friction: v
    sums every gradient so far, which is what forgetting ``zero_grad()`` does in PyTorch.
    ``velocity`` is None (the first step) or the velocity the step before returned.
    """
    lr = checks.positive("lr", lr)
    momentum = checks.momentum(momentum)
    # The shapes are checked first; NaN or inf in any input always reaches the new params, so
    # only when those are not finite are the inputs looked at one by one, to name the culprit.
    params = check_params(params, finite=False)
    grads = _like("grads", grads, params, finite=False)
    if velocity is not None:
        velocity = _like("velocity", velocity, params, finite=False)
    with np.errstate(over="ignore", invalid="ignore"):
        new_params, new_velocity = _step(params, grads, lr, velocity, momentum)
    if not _finite(new_params):
        check_params(params)
        _like("grads", grads, params)
        if velocity is not None:
            _like("velocity", velocity, params)
        raise ValueError(
            f"lr must be small enough that the step stays within float64's range (lr times "
            f"the velocity overflowed), got {lr!r}"
        )
    return new_params, new_velocity


def _step(params, grads, lr, velocity, momentum):
    """:func:`sgd_step` on checked arrays, with no check of the result (the caller chooses
    what an overflow does)."""
    if velocity is None:
        velocity = [(np.zeros_like(dW), np.zeros_like(db)) for dW, db in grads]
    new_params, new_velocity = [], []
    for (W, b), (dW, db), (vW, vb) in zip(params, grads, velocity, strict=True):
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
    """Fraction of samples whose predicted label equals y (labels 0 and 1, one per row of X;
    of shape (n,) or (n, 1) for a network with one output)."""
    params, X, y = _checked_data(params, X, y)
    not_labels = (y != 0) & (y != 1)
    if not_labels.any():
        raise ValueError(f"y must hold labels 0 and 1, got {float(y[not_labels][0])!r} "
                         "among them")
    out, _ = _forward(params, X)
    return float(np.mean((out > 0) == (y == 1)))


# --------------------------------------------------------------------------------------------
# training loop for the "decision boundary as it learns" slider
# --------------------------------------------------------------------------------------------


@dataclass
class TrainResult(Result):
    """What :func:`train` returns (the shared names are in :mod:`helpers.results`).

    params (also ``final``): the trained parameters, always finite.
    losses: ``losses[k]`` is the loss after k updates (``losses[0]`` at the start), so it has
        one entry per step plus one.
    snapshots (also ``path``): ``snapshots[j]`` are the parameters after ``snapshot_steps[j]``
        updates: every ``record_every`` steps, always including 0 and the last step, so a
        slider over ``snapshots`` runs from the untrained to the trained network.
    steps: how many updates were made, ``len(losses) - 1``.
    converged: always False. Training runs a fixed number of steps with no stopping test, so
        it never stops because it converged.
    diverged: the loss or the gradient stopped being finite, or the next update would have
        taken a weight beyond float64's range; the run ended early there. That is a result, not
        an error.
    message: what happened, in a sentence.
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

    @property
    def final(self) -> list:
        """The trained parameters (the same list as :attr:`params`)."""
        return self.params

    @property
    def path(self) -> list:
        """The parameter snapshots (the same list as :attr:`snapshots`)."""
        return self.snapshots

    @property
    def steps(self) -> int:
        """How many updates were made."""
        return len(self.losses) - 1

    @property
    def converged(self) -> bool:
        """Always False: a fixed number of steps, no stopping test."""
        return False


def train(params, X, y, *, lr, steps, momentum=0.0, loss="bce", record_every=1) -> TrainResult:
    """Full-batch gradient descent (with optional momentum) on the network, recorded for plots.

    Does not change ``params``; the trained parameters are ``result.params``. ``steps`` and
    ``record_every`` are at most ``checks.LIMITS["train_steps"]``, and the recorded copies of
    the network hold at most ``checks.LIMITS["kept"]`` numbers in all (a larger ``record_every``
    records fewer copies). Everything is
    checked here, once; the loop itself checks nothing but whether the run diverged.
    """
    limit = checks.LIMITS["train_steps"]
    lr = checks.positive("lr", lr)
    steps = checks.integer("steps", steps, 1, limit)
    record_every = checks.integer("record_every", record_every, 1, limit)
    momentum = checks.momentum(momentum)
    loss_function = _loss_fn(loss)
    current, X, y = _checked_data(params, X, y, loss)
    size = sum(W.size + b.size for W, b in current)
    kept = checks.LIMITS["kept"]  # numbers any result may keep
    room = kept // size  # how many copies of the network may be recorded
    if room < 2:
        raise ValueError(
            f"params must have at most {kept // 2:,} weights and biases for "
            f"train to record the first and the last, got a network of {size:,}"
        )
    if 1 + math.ceil(steps / record_every) > room:  # the start, then every record_every steps
        raise ValueError(
            f"record_every must be at least {math.ceil(steps / (room - 1))} for {steps} steps "
            f"of a network of {size:,} numbers (the recorded copies may hold "
            f"{kept:,} numbers in all), got {record_every}"
        )
    current = _copies(current)

    losses = []
    snapshots, snapshot_steps = [_copies(current)], [0]
    velocity = None
    cause = None  # why the run diverged, if it did
    # A diverging run overflows on purpose; it is reported through `diverged`, not as warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps + 1):
            value, grads = _loss_and_grads(current, X, y, loss_function)
            losses.append(value)
            if not (math.isfinite(value) and _finite(grads)):
                cause = "the loss stopped being finite"
                break
            if step > 0 and (step % record_every == 0 or step == steps):
                snapshots.append(_copies(current))
                snapshot_steps.append(step)
            if step == steps:
                break
            # Everything going in is finite, so only an overflow makes a weight infinite: then
            # the run stops at the last finite weights, which can still be drawn.
            try:
                with np.errstate(over="raise"):
                    current, velocity = _step(current, grads, lr, velocity, momentum)
            except FloatingPointError:
                cause = "the next update would take a weight beyond float64's range"
                break
    done = len(losses) - 1
    if cause is not None:
        if snapshot_steps[-1] != done:
            snapshots.append(_copies(current))
            snapshot_steps.append(done)
        message = (
            f"Diverged after {plural(done, 'step')}: {cause}; "
            f"the learning rate {lr:g} is too large for this problem."
        )
    else:
        trend = "fell" if losses[-1] < losses[0] else "rose"
        message = (
            f"Trained for {plural(steps, 'step')}: the loss {trend} from {losses[0]:.3g} "
            f"to {losses[-1]:.3g}."
        )
    return TrainResult(
        params=current,
        losses=np.asarray(losses),
        snapshots=snapshots,
        snapshot_steps=np.asarray(snapshot_steps),
        diverged=cause is not None,
        message=message,
        lr=lr,
        momentum=momentum,
        loss=loss,
    )
