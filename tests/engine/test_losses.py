"""Adversarial losses against hand-computed values."""

import math

import numpy as np
import pytest

from keras_gans.engine import losses

R = np.array([2.0, -1.0, 0.5], np.float32)  # D output on real
F = np.array([-3.0, 0.0, 1.5], np.float32)  # D output on fake


def softplus(x):
    return np.log1p(np.exp(x))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_non_saturating_matches_cross_entropy():
    loss = losses.NonSaturating()
    d = -np.mean(np.log(sigmoid(R))) - np.mean(np.log(1 - sigmoid(F)))
    g = -np.mean(np.log(sigmoid(F)))
    assert float(loss.discriminator_loss(R, F)) == pytest.approx(d, rel=1e-5)
    assert float(loss.generator_loss(F)) == pytest.approx(g, rel=1e-5)


def test_minimax_generator_is_log_one_minus_d():
    loss = losses.Minimax()
    g = np.mean(np.log(1 - sigmoid(F)))
    assert float(loss.generator_loss(F)) == pytest.approx(g, rel=1e-5)
    # same discriminator loss as the non-saturating variant
    assert float(loss.discriminator_loss(R, F)) == pytest.approx(
        float(losses.NonSaturating().discriminator_loss(R, F)), rel=1e-6)


def test_cross_entropy_is_stable_for_large_logits():
    big = np.array([80.0, -80.0], np.float32)
    for loss in (losses.NonSaturating(), losses.Minimax()):
        value = loss.discriminator_loss(big, -big)
        assert np.isfinite(float(value))
    # -log sigmoid(-80) = 80 (to float precision), not inf
    assert float(losses.NonSaturating().generator_loss(
        np.array([-80.0], np.float32))) == pytest.approx(80.0, rel=1e-5)


def test_label_smoothing_changes_only_the_real_term():
    plain, smooth = losses.NonSaturating(), losses.NonSaturating(0.1)
    r0, f0 = plain.per_example_discriminator(R, F)
    r1, f1 = smooth.per_example_discriminator(R, F)
    np.testing.assert_allclose(np.asarray(f0), np.asarray(f1), rtol=1e-6)
    expected = 0.9 * softplus(-R) + 0.1 * softplus(R)
    np.testing.assert_allclose(np.asarray(r1), expected, rtol=1e-5)
    assert not np.allclose(np.asarray(r0), np.asarray(r1))
    # the generator loss ignores smoothing
    assert float(smooth.generator_loss(F)) == pytest.approx(
        float(plain.generator_loss(F)), rel=1e-6)


def test_least_squares_closed_form():
    loss = losses.LeastSquares()
    d = 0.5 * np.mean((R - 1) ** 2) + 0.5 * np.mean(F ** 2)
    g = 0.5 * np.mean((F - 1) ** 2)
    assert float(loss.discriminator_loss(R, F)) == pytest.approx(d, rel=1e-6)
    assert float(loss.generator_loss(F)) == pytest.approx(g, rel=1e-6)
    custom = losses.LeastSquares(a=-1, b=1, c=0)
    assert float(custom.generator_loss(F)) == pytest.approx(
        0.5 * np.mean(F ** 2), rel=1e-6)


def test_wasserstein_and_hinge_closed_forms():
    w = losses.Wasserstein()
    assert float(w.discriminator_loss(R, F)) == pytest.approx(
        np.mean(F) - np.mean(R), rel=1e-6)
    assert float(w.generator_loss(F)) == pytest.approx(-np.mean(F), rel=1e-6)
    h = losses.Hinge()
    d = np.mean(np.maximum(0, 1 - R)) + np.mean(np.maximum(0, 1 + F))
    assert float(h.discriminator_loss(R, F)) == pytest.approx(d, rel=1e-6)
    assert float(h.generator_loss(F)) == pytest.approx(-np.mean(F), rel=1e-6)


@pytest.mark.parametrize("name", losses.available())
def test_output_shapes_are_equivalent(name):
    loss = losses.get(name)
    flat = loss.discriminator_loss(R, F)
    column = loss.discriminator_loss(R[:, None], F[:, None])
    assert float(flat) == pytest.approx(float(column), rel=1e-6)
    # a patch output whose every cell equals the scalar gives the same value
    patch_r = np.tile(R[:, None, None, None], (1, 3, 2, 1))
    patch_f = np.tile(F[:, None, None, None], (1, 3, 2, 1))
    assert float(loss.discriminator_loss(patch_r, patch_f)) == pytest.approx(
        float(flat), rel=1e-5)
    per_example = loss.per_example_generator(patch_f)
    assert tuple(per_example.shape) == (3,)


def test_patch_losses_average_cells():
    patch = np.zeros((2, 2, 2, 1), np.float32)
    patch[0, 0, 0, 0] = 4.0  # one cell of example 0
    values = np.asarray(losses.Wasserstein().per_example_generator(patch))
    np.testing.assert_allclose(values, [-1.0, 0.0])


def test_get_by_name_alias_and_config():
    assert isinstance(losses.get("non-saturating"), losses.NonSaturating)
    assert isinstance(losses.get("saturating"), losses.Minimax)
    smooth = losses.get({"name": "non_saturating", "label_smoothing": 0.2})
    assert smooth.label_smoothing == 0.2
    assert losses.get(losses.serialize(smooth)).label_smoothing == 0.2
    assert losses.get("hinge").summary(np.array([3.0])).shape == (1,)
    assert math.isclose(float(losses.get("minimax").summary(
        np.array([0.0]))[0]), 0.5)


def test_unknown_loss_names_the_choices():
    with pytest.raises(ValueError, match="Unknown adversarial loss 'wgangp'"
                       ".*hinge.*least_squares"):
        losses.get("wgangp")


def test_bad_label_smoothing_and_scalar_output():
    with pytest.raises(ValueError, match="label_smoothing must be in"):
        losses.NonSaturating(1.5)
    with pytest.raises(ValueError, match="batch axis"):
        losses.Hinge().generator_loss(np.float32(1.0))
