"""Geometry that static figures and live explorers both need, in numpy alone.

Grids over a domain, contour levels and contour segments, clipping a path to the view, extents,
packing line pieces into the equal-length rows one bqplot ``Lines`` mark takes, probability grids
of a network, snapshot lookup and tick values. Nothing here imports matplotlib or widgets, so
``helpers.plots`` (matplotlib) and ``helpers.widgets`` (bqplot) draw exactly the same lines.

Two conventions for a rectangle: an objective's ``domain`` is ``((x_low, x_high), (y_low,
y_high))``; an ``extent`` is the flat ``(x_low, x_high, y_low, y_high)`` that ``imshow`` takes.

Every argument is checked (:mod:`helpers.checks`), once and cheaply: the explorers call some of
these on every slider move. Points and data are refused when they hold NaN; infinity is allowed
where it has a meaning (a point far outside the view is clipped to its edge) and refused where
it would come back out. Counts have stated limits: ``checks.LIMITS["grid"]`` points on a side of
a grid, :data:`MAX_POINTS` along a line, :data:`MAX_LEVELS` contour levels, :data:`MAX_TICKS`.
"""

from __future__ import annotations

import math

import contourpy
import numpy as np

from . import checks

__all__ = [
    "DOTS_UP_TO",
    "GRID",
    "MANTISSAS",
    "boundary_lines",
    "clip_to_extent",
    "clip_to_view",
    "colour_levels",
    "colour_scale",
    "contour_levels",
    "contour_lines",
    "contour_segments",
    "curve_range",
    "data_extent",
    "descent_arrows",
    "domain_extent",
    "epoch_axis",
    "inside",
    "is_log_tick",
    "jumps_as_gaps",
    "log_ticks",
    "step_ticks",
    "loss_grid",
    "loss_levels",
    "nice_ticks",
    "objective_grid",
    "pack_lines",
    "pin_to_view",
    "probability_grid",
    "resample",
    "running_max",
    "same_as_earlier",
    "snapshot_index",
    "view_extent",
    "widened_range",
]

GRID = 160
# A path with more iterates than this is drawn as a line alone, in figures and explorers alike:
# hundreds of dots hide the map.
DOTS_UP_TO = 150
# A log axis ticks at m * 10**k for these leading digits m: 1, 2, 3, 5, 10, 20, 30, 50, ...
MANTISSAS = (1, 2, 3, 5)

# The stated limits of this module (the sides of grids are checks.LIMITS["grid"]): points along
# one curve or line piece, contour levels (or colour bands) of one map, ticks on one axis, and
# leading digits of a log axis. Each is far beyond what a figure can show.
MAX_POINTS = 1_000_000
MAX_LEVELS = 1_000
MAX_TICKS = 1_000
MAX_MANTISSAS = 100
# Round ticks are found for ranges this wide at least and at most: beyond them a spacing of
# 10**k underflows to 0 or overflows to inf.
SPAN = (1e-300, 1e300)


def _numbers(name: str, value, *, inf: bool = False, **shape) -> np.ndarray:
    """``value`` as a float64 array (not copied when it is one), shaped as ``shape`` says (the
    keywords of :func:`helpers.checks.array`), with no NaN, and no inf unless ``inf``."""
    values = checks.array(name, value, copy=False, **shape)
    bad = np.isnan(values) if inf else ~np.isfinite(values)
    if bad.any():
        kind = "no NaN" if inf else "no NaN or inf"
        raise ValueError(f"{name} must hold numbers only ({kind}), got {checks.shown(value)}")
    return values


def _points(name: str, value, *, inf: bool = False, empty: bool = False) -> np.ndarray:
    """2-D points, one ``(x, y)`` or an array of shape ``(k, 2)``, as a ``(k, 2)`` float64 array;
    ``empty`` allows no points at all (``()``, ``[]``)."""
    values = checks.array(name, value, copy=False)
    if empty and values.size == 0:
        return np.zeros((0, 2))
    if values.ndim == 0 or values.shape[-1] != 2:
        raise ValueError(f"{name} must be 2-D points, (x, y) or an array of shape (k, 2), got "
                         f"shape {values.shape}")
    return _numbers(name, values, inf=inf).reshape(-1, 2)


def _plane_data(X) -> np.ndarray:
    """The X of a linear regression whose loss is drawn over the plane of its two weights."""
    return checks.array("X", X, copy=False, ndim=2, last_axis=2,
                        layout="be 2-D with 2 columns (n_samples, 2): the loss is drawn over "
                               "the plane of the two weights (w0, w1)")


# ---------------------------------------------------------------- grids and extents


def domain_extent(domain) -> tuple[float, float, float, float]:
    """An objective's ``((x_low, x_high), (y_low, y_high))`` as a flat extent."""
    values = checks.array("domain", domain, copy=False)
    if values.shape != (2, 2) or not (np.isfinite(values).all()
                                      and np.all(values[:, 0] < values[:, 1])):
        raise ValueError("domain must be ((x_low, x_high), (y_low, y_high)), finite, each low "
                         f"below its high, got {checks.shown(domain)}")
    (x_low, x_high), (y_low, y_high) = values.tolist()
    return x_low, x_high, y_low, y_high


def objective_grid(objective, n: int = GRID):
    """``(X, Y, Z)``: an ``n`` x ``n`` meshgrid over the objective's domain and f on it (``n`` at
    most ``checks.LIMITS["grid"]``)."""
    objective = checks.objective("objective", objective, 2)
    n = checks.integer("n", n, 2, checks.LIMITS["grid"],
                       allowed=f"an integer >= 2 and at most {checks.LIMITS['grid']}")
    x_low, x_high, y_low, y_high = domain_extent(objective.domain)
    X, Y = np.meshgrid(np.linspace(x_low, x_high, n), np.linspace(y_low, y_high, n))
    return X, Y, objective.f(np.stack([X, Y], axis=-1))


def curve_range(objective, padding: float = 0.12, points: int = 400, *,
                over=None) -> tuple[float, float]:
    """The f range that shows a 1-D objective's whole curve over its domain (or the x range
    ``over``), with ``padding`` of its height for room above and below, from ``points`` samples
    (at most :data:`MAX_POINTS`)."""
    objective = checks.objective("objective", objective, 1)
    padding = checks.nonnegative("padding", padding)
    points = checks.integer("points", points, 2, MAX_POINTS)
    over = objective.domain if over is None else checks.interval("over", over)
    with np.errstate(over="ignore", invalid="ignore"):
        ys = objective.f(np.linspace(*over, points))
        low, high = float(ys.min()), float(ys.max())
        bottom, top = low - padding * (high - low), high + padding * (high - low)
    if not (np.isfinite(ys).all() and math.isfinite(bottom) and math.isfinite(top)):
        raise ValueError(f"over and padding must give a curve and a range within float64's "
                         f"range, got over={over}, padding={padding!r}")
    return bottom, top


def data_extent(X, margin: float = 0.3) -> tuple[float, float, float, float]:
    """The box around 2-D points, ``margin`` wider on each side."""
    X = checks.finite_array("X", X, ndim=2, last_axis=2, min_size=2)
    margin = checks.nonnegative("margin", margin)
    with np.errstate(over="ignore"):
        low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    if not (np.isfinite(low).all() and np.isfinite(high).all()):
        raise ValueError(f"margin must keep the box around X within float64's range, got "
                         f"{margin!r}")
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def view_extent(X, y, points=(), *, pad: float = 0.25) -> tuple[float, float, float, float]:
    """The ``(w0, w1)`` box of a linear regression's loss around its least-squares answer and
    the given points (starts, say): ``(w0, w1)`` points, one or an array of shape (k, 2), or
    none. ``pad`` is a share of the box's size added on each side."""
    from .data import least_squares

    pad = checks.nonnegative("pad", pad)
    best = least_squares(_plane_data(X), y)
    cloud = np.vstack([best[None, :], _points("points", points, empty=True)])
    with np.errstate(over="ignore", invalid="ignore"):
        low, high = cloud.min(axis=0), cloud.max(axis=0)
        span = np.maximum(high - low, 2.0)
        low, high = low - pad * span, high + pad * span
    if not (np.isfinite(low).all() and np.isfinite(high).all()):
        raise ValueError(f"points and pad must keep the box within float64's range, got pad="
                         f"{pad!r} and points {checks.shown(points)}")
    return float(low[0]), float(high[0]), float(low[1]), float(high[1])


def loss_grid(X, y, extent, points: int = 160):
    """A linear regression's mean squared error on a grid over ``extent``: ``(W0, W1, L)``,
    ``points`` on a side (at most ``checks.LIMITS["grid"]``)."""
    from .data.regression import WeightsOverflow, linear_mse

    X = _plane_data(X)
    extent = checks.extent("extent", extent)
    points = checks.integer("points", points, 2, checks.LIMITS["grid"])
    W0, W1 = np.meshgrid(np.linspace(extent[0], extent[1], points),
                         np.linspace(extent[2], extent[3], points))
    try:
        L = linear_mse(np.stack([W0, W1], axis=-1), X, y)
    except WeightsOverflow as refused:
        raise ValueError(  # the weights of the grid are the extent's
            f"extent must be small enough for the loss to stay within float64's range on it, "
            f"got {extent}") from refused
    return W0, W1, L


def probability_grid(params, extent, points: int = 60):
    """A network's P(class 1) on a ``points`` x ``points`` grid over ``extent``.

    Returns ``(xs, ys, P)`` with ``P[i, j]`` the probability at ``(xs[j], ys[i])``: rows run along
    y, as ``pcolormesh(xs, ys, P)`` and bqplot's ``HeatMap`` expect. A network whose weights
    overflowed gives 1/2 where its output is not a number. The network takes 2 inputs (a point
    of the plane); ``points`` is at most ``checks.LIMITS["grid"]``.
    """
    from .mlp import check_params, predict_proba

    params = check_params(params)
    if params[0][0].shape[0] != 2:
        raise ValueError(f"params must take 2 inputs (a point of the plane), got a first layer "
                         f"W of shape {params[0][0].shape}")
    x_low, x_high, y_low, y_high = checks.extent("extent", extent)
    points = checks.integer("points", points, 2, checks.LIMITS["grid"])
    xs = np.linspace(x_low, x_high, points)
    ys = np.linspace(y_low, y_high, points)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    with np.errstate(over="ignore", invalid="ignore"):
        P = predict_proba(params, grid).reshape(points, points)
    return xs, ys, np.nan_to_num(P, nan=0.5)


# ---------------------------------------------------------------- contours


def contour_levels(objective, count: int = 12, n: int = GRID) -> np.ndarray:
    """``count`` heights for an objective's contour lines: quantiles of f over the domain, denser
    near the bottom, so every map shows its valleys and its walls alike (``count`` at most
    :data:`MAX_LEVELS`)."""
    count = checks.integer("count", count, 1, MAX_LEVELS)
    _, _, Z = objective_grid(objective, n)
    q = np.linspace(0.0, 1.0, count + 2)[1:-1] ** 1.6
    return np.unique(np.round(np.quantile(Z, q), 12))


# A colour bar is drawn on a log scale when f is never negative and its contour levels span more
# than this factor (their lowest to the largest f): then a linear bar would squeeze every valley's
# colour into a sliver at its bottom.
LOG_SPAN = 100.0
# The bands of a map on a log scale: this many per factor of ten, over this many factors of ten
# below the power of ten at or above the largest f.
PER_DECADE = 4
DECADES = 4


def colour_levels(objective, per_decade: int = PER_DECADE, decades: int = DECADES,
                  n: int = GRID) -> np.ndarray:
    """The heights where a filled contour map changes colour (and draws its lines).

    A map whose colour bar is on a log scale (:func:`colour_scale`: f never negative, spanning
    more than ``LOG_SPAN``) gets bands evenly spaced on that scale: ``per_decade`` of them for
    every factor of ten, from ``decades`` factors of ten below the power of ten at or above the
    largest f, so the valley floors get as many colours as the high walls (a level closer than
    half a band to the largest f is left out: it would make a sliver). Any other map gets
    :func:`contour_levels`. The live explorers draw :func:`contour_levels`. At most
    :data:`MAX_LEVELS` bands in all (``per_decade`` times ``decades``).
    """
    per_decade = checks.integer("per_decade", per_decade, 1, MAX_LEVELS)
    most = MAX_LEVELS // per_decade
    decades = checks.integer("decades", decades, 1, most, allowed=(
        f"an integer from 1 to {most} (at most {MAX_LEVELS} bands in all, per_decade={per_decade}"
        " of them per decade)"))
    levels = contour_levels(objective, n=n)
    _, _, Z = objective_grid(objective, n)
    z_low, z_high = float(np.min(Z)), float(np.max(Z))
    if not (z_low >= 0 and z_high > LOG_SPAN * levels[0]):
        return levels
    top = math.ceil(math.log10(z_high))
    exponents = top - decades + np.arange(decades * per_decade) / per_decade
    log_levels = np.array([float(f"{10.0**e:.12g}") for e in exponents])
    keep = (log_levels > z_low) & (log_levels < z_high / 10 ** (0.5 / per_decade))
    return log_levels[keep]


# A linear colour bar's end moves out to a round tick this close to it (a share of the range).
SNAP = 0.05


def nice_ticks(low: float, high: float, most: int = 7) -> list[float]:
    """Round, evenly spaced ticks that cover ``[low, high]``: the first at or below ``low``, the
    last at or above ``high``, spaced 1, 2, 2.5 or 5 times a power of ten, at most ``most``.

    ``high - low`` must lie within :data:`SPAN` (1e-300 to 1e300)."""
    low = checks.number("low", low)
    high = checks.number("high", high, low=low, low_open=True,
                         allowed=f"a finite number above low ({low:g})")
    most = checks.integer("most", most, 2)
    if not SPAN[0] <= high - low <= SPAN[1]:
        raise ValueError(f"low and high must be {SPAN[0]:g} to {SPAN[1]:g} apart for round "
                         f"ticks, got low={low!r} and high={high!r}")
    for exponent in range(math.floor(math.log10(high - low)) - 1, 400):
        for mantissa in (1.0, 2.0, 2.5, 5.0):
            spacing = mantissa * 10.0**exponent
            first, last = math.floor(low / spacing), math.ceil(high / spacing)
            if last - first + 1 <= most:
                return [float(f"{k * spacing:.12g}") for k in range(first, last + 1)]
    raise AssertionError("unreachable: a spacing wider than the range always fits")


def colour_scale(Z, levels) -> dict:
    """How a filled contour map colours heights ``Z`` banded at ``levels``, and its colour bar.

    Returns ``{"log": bool, "bounds": band edges, "ticks": bar ticks, "under": bool}``.

    Linear: the bands run from the lowest f to the highest (each end moved out to a round value
    when one is near), and the bar ticks at round, evenly spaced values (:func:`nice_ticks`).

    Log (f never negative and the levels spanning more than ``LOG_SPAN``): the bands run from the
    power of ten at or below the lowest level up to the highest f (or the power of ten above it,
    when that is less than twice as high), the bar ticks at every power of ten between, and
    ``under`` says that some f lies below the first band (a bar shows it as a pointed end).

    Either way the bar covers every height drawn. ``Z`` may hold NaN where there is no height
    (it is not drawn), but at least one height, and none beyond ``SPAN[1]`` (1e300) in size.
    """
    Z = _numbers("Z", Z, inf=True, min_size=1)
    levels = checks.finite_array("levels", levels, ndim=1, min_size=1)
    drawn = ~np.isnan(Z)
    if not drawn.any() or np.abs(Z[drawn]).max() > SPAN[1]:
        raise ValueError(f"Z must hold at least one height, each of size at most {SPAN[1]:g} "
                         f"(NaN where there is none), got {checks.shown(Z)}")
    z_low, z_high = float(np.min(Z[drawn])), float(np.max(Z[drawn]))
    levels = levels[(levels > z_low) & (levels < z_high)]
    if z_low >= 0 and len(levels) and z_high > LOG_SPAN * levels[0]:
        # (a level below 1e-300 gets a bar from 1e-300: 10 ** -324 is 0)
        bottom = 10.0 ** max(math.floor(math.log10(levels[0])), -300)
        top = 10.0 ** math.ceil(math.log10(z_high))
        top = top if top < 2 * z_high else z_high
        ticks = [float(f"{10.0**e:.12g}")
                 for e in range(round(math.log10(bottom)), math.floor(math.log10(top)) + 1)]
        bounds = np.unique(np.concatenate([[bottom], levels, [top]]))
        return {"log": True, "bounds": bounds, "ticks": ticks, "under": z_low < bottom}
    if z_high - z_low < SPAN[0]:  # a flat map: 1 above and below (more if 1 would be lost)
        room = max(1.0, abs(z_low) * 1e-9)
        z_low, z_high = z_low - room, z_high + room
    ticks = nice_ticks(z_low, z_high)
    # The bar ends at the lowest and highest f, or at the round tick just past it when that is
    # close (within SNAP of the range), so that both ends are labelled where they can be.
    near = SNAP * (z_high - z_low)
    low = ticks[0] if z_low - ticks[0] <= near else z_low
    high = ticks[-1] if ticks[-1] - z_high <= near else z_high
    ticks = [t for t in ticks if low <= t <= high]
    bounds = np.unique(np.concatenate([[low], levels, [high]]))
    return {"log": False, "bounds": bounds, "ticks": ticks, "under": False}


def loss_levels(L: np.ndarray, count: int = 12) -> np.ndarray:
    """``count`` heights for a loss surface's contour lines, packed geometrically towards its
    minimum, where the interesting motion happens (``count`` at most :data:`MAX_LEVELS`)."""
    L = _numbers("L", L, min_size=1)
    count = checks.integer("count", count, 1, MAX_LEVELS)
    low, high = float(np.min(L)), float(np.max(L))
    if not math.isfinite(high - low):
        raise ValueError(f"L must span a range within float64's range, got heights from "
                         f"{low:g} to {high:g}")
    return low + (high - low) * np.geomspace(2e-3, 0.6, count)


def contour_segments(X, Y, Z, levels) -> list[tuple[float, list[np.ndarray]]]:
    """For each level, the pieces of its contour line (arrays of shape ``(k, 2)``, k > 1).

    ``Z`` is a finite grid of heights, at least 2 x 2; ``X`` and ``Y`` its coordinates, either
    of its shape or 1-D (one per column, one per row); ``levels`` at most :data:`MAX_LEVELS`.
    """
    Z, X, Y = _grid(X, Y, Z, ("X", "Y", "Z"))
    levels = _numbers("levels", levels, ndim=1)
    if len(levels) > MAX_LEVELS:
        raise ValueError(f"levels must hold at most {MAX_LEVELS} heights, got {len(levels)}")
    generator = contourpy.contour_generator(X, Y, Z)
    return [
        (float(level), [np.asarray(s) for s in generator.lines(level) if len(s) > 1])
        for level in levels
    ]


def _grid(x, y, z, names) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A finite grid ``z`` (at least 2 x 2) and its coordinates ``x`` and ``y``, each of its
    shape or 1-D (one per column, one per row), checked: ``(z, x, y)``."""
    x_name, y_name, z_name = names
    z = _numbers(z_name, z, ndim=2, layout="be 2-D (a grid of rows and columns)")
    if min(z.shape) < 2:
        raise ValueError(f"{z_name} must be a grid of at least 2 x 2, got shape {z.shape}")
    coordinates = []
    for name, value, length in ((x_name, x, z.shape[1]), (y_name, y, z.shape[0])):
        values = _numbers(name, value)
        if values.shape not in (z.shape, (length,)):
            raise ValueError(f"{name} must have {z_name}'s shape {z.shape} or be 1-D with "
                             f"{length} entries, got shape {values.shape}")
        coordinates.append(values)
    if coordinates[0].ndim != coordinates[1].ndim:
        raise ValueError(f"{x_name} and {y_name} must both be 1-D or both of {z_name}'s shape, got "
                         f"shapes {coordinates[0].shape} and {coordinates[1].shape}")
    return z, *coordinates


def contour_lines(objective, levels=None, n: int = 90) -> list[tuple[float, list[np.ndarray]]]:
    """An objective's contour segments at ``levels`` (default :func:`contour_levels`)."""
    levels = contour_levels(objective) if levels is None else levels
    return contour_segments(*objective_grid(objective, n), levels)


def boundary_lines(xs, ys, P, level: float = 0.5) -> list[np.ndarray]:
    """The pieces of the line where a probability grid crosses ``level``, each ``(k, 2)``.

    ``P[i, j]`` is the value at ``(xs[j], ys[i])``, as :func:`probability_grid` returns them."""
    level = checks.probability("level", level)
    P, xs, ys = _grid(xs, ys, P, ("xs", "ys", "P"))
    if not (np.min(P) < level < np.max(P)):
        return []
    generator = contourpy.contour_generator(xs, ys, P)
    return [np.asarray(piece) for piece in generator.lines(level) if len(piece) > 1]


# ---------------------------------------------------------------- line packing for bqplot


def resample(segment: np.ndarray, count: int) -> np.ndarray:
    """``count`` points evenly spaced by arc length along a polyline (its ends kept).

    ``segment`` has shape ``(k, 2)``, k >= 1, finite; ``count`` is at most :data:`MAX_POINTS`."""
    count = checks.integer("count", count, 2, MAX_POINTS)
    segment = _numbers("segment", segment, ndim=2, last_axis=2, min_size=2,
                       layout="be a polyline of shape (k, 2), k >= 1")
    with np.errstate(over="ignore", invalid="ignore"):
        steps = np.linalg.norm(np.diff(segment, axis=0), axis=1)
        arc = np.concatenate([[0.0], np.cumsum(steps)])
    if not math.isfinite(arc[-1]):
        raise ValueError(f"segment must have a length within float64's range, got a polyline "
                         f"from {checks.shown(segment[0])} to {checks.shown(segment[-1])}")
    at = np.linspace(0.0, arc[-1], count)
    return np.column_stack([np.interp(at, arc, segment[:, 0]), np.interp(at, arc, segment[:, 1])])


def pack_lines(pieces, *, points: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Line pieces of shape ``(k, 2)`` as two ``(pieces, length)`` row arrays for one bqplot
    ``Lines`` mark.

    With ``points``, every piece is resampled to that many points (small, even data to send);
    otherwise shorter pieces are padded by repeating their last point, drawn on top of itself and
    so invisible, which keeps the data free of NaN. No pieces give two ``(0, 2)`` arrays.
    Each piece is finite with one point or more; ``points`` is at most :data:`MAX_POINTS`, and
    the rows hold at most ``checks.LIMITS["kept"]`` numbers in all.
    """
    if points is not None:
        points = checks.integer("points", points, 2, MAX_POINTS)
    checks.sequence("pieces", pieces, arrays=True,
                    allowed="a list of line pieces, each of shape (k, 2)")
    pieces = [_numbers(f"pieces[{i}]", p, ndim=2, last_axis=2, min_size=2,
                       layout="be a line piece of shape (k, 2), k >= 1")
              for i, p in enumerate(pieces)]
    if not pieces:
        return np.zeros((0, 2)), np.zeros((0, 2))
    longest = max(len(p) for p in pieces) if points is None else points
    checks.kept("pieces", len(pieces) * longest, 2, "points")
    if points is not None:
        rows = np.array([resample(p, points) for p in pieces])
    else:
        rows = np.array([np.vstack([p, np.repeat(p[-1:], longest - len(p), axis=0)])
                         for p in pieces])
    return rows[:, :, 0], rows[:, :, 1]


# ---------------------------------------------------------------- paths in a view


def inside(points: np.ndarray, extent) -> np.ndarray:
    """For each 2-D point (one ``(x, y)`` or an array of shape ``(k, 2)``), whether it lies in
    ``extent`` (its edges included). A point at infinity lies in no view; NaN is refused."""
    points = _points("points", points, inf=True)
    return _inside(points, checks.extent("extent", extent))


def _inside(points: np.ndarray, extent: tuple) -> np.ndarray:
    """:func:`inside` for checked points and extent."""
    low0, high0, low1, high1 = extent
    return np.all((points >= [low0, low1]) & (points <= [high0, high1]), axis=1)


def clip_to_extent(path: np.ndarray, extent, margin: float = 0.05) -> np.ndarray:
    """A 2-D path with its points clipped to ``extent`` widened by ``margin`` of its width and
    height on each side: iterates far outside end up just past the edge (infinitely far ones
    too). ``path`` has shape ``(k, 2)``; NaN is refused."""
    x_low, x_high, y_low, y_high = checks.extent("extent", extent)
    margin = checks.nonnegative("margin", margin)
    path = _numbers("path", path, inf=True, ndim=2, last_axis=2,
                    layout="be a path of 2-D points, of shape (k, 2)")
    mx, my = margin * (x_high - x_low), margin * (y_high - y_low)
    ends = (x_low - mx, x_high + mx, y_low - my, y_high + my)
    if not all(map(math.isfinite, ends)):
        raise ValueError(f"extent and margin must give a view within float64's range, got "
                         f"extent {(x_low, x_high, y_low, y_high)} and margin {margin!r}")
    return np.column_stack([np.clip(path[:, 0], ends[0], ends[1]),
                            np.clip(path[:, 1], ends[2], ends[3])])


def clip_to_view(objective, path: np.ndarray, margin: float = 0.05) -> np.ndarray:
    """A 2-D path with iterates far outside the objective's domain pinned just past its edge
    (``margin`` of the width), so a diverging run shows where it left instead of shrinking the
    map to a dot."""
    objective = checks.objective("objective", objective, 2)
    return clip_to_extent(path, domain_extent(objective.domain), margin)


def widened_range(domain, values, *, pad: float = 0.03, most: float = 0.25) -> tuple[float, float]:
    """A 1-D domain ``(low, high)`` widened to hold every value (with ``pad`` of its width to
    spare), but by at most ``most`` of its width on each side.

    ``values`` is a list of arrays (the paths of runs, say) holding one number or more in all;
    NaN is refused, an infinite value widens by ``most``."""
    low, high = checks.interval("domain", domain)
    pad = checks.nonnegative("pad", pad)
    most = checks.nonnegative("most", most)
    checks.sequence("values", values, 1, allowed="a non-empty list of arrays of numbers")
    values = [_numbers(f"values[{i}]", v, inf=True) for i, v in enumerate(values)]
    if not any(v.size for v in values):
        raise ValueError(f"values must hold at least one number, got {checks.shown(values)}")
    lowest = min(float(np.min(v)) for v in values if v.size)
    highest = max(float(np.max(v)) for v in values if v.size)
    width = high - low
    with np.errstate(over="ignore", invalid="ignore"):
        ends = (max(min(low, lowest - pad * width), low - most * width),
                min(max(high, highest + pad * width), high + most * width))
    if not all(map(math.isfinite, ends)):
        raise ValueError(f"domain, pad and most must give a range within float64's range, got "
                         f"domain {(low, high)}, pad={pad!r} and most={most!r}")
    return ends


def pin_to_view(points: np.ndarray, extent, centre, inset: float = 0.02) -> np.ndarray:
    """Points outside ``extent`` moved back onto its edge (``inset`` of the width inside, so a
    marker there shows whole) along the straight line from ``centre``: runs that left in
    different directions end in different places. Points in the view stay put.

    ``points`` has shape ``(k, 2)``, finite; ``centre`` lies in the view, at least ``inset`` of
    its size from each edge."""
    points = _numbers("points", points, ndim=2, last_axis=2,
                      layout="be 2-D points, of shape (k, 2)")
    extent = checks.extent("extent", extent)
    low0, high0, low1, high1 = extent
    inset = checks.number("inset", inset, low=0.0, high=0.5, high_open=True)
    low, high = np.array([low0, low1]), np.array([high0, high1])
    with np.errstate(over="ignore", invalid="ignore"):
        margin = inset * (high - low)
    if not np.isfinite(margin).all():
        raise ValueError(f"extent must have a width and a height within float64's range, got "
                         f"{extent}")
    centre = checks.finite_array("centre", centre, ndim=1, last_axis=2)
    if not np.all((centre >= low + margin) & (centre <= high - margin)):
        raise ValueError(f"centre must be a point (x, y) inside extent {extent}, at least inset "
                         f"({inset:g}) of its size from each edge, got {checks.shown(centre)}")
    kept = _inside(points, extent)
    if kept.all():  # the usual case, and the one that must be fast
        return points
    away = points - centre
    with np.errstate(divide="ignore", invalid="ignore"):
        room = np.where(away > 0, (high - margin - centre) / away, (low + margin - centre) / away)
    room = np.where(away == 0, np.inf, room)
    pinned = centre + away * np.minimum(1.0, room.min(axis=1))[:, None]
    return np.where(kept[:, None], points, pinned)


def same_as_earlier(paths, *, rtol: float = 1e-9, atol: float = 1e-12) -> list[bool]:
    """For each path, whether it equals (same shape, all close) a path before it in the list.

    ``paths`` is a list of arrays of numbers, NaN refused (it equals nothing, itself included)."""
    rtol = checks.nonnegative("rtol", rtol)
    atol = checks.nonnegative("atol", atol)
    checks.sequence("paths", paths, allowed="a list of paths (arrays of numbers)")
    paths = [_numbers(f"paths[{k}]", p, inf=True) for k, p in enumerate(paths)]
    with np.errstate(over="ignore", invalid="ignore"):  # far apart is not close: no warning
        return [any(p.shape == q.shape and np.allclose(p, q, rtol=rtol, atol=atol)
                    for q in paths[:k])
                for k, p in enumerate(paths)]


# ---------------------------------------------------------------- curves and fields


def running_max(values, window: int) -> np.ndarray:
    """For each k, the largest of ``values[k - window + 1 .. k]`` (fewer at the start): the
    envelope of a bouncing run. ``values`` is 1-D, finite, not empty; a window longer than the
    values is as long as they are."""
    values = _numbers("values", values, ndim=1, min_size=1)
    window = min(checks.integer("window", window, 1), len(values))
    padded = np.concatenate([np.full(window - 1, values[0]), values])
    return np.lib.stride_tricks.sliding_window_view(padded, window).max(axis=1)


def jumps_as_gaps(values, jump: float = 0.25) -> np.ndarray:
    """A copy of sampled values with NaN after every step larger than ``jump``, so a curve with a
    jump is drawn as separate pieces, not joined by a steep line. ``values`` is 1-D and finite:
    the NaN that comes back marks the gaps and nothing else."""
    jump = checks.positive("jump", jump)
    values = checks.finite_array("values", values, ndim=1)
    with np.errstate(over="ignore"):  # a step from -1e308 to 1e308 is a jump too
        values[1:][np.abs(np.diff(values)) > jump] = np.nan
    return values


def descent_arrows(objective, count: int = 13):
    """``(X, Y, U)``: a ``count`` x ``count`` grid inside the objective's domain and the unit
    vectors of -grad f there (zero where the gradient is zero), shape ``(count, count, 2)``;
    ``count`` at most ``checks.LIMITS["grid"]``."""
    objective = checks.objective("objective", objective, 2)
    count = checks.integer("count", count, 1, checks.LIMITS["grid"])
    x_low, x_high, y_low, y_high = domain_extent(objective.domain)
    X, Y = np.meshgrid(np.linspace(x_low, x_high, count + 2)[1:-1],
                       np.linspace(y_low, y_high, count + 2)[1:-1])
    G = objective.grad(np.stack([X, Y], axis=-1))
    size = np.linalg.norm(G, axis=-1, keepdims=True)
    return X, Y, np.divide(-G, size, out=np.zeros_like(G), where=size > 0)


# ---------------------------------------------------------------- steps, snapshots, ticks


def epoch_axis(result) -> np.ndarray:
    """Each iterate of a mini-batch run (a :class:`helpers.solvers.MinibatchResult`) placed on an
    epoch axis: update k sits at k / updates_per_epoch."""
    from .solvers import MinibatchResult

    if not isinstance(result, MinibatchResult):
        raise TypeError("result must be a mini-batch run (a helpers.solvers.MinibatchResult), "
                        f"got {checks.shown(result)}")
    return np.arange(len(result.path)) / result.updates_per_epoch


def snapshot_index(snapshot_steps, step=None) -> int:
    """The last snapshot taken at or before ``step`` (``None``: the last one); a run that
    stopped early has no snapshot past its end. ``snapshot_steps`` are finite and in increasing
    order, as a training run records them."""
    steps = checks.array("snapshot_steps", snapshot_steps, ndim=1, min_size=1, copy=False)
    if not (np.isfinite(steps).all() and np.all(steps[1:] >= steps[:-1])):
        raise ValueError("snapshot_steps must be step numbers in increasing order, got "
                         f"{checks.shown(snapshot_steps)}")
    if step is None:
        return len(steps) - 1
    step = checks.integer("step", step, allowed="an integer (a step number) or None")
    return int(max(np.searchsorted(steps, step, side="right") - 1, 0))


def _mantissas(mantissas) -> tuple[float, ...]:
    values = checks.finite_array("mantissas", mantissas, ndim=1, min_size=1)
    if np.any((values < 1) | (values >= 10)) or len(values) > MAX_MANTISSAS:
        raise ValueError(f"mantissas must be 1 to {MAX_MANTISSAS} leading digits in [1, 10), "
                         f"got {checks.shown(mantissas)}")
    return tuple(float(m) for m in values)


def log_ticks(low: float, high: float, mantissas=MANTISSAS) -> list[float]:
    """Tick values ``m * 10**e`` between low and high for a log axis (1, 2, 3, 5, 10, 20, ...):
    ``m`` one of ``mantissas``, ``0 < low < high``."""
    low = checks.positive("low", low)
    high = checks.number("high", high, low=low, low_open=True,
                         allowed=f"a finite number above low ({low:g})")
    mantissas = _mantissas(mantissas)
    # (10.0 ** 309 overflows; every float is below it)
    exponents = range(math.floor(math.log10(low)), min(math.ceil(math.log10(high)), 308) + 1)
    ticks = [m * 10.0**e for e in exponents for m in mantissas]
    return [float(f"{t:.6g}") for t in ticks if low <= t <= high]


def step_ticks(last: int, most: int = 8) -> list[int]:
    """Whole-number ticks for a step axis from 0 to ``last``: every 1, 2, 5, 10, 20, 50, ...
    steps, whichever is the finest that gives at most ``most`` ticks (at most
    :data:`MAX_TICKS`)."""
    last = checks.integer("last", last, 1)
    most = checks.integer("most", most, 2, MAX_TICKS)
    spacing = 1
    while last // spacing + 1 > most:
        for factor in (2, 5 / 2, 2):  # 1 -> 2 -> 5 -> 10 -> 20 -> ...
            spacing = round(spacing * factor)
            if last // spacing + 1 <= most:
                break
    return list(range(0, last + 1, spacing))


def is_log_tick(value: float, mantissas=MANTISSAS) -> bool:
    """Whether ``value`` (> 0) is one of the round values ``m * 10**e`` that :func:`log_ticks`
    gives: its leading digits, to six places, are one of ``mantissas``."""
    value = checks.positive("value", value)
    mantissas = _mantissas(mantissas)
    leading = float(f"{value:.6e}".split("e")[0])  # (no division: 10 ** -324 is 0)
    return leading in mantissas
