"""Data sets for the lectures: toy classification, a two-parameter regression, and data on disk.

* :func:`make_moons`, :func:`make_spiral`: 2-D points with 0/1 labels that no straight line
  separates, so a network needs its hidden ReLU layers.
* :func:`make_linear_regression`: ``y = w0 + w1 x + noise``, whose mean squared error over
  ``(w0, w1)`` is an elongated, tilted bowl; with :func:`linear_mse`, :func:`linear_mse_grad`
  (and its unchecked kernel :func:`linear_mse_grad_unchecked`, for hot loops) and the exact
  answer :func:`least_squares`.
* :func:`write_memmap_regression`, :func:`open_memmap_regression`, :func:`stream_batches`: a
  regression data set in a file bigger than we want in memory, read batch by batch.

Everything is float64 in memory (the file on disk may be float32) and seeded.
"""

from .disk import (
    MemmapRegression,
    open_memmap_regression,
    stream_batches,
    write_memmap_regression,
)
from .regression import (
    LinearRegressionData,
    least_squares,
    linear_mse,
    linear_mse_grad,
    linear_mse_grad_unchecked,
    make_linear_regression,
)
from .toys import CLASS_NAMES, make_moons, make_spiral

__all__ = [
    "CLASS_NAMES",
    "LinearRegressionData",
    "MemmapRegression",
    "least_squares",
    "linear_mse",
    "linear_mse_grad",
    "linear_mse_grad_unchecked",
    "make_linear_regression",
    "make_moons",
    "make_spiral",
    "open_memmap_regression",
    "stream_batches",
    "write_memmap_regression",
]
