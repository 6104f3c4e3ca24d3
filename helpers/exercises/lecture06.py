"""Exercises for lecture 06: a first ``backward()``, PyTorch's weight layout, gradients that add
up in ``.grad``, and the batch that data-parallel workers compute a gradient for together.

    from helpers.exercises import lecture06 as ex
    ex.accumulated_grad.check(my_number)

The checks themselves need numpy only (a one-number tensor is accepted as a number).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from .core import (
    Exercise,
    Feedback,
    as_number,
    close,
    is_truth_value,
    judge_function,
    not_a_number,
    right,
    wrong,
)

__all__ = ["GradExercise", "accumulated_grad", "effective_batch", "first_backward", "torch_weight"]


@dataclass(frozen=True)
class GradExercise(Exercise):
    """An exercise whose answer is read from a ``.grad``.

    ``.grad`` is None while no gradient has been stored there, so None is not "no answer yet"
    here but a mistake with a known cause, and ``none_message`` names it. Handing in the
    ``parameter`` tensor itself instead of its ``.grad`` is named too.
    """

    none_message: str = ""
    parameter: str = ""

    def _verdict(self, answer) -> Feedback:
        if answer is None:
            return wrong(self.none_message, self.hint)
        # a tensor that requires grad is a parameter, never a .grad (which records nothing);
        # read without converting it, which would make PyTorch warn
        if getattr(answer, "requires_grad", False) is True:
            return wrong(f"That is {self.parameter} itself, the parameter, not its gradient; the "
                         f"gradient is in {self.parameter}.grad.",
                         f"After the backward() call, answer = {self.parameter}.grad.")
        return super()._verdict(answer)


def _exact(value: float, expected: float) -> bool:
    """Equal to the number a float64 (or float32) ``.grad`` holds; these answers are whole
    numbers, stored exactly, so only rounding far below what anyone types is forgiven."""
    return math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------- 1. a first backward()

# z = w0 x + b0, h = relu(z), y = w1 h + b1, L = (y - t)^2 at these numbers (other numbers than
# lecture 5's exercise, so that its answer cannot be copied)
FIRST = {"x": 2.0, "t": 1.0, "w0": 0.5, "b0": -0.5, "w1": 3.0, "b1": 1.0}
# the numbers of the lecture's section 1, whose cells a student copies for this exercise
SECTION_1 = {"x": 0.5, "t": 1.0, "w0": 2.0, "b0": 0.5, "w1": -1.0, "b1": 0.5}


def _first_numbers(c=FIRST, *, target=True) -> dict:
    """The forward and backward pass at the numbers ``c``; without ``target`` the loss is y**2
    (the "- t" left out)."""
    t = c["t"] if target else 0.0
    z = c["w0"] * c["x"] + c["b0"]
    h = max(z, 0.0)
    y = c["w1"] * h + c["b1"]
    dy = 2.0 * (y - t)
    dz = dy * c["w1"] * (1.0 if z > 0 else 0.0)
    return {"L": (y - t) ** 2, "dy": dy, "dz": dz, "dw0": dz * c["x"], "dw1": dy * h}


def _stale_numbers(value: float) -> list[str] | None:
    """The fewest numbers left at section 1's values that make w0.grad come out as ``value``
    (None when no such mix does), so feedback can name the numbers to change."""
    differ = [name for name in FIRST if FIRST[name] != SECTION_1[name]]
    for size in range(1, len(differ) + 1):
        for stale in itertools.combinations(differ, size):
            numbers = {**FIRST, **{name: SECTION_1[name] for name in stale}}
            if np.isclose(value, _first_numbers(numbers)["dw0"]):
                return list(stale)
    return None


def _judge_first_backward(answer) -> Feedback:
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number (w0.grad.item(), say)")
    n = _first_numbers()
    if _exact(value, n["dw0"]):
        return right("PyTorch walked the graph from L back to w0, as you would by hand.")
    if np.isclose(value, n["dw0"], rtol=1e-2):
        return wrong("Close, but not exactly the number in w0.grad.",
                     "Hand in w0.grad itself (answer = w0.grad) rather than a number typed by "
                     "hand.")
    if np.isclose(value, 2 * n["dw0"]):
        return wrong("Twice the gradient: did backward() run twice on the same tensors?",
                     ".grad adds up across backward() calls. Run the cell that makes the tensors "
                     "again, then the forward pass and one backward().")
    if np.isclose(value, -n["dw0"]):
        return wrong("Right size, wrong sign.",
                     "Check the sign of each number you typed against the question.")
    if np.isclose(value, n["dz"]):
        return wrong("That is the gradient of b0 (or of z), not of w0.",
                     "Read .grad of the tensor w0.")
    if np.isclose(value, n["dw1"]):
        return wrong("That is the gradient of w1, the second layer's weight, not of w0.")
    if np.isclose(value, n["dy"]):
        return wrong("That is dL/dy, which is also the gradient of b1; w0 sits further down.")
    if np.isclose(value, n["L"]):
        return wrong("That is the loss itself. After L.backward(), the gradient is in w0.grad.")
    if value == 0:
        return wrong("Zero: in your computation the ReLU is off, so no gradient reaches w0.",
                     "Check the values of w0, x and b0: z = w0 x + b0 should come out positive.")
    if np.isclose(value, _first_numbers(target=False)["dw0"]):
        return wrong("That is the gradient of y**2: your loss leaves out the target t.",
                     "The loss is L = (y - t)**2; subtract t before squaring.")
    stale = _stale_numbers(value)
    if stale is not None:
        named = ", ".join(f"{name} = {SECTION_1[name]:g}" for name in stale)
        return wrong(f"That is w0.grad with {named} still at section 1's values.",
                     "Set each of the six numbers to the value the question gives, then run the "
                     "forward pass and one backward() again.")
    return wrong(f"Your number is too {'high' if value > n['dw0'] else 'low'}.")


first_backward = GradExercise(
    question=(f"Build z = w0 x + b0, h = relu(z), y = w1 h + b1, L = (y - t)^2 in PyTorch with "
              f"x = {FIRST['x']}, t = {FIRST['t']}, w0 = {FIRST['w0']}, b0 = {FIRST['b0']}, "
              f"w1 = {FIRST['w1']}, b1 = {FIRST['b1']}, the four parameters as float64 tensors "
              "that require grad. Call L.backward(). What number is in w0.grad?"),
    judge=_judge_first_backward,
    hint="Copy the cells of section 1 and change the numbers; then answer = w0.grad.",
    none_message="w0.grad is None: PyTorch stored no gradient for w0. Did you make w0 with "
                 "requires_grad=True before the forward pass, and call L.backward()?",
    parameter="w0",
)

# ---------------------------------------------------------------- 2. our W and torch's weight


def _layout_mistake(args, got, want) -> Feedback | None:
    (W,) = args
    if is_truth_value(got):
        return None  # the judge names truth values itself
    fan_in, fan_out = W.shape
    got = np.asarray(got, dtype=float)
    if got.shape != want.shape:
        return wrong(f"For W of shape {W.shape} you return shape {got.shape}; torch.nn.Linear "
                     f"keeps (out_features, in_features) = {(fan_out, fan_in)}.")
    if close(got, W.reshape(fan_out, fan_in)):
        return wrong("The shape is right but the numbers sit in the wrong places.",
                     "Reshaping reads the numbers in order into a new shape; that is not "
                     "swapping rows and columns.")
    return wrong(f"For W of shape {W.shape} your weight has the right shape, not the right "
                 "numbers.")


_LAYOUT_RNG = np.random.default_rng(6)

_judge_layout = judge_function(
    np.transpose,
    [_LAYOUT_RNG.normal(size=shape) for shape in [(2, 16), (16, 1), (3, 3)]],
    expects="a function to_torch_weight(W)",
    mistake=_layout_mistake,
    done="torch computes x @ weight.T + bias, so its weight is our W with rows and columns "
         "swapped.",
)


torch_weight = Exercise(
    question="Our layer computes X @ W + b with W of shape (fan_in, fan_out); torch.nn.Linear "
             "computes X @ weight.T + bias. Write to_torch_weight(W) that returns the weight (a "
             "numpy array) giving the same layer.",
    judge=_judge_layout,
    hint="Write both formulas for one output and compare: which index of weight plays the role "
         "of W's first index?",
)

# ---------------------------------------------------------------- 3. .grad adds up

# w is a tensor with requires_grad=True; loss = (w * X0 - Y0)^2 is built again and
# loss.backward() called BACKWARDS times, never calling zero_grad in between.
W0, X0, Y0, BACKWARDS = 3.0, 2.0, 1.0, 3
# section 7 of the lecture shows the same loss at w = 1.5; its last printed .grad is this
LECTURE_W, LECTURE_GRAD = 1.5, 24.0


def _lecture_once() -> float:
    """One gradient of the same loss at the lecture's w (the first .grad its cell prints)."""
    return 2.0 * (LECTURE_W * X0 - Y0) * X0


def _judge_accumulated(answer) -> Feedback:
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number")
    loss = (W0 * X0 - Y0) ** 2
    once = 2.0 * (W0 * X0 - Y0) * X0
    if _exact(value, BACKWARDS * once):
        return right("Every backward() adds its gradient to what .grad already holds.")
    if np.isclose(value, once):
        return wrong("That is what one backward() puts into .grad. What happens to it on the next "
                     "call?",
                     "backward() does not overwrite .grad.")
    if np.isclose(value, (BACKWARDS - 1) * once):
        return wrong("That is what two backward() calls leave in .grad; count the calls again.")
    if np.isclose(value, 0.0):
        return wrong("backward() always leaves a gradient in .grad; nothing here resets it.")
    if np.isclose(value, LECTURE_GRAD):
        return wrong(f"That is what the lecture's cell prints, at w = {LECTURE_W}. Here w = {W0}: "
                     "work out the gradient at this w.",
                     "Same loss, other w: one gradient first, then what three backward() "
                     "calls do with it.")
    if np.isclose(value, _lecture_once()):
        return wrong(f"That is one backward() at the lecture's w = {LECTURE_W}. Here w = {W0}, "
                     "and backward() runs three times.")
    if any(np.isclose(value, k * once) for k in (BACKWARDS * (BACKWARDS + 1) // 2,
                                                  BACKWARDS * BACKWARDS)):
        return wrong("Too many gradients: each backward() adds the gradient of its own loss to "
                     ".grad once; it does not add what .grad already holds.",
                     "Write down what .grad holds after the first, the second and the third "
                     "call.")
    if np.isclose(value, BACKWARDS * once / 2):
        return wrong(f"Three gradients added up, right, but each is missing a factor "
                     f"{X0:g}.", f"The chain rule gives two factors: one from the square, and "
                     f"one from the {X0:g} that multiplies w inside it.")
    if np.isclose(value, once / 2):
        return wrong(f"That is one gradient, and missing a factor {X0:g} at that. .grad holds "
                     "more than one gradient here.", f"Chain rule: a factor from the square and "
                     f"one from the {X0:g} inside it. Then count the backward() calls.")
    if np.isclose(value, loss):
        return wrong("That is the loss itself, not its gradient. backward() stores dL/dw in "
                     ".grad.")
    if np.isclose(value, BACKWARDS * loss):
        return wrong("That is three times the loss, not the gradient. backward() adds dL/dw "
                     "to .grad, not the loss.")
    return wrong(f"Your number is too {'high' if value > BACKWARDS * once else 'low'}.")


accumulated_grad = GradExercise(
    question=(f"w = torch.tensor({W0}, requires_grad=True). Three times in a row you compute "
              f"loss = (w * {X0} - {Y0}) ** 2 and call loss.backward(), and you never call "
              "zero_grad. What number is in w.grad afterwards?"),
    judge=_judge_accumulated,
    hint="Work out one gradient dL/dw by hand first, then think about what backward() does with "
         "the number already in .grad.",
    none_message="w.grad is None: no gradient was stored. Did you make w with requires_grad=True "
                 "and call loss.backward()?",
    parameter="w",
)

# ---------------------------------------------------------------- 4. the batch of many workers

WORKERS, PER_WORKER = 4, 32


def _judge_effective_batch(answer) -> Feedback:
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number")
    expected = WORKERS * PER_WORKER
    if value == expected:
        return right("Averaging equal-sized batch means gives the mean over all their rows.")
    if value == PER_WORKER:
        return wrong("That is the batch each worker sees; the average combines all of them.")
    if not float(value).is_integer():
        return wrong("A batch holds a whole number of rows.")
    if value == WORKERS:
        return wrong("That is the number of workers, not a number of rows.")
    if value * WORKERS == PER_WORKER:
        return wrong(f"That splits each worker's {PER_WORKER} rows among the workers. Dividing "
                     "by the number of workers averages the gradients; every worker still "
                     f"used all of its {PER_WORKER} rows.")
    if value == expected * WORKERS:
        return wrong("That multiplies by the number of workers twice, as if every worker saw "
                     "every shard.")
    if value == PER_WORKER + WORKERS:
        return wrong("That adds the number of workers to a number of rows.")
    if value % PER_WORKER == 0 and value <= 2 * expected:
        return wrong(f"That is the rows of {int(value // PER_WORKER)} shards of {PER_WORKER}; "
                     "count the shards whose gradients the all-reduce averages.")
    return wrong(f"Your number is too {'high' if value > expected else 'low'}.")


effective_batch = Exercise(
    question=f"{WORKERS} workers each compute the mean-loss gradient on their own {PER_WORKER} "
             "rows; all_reduce sums the gradients and each worker divides by the number of "
             "workers. The result is the full-batch gradient of a batch of how many rows?",
    judge=_judge_effective_batch,
    hint="Write the average of the workers' means as one sum over rows, divided by one number.",
)
