"""Static figures of lecture 04's first half: the training loop as a picture, the shapes of
``X @ w``, and a regression's data with candidate lines.

Each builder describes the figure it makes in one sentence (``describe``); drawing on a caller's
axes (``ax=``), it leaves the description to the caller. Sentences too long for a screen
reader fall back to shorter ones (:func:`helpers.plots.descriptions.fitting`)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import checks, data, palette
from ..results import plural
from .descriptions import describe, fitting, listed
from .marks import draw_arrow, draw_box
from .style import one_axes, styled

__all__ = ["plot_matrix_shapes", "plot_pipeline", "plot_regression_data"]

# Characters: a description a screen reader reads without losing the thread, and the most
# it may ever take.


@styled
def plot_pipeline(*, ax=None):
    """Input -> model -> prediction -> loss against the ground truth -> gradient -> update.

    The forward pass runs left to right along the top; training runs right to left along the
    bottom and closes the loop by changing the model's parameters. Hyperparameters sit outside
    the loop: we choose them, the loop never changes them. The learning rate is written eta, as
    in the lecture's formulas.
    """
    own = ax is None  # a figure of its own, which this builder describes
    ax = one_axes(ax, width=11.0, height=4.4)
    ax.set_xlim(-0.3, 11.3)
    ax.set_ylim(-0.1, 4.8)
    ax.axis("off")
    top, bottom = 3.0, 1.0
    draw_box(ax, (0.9, top), "input $\\mathbf{x}$\n(features)", palette.GREY)
    draw_box(ax, (3.6, top),
             "model $\\hat y = \\mathbf{w}^T\\mathbf{x}$\nparameters $\\mathbf{w}$ (learned)",
             palette.FUNCTION, width=2.3)
    draw_box(ax, (6.3, top), "prediction $\\hat y$", palette.FUNCTION)
    draw_box(ax, (9.3, top), "loss $L(\\hat y, y)$\ne.g. $(\\hat y - y)^2$", palette.VERMILLION,
             width=2.1)
    draw_box(ax, (9.3, 4.3), "ground truth $y$", palette.MINIMUM, height=0.45)
    draw_box(ax, (9.3, bottom), "gradient\n$\\partial L / \\partial \\mathbf{w}$",
             palette.TANGENT)
    draw_box(ax, (5.0, bottom), "update\n$\\mathbf{w} \\leftarrow \\mathbf{w} - \\eta\\,"
             "\\partial L/\\partial \\mathbf{w}$", palette.PATH, width=2.9)
    draw_box(ax, (1.2, bottom),
             "hyperparameters\nlearning rate $\\eta$, batch size $B$,\nepochs (we choose them)",
             palette.GREY, width=2.5, height=1.0, dashed=True)
    draw_arrow(ax, (1.85, top), (2.45, top))
    draw_arrow(ax, (4.75, top), (5.35, top))
    draw_arrow(ax, (7.25, top), (8.25, top))
    draw_arrow(ax, (9.3, 4.0), (9.3, top + 0.45))
    draw_arrow(ax, (9.3, top - 0.45), (9.3, bottom + 0.45), "backward:\nhow L changes with w",
               palette.TANGENT, offset=(-1.05, -0.35))
    draw_arrow(ax, (8.35, bottom), (6.45, bottom))
    draw_arrow(ax, (4.2, bottom + 0.45), (3.6, top - 0.45), "new w", palette.PATH,
               offset=(-0.45, -0.1))
    draw_arrow(ax, (2.45, bottom), (3.55, bottom), colour=palette.GREY, dashed=True)
    ax.text(5.0, 3.75, "forward pass", ha="center", fontsize=10, style="italic")
    ax.text(7.2, 0.15, "training step (repeated for every batch)", ha="center", fontsize=10,
            style="italic")
    ax.set_title("The training loop: the model predicts, the loss scores, the gradient says how "
                 "to change the parameters")
    if own:
        describe(ax.figure, "The training loop. Top row, left to right: input x, model, "
                 "prediction y-hat, loss against the ground truth y. Bottom row, right to left: "
                 "gradient, update, and the new w back into the model. Bottom left, outside the "
                 "loop, the hyperparameters we choose: learning rate eta, batch size B, epochs")
    return ax.figure


@styled
def plot_matrix_shapes(n: int = 8, d: int = 3, *, row: int = 2, ax=None):
    """``X`` (n rows, one per example; d columns, one per feature) times ``w`` (d,) gives one
    prediction per example, ``X @ w`` of shape (n,). Row ``row`` of X with w is ``w^T x``; rows
    are counted from 0, as Python does, and the label says so."""
    n = checks.integer("n", n, 1)
    d = checks.integer("d", d, 1)
    row = checks.integer("row", row, 0, n - 1,
                         allowed=f"an integer from 0 to n - 1 = {n - 1} (rows count from 0)")
    own = ax is None
    ax = one_axes(ax, width=7.5, height=3.8)
    cell = 0.4
    gap = 1.5
    height = n * cell

    def block(x0, rows, cols, colour, name, shape):
        bottom = (height - rows * cell) / 2  # centred vertically
        for i in range(rows):
            for j in range(cols):
                ax.add_patch(Rectangle((x0 + j * cell, bottom + (rows - 1 - i) * cell), cell,
                                       cell, fc=to_rgba(colour, 0.25), ec=colour, lw=1))
        middle = x0 + cols * cell / 2
        ax.text(middle, bottom + rows * cell + 0.12, name, ha="center", va="bottom", fontsize=13)
        ax.text(middle, -0.15, shape, ha="center", va="top", fontsize=9.5)
        return x0 + cols * cell

    def operator(x, text):
        ax.text(x, height / 2, text, ha="center", va="center", fontsize=17)

    def highlight(x0, width):
        ax.add_patch(Rectangle((x0, (n - 1 - row) * cell), width, cell, fc="none",
                               ec=palette.PATH, lw=2.5))

    x_right = block(0.0, n, d, palette.FUNCTION, "$X$", f"shape ({n}, {d})\nexamples × features")
    highlight(0.0, d * cell)
    operator(x_right + gap / 2, "@")
    w_right = block(x_right + gap, d, 1, palette.PATH, "$\\mathbf{w}$", f"shape ({d},)\nparameters")
    operator(w_right + gap / 2, "=")
    y_left = w_right + gap
    y_right = block(y_left, n, 1, palette.MINIMUM, "$X\\mathbf{w}$",
                    f"shape ({n},)\none prediction\nper example")
    highlight(y_left, cell)
    centre = (n - 0.5 - row) * cell
    ax.annotate(f"example {row}: $\\hat y_{{{row}}} = \\mathbf{{w}}^T \\mathbf{{x}}_{{{row}}}$\n"
                "(rows counted from 0, as in Python)",
                xy=(y_right, centre), xytext=(y_right + 0.6, centre), va="center", fontsize=11,
                color=palette.ink(palette.PATH),
                arrowprops={"arrowstyle": "-", "color": palette.PATH})
    ax.set_xlim(-0.6, y_right + 3.6)
    ax.set_ylim(-1.3, height + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("All predictions at once: one row of X per example")
    if own:
        describe(ax.figure, f"Left to right: X times w equals X w. X has shape ({n}, {d}), a "
                 f"row per example and a column per feature; w has shape ({d},), one weight per "
                 f"feature; X w has shape ({n},), one prediction per example. Marked: row {row} of "
                 f"X (counting from 0) and prediction {row}, which that row times w gives")
    return ax.figure


# Candidate lines: each its own colour and dash, none blue (lecture 4's full batch); the
# least-squares line takes the green of the least-squares minimum on the lecture's maps.
CANDIDATE_LINES = ((palette.PURPLE, "--"), (palette.ORANGE, "-."), (palette.SKY_BLUE, ":"),
                   (palette.BLACK, (0, (6, 2, 1, 2, 1, 2))))


@styled
def plot_regression_data(X, y, lines: dict, *, title: str | None = None, ax=None):
    """The data points (x, y) and one straight line per entry of ``lines`` (label -> (w0, w1)),
    each labelled with its mean squared error on the data. A line at the least-squares weights
    is solid, in ``palette.MINIMUM``; the others are dashed, each its own way."""
    lines = checks.mapping("lines", lines, "a label to a line's weights (w0, w1)")
    lines = {label: checks.finite_array(f"lines[{label!r}]", w, ndim=1, last_axis=2)
             for label, w in lines.items()}
    own = ax is None
    ax = one_axes(ax, width=6.8, height=4.3)
    x = X[:, 1]
    ax.plot(x, y, "o", color=palette.GREY, ms=4, label=f"data: {len(y)} examples")
    grid = np.linspace(x.min(), x.max(), 2)
    best = data.least_squares(X, y)
    others = iter(CANDIDATE_LINES * len(lines))
    for label, w in lines.items():
        colour, style = ((palette.MINIMUM, "-") if np.allclose(w, best, rtol=0, atol=5e-3)
                         else next(others))
        ax.plot(grid, w[0] + w[1] * grid, color=colour, ls=style, lw=2.2,
                label=f"{label}: $w_0$ = {w[0]:.2f}, $w_1$ = {w[1]:.2f}, "
                      f"loss {data.linear_mse(w, X, y):.2f}")
    ax.set_xlabel("x (the feature)")
    ax.set_ylabel("y (the ground truth)")
    ax.set_title(title or "A model is a line $\\hat y = w_0 + w_1 x$; the loss scores how well "
                          "it fits")
    ax.legend(loc="upper left", fontsize=9)
    if own:
        describe(ax.figure, _lines_sentence(X, y, lines, best))
    return ax.figure


def _lines_sentence(X, y, lines: dict, best) -> str:
    """Which line fits the data best and the loss of each, lowest first, in the legend's
    format."""
    losses = {label: float(data.linear_mse(w, X, y)) for label, w in lines.items()}
    ranked = sorted(lines, key=losses.get)
    first = ranked[0]

    def weights(label):  # the model is w0 + w1 x: what each weight means, not its symbol
        return f"intercept {lines[label][0]:.2f}, slope {lines[label][1]:.2f}"

    exact = (", the least-squares line," if np.allclose(lines[first], best, rtol=0, atol=5e-3)
             else "")
    points = plural(len(y), "data point")
    where = f"{plural(len(lines), 'line')} drawn over {points}"
    if len(lines) == 1:
        return fitting(
            f'One line drawn over {points}, "{first}" ({weights(first)}){exact} has loss '
            f"{losses[first]:.2f}",
            summary=f"One line drawn over {points}: loss {losses[first]:.2f}")
    others = [f'{losses[label]:.2f} for "{label}" ({weights(label)})' for label in ranked[1:]]
    return fitting(
        f'Of {where}, "{first}" ({weights(first)}){exact} fits best, loss {losses[first]:.2f}, '
        f"against " + listed(others),
        f'Of {where}, "{first}"{exact} fits best, loss {losses[first]:.2f}, against '
        + listed([f'{losses[label]:.2f} for "{label}"' for label in ranked[1:]]),
        summary=f"Of {where}, the best{exact} has loss {losses[first]:.2f} and the worst "
        f"{losses[ranked[-1]]:.2f}")
