"""Mode coverage (VEEGAN / PacGAN protocol) on hand-made samples."""

import numpy as np
import pytest

from keras_gans.data import get_mixture
from keras_gans.metrics.modes import mode_metrics, nearest_modes

CENTRES = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])


def test_all_samples_on_one_mode_cover_one_mode():
    samples = np.zeros((50, 2)) + [10.0, 0.0]
    m = mode_metrics(samples, CENTRES, std=0.1)
    assert m["modes_covered"] == 1
    assert m["num_modes"] == 3
    assert m["high_quality"] == 1.0
    assert m["samples_per_mode"] == [0, 50, 0]


def test_samples_far_from_every_mode_are_not_high_quality():
    samples = np.full((40, 2), 5.0)
    m = mode_metrics(samples, CENTRES, std=0.1)
    assert m["high_quality"] == 0.0
    assert m["modes_covered"] == 0


def test_the_three_std_boundary_and_nearest_mode():
    # distances 0.29 and 0.31 from mode 0 with std 0.1: in, then out
    samples = np.array([[0.29, 0.0], [0.0, 0.31], [9.0, 0.0]])
    idx, dist = nearest_modes(samples, CENTRES)
    assert list(idx) == [0, 0, 1]
    np.testing.assert_allclose(dist, [0.29, 0.31, 1.0])
    m = mode_metrics(samples, CENTRES, std=0.1)
    assert m["high_quality"] == pytest.approx(1 / 3)
    assert m["samples_per_mode"] == [1, 0, 0]


@pytest.mark.parametrize("name,modes", [("ring8", 8), ("grid25", 25)])
def test_samples_of_the_mixture_itself_cover_every_mode(name, modes):
    """Real samples: every mode covered; the share within 3 std of a 2-D
    isotropic Gaussian is 1 - exp(-4.5) = 0.9889."""
    mixture = get_mixture(name)
    m = mixture.evaluate(mixture.sample(2500, seed=0)[0])
    assert m["modes_covered"] == modes
    assert m["high_quality"] == pytest.approx(1 - np.exp(-4.5), abs=0.01)


def test_bad_samples_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="NaN or infinite"):
        mode_metrics([[np.nan, 0.0]], CENTRES, std=0.1)
    with pytest.raises(ValueError, match="samples are 3-D"):
        mode_metrics(np.zeros((4, 3)), CENTRES, std=0.1)
    with pytest.raises(ValueError, match=r"\(N, D\) array.*\(4,\)"):
        mode_metrics(np.zeros(4), CENTRES, std=0.1)
    with pytest.raises(ValueError, match="std must be a positive"):
        mode_metrics(np.zeros((4, 2)), CENTRES, std=0)
