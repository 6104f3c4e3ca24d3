"""Every notebook fits a Binder session and a student's patience.

Each notebook in notebooks/ is executed top to bottom with nbclient in a fresh kernel (in a
temporary copy of the folder, so nothing is written next to the stored notebooks):

- time from the first cell to the end of the last, kernel start excluded: at most 20 s
  (30 s for lectures 05 and 06, which train networks and import torch);
- the kernel's peak resident memory (VmHWM of the kernel process, read at the end): at most
  300 MB for a notebook that never imports torch, 700 MB for one that does (asked of the kernel
  itself afterwards), so a Binder session's guaranteed 1 GB holds a lecture with room to spare.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = Path(os.environ.get("GD_NOTEBOOKS", ROOT / "notebooks")).resolve()
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

SLOW_LECTURES = {"05", "06"}
SECONDS, SLOW_SECONDS = 20, 30
MEMORY_MB = {False: 300, True: 700}  # by whether the notebook imported torch
MB = 1024**2


def time_budget(path: Path) -> int:
    return SLOW_SECONDS if path.name[:2] in SLOW_LECTURES else SECONDS


class PeakMemory:
    """The peak resident memory of a process: the kernel's own high-water mark (VmHWM) where
    Linux keeps one, otherwise the largest RSS seen by polling every 20 ms."""

    def __init__(self, pid: int):
        self.process = psutil.Process(pid)
        self.status = Path(f"/proc/{pid}/status")
        self.polled = 0
        self._stop = threading.Event()
        self._thread = (
            None if self.status.exists() else threading.Thread(target=self._poll, daemon=True)
        )
        if self._thread:
            self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(0.02):
            try:
                self.polled = max(self.polled, self.process.memory_info().rss)
            except psutil.Error:
                return

    def peak_bytes(self) -> int:
        self._stop.set()
        if self._thread:
            self._thread.join()
            return self.polled
        for line in self.status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError(f"no VmHWM in {self.status}")


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks in notebooks/ yet")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_time_and_peak_memory(path: Path, tmp_path: Path):
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    notebook = nbformat.read(folder / path.name, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    with client.setup_kernel():
        memory = PeakMemory(client.km.provisioner.pid)
        start = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        peak_mb = memory.peak_bytes() / MB
        probe = nbformat.v4.new_code_cell("import sys; print('torch' in sys.modules)")
        notebook.cells.append(probe)  # the in-memory copy only
        client.execute_cell(probe, len(notebook.cells) - 1)
        uses_torch = probe.outputs[0]["text"].strip() == "True"

    limit_mb = MEMORY_MB[uses_torch]
    print(
        f"{path.name}: {seconds:.1f} s (limit {time_budget(path)} s), kernel peak RSS "
        f"{peak_mb:.0f} MB (limit {limit_mb} MB, {'with' if uses_torch else 'without'} torch)"
    )
    assert seconds <= time_budget(path), (
        f"{path.name} took {seconds:.1f} s to run top to bottom; "
        f"the budget is {time_budget(path)} s"
    )
    assert peak_mb <= limit_mb, (
        f"{path.name}: the kernel's peak resident memory was {peak_mb:.0f} MB; the budget is "
        f"{limit_mb} MB ({'with' if uses_torch else 'without'} torch)"
    )
