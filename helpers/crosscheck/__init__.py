"""Hold our hand-written numpy backprop (``helpers.mlp``) against PyTorch.

This is the only package of ``helpers`` that imports torch, so the first lectures stay light.

* :func:`to_torch_mlp`, :func:`torch_loss_and_grads`, :func:`compare_gradients`: the same network
  in PyTorch, its autograd gradients in our ``(W, b)`` layout, and a per-parameter comparison.
* :func:`gradcheck_our_loss`: ``torch.autograd.gradcheck`` pointed at *our* gradients.
* :func:`train_side_by_side`, :func:`time_training_step`: our loop against ``torch.optim.SGD``.
* :func:`distributed_gradient`: data parallelism in miniature; worker processes each take a shard
  of the batch and average their gradients with ``torch.distributed.all_reduce``.

Submodules: :mod:`.autograd`, :mod:`.training`, :mod:`.distributed`. Argument checks follow
:mod:`helpers.checks`; network structure checks are the public ones of :mod:`helpers.mlp`.

Everything runs in float64 on the CPU, so "the same" means equal to about 1e-12 or better.
"""

from .autograd import (
    GradientComparison,
    compare_gradients,
    gradcheck_our_loss,
    gradient_errors,
    grads_from_torch,
    graph_nodes,
    params_from_torch,
    to_torch_mlp,
    torch_loss_and_grads,
)
from .distributed import distributed_gradient
from .training import SideBySide, StepTiming, time_training_step, train_side_by_side

__all__ = [
    "GradientComparison",
    "SideBySide",
    "StepTiming",
    "compare_gradients",
    "distributed_gradient",
    "gradcheck_our_loss",
    "gradient_errors",
    "graph_nodes",
    "grads_from_torch",
    "params_from_torch",
    "time_training_step",
    "to_torch_mlp",
    "torch_loss_and_grads",
    "train_side_by_side",
]
