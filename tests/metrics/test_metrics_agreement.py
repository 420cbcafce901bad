"""The two-domain agreement (math on hand-made arrays) and the evaluation of
generators declaring two outputs: each domain against its own reference."""

import json

import keras
import numpy as np
import pytest

from keras_gans import export, metrics
from keras_gans.cli.main import main as cli_main
from keras_gans.metrics.agreement import agreement, per_example_agreement
from keras_gans.metrics.evaluate import _seeded_chunks
from keras_gans.networks.cogan import cogan_discriminator, cogan_generator
from keras_gans.variants import CoGAN

SHAPE = (28, 28, 1)


def test_agreement_on_hand_made_images():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (4, 5, 5, 1))
    assert agreement(x, x) == 1.0
    ones = np.ones((2, 3, 3, 1))
    assert agreement(ones, -ones) == 0.0  # every pixel opposite
    assert agreement(0.5 * ones, -0.5 * ones) == pytest.approx(0.5)
    # a domain-b generator copying domain a instead of negating it
    assert agreement(x, -x) == pytest.approx(1.0 - np.mean(np.abs(x)))
    # binary images: the share of agreeing pixels
    b = np.ones((1, 2, 2, 1))
    t = b.copy()
    t[0, 0, 0, 0] = -1.0
    assert agreement(b, t) == pytest.approx(0.75)
    per = per_example_agreement(np.stack([b[0], b[0]]),
                                np.stack([t[0], b[0]]))
    np.testing.assert_allclose(per, [0.75, 1.0])


def test_agreement_refuses_bad_input():
    x = np.zeros((2, 4, 4, 1), np.float32)
    bad = x.copy()
    bad[1, 2, 2, 0] = np.nan
    with pytest.raises(ValueError, match="images_b holds 1 NaN"):
        agreement(bad, x)
    with pytest.raises(ValueError, match=r"same shape.*\(2, 4, 4, 1\) and "
                       r"transformed_a \(2, 4, 4, 3\)"):
        agreement(x, np.zeros((2, 4, 4, 3)))
    with pytest.raises(ValueError, match=r"\(N, H, W, C\).*shape \(4, 4\)"):
        agreement(x[0, ..., 0], x[0, ..., 0])
    with pytest.raises(ValueError, match=r"in \[-1, 1\]; images_b has "
                       r"values in \[0, 255\]"):
        agreement(np.linspace(0, 255, 4).reshape(1, 2, 2, 1), x[:1, :2, :2])
    with pytest.raises(ValueError, match="dtype bool"):
        agreement(x > 0, x)


def _negating_gan():
    """A coupled generator whose domain b is exactly the negative of a."""
    keras.utils.set_random_seed(0)
    trunk = cogan_generator(SHAPE, 4, width=2)
    z = keras.Input((4,), name="latent")
    a = trunk(z)["images_a"]
    b = keras.layers.Rescaling(-1.0, name="negate")(a)
    g = keras.Model(z, {"images_a": a, "images_b": b})
    return CoGAN(g, cogan_discriminator(SHAPE, width=2), seed=0)


def _cogan():
    keras.utils.set_random_seed(1)
    return CoGAN(cogan_generator(SHAPE, 4, width=2),
                 cogan_discriminator(SHAPE, width=2), seed=0)


def test_evaluate_measures_each_domain_and_their_agreement(fake, tmp_path,
                                                           capsys):
    gan = _cogan()
    result = metrics.evaluate(gan, "domains:fashion_mnist:negative",
                              metrics=("fid", "kid", "agreement"),
                              num_samples=20, progress=False)
    for key in ("fid_images_a", "fid_images_b", "kid_images_a",
                "kid_images_b"):
        assert np.isfinite(result[key]), key
    protocol = result["protocol"]
    assert protocol["outputs"] == ["images_a", "images_b"]
    assert protocol["domains"]["images_b"]["transform"] == "negative"
    assert protocol["domains"]["images_a"]["protocol"]["reference"][
        "dataset"] == "fashion_mnist"
    # the agreement of the very images the FIDs saw: G_b vs -G_a
    (_, n, chunk_seed), = _seeded_chunks(20, 0, 500)
    both = gan.generate(n, seed=chunk_seed, output="all")
    assert result["agreement"] == pytest.approx(
        agreement(both["images_b"], -both["images_a"]))
    # domain a is scored like any generator's images on the named dataset
    alone = metrics.evaluate(both["images_a"], "fashion_mnist",
                             metrics=("fid",), num_samples=20,
                             progress=False)
    assert result["fid_images_a"] == pytest.approx(alone["fid"])
    assert result["fid"] == result["fid_images_a"]  # the main output's
    # domain b against the negatives of the same 20 test images
    from keras_gans.data import domains
    from keras_gans.metrics.evaluate import _subset_indices

    reference = domains.reference_arrays(
        "fashion_mnist", "negative", "test", _subset_indices(10_000, 20))
    alone_b = metrics.evaluate(both["images_b"], reference, metrics=("fid",),
                               num_samples=20, progress=False)
    assert result["fid_images_b"] == pytest.approx(alone_b["fid"])

    # a perfectly corresponding pair of generators scores 1.0
    perfect = _negating_gan()
    assert metrics.evaluate(perfect, "domains:fashion_mnist:negative",
                            metrics=("agreement",), num_samples=8,
                            progress=False)["agreement"] == pytest.approx(1.0)

    # the exported SavedModel draws the same images: same agreement
    path = export.save_generator(gan, tmp_path / "exp", verify=False)
    exported = metrics.evaluate(path, "domains:fashion_mnist:negative",
                                metrics=("agreement",), num_samples=20,
                                progress=False)
    assert exported["agreement"] == pytest.approx(result["agreement"],
                                                  abs=1e-6)

    # and from the shell, on the .keras file
    gan.save(tmp_path / "m.keras")
    assert cli_main(["evaluate", str(tmp_path / "m.keras"), "--dataset",
                     "domains:fashion_mnist:negative", "--metrics",
                     "fid,agreement", "--num-samples", "20",
                     "--no-progress"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["agreement"] == pytest.approx(result["agreement"])
    assert printed["fid_images_b"] == pytest.approx(result["fid_images_b"])


def test_evaluate_errors_name_what_two_domains_need(fake):
    gan = _cogan()
    with pytest.raises(ValueError, match=r"domains:DATASET:TRANSFORM.*"
                       r"received dataset='fashion_mnist'"):
        metrics.evaluate(gan, "fashion_mnist", metrics=("agreement",),
                         num_samples=4, progress=False)
    from keras_gans import GAN, networks

    one = GAN(networks.mlp_generator(SHAPE, 4, units=8),
              networks.mlp_discriminator(SHAPE, units=8))
    with pytest.raises(ValueError, match="one output per domain"):
        metrics.evaluate(one, "domains:fashion_mnist:negative",
                         metrics=("fid",), num_samples=4, progress=False)
    # with a one-domain dataset a two-output GAN is scored on its first
    # output, as any generator
    result = metrics.evaluate(gan, "fashion_mnist", metrics=("fid",),
                              num_samples=8, progress=False)
    assert np.isfinite(result["fid"])


def test_domain_evaluation_draws_with_the_generator_use_ema_names(fake,
                                                                  tmp_path):
    keras.utils.set_random_seed(1)
    gan = CoGAN(cogan_generator(SHAPE, 4, width=2),
                cogan_discriminator(SHAPE, width=2), seed=0, ema_decay=0.9)
    rng = np.random.default_rng(0)
    for w in gan.generator.trainable_weights:  # the copy keeps the old ones
        w.assign(w + rng.normal(0, 0.5, w.shape).astype("float32"))
    (_, n, chunk_seed), = _seeded_chunks(12, 0, 500)
    results = {}
    for use_ema in (None, True, False):
        results[use_ema] = metrics.evaluate(
            gan, "domains:fashion_mnist:negative", metrics=("agreement",),
            num_samples=12, progress=False, use_ema=use_ema)
        both = gan.generate(n, seed=chunk_seed, output="all",
                            use_ema=use_ema)
        assert results[use_ema]["agreement"] == pytest.approx(
            agreement(both["images_b"], -both["images_a"]))
    assert results[None]["agreement"] == results[True]["agreement"]
    assert results[False]["agreement"] != results[True]["agreement"]
    assert [results[u]["protocol"]["generator_weights"]
            for u in (None, True, False)] == ["ema", "ema", "trained"]
    path = export.save_generator(gan, tmp_path / "exp", verify=False)
    with pytest.raises(ValueError, match=r"use_ema=False: .* has one set of "
                       r"weights"):
        metrics.evaluate(path, "domains:fashion_mnist:negative",
                         metrics=("agreement",), num_samples=4,
                         progress=False, use_ema=False)
