"""Where does descent end? Many starts at once: basin maps, noisy runs and random restarts.

Every start is labelled by the known minimum it reaches (an index into ``objective.minima``),
``NOT_SETTLED`` when it ends near none of them, or ``DIVERGED``. Plain and momentum descent from
many starts run vectorized with :func:`helpers.solvers.descend_many`.

Every function takes a 2-D objective of :mod:`helpers.functions`. Sizes have stated limits: a
grid of starts has at most ``checks.LIMITS["grid"]`` points a side (a basin map at most
``MAX_MAP_SIDE``, as all its starts descend side by side), random restarts and noisy runs at
most ``checks.LIMITS["starts"]`` starts or seeds, and every run at most
``checks.LIMITS["steps"]`` steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import checks
from .results import Result, plural, show_number, show_point
from .solvers import DescentResult, ManyResult, descend_many, gradient_descent

__all__ = [
    "DIVERGED",
    "MAX_MAP_SIDE",
    "MAX_MINIMA",
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
# A basin map descends from all n * n starts at once: n is held to LIMITS["starts"] in all.
MAX_MAP_SIDE = math.isqrt(checks.LIMITS["starts"])
# The most known minima :func:`fractions` counts (Himmelblau's function has 4).
MAX_MINIMA = 1000


def start_grid(objective, n: int = 200) -> np.ndarray:
    """An ``n`` x ``n`` grid of starts over the objective's domain, shape ``(n, n, 2)``.

    Row i holds the i-th y value, column j the j-th x value (as ``imshow(origin="lower")`` draws).
    n runs from 2 to ``checks.LIMITS["grid"]``.
    """
    objective = checks.objective("objective", objective, 2)
    n = checks.integer("n", n, 2, checks.LIMITS["grid"])
    (x_low, x_high), (y_low, y_high) = objective.domain
    xs = np.linspace(x_low, x_high, n)
    ys = np.linspace(y_low, y_high, n)
    return np.stack(np.meshgrid(xs, ys), axis=-1)


def which_minimum(objective, points, *, diverged=None, radius: float = SETTLE_RADIUS) -> np.ndarray:
    """The index of the known minimum within ``radius`` of each point; ``NOT_SETTLED`` when none
    is that close, ``DIVERGED`` where ``diverged`` is set.

    ``points`` has the points (x, y) on its last axis; ``diverged``, when given, one True or
    False per point (a bool array of shape ``points.shape[:-1]``). A point must be finite unless
    ``diverged`` marks it: NaN or inf is what a run that diverged leaves, and only the caller
    knows whether that is what happened.
    """
    objective = checks.objective("objective", objective, 2)
    points = checks.array("points", points, last_axis=2,
                          layout="hold points (x, y) on its last axis")
    radius = checks.positive("radius", radius)
    finite = np.all(np.isfinite(points), axis=-1)
    marked = np.zeros(finite.shape, dtype=bool) if diverged is None else _mask(diverged, finite)
    unmarked = ~(finite | marked)
    if unmarked.any():
        where = tuple(int(i) for i in np.argwhere(unmarked)[0])
        index = "" if not where else f" at index {where if len(where) > 1 else where[0]}"
        raise ValueError(
            "points must be finite where diverged does not mark a run that diverged, got "
            f"{points[where].tolist()}{index}"
        )
    safe = np.where(finite[..., None], points, 0.0)
    with np.errstate(over="ignore"):  # a point near float64's limit is far from every minimum
        nearest = objective.nearest_minimum(safe)
        distance = np.linalg.norm(safe - objective.minima[nearest], axis=-1)
    labels = np.where(distance <= radius, nearest, NOT_SETTLED)
    return np.where(marked, DIVERGED, labels)


def _mask(diverged, finite: np.ndarray) -> np.ndarray:
    """``diverged`` as a bool array shaped like ``finite`` (one entry per point)."""
    allowed = f"True or False for each point (a bool array of shape {finite.shape})"
    mask = None if isinstance(diverged, (str, bytes)) else np.asarray(diverged)
    if mask is None or mask.dtype != bool:
        raise TypeError(f"diverged must be {allowed}, got {checks.shown(diverged)}")
    if mask.shape != finite.shape:
        raise ValueError(f"diverged must be {allowed}, got shape {mask.shape}")
    return mask


def fractions(labels, count: int) -> np.ndarray:
    """The share of labels equal to 0, 1, ..., count - 1 (the known minima).

    ``labels`` is a non-empty integer array of any shape (a basin map's labels are ``(n, n)``)
    with entries from ``DIVERGED`` (-2) to ``count - 1``; ``count`` runs from 0 to
    ``MAX_MINIMA``. The shares of ``NOT_SETTLED`` and ``DIVERGED`` make up the rest.
    """
    count = checks.integer("count", count, 0, MAX_MINIMA)
    allowed = (f"a non-empty array of integer labels from {DIVERGED} (DIVERGED) to count - 1 = "
               f"{count - 1}")
    try:
        array = None if labels is None or isinstance(labels, (str, bytes)) else np.asarray(labels)
    except ValueError:  # a ragged list
        array = None
    if array is not None and array.size == 0:
        raise ValueError(f"labels must be {allowed}, got {checks.shown(labels)}")
    if array is None or array.dtype.kind not in "iu":
        raise TypeError(f"labels must be {allowed}, got {checks.shown(labels)}")
    if array.min() < DIVERGED or array.max() >= count:
        raise ValueError(f"labels must be {allowed}, got {checks.shown(labels)}")
    reached = array[array >= 0].ravel()
    return np.bincount(reached, minlength=count) / array.size


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
    """Descend from every start of an ``n`` x ``n`` grid at once and label where each ends.

    n runs from 2 to ``MAX_MAP_SIDE`` (1000: a million starts side by side), steps from 1 to
    ``checks.LIMITS["steps"]``.
    """
    objective = checks.objective("objective", objective, 2)
    n = checks.integer("n", n, 2, MAX_MAP_SIDE)
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
    settle.

    ``steps`` and ``settle_steps`` run from 1 to ``checks.LIMITS["steps"]``; there are at most
    ``checks.LIMITS["starts"]`` seeds, and the paths kept (one per seed) hold at most
    ``checks.LIMITS["kept"]`` numbers in all.
    """
    objective = checks.objective("objective", objective, 2)
    start = checks.finite_array("start", start, ndim=1, last_axis=2,
                                layout="be one point (x, y)")
    steps = checks.integer("steps", steps, 1, checks.LIMITS["steps"])
    settle_steps = checks.integer("settle_steps", settle_steps, 1, checks.LIMITS["steps"])
    most = checks.LIMITS["starts"]
    allowed = f"a non-empty list of seeds (integers >= 0), at most {most:,} of them, e.g. range(10)"
    seeds = checks.sequence("seeds", seeds, 1, arrays=True, allowed=allowed)
    if len(seeds) > most:
        raise ValueError(f"seeds must be {allowed}, got {len(seeds):,} seeds")
    checks.kept("seeds", len(seeds), (steps + 1) * start.size, "noisy runs")
    seeds = tuple(checks.seed(seed, f"seeds[{i}]") for i, seed in enumerate(seeds))
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
    diverge); None when every run diverged, and then ``best_point`` is None too.
    The shared names (:mod:`helpers.results`) read the vectorized run: final (the end point of
    every start, shape ``(count, 2)``), path (every iterate, shape ``(steps + 1, count, 2)``),
    steps, converged, diverged; message (how many restarts reached each minimum, and the best).
    """

    objective: object
    starts: np.ndarray
    many: ManyResult
    reached: np.ndarray
    best: int | None

    @property
    def best_point(self) -> np.ndarray | None:
        return None if self.best is None else self.many.final[self.best]

    @property
    def message(self) -> str:
        counts = _where_they_end(self.objective, self.reached, "random restart")
        if self.best is None:
            return f"{counts} With every run diverged, none is best."
        height = float(self.objective.f(self.best_point))
        return (f"{counts} The best ends at {_show_end(self.best_point)}, "
                f"where f = {show_number(height)}.")


def random_restarts(objective, count: int, lr: float, *, seed: int, steps: int = 500) -> Restarts:
    """Plain descent from ``count`` starts drawn uniformly over the domain with
    ``default_rng(seed)``.

    count runs from 1 to ``checks.LIMITS["starts"]``, steps from 1 to ``checks.LIMITS["steps"]``
    (and the paths kept hold at most ``checks.LIMITS["kept"]`` numbers).
    """
    objective = checks.objective("objective", objective, 2)
    count = checks.integer("count", count, 1, checks.LIMITS["starts"])
    lr = checks.positive("lr", lr)
    seed = checks.seed(seed)
    rng = np.random.default_rng(seed)
    (x_low, x_high), (y_low, y_high) = objective.domain
    starts = np.column_stack([rng.uniform(x_low, x_high, count), rng.uniform(y_low, y_high, count)])
    many = descend_many(objective.grad, starts, lr, steps=steps, record_path=True)
    reached = which_minimum(objective, many.final, diverged=many.diverged)
    heights = np.where(many.diverged, np.inf, objective.f(np.nan_to_num(many.final)))
    best = None if many.diverged.all() else int(np.argmin(heights))
    return Restarts(objective, starts, many, reached, best)
