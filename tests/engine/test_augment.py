"""DiffAugment: each transform checked against its definition, the
per-example probability, gradients through it, what the discriminator and
the loss terms see inside fit, serialisation, tf.distribute, the recipe and
CLI option and the errors."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from keras_gans import GAN, cli, networks, zoo
from keras_gans.engine.augment import DiffAugment
from keras_gans.networks import patchgan_discriminator, unet_generator
from keras_gans.variants import Pix2Pix

from conftest import small_mlp_gan

SHAPE = (8, 8, 1)
LATENT = 3


def small_gan(seed=0, shape=SHAPE, **compile_kwargs):
    return small_mlp_gan(shape, LATENT, seed, **compile_kwargs)


def images(n, seed=0, shape=SHAPE):
    return np.random.default_rng(seed).uniform(
        -1, 1, (n, *shape)).astype("float32")


def augmented(aug, gan, x, **extra):
    out = aug.transform_discriminator_inputs(
        gan, {"images": tf.constant(x), **extra})
    return {k: np.asarray(v) for k, v in out.items()}


def shifted(x, dy, dx):
    """``x`` (H, W, C) moved down by dy and right by dx, zero-filled."""
    out = np.zeros_like(x)
    h, w = x.shape[:2]
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        x[max(-dy, 0):h - max(dy, 0), max(-dx, 0):w - max(dx, 0)]
    return out


def test_translation_is_a_zero_filled_shift_within_the_range():
    gan = small_gan()
    x = images(48)
    y = augmented(DiffAugment("translation", translation=0.25), gan,
                  x)["images"]
    r = 2  # 0.25 of 8 pixels
    found = []
    for xi, yi in zip(x, y):
        matches = [(dy, dx) for dy in range(-r, r + 1)
                   for dx in range(-r, r + 1)
                   if np.allclose(shifted(xi, dy, dx), yi, atol=1e-6)]
        assert len(matches) == 1, "not a shift of at most 2 pixels"
        found.append(matches[0])
    # the shifts are drawn per example and cover the range
    assert len(set(found)) > 10
    assert {dy for dy, _ in found} == set(range(-r, r + 1))


def test_cutout_zeroes_one_square_of_the_given_side():
    gan = small_gan()
    x = np.ones((64, *SHAPE), np.float32)
    y = augmented(DiffAugment("cutout", cutout=0.5), gan, x)["images"]
    corners = set()
    for yi in y[..., 0]:
        assert set(np.unique(yi)) <= {0.0, 1.0}
        rows, cols = np.nonzero(yi == 0.0)
        assert len(rows) > 0
        top, bottom, left, right = rows.min(), rows.max(), cols.min(), \
            cols.max()
        # one filled rectangle, at most 4 x 4 (clipped at the borders)
        assert np.all(yi[top:bottom + 1, left:right + 1] == 0.0)
        assert len(rows) == (bottom - top + 1) * (right - left + 1)
        assert bottom - top + 1 <= 4 and right - left + 1 <= 4
        if 0 < top and bottom < 7 and 0 < left and right < 7:
            assert len(rows) == 16  # away from the border: the full square
        corners.add((top, left))
    assert len(corners) > 10  # a new place per example


def test_color_on_grey_images_is_a_per_example_affine_map():
    gan = small_gan()
    x = images(16)
    y = augmented(DiffAugment("color"), gan, x)["images"]
    slopes = []
    for xi, yi in zip(x.reshape(16, -1), y.reshape(16, -1)):
        a, b = np.polyfit(xi, yi, 1)
        np.testing.assert_allclose(a * xi + b, yi, atol=1e-5)
        slopes.append(a)
    # saturation leaves one channel alone; contrast scales by [0.5, 1.5)
    assert min(slopes) >= 0.5 - 1e-5 and max(slopes) < 1.5
    assert np.std(slopes) > 0.05


def test_color_saturation_moves_colour_channels_about_their_mean():
    gan = small_gan(shape=(8, 8, 3))
    x = images(16, shape=(8, 8, 3))
    y = augmented(DiffAugment("color"), gan, x)["images"]
    # every transform keeps the spread between the channels proportional:
    # (y_c - mean_c y) = s * k * (x_c - mean_c x) per example
    dx = x - x.mean(-1, keepdims=True)
    dy = y - y.mean(-1, keepdims=True)
    ratio = (dy * dx).sum(axis=(1, 2, 3)) / (dx * dx).sum(axis=(1, 2, 3))
    np.testing.assert_allclose(dy, ratio[:, None, None, None] * dx,
                               atol=1e-4)
    assert ratio.min() >= 0.0 and ratio.max() < 3.0 and ratio.std() > 0.1


def test_probability_leaves_the_other_examples_untouched():
    gan = small_gan()
    x = images(400)
    y = augmented(DiffAugment("translation", probability=0.5), gan,
                  x)["images"]
    same = np.all(np.isclose(x, y), axis=(1, 2, 3)).mean()
    # half are left alone, and a drawn shift of (0, 0) changes nothing
    # either (1 in 9 here): about 0.5 + 0.5 / 9
    assert 0.45 < same < 0.67
    y1 = augmented(DiffAugment("translation"), gan, x)["images"]
    assert np.all(np.isclose(x, y1), axis=(1, 2, 3)).mean() < 0.25


def test_gradients_flow_through_every_transform():
    gan = small_gan()
    aug = DiffAugment("color,translation,cutout")
    x = tf.constant(images(8))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = aug.transform_discriminator_inputs(gan, {"images": x})["images"]
        total = tf.reduce_sum(y * y)
    grad = tape.gradient(total, x).numpy()
    assert np.all(np.isfinite(grad))
    assert np.count_nonzero(grad) > 0.2 * grad.size
    # translation + cutout alone: d sum(y) / dx is 1 where a pixel survives
    aug = DiffAugment("translation,cutout")
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = aug.transform_discriminator_inputs(gan, {"images": x})["images"]
        total = tf.reduce_sum(y)
    grad = tape.gradient(total, x).numpy()
    assert set(np.unique(grad)) <= {0.0, 1.0}
    assert np.sum(grad) == np.count_nonzero(y)


def test_every_discriminator_input_is_augmented_inside_fit():
    seen = []

    class Recording(GAN):
        def discriminate(self, batch, training=False):
            seen.append(np.array(batch["images"]))
            return super().discriminate(batch, training)

    keras.utils.set_random_seed(0)
    z = keras.Input((LATENT,))
    g = keras.Model(z, layers.Reshape(SHAPE)(layers.Dense(
        64, kernel_initializer="zeros", bias_initializer="ones")(z)))
    gan = Recording(g, networks.mlp_discriminator(SHAPE, units=8), seed=0)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0),
                penalties=[DiffAugment("cutout")], run_eagerly=True)
    gan.fit(np.ones((32, *SHAPE), np.float32), batch_size=16, epochs=1,
            verbose=0)
    assert len(seen) == 2 * 3  # real and fake per D step, fake per G step
    for x in seen:  # ones everywhere but a hole in each image
        holes = (x == 0.0).sum(axis=(1, 2, 3))
        assert np.all(holes > 0) and np.all(holes <= 16)
        assert np.all((x == 0.0) | (x == 1.0))


def test_training_with_it_moves_the_weights_and_round_trips(tmp_path):
    aug = DiffAugment("color,translation", probability=0.6,
                      translation=0.25)
    gan = small_gan(penalties=[aug], loss="non_saturating")
    before = [w.copy() for w in gan.generator.get_weights()]
    history = gan.fit(images(64), batch_size=16, epochs=2, verbose=0)
    assert np.all(np.isfinite(history.history["d_loss"]))
    assert any(not np.allclose(a, b) for a, b in
               zip(before, gan.generator.get_weights()))
    # no loss term (weight 0); the metric is the probability
    assert history.history["augment_p"] == pytest.approx([0.6, 0.6])
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    (back,) = loaded.penalties
    assert type(back) is DiffAugment and repr(back) == repr(aug)
    assert back.policy == ("color", "translation")


def test_pix2pix_moves_the_pair_together_and_keeps_its_l1_unaugmented():
    side = 16
    keras.utils.set_random_seed(0)
    gan = Pix2Pix(unet_generator((side, side, 1), width=4,
                                 dropout_blocks=1),
                  patchgan_discriminator((side, side, 1), width=4,
                                         num_layers=1), seed=0)
    gan.compile(penalties=[DiffAugment("translation,cutout")])
    x = images(6, shape=(side, side, 1))
    out = augmented(gan.penalties[0], gan, -x, image=tf.constant(x))
    # the condition and the candidate got the same shift and hole
    np.testing.assert_allclose(out["image"], -out["images"], atol=1e-6)
    assert not np.allclose(out["image"], x)
    real = {"image": tf.constant(x), "images": tf.constant(-x)}
    fake = gan.fake_batch(real)
    _, logs = gan.generator_loss(real, fake)
    expected = 100.0 * np.abs(np.asarray(fake["images"]) + x).mean()
    np.testing.assert_allclose(float(logs["l1"]), expected, rtol=1e-4)


def test_under_a_mirrored_strategy(two_cpu_strategy):
    with two_cpu_strategy.scope():
        gan = small_gan(penalties=[DiffAugment()])
    history = gan.fit(images(32), batch_size=16, epochs=1, verbose=0)
    assert np.all(np.isfinite(history.history["d_loss"]))
    assert np.all(np.isfinite(history.history["g_loss"]))


def test_argument_errors_say_what_was_received():
    for policy in ("blur", "", "translation,translation", ["cutout", "x"]):
        with pytest.raises(ValueError, match="color.*translation.*cutout"):
            DiffAugment(policy)
    with pytest.raises(ValueError, match=r"probability must be in \(0.0, "
                       r"1.0\]; received 1.5"):
        DiffAugment(probability=1.5)
    with pytest.raises(ValueError, match="translation must be in"):
        DiffAugment(translation=0.75)
    with pytest.raises(ValueError, match="cutout must be a number"):
        DiffAugment(cutout="half")
    # a GAN of 2-D points has no images to move
    points = GAN(networks.point_generator(latent_dim=LATENT, units=4),
                 networks.point_discriminator(units=4), seed=0)
    with pytest.raises(ValueError, match=r"\(height, width, channels\).*"
                       r"GAN declares \{'images': \(2,\)\}"):
        points.compile(penalties=[DiffAugment()])


def test_recipe_option_and_cli(tmp_path, capsys):
    gan = zoo.get("dcgan").build(width=8, compile=True,
                                 augment="translation,cutout")
    assert isinstance(gan.penalties[-1], DiffAugment)
    assert gan.penalties[-1].policy == ("translation", "cutout")
    with pytest.raises(ValueError, match="augment must be a DiffAugment "
                       "policy.*received 3"):
        zoo.get("dcgan").build(width=8, compile=True, augment=3)
    out = tmp_path / "run"
    code = cli.main(["train", "dcgan", "--augment", "blur", "--out",
                     str(out), "--epochs", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1, err
    assert "--augment" in err[0] and "received 'blur'" in err[0] and \
        "translation" in err[0]
    assert not out.exists()
