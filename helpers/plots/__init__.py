"""Figure builders that take results, not raw loops. Static figures are matplotlib, in the
house palette (``helpers.palette``); each builder returns its figure."""

from .one_d import *  # noqa: F401,F403
from .style import subplots  # noqa: F401
