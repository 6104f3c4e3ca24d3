"""A regression data set in a file bigger than we want in memory, read batch by batch.

File format: a standard .npy file holding one C-ordered array of shape (n_rows, n_features + 1);
the last column is y. The .npy header records dtype and shape, so numpy.load(path,
mmap_mode="r") opens it too. A sidecar "<path>.json" keeps how it was made (w_true, noise,
seed); it is optional for reading.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import checks

__all__ = [
    "MemmapRegression",
    "open_memmap_regression",
    "stream_batches",
    "write_memmap_regression",
]


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
    path = checks.path("path", path)
    n_rows = checks.integer("n_rows", n_rows, 1)
    n_features = checks.integer("n_features", n_features, 1)
    chunk_rows = checks.integer("chunk_rows", chunk_rows, 1)
    noise = checks.nonnegative("noise", noise)
    seed = checks.seed(seed)
    dtype = checks.dtype("dtype", dtype, (np.float32, np.float64))

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
        "seed": seed,
        "noise": noise,
        "w_true": w_true.tolist(),
        "layout": "npy array (n_rows, n_features + 1); the last column is y",
    }
    _sidecar(path).write_text(json.dumps(meta, indent=1))
    return open_memmap_regression(path)


def open_memmap_regression(path) -> MemmapRegression:
    """Open a file made by :func:`write_memmap_regression` (or any 2-D .npy, last column y)."""
    path = checks.path("path", path, exists=True)
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
        path = checks.path("path_or_memmap", source, exists=True)
        (n_rows, cols), dtype, offset = _read_header(path)
        return path, n_rows, cols, dtype, offset
    raise TypeError(
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
    start = checks.integer("start", start, 0)
    stop = n_rows if stop is None else checks.integer("stop", stop, 0)
    if not start < stop <= n_rows:
        raise ValueError(
            f"start and stop must satisfy 0 <= start < stop <= n_rows ({n_rows}), "
            f"got start={start}, stop={stop}"
        )
    rows = stop - start
    batch_size = checks.integer(
        "batch_size", batch_size, 1, rows, allowed=f"between 1 and the number of rows ({rows})"
    )
    if dtype is not None:
        dtype = checks.dtype("dtype", dtype)
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
