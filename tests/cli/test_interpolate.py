"""slerp / lerp by hand, the interpolation strip of any GAN with a latent,
and ``keras-gans sample --interpolate N`` (a plain GAN: one strip; a
StyleGAN: the strip in W, the truncation strip and the style-mixing
grid)."""

import numpy as np
import pytest
from PIL import Image

from keras_gans import GAN, cli, networks
from keras_gans.engine.gan import subseed
from keras_gans.networks.style import stylegan_networks
from keras_gans.training.declared_pictures import (interpolation_strip,
                                                   picture_path)
from keras_gans.utils.interpolation import lerp, slerp, steps
from keras_gans.variants import StyleGAN

SHAPE = (8, 8, 1)
LATENT = 4


# -- the math -------------------------------------------------------------------
def test_slerp_endpoints_are_the_two_latents():
    rng = np.random.RandomState(0)
    a, b = rng.normal(size=(3, 5)), rng.normal(size=(3, 5))
    np.testing.assert_array_equal(slerp(a, b, 0.0), a)
    np.testing.assert_array_equal(slerp(a, b, 1.0), b)
    path = slerp(a[:, None], b[:, None], steps(7)[None, :])   # (3, 7, 5)
    assert path.shape == (3, 7, 5)
    np.testing.assert_array_equal(path[:, 0], a)
    np.testing.assert_array_equal(path[:, -1], b)


def test_slerp_keeps_the_norm_of_equal_norm_endpoints():
    rng = np.random.RandomState(1)
    a, b = rng.normal(size=(4, 16)), rng.normal(size=(4, 16))
    b *= (np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1))[:, None]
    t = np.linspace(0, 1, 11)[None, :]
    path = slerp(a[:, None], b[:, None], t)
    norms = np.linalg.norm(path, axis=-1)
    np.testing.assert_allclose(norms, np.broadcast_to(
        np.linalg.norm(a, axis=1)[:, None], norms.shape), rtol=1e-5)
    # lerp cuts through the ball: shorter in the middle
    assert np.all(np.linalg.norm(lerp(a, b, 0.5), axis=-1) <
                  np.linalg.norm(a, axis=-1))


def test_slerp_by_hand_on_a_quarter_circle():
    """(1, 0) to (0, 1): the point at t is (cos(t pi/2), sin(t pi/2));
    lerp at 0.5 is (0.5, 0.5)."""
    a, b = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    for t in (0.25, 0.5, 0.9):
        np.testing.assert_allclose(slerp(a, b, t), [np.cos(t * np.pi / 2),
                                                    np.sin(t * np.pi / 2)],
                                   atol=1e-6)
    np.testing.assert_allclose(lerp(a, b, 0.5), [0.5, 0.5])
    # (nearly) parallel vectors: the limit, lerp
    np.testing.assert_allclose(slerp(a, 2 * a, 0.5), [1.5, 0.0])


def test_interpolation_refuses_bad_arguments():
    with pytest.raises(ValueError, match=r"same shape; received \(3,\) and "
                                         r"\(4,\)"):
        slerp(np.ones(3), np.ones(4), 0.5)
    with pytest.raises(ValueError, match="opposite latents"):
        slerp(np.array([1.0, 0.0]), np.array([-1.0, 0.0]), 0.5)
    with pytest.raises(ValueError, match="at least 2 steps.*received 1"):
        steps(1)


# -- strips and the command -------------------------------------------------------
def _plain_gan():
    return GAN(networks.dcgan_generator(SHAPE, LATENT, width=4),
               networks.dcgan_discriminator(SHAPE, width=4), seed=0)


def _style_gan():
    generator, discriminator = stylegan_networks(
        SHAPE, latent_dim=LATENT, width=4, mapping_layers=1)
    return StyleGAN(generator, discriminator, seed=0)


def test_interpolation_strip_runs_from_one_latent_to_another():
    gan = _plain_gan()
    images, nrow = interpolation_strip(gan, 5, rows=3, seed=2)
    assert images.shape == (15, *SHAPE) and nrow == 5
    a = gan.sample_generator_inputs(3, seed=2)["latent"]
    b = gan.random_normal((3, LATENT), seed=subseed(2, 101))
    np.testing.assert_allclose(images[::5], gan.generate_from(
        {"latent": a}), atol=1e-6)
    np.testing.assert_allclose(images[4::5], gan.generate_from(
        {"latent": b}), atol=1e-6)
    assert np.abs(images[1] - images[0]).max() > 0


def _size(path):
    with Image.open(path) as img:
        return img.size


def test_sample_interpolate_writes_a_strip_of_the_expected_size(tmp_path,
                                                                capsys):
    checkpoint = str(tmp_path / "plain.keras")
    _plain_gan().save(checkpoint)
    out = str(tmp_path / "strip.png")
    assert cli.main(["sample", checkpoint, "--interpolate", "6", "--out",
                     out, "--seed", "1"]) == 0
    assert capsys.readouterr().out.split() == [out]
    # 4 rows of 6 images of 8 pixels, 2-pixel padding, upscaled 2x
    assert _size(out) == (2 * (6 * 10 + 2), 2 * (4 * 10 + 2))
    assert cli.main(["sample", checkpoint, "--interpolate", "1", "--out",
                     str(tmp_path / "bad.png")]) == 2
    assert "at least 2 steps" in capsys.readouterr().err
    assert not (tmp_path / "bad.png").exists()


def test_sample_interpolate_writes_stylegan_pictures(tmp_path, capsys):
    checkpoint = str(tmp_path / "style.keras")
    _style_gan().save(checkpoint)
    out = str(tmp_path / "strip.png")
    assert cli.main(["sample", checkpoint, "--interpolate", "5", "--out",
                     out]) == 0
    written = capsys.readouterr().out.split()
    expected = [out, picture_path(out, "truncation"),
                picture_path(out, "style_mixing")]
    assert written == expected
    assert expected[1] == str(tmp_path / "strip_truncation.png")
    strip = (2 * (5 * 10 + 2), 2 * (4 * 10 + 2))
    assert _size(expected[0]) == strip     # lerp in W, 4 rows of 5
    assert _size(expected[1]) == strip     # psi 1 -> 0, 4 rows of 5
    # 4 row latents + a header row, 5 column latents + a header column
    assert _size(expected[2]) == (2 * (6 * 10 + 2), 2 * (5 * 10 + 2))
