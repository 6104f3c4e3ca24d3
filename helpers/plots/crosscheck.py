"""Static figures of lecture 06, the cross-check with PyTorch: relative errors of gradients,
training side by side, loss histories, time per step, and data parallelism as a picture.

The figures take the results of ``helpers.crosscheck`` (any objects with the same attributes);
this module never imports torch itself.
"""

from __future__ import annotations

import numpy as np

from .. import checks, palette
from ..results import plural
from .descriptions import describe, fitting, listed
from .marks import draw_arrow, draw_box, legend_once, plain_log_ticks
from .networks import layer_words
from .one_d import round_down, round_up
from .style import one_axes, styled, subplots

__all__ = [
    "plot_data_parallel",
    "plot_loss_histories",
    "plot_relative_errors",
    "plot_side_by_side",
    "plot_step_times",
]

FLOOR = 1e-18  # an error of exactly 0 is drawn here, at the bottom of a log axis
LINE_STYLES = ("-", "--", "-.", ":")  # runs drawn together differ by more than their colour


def _pick(colours, k: int) -> str:
    return colours[k % len(colours)]


def _size(value: float) -> str:
    """A positive number that may be tiny, as the figures write it, without padding:
    ``"1.2e-6"``, ``"1e-12"``, ``"4.5e12"``; from 0.001 to 10,000 plainly, ``"0.25"``."""
    if 1e-3 <= value < 1e4:
        return f"{value:.2g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa.removesuffix('.0')}e{int(exponent)}"


def _at_most(value: float) -> str:
    """An upper bound as :func:`_size` writes it, rounded up so that it holds."""
    return _size(round_up(value))


def _at_least(value: float) -> str:
    """A lower bound as :func:`_size` writes it, rounded down so that it holds."""
    return _size(round_down(value))


def _how_many(passed: int, count: int) -> str:
    """How many of ``count`` errors pass, as the subject of a sentence with its verb."""
    if passed == count:
        return {1: "the error is", 2: "both errors are"}.get(count, f"all {count} errors are")
    if passed == 0:
        return "the error is not" if count == 1 else f"none of the {count} errors is"
    return f"{passed} of {count} errors {'is' if passed == 1 else 'are'}"


ROUNDING_SIZE = 1e4  # errors below this many machine epsilons are of rounding size


def _times(value: float) -> str:
    """A ratio to 2 significant digits, written plainly: 3.4, 540, 12,000."""
    return f"{float(f'{value:.2g}'):,g}"


def _errors_phrase(label, errors: dict, mark, *, spread: bool = True,
                   rounding: bool = True) -> str:
    """One comparison's outcome: how many errors pass its mark, their range (``spread``) or the
    largest, how many machine epsilons they are when of rounding size (``rounding``), any
    NaN."""
    values = {name: float(value) for name, value in errors.items()}
    parts = []
    if mark is not None:
        passed = sum(value < mark[0] for value in values.values())  # NaN never passes
        parts.append(f"{_how_many(passed, len(values))} below the {_size(mark[0])} mark")
    finite = {name: value for name, value in values.items() if not np.isnan(value)}
    largest = max(finite.values(), default=0.0)
    smallest = min(finite.values(), default=0.0)
    if largest > 0:
        worst = listed(name for name, value in finite.items() if value == largest)
        if spread and len(finite) > 1 and smallest < largest:
            parts.append(f"{'errors ' * (mark is None)}from "
                         f"{_size(smallest) if smallest > 0 else 0} to "
                         f"{_size(largest)} ({worst})")
        else:
            parts.append(f"the largest {'error ' * (mark is None)}is {_size(largest)} ({worst})")
        eps = np.finfo(float).eps
        if rounding and smallest > 0 and largest < ROUNDING_SIZE * eps:
            times = (f"{_times(smallest / eps)} to {_times(largest / eps)}" if smallest < largest
                     else _times(largest / eps))
            # the line at machine epsilon lies below every bar, just below when within 10 times
            where = ("" if smallest <= eps else
                     f", the line {'just ' * bool(smallest < 10 * eps)}below "
                     f"{'them' if len(finite) > 1 else 'it'}")
            parts.append(f"{times} times float64's machine epsilon, {_size(eps)}{where}")
    elif finite:
        parts.append("every " + "finite " * (len(finite) < len(values)) + "error is exactly 0")
    not_finite = [name for name in values if name not in finite]
    if not_finite:
        parts.append(f"{listed(not_finite)} {'is' if len(not_finite) == 1 else 'are'} NaN")
    return f"in {_quoted(label)} " + ", ".join(parts)


@styled
def plot_relative_errors(series: dict, *, pass_marks: dict | None = None):
    """One panel per comparison: for each parameter, the largest relative error, as a bar.

    ``series`` maps a comparison's name to ``{parameter name: max relative error}``; every
    comparison gets its own panel, titled with its name, on one shared logarithmic y axis, so
    the heights compare across panels. ``pass_marks`` maps a comparison's name to
    ``(threshold, meaning)``: a dashed line at ``threshold`` in that panel only, listed in the
    legend as "``meaning``", because what counts as a pass depends on what is compared (finite
    differences cannot resolve what float64 rounding can). An error of exactly 0 is drawn at the
    bottom of the axis and marked "0"; a NaN error (a gradient that is not finite, see
    :func:`helpers.calculus.relative_error`) is drawn to the top and marked "NaN".
    """
    series = checks.mapping("series", series, "a comparison's name to {parameter: error}")
    marks = {}
    if pass_marks is not None:
        what = "a comparison's name to (threshold, meaning)"
        for label, mark in checks.mapping("pass_marks", pass_marks, what).items():
            if label not in series:
                raise ValueError(f"pass_marks[{label!r}] must name a comparison of series, one "
                                 f"of {sorted(series)}")
            if not isinstance(mark, tuple) or len(mark) != 2 or not isinstance(mark[1], str):
                raise TypeError(f"pass_marks[{label!r}] must be a (threshold, meaning) pair, "
                                f"got {mark!r}")
            marks[label] = (checks.positive(f"pass_marks[{label!r}]", mark[0]), mark[1])
    names = list(next(iter(series.values())))
    fig, axes = subplots(1, len(series), width=4.9, height=3.9, sharey=True)
    for k, (ax, (label, errors)) in enumerate(zip(axes[0], series.items(), strict=True)):
        values = np.array([errors[name] for name in names], dtype=float)
        positions = np.arange(len(names))
        # NaN (a side that is not finite, which can never pass) is drawn to the top, marked.
        heights = np.where(np.isnan(values), 1.0, np.maximum(values, FLOOR))
        ax.bar(positions, heights, width=0.7, color=_pick(palette.COMPARISONS, k),
               edgecolor=palette.BLACK, lw=0.5)
        for x_pos, value in zip(positions, values, strict=True):
            if value == 0:
                ax.text(x_pos, FLOOR * 3, "0", ha="center", va="bottom", fontsize=9)
            elif np.isnan(value):  # dark on a light box: readable on a bar of any colour
                ax.text(x_pos, 0.3, "NaN", ha="center", va="top", fontsize=10, rotation=90,
                        color=palette.BLACK, fontweight="bold",
                        bbox={"boxstyle": "round,pad=0.15", "fc": palette.WHITE, "ec": "none"})
        if label in marks:
            value, meaning = marks[label]
            ax.axhline(value, color=palette.PATH, ls="--", lw=1.5, label=meaning)
        ax.axhline(np.finfo(float).eps, color=palette.GREY, ls=":", lw=1.5,
                   label="float64's machine epsilon ($2.2\\times10^{-16}$)")
        ax.set_yscale("log")
        ax.set_ylim(FLOOR, 1.0)
        ax.set_xticks(positions, names)
        ax.set_xlabel("parameter")
        ax.set_ylabel("largest relative error (log scale)")
        ax.set_title(label, fontsize=10.5)
        legend_once(ax, below=True, columns=1, bbox_to_anchor=(0.5, -0.22))
    fig.suptitle("How far apart two gradients are, parameter by parameter")
    describe(fig, _errors_sentence(series, names, marks))
    return fig


def _errors_sentence(series: dict, names: list, marks: dict) -> str:
    """Each comparison's outcome, after the number of panels when that fits; shorter forms drop
    the panels, then the machine epsilons, then the ranges."""
    count = {1: "One panel", 2: "Two panels", 3: "Three panels"}.get(len(series),
                                                                  f"{len(series)} panels")
    intro = f"{count} of bars on a log scale. "

    def sentence(head: bool, spread: bool, rounding: bool) -> str:
        text = "; ".join(_errors_phrase(label, {name: errors[name] for name in names},
                                        marks.get(label), spread=spread, rounding=rounding)
                         for label, errors in series.items())
        return (intro if head else "") + text[:1].upper() + text[1:]

    return fitting(*(sentence(head, spread, rounding) for spread in (True, False)
                     for rounding in (True, False) for head in (True, False)), aim=False)


def _largest_weight(runs: dict) -> float | None:
    """The largest |weight| at the end of any run (None when a run carries no ``params``)."""
    if not all(hasattr(run, "params") for run in runs.values()):
        return None
    return max(float(np.abs(np.asarray(a, dtype=float)).max())
               for run in runs.values() for pair in run.params for a in pair)


def _rounding_step(runs: dict) -> tuple[float, str]:
    """One float64 rounding step at the largest final weight of the runs (at 1 for runs without
    ``params``), and where it was taken, for the legend."""
    largest = _largest_weight(runs)
    if largest is None:
        return float(np.spacing(1.0)), "at the weight 1"
    return float(np.spacing(largest)), f"at the largest weight ({largest:.1f})"


def _largest_gap(pairs) -> float:
    """The largest |a - b| over pairs of arrays (0 when they are all empty)."""
    return max((float(np.max(np.abs(np.asarray(a) - np.asarray(b)), initial=0.0))
                for a, b in pairs), default=0.0)


def _side_by_side_sentence(runs: dict, step: float, where: str) -> str:
    """Left, how far our losses and torch's lie apart and where each run's loss ends; right, the
    range of the weight differences over all steps, against one float64 rounding step (that
    they reach it, when the largest is exactly one step). Bounds are rounded the way that keeps
    them true. Shorter forms drop the range, then the panels' places."""
    loss_gap = _largest_gap((run.our_losses, run.torch_losses) for run in runs.values())
    weight_gap = _largest_gap((run.max_abs_diff, 0.0) for run in runs.values())
    rounding = f"one float64 rounding step {where}, {_size(step)}"
    if weight_gap == 0:
        short, beside = "are all exactly 0", ""
    elif weight_gap <= step:
        short, beside = f"never rise above {rounding}", f", never above {rounding}"
    else:
        ratio = _at_most(weight_gap / step)
        short = f"rise to {_size(weight_gap)}, {ratio} times {rounding}"
        beside = f", up to {ratio} times {rounding}"
    done = {len(run.our_losses) for run in runs.values()}
    common = len(done) == 1 and not any(getattr(run, "diverged", False) for run in runs.values())
    ends = []
    for label, run in runs.items():
        label = " ".join(str(label).split())
        steps = len(run.our_losses)
        if not steps:
            ends.append(f"{label} diverges before its first step")
        elif common:
            ends.append(f"{label} {'ends at loss ' if not ends else 'at '}"
                        f"{run.our_losses[-1]:.3g}")
        else:
            ends.append(f"{label} ends at loss {run.our_losses[-1]:.3g} at step {steps}"
                        + (" and then diverges" if getattr(run, "diverged", False) else ""))
    ended = (f"after {plural(max(done), 'step')} " if common else "") + listed(ends)
    differences = [d for run in runs.values() for d in np.ravel(run.max_abs_diff)]
    apart = "exactly on ours" if loss_gap == 0 else f"at most {_at_most(loss_gap)} from ours"
    left = f"Left, torch.optim.SGD's losses lie {apart}; {ended}. Right, the weight differences"
    placed = [f"{left} {short}"]
    if differences and weight_gap > 0:
        low = min(differences)
        low = "0" if low == 0 else _at_least(low)
        every = f"over all {plural(max(done), 'step')}"
        if weight_gap == step:  # the largest difference is one rounding step: it reaches it
            placed.insert(0, f"{left} stay between {low} and {rounding}, {every}, reaching it")
        placed.insert(int(weight_gap == step),
                      f"{left} stay between {low} and {_at_most(weight_gap)} {every}{beside}")
    losses = ("the same losses" if loss_gap == 0
              else f"losses at most {_at_most(loss_gap)} apart")
    plain = f"Ours and torch.optim.SGD give {losses}, and the weight differences {short}; {ended}"
    brief = (f"Ours and torch.optim.SGD give {losses}, and weights "
             + ("the same" if weight_gap == 0 else f"at most {_at_most(weight_gap)} apart")
             + f"; {ended}")
    return fitting(*placed, plain, brief, aim=False)


CIRCLE_EVERY = 3  # torch's losses drawn at every third step, so our line shows between them


@styled
def plot_side_by_side(runs: dict):
    """Left: both losses per step for each run; right: the largest weight difference per step.

    ``runs`` maps a label to a ``helpers.crosscheck.SideBySide``. Each run's line of ours has a
    line style of its own (:data:`LINE_STYLES`); torch's losses are circles with a dark edge at
    every third step (each run starting one step later than the one before), so the line of
    ours stays visible between them. A difference of exactly 0 is drawn at the bottom of the
    log axis. The dotted reference line is one float64 rounding step at the largest final
    weight of the runs (``numpy.spacing``: the gap from it to the next float64), the size of
    the smallest change such a weight can show; runs without ``params`` get the step at 1. The
    description tells how far the two sides drift apart and where each run ends, and which
    runs diverged (an object without ``diverged`` is taken as a run that did not).
    """
    if not runs:
        raise ValueError("runs must hold at least one side-by-side result")
    fig, axes = subplots(1, 2, width=5.4, height=3.9)
    left, right = axes[0]
    for k, (label, run) in enumerate(runs.items()):
        colour = _pick(palette.OURS, k)
        steps = np.arange(1, len(run.our_losses) + 1)
        left.plot(steps, run.our_losses, color=colour, lw=2.5, ls=_pick(LINE_STYLES, k),
                  label=f"ours, {label}")
        left.plot(steps, run.torch_losses, ls="none", marker="o", ms=6, mec=palette.BLACK,
                  mew=0.8, markevery=(k % CIRCLE_EVERY, CIRCLE_EVERY),
                  color=_pick(palette.TORCH, k), label=f"torch.optim.SGD, {label}")
        right.plot(steps, np.maximum(run.max_abs_diff, FLOOR), color=colour, lw=2, marker=".",
                   ls=_pick(LINE_STYLES, k), label=label)
    left.set_yscale("log")
    left.set_xlabel("training step")
    left.set_ylabel("loss (log scale)")
    plain_log_ticks(left.yaxis, mantissas=(1, 2, 5))
    left.set_title("The losses: the circles (every third step) sit on the lines")
    legend_once(left, below=True, columns=2, bbox_to_anchor=(0.5, -0.2))
    step, where = _rounding_step(runs)
    right.axhline(step, color=palette.GREY, ls=":", lw=1.5,
                  label=f"one float64 rounding step ({step:.1e})\n{where}")
    right.set_yscale("log")
    right.set_ylim(FLOOR, 1.0)
    right.set_xlabel("training step")
    right.set_ylabel("largest weight difference (log scale)")
    right.set_title("The weights: differences of rounding size")
    legend_once(right, below=True, columns=1, bbox_to_anchor=(0.5, -0.2))
    describe(fig, _side_by_side_sentence(runs, step, where))
    return fig


@styled
def plot_loss_histories(histories: dict, *, title: str = "The loss at every training step",
                        ax=None):
    """One loss curve per ``{label: losses}`` entry against the training step, on a log axis.

    ``losses[k]`` is drawn at step k + 1: the loss computed during that step, before its update.
    """
    if not histories:
        raise ValueError("histories must hold at least one loss curve")
    own_figure = ax is None  # a caller that passes ax describes its figure itself
    ax = one_axes(ax, width=7.5, height=3.8)
    for k, (label, losses) in enumerate(histories.items()):
        losses = np.asarray(losses, dtype=float)
        ax.plot(np.arange(1, len(losses) + 1), losses, color=_pick(palette.LOSS_CURVES, k), lw=2,
                ls=_pick(LINE_STYLES, k), label=label)
    ax.set_yscale("log")
    values = np.concatenate([np.asarray(v, dtype=float).ravel() for v in histories.values()])
    values = values[np.isfinite(values) & (values > 0)]
    decades = np.log10(values.max() / values.min()) if values.size else 0.0
    plain_log_ticks(ax.yaxis, mantissas=(1, 2, 5) if decades <= 2 else (1,))
    ax.set_xlabel("training step")
    ax.set_ylabel("loss (log scale)")
    ax.set_title(title)
    legend_once(ax, below=True, columns=2, bbox_to_anchor=(0.5, -0.2))
    if own_figure:
        describe(ax.figure, fitting(_histories_sentence(histories), aim=False))
    return ax.figure


SWING = 10.0  # a loss curve swings when it turns after moving by at least this factor
MOST_SWINGS = 4  # turns a sentence lists one by one; more are counted


def _turning_points(losses: np.ndarray) -> list[int]:
    """Where a positive loss curve turns after rising or falling by at least :data:`SWING` times
    (a decade on the log axis): the indices of its alternating peaks and dips, between its first
    and its last point (smaller wiggles are ignored)."""
    points, trend, extreme = [0], 0, 0
    for i in range(1, len(losses)):
        value = losses[i]
        if trend == 0:
            if value >= SWING * losses[0] or losses[0] >= SWING * value:
                trend, extreme = (1 if value > losses[0] else -1), i
        elif trend * (value - losses[extreme]) > 0:  # further the same way
            extreme = i
        elif max(value, losses[extreme]) >= SWING * min(value, losses[extreme]):
            points.append(extreme)
            trend, extreme = -trend, i
    return [i for i in points[1:] if i != len(losses) - 1] + (
        [extreme] if trend and extreme != len(losses) - 1 else [])


def _reversals(losses: np.ndarray, first: int, last: int) -> int:
    """How often a curve changes direction (a peak or a dip, however small) at the steps from
    index ``first`` to ``last``."""
    steps = np.sign(np.diff(losses))
    turns = np.flatnonzero(steps[1:] * steps[:-1] < 0) + 1  # the peak's or dip's index
    return int(np.sum((turns >= first) & (turns <= last)))


def _curve_phrase(losses: np.ndarray) -> str:
    """Where one loss curve starts, where it turns up and down by a decade or more (or its peak,
    when above both ends), and where it ends, and where it stops being finite. When smaller
    swings lie between the big turns, the stretch from the first big turn to the last is said
    as a whole ("swings between 1.16 and 445 up to step 45, changing direction 10 times"),
    then how the curve ends ("then rises at every step to 26.9 at step 60")."""
    bad = np.flatnonzero(~np.isfinite(losses))
    kept = losses[:bad[0]] if bad.size else losses
    if not kept.size:
        return "is not finite from step 1 on"
    first, last, top, steps = kept[0], kept[-1], int(np.argmax(kept)), plural(len(kept), "step")
    turns = _turning_points(kept) if np.all(kept > 0) else []
    zone = _reversals(kept, turns[0], turns[-1]) if len(turns) > 1 else 0
    if 1 < len(turns) <= MOST_SWINGS and zone > len(turns):
        # smaller swings between the big ones: the stretch as a whole, then how the curve ends
        low, high = kept[turns[0]:turns[-1] + 1].min(), kept[turns[0]:turns[-1] + 1].max()
        after = np.diff(kept[turns[-1]:])
        way = "rises" if np.all(after > 0) else "falls" if np.all(after < 0) else ""
        end = (f"then {way} at every step to {last:.3g} at step {len(kept)}" if way
               else f"and ends at {last:.3g} at step {len(kept)}")
        start = "up" if kept[turns[0]] > first else "down"
        before = np.diff(kept[:turns[0] + 1])
        way_there = ("goes from" if np.all(before > 0) or np.all(before < 0)
                     else "swings from")  # smaller swings on the way
        phrase = (f"{way_there} {first:.3g} {start} to {kept[turns[0]]:.3g} at step "
                  f"{turns[0] + 1}, swings between {low:.3g} and {high:.3g} up to step "
                  f"{turns[-1] + 1}, changing direction {zone} times, {end}")
    elif 1 < len(turns) <= MOST_SWINGS:
        moves = [f"{'up' if kept[i] > kept[j] else 'down'} to {kept[i]:.3g} at "
                 f"{'step ' * (k == 0)}{i + 1}"
                 for k, (j, i) in enumerate(zip([0, *turns[:-1]], turns, strict=True))]
        phrase = (f"goes from {first:.3g} " + ", ".join(moves) + f", and ends at {last:.3g} at "
                  f"step {len(kept)}")
    elif len(turns) > MOST_SWINGS:
        values = kept[turns]
        phrase = (f"goes from {first:.3g} up and down {len(turns)} times by ten times or more, "
                  f"between {values.min():.3g} and {values.max():.3g}, and ends at {last:.3g} "
                  f"at step {len(kept)}")
    elif kept[top] > max(first, last):
        phrase = (f"goes from {first:.3g} up to {kept[top]:.3g} at step {top + 1} and ends at "
                  f"{last:.3g} at step {len(kept)}")
    elif last != first:
        trend = "falls" if last < first else "rises"
        phrase = f"{trend} from {first:.3g} to {last:.3g} over {steps}"
    else:
        phrase = f"stays at {first:.3g} for {steps}"
    return phrase + (f", then stops being finite at step {bad[0] + 1}" if bad.size else "")


def _quoted(label) -> str:
    return "\u201c" + " ".join(str(label).split()) + "\u201d"


def _same_start(curves: list[np.ndarray]) -> int:
    """For how many first steps every curve has the same loss (to 9 significant digits)."""
    length = min(len(curve) for curve in curves)
    same = np.all([np.isclose(curve[:length], curves[0][:length], rtol=1e-9, atol=0)
                   for curve in curves], axis=0)
    return length if same.all() else int(np.argmin(same))


def _histories_sentence(histories: dict) -> str:
    """For how many first steps the curves coincide, which ends lowest (when one does), and how
    each one moves."""
    curves = {_quoted(label): np.asarray(losses, dtype=float).ravel()
              for label, losses in histories.items()}
    phrases = {label: f"{label} {_curve_phrase(losses)}" for label, losses in curves.items()}
    if len(curves) == 1:
        return "The loss " + next(iter(phrases.values()))
    same = _same_start(list(curves.values()))
    start = f"The curves coincide for {plural(same, 'step')}. " if same >= 2 else ""
    ends = {label: losses[-1] for label, losses in curves.items()
            if losses.size and np.isfinite(losses).all()}
    best = [label for label, end in ends.items() if end == min(ends.values())]
    if len(best) != 1:
        return fitting(start + "; ".join(phrases.values()), "; ".join(phrases.values()),
                       aim=False)
    lead = f"{best[0]} ends lowest: its loss {_curve_phrase(curves[best[0]])}"
    told = "; ".join([lead] + [phrase for label, phrase in phrases.items() if label != best[0]])
    return fitting(start + told, told, aim=False)


def _rounds(label, value) -> list:
    """A ``StepTiming``, or a sequence of them (rounds of one measurement), as a list."""
    if hasattr(value, "numpy_seconds"):
        return [value]
    rounds = list(value)
    if not rounds or not all(hasattr(t, "numpy_seconds") for t in rounds):
        raise ValueError(f"timings[{label!r}] must be a StepTiming or a non-empty list of them, "
                         f"got {value!r}")
    return rounds


@styled
def plot_step_times(timings: dict, *, ax=None):
    """Bars of microseconds per training step, numpy (ours) next to torch autograd, per network.

    ``timings`` maps a label (e.g. the network's sizes) to a ``helpers.crosscheck.StepTiming``,
    or to a list of them, one per round of the same measurement. With rounds, each bar is the
    median over the rounds, a black dot marks every round, and the text above the pair gives
    the range of ours / torch over the rounds: timings move with the machine's load, and the
    spread shows by how much.
    """
    if not timings:
        raise ValueError("timings must hold at least one timing")
    own_figure = ax is None  # a caller that passes ax describes its figure itself
    ax = one_axes(ax, width=7.0, height=3.8)
    labels = list(timings)
    rounds = [_rounds(label, timings[label]) for label in labels]
    positions = np.arange(len(labels))
    ours = [np.array([t.numpy_seconds for t in r]) * 1e6 for r in rounds]
    theirs = [np.array([t.torch_seconds for t in r]) * 1e6 for r in rounds]
    for offset, times, colour, name in ((-0.2, ours, palette.OURS[0], "ours (numpy backward)"),
                                        (0.2, theirs, palette.TORCH[0], "torch autograd + SGD")):
        ax.bar(positions + offset, [np.median(t) for t in times], width=0.38, color=colour,
               label=name, edgecolor=palette.BLACK, lw=0.5)
    several = any(len(r) > 1 for r in rounds)
    if several:
        for x_pos, a, b in zip(positions, ours, theirs, strict=True):
            for offset, times in ((-0.2, a), (0.2, b)):
                ax.plot(np.full(len(times), x_pos + offset), times, ls="none", marker="o", ms=4,
                        color=palette.BLACK, label="one round" if x_pos == 0 and offset < 0
                        else None)
    top = max(max(a.max(), b.max()) for a, b in zip(ours, theirs, strict=True))
    bottom = min(min(a.min(), b.min()) for a, b in zip(ours, theirs, strict=True))
    for x_pos, a, b in zip(positions, ours, theirs, strict=True):
        ratios = a / b
        text = (f"ours / torch = {ratios[0]:.2f}" if len(ratios) == 1 else
                f"ours / torch: {ratios.min():.2f} to {ratios.max():.2f}\n"
                f"over {len(ratios)} rounds")
        ax.text(x_pos, max(a.max(), b.max()) * 1.3, text, ha="center", fontsize=9)
    ax.set_yscale("log")
    ax.set_ylim(bottom / 2, top * 8)
    ax.set_xticks(positions, labels)
    ax.set_xlabel("network (layer sizes) and number of samples")
    ax.set_ylabel("time per training step (µs, log scale)")
    ax.set_title("What one training step costs (median" + (" of the rounds" if several else "")
                 + "; depends on this machine)")
    ax.legend(loc="upper left", fontsize=9)
    if own_figure:
        describe(ax.figure, _step_times_sentence(list(zip(labels, ours, theirs, strict=True))))
    return ax.figure


def _step_times_sentence(rows: list) -> str:
    """Each network's median times and who is faster (:func:`_timing_phrase`), with the ratio
    over the rounds: for every network, else only where the rounds disagree (the verdict
    changes from round to round), else for none; the number of rounds said once when every
    network has as many."""
    counts = {len(ours) for _, ours, _ in rows}
    shared = counts.pop() if len(counts) == 1 else None
    over = f" over {shared} rounds" if shared and shared > 1 else ""

    def said(spread: str, short: bool, step: str = "training step") -> str:
        return f"Median time per {step}{over}, ours against torch: " + "; ".join(
            _timing_phrase(*row, spread=spread, rounds=not over, short=short) for row in rows)

    return fitting(*(said(spread, short, step) for spread in ("always", "split")
                     for short in (False, True) for step in ("training step", "step")),
                   said("never", False), said("never", True), aim=False)


def _three_digits(value: float) -> str:
    """A time to 3 significant digits, thousands grouped: ``"34,100"``, ``"45.2"``."""
    return f"{float(f'{value:.3g}'):,.10g}"


def _timing_phrase(label, ours: np.ndarray, theirs: np.ndarray, *, spread="always",
                   rounds: bool = True, short: bool = False) -> str:
    """Both median times on one network (its layer sizes in words, :func:`layer_words`), which
    is faster, and the ratio ours / torch over the rounds as the figure writes it above the
    bars. With several rounds the verdict is counted round by round: "ours faster in every
    round", "ours faster in 4 of 5 rounds, torch in 1" (the verdict changes between rounds).
    ``spread``: the ratio "always", only where the rounds disagree ("split"), or "never";
    ``rounds``: "over 5 rounds" after the ratio and "4 of 5 rounds" (when the sentence has
    not said how many rounds); ``short``: the network by its hidden layers alone."""
    mine, torch_time = float(np.median(ours)), float(np.median(theirs))
    ratios = ours / theirs
    times = (f"{layer_words(' '.join(str(label).split()), short=short)}: "
             f"{_three_digits(mine)} against {_three_digits(torch_time)} µs, ")
    if len(ratios) == 1:
        # times within 5 % of each other are a tie on a machine whose load moves them more
        winner = ("about as fast" if abs(mine - torch_time) <= 0.05 * min(mine, torch_time)
                  else "ours faster" if mine < torch_time else "torch faster")
        return times + winner + (f" (ours / torch = {ratios[0]:.2f})"
                                 if spread == "always" else "")
    count = len(ratios)
    faster, slower = int(np.sum(ratios < 1)), int(np.sum(ratios > 1))
    if faster == count or slower == count:
        winner = f"{'ours' if faster else 'torch'} faster in every round"
    else:
        first, second = (("ours", faster), ("torch", slower)) if faster >= slower else (
            ("torch", slower), ("ours", faster))
        many = f"{first[1]} of {count} rounds" if rounds else plural(first[1], "round")
        winner = (f"{first[0]} faster in {many}, {second[0]} in {second[1]}"
                  + (f", the same in {count - faster - slower}" if faster + slower < count
                     else ""))
    split = faster != count and slower != count
    ratio = (f" (ours / torch {ratios.min():.2f} to {ratios.max():.2f}"
             + (f" over {count} rounds" if rounds else "") + ")")
    return times + winner + (ratio if spread == "always" or (spread == "split" and split)
                             else "")


@styled
def plot_data_parallel(world_size: int = 2, *, ax=None):
    """The idea of data parallelism as a picture: split the batch, one gradient per worker,
    all-reduce to the average, which every worker then uses for the same update."""
    world_size = checks.integer("world_size", world_size, 1, 6)
    own_figure = ax is None  # a caller that passes ax describes its figure itself
    ax = one_axes(ax, width=12.0, height=1.3 + 1.1 * world_size)
    height = 1.1 * world_size
    ax.set_xlim(-0.1, 12.4)
    ax.axis("off")
    box = {"pad": 0.03, "rounding": 0.1, "fill": 0.18, "lw": 1.6, "fontsize": 9.5}
    arrow = {"lw": 1.4, "head": 12}

    rows = [height - 1.1 * (rank + 1) + 0.6 for rank in range(world_size)]
    middle = float(np.mean(rows))
    ax.set_ylim(min(-0.3, middle - 1.3), height + 0.1)
    draw_box(ax, (0.85, middle), f"a batch of n rows,\nsplit in {world_size}", palette.GREY,
             width=1.6, height=0.9, **box)
    draw_box(ax, (8.55, middle), "the average of the\nworkers' gradients", palette.PATH,
             width=2.2, height=0.9, **box)
    draw_box(ax, (11.15, middle), "the same update\non every worker", palette.PURPLE, width=2.1,
             height=0.9, **box)
    draw_arrow(ax, (9.65, middle), (10.1, middle), **arrow)
    for rank, cy in enumerate(rows):
        number = rank + 1  # workers, shards and gradients all counted from 1
        draw_box(ax, (3.15, cy), f"worker {number}: shard {number}\nof {world_size}, "
                 f"n/{world_size} rows", palette.FUNCTION, width=2.1, **box)
        draw_box(ax, (5.75, cy), f"mean gradient $g_{number}$\non its shard", palette.ORANGE,
                 width=2.1, **box)
        draw_arrow(ax, (1.65, middle), (2.1, cy), **arrow)
        draw_arrow(ax, (4.2, cy), (4.7, cy), **arrow)
        draw_arrow(ax, (6.8, cy), (7.45, middle), colour=palette.PATH, **arrow)
    ax.text(8.7, middle - 0.75, f"all_reduce sums them, each worker\ndivides by {world_size} "
            "(the world size:\nthe number of workers)\n= the full-batch gradient", ha="center",
            va="top", fontsize=9, color=palette.ink(palette.PATH), style="italic")
    ax.set_title(f"Data parallelism with {world_size} workers: each sees part of the batch, "
                 "all agree on one gradient")
    if own_figure:
        describe(ax.figure, _data_parallel_sentence(world_size))
    return ax.figure


_SHARES = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth"}  # of the batch


def _data_parallel_sentence(world_size: int) -> str:
    """The picture left to right, in words (a share of the batch, not "n/2")."""
    if world_size == 1:
        return ("Left to right: a batch of n rows; one worker computes the mean gradient on all "
                "of it; all_reduce over that single worker leaves it as it is, the full-batch "
                "gradient; the update.")
    share = _SHARES[world_size]
    return (f"Left to right: a batch of n rows, split in {world_size}; one row per worker, each "
            f"computing the mean gradient on its {share} of the rows; the average of the "
            f"{world_size} gradients (all_reduce sums them, each worker divides by {world_size}), "
            "which is the full-batch gradient; the same update on every worker.")
