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
import secrets
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


def _read_header(name: str, path: Path):
    """(shape, dtype, offset) from the .npy header of ``path``, the argument called ``name``;
    a ValueError unless the file is a complete .npy file of a 2-D real-number array."""
    size = path.stat().st_size
    if size == 0:
        raise ValueError(f"{name} must be a .npy file, got {str(path)!r}, which is empty")
    with open(path, "rb") as f:
        try:
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(f)
            elif version == (2, 0):
                shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(f)
            else:
                raise ValueError(f"its .npy format version is {version}, not 1.0 or 2.0")
        except ValueError as error:
            raise ValueError(
                f"{name} must be a .npy file (format 1.0 or 2.0, as numpy.save writes), got "
                f"{str(path)!r}, whose header cannot be read: {error}"
            ) from None
        offset = f.tell()
    dtype = np.dtype(dtype)
    if len(shape) != 2 or shape[1] < 2 or fortran_order:
        raise ValueError(
            f"{name} must hold a C-ordered (n_rows, n_features + 1) array with at least 2 "
            f"columns, got {str(path)!r} holding shape {shape}"
            f"{' in Fortran order' if fortran_order else ''}"
        )
    if dtype.kind not in "fiu":
        raise ValueError(
            f"{name} must hold real numbers (a float or integer dtype), got {str(path)!r} "
            f"holding dtype {dtype}"
        )
    expected = offset + shape[0] * shape[1] * dtype.itemsize
    if size != expected:
        how = "shorter" if size < expected else "longer"
        raise ValueError(
            f"{name} must be a complete .npy file, got {str(path)!r}, which is {how} than its "
            f"header says: the header and {shape[0]} rows x {shape[1]} columns of {dtype} make "
            f"{expected:,} bytes, the file has {size:,}"
            + (" (was its writing interrupted?)" if size < expected else "")
        )
    return shape, dtype, offset


def _new_sibling(target: Path) -> Path:
    """A new empty file next to ``target``, created exclusively (so it is ours to delete); in the
    same directory, so that os.replace onto ``target`` is a rename."""
    while True:
        candidate = target.with_name(f"{target.name}.partial-{secrets.token_hex(4)}")
        try:
            candidate.open("xb").close()
        except FileExistsError:
            continue
        return candidate


def write_memmap_regression(
    path, n_rows, n_features, seed=0, *, chunk_rows=100_000, noise=0.1, dtype=np.float32
) -> MemmapRegression:
    """Write a linear-regression data set to disk, chunk by chunk, and return it opened.

    Rows are x ~ standard normal (n_features of them) and y = x @ w_true + noise * normal,
    with w_true drawn from a normal too (no intercept). The chunks are appended with ordinary
    file writes, so memory stays near one chunk (chunk_rows x (n_features + 1) numbers) however
    large the file, and a full disk is an OSError (a write through a memory map into a file the
    disk has no room for kills the process with SIGBUS instead). Randomness comes from separate
    streams for w_true, X and the noise, all derived from ``seed``, so the file does not
    depend on ``chunk_rows``.

    Nothing half-written is ever left at ``path``: the file and its sidecar are written under
    temporary names in the same directory and renamed into place only when complete. If anything
    fails (a Ctrl-C too), the temporary files are removed and a file that was already at ``path``
    keeps its contents.
    """
    path = checks.path("path", path)
    n_rows = checks.integer("n_rows", n_rows, 1, checks.LIMITS["disk_rows"])
    n_features = checks.integer("n_features", n_features, 1, checks.LIMITS["width"])
    chunk_rows = checks.integer("chunk_rows", chunk_rows, 1, checks.LIMITS["rows"])
    noise = checks.number("noise", noise, low=0.0, high=checks.LIMITS["magnitude"])
    seed = checks.seed(seed)
    dtype = checks.dtype("dtype", dtype, (np.float32, np.float64))
    sidecar = _sidecar(path)
    for target in (path, sidecar):
        if target.is_dir():
            raise ValueError(
                f"path must be a file path (a str or a pathlib.Path), got {str(path)!r}, "
                f"but {str(target)!r} is a directory"
            )

    seeds = np.random.SeedSequence(seed).spawn(3)
    rng_w, rng_x, rng_noise = (np.random.default_rng(s) for s in seeds)
    w_true = rng_w.standard_normal(n_features)
    meta = {
        "n_rows": n_rows,
        "n_features": n_features,
        "dtype": dtype.name,
        "seed": seed,
        "noise": noise,
        "w_true": w_true.tolist(),
        "layout": "npy array (n_rows, n_features + 1); the last column is y",
    }

    partial_rows = _new_sibling(path)
    partial_meta = None
    placed = False
    try:
        with open(partial_rows, "wb") as f:
            header = {
                "descr": np.lib.format.dtype_to_descr(dtype),
                "fortran_order": False,
                "shape": (n_rows, n_features + 1),
            }
            np.lib.format.write_array_header_1_0(f, header)
            for start in range(0, n_rows, chunk_rows):
                rows = min(chunk_rows, n_rows - start)
                X = rng_x.standard_normal((rows, n_features))
                block = np.empty((rows, n_features + 1), dtype=dtype)
                block[:, :-1] = X
                block[:, -1] = X @ w_true + noise * rng_noise.standard_normal(rows)
                block.tofile(f)
        partial_meta = _new_sibling(sidecar)
        partial_meta.write_text(json.dumps(meta, indent=1))
        os.replace(partial_rows, path)
        placed = True
        os.replace(partial_meta, sidecar)
    except BaseException:
        if placed:  # the new rows are in place but their description is not: drop the old one
            sidecar.unlink(missing_ok=True)
        for partial in (partial_rows, partial_meta):
            if partial is not None:
                partial.unlink(missing_ok=True)
        raise
    return open_memmap_regression(path)


def open_memmap_regression(path) -> MemmapRegression:
    """Open a file made by :func:`write_memmap_regression` (or any 2-D .npy, last column y)."""
    path = checks.path("path", path, exists=True)
    (n_rows, cols), dtype, offset = _read_header("path", path)
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
        (n_rows, cols), dtype, offset = _read_header("path_or_memmap", path)
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
        "batch_size", batch_size, 1, rows,
        allowed=f"between 1 and the number of rows from start to stop ({rows})"
    )
    if dtype is not None:
        dtype = checks.dtype("dtype", dtype)
        if dtype.kind not in "fiu":
            raise ValueError(f"dtype must be a numeric dtype (float or integer) or None, got "
                             f"{dtype.name}")
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
