"""Loss and gradients in one call, the heavy-ball step, predictions, gradient checks, training."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..calculus import numerical_gradient
from ..functions import sigmoid
from ..results import Result, plural
from .layers import backward, bce_with_logits, forward, mse
from .params import (
    check_data,
    check_like,
    check_loss,
    check_params,
    copy_params,
    flatten_params,
    match_target,
    unflatten_params,
)

__all__ = [
    "TrainResult",
    "accuracy",
    "loss_and_grads",
    "numerical_grads",
    "predict",
    "predict_proba",
    "sgd_step",
    "train",
]



def _loss_fn(loss):
    return {"bce": bce_with_logits, "mse": mse}[check_loss(loss)]


def loss_and_grads(params, X, y, loss="bce"):
    """Forward, loss and backward in one call: returns (loss value, grads).

    ``loss`` is "bce" (binary cross-entropy on logits, labels 0/1) or "mse". Labels of shape
    (n,) are accepted for a network with one output.
    """
    loss_function = _loss_fn(loss)
    out, cache = forward(params, X)
    value, grad_out = loss_function(out, match_target(out, y))
    return value, backward(params, cache, grad_out)


def numerical_grads(params, X, y, loss="bce", h=1e-5):
    """The gradient of the loss with respect to every parameter by central differences.

    The network is a function of one flat vector (:func:`~helpers.mlp.flatten_params`); its
    loss is differentiated by :func:`helpers.calculus.numerical_gradient` with step ``h``, and
    the answer is returned in the structure of ``params`` (a list of ``(dW, db)`` pairs), so it
    can be held against :func:`loss_and_grads` layer by layer. Two forward passes per number:
    slow, but independent of backprop. Finite differences across a ReLU kink are wrong by
    design, so use data in general position.
    """
    loss_function = _loss_fn(loss)
    X, y = check_data(params, X, y)
    like = copy_params(params)

    def value(theta):
        out, _ = forward(unflatten_params(theta, like), X)
        return loss_function(out, y)[0]

    return unflatten_params(numerical_gradient(value, flatten_params(like), h=h), like)


def sgd_step(params, grads, lr, velocity=None, momentum=0.0):
    """One (heavy-ball) gradient step; returns new (params, velocity), inputs are not changed.

    PyTorch's convention (``torch.optim.SGD(momentum=...)``): v = momentum * v + g, then
    p = p - lr * v. The velocity starts at 0, so the first step has v = g. With momentum 0 this
    is plain gradient descent, p = p - lr * g. ``momentum=1`` is a ball without friction: v
    sums every gradient so far, which is what forgetting ``zero_grad()`` does in PyTorch.
    """
    lr = checks.positive("lr", lr)
    momentum = checks.momentum(momentum)
    check_params(params)
    check_like("grads", grads, params)
    if velocity is None:
        velocity = [(np.zeros_like(dW), np.zeros_like(db)) for dW, db in grads]
    else:
        check_like("velocity", velocity, params)
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
    """Fraction of samples whose predicted label equals y (labels 0/1)."""
    labels = predict(params, X)
    y = checks.array("y", y)
    if y.size != labels.size:
        raise ValueError(f"y must have one label per row of X, shape {labels.shape}, "
                         f"got shape {y.shape}")
    return float(np.mean(labels == y.reshape(labels.shape)))


# --------------------------------------------------------------------------------------------
# training loop for the "decision boundary as it learns" slider
# --------------------------------------------------------------------------------------------


@dataclass
class TrainResult(Result):
    """What :func:`train` returns (the shared names are in :mod:`helpers.results`).

    params (also ``final``): the trained parameters.
    losses: ``losses[k]`` is the loss after k updates (``losses[0]`` at the start), so it has
        one entry per step plus one.
    snapshots (also ``path``): ``snapshots[j]`` are the parameters after ``snapshot_steps[j]``
        updates: every ``record_every`` steps, always including 0 and the last step, so a
        slider over ``snapshots`` runs from the untrained to the trained network.
    steps: how many updates were made, ``len(losses) - 1``.
    converged: always False. Training runs a fixed number of steps with no stopping test, so
        it never stops because it converged.
    diverged: the loss stopped being finite; the run ended early there. That is a result, not
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

    Does not change ``params``; the trained parameters are ``result.params``.
    """
    lr = checks.positive("lr", lr)
    steps = checks.integer("steps", steps, 1)
    record_every = checks.integer("record_every", record_every, 1)
    momentum = checks.momentum(momentum)
    loss = check_loss(loss)
    X, y = check_data(params, X, y)
    current = copy_params(params)

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
            f"Diverged after {plural(done, 'step')}: the loss stopped being finite; "
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
        diverged=diverged,
        message=message,
        lr=lr,
        momentum=momentum,
        loss=loss,
    )
