"""Static figures for functions of one variable: curves, descent paths, tangents, regimes,
and the error of finite differences."""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import SymmetricalLogLocator

from .. import palette
from ..calculus import numerical_derivative
from ..geometry import curve_range
from .marks import draw_path
from .style import one_axes, styled, subplots

__all__ = [
    "draw_curve",
    "plot_descent_1d",
    "plot_difference_errors",
    "plot_direction_cases",
    "plot_function_1d",
    "plot_lr_regimes",
    "plot_tangent",
]


def draw_curve(ax, objective, view=None, *, show_minima: bool = True, points: int = 400) -> None:
    """f over its domain (or the x range ``view``) and its known minima on ``ax``, the axes
    labelled and the x axis set to that range."""
    view = objective.domain if view is None else view
    xs = np.linspace(*view, points)
    ax.plot(xs, objective.f(xs), color=palette.FUNCTION, lw=2.2,
            label=f"f(x) = ${objective.latex}$")
    if show_minima and objective.minima:
        m = np.array(objective.minima)
        ax.plot(m, objective.f(m), "^", color=palette.MINIMUM, ms=10, ls="none",
                label="known minima", zorder=4)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.set_xlim(*view)


def _keep_curve_in_view(ax, objective) -> None:
    ax.set_ylim(*curve_range(objective, padding=0.1, points=200))
    ax.set_xlim(*objective.domain)


@styled
def plot_function_1d(objective, *, show_minima: bool = True, points: int = 400, ax=None):
    """f over its domain, with its known minima."""
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=show_minima, points=points)
    ax.set_title(f"The {objective.name}")
    return ax.figure


def _draw_tangent(ax, objective, x: float, *, half_width: float, label: str | None) -> None:
    slope = float(objective.grad(x))
    xs = np.array([x - half_width, x + half_width])
    ax.plot(xs, objective.f(x) + slope * (xs - x), "--", color=palette.TANGENT, lw=2,
            label=label if label is not None else f"tangent, slope f'({x:g}) = {slope:.3g}")
    ax.plot([x], [objective.f(x)], "o", color=palette.TANGENT, ms=6)


@styled
def plot_tangent(objective, x: float, *, half_width: float = 0.6, label: str | None = None,
                 ax=None):
    """f with its tangent line at x: the tangent's slope is the derivative f'(x)."""
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=False)
    _draw_tangent(ax, objective, x, half_width=half_width, label=label)
    _keep_curve_in_view(ax, objective)
    ax.set_title(f"The tangent of the {objective.name} at x = {x:g}")
    ax.legend(loc="best", fontsize=8)
    return ax.figure


def _draw_path(ax, objective, path: np.ndarray, *, numbered: int = 0) -> None:
    """The descent path on the curve. A path that leaves the plotted domain is drawn up to the
    edge, with an arrow saying where it went, so a diverging run never looks like a run that
    stopped."""
    low, high = objective.domain
    outside = np.flatnonzero((path < low) | (path > high))
    shown = path if len(outside) == 0 else path[: outside[0]]
    ys = objective.f(shown)
    draw_path(ax, np.column_stack([shown, ys]), lw=1.2, ms=4, alpha=0.9, end=len(outside) == 0)
    if len(outside) and len(shown):
        edge = high if path[outside[0]] > high else low
        ax.annotate(f"off the chart at step {outside[0]}\n(last x = {path[-1]:.2g})",
                    xy=(edge, ys[-1]), xytext=(0.5, 0.93), textcoords="axes fraction",
                    ha="center", va="top", fontsize=8, color=palette.PATH,
                    arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 2,
                                "mutation_scale": 14})
    for k in range(min(numbered, len(shown))):
        ax.annotate(str(k), (shown[k], ys[k]), textcoords="offset points", xytext=(4, 6),
                    fontsize=8)


@styled
def plot_descent_1d(objective, result, *, title: str | None = None, numbered: int = 3, ax=None):
    """f with the descent path of ``result`` on it, the first ``numbered`` steps numbered."""
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective)
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
    for number, (ax, x) in enumerate(zip(axes[0], starts, strict=True), start=1):
        slope = float(objective.grad(x))
        draw_curve(ax, objective, show_minima=False)
        _draw_tangent(ax, objective, x, half_width=0.5, label=None)
        direction = -np.sign(slope)
        target = x + direction * step
        ax.annotate("", xy=(target, objective.f(target)), xytext=(x, objective.f(x)),
                    arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 2.5,
                                "mutation_scale": 18})
        ax.plot([x], [objective.f(x)], "o", color=palette.START, ms=9, label="you are here")
        way = "increasing x (step right)" if direction > 0 else "decreasing x (step left)"
        sign = "negative" if slope < 0 else "positive"
        ax.set_title(f"Case {number}: f'(x) = {slope:.2f} is {sign}\nso go towards {way}")
        _keep_curve_in_view(ax, objective)
        ax.legend(loc="upper center", fontsize=8)
    fig.suptitle("Which way is downhill? The sign of the derivative decides")
    return fig


def _outcome(result) -> str:
    if result.diverged:
        return "diverged"
    return "converged" if result.converged else "not yet converged"


@styled
def plot_lr_regimes(objective, runs: dict):
    """One column per run (``runs`` maps a name, e.g. "too small: lr = 0.01", to a result of
    gradient descent on ``objective``): its path on f (top) and x against the step (bottom).

    The step axes run to the longest run's last step; a diverging run's x axis is logarithmic
    beyond +-3.
    """
    if not runs:
        raise ValueError("runs must map at least one name to a result")
    fig, axes = subplots(2, len(runs), width=3.9, height=3.2)
    longest = max(result.steps for result in runs.values())
    for column, (name, result) in enumerate(runs.items()):
        top, bottom = axes[0, column], axes[1, column]
        draw_curve(top, objective)
        _draw_path(top, objective, result.path)
        _keep_curve_in_view(top, objective)
        top.set_title(f"{name}\n{_outcome(result)} after {result.steps} steps", fontsize=10)
        bottom.plot(np.arange(len(result.path)), result.path, "-o", color=palette.PATH, ms=3,
                    label="$x_k$")
        for m in objective.minima:
            bottom.axhline(m, color=palette.MINIMUM, ls="--", lw=1, label=f"minimum at {m:g}")
        if result.diverged:
            bottom.set_yscale("symlog", linthresh=3)
            bottom.yaxis.set_major_locator(SymmetricalLogLocator(base=1000, linthresh=3))
        bottom.set_xlabel("step k")
        bottom.set_ylabel("$x_k$")
        scale = " (log scale beyond ±3)" if result.diverged else ""
        bottom.set_title("x after each step" + scale, fontsize=10)
        bottom.set_xlim(0, longest)
        if column == 0:
            top.legend(loc="upper center", fontsize=7)
            bottom.legend(loc="best", fontsize=7)
    start = float(np.ravel(next(iter(runs.values())).path)[0])
    fig.suptitle(f"The learning rate decides: {objective.name}, starting at x = {start:g}")
    return fig


@styled
def plot_difference_errors(f, df, x: float, hs=None, *, title: str | None = None, ax=None):
    """Error of forward, backward and central differences against h, on log-log axes.

    The one-sided errors fall like h, the central one like h^2, until round-off (about
    machine epsilon / h) takes over at small h.
    """
    hs = np.logspace(-15, -1, 57) if hs is None else np.asarray(hs, dtype=float)
    exact = float(df(x))
    ax = one_axes(ax, width=7.0, height=4.6)
    styles = {"forward": ("o", palette.BLUE, "none"),
              "backward": ("s", palette.ORANGE, palette.ORANGE),
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
    ax.loglog(truncation, 5 * central_ref * (truncation / h_ref) ** 2, "--", color=palette.BLACK,
              lw=1.5, label="slope 2: error ∝ h²")
    rounding = hs[hs <= 1e-7]
    scale = abs(float(f(x))) or 1.0
    ax.loglog(rounding, 5 * eps * scale / rounding, "-.", color=palette.GREY, lw=1.5,
              label="round-off ∝ ε·|f(x)|/h")
    ax.set_ylim(1e-17, 10)
    ax.set_xlabel("step size h")
    ax.set_ylabel("|estimate − exact derivative|")
    ax.set_title(title or f"Finite differences at x = {x:g}: error against h")
    ax.legend(loc="lower right", fontsize=8)
    return ax.figure
