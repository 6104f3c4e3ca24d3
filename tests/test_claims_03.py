"""General statements of lecture 03 that no single cell can show, held over a range."""

import numpy as np
import pytest

from helpers import basins, functions
from helpers.solvers import descend_many, gradient_descent
from helpers.widgets import KinkExplorer, MomentumExplorer


def other_books_momentum(grad, x0, lr, momentum, steps, lr_decay=0.0):
    """The other common form: v <- beta v - lr_k grad f(x), x <- x + v."""
    x, v, path = float(x0), 0.0, [float(x0)]
    for k in range(steps):
        v = momentum * v - lr / (k + 1) ** lr_decay * grad(x)
        x = x + v
        path.append(x)
    return np.array(path)


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.8, 0.97])
@pytest.mark.parametrize("lr", [0.01, 0.1, 0.3])
def test_the_two_momentum_forms_agree_for_a_constant_learning_rate(lr, momentum):
    quartic = functions.quartic()
    ours = gradient_descent(quartic.grad, 2.0, lr, steps=60, tol=0.0, momentum=momentum)
    theirs = other_books_momentum(quartic.grad, 2.0, lr, momentum, len(ours.path) - 1)
    # the same to rounding (a diverging run grows the rounding with its size)
    np.testing.assert_allclose(ours.path, theirs, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("momentum", [0.5, 0.8])
def test_the_two_momentum_forms_differ_when_the_learning_rate_changes(momentum):
    quartic = functions.quartic()
    ours = gradient_descent(quartic.grad, 2.0, 0.1, steps=30, tol=0.0, momentum=momentum,
                            lr_decay=0.5)
    theirs = other_books_momentum(quartic.grad, 2.0, 0.1, momentum, 30, lr_decay=0.5)
    assert np.abs(ours.path - theirs).max() > 1e-3


# ---------------------------------------------------------------- section 3: momentum on the trap


def test_plain_descent_never_climbs_from_any_start_of_the_map():
    """"Plain descent only ever goes down" (the momentum explorer's lower panel, lr 0.1): from
    every start of a 40 x 40 grid over the trap's map, f never rises from one step to the next."""
    trap = functions.trap()
    starts = basins.start_grid(trap, 40).reshape(-1, 2)
    many = descend_many(trap.grad, starts, 0.1, steps=300, record_path=True)
    heights = trap.f(many.path)  # shape (steps + 1, starts)
    assert np.all(np.diff(heights, axis=0) <= 1e-12)


def test_momentum_climbs_on_its_way_out_of_the_trap():
    trap = functions.trap()
    heavy = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300, momentum=0.8)
    assert np.sum(np.diff(trap.f(heavy.path)) > 0) > 0


def test_where_a_start_ends_on_the_trap_depends_on_its_x_alone():
    """The trap's x and y move independently, so each column of a basin map has one outcome; the
    1-D sweep of the notebook then gives the borders."""
    trap = functions.trap()
    for momentum in (0.0, 0.8):
        basin = basins.basin_map(trap, 60, lr=0.1, steps=500, momentum=momentum)
        assert np.all(basin.labels == basin.labels[:1, :])


def momentum_explorer_says(momentum, steps, start=(2.0, 1.5)):
    explorer = MomentumExplorer(momentum=momentum, lr=0.1, steps=steps, start=start)
    return explorer.label.value


@pytest.mark.parametrize(
    ("momentum", "steps", "start", "says"),
    [
        (0.64, 300, (2.0, 1.5), "momentum 0.64</b> 72 of 300 steps → local minimum (1, 0)"),
        (0.65, 300, (2.0, 1.5), "momentum 0.65</b> 75 of 300 steps → global minimum (-2, 0)"),
        (0.99, 300, (2.0, 1.5), "momentum 0.99</b> 300 of 300 steps → not at a minimum yet"),
        (0.99, 3000, (2.0, 1.5), "momentum 0.99</b> 2539 of 3000 steps → global minimum (-2, 0)"),
        (0.8, 300, (0.5, 1.0), "momentum 0.8</b> 125 of 300 steps → local minimum (1, 0)"),
    ],
)
def test_the_momentum_explorer_shows_what_things_to_try_expect(momentum, steps, start, says):
    assert says in momentum_explorer_says(momentum, steps, start)


@pytest.mark.parametrize("steps", [300, 3000])
def test_at_momentum_099_the_ball_swings_off_the_map_at_step_6_alone_and_comes_back(steps):
    """The folded answer to item 2: the ball swings past the map's left edge at step 6, to
    x = -3.16, and is back on the map at step 7, so the explorer draws the whole path and its
    label does not call the run off the map."""
    trap = functions.trap()
    run = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=steps, momentum=0.99)
    (x_low, x_high), (y_low, y_high) = trap.domain
    x, y = run.path[:, 0], run.path[:, 1]
    off = np.flatnonzero((x < x_low) | (x > x_high) | (y < y_low) | (y > y_high))
    assert off.tolist() == [6]
    assert x[6] == pytest.approx(-3.16, abs=0.005)
    assert "off the map" not in momentum_explorer_says(0.99, steps)


# ---------------------------------------------------------------- section 6: kinks


@pytest.mark.parametrize("b", [0.5, 1.0, 4.0, 16.0, 100.0])
def test_smooth_absolute_hugs_the_kink_within_2_log_2_over_b(b):
    smooth = functions.smooth_absolute(b)
    xs = np.linspace(-50, 50, 20001)
    gap = np.abs(xs) - smooth.f(xs)
    assert np.all(gap >= -1e-12) and np.all(gap <= 2 * np.log(2) / b + 1e-12)
    assert gap.max() > 0.99 * 2 * np.log(2) / b  # the bound is reached far out
    np.testing.assert_allclose(smooth.grad(xs), np.tanh(b * xs / 2), atol=1e-12)
    h = 1e-4  # its curvature at 0 is b/2
    assert (smooth.grad(h) - smooth.grad(-h)) / (2 * h) == pytest.approx(b / 2, rel=1e-3)


def test_huber_with_delta_1_is_abs_minus_a_half_away_from_the_middle():
    huber = functions.huber(1.0)
    outside = np.concatenate([np.linspace(-2, -1, 50), np.linspace(1, 2, 50)])
    np.testing.assert_allclose(huber.f(outside), np.abs(outside) - 0.5)
    inside = np.linspace(-1, 1, 101)
    np.testing.assert_allclose(huber.f(inside), inside**2 / 2)


@pytest.mark.parametrize("b", [1.0, 4.0, 16.0, 64.0, 100.0])
def test_the_smooth_abs_settles_below_4_over_b_and_bounces_above(b):
    smooth = functions.smooth_absolute(b)
    below = gradient_descent(smooth.grad, 0.75, 0.9 * 4 / b, steps=5000)
    above = gradient_descent(smooth.grad, 0.75, 1.1 * 4 / b, steps=5000)
    assert below.converged
    assert not above.converged and np.abs(above.path[-10:]).max() > 1e-3


def kink_explorer_label(**settings):
    explorer = KinkExplorer(lr=0.2, start=0.75, **settings)
    return explorer.label.value


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"function": "|x|", "steps": 60}, "largest |x| of the last 10 iterates</b> 0.15"),
        ({"function": "|x|", "steps": 300}, "largest |x| of the last 10 iterates</b> 0.15"),
        ({"function": "|x|", "lr_decay": 0.5, "steps": 60},
         "largest |x| of the last 10 iterates</b> 0.028"),
        ({"function": "|x|", "lr_decay": 0.5, "steps": 300},
         "largest |x| of the last 10 iterates</b> 0.01172"),
        ({"function": "smooth |x|", "sharpness": 4.0, "steps": 60},
         "30 of 60 (converged: more steps change nothing)"),
        ({"function": "smooth |x|", "sharpness": 4.0, "steps": 300},
         "30 of 300 (converged: more steps change nothing)"),
        ({"function": "smooth |x|", "sharpness": 100.0, "steps": 300},
         "largest |x| of the last 10 iterates</b> 0.1133"),
    ],
)
def test_the_kink_explorer_shows_what_try_expects(settings, says):
    assert says in kink_explorer_label(**settings)


def test_a_fixed_rate_on_abs_bounces_between_015_and_minus_005_for_ever():
    run = gradient_descent(functions.absolute().grad, 0.75, 0.2, steps=1000)
    np.testing.assert_allclose(run.path[4::2], -0.05, atol=1e-9)
    np.testing.assert_allclose(run.path[3::2], 0.15, atol=1e-9)


# ---------------------------------------------------------------- section 4: noise


def test_each_noisy_run_of_the_figure_that_escaped_jiggled_around_c_first():
    trap = functions.trap()
    noisy = basins.noisy_runs(trap, (2.0, 1.5), lr=0.1, noise=2.0, seeds=range(6), steps=200)
    escaped = [run for run, label in zip(noisy.runs, noisy.reached, strict=True) if label == 0]
    assert len(escaped) == 4
    for run in escaped:
        x = run.path[:, 0]
        crossing = int(np.argmax(x < 0))  # the first step past the saddle
        assert np.sum(np.abs(x[:crossing] - 1.0) < 0.6) >= 20  # a while near C first


def test_beta_097_swings_past_minus_2_twice_and_crosses_back_for_good_at_step_31():
    trap = functions.trap()
    run = gradient_descent(trap.grad, (2.0, 1.5), 0.1, steps=300, momentum=0.97)
    x = run.path[:, 0]
    turns = [k for k in range(1, len(x) - 1) if (x[k] - x[k - 1]) * (x[k + 1] - x[k]) < 0]
    assert [round(float(x[k]), 2) for k in turns[:3]] == [-3.07, 1.8, -2.84]
    assert turns[0] == 6
    assert int(np.flatnonzero(x < 0).max()) + 1 == 31  # from step 31 on x stays right of 0


def test_with_a_decaying_rate_the_distance_on_abs_shrinks_like_one_over_sqrt_k():
    """Section 6: the largest |x| over the last ten iterates, times sqrt(k), stays near 0.2 (the
    learning rate) for every k from 30 to 3000, so ten times more steps bring the run only about
    sqrt(10) times closer."""
    run = gradient_descent(functions.absolute().grad, 0.75, 0.2, steps=3000, lr_decay=0.5)
    for k in range(30, 3001):
        largest = np.abs(run.path[k - 9 : k + 1]).max()
        assert 0.19 < largest * np.sqrt(k) < 0.23


def test_the_decaying_bounce_on_abs_narrows_from_about_005_to_003_in_the_first_40_steps():
    """The zoomed top row of the |x| figure: the decaying run first crosses 0 at step 7 (to
    -0.054), and over its last steps shown (35 to 40) it strays at most 0.034 from 0."""
    path = gradient_descent(functions.absolute().grad, 0.75, 0.2, steps=40, tol=0.0,
                            lr_decay=0.5).path
    assert int(np.flatnonzero(path < 0)[0]) == 7 and path[7] == pytest.approx(-0.05, abs=0.005)
    assert np.abs(path[35:41]).max() == pytest.approx(0.03, abs=0.005)


def test_the_decaying_bounce_on_abs_changes_sides_at_step_35_but_never_grows():
    """The text under the |x| figure: up to step 33 the far end of the decaying run's bounce lies
    below 0 and the near end above it; step 34 lands just below 0, and from step 35 to 40 the far
    end changes sides at every swing, the near end within a few ten-thousandths of 0. What looks
    like a growing swing is none: every step is shorter than the one before, and each far end
    lies closer to 0 than the one before."""
    path = gradient_descent(functions.absolute().grad, 0.75, 0.2, steps=1000, tol=0.0,
                            lr_decay=0.5).path
    lengths = np.abs(np.diff(path))
    assert np.all(lengths[1:] < lengths[:-1])
    far_ends = list(range(7, 34, 2)) + [35, 37, 39]
    near_ends = list(range(8, 33, 2))
    assert np.all(path[7:34:2] < 0) and np.all(path[near_ends] > 0)
    assert -0.001 < path[34] < 0 and np.all(np.abs(path[34:41:2]) < 0.0005)
    assert list(np.sign(path[[35, 37, 39]])) == [1, -1, 1]
    assert np.all(np.diff(np.abs(path[far_ends])) < 0)
    assert path[33] == pytest.approx(-0.034, abs=0.0005)


def test_every_slope_from_0_to_1_is_a_subgradient_of_relu_at_0_and_no_other():
    relu = functions.relu()
    xs = np.linspace(-3, 3, 601)
    for g in np.linspace(0, 1, 21):
        assert np.all(relu.f(xs) >= g * xs - 1e-15)
    for g in (-0.1, 1.1):
        assert np.any(relu.f(xs) < g * xs)


@pytest.mark.parametrize("momentum", [0.5, 0.8])
def test_ours_scales_the_whole_velocity_by_the_current_rate_theirs_each_gradient_by_its_own(
        momentum):
    """The aside on other books' form: with a decaying rate, our step is -eta_k times the sum of
    beta^(k-j) g_j, theirs the sum of beta^(k-j) (-eta_j g_j)."""
    quartic = functions.quartic()
    rates = [0.1 / np.sqrt(k + 1) for k in range(30)]
    ours = gradient_descent(quartic.grad, 2.0, 0.1, steps=30, tol=0.0, momentum=momentum,
                            lr_decay=0.5).path
    theirs = other_books_momentum(quartic.grad, 2.0, 0.1, momentum, 30, lr_decay=0.5)
    for path, scaled_each in ((ours, False), (theirs, True)):
        grads = quartic.grad(path[:-1])
        for k in range(30):
            weights = momentum ** (k - np.arange(k + 1))
            if scaled_each:
                step = -np.sum(weights * np.array(rates[: k + 1]) * grads[: k + 1])
            else:
                step = -rates[k] * np.sum(weights * grads[: k + 1])
            assert path[k + 1] - path[k] == pytest.approx(step, rel=1e-9, abs=1e-12)


def test_our_momentum_and_relu_match_pytorch():
    """Section 3 says our heavy ball is torch.optim.SGD(momentum=β): 40 steps on the trap agree
    to within 1e-13; the ReLU section says PyTorch takes ReLU's slope at 0 to be 0, as we do."""
    import torch

    trap = functions.trap()
    start = np.array([1.7, -0.4])
    ours = gradient_descent(trap.grad, start, 0.05, steps=40, tol=0, momentum=0.9)
    point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([point], lr=0.05, momentum=0.9)
    for k in range(40):
        optimizer.zero_grad()
        x, y = point[0], point[1]
        (x**4 / 4 + x**3 / 3 - x**2 + y**2).backward()
        optimizer.step()
        assert np.allclose(point.detach().numpy(), ours.path[k + 1], rtol=1e-13, atol=1e-13)
    inputs = torch.tensor([-1.0, 0.0, 1.0], dtype=torch.float64, requires_grad=True)
    torch.relu(inputs).sum().backward()
    ours_relu = functions.relu().grad(np.array([-1.0, 0.0, 1.0]))
    assert inputs.grad.tolist() == [0.0, 0.0, 1.0] == ours_relu.tolist()
