"""Exercises for lecture 04: updates per epoch, the training loop's condition, gradient
accumulation, and the size of a data set in memory.

    from helpers.exercises import lecture04 as ex
    ex.updates_per_epoch.check(my_number)
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .core import Exercise, as_number, close, judge_function, not_a_number, right, shown, wrong

__all__ = ["combine_micro_batches", "keep_going", "memory_mb", "updates_per_epoch"]

# ---------------------------------------------------------------- 1. updates per epoch

ROWS, BATCH = 1000, 64


def _judge_updates(answer):
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number")
    expected = math.ceil(ROWS / BATCH)
    if not float(value).is_integer():
        return wrong("An epoch makes a whole number of updates.",
                     "One update per batch; can there be part of a batch?")
    if value == expected:
        return right(f"Every one of the {ROWS} rows is visited once per epoch; the last batch is "
                     "smaller.")
    if value == ROWS // BATCH:
        return wrong("That many full batches leave some rows unvisited in every epoch.",
                     "The rows left over after the full batches still form a batch, a smaller one.")
    return wrong(f"Your number is too {'high' if value > expected else 'low'}.",
                 "Count the batches: each holds up to B rows, and all N rows must be covered.")


updates_per_epoch = Exercise(
    question=f"A data set has N = {ROWS} rows and you train with batch size B = {BATCH}. "
             "How many updates does one epoch make?",
    judge=_judge_updates,
    hint="One update per batch. How many batches of at most B rows cover N rows?",
)

# ---------------------------------------------------------------- 2. the loop's condition

MAX_EPOCHS = 5
CASES = [(epoch, MAX_EPOCHS, converged) for epoch in range(8) for converged in (False, True)]


def _should_continue(epoch, max_epochs, converged):
    return epoch < max_epochs and not converged


def _keep_going_mistake(outputs):
    """What is wrong with a condition, seen in all its answers together: ``or`` for ``and``,
    ``<=`` for ``<``, or else the first case it gets wrong (None when it gets none wrong). An
    answer that is no truth value (a string, a list) is named first."""
    for out in outputs:
        if not (isinstance(out, (numbers.Real, np.bool_))
                or (isinstance(out, np.ndarray) and out.ndim == 0)):
            return wrong(f"Your function returns {type(out).__name__} {shown(out)}, not True or "
                         "False.",
                         "Return True while training should go on and False once it should "
                         "stop; a comparison gives True or False.")
    answers = [bool(a) for a in outputs]
    if answers == [epoch < max_epochs or not converged for epoch, max_epochs, converged in CASES]:
        return wrong("Your loop stops only when both reasons to stop hold at once: a run that "
                     "never converges would never stop, and a converged run goes on until the "
                     "epochs run out.",
                     "To go on, both must be true: there are epochs left; the run has not "
                     "converged.")
    if answers == [epoch <= max_epochs and not converged for epoch, max_epochs, converged in CASES]:
        return wrong(f"After {MAX_EPOCHS} of {MAX_EPOCHS} epochs, with no convergence, your loop "
                     "still keeps going: you run one epoch too many.",
                     "epoch counts the epochs already done: when it equals max_epochs, none are "
                     "left.")
    if answers == [not _should_continue(*case) for case in CASES]:
        return wrong("Your function answers the opposite question: it returns True when training "
                     "should stop, not when it should go on.",
                     "keep_going is True while the loop runs: negate your condition.")
    for (epoch, max_epochs, converged), got in zip(CASES, answers, strict=True):
        if got == _should_continue(epoch, max_epochs, converged):
            continue
        if got and epoch >= max_epochs and not converged:
            never_stops = all(a for (_, _, c), a in zip(CASES, answers, strict=True) if not c)
            why = ("a run that never converges would never stop" if never_stops
                   else "it runs past max_epochs")
            return wrong(f"After {epoch} of {max_epochs} epochs, with no convergence, your loop "
                         f"keeps going: {why}.",
                         "Both things must hold to continue: epochs left AND not converged yet.")
        if got and converged:
            return wrong(f"After {epoch} epochs the run has converged, yet your loop keeps going.",
                         "Once converged, there is nothing left to do.")
        return wrong(f"After {epoch} of {max_epochs} epochs, not converged, your loop stops too "
                     "early.",
                     "Stop only when the epochs run out or the run has converged.")
    return None


_judge_keep_going = judge_function(
    _should_continue,
    CASES,
    expects="a function",
    same=lambda got, want: bool(got) == want,
    whole=_keep_going_mistake,
    returns_ellipsis="Your function returns ..., not True or False: replace it with your "
                     "condition.",
    done=f"Your condition is right in all {len(CASES)} cases.",
)


keep_going = Exercise(
    question="Write keep_going(epoch, max_epochs, converged): True while training should go on, "
             "i.e. fewer than max_epochs epochs are done and the run has not converged.",
    judge=_judge_keep_going,
    hint="Write it so that either reason to stop (no epochs left, or converged) stops the loop.",
)

# ---------------------------------------------------------------- 3. combine micro-batch gradients

_COMBINE_INPUTS = [
    ([np.array([1.0, -2.0]), np.array([3.0, 0.5]), np.array([-1.0, 4.0])], [4, 4, 2]),
    ([np.array([0.5, 1.5]), np.array([2.5, -0.5])], [8, 8]),
    ([np.array([2.0, 2.0])], [3]),
    ([np.array([1.0, 0.0]), np.array([0.0, 1.0])], [1, 3]),
]


def _combined(grads, sizes):
    sizes = np.asarray(sizes, dtype=float)
    return np.tensordot(sizes, np.asarray(grads, dtype=float), axes=1) / sizes.sum()


def _combine_mistake(args, got, want):
    grads, sizes = args
    if np.shape(got) != want.shape:
        return wrong(f"Your function returned shape {np.shape(got)}; the gradient has shape "
                     f"{want.shape}.")
    if close(got, np.sum(grads, axis=0)):
        return wrong("You added the gradients up, as the slides' grad += ... does: then the step "
                     "grows with the number of micro-batches.",
                     "Each gradient is already a mean over its micro-batch; the result should be "
                     "a mean too.")
    if close(got, np.mean(grads, axis=0)):
        return wrong("Equal weights for every micro-batch are only right when they all have the "
                     "same size.",
                     "A micro-batch of 4 rows holds twice as many rows as one of 2: weigh by size.")
    return wrong(f"For micro-batch sizes {sizes}, your result is not the mean gradient over all "
                 "the rows.")


_judge_combine = judge_function(
    _combined,
    _COMBINE_INPUTS,
    expects="a function",
    mistake=_combine_mistake,
    returns_ellipsis="Your function returns ..., not a gradient: replace it with your "
                     "combination.",
    done=f"Your combination matches one big batch on {len(_COMBINE_INPUTS)} inputs.",
)


combine_micro_batches = Exercise(
    question="Write combine(grads, sizes): grads is a list of mean gradients of micro-batches, "
             "sizes their numbers of rows. Return the mean gradient over all their rows (what "
             "one big batch gives).",
    judge=_judge_combine,
    hint="A micro-batch's mean hides how many rows it came from, and the big batch's mean "
         "counts every row once.",
)

# ---------------------------------------------------------------- 4. a data set's size in memory

MEMORY_ROWS, MEMORY_FEATURES = 5_000_000, 20


def _judge_memory(answer):
    value = as_number(answer)
    if value is None:
        return not_a_number(answer, "a single number of megabytes")
    expected = MEMORY_ROWS * (MEMORY_FEATURES + 1) * 4 / 1e6
    if math.isclose(value, expected, rel_tol=0.01):
        return right("That is the whole array; a batch of 10,000 rows is 500 times smaller.")
    # Checked before "a column is missing" (400), only 0.54 away: within 0.5, rounding included.
    if math.isclose(value, expected * 1e6 / 2**20, rel_tol=0, abs_tol=0.5):
        return wrong("You divided by 2^20 = 1,048,576 bytes per MB (a mebibyte, MiB).",
                     "The question uses 1 MB = 1,000,000 bytes.")
    if math.isclose(value, MEMORY_ROWS * MEMORY_FEATURES * 4 / 1e6, rel_tol=0.01):
        return wrong("Close: one column is missing.",
                     "The target y is stored in the file too, next to the features.")
    if math.isclose(value, 2 * expected, rel_tol=0.01):
        return wrong("That would be float64.", "float32 takes 4 bytes per number.")
    if math.isclose(value, expected * 1e6, rel_tol=0.01):
        return wrong("That looks like bytes.", "Divide bytes by 1,000,000 to get MB.")
    return wrong(f"Your number is too {'high' if value > expected else 'low'}.",
                 "Bytes = rows x columns x bytes per number; float32 takes 4 bytes.")


memory_mb = Exercise(
    question=f"A float32 data set has {MEMORY_ROWS:,} rows, {MEMORY_FEATURES} features and one "
             "target column. How many MB (1 MB = 1,000,000 bytes) does it take in memory?",
    judge=_judge_memory,
    hint="Bytes = rows x columns x bytes per number.",
)
