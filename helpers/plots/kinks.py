"""Figures for functions with a kink: the subgradients of |x| at 0, and smooth stand-ins beside the
kinked function they replace (with their derivatives, where the kink is a jump)."""

from __future__ import annotations

import re

import numpy as np

from .. import checks, palette
from ..geometry import jumps_as_gaps
from .descriptions import describe, fitting, listed
from .marks import legend_once, outline
from .one_d import KNOWN_NAMES, bound_words, count_words, function_words, name_words
from .style import styled, subplots

__all__ = ["plot_stand_ins", "plot_subgradients"]

# The stand-ins differ by line style as well as colour (the kink itself is black and dashed).
# Huber keeps its colour of the kink explorer (palette.KINKS, orange) and has long dashes. The
# smooth stand-ins (smooth |x|, softplus), least sharp first, take the other colours of
# palette.STAND_INS in turn, each with a line style of its own: never vermillion while orange is
# Huber's (the closest pair of the palette), and the two blues apart in lightness and style
# (dark and solid, light and dotted).
HUBER = {"color": palette.KINKS["Huber"], "ls": (0, (7, 2)), "lw": 2.4}
SMOOTH_COLOURS = tuple(c for c in palette.STAND_INS if c != HUBER["color"])
SMOOTH_STYLES = ("-", "-.", ":", (0, (1, 1)))


def _stand_in_styles(stand_ins) -> list[dict]:
    """Colour, width and line style of each stand-in: Huber as :data:`HUBER`, every other one
    the next of the smooth colours and styles."""
    styles, smooth = [], 0
    for objective in stand_ins:
        if objective.name.lower().startswith("huber"):
            styles.append(dict(HUBER))
            continue
        styles.append({"color": SMOOTH_COLOURS[smooth % len(SMOOTH_COLOURS)],
                       "ls": SMOOTH_STYLES[smooth % len(SMOOTH_STYLES)], "lw": 2.4})
        smooth += 1
    return styles


@styled
def plot_subgradients(slopes=(-1.0, -0.5, 0.0, 0.5, 1.0, 1.5), *, half_width: float = 1.5):
    """Left: |x| with lines g x through the kink; each stays under |x| exactly when -1 <= g <= 1.
    Right: the subdifferential of |x|: -1 left of 0, +1 right of 0, the whole of [-1, 1] at 0."""
    slopes = checks.finite_array("slopes", slopes, ndim=1, min_size=1).tolist()
    half_width = checks.positive("half_width", half_width)
    fig, axes = subplots(1, 2, width=5.2, height=3.9)
    left, right = axes[0]
    xs = np.linspace(-half_width, half_width, 301)
    left.plot(xs, np.abs(xs), color=palette.FUNCTION, lw=2.6, label="f(x) = |x|")
    for k, g in enumerate(slopes):
        ok = -1 <= g <= 1
        left.plot(
            xs,
            g * xs,
            "--" if ok else ":",
            color=palette.TANGENT if ok else palette.GREY,
            lw=1.6,
            label=(
                "lines g·x with g in [-1, 1]: under |x|" if ok else "g outside [-1, 1]: crosses |x|"
            )
            if k == 0 or (not ok)
            else None,
        )
    left.plot([0], [0], "o", color=palette.START, ms=7, zorder=5, label="the kink at 0")
    left.set_ylim(-0.6, half_width)
    left.set_xlim(-half_width, half_width)
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.set_title("At the kink many lines touch |x| from below", fontsize=10)
    legend_once(left, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))

    # The two branches of one derivative: one style, one legend entry.
    neg, pos = np.linspace(-half_width, 0, 50), np.linspace(0, half_width, 50)
    branches = np.concatenate([neg, [np.nan], pos])
    right.plot(branches, np.concatenate([-np.ones_like(neg), [np.nan], np.ones_like(pos)]),
               color=palette.FUNCTION, lw=2.6, label="f'(x): -1 for x < 0, +1 for x > 0")
    # Orange is light on white: the bar of subgradients and its ends get a dark edge.
    right.plot([0, 0], [-1, 1], color=palette.TANGENT, lw=4, label="at 0: every g in [-1, 1]",
               path_effects=outline(palette.TANGENT, 4))
    right.plot([0, 0], [-1, 1], "o", color=palette.TANGENT, mec=palette.BLACK, ms=7)
    right.plot(
        [0], [0], "o", color=palette.START, ms=7, zorder=5, label="np.sign(0) = 0: one choice"
    )
    right.set_ylim(-1.6, 1.6)
    right.set_xlabel("x")
    right.set_ylabel("subgradients g")
    right.set_title("The slopes of |x|: a jump, filled in at 0", fontsize=10)
    legend_once(right, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    fig.suptitle("Subgradients of |x|: slopes of lines that touch the graph and stay below it")
    describe(fig, _subgradients_sentence(slopes))
    return fig


def _subgradients_sentence(slopes: list) -> str:
    """Which of the drawn slopes stay under |x| and which cross it, the lines that run along an
    arm of |x| (slope -1 along the left one, 1 along the right one), then the right panel. The
    bars of |x| are not read out, so it is said in words ("the absolute value of x")."""
    under = [f"{g:g}" for g in slopes if -1 <= g <= 1]
    across = [f"{g:g}" for g in slopes if not -1 <= g <= 1]
    arms = [g for g in (-1, 1) if g in slopes]
    along = (", the lines g = -1 and 1 lying along its arms," if len(arms) == 2 else
             f", the line g = {arms[0]} lying along its {'left' if arms[0] < 0 else 'right'} "
             "arm," if arms else "")
    lines = "lines through the kink of the absolute value of x at 0 with slope g"
    if under and across:
        left = f"stay under it for g = {listed(under)}{along} and cross it for g = {listed(across)}"
        short = f"stay under it for g = {listed(under)} and cross it for g = {listed(across)}"
        counted = (f"Of {len(slopes)} lines through the kink of the absolute value of x at 0, "
                   f"the {len(under)} with slope g from -1 to 1 stay under it and "
                   f"{len(across)} cross it")
    else:
        verb = "stays under" if under else "crosses"
        along = along.rstrip(",") if under else ""
        left = short = f"= {listed(under or across)}: each {verb} it{along}"
        counted = (f"Each of {len(slopes)} lines through the kink of the absolute value of x "
                   f"at 0 {verb} it")
    right = ("; right panel: its slope jumps from -1 to +1 at 0, where every g from -1 to 1 is "
             "a subgradient")
    return fitting(f"Left panel: {lines} {left}{right}", f"Left panel: {lines} {short}{right}",
                   f"{lines[:1].upper()}{lines[1:]} {short}{right}", counted + right,
                   summary=counted, aim=False)


@styled
def plot_stand_ins(kink, stand_ins, *, title: str | None = None):
    """The kinked function (black, dashed) with smooth stand-ins (left) and all their derivatives
    (right): the stand-in's derivative is a smooth ramp where the kink's jumps. Each stand-in has
    its own colour and line style (see :func:`_stand_in_styles`); the legends sit under the
    panels."""
    fig, axes = subplots(1, 2, width=5.2, height=3.9)
    left, right = axes[0]
    xs = np.linspace(*kink.domain, 801)
    left.plot(xs, kink.f(xs), "--", color=palette.BLACK, lw=2.2, label=f"${kink.latex}$ (kink)")
    right.plot(
        xs,
        jumps_as_gaps(kink.grad(xs)),  # a jump drawn as a step, not a steep line
        "--",
        color=palette.BLACK,
        lw=2.2,
        label=f"slope of ${kink.latex}$",
    )
    for objective, style in zip(stand_ins, _stand_in_styles(stand_ins), strict=True):
        left.plot(xs, objective.f(xs), label=objective.name, **style)
        right.plot(xs, objective.grad(xs), label=objective.name, **style)
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.set_title("the functions", fontsize=10)
    right.set_xlabel("x")
    right.set_ylabel("f'(x)")
    right.set_title("their derivatives", fontsize=10)
    legend_once(left, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    legend_once(right, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    fig.suptitle(title or f"Smooth stand-ins for ${kink.latex}$")
    describe(fig, _stand_ins_sentence(kink, stand_ins, xs))
    return fig


def _simplest(low: float, high: float) -> float:
    """The number with the fewest decimals between ``low`` and ``high``: where a jump sampled
    between those two x lies, written plainly (0, not 0.0025)."""
    for decimals in range(8):
        for candidate in (round((low + high) / 2, decimals), round(low, decimals),
                          round(high, decimals)):
            if low <= candidate <= high:
                return candidate + 0.0  # never -0
    return (low + high) / 2


def _jumps(xs: np.ndarray, slopes: np.ndarray) -> list[tuple[float, float, float]]:
    """Where sampled slopes jump (as :func:`helpers.geometry.jumps_as_gaps` sees a jump, steps
    next to each other counting as one): ``(x, slope before, slope after)`` each."""
    found = np.flatnonzero(np.isnan(jumps_as_gaps(slopes)[1:]))
    groups = np.split(found, np.flatnonzero(np.diff(found) > 1) + 1) if len(found) else []
    return [(_simplest(xs[g[0]], xs[g[-1] + 1]), slopes[g[0]], slopes[g[-1] + 1])
            for g in groups]


_PARAMETER = re.compile(r"^(?P<family>.+) \((?P<name>[a-z]+) (?P<value>[-+0-9.e]+)\)$")


def _steeper(stand_ins, x: float) -> str:
    """When every stand-in of one family ("softplus (sharpness 1)", "(sharpness 4)", ...) gets
    a steeper slope at the kink ``x`` as its parameter grows: "the sharper the stand-in, the
    steeper its slope at the kink" (the slope's rate of change there, from both sides of x)."""
    families: dict = {}
    for objective in stand_ins:
        found = _PARAMETER.match(objective.name)
        if found:
            key = (found["family"], found["name"])
            families.setdefault(key, []).append((float(found["value"]), objective))
    h = 1e-4
    for (_, name), members in families.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda member: member[0])
        rates = [float(o.grad(x + h) - o.grad(x - h)) / (2 * h) for _, o in members]
        if all(b > a for a, b in zip(rates, rates[1:], strict=False)):
            larger = "the sharper the stand-in" if name == "sharpness" else f"the larger its {name}"
            return f"{larger}, the steeper its slope at the kink"
    return ""


def _never_flat(kink, stand_ins, xs: np.ndarray) -> str:
    """Where the kinked function is flat over an interval (its slope exactly 0 at more than one
    drawn x), whether no stand-in's slope is exactly 0 there: "where max(0, x) is flat their
    slopes are never exactly 0"."""
    flat = xs[np.asarray(kink.grad(xs)) == 0]
    if len(flat) < 2 or any(np.any(np.asarray(s.grad(flat)) == 0) for s in stand_ins):
        return ""
    whose = "their slopes are" if len(stand_ins) > 1 else "its slope is"
    return f"where the kink is flat {whose} never exactly 0"


def _stand_ins_sentence(kink, stand_ins, xs: np.ndarray) -> str:
    """How many stand-ins, on which side of the kinked function they all lie (when they do),
    where their gap to it is largest (:func:`_gap_shape`: at the kink, or 0 there and largest
    at the ends of the drawn x; else at one x for all, :func:`_widest_at`) and how close each
    stays over the drawn x, nearest first (each one's largest gap, rounded up so that "within"
    holds); then how the kink's slope jumps where the stand-ins' do not, that a sharper
    stand-in has a steeper slope at the kink (:func:`_steeper`), and that their slopes are
    never exactly 0 where the kink is flat (:func:`_never_flat`). Names as a screen reader
    should say them (:func:`helpers.plots.one_d.name_words`: "smooth absolute value (sharpness
    16)"; ReLU by name as well as by formula); in fewer words when that is too long."""
    kinked = function_words(kink, named=True)
    names = {s.name: name_words(s.name) for s in stand_ins}
    gaps = {s.name: float(np.max(np.abs(s.f(xs) - kink.f(xs)))) for s in stand_ins}
    within = {name: bound_words(gap) for name, gap in gaps.items()}
    ranked = sorted(gaps, key=gaps.get)
    closest = ranked[0]
    span = f"for x from {xs[0]:g} to {xs[-1]:g}"
    one = len(gaps) == 1
    side = _side(kink, stand_ins, xs)
    every = "lying" if one else "both lying" if len(gaps) == 2 else "all lying"
    lying = f", {every} {side} it" if side else ""
    family = names[closest].split(" (")[0]  # "smooth absolute value": its others by parameter

    def short(name: str) -> str:
        said = names[name]
        return said.removeprefix(family + " (").removesuffix(")") if said.startswith(
            family + " (") else said

    jumps = _jumps(xs, kink.grad(xs))
    smooth = not any(_jumps(xs, s.grad(xs)) for s in stand_ins)
    jump = jumps[0] if len(jumps) == 1 and smooth else None
    shape = _gap_shape(kink, stand_ins, xs, None if jump is None else jump[0])
    widest = _widest_at(kink, stand_ins, xs)
    at = "" if widest is None else f", {'' if one else 'each '}farthest at x = {widest:g}"
    count = count_words(len(gaps)).capitalize()
    rest = ", ".join(f"{short(name)} within {within[name]}" for name in ranked[1:])
    if one:
        ranking = (f"For {kinked}, the stand-in {names[closest]}{lying}, stays within "
                   f"{within[closest]} {span}")
        lead = (f"For {kinked}, the stand-in {names[closest]} stays within "
                f"{within[closest]} {span}")
    else:
        ranking = (f"{count} stand-ins for {kinked}{lying}, nearest first: {names[closest]} "
                   f"within {within[closest]} {span}, {rest}")
        lead = (f"Of the stand-ins for {kinked}, {names[closest]} stays closest, within "
                f"{within[closest]} {span}")
    who = KNOWN_NAMES.get(str(kink.name).lower(), "the kink")  # the kinked function, short
    shaped = []  # where the gaps are largest, said before the gaps themselves
    if shape:
        kind, words = shape
        if one:
            sided = f", {side} it" if side else ""
            shaped = [f"For {kinked}, the stand-in {names[closest]}{sided}, {words}, stays "
                      f"within {within[closest]}"]
        else:
            every = "both" if len(gaps) == 2 else "all"
            joined = ((f", {every} {side} it and " if kind == "kink"
                       else f", {every} {side} it, each ") if side else ", each ")
            shaped = [f"{count} stand-ins for {kinked}{joined}{words}{order}"
                      f"{names[closest]} within {within[closest]}, {rest}"
                      for order in (", nearest first: ", ": ")]
    slopes, steeper, flat, there, flat_there = "", "", "", "", ""
    if jump is not None:
        x, before, after = jump
        theirs = "theirs do" if not one else "its slope does"
        slopes = f"; the kink's slope jumps from {before:g} to {after:g} at x = {x:g}, {theirs} not"
        there = f"; {who}'s slope jumps from {before:g} to {after:g} at x = {x:g}, {theirs} not"
        steeper = f"; {_steeper(stand_ins, x)}" if _steeper(stand_ins, x) else ""
        flat = f"; {_never_flat(kink, stand_ins, xs)}" if _never_flat(kink, stand_ins, xs) else ""
        flat_there = ("" if not flat else "; where it is flat "
                      + ("theirs are" if not one else "the stand-in's is") + " never exactly 0")
    # no "for x from -2 to 2" in these: where the largest gaps lie (the kink, or the ends of
    # the drawn x) says over what the bounds hold
    candidates = [text + there + more for more in (steeper + flat_there, flat_there, "")
                  for text in shaped]
    candidates += [ranking + at + slopes + steeper + flat, ranking + slopes + steeper + flat,
                   ranking + at + slopes + flat, ranking + slopes + flat,
                   ranking + at + slopes + steeper, ranking + slopes + steeper,
                   ranking + at + slopes, ranking + slopes, lead + slopes + steeper + flat,
                   lead + slopes, ranking, lead]
    return fitting(*dict.fromkeys(candidates), aim=False)


def _gap_shape(kink, stand_ins, xs: np.ndarray, at: float | None) -> tuple[str, str] | None:
    """Where the gap between each stand-in and the kinked function is largest, when the kink
    sits at ``at`` (None: no single kink) and it is the same for every stand-in: ``("kink",
    "farthest at the kink x = 0")`` when each gap is largest at the kink and shrinks (never
    grows) away from it on both sides (softplus and ReLU); ``("ends", "0 at the kink x = 0,
    farthest at x = -2 and 2")`` when each gap is 0 at the kink, grows (never shrinks)
    away from it, and is largest at both ends of the drawn x (smooth |x|, Huber); else
    None."""
    if at is None:
        return None
    k = int(np.argmin(np.abs(xs - at)))
    if k in (0, len(xs) - 1):
        return None
    shapes = set()
    for s in stand_ins:
        gap = np.abs(np.asarray(s.f(xs), dtype=float) - np.asarray(kink.f(xs), dtype=float))
        tol = 1e-9 * max(float(gap.max()), 1e-300)
        left, right = gap[: k + 1], gap[k:]  # from the left end to the kink, the kink onwards
        if (np.all(np.diff(left) >= -tol) and np.all(np.diff(right) <= tol)
                and gap[k] >= gap.max() - tol):
            shapes.add("kink")
        elif (gap[k] <= tol and np.all(np.diff(left) <= tol) and np.all(np.diff(right) >= -tol)
              and min(gap[0], gap[-1]) >= gap.max() - tol):
            shapes.add("ends")
        else:
            return None
    if len(shapes) != 1:
        return None
    place = f"{xs[k]:g}"
    if shapes == {"kink"}:
        return "kink", f"farthest at the kink x = {place}"
    return "ends", f"0 at the kink x = {place}, farthest at x = {xs[0]:g} and {xs[-1]:g}"


def _side(kink, stand_ins, xs: np.ndarray) -> str:
    """"below" when every stand-in lies on or below the kinked function at every drawn x,
    "above" when on or above, else empty."""
    gaps = np.array([np.asarray(s.f(xs)) - np.asarray(kink.f(xs)) for s in stand_ins])
    if np.all(gaps <= 0):
        return "below"
    return "above" if np.all(gaps >= 0) else ""


def _widest_at(kink, stand_ins, xs: np.ndarray) -> float | None:
    """The one x, inside the drawn range, where every stand-in is farthest from the kinked
    function (each one's largest gap at that x alone); else None."""
    places = set()
    for s in stand_ins:
        gap = np.abs(np.asarray(s.f(xs)) - np.asarray(kink.f(xs)))
        widest = np.flatnonzero(gap >= gap.max() - 1e-12 * max(1.0, gap.max()))
        if len(widest) != 1 or widest[0] in (0, len(xs) - 1):
            return None
        places.add(float(xs[widest[0]]))
    return _simplest(min(places), max(places)) if len(places) == 1 else None
