"""The house style for static matplotlib figures: one palette, titles, labelled axes, and one
way to get the axes a builder draws on."""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
from cycler import cycler

from .. import palette

__all__ = ["COLUMN_INCHES", "RC", "one_axes", "styled", "subplots"]

RC = {
    "axes.prop_cycle": cycler(color=list(palette.SERIES)),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "legend.framealpha": 0.85,
    "figure.dpi": 100,
}


def styled(builder):
    """Run a figure builder inside the house style (its rcParams apply while it draws)."""

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        with plt.rc_context(RC):
            return builder(*args, **kwargs)

    return wrapper


COLUMN_INCHES = 10.0  # JupyterLab's notebook column at 1400 px, at the house style's 100 dpi


def subplots(nrows: int = 1, ncols: int = 1, *, width: float = 5.0, height: float = 3.8, **kw):
    """``plt.subplots`` with each panel ``width`` x ``height`` inches and a tidy layout; a row
    wider than the notebook column is narrowed to fit, so JupyterLab never shrinks its text."""
    width = min(width, COLUMN_INCHES / ncols)
    return plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                        layout="constrained", squeeze=False, **kw)


def one_axes(ax=None, *, width: float, height: float):
    """The axes a one-panel builder draws on: ``ax`` when given (the caller's figure), else the
    axes of a new ``width`` x ``height`` inch figure."""
    if ax is not None:
        return ax
    return subplots(width=width, height=height)[1][0, 0]
