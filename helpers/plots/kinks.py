"""Figures for functions with a kink: the subgradients of |x| at 0, and smooth stand-ins beside the
kinked function they replace (with their derivatives, where the kink is a jump)."""

from __future__ import annotations

import numpy as np

from .. import checks, palette
from ..geometry import jumps_as_gaps
from .marks import legend_once
from .style import styled, subplots

__all__ = ["plot_stand_ins", "plot_subgradients"]

# The stand-ins differ by line style as well as colour (the kink itself is black and dashed).
LINE_STYLES = ("-", "-.", ":", (0, (8, 2, 1, 2, 1, 2)), (0, (1, 1)))


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

    neg, pos = np.linspace(-half_width, 0, 50), np.linspace(0, half_width, 50)
    right.plot(
        neg, -np.ones_like(neg), color=palette.FUNCTION, lw=2.6, label="f'(x) = -1 for x < 0"
    )
    right.plot(
        pos,
        np.ones_like(pos),
        color=palette.FUNCTION,
        lw=2.6,
        ls="-.",
        label="f'(x) = +1 for x > 0",
    )
    right.plot([0, 0], [-1, 1], color=palette.TANGENT, lw=4, label="at 0: every g in [-1, 1]")
    right.plot([0, 0], [-1, 1], "o", color=palette.TANGENT, ms=7)
    right.plot(
        [0], [0], "o", color=palette.START, ms=7, zorder=5, label="np.sign(0) = 0: one choice"
    )
    right.set_ylim(-1.6, 1.6)
    right.set_xlabel("x")
    right.set_ylabel("subgradients g")
    right.set_title("The slopes of |x|: a jump, filled in at 0", fontsize=10)
    legend_once(right, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    fig.suptitle("Subgradients of |x|: slopes of lines that touch the graph and stay below it")
    return fig


@styled
def plot_stand_ins(kink, stand_ins, *, title: str | None = None):
    """The kinked function (black, dashed) with smooth stand-ins (left) and all their derivatives
    (right): the stand-in's derivative is a smooth ramp where the kink's jumps. Each stand-in has
    its own colour and line style; the legends sit under the panels."""
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
    for k, objective in enumerate(stand_ins):
        colour = palette.STAND_INS[k % len(palette.STAND_INS)]
        style = {"color": colour, "lw": 2, "ls": LINE_STYLES[k % len(LINE_STYLES)],
                 "label": objective.name}
        left.plot(xs, objective.f(xs), **style)
        right.plot(xs, objective.grad(xs), **style)
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.set_title("the functions", fontsize=10)
    right.set_xlabel("x")
    right.set_ylabel("f'(x)")
    right.set_title("their derivatives", fontsize=10)
    legend_once(left, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    legend_once(right, below=True, columns=2, bbox_to_anchor=(0.5, -0.17))
    fig.suptitle(title or f"Smooth stand-ins for ${kink.latex}$")
    return fig
