"""Data parallelism in miniature: worker processes each take a shard of the batch and average
their gradients with ``torch.distributed.all_reduce``, as ``DistributedDataParallel`` does.

Nothing here listens beyond loopback, and nothing asks DNS: the workers meet through a
``FileStore`` (a file in a fresh temporary directory, removed afterwards) instead of a
``TCPStore``, which in torch 2.13 listens on every interface even when given 127.0.0.1; and gloo
is pinned to the loopback interface by name (``GLOO_SOCKET_IFNAME``, set inside each worker
process only), so its pair sockets bind 127.0.0.1 and it never resolves a host name.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import queue as queue_module
import socket
import tempfile
import time
import traceback

import numpy as np
import torch

from .. import checks, mlp
from .autograd import _torch_inputs, _torch_loss, grads_from_torch, to_torch_mlp

__all__ = ["distributed_gradient"]

# Each worker is a fresh interpreter that imports torch (hundreds of MB): at most this many.
MAX_WORLD_SIZE = 8
# The longest a worker may wait for the others, in seconds (an hour).
MAX_TIMEOUT = 3600.0


def _loopback_interface() -> str:
    """The name of the network interface that holds 127.0.0.1 ("lo" on Linux, "lo0" on macOS)."""
    import psutil  # installed with IPython, so wherever the notebooks run

    for name, addresses in psutil.net_if_addrs().items():
        if any(a.family == socket.AF_INET and a.address == "127.0.0.1" for a in addresses):
            return name
    raise RuntimeError(
        "distributed_gradient: no network interface holds 127.0.0.1, and the workers may only "
        "talk over loopback"
    )


def _distributed_worker(rank, world_size, store_path, interface, params, X_shard, y_shard, loss,
                        timeout, ddp, results):
    """One worker: gradient on its shard, then all_reduce(SUM) / world_size, like DDP does
    (with ``ddp`` True, PyTorch's ``DistributedDataParallel`` does that averaging itself).

    Lives at module level so the "spawn" start method can import it in a fresh interpreter
    (which is also what makes it work from inside a Jupyter kernel).
    """
    import torch.distributed as dist

    # This process only, and overriding any value inherited from the kernel: gloo binds the
    # loopback interface's own address instead of resolving this machine's host name.
    os.environ["GLOO_SOCKET_IFNAME"] = interface
    torch.set_num_threads(1)
    try:
        dist.init_process_group(
            "gloo",
            store=dist.FileStore(store_path, world_size),
            rank=rank,
            world_size=world_size,
            timeout=datetime.timedelta(seconds=timeout),
        )
        try:
            model = to_torch_mlp(params)
            Xt, yt = torch.from_numpy(X_shard), torch.from_numpy(y_shard)
            if ddp:
                wrapped = torch.nn.parallel.DistributedDataParallel(model)
                _torch_loss(wrapped(Xt), yt, loss).backward()  # averages inside backward()
            else:
                _torch_loss(model(Xt), yt, loss).backward()
                for p in model.parameters():
                    dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)
                    p.grad /= world_size
            results.put(("ok", rank, grads_from_torch(model)))
        finally:
            dist.destroy_process_group()
    except Exception:  # noqa: BLE001 -- any failure, a timeout included, goes to the parent
        results.put(("error", rank, traceback.format_exc()))


def distributed_gradient(params, X, y, world_size=2, loss="bce", *, timeout=60.0, ddp=False):
    """The gradient computed data-parallel by ``world_size`` processes on this machine.

    The rows are split into ``world_size`` consecutive shards (``numpy.array_split``). Each worker
    process joins a gloo process group over loopback (127.0.0.1 only, see the module's docstring),
    computes the mean-loss gradient on its shard with torch autograd, and the workers then
    ``all_reduce`` (sum) their gradients and divide by ``world_size``: exactly what
    ``DistributedDataParallel`` does. Rank 0's averaged gradient is returned in our
    ``[(dW, db), ...]`` layout (all ranks must agree).

    With equal shards (n divisible by world_size) the average of the shard means is the mean over
    all rows, so the result equals the full-batch gradient up to rounding. With unequal shards
    it does not quite (smaller shards weigh more), as with DDP. ``ddp=True`` wraps each worker's
    network in ``torch.nn.parallel.DistributedDataParallel`` and lets it do the averaging, to
    hold the hand-written all-reduce against PyTorch's own.

    ``world_size`` is at most :data:`MAX_WORLD_SIZE` and ``timeout`` (seconds) at most
    :data:`MAX_TIMEOUT`. Every argument is checked before any process starts.
    """
    timeout = checks.number("timeout", timeout, low=0.0, high=MAX_TIMEOUT, low_open=True,
                            allowed=f"a number of seconds in (0, {MAX_TIMEOUT:g}]")
    ddp = checks.flag("ddp", ddp)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()
    n = X_np.shape[0]
    most = min(n, MAX_WORLD_SIZE)
    world_size = checks.integer(
        "world_size", world_size, 1, most,
        allowed=f"between 1 and {most} (the number of samples, {n}, and at most "
                f"{MAX_WORLD_SIZE} processes)",
    )
    params = mlp.copy_params(params)
    X_shards = np.array_split(X_np, world_size)
    y_shards = np.array_split(y_np, world_size)

    interface = _loopback_interface()
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="distributed_gradient-") as store_dir:
        store_path = os.path.join(store_dir, "store")
        outcomes = _run_workers(context, world_size, store_path, interface, params, X_shards,
                                y_shards, loss, timeout, ddp)

    grads = outcomes[0]
    for rank in range(1, world_size):
        if not mlp.max_difference(grads, outcomes[rank]) == 0.0:
            raise RuntimeError(f"distributed_gradient: rank {rank} ended with another gradient")
    return grads


def _run_workers(context, world_size, store_path, interface, params, X_shards, y_shards, loss,
                 timeout, ddp):
    """Start one worker process per rank and collect ``{rank: grads}``; every worker is gone
    (finished or terminated) when this returns or raises, so the store file can go too."""
    results = context.Queue()
    workers = [
        context.Process(
            target=_distributed_worker,
            args=(
                rank,
                world_size,
                store_path,
                interface,
                params,
                X_shards[rank],
                y_shards[rank],
                loss,
                timeout,
                ddp,
                results,
            ),
            daemon=True,
        )
        for rank in range(world_size)
    ]
    for worker in workers:
        worker.start()
    try:
        outcomes = {}
        deadline = time.monotonic() + timeout + 30.0  # + time to start interpreters, import torch
        while len(outcomes) < world_size:
            try:
                status, rank, payload = results.get(timeout=0.2)
            except queue_module.Empty:
                # A worker that dies before reporting (e.g. it could not even import) would
                # otherwise leave us waiting for the whole timeout.
                dead = [
                    (r, w.exitcode)
                    for r, w in enumerate(workers)
                    if w.exitcode not in (None, 0) and r not in outcomes
                ]
                if dead:
                    raise RuntimeError(
                        f"distributed_gradient: worker(s) exited without an answer "
                        f"(rank, exit code): {dead}. From a script, call this under "
                        "`if __name__ == '__main__':` (the spawn start method re-imports it)."
                    ) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"distributed_gradient: only {len(outcomes)} of {world_size} workers "
                        f"answered within {timeout + 30.0:g} s"
                    ) from None
                continue
            if status == "error":
                raise RuntimeError(f"distributed_gradient: worker {rank} failed:\n{payload}")
            outcomes[rank] = payload
        for worker in workers:
            worker.join(timeout=10.0)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5.0)
        results.close()

    return outcomes
