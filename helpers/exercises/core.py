"""How exercises are checked: right, or what is wrong and a hint, never the answer.

An :class:`Exercise` wraps a checking function. ``exercise.check(answer)`` returns a
:class:`Feedback`, which a notebook shows as a coloured box and a test can read as a bool.

``check`` never raises (except KeyboardInterrupt, so the Stop button works): whatever the
student's value or code does, the result is a short Feedback. All of it (the student's function
and any method of their value that the judge calls) runs under one time limit per check,
:data:`TIME_LIMIT` (see :mod:`.deadline`), and any value a message quotes back goes through
:func:`shown`, which cuts it short.
"""

from __future__ import annotations

import copy
import functools
import html
import inspect
import itertools
import math
import reprlib
import types
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import palette
from . import deadline

__all__ = [
    "NOT_ANSWERED",
    "RETURNS_NONE",
    "STOPS",
    "TIME_LIMIT",
    "Exercise",
    "Feedback",
    "as_number",
    "close",
    "error_text",
    "is_truth_value",
    "judge_function",
    "judge_number",
    "not_a_number",
    "right",
    "shown",
    "wrong",
]

NOT_ANSWERED = "Not answered yet: replace the ... with your answer and run the cell again."
RETURNS_NONE = ("Your function returns None. Write its body, and make sure it ends with "
                "`return` and the result.")
# Seconds one check may take, the student's code included; far more than any right answer needs.
TIME_LIMIT = 2.0
# Characters of a student's value (or of an error message) that feedback quotes at most.
SHOWN_WIDTH = 80

# What no judge may catch: the Stop button, and the deadline (which check() itself turns into
# feedback). Everything else a student's code raises (SystemExit too) becomes feedback.
STOPS = (KeyboardInterrupt, deadline.OutOfTime)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct``, a ``message`` saying why, and a ``hint`` if wrong."""

    correct: bool
    message: str
    hint: str = ""

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        if self.correct:
            return f"Correct! {self.message}".strip()
        if self.message == NOT_ANSWERED:
            return NOT_ANSWERED
        return f"Not yet. {self.message}" + (f" Hint: {self.hint}" if self.hint else "")

    def _repr_html_(self) -> str:
        if self.correct:
            colour, mark = palette.FEEDBACK["right"], "✔ Correct!"
        elif self.message == NOT_ANSWERED:
            colour, mark = palette.FEEDBACK["pending"], "…"
        else:
            colour, mark = palette.FEEDBACK["wrong"], "✘ Not yet."
        hint = (f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint and not self.correct
                else "")
        return (
            f'<div style="border-left: 6px solid {colour}; padding: 6px 10px; margin: 4px 0;">'
            f"<b>{mark}</b> {html.escape(self.message)}{hint}</div>"
        )


def right(message: str = "") -> Feedback:
    return Feedback(True, message)


def wrong(message: str, hint: str = "") -> Feedback:
    return Feedback(False, message, hint)


@dataclass(frozen=True)
class Exercise:
    """A question and the function that judges answers to it.

    ``judge(answer)`` returns a Feedback. :meth:`check` runs it under the time limit and turns
    whatever the student's value or code raises into feedback that names the exception.
    Subclasses that look at the answer before the judge does override :meth:`_verdict`.
    """

    question: str
    judge: Callable[[object], Feedback]
    hint: str = ""

    def check(self, answer) -> Feedback:
        try:
            return deadline.run(TIME_LIMIT, self._guarded, answer)
        except deadline.OutOfTime as stop:
            return _out_of_time(answer, stop)

    def _guarded(self, answer) -> Feedback:
        with np.errstate(all="ignore"):  # an inf or nan in an answer is judged, not warned about
            try:
                return self._verdict(answer)
            except STOPS:
                raise
            except BaseException as error:  # a student's value or code may raise anything
                return _raised_outside(answer, error, self.hint)

    def _verdict(self, answer) -> Feedback:
        """The judge's feedback, with the exercise's hint when the judge gave none."""
        if _unanswered(answer):
            return Feedback(False, NOT_ANSWERED)
        feedback = self.judge(answer)
        if not feedback.correct and not feedback.hint:
            return Feedback(False, feedback.message, self.hint)
        return feedback


_PLAIN_VALUE = ("Give a plain value: a number, a string, a list or tuple of numbers, or a numpy "
                "array.")


def _raised_outside(answer, error: BaseException, hint: str) -> Feedback:
    """Feedback on an exception no judge caught. Judges call a student's function themselves
    and name what it raises, so with a function this came from what it returned."""
    if callable(answer):
        return wrong(f"Checking what your function returned raised {error_text(error)}.", hint)
    return wrong(f"Reading your answer raised {error_text(error)}.", _PLAIN_VALUE)


def _out_of_time(answer, stop: deadline.OutOfTime) -> Feedback:
    """Feedback when the time ran out: in the student's function itself, or while the judge
    read what it returned (or the answer given as a value)."""
    limit = f"{TIME_LIMIT:g} s"
    if callable(answer) and _ran_in(stop, _codes_of(answer)):
        return wrong(f"Your function did not return within {limit}, so the check stopped it. A "
                     "right answer returns at once; yours may never end.",
                     "Look for a loop that never stops (a while whose condition stays true) or "
                     "a function that calls itself with no way out, then run your function once "
                     "yourself on a small input.")
    if callable(answer):
        return wrong(f"Checking what your function returned did not finish within {limit}, so "
                     "the check stopped it: it may be far larger than the answer asked for.",
                     "Return a number, or a numpy array of the shape the question asks for.")
    return wrong(f"Reading your answer did not finish within {limit}, so the check stopped it.",
                 _PLAIN_VALUE)


def _ran_in(error: BaseException, codes: set) -> bool:
    """Whether ``error`` passed through a frame running one of ``codes``, or was raised by
    :func:`deadline.run` after the call (whose code had caught it)."""
    trace = error.__traceback__
    frames = []
    while trace is not None:
        frames.append(trace.tb_frame.f_code)
        trace = trace.tb_next
    return bool(codes.intersection(frames)) or frames[-1] is deadline.run.__code__


def _codes_of(function) -> set:
    """The code a function answer runs (of a function, a method, or an object's ``__call__``),
    found without running any of the student's code: this runs after the time limit."""
    for _ in range(8):  # unwrap bound methods and functools.partial, nested a few deep
        if type(function) is types.MethodType:
            function = function.__func__
        elif type(function) is functools.partial:
            function = function.func
    if type(function) is types.FunctionType:
        return {function.__code__}
    call = inspect.getattr_static(type(function), "__call__", None)
    return {call.__code__} if type(call) is types.FunctionType else set()


def _unanswered(answer) -> bool:
    """True for ``...``/None, or a dict or list still holding a ``...``."""
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, dict):
        return any(v is Ellipsis for v in answer.values())
    if isinstance(answer, (list, tuple)):
        return any(v is Ellipsis for v in answer)
    return False


def as_number(answer) -> float | None:
    """The answer as a float, or None when it is not a single finite number.

    True and False are truth values, not numbers, even though Python lets ``float(True)`` be
    1.0: a comparison typed where a number was meant is told so, not judged "too low".
    """
    if is_truth_value(answer) or getattr(answer, "dtype", None) == np.bool_:
        return None
    try:
        value = float(answer)
    except Exception:  # noqa: BLE001 - not a number, whatever the value's __float__ raises
        return None
    return value if math.isfinite(value) else None


def is_truth_value(value) -> bool:
    """Whether ``value`` is True/False (numpy's too), an array of them, or a short list or tuple
    with one among its entries: never a number, even where Python would let it count as 0 or 1.
    (A list longer than any answer asked for is wrong anyway, and not searched.)"""
    if isinstance(value, (bool, np.bool_)):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype == np.bool_
    if isinstance(value, (list, tuple)) and len(value) <= _SEARCHED:
        return any(is_truth_value(v) for v in value)
    return False


_SEARCHED = 100


TRUTH_VALUE = "what a comparison such as == gives"


def not_a_number(answer, expected: str = "a single finite number", hint: str = "") -> Feedback:
    """"Expected <expected>, got <the answer, cut short>", saying so when the answer is a truth
    value (True or False) rather than a number."""
    if is_truth_value(answer):
        single = isinstance(answer, (bool, np.bool_))
        what = (f"that is a truth value ({TRUTH_VALUE}), not a number" if single
                else f"those are truth values ({TRUTH_VALUE}), not numbers")
        return wrong(f"Expected {expected}, got {shown(answer)}: {what}.",
                     hint or "Give the number itself, not a comparison.")
    return wrong(f"Expected {expected}, got {shown(answer)}.", hint)


def close(a, b, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether two numbers or arrays agree entry by entry (``numpy.allclose``)."""
    return bool(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol,
                            atol=atol))


def judge_number(expected: float, *, rtol: float = 1e-3, atol: float = 1e-6,
                 what: str = "your number") -> Callable:
    """A judge for a numeric answer; when wrong it says too high or too low, not the value."""

    def judge(answer) -> Feedback:
        value = as_number(answer)
        if value is None:
            return not_a_number(answer)
        if math.isclose(value, expected, rel_tol=rtol, abs_tol=atol):
            return right(f"{what.capitalize()} is right.")
        if expected != 0 and math.isclose(-value, expected, rel_tol=rtol, abs_tol=atol):
            return wrong(f"{what.capitalize()} has the wrong sign.")
        return wrong(f"{what.capitalize()} is too {'high' if value > expected else 'low'}.")

    return judge


def _same(got, want) -> bool:
    """The default test of one output: numbers (not truth values) of the reference's shape,
    close to it entry by entry."""
    if is_truth_value(got):
        return False
    try:
        return np.shape(got) == np.shape(want) and close(got, want)
    except Exception:  # noqa: BLE001 - not numbers at all, whatever converting them raises
        return False


def judge_function(
    reference: Callable,
    inputs,
    *,
    expects: str = "a function",
    done: str | None = None,
    same: Callable | None = None,
    mistake: Callable | None = None,
    whole: Callable | None = None,
    raised: Callable | None = None,
    partly_none: Callable | None = None,
    arguments: tuple[str, ...] | None = None,
    returns_none: str = RETURNS_NONE,
    returns_ellipsis: str = "Your function returns ..., not an answer: replace the ... with "
                            "your code.",
    name: str = "your function",
) -> Callable:
    """A judge for a function answer: call it once on every input and hold each output against
    ``reference`` called on the same input.

    ``inputs`` holds the arguments of each call (a tuple, or one argument); the answer gets
    copies, so it cannot change them, and it is called once per input, in order. If it raises,
    no further input is tried: ``raised(answer, args, error)`` may name the mistake (a Feedback,
    or None), else a general message names the exception and the input. Every output is
    computed before any is judged, so a function that returns None (a body still to write, a
    forgotten ``return``) is told ``returns_none`` and one that returns ``...`` is told
    ``returns_ellipsis``, whatever its other outputs; when only some outputs are None,
    ``partly_none(args_of_those)`` may say where first. With ``arguments`` (the names of the
    arguments), a function that changes one of its inputs in place is told so. An output of
    far more entries than any answer holds is named without being compared. Then
    ``whole(outputs)`` may name a mistake that shows only in all the outputs together (a
    Feedback, or None). Then each output is compared: ``same(got, want)`` decides whether it is
    right (default: numbers, not truth values, of the same shape, close); at the first that is
    not, ``mistake(args, got, want)`` may name the mistake (a lone True or False where numbers
    are wanted is named as a truth value first), else a general message says which input it
    failed on. ``expects`` names the function wanted in "Expected <expects>, got int.";
    ``done`` is the message of a right answer.
    """
    calls = [args if isinstance(args, tuple) else (args,) for args in inputs]
    same = same or _same

    def judge(answer) -> Feedback:
        if not callable(answer):
            return wrong(f"Expected {expects}, got {_type_name(answer)}.")
        outputs, changed = [], None
        for args in calls:
            mine = copy.deepcopy(args)
            try:
                outputs.append(answer(*mine))
            except STOPS:
                raise
            except BaseException as error:  # a student's function may raise anything
                found = raised(answer, args, error) if raised else None
                if found is not None:
                    return found
                return wrong(f"For input {_short(args)}, {name} raised {error_text(error)}.")
            if arguments and changed is None:
                changed = next((arg for arg, before, after in zip(arguments, args, mine,
                                                                  strict=True)
                                if not _unchanged(before, after)), None)
        missing = [args for args, out in zip(calls, outputs, strict=True) if out is None]
        if missing:
            found = partly_none(missing) if partly_none and len(missing) < len(calls) else None
            return wrong(returns_none) if found is None else found
        if any(out is Ellipsis for out in outputs):
            return wrong(returns_ellipsis)
        if changed is not None:
            return _in_place(changed, arguments)
        for args, out in zip(calls, outputs, strict=True):
            entries = _entries(out)
            if entries > _MOST_ENTRIES:
                return wrong(f"For input {_short(args)}, {name} returned {shown(out)}, {entries} "
                             "entries: far more than the answer holds.")
        found = whole(outputs) if whole else None
        if found is not None:
            return found
        for args, got in zip(calls, outputs, strict=True):
            want = reference(*args)
            if same(got, want):
                continue
            if same is _same and not _numeric(got):
                return wrong(f"For input {_short(args)}, {name} returned {shown(got)}, which is "
                             "not a number or an array of numbers.")
            # where numbers are wanted, a lone True or False is named as such; an array of them
            # may be a named mistake
            numbers_wanted = not is_truth_value(want)
            single = numbers_wanted and isinstance(got, (bool, np.bool_))
            found = mistake(args, got, want) if mistake and not single else None
            if found is not None:
                return found
            if single or (numbers_wanted and is_truth_value(got)):
                return wrong(f"For input {_short(args)}, {name} returned {shown(got)}, a truth "
                             f"value ({TRUTH_VALUE}), not a number.")
            if _shape(got) != np.shape(want):
                return wrong(f"For input {_short(args)}, {name} returned shape {_shape(got)}, "
                             f"expected shape {np.shape(want)}.")
            return wrong(f"For input {_short(args)}, {name} returned {shown(got)}, which is not "
                         "right.")
        return right(done or f"{name.capitalize()} agrees with the reference on {len(calls)} "
                             "inputs.")

    return judge


# More entries than any answer of these exercises holds, by far: such an output is not compared
_MOST_ENTRIES = 10_000


def _entries(value) -> int:
    """How many entries a list, tuple or array has (0 for anything else), read cheaply."""
    if isinstance(value, (list, tuple)):
        return len(value)
    if isinstance(value, np.ndarray):
        return value.size
    return 0


def _numeric(value) -> bool:
    """Whether numpy reads ``value`` as a number or an array of numbers."""
    try:
        np.asarray(value, dtype=float)
    except Exception:  # noqa: BLE001 - not numbers, whatever converting them raises
        return False
    return True


def _unchanged(before, after) -> bool:
    try:
        return bool(np.array_equal(before, after))
    except Exception:  # noqa: BLE001 - replaced by something that cannot even be compared
        return False


def _in_place(name: str, names) -> Feedback:
    return wrong(f"Your function changes {name} in place: after the call, the {name} it was given "
                 "holds other numbers than before. A function like this must leave its inputs as "
                 "they were; the code that called it may still need them.",
                 f"Compute the result as a new array, and leave {', '.join(names[:-1])} and "
                 f"{names[-1]} untouched.")


def _shape(value) -> tuple | str:
    """numpy's shape of ``value``, or "unknown" when numpy cannot read it as an array."""
    try:
        return np.shape(value)
    except Exception:  # noqa: BLE001 - ragged, or a value whose methods raise
        return "unknown"


def _type_name(value) -> str:
    return type(value).__name__


class _Short(reprlib.Repr):
    """reprlib's cut-short repr, also for numpy arrays, huge integers and subclasses of list,
    tuple, dict and str (read through the built-in type, so their own methods are not called)."""

    def __init__(self):
        super().__init__()
        self.maxlevel = 3
        self.maxtuple = self.maxlist = self.maxset = self.maxfrozenset = self.maxdict = 6
        self.maxstring = self.maxother = self.maxlong = 60

    def repr1(self, x, level):
        if isinstance(x, np.ndarray):
            return _array_text(x)
        if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 192:
            return f"a whole number of about {int(x.bit_length() * math.log10(2))} digits"
        for base in (str, list, tuple, dict, set, frozenset):
            if isinstance(x, base) and type(x) is not base:
                x = _plain(x, base, self.maxstring + 1)
                break
        return super().repr1(x, level)


def _plain(x, base, many: int):
    """The first entries of ``x`` (a subclass of ``base``) as a plain ``base``."""
    if base is str:
        return str.__getitem__(x, slice(0, many))
    if base is dict:
        return dict(itertools.islice(dict.items(x), 7))
    if base in (list, tuple):
        return base.__getitem__(x, slice(0, 7))
    return base(itertools.islice(base.__iter__(x), 7))


def _array_text(array: np.ndarray) -> str:
    """A short 1-D array as ``array([1.5, 2.])``, any other by its shape and type."""
    if array.size > 6 or array.ndim > 1:
        return f"a {array.dtype} array of shape {array.shape}"
    text = np.array2string(array, precision=4, separator=", ")
    return "array(" + " ".join(text.split()) + ")"


_SHORT = _Short()


def _cut(text: str, width: int = SHOWN_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def shown(value) -> str:
    """A student's value as feedback may quote it: its repr, cut to :data:`SHOWN_WIDTH`
    characters; never the full repr of a long list or array, and never an error."""
    try:
        text = _SHORT.repr(value)
    except Exception:  # noqa: BLE001 - a value whose own repr raises
        text = f"a {_type_name(value)} that cannot be printed"
    return _cut(text)


def error_text(error: BaseException, width: int | None = SHOWN_WIDTH) -> str:
    """``ZeroDivisionError: division by zero``: the exception's name and its message, cut to
    ``width`` characters (None: not cut), or only the name when the message cannot be read."""
    try:
        said = " ".join(str(error).split())
    except Exception:  # noqa: BLE001 - an exception whose __str__ raises
        said = ""
    text = f"{_type_name(error)}: {said}" if said else _type_name(error)
    return text if width is None else _cut(text, width)


def _short(arguments: tuple) -> str:
    """The arguments of a call, as "1.8, 0.1" (arrays by their shape)."""
    return _cut(", ".join(shown(v) for v in arguments), 2 * SHOWN_WIDTH)
