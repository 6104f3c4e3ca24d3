"""Argument checks, one rule per kind, shared by every public function and explorer.

Each check returns the value in the form the caller computes with (a ``float``, an ``int``, a
float64 array) or raises with a message that names the argument, shows its ``repr`` and says
what is allowed:

* ``TypeError`` when the type itself is wrong, as Python does: a string, ``None`` or ``True``
  where a number is expected, ``3.0`` where an integer is expected (``range(3.0)`` refuses it
  too);
* ``ValueError`` when the type is right but the value is not: a negative learning rate, NaN, a
  batch size larger than the data, an array of the wrong shape, an empty list, a missing file.

Checks that relate two arguments (y has one entry per row of X) stay with the function that
needs them; every rule about one argument lives here.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from pathlib import Path

import numpy as np

__all__ = [
    "LIMITS",
    "array",
    "callable_",
    "dtype",
    "extent",
    "finite_array",
    "flag",
    "integer",
    "interval",
    "kept",
    "mapping",
    "momentum",
    "nonnegative",
    "number",
    "objective",
    "one_of",
    "path",
    "positive",
    "probability",
    "real",
    "returned",
    "seed",
    "sequence",
    "shown",
    "text",
]


# The stated upper limits: no call of the course may compute or allocate without bound. Each is
# far above anything a lecture uses and small enough that the largest call finishes on a laptop
# (seconds to a minute) instead of running for ever or filling the memory.
LIMITS = {
    "steps": 1_000_000,         # descent steps, updates: one iterate each in the path
    "train_steps": 100_000,     # training steps of a network (each a forward and a backward pass)
    "epochs": 100_000,          # passes over the data
    "rows": 10_000_000,         # rows of data made in memory
    "disk_rows": 1_000_000_000,  # rows written to a file on disk
    "width": 4096,              # units in one layer, features of the data
    "layers": 100,              # layers of a network
    "grid": 2000,               # points on each side of a grid of starts
    "starts": 1_000_000,        # starting points run side by side
    "kept": 100_000_000,        # numbers a result keeps (every iterate of a path: 800 MB)
    "magnitude": 1_000_000,     # size of a made-up value (noise, true weights, a graph's inputs),
                                # so the numbers made from it stay far from float64's overflow
}


def shown(value) -> str:
    """The value's repr as a message quotes it ("got ..."), cut short so a huge array does not
    flood the message; every module's own checks quote values through this."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _fail(kind: type[Exception], name: str, value, allowed: str) -> Exception:
    return kind(f"{name} must be {allowed}, got {shown(value)}")


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


def returned(name: str, value, shape: tuple, like: str) -> np.ndarray:
    """What a function handed in as ``name`` returned: numbers shaped ``shape``, like ``like``.

    ``grad(x)`` must give one number per coordinate of x. ``None`` (a body that forgot
    ``return``) or text is a ``TypeError``, a wrong shape a ``ValueError``; both name the
    function, so a student's mistake is never blamed on the learning rate. NaN and inf pass:
    the caller decides whether they mean divergence.
    """
    if shape == ():
        allowed = f"a function that returns one number, as {like} is one number"
    else:
        allowed = f"a function that returns an array of shape {shape}, the shape of {like}"
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be {allowed}, got one that returned {shown(value)}")
    try:
        result = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be {allowed}, got one that returned {shown(value)}") from None
    if result.shape != shape:
        raise ValueError(f"{name} must be {allowed}, got one that returned shape {result.shape}")
    return result


def kept(name: str, value: int, per_item: int, items: str) -> int:
    """``value`` items (``items``, e.g. "iterates") of ``per_item`` numbers each, all kept in a
    result, stay within ``LIMITS["kept"]`` numbers; else a ``ValueError`` on ``name``."""
    most = max(LIMITS["kept"] // max(per_item, 1), 0)
    if value > most:
        raise ValueError(
            f"{name} must keep at most {LIMITS['kept']:,} numbers ({most:,} {items} of "
            f"{per_item:,} numbers each), got {shown(value)}"
        )
    return value


def flag(name: str, value) -> bool:
    """A yes/no switch: ``True`` or ``False`` (a numpy bool too), never a number or a string."""
    if not isinstance(value, (bool, np.bool_)):
        raise _fail(TypeError, name, value, "True or False")
    return bool(value)


def array(name: str, value, *, ndim: int | None = None, min_ndim: int = 0,
          last_axis: int | None = None, min_size: int = 0, layout: str | None = None,
          copy: bool = True) -> np.ndarray:
    """A float64 copy of ``value``; NaN and inf are allowed (see :func:`finite_array`).

    ``ndim`` fixes the number of axes, ``min_ndim`` the least number, ``last_axis`` the length
    of the last one (2 for points in the plane), ``min_size`` the least number of entries.
    ``layout`` says in the caller's words what a right shape is, as the words after "must" (e.g.
    ``"be 2-D (n_samples, n_features)"``); it replaces the generic wording of a shape error.
    ``copy=False`` returns ``value`` itself when it already is a float64 array (for checks
    inside hot loops, which never write to it).
    """
    result = _floats(name, value, copy)
    _shape(name, result, ndim, min_ndim, last_axis, min_size, layout)
    return result


def finite_array(name: str, value, *, ndim: int | None = None, min_ndim: int = 0,
                 last_axis: int | None = None, min_size: int = 0,
                 layout: str | None = None) -> np.ndarray:
    """A float64 copy of ``value`` whose entries are all finite (shape rules as :func:`array`).

    NaN or inf is reported before a wrong shape: ``nan`` is a bad number before a bad shape.
    """
    result = _floats(name, value, True)
    if not np.isfinite(result).all():
        raise _fail(ValueError, name, value,
                    "a number or an array of numbers, all finite (no NaN or inf)")
    _shape(name, result, ndim, min_ndim, last_axis, min_size, layout)
    return result


def _floats(name: str, value, copy: bool) -> np.ndarray:
    if value is None or isinstance(value, (str, bytes, bool)):
        raise _fail(TypeError, name, value, "a number or an array of numbers")
    try:
        return (np.array if copy else np.asarray)(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _fail(TypeError, name, value, "a number or an array of numbers") from None


def _shape(name, result, ndim, min_ndim, last_axis, min_size, layout) -> None:
    problem = None
    if ndim is not None and result.ndim != ndim:
        problem = f"have {ndim} axes"
    elif result.ndim < min_ndim:
        problem = f"have at least {min_ndim} ax{'es' if min_ndim != 1 else 'is'}"
    elif last_axis is not None and (result.ndim == 0 or result.shape[-1] != last_axis):
        problem = f"hold {last_axis} numbers on its last axis"
    elif result.size < min_size:
        problem = f"hold at least {min_size} number{'s' if min_size != 1 else ''}"
    if problem is not None:
        raise ValueError(f"{name} must {layout or problem}, got shape {result.shape}")


def sequence(name: str, value, min_len: int = 0, *, allowed: str | None = None,
             arrays: bool = False):
    """An ordered collection of at least ``min_len`` items, returned as it is (never copied).

    A list, a tuple or a range; with ``arrays=True`` also a numpy array with at least one axis
    (a memmap stays a memmap, on disk). Strings and bytes are refused although Python counts
    them as sequences, and so are sets and dicts (no order), generators (no length), ``None``
    and numbers. ``allowed`` replaces the description in the message (e.g. "a non-empty list
    of (W, b) pairs").
    """
    if allowed is None:
        kinds = "list, tuple or array" if arrays else "list or tuple"
        if min_len == 0:
            allowed = f"a {kinds}"
        elif min_len == 1:
            allowed = f"a non-empty {kinds}"
        else:
            allowed = f"a {kinds} of at least {min_len} items"
    if isinstance(value, np.ndarray):
        ordered = arrays and value.ndim >= 1
    else:
        ordered = isinstance(value, Sequence) and not isinstance(value, (str, bytes, bytearray))
    if not ordered:
        raise _fail(TypeError, name, value, allowed)
    if len(value) < min_len:
        raise _fail(ValueError, name, value, allowed)
    return value


def path(name: str, value, *, exists: bool = False) -> Path:
    """A file path (a ``str`` or an ``os.PathLike`` such as ``pathlib.Path``) as a ``Path``.

    The empty string is refused (it would mean the current directory); ``exists=True`` also
    asks for an existing file (not a directory).
    """
    allowed = "a file path (a str or a pathlib.Path)"
    if not isinstance(value, (str, os.PathLike)):
        raise _fail(TypeError, name, value, allowed)
    try:
        result = Path(value)
    except TypeError:  # an os.PathLike that gives bytes
        raise _fail(TypeError, name, value, allowed) from None
    if isinstance(value, str) and not value:
        raise _fail(ValueError, name, value, allowed)
    if exists and not result.is_file():
        raise ValueError(
            f"{name} must be an existing file, got {str(result)!r}, which does not exist or is "
            "not a file"
        )
    return result


def dtype(name: str, value, options=None) -> np.dtype:
    """A numpy dtype (``np.float32``, ``"float64"``, a ``np.dtype``), one of ``options`` if given.

    ``None`` is refused, although ``np.dtype(None)`` quietly means float64.
    """
    if options is not None:
        options = tuple(np.dtype(option) for option in options)
        names = [option.name for option in options]
        allowed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    else:
        allowed = "a numpy dtype (e.g. float64)"
    if value is None:
        raise _fail(TypeError, name, value, allowed)
    try:
        with warnings.catch_warnings():  # numpy warns about old aliases such as "a"
            warnings.simplefilter("error", DeprecationWarning)
            result = np.dtype(value)
    except (TypeError, ValueError, DeprecationWarning):
        raise _fail(TypeError, name, value, allowed) from None
    if options is not None and result not in options:
        raise _fail(ValueError, name, value, allowed)
    return result


def interval(name: str, value) -> tuple[float, float]:
    """A range on one axis, ``(low, high)``: two finite numbers, low below high."""
    return _ranges(name, value, "2 finite numbers (low, high), low < high")


def extent(name: str, value) -> tuple[float, float, float, float]:
    """A rectangle in the plane, flat as ``imshow`` takes it: ``(x_low, x_high, y_low, y_high)``,
    four finite numbers with each low end below its high end."""
    return _ranges(name, value, "4 finite numbers (x_low, x_high, y_low, y_high), "
                                "x_low < x_high and y_low < y_high", axes=2)


def _ranges(name: str, value, allowed: str, axes: int = 1) -> tuple:
    """``axes`` ranges ``(low, high)`` one after the other, as a flat tuple of floats."""
    if value is None or isinstance(value, (str, bytes, bool)):
        raise _fail(TypeError, name, value, allowed)
    try:
        result = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise _fail(TypeError, name, value, allowed) from None
    if result.shape != (2 * axes,) or not np.all(np.isfinite(result)):
        raise _fail(ValueError, name, value, allowed)
    if not np.all(result[0::2] < result[1::2]):
        raise _fail(ValueError, name, value, allowed)
    return tuple(float(v) for v in result)


def mapping(name: str, value, what: str = "a name to a result") -> dict:
    """A dict (any mapping) with at least one entry; ``what`` says what it maps (for the
    message), e.g. "a name to a result"."""
    allowed = f"a dict that maps {what}, with at least one entry"
    if not isinstance(value, Mapping):
        raise _fail(TypeError, name, value, allowed)
    if not value:
        raise _fail(ValueError, name, value, allowed)
    return value


def objective(name: str, value, dims: int | None = None):
    """An objective of :mod:`helpers.functions`: a 1-D one (``dims=1``), a 2-D one (``dims=2``)
    or either (``None``), returned as it is.

    Anything else is a ``TypeError``, a 1-D objective where a 2-D one belongs too: its ``f``,
    ``grad``, ``domain`` and ``minima`` have the wrong shapes, and would fail later with a
    message about something else.
    """
    from .functions import Objective1D, Objective2D  # here, not at the top: functions imports us

    kinds = {1: (Objective1D,), 2: (Objective2D,), None: (Objective1D, Objective2D)}
    examples = {1: "a 1-D objective of helpers.functions (e.g. functions.quartic())",
                2: "a 2-D objective of helpers.functions (e.g. functions.trap())",
                None: "an objective of helpers.functions (e.g. functions.quartic())"}
    one_of("dims", dims, (1, 2, None))
    if not isinstance(value, kinds[dims]):
        raise _fail(TypeError, name, value, examples[dims])
    return value


def real(name: str, value) -> float:
    """A real number, NaN and inf included: a value to show as it is (a loss that overflowed is
    printed as "inf"). Types are checked as :func:`number` checks them."""
    value = _scalar(value, "iuf")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise _fail(TypeError, name, value, "a real number")
    try:
        return float(value)
    except OverflowError:  # an int beyond float64's range
        raise _fail(ValueError, name, value, "a real number within float64's range") from None


def text(name: str, value) -> str:
    """A non-empty ``str`` (a word to print, the name of an argument for a message)."""
    if not isinstance(value, str):
        raise _fail(TypeError, name, value, "a non-empty str")
    if not value:
        raise _fail(ValueError, name, value, "a non-empty str")
    return value
