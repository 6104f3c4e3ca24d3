"""helpers.data: toy data sets, the two-parameter regression, and the on-disk data set."""

import numpy as np
import pytest

from helpers import checks, data
from helpers.calculus import numerical_gradient

# --- classification toys ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 7, 200])
def test_moons_shapes_labels_and_determinism(n):
    X, y = data.make_moons(n, noise=0.1, seed=3)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y)) <= {0.0, 1.0}
    assert (y == 0).sum() == n // 2
    X2, y2 = data.make_moons(n, noise=0.1, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = data.make_moons(n, noise=0.1, seed=4)
    assert not np.array_equal(X, X3)


def test_moons_without_noise_lie_on_the_two_arcs():
    X, y = data.make_moons(50, noise=0.0, seed=0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0)
    assert np.allclose(np.hypot(lower[:, 0] - 1.0, lower[:, 1] - 0.5), 1.0)


def test_spiral_shapes_labels_and_determinism():
    X, y = data.make_spiral(40, noise=0.2, seed=1)
    assert X.shape == (80, 2) and y.shape == (80,)
    assert np.array_equal(np.unique(y), [0.0, 1.0]) and (y == 1).sum() == 40
    assert np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12)
    X2, _ = data.make_spiral(40, noise=0.2, seed=1)
    assert np.array_equal(X, X2)
    X3, y3 = data.make_spiral(10, classes=3, noise=0.0, seed=0)
    assert X3.shape == (30, 2) and np.array_equal(np.unique(y3), [0.0, 1.0, 2.0])


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: data.make_moons(1), "n"),
        (lambda: data.make_moons(10, noise=-1), "noise"),
        (lambda: data.make_spiral(0), "n_per_class"),
        (lambda: data.make_spiral(5, classes=1), "classes"),
        (lambda: data.make_linear_regression(10, w_true=(1, 2, 3)), "w_true"),
        (lambda: data.make_linear_regression(10, x_range=(3, 0)), "x_range"),
    ],
)
def test_bad_arguments_are_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: data.make_moons(20.0), "n"),
        (lambda: data.make_moons(10, noise="high"), "noise"),
        (lambda: data.make_moons(10, seed=1.5), "seed"),
        (lambda: data.make_spiral(5, classes=True), "classes"),
        (lambda: data.make_linear_regression(10, w_true="w"), "w_true"),
        (lambda: data.open_memmap_regression(None), "path"),
        (lambda: data.write_memmap_regression(3, 10, 2), "path"),
        (lambda: data.write_memmap_regression("/nonexistent/r.npy", 10, 2, dtype="fast"),
         "dtype"),
        (lambda: data.write_memmap_regression("/nonexistent/r.npy", 10, 2, dtype=None), "dtype"),
    ],
)
def test_arguments_of_the_wrong_type_are_type_errors(call, name):
    with pytest.raises(TypeError, match=rf"^{name} must be"):
        call()


# --- linear regression -------------------------------------------------------------------------


def test_linear_regression_design_and_determinism():
    X, y, w_true = data.make_linear_regression(60, w_true=(1.0, 2.0), noise=0.5, seed=0)
    assert X.shape == (60, 2) and y.shape == (60,) and np.array_equal(w_true, [1.0, 2.0])
    assert np.all(X[:, 0] == 1.0) and X[:, 1].min() >= 0 and X[:, 1].max() <= 3
    again = data.make_linear_regression(60, w_true=(1.0, 2.0), noise=0.5, seed=0)
    assert np.array_equal(y, again.y)
    exact = data.make_linear_regression(20, w_true=(-1.0, 0.5), noise=0.0, seed=1)
    assert np.allclose(exact.X @ exact.w_true, exact.y)


def test_loss_surface_is_an_elongated_bowl():
    X, _, _ = data.make_linear_regression(500, seed=0)
    eigenvalues = np.linalg.eigvalsh(2 * X.T @ X / len(X))
    assert np.all(eigenvalues > 0)
    assert 5 < eigenvalues[-1] / eigenvalues[0] < 60  # clearly elongated, still drawable


def test_least_squares_matches_lstsq_and_zeroes_the_gradient():
    X, y, w_true = data.make_linear_regression(80, noise=0.3, seed=2)
    w = data.least_squares(X, y)
    assert np.allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12, atol=1e-12)
    assert np.allclose(data.linear_mse_grad(w, X, y), 0.0, atol=1e-12)
    assert np.allclose(w, w_true, atol=0.3)
    for step in ([0.01, 0], [0, -0.01], [0.01, 0.01]):
        assert data.linear_mse(w + np.array(step), X, y) > data.linear_mse(w, X, y)


def test_linear_mse_and_its_gradient():
    X, y, _ = data.make_linear_regression(30, seed=4)
    w = np.array([0.3, -1.2])
    assert data.linear_mse(w, X, y) == pytest.approx(np.mean((X @ w - y) ** 2), rel=1e-14)
    numeric = numerical_gradient(lambda v: data.linear_mse(v, X, y), w)
    assert np.allclose(data.linear_mse_grad(w, X, y), numeric, rtol=1e-7, atol=1e-9)
    batch = slice(5, 12)  # the mean over the batch, not the sum
    numeric = numerical_gradient(lambda v: data.linear_mse(v, X[batch], y[batch]), w)
    assert np.allclose(data.linear_mse_grad(w, X[batch], y[batch]), numeric, rtol=1e-7)


def test_linear_mse_and_gradient_on_a_grid_of_points():
    X, y, _ = data.make_linear_regression(30, seed=5)
    grid = np.stack(np.meshgrid(np.linspace(-2, 4, 7), np.linspace(-1, 5, 5)), axis=-1)
    surface = data.linear_mse(grid, X, y)
    grads = data.linear_mse_grad(grid, X, y)
    assert surface.shape == (5, 7) and grads.shape == (5, 7, 2)
    for index in np.ndindex(5, 7):
        assert surface[index] == pytest.approx(data.linear_mse(grid[index], X, y), rel=1e-12)
        assert np.allclose(grads[index], data.linear_mse_grad(grid[index], X, y), rtol=1e-12)


def test_linear_functions_reject_mismatched_shapes():
    X, y, _ = data.make_linear_regression(10, seed=0)
    with pytest.raises(ValueError, match=r"yb must have shape \(10,\)"):
        data.linear_mse_grad(np.zeros(2), X, y[:5])
    with pytest.raises(ValueError, match="w must have 2 entries"):
        data.linear_mse(np.zeros(3), X, y)


def test_shape_messages_say_what_is_needed_and_what_came():
    X, y, _ = data.make_linear_regression(10, seed=0)
    with pytest.raises(ValueError, match=r"^Xb must be 2-D \(n_samples, n_features\), "
                                         r"got shape \(10,\)$"):
        data.linear_mse_grad(np.zeros(2), X[:, 1], y)
    with pytest.raises(ValueError, match=r"^y must have shape \(10,\) to match X \(10, 2\), "
                                         r"got shape \(10, 1\)$"):
        data.linear_mse(np.zeros(2), X, y[:, None])
    with pytest.raises(ValueError, match=r"^w must have 2 entries on its last axis to match X "
                                         r"\(10, 2\), got shape \(\)$"):
        data.linear_mse(1.0, X, y)
    with pytest.raises(ValueError, match=r"^w_true must be two finite numbers \(w0, w1\), "
                                         r"got shape \(3,\)$"):
        data.make_linear_regression(10, w_true=(1, 2, 3))
    for bad in ((0.0,), ((0.0, 1.0),), (3.0, 0.0)):
        with pytest.raises(ValueError, match=r"^x_range must be \(low, high\) with low < high"):
            data.make_linear_regression(10, x_range=bad)


def test_the_unchecked_kernel_is_the_checked_gradient():
    X, y, _ = data.make_linear_regression(30, seed=6)
    grid = np.stack(np.meshgrid(np.linspace(-2, 4, 3), np.linspace(-1, 5, 4)), axis=-1)
    for w in (np.array([0.3, -1.2]), grid):
        for rows in (slice(None), slice(4, 5), slice(3, 11)):
            checked = data.linear_mse_grad(w, X[rows], y[rows])
            unchecked = data.linear_mse_grad_unchecked(w, X[rows], y[rows])
            assert unchecked.shape == w.shape and np.array_equal(unchecked, checked)
    # the formula the batch-size explorer used to copy, bit for bit
    Xb, yb, w = X[7:8], y[7:8], np.array([0.5, 0.25])
    assert np.array_equal(data.linear_mse_grad_unchecked(w, Xb, yb),
                          2.0 / len(yb) * ((w @ Xb.T - yb) @ Xb))
    assert "linear_mse_grad_unchecked" in data.__all__


def test_made_data_has_stated_upper_limits():
    rows = checks.LIMITS["rows"]
    for call, name in ((lambda: data.make_linear_regression(rows + 1), "n"),
                       (lambda: data.make_moons(rows + 1), "n"),
                       (lambda: data.make_spiral(rows + 1), "n_per_class"),
                       (lambda: data.make_spiral(5, classes=data.toys.MAX_CLASSES + 1), "classes"),
                       (lambda: data.make_spiral(rows // 2, classes=3), "n_per_class")):
        with pytest.raises(ValueError, match=f"^{name} must be"):
            call()
    X, y = data.make_spiral(3, classes=data.toys.MAX_CLASSES, noise=0.0)
    assert X.shape == (30, 2) and np.array_equal(np.unique(y), np.arange(10.0))


BAD_VALUES = [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf")]


@pytest.mark.parametrize("value, _", BAD_VALUES)
def test_linear_functions_refuse_nan_and_inf_by_name(value, _):
    X, y, _w = data.make_linear_regression(10, seed=0)
    w = np.array([1.0, 2.0])
    broken_X, broken_y, broken_w = X.copy(), y.copy(), w.copy()
    broken_X[3, 1], broken_y[4], broken_w[0] = value, value, value
    finite = r"must be a number or an array of numbers, all finite \(no NaN or inf\), got"
    for call, name in ((lambda: data.linear_mse(broken_w, X, y), "w"),
                       (lambda: data.linear_mse(w, broken_X, y), "X"),
                       (lambda: data.linear_mse(w, X, broken_y), "y"),
                       (lambda: data.linear_mse(np.stack([w, broken_w]), X, y), "w"),
                       (lambda: data.linear_mse_grad(broken_w, X, y), "w"),
                       (lambda: data.linear_mse_grad(w, broken_X, y), "Xb"),
                       (lambda: data.linear_mse_grad(w, X, broken_y), "yb"),
                       (lambda: data.least_squares(broken_X, y), "X"),
                       (lambda: data.least_squares(X, broken_y), "y")):
        with pytest.raises(ValueError, match=f"^{name} {finite}"):
            call()


def test_linear_functions_refuse_empty_data_by_name():
    w = np.zeros(2)
    no_rows = r"must hold at least one row and one column \(n_samples, n_features\), got shape"
    with pytest.raises(ValueError, match=rf"^Xb {no_rows} \(0, 2\)$"):
        data.linear_mse_grad(w, np.zeros((0, 2)), np.zeros(0))  # once a ZeroDivisionError
    with pytest.raises(ValueError, match=rf"^X {no_rows} \(0, 2\)$"):
        data.linear_mse(w, np.zeros((0, 2)), np.zeros(0))
    with pytest.raises(ValueError, match=rf"^X {no_rows} \(3, 0\)$"):
        data.least_squares(np.zeros((3, 0)), np.zeros(3))
    with pytest.raises(ValueError, match="^w must have 2 entries"):
        data.linear_mse([], np.ones((3, 2)), np.zeros(3))


def test_a_stack_of_points_for_the_gradient_is_limited_by_its_residuals():
    X, y, _ = data.make_linear_regression(1000, seed=0)
    most = checks.LIMITS["kept"] // 1000
    with pytest.raises(ValueError, match=f"^w must hold at most {most:,} points for a batch of "
                                         "1,000 rows"):
        data.linear_mse_grad(np.broadcast_to(np.zeros(2), (most + 1, 2)), X, y)


# --- data on disk -----------------------------------------------------------------------------


def test_memmap_roundtrip(tmp_path):
    path = tmp_path / "regression.npy"
    written = data.write_memmap_regression(path, 1003, 3, seed=5, chunk_rows=100, noise=0.1)
    assert (written.n_rows, written.n_features) == (1003, 3)
    assert path.stat().st_size == written.offset + 1003 * 4 * 4  # float32, 3 features + y
    opened = data.open_memmap_regression(path)
    assert opened.X.shape == (1003, 3) and opened.y.shape == (1003,)
    assert np.array_equal(opened.w_true, written.w_true)
    plain = np.load(path, mmap_mode="r")  # a standard .npy file
    assert plain.shape == (1003, 4) and plain.dtype == np.float32
    assert np.array_equal(plain, opened.data)
    X, y = np.asarray(opened.X, float), np.asarray(opened.y, float)
    assert np.allclose(data.least_squares(X, y), opened.w_true, atol=0.02)
    # the same seed gives the same file, whatever the chunk size
    other = data.write_memmap_regression(tmp_path / "b.npy", 1003, 3, seed=5, chunk_rows=7)
    assert np.array_equal(other.data, opened.data)


@pytest.mark.parametrize("batch_size", [1, 64, 100, 1003])
def test_stream_batches_visits_every_row_once_in_order(tmp_path, batch_size):
    source = data.write_memmap_regression(tmp_path / "r.npy", 1003, 2, seed=0, chunk_rows=250)
    batches = list(data.stream_batches(tmp_path / "r.npy", batch_size))
    sizes = [len(yb) for _, yb in batches]
    assert len(batches) == -(-1003 // batch_size)  # ceil
    assert all(s == batch_size for s in sizes[:-1]) and 0 < sizes[-1] <= batch_size
    assert np.array_equal(np.concatenate([Xb for Xb, _ in batches]), source.X)
    assert np.array_equal(np.concatenate([yb for _, yb in batches]), source.y)
    assert all(Xb.dtype == np.float64 and Xb.shape[1] == 2 for Xb, _ in batches)


def test_stream_batches_last_batch_smaller_and_row_range(tmp_path):
    source = data.write_memmap_regression(tmp_path / "r.npy", 250, 3, seed=1)
    sizes = [len(yb) for _, yb in data.stream_batches(source, 100)]
    assert sizes == [100, 100, 50]
    part = list(data.stream_batches(source, 30, start=40, stop=110))
    assert [len(yb) for _, yb in part] == [30, 30, 10]
    assert np.array_equal(np.concatenate([yb for _, yb in part]), source.y[40:110])
    Xb, _ = next(data.stream_batches(source, 8, dtype=None))
    assert Xb.dtype == np.float32 and np.array_equal(Xb, source.X[:8])


def test_stream_batches_accepts_a_whole_memmap_but_not_a_slice(tmp_path):
    source = data.write_memmap_regression(tmp_path / "r.npy", 50, 2, seed=2)
    mm = np.load(tmp_path / "r.npy", mmap_mode="r")
    ys = np.concatenate([yb for _, yb in data.stream_batches(mm, 16)])
    assert np.array_equal(ys, source.y)
    with pytest.raises(ValueError, match="path_or_memmap"):
        data.stream_batches(mm[10:20], 4)


def test_stream_batches_bad_arguments(tmp_path):
    data.write_memmap_regression(tmp_path / "r.npy", 20, 2, seed=0)
    for bad in (0, 21):
        with pytest.raises(ValueError, match=r"batch_size must be between 1 and .*20"):
            data.stream_batches(tmp_path / "r.npy", bad)
    with pytest.raises(ValueError, match="start and stop"):
        data.stream_batches(tmp_path / "r.npy", 2, start=10, stop=5)
    with pytest.raises(ValueError, match="does not exist"):
        data.stream_batches(tmp_path / "missing.npy", 2)
    with pytest.raises(ValueError, match=r"^path_or_memmap must be an existing file, got "):
        data.stream_batches(str(tmp_path), 2)  # a directory
    with pytest.raises(TypeError, match=r"^dtype must be a numpy dtype \(e.g. float64\), got 'x'"):
        data.stream_batches(tmp_path / "r.npy", 2, dtype="x")


def test_files_are_named_by_path_and_float_dtype(tmp_path):
    with pytest.raises(ValueError, match=r"^path must be an existing file, got '.*missing.npy', "
                                         r"which does not exist"):
        data.open_memmap_regression(tmp_path / "missing.npy")
    with pytest.raises(ValueError, match=r"^path must be a file path .*, got ''$"):
        data.write_memmap_regression("", 10, 2)
    with pytest.raises(ValueError, match=r"^dtype must be float32 or float64, got <class "):
        data.write_memmap_regression(tmp_path / "r.npy", 10, 2, dtype=np.int32)
    assert not (tmp_path / "r.npy").exists()  # checked before anything is written
    opened = data.write_memmap_regression(str(tmp_path / "r.npy"), 10, 2, dtype="float64")
    assert opened.dtype == np.float64 and opened.path == tmp_path / "r.npy"


def test_truncated_file_is_reported(tmp_path):
    source = data.write_memmap_regression(tmp_path / "r.npy", 100, 2, seed=0)
    with open(source.path, "r+b") as f:
        f.truncate(source.offset + 40 * 3 * 4)
    with pytest.raises(ValueError, match="shorter than its header"):
        list(data.stream_batches(source.path, 32))


def test_sgd_on_streamed_batches_finds_the_true_weights(tmp_path):
    source = data.write_memmap_regression(tmp_path / "r.npy", 4000, 3, seed=3, noise=0.05)
    w = np.zeros(3)
    for _ in range(3):
        for Xb, yb in data.stream_batches(source, 100):
            w = w - 0.05 * data.linear_mse_grad(w, Xb, yb)
    assert np.allclose(w, source.w_true, atol=0.02)
