"""End-to-end latency of every explorer in every notebook, in headless Chromium against a real
JupyterLab, as a student meets it.

Slider to pixels: a value is typed into a slider's readout and Enter pressed; the time runs until
the frame that shows the figure's last change has been painted (SVG changes are seen by a
MutationObserver, canvas drawing by wrapping the drawing calls; "painted" is the first animation
frame after the change plus one task). Moves alternate between a value that changes the picture
and the notebook's own value, slider after slider; 60 moves per explorer by default (at least
20), and the median of every slider is held to the target: 60 ms for 2-D (bqplot) explorers,
300 ms for 3-D views. (bqplot draws a change in the animation frame after it arrives. The server
is started as `make lab` starts it, with the kernel websocket of :mod:`helpers.server`: with
jupyter_server's own, Nagle's algorithm held every move's messages back about 40 ms; and with
the course's JupyterLab settings (binder/overrides.json, installed by `make`). JupyterLab
keeps its own windowing, which skips the cells out of view, and the explorer being timed is
scrolled to the top of the view, as a student using it has it: a figure out of view is never
painted, and timing it would flatter it.)

Drag then release: the mouse drags each slider's handle across its track (40 moves, 25 ms apart,
about two seconds with the browser's own work) and lets go; the time from the release to the
painting of the last change of the figure or its label. Each slider is dragged three times
(there, back, there again); the median per slider is held to the target, 100 ms, for every
slider (a backlog of stale frames would show as a long tail after the release); the single worst
drag is shown too. After each drag the label on screen and the kernel's label must agree, and
the kernel must hold the value the slider shows (to the digits its readout shows).

The floor: the same typed moves on a bare slider whose move rewrites a label and draws no figure
(a notebook of one cell, written beside the lectures on the server), timed before the lectures and
after them: what the page, the server and the kernel cost at that moment before any figure is
drawn, to read the explorers' numbers against (on these shared 2-core machines they move by
10-20 ms from run to run).

Run: ``.venv/bin/python benchmarks/bench_browser.py [--moves N] [--drags N] [notebook.ipynb ...]``
(needs Chromium: apt-get install chromium).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from pathlib import Path

import nbformat

from common import report

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import lab  # the browser harness lives with the browser tests

TARGET_MS = {"2d": 60, "3d": 300}
COURSE_SETTINGS = Path(__file__).resolve().parents[1] / "binder" / "overrides.json"
LAB_SETTINGS = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
RELEASE_TARGET_MS = 100
QUIET_MS = 150  # a move has ended when the figure did not change for this long
DRAG_QUIET_MS = 500
STUCK_S = 10  # after a drag, how long the kernel may take to hold the slider's final value


def timed_moves(notebook, explorer: dict, moves: int) -> dict[str, list[float]]:
    """Latencies in seconds of ``moves`` slider changes (plus one warm-up, not counted), by
    slider name."""
    sliders = [s for s in explorer["sliders"] if s["kind"] is not None]
    plan = []
    for slider in sliders:
        choice = notebook.probe("choices", explorer["model_id"], slider["name"])[0]
        plan.append(
            [
                (slider["name"], slider["description"], choice),
                (slider["name"], slider["description"], lab.original_text(slider)),
            ]
        )
    rounds = math.ceil((moves + 1) / (2 * len(sliders)))
    sequence = [move for _ in range(rounds) for pair in plan for move in pair]
    latencies = {slider["name"]: [] for slider in sliders}
    for k, (name, description, text) in enumerate(sequence):
        result = notebook.js(
            "timedMove",
            explorer["model_id"],
            explorer["figure_index"],
            description,
            text,
            QUIET_MS,
            10_000,
        )
        if result["latency"] is None:
            raise RuntimeError(
                f"{explorer['class']}: typing {text} into {description!r} changed nothing"
            )
        if k:
            latencies[name].append(result["latency"] / 1000)
    return latencies


def release_delay(notebook, explorer: dict, slider: dict, right: bool) -> float | None:
    """Seconds from letting go after a drag to the painting of the last change of the figure or
    its label; None when the drag changed neither. If the kernel does not yet hold the value the
    slider shows once the figure has gone quiet, the wait goes on (up to ``STUCK_S``) and the
    frames that follow count; a value that never arrives gives infinity."""
    model_id = explorer["model_id"]
    notebook.js("record", model_id, explorer["figure_index"], True)
    notebook.js("watchRelease")
    notebook.drag_handle(model_id, slider["description"], right=right)
    result = notebook.js("settle", 0, DRAG_QUIET_MS, 5_000)
    if result["released"] is None:
        raise RuntimeError(
            f"{explorer['class']}: the drag on {slider['description']!r} never let go"
        )
    arrived = lab.wait_until(lambda: kernel_agrees(notebook, explorer, slider), STUCK_S, 0.1)
    result = notebook.js("settle", 0, DRAG_QUIET_MS, 5_000)
    notebook.js("stopRecording")
    if not arrived:
        print(
            f"{explorer['class']}: after dragging {slider['description']!r} the kernel never got "
            f"the value the slider shows, or the label on screen is not the kernel's"
        )
        return math.inf
    if result["last"] is None:
        print(f"{explorer['class']}: dragging {slider['description']!r} changed nothing on screen")
        return None
    return max(0.0, result["last"] - result["released"]) / 1000


def kernel_agrees(notebook, explorer: dict, slider: dict) -> bool:
    """The kernel holds the value the slider shows, and the label on screen is the kernel's."""
    model_id = explorer["model_id"]
    state = notebook.probe("state", model_id)
    shown = notebook.js("readoutText", model_id, slider["description"]).replace("\u2212", "-")
    readout_rounding = 0.0 if slider["kind"] == "log" else slider["step"]
    value = state["values"][slider["name"]]
    # A readout shows the value to its format's digits (a threshold as 3e-5, say).
    as_shown = float(format(value, (slider.get("readout_format") or "").replace("~", "") or "g"))
    agrees = math.isclose(float(shown), value, rel_tol=0.01, abs_tol=readout_rounding)
    agrees = agrees or math.isclose(float(shown), as_shown, rel_tol=1e-6)
    return agrees and notebook.label_text(model_id) == notebook.text_of(state["label_html"])


def slider_drags(notebook, explorer: dict, slider: dict, drags: int) -> list[float]:
    """Release delays in ms of ``drags`` drags of one slider: first towards the value that
    changes the picture most, then back and forth."""
    choice = notebook.probe("choices", explorer["model_id"], slider["name"])[0]
    right = float(choice) > slider["value"]
    times = []
    for k in range(drags):
        delay = release_delay(notebook, explorer, slider, right=right if k % 2 == 0 else not right)
        if delay is not None:
            times.append(1000 * delay)
    return times


def slider_row(title: str, by_slider: dict[str, list[float]], target_ms: float) -> dict:
    """One row for an explorer's typed moves: every slider's median, held to the target."""
    medians = {name: round(1000 * statistics.median(t), 1) for name, t in by_slider.items() if t}
    everything = [t for times in by_slider.values() for t in times]
    row = report(f"{title}: slider to pixels", everything)
    slowest = max(medians.values())
    row.update(per_slider_median_ms=medians, slowest_slider_ms=slowest, target_ms=target_ms)
    verdict = "met" if slowest <= target_ms else "MISSED"
    print(
        f"{title}: slider to pixels, median per slider {medians} ms; slowest slider {slowest} ms;"
        f" target <= {target_ms} ms for every slider: {verdict}",
        flush=True,
    )
    return row


def whole_ms(ms: float) -> float:
    """Rounded to whole milliseconds; infinity (a value that never arrived) stays infinity."""
    return round(ms) if math.isfinite(ms) else ms


FLOOR_NOTEBOOK = "zz_floor.ipynb"
FLOOR_CELL = """\
import ipywidgets as widgets

slider = widgets.IntSlider(value=3, min=0, max=10, description="floor")
label = widgets.HTML("3")
slider.observe(lambda change: setattr(label, "value", str(change["new"])), "value")
box = widgets.VBox([slider, label])
box.add_class("gd-explorer")
box.add_class(f"gd-model-{box.model_id}")
box
"""


def floor_row(server, browser, moves: int, when: str) -> dict:
    """The floor (see the module's docstring): ``moves`` typed moves of a bare slider, timed
    from the key press to the painting of its label's change."""
    path = server.root / "notebooks" / FLOOR_NOTEBOOK
    if not path.exists():
        kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cells = [nbformat.v4.new_code_cell(FLOOR_CELL)]  # with its kernel named: no kernel dialog
        nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel}), path)
    notebook = lab.LabNotebook(browser, server, FLOOR_NOTEBOOK)
    try:
        notebook.open()
        notebook.run_all()
        (model_id,) = notebook.js("explorerIds")
        times = []
        for k in range(moves + 1):
            text = "7" if k % 2 == 0 else "3"
            result = notebook.js("timedMove", model_id, 1, "floor", text, QUIET_MS, 10_000)
            if result["latency"] is None:
                raise RuntimeError(f"floor: typing {text} changed nothing")
            if k:
                times.append(result["latency"] / 1000)
    finally:
        notebook.close()
        server.shutdown_kernels()
    return report(f"floor ({when}): a bare slider and label, no figure", times)


def bench_notebook(server, browser, name: str, moves: int, drags: int) -> list[dict]:
    notebook = lab.LabNotebook(browser, server, name)
    rows = []
    try:
        notebook.open()
        notebook.run_all()
        explorers = notebook.explorers()
        if not explorers:
            print(f"{name}: no explorers")
        seen = {}
        for explorer in explorers:
            if explorer["figure_index"] is None or not any(s["kind"] for s in explorer["sliders"]):
                print(f"{name}: {explorer['class']} has no slider or figure the harness can drive")
                continue
            kind = explorer["figure_kind"]
            lecture = Path(name).stem[:2]
            seen[explorer["class"]] = seen.get(explorer["class"], 0) + 1
            ordinal = f" #{seen[explorer['class']]}" if seen[explorer["class"]] > 1 else ""
            title = (
                f"{lecture} {explorer['class']}{ordinal} ({explorer['renderer']}, {kind.upper()})"
            )
            notebook.js("showExplorer", explorer["model_id"])
            by_slider = timed_moves(notebook, explorer, moves)
            rows.append(slider_row(title, by_slider, TARGET_MS[kind]))
            initial = notebook.probe("state", explorer["model_id"])["values"]
            delays = {}
            for slider in explorer["sliders"]:
                if slider["kind"] is not None:
                    times = slider_drags(notebook, explorer, slider, drags)
                    notebook.probe("restore", explorer["model_id"], initial)
                    if times:
                        delays[slider["name"]] = times
            if not delays:  # --drags 0: slider moves only
                continue
            typical = {name: whole_ms(statistics.median(times)) for name, times in delays.items()}
            worst_typical = max(typical.values())
            worst = whole_ms(max(max(times) for times in delays.values()))
            row = {
                "benchmark": f"{title}: drag release to last frame",
                "median_ms": worst_typical,
                "worst_ms": worst,
                "n": sum(len(times) for times in delays.values()),
                "target_ms": RELEASE_TARGET_MS,
                "per_slider_median_ms": typical,
            }
            verdict = "met" if worst_typical <= RELEASE_TARGET_MS else "MISSED"
            print(
                f"{row['benchmark']}: median per slider {typical} ms; slowest slider "
                f"{worst_typical} ms (single worst drag {worst:.0f} ms) over {row['n']} drags; "
                f"target <= {RELEASE_TARGET_MS} ms: {verdict}",
                flush=True,
            )
            rows.append(row)
    finally:
        notebook.close()
        server.shutdown_kernels()
    return rows


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--moves", type=int, default=60, help="timed moves per explorer (at least 20)"
    )
    parser.add_argument("--drags", type=int, default=3, help="drags per slider")
    parser.add_argument("notebooks", nargs="*", help="notebook file names (default: all)")
    args = parser.parse_args(argv)
    if lab.chromium() is None:
        print(f"skipped: {lab.MISSING_CHROMIUM}")
        return []
    if not (LAB_SETTINGS.exists() and LAB_SETTINGS.read_text() == COURSE_SETTINGS.read_text()):
        raise SystemExit(f"{LAB_SETTINGS} is not {COURSE_SETTINGS}: run `make bench` (it puts the "
                         "course's JupyterLab settings there, as `make lab` does)")
    from playwright.sync_api import sync_playwright

    names = args.notebooks or [path.name for path in lab.notebooks()]
    rows = []
    with (
        tempfile.TemporaryDirectory() as workdir,
        lab.LabServer(lab.notebooks_dir(), Path(workdir), windowing=None) as server,
        sync_playwright() as playwright,
    ):
        browser = lab.launch_browser(playwright, lab.chromium())
        moves = max(20, args.moves)
        rows.append(floor_row(server, browser, moves, "before"))
        for name in names:
            rows += bench_notebook(server, browser, name, moves, args.drags)
        rows.append(floor_row(server, browser, moves, "after"))
        browser.close()
    return rows


if __name__ == "__main__":
    main()
