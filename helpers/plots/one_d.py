"""Static figures for functions of one variable: curves, descent paths, tangents, and the error
of finite differences. Runs side by side (learning-rate regimes among them) are in
:mod:`helpers.plots.runs_1d`."""

from __future__ import annotations

import numpy as np

from .. import checks, palette
from ..calculus import numerical_derivative
from ..geometry import curve_range
from .marks import draw_path
from .style import one_axes, styled, subplots

__all__ = [
    "draw_curve",
    "draw_curve_path",
    "plot_descent_1d",
    "plot_difference_errors",
    "plot_direction_cases",
    "plot_function_1d",
    "plot_tangent",
]


def draw_curve(ax, objective, view=None, *, show_minima: bool = True, points: int = 400) -> None:
    """f over its domain (or the x range ``view``) and its known minima on ``ax``, the axes
    labelled and the x axis set to that range."""
    view = objective.domain if view is None else checks.interval("view", view)
    show_minima = checks.flag("show_minima", show_minima)
    points = checks.integer("points", points, 2)
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
    show_minima = checks.flag("show_minima", show_minima)
    points = checks.integer("points", points, 2)
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
    x = checks.number("x", x)
    half_width = checks.positive("half_width", half_width)
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective, show_minima=False)
    _draw_tangent(ax, objective, x, half_width=half_width, label=label)
    _keep_curve_in_view(ax, objective)
    ax.set_title(f"The tangent of the {objective.name} at x = {x:g}")
    ax.legend(loc="best", fontsize=9)
    return ax.figure


def draw_curve_path(ax, objective, path, *, view=None, numbered: int = 0) -> None:
    """A 1-D descent path on the curve of f, over the objective's domain (or the x range
    ``view``), its first ``numbered`` steps numbered.

    A path that leaves the view is drawn up to its edge, with an arrow saying at which step it
    left and where it went, and without a last-step diamond: a diverging run never looks like a
    run that stopped.
    """
    low, high = objective.domain if view is None else checks.interval("view", view)
    numbered = checks.integer("numbered", numbered, 0)
    path = np.ravel(np.asarray(path, dtype=float))
    outside = np.flatnonzero((path < low) | (path > high))
    shown = path if len(outside) == 0 else path[: outside[0]]
    ys = objective.f(shown)
    draw_path(ax, np.column_stack([shown, ys]), lw=1.2, ms=4, alpha=0.9, end=len(outside) == 0)
    if len(outside) and len(shown):
        edge = high if path[outside[0]] > high else low
        ax.annotate(f"off the chart at step {outside[0]}\n(last x = {path[-1]:.2g})",
                    xy=(edge, ys[-1]), xytext=(0.5, 0.93), textcoords="axes fraction",
                    ha="center", va="top", fontsize=9, color=palette.PATH,
                    arrowprops={"arrowstyle": "-|>", "color": palette.PATH, "lw": 2,
                                "mutation_scale": 14})
    for k in range(min(numbered, len(shown))):
        ax.annotate(str(k), (shown[k], ys[k]), textcoords="offset points", xytext=(4, 6),
                    fontsize=9)


@styled
def plot_descent_1d(objective, result, *, title: str | None = None, numbered: int = 3, ax=None):
    """f with the descent path of ``result`` on it, the first ``numbered`` steps numbered."""
    numbered = checks.integer("numbered", numbered, 0)
    ax = one_axes(ax, width=6.5, height=4.2)
    draw_curve(ax, objective)
    draw_curve_path(ax, objective, result.path, numbered=numbered)
    ax.set_title(title or f"Gradient descent on the {objective.name}: {result.steps} steps")
    _keep_curve_in_view(ax, objective)
    ax.legend(loc="best")
    return ax.figure


@styled
def plot_direction_cases(objective, starts=(0.6, -0.9), *, step: float = 0.45):
    """The hill puzzle: at each start, the tangent's slope says which way is downhill.

    A negative derivative means f falls as x grows: step right. A positive one: step left.
    """
    starts = checks.finite_array("starts", starts, ndim=1, min_size=1)
    step = checks.positive("step", step)
    fig, axes = subplots(1, len(starts), width=5.2, height=4.0)
    for number, (ax, x) in enumerate(zip(axes[0], starts.tolist(), strict=True), start=1):
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
        ax.legend(loc="upper center", fontsize=9)
    fig.suptitle("Which way is downhill? The sign of the derivative decides")
    return fig


@styled
def plot_difference_errors(f, df, x: float, hs=None, *, title: str | None = None, ax=None):
    """Error of forward, backward and central differences against h, on log-log axes.

    The one-sided errors fall like h, the central one like h^2, until round-off (about
    machine epsilon / h) takes over at small h.
    """
    f, df = checks.callable_("f", f), checks.callable_("df", df)
    x = checks.number("x", x)
    if hs is None:
        hs = np.logspace(-15, -1, 57)
    else:
        hs = checks.finite_array("hs", hs, ndim=1, min_size=1)
        if np.any(hs <= 0):
            raise ValueError(f"hs must be step sizes h > 0, got {hs!r}")
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
    ax.legend(loc="lower right", fontsize=9)
    return ax.figure
