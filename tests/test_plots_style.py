"""The projector look of the static figures: switched on with ``plots.style.use("projector")``
(the line lecture 00 gives instructors), every figure built after it has text of at least 14 pt,
thicker lines and bigger markers, and ``plots.style.use("default")`` brings the screen sizes
back exactly."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from helpers import functions, plots, solvers  # noqa: E402


@pytest.fixture(autouse=True)
def screen_look_around_each_test():
    plots.style.use("default")
    yield
    plots.style.use("default")
    plt.close("all")


def _descent_figure():
    quartic = functions.quartic()
    return plots.plot_descent_1d(quartic, solvers.gradient_descent(quartic.grad, 1.8, lr=0.1))


def _regimes_figure():
    quartic = functions.quartic()
    runs = {f"lr = {lr:g}": solvers.gradient_descent(quartic.grad, 1.3, lr, steps=40)
            for lr in (0.01, 0.2, 0.6, 1.2)}
    return plots.plot_lr_regimes(quartic, runs)


def _texts(fig) -> list[Text]:
    fig.canvas.draw()
    return [text for text in fig.findobj(Text)
            if text.get_visible() and text.get_text().strip()]


def _data_lines(fig) -> list[Line2D]:
    return [line for ax in fig.axes for line in ax.get_lines()]


def _sizes(fig) -> dict:
    fig.canvas.draw()
    lines = _data_lines(fig)
    return {
        "texts": sorted(text.get_fontsize() for text in _texts(fig)),
        "widths": [line.get_linewidth() for line in lines],
        "markers": [line.get_markersize() for line in lines],
        "scatter": [float(np.max(c.get_sizes())) for ax in fig.axes for c in ax.collections
                    if isinstance(c, PathCollection) and len(c.get_sizes())],
    }


def test_the_line_lecture_00_gives_switches_every_text_to_14_pt_or_more():
    plots.style.use("projector")
    assert plots.style.current() == "projector"
    for fig in (_descent_figure(), _regimes_figure()):
        small = [(text.get_text(), text.get_fontsize()) for text in _texts(fig)
                 if text.get_fontsize() < 14]
        assert not small, small


def test_lines_get_thicker_and_markers_bigger_and_the_default_comes_back():
    screen = _sizes(_descent_figure())
    plots.style.use("projector")
    projector = _sizes(_descent_figure())
    plots.style.use("default")
    back = _sizes(_descent_figure())

    assert min(screen["texts"]) < 14 <= min(projector["texts"])
    assert projector["widths"] == pytest.approx([1.6 * w for w in screen["widths"]])
    assert projector["markers"] == pytest.approx([1.5 * m for m in screen["markers"]])
    assert projector["scatter"] == pytest.approx([1.5**2 * s for s in screen["scatter"]])
    assert back == screen  # exactly the screen sizes again


def test_the_figure_grows_taller_never_wider():
    screen = _descent_figure()
    plots.style.use("projector")
    projector = _descent_figure()
    assert projector.get_figwidth() == screen.get_figwidth()
    assert projector.get_figheight() == pytest.approx(1.25 * screen.get_figheight())


def test_a_legend_under_the_axes_stays_clear_of_the_larger_axis_label():
    quartic = functions.quartic()
    plots.style.use("projector")
    fig = plots.plot_difference_errors(quartic.f, quartic.grad, 0.7)  # its legend sits below
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    gap = ax.xaxis.label.get_window_extent(renderer).y0 - ax.get_legend().get_window_extent(
        renderer).y1
    assert gap > 4  # pixels: clear of the label, not touching it


def test_the_default_look_restores_the_rcparams_it_found():
    before = {key: matplotlib.rcParams[key] for key in plots.style.PROJECTOR_RC}
    plots.style.use("projector")
    assert matplotlib.rcParams["legend.fontsize"] >= 14
    plots.style.use("projector")  # twice changes nothing
    plots.style.use("default")
    assert {key: matplotlib.rcParams[key] for key in before} == before


def test_a_figure_drawn_outside_a_builder_gets_the_larger_rcparams():
    plots.style.use("projector")
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_title("a title")
    ax.legend()
    assert min(text.get_fontsize() for text in _texts(fig)) >= 14
    assert ax.get_lines()[0].get_linewidth() > matplotlib.rcParamsDefault["lines.linewidth"]


def test_each_artist_is_enlarged_once():
    plots.style.use("projector")
    fig = _descent_figure()
    once = _sizes(fig)
    plots.style.enlarge(fig)
    assert _sizes(fig) == once


def test_larger_text_still_fits_the_notebook_column_without_layout_warnings():
    plots.style.use("projector")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = _regimes_figure()
        fig.canvas.draw()
    assert fig.get_figwidth() <= plots.style.COLUMN_INCHES
    renderer = fig.canvas.get_renderer()
    for legend in fig.legends:  # fewer columns rather than wider than the figure
        assert legend.get_window_extent(renderer).width <= fig.bbox.width


def test_an_unknown_look_is_refused_by_name():
    with pytest.raises(ValueError, match="look must be one of .*'projector'.*got 'beamer'"):
        plots.style.use("beamer")
    assert plots.style.current() == "default"
