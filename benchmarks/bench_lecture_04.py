"""Speed and memory of lecture 04 (the ML pipeline and batching).

1. Streaming a memmap file at least 10 times larger than the memory it may use: peak resident
   memory grows by at most 50 MB over the process's baseline (``bench_memmap.run``, reused).
2. ``solvers.minibatch_sgd`` costs at most 2 times a hand-written numpy loop doing the same
   updates (same permutations, same batches, same gradient function), measured in the same run.
3. The batch-size explorer: a slider event takes at most 10 ms kernel-side (median), and is at
   least 5 times faster than a naive matplotlib re-plot of the same figure rendered to PNG. Both
   ends of the batch-size slider are timed on their own: batch size 1 (SGD, the most updates) is
   the expensive end.

Run from the benchmarks folder: ``../.venv/bin/python bench_lecture_04.py [--skip-memmap]``.
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np

from bench_memmap import LIMIT_MB
from bench_memmap import run as run_memmap
from common import kernel, report, times_in_kernel, wall_clock
from helpers import data
from helpers.solvers import minibatch_sgd

MAX_OVERHEAD = 2.0


# ---------------------------------------------------------------- 1. data bigger than memory


def memmap_streaming() -> dict:
    r = run_memmap(naive=False)
    ok = r["stream_peak_growth_mb"] <= LIMIT_MB and r["file_mb"] >= 10 * LIMIT_MB
    print(
        f"memmap streaming: file {r['file_mb']:.0f} MB "
        f"({r['file_mb'] / LIMIT_MB:.1f}x the {LIMIT_MB:g} MB "
        f"allowed); peak RSS growth {r['stream_peak_growth_mb']:.1f} MB over a baseline of "
        f"{r['baseline_rss_mb']:.0f} MB; read at {r['file_mb'] / r['stream_seconds']:.0f} MB/s; "
        f"{'met' if ok else 'MISSED'}",
        flush=True,
    )
    return {"benchmark": "memmap streaming", **{k: round(v, 3) for k, v in r.items()}, "met": ok}


# ---------------------------------------------------------------- 2. solver against a plain loop


def hand_loop(grad_fn, w0, X, y, *, lr, batch_size, epochs, accumulate=1, seed=0):
    """The same updates written as plainly as numpy allows: no checks, no bookkeeping."""
    rng = np.random.default_rng(seed)
    n = len(y)
    w = np.array(w0, dtype=float)
    group = batch_size * accumulate
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, group):
            stop = min(start + group, n)
            if accumulate == 1:
                rows = order[start:stop]
                w = w - lr * grad_fn(w, X[rows], y[rows])
                continue
            total = 0.0
            for first in range(start, stop, batch_size):
                rows = order[first : min(first + batch_size, stop)]
                total = total + len(rows) * grad_fn(w, X[rows], y[rows])
            w = w - lr * total / (stop - start)
    return w


def solver_overhead() -> list[dict]:
    X, y, _ = data.make_linear_regression(2000, seed=0)
    rows = []
    for name, kwargs in [
        ("SGD, batch size 1, 2 epochs", {"batch_size": 1, "epochs": 2}),
        ("mini-batch 32, 50 epochs", {"batch_size": 32, "epochs": 50}),
        ("accumulation 8 x 4, 50 epochs", {"batch_size": 8, "accumulate": 4, "epochs": 50}),
        ("full batch, 1000 epochs", {"batch_size": 2000, "epochs": 1000}),
    ]:
        common = dict(lr=0.01, seed=3, **kwargs)
        result = minibatch_sgd(data.linear_mse_grad, [0.0, 0.0], X, y, **common)
        plain = hand_loop(data.linear_mse_grad, [0.0, 0.0], X, y, **common)
        assert np.allclose(result.w, plain, rtol=1e-12, atol=1e-12), (
            "the two loops must make the same updates"
        )
        ours = wall_clock(
            minibatch_sgd, data.linear_mse_grad, [0.0, 0.0], X, y, repeats=7, **common
        )
        theirs = wall_clock(hand_loop, data.linear_mse_grad, [0.0, 0.0], X, y, repeats=7, **common)
        ratio = ours / theirs
        updates = len(result.weights) - 1
        print(
            f"minibatch_sgd, {name}: {ours * 1e3:.1f} ms vs hand-written loop "
            f"{theirs * 1e3:.1f} ms ({updates} updates, {ours / updates * 1e6:.1f} vs "
            f"{theirs / updates * 1e6:.1f} us each): {ratio:.2f}x; target <= {MAX_OVERHEAD:g}x: "
            f"{'met' if ratio <= MAX_OVERHEAD else 'MISSED'}",
            flush=True,
        )
        rows.append(
            {
                "benchmark": f"minibatch_sgd overhead, {name}",
                "solver_ms": round(ours * 1e3, 3),
                "hand_loop_ms": round(theirs * 1e3, 3),
                "ratio": round(ratio, 3),
                "met": ratio <= MAX_OVERHEAD,
            }
        )
    return rows


# ---------------------------------------------------------------- 3. the explorer's sliders

SETUP = """
import io
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from helpers import data, palette
from helpers.geometry import loss_grid, loss_levels
from helpers.widgets import BatchSizeExplorer

explorer = BatchSizeExplorer()
W0, W1, L = loss_grid(explorer.X, explorer.y, explorer.extent, points=120)
levels = loss_levels(L)

def naive_replot(batch_size, lr):
    # What interact would do: rerun, then draw the same two panels from scratch and render them.
    result, reference = explorer.run(batch_size, lr), explorer.run(explorer.n, lr)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.contour(W0, W1, L, levels=levels, cmap="viridis")
    runs = ((reference, palette.FUNCTION, "full batch"), (result, palette.PATH, "your batch size"))
    for run, colour, label in runs:
        left.plot(run.path[:, 0], run.path[:, 1], "-", color=colour, label=label)
        right.semilogy(explorer.x_of(run, batch_size), run.losses, color=colour, label=label)
    left.set_title(f"B = {batch_size}"); left.legend(); right.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
"""


def explorer_sliders() -> list[dict]:
    batch_values = [int(b) for b in np.unique(np.geomspace(1, 200, 40).round())] * 2
    lr_values = [float(v) for v in np.logspace(-3, -0.5, 51)]
    with kernel() as client:
        rows = []
        batch = times_in_kernel(
            client, SETUP, "explorer.controls['batch_size'].value = value", batch_values
        )
        rows.append(report("batch-size explorer, batch-size slider 1..200", batch, target_ms=10))
        for axis in ("updates", "compute time"):
            times = times_in_kernel(
                client,
                f"explorer.controls['x_axis'].value = {axis!r}",
                "explorer.controls['batch_size'].value = value",
                batch_values,
            )
            rows.append(report(f"batch-size explorer, batch-size slider, x-axis {axis}", times,
                               target_ms=10))
        times_in_kernel(client, "", "explorer.controls['x_axis'].value = value", ["epochs"])
        lr = times_in_kernel(
            client,
            "explorer.controls['batch_size'].value = 10",
            "explorer.controls['lr'].value = value",
            lr_values,
        )
        rows.append(report("batch-size explorer, learning-rate slider (B = 10)", lr, target_ms=10))
        for end in (1, 200):
            times = times_in_kernel(
                client,
                f"explorer.controls['batch_size'].value = {end}",
                "explorer.controls['lr'].value = value",
                lr_values,
            )
            rows.append(
                report(
                    f"batch-size explorer, learning-rate slider at batch size {end}",
                    times,
                    target_ms=10,
                )
            )
        naive_values = [(b, 0.05) for b in batch_values[:20]] + [(1, v) for v in lr_values[::5]]
        naive = times_in_kernel(client, "", "naive_replot(*value)", naive_values)
        ours = batch + lr
        rows.append(
            report(
                "batch-size explorer, all slider events vs naive re-plot", ours, naive, target_ms=10
            )
        )
        sgd_naive = [t for t, (b, _) in zip(naive, naive_values, strict=False) if b == 1]
        sgd = rows[4]
        print(
            f"  at batch size 1 alone: explorer {sgd['median_ms']:.2f} ms, naive re-plot "
            f"{1000 * statistics.median(sgd_naive):.1f} ms",
            flush=True,
        )
    return rows


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-memmap", action="store_true", help="skip writing and streaming the big file"
    )
    args = parser.parse_args(argv)
    rows = [] if args.skip_memmap else [memmap_streaming()]
    rows += solver_overhead()
    rows += explorer_sliders()
    return rows


if __name__ == "__main__":
    main()
