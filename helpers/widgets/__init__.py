"""Interactive explorers, one per live figure. Only notebooks and tests import this package.

Every explorer shares one interface (``helpers.widgets.base.Explorer``): ``controls`` and
``sliders``, ``figure`` (the main bqplot figure) and ``figures``, ``update()``, ``result`` and
``label``, ``start_at(*point)`` (what a click does), ``hold_updates()`` and a Reset button.
"""

from .base import Explorer
from .batch_size import BatchSizeExplorer
from .descent_1d import DescentExplorer1D
from .descent_2d import DescentExplorer2D
from .kinks import KinkExplorer
from .momentum import MomentumExplorer
from .surface_3d import SurfaceExplorer3D
from .training import TrainingExplorer

__all__ = [
    "BatchSizeExplorer",
    "DescentExplorer1D",
    "DescentExplorer2D",
    "Explorer",
    "KinkExplorer",
    "MomentumExplorer",
    "SurfaceExplorer3D",
    "TrainingExplorer",
]
