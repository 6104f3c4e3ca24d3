"""Benchmark: streaming a regression file 10x larger than the memory we allow ourselves.

Writes a float32 regression data set of >= 500 MB to a temporary directory (default /tmp) with
``helpers.data.write_memmap_regression``, then runs one epoch of minibatch SGD over it with
``helpers.data.stream_batches`` while a thread samples this process's resident memory (RSS).
The claim under test: RSS grows by at most ~50 MB while streaming, however large the file.

For contrast it then does the naive thing, copying batches out of a plain numpy.memmap: the
copies are freed too, yet RSS grows with every page of the file touched, because on Linux the
pages of a file mapping count in RSS until they are unmapped. The file is deleted at the end.

Run: ``.venv/bin/python benchmarks/bench_memmap.py [--rows N] [--features D] [--batch B]``
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from helpers import data

MB = 1024**2
LIMIT_MB = 50.0


class PeakRSS:
    """Samples RSS in a background thread; ``peak`` is the largest value seen (bytes)."""

    def __init__(self, interval=0.002):
        self.process = psutil.Process()
        self.interval = interval
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def rss() -> int:
    return psutil.Process().memory_info().rss


def evict_from_page_cache(path):
    """Ask the OS to forget its cached copy of this one file (a hint; Linux honours it)."""
    if hasattr(os, "posix_fadvise"):
        with open(path, "rb") as f:
            os.fsync(f.fileno())
            os.posix_fadvise(f.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def sgd_epoch(batches, w, lr):
    for Xb, yb in batches:
        w = w - lr * data.linear_mse_grad(w, Xb, yb)
    return w


def naive_memmap_batches(mm, batch_size):
    """What one would write first: copy each batch out of the memmap (the mapping stays)."""
    for start in range(0, mm.shape[0], batch_size):
        block = np.array(mm[start : start + batch_size], dtype=np.float64)
        yield block[:, :-1], block[:, -1]


def run(rows=6_500_000, features=20, batch_size=4096, lr=0.05, directory=None, naive=True):
    """Write, stream, measure, delete. Returns the numbers as a dict (sizes in MB)."""
    results = {}
    with tempfile.TemporaryDirectory(dir=directory, prefix="bench_memmap_") as tmp:
        path = Path(tmp) / "regression.npy"
        base = rss()
        t0 = time.perf_counter()
        with PeakRSS() as write_peak:
            source = data.write_memmap_regression(path, rows, features, seed=0, chunk_rows=100_000)
        results["write_seconds"] = time.perf_counter() - t0
        results["write_peak_growth_mb"] = (write_peak.peak - base) / MB
        results["file_mb"] = path.stat().st_size / MB
        w_true = source.w_true
        del source  # drop the open mapping; streaming goes through the file itself
        evict_from_page_cache(path)  # so the epoch below really reads from disk

        baseline = rss()
        t0 = time.perf_counter()
        with PeakRSS() as stream_peak:
            w = sgd_epoch(data.stream_batches(path, batch_size), np.zeros(features), lr)
        results["stream_seconds"] = time.perf_counter() - t0
        results["baseline_rss_mb"] = baseline / MB
        results["stream_peak_growth_mb"] = (stream_peak.peak - baseline) / MB
        results["stream_end_growth_mb"] = (rss() - baseline) / MB
        results["weight_error"] = float(np.max(np.abs(w - w_true)))

        if naive:
            mm = np.load(path, mmap_mode="r")
            baseline = rss()
            with PeakRSS() as naive_peak:
                sgd_epoch(naive_memmap_batches(mm, batch_size), np.zeros(features), lr)
            results["naive_peak_growth_mb"] = (naive_peak.peak - baseline) / MB
            del mm
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=6_500_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--batch", type=int, default=4096)
    parser.add_argument("--dir", default=None, help="where to write the file (default: /tmp)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive memmap loop")
    args = parser.parse_args(argv)
    r = run(args.rows, args.features, args.batch, directory=args.dir, naive=not args.no_naive)
    print(
        f"file size                       {r['file_mb']:8.1f} MB "
        f"({args.rows} rows x {args.features + 1} float32)"
    )
    print(
        f"write: time / peak RSS growth   {r['write_seconds']:8.1f} s  "
        f"{r['write_peak_growth_mb']:8.1f} MB"
    )
    print(f"baseline RSS before streaming   {r['baseline_rss_mb']:8.1f} MB")
    print(
        f"stream_batches: time (cold)     {r['stream_seconds']:8.1f} s "
        f"({r['file_mb'] / r['stream_seconds']:.0f} MB/s)"
    )
    print(
        f"stream_batches: peak RSS growth {r['stream_peak_growth_mb']:8.1f} MB "
        f"(limit {LIMIT_MB:g} MB; {r['stream_end_growth_mb']:.1f} MB at the end)"
    )
    print(f"SGD, one epoch: max |w - w_true| {r['weight_error']:.2e}")
    if "naive_peak_growth_mb" in r:
        print(
            f"naive memmap loop: peak RSS growth {r['naive_peak_growth_mb']:8.1f} MB "
            "(file-backed pages count in RSS)"
        )
    ok = r["stream_peak_growth_mb"] <= LIMIT_MB and r["file_mb"] >= 10 * LIMIT_MB
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
