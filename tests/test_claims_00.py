"""What the start page tells a student to try in its explorer happens."""

import pytest

from helpers.exercises import lecture00
from helpers.widgets import DescentExplorer1D


def test_learning_rate_half_throws_the_path_into_the_left_valley_where_it_bounces():
    explorer = DescentExplorer1D()
    assert explorer.controls["tol"].value == 1e-6  # the threshold the page names
    assert explorer.result.converged and abs(explorer.result.final - 1) < 1e-5
    explorer.sliders["lr"].value = 0.5
    run = explorer.result
    assert not run.converged and not run.diverged
    assert "without converging" in run.message
    late = run.path[-10:]
    assert late.min() < -2 < late.max() and late.max() < 0  # around x = -2, on both sides
    # The page's own numbers: the first step over the bump, then the range of the bounce.
    assert run.path[0] == 1.8 and run.path[1] == pytest.approx(-0.936, abs=5e-4)
    assert round(run.path[1:].min(), 2) == -2.44 and round(run.path[1:].max(), 2) == -0.60
    explorer.reset()
    assert explorer.result.converged and explorer.sliders["lr"].value == 0.1


def test_zero_is_too_low_not_the_wrong_sign():
    assert "too low" in lecture00.warm_up.check(0).message
