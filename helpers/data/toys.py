"""Toy classification data: 2-D points with 0/1 labels that no straight line separates."""

from __future__ import annotations

import numpy as np

from .. import checks

__all__ = ["CLASS_NAMES", "MAX_CLASSES", "make_moons", "make_spiral"]

# How figures and explorers name the labels 0 and 1.
CLASS_NAMES = ("class 0", "class 1")

# The most arms a spiral may have. Arm k turns through the angles [4k, 4k + 4], so from about 10
# arms on the arms crowd into one another more than they interleave: no one can tell them apart.
MAX_CLASSES = 10


def make_moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles: returns X of shape (n, 2) and labels y of shape (n,).

    Class 0 is the upper arc (cos t, sin t), class 1 the lower arc (1 - cos t, 0.5 - sin t),
    t in [0, pi]; Gaussian noise of standard deviation ``noise`` is added to every coordinate and
    the rows are shuffled, all from ``numpy.random.default_rng(seed)``. Class 0 gets n // 2 rows.
    ``n`` runs from 2 to ``checks.LIMITS["rows"]`` (10 million).
    """
    n = checks.integer("n", n, 2, checks.LIMITS["rows"])
    noise = checks.number("noise", noise, low=0.0, high=checks.LIMITS["magnitude"])
    rng = np.random.default_rng(checks.seed(seed))
    n0 = n // 2
    n1 = n - n0
    t0 = np.linspace(0.0, np.pi, n0)
    t1 = np.linspace(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    order = rng.permutation(n)
    return X[order], y[order]


def make_spiral(n_per_class=100, classes=2, noise=0.2, seed=0):
    """Interleaved spiral arms (the cs231n toy): X of shape (classes * n_per_class, 2), y labels.

    Arm k has radius running from 0 to 1 while its angle runs over [4k, 4k + 4] radians plus
    Gaussian angle noise of standard deviation ``noise``. Labels are 0 .. classes - 1 as floats
    (0/1 for the default two arms). Rows are grouped by class, not shuffled.
    ``classes`` runs from 2 to ``MAX_CLASSES`` (10), and the rows in all, ``classes *
    n_per_class``, stay within ``checks.LIMITS["rows"]`` (10 million).
    """
    rows = checks.LIMITS["rows"]
    n_per_class = checks.integer("n_per_class", n_per_class, 1, rows)
    classes = checks.integer("classes", classes, 2, MAX_CLASSES)
    if n_per_class * classes > rows:
        raise ValueError(
            f"n_per_class must be at most {rows // classes:,} with {classes} classes (at most "
            f"{rows:,} rows in all), got {n_per_class:,}"
        )
    noise = checks.number("noise", noise, low=0.0, high=checks.LIMITS["magnitude"])
    rng = np.random.default_rng(checks.seed(seed))
    X = np.empty((n_per_class * classes, 2))
    y = np.empty(n_per_class * classes)
    radius = np.linspace(0.0, 1.0, n_per_class)
    for k in range(classes):
        rows = slice(k * n_per_class, (k + 1) * n_per_class)
        angle = np.linspace(4.0 * k, 4.0 * (k + 1), n_per_class)
        angle = angle + noise * rng.standard_normal(n_per_class)
        X[rows] = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
        y[rows] = k
    return X, y
