"""Shared measuring tools for the benchmark scripts.

Slider updates are timed inside a real IPython kernel (started with jupyter_client), so the
numbers include what a student's kernel really does per event: the solver, the mark updates and
the serialization of widget messages onto the kernel's sockets. The naive baseline is what
``interact`` does: build a new matplotlib figure per event and render it to PNG.
"""

from __future__ import annotations

import json
import statistics
import textwrap
import time
from contextlib import contextmanager

from jupyter_client.manager import start_new_kernel

TIMER = textwrap.dedent(
    """
    import json as _json, time as _time, statistics as _st
    def _time_events(apply, values, repeats=1):
        times = []
        for value in values:
            start = _time.perf_counter()
            for _ in range(repeats):
                apply(value)
            times.append((_time.perf_counter() - start) / repeats)
        return times
    """
)


@contextmanager
def kernel():
    """A fresh python3 kernel and a client; shut down afterwards."""
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        run(client, TIMER)
        yield client
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def run(client, code: str, timeout: float = 600) -> str:
    """Execute code in the kernel; return what it printed. Raise if it failed."""
    msg_id = client.execute(code)
    out = []
    while True:
        msg = client.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out.append(content["text"])
        elif kind == "error":
            raise RuntimeError("\n".join(content["traceback"]))
        elif kind == "status" and content["execution_state"] == "idle":
            break
    return "".join(out)


def times_in_kernel(client, setup: str, apply: str, values: list) -> list[float]:
    """Run ``setup``, then time ``apply`` (the body of ``def apply(value)``) once per value."""
    run(client, setup)
    body = textwrap.indent(textwrap.dedent(apply), "    ")
    code = f"def _apply(value):\n{body}\nprint(_json.dumps(_time_events(_apply, {values!r})))"
    return json.loads(run(client, code).strip().splitlines()[-1])


def median_ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def report(
    name: str, ours: list[float], naive: list[float] | None = None, target_ms: float | None = None
) -> dict:
    """Print one benchmark line and return its numbers."""
    row = {"benchmark": name, "median_ms": round(median_ms(ours), 3), "n": len(ours)}
    line = f"{name}: median {row['median_ms']:.2f} ms over {len(ours)} events"
    if naive is not None:
        row["naive_median_ms"] = round(median_ms(naive), 3)
        row["speedup"] = round(median_ms(naive) / median_ms(ours), 1)
        line += f"; naive re-plot {row['naive_median_ms']:.1f} ms; {row['speedup']:.0f}x faster"
    if target_ms is not None:
        row["target_ms"] = target_ms
        line += (
            f"; target <= {target_ms:g} ms: {'met' if row['median_ms'] <= target_ms else 'MISSED'}"
        )
    print(line, flush=True)
    return row


def wall_clock(function, *args, repeats: int = 1, **kwargs) -> float:
    """Median seconds of ``function(*args, **kwargs)`` over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
