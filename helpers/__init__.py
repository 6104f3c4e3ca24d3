"""Helpers for the lecture series *Gradient Descent & Backpropagation, interactive*.

Data flows one way: ``functions`` and ``data`` make the problems; ``calculus``, ``solvers``
and ``mlp`` compute; ``plots`` draws; ``widgets`` wires sliders to solvers and plots;
``exercises`` checks a student's answers. Only ``crosscheck`` imports torch.
"""

__version__ = "1.0.0"
