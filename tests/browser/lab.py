"""A real JupyterLab server and headless Chromium driving it: the harness of the browser tests
and of ``benchmarks/bench_browser.py``.

``LabServer`` serves a temporary copy of the notebooks (the stored ones are never modified) on a
free loopback port with token authentication, with its own temporary Jupyter config, data,
runtime, workspace and settings directories. For the tests its settings render every cell of a
notebook (``windowingMode: none``), so every explorer is drawn whether or not it is scrolled into
view; cell outputs are read from the notebook model anyway, never from the DOM. The benchmark
asks for JupyterLab's own windowing (``windowing=None``), as a student has it: the browser then
skips laying out and painting the cells out of view.

``LabNotebook`` is one notebook open in its own browser page: run every cell, read the outputs,
collect the browser console's errors, find the explorers, type into a slider's readout or press
a key on its handle, screenshot a figure, and run code in the notebook's kernel (through the
page's own kernel connection) to ask ``probe.py`` what the kernel holds.

JavaScript used in the page lives in ``harness.js``; Python run in the kernel in ``probe.py``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Self

import requests

from helpers.server import CONNECTION_CLASS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
HARNESS_JS = (HERE / "harness.js").read_text()
PROBE = HERE / "probe.py"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 900}
MISSING_CHROMIUM = "Chromium not installed: apt-get install chromium"

# JupyterLab user settings for the test server: no news or update pop-ups (and the windowing
# mode LabServer is given).
WINDOWING_SETTINGS = "@jupyterlab/notebook-extension/tracker.jupyterlab-settings"
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def original_text(slider: dict) -> str:
    """The slider's own value as a student would type it."""
    value = slider["value"]
    return str(int(value)) if slider["kind"] == "int" else format(value, ".6g")


def notebooks_dir() -> Path:
    """The folder of notebooks under test: ``notebooks/``, or ``$GD_NOTEBOOKS`` when set."""
    return Path(os.environ.get("GD_NOTEBOOKS", ROOT / "notebooks")).resolve()


def notebooks(directory: Path | None = None) -> list[Path]:
    """Every notebook in the folder, in teaching order."""
    return sorted((directory or notebooks_dir()).glob("*.ipynb"))


def chromium() -> str | None:
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_browser(playwright, executable: str):
    """Headless Chromium (the system's; Playwright's own download is not used)."""
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


class LabServer:
    """A JupyterLab server over a temporary copy of a folder of notebooks, with the notebook
    ``windowing`` mode given (None: JupyterLab's default)."""

    def __init__(
        self,
        notebooks: Path,
        workdir: Path,
        startup_timeout: float = 90,
        windowing: str | None = "none",
    ):
        self.source = Path(notebooks)
        self.windowing = windowing
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(24)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = self.workdir / "jupyterlab.log"

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def environment(self) -> dict:
        dirs = {
            name: self.workdir / name
            for name in ("config", "data", "runtime", "settings", "workspaces")
        }
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        settings_files = dict(LAB_SETTINGS)
        if self.windowing is not None:
            settings_files[WINDOWING_SETTINGS] = {"windowingMode": self.windowing}
        for relative, settings in settings_files.items():
            target = dirs["settings"] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(settings))
        return dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(dirs["config"]),
            JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
            JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
            JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
            JUPYTER_PLATFORM_DIRS="1",
            PYDEVD_DISABLE_FILE_VALIDATION="1",
        )

    def start(self) -> None:
        shutil.copytree(
            self.source,
            self.root / "notebooks",
            ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
        )
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.news_url=",
            # as `make lab` and Binder start it: kernel messages sent as they come
            f"--ServerApp.kernel_websocket_connection_class={CONNECTION_CLASS}",
        ]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.log = open(self.log_path, "w")  # noqa: SIM115 - outlives this call; closed in stop()
        self.process = subprocess.Popen(
            command, env=self.environment(), stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited at start; its log:\n{self.log_text()}")
            try:
                if self.api("get", "status").ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"JupyterLab did not answer within {self.startup_timeout} s:\n{self.log_text()}"
        )

    def log_text(self) -> str:
        return self.log_path.read_text()[-5000:] if self.log_path.exists() else ""

    def api(self, method: str, path: str) -> requests.Response:
        return requests.request(
            method,
            f"{self.url}/api/{path}",
            timeout=10,
            headers={"Authorization": f"token {self.token}"},
        )

    def notebook_url(self, name: str) -> str:
        """The notebook alone in a fresh workspace of its own (no tabs restored from before)."""
        workspace = "gd-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
        return (
            f"{self.url}/lab/workspaces/{workspace}/tree/notebooks/{name}?reset&token={self.token}"
        )

    def shutdown_kernels(self) -> None:
        """End every kernel the server runs (each notebook's kernel once its tests are done)."""
        for session in self.api("get", "sessions").json():
            self.api("delete", f"sessions/{session['id']}")
        for kernel in self.api("get", "kernels").json():
            self.api("delete", f"kernels/{kernel['id']}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "log", None):
            self.log.close()


class KernelError(RuntimeError):
    pass


class LabNotebook:
    """One notebook open in JupyterLab in a browser page of its own."""

    def __init__(self, browser, server: LabServer, name: str):
        self.server = server
        self.name = name
        self.path = f"notebooks/{name}"
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.add_init_script(HARNESS_JS)
        self.console_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"console.error: {message.text}")

    def js(self, expression: str, *args):
        """Call ``gd.<expression>`` in the page with JSON arguments; await it if it is async."""
        return self.page.evaluate(f"(args) => window.gd.{expression}(...args)", list(args))

    # --- Opening and running ---------------------------------------------------------------
    def open(self, timeout: float = 120) -> None:
        self.page.goto(self.server.notebook_url(self.name))
        self.page.wait_for_function(
            "(path) => window.gd && window.gd.panelReady(path)",
            arg=self.path,
            timeout=timeout * 1000,
        )
        self.js("ready", self.path)
        self.page.evaluate(
            "() => { jupyterapp.shell.collapseLeft(); jupyterapp.shell.collapseRight(); }"
        )

    def run_all(self, timeout: float = 180) -> float:
        """Run every cell and wait for the kernel to go idle and the widgets to render; seconds."""
        start = time.monotonic()
        self.js("runAll", self.path)
        self.page.wait_for_function(
            "(path) => window.gd.runAllDone(path)",
            arg=self.path,
            timeout=timeout * 1000,
            polling=100,
        )
        seconds = time.monotonic() - start
        self.wait_for_widgets(timeout=max(10.0, timeout - seconds))
        return seconds

    def wait_for_widgets(self, timeout: float = 30) -> None:
        """Until every displayed explorer is on the page and no widget is still loading."""
        deadline = time.monotonic() + timeout
        while True:
            shown = set(self.explorer_ids_in_outputs())
            missing = shown - set(self.js("explorerIds"))
            loading = [t for t in self.js("widgetProblems") if t.startswith("Loading widget")]
            if not missing and not loading:
                return
            if time.monotonic() > deadline:
                return  # the tests report what is missing
            time.sleep(0.2)

    def outputs(self) -> list[dict]:
        return self.js("outputs", self.path)

    def cell_problems(self) -> list[str]:
        """Error outputs and anything written to stderr, by cell."""
        problems = []
        for row in self.outputs():
            if row["type"] == "error" or (row["type"] == "stream" and row.get("name") == "stderr"):
                problems.append(f"cell {row['cell']}: {row['type']} {row.get('text', '')[:2000]}")
        return problems

    def widget_problems(self) -> list[str]:
        return self.js("widgetProblems")

    # --- The kernel --------------------------------------------------------------------------
    def execute(self, code: str, expressions: dict | None = None, timeout: float = 60) -> dict:
        """Run code in the notebook's kernel; raise on an error. Returns the text/plain reprs of
        ``expressions`` (name -> Python expression) evaluated after the code."""
        result = self.js("execute", self.path, code, expressions or {}, int(timeout * 1000))
        if result["error"]:
            raise KernelError(result["error"])
        return result["values"]

    def probe(self, function: str, *args):
        """Call ``probe.<function>(*args)`` in the kernel and return its JSON result (handed
        back as a user expression in the reply, not printed)."""
        arguments = json.dumps(json.dumps(args))
        code = (
            "def _gd_probe_call():\n"
            "    import importlib.util, json, sys\n"
            "    module = sys.modules.get('gd_browser_probe')\n"
            "    if module is None:\n"
            "        spec = importlib.util.spec_from_file_location(\n"
            f"            'gd_browser_probe', {str(PROBE)!r})\n"
            "        module = importlib.util.module_from_spec(spec)\n"
            "        sys.modules['gd_browser_probe'] = module\n"
            "        spec.loader.exec_module(module)\n"
            "    module.last_result = None\n"
            f"    module.last_result = json.dumps(module.{function}(*json.loads({arguments})))\n"
            "try:\n"
            "    _gd_probe_call()\n"
            "finally:\n"
            "    del _gd_probe_call\n"
        )
        result = "__import__('sys').modules['gd_browser_probe'].last_result"
        text = self.execute(code, {"result": result})["result"]
        return json.loads(ast.literal_eval(text))

    # --- Explorers ----------------------------------------------------------------------------
    def explorer_ids_in_outputs(self) -> list[str]:
        """Model ids of displayed widgets that are explorers."""
        shown = [row["widget"] for row in self.outputs() if row.get("widget")]
        if not shown:
            return []
        live = {row["model_id"] for row in self.probe("explorers")}
        return [model_id for model_id in shown if model_id in live]

    def explorers(self) -> list[dict]:
        """Every explorer on the page, described by the kernel (probe.explorers)."""
        on_page = self.js("explorerIds")
        described = {row["model_id"]: row for row in self.probe("explorers")}
        return [described[model_id] for model_id in on_page if model_id in described]

    def explorer(self, model_id: str):
        return self.page.locator(f".gd-explorer.gd-model-{model_id}")

    def figure(self, explorer: dict):
        return self.explorer(explorer["model_id"]).locator(
            f":scope > :nth-child({explorer['figure_index'] + 1})"
        )

    def slider(self, model_id: str, description: str):
        exact = re.compile(rf"^\s*{re.escape(description)}\s*$")
        return (
            self.explorer(model_id)
            .locator(".widget-slider")
            .filter(has=self.page.locator(".widget-label", has_text=exact))
        )

    def figure_png(self, explorer: dict) -> bytes:
        return self.figure(explorer).screenshot(animations="disabled", caret="hide")

    def label_text(self, model_id: str) -> str | None:
        return self.js("labelText", model_id)

    def text_of(self, html: str) -> str:
        return self.js("textOf", html)

    def type_into_readout(self, model_id: str, description: str, text: str) -> None:
        """Click the slider's readout, replace its text and press Enter, as a student does."""
        readout = self.slider(model_id, description).locator(".widget-readout")
        readout.click()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)
        self.page.keyboard.press("Enter")

    def press_on_handle(self, model_id: str, description: str, key: str) -> None:
        handle = self.slider(model_id, description).locator(".noUi-handle")
        handle.focus()
        handle.press(key)

    def drag_handle(
        self,
        model_id: str,
        description: str,
        *,
        right: bool,
        moves: int = 40,
        interval_ms: float = 25,
    ) -> None:
        """Press the mouse on the slider's handle, drag it across the track to its right (or left)
        end in ``moves`` steps (``interval_ms`` apart, as a hand does) and let go."""
        slider = self.slider(model_id, description)
        slider.scroll_into_view_if_needed()
        handle = slider.locator(".noUi-handle").bounding_box()
        track = slider.locator(".noUi-base").bounding_box()
        x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
        end = track["x"] + (track["width"] - 1 if right else 1)
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        for k in range(1, moves + 1):
            self.page.mouse.move(x + (end - x) * k / moves, y)
            self.page.wait_for_timeout(interval_ms)
        self.page.mouse.up()

    # --- Screenshots ---------------------------------------------------------------------------
    def screenshot(self, path: Path) -> Path:
        """The whole notebook, top to bottom, in one PNG."""
        path.parent.mkdir(parents=True, exist_ok=True)
        size = self.js("scrollToTop", self.path)
        height = min(VIEWPORT["height"] - size["visible"] + size["content"], 16000)
        self.page.set_viewport_size(
            {"width": VIEWPORT["width"], "height": max(height, VIEWPORT["height"])}
        )
        self.page.wait_for_timeout(500)
        self.js("scrollToTop", self.path)
        self.page.screenshot(path=str(path), animations="disabled")
        self.page.set_viewport_size(VIEWPORT)
        self.page.wait_for_timeout(300)
        return path

    def close(self) -> None:
        self.context.close()


def changed_pixels(before: bytes, after: bytes, threshold: int = 48) -> int:
    """How many pixels of two screenshots differ clearly (some channel by more than
    ``threshold`` of 255): anti-aliasing noise from re-rendering the same picture stays below."""
    import io

    import numpy as np
    from PIL import Image

    a, b = (
        np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
        for png in (before, after)
    )
    if a.shape != b.shape:
        return max(a.size, b.size) // 3
    return int((np.abs(a - b).max(axis=2) > threshold).sum())


def wait_until(condition, timeout: float, interval: float = 0.05):
    """Call ``condition`` until it returns something truthy (returned) or time runs out (None)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)
