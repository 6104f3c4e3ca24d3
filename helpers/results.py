"""One vocabulary for what a run returns: descent, many starts, mini-batches, network training.

Every result object of ``helpers`` (``solvers.DescentResult``, ``ManyResult``,
``MinibatchResult``, ``mlp.TrainResult``, ``basins.BasinMap``, ``NoisyRuns``, ``Restarts``) is a
:class:`Result` and answers the same six questions under the same names, so a plot, an explorer
or a student reads any of them without asking which kind it is:

``final``
    Where the run ended: the last iterate (for many starts, one end point per start; for a
    network, its trained parameters).
``path``
    Every iterate, the start first (``None`` where a many-start run was not asked to record it).
``steps``
    How many updates were made, a plain ``int`` (for many starts, the most any start made).
``converged``
    The run stopped because the gradient's norm fell to ``tol`` or below. A boolean mask for
    many starts. Runs with a fixed budget and no stopping test (mini-batches, network training)
    never converge in this sense: it is ``False`` there.
``diverged``
    An iterate or the loss stopped being finite or grew past a bound (a boolean mask for many
    starts). Divergence is a result, never an exception.
``message``
    What happened, in whole sentences a student can read (a capital letter, a full stop).

Numbers in messages and explorer labels are written by one set of formats, here:
:func:`show_number` (a position, a height, a loss), :func:`show_point`, :func:`show_rate` (a
learning rate, a slope, a limit) and :func:`show_size` (a size that may be tiny).
"""

from __future__ import annotations

import numpy as np

from . import checks

__all__ = [
    "RESULT_NAMES",
    "Result",
    "finite_start",
    "journey",
    "motion",
    "plural",
    "show_epochs",
    "show_number",
    "show_point",
    "show_rate",
    "show_share",
    "show_size",
]

# The names every result answers to, in the order the module docstring explains them.
RESULT_NAMES = ("final", "path", "steps", "converged", "diverged", "message")


class Result:
    """The interface every result shares (see the module docstring for the meaning of each name).

    A mixin: each result is a dataclass that provides ``final``, ``path``, ``steps``,
    ``converged``, ``diverged`` and ``message`` as fields or properties; older names
    (``DescentResult.x``, ``MinibatchResult.w``, ``TrainResult.params``, ...) stay as aliases.
    """

    __slots__ = ()


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``"1 step"``, ``"3 steps"``; ``plural_form`` for irregular nouns (``"batches"``).

    ``count`` is a whole number >= 0; ``noun`` and ``plural_form`` (when given) non-empty words.
    """
    count = checks.integer("count", count, 0)
    noun = checks.text("noun", noun)
    if plural_form is not None:
        plural_form = checks.text("plural_form", plural_form)
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural_form if plural_form is not None else noun + 's'}"


# ---------------------------------------------------------------- number formats


def show_epochs(updates: int, per_epoch: int) -> str:
    """How far ``updates`` updates go at ``per_epoch`` per epoch: "3 epochs", "3 epochs and 15
    updates", "60 of the 200 updates of one epoch"."""
    updates = checks.integer("updates", updates, 0)
    per_epoch = checks.integer("per_epoch", per_epoch, 1)
    done, extra = divmod(updates, per_epoch)
    if not done:
        return f"{extra} of the {plural(per_epoch, 'update')} of one epoch"
    return plural(done, "epoch") + (f" and {plural(extra, 'update')}" if extra else "")


def show_number(value: float) -> str:
    """A value (a position, a height, a loss), to 4 significant digits: ``"0.3333"``.

    NaN and inf are shown as they are ("nan", "inf"): messages that name a bad value use this
    too. The same holds for every format below."""
    return f"{checks.real('value', value):.4g}"


def show_point(point) -> str:
    """A point (one number or more, in any array shape) as ``"(x, y)"``, each to 4 significant
    digits."""
    values = checks.array("point", point, copy=False, min_size=1)
    return "(" + ", ".join(f"{v:.4g}" for v in values.ravel().tolist()) + ")"


def show_rate(value: float) -> str:
    """A learning rate, a slope or a limit, to 3 significant digits: ``"0.333"``."""
    return f"{checks.real('value', value):.3g}"


def show_share(value: float) -> str:
    """A fraction as a percentage with one decimal (an accuracy, a share of starts): ``"88.5%"``."""
    return f"{checks.real('value', value):.1%}"


def show_size(value: float) -> str:
    """A size that may be tiny (a gradient's norm), in scientific notation: ``"3.33e-07"``."""
    return f"{checks.real('value', value):.2e}"


def finite_start(values) -> np.ndarray:
    """The leading rows of ``values`` (points, or single numbers) that are finite everywhere:
    what a diverged run drew before its path or losses turned NaN or inf."""
    values = checks.array("values", values, min_ndim=1, min_size=1, copy=False,
                          layout="be 1-D (n,) values or 2-D (n, d) points")
    if values.ndim > 2:
        raise ValueError(f"values must be 1-D (n,) or 2-D (n, d), got shape {values.shape}")
    finite = np.isfinite(values.reshape(len(values), -1)).all(axis=1)
    return values if finite.all() else values[: int(np.argmin(finite))]


def motion(path, last: int = 10) -> str:
    """How a run that has not settled moves over its ``last`` steps, in one sentence: whether it
    bounces back and forth (most steps point against the one before) or keeps going one way, and
    whether its steps shrink or grow. Empty for fewer than three steps, a run that has stopped
    moving, or non-finite points. What a picture shows at a glance, for a screen reader."""
    points = checks.array("path", path, min_ndim=1, min_size=1, copy=False,
                          layout="be a sequence of points: 1-D (n,) or 2-D (n, d)")
    if points.ndim > 2:
        raise ValueError(f"path must be 1-D (n,) or 2-D (n, d), got shape {points.shape}")
    last = checks.integer("last", last, 1)
    points = points.reshape(len(points), -1)[-(last + 1):]
    if len(points) < 4 or not np.isfinite(points).all():
        return ""
    steps = np.diff(points, axis=0)
    sizes = np.linalg.norm(steps, axis=1)
    if sizes[-1] == 0.0:
        return ""
    turns = np.einsum("ij,ij->i", steps[:-1], steps[1:]) < 0.0
    if sizes[-1] < 0.9 * sizes[0]:
        trend = "shrinking"
    elif sizes[-1] > 1.1 * sizes[0]:
        trend = "growing"
    else:
        trend = "neither shrinking nor growing"
    way = "bounces back and forth" if turns.mean() >= 0.5 else "keeps moving the same way"
    return f"Over its last {len(steps)} steps it {way}, the steps {trend}."


CYCLE_LENGTHS = range(2, 9)  # the cycles journey recognises: 2 to 8 points visited in turn


def journey(path, heights=None, *, names: tuple[str, ...] = ("x", "y"),
            settled: bool = True, height: str = "height") -> str:
    """The shape of a run's path in words, for a screen reader: where its first step goes, the
    span of each coordinate it visits, how often it turns back (a step at more than a right
    angle to the one before: a zig-zag, a path that lands on alternate sides), whether it ends
    going round a cycle of 2 to 8 points, and, given the ``heights`` of its iterates, how often
    it climbs; for a run that has not ``settled`` (and goes round no cycle), how it moves at the
    end (:func:`motion`). What a glance at the drawn path tells.

    Only the finite start of the path counts (a diverged run's path ends in NaN or inf); empty
    for a path of fewer than two points. ``names`` names the coordinates (``("w0", "w1")``),
    ``height`` what the heights are ("loss")."""
    points = checks.array("path", path, min_ndim=1, min_size=1, copy=False,
                          layout="be a sequence of points: 1-D (n,) or 2-D (n, d)")
    if points.ndim > 2:
        raise ValueError(f"path must be 1-D (n,) or 2-D (n, d), got shape {points.shape}")
    points = points.reshape(len(points), -1)
    allowed = f"a list or tuple of {points.shape[1]} non-empty texts, one per coordinate"
    checks.sequence("names", names, allowed=allowed)
    if not all(isinstance(n, str) for n in names):
        raise TypeError(f"names must be {allowed}, got {checks.shown(names)}")
    if len(names) < points.shape[1] or not all(names):
        raise ValueError(f"names must be {allowed}, got {checks.shown(names)}")
    settled = checks.flag("settled", settled)
    height = checks.text("height", height)
    points = finite_start(points)
    shown = len(points)
    if len(points) < 2:
        return ""
    steps = np.diff(points, axis=0)
    one_d = points.shape[1] == 1
    where = (lambda p: f"{names[0]} = {show_number(p[0])}") if one_d else show_point
    parts = [f"Its first step goes from {where(points[0])} to {where(points[1])}"]
    spans = [f"{name} from {show_number(low)} to {show_number(high)}" for name, low, high
             in zip(names, points.min(axis=0), points.max(axis=0), strict=False)]
    parts.append(f"it visits {' and '.join(spans)}")
    moving = np.linalg.norm(steps, axis=1) > 0
    turns = int(np.sum(np.einsum("ij,ij->i", steps[:-1], steps[1:]) < 0))
    if moving.sum() > 1:
        if turns == 0:
            parts.append("it never turns back")
        elif one_d:
            parts.append(f"it reverses direction on {turns} of its {plural(len(steps), 'step')}")
        else:
            parts.append(f"{turns} of its {plural(len(steps), 'step')} head partly back against "
                         "the step before (a zig-zag)")
    cycle = _cycle(points)
    if cycle is not None:
        visited = (", ".join(where(p) for p in cycle) if len(cycle) <= 4 else "")
        parts.append(f"it ends going round {len(cycle)} points for ever"
                     + (f" ({visited})" if visited else ""))
    if heights is not None:
        rises = np.diff(checks.array("heights", heights, ndim=1, copy=False)[:shown]) > 0
        climbs = int(np.sum(rises))
        parts.append(f"the {height} falls or stays at every step" if climbs == 0 else
                     f"the {height} climbs on {plural(climbs, 'step')}")
    end = motion(points) if not settled and cycle is None else ""
    return " ".join(filter(None, ("; ".join(parts) + ".", end)))


def _cycle(points: np.ndarray):
    """The points of the shortest cycle (2 to 8 points, in the order visited) that the path's
    last iterates repeat twice over, to 1e-9 of the path's span; else None."""
    span = float(np.ptp(points, axis=0).max()) or 1.0
    for length in CYCLE_LENGTHS:
        if len(points) < 2 * length + 1:
            break
        tail = points[-2 * length:]
        if (np.abs(tail[length:] - tail[:length]).max() <= 1e-9 * span
                and np.abs(np.diff(tail[:length], axis=0)).max() > 1e-6 * span):
            return tail[length:]
    return None

