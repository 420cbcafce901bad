"""The built-in 2-D mixtures: their modes, seeded draws and tf.data."""

import numpy as np
import pytest

from keras_gans import data


def test_ring8_has_eight_distinct_modes_on_the_circle():
    ring = data.get_mixture("ring8")
    assert ring.centres.shape == (8, 2)
    np.testing.assert_allclose(np.hypot(*ring.centres.T), 2.0)
    angles = np.sort(np.mod(np.arctan2(ring.centres[:, 1],
                                       ring.centres[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 8)  # distinct
    assert ring.std == 0.02


def test_grid25_is_a_five_by_five_grid():
    grid = data.get_mixture("grid25")
    assert grid.centres.shape == (25, 2)
    assert sorted(set(grid.centres[:, 0])) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert len({tuple(c) for c in grid.centres}) == 25
    assert grid.std == 0.05


def test_draws_are_seeded_and_spread_around_their_modes():
    ring = data.get_mixture("ring8")
    a, idx = ring.sample(4000, seed=3)
    b, _ = ring.sample(4000, seed=3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, ring.sample(4000, seed=4)[0])
    assert a.dtype == np.float32 and a.shape == (4000, 2)
    offsets = a - ring.centres[idx]
    assert np.std(offsets) == pytest.approx(0.02, rel=0.05)
    assert np.all(np.bincount(idx, minlength=8) > 400)   # equal weights


def test_load_mixture_gives_full_shuffled_batches():
    ds = data.load_mixture("grid25", batch_size=64, num_samples=640, seed=1)
    batches = [np.asarray(b) for b in ds]
    assert len(batches) == 10
    assert all(b.shape == (64, 2) for b in batches)
    first = np.concatenate(batches)
    second = np.concatenate([np.asarray(b) for b in ds])
    assert not np.array_equal(first, second)       # reshuffled per epoch
    np.testing.assert_allclose(np.sort(first, 0), np.sort(second, 0))


def test_unknown_mixture_and_bad_sizes_are_explained():
    with pytest.raises(ValueError, match=r"Unknown 2-D mixture 'ring9'.*"
                                         r"\['grid25', 'ring8'\]"):
        data.get_mixture("ring9")
    with pytest.raises(ValueError, match="no full batch"):
        data.load_mixture("ring8", batch_size=512, num_samples=100)
    with pytest.raises(ValueError, match="positive integer"):
        data.sample_mixture("ring8", 0)
