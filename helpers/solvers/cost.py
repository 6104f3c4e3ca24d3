"""What an update costs in compute time: a fixed part per update plus a part per example.

Lecture 4 times one epoch of :func:`~helpers.solvers.minibatch_sgd` at several batch sizes and
fits this model to the times. The explorer draws loss against compute time with the constants
the lecture measured when it was written (:data:`LECTURE_04_COST`), not with live timings, so
its pictures and the lecture's pinned numbers are the same on every computer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import checks

__all__ = ["LECTURE_04_COST", "CostModel"]


@dataclass(frozen=True)
class CostModel:
    """Seconds for an update of ``m`` rows: ``per_update + per_example * m``."""

    per_update: float
    per_example: float

    def __post_init__(self):
        checks.positive("per_update", self.per_update)
        checks.positive("per_example", self.per_example)

    def seconds(self, rows) -> np.ndarray:
        """The cost of updates made from ``rows`` rows each (an array of row counts)."""
        rows = checks.finite_array("rows", rows)
        if not (rows >= 0).all():
            raise ValueError(f"rows must be row counts (numbers >= 0), got {rows.tolist()!r:.60}")
        return self.per_update + self.per_example * rows

    def epoch_seconds(self, n: int, batch_size: int) -> float:
        """One epoch over ``n`` rows: ``ceil(n / batch_size)`` updates reading ``n`` rows."""
        n = checks.integer("n", n, 1, checks.LIMITS["rows"])
        batch_size = checks.integer("batch_size", batch_size, 1, n,
                                    allowed=f"an integer from 1 to n ({n})")
        return math.ceil(n / batch_size) * self.per_update + n * self.per_example

    @property
    def break_even_rows(self) -> float:
        """The batch size at which the rows cost as much as the fixed part of an update."""
        return self.per_update / self.per_example

    @classmethod
    def fit(cls, n: int, batch_sizes, seconds) -> CostModel:
        """The model closest to measured epoch times (relative least squares, so each batch
        size counts alike): ``seconds[i]`` is one epoch over ``n`` rows at ``batch_sizes[i]``."""
        n = checks.integer("n", n, 1, checks.LIMITS["rows"])
        checks.sequence("batch_sizes", batch_sizes, 2, arrays=True)
        sizes = [checks.integer("batch_sizes", b, 1, n, allowed=f"integers from 1 to n ({n})")
                 for b in batch_sizes]
        seconds = checks.finite_array("seconds", seconds, ndim=1, min_size=2)
        if len(sizes) != len(seconds):
            raise ValueError(
                f"batch_sizes and seconds must have the same length, got {len(sizes)} and "
                f"{len(seconds)}"
            )
        if not (seconds > 0).all():
            raise ValueError(f"seconds must all be positive, got {seconds.tolist()}")
        terms = np.array([[math.ceil(n / b), n] for b in sizes], dtype=float)
        (per_update, per_example), *_ = np.linalg.lstsq(
            terms / seconds[:, None], np.ones(len(sizes)), rcond=None
        )
        return cls(float(per_update), float(per_example))


# Fitted by lecture 4's timing cell (20,000 rows, batch sizes 1 to 20,000) on the 2-core
# machine the lecture was written on; a student's own fit is printed next to it.
LECTURE_04_COST = CostModel(per_update=13e-6, per_example=0.027e-6)
