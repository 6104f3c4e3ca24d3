"""Exercises for lecture 05: the chain rule by hand, and the backward pass of ReLU and of a
linear layer.

    from helpers.exercises import lecture05 as ex
    ex.chain_rule.check(my_number)
"""

from __future__ import annotations

import linecache
import re

import numpy as np

from .. import mlp
from .core import (
    NOT_ANSWERED,
    Exercise,
    Feedback,
    as_number,
    close,
    error_text,
    is_truth_value,
    judge_function,
    not_a_number,
    right,
    wrong,
)

__all__ = ["chain_rule", "linear_backward", "relu_backward"]

# ---------------------------------------------------------------- shape errors, named

# What numpy says when a product or an entry-by-entry operation gets arrays of shapes that do
# not fit: matmul's "mismatch in its core dimension", np.dot's "not aligned", broadcasting's
# "could not be broadcast".
_SHAPE_ERROR = re.compile(r"mismatch in its core dimension|not aligned|could not be broadcast")


def _is_shape_error(error) -> bool:
    return isinstance(error, ValueError) and bool(_SHAPE_ERROR.search(error_text(error, None)))


def _raised(error) -> str:
    """``IndexError (tuple index out of range)``: the exception's name and its own words, cut
    short."""
    name, _, said = error_text(error).partition(": ")
    said = said.rstrip(".")
    return f"{name} ({said})" if said else name


# A line that computes one gradient: ``dX = ...`` (not ``dX == ...``).
_ASSIGNED_GRADIENT = re.compile(r"\s*(dX|dW|db)\s*=[^=]")


def _failing_target(answer, error):
    """The gradient the student's function was computing when ``error`` stopped it: the name
    assigned on the line where it was raised (``dX = ...``); None when that line assigns none of
    dX, dW, db alone or its source cannot be read (then every shape is named instead)."""
    code = getattr(answer, "__code__", None)
    line, trace = None, error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code is code:
            line = trace.tb_lineno
        trace = trace.tb_next
    if line is None:
        return None
    match = _ASSIGNED_GRADIENT.match(linecache.getline(code.co_filename, line))
    return match.group(1) if match else None


# ---------------------------------------------------------------- 1. the chain rule, by hand

# z = w0 x + b0, h = relu(z), y = w1 h + b1, L = (y - t)^2 at these numbers
CHAIN = {"x": 1.5, "t": 0.0, "w0": 1.0, "b0": 0.5, "w1": 3.0, "b1": -1.0}


def _chain_numbers():
    c = CHAIN
    z = c["w0"] * c["x"] + c["b0"]
    h = max(z, 0.0)
    y = c["w1"] * h + c["b1"]
    dy = 2.0 * (y - c["t"])
    dh = dy * c["w1"]
    dz = dh * (1.0 if z > 0 else 0.0)
    return {"z": z, "h": h, "y": y, "L": (y - c["t"]) ** 2, "dy": dy, "dh": dh, "dz": dz,
            "dw0": dz * c["x"], "dw1": dy * h}


def _judge_chain(answer) -> Feedback:
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number",
                            "Put the value of dL/dw0 itself after answer = , as a number."
                            if is_truth_value(answer) else "")
    n = _chain_numbers()
    if np.isclose(value, n["dw0"]):
        return right("Each factor of the chain, from the loss back to w0, multiplied together.")
    if np.isclose(value, -n["dw0"]):
        return wrong("A sign went wrong along the way.",
                     "Look at the sign of dL/dy = 2 (y - t): is the prediction above or below t?")
    if value == 0:
        return wrong("Zero would mean the ReLU is off, but here z = w0 x + b0 is positive: the "
                     "ReLU passes the gradient on.",
                     "Multiply the local derivatives from L down to w0; relu'(z) is 1 here.")
    if np.isclose(value, n["dw0"] / 2):
        return wrong("A factor 2 is missing.",
                     "What is the derivative of (y - t)^2 with respect to y?")
    if np.isclose(value, n["dz"]):
        return wrong("That is dL/dz, one factor short of dL/dw0.",
                     "z = w0 x + b0: how much does z change when w0 grows by a little?")
    if np.isclose(value, n["dw0"] / CHAIN["w1"]):
        return wrong("The factor that carries the gradient through the second layer is missing.",
                     "y = w1 h + b1: how much does y change when h grows by a little?")
    if np.isclose(value, n["dw1"]):
        return wrong("That is the gradient of the second layer's weight, w1, not of w0.")
    if np.isclose(value, n["L"]):
        return wrong("That is the loss itself, the end of the forward pass; the question asks "
                     "for its gradient with respect to w0.",
                     "Start the backward pass at the loss: dL/dy = 2 (y - t), then keep "
                     "multiplying by local derivatives until you reach w0.")
    if np.isclose(value, n["dy"]):
        return wrong("That is dL/dy, the first factor of the chain; three more follow on the "
                     "way down to w0.")
    return wrong("That is not dL/dw0, and not one of the usual slips either (a sign, a missing "
                 "factor, the gradient of another node).",
                 "Write down the forward values z, h, y and L first. Then multiply the local "
                 "derivatives along the path from L down to w0, one factor per node, and check "
                 "each factor against the numbers of the forward pass.")


chain_rule = Exercise(
    question=(f"The tiny network z = w0 x + b0, h = relu(z), y = w1 h + b1, L = (y - t)^2 has "
              f"x = {CHAIN['x']}, t = {CHAIN['t']}, w0 = {CHAIN['w0']}, b0 = {CHAIN['b0']}, "
              f"w1 = {CHAIN['w1']}, b1 = {CHAIN['b1']}. What is dL/dw0?"),
    judge=_judge_chain,
    hint="Run the forward pass first (z, h, y, L), then multiply the local derivatives from L "
         "back to w0: dL/dy, then dy/dh, then dh/dz, then dz/dw0.",
)

# ---------------------------------------------------------------- 2. ReLU's backward

# (grad_out, x) pairs, kinks at exactly 0 included
_RELU_INPUTS = [
    (np.array([[0.3, -1.2, 2.0], [4.0, -0.7, -1.0]]),
     np.array([[1.5, -2.0, 0.0], [-0.5, 3.0, 0.0]])),
    (np.array([1.0, 1.0, 1.0, -2.0]), np.array([0.0, 2.0, -1.0, 0.5])),
    (np.array([[5.0, 0.25]]), np.array([[-3.0, 7.0]])),
    # inputs just beside the kink: a threshold other than 0 shows here
    (np.array([2.0, -1.5, 0.5, 3.0]), np.array([1e-4, -1e-4, 2.5, -2.5])),
]


def _reference_relu_backward(grad_out, x):
    return mlp.relu_backward(grad_out, x > 0)


def _relu_mistake(args, got, want) -> Feedback:
    grad_out, x = args
    if np.shape(got) != want.shape:
        return wrong(f"Your function returned shape {np.shape(got)}, but the gradient must have "
                     f"the input's shape {want.shape}.")
    if close(got, grad_out):
        return wrong("Your gradient flows through everywhere, also where x is negative.",
                     "Where relu's input was negative its output does not move at all when x "
                     "moves: what is the derivative there?")
    if close(got, np.maximum(x, 0.0) * grad_out):
        return wrong("You multiplied grad_out by relu(x), ReLU's output, where the chain rule "
                     "wants ReLU's derivative.",
                     "Where x > 0, relu(x) is x itself but its derivative is 1; elsewhere both "
                     "are 0.")
    if close(got, np.maximum(x, 0.0)):
        return wrong("You return relu(x), the forward pass; backward returns the gradient of the "
                     "loss with respect to x.",
                     "Multiply relu's local derivative by the gradient arriving from above "
                     "(grad_out), entry by entry.")
    if close(got, (x > 0).astype(float)) or close(got, (x >= 0).astype(float)):
        return wrong("You return relu's local derivative, but not the gradient of the loss.",
                     "The chain rule multiplies the local derivative by the gradient arriving "
                     "from above (grad_out).")
    if close(got, np.maximum(grad_out, 0.0)):
        return wrong("You applied ReLU to the gradient: it stops where grad_out is negative.",
                     "Whether the gradient passes depends on relu's input x, not on the sign "
                     "of the gradient.")
    if close(got, np.where(x >= 0, grad_out, 0.0)):
        return wrong("At exactly x = 0 your gradient passes through.",
                     "ReLU has a kink at 0, with no derivative there; like helpers.mlp, we "
                     "take it to be 0.")
    off = ~np.isclose(np.asarray(got, dtype=float), want, rtol=1e-6, atol=1e-9)
    near = np.asarray(x)[off]
    if near.size and np.all((near > 0) & (near < 1e-2)):
        return wrong(f"Your gradient stops at x = {near.min():g}, a small positive input.",
                     "ReLU's output moves with x for every positive input, however small: its "
                     "derivative there is 1.")
    return wrong(f"For x = {np.asarray(x).tolist()} your gradient is not right.")


_ANY_SHAPE = ("The inputs may be 1-D or 2-D arrays. numpy's arithmetic and comparisons work "
              "entry by entry on whole arrays of any shape, with no loop and no if.")


def _relu_raised(answer, args, error) -> Feedback:
    """A function that raises is told on which input shape, and a shape error from a matrix
    product or an ``if`` on a whole row is named."""
    grad_out, x = args
    if _is_shape_error(error):
        return wrong("Your function stops with a shape error: a matrix product (@ or np.dot) "
                     f"needs matching inner sizes, and here grad_out and x both have shape "
                     f"{np.shape(x)}.",
                     "ReLU acts on each entry on its own, so its backward does too: no matrix "
                     "product is needed, only arithmetic entry by entry.")
    tried = f"On grad_out and x of shape {np.shape(x)}, your function raised {_raised(error)}."
    if isinstance(error, NameError):
        return wrong(f"{tried} A name your function uses is not defined: check its spelling.")
    if "truth value of an array" in error_text(error, None):
        return wrong(f"{tried} An if needs one True or False, but here it got an array of "
                     "several entries: a loop over a 2-D array gives whole rows, not single "
                     "numbers.", _ANY_SHAPE)
    return wrong(tried, _ANY_SHAPE)


# Before the outputs are judged, a function that raises is told on which input (_relu_raised),
# and one that changes grad_out or x in place is told so: the judge passes copies, so the change
# would go unseen.
_judge_relu = judge_function(
    _reference_relu_backward,
    _RELU_INPUTS,
    expects="a function relu_backward(grad_out, x)",
    mistake=_relu_mistake,
    raised=_relu_raised,
    arguments=("grad_out", "x"),
    done=f"Your backward agrees with helpers.mlp on {len(_RELU_INPUTS)} inputs, kinks included.",
)


relu_backward = Exercise(
    question="Write relu_backward(grad_out, x) that returns dL/dx for relu(x) = max(x, 0), given "
             "grad_out = dL/d(relu(x)) of the same shape as x; x may be a 1-D or a 2-D array. "
             "Take the derivative at exactly 0 to be 0.",
    judge=_judge_relu,
    hint="relu's local derivative is 1 where x > 0 and 0 elsewhere; the chain rule multiplies it "
         "by grad_out, entry by entry.",
)

# ---------------------------------------------------------------- 3. the linear layer's backward

_SHAPES = [(5, 3, 2), (1, 4, 4), (7, 2, 1), (3, 3, 3)]


def _linear_cases():
    """(grad_out, X, W) for each layer shape, seeded."""
    rng = np.random.default_rng(5)
    return [(rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in)),
             rng.normal(size=(fan_in, fan_out)))
            for n, fan_in, fan_out in _SHAPES]


def _three_arrays(got) -> bool:
    return (isinstance(got, (tuple, list)) and len(got) == 3
            and not any(g is None or g is Ellipsis for g in got))


def _same_gradients(got, want) -> bool:
    return _three_arrays(got) and not is_truth_value(got) and all(
        np.shape(mine) == theirs.shape and close(mine, theirs)
        for mine, theirs in zip(got, want, strict=True))


def _linear_mistake(args, got, want) -> Feedback:
    _, X, W = args
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        return wrong("Return three arrays, (dX, dW, db), in that order.")
    if not _three_arrays(got):
        return Feedback(False, NOT_ANSWERED)
    shapes = f"(n, fan_in, fan_out) = {X.shape[0], X.shape[1], W.shape[1]}"
    names = (("dX", "X"), ("dW", "W"), ("db", "b"))
    if (sorted(map(np.shape, got)) == sorted(w.shape for w in want)
            and [np.shape(g) for g in got] != [w.shape for w in want]
            and all(any(np.shape(g) == w.shape and close(g, w) for w in want) for g in got)):
        return wrong("Your three gradients are right, but not in the order asked for.",
                     "Return them as (dX, dW, db).")
    for (name, of), mine, theirs in zip(names, got, want, strict=True):
        if np.shape(mine) != theirs.shape:
            return wrong(f"With {shapes}, your {name} has shape {np.shape(mine)} but {of} has "
                         f"shape {theirs.shape}.",
                         "A gradient always has the shape of the thing it is the gradient of.")
    dX, dW, db = want
    n = X.shape[0]
    if n > 1 and close(got[1], dW / n):
        return wrong("Your dW is the mean over the samples instead of their sum: n times too "
                     "small, as dividing db by n would be.",
                     "Every sample's contribution reaches W and they add up; the loss has "
                     "already done the averaging (its gradient grad_out carries the 1/N).")
    if n > 1 and close(got[0], dX / n):
        return wrong("Your dX is divided by n, the number of samples: n times too small.",
                     "Row i of X reaches only row i of out, so nothing is averaged over the "
                     "samples here.")
    if not close(got[0], dX):
        return wrong(f"With {shapes}, your dX is not right.",
                     "Each X[i, j] reaches out[i, k] through W[j, k], for every k: sum over k.")
    if not close(got[1], dW):
        return wrong(f"With {shapes}, your dW is not right.",
                     "Each W[j, k] reaches out[i, k] through X[i, j], for every sample i: sum "
                     "over i.")
    if close(got[2], db / n):
        return wrong("Your db is the average over the samples, n times too small.",
                     "b is added to every row, so every row's gradient reaches b and they add "
                     "up; the loss has already done the averaging.")
    return wrong(f"With {shapes}, your db is not right.",
                 "b[k] is added to out[i, k] for every sample i.")


_GRADIENT_OF = {"dx": ("dX", "X"), "dw": ("dW", "W"), "db": ("db", "b")}


def _linear_raised(answer, args, error) -> Feedback:
    """A shape error (``dX = grad_out @ W`` is the natural first try) is named with the
    gradient it was computing and the shape that gradient needs, and any other exception with
    the shapes it was raised on."""
    grad_out, X, W = args
    needed = {"dX": X.shape, "dW": W.shape, "db": (W.shape[1],)}
    given = (f"grad_out has shape {grad_out.shape}, X has shape {X.shape} and W has shape "
             f"{W.shape}")
    if not _is_shape_error(error):
        if isinstance(error, NameError):
            return wrong(f"Your function raised {_raised(error)} when {given}: a name it uses "
                         "is not defined; check its spelling.")
        return wrong(f"Your function raised {_raised(error)} when {given}.")
    target = _failing_target(answer, error)
    found = _GRADIENT_OF.get(target.lower()) if target else None
    if found is None:
        shapes = ", ".join(f"{name} {shape}" for name, shape in needed.items())
        return wrong(f"Your function stops with a shape error: numpy cannot combine the arrays "
                     f"as written. Here {given}; the gradients need the shapes {shapes}.",
                     "In a matrix product the inner sizes must match: (a, b) @ (b, c) gives "
                     "(a, c). A gradient has the shape of what it is the gradient of.")
    name, of = found
    return wrong(f"Your code for {name} stops with a shape error: numpy cannot combine the "
                 f"arrays as written. Here {given}, and {name} must come out with {of}'s shape "
                 f"{needed[name]}.",
                 "In a matrix product the inner sizes must match: (a, b) @ (b, c) gives (a, c). "
                 f"Arrange the arrays you need, turned around if need be, so that the result "
                 f"has shape {needed[name]}.")


# Before the outputs are judged, a function that raises is told how (_linear_raised), and one
# that changes an argument in place is told so.
_judge_linear = judge_function(
    lambda grad_out, X, W: mlp.linear_backward(grad_out, (X, W)),
    _linear_cases(),
    expects="a function linear_backward(grad_out, X, W)",
    same=_same_gradients,
    mistake=_linear_mistake,
    raised=_linear_raised,
    arguments=("grad_out", "X", "W"),
    done=f"dX, dW and db agree with helpers.mlp for {len(_SHAPES)} layer shapes.",
)


linear_backward = Exercise(
    question="Write linear_backward(grad_out, X, W) for out = X @ W + b: given grad_out = "
             "dL/d(out) "
             "of shape (n, fan_out), return (dX, dW, db) with the shapes of X, W and b.",
    judge=_judge_linear,
    hint="Write out[i, k] = sum_j X[i, j] W[j, k] + b[k] and ask, for one entry of X, of W and "
         "of b, which entries of out it touches. Then look for a matrix product with the right "
         "shape.",
)
