"""Exercises of lectures 05 and 06: the worked answers pass, typical wrong answers fail with a
hint, and no feedback gives the answer away."""

import linecache

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


# lecture 05, exercise 2: loops that work on one shape of input and raise on another
def double_loop_relu_backward(grad_out, x):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if x[i, j] > 0:
                out[i, j] = grad_out[i, j]
    return out


def zip_loop_relu_backward(grad_out, x):
    return np.array([gi if xi > 0 else 0.0 for gi, xi in zip(grad_out, x, strict=True)])


# lecture 05, exercises 2 and 3: changing an argument in place, which the caller would see
def copy_then_zero_relu_backward(grad_out, x):
    grad = grad_out.copy()
    grad[x <= 0] = 0.0
    return grad


def zero_in_place_relu_backward(grad_out, x):
    grad_out[x <= 0] = 0.0
    return grad_out


def mask_in_place_relu_backward(grad_out, x):
    x[x <= 0] = 0.0
    x[x > 0] = 1.0
    return grad_out * x


def zero_in_place_no_return_relu_backward(grad_out, x):
    grad_out[x <= 0] = 0.0


def in_place_linear_backward(grad_out, X, W):
    dX, dW, db = grad_out @ W.T, X.T @ grad_out, grad_out.sum(axis=0)
    X += 1.0
    return dX, dW, db


def unnamed_linear_backward(grad_out, X, W):
    product = grad_out @ W
    return product, X.T @ grad_out, grad_out.sum(axis=0)


def worked_to_torch_weight(W):
    return W.T


@pytest.mark.parametrize("exercise, answer", [
    (ex5.chain_rule, 45),
    (ex5.chain_rule, 45.0),
    (ex5.relu_backward, worked_relu_backward),
    (ex5.relu_backward, lambda g, x: np.where(x > 0, g, 0.0)),
    (ex5.relu_backward, copy_then_zero_relu_backward),
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
        if answer is None and isinstance(exercise, ex6.GradExercise):
            continue  # None is what an empty .grad holds: see test_an_empty_grad_is_named
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
    (ex5.chain_rule, -45, "sign went wrong"),
    (ex5.chain_rule, 22.5, "factor 2 is missing"),
    (ex5.chain_rule, 30, "dL/dz"),
    (ex5.chain_rule, 15, "second layer"),
    (ex5.chain_rule, 20, "w1, not of w0"),
    (ex5.chain_rule, 25, "the loss itself"),
    (ex5.chain_rule, 10, "That is dL/dy"),
    (ex5.chain_rule, 100, "not one of the usual slips"),
    (ex5.chain_rule, "forty", "single number"),
    (ex5.chain_rule, True, "truth value"),
    (ex5.chain_rule, np.True_, "truth value"),
    (ex5.relu_backward, lambda g, x: g, "negative"),
    (ex5.relu_backward, lambda g, x: (x > 0).astype(float), "local derivative"),
    (ex5.relu_backward, lambda g, x: np.where(x >= 0, g, 0.0), "exactly x = 0"),
    (ex5.relu_backward, lambda g, x: g * x, "not right"),
    (ex5.relu_backward, lambda g, x: np.sum(g * (x > 0)), "shape"),
    (ex5.relu_backward, lambda g, x: np.maximum(g, 0.0), "applied ReLU to the gradient"),
    (ex5.relu_backward, lambda g, x: g @ (x > 0), "shape error"),
    (ex5.relu_backward, 3, "Expected a function"),
    (ex5.relu_backward, double_loop_relu_backward, "x of shape (4,), your function raised "
                                                   "IndexError"),
    (ex5.relu_backward, zip_loop_relu_backward, "a loop over a 2-D array gives whole rows"),
    (ex5.relu_backward, lambda g, x: np.maximum(x, 0.0) * g, "relu(x), ReLU's output"),
    (ex5.relu_backward, lambda g, x: np.maximum(x, 0.0), "the forward pass"),
    (ex5.relu_backward, lambda g, x: g * (x > 1e-3), "stops at x = 0.0001, a small positive"),
    (ex5.relu_backward, zero_in_place_relu_backward, "changes grad_out in place"),
    (ex5.relu_backward, mask_in_place_relu_backward, "changes x in place"),
    (ex5.relu_backward, zero_in_place_no_return_relu_backward, "returns None"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g), "three arrays"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)), "dW has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0)), "n times too small"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.sum(axis=0, keepdims=True)),
     "db has shape"),
    (ex5.linear_backward, lambda g, X, W: (g @ W, X.T @ g, g.sum(axis=0)), "shape error"),
    (ex5.linear_backward, first_try_linear_backward, "code for dX stops with a shape error"),
    (ex5.linear_backward, wrong_dw_linear_backward, "code for dW stops with a shape error"),
    (ex5.linear_backward, in_place_linear_backward, "changes X in place"),
    (ex5.linear_backward, lambda g, X, W: (X.T @ g, g @ W.T, g.sum(axis=0)), "order"),
    (ex5.linear_backward, lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)), "dX is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, 2 * X.T @ g, g.sum(axis=0)), "dW is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g[0]), "db is not right"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g / len(X), g.sum(axis=0)),
     "dW is the mean over the samples"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T / len(X), X.T @ g, g.sum(axis=0)),
     "dX is divided by n"),
    (ex5.linear_backward, lambda g, X, W: (g @ W.T, X.T @ g, g.sum(axis=0)[5]),
     "raised IndexError (index 5 is out of bounds"),
    (ex6.first_backward, 36, "backward() run twice"),
    (ex6.first_backward, -18, "wrong sign"),
    (ex6.first_backward, 9, "gradient of b0"),
    (ex6.first_backward, 1.5, "gradient of w1"),
    (ex6.first_backward, 3, "dL/dy"),
    (ex6.first_backward, 2.25, "the loss itself"),
    (ex6.first_backward, 0, "ReLU is off"),
    (ex6.first_backward, 25, "too high"),
    (ex6.first_backward, 17.5, "too low"),
    (ex6.first_backward, 2, "w1 = -1 still at section 1's values"),
    (ex6.first_backward, 12, "b1 = 0.5 still at section 1's values"),
    (ex6.first_backward, 4.5, "x = 0.5, w0 = 2 still at section 1's values"),
    (ex6.first_backward, 30, "leaves out the target t"),
    (ex6.first_backward, 18.0001, "not exactly"),
    (ex6.first_backward, 17.9, "not exactly"),
    (ex6.first_backward, "eighteen", "single number"),
    (ex6.torch_weight, lambda W: W, "out_features, in_features"),
    (ex6.torch_weight, lambda W: W.reshape(W.shape[1], W.shape[0]), "wrong places"),
    (ex6.torch_weight, lambda W: -W.T, "not the right numbers"),
    (ex6.accumulated_grad, 20, "one backward()"),
    (ex6.accumulated_grad, 0, "nothing here resets"),
    (ex6.accumulated_grad, 30, "each is missing a factor 2"),
    (ex6.accumulated_grad, 10, "missing a factor 2 at that"),
    (ex6.accumulated_grad, 24, "what the lecture's cell prints, at w = 1.5"),
    (ex6.accumulated_grad, 40, "two backward() calls"),
    (ex6.accumulated_grad, 25, "the loss itself"),
    (ex6.accumulated_grad, 75, "three times the loss"),
    (ex6.accumulated_grad, 8, "one backward() at the lecture's w = 1.5"),
    (ex6.accumulated_grad, 120, "Too many gradients"),
    (ex6.accumulated_grad, 180, "Too many gradients"),
    (ex6.accumulated_grad, 60.001, "too high"),
    (ex6.accumulated_grad, 70, "too high"),
    (ex6.effective_batch, 32, "each worker"),
    (ex6.effective_batch, 12.5, "whole number"),
    (ex6.effective_batch, 4, "the number of workers, not a number of rows"),
    (ex6.effective_batch, 8, "splits each worker's 32 rows among the workers"),
    (ex6.effective_batch, 512, "number of workers twice"),
    (ex6.effective_batch, 36, "adds the number of workers"),
    (ex6.effective_batch, 96, "the rows of 3 shards of 32"),
    (ex6.effective_batch, 160, "the rows of 5 shards of 32"),
    (ex6.effective_batch, 100, "too low"),
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
    (ex6.accumulated_grad, 10, "60"),
    (ex6.accumulated_grad, 24, "60"),
    (ex6.first_backward, 18.0001, "18."),
    (ex6.effective_batch, 32, "128"),
    (ex6.first_backward, 2, "18"),
    (ex6.first_backward, 12, "18"),
    (ex6.first_backward, 30, "18"),
    (ex6.effective_batch, 4, "128"),
    (ex6.effective_batch, 8, "128"),
    (ex6.effective_batch, 512, "128"),
    (ex6.effective_batch, 100, "128"),
    (ex6.effective_batch, 96, "128"),
    (ex6.effective_batch, 160, "128"),
    (ex6.effective_batch, 4096, "128"),
    (ex6.accumulated_grad, 8, "60"),
    (ex6.accumulated_grad, 180, "60"),
])
def test_feedback_never_gives_the_number_away(exercise, wrong_answer, secret):
    feedback = exercise.check(wrong_answer)
    assert secret not in feedback.message + feedback.hint + exercise.question


def test_chain_rule_feedback_does_not_say_which_way_to_go():
    """Lecture 05, exercise 1: a number that is none of the named slips gets the same words
    whether it lies above or below, so the answer cannot be found by halving the gap."""
    said = {repr(ex5.chain_rule.check(value)) for value in (-3, 1, 44, 46, 100, 1e6)}
    assert len(said) == 1
    text = said.pop()
    assert "too high" not in text and "too low" not in text


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


def test_the_parameter_itself_is_named_not_its_grad_and_nothing_warns():
    """Lecture 06, exercises 1 and 3: handing in w0 (or w) instead of w0.grad gets told so,
    without PyTorch's warning about turning a tensor that requires grad into a number."""
    import warnings

    import torch

    for exercise, name, value in ((ex6.first_backward, "w0", ex6.FIRST["w0"]),
                                  (ex6.accumulated_grad, "w", ex6.W0)):
        parameter = torch.tensor(value, dtype=torch.float64, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            feedback = exercise.check(parameter)
        assert not feedback.correct
        assert f"That is {name} itself" in feedback.message
        assert f"the gradient is in {name}.grad" in feedback.message and feedback.hint
        assert "section 1" not in feedback.message


def test_first_backward_names_the_numbers_left_at_section_1s_values():
    """Lecture 06, exercise 1 is done by copying section 1's cells: a number left unchanged
    is named, with its old value, whatever else is right."""
    import torch

    numbers = {**ex6.FIRST, "b1": ex6.SECTION_1["b1"]}  # b1 left at section 1's 0.5
    w0, b0, w1, b1 = (torch.tensor(numbers[k], dtype=torch.float64, requires_grad=True)
                      for k in ("w0", "b0", "w1", "b1"))
    ((w1 * torch.relu(w0 * numbers["x"] + b0) + b1 - numbers["t"]) ** 2).backward()
    feedback = ex6.first_backward.check(w0.grad)
    assert not feedback.correct and "b1 = 0.5 still at section 1's values" in feedback.message
    assert "w0 =" not in feedback.message and "x =" not in feedback.message


def test_effective_batch_hints_ask_for_the_sum_not_state_it():
    """Lecture 06, exercise 4: no feedback says that the average of the workers' means is the
    mean over all of their rows; the hint asks the student to write it out."""
    for answer in (4, 8, 36, 100, 512, 1000):
        feedback = ex6.effective_batch.check(answer)
        said = feedback.message + feedback.hint
        assert "mean over all" not in said and "all of their rows" not in said
        assert feedback.hint == ex6.effective_batch.hint


def test_an_empty_grad_is_named_not_taken_for_no_answer():
    """Lecture 06, exercises 1 and 3: a .grad is None until backward() stores a gradient there,
    e.g. when w0 was made without requires_grad=True. The checker says so."""
    import torch

    q = ex6.FIRST
    w0 = torch.tensor(q["w0"], dtype=torch.float64)  # requires_grad forgotten
    b0, w1, b1 = (torch.tensor(q[k], dtype=torch.float64, requires_grad=True)
                  for k in ("b0", "w1", "b1"))
    ((w1 * torch.relu(w0 * q["x"] + b0) + b1 - q["t"]) ** 2).backward()
    assert w0.grad is None
    for exercise, name in ((ex6.first_backward, "w0.grad"), (ex6.accumulated_grad, "w.grad")):
        feedback = exercise.check(None)
        assert not feedback.correct and "Not answered yet" not in feedback.message
        assert f"{name} is None" in feedback.message
        assert "requires_grad=True" in feedback.message and "backward()" in feedback.message
        assert feedback.hint


def test_exercise_3_speaks_in_the_exercises_own_terms():
    """Its hints write the loss as the question does, (w * 2.0 - 1.0) ** 2, not in x and y."""
    for answer in (10, 30, 24, 70):
        feedback = ex6.accumulated_grad.check(answer)
        said = feedback.message + feedback.hint
        assert "w x" not in said and "- y" not in said


def test_feedback_never_gives_the_code_away():
    wrong_answers = {
        ex5.relu_backward: [lambda g, x: g, lambda g, x: (x > 0) * 1.0,
                            lambda g, x: np.maximum(x, 0.0) * g, double_loop_relu_backward,
                            zip_loop_relu_backward, lambda g, x: g * (x > 1e-3),
                            zero_in_place_relu_backward, mask_in_place_relu_backward],
        ex5.linear_backward: [lambda g, X, W: (g @ W.T, g.T @ X, g.sum(axis=0)),
                              lambda g, X, W: (-g @ W.T, X.T @ g, g.sum(axis=0)),
                              lambda g, X, W: (g @ W.T, X.T @ g, g.mean(axis=0)),
                              lambda g, X, W: (g @ W.T, X.T @ g / len(X), g.sum(axis=0)),
                              first_try_linear_backward, wrong_dw_linear_backward,
                              in_place_linear_backward],
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
    # code the checker cannot tie to one gradient still gets every shape it needs
    feedback = ex5.linear_backward.check(unnamed_linear_backward)
    assert "dX (5, 3), dW (3, 2), db (2,)" in feedback.message


# lecture 05, exercise 3, written three ways; {dX}, {dW}, {db} are filled in below
LINEAR_STYLES = {
    "one line each": "def f(G, X, W):\n    dX = {dX}\n    dW = {dW}\n    db = {db}\n"
                     "    return dX, dW, db\n",
    "one assignment": "def f(G, X, W):\n    dX, dW, db = {dX}, {dW}, {db}\n    return dX, dW, db\n",
    "returned": "def f(G, X, W):\n    return ({dX},\n            {dW},\n            {db})\n",
}


def defined_in_a_cell(source: str, name: str = "<ipython-input-test>"):
    """The function ``f`` of ``source``, with its source readable the way IPython keeps a
    cell's (in linecache), so a traceback can show its lines."""
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    namespace = {}
    exec(compile(source, name, "exec"), namespace)
    return namespace["f"]


@pytest.mark.parametrize("style", sorted(LINEAR_STYLES))
@pytest.mark.parametrize("gradient, slip", [("dX", "G @ W"), ("dX", "W @ G"), ("dW", "X @ G.T"),
                                            ("dW", "W.T @ G"), ("db", "G @ X")])
def test_a_shape_error_is_named_by_the_gradient_it_was_computing(style, gradient, slip):
    """A gradient computed on its own line is named; written another way, the checker names
    every shape the three gradients need instead."""
    right = {"dX": "G @ W.T", "dW": "X.T @ G", "db": "G.sum(axis=0)"}
    source = LINEAR_STYLES[style].format(**{**right, gradient: slip})
    feedback = ex5.linear_backward.check(defined_in_a_cell(source, f"<cell {style}>"))
    if style == "one line each":
        assert f"Your code for {gradient} stops with a shape error" in feedback.message
    else:
        assert "dX (5, 3), dW (3, 2), db (2,)" in feedback.message


def test_the_exercise_modules_do_not_need_torch():
    import subprocess
    import sys

    code = ("import sys; from helpers.exercises import lecture05, lecture06; "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_lecture05_names_a_relu_thought_off_and_a_misspelled_name():
    feedback = ex5.chain_rule.check(0)
    assert not feedback.correct and "ReLU" in feedback.message and "45" not in feedback.message

    def relu_backward(grad_out, x):
        return grad_out * maks  # noqa: F821 - the misspelling is the point

    assert "check its spelling" in ex5.relu_backward.check(relu_backward).message

    def linear_backward(grad_out, X, W):
        return grad_out @ W.T, X.T @ grad_out, grad_out.sum(axs=0)  # noqa: F821

    feedback = ex5.linear_backward.check(linear_backward)
    assert not feedback.correct
