"""Where does descent end? Many starts at once: basin maps, noisy runs and random restarts.

Every start is labelled by the known minimum it reaches (an index into ``objective.minima``),
``NOT_SETTLED`` when it ends near none of them, or ``DIVERGED``. Plain and momentum descent from
many starts run vectorized with :func:`helpers.solvers.descend_many`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import checks
from .results import Result, plural, show_number, show_point
from .solvers import DescentResult, ManyResult, descend_many, gradient_descent

__all__ = [
    "DIVERGED",
    "NOT_SETTLED",
    "SETTLE_RADIUS",
    "BasinMap",
    "NoisyRuns",
    "Restarts",
    "basin_map",
    "fractions",
    "noisy_runs",
    "random_restarts",
    "start_grid",
    "which_minimum",
]

NOT_SETTLED = -1
DIVERGED = -2
SETTLE_RADIUS = 1e-3


def start_grid(objective, n: int = 200) -> np.ndarray:
    """An ``n`` x ``n`` grid of starts over the objective's domain, shape ``(n, n, 2)``.

    Row i holds the i-th y value, column j the j-th x value (as ``imshow(origin="lower")`` draws).
    """
    n = checks.integer("n", n, 2)
    (x_low, x_high), (y_low, y_high) = objective.domain
    xs = np.linspace(x_low, x_high, n)
    ys = np.linspace(y_low, y_high, n)
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def which_minimum(objective, points, *, diverged=None, radius: float = SETTLE_RADIUS) -> np.ndarray:
    """The index of the known minimum within ``radius`` of each point; ``NOT_SETTLED`` when none
    is that close, ``DIVERGED`` where ``diverged`` is set or the point is not finite."""
    points = checks.array("points", points, last_axis=np.shape(objective.minima)[-1])
    radius = checks.positive("radius", radius)
    finite = np.all(np.isfinite(points), axis=-1)
    safe = np.where(finite[..., None], points, 0.0)
    nearest = objective.nearest_minimum(safe)
    distance = np.linalg.norm(safe - objective.minima[nearest], axis=-1)
    labels = np.where(distance <= radius, nearest, NOT_SETTLED)
    if diverged is None:
        bad = ~finite
    else:
        diverged = np.asarray(diverged, dtype=bool)
        if diverged.shape != finite.shape:
            raise ValueError(
                f"diverged must have one entry per point, shape {finite.shape}, "
                f"got shape {diverged.shape}"
            )
        bad = ~finite | diverged
    return np.where(bad, DIVERGED, labels)


def fractions(labels: np.ndarray, count: int) -> np.ndarray:
    """The share of labels equal to 0, 1, ..., count - 1 (the known minima)."""
    labels = np.asarray(labels)
    count = checks.integer("count", count, 0)
    return np.array([np.mean(labels == i) for i in range(count)])


def _show_end(point) -> str:
    """An end point in the shared format, first rounded to three decimals (the settle radius is
    1e-3), so that a run 4e-07 from a minimum reads as that minimum, "(-2, 0)", never "-0"."""
    return show_point(np.round(np.asarray(point, dtype=float), 3) + 0.0)


def _where_they_end(objective, labels, noun: str, detail: str = "") -> str:
    """A sentence counting the labels: how many reached each minimum, settled nowhere, diverged."""
    labels = np.asarray(labels)
    parts = []
    for i, point in enumerate(np.asarray(objective.minima, dtype=float)):
        parts.append(f"{int(np.sum(labels == i))} reached minimum {i} at {show_point(point)}")
    parts.append(f"{int(np.sum(labels == NOT_SETTLED))} settled in no known minimum")
    parts.append(f"{int(np.sum(labels == DIVERGED))} diverged")
    return f"Of {plural(labels.size, noun)}{detail}, {', '.join(parts[:-1])} and {parts[-1]}."


class _ReadsItsRun(Result):
    """A result about a many-start run (``self.many``): the shared names read that run."""

    __slots__ = ()

    @property
    def final(self) -> np.ndarray:
        return self.many.final

    @property
    def path(self):
        return self.many.path

    @property
    def steps(self) -> int:
        return self.many.steps

    @property
    def converged(self) -> np.ndarray:
        return self.many.converged

    @property
    def diverged(self) -> np.ndarray:
        return self.many.diverged


@dataclass(frozen=True)
class BasinMap(_ReadsItsRun):
    """Which minimum plain (or momentum) descent reaches from every start of a grid.

    starts: the grid, shape ``(n, n, 2)``; labels: shape ``(n, n)`` (see the module docstring);
    many: the vectorized run; lr, momentum, max_steps: its settings (``max_steps``, the budget of
    updates per start).
    The shared names (:mod:`helpers.results`) read the vectorized run: final (the end point of
    every start), path (None: a basin map does not record paths), steps (the most updates any
    start made), converged and diverged (masks of shape ``(n, n)``), message (how many starts
    reached each minimum).
    """

    objective: object
    starts: np.ndarray
    labels: np.ndarray
    many: ManyResult
    lr: float
    momentum: float
    max_steps: int

    @property
    def fractions(self) -> np.ndarray:
        """The share of starts that reach each known minimum."""
        return fractions(self.labels, len(self.objective.minima))

    @property
    def message(self) -> str:
        return _where_they_end(self.objective, self.labels, "start")


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
    return BasinMap(objective, starts, labels, many, float(lr), float(momentum), many.max_steps)


@dataclass(frozen=True)
class NoisyRuns(Result):
    """Runs with gradient noise from one start, one per seed, each finished by plain descent.

    runs: the noisy runs (``runs[i]`` used ``seeds[i]``); settled: plain descent from each noisy
    run's last point, so that every run ends in a minimum rather than jiggling near one;
    reached: the label of each settled end point.
    The shared names (:mod:`helpers.results`): final (the settled end points, one per seed),
    path (the noisy runs' paths, ``path[i] is runs[i].path``; they may differ in length),
    steps (the most updates any run made, noisy and settling together), converged and diverged
    (one entry per seed: the settling converged; the noisy run or its settling diverged),
    message (how many runs settled in each minimum).
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

    @property
    def final(self) -> np.ndarray:
        return self.settled.final

    @property
    def path(self) -> list:
        return [run.path for run in self.runs]

    @property
    def steps(self) -> int:
        each = [run.steps + int(more) for run, more in zip(self.runs, self.settled.steps_each,
                                                           strict=True)]
        return max(each, default=0)

    @property
    def converged(self) -> np.ndarray:
        return self.settled.converged & ~self.diverged

    @property
    def diverged(self) -> np.ndarray:
        return np.array([run.diverged for run in self.runs], dtype=bool) | self.settled.diverged

    @property
    def message(self) -> str:
        detail = f" (noise {self.noise:g})"
        return _where_they_end(self.objective, self.reached, "noisy run", detail)


def noisy_runs(
    objective, start, lr: float, *, noise: float, seeds, steps: int = 200, settle_steps: int = 500
) -> NoisyRuns:
    """Gradient descent with ``noise`` from ``start`` once per seed, then plain descent to
    settle."""
    start = checks.finite_array("start", start, last_axis=np.shape(objective.minima)[-1])
    settle_steps = checks.integer("settle_steps", settle_steps, 1)
    seeds = checks.sequence("seeds", seeds, 1, arrays=True,
                            allowed="a non-empty list of seeds (integers >= 0), e.g. range(10)")
    seeds = tuple(checks.seed(seed) for seed in seeds)
    runs = [
        gradient_descent(objective.grad, start, lr, steps=steps, noise=noise, seed=seed)
        for seed in seeds
    ]
    ends = np.array([run.final for run in runs])
    settled = descend_many(objective.grad, ends, lr, steps=settle_steps)
    reached = which_minimum(objective, settled.final, diverged=settled.diverged)
    diverged = np.array([run.diverged for run in runs])
    reached = np.where(diverged, DIVERGED, reached)
    return NoisyRuns(objective, seeds, float(noise), runs, settled, reached)


@dataclass(frozen=True)
class Restarts(_ReadsItsRun):
    """Plain descent from random starts; the best run is the one with the lowest final f.

    starts: shape ``(count, 2)``; many: the vectorized run, with its path; reached: labels;
    best: index of the start whose end point has the lowest f (among the runs that did not
    diverge).
    The shared names (:mod:`helpers.results`) read the vectorized run: final (the end point of
    every start, shape ``(count, 2)``), path (every iterate, shape ``(steps + 1, count, 2)``),
    steps, converged, diverged; message (how many restarts reached each minimum, and the best).
    """

    objective: object
    starts: np.ndarray
    many: ManyResult
    reached: np.ndarray
    best: int

    @property
    def best_point(self) -> np.ndarray:
        return self.many.final[self.best]

    @property
    def message(self) -> str:
        counts = _where_they_end(self.objective, self.reached, "random restart")
        height = float(self.objective.f(self.best_point))
        return (f"{counts} The best ends at {_show_end(self.best_point)}, "
                f"where f = {show_number(height)}.")


def random_restarts(objective, count: int, lr: float, *, seed: int, steps: int = 500) -> Restarts:
    """Plain descent from ``count`` starts drawn uniformly over the domain with
    ``default_rng(seed)``."""
    count = checks.integer("count", count, 1)
    lr = checks.positive("lr", lr)
    seed = checks.seed(seed)
    rng = np.random.default_rng(seed)
    (x_low, x_high), (y_low, y_high) = objective.domain
    starts = np.column_stack([rng.uniform(x_low, x_high, count), rng.uniform(y_low, y_high, count)])
    many = descend_many(objective.grad, starts, lr, steps=steps, record_path=True)
    reached = which_minimum(objective, many.final, diverged=many.diverged)
    heights = np.where(many.diverged, np.inf, objective.f(np.nan_to_num(many.final)))
    return Restarts(objective, starts, many, reached, int(np.argmin(heights)))
