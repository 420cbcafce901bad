"""ProgressiveGAN: real images at the phase's resolution (blended during a
fade-in), alpha ramped linearly by the compiled step, the drift term, and
a two-phase run of the pggan recipe through keras_gans.training.train."""

import dataclasses
import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from keras_gans import training, zoo
from keras_gans.engine.penalties import Drift, GradientPenalty
from keras_gans.networks.progressive import progressive_networks
from keras_gans.variants.progressive import ProgressiveGAN
from keras_gans.zoo.recipes.progressive import pggan_phases

LATENT = 4


def _gan(target, r, stage="stable", **kwargs):
    g, d = progressive_networks(target, latent_dim=LATENT, width=4,
                                resolution=r, stage=stage)
    return ProgressiveGAN(g, d, seed=0, **kwargs)


def _pool(x, f):
    n, h, w, c = x.shape
    return x.reshape(n, h // f, f, w // f, f, c).mean(axis=(2, 4))


def _up(x, f):
    return np.repeat(np.repeat(x, f, axis=1), f, axis=2)


def test_real_images_are_downsampled_to_the_phase_resolution():
    x = np.arange(2 * 8 * 8, dtype="float32").reshape(2, 8, 8, 1) / 128 - 1
    gan = _gan((8, 8, 1), 4)
    assert gan.resolution() == 4
    real = gan.unpack_real(x)["images"]
    assert tuple(real.shape) == (2, 4, 4, 1)
    np.testing.assert_allclose(np.asarray(real), _pool(x, 2), rtol=1e-6)
    # at the target resolution, stable: unchanged
    full = _gan((8, 8, 1), 8)
    np.testing.assert_array_equal(np.asarray(full.unpack_real(
        (x, np.zeros(2)))["images"]), x)


def test_fade_in_blends_real_images_with_the_lower_resolution():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (2, 16, 16, 1)).astype("float32")
    gan = _gan((16, 16, 1), 8, "fade_in")
    assert gan.fading() and float(gan.alpha) == 0.0
    gan.alpha.assign(0.25)
    at8 = _pool(x, 2)
    low = _up(_pool(at8, 2), 2)
    np.testing.assert_allclose(np.asarray(gan.real_images(x)),
                               0.75 * low + 0.25 * at8, rtol=1e-5, atol=1e-6)


def test_padded_targets_are_centred_on_the_canvas_with_black():
    """A 6x6 target lives on an 8x8 canvas: at 4x4 the real images are the
    -1-padded canvas pooled 2x2; at the last resolution, fading in, the
    blend is computed on the canvas and cropped back to 6x6."""
    rng = np.random.default_rng(1)
    x = rng.uniform(-1, 1, (2, 6, 6, 1)).astype("float32")
    canvas = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=-1)
    gan = _gan((6, 6, 1), 4)
    np.testing.assert_allclose(np.asarray(gan.real_images(x)),
                               _pool(canvas, 2), rtol=1e-5)
    last = _gan((6, 6, 1), 8, "fade_in")
    assert last.generator_outputs() == {"images": (6, 6, 1)}
    last.alpha.assign(0.5)
    blend = 0.5 * _up(_pool(canvas, 2), 2) + 0.5 * canvas
    np.testing.assert_allclose(np.asarray(last.real_images(x)),
                               blend[:, 1:7, 1:7], rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"Real images are 4x4 but "
                                         r"ProgressiveGAN trains at 8x8"):
        last.real_images(x[:, :4, :4])


def test_a_fade_in_phase_needs_its_length():
    gan = _gan((8, 8, 1), 8, "fade_in")
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3), loss="wasserstein")
    with pytest.raises(ValueError, match="fade-in is not set: call "
                                         r"gan.start_phase\(images=N\)"):
        gan.fit(np.zeros((4, 8, 8, 1), "float32"), batch_size=4, verbose=0)
    with pytest.raises(ValueError, match="received images=0"):
        gan.start_phase(0)


def test_drift_term_equals_its_closed_form():
    """The discriminator loss of the recipe: mean(D(fake) - D(real)) + 10
    * gp + 0.001 * mean(D(real)^2); the reported drift is mean(D(real)^2)
    of the critic's own scores."""
    keras.utils.set_random_seed(2)
    gan = _gan((8, 8, 1), 8)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3), loss="wasserstein",
                penalties=[GradientPenalty(10.0), Drift(1e-3)])
    rng = np.random.default_rng(3)
    real = {"images": tf.constant(rng.uniform(-1, 1, (4, 8, 8, 1)),
                                  tf.float32)}
    fake = {"images": tf.constant(rng.uniform(-1, 1, (4, 8, 8, 1)),
                                  tf.float32)}
    d_real = np.asarray(gan.discriminator(real["images"]))[:, 0]
    d_fake = np.asarray(gan.discriminator(fake["images"]))[:, 0]
    total, logs = gan.discriminator_loss(real, fake)
    np.testing.assert_allclose(float(logs["drift"]), np.mean(d_real ** 2),
                               rtol=1e-5)
    np.testing.assert_allclose(float(logs["d_loss"]),
                               np.mean(d_fake - d_real), rtol=1e-5,
                               atol=1e-7)
    np.testing.assert_allclose(
        float(total), np.mean(d_fake - d_real) + 10 * float(logs["gp"]) +
        1e-3 * np.mean(d_real ** 2), rtol=1e-5, atol=1e-7)
    # the penalty alone, on given critic outputs
    out = np.array([[2.0], [-1.0], [0.5]], np.float32)
    value = Drift(1e-3).discriminator_penalty(gan, None, None, out, None)
    np.testing.assert_allclose(np.asarray(value), [4.0, 1.0, 0.25])


class _AlphaPerStep(keras.callbacks.Callback):
    """Records alpha after every training step (the variable and the
    generator's FadeIn layer)."""

    def __init__(self):
        super().__init__()
        self.values = []

    def on_train_batch_end(self, batch, logs=None):
        fades = self.model.fade_layers()
        self.values.append((float(np.array(self.model.alpha)),
                            fades[0].get_alpha() if fades else None))


@pytest.fixture(scope="module")
def two_phase_run(tmp_path_factory):
    """The pggan recipe, tiny: 4x4 stable then 8x8 fade-in of an 8x8
    target, 16 real images each over 2 epochs, batch 4."""
    out = tmp_path_factory.mktemp("pggan") / "run"
    recipe = dataclasses.replace(
        zoo.get("pggan"), name="pggan_tiny", width=4, latent_dim=LATENT,
        batch_size=4, image_shape=(8, 8, 1),
        phases=pggan_phases((8, 8, 1), images=16, epochs=2)[:2],
        # the drift term only: the gradient penalty doubles the tracing time
        penalties=lambda: [Drift(1e-3)])
    alpha = _AlphaPerStep()
    keras.utils.set_random_seed(0)
    first = {}

    class _Snapshot(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            if not first:
                first.update({n: np.array(self.model.generator.get_layer(
                    n).weights[0]) for n in ("g4_dense", "g4_conv")})

    folder = tmp_path_factory.mktemp("images")
    rng = np.random.default_rng(4)
    for i in range(32):  # a folder of 8x8 PNGs: the data source
        pixels = rng.integers(0, 256, (8, 8, 1), dtype=np.uint8)
        tf.io.write_file(str(folder / f"{i:02d}.png"),
                         tf.io.encode_png(pixels))
    gan, summary = training.train(recipe, dataset=str(folder), out=str(out),
                                  num_samples=4, verbose=0,
                                  callbacks=[alpha, _Snapshot()])
    return gan, summary, out, alpha.values, first


def test_alpha_ramps_linearly_with_images_seen_and_reaches_1(two_phase_run):
    gan, summary, _, values, _ = two_phase_run
    assert [p["images"] for p in summary["phases"]] == [16, 16]
    stable, fade = values[:4], values[4:]
    assert all(a == 1.0 and layer is None for a, layer in stable)
    # 4 steps of 4 images over a 16-image fade-in: 0.25, 0.5, 0.75, 1
    np.testing.assert_allclose([a for a, _ in fade], [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose([layer for _, layer in fade],
                               [0.25, 0.5, 0.75, 1.0])
    assert float(gan.images_seen) == 16.0
    assert all(f.get_alpha() == 1.0 for f in gan.fade_layers())
    assert gan.generator_ema.get_layer("g_fade").get_alpha() == 1.0


def test_two_phase_run_writes_grids_by_resolution_and_grows(two_phase_run):
    gan, summary, out, _, first = two_phase_run
    names = [os.path.basename(p) for p in summary["sample_grids"]]
    assert names == ["phase1_4x4_stable_epoch_0001.png",
                     "phase1_4x4_stable_epoch_0002.png",
                     "phase2_8x8_fade_in_epoch_0001.png",
                     "phase2_8x8_fade_in_epoch_0002.png"]
    # 2 x 2 images with a 2-pixel border, upscaled to >= 56 pixels an image:
    # 4x4 images 14 times, 8x8 ones 7 times
    sizes = [Image.open(p).size for p in summary["sample_grids"]]
    assert sizes == [(14 * 14, 14 * 14)] * 2 + [(7 * 22, 7 * 22)] * 2
    assert [p["output_shape"] for p in summary["phases"]] == [[4, 4, 1],
                                                             [8, 8, 1]]
    assert summary["generator_steps"] == 8
    # ends at the target resolution, every metric finite
    assert gan.generator_outputs() == {"images": (8, 8, 1)}
    assert gan.generate(3, seed=0).shape == (3, 8, 8, 1)
    for key, values in summary["final_metrics"].items():
        assert np.isfinite(values), key
    # the 4x4 blocks were carried into the 8x8 networks and trained on
    phase1 = keras.saving.load_model(out / "phase1.keras")
    for name, initial in first.items():
        kept = np.array(phase1.generator.get_layer(name).weights[0])
        assert not np.allclose(initial, kept), name
        final = np.array(gan.generator.get_layer(name).weights[0])
        assert not np.allclose(kept, final), name
    # the checkpoint between phases restores the phase's progress
    phase2 = keras.saving.load_model(out / "phase2.keras")
    assert isinstance(phase2, ProgressiveGAN)
    assert float(phase2.images_seen) == 16.0
    assert phase2.generator.get_layer("g_fade").get_alpha() == 1.0
    np.testing.assert_allclose(phase2.generate(3, seed=1),
                               gan.generate(3, seed=1), atol=1e-6)


def test_the_grown_generator_exports_and_reloads_to_the_same_images(
        two_phase_run, tmp_path):
    """The last generator (8x8, mid-growth: its FadeIn weight included; the
    EMA copy, as the GAN keeps one) as a SavedModel: reloaded with plain
    TensorFlow it gives the GAN's images for the same latents and seed."""
    from keras_gans import export

    gan = two_phase_run[0]
    path = export.save_generator(gan, str(tmp_path / "pggan"),
                                 verify=False)  # compared here
    loaded = tf.saved_model.load(path)
    latent = np.random.default_rng(6).normal(size=(3, LATENT)).astype(
        "float32")
    out = loaded.signatures["serving_default"](latent=tf.constant(latent))
    np.testing.assert_allclose(out["images_float"].numpy(),
                               gan.generate_from({"latent": latent}),
                               atol=1e-5)
    assert out["images"].dtype == tf.uint8
    assert tuple(out["images"].shape) == (3, 8, 8, 1)
    drawn = loaded.signatures["generate"](num_images=tf.constant(2),
                                          seed=tf.constant(0, tf.int64))
    np.testing.assert_allclose(drawn["images_float"].numpy(),
                               gan.generate(2, seed=0), atol=1e-5)


def test_a_fade_in_step_under_mirrored_strategy_equals_one_device(
        two_cpu_strategy):
    """Alpha counts the images of every replica, so the fade-in ramps at
    the same pace on two replicas as on one, and the weights agree
    (minibatch stddev groups of 1: its groups otherwise depend on how the
    batch is split, by design)."""
    x = np.random.default_rng(5).uniform(-1, 1, (24, 8, 8, 1)).astype(
        "float32")

    def run(strategy):
        with strategy.scope():
            keras.utils.set_random_seed(3)
            g, d = progressive_networks((8, 8, 1), latent_dim=LATENT,
                                        width=4, resolution=8, stage="fade_in",
                                        group_size=1)
            gan = ProgressiveGAN(g, d, seed=0)
            gan.compile(d_optimizer=keras.optimizers.SGD(0.05),
                        g_optimizer=keras.optimizers.SGD(0.05),
                        loss="wasserstein", penalties=[Drift(1e-3)])
        gan.start_phase(images=24)
        alpha = _AlphaPerStep()
        gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(8), epochs=1,
                verbose=0, callbacks=[alpha])
        return gan, alpha.values

    single, a1 = run(tf.distribute.get_strategy())
    mirrored, a2 = run(two_cpu_strategy)
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    np.testing.assert_allclose([a for a, _ in a1], [1 / 3, 2 / 3, 1.0],
                               rtol=1e-6)
    np.testing.assert_allclose([a for a, _ in a2], [a for a, _ in a1],
                               rtol=1e-6)
    assert [f for _, f in a2] == pytest.approx([f for _, f in a1])
    for a, b in zip(single.trainable_weights, mirrored.trainable_weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)
    g0 = single.generator.trainable_weights[0]
    keras.utils.set_random_seed(3)
    fresh, _ = progressive_networks((8, 8, 1), latent_dim=LATENT, width=4,
                                    resolution=8, stage="fade_in", group_size=1)
    moved = not np.allclose(np.array(g0),
                            np.array(fresh.trainable_weights[0]))
    assert moved
