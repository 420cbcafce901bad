"""The progressive networks: shapes at every resolution and stage, layer
names carried over by replace_networks, and the fade-in's two ends."""

import keras
import numpy as np
import pytest

from keras_gans import GAN
from keras_gans.layers import FadeIn
from keras_gans.networks import progressive as prog

LATENT = 6


def _nets(shape, r, stage="stable", width=4):
    return prog.progressive_networks(shape, latent_dim=LATENT, width=width,
                                     resolution=r, stage=stage)


@pytest.mark.parametrize("shape", [(32, 32, 3), (28, 28, 1)])
def test_shapes_at_every_resolution_and_stage(shape):
    assert prog.resolutions(shape) == [4, 8, 16, 32]
    z = np.random.default_rng(0).normal(size=(3, LATENT)).astype("float32")
    for r in prog.resolutions(shape):
        for stage in (["stable"] if r == 4 else ["stable", "fade_in"]):
            g, d = _nets(shape, r, stage)
            side = shape[0] if r == 32 else r   # the last one: image_shape
            expected = (side, side, shape[-1])
            assert tuple(g.output.shape[1:]) == expected, (r, stage)
            assert tuple(d.input.shape[1:]) == expected, (r, stage)
            images = np.asarray(g(z))
            assert images.shape == (3,) + expected
            assert np.all(np.abs(images) <= 1)   # tanh output
            assert np.asarray(d(images)).shape == (3, 1)
            fades = [l for l in g.layers + d.layers if isinstance(l, FadeIn)]
            assert len(fades) == (2 if stage == "fade_in" else 0)


def test_channels_width_knob_and_errors():
    assert [prog.channels_at(r, 64) for r in (4, 8, 16, 32, 64)] == [
        64, 64, 64, 32, 16]
    assert prog.canvas_side((28, 28, 1)) == 32
    assert prog.resolutions((8, 8, 1)) == [4, 8]
    g, _ = _nets((32, 32, 1), 32, width=8)
    assert g.get_layer("g32_conv1").kernel.shape == (3, 3, 8, 4)
    with pytest.raises(ValueError, match=r"resolution must be one of \[4, 8, "
                                         r"16, 32\].*received 12"):
        _nets((32, 32, 1), 12)
    with pytest.raises(ValueError, match="4x4 is the first resolution"):
        _nets((32, 32, 1), 4, "fade_in")
    with pytest.raises(ValueError, match="stage must be one of"):
        _nets((32, 32, 1), 8, "grow")
    with pytest.raises(ValueError, match="square"):
        _nets((32, 16, 1), 8)


def _weights(model, name):
    return [np.array(w) for w in model.get_layer(name).weights]


def test_replace_networks_carries_the_learnt_blocks_over():
    keras.utils.set_random_seed(0)
    shape = (16, 16, 1)
    gan = GAN(*_nets(shape, 8), seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3), loss="wasserstein")
    before_g = {n: _weights(gan.generator, n) for n in
                ("g4_dense", "g4_conv", "g8_conv1", "g8_conv2", "g8_to_rgb")}
    before_d = {n: _weights(gan.discriminator, n) for n in
                ("d8_from_rgb", "d8_conv1", "d8_conv2", "d4_conv",
                 "d4_dense", "d4_out")}
    kept = gan.replace_networks(*_nets(shape, 16, "fade_in"))
    assert sorted(kept) == sorted(list(before_g) + list(before_d))
    for role, before in (("generator", before_g),
                         ("discriminator", before_d)):
        net = getattr(gan, role)
        for name, values in before.items():
            for old, new in zip(values, _weights(net, name)):
                np.testing.assert_array_equal(old, new)
    # fade-in -> stable at 16: the new blocks are kept, the 8x8 RGB ones go
    kept = gan.replace_networks(*_nets(shape, 16, "stable"))
    assert {"g16_conv1", "g16_conv2", "g16_to_rgb", "d16_from_rgb",
            "d16_conv1", "d16_conv2", "g8_conv1", "d8_conv1"} <= set(kept)
    assert "g8_to_rgb" not in kept and "d8_from_rgb" not in kept
    assert gan.generator_outputs() == {"images": (16, 16, 1)}


def test_fade_in_ends_equal_the_old_and_the_new_networks():
    """With the 8x8 weights carried over, the 16x16 fade-in generator at
    alpha 0 makes the upsampled 8x8 images and at alpha 1 the stable
    16x16 generator's; the critic at alpha 0 scores the 2x2-average-pooled
    image as the 8x8 critic does."""
    keras.utils.set_random_seed(1)
    shape = (16, 16, 1)
    g8, d8 = _nets(shape, 8)
    g16f, d16f = _nets(shape, 16, "fade_in")
    g16, d16 = _nets(shape, 16, "stable")
    gan = GAN(g8, d8, seed=0)
    gan.replace_networks(g16f, d16f)
    GAN(g16f, d16f, seed=0).replace_networks(g16, d16)
    z = np.random.default_rng(2).normal(size=(4, LATENT)).astype("float32")
    x = np.random.default_rng(3).uniform(-1, 1, (4, 16, 16, 1)).astype(
        "float32")
    fade_g, fade_d = g16f.get_layer("g_fade"), d16f.get_layer("d_fade")

    fade_g.set_alpha(0.0)
    fade_d.set_alpha(0.0)
    up = np.repeat(np.repeat(np.asarray(g8(z)), 2, axis=1), 2, axis=2)
    np.testing.assert_allclose(np.asarray(g16f(z)), up, atol=1e-6)
    pooled = x.reshape(4, 8, 2, 8, 2, 1).mean(axis=(2, 4))
    np.testing.assert_allclose(np.asarray(d16f(x)), np.asarray(d8(pooled)),
                               rtol=1e-5, atol=1e-6)

    fade_g.set_alpha(1.0)
    fade_d.set_alpha(1.0)
    np.testing.assert_allclose(np.asarray(g16f(z)), np.asarray(g16(z)),
                               atol=1e-6)
    np.testing.assert_allclose(np.asarray(d16f(x)), np.asarray(d16(x)),
                               rtol=1e-5, atol=1e-6)
    fade_g.set_alpha(0.5)   # in between: neither end
    assert not np.allclose(np.asarray(g16f(z)), up, atol=1e-4)


def test_padded_target_crops_and_pads_with_black():
    """A 28x28 target: the 32x32 generator crops 2 pixels a side, the
    critic pads its input back with -1, so a 28x28 image scores as its
    -1-padded 32x32 canvas would in a 32x32 critic with the same weights."""
    keras.utils.set_random_seed(4)
    g, d28 = _nets((28, 28, 1), 32)
    _, d32 = _nets((32, 32, 1), 32)
    GAN(g, d28, seed=0).replace_networks(discriminator=d32)
    assert g.get_layer("g_crop") is not None
    x = np.random.default_rng(5).uniform(-1, 1, (4, 28, 28, 1)).astype(
        "float32")
    canvas = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)), constant_values=-1)
    np.testing.assert_allclose(np.asarray(d28(x)), np.asarray(d32(canvas)),
                               rtol=1e-5, atol=1e-6)
