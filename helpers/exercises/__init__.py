"""Exercises with instant feedback: one module per lecture (``lecture01``, ...), built on ``core``.

    from helpers.exercises import lecture01 as ex
    ex.update_rule.check(my_step)    # shows right, or what is wrong and a hint
"""

from .core import Exercise, Feedback

__all__ = ["Exercise", "Feedback"]
