"""Exercises of lectures 05 and 06: the worked answers pass, typical wrong answers fail with a
hint, and no feedback gives the answer away."""

import numpy as np
import pytest

from helpers.exercises import lecture05 as ex5
from helpers.exercises import lecture06 as ex6

EXERCISES = [ex5.chain_rule, ex5.relu_backward, ex5.linear_backward, ex6.first_backward,
             ex6.torch_weight, ex6.accumulated_grad, ex6.effective_batch]


# the worked answers, as the notebooks' <details> blocks give them
def worked_relu_backward(grad_out, x):
    return grad_out * (x > 0)


def worked_linear_backward(grad_out, X, W):
    return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)


# lecture 05, exercise 3: the natural first try, in the notebook's skeleton (the checker names
# the line that fails from its source, so these are written out, not lambdas)
def first_try_linear_backward(grad_out, X, W):
    dX = grad_out @ W
    dW = ...
    db = ...
    return dX, dW, db


def wrong_dw_linear_backward(grad_out, X, W):
    dX = grad_out @ W.T
    dW = X @ grad_out
    db = grad_out.sum(axis=0)
    return dX, dW, db


def worked_to_torch_weight(W):
    return W.T


@pytest.mark.parametrize("exercise, answer", [
    (ex5.chain_rule, 45),
    (ex5.chain_rule, 45.0),
    (ex5.relu_backward, worked_relu_backward),
    (ex5.relu_backward, lambda g, x: np.where(x > 0, g, 0.0)),
    (ex5.linear_backward, worked_linear_backward),
    (ex5.linear_backward, lambda g, X, W: [np.einsum("ik,jk->ij", g, W),
                                           np.einsum("ij,ik->jk", X, g), np.sum(g, axis=0)]),
    (ex6.first_backward, 18),
    (ex6.first_backward, 18.0),
    (ex6.torch_weight, worked_to_torch_weight),
    (ex6.torch_weight, lambda W: np.transpose(W).copy()),
    (ex6.accumulated_grad, 60),
    (ex6.effective_batch, 128),
])
def test_worked_answers_pass(exercise, answer):
    feedback = exercise.check(answer)
    assert feedback.correct, feedback
    assert "Correct" in repr(feedback)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_not_answered_yet(exercise):
    for answer in (..., None):
        feedback = exercise.check(answer)
        assert not feedback.correct and "Not answered yet" in feedback.message
        assert not feedback.hint  # hints come after a first answer


def test_a_function_that_returns_nothing_is_told_so():
    def unfinished(*args):
        ...

    for exercise in (ex5.relu_backward, ex5.linear_backward, ex6.torch_weight):
        feedback = exercise.check(unfinished)
        assert not feedback.correct and "returns None" in feedback.message and feedback.hint
    # the notebook's skeleton returns its three ... until they are filled in
    assert "Not answered yet" in ex5.linear_backward.check(lambda g, X, W: (..., ..., ...)).message


@pytest.mark.parametrize("exercise, answer, says", [
    (ex5.chain_rule, -45, "wrong sign"),
    (ex5.chain_rule, 22.5, "factor 2 is missing"),
    (ex5.chain_rule, 30, "dL/dz"),
    (ex5.chain_rule, 15, "second layer"),
    (ex5.chain_rule, 20, "w1, not of w0"),
    (ex5.chain_rule, 25, "the loss itself"),
    (ex5.chain_rule, 10, "That is dL/dy"),
    (ex5.chain_rule, 100, "too high"),
    (ex5.chain_rule, "forty", "single number"),
    (ex5.relu_backward, lambda g, x: g, "negative"),
    (ex5.relu_backward, lambda g, x: (x > 0).astype(float), "local derivative"),
    (ex5.relu_backward, lambda g, x: np.where(x >= 0, g, 0.0), "exactly x = 0"),
    (ex5.relu_backward, lambda g, x: g * x, "not right"),
    (ex5.relu_backward, lambda g, x: np.sum(g * (x > 0)), "shape"),
    (ex5.relu_backward, lambda g, x: np.maximum(g, 0.0), "applied ReLU to the gradient"),
    (ex5.relu_backward, lambda g, x: g @ (x > 0), "shape error"),
    (ex5.relu_backward, 3, "Expected a function"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g), "three arrays"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)), "dW has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0)), "n times too small"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.sum(axis=0, keepdims=True)),
     "db has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W, X.T @ g, g.sum(axis=0)), "shape error"),
    (ex5.linear_backward, first_try_linear_backward, "line for dX stops with a shape error"),
    (ex5.linear_backward, wrong_dw_linear_backward, "line for dW stops with a shape error"),
    (ex5.linear_backward, lambda g, X, W: (X.T @ g, g @ W.T, g.sum(axis=0)), "order"),
    (ex5.linear_backward, lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)), "dX is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, 2 * X.T @ g, g.sum(axis=0)), "dW is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g[0]), "db is not right"),
    (ex6.first_backward, 36, "backward() run twice"),
    (ex6.first_backward, -18, "wrong sign"),
    (ex6.first_backward, 9, "gradient of b0"),
    (ex6.first_backward, 1.5, "gradient of w1"),
    (ex6.first_backward, 3, "dL/dy"),
    (ex6.first_backward, 2.25, "the loss itself"),
    (ex6.first_backward, 0, "ReLU is off"),
    (ex6.first_backward, 20, "too high"),
    (ex6.first_backward, 17.5, "too low"),
    (ex6.first_backward, "eighteen", "single number"),
    (ex6.torch_weight, lambda W: W, "out_features, in_features"),
    (ex6.torch_weight, lambda W: W.reshape(W.shape[1], W.shape[0]), "wrong places"),
    (ex6.torch_weight, lambda W: -W.T, "not the right numbers"),
    (ex6.accumulated_grad, 20, "one backward()"),
    (ex6.accumulated_grad, 0, "nothing here resets"),
    (ex6.accumulated_grad, 30, "factor 2"),
    (ex6.accumulated_grad, 70, "too high"),
    (ex6.effective_batch, 32, "each worker"),
    (ex6.effective_batch, 12.5, "whole number"),
    (ex6.effective_batch, 4, "too low"),
    (ex6.effective_batch, 4096, "too high"),
])
def test_typical_wrong_answers_fail_with_a_hint(exercise, answer, says):
    feedback = exercise.check(answer)
    assert not feedback.correct
    assert says in feedback.message
    assert feedback.hint
    assert "Not yet" in repr(feedback) and "Hint" in feedback._repr_html_()


@pytest.mark.parametrize("exercise, wrong_answer, secret", [
    (ex5.chain_rule, 30, "45"),
    (ex5.chain_rule, 22.5, "45"),
    (ex6.first_backward, 9, "18"),
    (ex6.first_backward, 36, "18"),
    (ex6.accumulated_grad, 20, "60"),
    (ex6.effective_batch, 32, "128"),
])
def test_feedback_never_gives_the_number_away(exercise, wrong_answer, secret):
    feedback = exercise.check(wrong_answer)
    assert secret not in feedback.message + feedback.hint + exercise.question


def test_first_backward_takes_the_tensor_in_w0_grad_as_it_is():
    """The worked answer, run: PyTorch's own w0.grad (a one-number tensor) or its .item()."""
    import torch

    q = ex6.FIRST
    w0, b0, w1, b1 = (torch.tensor(q[k], dtype=torch.float64, requires_grad=True)
                      for k in ("w0", "b0", "w1", "b1"))
    loss = (w1 * torch.relu(w0 * q["x"] + b0) + b1 - q["t"]) ** 2
    loss.backward()
    assert ex6.first_backward.check(w0.grad).correct
    assert ex6.first_backward.check(w0.grad.item()).correct
    loss = (w1 * torch.relu(w0 * q["x"] + b0) + b1 - q["t"]) ** 2
    loss.backward()  # a second backward() without zero_grad: .grad holds twice the gradient
    assert "backward() run twice" in ex6.first_backward.check(w0.grad).message


def test_feedback_never_gives_the_code_away():
    wrong_answers = {
        ex5.relu_backward: [lambda g, x: g, lambda g, x: (x > 0) * 1.0],
        ex5.linear_backward: [lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)),
                              lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)),
                              lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0)),
                              first_try_linear_backward, wrong_dw_linear_backward],
        ex6.torch_weight: [lambda W: W, lambda W: -W.T],
    }
    for exercise, answers in wrong_answers.items():
        for answer in answers:
            feedback = exercise.check(answer)
            said = feedback.message + feedback.hint + exercise.question
            for code in ("W.T", "grad_out @", "@ grad_out", ".sum(", "(x > 0)", "transpose"):
                assert code not in said, (exercise.question[:30], code)


def test_a_shape_error_names_the_gradient_and_the_shape_it_needs():
    """Lecture 05, exercise 3: `dX = grad_out @ W` stops in numpy; the checker says which
    gradient and what shape it must have, not numpy's message and not the answer."""
    feedback = ex5.linear_backward.check(first_try_linear_backward)
    assert "dX must come out with X's shape (5, 3)" in feedback.message
    assert "grad_out has shape (5, 2)" in feedback.message
    assert "W has shape (3, 2)" in feedback.message
    assert "matmul" not in feedback.message and "gufunc" not in feedback.message
    feedback = ex5.linear_backward.check(wrong_dw_linear_backward)
    assert "dW must come out with W's shape (3, 2)" in feedback.message
    # a line the checker cannot name (a lambda) still gets every shape it needs
    feedback = ex5.linear_backward.check(lambda g, X, W: (g @ W, X.T @ g, g.sum(axis=0)))
    assert "dX (5, 3), dW (3, 2), db (2,)" in feedback.message


def test_the_exercise_modules_do_not_need_torch():
    import subprocess
    import sys

    code = ("import sys; from helpers.exercises import lecture05, lecture06; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
