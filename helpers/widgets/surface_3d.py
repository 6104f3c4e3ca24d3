"""The rotatable 3-D view of a descent: the surface z = f(x, y) beside its contour map, with the
path of one run on both, and sliders for the start and the learning rate.

The figure is matplotlib, shown live by an ipympl canvas (drag the surface to turn it), with no
``%matplotlib widget`` needed. It is built once; a slider move runs descent again, gives the
lines that exist their new data and redraws only them over the kept picture (blitting). A
student can turn the landscape and watch a run change on it.
"""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from .. import checks
from ..geometry import DOTS_UP_TO, domain_extent, pin_to_view
from ..plots import plot_surface_and_contour
from ..solvers import gradient_descent
from .base import Explorer
from .descent_2d import TWO_D, objective_named, summary_2d
from .look import float_slider, log_slider, show_number

__all__ = ["SurfaceExplorer3D"]

# The learning-rate slider: from 0.001 to 0.05, past Himmelblau's 2/L = 0.0243 at (3, 2) and on
# to rates that diverge.
LR_EXPONENTS = (-3.0, math.log10(0.05))


@contextmanager
def _quietly_made():
    """Make figures without showing them (not even under ipympl) and without ipympl's warning
    that its toolbar passes traitlets an argument it no longer wants: nothing to act on."""
    with plt.ioff(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        yield


def ipympl_backend():
    """ipympl's backend module, imported without its side effect: importing the ``ipympl``
    package switches matplotlib to the ipympl backend for the whole session (closing every open
    figure), which would turn every later inline figure of a notebook into a live canvas."""
    import sys

    if "ipympl.backend_nbagg" not in sys.modules:
        real_use = matplotlib.use
        matplotlib.use = lambda *args, **kwargs: None
        try:
            import ipympl.backend_nbagg  # noqa: F401
        finally:
            matplotlib.use = real_use
    return sys.modules["ipympl.backend_nbagg"]


def _canvas(fig):
    """An ipympl canvas (a widget) for a matplotlib figure made under any backend."""
    new_figure_manager_given_figure = ipympl_backend().new_figure_manager_given_figure
    plt.close(fig)  # out of pyplot's list: the explorer shows it, not the inline backend
    with _quietly_made():
        return new_figure_manager_given_figure(id(fig), fig).canvas


class SurfaceExplorer3D(Explorer):
    """Gradient descent drawn on the surface of a 2-D function and on its contour map.

    Sliders: the learning rate and the start (x₀, y₀). Moving one reruns descent for ``steps``
    steps and moves the path (its line, start dot and last-step diamond) on both panels of the
    figure that exists; the figure is never rebuilt. ``mpl_figure`` is the matplotlib figure,
    ``figure`` its ipympl canvas (the widget shown). Iterates off the map are pinned to its edge
    (:func:`helpers.geometry.pin_to_view`), and their heights to the surface's range, so a
    diverging run keeps its last-step diamond in view; the label says so.
    """

    start_controls = ("x0", "y0")

    def __init__(
        self,
        *,
        function: str = "Himmelblau",
        lr: float = 0.01,
        start=(0.0, 0.0),
        steps: int = 200,
    ):
        self.objective = objective_named(checks.one_of("function", function, TWO_D))
        self.steps = checks.integer("steps", steps, 1, 10_000)
        (x_low, x_high), (y_low, y_high) = self.objective.domain
        self.extent = domain_extent(self.objective.domain)
        self.centre = ((x_low + x_high) / 2, (y_low + y_high) / 2)
        x0, y0 = checks.finite_array("start", start, ndim=1, last_axis=2)
        controls = {
            "lr": log_slider("learning rate", lr, *LR_EXPONENTS, argument="lr"),
            "x0": float_slider("start x₀", x0, x_low, x_high, 0.01, argument="start[0]"),
            "y0": float_slider("start y₀", y0, y_low, y_high, 0.01, argument="start[1]"),
        }
        first = self._run(controls["lr"].value, (x0, y0))
        with _quietly_made():
            self.mpl_figure = plot_surface_and_contour(
                self.objective, first,
                title=f"Gradient descent on the {self.objective.name}: drag the surface to turn it",
            )
        self.surface_axes, self.map_axes = self.mpl_figure.axes[:2]
        self.surface_marks = self._marks(self.surface_axes)
        self.map_marks = self._marks(self.map_axes)
        self.heights = self.surface_axes.get_zlim()  # fixed: a path never rescales the view
        self.surface_axes.set_zlim(*self.heights)
        canvas = _canvas(self.mpl_figure)
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_position = "left"
        # Always shown: a toolbar that appears only under the mouse is out of a keyboard
        # user's sight when Tab reaches it, and its home button is how a turned view comes back.
        canvas.toolbar_visible = "visible"
        super().__init__(controls, canvas)
        self._prepare_blitting()
        self.result = None
        self.update()
        self._keep_still_image()

    # ------------------------------------------------------------ drawing
    #
    # A slider move redraws only what moves. The path's marks (and the minima drawn over them)
    # are "animated": a full draw (the first one, or one after the surface is turned) leaves them
    # out, keeps the picture without them, and then draws them on top. A slider move puts that
    # picture back, draws the moved marks on it and sends the pixels that changed: a fraction of
    # the time a full draw of the surface takes.

    def _prepare_blitting(self) -> None:
        minima = [line for line in self.map_axes.get_lines()
                  if line.get_label() in ("minima", "minimum", "global minimum", "local minimum")]
        self.moving = [*self.surface_marks.values(), *self.map_marks.values(), *minima]
        for artist in self.moving:
            artist.set_animated(True)
        self._background = None
        self.mpl_figure.canvas.mpl_connect("draw_event", self._after_full_draw)

    def _after_full_draw(self, _event) -> None:
        canvas = self.mpl_figure.canvas
        if canvas.is_saving():  # a saved image draws the animated marks with the rest
            return
        self._background = canvas.copy_from_bbox(self.mpl_figure.bbox)
        self._draw_moving()

    def _draw_moving(self) -> None:
        for artist in self.moving:
            self.mpl_figure.draw_artist(artist)

    def _redraw(self) -> None:
        canvas = self.mpl_figure.canvas
        if self._background is None:  # never drawn yet: the first full draw shows the path
            canvas.draw_idle()
            return
        canvas.restore_region(self._background)
        self._draw_moving()
        canvas.blit(self.mpl_figure.bbox)

    @staticmethod
    def _marks(ax) -> dict:
        """The path's line, start dot and last-step diamond that the builder drew on ``ax``."""
        named = {line.get_label(): line for line in ax.get_lines()}
        return {"path": named["descent path"], "start": named["start"], "end": named["last step"]}

    def _run(self, lr: float, start):
        return gradient_descent(self.objective.grad, tuple(float(v) for v in start), lr,
                                steps=self.steps)

    def update(self) -> None:
        lr = self.controls["lr"].value
        result = self._run(lr, self.start_point)
        self.result = result
        shown = pin_to_view(result.path, self.extent, self.centre)
        heights = np.clip(self.objective.f(shown), *self.heights)
        dots = "o" if len(shown) <= DOTS_UP_TO else "None"
        for marks, data in ((self.surface_marks, (shown[:, 0], shown[:, 1], heights)),
                            (self.map_marks, (shown[:, 0], shown[:, 1]))):
            _set(marks["path"], data, slice(None))
            marks["path"].set_marker(dots)
            _set(marks["start"], data, slice(0, 1))
            _set(marks["end"], data, slice(-1, None))
        facts = {"learning rate": show_number(lr),
                 **summary_2d(self.objective, result, lr, self.steps)}
        if result.diverged:
            facts["drawn"] = "steps off the map are pinned to its edge"
        self.set_label(facts, result.message)
        self._redraw()

    def _keep_still_image(self) -> None:
        """Store the first frame in the canvas's state, so the notebook read without a kernel
        still shows the figure; then fix the layout that frame found, so later frames skip the
        layout pass (a third of the time a frame takes)."""
        self.figure._repr_mimebundle_()
        self.mpl_figure.set_layout_engine("none")


def _set(line, data, part: slice) -> None:
    """Give a 2-D line (x, y) or a 3-D line (x, y, z) the ``part`` of the new data."""
    if len(data) == 3:
        line.set_data_3d(*(values[part] for values in data))
    else:
        line.set_data(*(values[part] for values in data))
