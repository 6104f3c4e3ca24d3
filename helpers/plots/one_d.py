"""Static figures for functions of one variable: curves, descent paths, tangents, regimes,
and the error of finite differences."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import SymmetricalLogLocator

from .. import palette
from ..calculus import numerical_derivative
from ..solvers import gradient_descent
from .style import styled, subplots

__all__ = [
    "plot_function_1d",
    "plot_tangent",
    "plot_descent_1d",
    "plot_direction_cases",
    "plot_lr_regimes",
    "plot_difference_errors",
]


def plot_function_1d(objective, ax, *, show_minima: bool = True, points: int = 400):
    """Draw f over its domain (and its known minima) on ``ax``; set the axis labels."""
    xs = np.linspace(*objective.domain, points)
    ax.plot(xs, objective.f(xs), color=palette.FUNCTION, lw=2.2, label=f"f(x) = ${objective.latex}$")
    if show_minima and objective.minima:
        m = np.array(objective.minima)
        ax.plot(m, objective.f(m), "^", color=palette.MINIMUM, ms=10, ls="none", label="known minima",
                zorder=4)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_xlim(*objective.domain)
    return ax


def plot_tangent(ax, objective, x: float, *, half_width: float = 0.6, label: str | None = None):
    """Draw the tangent line at x: its slope is the derivative f'(x)."""
    slope = float(objective.grad(x))
    xs = np.array([x - half_width, x + half_width])
    ax.plot(xs, objective.f(x) + slope * (xs - x), "--", color=palette.TANGENT, lw=2,
            label=label if label is not None else f"tangent, slope f'({x:g}) = {slope:.3g}")
    ax.plot([x], [objective.f(x)], "o", color=palette.TANGENT, ms=6)
    return ax


def _draw_path(ax, objective, path: np.ndarray, *, label: str = "descent path", numbered: int = 0):
    """The moving thing: a vermillion path of dots from a black start to a diamond end.

    A path that leaves the plotted domain is drawn up to the edge, with an arrow saying where it
    went, so a diverging run never looks like a run that stopped.
    """
    low, high = objective.domain
    outside = np.flatnonzero((path < low) | (path > high))
    shown = path if len(outside) == 0 else path[: outside[0]]
    ys = objective.f(shown)
    ax.plot(shown, ys, "-o", color=palette.PATH, lw=1.2, ms=4, alpha=0.9, label=label, zorder=5)
    if len(shown):
        ax.plot(shown[:1], ys[:1], "o", color=palette.START, ms=8, label="start", zorder=6)
    if len(outside) == 0:
        ax.plot(shown[-1:], ys[-1:], "D", color=palette.PATH, mec=palette.BLACK, ms=8,
                label="last step", zorder=6)
    elif len(shown):
        edge = high if path[outside[0]] > high else low
        ax.annotate(f"off the chart at step {outside[0]}\n(last x = {path[-1]:.2g})",
                    xy=(edge, ys[-1]), xytext=(0.5, 0.93), textcoords="axes fraction", ha="center",
                    va="top", fontsize=8, color=palette.PATH,
                    arrowprops=dict(arrowstyle="-|>", color=palette.PATH, lw=2, mutation_scale=14))
    for k in range(min(numbered, len(shown))):
        ax.annotate(str(k), (shown[k], ys[k]), textcoords="offset points", xytext=(4, 6), fontsize=8)


@styled
def plot_descent_1d(objective, result, *, title: str | None = None, numbered: int = 3, ax=None):
    """f with the descent path of ``result`` on it, the first ``numbered`` steps numbered."""
    if ax is None:
        fig, axes = subplots(width=6.5, height=4.2)
        ax = axes[0, 0]
    plot_function_1d(objective, ax)
    _draw_path(ax, objective, result.path, numbered=numbered)
    ax.set_title(title or f"Gradient descent on the {objective.name}: {result.steps} steps")
    _keep_curve_in_view(ax, objective)
    ax.legend(loc="best")
    return ax.figure


@styled
def plot_direction_cases(objective, starts=(0.6, -0.9), *, step: float = 0.45):
    """The hill puzzle: at each start, the tangent's slope says which way is downhill.

    A negative derivative means f falls as x grows: step right. A positive one: step left.
    """
    fig, axes = subplots(1, len(starts), width=5.2, height=4.0)
    for number, (ax, x) in enumerate(zip(axes[0], starts), start=1):
        slope = float(objective.grad(x))
        plot_function_1d(objective, ax, show_minima=False)
        plot_tangent(ax, objective, x, half_width=0.5)
        direction = -np.sign(slope)
        target = x + direction * step
        ax.annotate("", xy=(target, objective.f(target)), xytext=(x, objective.f(x)),
                    arrowprops=dict(arrowstyle="-|>", color=palette.PATH, lw=2.5, mutation_scale=18))
        ax.plot([x], [objective.f(x)], "o", color=palette.START, ms=9, label="you are here")
        way = "increasing x (step right)" if direction > 0 else "decreasing x (step left)"
        sign = "negative" if slope < 0 else "positive"
        ax.set_title(f"Case {number}: f'(x) = {slope:.2f} is {sign}\nso go towards {way}")
        _keep_curve_in_view(ax, objective)
        ax.legend(loc="upper center", fontsize=8)
    fig.suptitle("Which way is downhill? The sign of the derivative decides")
    return fig


@styled
def plot_lr_regimes(objective, x0: float, regimes: dict, *, steps: int = 30):
    """One panel per learning rate (top row) and x against step (bottom row).

    ``regimes`` maps a name (e.g. "too small") to a learning rate.
    """
    fig, axes = subplots(2, len(regimes), width=3.9, height=3.2)
    for column, (name, lr) in enumerate(regimes.items()):
        result = gradient_descent(objective.grad, x0, lr, steps=steps)
        top, bottom = axes[0, column], axes[1, column]
        plot_function_1d(objective, top)
        _draw_path(top, objective, result.path)
        _keep_curve_in_view(top, objective)
        outcome = "diverged" if result.diverged else ("converged" if result.converged else "not yet converged")
        top.set_title(f"{name}: lr = {lr:g}\n{outcome} after {result.steps} steps", fontsize=10)
        bottom.plot(np.arange(len(result.path)), result.path, "-o", color=palette.PATH, ms=3, label="$x_k$")
        for m in objective.minima:
            bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label=f"minimum at {m:g}")
        if result.diverged:
            bottom.set_yscale("symlog", linthresh=3)
            bottom.yaxis.set_major_locator(SymmetricalLogLocator(base=1000, linthresh=3))
        bottom.set_xlabel("step k")
        bottom.set_ylabel("$x_k$")
        bottom.set_title("x after each step" + (" (log scale beyond ±3)" if result.diverged else ""),
                         fontsize=10)
        bottom.set_xlim(0, steps)
        if column == 0:
            top.legend(loc="upper center", fontsize=7)
            bottom.legend(loc="best", fontsize=7)
    fig.suptitle(f"The learning rate decides: {objective.name}, starting at x = {x0:g}")
    return fig


@styled
def plot_difference_errors(f, df, x: float, hs=None, *, title: str | None = None):
    """Error of forward, backward and central differences against h, on log-log axes.

    The one-sided errors fall like h, the central one like h^2, until round-off (about
    machine epsilon / h) takes over at small h.
    """
    hs = np.logspace(-15, -1, 57) if hs is None else np.asarray(hs, dtype=float)
    exact = float(df(x))
    fig, axes = subplots(width=7.0, height=4.6)
    ax = axes[0, 0]
    styles = {"forward": ("o", palette.BLUE, "none"), "backward": ("s", palette.ORANGE, palette.ORANGE),
              "central": ("^", palette.GREEN, palette.GREEN)}
    sides = {"forward": "h > 0", "backward": "h < 0", "central": "both sides"}
    for scheme, (marker, colour, face) in styles.items():
        errors = [abs(float(numerical_derivative(f, x, h, scheme)) - exact) for h in hs]
        errors = np.maximum(errors, 1e-17)
        ax.loglog(hs, errors, marker, color=colour, mfc=face, ms=5, ls="-", lw=1,
                  label=f"{scheme} ({sides[scheme]})", zorder=3 if scheme == "forward" else 2)
    # Guide lines, drawn a little above the data where each law holds.
    eps = np.finfo(float).eps
    h_ref = hs[-1]
    forward_ref = abs(float(numerical_derivative(f, x, h_ref, "forward")) - exact)
    central_ref = abs(float(numerical_derivative(f, x, h_ref, "central")) - exact)
    truncation = hs[hs >= 1e-5]
    ax.loglog(truncation, 5 * forward_ref * truncation / h_ref, ":", color=palette.BLACK, lw=1.5,
              label="slope 1: error ∝ h")
    ax.loglog(truncation, 5 * central_ref * (truncation / h_ref) ** 2, "--", color=palette.BLACK, lw=1.5,
              label="slope 2: error ∝ h²")
    rounding = hs[hs <= 1e-7]
    scale = abs(float(f(x))) or 1.0
    ax.loglog(rounding, 5 * eps * scale / rounding, "-.", color=palette.GREY, lw=1.5,
              label="round-off ∝ ε·|f(x)|/h")
    ax.set_ylim(1e-17, 10)
    ax.set_xlabel("step size h")
    ax.set_ylabel("|estimate − exact derivative|")
    ax.set_title(title or f"Finite differences at x = {x:g}: error against h")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def _keep_curve_in_view(ax, objective) -> None:
    xs = np.linspace(*objective.domain, 200)
    ys = objective.f(xs)
    pad = 0.1 * (ys.max() - ys.min())
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlim(*objective.domain)
