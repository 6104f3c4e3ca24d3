"""The rotatable 3-D view of lecture 02: its sliders rerun descent and move the path on the figure
that exists (the surface and the map), never building a new figure; a diverging run keeps its
last step in view; Reset and a start point behave as in every explorer."""

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.figure  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import functions, geometry  # noqa: E402
from helpers.solvers import gradient_descent  # noqa: E402
from helpers.widgets import Explorer, SurfaceExplorer3D  # noqa: E402
from helpers.widgets.surface_3d import ipympl_backend  # noqa: E402

HIMMELBLAU = functions.himmelblau()


@pytest.fixture(scope="module")
def explorer():
    return SurfaceExplorer3D()


@pytest.fixture(autouse=True)
def back_to_the_start(explorer):
    yield
    explorer.reset()


def test_making_one_leaves_the_backend_of_later_figures_alone():
    # Importing ipympl switches matplotlib to its backend: every later inline figure of the
    # notebook would become a live canvas. A fresh process shows whether the explorer avoids it.
    code = ("import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt; "
            "from helpers.widgets import SurfaceExplorer3D; SurfaceExplorer3D(); "
            "print(matplotlib.get_backend().lower(), type(plt.figure().canvas).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.split() == ["agg", "FigureCanvasAgg"]


def drawn(explorer):
    """Every coordinate of the path as drawn: on the surface (x, y, z) and on the map (x, y)."""
    surface = explorer.surface_marks["path"].get_data_3d()
    on_map = explorer.map_marks["path"].get_xydata()
    return [np.asarray(a, dtype=float).copy() for a in (*surface, on_map)]


def test_it_is_an_explorer_with_a_live_matplotlib_canvas_and_no_pyplot_figure_left_open():
    figures, backend = plt.get_fignums(), matplotlib.get_backend()
    explorer = SurfaceExplorer3D()
    assert plt.get_fignums() == figures  # shown by the explorer, not by the inline backend
    assert matplotlib.get_backend() == backend  # later figures stay as they were
    assert isinstance(explorer, Explorer)
    assert isinstance(explorer.figure, ipympl_backend().Canvas)
    assert explorer.figure.figure is explorer.mpl_figure
    assert explorer.view in explorer.children and explorer.label is explorer.children[-2]
    assert [ax.name for ax in explorer.mpl_figure.axes[:2]] == ["3d", "rectilinear"]
    assert set(explorer.sliders) == {"lr", "x0", "y0"} and explorer.start_point == (0.0, 0.0)
    assert explorer.figure._data_url.startswith("data:image/png")  # a still for reading offline


@pytest.mark.parametrize("name, value", [("lr", 0.02), ("x0", -2.0), ("y0", -3.0)])
def test_a_slider_move_redraws_the_path_on_the_same_figure(explorer, monkeypatch, name, value):
    made = []
    real_init = matplotlib.figure.Figure.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "__init__", counting_init)
    figure, canvas = explorer.mpl_figure, explorer.figure
    lines = {**explorer.surface_marks, **{f"map {k}": v for k, v in explorer.map_marks.items()}}
    artists = {ax: len(ax.get_children()) for ax in figure.axes}
    before = drawn(explorer)

    explorer.controls[name].value = value

    after = drawn(explorer)
    moved = [a.shape != b.shape or not np.allclose(a, b)
             for a, b in zip(before, after, strict=True)]
    assert any(moved)
    assert not made and explorer.mpl_figure is figure and explorer.figure is canvas
    assert {**explorer.surface_marks,
            **{f"map {k}": v for k, v in explorer.map_marks.items()}} == lines
    assert {ax: len(ax.get_children()) for ax in figure.axes} == artists  # nothing added
    lr = explorer.controls["lr"].value
    run = gradient_descent(HIMMELBLAU.grad, explorer.start_point, lr, steps=explorer.steps)
    np.testing.assert_allclose(explorer.map_marks["path"].get_xydata(), run.path)
    np.testing.assert_allclose(explorer.map_marks["start"].get_xydata()[0], run.path[0])
    np.testing.assert_allclose(explorer.map_marks["end"].get_xydata()[0], run.final)
    np.testing.assert_allclose(explorer.surface_marks["path"].get_data_3d()[2],
                               HIMMELBLAU.f(run.path))
    assert f"<b>steps</b> {run.steps} of {explorer.steps}" in explorer.label.value


def test_after_the_first_frame_a_slider_move_redraws_only_what_moves(explorer, monkeypatch):
    canvas, figure = explorer.figure, explorer.mpl_figure
    canvas.draw()  # the first frame, as the page asks for it
    full_draws = []
    real_draw = type(figure).draw

    def counting_draw(self, renderer):
        full_draws.append(self)
        return real_draw(self, renderer)

    monkeypatch.setattr(type(figure), "draw", counting_draw)
    before = np.asarray(canvas.get_renderer().buffer_rgba()).copy()
    explorer.controls["x0"].value = -2.0
    after = np.asarray(canvas.get_renderer().buffer_rgba())
    assert not full_draws  # the surface was not drawn again
    assert (before != after).any()  # but the pixels of the path moved
    # and what is on the canvas is what a full draw of the moved path gives
    monkeypatch.undo()
    canvas.draw()
    np.testing.assert_array_equal(np.asarray(canvas.get_renderer().buffer_rgba()), after)


def test_the_surface_keeps_its_heights_while_runs_change(explorer):
    heights = explorer.surface_axes.get_zlim()
    for lr in (0.001, 0.05):
        explorer.controls["lr"].value = lr
        assert explorer.surface_axes.get_zlim() == heights


def test_a_diverging_run_keeps_its_last_step_on_the_map_and_says_why(explorer):
    explorer.controls["lr"].value = 0.05
    assert explorer.result.diverged
    extent = geometry.domain_extent(HIMMELBLAU.domain)
    for marks in (explorer.map_marks,):
        assert geometry.inside(marks["end"].get_xydata(), extent).all()
        assert geometry.inside(marks["path"].get_xydata(), extent).all()
    z = explorer.surface_marks["path"].get_data_3d()[2]
    low, high = explorer.surface_axes.get_zlim()
    assert np.all((z >= low) & (z <= high))
    assert "diverged" in explorer.label.value and "pinned to its edge" in explorer.label.value


def test_paths_have_dots_up_to_the_limit_then_a_line(explorer):
    explorer.controls["lr"].value = 0.01  # converges in 62 steps: dots
    assert explorer.map_marks["path"].get_marker() == "o"
    explorer.controls["lr"].value = 0.001  # all 200 steps: a line alone
    assert len(explorer.result.path) > geometry.DOTS_UP_TO
    assert explorer.map_marks["path"].get_marker() in ("None", "")
    assert explorer.surface_marks["path"].get_marker() in ("None", "")


def test_reset_and_start_at_work_as_in_every_explorer(explorer):
    label = explorer.label.value
    explorer.start_at(-4.0, 4.0)
    assert explorer.start_point == (-4.0, 4.0) and explorer.label.value != label
    np.testing.assert_allclose(explorer.map_marks["start"].get_xydata()[0], (-4.0, 4.0))
    explorer.start_at(9.0, -9.0)  # clipped to the map
    assert explorer.start_point == (5.0, -5.0)
    explorer.controls["lr"].value = 0.02
    explorer.reset()
    assert explorer.start_point == (0.0, 0.0) and explorer.controls["lr"].value == 0.01
    assert explorer.label.value == label


@pytest.mark.parametrize(
    "kwargs, name, error",
    [
        ({"function": "cubic"}, "function", ValueError),
        ({"steps": 0}, "steps", ValueError),
        ({"steps": 2.5}, "steps", TypeError),
        ({"lr": 0.5}, "lr", ValueError),
        ({"start": (0.0, 9.0)}, r"start\[1\]", ValueError),
        ({"start": (0.0,)}, "start", ValueError),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs, name, error):
    with pytest.raises(error, match=name):
        SurfaceExplorer3D(**kwargs)
