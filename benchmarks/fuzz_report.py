"""Figures of the fuzz test: every bad value of every argument of every public function and
explorer constructor in ``tests/fuzz_cases.py``, and what each call did.

    .venv/bin/python benchmarks/fuzz_report.py

Prints the calls tried, how many were refused with a clear error (the right exception type, a
message naming the argument, saying what is allowed and what it got), and every call that was
not, by kind: another exception type, an unclear message, accepted silently. Memory is capped
at 8 GB (Linux) so an allocation without bound shows as a MemoryError, not a dead machine.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

try:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, 8 * 2**30))
except (ImportError, ValueError):  # not Linux: no cap
    pass

from tests import fuzz_cases  # noqa: E402
from tests.test_fuzz import clear_error  # noqa: E402


def main() -> None:
    cases = (fuzz_cases.CASES + fuzz_cases.widget_cases() + fuzz_cases.crosscheck_cases()
             + fuzz_cases.more_cases())
    tally, problems = Counter(), []
    started = time.perf_counter()
    slowest = (0.0, "")
    for case, name, value, kind in fuzz_cases.calls(cases):
        t = time.perf_counter()
        problem = clear_error(case, name, value, kind)
        took = time.perf_counter() - t
        slowest = max(slowest, (took, f"{case.name}({name}={value!r:.40})"))
        if problem is None:
            tally["clear error"] += 1
        else:
            tally[problem.split(":")[0].split(" (")[0]] += 1
            problems.append(f"{case.name}({name}={value!r:.40}): {problem}")
    total = sum(tally.values())
    print(f"{len(cases)} public functions and explorer constructors, {total} bad calls, "
          f"{time.perf_counter() - started:.1f} s")
    for outcome, number in tally.most_common():
        print(f"  {number:5d}  {outcome}")
    print(f"slowest refusal: {slowest[0] * 1e3:.0f} ms, {slowest[1]}")
    for problem in problems:
        print("  -", problem[:300])


if __name__ == "__main__":
    main()
