"""Interactive explorers, one per live figure. Only notebooks and tests import this package.

Each explorer is a displayable widget; ``explorer.controls`` holds its sliders,
``explorer.update()`` redraws, ``explorer.result`` is the solver's result and
``explorer.label`` states it.
"""

from .base import Explorer
from .descent_1d import DescentExplorer1D

__all__ = ["Explorer", "DescentExplorer1D"]
from .batch_size import BatchSizeExplorer  # noqa: E402
__all__ += ["BatchSizeExplorer"]
from .descent_2d import DescentExplorer2D  # noqa: E402
from .momentum import MomentumExplorer  # noqa: E402
from .kinks import KinkExplorer  # noqa: E402
__all__ += ["DescentExplorer2D", "MomentumExplorer", "KinkExplorer"]
from .training import TrainingExplorer  # noqa: E402
__all__ += ["TrainingExplorer"]
