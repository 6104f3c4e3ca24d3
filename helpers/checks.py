"""Argument checks, one rule per kind, shared by every public function and explorer.

Each check returns the value in the form the caller computes with (a ``float``, an ``int``, a
float64 array) or raises with a message that names the argument, shows its ``repr`` and says
what is allowed:

* ``TypeError`` when the type itself is wrong, as Python does: a string, ``None`` or ``True``
  where a number is expected, ``3.0`` where an integer is expected (``range(3.0)`` refuses it
  too);
* ``ValueError`` when the type is right but the value is not: a negative learning rate, NaN, a
  batch size larger than the data, an array of the wrong shape.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np

__all__ = [
    "array",
    "callable_",
    "finite_array",
    "flag",
    "integer",
    "momentum",
    "nonnegative",
    "number",
    "one_of",
    "positive",
    "probability",
    "seed",
]


def _show(value) -> str:
    """The value's repr, cut short so a huge array does not flood the message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(kind: type[Exception], name: str, value, allowed: str) -> Exception:
    return kind(f"{name} must be {allowed}, got {_show(value)}")


def _scalar(value, kinds: str):
    """A 0-d numpy array of one of the dtype ``kinds`` as its Python scalar; else ``value``."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in kinds:
        return value.item()
    return value


def number(
    name: str,
    value,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    allowed: str | None = None,
) -> float:
    """A finite real number within ``[low, high]`` (an end is left out when ``*_open``)."""
    if allowed is None:
        allowed = _describe_range(low, high, low_open, high_open)
    value = _scalar(value, "iuf")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise _fail(TypeError, name, value, allowed)
    result = float(value)
    if not math.isfinite(result):
        raise _fail(ValueError, name, value, allowed)
    too_low = low is not None and (result <= low if low_open else result < low)
    too_high = high is not None and (result >= high if high_open else result > high)
    if too_low or too_high:
        raise _fail(ValueError, name, value, allowed)
    return result


def _describe_range(low, high, low_open, high_open) -> str:
    if low is None and high is None:
        return "a finite number"
    if high is None:
        if low == 0:
            return "a positive finite number" if low_open else "a finite number >= 0"
        return f"a finite number {'>' if low_open else '>='} {low:g}"
    if low is None:
        return f"a finite number {'<' if high_open else '<='} {high:g}"
    return f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def positive(name: str, value) -> float:
    """A finite number > 0 (a learning rate, a step size, a bound)."""
    return number(name, value, low=0.0, low_open=True)


def nonnegative(name: str, value) -> float:
    """A finite number >= 0 (a tolerance, a noise level, a decay)."""
    return number(name, value, low=0.0)


def probability(name: str, value) -> float:
    """A number in [0, 1]."""
    return number(name, value, low=0.0, high=1.0)


def momentum(value, name: str = "momentum") -> float:
    """The heavy ball's momentum: a number in [0, 1], as ``torch.optim.SGD`` allows.

    0 is plain descent; 1 is a ball without friction that never slows down (lecture 06 shows that
    forgetting ``zero_grad`` in PyTorch is exactly that); above 1 every step would add more speed
    than friction takes away.
    """
    return number(name, value, low=0.0, high=1.0,
                  allowed="a number in [0, 1] (0 means no momentum, 1 no friction)")


def integer(name: str, value, low: int | None = None, high: int | None = None, *,
            allowed: str | None = None) -> int:
    """A whole number of type ``int`` (or a numpy integer) within ``[low, high]``.

    ``allowed`` replaces the description of the range in the message (e.g. "between 1 and the
    number of rows (20)").
    """
    value = _scalar(value, "iu")
    if allowed is None:
        allowed = _describe_integers(low, high)
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise _fail(TypeError, name, value, allowed)
    result = int(value)
    if (low is not None and result < low) or (high is not None and result > high):
        raise _fail(ValueError, name, value, allowed)
    return result


def _describe_integers(low, high) -> str:
    if low is not None and high is not None:
        return f"an integer from {low} to {high}"
    if low is not None:
        return f"an integer >= {low}"
    if high is not None:
        return f"an integer <= {high}"
    return "an integer"


def seed(value, name: str = "seed"):
    """A seed for ``numpy.random.default_rng``: ``None`` (fresh randomness) or an integer >= 0."""
    if value is None:
        return None
    return integer(name, value, low=0)


def one_of(name: str, value, options) -> object:
    """One of a few allowed values (a function's name, a scheme, a loss)."""
    options = tuple(options)
    try:
        allowed = value in options
    except TypeError:  # an unhashable value cannot be one of them
        allowed = False
    if not allowed:
        raise _fail(ValueError, name, value, f"one of {options}")
    return value


def callable_(name: str, value) -> object:
    """A function (anything that can be called)."""
    if not callable(value):
        raise _fail(TypeError, name, value, "a function")
    return value


def flag(name: str, value) -> bool:
    """A yes/no switch: ``True`` or ``False`` (a numpy bool too), never a number or a string."""
    if not isinstance(value, (bool, np.bool_)):
        raise _fail(TypeError, name, value, "True or False")
    return bool(value)


def array(name: str, value, *, ndim: int | None = None, last_axis: int | None = None,
          min_size: int = 0) -> np.ndarray:
    """A float64 copy of ``value``; NaN and inf are allowed (see :func:`finite_array`).

    ``ndim`` fixes the number of axes, ``last_axis`` the length of the last one (2 for points in
    the plane), ``min_size`` the least number of entries.
    """
    if value is None or isinstance(value, (str, bytes, bool)):
        raise _fail(TypeError, name, value, "a number or an array of numbers")
    try:
        result = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _fail(TypeError, name, value, "a number or an array of numbers") from None
    if ndim is not None and result.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} axes, got shape {result.shape}")
    if last_axis is not None and (result.ndim == 0 or result.shape[-1] != last_axis):
        raise ValueError(
            f"{name} must hold {last_axis} numbers on its last axis, got shape {result.shape}"
        )
    if result.size < min_size:
        raise ValueError(
            f"{name} must hold at least {min_size} number{'s' if min_size != 1 else ''}, "
            f"got shape {result.shape}"
        )
    return result


def finite_array(name: str, value, *, ndim: int | None = None, last_axis: int | None = None,
                 min_size: int = 0) -> np.ndarray:
    """A float64 copy of ``value`` whose entries are all finite (shape rules as :func:`array`)."""
    result = array(name, value, ndim=ndim, last_axis=last_axis, min_size=min_size)
    if not np.all(np.isfinite(result)):
        raise _fail(ValueError, name, value,
                    "a number or an array of numbers, all finite (no NaN or inf)")
    return result
