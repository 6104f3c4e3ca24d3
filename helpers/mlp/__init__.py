"""A ReLU multilayer perceptron with backpropagation written by hand, in numpy (float64).

The network is a list of ``(W, b)`` pairs. Layer ``i`` computes ``X @ W + b`` with ``W`` of
shape ``(fan_in, fan_out)`` and ``b`` of shape ``(fan_out,)``; every layer but the last is
followed by ReLU. The last layer's output is a raw score (a *logit* for classification).

Each building block comes as a forward/backward pair, in the style of the cs231n notes:

* ``*_forward`` computes the output and returns a *cache*: whatever the backward pass will need.
* ``*_backward`` takes ``dL/d(output)`` and the cache and returns ``dL/d(inputs)``: the chain rule
  applied to one block. ``backward`` just calls them in reverse order, each one reusing the
  gradient the next layer sent back (the slides' "send the derivatives back").

Losses return ``(value, dL/d(output))`` and average over all entries, like PyTorch's defaults,
so ``helpers.crosscheck`` can hold every number here against ``torch.autograd``.

* :mod:`.params`: the structural checks (``check_params``, ``check_inputs``, ``match_target``,
  ...), ``init_params``, copies, flat vectors and ``max_difference``.
* :mod:`.layers`: the forward/backward pairs, ``forward``, ``backward`` and the losses.
* :mod:`.training`: ``loss_and_grads``, ``numerical_grads``, ``sgd_step``, predictions and
  ``train`` with its :class:`TrainResult`.

Every public function checks its arguments once, at entry: parameters, inputs and targets must
be finite (NaN in the data is named as such, never blamed on the learning rate), and sizes and
step counts have stated limits (``checks.LIMITS`` and the ``MAX_*`` constants here).
"""

from .layers import (
    backward,
    bce_with_logits,
    forward,
    linear_backward,
    linear_forward,
    mse,
    relu_backward,
    relu_forward,
    sigmoid,
)
from .params import (
    LOSSES,
    MAX_PARAMETERS,
    check_data,
    check_inputs,
    check_like,
    check_loss,
    check_params,
    check_target,
    copy_params,
    flatten_params,
    init_params,
    match_target,
    max_difference,
    unflatten_params,
)
from .training import (
    MAX_NUMERICAL_PARAMETERS,
    TrainResult,
    accuracy,
    loss_and_grads,
    numerical_grads,
    predict,
    predict_proba,
    sgd_step,
    train,
)

__all__ = [
    "LOSSES",
    "MAX_NUMERICAL_PARAMETERS",
    "MAX_PARAMETERS",
    "TrainResult",
    "accuracy",
    "backward",
    "bce_with_logits",
    "check_data",
    "check_inputs",
    "check_like",
    "check_loss",
    "check_params",
    "check_target",
    "copy_params",
    "flatten_params",
    "forward",
    "init_params",
    "linear_backward",
    "linear_forward",
    "loss_and_grads",
    "match_target",
    "max_difference",
    "mse",
    "numerical_grads",
    "predict",
    "predict_proba",
    "relu_backward",
    "relu_forward",
    "sgd_step",
    "sigmoid",
    "train",
    "unflatten_params",
]
