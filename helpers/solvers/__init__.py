"""Gradient descent, for one start, for many starts at once, and over mini-batches of data.

Each solver returns one result object with every iterate and a message a student can read, in
the spirit of ``scipy.optimize``; all of them share the names of :mod:`helpers.results`
(``final``, ``path``, ``steps``, ``converged``, ``diverged``, ``message``). Divergence is a
result (``diverged=True``), never an exception or a warning; bad arguments are a ``ValueError``
(or a ``TypeError`` for the wrong type) naming the argument, its value and what is allowed, by
the rules of :mod:`helpers.checks`.

* :mod:`.descent`: :func:`gradient_descent` from one start.
* :mod:`.many`: :func:`descend_many`, every start of a grid at once.
* :mod:`.minibatch`: :func:`minibatch_sgd` over the rows of a data set.
* :mod:`.cost`: :class:`CostModel`, the compute time of an update (fixed part plus per row).
* :mod:`.least_squares`: :func:`linear_mse_sgd`, the same for a linear model's mean squared
  error, with each batch's sums formed at once (fast enough for a slider).
"""

from .cost import LECTURE_04_COST, CostModel
from .descent import DEFAULT_BOUND, DescentResult, gradient_descent
from .least_squares import linear_mse_sgd, stability_limit, update_sizes
from .many import ManyResult, descend_many
from .minibatch import MinibatchResult, minibatch_sgd, rising_loss_note

__all__ = [
    "LECTURE_04_COST",
    "CostModel",
    "DEFAULT_BOUND",
    "DescentResult",
    "ManyResult",
    "MinibatchResult",
    "descend_many",
    "gradient_descent",
    "linear_mse_sgd",
    "minibatch_sgd",
    "rising_loss_note",
    "stability_limit",
    "update_sizes",
]
