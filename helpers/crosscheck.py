"""Hold our hand-written numpy backprop (``helpers.mlp``) against PyTorch.

This is the only module of ``helpers`` that imports torch, so the first lectures stay light.

* :func:`to_torch_mlp`, :func:`torch_loss_and_grads`, :func:`compare_gradients`: the same network
  in PyTorch, its autograd gradients in our ``(W, b)`` layout, and a per-parameter comparison.
* :func:`gradcheck_our_loss`: ``torch.autograd.gradcheck`` pointed at *our* gradients.
* :func:`train_side_by_side`, :func:`time_training_step`: our loop against ``torch.optim.SGD``.
* :func:`distributed_gradient`: data parallelism in miniature; worker processes each take a shard
  of the batch and average their gradients with ``torch.distributed.all_reduce``.

Everything runs in float64 on the CPU, so "the same" means equal to about 1e-12 or better.
"""

from __future__ import annotations

import datetime
import multiprocessing
import os
import queue as queue_module
import socket
import statistics
import time
import traceback
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from helpers import mlp
from helpers.calculus import relative_error

# torch Linear stores weight as (out_features, in_features) and computes x @ weight.T + bias;
# our W is (fan_in, fan_out) and we compute X @ W + b. So weight = W.T everywhere below.


def to_torch_mlp(params) -> torch.nn.Sequential:
    """A float64 ``torch.nn.Sequential`` of Linear/ReLU layers holding copies of our weights."""
    mlp._check_params(params)
    layers = []
    for i, (W, b) in enumerate(params):
        W = np.asarray(W, dtype=np.float64)
        linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(np.array(b, dtype=np.float64)))
        layers.append(linear)
        if i < len(params) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def _linears(model):
    return [m for m in model if isinstance(m, torch.nn.Linear)]


def params_from_torch(model) -> list[tuple[np.ndarray, np.ndarray]]:
    """Our ``(W, b)`` list from a Sequential built by :func:`to_torch_mlp` (copies)."""
    return [
        (m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
        for m in _linears(model)
    ]


def _torch_loss(out, y, loss):
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(out, y)
    return F.mse_loss(out, y)


def _torch_inputs(params, X, y, loss):
    """Checked float64 tensors for X and y (y shaped like the network's output)."""
    mlp._check_loss_name(loss)
    mlp._check_params(params)
    X = mlp._check_X(params, X)
    out_shape = (X.shape[0], np.shape(params[-1][0])[1])
    y = mlp._match_target(np.empty(out_shape), y)
    return torch.from_numpy(X), torch.from_numpy(y.copy())


def torch_loss_and_grads(params, X, y, loss="bce"):
    """The loss and its gradients by PyTorch autograd, in our layout: (value, [(dW, db), ...])."""
    Xt, yt = _torch_inputs(params, X, y, loss)
    model = to_torch_mlp(params)
    value = _torch_loss(model(Xt), yt, loss)
    value.backward()
    grads = [(m.weight.grad.numpy().T.copy(), m.bias.grad.numpy().copy()) for m in _linears(model)]
    return float(value.item()), grads


@dataclass
class GradientComparison:
    """One row of :func:`compare_gradients`: parameter ``name`` ("W1", "b1", ...) and errors.

    ``max_rel_error`` is the largest elementwise |ours - torch| / max(|ours|, |torch|) (0 where
    both are 0; see ``helpers.calculus.relative_error``). About 1e-16 .. 1e-13 means equal up to
    rounding; 1e-2 or more means a bug.
    """

    name: str
    shape: tuple
    max_abs_error: float
    max_rel_error: float


def compare_gradients(params, X, y, loss="bce") -> list[GradientComparison]:
    """Our backward against torch autograd, one row per weight matrix and bias vector."""
    _, ours = mlp.loss_and_grads(params, X, y, loss)
    _, theirs = torch_loss_and_grads(params, X, y, loss)
    rows = []
    for i, (ours_pair, theirs_pair) in enumerate(zip(ours, theirs), start=1):
        for kind, a, b in zip("Wb", ours_pair, theirs_pair):
            rows.append(
                GradientComparison(
                    name=f"{kind}{i}",
                    shape=tuple(a.shape),
                    max_abs_error=float(np.max(np.abs(a - b))),
                    max_rel_error=relative_error(a, b),
                )
            )
    return rows


# --------------------------------------------------------------------------------------------
# gradcheck of OUR gradients
# --------------------------------------------------------------------------------------------


class _OurLoss(torch.autograd.Function):
    """Loss as a function of the flat parameter vector, value AND gradient from our numpy code.

    torch never differentiates anything here: forward calls our loss, backward hands back our
    backprop's gradient. So when gradcheck compares backward with finite differences of forward,
    it is checking our backprop.
    """

    @staticmethod
    def forward(ctx, theta, like, X, y, loss, grad_fn):
        params = mlp.unflatten_params(theta.detach().numpy(), like)
        value, grads = grad_fn(params, X, y, loss)
        ctx.flat_grads = torch.from_numpy(mlp.flatten_params(grads))
        return torch.tensor(value, dtype=torch.float64)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.flat_grads, None, None, None, None, None


def gradcheck_our_loss(
    params, X, y, loss="bce", *, eps=1e-6, atol=1e-6, rtol=1e-4, grad_fn=None, raise_exception=False
) -> bool:
    """Run ``torch.autograd.gradcheck`` on our loss with our backprop as its gradient.

    Returns True when our gradient matches central finite differences (step ``eps``) to within
    ``atol + rtol * |numerical|``. ``grad_fn(params, X, y, loss) -> (value, grads)`` defaults to
    ``helpers.mlp.loss_and_grads``; pass a deliberately broken one to watch the check fail.
    Finite differences across a ReLU kink are wrong by design, so use data in general position
    (random inputs almost never put a pre-activation within eps of 0).
    """
    grad_fn = mlp.loss_and_grads if grad_fn is None else grad_fn
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()
    like = mlp.copy_params(params)
    theta = torch.from_numpy(mlp.flatten_params(params)).requires_grad_(True)

    def fn(t):
        return _OurLoss.apply(t, like, X_np, y_np, loss, grad_fn)

    return bool(
        torch.autograd.gradcheck(
            fn, (theta,), eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception
        )
    )


# --------------------------------------------------------------------------------------------
# training side by side, and timing
# --------------------------------------------------------------------------------------------


@dataclass
class SideBySide:
    """Per step k = 1..steps: the largest |our weight - torch weight| and both losses."""

    max_abs_diff: np.ndarray
    our_losses: np.ndarray
    torch_losses: np.ndarray
    params: list
    torch_params: list


def train_side_by_side(params, X, y, lr, steps, momentum=0.0, loss="bce") -> SideBySide:
    """Train with our ``sgd_step`` and with ``torch.optim.SGD(momentum=...)`` from the same start.

    Both are full-batch, same heavy-ball convention; after every step the largest absolute
    difference over all weights and biases is recorded. ``our_losses[k]`` / ``torch_losses[k]``
    are the losses computed during step k + 1 (before its update).
    """
    lr = mlp._check_positive_finite("lr", lr)
    steps = mlp._check_positive_int("steps", steps)
    momentum = mlp._check_momentum(momentum)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()

    model = to_torch_mlp(params)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    ours, velocity = mlp.copy_params(params), None
    diffs, our_losses, torch_losses = [], [], []
    for _ in range(steps):
        value, grads = mlp.loss_and_grads(ours, X_np, y_np, loss)
        ours, velocity = mlp.sgd_step(ours, grads, lr, velocity, momentum)

        optimizer.zero_grad()
        torch_value = _torch_loss(model(Xt), yt, loss)
        torch_value.backward()
        optimizer.step()

        theirs = params_from_torch(model)
        diffs.append(
            max(
                float(np.max(np.abs(a - b)))
                for pair_a, pair_b in zip(ours, theirs)
                for a, b in zip(pair_a, pair_b)
            )
        )
        our_losses.append(value)
        torch_losses.append(float(torch_value.item()))
    return SideBySide(
        max_abs_diff=np.asarray(diffs),
        our_losses=np.asarray(our_losses),
        torch_losses=np.asarray(torch_losses),
        params=ours,
        torch_params=params_from_torch(model),
    )


@dataclass
class StepTiming:
    """Median seconds per full training step (forward, loss, backward, update)."""

    numpy_seconds: float
    torch_seconds: float
    repeats: int
    n_samples: int
    n_params: int

    @property
    def ratio(self) -> float:
        """numpy time / torch time (> 1 means torch was faster)."""
        return self.numpy_seconds / self.torch_seconds


def time_training_step(params, X, y, loss="bce", *, lr=0.1, repeats=20, warmup=3) -> StepTiming:
    """Time one training step of our numpy code and of torch autograd + ``torch.optim.SGD``.

    Both run ``warmup`` untimed steps first; the median of ``repeats`` timed steps is reported.
    The numbers depend on the machine, the thread count and the network size: small networks
    favour numpy (less overhead per operation), big ones favour torch's kernels.
    """
    repeats = mlp._check_positive_int("repeats", repeats)
    lr = mlp._check_positive_finite("lr", lr)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()

    ours = mlp.copy_params(params)
    numpy_times = []
    for i in range(warmup + repeats):
        t0 = time.perf_counter()
        _, grads = mlp.loss_and_grads(ours, X_np, y_np, loss)
        ours, _ = mlp.sgd_step(ours, grads, lr)
        if i >= warmup:
            numpy_times.append(time.perf_counter() - t0)

    model = to_torch_mlp(params)
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    torch_times = []
    for i in range(warmup + repeats):
        t0 = time.perf_counter()
        optimizer.zero_grad()
        _torch_loss(model(Xt), yt, loss).backward()
        optimizer.step()
        if i >= warmup:
            torch_times.append(time.perf_counter() - t0)

    return StepTiming(
        numpy_seconds=statistics.median(numpy_times),
        torch_seconds=statistics.median(torch_times),
        repeats=repeats,
        n_samples=X_np.shape[0],
        n_params=int(mlp.flatten_params(params).size),
    )


# --------------------------------------------------------------------------------------------
# data parallelism: several processes, one averaged gradient
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _distributed_worker(rank, world_size, port, params, X_shard, y_shard, loss, timeout, results):
    """One worker: gradient on its shard, then all_reduce(SUM) / world_size, like DDP does.

    Lives at module level so the "spawn" start method can import it in a fresh interpreter
    (which is also what makes it work from inside a Jupyter kernel).
    """
    import torch.distributed as dist

    os.environ.setdefault("GLOO_SOCKET_IFNAME", "lo")  # stay on the loopback interface
    torch.set_num_threads(1)
    try:
        dist.init_process_group(
            "gloo",
            init_method=f"tcp://127.0.0.1:{port}",
            rank=rank,
            world_size=world_size,
            timeout=datetime.timedelta(seconds=timeout),
        )
        try:
            model = to_torch_mlp(params)
            Xt, yt = torch.from_numpy(X_shard), torch.from_numpy(y_shard)
            _torch_loss(model(Xt), yt, loss).backward()
            for p in model.parameters():
                dist.all_reduce(p.grad, op=dist.ReduceOp.SUM)
                p.grad /= world_size
            grads = [
                (m.weight.grad.numpy().T.copy(), m.bias.grad.numpy().copy())
                for m in _linears(model)
            ]
            results.put(("ok", rank, grads))
        finally:
            dist.destroy_process_group()
    except Exception:  # noqa: BLE001 -- any failure, a timeout included, goes to the parent
        results.put(("error", rank, traceback.format_exc()))


def distributed_gradient(params, X, y, world_size=2, loss="bce", *, timeout=60.0):
    """The gradient computed data-parallel by ``world_size`` processes on this machine.

    The rows are split into ``world_size`` consecutive shards (``numpy.array_split``). Each worker
    process joins a gloo process group over TCP on 127.0.0.1, computes the mean-loss gradient on
    its shard with torch autograd, and the workers then ``all_reduce`` (sum) their gradients and
    divide by ``world_size``: exactly what ``DistributedDataParallel`` does. Rank 0's averaged
    gradient is returned in our ``[(dW, db), ...]`` layout (all ranks must agree).

    With equal shards (n divisible by world_size) the average of the shard means is the mean over
    all rows, so the result equals the full-batch gradient up to rounding. With unequal shards
    it does not quite (smaller shards weigh more), as with DDP.
    """
    world_size = mlp._check_positive_int("world_size", world_size)
    timeout = mlp._check_positive_finite("timeout", timeout)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()
    if world_size > X_np.shape[0]:
        raise ValueError(
            f"world_size must be between 1 and the number of samples ({X_np.shape[0]}), "
            f"got {world_size}"
        )
    params = mlp.copy_params(params)
    X_shards = np.array_split(X_np, world_size)
    y_shards = np.array_split(y_np, world_size)

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    port = _free_port()
    workers = [
        context.Process(
            target=_distributed_worker,
            args=(
                rank,
                world_size,
                port,
                params,
                X_shards[rank],
                y_shards[rank],
                loss,
                timeout,
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

    grads = outcomes[0]
    for rank in range(1, world_size):
        same = all(
            np.array_equal(a, b)
            for pair_a, pair_b in zip(grads, outcomes[rank])
            for a, b in zip(pair_a, pair_b)
        )
        if not same:
            raise RuntimeError(f"distributed_gradient: rank {rank} ended with another gradient")
    return grads
