"""Run every benchmark (benchmarks/bench_*.py) and print one summary table (``make bench``).

Each script runs in a process of its own (so memory measurements are not disturbed by the
others), from the benchmarks/ folder; its ``main()`` is called and the rows it returns (dicts,
as ``common.report`` makes them) go into the table. The output of every script is shown as it
runs. A script that fails is listed as failed and makes the exit status 1; a missed target is
shown in the table.

Run: ``.venv/bin/python benchmarks/run_all.py [name ...]`` (names like ``browser`` or
``bench_browser.py`` pick scripts; default all).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "@@benchmark-rows@@ "
WRAPPER = """
import json, runpy, sys
sys.argv = [{path!r}]
namespace = runpy.run_path({path!r}, run_name="benchmark")
rows = namespace["main"]() if "main" in namespace else None
rows = rows if isinstance(rows, list) else [rows] if isinstance(rows, dict) else []
rows = [row for row in rows if isinstance(row, dict)]
print("\\n" + {mark!r} + json.dumps(rows, default=str), flush=True)
"""


def scripts(names: list[str]) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if not names:
        return found
    wanted = {name.removeprefix("bench_").removesuffix(".py") for name in names}
    return [path for path in found if path.stem.removeprefix("bench_") in wanted]


def run_script(path: Path) -> tuple[list[dict], int, float]:
    """Run one script; its rows, exit code and seconds."""
    print(f"\n=== {path.name} ===", flush=True)
    start = time.monotonic()
    code = WRAPPER.format(path=str(path), mark=MARK)
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=HERE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    rows = []
    for line in process.stdout:
        if line.startswith(MARK):
            rows = json.loads(line[len(MARK) :])
        else:
            print(line, end="", flush=True)
    return rows, process.wait(), time.monotonic() - start


def result_text(row: dict) -> str:
    count = f"n={row.get('n', '?')}"
    if "median_ms" in row and "worst_ms" in row:
        return f"median {row['median_ms']:.0f} ms, worst {row['worst_ms']:.0f} ms ({count})"
    if "median_ms" in row:
        text = f"median {row['median_ms']:.1f} ms ({count})"
        if "speedup" in row and "naive_median_ms" in row:
            text += f"; naive {row['naive_median_ms']:.0f} ms, {row['speedup']:.0f}x"
        return text
    if "worst_ms" in row:
        return f"worst {row['worst_ms']:.0f} ms ({count})"
    if "seconds" in row:
        text = f"{row['seconds']:.3g} s"
        return text + (f", {row['speedup']:.0f}x" if "speedup" in row else "")
    skip = {"benchmark", "met", "n"}
    return ", ".join(f"{key} {value}" for key, value in row.items() if key not in skip)[:70]


def target_text(row: dict) -> str:
    if "target_ms" in row:
        return f"<= {row['target_ms']:g} ms"
    if "target_s" in row:
        return f"<= {row['target_s']:g} s"
    return ""


def status(row: dict) -> str:
    if "met" in row:
        met = row["met"]
    elif "target_ms" in row:
        value = row.get("median_ms", row.get("worst_ms"))
        met = value is not None and value <= row["target_ms"]
    elif "target_s" in row and "seconds" in row:
        met = row["seconds"] <= row["target_s"]
    else:
        return ""
    return "met" if met else "MISSED"


def table(results: list[tuple[str, list[dict], int, float]]) -> str:
    lines = [("script", "benchmark", "result", "target", "status")]
    for script, rows, code, _ in results:
        if code != 0:
            lines.append((script, "(script failed)", f"exit status {code}", "", "FAILED"))
        for row in rows:
            lines.append(
                (
                    script,
                    str(row.get("benchmark", "")),
                    result_text(row),
                    target_text(row),
                    status(row),
                )
            )
    widths = [max(len(line[k]) for line in lines) for k in range(5)]
    out = [
        " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)).rstrip()
        for line in lines
    ]
    out.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    results = []
    for path in scripts(names):
        rows, code, seconds = run_script(path)
        results.append((path.name, rows, code, seconds))
    print("\n=== Summary ===")
    print(table(results))
    print("\n" + ", ".join(f"{name} {seconds:.0f} s" for name, _, _, seconds in results))
    return 0 if all(code == 0 for _, _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
