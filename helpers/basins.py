"""Where does descent end? Many starts at once: basin maps, noisy runs and random restarts.

Every start is labelled by the known minimum it reaches (an index into ``objective.minima``),
``NOT_SETTLED`` when it ends near none of them, or ``DIVERGED``. Plain and momentum descent from
many starts run vectorized with :func:`helpers.solvers.descend_many`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .solvers import (
    DescentResult,
    ManyResult,
    check_int,
    check_positive,
    descend_many,
    gradient_descent,
)

NOT_SETTLED = -1
DIVERGED = -2
SETTLE_RADIUS = 1e-3


def start_grid(objective, n: int = 200) -> np.ndarray:
    """An ``n`` x ``n`` grid of starts over the objective's domain, shape ``(n, n, 2)``.

    Row i holds the i-th y value, column j the j-th x value (as ``imshow(origin="lower")`` draws).
    """
    n = check_int("n", n, 2)
    (x_low, x_high), (y_low, y_high) = objective.domain
    xs = np.linspace(x_low, x_high, n)
    ys = np.linspace(y_low, y_high, n)
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def which_minimum(objective, points, *, diverged=None, radius: float = SETTLE_RADIUS) -> np.ndarray:
    """The index of the known minimum within ``radius`` of each point; ``NOT_SETTLED`` when none
    is that close, ``DIVERGED`` where ``diverged`` is set or the point is not finite."""
    points = np.asarray(points, dtype=float)
    finite = np.all(np.isfinite(points), axis=-1)
    safe = np.where(finite[..., None], points, 0.0)
    nearest = objective.nearest_minimum(safe)
    distance = np.linalg.norm(safe - objective.minima[nearest], axis=-1)
    labels = np.where(distance <= radius, nearest, NOT_SETTLED)
    bad = ~finite if diverged is None else (~finite | np.asarray(diverged, dtype=bool))
    return np.where(bad, DIVERGED, labels)


def global_index(objective) -> int:
    """The index in ``objective.minima`` of the global minimum."""
    if objective.global_minimum is None:
        raise ValueError(f"objective {objective.name!r} has no single global minimum")
    return int(objective.nearest_minimum(objective.global_minimum))


def fractions(labels: np.ndarray, count: int) -> np.ndarray:
    """The share of labels equal to 0, 1, ..., count - 1 (the known minima)."""
    labels = np.asarray(labels)
    return np.array([np.mean(labels == i) for i in range(count)])


@dataclass(frozen=True)
class BasinMap:
    """Which minimum plain (or momentum) descent reaches from every start of a grid.

    starts: the grid, shape ``(n, n, 2)``; labels: shape ``(n, n)`` (see the module docstring);
    many: the vectorized run; lr, momentum, steps: its settings.
    """

    objective: object
    starts: np.ndarray
    labels: np.ndarray
    many: ManyResult
    lr: float
    momentum: float
    steps: int

    @property
    def fractions(self) -> np.ndarray:
        """The share of starts that reach each known minimum."""
        return fractions(self.labels, len(self.objective.minima))


def basin_map(
    objective,
    n: int = 200,
    *,
    lr: float,
    steps: int = 500,
    momentum: float = 0.0,
    tol: float = 1e-6,
) -> BasinMap:
    """Descend from every start of an ``n`` x ``n`` grid at once and label where each ends."""
    starts = start_grid(objective, n)
    many = descend_many(objective.grad, starts, lr, steps=steps, tol=tol, momentum=momentum)
    labels = which_minimum(objective, many.final, diverged=many.diverged)
    return BasinMap(objective, starts, labels, many, lr, momentum, steps)


@dataclass(frozen=True)
class NoisyRuns:
    """Runs with gradient noise from one start, one per seed, each finished by plain descent.

    runs: the noisy runs (``runs[i]`` used ``seeds[i]``); settled: plain descent from each noisy
    run's last point, so that every run ends in a minimum rather than jiggling near one;
    reached: the label of each settled end point.
    """

    objective: object
    seeds: tuple
    noise: float
    runs: list[DescentResult]
    settled: ManyResult
    reached: np.ndarray

    def fraction(self, index: int) -> float:
        """The share of runs that settle in minimum ``index``."""
        return float(np.mean(self.reached == index))


def noisy_runs(
    objective, start, lr: float, *, noise: float, seeds, steps: int = 200, settle_steps: int = 500
) -> NoisyRuns:
    """Gradient descent with ``noise`` from ``start`` once per seed, then plain descent to
    settle."""
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    runs = [
        gradient_descent(objective.grad, start, lr, steps=steps, noise=noise, seed=seed)
        for seed in seeds
    ]
    ends = np.array([run.x for run in runs])
    settled = descend_many(objective.grad, ends, lr, steps=settle_steps)
    reached = which_minimum(objective, settled.final, diverged=settled.diverged)
    diverged = np.array([run.diverged for run in runs])
    reached = np.where(diverged, DIVERGED, reached)
    return NoisyRuns(objective, seeds, float(noise), runs, settled, reached)


@dataclass(frozen=True)
class Restarts:
    """Plain descent from random starts; the best run is the one with the lowest final f.

    starts: shape ``(count, 2)``; many: the vectorized run, with its path; reached: labels;
    best: index of the start whose end point has the lowest f (among the runs that did not
    diverge).
    """

    objective: object
    starts: np.ndarray
    many: ManyResult
    reached: np.ndarray
    best: int

    @property
    def best_point(self) -> np.ndarray:
        return self.many.final[self.best]


def random_restarts(objective, count: int, lr: float, *, seed: int, steps: int = 500) -> Restarts:
    """Plain descent from ``count`` starts drawn uniformly over the domain with
    ``default_rng(seed)``."""
    count = check_int("count", count, 1)
    lr = check_positive("lr", lr)
    rng = np.random.default_rng(seed)
    (x_low, x_high), (y_low, y_high) = objective.domain
    starts = np.column_stack([rng.uniform(x_low, x_high, count), rng.uniform(y_low, y_high, count)])
    many = descend_many(objective.grad, starts, lr, steps=steps, record_path=True)
    reached = which_minimum(objective, many.final, diverged=many.diverged)
    heights = np.where(many.diverged, np.inf, objective.f(np.nan_to_num(many.final)))
    return Restarts(objective, starts, many, reached, int(np.argmin(heights)))
