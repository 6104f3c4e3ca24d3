"""Exercises of lectures 05 and 06: the worked answers pass, typical wrong answers fail with a
hint, and no feedback gives the answer away."""

import numpy as np
import pytest

from helpers.exercises import lecture05 as ex5
from helpers.exercises import lecture06 as ex6

EXERCISES = [ex5.chain_rule, ex5.relu_backward, ex5.linear_backward, ex6.torch_weight,
             ex6.accumulated_grad, ex6.effective_batch]


# the worked answers, as the notebooks' <details> blocks give them
def worked_relu_backward(grad_out, x):
    return grad_out * (x > 0)


def worked_linear_backward(grad_out, X, W):
    return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)


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
    (ex5.chain_rule, 100, "too high"),
    (ex5.chain_rule, "forty", "single number"),
    (ex5.relu_backward, lambda g, x: g, "negative"),
    (ex5.relu_backward, lambda g, x: (x > 0).astype(float), "local derivative"),
    (ex5.relu_backward, lambda g, x: np.where(x >= 0, g, 0.0), "exactly x = 0"),
    (ex5.relu_backward, lambda g, x: g * x, "not right"),
    (ex5.relu_backward, lambda g, x: np.sum(g * (x > 0)), "shape"),
    (ex5.relu_backward, 3, "Expected a function"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g), "three arrays"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)), "dW has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0)), "n times too small"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.sum(axis=0, keepdims=True)),
     "db has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W, X.T @ g, g.sum(axis=0)), "ValueError"),
    (ex5.linear_backward, lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)), "dX is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, 2 * X.T @ g, g.sum(axis=0)), "dW is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g[0]), "db is not right"),
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
    (ex6.accumulated_grad, 20, "60"),
    (ex6.effective_batch, 32, "128"),
])
def test_feedback_never_gives_the_number_away(exercise, wrong_answer, secret):
    feedback = exercise.check(wrong_answer)
    assert secret not in feedback.message + feedback.hint + exercise.question


def test_feedback_never_gives_the_code_away():
    wrong_answers = {
        ex5.relu_backward: [lambda g, x: g, lambda g, x: (x > 0) * 1.0],
        ex5.linear_backward: [lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)),
                              lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)),
                              lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0))],
        ex6.torch_weight: [lambda W: W, lambda W: -W.T],
    }
    for exercise, answers in wrong_answers.items():
        for answer in answers:
            feedback = exercise.check(answer)
            said = feedback.message + feedback.hint + exercise.question
            for code in ("W.T", "grad_out @", "@ grad_out", ".sum(", "(x > 0)", "transpose"):
                assert code not in said, (exercise.question[:30], code)


def test_the_exercise_modules_do_not_need_torch():
    import subprocess
    import sys

    code = ("import sys; from helpers.exercises import lecture05, lecture06; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
