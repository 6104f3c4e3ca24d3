"""Speed of lectures 02 and 03: the basin map, and the slider updates of the 2-D explorers.

Targets (lectures 02 and 03):
- Basin map of Himmelblau's function on 200 x 200 starts, up to 500 steps each (the map lecture 03
  draws): at most 1 s, and at least 30 times faster than calling ``gradient_descent`` once per
  start. The per-start loop is timed on a random subset of 2000 starts (seed 0) and scaled up
  to all 40 000, in the same run.
- A slider update of the 2-D explorer (contour map + path) and of the momentum explorer (map with
  two paths + the height trace), timed inside a real kernel: median at most 10 ms, and at least 5
  times faster than a naive matplotlib re-plot of the same figure rendered to PNG per event.

Run from the benchmarks/ folder: ``python bench_lectures_02_03.py``.
"""

import time

import numpy as np

from common import kernel, report, times_in_kernel, wall_clock
from helpers import basins, functions
from helpers.solvers import gradient_descent

N, STEPS, LR = 200, 500, 0.01
SUBSET = 2000


def basin_map_benchmark() -> list[dict]:
    himmelblau = functions.himmelblau()
    basins.basin_map(himmelblau, 20, lr=LR, steps=STEPS)  # warm up
    vectorized = wall_clock(basins.basin_map, himmelblau, N, lr=LR, steps=STEPS, repeats=3)
    basin = basins.basin_map(himmelblau, N, lr=LR, steps=STEPS)
    starts = basin.starts.reshape(-1, 2)
    subset = np.random.default_rng(0).choice(len(starts), SUBSET, replace=False)
    begin = time.perf_counter()
    labels = [
        basins.which_minimum(himmelblau, gradient_descent(himmelblau.grad, s, LR, steps=STEPS).x)
        for s in starts[subset]
    ]
    loop = (time.perf_counter() - begin) * len(starts) / SUBSET
    agree = np.mean(np.array(labels) == basin.labels.reshape(-1)[subset])
    speedup = loop / vectorized
    longest = int(basin.many.steps.max())
    print(
        f"basin map, Himmelblau, {N} x {N} starts, up to {STEPS} steps (lr {LR}): "
        f"{vectorized:.3f} s (median of 3; every start settled by step {longest}); "
        f"target <= 1 s: {'met' if vectorized <= 1 else 'MISSED'}"
    )
    print(
        f"  one gradient_descent call per start: {loop:.1f} s, estimated from {SUBSET} random "
        f"starts x {len(starts) // SUBSET}; {speedup:.0f}x slower than the vectorized map "
        f"(target >= 30x: {'met' if speedup >= 30 else 'MISSED'}); "
        f"labels agree on {100 * agree:.1f}%",
        flush=True,
    )
    rows = [
        {"benchmark": "basin map 200x200x500", "seconds": round(vectorized, 3), "target_s": 1.0},
        {
            "benchmark": "per-start loop, scaled",
            "seconds": round(loop, 2),
            "speedup": round(speedup, 1),
        },
    ]
    # For comparison only, no target: a map whose slowest start needs 141 steps and whose
    # gradient costs three times Himmelblau's (it raises x to the third and fourth power).
    trap = functions.trap()
    heavy = wall_clock(basins.basin_map, trap, N, lr=0.1, steps=STEPS, momentum=0.8, repeats=1)
    print(f"  (for comparison, no target: the trap with momentum 0.8 on {N} x {N}: {heavy:.3f} s)")
    rows.append({"benchmark": "basin map trap momentum 0.8", "seconds": round(heavy, 3)})
    return rows


SETUP_2D = """
import io
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from helpers import functions
from helpers.geometry import contour_levels
from helpers.solvers import gradient_descent
from helpers.widgets import DescentExplorer2D, MomentumExplorer
explorer = DescentExplorer2D(function="Himmelblau")
momentum_explorer = MomentumExplorer()
himmelblau, trap = functions.himmelblau(), functions.trap()

def grid(objective, n=160):
    (a, b), (c, d) = objective.domain
    X, Y = np.meshgrid(np.linspace(a, b, n), np.linspace(c, d, n))
    return X, Y, objective.f(np.stack([X, Y], axis=-1))

# The naive re-plot gets its grids and levels for free; it only redraws per event.
H, T = grid(himmelblau), grid(trap)
H_LEVELS, T_LEVELS = contour_levels(himmelblau), contour_levels(trap)

def naive_2d(lr):
    result = gradient_descent(himmelblau.grad, (0.0, 0.0), lr, steps=100)
    fig, ax = plt.subplots(figsize=(5.2, 5.2))
    ax.contour(*H, levels=H_LEVELS, cmap="viridis")
    path = np.clip(result.path, -5.5, 5.5)
    ax.plot(path[:, 0], path[:, 1], "-o", label="descent path")
    ax.set_title("Gradient descent on the Himmelblau"); ax.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)

def naive_momentum(beta):
    plain = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300)
    heavy = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300, momentum=beta)
    fig, (ax, trace) = plt.subplots(2, 1, figsize=(6.4, 7.6), height_ratios=[5, 2.6])
    ax.contour(*T, levels=T_LEVELS, cmap="viridis")
    for r, name in ((plain, "plain descent"), (heavy, "with momentum")):
        path = np.clip(r.path, -3.3, 2.5)
        ax.plot(path[:, 0], path[:, 1], "-o", ms=2, label=name)
        trace.plot(trap.f(path), label=name)
    ax.set_title("Plain descent against momentum"); ax.legend(); trace.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
"""


def explorer_benchmark() -> list[dict]:
    lrs = [float(v) for v in np.logspace(-3, 0, 60)]
    betas = [float(v) for v in np.linspace(0.0, 0.99, 60)]
    starts = [float(v) for v in np.linspace(-5.0, 5.0, 60)]
    with kernel() as client:
        lr_2d = times_in_kernel(client, SETUP_2D, "explorer.controls['lr'].value = value", lrs)
        x0_2d = times_in_kernel(client, "", "explorer.controls['x0'].value = value", starts)
        click = times_in_kernel(client, "", "explorer.start_at(value, -value / 2)", starts)
        naive_2d = times_in_kernel(client, "", "naive_2d(value)", lrs)
        beta = times_in_kernel(
            client, "", "momentum_explorer.controls['momentum'].value = value", betas
        )
        naive_beta = times_in_kernel(client, "", "naive_momentum(value)", betas)
    return [
        report("2-D explorer, learning-rate slider", lr_2d, naive_2d, target_ms=10),
        report("2-D explorer, start x slider", x0_2d, naive_2d, target_ms=10),
        report("2-D explorer, click to start", click, naive_2d, target_ms=10),
        report("momentum explorer, momentum slider", beta, naive_beta, target_ms=10),
    ]


def main() -> list[dict]:
    return basin_map_benchmark() + explorer_benchmark()


if __name__ == "__main__":
    main()
