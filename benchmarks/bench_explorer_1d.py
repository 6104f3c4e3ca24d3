"""Kernel-side time of one slider update of the 1-D explorer, against a naive re-plot.

Target (issue 2): median at most 10 ms, and at least 5 times faster than building a new
matplotlib figure and rendering it to PNG per event (what ``interact`` does).
"""

import numpy as np

from common import kernel, report, times_in_kernel

SETUP = """
import io
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from helpers import functions
from helpers.solvers import gradient_descent
from helpers.widgets import DescentExplorer1D
explorer = DescentExplorer1D()
quartic = functions.quartic()
grid = np.linspace(*quartic.domain, 400)

def naive_replot(lr):
    result = gradient_descent(quartic.grad, 1.8, lr, steps=30)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(grid, quartic.f(grid), label="f(x)")
    ax.plot(result.path, quartic.f(result.path), "-o", label="descent path")
    ax.set_title("Gradient descent on the quartic"); ax.legend()
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
"""


def main() -> list[dict]:
    values = [float(v) for v in np.logspace(-3, 0, 60)]
    with kernel() as client:
        ours = times_in_kernel(client, SETUP, "explorer.controls['lr'].value = value", values)
        naive = times_in_kernel(client, "", "naive_replot(value)", values)
    return [report("1-D explorer, learning-rate slider", ours, naive, target_ms=10)]


if __name__ == "__main__":
    main()
