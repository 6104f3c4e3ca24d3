"""General statements of lecture 01 that no single cell can show, held over a range.

Most of them are the folded answers to the explorer's "things to try": they are checked on the
learning rates the explorer's slider can really take (every notch of its log scale), and on the
rates a student can type."""

import numpy as np
import pytest

from helpers import functions, plots
from helpers.solvers import DEFAULT_BOUND, gradient_descent
from helpers.widgets import DescentExplorer1D
from helpers.widgets.descent_1d import flat_spot_kind

quartic = functions.quartic()
cubic = functions.cubic()
parabola = functions.parabola()


def second_derivative(objective, x, h=1e-5):
    return float((objective.grad(x + h) - objective.grad(x - h)) / (2 * h))


# ---------------------------------------------------------------- section 2: the rule


def test_exercise_1_worked_answer_the_slope_at_0_5_is_negative():
    assert quartic.grad(0.5) == pytest.approx(-0.625)


def test_a_small_enough_step_against_the_derivative_always_lowers_f():
    """"A small enough step against the derivative always lowers f": wherever f' is not 0."""
    for objective in (quartic, cubic):
        xs = np.linspace(*objective.domain, 2001)
        slopes = objective.grad(xs)
        moving = np.abs(slopes) > 1e-3
        assert np.all(objective.f(xs - 1e-4 * slopes)[moving] < objective.f(xs)[moving])


# ---------------------------------------------------------------- the 1 - eta f'' rule


RULE = [(cubic, 1.0, 6.0), (quartic, 1.0, 3.0), (quartic, -2.0, 6.0)]


@pytest.mark.parametrize("objective, minimum, curvature", RULE,
                         ids=["cubic at 1", "quartic at 1", "quartic at -2"])
def test_one_step_near_a_minimum_multiplies_the_distance_by_1_minus_eta_f2(objective, minimum,
                                                                          curvature):
    """f''(1) = 6 on the cubic, f''(1) = 3 and f''(-2) = 6 on the quartic; near the minimum the
    path alternates sides exactly when eta > 1/f'', settles while eta < 2/f'', and its bounces
    grow (it never settles there) once eta > 2/f''."""
    assert second_derivative(objective, minimum) == pytest.approx(curvature, rel=1e-8)
    for lr in np.linspace(0.01, 1.0, 100):
        for start in (minimum - 1e-3, minimum + 1e-3):
            run = gradient_descent(objective.grad, start, lr, steps=1000)
            path = np.ravel(run.path) - minimum
            first = path[1] / path[0]
            assert first == pytest.approx(1 - lr * curvature, abs=0.02)
            crossed = path[1] * path[0] < 0
            if lr < 1 / curvature - 0.01:
                assert not crossed
            elif lr > 1 / curvature + 0.01:
                assert crossed
            if lr < 2 / curvature - 0.01:
                assert run.converged and abs(path[-1]) < 1e-5
            elif lr > 2 / curvature + 0.01:
                assert abs(path[4]) > abs(path[0])  # the bounces grow
                assert not (run.converged and abs(path[-1]) < 1e-3)  # never settles there


def test_the_threshold_table_gains_about_6_5_steps_per_factor_of_10():
    """Section 4: with eta = 0.1 the factor is 1 - 0.1 f''(1) = 0.7, and log 10 / log(1/0.7)
    = 6.46 more steps buy each factor of 10 in precision (the table: 6, 12, 25, 38, 51)."""
    factor = 1 - 0.1 * second_derivative(quartic, 1.0)
    assert factor == pytest.approx(0.7)
    assert np.log(10) / np.log(1 / factor) == pytest.approx(6.46, abs=0.005)
    steps = [gradient_descent(quartic.grad, 1.8, 0.1, steps=500, tol=tol).steps
             for tol in (1e-2, 1e-4, 1e-6, 1e-8)]
    assert steps == [12, 25, 38, 51] and list(np.diff(steps)) == [13, 13, 13]
    assert np.all(np.abs(np.diff(steps) / 2 - 6.5) <= 0.5)


# ---------------------------------------------------------------- section 6: the regimes


def regime(objective, start, lr):
    return gradient_descent(objective.grad, start, lr, steps=40)


@pytest.mark.parametrize("objective, start, lr", [(quartic, 1.3, 0.6), (cubic, 1.5, 0.3)])
def test_an_oscillating_run_lands_on_the_other_side_every_step_and_the_bounces_shrink(
        objective, start, lr):
    path = np.ravel(regime(objective, start, lr).path)[2:] - 1.0  # from the second step on
    assert np.all(path[1:] * path[:-1] < 0)
    assert np.all(np.abs(path[2:]) < np.abs(path[:-2]))


def test_above_its_limit_the_cubic_can_bounce_for_ever_between_two_points():
    """Section 6: on the cubic from 1.5, lr = 0.35 (above 2/f''(1) = 1/3) bounces for ever."""
    run = gradient_descent(cubic.grad, 1.5, 0.35, steps=2000)
    path = np.ravel(run.path)
    assert not run.converged and not run.diverged
    assert abs(path[-1] - path[-3]) < 1e-9 and abs(path[-1] - path[-2]) > 0.5


def test_the_cubics_bounce_between_0_6475_and_1_2573_can_be_watched_in_the_explorer():
    """Section 6 points to the explorer for the two-point bounce: within its 200 steps the
    path already alternates between the two points the pinned cell prints."""
    explorer = DescentExplorer1D(function="cubic", lr=0.35, start=1.5, steps=200)
    run = explorer.result
    path = np.ravel(run.path)
    assert not run.converged and not run.diverged and run.steps == 200
    assert np.allclose(sorted(path[-2:]), [0.6475, 1.2573], atol=5e-5)
    assert np.allclose(path[-12::2], path[-2], atol=1e-6)


@pytest.mark.parametrize("objective, start, lr", [(quartic, 1.3, 1.2), (cubic, 1.5, 0.6)])
def test_a_diverging_run_overshoots_more_and_more_until_x_flies_off(objective, start, lr):
    run = regime(objective, start, lr)
    path = np.ravel(run.path)
    assert run.diverged and abs(path[-1]) > 1e10
    assert np.all(np.abs(path[-4:][1:]) > np.abs(path[-4:][:-1]))  # the last swings grow
    assert np.all(path[-4:][1:] * path[-4:][:-1] < 0 if objective is quartic else True)


def test_left_of_the_cubics_bump_descent_runs_downhill_forever_whatever_the_learning_rate():
    """Every start left of -1 the start slider offers, every tenth notch of the lr slider: each
    step goes further left and lower, and given steps enough the run diverges with the message
    that no minimum lies that way."""
    explorer = DescentExplorer1D(function="cubic")
    lr_slider = explorer.controls["lr"]
    rates = 10.0 ** np.arange(lr_slider.min, lr_slider.max + 1e-9, 0.1)
    starts = np.arange(-2.5, -1.0 - 1e-9, 0.05)
    for lr in rates:
        for start in starts:
            run = gradient_descent(cubic.grad, start, lr, steps=20_000)
            path = np.ravel(run.path)
            assert np.all(np.diff(path) < 0) and np.all(np.diff(cubic.f(path)) < 0)
            assert run.diverged and "Every step went further the same way" in run.message


# ---------------------------------------------------------------- section 7: things to try


def slider_rates():
    """Every value the explorer's learning-rate slider can take (its notches)."""
    slider = DescentExplorer1D().controls["lr"]
    exponents = np.round(np.arange(slider.min, slider.max + slider.step / 2, slider.step), 6)
    return 10.0**exponents


def experiment_1(lr):
    """The explorer's run in experiment 1: the quartic from 1.8, 200 steps, tol 1e-6."""
    return gradient_descent(quartic.grad, 1.8, lr, steps=200, tol=1e-6)


def bounces_around(path, centre, last=20) -> bool:
    tail = path[-last:] - centre
    return bool(np.all(tail[1:] * tail[:-1] < 0))


def test_experiment_1_can_be_set_up_with_the_explorer():
    explorer = DescentExplorer1D(function="quartic", start=1.8, steps=200)
    assert explorer.controls["steps"].max >= 200
    assert explorer.controls["lr"].min == -3 and explorer.controls["lr"].max == 0


@pytest.fixture(scope="module")
def sweep():
    rates = slider_rates()
    return rates, [experiment_1(lr) for lr in rates]


def pick(sweep, low, high):
    rates, runs = sweep
    chosen = [(lr, run, np.ravel(run.path)) for lr, run in zip(rates, runs, strict=True)
              if low <= lr < high]
    assert chosen
    return chosen


def test_up_to_about_0_15_the_path_slides_in_from_the_right(sweep):
    """Below about 0.02 it is still on its way after 200 steps; up to about 0.15 it never
    crosses x = 1."""
    for lr, run, path in pick(sweep, 0.0, 0.146):
        assert np.all(path > 1)
        assert run.converged == (lr > 0.0223)


def test_from_about_0_15_the_first_step_overshoots_once_and_the_path_slides_back(sweep):
    for _, run, path in pick(sweep, 0.147, 0.329):
        assert path[1] < 1 and np.all(path[1:] < 1)  # one overshoot, then in from the left
        assert run.converged and abs(path[-1] - 1) < 1e-6


def test_from_about_0_33_the_path_jumps_over_the_bump_and_bounces_around_minus_2(sweep):
    """It stays left of the bump at 0 and never settles within the 200 steps: 2/f''(-2) = 1/3."""
    for _, run, path in pick(sweep, 0.3296, 0.545):
        assert path[1] < 0 and np.all(path[1:] < 0)
        assert not run.converged and not run.diverged
        assert np.sum(np.diff(np.sign(path[-100:] + 2)) != 0) >= 10  # crosses -2 again and again


def test_from_about_0_55_to_0_65_it_settles_at_1_alternating_sides(sweep):
    for _, run, path in pick(sweep, 0.5458, 0.648):
        assert np.any(path < 0)  # it was thrown back from the left valley
        assert run.converged and abs(path[-1] - 1) < 1e-6
        assert bounces_around(path, 1.0, last=10)


def test_from_about_0_65_the_bounces_around_1_shrink_too_slowly_for_200_steps(sweep):
    for _, run, path in pick(sweep, 0.648, 0.6636):
        assert not run.converged and not run.diverged
        assert bounces_around(path, 1.0) and abs(path[-1] - 1) < 0.01


def test_from_about_0_66_to_0_80_it_either_bounces_for_ever_or_diverges(sweep):
    """Irregular: neighbouring notches differ; a bounce is between two points around 1."""
    outcomes = []
    for _, run, path in pick(sweep, 0.6636, 0.803):
        if run.diverged:
            outcomes.append("diverged")
            continue
        assert not run.converged and bounces_around(path, 1.0)
        assert abs(path[-1] - path[-3]) < 1e-3  # the same two points, step after step
        outcomes.append("bounces")
    assert {"diverged", "bounces"} == set(outcomes)
    assert sum(a != b for a, b in zip(outcomes, outcomes[1:], strict=False)) >= 10


def test_typed_rates_between_0_66_and_0_80_bounce_or_diverge_as_the_answer_says():
    """A typed value reaches the run as typed (the readout is not snapped to a notch)."""
    bounce = {0.68, 0.69, 0.77, 0.78, 0.79}
    diverge = {0.67, 0.70, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.80}
    for lr in sorted(bounce | diverge):
        run = experiment_1(lr)
        assert run.diverged == (lr in diverge), lr
        if lr in bounce:
            assert not run.converged and bounces_around(np.ravel(run.path), 1.0)


def test_below_about_0_66_no_rate_diverges_and_from_about_0_81_every_rate_does(sweep):
    assert not any(run.diverged for _, run, _ in pick(sweep, 0.0, 0.6636))
    assert all(run.diverged for _, run, _ in pick(sweep, 0.805, 1.01))
    assert all(experiment_1(lr).diverged for lr in np.arange(0.805, 1.0, 1e-3))


def test_experiment_2_at_the_top_of_the_bump_nothing_moves():
    """x0 = 0: 0 steps, f'(0) = 0, a flat tangent, and the label says it is a maximum; one notch
    either way and descent (lr 0.1, 200 steps) rolls into the right or the left valley."""
    explorer = DescentExplorer1D(function="quartic", lr=0.1, start=0.0, steps=200)
    assert explorer.result.steps == 0 and explorer.result.converged
    assert np.ptp(explorer.tangent.y) == 0
    assert "0 of 200" in explorer.label.value
    assert "this flat spot is</b> a maximum, not a minimum" in explorer.label.value
    for start, valley in ((0.01, 1.0), (-0.01, -2.0)):
        explorer.controls["x0"].value = start
        assert explorer.result.converged and abs(explorer.result.final - valley) < 1e-5


def test_experiment_3_left_of_minus_1_on_the_cubic_the_path_leaves_on_the_left():
    explorer = DescentExplorer1D(function="cubic", lr=0.1, start=-1.5, steps=200)
    assert explorer.result.diverged
    assert "Every step went further the same way" in explorer.label.value
    assert "no minimum there" in explorer.label.value
    width = explorer.x_scale.max - explorer.x_scale.min
    assert explorer.path.x[-1] - explorer.x_scale.min < 0.05 * width  # drawn to the left edge
    assert list(explorer.edge.text) == ["◀"] and explorer.edge.x[0] == explorer.path.x[-1]
    slow = DescentExplorer1D(function="cubic", lr=0.001, start=-1.01, steps=200)
    assert not slow.result.diverged and not slow.result.converged  # the steps ran out first
    assert np.all(np.diff(np.ravel(slow.result.path)) < 0)  # still heading left
    explorer.controls["x0"].value = -1.0
    assert explorer.result.steps == 0
    assert "a maximum, not a minimum" in explorer.label.value


def test_experiment_4_a_loose_threshold_stops_early():
    explorer = DescentExplorer1D(function="quartic", lr=0.1, start=1.8, steps=50, tol=0.1)
    run = explorer.result
    assert run.converged and run.steps == 6
    assert abs(run.final - 1.029) < 5e-4 and abs(quartic.grad(run.final)) < 0.1
    assert abs(quartic.grad(run.final)) == pytest.approx(0.09, abs=0.005)
    assert "6 of 50" in explorer.label.value
    assert flat_spot_kind(quartic, run.final) == "a minimum"
    assert "this flat spot is</b> a minimum" in explorer.label.value


# ---------------------------------------------------------------- section 8: exercise 3


def test_exercise_3_at_1_01_the_solver_stops_before_it_can_call_the_run_diverged():
    """From x0 = 3 each step multiplies x by 1 - 2 * 1.01 = -1.02: |x| grows by 2 % a step,
    to about 22 after the default 100 steps, far below the bound of 10^6; with 1000 steps it
    passes the bound (after 643) and the run is called diverged."""
    assert 1 - 2 * 1.01 == pytest.approx(-1.02)
    run = gradient_descent(parabola.grad, 3.0, 1.01)
    assert run.steps == 100 and not run.diverged and not run.converged
    assert run.message.startswith("Stopped after 100 steps without converging")
    assert abs(run.final) == pytest.approx(21.7, abs=0.05) and DEFAULT_BOUND == 1e6
    for lr in np.linspace(1.001, 1.06, 60):  # just above the boundary: the steps run out first
        assert not gradient_descent(parabola.grad, 3.0, lr).diverged
    longer = gradient_descent(parabola.grad, 3.0, 1.01, steps=1000)
    assert longer.diverged and longer.steps == 643 and longer.steps > 600
    assert longer.message.startswith("Diverged after 643 steps: |x| grew past 1e+06")


def test_experiment_2_after_reset_the_run_from_0_01_is_still_closing_in_at_0_9999():
    explorer = DescentExplorer1D()  # what Reset gives: 50 steps
    explorer.controls["x0"].value = 0.01
    run = explorer.result
    assert not run.converged and not run.diverged and run.steps == 50
    assert round(float(run.final), 4) == 0.9999


def test_the_diverging_panels_axis_is_plain_to_3_and_ticks_at_powers_of_a_thousand_beyond():
    regimes = {"too small": 0.01, "good": 0.2, "oscillating": 0.6, "diverging": 1.2}
    runs = {f"{name}: lr = {lr:g}": gradient_descent(quartic.grad, 1.3, lr, steps=40)
            for name, lr in regimes.items()}
    fig = plots.plot_lr_regimes(quartic, runs)
    fig.canvas.draw()
    (axis,) = [ax for ax in fig.axes if ax.get_yscale() == "symlog"]
    low, high = axis.get_ylim()
    ticks = [t for t in axis.get_yticks() if low <= t <= high]
    assert ticks == [-1e3, -2, 0, 2, 1e3, 1e6, 1e9]
    assert axis.yaxis.get_transform().linthresh == 3
