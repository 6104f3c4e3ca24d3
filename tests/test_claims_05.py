"""General statements of lecture 05 that no single cell can show, held over a range, and the
numbers its explorer answers give."""

import itertools

import numpy as np
import pytest

from helpers import calculus, data, mlp
from helpers.geometry import boundary_lines, probability_grid
from helpers.widgets import TrainingExplorer


@pytest.fixture(scope="module")
def moons():
    return data.make_moons(200, noise=0.2, seed=0)


def test_the_moons_as_section_1_says_them_in_words(moons):
    """Class 0 arches over the top on the left, class 1 curves under it on the right, and the
    end of each reaches into the hollow of the other."""
    X, y = moons
    top, bottom = X[y == 0], X[y == 1]
    assert top[:, 0].mean() < bottom[:, 0].mean() and top[:, 1].mean() > bottom[:, 1].mean()

    def middle_and_ends(points):
        x = points[:, 0]
        middle = points[np.abs(x - np.median(x)) < 0.2, 1].mean()
        ends = points[(x < np.percentile(x, 15)) | (x > np.percentile(x, 85)), 1].mean()
        return middle, ends

    middle, ends = middle_and_ends(top)
    assert middle > ends + 0.4  # an arch: high in the middle
    middle, ends = middle_and_ends(bottom)
    assert middle < ends - 0.4  # a bowl: low in the middle
    # class 1's left end lies within class 0's span, class 0's right end within class 1's
    assert top[:, 0].min() < bottom[:, 0].min() < top[:, 0].max() < bottom[:, 0].max()


# ---------------------------------------------------------------- section 2: the loss


@pytest.mark.parametrize("t", [0.0, 1.0])
def test_the_gradient_of_cross_entropy_is_sigma_minus_the_label(t):
    """For every logit: d/dz of -[t log s(z) + (1 - t) log(1 - s(z))] is s(z) - t, and the
    mean over N examples gives each one (s(z) - t) / N."""
    z = np.linspace(-30.0, 30.0, 121)
    labels = np.full_like(z, t)
    _, grad = mlp.bce_with_logits(z, labels)
    np.testing.assert_allclose(grad * z.size, mlp.sigmoid(z) - t, rtol=1e-12, atol=1e-15)

    def per_example(v):
        p = mlp.sigmoid(v)
        return -(t * np.log(p) + (1 - t) * np.log(1 - p))

    moderate = z[np.abs(z) <= 8]
    slopes = calculus.numerical_derivative(per_example, moderate)
    np.testing.assert_allclose(slopes, mlp.sigmoid(moderate) - t, atol=1e-8)


def test_a_shrug_costs_log_2():
    """p = 1/2 (a logit of 0) costs log 2 = 0.693 whatever the label."""
    for t in (0.0, 1.0):
        assert mlp.bce_with_logits(np.zeros((1, 1)), np.full((1, 1), t))[0] == pytest.approx(
            np.log(2.0), rel=1e-15)
    assert round(np.log(2.0), 3) == 0.693


def test_one_linear_layer_has_a_convex_loss(moons):
    """Along every straight segment between two weight vectors of a single linear layer the
    cross-entropy lies on or below the chord: no dip but the lowest one."""
    X, y = moons
    like = mlp.init_params([2, 1], seed=0)

    def loss(theta):
        out, _ = mlp.forward(mlp.unflatten_params(theta, like), X)
        return mlp.bce_with_logits(out, y.reshape(-1, 1))[0]

    rng = np.random.default_rng(5)
    shares = np.linspace(0.0, 1.0, 11)
    for _ in range(200):
        a, b = rng.normal(scale=4.0, size=(2, 3))
        along = np.array([loss((1 - s) * a + s * b) for s in shares])
        chord = (1 - shares) * along[0] + shares * along[-1]
        assert np.all(along <= chord + 1e-12)


def test_descent_finds_the_same_best_straight_line_from_any_start(moons):
    X, y = moons
    finals, weights = [], []
    for seed in range(4):
        start = mlp.init_params([2, 1], seed=seed)
        run = mlp.train(start, X, y, lr=0.2, steps=3000, momentum=0.9)
        finals.append((run.losses[-1], mlp.accuracy(run.final, X, y)))
        weights.append(mlp.flatten_params(run.final))
    losses, accuracies = zip(*finals, strict=True)
    assert max(losses) - min(losses) < 1e-6
    assert f"{losses[0]:.3f}" == "0.293" and set(accuracies) == {0.885}
    assert np.ptp(weights, axis=0).max() < 1e-6  # the same W and b, not only the same loss


# ---------------------------------------------------------------- section 4: Jacobians


@pytest.mark.parametrize("seed", range(4))
def test_a_linear_layers_jacobian_is_w_turned_around_with_relu_zeroing_the_off_rows(seed):
    """J[i, j] = d(h_i)/d(h_prev_j) is W[j, i] for h = h_prev W, and a ReLU after the layer sets
    the rows of the units that are off to 0; g @ J is then the gradient handed down."""
    rng = np.random.default_rng(seed)
    h_prev, W, b = rng.normal(size=5), rng.normal(size=(5, 4)), rng.normal(size=4)
    b[0] = -100.0  # unit 0 is surely off
    numerical = np.array([
        calculus.numerical_derivative(lambda v, i=i, j=j: np.maximum(
            np.where(np.arange(5) == j, v, h_prev) @ W + b, 0.0)[i], h_prev[j])
        for i in range(4) for j in range(5)]).reshape(4, 5)
    on = h_prev @ W + b > 0
    assert not on[0]
    np.testing.assert_allclose(numerical, W.T * on[:, None], atol=1e-8)
    g = rng.normal(size=4)
    _, mask = mlp.relu_forward((h_prev @ W + b)[None, :])
    dX, _, _ = mlp.linear_backward(mlp.relu_backward(g[None, :], mask), (h_prev[None, :], W))
    np.testing.assert_allclose(g @ (W.T * on[:, None]), dX[0], rtol=1e-12)


# ---------------------------------------------------------------- section 5: ReLU at its kink


def test_pytorch_also_takes_relus_derivative_at_exactly_zero_to_be_zero():
    import torch

    z = torch.tensor([-1.0, 0.0, 2.0], dtype=torch.float64, requires_grad=True)
    torch.relu(z).sum().backward()
    _, mask = mlp.relu_forward(np.array([[-1.0, 0.0, 2.0]]))
    assert z.grad.tolist() == mlp.relu_backward(np.ones((1, 3)), mask)[0].tolist() == [0, 0, 1]


# ---------------------------------------------------------------- section 6: shapes of the products


@pytest.mark.parametrize("n, fan_in, fan_out", [(5, 3, 2), (7, 2, 4), (4, 6, 1), (2, 3, 5)])
def test_when_the_sizes_differ_the_shapes_pick_the_product(n, fan_in, fan_out):
    """Of every product of G (or its transpose) with W (or X, or their transposes), in either
    order, only G W^T has X's shape and only X^T G has W's shape."""
    rng = np.random.default_rng(0)
    G, X, W = rng.normal(size=(n, fan_out)), rng.normal(size=(n, fan_in)), rng.normal(
        size=(fan_in, fan_out))

    def products(A, B, a, b):
        shapes = {}
        for (name_a, A_), (name_b, B_) in itertools.product(
                [(a, A), (a + "ᵀ", A.T)], [(b, B), (b + "ᵀ", B.T)]):
            for left, right, name in ((A_, B_, name_a + name_b), (B_, A_, name_b + name_a)):
                if left.shape[1] == right.shape[0]:
                    shapes[name] = (left @ right).shape
        return shapes

    assert [k for k, s in products(G, W, "G", "W").items() if s == X.shape] == ["GWᵀ"]
    assert [k for k, s in products(G, X, "G", "X").items() if s == W.shape] == ["XᵀG"]


def test_in_a_square_layer_the_wrong_product_has_the_right_shape():
    rng = np.random.default_rng(0)
    G, W = rng.normal(size=(5, 3)), rng.normal(size=(3, 3))
    assert (G @ W).shape == (G @ W.T).shape and not np.allclose(G @ W, G @ W.T)


def test_relu_passes_no_gradient_at_exactly_zero():
    _, mask = mlp.relu_forward(np.array([[-1.0, 0.0, 2.0]]))
    assert mlp.relu_backward(np.ones((1, 3)), mask).tolist() == [[0.0, 0.0, 1.0]]


# ---------------------------------------------------------------- section 6: the gradient check


def test_the_gradient_check_errors_lie_between_1e_10_and_1e_6(moons):
    """The relative errors of the lecture's check: the smallest about 1e-10 and the largest about
    1e-6 (each within a factor of ten), the largest on one of the smallest gradient entries."""
    X, y = moons
    params = mlp.init_params([2, 16, 16, 1], seed=0, bias=0.1)
    numerical = mlp.numerical_grads(params, X, y)
    _, ours = mlp.loss_and_grads(params, X, y)
    pairs = [(a, b) for pair, estimate in zip(ours, numerical, strict=True)
             for a, b in zip(pair, estimate, strict=True)]
    errors = [calculus.relative_error(a, b) for a, b in pairs]
    assert 0.1 * 1e-10 < min(errors) < 10 * 1e-10
    assert 0.1 * 1e-6 < max(errors) < 10 * 1e-6
    a, b = pairs[int(np.argmax(errors))]
    scale = np.maximum(np.abs(a), np.abs(b))
    ratio = np.divide(np.abs(a - b), scale, out=np.zeros_like(scale), where=scale > 0)
    worst_entry = np.abs(a).flat[int(np.argmax(ratio))]
    every_entry = np.concatenate([np.abs(g).ravel() for g, _ in pairs])
    assert worst_entry == every_entry[every_entry > 0].min()


def test_the_gradients_exact_zeros_join_units_never_on_together(moons):
    """The entries that are exactly 0 both ways are the weights of W2 from a first-layer unit
    to a second-layer unit that are on for no example in common."""
    X, y = moons
    params = mlp.init_params([2, 16, 16, 1], seed=0, bias=0.1)
    numerical = mlp.numerical_grads(params, X, y)
    _, ours = mlp.loss_and_grads(params, X, y)
    _, cache = mlp.forward(params, X)
    first_on, second_on = cache[0][1].astype(int), cache[1][1].astype(int)
    never_together = first_on.T @ second_on == 0
    for layer, ((dW, db), (nW, nb)) in enumerate(zip(ours, numerical, strict=True)):
        zero_W = (dW == 0) & (nW == 0)
        assert not ((db == 0) & (nb == 0)).any()
        assert np.array_equal(zero_W, never_together) if layer == 1 else not zero_W.any()
    assert never_together.sum() == 14


# ---------------------------------------------------------------- section 8: the explorer


@pytest.fixture(scope="module")
def explorer():
    return TrainingExplorer(width=16, min_width=1, max_width=16, steps=300, record_every=5)


# width: (final loss, training accuracy), as the answers to the things to try state them
STATED = {1: ("0.296", "87.0%"), 2: ("0.294", "88.0%"), 3: ("0.250", "90.0%"),
          4: ("0.233", "91.5%"), 7: ("0.034", "99.5%"), 8: ("0.039", "97.5%"),
          15: ("0.028", "99.0%"), 16: ("0.032", "98.0%")}


@pytest.mark.parametrize("width", sorted(STATED))
def test_the_explorer_ends_where_the_answers_say(explorer, width):
    run = explorer.run_for(width)
    assert (f"{run.result.losses[-1]:.3f}", f"{run.accuracies[-1]:.1%}") == STATED[width]


def test_from_width_5_on_the_network_follows_the_moons(explorer):
    """A final loss of 0.041 or less and 97.5 % to 99.5 % from width 5 on; below that, 91.5 % at
    best."""
    for width in range(1, 17):
        run = explorer.run_for(width)
        if width >= 5:
            assert run.result.losses[-1] <= 0.041 and 0.975 <= run.accuracies[-1] <= 0.995
        else:
            assert run.accuracies[-1] <= 0.915


def test_wider_is_not_always_better(explorer):
    """From width 5 on the training accuracy goes up and down with the width: widths 7 and 15
    end above width 16, and it both rises and falls between neighbouring widths."""
    accuracy = {width: explorer.run_for(width).accuracies[-1] for width in range(5, 17)}
    assert accuracy[7] > accuracy[16] and accuracy[15] > accuracy[16]
    steps = np.diff([accuracy[width] for width in range(5, 17)])
    assert (steps > 0).any() and (steps < 0).any()


def boundary_turns(params, extent, points=300):
    """The turns, in degrees, between consecutive straight pieces of a ReLU network's p = 1/2
    line in ``extent``. The network is linear wherever the same units are on, so the line is
    cut into pieces where the on/off pattern of the hidden units changes; each piece's
    direction is its points' main axis."""
    xs, ys, P = probability_grid(params, extent, points)
    turns = []
    for line in boundary_lines(xs, ys, P):
        _, cache = mlp.forward(params, line)
        pattern = np.hstack([mask for _, mask in cache if mask is not None])
        cuts = np.r_[0, np.flatnonzero((pattern[1:] != pattern[:-1]).any(axis=1)) + 1, len(line)]
        pieces = [line[a:b] for a, b in zip(cuts[:-1], cuts[1:], strict=True) if b - a >= 5]
        directions = [np.linalg.svd(p - p.mean(axis=0))[2][0] for p in pieces]
        turns += [np.degrees(np.arccos(min(abs(u @ v), 1.0)))
                  for u, v in zip(directions[:-1], directions[1:], strict=True)]
    return np.array(turns)


@pytest.mark.parametrize("width", [3, 4])
def test_widths_3_and_4_draw_a_few_straight_pieces_with_sharp_kinks(explorer, width):
    """Not a gentle bend: at most three corners of more than 10 degrees, one of them sharper
    than 45 degrees."""
    turns = boundary_turns(explorer.run_for(width).result.final, explorer.extent)
    assert 1 <= np.sum(turns > 10) <= 3 and turns.max() > 45


def test_the_reset_button_brings_back_width_16_and_the_last_step(explorer):
    explorer.controls["width"].value, explorer.controls["step"].value = 3, 40
    assert explorer.run.width == 3
    explorer.reset_button.click()
    assert (explorer.controls["width"].value, explorer.controls["step"].value) == (16, 300)
    assert explorer.run.width == 16


@pytest.mark.parametrize("width", [1, 2])
def test_one_or_two_units_draw_a_straight_boundary_where_the_data_are(explorer, width):
    run = explorer.run_for(width)
    xs, ys, P = probability_grid(run.result.final, explorer.extent, 200)
    points = np.vstack(boundary_lines(xs, ys, P))
    centred = points - points.mean(axis=0)
    spread = np.linalg.svd(centred, compute_uv=False)
    assert spread[1] < 1e-3 * spread[0]  # every point of the boundary on one line

