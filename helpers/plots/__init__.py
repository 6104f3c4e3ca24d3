"""Figure builders that take results, not raw loops. Static figures are matplotlib, in the
house palette (``helpers.palette``); each builder returns its figure."""

from .one_d import *  # noqa: F401,F403
from .style import subplots  # noqa: F401
from .batching import (  # noqa: F401
    plot_batch_paths, plot_epoch_times, plot_loss_curves, plot_loss_surface, plot_matrix_shapes,
    plot_memory_trace, plot_pipeline, plot_regression_data,
)
from .two_d import *  # noqa: F401,F403
from .runs_1d import plot_runs_1d  # noqa: F401
from .kinks import plot_stand_ins, plot_subgradients  # noqa: F401
from .networks import *  # noqa: F401,F403
