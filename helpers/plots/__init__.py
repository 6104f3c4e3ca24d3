"""Figure builders that take results, not raw loops. Static figures are matplotlib, in the house
palette (``helpers.palette``).

One convention: a ``plot_*`` builder returns its figure; one that draws a single panel takes
``ax=None`` as a keyword (drawing on the caller's axes when given, else on a new figure). A
``draw_*`` function draws onto the axes it gets first and returns no figure. Every builder
describes the figure it returns in one sentence (:func:`describe`), which a notebook shows as
the image's alt text. The numbers behind the figures (grids, contour levels and lines, extents,
probability grids) come from :mod:`helpers.geometry`, the computation graph from
:mod:`helpers.graph`.
"""

from .basin_maps import plot_basin_map, plot_basin_maps
from .batching import (
    plot_batch_paths,
    plot_epoch_times,
    plot_loss_curves,
    plot_loss_surface,
    plot_memory_trace,
)
from .crosscheck import (
    plot_data_parallel,
    plot_loss_histories,
    plot_relative_errors,
    plot_side_by_side,
    plot_step_times,
)
from .descriptions import describe, description, install
from .kinks import plot_stand_ins, plot_subgradients
from .landscape import (
    plot_directional_slopes,
    plot_gradient_field,
    plot_partial_slices,
    plot_steps_across_contours,
    plot_surface_and_contour,
)
from .marks import DOTS_UP_TO, draw_path, legend_once
from .networks import (
    draw_decision_boundary,
    plot_computation_graph,
    plot_decision_boundaries,
    plot_learning,
)
from .one_d import (
    draw_curve,
    draw_curve_path,
    plot_descent_1d,
    plot_difference_errors,
    plot_direction_cases,
    plot_function_1d,
    plot_tangent,
)
from .pipeline import plot_matrix_shapes, plot_pipeline, plot_regression_data
from .runs_1d import plot_lr_regimes, plot_runs_1d
from .style import subplots
from .two_d import (
    draw_contours,
    mark_points,
    plot_descent_2d,
    plot_descent_panels,
    plot_paths_by_outcome,
    plot_run_ends,
)

__all__ = [
    "DOTS_UP_TO",
    "describe",
    "description",
    "draw_contours",
    "draw_curve",
    "draw_curve_path",
    "draw_decision_boundary",
    "draw_path",
    "legend_once",
    "mark_points",
    "plot_basin_map",
    "plot_basin_maps",
    "plot_batch_paths",
    "plot_computation_graph",
    "plot_data_parallel",
    "plot_decision_boundaries",
    "plot_descent_1d",
    "plot_descent_2d",
    "plot_descent_panels",
    "plot_difference_errors",
    "plot_direction_cases",
    "plot_directional_slopes",
    "plot_epoch_times",
    "plot_function_1d",
    "plot_gradient_field",
    "plot_learning",
    "plot_loss_curves",
    "plot_loss_histories",
    "plot_loss_surface",
    "plot_lr_regimes",
    "plot_matrix_shapes",
    "plot_memory_trace",
    "plot_partial_slices",
    "plot_paths_by_outcome",
    "plot_pipeline",
    "plot_regression_data",
    "plot_run_ends",
    "plot_relative_errors",
    "plot_runs_1d",
    "plot_side_by_side",
    "plot_stand_ins",
    "plot_step_times",
    "plot_steps_across_contours",
    "plot_subgradients",
    "plot_surface_and_contour",
    "plot_tangent",
    "subplots",
]

# In a notebook, described figures are shown with their sentence (helpers.plots.descriptions).
install()
