"""Basin maps, noisy runs and random restarts (helpers.basins), and the decaying learning rate of
gradient_descent that lecture 03 uses on |x|."""

import numpy as np
import pytest

from helpers import basins, checks, functions
from helpers.results import show_number, show_point
from helpers.solvers import gradient_descent

himmelblau = functions.himmelblau()
trap = functions.trap()


def test_start_grid_rows_are_y_and_columns_are_x():
    grid = basins.start_grid(trap, 5)
    assert grid.shape == (5, 5, 2)
    np.testing.assert_allclose(grid[0, :, 0], np.linspace(-3.0, 2.2, 5))
    np.testing.assert_allclose(grid[:, 0, 1], np.linspace(-2.0, 2.0, 5))
    with pytest.raises(ValueError, match="n must be an integer"):
        basins.start_grid(trap, 1)


def test_which_minimum_labels_minima_unsettled_and_diverged_points():
    points = np.array([[-2.0, 1e-4], [1.0, 0.0], [0.3, 0.3], [np.nan, 0.0], [1.0, 0.0]])
    labels = basins.which_minimum(trap, points, diverged=[False, False, False, True, True])
    np.testing.assert_array_equal(
        labels, [0, 1, basins.NOT_SETTLED, basins.DIVERGED, basins.DIVERGED]
    )


@pytest.mark.parametrize("points, diverged, where", [
    ((np.nan, 0.0), None, r"got \[nan, 0.0\]$"),
    ([[0.0, 0.0], [1.0, np.inf]], None, r"got \[1.0, inf\] at index 1$"),
    ([[0.0, 0.0], [1.0, np.inf]], [True, False], r"got .* at index 1$"),
])
def test_which_minimum_refuses_a_point_that_is_not_finite_unless_marked_diverged(
        points, diverged, where):
    with pytest.raises(ValueError, match=r"^points must be finite where diverged does not mark "
                                         r"a run that diverged, " + where):
        basins.which_minimum(trap, points, diverged=diverged)


@pytest.mark.parametrize("diverged, error", [("yes", TypeError), ([1, 0], TypeError),
                                             ([True], ValueError), ([[True, False]], ValueError)])
def test_which_minimum_takes_one_bool_per_point_as_diverged(diverged, error):
    with pytest.raises(error, match=r"^diverged must be True or False for each point \(a bool "
                                    r"array of shape \(2,\)\), got"):
        basins.which_minimum(trap, np.zeros((2, 2)), diverged=diverged)


@pytest.mark.parametrize("call", [
    lambda o: basins.start_grid(o, 5),
    lambda o: basins.which_minimum(o, (0.0, 0.0)),
    lambda o: basins.basin_map(o, 3, lr=0.1, steps=5),
    lambda o: basins.noisy_runs(o, (1.0, 0.5), 0.1, noise=0.1, seeds=[0], steps=5),
    lambda o: basins.random_restarts(o, 2, 0.1, seed=0, steps=5),
])
@pytest.mark.parametrize("bad", [None, "trap", 3, functions.cubic()])
def test_an_objective_that_is_not_a_2d_one_is_a_type_error_naming_objective(call, bad):
    with pytest.raises(TypeError, match=r"^objective must be a 2-D objective of helpers\.functions "
                                        r"\(e\.g\. functions\.trap\(\)\), got"):
        call(bad)


def test_fractions_count_every_label_and_leave_the_rest_to_unsettled_and_diverged():
    labels = np.array([[0, 1, 1, basins.NOT_SETTLED], [basins.DIVERGED, 1, 0, 1]])
    np.testing.assert_array_equal(basins.fractions(labels, 2), [2 / 8, 4 / 8])
    np.testing.assert_array_equal(basins.fractions(labels, 4), [2 / 8, 4 / 8, 0.0, 0.0])
    assert basins.fractions([basins.DIVERGED], 0).shape == (0,)


@pytest.mark.parametrize("labels, error", [
    ([], ValueError), (np.zeros((0, 3), dtype=int), ValueError), ([0, 2], ValueError),
    ([0, -3], ValueError), (None, TypeError), ("01", TypeError), ([0.0, 1.0], TypeError),
    ([True, False], TypeError), ([[0], [1, 1]], TypeError),
])
def test_fractions_refuse_labels_that_are_not_labels_of_count_minima(labels, error):
    with pytest.raises(error, match=r"^labels must be a non-empty array of integer labels from "
                                    r"-2 \(DIVERGED\) to count - 1 = 1, got"):
        basins.fractions(labels, 2)


def test_sizes_are_refused_above_their_stated_limits():
    limits = checks.LIMITS
    with pytest.raises(ValueError, match=f"^n must be an integer from 2 to {limits['grid']}"):
        basins.start_grid(trap, limits["grid"] + 1)
    assert basins.MAX_MAP_SIDE ** 2 == limits["starts"]
    with pytest.raises(ValueError, match=f"^n must be an integer from 2 to {basins.MAX_MAP_SIDE}"):
        basins.basin_map(trap, basins.MAX_MAP_SIDE + 1, lr=0.1)
    with pytest.raises(ValueError, match="^steps must be"):
        basins.basin_map(trap, 3, lr=0.1, steps=limits["steps"] + 1)
    with pytest.raises(ValueError, match="^count must be"):
        basins.random_restarts(trap, limits["starts"] + 1, 0.1, seed=0)
    with pytest.raises(ValueError, match="^count must be"):
        basins.fractions([0], basins.MAX_MINIMA + 1)
    for name in ("steps", "settle_steps"):
        with pytest.raises(ValueError, match=f"^{name} must be an integer from 1 to"):
            basins.noisy_runs(trap, (1.0, 0.5), 0.1, noise=0.1, seeds=[0],
                              **{name: limits["steps"] + 1})
    with pytest.raises(ValueError, match=r"^seeds must be a non-empty list of seeds .* at most"):
        basins.noisy_runs(trap, (1.0, 0.5), 0.1, noise=0.1, seeds=range(limits["starts"] + 1))
    with pytest.raises(ValueError, match=r"^seeds must keep at most"):  # paths kept in memory
        basins.noisy_runs(trap, (1.0, 0.5), 0.1, noise=0.1, seeds=range(1000), steps=10**5)


def test_basin_map_agrees_with_single_runs_and_covers_every_start():
    basin = basins.basin_map(himmelblau, 30, lr=0.01, steps=500)
    assert basin.labels.shape == (30, 30)
    assert basin.fractions.sum() == pytest.approx(
        1.0
    )  # every start settles in one of the four minima
    for i, j in [(0, 0), (29, 29), (15, 3), (7, 22)]:
        single = gradient_descent(himmelblau.grad, basin.starts[i, j], 0.01, steps=500)
        assert basin.labels[i, j] == basins.which_minimum(himmelblau, single.x)


def test_trap_basins_split_at_the_saddle_for_plain_descent():
    basin = basins.basin_map(trap, 40, lr=0.1)
    left = basin.starts[..., 0] < -1e-9
    right = basin.starts[..., 0] > 1e-9
    assert np.all(basin.labels[left] == 0)
    assert np.all(basin.labels[right] == 1)


def test_noisy_runs_are_reproducible_and_settle_in_a_minimum():
    first = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(10))
    again = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=2.0, seeds=range(10))
    np.testing.assert_array_equal(first.reached, again.reached)
    assert set(np.unique(first.reached)) <= {0, 1}
    assert first.fraction(0) + first.fraction(1) == pytest.approx(1.0)
    for seed, run in zip(first.seeds, first.runs, strict=True):
        np.testing.assert_array_equal(
            run.path,
            gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=200, noise=2.0, seed=seed).path,
        )
    with pytest.raises(ValueError, match="seeds"):
        basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=1.0, seeds=[])
    with pytest.raises(ValueError, match=r"^seeds\[1\] must be an integer >= 0, got -1"):
        basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=1.0, seeds=[0, -1])


@pytest.mark.parametrize("seeds, error", [([], ValueError), (np.arange(0), ValueError),
                                          (3, TypeError), ("01", TypeError), (None, TypeError),
                                          ({0, 1}, TypeError), (iter([0, 1]), TypeError)])
def test_noisy_runs_seeds_must_be_a_non_empty_list(seeds, error):
    with pytest.raises(error, match=r"^seeds must be a non-empty list of seeds \(integers >= 0\)"):
        basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=1.0, seeds=seeds, steps=5)


def test_noisy_runs_take_seeds_as_a_list_a_tuple_a_range_or_an_array():
    runs = [basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=1.0, seeds=seeds, steps=5)
            for seeds in ([0, 1], (0, 1), range(2), np.arange(2))]
    assert all(run.seeds == (0, 1) for run in runs)
    assert all(np.array_equal(run.reached, runs[0].reached) for run in runs)


def test_messages_show_points_in_the_shared_format():
    restarts = basins.random_restarts(himmelblau, 4, 0.01, seed=0, steps=300)
    for point in himmelblau.minima:
        assert f"at {show_point(point)}" in restarts.message
    assert "at (-2.805, 3.131)" in restarts.message  # 4 significant digits
    best = restarts.best_point
    assert restarts.message.endswith(
        f"The best ends at {show_point(np.round(best, 3) + 0.0)}, "
        f"where f = {show_number(himmelblau.f(best))}."
    )


def test_without_noise_every_run_stays_trapped():
    quiet = basins.noisy_runs(trap, (2.0, 1.5), 0.1, noise=0.0, seeds=range(3))
    assert quiet.fraction(1) == 1.0


def test_random_restarts_pick_the_lowest_end_point():
    restarts = basins.random_restarts(trap, 10, 0.1, seed=0)
    assert restarts.starts.shape == (10, 2)
    heights = trap.f(restarts.many.final)
    assert restarts.best == int(np.argmin(heights))
    np.testing.assert_allclose(restarts.best_point, [-2.0, 0.0], atol=1e-5)
    again = basins.random_restarts(trap, 10, 0.1, seed=0)
    np.testing.assert_array_equal(restarts.starts, again.starts)


# ---------------------------------------------------------------- the decaying learning rate


def test_lr_decay_zero_is_the_plain_method():
    for kwargs in ({}, {"momentum": 0.5}, {"noise": 0.3, "seed": 1}):
        plain = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=50, **kwargs)
        same = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=50, lr_decay=0.0, **kwargs)
        np.testing.assert_array_equal(plain.path, same.path)


def test_lr_decay_shrinks_step_k_to_lr_over_k_plus_one_to_the_p():
    absolute = functions.absolute()
    result = gradient_descent(absolute.grad, 5.0, 0.5, steps=6, lr_decay=0.5)
    steps = -np.diff(result.path)  # |x| has slope 1 while x > 0
    np.testing.assert_allclose(steps, 0.5 / np.sqrt(np.arange(1, 7)))


def test_a_decaying_learning_rate_settles_into_the_kink_a_fixed_one_does_not():
    absolute = functions.absolute()
    fixed = gradient_descent(absolute.grad, 0.75, 0.2, steps=1000)
    decaying = gradient_descent(absolute.grad, 0.75, 0.2, steps=1000, lr_decay=0.5)
    assert np.max(np.abs(fixed.path[-10:])) == pytest.approx(0.15)
    assert np.max(np.abs(decaying.path[-10:])) < 0.2 / np.sqrt(990)


@pytest.mark.parametrize("bad, error", [(-0.1, ValueError), (float("nan"), ValueError),
                                        ("fast", TypeError)])
def test_lr_decay_rejects_bad_values(bad, error):
    with pytest.raises(error, match=r"lr_decay must be a number in \[0, 10\]"):
        gradient_descent(trap.grad, (2.0, 1.5), 0.1, lr_decay=bad)


def test_random_restarts_that_all_diverge_have_no_best():
    restarts = basins.random_restarts(trap, 3, 10.0, seed=0, steps=20)
    assert restarts.diverged.all() and restarts.best is None and restarts.best_point is None
    assert restarts.message.endswith("3 diverged. With every run diverged, none is best.")
