"""One vocabulary for what a run returns: descent, many starts, mini-batches, network training.

Every result object of ``helpers`` (``solvers.DescentResult``, ``ManyResult``,
``MinibatchResult``, ``mlp.TrainResult``, ``basins.BasinMap``, ``NoisyRuns``, ``Restarts``) is a
:class:`Result` and answers the same six questions under the same names, so a plot, an explorer
or a student reads any of them without asking which kind it is:

``final``
    Where the run ended: the last iterate (for many starts, one end point per start; for a
    network, its trained parameters).
``path``
    Every iterate, the start first (``None`` where a many-start run was not asked to record it).
``steps``
    How many updates were made, a plain ``int`` (for many starts, the most any start made).
``converged``
    The run stopped because the gradient's norm fell to ``tol`` or below. A boolean mask for
    many starts. Runs with a fixed budget and no stopping test (mini-batches, network training)
    never converge in this sense: it is ``False`` there.
``diverged``
    An iterate or the loss stopped being finite or grew past a bound (a boolean mask for many
    starts). Divergence is a result, never an exception.
``message``
    What happened, in whole sentences a student can read (a capital letter, a full stop).
"""

from __future__ import annotations

__all__ = ["RESULT_NAMES", "Result", "plural"]

# The names every result answers to, in the order the module docstring explains them.
RESULT_NAMES = ("final", "path", "steps", "converged", "diverged", "message")


class Result:
    """The interface every result shares (see the module docstring for the meaning of each name).

    A mixin: each result is a dataclass that provides ``final``, ``path``, ``steps``,
    ``converged``, ``diverged`` and ``message`` as fields or properties; older names
    (``DescentResult.x``, ``MinibatchResult.w``, ``TrainResult.params``, ...) stay as aliases.
    """

    __slots__ = ()

    def summary(self) -> dict:
        """The six shared answers by name, e.g. for a label or a test."""
        return {name: getattr(self, name) for name in RESULT_NAMES}


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``"1 step"``, ``"3 steps"``; ``plural_form`` for irregular nouns (``"batches"``)."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural_form if plural_form is not None else noun + 's'}"
