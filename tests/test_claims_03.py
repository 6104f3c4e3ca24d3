"""General statements of lecture 03 that no single cell can show, held over a range."""

import numpy as np
import pytest

from helpers import functions
from helpers.solvers import gradient_descent


def other_books_momentum(grad, x0, lr, momentum, steps, lr_decay=0.0):
    """The other common form: v <- beta v - lr_k grad f(x), x <- x + v."""
    x, v, path = float(x0), 0.0, [float(x0)]
    for k in range(steps):
        v = momentum * v - lr / (k + 1) ** lr_decay * grad(x)
        x = x + v
        path.append(x)
    return np.array(path)


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.8, 0.97])
@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3])
def test_the_two_momentum_forms_agree_for_a_constant_learning_rate(lr, momentum):
    quartic = functions.quartic()
    ours = gradient_descent(quartic.grad, 2.0, lr, steps=60, tol=0.0, momentum=momentum)
    theirs = other_books_momentum(quartic.grad, 2.0, lr, momentum, len(ours.path) - 1)
    # the same to rounding (a diverging run grows the rounding with its size)
    np.testing.assert_allclose(ours.path, theirs, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("momentum", [0.5, 0.8])
def test_the_two_momentum_forms_differ_when_the_learning_rate_changes(momentum):
    quartic = functions.quartic()
    ours = gradient_descent(quartic.grad, 2.0, 0.1, steps=30, tol=0.0, momentum=momentum,
                            lr_decay=0.5)
    theirs = other_books_momentum(quartic.grad, 2.0, 0.1, momentum, 30, lr_decay=0.5)
    assert np.abs(ours.path - theirs).max() > 1e-3
