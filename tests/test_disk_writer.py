"""Lecture 04's data on disk: the writer never leaves a half-written file behind, and the readers
refuse a broken file with a ValueError that names the argument, the file and what is allowed."""

import io
import os
import re

import numpy as np
import pytest

from helpers import data
from helpers.data import disk


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


class FailMidway:
    """Wraps numpy.random.default_rng so that the ``fail_at``-th standard_normal draw raises.

    The writer draws w_true, then per chunk X and the noise: the 4th draw is the second chunk's
    X, so the first chunk is already in the file when it fails. The hook notes the sizes of the
    files in the folder at that moment, to show the failure really came midway."""

    def __init__(self, monkeypatch, folder, error, fail_at=4):
        self.folder, self.error, self.fail_at = folder, error, fail_at
        self.draws, self.sizes_at_failure = 0, None
        real = np.random.default_rng
        monkeypatch.setattr(np.random, "default_rng", lambda seed: self._Rng(self, real(seed)))

    class _Rng:
        def __init__(self, owner, rng):
            self.owner, self.rng = owner, rng

        def standard_normal(self, size=None):
            owner = self.owner
            owner.draws += 1
            if owner.draws == owner.fail_at:
                owner.sizes_at_failure = {p.name: p.stat().st_size for p in owner.folder.iterdir()}
                raise owner.error
            return self.rng.standard_normal(size)


@pytest.mark.parametrize("error", [RuntimeError("disk trouble"), KeyboardInterrupt()])
def test_a_failed_write_leaves_no_file_and_no_leftovers(monkeypatch, tmp_path, error):
    hook = FailMidway(monkeypatch, tmp_path, error)
    with pytest.raises(type(error)):
        data.write_memmap_regression(tmp_path / "r.npy", 50, 2, seed=0, chunk_rows=10)
    # at the failure a partial file held the header and the first chunk (10 rows x 3 float32)
    (partial, size), = hook.sizes_at_failure.items()
    assert partial.startswith("r.npy.") and partial != "r.npy"
    assert size == 128 + 10 * 3 * 4
    assert listing(tmp_path) == []


def test_a_failed_write_keeps_the_previous_file_byte_for_byte(monkeypatch, tmp_path):
    path = tmp_path / "r.npy"
    data.write_memmap_regression(path, 30, 2, seed=1, chunk_rows=10)
    before = {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)}
    assert set(before) == {"r.npy", "r.npy.json"}
    FailMidway(monkeypatch, tmp_path, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        data.write_memmap_regression(path, 50, 3, seed=2, chunk_rows=10)
    assert {name: (tmp_path / name).read_bytes() for name in listing(tmp_path)} == before


def test_a_successful_write_leaves_exactly_the_file_and_its_sidecar(tmp_path):
    path = tmp_path / "r.npy"
    data.write_memmap_regression(path, 40, 2, seed=0, chunk_rows=7)  # one to be replaced
    written = data.write_memmap_regression(path, 1003, 3, seed=5, chunk_rows=100)
    assert listing(tmp_path) == ["r.npy", "r.npy.json"]
    opened = data.open_memmap_regression(path)
    assert (opened.n_rows, opened.n_features, opened.dtype) == (1003, 3, np.float32)
    assert np.array_equal(opened.data, written.data)
    assert np.array_equal(opened.w_true, written.w_true)
    assert np.array_equal(np.load(path), written.data)
    # still the same rows whatever the chunk size
    other = data.write_memmap_regression(tmp_path / "b.npy", 1003, 3, seed=5, chunk_rows=1003)
    assert np.array_equal(other.data, written.data)


def test_when_only_the_sidecar_cannot_be_placed_no_stale_description_stays(monkeypatch, tmp_path):
    """The rows are renamed into place first, then their sidecar. Should the second rename fail,
    the old sidecar (which describes the old rows) is removed rather than left to mislead."""
    path = tmp_path / "r.npy"
    data.write_memmap_regression(path, 20, 2, seed=1)
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("no room for the sidecar")
        real_replace(src, dst)

    monkeypatch.setattr(disk.os, "replace", replace)
    with pytest.raises(OSError, match="sidecar"):
        data.write_memmap_regression(path, 30, 2, seed=2)
    monkeypatch.undo()
    assert listing(tmp_path) == ["r.npy"]
    opened = data.open_memmap_regression(path)
    assert opened.n_rows == 30 and opened.w_true is None


@pytest.mark.parametrize("where", ["r.npy", "r.npy.json"])
def test_a_directory_in_the_way_is_refused_before_writing(tmp_path, where):
    (tmp_path / where).mkdir()
    with pytest.raises(ValueError, match=r"^path must be a file path .*is a directory"):
        data.write_memmap_regression(tmp_path / "r.npy", 10, 2)
    assert listing(tmp_path) == [where]


# --- the readers refuse broken files -----------------------------------------------------------

GOOD = np.arange(15, dtype=np.float64).reshape(5, 3)


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


BROKEN = {
    # name: (file contents, what the message must say)
    "empty": (b"", r"must be a \.npy file, got '.*', which is empty"),
    "not numpy": (b"x,y\n1,2\n" * 20, r"must be a \.npy file .*header cannot be read"),
    "bad header": (npy_bytes(GOOD)[:10] + b"{garbage" + npy_bytes(GOOD)[18:],
                   r"must be a \.npy file .*header cannot be read"),
    "header only": (npy_bytes(GOOD)[:128],
                    r"must be a complete \.npy file, got '.*', which is shorter than its header "
                    r"says: .* make 248 bytes, the file has 128 \(was its writing interrupted\?\)"),
    "truncated": (npy_bytes(GOOD)[:-10], r"shorter than its header says: .* the file has 238"),
    "trailing bytes": (npy_bytes(GOOD) + b"xx", r"longer than its header says: .* has 250$"),
    "one column": (npy_bytes(GOOD[:, :1]), r"at least 2 columns, got '.*' holding shape \(5, 1\)"),
    "1-D": (npy_bytes(GOOD[0]), r"holding shape \(3,\)"),
    "complex": (npy_bytes(GOOD.astype(complex)),
                r"must hold real numbers \(a float or integer dtype\), got '.*' holding dtype "
                r"complex128"),
    "strings": (npy_bytes(GOOD.astype(str)), r"must hold real numbers .* dtype <U"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize(
    "name, read",
    [
        ("path", data.open_memmap_regression),
        ("path_or_memmap", lambda p: data.stream_batches(p, 2)),
    ],
)
def test_readers_refuse_a_broken_file_naming_it(tmp_path, case, name, read):
    contents, message = BROKEN[case]
    path = tmp_path / "broken.npy"
    path.write_bytes(contents)
    with pytest.raises(ValueError) as info:
        read(path)  # stream_batches checks when called, before the first batch is asked for
    text = str(info.value)
    assert text.startswith(f"{name} must "), text
    assert repr(str(path)) in text, text
    assert re.search(message, text), text


@pytest.mark.parametrize(
    "name, read",
    [
        ("path", data.open_memmap_regression),
        ("path_or_memmap", lambda p: data.stream_batches(p, 2)),
    ],
)
def test_readers_refuse_a_directory_naming_it(tmp_path, name, read):
    with pytest.raises(ValueError, match=rf"^{name} must be an existing file, got '.*', which "
                                         r"does not exist or is not a file$"):
        read(tmp_path)


def test_a_file_cut_short_after_opening_is_reported_while_streaming(tmp_path):
    source = data.write_memmap_regression(tmp_path / "r.npy", 100, 2, seed=0)
    batches = data.stream_batches(source, 32)
    next(batches)
    with open(source.path, "r+b") as f:
        f.truncate(source.offset + 40 * 3 * 4)
    with pytest.raises(ValueError, match=r"shorter than its header says: rows 32\.\.64"):
        next(batches)


def test_integer_files_still_open(tmp_path):
    path = tmp_path / "ints.npy"
    np.save(path, np.arange(12).reshape(4, 3))
    opened = data.open_memmap_regression(path)
    assert opened.n_features == 2 and opened.w_true is None
    assert [len(yb) for _, yb in data.stream_batches(path, 3)] == [3, 1]
