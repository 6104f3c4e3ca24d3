"""Our training loop against ``torch.optim.SGD``, step for step, and the time each step takes."""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass

import numpy as np
import torch

from .. import checks, mlp
from .autograd import _torch_inputs, _torch_loss, params_from_torch, to_torch_mlp

__all__ = ["SideBySide", "StepTiming", "time_training_step", "train_side_by_side"]


@dataclass
class SideBySide:
    """Per step k = 1..steps: the largest |our weight - torch weight| and both losses.

    ``diverged``: a loss or our gradient stopped being finite (the learning rate is too large);
    the run stopped there, so the arrays hold only the steps before, and ``params`` and
    ``torch_params`` are the weights after the last of them.
    """

    max_abs_diff: np.ndarray
    our_losses: np.ndarray
    torch_losses: np.ndarray
    params: list
    torch_params: list
    diverged: bool = False


def train_side_by_side(params, X, y, lr, steps, momentum=0.0, loss="bce") -> SideBySide:
    """Train with our ``sgd_step`` and with ``torch.optim.SGD(momentum=...)`` from the same start.

    Both are full-batch, same heavy-ball convention; after every step the largest absolute
    difference over all weights and biases is recorded. ``our_losses[k]`` / ``torch_losses[k]``
    are the losses computed during step k + 1 (before its update). ``steps`` is at most
    ``checks.LIMITS["train_steps"]``. A run whose loss or gradient stops being finite stops
    there, with ``diverged`` set.
    """
    lr = checks.positive("lr", lr)
    steps = checks.integer("steps", steps, 1, checks.LIMITS["train_steps"])
    momentum = checks.momentum(momentum)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()

    model = to_torch_mlp(params)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    ours, velocity = mlp.copy_params(params), None
    diffs, our_losses, torch_losses = [], [], []
    diverged = False
    for _ in range(steps):
        # a diverging run overflows on purpose; it is reported through `diverged`
        with np.errstate(over="ignore", invalid="ignore"):
            value, grads = mlp.loss_and_grads(ours, X_np, y_np, loss)
        optimizer.zero_grad()
        torch_value = _torch_loss(model(Xt), yt, loss)
        finite = math.isfinite(value) and math.isfinite(torch_value.item()) and all(
            np.isfinite(dW).all() and np.isfinite(db).all() for dW, db in grads
        )
        if not finite:
            diverged = True
            break
        ours, velocity = mlp.sgd_step(ours, grads, lr, velocity, momentum)
        torch_value.backward()
        optimizer.step()

        diffs.append(mlp.max_difference(ours, params_from_torch(model)))
        our_losses.append(value)
        torch_losses.append(float(torch_value.item()))
    return SideBySide(
        max_abs_diff=np.asarray(diffs),
        our_losses=np.asarray(our_losses),
        torch_losses=np.asarray(torch_losses),
        params=ours,
        torch_params=params_from_torch(model),
        diverged=diverged,
    )


@dataclass
class StepTiming:
    """Median seconds per full training step (forward, loss, backward, update)."""

    numpy_seconds: float
    torch_seconds: float
    repeats: int
    n_samples: int
    n_params: int

    @property
    def ratio(self) -> float:
        """numpy time / torch time (> 1 means torch was faster)."""
        return self.numpy_seconds / self.torch_seconds


def time_training_step(params, X, y, loss="bce", *, lr=0.1, repeats=20, warmup=3) -> StepTiming:
    """Time one training step of our numpy code and of torch autograd + ``torch.optim.SGD``.

    Both run ``warmup`` untimed steps first; the median of ``repeats`` timed steps is reported
    (each at most ``checks.LIMITS["train_steps"]``).
    The numbers depend on the machine, its load at the moment, the thread counts and the
    network size. Small networks favour numpy (torch's graph bookkeeping costs about the same
    per operation whatever its size); on big ones the matrix products decide, and which library
    is faster there changes with the linear-algebra routines, their threads and the machine's
    load, so call it a few times (rounds) and look at the spread.
    """
    limit = checks.LIMITS["train_steps"]
    repeats = checks.integer("repeats", repeats, 1, limit)
    warmup = checks.integer("warmup", warmup, 0, limit)
    lr = checks.positive("lr", lr)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()

    # Every timed step starts from params (its result is thrown away), so however large lr is
    # the weights never overflow midway and both sides time the same work each time.
    start = mlp.copy_params(params)
    numpy_times = []
    for i in range(warmup + repeats):
        t0 = time.perf_counter()
        _, grads = mlp.loss_and_grads(start, X_np, y_np, loss)
        mlp.sgd_step(start, grads, lr)
        if i >= warmup:
            numpy_times.append(time.perf_counter() - t0)

    model = to_torch_mlp(params)
    weights = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    torch_times = []
    for i in range(warmup + repeats):
        with torch.no_grad():
            for p, w in zip(model.parameters(), weights, strict=True):
                p.copy_(w)
        t0 = time.perf_counter()
        optimizer.zero_grad()
        _torch_loss(model(Xt), yt, loss).backward()
        optimizer.step()
        if i >= warmup:
            torch_times.append(time.perf_counter() - t0)

    return StepTiming(
        numpy_seconds=statistics.median(numpy_times),
        torch_seconds=statistics.median(torch_times),
        repeats=repeats,
        n_samples=X_np.shape[0],
        n_params=int(mlp.flatten_params(params).size),
    )
