"""Objectives with exact derivatives, vectorized over numpy arrays.

A 1-D objective takes any array of x values and returns arrays of the same shape. A 2-D objective
takes points on the last axis (a point of shape ``(2,)`` or a grid of shape ``(..., 2)``) and
returns ``f`` of shape ``(...)`` and ``grad`` of shape ``(..., 2)``, so a whole grid of starts can
descend at once.

Every objective knows its plotting ``domain`` and its known ``minima`` (local and global), so
lectures and tests can say "you reached this minimum" without solving anything numerically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import checks

__all__ = [
    "CONDITION_RANGE",
    "DELTA_MAX",
    "HIMMELBLAU_MINIMA",
    "ONE_D",
    "SHARPNESS_RANGE",
    "Objective1D",
    "Objective2D",
    "absolute",
    "bowl",
    "cubic",
    "elongated_bowl",
    "himmelblau",
    "huber",
    "log1p_exp",
    "parabola",
    "quartic",
    "relu",
    "sigmoid",
    "smooth_absolute",
    "softplus",
    "trap",
]


# The stated ranges of the shape parameters. The lectures use sharpness 1 to 100 (the kinks
# explorer's slider), delta 0.01 to 1 and condition 1 to 25; the limits sit far beyond that, and
# inside them every value of f and grad over the domain is finite and accurate. Below a sharpness
# of 0.01 the smooth |x| would be a difference of two nearly equal logarithms divided by a tiny
# number (rounding noise), and log(2) / b overflows for b below about 1e-308.
SHARPNESS_RANGE = (0.01, 1000.0)
DELTA_MAX = 100.0  # Huber: beyond the domain's edge (2) it is the parabola x^2 / 2 all the way
CONDITION_RANGE = (1.0, 1e4)  # the elongated bowl: c below 1 would just swap the two axes


def _sharpness(value) -> float:
    low, high = SHARPNESS_RANGE
    return checks.number("sharpness", value, low=low, high=high)


@dataclass(frozen=True)
class Objective1D:
    """A function of one variable with its exact derivative."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    domain: tuple[float, float]
    minima: tuple[float, ...]
    latex: str
    global_minimum: float | None = None
    smooth: bool = True

    def __repr__(self) -> str:
        return f"Objective1D({self.name!r}: f(x) = {self.latex})"


@dataclass(frozen=True)
class Objective2D:
    """A function of a point ``(x, y)`` with its exact gradient."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    domain: tuple[tuple[float, float], tuple[float, float]]
    minima: np.ndarray = field(repr=False)
    latex: str
    global_minimum: np.ndarray | None = field(default=None, repr=False)
    lipschitz: float | None = None

    def __repr__(self) -> str:
        return f"Objective2D({self.name!r}: f(x, y) = {self.latex})"

    def nearest_minimum(self, points: np.ndarray) -> np.ndarray:
        """Index of the known minimum nearest to each point (shape ``(...)``)."""
        points = np.asarray(points, dtype=float)
        distances = np.linalg.norm(points[..., None, :] - self.minima, axis=-1)
        return np.argmin(distances, axis=-1)


def _as_float(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _points(p, of: str) -> np.ndarray:
    """``p`` as float64 points on the last axis (not copied: every step of a descent calls this).

    ``of`` names the objective, as "a point of {of}" in the message: the objective cannot know
    the name of the caller's argument, e.g. ``gradient_descent(bowl().grad, -1, 0.1)`` says "a
    point of the round bowl must have 2 coordinates (x, y) on its last axis, got shape ()".
    """
    if type(p) is np.ndarray and p.dtype == np.float64 and p.shape[-1:] == (2,):
        return p  # the hot path: a descent's own iterate, already right
    return checks.array(f"a point of {of}", p, last_axis=2, copy=False,
                        layout="have 2 coordinates (x, y) on its last axis")


def _coordinates(p, of: str) -> tuple[np.ndarray, np.ndarray]:
    """The x and the y of every point of ``p`` (views, not copies)."""
    points = _points(p, of)
    return points[..., 0], points[..., 1]


def _stack(dx, dy) -> np.ndarray:
    if np.ndim(dx) == 0 and np.ndim(dy) == 0:
        return np.array([dx, dy], dtype=np.float64)  # one point: a descent's step, kept cheap
    return np.stack([dx, dy], axis=-1)


# ---------------------------------------------------------------- 1-D: smooth


def cubic() -> Objective1D:
    """x^3 - 3x: a local minimum at 1, a local maximum at -1, no global minimum."""
    return Objective1D(
        name="cubic",
        f=lambda x: _as_float(x) ** 3 - 3.0 * _as_float(x),
        grad=lambda x: 3.0 * _as_float(x) ** 2 - 3.0,
        domain=(-2.5, 2.5),
        minima=(1.0,),
        latex=r"x^3 - 3x",
    )


def quartic() -> Objective1D:
    """x^4/4 + x^3/3 - x^2: global minimum at -2, local minimum at 1, maximum at 0."""
    # f'(x) = x^3 + x^2 - 2x = x (x - 1) (x + 2): minima at -2 (global) and 1 (local).
    return Objective1D(
        name="quartic",
        f=lambda x: _as_float(x) ** 4 / 4 + _as_float(x) ** 3 / 3 - _as_float(x) ** 2,
        grad=lambda x: _as_float(x) ** 3 + _as_float(x) ** 2 - 2.0 * _as_float(x),
        domain=(-3.0, 2.2),
        minima=(-2.0, 1.0),
        global_minimum=-2.0,
        latex=r"\frac{x^4}{4} + \frac{x^3}{3} - x^2",
    )


def parabola() -> Objective1D:
    """x^2, the simplest bowl (its derivative 2x is Lipschitz with L = 2)."""
    return Objective1D(
        name="parabola",
        f=lambda x: _as_float(x) ** 2,
        grad=lambda x: 2.0 * _as_float(x),
        domain=(-2.0, 2.0),
        minima=(0.0,),
        global_minimum=0.0,
        latex=r"x^2",
    )


# ---------------------------------------------------------- 1-D: kinks and stand-ins


def _elementwise(z) -> np.ndarray:
    """``z`` as float64 for an elementwise function (not copied: hot loops call these).

    Like a numpy ufunc it takes any number or array of numbers and gives NaN where z is NaN;
    ``None``, text and ``True`` are a ``TypeError`` (numpy would turn them into NaN or 1).
    """
    if type(z) is np.ndarray and z.dtype == np.float64:
        return z  # the hot path: already right
    return checks.array("z", z, copy=False)


def log1p_exp(z) -> np.ndarray:
    """The softplus function log(1 + e^z), without overflow for large |z|.

    Elementwise like a numpy ufunc: +inf gives inf, -inf gives 0, NaN gives NaN (quietly, as
    ``np.exp`` does). (:func:`softplus` is the objective built from it.)
    """
    z = _elementwise(z)
    with np.errstate(invalid="ignore"):  # np.logaddexp warns on NaN; NaN out is the answer
        return np.logaddexp(0.0, z)


def sigmoid(z) -> np.ndarray:
    """1 / (1 + e^-z), the derivative of :func:`log1p_exp`, without overflow: exp is only ever
    taken of -|z| <= 0.

    Elementwise like a numpy ufunc: +inf gives 1, -inf gives 0, NaN gives NaN.
    """
    z = _elementwise(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def absolute() -> Objective1D:
    """|x|: a kink at its minimum, where the derivative does not exist.

    ``grad`` returns ``sign(x)`` (0 at exactly 0), one valid subgradient.
    """
    return Objective1D(
        name="absolute",
        f=lambda x: np.abs(_as_float(x)),
        grad=lambda x: np.sign(_as_float(x)),
        domain=(-2.0, 2.0),
        minima=(0.0,),
        global_minimum=0.0,
        latex=r"|x|",
        smooth=False,
    )


def relu() -> Objective1D:
    """max(0, x), the kink inside every ReLU network; derivative at 0 taken as 0."""
    return Objective1D(
        name="relu",
        f=lambda x: np.maximum(_as_float(x), 0.0),
        grad=lambda x: (_as_float(x) > 0).astype(float),
        domain=(-2.0, 2.0),
        minima=(),
        latex=r"\max(0, x)",
        smooth=False,
    )


def softplus(sharpness: float = 1.0) -> Objective1D:
    """The smooth stand-in for ReLU: log(1 + e^{b x}) / b, which tends to max(0, x) as b grows.

    The sharpness b must lie in ``SHARPNESS_RANGE``, 0.01 to 1000.
    """
    b = _sharpness(sharpness)
    return Objective1D(
        name=f"softplus (sharpness {b:g})",
        f=lambda x: log1p_exp(b * _as_float(x)) / b,
        grad=lambda x: sigmoid(b * _as_float(x)),
        domain=(-2.0, 2.0),
        minima=(),
        latex=rf"\frac{{1}}{{{b:g}}}\log\left(1 + e^{{{b:g}x}}\right)",
    )


def smooth_absolute(sharpness: float = 1.0) -> Objective1D:
    """A smooth |x| built from two softplus curves, equal to 0 at 0.

    f(x) = (softplus(b x) + softplus(-b x) - 2 log 2) / b, f'(x) = tanh(b x / 2).
    It tends to |x| as the sharpness b grows (the gap is at most 2 log(2) / b). The sharpness
    must lie in ``SHARPNESS_RANGE``, 0.01 to 1000.
    """
    b = _sharpness(sharpness)
    log4 = 2.0 * np.log(2.0)
    return Objective1D(
        name=f"smooth |x| (sharpness {b:g})",
        f=lambda x: (log1p_exp(b * _as_float(x)) + log1p_exp(-b * _as_float(x)) - log4) / b,
        grad=lambda x: np.tanh(b * _as_float(x) / 2.0),
        domain=(-2.0, 2.0),
        minima=(0.0,),
        global_minimum=0.0,
        latex=(rf"\frac{{1}}{{{b:g}}}\left[\log(1+e^{{{b:g}x}}) + "
               rf"\log(1+e^{{-{b:g}x}}) - 2\log 2\right]"),
    )


def huber(delta: float = 0.5) -> Objective1D:
    """The Huber function: x^2 / 2 near 0 (|x| <= delta), delta (|x| - delta / 2) outside.

    It equals |x| up to a shift far from 0 but has a continuous derivative everywhere. delta
    must be positive and at most ``DELTA_MAX`` (100).
    """
    d = checks.number("delta", delta, low=0.0, high=DELTA_MAX, low_open=True)

    def f(x):
        a = np.abs(_as_float(x))
        return np.where(a <= d, 0.5 * a**2, d * (a - 0.5 * d))

    return Objective1D(
        name=f"huber (delta {d:g})",
        f=f,
        grad=lambda x: np.clip(_as_float(x), -d, d),
        domain=(-2.0, 2.0),
        minima=(0.0,),
        global_minimum=0.0,
        latex=(rf"\begin{{cases}} x^2/2 & |x| \le {d:g} \\ "
               rf"{d:g}(|x| - {d:g}/2) & \text{{else}}\end{{cases}}"),
    )


# ---------------------------------------------------------------- 2-D


def bowl() -> Objective2D:
    """The round bowl x^2 + y^2: every gradient points straight at the minimum."""
    return Objective2D(
        name="round bowl",
        f=lambda p: np.sum(_points(p, "the round bowl") ** 2, axis=-1),
        grad=lambda p: 2.0 * _points(p, "the round bowl"),
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=np.array([[0.0, 0.0]]),
        global_minimum=np.array([0.0, 0.0]),
        lipschitz=2.0,
        latex=r"x^2 + y^2",
    )


def elongated_bowl(condition: float = 10.0) -> Objective2D:
    """(x^2 + c y^2) / 2: curvature 1 along x and c along y, so the condition number is c.

    The gradient is Lipschitz with constant L = c (as c >= 1): plain descent is stable for
    learning rates below 2 / L and zig-zags across the narrow direction as it nears that bound.
    The condition c must lie in ``CONDITION_RANGE``, 1 to 10^4 (below 1 the narrow direction
    would be x instead of y, the same bowl turned).
    """
    low, high = CONDITION_RANGE
    c = checks.number("condition", condition, low=low, high=high)
    scale = np.array([1.0, c])
    return Objective2D(
        name="elongated bowl",
        f=lambda p: 0.5 * np.sum(scale * _points(p, "the elongated bowl") ** 2, axis=-1),
        grad=lambda p: scale * _points(p, "the elongated bowl"),
        domain=((-2.0, 2.0), (-2.0, 2.0)),
        minima=np.array([[0.0, 0.0]]),
        global_minimum=np.array([0.0, 0.0]),
        lipschitz=c,
        latex=rf"\frac{{1}}{{2}}\left(x^2 + {c:g}\,y^2\right)",
    )


# Himmelblau's four minima, refined by Newton's method to float64 precision.
HIMMELBLAU_MINIMA = np.array(
    [
        [3.0, 2.0],
        [-2.805118086952745, 3.131312518250573],
        [-3.779310253377747, -3.283185991286170],
        [3.584428340330492, -1.848126526964404],
    ]
)


def himmelblau() -> Objective2D:
    """Himmelblau's function (x^2 + y - 11)^2 + (x + y^2 - 7)^2: four minima, all with f = 0."""

    def f(p):
        x, y = _coordinates(p, "Himmelblau's function")
        return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2

    def grad(p):
        x, y = _coordinates(p, "Himmelblau's function")
        a = x**2 + y - 11.0
        b = x + y**2 - 7.0
        return _stack(4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b)

    return Objective2D(
        name="Himmelblau function",
        f=f,
        grad=grad,
        domain=((-5.0, 5.0), (-5.0, 5.0)),
        minima=HIMMELBLAU_MINIMA.copy(),
        latex=r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    )


def trap() -> Objective2D:
    """The slides' trap in 2-D: the quartic along x, a parabola along y.

    f(x, y) = x^4/4 + x^3/3 - x^2 + y^2. The global minimum C* = (-2, 0) has f = -8/3; the local
    minimum C = (1, 0) has f = -5/12; a saddle at (0, 0) separates their basins.
    """
    q = quartic()

    def f(p):
        x, y = _coordinates(p, "the trap")
        return q.f(x) + y**2

    def grad(p):
        x, y = _coordinates(p, "the trap")
        return _stack(q.grad(x), 2.0 * y)

    return Objective2D(
        name="trap",
        f=f,
        grad=grad,
        domain=((-3.0, 2.2), (-2.0, 2.0)),
        minima=np.array([[-2.0, 0.0], [1.0, 0.0]]),
        global_minimum=np.array([-2.0, 0.0]),
        latex=r"\frac{x^4}{4} + \frac{x^3}{3} - x^2 + y^2",
    )


# The functions the 1-D explorer offers, by name.
ONE_D = {"cubic": cubic, "quartic": quartic}
