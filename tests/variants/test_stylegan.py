"""StyleGAN on tiny networks (8x8 images, width 4, latent 8): truncation,
the tracked average w, style mixing, lazy R1 on the right steps, the
.keras round trip, the declared pictures, the recipe, and the exported
SavedModel's truncation_psi in a process without keras_gans."""

import json
import os
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import export, penalties, zoo
from keras_gans.engine import ema
from keras_gans.engine.penalties import input_gradient_norms_sq
from keras_gans.networks.style import num_styles, stylegan_networks
from keras_gans.variants import StyleGAN

SHAPE = (8, 8, 1)
LATENT = 8


def _gan(style_mixing=0.9, ema_decay=None, **kwargs):
    generator, discriminator = stylegan_networks(
        SHAPE, latent_dim=LATENT, width=4, mapping_layers=2)
    return StyleGAN(generator, discriminator, seed=0, ema_decay=ema_decay,
                    style_mixing=style_mixing, **kwargs)


def _data(n=8, seed=0):
    return np.random.RandomState(seed).uniform(
        -1, 1, (n, *SHAPE)).astype(np.float32)


@pytest.fixture(scope="module")
def trained():
    """A tiny StyleGAN after two training steps (w_avg away from 0)."""
    gan = _gan(ema_decay=0.9)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3))
    before = gan.average_w().copy()
    gan.fit(_data(), batch_size=4, epochs=1, verbose=0)
    return gan, before


def _z(n, seed):
    return np.random.RandomState(seed).normal(
        size=(n, LATENT)).astype(np.float32)


# -- truncation -------------------------------------------------------------------
def test_psi_one_leaves_samples_unchanged(trained):
    gan, _ = trained
    plain = gan.generate(6, seed=3)
    np.testing.assert_array_equal(gan.generate(6, seed=3, truncation_psi=1.0),
                                  plain)
    np.testing.assert_array_equal(
        gan.generate_from({"latent": _z(6, 1)}, truncation_psi=1.0),
        gan.generate_from({"latent": _z(6, 1)}))


def test_psi_zero_gives_the_average_w_image_for_every_latent(trained):
    gan, _ = trained
    images = gan.generate(5, seed=4, truncation_psi=0.0)
    assert np.ptp(gan.generate(5, seed=4), axis=0).max() > 1e-3
    np.testing.assert_allclose(images, np.broadcast_to(images[:1],
                                                       images.shape),
                               atol=1e-6)
    # ... and that image is the synthesis of w_avg at every layer
    with ema.using_ema(gan):  # generate draws with the EMA copy
        avg = gan.synthesize(gan.broadcast(np.asarray(
            gan.generator["mapping"].get_layer("truncation").w_avg)[None]))
    np.testing.assert_allclose(images[0], np.asarray(avg)[0], atol=1e-5)
    # half way: between the two
    half = gan.generate(5, seed=4, truncation_psi=0.5)
    assert not np.allclose(half, images) and not np.allclose(
        half, gan.generate(5, seed=4))


def test_truncation_cutoff_moves_only_the_first_styles(trained):
    gan, _ = trained
    z = _z(3, 2)
    free = np.asarray(gan.styles(z))
    cut = np.asarray(gan.styles(z, truncation_psi=0.0, truncation_cutoff=2))
    avg = gan.average_w()
    np.testing.assert_allclose(cut[:, :2], np.broadcast_to(
        avg, cut[:, :2].shape), atol=1e-6)
    np.testing.assert_array_equal(cut[:, 2:], free[:, 2:])
    with pytest.raises(ValueError, match=r"truncation_cutoff must be None "
                                         r"\(every style\) or an integer in "
                                         r"\[1, 4\].*received 5"):
        gan.generate(2, truncation_psi=0.5, truncation_cutoff=5)
    with pytest.raises(ValueError, match="truncation_psi must be a finite "
                                         "number.*received nan"):
        gan.generate(2, truncation_psi=float("nan"))


def test_w_avg_moves_in_training_and_is_restored_from_keras_file(
        trained, tmp_path):
    gan, before = trained
    after = gan.average_w()
    np.testing.assert_array_equal(before, np.zeros(gan.w_dim))
    assert np.abs(after - before).max() > 1e-4
    # the EMA copy's w_avg is copied from the trained one (not averaged)
    ema_avg = np.asarray(gan.generator_ema["mapping"].get_layer(
        "truncation").w_avg)
    np.testing.assert_array_equal(ema_avg, after)
    path = str(tmp_path / "stylegan.keras")
    gan.save(path)
    loaded = zoo.load_gan(path)
    assert isinstance(loaded, StyleGAN)
    np.testing.assert_array_equal(loaded.average_w(), after)
    assert loaded.style_mixing == gan.style_mixing
    np.testing.assert_allclose(
        loaded.generate(3, seed=5, truncation_psi=0.3),
        gan.generate(3, seed=5, truncation_psi=0.3), atol=1e-6)


def test_w_avg_is_the_decayed_batch_mean_of_w():
    """One training forward pass: w_avg <- mean(w) + 0.995 (w_avg -
    mean(w)), from w_avg = 0."""
    gan = _gan(style_mixing=0.0)
    z = _z(4, 9)
    w = np.asarray(gan.generator["mapping"](z))
    gan.generated({"latent": tf.constant(z)}, training=True)
    np.testing.assert_allclose(gan.average_w(), 0.005 * w.mean(axis=0),
                               rtol=1e-5, atol=1e-7)
    gan.generated({"latent": tf.constant(z)}, training=False)  # sampling
    np.testing.assert_allclose(gan.average_w(), 0.005 * w.mean(axis=0),
                               rtol=1e-5, atol=1e-7)


# -- style mixing ----------------------------------------------------------------
def test_mixing_a_latent_with_itself_is_no_mixing(trained):
    gan, _ = trained
    z1, z2 = _z(4, 6), _z(4, 7)
    alone = gan.generate_from({"latent": z1})
    for crossover in (1, 2, 3):
        np.testing.assert_allclose(gan.generate_mixed(z1, z1, crossover),
                                   alone, atol=1e-6)
        mixed = gan.generate_mixed(z1, z2, crossover)
        assert np.abs(mixed - alone).max() > 1e-3, crossover
        assert np.abs(mixed - gan.generate_from({"latent": z2})).max() > 1e-3
    # all styles from one side: that side's image
    np.testing.assert_allclose(gan.generate_mixed(z1, z2, gan.num_styles),
                               alone, atol=1e-6)
    np.testing.assert_allclose(gan.generate_mixed(z1, z2, 0),
                               gan.generate_from({"latent": z2}), atol=1e-6)
    with pytest.raises(ValueError, match=r"crossover must be in \[0, 4\]"):
        gan.generate_mixed(z1, z2, 5)


def test_training_mixes_styles_with_the_declared_probability():
    """Noise scales start at 0, so a training forward pass equals sampling
    unless styles are mixed: never with style_mixing=0, for (nearly) every
    example with 1."""
    z = tf.constant(_z(16, 3))
    plain = _gan(style_mixing=0.0)
    np.testing.assert_allclose(
        np.asarray(plain.generated({"latent": z}, training=True)["images"]),
        np.asarray(plain.generated({"latent": z})["images"]), atol=1e-6)
    mixing = _gan(style_mixing=1.0)
    trained_out = np.asarray(mixing.generated({"latent": z},
                                              training=True)["images"])
    sampled = np.asarray(mixing.generated({"latent": z})["images"])
    changed = np.abs(trained_out - sampled).reshape(16, -1).max(axis=1)
    assert (changed > 1e-4).sum() >= 14


def test_bad_arguments_are_refused_with_what_was_received():
    generator, discriminator = stylegan_networks(SHAPE, latent_dim=LATENT,
                                                 width=4, mapping_layers=1)
    with pytest.raises(ValueError, match=r"\{'mapping': z -> w, 'synthesis'"
                                         r": ws -> images\}.*received a "
                                         r"dict with keys \['synthesis'\]"):
        StyleGAN({"synthesis": generator["synthesis"]}, discriminator)
    with pytest.raises(ValueError, match=r"style_mixing must be a "
                                         r"probability in \[0, 1\].*1.5"):
        StyleGAN(generator, discriminator, style_mixing=1.5)


# -- lazy R1 ----------------------------------------------------------------------
def test_lazy_r1_applies_on_every_second_discriminator_step():
    """R1(every=2): steps 0 and 2 report 2 x ||grad D(x)||^2 (measured
    before the step), steps 1 and 3 report 0."""
    gan = _gan()
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3),
                penalties=[penalties.R1(gamma=1.0, every=2)])
    x = _data(4, seed=1)
    for step in range(4):
        expected = 2.0 * float(np.mean(input_gradient_norms_sq(
            gan, {"images": tf.constant(x)}, tf.constant(x))))
        gan.reset_metrics()
        logs = gan.train_on_batch(x, return_dict=True)
        if step % 2 == 0:
            assert expected > 0
            np.testing.assert_allclose(float(logs["r1"]), expected,
                                       rtol=1e-3)
        else:
            assert float(logs["r1"]) == 0.0, step


# -- pictures ---------------------------------------------------------------------
def test_declared_pictures(trained):
    gan, _ = trained
    pictures = gan.pictures()
    assert set(pictures) == {"interpolation", "truncation", "style_mixing"}
    images, nrow = pictures["interpolation"](5, seed=1)
    assert images.shape == (4 * 5, *SHAPE) and nrow == 5
    # the ends of each row are the two latents' own images
    z_a = gan._draw_latents(4, 1)
    np.testing.assert_allclose(images[::5], gan.generate_from(
        {"latent": z_a}), atol=1e-5)
    images, nrow = pictures["truncation"](4, seed=2)
    assert images.shape == (16, *SHAPE) and nrow == 4
    last = images[3::4]  # psi = 0: the same image in every row
    np.testing.assert_allclose(last, np.broadcast_to(last[:1], last.shape),
                               atol=1e-5)
    images, nrow = pictures["style_mixing"](3, seed=0)
    assert images.shape == ((4 + 1) * (3 + 1), *SHAPE) and nrow == 4
    np.testing.assert_array_equal(images[0], np.ones(SHAPE))  # blank corner


# -- the recipe -------------------------------------------------------------------
def test_recipe_builds_the_paper_settings():
    gan = zoo.build("stylegan", image_shape=SHAPE, width=4, latent_dim=8,
                    compile=True)
    assert isinstance(gan, StyleGAN)
    assert gan.style_mixing == 0.9 and gan.ema_decay == 0.999
    mapping = gan.generator["mapping"]
    dense = [l for l in mapping.layers if l.name.startswith("mapping_")
             and l.name[8:].isdigit()]
    assert len(dense) == 8 and all(l.lr_multiplier == 0.01 for l in dense)
    assert mapping.get_layer("truncation").decay == 0.995
    assert gan.num_styles == num_styles(SHAPE) == 4
    (r1,) = gan.penalties
    assert isinstance(r1, penalties.R1) and r1.every == 16
    assert gan.adversarial_loss.name == "non_saturating"
    assert zoo.get_entry("stylegan-fashion-mnist").recipe == "stylegan"


# -- export -----------------------------------------------------------------------
_RELOAD_SCRIPT = textwrap.dedent("""
    import json, os, sys
    sys.modules["keras_gans"] = None  # neither may be needed
    sys.modules["keras"] = None
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import numpy as np
    import tensorflow as tf

    job = json.load(open(sys.argv[1]))
    model = tf.saved_model.load(job["path"])
    z = tf.constant(np.array(job["latent"], np.float32))
    out = {"signatures": sorted(model.signatures)}
    out["plain"] = model.signatures["serving_default"](
        latent=z)["images_float"].numpy().tolist()
    for psi in (1.0, 0.5, 0.0):
        out[f"psi_{psi}"] = model.signatures["serving_default_with_options"](
            latent=z, truncation_psi=tf.constant(psi))[
                "images_float"].numpy().tolist()
    gen = model.signatures["generate_with_options"](
        num_images=tf.constant(3), seed=tf.constant(5, tf.int64),
        truncation_psi=tf.constant(0.0))
    out["generate_psi_0"] = gen["images"].numpy().tolist()
    out["generate_plain"] = model.signatures["generate"](
        num_images=tf.constant(3), seed=tf.constant(5, tf.int64))[
            "images"].numpy().tolist()
    try:
        model.signatures["serving_default_with_options"](
            latent=z, truncation_psi=tf.constant(float("nan")))
        out["nan"] = "accepted"
    except tf.errors.InvalidArgumentError as e:
        out["nan"] = e.message
    blocked = []
    for name in ("keras", "keras_gans"):
        try:
            __import__(name)
        except ImportError:
            blocked.append(name)
    out["blocked"] = blocked
    json.dump(out, open(sys.argv[2], "w"))
""")


def test_export_honours_truncation_psi_without_keras_gans(trained,
                                                          tmp_path):
    gan, _ = trained
    path = export.save_generator(gan, tmp_path / "stylegan")
    meta = export.read_metadata(path)
    assert meta["sampling_options"][0]["name"] == "truncation_psi"
    assert meta["sampling_options"][0]["default"] == 1.0
    assert meta["option_signatures"] == {
        "serving_default": "serving_default_with_options",
        "generate": "generate_with_options"}
    z = _z(4, 11)
    (tmp_path / "job.json").write_text(json.dumps(
        {"path": str(path), "latent": z.tolist()}))
    (tmp_path / "reload.py").write_text(_RELOAD_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-I", str(tmp_path / "reload.py"),
         str(tmp_path / "job.json"), str(tmp_path / "out.json")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["blocked"] == ["keras", "keras_gans"]
    assert {"serving_default", "serving_default_with_options", "generate",
            "generate_with_options"} == set(out["signatures"])
    plain = np.array(out["plain"])
    np.testing.assert_allclose(plain, gan.generate_from({"latent": z}),
                               atol=1e-4)
    np.testing.assert_allclose(np.array(out["psi_1.0"]), plain, atol=1e-5)
    half = np.array(out["psi_0.5"])
    np.testing.assert_allclose(half, gan.generate_from(
        {"latent": z}, truncation_psi=0.5), atol=1e-4)
    assert np.abs(half - plain).max() > 1e-3
    zero = np.array(out["psi_0.0"])
    np.testing.assert_allclose(zero, np.broadcast_to(zero[:1], zero.shape),
                               atol=1e-5)
    np.testing.assert_allclose(zero, gan.generate_from(
        {"latent": z}, truncation_psi=0.0), atol=1e-4)
    gen0 = np.array(out["generate_psi_0"])
    assert np.abs(gen0 - gen0[:1]).max() <= 1  # uint8 rounding at most
    assert np.abs(np.array(out["generate_plain"]) - gen0).max() > 1
    assert "truncation_psi must be a finite number" in out["nan"]
    # the in-package loader routes the option to the twins
    g = export.load(path)
    np.testing.assert_allclose(g(z, truncation_psi=0.5), half, atol=1e-6)
    np.testing.assert_array_equal(g.generate(3, seed=5, truncation_psi=0.0),
                                  gen0)
    with pytest.raises(ValueError, match="truncation_psi must be a finite "
                                         "number.*received inf"):
        g(z, truncation_psi=float("inf"))
