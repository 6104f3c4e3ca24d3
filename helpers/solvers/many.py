"""Plain or momentum descent from many starts at once, vectorized over a grid of points."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import checks
from ..results import Result, plural
from .descent import DEFAULT_BOUND

__all__ = ["ManyResult", "descend_many"]


@dataclass(frozen=True)
class ManyResult(Result):
    """Plain or momentum descent from many starts at once (names as in :mod:`helpers.results`).

    final: the last iterate of every start, shape like ``starts`` (NaN where it diverged).
    steps_each: the updates each start made before it converged, diverged or ran out of steps,
        shape ``starts.shape[:-1]``; ``steps`` is the most any start made, an int.
    converged, diverged: boolean masks, shape ``starts.shape[:-1]``.
    path: every iterate, shape ``(max_steps + 1,) + starts.shape``, when ``record_path=True``;
        else None.
    max_steps: the budget of updates each start had.
    message: how many starts converged, diverged and were still moving, in a sentence.
    """

    final: np.ndarray
    steps_each: np.ndarray
    converged: np.ndarray
    diverged: np.ndarray
    path: np.ndarray | None = None
    max_steps: int = 0
    message: str = ""

    @property
    def steps(self) -> int:
        """The most updates any start made."""
        return int(self.steps_each.max()) if self.steps_each.size else 0


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
    grad = checks.callable_("grad", grad)
    lr = checks.positive("lr", lr)
    steps = checks.integer("steps", steps, 1, checks.LIMITS["steps"])
    tol = checks.nonnegative("tol", tol)
    momentum = checks.momentum(momentum)
    bound = checks.positive("bound", bound)
    record_path = checks.flag("record_path", record_path)
    x = checks.finite_array("starts", starts, min_ndim=1, min_size=1,
                            layout="hold points on its last axis")
    point_shape = x.shape[:-1]
    count = math.prod(point_shape)
    if count > checks.LIMITS["starts"]:
        raise ValueError(f"starts must hold at most {checks.LIMITS['starts']:,} points, got "
                         f"shape {x.shape}")
    if record_path:
        checks.kept("steps", steps + 1, x.size, "iterates")
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
            g = checks.returned("grad", grad(x), x.shape, "starts")
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
    return ManyResult(
        final=final,
        steps_each=taken,
        converged=converged,
        diverged=diverged,
        path=path,
        max_steps=steps,
        message=_message(converged, diverged, steps),
    )


def _message(converged: np.ndarray, diverged: np.ndarray, steps: int) -> str:
    total = converged.size
    done, bad = int(converged.sum()), int(diverged.sum())
    moving = total - done - bad
    return (
        f"Of {plural(total, 'start')}, {done} converged, {bad} diverged and {moving} "
        f"{'was' if moving == 1 else 'were'} still moving after {plural(steps, 'step')}."
    )
