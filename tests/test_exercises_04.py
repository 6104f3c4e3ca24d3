"""Lecture 04's exercises: the worked answers pass, typical wrong answers fail with a hint, and
no feedback gives the answer away."""

import math

import numpy as np
import pytest

from helpers.exercises import lecture04 as ex
from helpers.exercises.core import NOT_ANSWERED, RETURNS_NONE

EXERCISES = [ex.updates_per_epoch, ex.keep_going, ex.combine_micro_batches, ex.memory_mb]


# the worked answers, as the notebook's <details> blocks give them
def worked_keep_going(epoch, max_epochs, converged):
    return epoch < max_epochs and not converged


def worked_combine(grads, sizes):
    total = sum(size * grad for grad, size in zip(grads, sizes, strict=True))
    return total / sum(sizes)


@pytest.mark.parametrize("exercise, answer", [
    (ex.updates_per_epoch, 16),
    (ex.updates_per_epoch, 16.0),
    (ex.keep_going, worked_keep_going),
    (ex.combine_micro_batches, worked_combine),
    (ex.combine_micro_batches, lambda g, s: np.average(np.array(g), axis=0, weights=s)),
    (ex.memory_mb, 420),
    (ex.memory_mb, 5_000_000 * 21 * 4 / 1e6),
])
def test_worked_answers_pass(exercise, answer):
    feedback = exercise.check(answer)
    assert feedback.correct, feedback
    assert "Correct" in repr(feedback)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_not_answered_yet(exercise):
    for answer in (..., None):
        feedback = exercise.check(answer)
        assert not feedback.correct and feedback.message == NOT_ANSWERED


def unfinished_function(*args):
    ...  # the notebook's template: a body of ``...`` returns None


def keep_going_without_return(epoch, max_epochs, converged):
    epoch < max_epochs and not converged  # noqa: B018 - computed, but never returned


def combine_without_return(grads, sizes):
    # computed, but never returned
    sum(size * grad for grad, size in zip(grads, sizes, strict=True)) / sum(sizes)


@pytest.mark.parametrize("exercise, answer", [
    (ex.keep_going, unfinished_function),
    (ex.combine_micro_batches, unfinished_function),
    (ex.keep_going, keep_going_without_return),
    (ex.combine_micro_batches, combine_without_return),
])
def test_a_function_returning_none_is_told_to_write_its_body_and_return(exercise, answer):
    """A body still holding ``...`` and a forgotten ``return`` look the same: both return None."""
    feedback = exercise.check(answer)
    assert not feedback.correct
    assert feedback.message == RETURNS_NONE and "Not answered yet" not in repr(feedback)
    assert feedback.hint


@pytest.mark.parametrize("exercise", [ex.keep_going, ex.combine_micro_batches])
def test_a_function_returning_the_ellipsis_is_told_to_replace_it(exercise):
    feedback = exercise.check(lambda *args: ...)
    assert not feedback.correct and "returns ..." in feedback.message


@pytest.mark.parametrize("exercise, answer, says", [
    (ex.updates_per_epoch, 15, "unvisited"),
    (ex.updates_per_epoch, 1000 / 64, "whole number"),
    (ex.updates_per_epoch, 17, "too high"),
    (ex.updates_per_epoch, 3, "too low"),
    (ex.updates_per_epoch, "sixteen", "single number"),
    (ex.keep_going, lambda e, m, c: e < m or not c, "never stop"),
    (ex.keep_going, lambda e, m, c: e <= m and not c, "one epoch too many"),
    (ex.keep_going, lambda e, m, c: e < m + 2 and not c, "runs past max_epochs"),
    (ex.keep_going, lambda e, m, c: not c, "never stop"),
    (ex.keep_going, lambda e, m, c: e < m, "converged"),
    (ex.keep_going, lambda e, m, c: e < m - 1 and not c, "too early"),
    (ex.keep_going, 5, "Expected a function"),
    (ex.combine_micro_batches, lambda g, s: sum(g), "added the gradients up"),
    (ex.combine_micro_batches, lambda g, s: np.mean(g, axis=0), "same size"),
    (ex.combine_micro_batches, lambda g, s: g[0], "not the mean gradient"),
    (ex.combine_micro_batches, lambda g, s: 1 / 0, "ZeroDivisionError"),
    (ex.combine_micro_batches, lambda g, s: np.zeros(3), "shape"),
    (ex.memory_mb, 400, "column is missing"),
    (ex.memory_mb, 420e6 / 2**20, "2^20"),
    (ex.memory_mb, 400.5, "2^20"),
    (ex.memory_mb, 401, "2^20"),
    (ex.memory_mb, 840, "float64"),
    (ex.memory_mb, 420e6, "bytes"),
    (ex.memory_mb, 42, "too low"),
])
def test_typical_wrong_answers_fail_with_a_hint(exercise, answer, says):
    feedback = exercise.check(answer)
    assert not feedback.correct
    assert says in feedback.message
    assert feedback.hint
    assert "Not yet" in repr(feedback) and "Hint" in feedback._repr_html_()


@pytest.mark.parametrize("exercise, wrong_answer, secret", [
    (ex.updates_per_epoch, 15, "16"),
    (ex.updates_per_epoch, 17, "16"),
    (ex.memory_mb, 400, "420"),
    (ex.memory_mb, 840, "420"),
    (ex.memory_mb, 400.5, "420"),
    (ex.keep_going, lambda e, m, c: e <= m and not c, "<"),
])
def test_feedback_never_gives_the_number_away(exercise, wrong_answer, secret):
    feedback = exercise.check(wrong_answer)
    assert secret not in feedback.message + feedback.hint + exercise.question


def test_feedback_never_gives_the_code_away():
    for answer in (lambda e, m, c: e < m or not c, lambda g, s: sum(g)):
        for exercise in (ex.keep_going, ex.combine_micro_batches):
            feedback = exercise.check(answer)
            assert "and not" not in feedback.message + feedback.hint
            assert "sum(" not in feedback.message + feedback.hint


def test_the_worked_answer_to_exercise_1_counts_right():
    """Its steps: 1000 / 64 = 15.625; fifteen full batches hold 960 rows; 40 are left over."""
    assert 1000 / 64 == 15.625 and 15 * 64 == 960 and 1000 - 960 == 40
    assert ex.updates_per_epoch.check(math.ceil(1000 / 64)).correct


def test_a_stop_condition_instead_of_a_go_on_condition_is_named():
    feedback = ex.keep_going.check(lambda e, m, c: e >= m or c)
    assert not feedback.correct
    assert "opposite question" in feedback.message and "negate" in feedback.hint
