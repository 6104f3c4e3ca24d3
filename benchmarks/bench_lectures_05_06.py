"""Speed of lectures 05 and 06.

1. Time per full-batch training step (forward, loss, backward, update) of our numpy MLP against
   torch autograd + ``torch.optim.SGD``, for the lecture's network (2 -> 16 -> 16 -> 1 on 200
   points of the two moons), measured in the same run. Target: ours at most 1.5 x torch.
2. The training explorer's step slider, timed inside a real kernel, against a naive matplotlib
   re-plot of the same figure (probability map, boundary, points, loss curve with the marker)
   rendered to PNG per event. Target: median at most 10 ms, at least 5 x faster.
3. Notebooks 05 and 06 executed cell by cell in a fresh kernel started in notebooks/: the time
   from the first cell to the last (kernel start excluded) and the kernel's peak resident memory.
   Targets: at most 30 s each; at most 300 MB for 05 (which must not load torch), 700 MB for 06.

Run from the benchmarks/ folder: ``../.venv/bin/python bench_lectures_05_06.py``.
"""

import json
import statistics
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

from common import kernel, report, run, times_in_kernel

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def training_step_times(rounds: int = 5, repeats: int = 200) -> dict:
    """Median over ``rounds`` of the per-step medians, ours and torch's, in this process."""
    from helpers import crosscheck, data, mlp

    X, y = data.make_moons(200, noise=0.2, seed=0)
    params = mlp.init_params([2, 16, 16, 1], seed=0, bias=0.1)
    ours, theirs = [], []
    for _ in range(rounds):
        timing = crosscheck.time_training_step(params, X, y, repeats=repeats, warmup=20)
        ours.append(timing.numpy_seconds)
        theirs.append(timing.torch_seconds)
    ours_us, torch_us = 1e6 * statistics.median(ours), 1e6 * statistics.median(theirs)
    ratio = ours_us / torch_us
    print(
        f"training step, 2-16-16-1 on 200 points: ours {ours_us:.0f} µs, torch {torch_us:.0f} µs, "
        f"ours / torch = {ratio:.2f}; target <= 1.5: {'met' if ratio <= 1.5 else 'MISSED'}",
        flush=True,
    )
    return {
        "benchmark": "training step",
        "ours_us": round(ours_us, 1),
        "torch_us": round(torch_us, 1),
        "ratio": round(ratio, 3),
        "target_ratio": 1.5,
    }


EXPLORER_SETUP = """
import io
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from helpers.widgets import TrainingExplorer
from matplotlib.colors import LinearSegmentedColormap
from helpers import palette
PROBABILITY_MAP = LinearSegmentedColormap.from_list("p", list(palette.PROBABILITY))
explorer = TrainingExplorer()
run = explorer.run
xs, ys = explorer.heatmap.x, explorer.heatmap.y
losses = run.result.losses

def naive_replot(step):
    index = run.index_at(step)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.pcolormesh(xs, ys, run.probabilities[index], cmap=PROBABILITY_MAP, vmin=0, vmax=1)
    P = run.probabilities[index]
    if P.min() < 0.5 < P.max():
        left.contour(xs, ys, P, levels=[0.5], colors="black")
    for k in (0, 1):
        rows = explorer.y == k
        left.scatter(explorer.X[rows, 0], explorer.X[rows, 1], c=palette.CLASSES[k],
                     edgecolors="black", label=f"class {k}")
    left.set_title(f"After {run.steps[index]} steps"); left.legend()
    right.plot(np.arange(len(losses)), losses, label="loss")
    right.plot([run.steps[index]], [losses[run.steps[index]]], "o", label="the step shown")
    right.set_yscale("log"); right.set_title("The loss while training"); right.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
"""


def explorer_slider() -> dict:
    steps = list(range(0, 301, 5))
    values = steps + steps[::-1]
    with kernel() as client:
        ours = times_in_kernel(
            client, EXPLORER_SETUP, "explorer.controls['step'].value = value", values
        )
        naive = times_in_kernel(client, "", "naive_replot(value)", values[:40])
    return report("training explorer, step slider", ours, naive, target_ms=10)


# The kernel's own high-water mark (VmHWM). Not getrusage's ru_maxrss: Linux carries that over
# from the process that started the kernel, through fork and exec.
MEMORY = """
import json, sys
with open("/proc/self/status") as _status:
    _hwm_kb = next(int(line.split()[1]) for line in _status if line.startswith("VmHWM:"))
print(json.dumps({"peak_rss_mb": _hwm_kb / 1024, "torch_loaded": "torch" in sys.modules}))
"""


def notebook_run(name: str, limit_s: float, limit_mb: float) -> dict:
    """Execute the notebook's code cells in order in a fresh kernel; time and memory."""
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOKS))
    try:
        start = time.perf_counter()
        for source in cells:
            run(client, source)
        seconds = time.perf_counter() - start
        facts = json.loads(run(client, MEMORY).strip().splitlines()[-1])
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    ok = seconds <= limit_s and facts["peak_rss_mb"] <= limit_mb
    print(
        f"{name}: {seconds:.1f} s (target <= {limit_s:g}), "
        f"kernel peak RSS {facts['peak_rss_mb']:.0f} MB "
        f"(target <= {limit_mb:g}), torch loaded: {facts['torch_loaded']}; "
        f"{'met' if ok else 'MISSED'}",
        flush=True,
    )
    return {
        "benchmark": name,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(facts["peak_rss_mb"], 1),
        "torch_loaded": facts["torch_loaded"],
        "target_s": limit_s,
        "target_mb": limit_mb,
    }


def main() -> list[dict]:
    rows = [
        notebook_run("05_backprop_by_hand.ipynb", 30, 300),
        notebook_run("06_autograd_crosscheck.ipynb", 30, 700),
        explorer_slider(),
        training_step_times(),
    ]
    lecture_05 = rows[0]
    if lecture_05["torch_loaded"]:
        print("05_backprop_by_hand.ipynb loaded torch: it must stay numpy-only (MISSED)")
    return rows


if __name__ == "__main__":
    main()
