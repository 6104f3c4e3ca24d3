"""The same network in PyTorch, its autograd gradients in our layout, and gradcheck of ours."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np
import torch
import torch.nn.functional as F

from .. import checks, mlp
from ..calculus import relative_error

__all__ = [
    "GradientComparison",
    "compare_gradients",
    "gradcheck_our_loss",
    "gradient_errors",
    "grads_from_torch",
    "graph_nodes",
    "params_from_torch",
    "to_torch_mlp",
    "torch_loss_and_grads",
]

# torch Linear stores weight as (out_features, in_features) and computes x @ weight.T + bias;
# our W is (fan_in, fan_out) and we compute X @ W + b. So weight = W.T everywhere below.


def to_torch_mlp(params) -> torch.nn.Sequential:
    """A float64 ``torch.nn.Sequential`` of Linear/ReLU layers holding copies of our weights.

    Lecture 06 builds the same network in front of the student (its ``torch_network``); this
    copy exists for code that cannot see a notebook, such as the worker processes of
    :func:`~helpers.crosscheck.distributed_gradient`. The lecture shows that the two build the
    same network, and ``tests/test_claims_06.py`` holds it for other sizes.
    """
    params = mlp.check_params(params)
    layers = []
    for i, (W, b) in enumerate(params):
        linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(np.array(b, dtype=np.float64)))
        layers.append(linear)
        if i < len(params) - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def _linears(model) -> list:
    """The Linear layers of ``model``, a ``torch.nn.Sequential`` that holds at least one."""
    allowed = "a torch.nn.Sequential of Linear and ReLU layers (as to_torch_mlp builds)"
    if not isinstance(model, torch.nn.Sequential):
        raise TypeError(f"model must be {allowed}, got {checks.shown(model)}")
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    if not linears or any(m.bias is None for m in linears):
        raise ValueError(f"model must be {allowed}, each Linear with a bias, got "
                         f"{checks.shown(model)}")
    return linears


def params_from_torch(model) -> list[tuple[np.ndarray, np.ndarray]]:
    """Our ``(W, b)`` list from a Sequential built by :func:`to_torch_mlp` (copies)."""
    return [
        (m.weight.detach().numpy().T.copy(), m.bias.detach().numpy().copy())
        for m in _linears(model)
    ]


def grads_from_torch(model) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``.grad`` of every Linear layer of ``model``, as float64 copies in our ``(dW, db)``
    layout (``dW`` is ``weight.grad`` transposed), after a ``backward()`` call."""
    linears = _linears(model)
    if any(m.weight.grad is None or m.bias.grad is None for m in linears):
        raise ValueError(
            "model must hold gradients in .grad (call backward() on a loss of its output "
            "first), got a model whose .grad is None"
        )
    return [
        (
            m.weight.grad.detach().double().numpy().T.copy(),
            m.bias.grad.detach().double().numpy().copy(),
        )
        for m in linears
    ]


def _mismatch(a: np.ndarray, b: np.ndarray) -> float:
    """The largest relative error between two arrays of one shape; ``inf`` when either holds
    a NaN or an infinity: a gradient that is not finite matches nothing, not even itself, and
    ``inf`` (unlike NaN) fails every ``error <= tol`` and wins every ``max``."""
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return math.inf
    return relative_error(a, b)


def gradient_errors(grads_a, grads_b) -> dict[str, float]:
    """``{"W1": e, "b1": e, ...}``: per weight matrix and bias, the largest elementwise relative
    error |a - b| / max(|a|, |b|) between two gradients in our ``[(dW, db), ...]`` layout.

    A gradient with a NaN or an infinity is reported as not matching: ``inf``, never 0.
    """
    grads_a = mlp.check_params(grads_a, "grads_a", finite=False)
    grads_b = mlp.check_like("grads_b", grads_b, grads_a, finite=False, params_name="grads_a")
    return {
        f"{kind}{i}": _mismatch(a, b)
        for i, (pair_a, pair_b) in enumerate(zip(grads_a, grads_b, strict=True), start=1)
        for kind, a, b in zip("Wb", pair_a, pair_b, strict=True)
    }


def _inputs(node) -> list:
    """The nodes that feed ``node`` (its ``next_functions``; inputs needing no gradient are
    None there and left out)."""
    return [fn for fn, _ in node.next_functions if fn is not None]


def _is_parameter(node) -> bool:
    """Whether ``node`` is where a parameter's gradient lands (an ``AccumulateGrad``)."""
    return type(node).__name__ == "AccumulateGrad"


def _heights(root) -> dict:
    """For every operation node below ``root``: the most operations on a path down from it."""
    heights, stack = {}, [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if node in heights:
            continue
        below = [fn for fn in _inputs(node) if not _is_parameter(fn)]
        if inputs_done:
            heights[node] = 1 + max((heights[fn] for fn in below), default=0)
        else:
            stack.append((node, True))
            stack.extend((fn, False) for fn in below if fn not in heights)
    return heights


def graph_nodes(tensor) -> list[tuple[str, list[str]]]:
    """The graph autograd recorded for ``tensor``: every operation node once, from it down.

    Each entry is one node (the ``grad_fn`` of an operation, e.g. ``"MulBackward0"``) and the
    nodes that feed it (its ``next_functions``; ``"AccumulateGrad"`` is where a parameter's
    gradient lands in ``.grad``, so it gets no entry of its own). The walk is depth first and
    takes the shorter branch first, so a side branch, such as the transposed weight that feeds a
    linear layer (``TBackward0``), is listed right below the node it feeds, before the walk goes
    on down the main chain.
    """
    allowed = "a tensor computed from one that requires grad (it needs a grad_fn)"
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"tensor must be {allowed}, got {checks.shown(tensor)}")
    if tensor.grad_fn is None:
        raise ValueError(f"tensor must be {allowed}, got {checks.shown(tensor)}")
    heights = _heights(tensor.grad_fn)
    nodes, seen, stack = [], set(), [tensor.grad_fn]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        inputs = _inputs(node)
        nodes.append((type(node).__name__, [type(fn).__name__ for fn in inputs]))
        below = sorted((fn for fn in inputs if not _is_parameter(fn) and fn not in seen),
                       key=heights.__getitem__)
        stack.extend(reversed(below))  # the shortest branch is taken first
    return nodes


def _torch_loss(out, y, loss):
    if loss == "bce":
        return F.binary_cross_entropy_with_logits(out, y)
    return F.mse_loss(out, y)


def _torch_inputs(params, X, y, loss):
    """Checked float64 tensors for X and y (y shaped like the network's output)."""
    mlp.check_loss(loss)
    X, y = mlp.check_data(params, X, y, loss)
    return torch.from_numpy(X), torch.from_numpy(np.ascontiguousarray(y))


def torch_loss_and_grads(params, X, y, loss="bce"):
    """The loss and its gradients by PyTorch autograd, in our layout: (value, [(dW, db), ...])."""
    Xt, yt = _torch_inputs(params, X, y, loss)
    model = to_torch_mlp(params)
    value = _torch_loss(model(Xt), yt, loss)
    value.backward()
    return float(value.item()), grads_from_torch(model)


@dataclass
class GradientComparison:
    """One row of :func:`compare_gradients`: parameter ``name`` ("W1", "b1", ...) and errors.

    ``max_rel_error`` is the largest elementwise |ours - torch| / max(|ours|, |torch|) (0 where
    both are 0; see ``helpers.calculus.relative_error``). About 1e-16 .. 1e-13 means equal up to
    rounding; 1e-2 or more means a bug. Both errors are ``inf`` when either gradient holds a NaN
    or an infinity (it overflowed): such a gradient matches nothing.
    """

    name: str
    shape: tuple
    max_abs_error: float
    max_rel_error: float


def compare_gradients(params, X, y, loss="bce") -> list[GradientComparison]:
    """Our backward against torch autograd, one row per weight matrix and bias vector."""
    _, theirs = torch_loss_and_grads(params, X, y, loss)
    # Weights so large that the network overflows give gradients of inf or NaN: the rows
    # report those as inf, so numpy's warnings would only repeat it.
    with np.errstate(over="ignore", invalid="ignore"):
        _, ours = mlp.loss_and_grads(params, X, y, loss)
    rows = []
    for i, (ours_pair, theirs_pair) in enumerate(zip(ours, theirs, strict=True), start=1):
        for kind, a, b in zip("Wb", ours_pair, theirs_pair, strict=True):
            error = _mismatch(a, b)
            rows.append(
                GradientComparison(
                    name=f"{kind}{i}",
                    shape=tuple(a.shape),
                    max_abs_error=math.inf if math.isinf(error) else float(np.max(np.abs(a - b))),
                    max_rel_error=error,
                )
            )
    return rows


# --------------------------------------------------------------------------------------------
# gradcheck of OUR gradients
# --------------------------------------------------------------------------------------------


class _OurLoss(torch.autograd.Function):
    """Loss as a function of the flat parameter vector, value AND gradient from our numpy code.

    A ``torch.autograd.Function`` is how PyTorch takes in an operation of our own: its
    ``forward`` computes the value and its ``backward`` returns the gradient, and autograd then
    uses the pair like any of its built-in operations. torch differentiates nothing here:
    forward calls our loss, backward hands back our backprop's gradient. So when gradcheck
    compares backward with finite differences of forward, it is checking our backprop.
    """

    @staticmethod
    def forward(ctx, theta, like, X, y, loss_and_grads):
        params = mlp.unflatten_params(theta.detach().numpy(), like)
        # weights so large that the network overflows: the loss is inf or NaN, and gradcheck
        # then says the gradient does not match, which is its verdict to give, not a warning
        with np.errstate(over="ignore", invalid="ignore"):
            value, grads = _loss_and_grads_result(loss_and_grads(params, X, y), like)
        ctx.flat_grads = torch.from_numpy(mlp.flatten_params(grads))
        return torch.tensor(value, dtype=torch.float64)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output * ctx.flat_grads, None, None, None, None


def _loss_and_grads_result(result, like):
    """What a ``loss_and_grads`` passed to :func:`gradcheck_our_loss` returned, checked: a loss
    (a number) and gradients shaped like the params. NaN or inf is let through: gradcheck then
    fails, which is the right verdict on such a gradient."""
    allowed = "(loss value, grads shaped like params)"
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise TypeError(f"loss_and_grads must return {allowed}, got {checks.shown(result)}")
    value, grads = result
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"loss_and_grads must return {allowed}, got a loss value of "
                        f"{checks.shown(value)}")
    grads = mlp.check_like("loss_and_grads' grads", grads, like, finite=False)
    return float(value), grads


def gradcheck_our_loss(
    params, X, y, loss="bce", *, eps=1e-6, atol=1e-6, rtol=1e-4, loss_and_grads=None,
    raise_exception=False,
) -> bool:
    """Run ``torch.autograd.gradcheck`` on our loss with our backprop as its gradient.

    Returns True when our gradient matches central finite differences (step ``eps``, in
    (0, 1]: a larger step measures no derivative) to within
    ``atol + rtol * |numerical|``. ``loss_and_grads(params, X, y) -> (value, grads)`` computes
    the loss and its gradient; it defaults to ``helpers.mlp.loss_and_grads`` with ``loss``
    (``y`` reaches it shaped like the network's output). Pass a deliberately broken one to watch
    the check fail; it computes its own loss, so ``loss`` then only shapes and checks ``y``.
    With ``raise_exception=True`` a failed check raises gradcheck's own error (a RuntimeError)
    instead of returning False. Finite differences across a ReLU kink are wrong by design, so
    use data in general position (random inputs almost never put a pre-activation within eps
    of 0).
    """
    if loss_and_grads is None:
        def loss_and_grads(params, X, y):
            return mlp.loss_and_grads(params, X, y, loss)
    else:
        loss_and_grads = checks.callable_("loss_and_grads", loss_and_grads)
    eps = checks.number("eps", eps, low=0.0, high=1.0, low_open=True)
    atol = checks.nonnegative("atol", atol)
    rtol = checks.nonnegative("rtol", rtol)
    raise_exception = checks.flag("raise_exception", raise_exception)
    Xt, yt = _torch_inputs(params, X, y, loss)
    X_np, y_np = Xt.numpy(), yt.numpy()
    like = mlp.copy_params(params)
    theta = torch.from_numpy(mlp.flatten_params(params)).requires_grad_(True)

    def fn(t):
        return _OurLoss.apply(t, like, X_np, y_np, loss_and_grads)

    return bool(
        torch.autograd.gradcheck(
            fn, (theta,), eps=eps, atol=atol, rtol=rtol, raise_exception=raise_exception
        )
    )
