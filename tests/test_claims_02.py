"""What lecture 02's prose says, held: the general statements over a sweep, and the expected
results of its "things to try" as the explorers give them (the explorers' own sliders, steps and
labels, so a student who tries them sees what the folded answers say)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import basins, functions, geometry, solvers  # noqa: E402
from helpers.widgets import DescentExplorer2D, SurfaceExplorer3D  # noqa: E402
from helpers.widgets.look import value_range  # noqa: E402

HIMMELBLAU = functions.himmelblau()
BOWL = functions.bowl()
ELONGATED = functions.elongated_bowl(10)
TRAP = functions.trap()
Z_GRID = geometry.objective_grid(HIMMELBLAU)[2]


def ends_at(objective, point):
    return tuple(np.round(objective.minima[int(basins.which_minimum(objective, point))], 3))


def slider_grid(slider, low, high):
    """The values a log slider can take between low and high."""
    exponents = np.arange(slider.min, slider.max + slider.step / 2, slider.step)
    values = slider.base**exponents
    return values[(values >= low) & (values <= high)]


# ---------------------------------------------------------------- sections 1-3: the landscape


def test_himmelblau_is_the_formula_the_prose_writes():
    rng = np.random.default_rng(0)
    points = rng.uniform(-5, 5, size=(200, 2))
    x, y = points.T
    np.testing.assert_allclose(HIMMELBLAU.f(points), (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2)
    np.testing.assert_allclose(
        HIMMELBLAU.grad(points),
        np.column_stack([4 * x * (x**2 + y - 11) + 2 * (x + y**2 - 7),
                         2 * (x**2 + y - 11) + 4 * y * (x + y**2 - 7)]),
    )


def test_the_colour_bar_reads_heights_on_a_log_scale_four_bands_to_each_factor_of_ten():
    _, _, Z = geometry.objective_grid(HIMMELBLAU)
    scale = geometry.colour_scale(Z, geometry.colour_levels(HIMMELBLAU))
    assert scale["log"] and scale["ticks"] == [0.1, 1, 10, 100, 1000]
    assert scale["under"]  # the pointed end: heights below 0.1 (at the valley bottoms) exist
    bounds = scale["bounds"]
    assert bounds[0] == 0.1 and bounds[-1] == 1000 >= Z.max()
    np.testing.assert_allclose(np.diff(np.log10(bounds)), 1 / 4)  # evenly spaced on the bar
    # so the floors from 0.1 to 10 get as many bands as the walls from 10 to 1000
    assert np.sum(bounds < 10) == np.sum(bounds >= 10) - 1 == 8


def test_both_pictures_of_the_landscape_share_the_colour_bar():
    from helpers import plots

    fig = plots.plot_surface_and_contour(HIMMELBLAU)
    bars = [ax._colorbar for ax in fig.axes if getattr(ax, "_colorbar", None) is not None]
    assert len(bars) == 1 and "both pictures" in bars[0].ax.get_ylabel()
    surface = fig.axes[0].collections[0]
    _, norm, cmap = plots.two_d.colour_norm(Z_GRID, geometry.colour_levels(HIMMELBLAU))
    # each patch of the surface has the map's colour for its height (seen at the map's opacity)
    _, _, Z = geometry.objective_grid(HIMMELBLAU, 50)
    expected = cmap(norm(Z[:-1, :-1]))[..., :3].reshape(-1, 3) * 0.6 + 0.4
    drawn = surface.get_facecolor()[:, :3]
    np.testing.assert_allclose(np.sort(drawn, axis=0), np.sort(expected, axis=0), atol=1e-6)
    plt.close(fig)


def test_the_hill_in_the_middle_and_0_0_on_its_flank():
    """The top of the hill is a local maximum at about (-0.27, -0.92), height 181.6, inside the
    grid the notebook searches (the grid's edge is lower), and climbing from (0, 0) reaches it."""
    x, y = -0.27084459, -0.92303856  # where the gradient is 0 (Newton's method)
    top = np.array([x, y])
    np.testing.assert_allclose(HIMMELBLAU.grad(top), 0.0, atol=1e-6)
    hessian = np.array([[12 * x**2 + 4 * y - 42, 4 * (x + y)],
                        [4 * (x + y), 4 * x + 12 * y**2 - 26]])
    assert np.all(np.linalg.eigvalsh(hessian) < 0)  # curved down in every direction: a hilltop
    assert round(float(HIMMELBLAU.f(top)), 1) == 181.6
    edge = np.linspace(-2, 2, 401)
    rim = np.concatenate([np.column_stack([edge, np.full_like(edge, side)]) for side in (-2, 2)]
                         + [np.column_stack([np.full_like(edge, side), edge]) for side in (-2, 2)])
    assert HIMMELBLAU.f(rim).max() < 181.6 - 3  # the grid's highest point is not on its edge
    climb = solvers.gradient_descent(lambda p: -HIMMELBLAU.grad(p), (0.0, 0.0), 0.01, steps=500)
    assert climb.converged and np.allclose(climb.final, top, atol=1e-3)
    assert round(float(HIMMELBLAU.f(np.array([0.0, 0.0])))) == 170


@pytest.mark.parametrize("seed", range(5))
def test_the_slope_along_every_direction_is_the_gradient_size_times_the_cosine(seed):
    rng = np.random.default_rng(seed)
    point = rng.uniform(-4, 4, size=2)
    angles = np.linspace(0, 2 * np.pi, 360, endpoint=False)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    slopes = (HIMMELBLAU.f(point + 1e-6 * directions)
              - HIMMELBLAU.f(point - 1e-6 * directions)) / 2e-6
    g = HIMMELBLAU.grad(point)
    size = np.linalg.norm(g)
    np.testing.assert_allclose(slopes, size * np.cos(angles - np.arctan2(g[1], g[0])),
                               atol=1e-4 * max(size, 1))
    # so no direction falls faster than -grad f, and along the contour line the slope is 0
    assert slopes.min() >= -size - 1e-4 * size


# ---------------------------------------------------------------- section 4: the run and its steps


def test_each_step_leaves_its_contour_line_at_a_right_angle():
    run = solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 0.0), 0.01, steps=200)
    steps = np.diff(run.path, axis=0)
    for point, step in zip(run.path[:-1], steps, strict=True):
        along_contour = np.array([-step[1], step[0]]) / np.linalg.norm(step)
        ahead, behind = point + 1e-6 * along_contour, point - 1e-6 * along_contour
        change = HIMMELBLAU.f(ahead) - HIMMELBLAU.f(behind)
        assert abs(change) / 2e-6 <= 1e-4 * max(np.linalg.norm(HIMMELBLAU.grad(point)), 1)


def test_a_first_step_is_the_learning_rate_times_the_gradient_size():
    run = solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 4.5), 0.01, steps=3)
    size = np.linalg.norm(HIMMELBLAU.grad(np.array([0.0, 4.5])))
    first, second = np.linalg.norm(np.diff(run.path[:3], axis=0), axis=1)
    assert round(size, 1) == 227.1 and round(first, 2) == 2.27 == round(0.01 * size, 2)
    np.testing.assert_allclose(run.path[1], (-0.265, 2.245), atol=5e-4)
    assert round(second, 2) == 0.38


def test_the_first_step_from_the_corner_carries_the_point_past_the_minimum():
    run = solvers.gradient_descent(HIMMELBLAU.grad, (-4.5, 4.5), 0.01, steps=500)
    minimum = HIMMELBLAU.minima[HIMMELBLAU.nearest_minimum(np.array([-2.81, 3.13]))]
    start, landing = run.path[0], run.path[1]
    step = landing - start
    gap = minimum - start
    along = gap @ step / (step @ step)  # where the minimum lies along the step
    across = abs(step[0] * gap[1] - step[1] * gap[0]) / np.linalg.norm(step)
    assert 0 < along < 1 and across < 0.01  # the step passes right over it ...
    assert np.linalg.norm(landing - minimum) > 0.5  # ... lands well beyond it ...
    assert run.converged and np.allclose(run.final, minimum, atol=1e-3)  # ... and comes back
    assert round(float(np.linalg.norm(step)), 2) == 2.95


def test_paths_to_one_valley_meet_and_run_on_together():
    """From (4.5, 0) and (0.4, -0.6) the paths both end at (3.58, -1.85) and, once they meet,
    run down the valley floor within a few hundredths of each other."""
    a, b = (solvers.gradient_descent(HIMMELBLAU.grad, s, 0.01, steps=500)
            for s in ((4.5, 0.0), (0.4, -0.6)))
    assert ends_at(HIMMELBLAU, a.final) == ends_at(HIMMELBLAU, b.final) == (3.584, -1.848)
    gap = np.linalg.norm(a.path[:, None, :] - b.path[None, :, :], axis=-1)
    # every step of b after it first comes within 0.05 of a stays within 0.05 of a's path
    close = gap.min(axis=0) < 0.05
    first = int(np.argmax(close))
    assert close[first:].all() and len(b.path) - first >= 10


# ---------------------------------------------------------------- section 5: the two bowls


@pytest.mark.parametrize("c", [1, 2, 10, 25])
@pytest.mark.parametrize("ratio", [0.1, 0.3, 0.5, 0.8, 0.95, 1.0, 1.05, 1.2, 2.0])
def test_descent_on_a_bowl_converges_exactly_below_2_over_l(c, ratio):
    """On f = (x^2 + c y^2) / 2, descent converges exactly when both factors 1 - lr and
    1 - c lr have size below 1, that is when lr < 2 / L with L = max(1, c)."""
    bowl = functions.elongated_bowl(c)
    limit = 2 / max(1, c)
    lr = ratio * limit
    run = solvers.gradient_descent(bowl.grad, (1.5, 1.2), lr, steps=20_000)
    both_below_one = abs(1 - lr) < 1 and abs(1 - c * lr) < 1
    assert run.converged == both_below_one == (lr < limit)


@pytest.mark.parametrize("lr", [0.21, 0.5, 1.0, 1.5, 1.9, 1.99])
def test_on_the_x_axis_every_rate_below_2_converges_and_off_it_none_above_2_over_l(lr):
    """From every start needs both factors; a start on the x axis needs only the x factor."""
    on_axis = solvers.gradient_descent(ELONGATED.grad, (1.5, 0.0), lr, steps=20_000)
    assert on_axis.converged and np.all(on_axis.path[:, 1] == 0.0)  # y stays 0
    for y in (1.2, 1e-3, -0.5):
        off_axis = solvers.gradient_descent(ELONGATED.grad, (1.5, y), lr, steps=20_000)
        assert not off_axis.converged
    above = solvers.gradient_descent(ELONGATED.grad, (1.5, 0.0), 2.01, steps=20_000)
    assert not above.converged


def test_the_zig_zag_factors_at_lr_018():
    lr = 0.18
    assert round(1 - lr, 2) == 0.82  # x shrinks by 18 % a step
    assert round(1 - 10 * lr, 2) == -0.8  # y flips sign and shrinks by only 20 %
    run = solvers.gradient_descent(ELONGATED.grad, (1.5, 1.2), lr, steps=5)
    np.testing.assert_allclose(run.path[1:, 0] / run.path[:-1, 0], 0.82)
    np.testing.assert_allclose(run.path[1:, 1] / run.path[:-1, 1], -0.8)


# ---------------------------------------------------------------- the 3-D view's things to try


@pytest.fixture(scope="module")
def view():
    return SurfaceExplorer3D(lr=0.01, start=(0.0, 0.0), steps=200)


def test_3d_item_1_from_minus_one_the_run_goes_to_the_upper_left_valley_never_climbing(view):
    view.reset()
    view.controls["x0"].value = -1.0
    run = view.result
    assert run.converged and run.steps == 23
    assert ends_at(HIMMELBLAU, run.final) == (-2.805, 3.131)
    assert np.all(np.diff(HIMMELBLAU.f(run.path)) < 0)  # every step ends lower


def test_3d_item_2_at_003_it_bounces_and_at_the_sliders_end_it_diverges(view):
    view.reset()
    view.controls["lr"].value = 0.03
    run = view.result
    assert not run.converged and not run.diverged and run.steps == 200
    assert np.max(np.linalg.norm(run.path[-50:] - [3, 2], axis=1)) < 1.3  # around (3, 2)
    high = value_range(view.controls["lr"])[1]
    assert round(high, 2) == 0.05
    view.controls["lr"].value = high
    assert view.result.diverged and view.result.steps <= 12  # "within about ten steps"
    assert "diverged" in view.label.value
    extent = geometry.domain_extent(HIMMELBLAU.domain)
    assert geometry.inside(view.map_marks["end"].get_xydata(), extent).all()


# ---------------------------------------------------------------- section 7: the explorer


@pytest.fixture(scope="module")
def explorer():
    return DescentExplorer2D()


def test_the_explorer_opens_on_himmelblau_at_the_origin_with_100_steps(explorer):
    explorer.reset()
    assert explorer.controls["function"].value == "Himmelblau"
    assert explorer.start_point == (0.0, 0.0)
    assert explorer.controls["lr"].value == pytest.approx(0.01)
    assert explorer.controls["steps"].value == 100


def test_item_1_a_move_of_001_switches_the_valley(explorer):
    explorer.reset()
    explorer.start_at(-0.28, 0.0)
    assert explorer.result.converged and explorer.result.steps == 89
    assert ends_at(HIMMELBLAU, explorer.result.final) == (3.0, 2.0)
    explorer.start_at(-0.29, 0.0)
    assert explorer.result.converged and explorer.result.steps == 38
    assert ends_at(HIMMELBLAU, explorer.result.final) == (-2.805, 3.131)
    # and the switch happens nowhere else on the way from 0 to -0.29
    for x in np.round(np.arange(-0.28, 0.001, 0.01), 2):
        run = solvers.gradient_descent(HIMMELBLAU.grad, (x, 0.0), 0.01, steps=100)
        assert ends_at(HIMMELBLAU, run.final) == (3.0, 2.0)


@pytest.mark.parametrize("steps, last", [(100, 0.022), (500, 0.0239)])
def test_item_2_where_descent_from_the_origin_stops_converging(explorer, steps, last):
    """Up to about 0.022 (100 steps) or 0.0239 (500 steps) every rate converges, and from about
    0.04 on every rate diverges."""
    grid = slider_grid(explorer.controls["lr"], 0.01, 1.0)
    rates = np.concatenate([grid[grid <= 0.1], grid[grid > 0.1][::10]])  # every 10th past 0.1
    runs = {lr: solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 0.0), lr, steps=steps)
            for lr in rates}
    converged = [lr for lr, r in runs.items() if r.converged]
    highest = max(converged)
    assert round(highest, 4 if steps == 500 else 3) == last
    assert all(lr <= highest for lr in converged)  # one clean edge
    assert highest < 2 / 82.28  # below 2/L at (3, 2)
    diverged = [lr for lr, r in runs.items() if r.diverged]
    assert round(min(diverged), 2) == 0.04 and min(diverged) > highest
    assert all(runs[lr].diverged for lr in rates if lr >= 0.0405)


def _period(tail, most: int = 12, tol: float = 1e-3):
    """The smallest p with tail[k + p] == tail[k] (to ``tol``) for all k, or None."""
    for p in range(1, most + 1):
        if np.max(np.linalg.norm(tail[p:] - tail[:-p], axis=1)) < tol:
            return p
    return None


def test_item_2_with_500_steps_what_the_path_does_between_0024_and_004(explorer):
    """What a student sees on the slider's own values, with steps at 500, from (0, 0)."""
    grid = slider_grid(explorer.controls["lr"], 0.0238, 0.0405)
    limit = 2 / np.linalg.eigvalsh([[74.0, 20.0], [20.0, 34.0]]).max()
    assert round(limit, 4) == 0.0243
    seen = {}
    for lr in grid:
        run = solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 0.0), lr, steps=500)
        tail = run.path[-100:]
        if run.converged:
            kind = "converged"
        elif run.diverged:
            kind = "diverged"
        else:
            # the valley whose minimum is nearest to the middle of the last 100 iterates
            valley = tuple(np.round(HIMMELBLAU.minima[
                int(HIMMELBLAU.nearest_minimum(tail.mean(axis=0)))], 3))
            period = _period(run.path[-40:])
            if lr < limit:  # still heading in, slowly: it converges given more steps
                longer = solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 0.0), lr, steps=20_000)
                assert longer.converged and valley == (3.0, 2.0)
                assert np.linalg.norm(run.final - [3.0, 2.0]) < 0.02  # close already
                kind = "slow"
            elif period == 2:
                assert valley == (3.0, 2.0)
                hop = np.linalg.norm(tail[-1] - tail[-2])
                kind = "two points"
                seen.setdefault("hops", []).append(hop)
            elif valley == (3.0, 2.0):
                kind = "irregular at (3, 2)"
                seen.setdefault("periods", []).append((lr, period))
            else:
                assert valley == (-2.805, 3.131) and period not in (1, 2, 4)
                kind = "irregular at (-2.81, 3.13)"
        seen.setdefault(kind, []).append(lr)
    # one band after the other, in the order the folded answer tells them
    order = ["converged", "slow", "two points", "irregular at (3, 2)",
             "irregular at (-2.81, 3.13)", "diverged"]
    bands = [(min(seen[k]), max(seen[k])) for k in order]
    assert all(high < low for (_, high), (low, _) in zip(bands[:-1], bands[1:], strict=True))
    assert round(bands[0][1], 4) == 0.0239 and bands[1][1] < limit
    assert limit < bands[2][0] < limit + 1e-4  # just above 2/L
    assert round(bands[3][0], 2) == 0.03
    # past two points: a cycle of four, then of eight, then from about 0.031 mostly no pattern
    periods = seen["periods"]
    four = [lr for lr, p in periods if p == 4]
    eight = [lr for lr, p in periods if p == 8]
    loose = [lr for lr, p in periods if p is None]
    assert periods[0][1] == 4 and round(min(four), 2) == 0.03
    assert max(four) < min(eight) <= max(eight) < min(loose)
    assert round(min(loose), 3) == 0.031
    assert len(loose) > 0.9 * len([lr for lr, _ in periods if lr >= min(loose)])
    assert round(bands[4][0], 3) == 0.035 and round(bands[5][0], 2) == 0.04
    # hops further apart the larger the learning rate
    assert np.all(np.diff(seen["hops"]) > 0)
    # and at 0.0242, typed or the slider's 0.02421, it needs more than 1800 steps in all
    lr = grid[np.argmin(np.abs(grid - 0.0242))]
    assert round(lr, 4) == 0.0242
    for rate in (lr, 0.0242):
        run = solvers.gradient_descent(HIMMELBLAU.grad, (0.0, 0.0), rate, steps=20_000)
        assert run.converged and run.steps > 1800


@pytest.mark.parametrize("point", [*HIMMELBLAU.minima, (1.0, 1.5), (0.0, 0.0), (-1.0, 2.0)])
def test_the_largest_curvature_over_all_directions_is_the_largest_eigenvalue(point):
    """Along u the curvature is u1^2 fxx + 2 u1 u2 fxy + u2^2 fyy; its largest value over all
    directions is the Hessian's largest eigenvalue, its smallest the other one."""
    point = np.asarray(point, dtype=float)
    x, y = point
    hessian = np.array([[12 * x**2 + 4 * y - 42, 4 * (x + y)],
                        [4 * (x + y), 4 * x + 12 * y**2 - 26]])
    angles = np.linspace(0, 2 * np.pi, 3600, endpoint=False)
    directions = np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    h = 1e-4
    curvatures = (HIMMELBLAU.f(point + h * directions) - 2 * HIMMELBLAU.f(point)
                  + HIMMELBLAU.f(point - h * directions)) / h**2
    formula = np.einsum("ki,ij,kj->k", directions, hessian, directions)
    np.testing.assert_allclose(curvatures, formula, rtol=1e-4, atol=1e-3)
    low, high = np.linalg.eigvalsh(hessian)
    assert formula.max() == pytest.approx(high, rel=1e-5)
    assert formula.min() == pytest.approx(low, rel=1e-5, abs=1e-6)


def test_the_hessian_at_3_2_gives_l_82_and_2_over_l_0024():
    x, y = 3.0, 2.0
    hessian = np.array([[12 * x**2 + 4 * y - 42, 4 * (x + y)],
                        [4 * (x + y), 4 * x + 12 * y**2 - 26]])
    L = np.linalg.eigvalsh(hessian).max()
    assert round(L) == 82 and round(2 / L, 3) == 0.024


def _hessian(point):
    x, y = point
    return np.array([[12 * x**2 + 4 * y - 42, 4 * (x + y)],
                     [4 * (x + y), 4 * x + 12 * y**2 - 26]])


def test_each_minimum_has_its_own_limit_2_over_l():
    limits = {tuple(np.round(m, 2)): 2 / np.linalg.eigvalsh(_hessian(m)).max()
              for m in HIMMELBLAU.minima}
    assert {k: round(v, 4) for k, v in limits.items()} == {
        (3.0, 2.0): 0.0243, (-2.81, 3.13): 0.0248, (-3.78, -3.28): 0.0149, (3.58, -1.85): 0.019}


@pytest.mark.parametrize("index", range(4))
@pytest.mark.parametrize("ratio", [0.9, 0.99, 1.01, 1.1])
def test_near_each_minimum_descent_settles_there_exactly_below_its_own_2_over_l(index, ratio):
    """The bowl's rule near a minimum: from starts 0.05 around it, descent settles at it for
    every rate below its own 2/L and from none above."""
    minimum = HIMMELBLAU.minima[index]
    lr = ratio * 2 / np.linalg.eigvalsh(_hessian(minimum)).max()
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    for a in angles:
        start = minimum + 0.05 * np.array([np.cos(a), np.sin(a)])
        run = solvers.gradient_descent(HIMMELBLAU.grad, start, lr, steps=20_000)
        settled = run.converged and np.linalg.norm(run.final - minimum) < 1e-3
        assert settled == (ratio < 1)


def test_item_3_the_fewest_steps_on_the_elongated_bowl(explorer):
    # Rates from 2/L = 0.2 on never converge (the sweep above); below 0.1 every 10th will do.
    grid = slider_grid(explorer.controls["lr"], 0.001, 0.2)
    rates = np.concatenate([grid[grid < 0.1][::10], grid[grid >= 0.1]])
    steps = {}
    for lr in rates:
        run = solvers.gradient_descent(ELONGATED.grad, (1.5, 1.2), lr, steps=500)
        if run.converged:
            steps[lr] = run.steps
    fewest = min(steps.values())
    best = [lr for lr, s in steps.items() if s == fewest]
    assert fewest == 73 and all(round(lr, 3) in (0.177, 0.178, 0.179) for lr in best)
    assert round(1 - 0.178, 2) == 0.82 and round(1 - 10 * 0.178, 2) == -0.78
    climbing = [steps[lr] for lr in sorted(steps) if 0.18 <= lr < 0.2]
    assert np.all(np.diff(climbing) >= 0) and climbing[-1] > 4 * fewest


def test_item_4_the_round_bowl_at_05_and_1(explorer):
    explorer.reset()
    with explorer.hold_updates():
        explorer.controls["function"].value = "round bowl"
    assert explorer.start_point == (1.5, 1.2)
    explorer.controls["lr"].value = 0.5
    assert explorer.result.converged and explorer.result.steps == 1
    np.testing.assert_array_equal(explorer.result.final, (0.0, 0.0))
    explorer.controls["lr"].value = 1.0
    run = explorer.result
    assert not run.converged and not run.diverged and run.steps == explorer.controls["steps"].value
    np.testing.assert_allclose(np.abs(run.path), np.tile([1.5, 1.2], (len(run.path), 1)))
    np.testing.assert_allclose(run.path[1], (-1.5, -1.2))
    assert BOWL.lipschitz == 2 and 2 / BOWL.lipschitz == 1.0


def test_the_trap_is_the_formula_the_prose_writes():
    points = np.random.default_rng(1).uniform(-3, 2, size=(100, 2))
    x, y = points.T
    np.testing.assert_allclose(TRAP.f(points), x**4 / 4 + x**3 / 3 - x**2 + y**2)
    assert [tuple(m) for m in TRAP.minima] == [(-2.0, 0.0), (1.0, 0.0)]  # two valleys on the x axis


def test_item_5_the_trap_ends_in_the_shallower_valley(explorer):
    explorer.reset()
    explorer.controls["function"].value = "trap"
    assert explorer.start_point == (2.0, 1.5)
    assert explorer.controls["lr"].value == pytest.approx(0.1)
    run = explorer.result
    assert run.converged and run.steps == 67
    assert ends_at(TRAP, run.final) == (1.0, 0.0)
    local, deepest = TRAP.f(np.array([1.0, 0.0])), TRAP.f(np.array([-2.0, 0.0]))
    assert round(local, 2) == -0.42 and round(deepest, 2) == -2.67 and deepest < local


# ---------------------------------------------------------------- exercise 2's worked answer


def test_exercise_2_length_is_the_square_root_of_185():
    assert 4**2 == 16 and 13**2 == 169 and 16 + 169 == 185
    np.testing.assert_allclose(-np.array([4, 13]) / np.sqrt(185), (-0.294, -0.956), atol=5e-4)
