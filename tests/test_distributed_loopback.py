"""Lecture 06's distributed demo stays on loopback: its worker processes listen and bind only on
127.0.0.1 / ::1, ask no DNS server anything, and leave neither environment nor files behind."""

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

import numpy as np
import psutil
import pytest

from helpers import crosscheck as cc
from helpers import mlp
from helpers.crosscheck import distributed

WORLD_SIZE = 2


def problem(n=16):
    rng = np.random.default_rng(3)
    params = mlp.init_params([2, 8, 1], seed=3, bias=0.05)
    X = rng.normal(size=(n, 2))
    y = rng.integers(0, 2, size=(n, 1)).astype(float)
    return params, X, y


def is_loopback(ip):
    address = ipaddress.ip_address(ip.split("%")[0])
    if address.version == 6 and address.ipv4_mapped is not None:  # ::ffff:127.0.0.1
        address = address.ipv4_mapped
    return address.is_loopback


class SocketWatcher:
    """Polls the inet sockets of this process's children until stopped.

    The list of children is refreshed every 50 ms; in between, only their sockets are read, so a
    worker's short-lived connections are seen many times over."""

    def __init__(self):
        self.seen = set()  # (pid, kind, status, local address, remote address)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        me, children, refreshed = psutil.Process(), [], 0.0
        while not self._stop.is_set():
            if time.monotonic() - refreshed > 0.05:
                children, refreshed = me.children(recursive=True), time.monotonic()
            for child in children:
                try:
                    for conn in child.net_connections(kind="inet"):
                        self.seen.add(
                            (child.pid, conn.type.name, conn.status, conn.laddr, conn.raddr)
                        )
                except psutil.Error:  # the child ended between listing and reading
                    pass
            time.sleep(0.001)


def non_loopback_interface():
    """A network interface of this machine with a non-loopback IPv4 address, or None."""
    for name, addresses in psutil.net_if_addrs().items():
        for a in addresses:
            if a.family == socket.AF_INET and not is_loopback(a.address):
                return name
    return None


def test_loopback_interface_is_the_one_holding_127_0_0_1():
    name = distributed._loopback_interface()
    addresses = [a.address for a in psutil.net_if_addrs()[name]]
    assert "127.0.0.1" in addresses
    if sys.platform.startswith("linux"):
        assert name == "lo"
    elif sys.platform == "darwin":
        assert name == "lo0"


def test_no_loopback_interface_is_an_error_not_a_fallback(monkeypatch):
    monkeypatch.setattr(psutil, "net_if_addrs", lambda: {})
    with pytest.raises(RuntimeError, match="127.0.0.1"):
        distributed._loopback_interface()


def test_workers_listen_and_bind_on_loopback_only(monkeypatch, tmp_path):
    """Every socket the workers open, listening or connected, has a loopback local address.

    A student's kernel may carry GLOO_SOCKET_IFNAME for another interface: the workers must
    override it for themselves and leave the kernel's value as it was. The rendezvous file lives
    in a temporary directory (here redirected into tmp_path), which is gone afterwards."""
    other = non_loopback_interface()
    if other is not None:
        monkeypatch.setenv("GLOO_SOCKET_IFNAME", other)
    before = os.environ.get("GLOO_SOCKET_IFNAME")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    params, X, y = problem()

    seen = set()
    for _ in range(3):  # polling might in principle miss a worker's short life; it is all checked
        with SocketWatcher() as watcher:
            grads = cc.distributed_gradient(params, X, y, world_size=WORLD_SIZE, timeout=20)
        seen |= watcher.seen
        listeners = {pid for pid, _, status, _, _ in watcher.seen if status == "LISTEN"}
        if len(listeners) >= WORLD_SIZE:
            break
    else:
        pytest.fail(f"never saw both workers listening; saw {sorted(seen, key=str)}")

    assert seen, "saw no worker sockets at all"
    outside = [s for s in seen if not is_loopback(s[3].ip)]
    assert not outside, f"worker sockets bound beyond loopback: {outside}"
    assert all(is_loopback(s[4].ip) for s in seen if s[4]), seen
    assert os.environ.get("GLOO_SOCKET_IFNAME") == before
    assert list(scratch.iterdir()) == []  # the rendezvous file and its directory are removed

    _, full = mlp.loss_and_grads(params, X, y, "bce")
    for (dW, db), (fW, fb) in zip(grads, full, strict=True):
        assert np.allclose(dW, fW, rtol=0, atol=1e-12)
        assert np.allclose(db, fb, rtol=0, atol=1e-12)


STRACED_RUN = textwrap.dedent(
    """
    import os
    import numpy as np
    from helpers import crosscheck, mlp

    rng = np.random.default_rng(0)
    params = mlp.init_params([2, 4, 1], seed=0)
    X = rng.normal(size=(8, 2))
    y = rng.integers(0, 2, size=(8, 1)).astype(float)
    crosscheck.distributed_gradient(params, X, y, world_size=2, timeout=20)
    assert "GLOO_SOCKET_IFNAME" not in os.environ, "the setting leaked into the caller"
    print("done")
    """
)


def strace_works():
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-o", os.devnull, "true"], capture_output=True)
    return probe.returncode == 0  # ptrace may be forbidden in a container


@pytest.mark.skipif(not strace_works(), reason="needs a working strace (Linux, ptrace allowed)")
def test_no_dns_lookups_and_no_bind_beyond_loopback(tmp_path):
    """Under strace, the whole run (the caller and both workers, C++ included) never reads the
    resolver's configuration or /etc/hosts, never talks to port 53 or nscd, and binds inet
    sockets to loopback addresses only."""
    trace = tmp_path / "trace"
    env = {k: v for k, v in os.environ.items() if k != "GLOO_SOCKET_IFNAME"}
    run = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=bind,connect,sendto,sendmsg,openat,open",
         "-o", str(trace), sys.executable, "-c", STRACED_RUN],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert run.returncode == 0 and "done" in run.stdout, run.stderr[-3000:]
    lines = trace.read_text().splitlines()

    resolver = [
        line for line in lines
        if any(f in line for f in ('"/etc/hosts"', '"/etc/resolv.conf"', "nscd"))
        and "ENOENT" not in line
    ]
    assert not resolver, "\n".join(resolver)
    dns = [line for line in lines if "htons(53)" in line]
    assert not dns, "\n".join(dns)

    binds = [line for line in lines if " bind(" in line and ("AF_INET" in line)]
    assert binds, "saw no inet bind at all: is the trace complete?"
    beyond = [
        line for line in binds
        if 'inet_addr("127.' not in line and 'inet_pton(AF_INET6, "::1"' not in line
    ]
    assert not beyond, "\n".join(beyond)
