"""helpers.crosscheck: our numpy backprop and training loop held against PyTorch."""

import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers import crosscheck as cc
from helpers import mlp, plots
from helpers.data import make_moons

ARCHITECTURES = [[2, 1], [2, 8, 1], [2, 16, 16, 1], [3, 5, 4, 2], [4, 7, 3, 6, 3]]


def problem(sizes, seed, n=40):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(sizes, seed=seed, bias=0.05)
    X = rng.normal(size=(n, sizes[0]))
    y = rng.integers(0, 2, size=(n, sizes[-1])).astype(float)
    return params, X, y


@pytest.mark.parametrize("sizes", ARCHITECTURES)
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_our_backward_matches_autograd(sizes, seed, loss):
    params, X, y = problem(sizes, seed)
    rows = cc.compare_gradients(params, X, y, loss)
    names = [f"{k}{i}" for i in range(1, len(sizes)) for k in "Wb"]
    assert [row.name for row in rows] == names
    worst = max(row.max_rel_error for row in rows)
    assert worst <= 1e-10, rows
    ours, _ = mlp.loss_and_grads(params, X, y, loss)
    theirs, _ = cc.torch_loss_and_grads(params, X, y, loss)
    assert ours == pytest.approx(theirs, rel=1e-13)


def test_torch_model_computes_our_forward():
    params, X, _ = problem([3, 5, 4, 2], seed=3)
    model = cc.to_torch_mlp(params)
    assert [type(m).__name__ for m in model] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert all(p.dtype == torch.float64 for p in model.parameters())
    assert model[0].weight.shape == (5, 3)  # torch keeps (out, in) = our W.T
    with torch.no_grad():
        theirs = model(torch.from_numpy(X)).numpy()
    assert np.allclose(mlp.forward(params, X)[0], theirs, rtol=1e-13, atol=1e-15)
    back = cc.params_from_torch(model)
    assert all(
        np.array_equal(a, b)
        for p, q in zip(params, back, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def test_losses_match_torch_functional():
    rng = np.random.default_rng(4)
    out = rng.normal(scale=5, size=(9, 2))
    out[0, 0], out[1, 1], out[2, 0], out[3, 1] = 1000.0, -1000.0, -1000.0, 1000.0
    for y in (rng.integers(0, 2, size=out.shape).astype(float), rng.uniform(size=out.shape)):
        for ours_fn, torch_fn in [
            (mlp.mse, F.mse_loss),
            (mlp.bce_with_logits, F.binary_cross_entropy_with_logits),
        ]:
            o = torch.from_numpy(out.copy()).requires_grad_(True)
            value = torch_fn(o, torch.from_numpy(y))
            value.backward()
            ours, grad = ours_fn(out, y)
            assert np.isfinite(ours) and np.isfinite(grad).all()
            assert ours == pytest.approx(value.item(), rel=1e-13)
            assert np.allclose(grad, o.grad.numpy(), rtol=1e-12, atol=1e-17)


@pytest.mark.parametrize("z", [1000.0, -1000.0])
@pytest.mark.parametrize("label", [0.0, 1.0])
def test_bce_at_huge_logits_equals_torch_exactly(z, label):
    ours, grad = mlp.bce_with_logits(np.array([[z]]), np.array([[label]]))
    o = torch.tensor([[z]], dtype=torch.float64, requires_grad=True)
    value = F.binary_cross_entropy_with_logits(o, torch.tensor([[label]], dtype=torch.float64))
    value.backward()
    assert ours == value.item()
    assert grad[0, 0] == o.grad.item()


def test_gradcheck_passes_for_our_backprop():
    for sizes, seed in [([2, 6, 1], 0), ([3, 4, 3, 2], 1)]:
        params, X, y = problem(sizes, seed, n=12)
        assert cc.gradcheck_our_loss(params, X, y, "bce")
        assert cc.gradcheck_our_loss(params, X, y, "mse")


def forgot_relu_mask(params, X, y):
    """Backprop that lets the gradient through ReLU everywhere, a classic mistake."""
    out, cache = mlp.forward(params, X)
    value, grad_out = mlp.bce_with_logits(out, y)
    broken = [(lin, None if relu is None else np.ones_like(relu)) for lin, relu in cache]
    return value, mlp.backward(params, broken, grad_out)


def test_gradcheck_catches_a_broken_backprop():
    params, X, y = problem([2, 6, 1], seed=0, n=12)
    assert not cc.gradcheck_our_loss(params, X, y, "bce", loss_and_grads=forgot_relu_mask)


def test_gradcheck_takes_any_function_that_returns_the_loss_and_its_gradient():
    """loss_and_grads(params, X, y) is called with y shaped like the network's output; the
    right one passes, whatever loss it computes itself."""
    params, X, y = problem([2, 6, 1], seed=3, n=12)
    seen = []

    def ours(params, X, y):
        seen.append(y.shape)
        return mlp.loss_and_grads(params, X, y, "mse")

    assert cc.gradcheck_our_loss(params, X, y[:, 0], loss_and_grads=ours)
    assert set(seen) == {(12, 1)}
    with pytest.raises(TypeError, match="loss_and_grads must be a function"):
        cc.gradcheck_our_loss(params, X, y, loss_and_grads="mlp.loss_and_grads")


def test_gradcheck_raises_gradchecks_own_error_when_asked():
    params, X, y = problem([2, 6, 1], seed=0, n=12)
    with pytest.raises(RuntimeError, match="^Jacobian mismatch for output 0 with respect to "
                                           "input 0,") as caught:
        cc.gradcheck_our_loss(params, X, y, loss_and_grads=forgot_relu_mask,
                              raise_exception=True)
    assert type(caught.value).__name__ == "GradcheckError"
    assert cc.gradcheck_our_loss(params, X, y, raise_exception=True)  # a right one raises nothing


@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("loss", ["bce", "mse"])
def test_training_side_by_side_matches_torch_sgd(momentum, loss):
    X, y = make_moons(64, noise=0.2, seed=1)
    params = mlp.init_params([2, 16, 16, 1], seed=2)
    result = cc.train_side_by_side(params, X, y, lr=0.2, steps=20, momentum=momentum, loss=loss)
    assert result.max_abs_diff.shape == (20,)
    assert result.max_abs_diff.max() <= 1e-12
    assert np.allclose(result.our_losses, result.torch_losses, rtol=1e-12)
    assert result.our_losses[-1] < result.our_losses[0]  # it did train


def test_side_by_side_would_notice_another_momentum_convention():
    """Dampened momentum (v = m v + (1 - m) g) drifts away from torch: the check has teeth."""
    X, y = make_moons(64, noise=0.2, seed=1)
    params = mlp.init_params([2, 8, 1], seed=2)
    model = cc.to_torch_mlp(params)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2, momentum=0.9)
    ours, velocity = params, None
    for _ in range(5):
        _, grads = mlp.loss_and_grads(ours, X, y)
        scaled = [(0.1 * dW, 0.1 * db) for dW, db in grads] if velocity else grads
        ours, velocity = mlp.sgd_step(ours, scaled, 0.2, velocity, momentum=0.9)
        optimizer.zero_grad()
        F.binary_cross_entropy_with_logits(
            model(torch.from_numpy(X)), torch.from_numpy(y.reshape(-1, 1))
        ).backward()
        optimizer.step()
    theirs = cc.params_from_torch(model)
    assert (
        max(
            np.abs(a - b).max()
            for p, q in zip(ours, theirs, strict=True)
            for a, b in zip(p, q, strict=True)
        )
        > 1e-3
    )


def test_time_training_step_reports_positive_times():
    params, X, y = problem([2, 8, 1], seed=0)
    timing = cc.time_training_step(params, X, y, repeats=3, warmup=1)
    assert timing.numpy_seconds > 0 and timing.torch_seconds > 0 and timing.ratio > 0
    assert timing.n_params == 2 * 8 + 8 + 8 + 1


def test_distributed_gradient_equals_full_batch_gradient():
    params, X, y = problem([2, 8, 4, 1], seed=5, n=64)
    start = time.monotonic()
    averaged = cc.distributed_gradient(params, X, y, world_size=2, loss="bce", timeout=20)
    assert time.monotonic() - start < 20
    _, full = mlp.loss_and_grads(params, X, y, "bce")
    assert [(a.shape, b.shape) for a, b in averaged] == [(a.shape, b.shape) for a, b in full]
    for (dW, db), (fW, fb) in zip(averaged, full, strict=True):
        assert np.allclose(dW, fW, rtol=0, atol=1e-12)
        assert np.allclose(db, fb, rtol=0, atol=1e-12)
    # and the shards really were different: each half alone has another gradient
    _, half = mlp.loss_and_grads(params, X[:32], y[:32], "bce")
    assert not np.allclose(half[0][0], full[0][0], atol=1e-6)


def test_distributed_gradient_rejects_bad_world_size():
    params, X, y = problem([2, 3, 1], seed=0, n=4)
    for bad in (0, 5):
        with pytest.raises(ValueError, match="world_size"):
            cc.distributed_gradient(params, X, y, world_size=bad)
    with pytest.raises(TypeError, match="ddp must be True or False"):
        cc.distributed_gradient(params, X, y, ddp="yes")


def test_distributed_gradient_with_unequal_shards_averages_the_shard_means():
    """With n not divisible by world_size the shards differ in size; like DDP, the workers still
    average their shard means, which is then not quite the full-batch gradient."""
    params, X, y = problem([2, 6, 1], seed=7, n=21)
    averaged = cc.distributed_gradient(params, X, y, world_size=2, loss="mse", timeout=20)
    _, first = mlp.loss_and_grads(params, X[:11], y[:11], "mse")
    _, second = mlp.loss_and_grads(params, X[11:], y[11:], "mse")
    _, full = mlp.loss_and_grads(params, X, y, "mse")
    for (aW, ab), (fW, fb), (sW, sb), _ in zip(averaged, first, second, full, strict=True):
        assert np.allclose(aW, (fW + sW) / 2, rtol=0, atol=1e-12)
        assert np.allclose(ab, (fb + sb) / 2, rtol=0, atol=1e-12)
    assert not np.allclose(averaged[0][0], full[0][0], rtol=0, atol=1e-6)


def test_torch_grad_adds_up_and_micro_batches_rebuild_the_full_batch_gradient():
    """What lecture 06 shows: .grad accumulates over backward() calls, so micro-batch losses
    weighted by their share of the rows add up to the full-batch gradient."""
    params, X, y = problem([2, 5, 1], seed=8, n=30)
    model = cc.to_torch_mlp(params)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    F.binary_cross_entropy_with_logits(model(Xt), yt).backward()
    once = [p.grad.clone() for p in model.parameters()]
    F.binary_cross_entropy_with_logits(model(Xt), yt).backward()
    assert all(
        torch.allclose(p.grad, 2 * g, rtol=1e-14, atol=0)
        for p, g in zip(model.parameters(), once, strict=True)
    )

    model.zero_grad()
    for rows in (slice(0, 8), slice(8, 20), slice(20, 30)):
        share = (rows.stop - rows.start) / 30
        (share * F.binary_cross_entropy_with_logits(model(Xt[rows]), yt[rows])).backward()
    assert all(
        torch.allclose(p.grad, g, rtol=1e-12, atol=1e-15)
        for p, g in zip(model.parameters(), once, strict=True)
    )


def test_only_the_crosscheck_module_imports_torch():
    """Lectures 00-05 stay light: everything they import works without loading torch."""
    import subprocess
    import sys

    modules = [
        "helpers",
        "helpers.mlp",
        "helpers.data",
        "helpers.calculus",
        "helpers.solvers",
        "helpers.functions",
        "helpers.plots",
        "helpers.widgets",
        "helpers.exercises.lecture05",
        "helpers.exercises.lecture06",
    ]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "print(sorted(m for m in sys.modules if m == 'torch' or m.startswith('torch.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_crosscheck_uses_only_the_public_names_of_mlp():
    """The network's structural checks are public in helpers.mlp; nothing here reaches for a
    private helper of another module."""
    import re
    from pathlib import Path

    import helpers.crosscheck

    folder = Path(helpers.crosscheck.__file__).parent
    for path in folder.glob("*.py"):
        assert not re.search(r"\bmlp\._", path.read_text()), path.name


def test_side_by_side_takes_momentum_from_zero_to_one_like_every_run():
    params, X, y = problem([2, 3, 1], seed=0, n=8)
    for bad, kind in ((1.5, ValueError), (-0.5, ValueError), ("high", TypeError)):
        with pytest.raises(kind, match="momentum must be a number in"):
            cc.train_side_by_side(params, X, y, lr=0.1, steps=2, momentum=bad)
    with pytest.raises(TypeError, match="steps must be an integer"):
        cc.train_side_by_side(params, X, y, lr=0.1, steps=2.0)
    with pytest.raises(ValueError, match="loss must be one of"):
        cc.compare_gradients(params, X, y, loss="hinge")


def test_grads_from_torch_and_gradient_errors_in_our_layout():
    params, X, y = problem([3, 5, 2], seed=9)
    model = cc.to_torch_mlp(params)
    with pytest.raises(ValueError, match="model must hold gradients"):
        cc.grads_from_torch(model)  # no backward() yet
    F.binary_cross_entropy_with_logits(model(torch.from_numpy(X)), torch.from_numpy(y)).backward()
    theirs = cc.grads_from_torch(model)
    _, ours = mlp.loss_and_grads(params, X, y)
    assert [(a.shape, b.shape) for a, b in theirs] == [(a.shape, b.shape) for a, b in ours]
    errors = cc.gradient_errors(ours, theirs)
    assert list(errors) == ["W1", "b1", "W2", "b2"]
    assert max(errors.values()) <= 1e-12
    assert errors == {row.name: row.max_rel_error for row in cc.compare_gradients(params, X, y)}
    off = [(2 * dW, db) for dW, db in ours]
    assert cc.gradient_errors(ours, off)["W1"] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="grads_b"):
        cc.gradient_errors(ours, ours[:1])


def test_graph_nodes_reads_the_recorded_graph_from_the_loss_down():
    params, X, y = problem([2, 4, 1], seed=1)
    model = cc.to_torch_mlp(params)
    loss = F.mse_loss(model(torch.from_numpy(X)), torch.from_numpy(y))
    nodes = cc.graph_nodes(loss)
    assert nodes[0] == ("MseLossBackward0", ["AddmmBackward0"])
    # each linear layer: its Addmm, then right below it the transposed weight that feeds it
    assert [name for name, _ in nodes[1:4]] == ["AddmmBackward0", "TBackward0", "ReluBackward0"]
    assert "AccumulateGrad" in nodes[1][1]  # the bias of the last layer
    assert nodes[2] == ("TBackward0", ["AccumulateGrad"])  # the weight of the last layer
    with pytest.raises(ValueError, match="tensor must be"):
        cc.graph_nodes(loss.detach())


@pytest.mark.parametrize("sizes", ARCHITECTURES)
def test_graph_nodes_lists_every_operation_once(sizes):
    """Every linear layer shows its own Addmm and its own TBackward0, each listed once."""
    params, X, y = problem(sizes, seed=2)
    model = cc.to_torch_mlp(params)
    names = [name for name, _ in cc.graph_nodes(F.mse_loss(model(torch.from_numpy(X)),
                                                           torch.from_numpy(y)))]
    layers = len(sizes) - 1
    assert names.count("AddmmBackward0") == names.count("TBackward0") == layers
    assert names.count("ReluBackward0") == layers - 1
    assert all(names[i + 1] == "TBackward0" for i, name in enumerate(names)
               if name == "AddmmBackward0")


def test_graph_nodes_lists_a_node_that_two_others_use_once():
    w = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    doubled = w * 2.0
    nodes = cc.graph_nodes(doubled + doubled)
    assert nodes == [("AddBackward0", ["MulBackward0", "MulBackward0"]),
                     ("MulBackward0", ["AccumulateGrad"])]


# ---------------------------------------------------------------- the figures of these results


def test_step_times_with_rounds_draws_a_dot_per_round_and_the_spread_of_the_ratio():
    params, X, y = problem([2, 4, 1], seed=0)
    rounds = [cc.time_training_step(params, X, y, repeats=2, warmup=0) for _ in range(3)]
    fig = plots.plot_step_times({"small": rounds})
    ax = fig.axes[0]
    ours = [t.numpy_seconds * 1e6 for t in rounds]
    assert ax.patches[0].get_height() == pytest.approx(np.median(ours))
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert sorted(np.concatenate([d.get_ydata() for d in dots])) == pytest.approx(
        sorted(ours + [t.torch_seconds * 1e6 for t in rounds]))
    ratios = [t.ratio for t in rounds]
    texts = [t.get_text() for t in ax.texts]
    assert f"ours / torch: {min(ratios):.2f} to {max(ratios):.2f}\nover 3 rounds" in texts
    assert "one round" in [t.get_text() for t in ax.get_legend().get_texts()]
    once = plots.plot_step_times({"once": rounds[0]}).axes[0]  # one timing: no dots, its ratio
    assert not [line for line in once.lines if line.get_marker() == "o"]
    assert f"ours / torch = {rounds[0].ratio:.2f}" in [t.get_text() for t in once.texts]
    with pytest.raises(ValueError, match=r"timings\['none'\] must be a StepTiming"):
        plots.plot_step_times({"none": []})


def test_side_by_side_marks_one_rounding_step_at_the_largest_weight():
    X, y = make_moons(64, noise=0.2, seed=1)
    params = mlp.init_params([2, 8, 1], seed=2)
    runs = {f"momentum {m}": cc.train_side_by_side(params, X, y, lr=0.2, steps=7, momentum=m)
            for m in (0.0, 0.9)}
    fig = plots.plot_side_by_side(runs)
    left, right = fig.axes
    largest = max(np.abs(mlp.flatten_params(run.params)).max() for run in runs.values())
    dotted = [line for line in right.lines if line.get_linestyle() == ":"]
    assert len(dotted) == 1 and dotted[0].get_ydata()[0] == np.spacing(largest)
    label = dotted[0].get_label()
    assert f"at the largest weight ({largest:.1f})" in label
    assert f"one float64 rounding step ({np.spacing(largest):.1e})" in label
    circles = [line for line in left.lines if line.get_marker() == "o"]
    assert [c.get_markevery() for c in circles] == [(0, 3), (1, 3)]  # the runs take turns
    # the description names the same step as the legend, and the range the right panel spans
    sentence = plots.description(fig)
    assert (f"one float64 rounding step at the largest weight ({largest:.1f}), "
            f"{np.spacing(largest):.1e}") in sentence
    gaps = np.concatenate([run.max_abs_diff for run in runs.values()])
    assert sentence.startswith("Left, torch.optim.SGD's losses lie ")
    assert "over all 7 steps" in sentence and "Right, the weight differences stay between" \
        in sentence
    assert gaps.max() <= np.spacing(largest) and "never above" in sentence


# ---------------------------------------------------------------- no silent wrong answers


def test_a_gradient_that_is_not_finite_never_matches():
    """relative_error gives NaN there; the comparisons report inf, which fails every
    `error <= tol` and wins every max (NaN would be skipped by Python's max)."""
    params, X, y = problem([2, 4, 1], seed=0)
    _, grads = mlp.loss_and_grads(params, X, y)
    for value in (np.nan, np.inf):
        broken = mlp.copy_params(grads)
        broken[1][0][2, 0] = value
        errors = cc.gradient_errors(grads, broken)
        assert errors["W2"] == np.inf and max(errors.values()) == np.inf
        assert errors["W1"] <= 1e-300  # the other layers still compare
        assert cc.gradient_errors(broken, broken)["W2"] == np.inf  # not even equal to itself


def test_compare_gradients_reports_an_overflowing_network_as_not_matching():
    params, X, y = problem([2, 3, 3, 1], seed=1)
    huge = [(W * 1e200, b) for W, b in params]  # finite weights whose products overflow
    rows = cc.compare_gradients(huge, X, y, "bce")
    _, theirs = cc.torch_loss_and_grads(huge, X, y, "bce")
    for row, gradient in zip(rows, [a for pair in theirs for a in pair], strict=True):
        if not np.isfinite(gradient).all():
            assert row.max_rel_error == row.max_abs_error == np.inf, row
    assert max(row.max_rel_error for row in rows) == np.inf


def test_torch_side_arguments_are_named():
    params, X, y = problem([2, 3, 1], seed=0)
    with pytest.raises(TypeError, match=r"^model must be a torch.nn.Sequential of Linear and "
                                        r"ReLU layers .*, got 3$"):
        cc.params_from_torch(3)
    with pytest.raises(ValueError, match=r"^model must be a torch.nn.Sequential .*, got "):
        cc.params_from_torch(torch.nn.Sequential(torch.nn.ReLU()))
    with pytest.raises(ValueError, match=r"^model must hold gradients in .grad .*, got a model "
                                         r"whose .grad is None$"):
        cc.grads_from_torch(cc.to_torch_mlp(params))
    with pytest.raises(TypeError, match=r"^tensor must be a tensor computed from one that "
                                        r"requires grad .*, got array"):
        cc.graph_nodes(np.ones(2))
    with pytest.raises(ValueError, match=r"^y must hold targets in \[0, 1\]"):
        cc.torch_loss_and_grads(params, X, 2 * y)
    with pytest.raises(ValueError, match=r"^params\[0\] W must hold finite numbers only"):
        cc.to_torch_mlp([(W * np.nan, b) for W, b in params])


def test_gradcheck_names_a_loss_and_grads_that_returns_the_wrong_thing():
    params, X, y = problem([2, 3, 1], seed=0, n=8)
    with pytest.raises(TypeError, match=r"^loss_and_grads must return \(loss value, grads shaped "
                                        r"like params\), got None$"):
        cc.gradcheck_our_loss(params, X, y, loss_and_grads=lambda p, X, y: None)
    with pytest.raises(ValueError, match=r"^loss_and_grads' grads must have one \(W, b\) pair "
                                         r"per layer of params \(2\), got 1$"):
        cc.gradcheck_our_loss(params, X, y,
                              loss_and_grads=lambda p, X, y: (0.5, mlp.copy_params(p)[:1]))

    def nan_gradient(p, X, y):
        value, grads = mlp.loss_and_grads(p, X, y)
        grads[0][0][0, 0] = np.nan
        return value, grads

    assert not cc.gradcheck_our_loss(params, X, y, loss_and_grads=nan_gradient)


def test_side_by_side_stops_where_a_run_diverges():
    X, y = make_moons(40, noise=0.2, seed=1)
    params = mlp.init_params([2, 8, 1], seed=2)
    run = cc.train_side_by_side(params, X, y, lr=10.0, steps=60, momentum=0.9, loss="mse")
    assert run.diverged
    assert 0 < len(run.our_losses) == len(run.torch_losses) == len(run.max_abs_diff) < 60
    ours = mlp.train(params, X, y, lr=10.0, steps=60, momentum=0.9, loss="mse")
    assert ours.diverged and ours.steps == len(run.our_losses)  # the same step as mlp.train
    assert np.isfinite(run.our_losses).all() and np.isfinite(run.torch_losses).all()
    assert all(np.isfinite(a).all() for pair in run.params for a in pair)
    calm = cc.train_side_by_side(params, X, y, lr=0.1, steps=3)
    assert not calm.diverged and len(calm.our_losses) == 3
    sentence = plots.description(plots.plot_side_by_side({"lr 10": run, "lr 0.1": calm}))
    assert (f"lr 10 ends at loss {run.our_losses[-1]:.3g} at step {len(run.our_losses)} and "
            "then diverges") in sentence
    assert f"lr 0.1 ends at loss {calm.our_losses[-1]:.3g} at step 3" in sentence


def test_side_by_side_and_timing_have_stated_limits():
    from helpers.checks import LIMITS

    params, X, y = problem([2, 3, 1], seed=0, n=8)
    limit = LIMITS["train_steps"]
    with pytest.raises(ValueError, match=rf"^steps must be an integer from 1 to {limit}, got "):
        cc.train_side_by_side(params, X, y, lr=0.1, steps=10**12)
    with pytest.raises(ValueError, match=rf"^repeats must be an integer from 1 to {limit}, got "):
        cc.time_training_step(params, X, y, repeats=limit + 1)
    with pytest.raises(ValueError, match=rf"^warmup must be an integer from 0 to {limit}, got "):
        cc.time_training_step(params, X, y, warmup=10**12)
    # every timed step starts from params, so even a huge rate never overflows midway
    timing = cc.time_training_step(params, X, y, lr=1e300, repeats=5, warmup=1)
    assert timing.numpy_seconds > 0 and timing.torch_seconds > 0
