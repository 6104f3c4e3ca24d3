"""Every exercise checker survives adversarial answers: endless loops, slow functions, huge
values, truth values for numbers, values whose methods raise or never end, functions that print,
raise or return a generator. ``check()`` always returns a short Feedback that is not "correct",
within its time limit, and the interpreter stays usable afterwards."""

from __future__ import annotations

import functools
import importlib
import itertools
import pickle
import pkgutil
import sys
import time

import numpy as np
import pytest

import helpers.exercises as package
from helpers import functions
from helpers.exercises import core, deadline
from helpers.exercises.core import Exercise, Feedback

# The time limit in the tests of adversarial answers (a right answer gets the real one, so a busy
# machine cannot fail it), and what a check may take beyond it.
LIMIT = 0.1
SLACK = 1.5


def _discover() -> dict[str, Exercise]:
    """Every Exercise that a lecture module of helpers.exercises defines, by "lectureNN.name"."""
    found = {}
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("lecture"):
            lecture = importlib.import_module(f"{package.__name__}.{module.name}")
            for name, value in vars(lecture).items():
                if isinstance(value, Exercise):
                    found[f"{module.name}.{name}"] = value
    return found


EXERCISES = _discover()

# What a function handed in is called with, and how often at most (the inputs its judge needs);
# every other exercise takes a value and calls no function at all.
FUNCTIONS = {
    "lecture01.step": (2, 4),
    "lecture02.gradient_at_point": (2, 1),
    "lecture02.steepest_direction": (2, 1),
    "lecture02.largest_stable_lr": (2, 1),
    "lecture03.valid_subgradient": (1, 7),
    "lecture04.keep_going": (3, 16),
    "lecture04.combine_micro_batches": (2, 4),
    "lecture05.relu_backward": (2, 4),
    "lecture05.linear_backward": (3, 4),
    "lecture06.torch_weight": (1, 3),
}
# Exercises whose judge calls the function on its inputs and holds each output to a reference.
JUDGED_BY_INPUTS = {name for name, (_, calls) in FUNCTIONS.items() if calls > 1}
# Exercises whose answer is a number or numbers, and those whose function returns numbers: a
# truth value there is named as one.
NUMBER_VALUES = {
    "lecture00.warm_up", "lecture01.diverging_lr", "lecture02.gradient_at_point",
    "lecture02.steepest_direction", "lecture02.largest_stable_lr",
    "lecture03.heavy_ball_position", "lecture03.abs_bounce", "lecture03.restarts_needed",
    "lecture04.updates_per_epoch", "lecture04.memory_mb", "lecture05.chain_rule",
    "lecture06.first_backward", "lecture06.accumulated_grad", "lecture06.effective_batch",
}
NUMBER_FUNCTIONS = {"lecture01.step", "lecture03.valid_subgradient",
                    "lecture04.combine_micro_batches", "lecture05.relu_backward",
                    "lecture05.linear_backward", "lecture06.torch_weight"}

_quartic = functions.quartic()

RIGHT = {
    "lecture00.warm_up": 6,
    "lecture01.direction": "increase",
    "lecture01.step": lambda x, lr: x - lr * _quartic.grad(x),
    "lecture01.diverging_lr": 1.0,
    "lecture01.roles": {"learning rate": "hyperparameter", "x, the point we move": "parameter",
                        "number of steps": "hyperparameter",
                        "convergence threshold tol": "hyperparameter"},
    "lecture02.gradient_at_point": (4, 13),
    "lecture02.steepest_direction": (-0.294, -0.956),
    "lecture02.largest_stable_lr": 0.08,
    "lecture03.heavy_ball_position": 0.46,
    "lecture03.abs_bounce": -0.2,
    "lecture03.valid_subgradient": lambda x: float(np.sign(x)),
    "lecture03.restarts_needed": 17,
    "lecture04.updates_per_epoch": 16,
    "lecture04.keep_going": lambda epoch, max_epochs, converged: (epoch < max_epochs
                                                                  and not converged),
    "lecture04.combine_micro_batches": lambda grads, sizes: (
        sum(s * g for g, s in zip(grads, sizes, strict=True)) / sum(sizes)),
    "lecture04.memory_mb": 420,
    "lecture05.chain_rule": 45,
    "lecture05.relu_backward": lambda grad_out, x: grad_out * (x > 0),
    "lecture05.linear_backward": lambda grad_out, X, W: (grad_out @ W.T, X.T @ grad_out,
                                                         grad_out.sum(axis=0)),
    "lecture06.first_backward": 18,
    "lecture06.torch_weight": lambda W: W.T,
    "lecture06.accumulated_grad": 60,
    "lecture06.effective_batch": 128,
}


@pytest.fixture(autouse=True)
def short_limit(monkeypatch):
    monkeypatch.setattr(core, "TIME_LIMIT", LIMIT)


def _check_with_the_real_limit(exercise, answer, monkeypatch) -> Feedback:
    with monkeypatch.context() as patch:
        patch.setattr(core, "TIME_LIMIT", 2.0)
        return exercise.check(answer)


def _no_exception_arrives_later():
    until = time.perf_counter() + 3 * deadline.REPEAT
    while time.perf_counter() < until:  # Python code running on: nothing is raised in it
        sum(range(100))


# ---------------------------------------------------------------- the adversarial answers

ENTERED: list[str] = []  # what endless code was entered during one check


class Boom(RuntimeError):
    pass


def _boom(*args, **kwargs):
    raise Boom("boom")


def _endless(what):
    def forever(*args, **kwargs):
        ENTERED.append(what)
        while True:
            pass

    return forever


DUNDERS = ("__iter__", "__len__", "__float__", "__int__", "__index__", "__eq__", "__lt__",
           "__gt__", "__array__", "__repr__", "__str__", "__bool__", "__getitem__", "__hash__",
           "__format__", "__getattr__", "__neg__", "__abs__", "__round__", "__complex__")


def raising(*dunders):
    """An object whose ``dunders`` raise."""
    return type("Raises", (), dict.fromkeys(dunders, _boom))()


def endless(*dunders):
    """An object whose ``dunders`` never return."""
    return type("Endless", (), {d: _endless(d) for d in dunders})()


class BadDict(dict):
    values = items = keys = __iter__ = __getitem__ = __len__ = __contains__ = _boom


class EndlessDict(dict):
    values = items = keys = __iter__ = __getitem__ = __len__ = _endless("dict")


class ValuesRaise(dict):
    values = _boom


class BadList(list):
    __iter__ = __len__ = __getitem__ = __repr__ = __eq__ = _boom


class BadStr(str):
    lower = split = strip = __iter__ = __len__ = __getitem__ = __repr__ = __str__ = _boom


class BadFloat(float):
    __float__ = __repr__ = __eq__ = __abs__ = __neg__ = __lt__ = __gt__ = _boom


class BadError(Exception):
    def __str__(self):
        raise Boom("no words")


class NotAnException(BaseException):
    pass


def _function(arity: int, body):
    """A function of ``arity`` named arguments that runs ``body(*args)``."""
    names = ", ".join(f"a{i}" for i in range(arity))
    namespace = {"body": body}
    exec(f"def student({names}):\n    return body({names})\n", namespace)
    return namespace["student"]


def _spin(*args):
    ENTERED.append("function")
    while True:
        pass


def _spin_catching(*args):
    ENTERED.append("function")
    count = 0
    while True:
        try:
            count += 1
        except Exception:  # noqa: BLE001 - the student's: the deadline must get through
            pass


def _sleepy(*args):
    time.sleep(0.01)
    return 0.0


def _prints(*args):
    print(*args[:1])


def _recurse(*args):
    return _recurse(*args)


def _exits(*args):
    sys.exit(3)


def _raise_base(*args):
    raise NotAnException("not an Exception")


def _raise_bad_words(*args):
    raise BadError


def _raise_huge(*args):
    raise ValueError("x" * 1_000_000)


MILLION = list(range(1_000_000))
BIG_ARRAY = np.arange(1_000_000, dtype=float)
HUGE_STRING = "x" * 10_000_000


def _deep(depth=5_000):
    nested = [1.0]
    for _ in range(depth):
        nested = [nested]
    return nested


def _values(name: str) -> dict:
    """Adversarial values, whatever the exercise asks for."""
    roles = dict.fromkeys(RIGHT["lecture01.roles"], "parameter")
    return {
        "million list": MILLION,
        "million array": BIG_ARRAY,
        "huge string": HUGE_STRING,
        "huge digit string": "1" * 1_000_000,
        "huge int": 10**10_000,
        "True": True,
        "False": False,
        "np.True_": np.True_,
        "np.False_": np.False_,
        "bool array": np.array([True, False]),
        "bool pair": (True, False),
        "bool in a list": [np.True_, 13.0],
        "nan": float("nan"),
        "inf": float("inf"),
        "-inf": -float("inf"),
        "nan array": np.array([np.nan, np.nan]),
        "inf list": [float("inf"), float("inf")],
        "complex": 1 + 2j,
        "bytes": b"\xff6",
        "set": {1.0, 2.0},
        "empty list": [],
        "list of wrong types": ["a", None],
        "ragged list": [[1, 2], "x"],
        "deep list": _deep(),
        "dict of wrong types": {1: 2, "learning rate": [1, 2]},
        "roles of wrong types": {**roles, "learning rate": 3, "number of steps": None},
        "bad dict": BadDict(roles),
        "dict whose values raise": ValuesRaise(roles),
        "dict whose methods never return": EndlessDict(roles),
        "bad list": BadList([4.0, 13.0]),
        "bad str": BadStr("increase"),
        "bad float": BadFloat(6.0),
        "generator": (i for i in range(3)),
        "endless iterator": itertools.count(),
        "class int": int,
        "class object": object,
        **{f"{d} raises": raising(d) for d in DUNDERS},
        "every dunder raises": raising(*DUNDERS),
        **{f"{d} never returns": endless(d) for d in ("__float__", "__eq__", "__repr__",
                                                      "__len__", "__iter__", "__array__",
                                                      "__bool__", "__getattr__")},
    }


def _functions(name: str) -> dict:
    """Adversarial functions, called with the exercise's number of arguments."""
    arity = FUNCTIONS.get(name, (1, 0))[0]
    answers = {
        "endless loop": _spin,
        "endless loop catching Exception": _spin_catching,
        "sleeps": _sleepy,
        "prints": _prints,
        "recurses forever": _recurse,
        "raises ValueError with a huge message": _raise_huge,
        "raises SystemExit": _exits,
        "raises a BaseException": _raise_base,
        "raises an error whose str raises": _raise_bad_words,
        "returns a generator": lambda *args: (a for a in args),
        "returns a million list": lambda *args: MILLION,
        "returns a huge string": lambda *args: HUGE_STRING,
        "returns True": lambda *args: True,
        "returns np.True_": lambda *args: np.True_,
        "returns nan": lambda *args: float("nan"),
        "returns its arguments": lambda *args: args,
        "returns a function": lambda *args: _spin,
        "returns a dict": lambda *args: {"a": args},
        "returns an object that raises": lambda *args: raising(*DUNDERS),
        "returns an endless __float__": lambda *args: endless("__float__"),
        "returns an endless __array__": lambda *args: endless("__array__"),
        "returns an endless __eq__": lambda *args: endless("__eq__", "__bool__"),
    }
    answers = {what: _function(arity, body) for what, body in answers.items()}
    answers["endless loop, *args"] = _spin
    return answers


def _battery(name: str) -> dict:
    return {**_values(name), **_functions(name)}


CASES = [(name, what) for name in EXERCISES for what in _battery(name)]


def _assert_short_feedback(feedback) -> None:
    assert isinstance(feedback, Feedback)
    assert not feedback.correct and not bool(feedback)
    assert isinstance(feedback.message, str) and isinstance(feedback.hint, str)
    assert len(feedback.message) < 600 and len(feedback.hint) < 600, feedback.message[:200]
    for shown in (feedback.message, feedback.hint, repr(feedback), feedback._repr_html_()):
        assert "Traceback" not in shown and 'File "' not in shown


@pytest.mark.parametrize("name, what", CASES, ids=[f"{n}-{w}" for n, w in CASES])
def test_check_survives_the_answer(name, what, capsys):
    """A short Feedback, never correct, within the time limit; endless code is stopped with a
    message that says so."""
    answer = _battery(name)[what]
    ENTERED.clear()
    start = time.perf_counter()
    feedback = EXERCISES[name].check(answer)
    took = time.perf_counter() - start
    _assert_short_feedback(feedback)
    assert took < LIMIT + SLACK, took
    if ENTERED:  # the answer's endless code ran: the check stopped it and says so
        assert f"within {LIMIT:g} s" in feedback.message, feedback.message
    if what in ("True", "False", "np.True_", "np.False_", "bool array", "bool pair",
                "bool in a list") and name in NUMBER_VALUES:
        assert "truth value" in feedback.message, feedback.message
    if what in ("returns True", "returns np.True_") and name in NUMBER_FUNCTIONS:
        assert "truth value" in feedback.message, feedback.message


def test_every_exercise_is_covered():
    assert set(EXERCISES) == set(RIGHT)
    assert set(FUNCTIONS) <= set(EXERCISES)
    assert len(EXERCISES) >= 23


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_right_answer_passes(name, monkeypatch):
    assert _check_with_the_real_limit(EXERCISES[name], RIGHT[name], monkeypatch).correct


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_an_endless_function_is_stopped_with_a_clear_message(name):
    arity = FUNCTIONS[name][0]
    start = time.perf_counter()
    feedback = EXERCISES[name].check(_function(arity, _spin))
    assert time.perf_counter() - start < LIMIT + 0.5
    assert feedback.message.startswith(f"Your function did not return within {LIMIT:g} s")
    assert "loop" in feedback.hint


def test_an_endless_callable_object_or_partial_is_named_as_the_function():
    """The message tells endless code in the student's function (whatever kind of callable)
    from a returned value that takes too long to read."""
    class Step:
        def __call__(self, x, lr):
            _spin()

        def __getattr__(self, name):  # never consulted after the time is up
            _spin()

    def step(x, lr, extra):
        _spin()

    for answer in (Step(), Step().__call__, functools.partial(step, extra=1)):
        message = EXERCISES["lecture01.step"].check(answer).message
        assert message.startswith(f"Your function did not return within {LIMIT:g} s"), message
    message = EXERCISES["lecture05.relu_backward"].check(lambda g, x: endless("__array__")).message
    assert message.startswith(f"Checking what your function returned did not finish within "
                              f"{LIMIT:g} s"), message


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_after_a_timeout_the_right_answer_still_checks_correct(name, monkeypatch):
    """The stopped code leaves nothing behind: no exception arrives later, and the next check
    (of the right answer) works as before."""
    candidates = [_function(FUNCTIONS[name][0], _spin) if name in FUNCTIONS else None,
                  endless("__float__", "__eq__", "__len__", "__iter__", "__getattr__",
                          "__array__", "__bool__", "__repr__"),
                  EndlessDict(RIGHT["lecture01.roles"])]
    said = [EXERCISES[name].check(answer).message for answer in candidates if answer is not None]
    assert any(f"within {LIMIT:g} s" in message for message in said), said
    assert _check_with_the_real_limit(EXERCISES[name], RIGHT[name], monkeypatch).correct
    _no_exception_arrives_later()
    assert _check_with_the_real_limit(EXERCISES[name], RIGHT[name], monkeypatch).correct


@pytest.mark.parametrize("body", ["returns None", "returns 0.0", "returns its first argument",
                                  "the right answer", "raises"])
@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_function_is_called_at_most_once_per_input(name, body, monkeypatch):
    """No more calls than the judge has inputs, and never the same input twice."""
    bodies = {"returns None": lambda *args: None, "returns 0.0": lambda *args: 0.0,
              "returns its first argument": lambda *args: args[0],
              "the right answer": RIGHT[name] if callable(RIGHT[name]) else lambda *a: 0.0,
              "raises": _boom}
    seen = []

    def counted(*args):
        seen.append(pickle.dumps(args))
        return bodies[body](*args)

    arity, calls = FUNCTIONS.get(name, (1, 0))
    feedback = _check_with_the_real_limit(EXERCISES[name], _function(arity, counted), monkeypatch)
    _assert_or_right(feedback, name, body)
    assert len(seen) <= calls
    assert len(set(seen)) == len(seen)
    if body == "returns None" and name in JUDGED_BY_INPUTS:
        assert len(seen) == calls  # every output is computed before any is judged
    if body == "raises":
        assert len(seen) == min(calls, 1)  # no input is tried after one that raised


def _assert_or_right(feedback, name, body):
    if body == "the right answer" and name in FUNCTIONS and callable(RIGHT[name]):
        assert feedback.correct
    else:
        _assert_short_feedback(feedback)


@pytest.mark.parametrize("name", sorted(JUDGED_BY_INPUTS))
def test_a_slow_function_is_stopped_at_the_limit_not_after_every_input(name):
    def slow(*args):
        time.sleep(LIMIT / 2)
        return 0.0

    start = time.perf_counter()
    feedback = EXERCISES[name].check(_function(FUNCTIONS[name][0], slow))
    assert time.perf_counter() - start < LIMIT + LIMIT / 2 + 0.3
    assert f"within {LIMIT:g} s" in feedback.message


def test_the_stop_button_still_stops_a_check(monkeypatch):
    """KeyboardInterrupt (the kernel's Stop button) goes through check(); SystemExit does not."""
    def interrupted(*args):
        raise KeyboardInterrupt

    exercise = EXERCISES["lecture01.step"]
    monkeypatch.setattr(core, "TIME_LIMIT", 2.0)
    with pytest.raises(KeyboardInterrupt):
        exercise.check(interrupted)
    with pytest.raises(KeyboardInterrupt):
        EXERCISES["lecture00.warm_up"].check(type("Stop", (), {"__float__": interrupted})())
    feedback = exercise.check(_function(2, _exits))
    assert not feedback.correct and "SystemExit" in feedback.message
    assert exercise.check(RIGHT["lecture01.step"]).correct


def test_a_raising_answer_is_named_with_its_exception_cut_short(monkeypatch):
    monkeypatch.setattr(core, "TIME_LIMIT", 2.0)
    feedback = EXERCISES["lecture01.step"].check(_function(2, _raise_huge))
    assert "raised ValueError: xxx" in feedback.message and len(feedback.message) < 200
    feedback = EXERCISES["lecture00.warm_up"].check(raising("__float__", "__repr__"))
    assert "Expected a single finite number" in feedback.message
    feedback = EXERCISES["lecture01.roles"].check(ValuesRaise(RIGHT["lecture01.roles"]))
    assert feedback.message == "Reading your answer raised Boom: boom."


def test_a_million_numbers_are_not_echoed():
    for name in ("lecture00.warm_up", "lecture01.direction", "lecture02.gradient_at_point",
                 "lecture05.relu_backward"):
        feedback = EXERCISES[name].check(MILLION)
        assert len(feedback.message) < 300 and "999999" not in feedback.message


def test_truth_values_are_never_numbers(monkeypatch):
    monkeypatch.setattr(core, "TIME_LIMIT", 2.0)
    feedback = EXERCISES["lecture01.diverging_lr"].check(True)
    assert not feedback.correct and "truth value" in feedback.message
    assert not EXERCISES["lecture04.combine_micro_batches"].check(
        lambda grads, sizes: np.ones(2, dtype=bool)).correct
    # where the answer is True or False, it is judged as such
    assert EXERCISES["lecture04.keep_going"].check(RIGHT["lecture04.keep_going"]).correct


def test_a_function_that_prints_is_told_to_return(capsys, monkeypatch):
    monkeypatch.setattr(core, "TIME_LIMIT", 2.0)
    def subgradient(x):
        print(float(np.sign(x)))

    assert EXERCISES["lecture03.valid_subgradient"].check(subgradient).message == \
        core.RETURNS_NONE
    assert len(capsys.readouterr().out.splitlines()) == 7  # once per input


# ---------------------------------------------------------------- the deadline itself


def test_the_deadline_stops_an_endless_loop_and_leaves_nothing_pending():
    start = time.perf_counter()
    with pytest.raises(deadline.OutOfTime):
        deadline.run(0.1, _spin)
    assert time.perf_counter() - start < 0.5
    _no_exception_arrives_later()
    # many calls that end around their time, some just before and some just after it: the
    # exception arrives within its call or not at all. The call lasts about 10 ms, several of
    # Python's 5 ms thread switches, so the watch thread gets its turn inside it even on a
    # busy machine.
    def busy():
        total = 0
        for i in range(200_000):
            total += i
        return total

    stopped = 0
    for seconds in np.linspace(0.0005, 0.04, 160):
        try:
            assert deadline.run(seconds, busy) == sum(range(200_000))
        except deadline.OutOfTime:
            stopped += 1
    _no_exception_arrives_later()
    assert 0 < stopped < 160


def test_code_that_catches_the_deadline_and_returns_is_still_out_of_time():
    def swallows():
        try:
            _spin()
        except BaseException:  # noqa: BLE001 - the student's
            return 1

    with pytest.raises(deadline.OutOfTime):
        deadline.run(0.1, swallows)
    _no_exception_arrives_later()


def test_a_blocking_c_call_is_stopped_only_when_it_returns():
    """The documented limit: time.sleep is one C call, so the deadline lands after it."""
    start = time.perf_counter()
    with pytest.raises(deadline.OutOfTime):
        deadline.run(0.05, time.sleep, 0.3)
    assert time.perf_counter() - start >= 0.3


def test_the_deadline_returns_what_the_call_returns_and_passes_its_exceptions():
    assert deadline.run(1.0, divmod, 7, 2) == (3, 1)
    with pytest.raises(ZeroDivisionError):
        deadline.run(1.0, divmod, 1, 0)
    with pytest.raises(KeyboardInterrupt):
        deadline.run(1.0, _interrupt)


def _interrupt():
    raise KeyboardInterrupt


def test_shown_cuts_every_value_short():
    for value in (MILLION, BIG_ARRAY, HUGE_STRING, 10**10_000, _deep(), BadList([1.0]),
                  BadStr("x" * 1000), raising("__repr__"), {i: i for i in range(1000)},
                  np.arange(10**6).reshape(1000, 1000)):
        text = core.shown(value)
        assert isinstance(text, str) and len(text) <= core.SHOWN_WIDTH
    assert core.shown([1, 2]) == "[1, 2]" and core.shown("up") == "'up'"
