"""Kernel-side time of a slider update, for every explorer in ``helpers.widgets`` and every one
of its sliders, against a naive matplotlib re-plot of the same figure, in the same run.

Explorers are found, not listed: every ``Explorer`` subclass that ``helpers.widgets`` exports is
built with its defaults inside a real kernel (``common.kernel``), and each of its sliders is
moved through values spread over its range (then back to where it was), at least 50 events per
explorer. Ours is that event: the explorer's ``update`` through the widget machinery, which
includes the solver and sending the new mark data. The naive re-plot is what ``interact`` with a
plotting function does per event, built from the explorer itself so that no explorer needs code
here: a second instance of the explorer takes the same event (so the solver runs and its results
are the same), then every bqplot figure of it is drawn anew with matplotlib from its marks' data
(lines, scatters, heat maps; titles, axis labels, limits, legend) and rendered to PNG. That
baseline is generous to the naive side: it gets any precomputed data (contour lines, grids) for
free. The per-lecture scripts (bench_explorer_1d.py, bench_lectures_02_03.py, ...) compare
against hand-written re-plots of their own figures; this one makes sure no explorer is missed.

Targets (per explorer, over all its slider events): median at most 10 ms, and the naive re-plot's
median at least 5 times ours.

Run from the benchmarks/ folder: ``../.venv/bin/python bench_kernel_updates.py [ClassName ...]``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from pathlib import Path

from common import kernel, report, run, times_in_kernel

TARGET_MS = 10
MIN_SPEEDUP = 5
EVENTS = 60  # per explorer, at least 50
HERE = Path(__file__).resolve().parent


# ----------------------------------------------------------------------- run inside the kernel


def explorer_classes() -> dict:
    """Every explorer class ``helpers.widgets`` exports, by name."""
    import helpers.widgets as package
    from helpers.widgets.base import Explorer

    classes = {}
    for name in getattr(package, "__all__", dir(package)):
        value = getattr(package, name, None)
        if isinstance(value, type) and issubclass(value, Explorer) and value is not Explorer:
            classes[name] = value
    return classes


def _is_slider(control) -> bool:
    return any("Slider" in cls.__name__ for cls in type(control).__mro__) and hasattr(
        control, "step"
    )


def slider_values(control, count: int) -> list:
    """``count`` values spread over the slider's range (in its own coordinates: the exponent
    for a log slider), in an order that jumps around, then the value it started at."""
    import numpy as np

    low, high = control.min, control.max
    positions = np.linspace(low, high, count)
    order = np.random.default_rng(0).permutation(count)
    values = []
    for position in positions[order]:
        steps = round((position - low) / control.step)
        position = min(high, low + steps * control.step)
        if hasattr(control, "base"):
            values.append(float(control.base**position))
        elif isinstance(control.value, int):
            values.append(int(position))
        else:
            values.append(float(position))
    return values + [control.value]


def plan(explorer, events: int = EVENTS) -> list:
    """(slider name, value) events covering every slider, at least ``events`` in all."""
    sliders = {name: c for name, c in explorer.controls.items() if _is_slider(c)}
    per_slider = max(2, math.ceil(events / max(1, len(sliders))) - 1)
    return [[name, value] for name, c in sliders.items() for value in slider_values(c, per_slider)]


def bqplot_figures(widget) -> tuple[list, bool]:
    """The bqplot figures inside a widget, depth first, and whether they are stacked (VBox)."""
    import bqplot as bq
    import ipywidgets as widgets

    if isinstance(widget, bq.Figure):
        return [widget], False
    found = []
    for child in getattr(widget, "children", ()):
        found += bqplot_figures(child)[0]
    return found, isinstance(widget, widgets.VBox)


def _rows(values) -> list:
    """A mark's x or y as a list of 1-D arrays: one per line (bqplot allows 2-D and ragged)."""
    import numpy as np

    array = np.asarray(values, dtype=object)
    if array.ndim == 2 or (array.ndim == 1 and array.size and np.ndim(array[0]) == 1):
        return [np.asarray(row, dtype=float) for row in array]
    return [np.asarray(values, dtype=float)]


def _draw_mark(ax, mark) -> None:
    import bqplot as bq
    import numpy as np

    label = (mark.labels or [None])[0] if getattr(mark, "display_legend", False) else None
    colors = list(getattr(mark, "colors", None) or ["C0"])
    if isinstance(mark, bq.HeatMap):
        ax.pcolormesh(
            np.asarray(mark.x, dtype=float),
            np.asarray(mark.y, dtype=float),
            np.asarray(mark.color, dtype=float),
            cmap="viridis",
            shading="auto",
        )
    elif isinstance(mark, bq.Lines):
        xs, ys = _rows(mark.x), _rows(mark.y)
        if len(xs) == 1 and len(ys) > 1:
            xs = xs * len(ys)
        style = "--" if mark.line_style == "dashed" else ":" if mark.line_style == "dotted" else "-"
        for k, (x, y) in enumerate(zip(xs, ys, strict=False)):
            ax.plot(
                x,
                y,
                style,
                color=colors[k % len(colors)],
                linewidth=mark.stroke_width,
                marker="o" if mark.marker else None,
                markersize=3,
                label=label if k == 0 else None,
            )
    elif isinstance(mark, bq.Scatter):
        ax.scatter(
            np.asarray(mark.x, dtype=float),
            np.asarray(mark.y, dtype=float),
            color=colors[0],
            s=mark.default_size / 2,
            label=label,
            zorder=3,
        )


def naive_replot(widget) -> int:
    """Draw every bqplot figure in ``widget`` anew with matplotlib and render it to PNG, as a
    plotting function behind ``interact`` would; returns the PNG's size in bytes."""
    import bqplot as bq
    import matplotlib.pyplot as plt

    figures, stacked = bqplot_figures(widget)
    shape = (len(figures), 1) if stacked else (1, len(figures))
    fig, axes = plt.subplots(*shape, figsize=(5.5 * shape[1], 4.2 * shape[0]), squeeze=False)
    for ax, figure in zip(axes.ravel(), figures, strict=False):
        for mark in figure.marks:
            _draw_mark(ax, mark)
        for axis in figure.axes:
            if isinstance(axis, bq.ColorAxis):
                continue
            vertical = axis.orientation == "vertical"
            (ax.set_ylabel if vertical else ax.set_xlabel)(axis.label)
            scale = axis.scale
            if isinstance(scale, bq.LogScale):
                (ax.set_yscale if vertical else ax.set_xscale)("log")
            if getattr(scale, "min", None) is not None and getattr(scale, "max", None) is not None:
                (ax.set_ylim if vertical else ax.set_xlim)(scale.min, scale.max)
        ax.set_title(figure.title)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper right")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.tell()


# ----------------------------------------------------------------------- run by the benchmark

SETUP = f"""
import sys, json
sys.path.insert(0, {str(HERE)!r})
import matplotlib
matplotlib.use("Agg")
import bench_kernel_updates as _bench
"""


def bench_explorer(client, name: str) -> dict:
    run(
        client,
        f"explorer = _bench.explorer_classes()[{name!r}](); "
        f"shadow = _bench.explorer_classes()[{name!r}](); events = _bench.plan(explorer)",
    )
    events = json.loads(run(client, "print(json.dumps(events))"))
    ours = times_in_kernel(client, "", "explorer.controls[value[0]].value = value[1]", events)
    naive = times_in_kernel(
        client,
        "",
        "shadow.controls[value[0]].value = value[1]; _bench.naive_replot(shadow.view)",
        events,
    )
    sliders = sorted({event[0] for event in events})
    row = report(
        f"{name} ({len(sliders)} sliders: {', '.join(sliders)})", ours, naive, target_ms=TARGET_MS
    )
    row["explorer"] = name
    row["met"] = row["median_ms"] <= TARGET_MS and row["speedup"] >= MIN_SPEEDUP
    if row["speedup"] < MIN_SPEEDUP:
        print(
            f"  speedup {row['speedup']:.1f}x is below the {MIN_SPEEDUP}x target: MISSED",
            flush=True,
        )
    return row


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("explorers", nargs="*", help="explorer class names (default: all)")
    args = parser.parse_args(argv)
    rows = []
    with kernel() as client:
        run(client, SETUP)
        names = args.explorers or json.loads(
            run(client, "print(json.dumps(list(_bench.explorer_classes())))")
        )
        for name in names:
            rows.append(bench_explorer(client, name))
    return rows


if __name__ == "__main__":
    sys.exit(0 if all(row["met"] for row in main()) else 1)
