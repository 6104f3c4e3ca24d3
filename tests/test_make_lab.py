"""`make lab` on a remote machine or in WSL: LAB_ARGS reaches JupyterLab, and the server listens
on loopback only (README: "On a remote machine or in WSL" shows the SSH tunnel)."""

import ipaddress
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from helpers.server import CONNECTION_CLASS

ROOT = Path(__file__).resolve().parents[1]
REMOTE_ARGS = "--no-browser --port 8890"


def make_env(home: Path | None = None) -> dict:
    """The environment for a nested `make`: none of an outer make's flags (`make test` runs
    these tests), no Jupyter settings of the caller's, and a HOME of our own when given."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"} and not key.startswith("JUPYTER")
    }
    if home is not None:
        env["HOME"] = str(home)
    return env


def make_lab(*options: str, lab_args: str) -> list:
    # -o: take .venv as built; these tests are about the lab command, not the install
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", *options, "lab"]
    return command + [f"LAB_ARGS={lab_args}"]


def test_make_lab_passes_lab_args_and_stays_on_loopback():
    run = subprocess.run(
        make_lab("-n", lab_args=REMOTE_ARGS),
        cwd=ROOT,
        env=make_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    [line] = [line for line in run.stdout.splitlines() if "jupyter lab" in line]
    args = shlex.split(line)
    assert args[0].endswith(".venv/bin/jupyter") and args[1] == "lab"
    assert "--no-browser" in args
    assert args[args.index("--port") + 1] == "8890"
    assert "--ServerApp.ip=127.0.0.1" in args
    assert not [arg for arg in args if arg.startswith("--ip")]
    assert args[-1] == "notebooks/00_start_here.ipynb"


def test_make_lab_without_lab_args_is_unchanged():
    run = subprocess.run(
        make_lab("-n", lab_args=""), cwd=ROOT, env=make_env(), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    [line] = [line for line in run.stdout.splitlines() if "jupyter lab" in line]
    args = shlex.split(line)
    prompt = f"--ServerApp.kernel_websocket_connection_class={CONNECTION_CLASS}"
    assert args[2:] in (
        ["--ServerApp.ip=127.0.0.1", prompt, "notebooks/00_start_here.ipynb"],
        ["--allow-root", "--ServerApp.ip=127.0.0.1", prompt, "notebooks/00_start_here.ipynb"],
    )


@pytest.mark.parametrize(
    "lab_args",
    ["--ip=0.0.0.0", "--ip 0.0.0.0", "--no-browser --ServerApp.ip=0.0.0.0", "--ServerApp.ip ::"],
)
def test_make_lab_refuses_to_open_another_interface(lab_args):
    run = subprocess.run(
        make_lab("-n", lab_args=lab_args), cwd=ROOT, env=make_env(), capture_output=True, text=True
    )
    assert run.returncode != 0
    assert "jupyter lab" not in run.stdout
    assert "127.0.0.1" in run.stderr and "SSH tunnel" in run.stderr


def test_readme_shows_the_remote_command_and_its_tunnel():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## On a remote machine or in WSL", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf'^make lab LAB_ARGS="{REMOTE_ARGS}"', section, re.M)
    assert re.search(r"^ssh -L 8890:127\.0\.0\.1:8890 user@host", section, re.M)
    assert "http://127.0.0.1:8890/lab?token=" in section


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, token: str | None = None) -> int:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def get_json(url: str, token: str) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def listening(process: psutil.Process) -> list:
    """The sockets the process and everything it started listen on."""
    found = []
    for member in [process, *process.children(recursive=True)]:
        try:
            connections = member.net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
        found += [c.laddr for c in connections if c.status == psutil.CONN_LISTEN]
    return found


def test_make_lab_serves_on_loopback_only(tmp_path):
    """Start the real `make lab LAB_ARGS="--no-browser --port N"`, reach it, look at its
    sockets, and stop it."""
    port = free_port()
    token = secrets.token_hex(16)
    # a fixed token instead of reading the log; no port hopping if N was taken meanwhile
    lab_args = f"--no-browser --port {port} --ServerApp.port_retries=0"
    lab_args += f" --IdentityProvider.token={token}"
    log_path = tmp_path / "lab.log"
    home = tmp_path / "home"
    home.mkdir()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            make_lab(lab_args=lab_args),
            cwd=ROOT,
            env=make_env(home),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so we stop exactly what we started
        )
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status = get(f"http://127.0.0.1:{port}/api/status", token)
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, f"no answer on 127.0.0.1:{port}:\n{log_path.read_text()[-3000:]}"
        # the token stays required
        assert get(f"http://127.0.0.1:{port}/api/status") == 403
        # JupyterLab has the course's settings (binder/overrides.json, applied to the settings'
        # defaults): the kernel's progress in the status bar, not in the notebook's toolbar
        tracker = get_json(
            f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/notebook-extension:tracker",
            token,
        )
        assert tracker["schema"]["properties"]["kernelStatus"]["default"]["showOnStatusBar"]

        addresses = listening(psutil.Process(server.pid))
        assert port in [address.port for address in addresses], addresses
        for address in addresses:
            assert ipaddress.ip_address(address.ip).is_loopback, addresses
        assert f"http://127.0.0.1:{port}/lab" in log_path.read_text()
    finally:
        try:
            members = psutil.Process(server.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            members = []
        # the group started above is make and what it ran; jupyter stops cleanly on SIGTERM
        os.killpg(server.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(members, timeout=30)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            alive.append(server)
        if alive:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
            pytest.fail(f"make lab did not stop on SIGTERM:\n{log_path.read_text()[-3000:]}")
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port still answers"
    assert "Shutting down" in log_path.read_text()
