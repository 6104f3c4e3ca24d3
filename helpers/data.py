"""Data sets for the lectures: toy classification, a two-parameter regression, and data on disk.

* :func:`make_moons`, :func:`make_spiral`: 2-D points with 0/1 labels that no straight line
  separates, so a network needs its hidden ReLU layers.
* :func:`make_linear_regression`: ``y = w0 + w1 x + noise``, whose mean squared error over
  ``(w0, w1)`` is an elongated, tilted bowl; with :func:`linear_mse`, :func:`linear_mse_grad`
  and the exact answer :func:`least_squares`.
* :func:`write_memmap_regression`, :func:`open_memmap_regression`, :func:`stream_batches`: a
  regression data set in a file bigger than we want in memory, read batch by batch.

Everything is float64 in memory (the file on disk may be float32) and seeded.
"""

from __future__ import annotations

import json
import math
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path
from typing import NamedTuple

import numpy as np

# --------------------------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------------------------


def _check_int(name: str, value, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_noise(noise) -> float:
    try:
        number = float(noise)
    except (TypeError, ValueError):
        number = float("nan")
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    return number


# --------------------------------------------------------------------------------------------
# classification toys
# --------------------------------------------------------------------------------------------


def make_moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles: returns X of shape (n, 2) and labels y of shape (n,).

    Class 0 is the upper arc (cos t, sin t), class 1 the lower arc (1 - cos t, 0.5 - sin t),
    t in [0, pi]; Gaussian noise of standard deviation ``noise`` is added to every coordinate and
    the rows are shuffled, all from ``numpy.random.default_rng(seed)``. Class 0 gets n // 2 rows.
    """
    n = _check_int("n", n, minimum=2)
    noise = _check_noise(noise)
    rng = np.random.default_rng(seed)
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
    """
    n_per_class = _check_int("n_per_class", n_per_class)
    classes = _check_int("classes", classes, minimum=2)
    noise = _check_noise(noise)
    rng = np.random.default_rng(seed)
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


# --------------------------------------------------------------------------------------------
# a two-parameter linear regression
# --------------------------------------------------------------------------------------------


class LinearRegressionData(NamedTuple):
    """``X`` (n, 2) with a column of ones then x; ``y`` (n,); ``w_true`` (2,) = (w0, w1)."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


def make_linear_regression(n=100, w_true=(1.0, 2.0), noise=0.5, seed=0, x_range=(0.0, 3.0)):
    """Points on the line y = w0 + w1 x plus Gaussian noise, for fitting (w0, w1).

    Returns ``(X, y, w_true)`` (a named tuple). ``X[:, 0]`` is all ones (the intercept's column)
    and ``X[:, 1]`` is x drawn uniformly from ``x_range``, so the model is ``y ~ X @ w``.

    Why x in [0, 3] and not centred at 0: the loss is a bowl whose Hessian is 2 X^T X / n =
    2 [[1, mean x], [mean x, mean x^2]]. With x spread around 1.5 the two weights are coupled,
    and the bowl is tilted and about 4 times longer than wide (condition number about 20):
    plain gradient descent zig-zags visibly, yet the picture still fits in one figure.
    Centre x at 0 and the bowl turns round and axis-aligned.
    """
    n = _check_int("n", n, minimum=2)
    noise = _check_noise(noise)
    w_true = np.asarray(w_true, dtype=np.float64)
    if w_true.shape != (2,) or not np.isfinite(w_true).all():
        raise ValueError(f"w_true must be two finite numbers (w0, w1), got {w_true!r}")
    low, high = (float(v) for v in x_range)
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(low, high, size=n)
    X = np.column_stack([np.ones(n), x])
    y = X @ w_true + noise * rng.standard_normal(n)
    return LinearRegressionData(X, y, w_true)


def _check_Xy(X, y, Xname="X", yname="y"):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"{Xname} must be 2-D (n_samples, n_features), got shape {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(
            f"{yname} must have shape ({X.shape[0]},) to match {Xname} {X.shape}, got {y.shape}"
        )
    return X, y


def _check_w(w, d):
    w = np.asarray(w, dtype=np.float64)
    if w.ndim == 0 or w.shape[-1] != d:
        raise ValueError(f"w must have {d} entries on its last axis, got shape {w.shape}")
    return w


def linear_mse(w, X, y):
    """Mean squared error of the linear model X @ w: mean((X @ w - y)^2).

    ``w`` is one point of shape (d,), giving a float, or a grid of points of shape (..., d),
    giving an array of shape (...) for drawing the loss surface. For a grid we use the equal
    quadratic form w.A.w - 2 w.c + s with A = X^T X / n, c = X^T y / n, s = y.y / n, which never
    builds the (..., n) residuals.
    """
    X, y = _check_Xy(X, y)
    w = _check_w(w, X.shape[1])
    n = X.shape[0]
    if w.ndim == 1:
        residual = X @ w - y
        return float(residual @ residual / n)
    A = X.T @ X / n
    c = X.T @ y / n
    s = y @ y / n
    return np.einsum("...i,ij,...j->...", w, A, w) - 2.0 * (w @ c) + s


def linear_mse_grad(w, Xb, yb):
    """Mean gradient over a batch of the squared error: 2 / m * Xb^T (Xb @ w - yb).

    The signature ``grad_fn(w, Xb, yb)`` is the one ``helpers.solvers.minibatch_sgd`` expects.
    ``w`` may also be a stack of points of shape (..., d); the result has w's shape.
    """
    Xb, yb = _check_Xy(Xb, yb, "Xb", "yb")
    w = _check_w(w, Xb.shape[1])
    m = Xb.shape[0]
    residual = w @ Xb.T - yb  # (m,) or (..., m)
    return 2.0 / m * (residual @ Xb)


def least_squares(X, y):
    """The exact minimiser of :func:`linear_mse`: the w where the gradient is 0.

    Setting 2 / n X^T (X w - y) = 0 gives the normal equations X^T X w = X^T y, solved here
    directly (falling back to ``numpy.linalg.lstsq`` if X^T X is singular).
    """
    X, y = _check_Xy(X, y)
    try:
        return np.linalg.solve(X.T @ X, X.T @ y)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(X, y, rcond=None)[0]


# --------------------------------------------------------------------------------------------
# data bigger than memory: a regression data set in a file, streamed in batches
# --------------------------------------------------------------------------------------------
#
# File format: a standard .npy file holding one C-ordered array of shape (n_rows, n_features + 1);
# the last column is y. The .npy header records dtype and shape, so numpy.load(path,
# mmap_mode="r") opens it too. A sidecar "<path>.json" keeps how it was made (w_true, noise,
# seed); it is optional for reading.


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


@dataclass
class MemmapRegression:
    """An opened regression file. ``data`` is a read-only numpy.memmap of shape (n, d + 1).

    Opening maps the file without reading it. Touching ``data`` (or ``X``, ``y``) reads pages
    from disk, and those pages then count in this process's resident memory until the mapping
    goes away; :func:`stream_batches` reads with plain file reads instead so they never do.
    """

    path: Path
    n_rows: int
    n_features: int
    dtype: np.dtype
    offset: int
    data: np.memmap
    w_true: np.ndarray | None = None
    noise: float | None = None
    seed: int | None = None

    @property
    def X(self):
        return self.data[:, :-1]

    @property
    def y(self):
        return self.data[:, -1]

    @property
    def nbytes(self) -> int:
        return self.n_rows * (self.n_features + 1) * self.dtype.itemsize


def _read_header(path: Path):
    with open(path, "rb") as f:
        try:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"unsupported .npy format version {version}")
        except ValueError as error:
            raise ValueError(f"path {str(path)!r} is not a .npy regression file: {error}") from None
        offset = f.tell()
    if len(shape) != 2 or shape[1] < 2 or fortran_order:
        raise ValueError(
            f"path {str(path)!r} must hold a C-ordered (n_rows, n_features + 1) array, "
            f"got shape {shape}{' in Fortran order' if fortran_order else ''}"
        )
    return shape, np.dtype(dtype), offset


def write_memmap_regression(
    path, n_rows, n_features, seed=0, *, chunk_rows=100_000, noise=0.1, dtype=np.float32
) -> MemmapRegression:
    """Write a linear-regression data set to disk, chunk by chunk, and return it opened.

    Rows are x ~ standard normal (n_features of them) and y = x @ w_true + noise * normal,
    with w_true drawn from a normal too (no intercept). Every chunk is written through its own
    small numpy.memmap window, flushed and closed before the next, so memory stays near one
    chunk (chunk_rows x (n_features + 1) float64 numbers) however large the file. Randomness
    comes from separate streams for w_true, X and the noise, all derived from ``seed``, so the
    file does not depend on ``chunk_rows``.
    """
    path = Path(path)
    n_rows = _check_int("n_rows", n_rows)
    n_features = _check_int("n_features", n_features)
    chunk_rows = _check_int("chunk_rows", chunk_rows)
    noise = _check_noise(noise)
    dtype = np.dtype(dtype)
    if dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")

    seeds = np.random.SeedSequence(seed).spawn(3)
    rng_w, rng_x, rng_noise = (np.random.default_rng(s) for s in seeds)
    w_true = rng_w.standard_normal(n_features)

    cols = n_features + 1
    row_bytes = cols * dtype.itemsize
    header = {
        "descr": np.lib.format.dtype_to_descr(dtype),
        "fortran_order": False,
        "shape": (n_rows, cols),
    }
    with open(path, "wb") as f:
        np.lib.format.write_array_header_1_0(f, header)
        offset = f.tell()
        f.truncate(offset + n_rows * row_bytes)  # the full size up front (sparse until written)

    for start in range(0, n_rows, chunk_rows):
        rows = min(chunk_rows, n_rows - start)
        X = rng_x.standard_normal((rows, n_features))
        y = X @ w_true + noise * rng_noise.standard_normal(rows)
        window = np.memmap(
            path, dtype=dtype, mode="r+", offset=offset + start * row_bytes, shape=(rows, cols)
        )
        window[:, :-1] = X
        window[:, -1] = y
        window.flush()
        del window  # unmap: the written pages leave this process (the OS writes them out)

    meta = {
        "n_rows": n_rows,
        "n_features": n_features,
        "dtype": dtype.name,
        "seed": seed if isinstance(seed, Integral) else None,
        "noise": noise,
        "w_true": w_true.tolist(),
        "layout": "npy array (n_rows, n_features + 1); the last column is y",
    }
    _sidecar(path).write_text(json.dumps(meta, indent=1))
    return open_memmap_regression(path)


def open_memmap_regression(path) -> MemmapRegression:
    """Open a file made by :func:`write_memmap_regression` (or any 2-D .npy, last column y)."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path {str(path)!r} does not exist or is not a file")
    (n_rows, cols), dtype, offset = _read_header(path)
    data = np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=(n_rows, cols))
    info = {}
    if _sidecar(path).is_file():
        info = json.loads(_sidecar(path).read_text())
    w_true = info.get("w_true")
    return MemmapRegression(
        path=path,
        n_rows=n_rows,
        n_features=cols - 1,
        dtype=dtype,
        offset=offset,
        data=data,
        w_true=None if w_true is None else np.asarray(w_true, dtype=np.float64),
        noise=info.get("noise"),
        seed=info.get("seed"),
    )


def _resolve_source(source):
    """(path, n_rows, cols, dtype, offset) for a path, a MemmapRegression or a whole np.memmap."""
    if isinstance(source, MemmapRegression):
        return source.path, source.n_rows, source.n_features + 1, source.dtype, source.offset
    if isinstance(source, np.memmap):
        whole = isinstance(source.base, mmap.mmap) and source.flags.c_contiguous
        if not whole or source.ndim != 2 or source.filename is None:
            raise ValueError(
                "path_or_memmap must be a path, an opened MemmapRegression, or a whole 2-D "
                "numpy.memmap as opened from its file (not a slice of one); got a memmap view of "
                f"shape {source.shape}"
            )
        return Path(source.filename), source.shape[0], source.shape[1], source.dtype, source.offset
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ValueError(f"path_or_memmap {str(path)!r} does not exist or is not a file")
        (n_rows, cols), dtype, offset = _read_header(path)
        return path, n_rows, cols, dtype, offset
    raise ValueError(
        "path_or_memmap must be a path, a MemmapRegression or a numpy.memmap, "
        f"got {type(source).__name__}"
    )


def stream_batches(
    path_or_memmap, batch_size, *, start=0, stop=None, dtype=np.float64
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(Xb, yb)`` batches of rows ``start .. stop`` from disk, in file order.

    Every row is visited exactly once; the last batch is smaller when ``batch_size`` does not
    divide the number of rows. Each batch is a fresh array (converted to ``dtype``, float64 by
    default; ``None`` keeps the file's dtype), so nothing refers back to the file.

    Why not just loop over a numpy.memmap: on Linux the pages of a file mapping that a process
    has touched count in its resident memory (RSS) until they are unmapped, so iterating over a
    memmap of a 5 GB file shows up as a 5 GB process. Reading each contiguous batch with an
    ordinary file read (``numpy.fromfile`` at the current position) goes through the OS page
    cache instead, which the OS can drop at any time; the process holds one batch at a time.
    """
    path, n_rows, cols, file_dtype, offset = _resolve_source(path_or_memmap)
    start = _check_int("start", start, minimum=0)
    stop = n_rows if stop is None else _check_int("stop", stop, minimum=0)
    if not start < stop <= n_rows:
        raise ValueError(
            f"start and stop must satisfy 0 <= start < stop <= n_rows ({n_rows}), "
            f"got start={start}, stop={stop}"
        )
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, Integral)
        or not 1 <= batch_size <= stop - start
    ):
        raise ValueError(
            f"batch_size must be between 1 and the number of rows ({stop - start}), "
            f"got {batch_size}"
        )
    return _stream(path, cols, file_dtype, offset, start, stop, batch_size, dtype)


def _stream(path, cols, file_dtype, offset, start, stop, batch_size, dtype):
    row_bytes = cols * file_dtype.itemsize
    with open(path, "rb") as f:
        if hasattr(os, "posix_fadvise"):
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_SEQUENTIAL)
        f.seek(offset + start * row_bytes)
        for first in range(start, stop, batch_size):
            rows = min(batch_size, stop - first)
            block = np.fromfile(f, dtype=file_dtype, count=rows * cols)
            if block.size != rows * cols:
                raise ValueError(
                    f"file {str(path)!r} is shorter than its header says: rows {first}.."
                    f"{first + rows} are missing"
                )
            block = block.reshape(rows, cols)
            if dtype is None:
                yield block[:, :-1], block[:, -1]
            else:
                yield block[:, :-1].astype(dtype), block[:, -1].astype(dtype)
