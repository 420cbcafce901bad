"""Metrics of image-to-image generators on held-out pairs: L1, PSNR and
SSIM against closed forms, and evaluate_translation on a GAN and on its
export, which declare their image input (FID with the cheap stand-in
Inception network of conftest)."""

import keras
import numpy as np
import pytest

from keras_gans import GAN, export
from keras_gans.metrics import translation
from keras_gans.networks import (dcgan_discriminator, dcgan_generator,
                                 patchgan_discriminator, unet_generator)
from keras_gans.utils.images import to_uint8
from keras_gans.variants import Pix2Pix

SIDE = 16


def _images(n, seed=0, side=SIDE):
    return np.random.default_rng(seed).uniform(
        -1, 1, (n, side, side, 1)).astype("float32")


def test_l1_psnr_ssim_match_their_closed_forms():
    a, b = _images(4), _images(4, seed=1)
    np.testing.assert_allclose(translation.l1_distance(a, b),
                               np.abs(a - b).mean(axis=(1, 2, 3)), rtol=1e-6)
    np.testing.assert_allclose(
        translation.l1_distance(np.full_like(a, 0.5), np.full_like(a, -0.5)),
        [1.0] * 4)
    pa, pb = to_uint8(a).astype(np.float64), to_uint8(b).astype(np.float64)
    mse = ((pa - pb) ** 2).mean(axis=(1, 2, 3))
    np.testing.assert_allclose(translation.psnr(a, b),
                               10 * np.log10(255.0 ** 2 / mse), rtol=1e-4)
    assert np.all(np.isinf(translation.psnr(a, a)))
    np.testing.assert_allclose(translation.ssim(a, a), 1.0, atol=1e-6)
    assert np.all(translation.ssim(a, b) < 0.2)  # independent noise
    assert translation.ssim_filter_size((32, 32)) == 11
    assert translation.ssim_filter_size((8, 8)) == 8
    assert translation.ssim(_images(2, side=8), _images(2, side=8)).shape \
        == (2,)
    with pytest.raises(ValueError, match="one shape"):
        translation.l1_distance(a, b[:2])


def _pix2pix():
    keras.utils.set_random_seed(0)
    return Pix2Pix(unet_generator((SIDE, SIDE, 1), width=2),
                   patchgan_discriminator((SIDE, SIDE, 1), width=2,
                                          num_layers=1), seed=0)


def test_evaluate_translation_of_a_gan_and_of_its_export(fake, tmp_path):
    gan = _pix2pix()
    x, y = _images(20), _images(20, seed=4)
    result = translation.evaluate_translation(
        gan, pairs=(x, y), num_samples=12, progress=False, split="test")
    assert set(result) == {"l1", "psnr", "psnr_exact", "ssim", "fid",
                           "protocol"}
    out = gan.generate(12, image=x[:12])
    assert result["l1"] == pytest.approx(float(np.abs(out - y[:12]).mean()),
                                         rel=1e-5)
    assert result["psnr"] == pytest.approx(
        float(translation.psnr(out, y[:12]).mean()), rel=1e-5)
    assert result["ssim"] == pytest.approx(
        float(translation.ssim(out, y[:12]).mean()), rel=1e-5, abs=1e-6)
    assert np.isfinite(result["fid"]) and result["fid"] >= 0
    protocol = result["protocol"]
    assert protocol["num_pairs"] == 12 and protocol["fid"]["num_pairs"] == 12
    assert protocol["input"]["kind"] == "image"
    # the export declares the same input: the same numbers
    path = export.save_generator(gan, tmp_path / "p2p")
    again = translation.evaluate_translation(
        path, pairs=(x, y), num_samples=12, progress=False,
        metrics="l1,psnr,ssim")
    for key in ("l1", "psnr", "ssim"):
        assert again[key] == pytest.approx(result[key], rel=1e-4, abs=1e-6)
    assert "fid" not in again
    # FID on fewer pairs than the rest
    fewer = translation.evaluate_translation(
        gan, pairs=(x, y), num_samples=12, fid_num_samples=6,
        metrics=("l1", "fid"), progress=False)
    assert fewer["protocol"]["fid"]["num_pairs"] == 6


def test_only_declared_image_inputs_make_a_translator(tmp_path):
    gan = _pix2pix()
    assert translation.image_input_of(gan)[1].name == "image"
    plain = GAN(dcgan_generator((16, 16, 1), 4, width=4),
                dcgan_discriminator((16, 16, 1), width=4), seed=0)
    assert translation.image_input_of(plain) == (plain, None)
    with pytest.raises(ValueError, match="not an image-to-image generator"):
        translation.load_translator(plain)
    with pytest.raises(ValueError, match="evaluated with"):
        translation.evaluate_translation(gan, pairs=(_images(4), _images(4)),
                                         metrics=("kid",), progress=False)
    with pytest.raises(ValueError, match=r"\(8, 8, 1\), but .* takes "
                       r"\(16, 16, 1\)"):
        translation.evaluate_translation(
            gan, pairs=(_images(4, side=8), _images(4, side=8)),
            metrics=("l1",), progress=False)
    with pytest.raises(ValueError, match="holds 4 pairs; 10 were requested"):
        translation.evaluate_translation(
            gan, pairs=(_images(4), _images(4)), num_samples=10,
            metrics=("l1",), progress=False)
