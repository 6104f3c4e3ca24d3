"""Helpers for the lecture series *Gradient Descent & Backpropagation, interactive*.

Import the modules by name (``from helpers import solvers``); the package itself imports none
of them, so ``import helpers`` stays cheap and never pulls in matplotlib, the widgets or torch.

* ``functions`` and ``data`` make the problems: objectives with exact derivatives and known
  minima; toy classification, a two-parameter regression and a data set on disk.
* ``checks`` and ``results`` are the shared vocabulary: one rule per kind of argument, and one
  result interface (``final``, ``path``, ``steps``, ``converged``, ``diverged``, ``message``)
  with the number formats every message and label uses.
* ``calculus``, ``solvers``, ``basins`` and ``mlp`` compute: numerical derivatives; descent
  from one start, from many at once and by mini-batches; where many starts end; a small network
  trained by hand-written backpropagation.
* ``geometry`` (numpy only) computes what a figure shows (grids, contour levels and segments,
  clipping, line packing) and feeds both ``plots`` (static figures, matplotlib) and ``widgets``
  (live explorers, bqplot).
* ``palette`` holds the colours by role; ``graph`` is lecture 05's computation graph;
  ``exercises`` checks a student's answers.
* Only ``crosscheck`` imports torch.
"""

# Nothing for ``from helpers import *``: listing the modules here would import them all,
# widgets and torch included.
__all__: list[str] = []

__version__ = "1.0.0"
