"""Gradient descent from one start, with momentum, gradient noise and a decaying learning rate."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..results import Result, plural, show_number, show_point, show_size

__all__ = ["DEFAULT_BOUND", "DescentResult", "gradient_descent"]

# An iterate with a coordinate beyond this size counts as diverged.
DEFAULT_BOUND = 1e6
# lr / (k + 1) ** p: at p = 10 the millionth step is already 1e-60 of the first.
MAX_LR_DECAY = 10.0


@dataclass(frozen=True)
class DescentResult(Result):
    """What one run of gradient descent did (the shared names are in :mod:`helpers.results`).

    path: every iterate, ``path[0]`` is the start; shape ``(steps + 1,) + shape(x0)``.
    final (alias ``x``): the last iterate, ``path[-1]``.
    steps: how many updates were made, ``len(path) - 1``.
    converged: the gradient's norm fell to ``tol`` or below (the slides' "derivative = 0: stop").
    diverged: an iterate or gradient stopped being finite or grew past the bound; the path ends
        at the last finite iterate.
    grad_norm: the gradient's norm at the last iterate (inf when it was not finite).
    message: what happened, in sentences.
    """

    path: np.ndarray
    converged: bool
    diverged: bool
    grad_norm: float
    message: str

    @property
    def final(self):
        """The last iterate."""
        return self.path[-1]

    @property
    def x(self):
        """The last iterate (the older name of :attr:`final`)."""
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
    grad = checks.callable_("grad", grad)
    lr = checks.positive("lr", lr)
    steps = checks.integer("steps", steps, 1, checks.LIMITS["steps"])
    tol = checks.nonnegative("tol", tol)
    momentum = checks.momentum(momentum)
    noise = checks.nonnegative("noise", noise)
    seed = checks.seed(seed)
    bound = checks.positive("bound", bound)
    lr_decay = checks.number("lr_decay", lr_decay, low=0.0, high=MAX_LR_DECAY)
    x = checks.finite_array("x0", x0, min_size=1)
    checks.kept("steps", steps + 1, x.size, "iterates")
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
            g = checks.returned("grad", grad(x), shape, "x0")
            grad_norm = math.sqrt(float(np.vdot(g, g)))
            if not math.isfinite(grad_norm):
                if np.isfinite(g).all():  # finite, but its square overflowed
                    outcome, length = "not_finite", k + 1
                    break
                if k == 0:
                    raise ValueError(
                        "grad must return finite numbers at the start, got one that returned "
                        f"{_show_at(g)} at x0 = {_show_at(x)}"
                    )
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
            if not np.isfinite(x).all():
                outcome, length = "not_finite", k + 1
                break
            path[k + 1] = x
            if np.abs(x).max() > bound:
                outcome, length = "out_of_bounds", k + 2
                break

    path = path[:length]
    return DescentResult(
        path=path,
        converged=outcome == "converged",
        diverged=outcome in ("bad_gradient", "not_finite", "out_of_bounds"),
        grad_norm=grad_norm if math.isfinite(grad_norm) else math.inf,
        message=_message(outcome, path, grad_norm, tol, lr, bound),
    )


def kept_direction(path: np.ndarray) -> bool:
    """True when every step went the same way as the one before (no overshooting back)."""
    steps = np.diff(path.reshape(len(path), -1), axis=0)
    if len(steps) < 2:
        return False
    return bool(np.all(np.sum(steps[1:] * steps[:-1], axis=1) > 0))


def _message(outcome: str, path: np.ndarray, grad_norm: float, tol: float, lr: float,
             bound: float) -> str:
    steps = plural(len(path) - 1, "step")
    size = show_size(grad_norm)
    if outcome == "converged":
        return (
            f"Converged after {steps}: the gradient's size {size} "
            f"is at most tol = {tol:g}, so we stop."
        )
    if outcome == "max_steps":
        return (
            f"Stopped after {steps} without converging: the gradient's size {size} is "
            f"still above tol = {tol:g}. If the path is still closing in, more steps may help; "
            "if it keeps bouncing, a smaller learning rate, or one that shrinks step by step, "
            "may help."
        )
    where = {
        "out_of_bounds": f"|x| grew past {bound:g}",
        "not_finite": "the numbers overflowed",
        "bad_gradient": f"the gradient at x = {_show_at(path[-1])} is not a finite number",
    }[outcome]
    if outcome == "bad_gradient" and not _steps_grew(path):
        why = "The steps were not growing, so the function itself has no finite slope there."
    elif outcome != "bad_gradient" and kept_direction(path):
        why = ("Every step went further the same way: the function may keep falling forever "
               "in that direction (no minimum there).")
    else:
        why = f"The steps overshot further and further: the learning rate {lr:g} is too large here."
    return f"Diverged after {steps}: {where}. {why}"


def _show_at(value: np.ndarray) -> str:
    """A 1-D value as a number, a point as ``(x, y)``."""
    return show_number(float(value)) if np.ndim(value) == 0 else show_point(value)


def _steps_grew(path: np.ndarray) -> bool:
    """True when the last step was longer than the first (the run was blowing up)."""
    sizes = np.linalg.norm(np.diff(path.reshape(len(path), -1), axis=0), axis=1)
    return len(sizes) >= 2 and bool(sizes[-1] > sizes[0])
