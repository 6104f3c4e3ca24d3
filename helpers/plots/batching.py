"""Static figures of lecture 04's second half: the loss surface of a two-parameter regression
with descent paths on it, paths and loss curves of runs with different batch sizes (per update
and per epoch), time per epoch against batch size, and memory while streaming data from disk.

One rule for the runs of different batch sizes, in every figure: full batch (one update per
epoch, whatever else the run is called) is drawn in ``palette.FULL_BATCH`` with squares, the
colour the batch-size explorer gives "full batch, same η"; every other run takes the next colour
of ``palette.MINI_BATCH_RUNS`` and the next shape of :data:`RUN_MARKERS`. A run's marker sits
where the run is at the end of each epoch, on the map and on both loss panels alike. The lines of
a run in a colour too light for the white page (sky blue, orange: from the fourth mini-batch run
on) carry a dark edge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import is_color_like
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .. import checks, data, palette
from ..geometry import (
    clip_to_extent,
    inside,
    loss_grid,
    loss_levels,
    same_as_earlier,
    view_extent,
)
from ..results import plural, show_epochs
from ..solvers.cost import CostModel
from .descriptions import describe, fitting, listed
from .marks import draw_path, outline, plain_log_ticks
from .style import styled, subplots

__all__ = [
    "FULL_BATCH_MARKER",
    "RUN_MARKERS",
    "plot_batch_paths",
    "plot_epoch_times",
    "plot_loss_curves",
    "plot_loss_surface",
    "plot_memory_trace",
]

FULL_BATCH_MARKER = "s"
# Paired with palette.MINI_BATCH_RUNS slot for slot; none is the start's circle, the last step's
# diamond or the minimum's star.
RUN_MARKERS = ("^", "X", "P", "v", "h")
LOG_LOSS = "loss on all the data (log scale)"
FAINT_WIDTH = 0.7  # the loss after every update against epochs, under the epochs' markers
KEY_TITLE = "A run's marker shows where it is\nat the end of each epoch"

# ---------------------------------------------------------------- loss surface and paths


def _losses(result, X, y) -> np.ndarray:
    """The loss on all the data after every update: recorded by the run, or computed here."""
    if result.losses is not None:
        return np.asarray(result.losses, dtype=float)
    return np.asarray(data.linear_mse(result.path, X, y), dtype=float)


def _contours(ax, X, y, extent, *, alpha: float = 1.0) -> None:
    W0, W1, L = loss_grid(X, y, extent)
    ax.contour(W0, W1, L, levels=loss_levels(L), cmap=palette.CONTOUR_MAP, linewidths=1,
               alpha=alpha)
    ax.plot(*data.least_squares(X, y), "*", color=palette.MINIMUM, ms=15, mec=palette.BLACK,
            mew=0.6, label="least-squares minimum", zorder=6, ls="none")
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("$w_0$ (intercept)")
    ax.set_ylabel("$w_1$ (slope)")


@styled
def plot_loss_surface(X, y, result, *, extent=None, title: str | None = None,
                      label: str = "descent path"):
    """The regression's loss over (w0, w1) as a 3-D surface and as contours, with the path of
    ``result`` (a run of gradient descent on the weights) on both."""
    path = np.asarray(result.path, dtype=float)
    extent = view_extent(X, y, [path[0]]) if extent is None else checks.extent("extent", extent)
    fig = plt.figure(figsize=(10.0, 4.4), layout="constrained")
    ax3d = fig.add_subplot(1, 2, 1, projection="3d", computed_zorder=False)
    ax = fig.add_subplot(1, 2, 2)
    W0, W1, L = loss_grid(X, y, extent, points=45)
    ax3d.plot_surface(W0, W1, L, cmap=palette.CONTOUR_MAP, alpha=0.75, linewidth=0,
                      antialiased=True)
    shown = path[inside(path, extent)]
    if len(shown):
        # Lifted a little so the path stays visible on the surface.
        lifted = data.linear_mse(shown, X, y) + 0.01 * float(L.max() - L.min())
        draw_path(ax3d, np.column_stack([shown, lifted]), label=label, ms=3, dots=True,
                  zorder=10, end=False, end_ms=7)
    ax3d.set_xlabel("$w_0$ (intercept)")
    ax3d.set_ylabel("$w_1$ (slope)")
    ax3d.set_zlabel("loss (mean squared error)")
    ax3d.set_title("The loss surface: a long, tilted bowl")
    ax3d.view_init(elev=35, azim=-60)
    ax3d.legend(loc="upper left", fontsize=9)
    _contours(ax, X, y, extent)
    draw_path(ax, clip_to_extent(path, extent, margin=1.0), label=label, lw=1.6, long_lw=0.9,
              zorder=4, start_ms=8, end_ms=7, ends_zorder=7)
    ax.set_title("The same bowl from above (contours)")
    ax.legend(loc="upper right", fontsize=9)
    fig.suptitle(title or f"Gradient descent on the regression loss: {len(path) - 1} steps")
    describe(fig, _descent_sentence(X, y, result))
    return fig


# ---------------------------------------------------------------- what the figures show


def _loss_text(value: float) -> str:
    """A loss as the lecture prints it: three decimals (three digits when it is large)."""
    return f"{value:.3f}" if abs(value) < 100 else f"{value:.3g}"


def _weights_text(point) -> str:
    """A point of the map by what its coordinates mean, as its axes name them: "intercept
    0.884, slope 2.03"."""
    w0, w1 = (f"{v:.3g}" for v in np.ravel(point))
    return f"intercept {w0}, slope {w1}"


def _floor(X, y) -> tuple[np.ndarray, float]:
    """The least-squares weights and their loss, the lowest the data allow."""
    best = data.least_squares(X, y)
    return best, float(data.linear_mse(best, X, y))


def _turns(path: np.ndarray) -> np.ndarray:
    """The numbers of the steps (counted from 1) that point against the step before them."""
    steps = np.diff(path, axis=0)
    return np.flatnonzero(np.sum(steps[1:] * steps[:-1], axis=1) < 0) + 2


LONG_BOWL = 4.0  # a bowl at least this many times as curved across as along is "long"
ALONG = 0.9  # a step is "along the valley" when its cosine with the valley's floor is above this


def _valley(X) -> tuple[float, np.ndarray]:
    """How many times more curved the loss is across its valley than along it, and the direction
    of the valley's floor (the eigenvectors of X^T X, the loss's curvature up to a factor)."""
    curvatures, directions = np.linalg.eigh(np.asarray(X, dtype=float).T @ np.asarray(X, float))
    if curvatures[0] <= 0:
        return np.inf, directions[:, 0]
    return float(curvatures[1] / curvatures[0]), directions[:, 0]


def _valley_text(X) -> str:
    """ "a long bowl, along whose valley higher slopes go with lower intercepts", or "a round
    bowl" when it is not long (:data:`LONG_BOWL`)."""
    ratio, floor = _valley(X)
    if ratio < LONG_BOWL:
        return "a round bowl"
    way = "lower" if floor[0] * floor[1] < 0 else "higher"
    return f"a long bowl, along whose valley higher slopes go with {way} intercepts"


def _descent_sentence(X, y, result) -> str:
    """The bowl's shape, how one run of gradient descent on it moves (zig-zag across the valley,
    then along its floor) and where it ends, against the minimum. The most detailed form that
    fits comes first; shorter ones leave out first the end's coordinates, then the views."""
    path = np.asarray(result.path, dtype=float)
    best, floor = _floor(X, y)
    start, steps = _weights_text(path[0]), plural(result.steps, "step")
    end_loss = _loss_text(float(data.linear_mse(path[-1], X, y)))
    heads = [f"Seen as a surface and as contours, the loss is {_valley_text(X)}",
             f"Surface and contours: {_valley_text(X)}", "The loss as a surface and as contours"]
    minimum = f"the minimum at {_weights_text(best)}"
    if result.diverged:
        return fitting(*(
            f"{head}. Gradient descent from {start} diverges: after {steps} it is at "
            f"{_weights_text(path[-1])}, loss {end_loss}, far from {minimum}, loss "
            f"{_loss_text(floor)}" for head in heads),
            summary=f"Gradient descent from {start} diverges after {steps}", aim=False)
    turns = _turns(path)
    ways = [""]
    if len(turns) >= 2:
        ways = [" zig-zags down the bowl and"]
        ratio, valley = _valley(X)
        last = path[-1] - path[-2]
        along = (ratio >= LONG_BOWL and np.linalg.norm(last) > 0
                 and abs(last @ valley) / np.linalg.norm(last) > ALONG)
        if along and turns[-1] < result.steps:
            ways.insert(0, f" zig-zags across the valley for {turns[-1]} steps, then runs along "
                           "its floor and")
    if result.converged:
        endings = [f" reaches {minimum} after {steps}, loss {_loss_text(floor)}"]
    else:
        # the last step still heads for the minimum: the run stopped short of it
        heading = len(path) > 1 and (path[-1] - path[-2]) @ (best - path[-1]) > 0
        short = "short of" if heading else "away from"
        endings = [f" stops after {steps} at {_weights_text(path[-1])}, {short} {minimum}: loss "
                   f"{end_loss} against {_loss_text(floor)}",
                   f" stops after {steps} {short} {minimum}: loss {end_loss} against "
                   f"{_loss_text(floor)}"]
    # the bowl's valley matters more than where exactly the run stopped
    candidates = [f"{head}. Descent from {start}{way}{ending}"
                  for way in ways for head in heads[:2] for ending in endings]
    candidates += [f"{heads[2]}. Descent from {start}{ways[-1]}{ending}"
                   for ending in endings]
    return fitting(*candidates, aim=False)


@dataclass(frozen=True)
class _RunStyle:
    """How one run is drawn on every panel."""

    colour: str
    marker: str
    dashed: bool  # a twin: its iterates equal an earlier run's, so it is drawn dashed on top
    zorder: float


def _colour_overrides(runs: dict, colours) -> dict:
    if colours is None:
        return {}
    if not isinstance(colours, Mapping):
        raise TypeError(f"colours must be None or a dict that maps a run's label to a colour, "
                        f"got {colours!r}")
    for label, colour in colours.items():
        if label not in runs:
            raise ValueError(f"colours[{label!r}] must name a run: the labels are "
                             f"{list(runs)!r}")
        if isinstance(colour, bool) or not is_color_like(colour):
            raise ValueError(f"colours[{label!r}] must be a colour (e.g. palette.FULL_BATCH or "
                             f"'#0072B2'), got {colour!r}")
    return dict(colours)


def _zorders(runs: dict, twins: list[bool]) -> list[float]:
    """Runs with fewer updates on top, so a long noisy walk does not hide a short smooth one; a
    run on the path of an earlier one (a twin) above that one."""
    counts = [len(r.path) for r in runs.values()]
    return [3 + 0.1 * sorted(counts, reverse=True).index(c) + 0.05 * twin
            for c, twin in zip(counts, twins, strict=True)]


def _run_styles(runs: dict, colours=None) -> list[_RunStyle]:
    """How each run is drawn (see the module's docstring); ``colours`` (label -> colour)
    overrides the colour of the runs it names. Two full-batch runs that differ share a colour
    and a marker unless ``colours`` tells them apart."""
    overrides = _colour_overrides(runs, colours)
    twins = same_as_earlier([np.asarray(r.path, dtype=float) for r in runs.values()])
    styles, k = [], 0
    for (label, result), twin, z in zip(runs.items(), twins, _zorders(runs, twins), strict=True):
        if result.updates_per_epoch == 1:
            colour, marker = palette.FULL_BATCH, FULL_BATCH_MARKER
        else:
            colour = palette.MINI_BATCH_RUNS[k % len(palette.MINI_BATCH_RUNS)]
            marker = RUN_MARKERS[k % len(RUN_MARKERS)]
            k += 1
        styles.append(_RunStyle(overrides.get(label, colour), marker, twin, z))
    return styles


def _epoch_ends(result) -> np.ndarray:
    """The iterates that end an epoch (1, 2, ... epochs in), as indices into ``result.path``."""
    every = result.updates_per_epoch
    return np.arange(every, len(result.path), every)


def _marker_style(style: _RunStyle, size: float) -> dict:
    """A run's epoch-end marker; a twin's a size smaller, so the run beneath shows around it."""
    return {"marker": style.marker, "color": style.colour, "mec": palette.BLACK, "mew": 0.5,
            "ms": size * (0.75 if style.dashed else 1.0)}


def _draw_runs_on_map(ax, runs: dict, styles, extent) -> None:
    """Each run's path, a marker at each epoch's end and a diamond at its last step. Iterates
    far off the view are clipped one view-width past its edge."""
    for (label, result), style in zip(runs.items(), styles, strict=True):
        path = clip_to_extent(np.asarray(result.path, dtype=float), extent, margin=1.0)
        draw_path(ax, path, colour=style.colour, label=label, lw=2.2 if style.dashed else 1.6,
                  long_lw=0.9, zorder=style.zorder, dots=False, dashed=style.dashed, edged=True,
                  start=False, end_ms=5.5 if style.dashed else 7, ends_zorder=style.zorder + 3,
                  end_label=None)
        ends = _epoch_ends(result)
        ends = ends[ends < len(path) - 1]  # the last step has its diamond
        ax.plot(*path[ends].T, ls="none", zorder=style.zorder + 1,
                label=f"{label}: epoch ends", **_marker_style(style, 6.5))


def _draw_losses(ax_update, ax_epoch, runs: dict, styles, X, y) -> None:
    """Loss after every update (a line, the run's marker at each epoch's end) and against
    epochs (every update a faint line: thin, but in the run's full colour, so that it stands
    out from the page; the epoch ends marked, joined by nothing, for nothing was measured
    between them but the faint line)."""
    last_update, starts = 1, set()
    for (label, result), style in zip(runs.items(), styles, strict=True):
        losses = _losses(result, X, y)
        starts.add(float(losses[0]))
        updates = np.arange(len(losses))
        ends = _epoch_ends(result)
        last_update = max(last_update, updates[-1])
        line = "--" if style.dashed else "-"
        width = 2.2 if style.dashed else 1.3
        ax_update.plot(updates, losses, ls=line, lw=width, label=label, zorder=style.zorder,
                       markevery=list(ends), path_effects=outline(style.colour, width),
                       **_marker_style(style, 6.5))
        epochs = updates / result.updates_per_epoch
        ax_epoch.plot(epochs, losses, ls=line, color=style.colour, lw=FAINT_WIDTH,
                      zorder=style.zorder, label=f"{label}: every update",
                      path_effects=outline(style.colour, FAINT_WIDTH))
        ax_epoch.plot(epochs[ends], losses[ends], ls="none", zorder=style.zorder + 2,
                      label=f"{label}: epoch ends", **_marker_style(style, 7.5))
    floor = float(data.linear_mse(data.least_squares(X, y), X, y))
    for ax in (ax_update, ax_epoch):
        ax.plot(np.zeros(len(starts)), sorted(starts), "o", color=palette.START, ms=7, zorder=8,
                clip_on=False, label="start")
        ax.axhline(floor, color=palette.MINIMUM, ls=":", lw=1.6, label="lowest possible loss")
        ax.set_yscale("log")
        plain_log_ticks(ax.yaxis)
        ax.set_ylabel(LOG_LOSS)
    ax_update.set_xscale("symlog", linthresh=10)
    ax_update.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax_update.set_xlim(0, last_update)
    ax_update.set_xlabel("update number (evenly spaced up to 10, log scale beyond)")
    ax_update.set_title("Loss after every update")
    ax_epoch.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_epoch.set_xlabel("epochs (passes over the data)")
    ax_epoch.set_title("Loss against epochs\n(faint: every update; markers: epoch ends)")


def _legend_handles(runs: dict, styles, *, on_map: bool) -> list[Line2D]:
    """One entry per run (its colour, line and marker), then the marks every run shares."""
    handles = [Line2D([], [], ls="--" if s.dashed else "-", lw=2.2 if s.dashed else 1.6,
                      label=f"{label}: {result.steps} updates",
                      path_effects=outline(s.colour, 2.2 if s.dashed else 1.6),
                      **_marker_style(s, 7.5))
               for (label, result), s in zip(runs.items(), styles, strict=True)]
    handles.append(Line2D([], [], ls="none", marker="o", color=palette.START, ms=8,
                          label="start"))
    if on_map:
        handles.append(Line2D([], [], ls="none", marker="D", mfc=palette.WHITE,
                              mec=palette.BLACK, ms=7, label="last step (in the run's colour)"))
        handles.append(Line2D([], [], ls="none", marker="*", color=palette.MINIMUM, ms=14,
                              mec=palette.BLACK, mew=0.6, label="least-squares minimum"))
    handles.append(Line2D([], [], color=palette.MINIMUM, ls=":", lw=1.6,
                          label="lowest possible loss"))
    return handles



def _twin_of(paths: list[np.ndarray]) -> list[int | None]:
    """For each path, the index of the first earlier path it equals (see ``same_as_earlier``)."""
    twins = []
    for k, path in enumerate(paths):
        same = [j for j in range(k) if paths[j].shape == path.shape
                and np.allclose(paths[j], path, rtol=1e-9, atol=1e-12)]
        twins.append(same[0] if same else None)
    return twins


TIED = 0.05  # runs whose losses lie within 5 % of the lowest are practically tied
HOPPING = 0.25  # a run hops when its mean step is at least this share of its mean distance


def _tied(values) -> tuple[list[int], int]:
    """Which of ``values`` (losses) lie within :data:`TIED` of the lowest, lowest first, and
    the whole percentage they all lie within ("within 1%")."""
    values = np.asarray(values, dtype=float)
    low = float(values.min())
    close = [int(k) for k in np.argsort(values, kind="stable")
             if values[k] <= low * (1 + TIED) and low > 0]
    spread = (values[close].max() - low) / low if low > 0 else np.inf
    return close, max(1, int(np.ceil(100 * spread - 1e-9))) if np.isfinite(spread) else 0


def _hops(result, best: np.ndarray) -> bool:
    """Whether a run hops around the minimum ``best`` without settling, over its last epoch (at
    least 10 updates): the minimum lies inside the box its iterates span, and its mean step is
    at least :data:`HOPPING` of its mean distance to the minimum."""
    path = np.asarray(result.path, dtype=float)
    updates = min(int(result.updates_per_epoch), len(path) - 1)
    if updates < 10 or result.diverged or not np.isfinite(path).all():
        return False
    last = path[-(updates + 1):]
    distance = float(np.linalg.norm(last - best, axis=1).mean())
    step = float(np.linalg.norm(np.diff(last, axis=0), axis=1).mean())
    around = bool(np.all(last.min(axis=0) < best) and np.all(last.max(axis=0) > best))
    return around and step >= HOPPING * distance


_LINE_STYLE = re.compile(r"\s*\((?:dashed|dotted|solid|dash-dotted)\)", re.IGNORECASE)


def _spoken(label) -> str:
    """A run's label as a sentence says it: in quotes, without a line style in brackets
    ("(dashed)"), which tells a listener nothing."""
    return '"' + " ".join(_LINE_STYLE.sub("", str(label)).split()) + '"'


def _share_of_way(result, best: np.ndarray) -> float:
    """How much of its start's distance to the minimum ``best`` a run has closed at its end, on
    the map (1: at the minimum, 0: as far as at the start, below 0: further away)."""
    path = np.asarray(result.path, dtype=float)
    start = float(np.linalg.norm(path[0] - best))
    return 1.0 - float(np.linalg.norm(path[-1] - best)) / start if start > 0 else 1.0


def _rising_epochs(result, losses: np.ndarray) -> list[int]:
    """The epochs (from the second) at whose end the loss is above the end of the epoch before:
    the epoch-end markers that sit above their neighbour on the left."""
    ends = losses[_epoch_ends(result)]
    return [k + 2 for k in np.flatnonzero(ends[1:] > ends[:-1])]


def _runs_sentence(X, y, runs: dict, *, on_map: bool) -> str:
    """The panels; which run of several batch sizes ends lowest, the others' losses and update
    counts, which runs walk the same path, where each path ends on the map (``on_map``: hopping
    around the minimum, or the share of the way to it), which runs end an epoch higher than the
    one before, and which leads after as many updates as the shortest run made."""
    labels = list(runs)
    losses = {label: _losses(runs[label], X, y) for label in labels}
    twins = _twin_of([np.asarray(runs[label].path, dtype=float) for label in labels])
    alone = [label for label, twin in zip(labels, twins, strict=True) if twin is None]
    diverged = [label for label in alone if runs[label].diverged]
    ranked = sorted((label for label in alone if not runs[label].diverged),
                    key=lambda label: losses[label][-1])
    epochs = {show_epochs(runs[label].steps, runs[label].updates_per_epoch) for label in ranked}
    common = len(epochs) == 1
    best, floor = _floor(X, y)
    intro = ("Three panels: paths, loss per update and per epoch" if on_map
             else "Two panels: loss per update and per epoch")

    def named(label: str) -> str:
        """The label in quotes, with the runs that walk exactly its path."""
        same = [_spoken(labels[k]) for k, twin in enumerate(twins)
                if twin is not None and labels[twin] == label]
        return _spoken(label) + (f", retraced exactly by {listed(same)}," if same else "")

    def updates(label: str) -> str:
        done = plural(runs[label].steps, "update")
        if common:
            return done
        return f"{done} ({show_epochs(runs[label].steps, runs[label].updates_per_epoch)})"

    def where(label: str, first: bool) -> str:
        """Where the run's path ends on the map."""
        if not on_map:
            return ""
        if _hops(runs[label], best):
            return ", hopping around the minimum"
        share = _share_of_way(runs[label], best)
        if share < 0:
            return ", further from the minimum than its start"
        return f", {100 * share:.0f}%" + (" of the distance from its start to the minimum"
                                          if first else "")

    def rise(label: str) -> str:
        """The epochs the run ends higher than the one before (its marker above the last)."""
        up = _rising_epochs(runs[label], losses[label])
        if len(up) == 1:
            return f", ending epoch {up[0]} higher than epoch {up[0] - 1}"
        return f", ending epochs {listed(up)} higher than the epoch before each" if up else ""

    def ranking(places: bool, counts: bool | None, rises: bool = True) -> str:
        """Each run's loss, lowest first; ``counts``: the updates of each run (False: of the
        first alone, None: of none)."""
        if not ranked:
            return ""
        text, first = [], True
        for k, label in enumerate(ranked):
            place = where(label, first) if places else ""
            first = first and "%" not in place
            verb = ("ends lowest at loss" if len(ranked) > 1 else "ends at loss") if k == 0 \
                else "at"
            text.append(f"{named(label)} {verb} {_loss_text(losses[label][-1])}"
                        + (f" in {updates(label)}" if counts or (k == 0 and counts is not None)
                           else "") + place
                        + (rise(label) if rises else ""))
        return (f"After {next(iter(epochs))} " if common else "") + "; ".join(text)

    def ahead(long: bool) -> str:
        """Who leads after as many updates as the shortest run made, or who is practically tied
        there (within a few percent: a lead of 1% is no lead)."""
        if len(ranked) < 2:
            return ""
        k = min(runs[label].steps for label in ranked)
        close, within = _tied([losses[label][k] for label in ranked])
        first = f"after {plural(k, 'update')}" + (" (the fewest of any run) " if long else " ")
        if len(close) == 1:
            lead = ranked[close[0]]
            return f"{first}{_spoken(lead)} leads at {_loss_text(losses[lead][k])}"
        who = ("all runs" if len(close) == len(ranked)
               else listed(_spoken(ranked[i]) for i in close))
        return (f"{first}{who} are practically tied, within {within}% of each other"
                + (f" ({listed(_loss_text(losses[ranked[i]][k]) for i in close)})" if long
                   else ""))

    def sentence(*parts: str) -> str:
        """Clauses joined into sentences: a clause that starts with a capital or a quote starts a
        sentence, the others follow a semicolon."""
        text = ""
        for part in filter(None, parts):
            if not text:
                text = part[:1].upper() + part[1:]
            elif part[:1].isupper() or part.startswith('"'):
                text += ". " + part
            else:
                text += "; " + part
        return text

    def first_epoch() -> str:
        """Where the runs stand after their first epoch, in the order the sentence names them,
        when they all ran more than one epoch: "their epoch 1 ends at 0.307, 2.225 and 4.195"
        (the markers at epoch 1)."""
        if len(ranked) < 2 or not common or any(
                runs[label].steps < 2 * runs[label].updates_per_epoch for label in ranked):
            return ""
        at = [_loss_text(losses[label][runs[label].updates_per_epoch]) for label in ranked]
        return f"their epoch 1 ends at {listed(at)}"

    lost = [f"{named(label)} diverges after {plural(runs[label].steps, 'update')}"
            for label in diverged]
    epoch = first_epoch()
    lowest = f"the lowest possible loss is {_loss_text(floor)}"
    # the most detailed first: the panels, where the paths end, the epochs that end higher and
    # where the runs stand after one epoch are what only the figure shows; the other runs'
    # update counts, who leads after the fewest updates and the lowest loss come after
    candidates = [
        sentence(intro, ranking(True, True), epoch, ahead(True), lowest, *lost),
        sentence(intro, ranking(True, True), epoch, ahead(False), *lost),
        sentence(intro, ranking(True, True), ahead(True), lowest, *lost),
        sentence(intro, ranking(True, True), ahead(False), *lost),
        sentence(intro, ranking(True, True), epoch, *lost),
        sentence(intro, ranking(True, True), *lost),
        sentence(intro, ranking(True, False), epoch, *lost),
        sentence(intro, ranking(True, False), ahead(False), *lost),
        sentence(intro, ranking(True, False, rises=False), epoch, *lost),
        sentence(intro, ranking(True, None, rises=False), epoch, *lost),
        sentence(intro, ranking(True, False), *lost),
        sentence(ranking(True, True), ahead(False), *lost),
        sentence(ranking(True, True), *lost),
        sentence(ranking(True, False), *lost),
        sentence(ranking(True, False, rises=False), *lost),
        sentence(ranking(False, False, rises=False), *lost),
    ]
    if ranked:
        lead = ranked[0]
        summary = (f"Of {plural(len(runs), 'run')}, the one with "
                   f"{plural(runs[lead].steps, 'update')} ends lowest, loss "
                   f"{_loss_text(losses[lead][-1])}")
    else:
        summary = "Every run diverges" if len(runs) > 1 else "The run diverges"
    return fitting(*candidates, summary=summary, aim=False)


@styled
def plot_loss_curves(X, y, runs: dict, *, colours: dict | None = None,
                     title: str | None = None):
    """Loss on the full data after every update (left) and against epochs (right), one line per
    run, one legend below both.

    ``runs`` maps a label to a ``MinibatchResult``; ``colours`` (label -> colour) overrides the
    house rule for the runs it names (full batch in ``palette.FULL_BATCH``, the others in
    turn). Against updates, full batch looks best (every step is exact); against epochs (the
    same amount of data read), small batches win early.
    """
    runs = checks.mapping("runs", runs)
    styles = _run_styles(runs, colours)
    fig, axes = subplots(1, 2, width=5.0, height=4.2)
    _draw_losses(axes[0, 0], axes[0, 1], runs, styles, X, y)
    fig.legend(handles=_legend_handles(runs, styles, on_map=False), loc="outside lower center",
               ncol=2, fontsize=9, title=KEY_TITLE.replace("\n", " "), title_fontsize=9,
               handlelength=3.2)
    fig.suptitle(title or "The same data, different batch sizes")
    describe(fig, _runs_sentence(X, y, runs, on_map=False))
    return fig


@styled
def plot_batch_paths(X, y, runs: dict, *, extent=None, colours: dict | None = None,
                     title: str | None = None):
    """Paths on the loss contours (top left, with the legend of all three panels beside it) and
    the loss per update and per epoch (below).

    ``runs`` maps a label (e.g. "SGD, B = 1") to a ``MinibatchResult``. Full batch (one update
    per epoch) is drawn in ``palette.FULL_BATCH`` with squares wherever it stands in ``runs``;
    the other runs take ``palette.MINI_BATCH_RUNS`` and :data:`RUN_MARKERS` in turn.
    ``colours`` (label -> colour) overrides the colour of the runs it names. A run whose
    iterates equal an earlier run's is drawn dashed on top of it.
    """
    runs = checks.mapping("runs", runs)
    extent = None if extent is None else checks.extent("extent", extent)
    styles = _run_styles(runs, colours)
    if extent is None:
        extent = view_extent(X, y, [np.asarray(r.path, dtype=float)[0] for r in runs.values()])
    fig = plt.figure(figsize=(10.0, 8.2), layout="constrained")
    top, bottom = fig.add_gridspec(2, 1, height_ratios=(1.1, 1.0))
    top = top.subgridspec(1, 2, width_ratios=(1.45, 1.0))
    bottom = bottom.subgridspec(1, 2)
    ax, key = fig.add_subplot(top[0, 0]), fig.add_subplot(top[0, 1])
    ax_update, ax_epoch = fig.add_subplot(bottom[0, 0]), fig.add_subplot(bottom[0, 1])
    _contours(ax, X, y, extent, alpha=0.5)
    _draw_runs_on_map(ax, runs, styles, extent)
    ax.plot(*np.asarray(next(iter(runs.values())).path, dtype=float)[0], "o",
            color=palette.START, ms=8, label="start", zorder=8, ls="none")
    ax.set_title("Paths on the loss contours")
    _draw_losses(ax_update, ax_epoch, runs, styles, X, y)
    # One legend for the three panels, in a panel of its own: the runs share their colours and
    # markers across panels, and a legend on a panel would cover its curves.
    key.axis("off")
    key.legend(handles=_legend_handles(runs, styles, on_map=True), loc="center", fontsize=10,
               title=KEY_TITLE, title_fontsize=10, frameon=False, borderaxespad=0,
               handlelength=3.2)
    fig.suptitle(title or "Full batch, mini-batch and stochastic descent on the same data")
    describe(fig, _runs_sentence(X, y, runs, on_map=True))
    return fig


# ---------------------------------------------------------------- time and memory


def _log_room(values, below: float, above: float) -> tuple[float, float]:
    """Limits for a log axis holding ``values``, with ``below`` and ``above`` of their span (in
    decades) free beneath and above them, for labels that must not touch the data."""
    low, high = np.log10(np.min(values)), np.log10(np.max(values))
    span = max(high - low, 0.5)
    return 10 ** (low - below * span), 10 ** (high + above * span)


@styled
def plot_epoch_times(batch_sizes, seconds_per_epoch, n: int, *, model: CostModel | None = None,
                     title: str | None = None):
    """Time per epoch (left) and time per update (right) against batch size, log-log.

    One epoch makes ceil(n / B) updates. A numpy update costs a fixed overhead plus a little per
    example, so small batches pay the overhead many times per epoch. ``model`` (a
    :class:`~helpers.solvers.CostModel`, e.g. ``CostModel.fit(n, batch_sizes, seconds)``) adds
    its prediction to both panels as a thin line.
    """
    n = checks.integer("n", n, 1, allowed="an integer >= 1 (the number of examples)")
    batch_sizes = checks.finite_array("batch_sizes", batch_sizes, ndim=1, min_size=1)
    if np.any((batch_sizes < 1) | (batch_sizes > n) | (batch_sizes != np.round(batch_sizes))):
        raise ValueError(f"batch_sizes must be whole numbers from 1 to n = {n}, "
                         f"got {batch_sizes.tolist()!r}")
    seconds = checks.finite_array("seconds_per_epoch", seconds_per_epoch, ndim=1, min_size=1)
    if seconds.shape != batch_sizes.shape or np.any(seconds <= 0):
        raise ValueError(f"seconds_per_epoch must be one positive time per batch size "
                         f"({len(batch_sizes)}), got {seconds.tolist()!r}")
    if model is not None and not isinstance(model, CostModel):
        raise TypeError(f"model must be None or a helpers.solvers.CostModel (for instance "
                        f"CostModel.fit(n, batch_sizes, seconds)), got {model!r}")
    updates = np.ceil(n / batch_sizes)
    per_update = seconds / updates
    # The lines run through every whole batch size between the measured ones.
    sizes = np.unique(np.round(np.geomspace(batch_sizes.min(), batch_sizes.max(), 300)))
    size_updates = np.ceil(n / sizes)
    first = int(np.argmin(batch_sizes))
    same_cost = per_update[first] * size_updates  # seconds per epoch if every update cost alike
    fig, axes = subplots(1, 2, width=5.0, height=4.0)
    left, right = axes[0, 0], axes[0, 1]
    left.loglog(sizes, same_cost * 1e3, ":", color=palette.GREY, lw=1.8,
                label=f"if every update cost as much as at B = {batch_sizes[first]:,.0f}")
    right.loglog(sizes, np.full(len(sizes), per_update[first] * 1e6), ":", color=palette.GREY,
                 lw=1.8)
    shown = [per_update]
    if model is not None:
        predicted = np.array([model.epoch_seconds(n, int(b)) for b in sizes])
        left.loglog(sizes, predicted * 1e3, "-", color=palette.VERMILLION, lw=1.2,
                    label=f"model: {model.per_update * 1e6:.3g} µs per update + "
                          f"{model.per_example * 1e6:.3g} µs per row")
        # One update of B rows (smooth; the measured points average an epoch's updates, equal
        # to it when B divides n).
        right.loglog(sizes, model.seconds(sizes) * 1e6, "-", color=palette.VERMILLION, lw=1.2)
        shown.append(model.seconds(sizes))
    left.loglog(batch_sizes, seconds * 1e3, "o", color=palette.BLACK, ms=6, label="measured",
                zorder=4)
    right.loglog(batch_sizes, per_update * 1e6, "o", color=palette.BLACK, ms=6, zorder=4)
    left.set_ylabel("time per epoch (ms, log scale)")
    left.set_title(f"One pass over {n:,} examples")
    right.set_ylabel("time per update (µs, log scale)")
    right.set_title("One update: nearly flat for small B")
    for ax in (left, right):
        ax.set_xlabel("batch size B (log scale)")
    # The times of the smallest and the largest batch, written beneath and above everything
    # drawn, where no marker or line can cover them.
    everything = np.concatenate(shown) * 1e6
    right.set_ylim(*_log_room(everything, below=0.22, above=0.2))
    last = int(np.argmax(batch_sizes))
    right.annotate(f"B = {batch_sizes[first]:,.0f}: {per_update[first] * 1e6:.3g} µs",
                   (batch_sizes[first], everything.min()), textcoords="offset points",
                   xytext=(-4, -10), ha="left", va="top", fontsize=9)
    right.annotate(f"B = {batch_sizes[last]:,.0f}: {per_update[last] * 1e6:.3g} µs",
                   (batch_sizes[last], everything.max()), textcoords="offset points",
                   xytext=(4, 9), ha="right", va="bottom", fontsize=9)
    # One legend for both panels (they draw the same three things), below them, off the data.
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], loc="outside lower center",
               ncol=3 if model is None else 2, fontsize=9)
    fig.suptitle(
        title or "Below about a hundred rows, an update costs little more than with one row"
    )
    describe(fig, _times_sentence(batch_sizes, seconds, per_update, n, model))
    return fig


def _ms(seconds: float) -> str:
    milliseconds = seconds * 1e3
    return f"{milliseconds:,.0f} ms" if milliseconds >= 100 else f"{milliseconds:.3g} ms"


def _us(seconds: float) -> str:
    microseconds = seconds * 1e6
    return f"{microseconds:,.0f} µs" if microseconds >= 1000 else f"{microseconds:.3g} µs"


LEVEL = 1.5  # epoch times from some batch size on within this factor of each other: level


def _level_from(batch_sizes, seconds) -> int | None:
    """The index (in increasing batch size) from which the measured epoch times level off: the
    first of at least two last ones that all lie within :data:`LEVEL` of each other, after a
    time above that band; None when there is no such stretch."""
    order = np.argsort(batch_sizes)
    times = np.asarray(seconds, dtype=float)[order]
    for k in range(1, len(times) - 1):
        tail = times[k:]
        if tail.max() <= LEVEL * tail.min():
            return k if times[k - 1] > LEVEL * tail.min() else None
    return None


def _times_sentence(batch_sizes, seconds, per_update, n: int, model) -> str:
    """The two panels and the fitted model line (its cost per update and per row); an epoch's
    time at the smallest batch, and from which batch on it levels off (:func:`_level_from`),
    in what range; up to which batch an update costs under twice as much as at the smallest
    (the dotted guide line, :func:`_guide_text`), and an update's time at both ends. The most
    detailed form that fits comes first; the older, fuller wording of the times when nothing
    levels off."""
    first, last = int(np.argmin(batch_sizes)), int(np.argmax(batch_sizes))
    small, large = f"B = {batch_sizes[first]:,.0f}", f"B = {batch_sizes[last]:,.0f}"
    costs = ("" if model is None else f"{model.per_update * 1e6:.3g} µs per update + "
             f"{model.per_example * 1e6:.3g} µs per row")
    fitted = "" if model is None else f"; the fitted model: {costs}"
    update = [_us(per_update[k]) for k in (first, last)]
    if first == last:
        return (f"One epoch over {n:,} examples at {small} takes {_ms(seconds[first])}, "
                f"{update[0]} per update{fitted}")
    panels = "Time per epoch (left) and per update (right) against batch size B. "
    if seconds[first] > seconds[last]:
        ratio = seconds[first] / seconds[last]
        times = (f"{ratio:,.0f}" if ratio >= 10 else f"{ratio:.2g}") + " times as long as the"
        epoch = f"{_ms(seconds[first])} at {small}, {times} {_ms(seconds[last])} at {large}"
    else:
        epoch = f"{_ms(seconds[first])} at {small} and {_ms(seconds[last])} at {large}"
    if per_update[first] < per_update[last]:
        each = f", though one update costs only {update[0]} at {small} against {update[1]}"
    else:
        each = f"; one update costs {update[0]} at {small} and {update[1]} at {large}"
    head = f"One epoch over {n:,} examples takes {epoch}{each}"
    brief = (f"An epoch takes {_ms(seconds[first])} at {small} and {_ms(seconds[last])} at "
             f"{large}, an update {update[0]} and {update[1]}")
    guide = _guide_text(batch_sizes, per_update)
    candidates = []
    level = _level_from(batch_sizes, seconds)
    if level is not None:
        order = np.argsort(batch_sizes)
        tail = np.asarray(seconds, dtype=float)[order][level:]
        flat = (f"An epoch takes {_ms(seconds[first])} at {small} and levels off from "
                f"B = {np.asarray(batch_sizes)[order][level]:,.0f} on, at "
                f"{_ms(tail.min()).removesuffix(' ms')} to {_ms(tail.max())}")
        cheap = _cheap_text(batch_sizes, per_update)
        ends = f" ({update[0]} at {small}, {update[1]} at {large})"
        with_model = ([] if model is None else
                      [f"Time per epoch (left) and per update (right) against batch size B, "
                       f"measured dots and the fitted model line ({costs}). ",
                       "Time per epoch (left) and per update (right) against batch size B, "
                       "measured dots and a fitted model line. "])
        for lead in [*with_model, panels]:
            candidates += [f"{lead}{flat}. {cheap}{ends}" if cheap else f"{lead}{flat}{each}",
                           f"{lead}{flat}. {cheap}" if cheap else f"{lead}{flat}"]
    candidates += [f"{panels}{head}{guide}{fitted}", f"{panels}{head}{guide}",
                   f"{panels}{brief}{guide}", f"{head}{guide}", f"{brief}{guide}",
                   f"{panels}{head}{fitted}", f"{panels}{head}", f"{head}{fitted}", head]
    return fitting(*candidates, aim=False)


def _cheap_text(batch_sizes, per_update) -> str:
    """Up to which measured batch size an update costs under twice as much as at the smallest,
    and from which on more (where the dots leave the dotted guide line of the epoch panel):
    "Up to B = 256 an update costs under twice as much as at B = 1, from B = 1,024 on more";
    empty when :func:`_guide_text` finds no such batch size."""
    found = _guide_split(batch_sizes, per_update)
    if found is None:
        return ""
    smallest, below, above = found
    return (f"Up to B = {below:,.0f} an update costs under twice as much as at "
            f"B = {smallest:,.0f}, from B = {above:,.0f} on more")


def _guide_split(batch_sizes, per_update) -> tuple[float, float, float] | None:
    """The smallest batch size, the largest batch size whose update costs under twice as much
    as there, and the next one, when from that one on every update costs more (at least two
    batch sizes below); else None."""
    order = np.argsort(batch_sizes)
    sizes, costs = np.asarray(batch_sizes)[order], np.asarray(per_update)[order]
    cheap = costs < 2 * costs[0]
    k = int(np.argmin(cheap)) if not cheap.all() else len(cheap)
    if k < 2 or k == len(cheap) or cheap[k:].any():
        return None
    return float(sizes[0]), float(sizes[k - 1]), float(sizes[k])


def _guide_text(batch_sizes, per_update) -> str:
    """:func:`_guide_split` in the older words that name the guide line: ". Up to B = 256 the
    measured times stay under twice a guide line, every update costing as much as at B = 1,
    and from B = 1,024 on above that"; else empty. On the epoch panel the guide is the
    smallest batch's time per update times the updates an epoch makes, so both panels cross
    twice their guide at the same batch size."""
    found = _guide_split(batch_sizes, per_update)
    if found is None:
        return ""
    smallest, below, above = found
    return (f". Up to B = {below:,.0f} the measured times stay under twice a guide line, "
            f"every update costing as much as at B = {smallest:,.0f}, and from "
            f"B = {above:,.0f} on above that")


@styled
def plot_memory_trace(rows_read, rss_growth_mb, *, file_mb: float, batch_mb: float,
                      batch_losses=None, noise: float | None = None, title: str | None = None):
    """Memory while streaming a file: the process's resident memory above its starting point
    (left), against rows read so far, with the file's size for scale; the loss of each batch as
    training goes (right), with the lowest loss the data allows, ``noise ** 2``, when the noise's
    standard deviation is given."""
    file_mb = checks.positive("file_mb", file_mb)
    batch_mb = checks.positive("batch_mb", batch_mb)
    if noise is not None:
        noise = checks.nonnegative("noise", noise)
    rows_read = checks.finite_array("rows_read", rows_read, ndim=1, min_size=1)
    growth = checks.finite_array("rss_growth_mb", rss_growth_mb, ndim=1, min_size=1)
    if growth.shape != rows_read.shape:
        raise ValueError(f"rss_growth_mb must hold one value per entry of rows_read "
                         f"({len(rows_read)}), got shape {growth.shape}")
    panels = 2 if batch_losses is not None else 1
    fig, axes = subplots(1, panels, width=5.0, height=4.0)
    ax = axes[0, 0]
    ax.plot(rows_read / 1e6, growth, color=palette.PATH, lw=2,
            label="memory growth of this process")
    ax.axhline(file_mb, color=palette.FULL_BATCH, ls="--", lw=1.5,
               label=f"the whole file: {file_mb:.0f} MB")
    ax.axhline(batch_mb, color=palette.MINI_BATCH_RUNS[0], ls=":", lw=1.8,
               label=f"one batch: {batch_mb:.1f} MB")
    ax.set_ylim(min(0.0, growth.min()) - 5, file_mb * 1.15)
    ax.set_xlabel("rows read from disk (millions)")
    ax.set_ylabel("resident memory above start (MB)")
    ax.set_title("Memory stays at a few batches, not the file")
    ax.legend(loc="center right")
    if batch_losses is not None:
        right = axes[0, 1]
        right.plot(rows_read / 1e6, batch_losses, color=palette.MINI_BATCH_RUNS[0], lw=1.2,
                   label="loss of each batch")
        if noise is not None:
            right.axhline(noise ** 2, color=palette.MINIMUM, ls=":", lw=1.6,
                          label=f"noise floor: {noise:g}² = {noise ** 2:g}")
        right.set_yscale("log")
        right.set_xlabel("rows read from disk (millions)")
        right.set_ylabel("mean squared error on the batch (log scale)")
        right.set_title("Training while reading")
        right.legend(loc="upper right")
    fig.suptitle(title or "Training on data streamed from disk, one batch at a time")
    describe(fig, _memory_sentence(rows_read, growth, file_mb, batch_mb, batch_losses, noise))
    return fig


NEAR_FLOOR = 0.1  # a batch loss within 10 % of the noise floor has reached it


def _memory_sentence(rows_read, growth, file_mb: float, batch_mb: float, batch_losses,
                     noise) -> str:
    """How far memory grew against the file and a batch (the left panel), and where the batch
    loss went (the right panel): from where on it stays near the noise floor, when it does."""
    most = float(growth.max())
    shown = f"{most:.1f}"
    if float(shown) < most:  # "at most": rounded up, so that it holds
        shown = f"{float(shown) + 0.1:.1f}"
    grows = (f"grows by at most {shown} MB" if most > 0 else "does not grow")
    memory = (f"the process's memory {grows} while reading {rows_read.max():,.0f} rows from "
              f"disk, against {file_mb:.0f} MB for the whole file and {batch_mb:.1f} MB for one "
              "batch")
    if batch_losses is None:
        return memory[:1].upper() + memory[1:]
    losses = np.asarray(batch_losses, dtype=float)
    first, last = losses[0], losses[-1]
    way = "falls" if last < first else "rises" if last > first else "stays"
    loss = (f"the batch loss {way} from {first:.3g} to {last:.3g}" if way != "stays"
            else f"the batch loss stays at {first:.3g}")
    candidates = []
    if noise is not None:
        floor = noise ** 2
        near = np.abs(losses - floor) <= NEAR_FLOOR * floor
        since = len(near) - int(np.argmin(near[::-1])) if not near.all() else 0
        if 0 < since < len(near) - 1 and way == "falls":  # near for 2 batches or more
            candidates.append(
                f"Left, {memory}. Right, the batch loss falls from {first:.3g} to within "
                f"{NEAR_FLOOR:.0%} of the noise floor, {floor:g}, by {rows_read[since]:,.0f} rows "
                f"and stays there, ending at {last:.3g}")
        loss += f", the noise floor being {floor:g}"
    candidates += [f"Left, {memory}. Right, {loss}", f"{memory[:1].upper()}{memory[1:]}; {loss}"]
    return fitting(*candidates, aim=False)
