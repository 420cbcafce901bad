"""The shared adversarial engine: GAN.compile / train_step / generate."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, networks
from keras_gans.engine.penalties import Penalty

SHAPE = (8, 8, 1)


def tiny_gan(seed=0, dropout=0.0, latent_dim=4, units=8, **compile_kwargs):
    keras.utils.set_random_seed(seed)
    g = networks.mlp_generator(SHAPE, latent_dim=latent_dim, units=units)
    d = networks.mlp_discriminator(SHAPE, units=units, dropout=dropout)
    gan = GAN(g, d, seed=seed)
    compile_kwargs.setdefault("d_optimizer", keras.optimizers.Adam(1e-3))
    compile_kwargs.setdefault("g_optimizer", keras.optimizers.Adam(1e-3))
    gan.compile(**compile_kwargs)
    return gan


def data(n=32, seed=0):
    return np.random.RandomState(seed).uniform(
        -1, 1, (n, *SHAPE)).astype("float32")


def snapshot(model):
    return [np.array(v) for v in model.trainable_weights]


def moved(before, model):
    return any(not np.allclose(a, np.array(b))
               for a, b in zip(before, model.trainable_weights))


def test_fit_moves_both_networks_and_reports_finite_metrics():
    gan = tiny_gan()
    g0, d0 = snapshot(gan.generator), snapshot(gan.discriminator)
    history = gan.fit(tf.data.Dataset.from_tensor_slices(data()).batch(8),
                      epochs=1, verbose=0)
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    for name, values in history.history.items():
        assert np.all(np.isfinite(values)), name
    assert 0.0 <= history.history["d_real"][0] <= 1.0  # probabilities
    assert moved(g0, gan.generator) and moved(d0, gan.discriminator)


@pytest.mark.parametrize("k", [1, 3])
def test_d_steps_counts_optimizer_iterations(k):
    gan = tiny_gan(d_steps=k)
    batches = 4
    gan.fit(tf.data.Dataset.from_tensor_slices(data(8 * k * batches))
            .batch(8 * k), epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == batches
    assert int(gan.d_optimizer.iterations.numpy()) == k * batches


def test_each_discriminator_step_sees_its_own_real_minibatch():
    seen = []

    class Recording(GAN):
        def discriminator_step(self, real):
            seen.append(real["images"])
            return super().discriminator_step(real)

    keras.utils.set_random_seed(0)
    gan = Recording(networks.mlp_generator(SHAPE, 4, units=8),
                    networks.mlp_discriminator(SHAPE, units=8), seed=0)
    gan.compile(keras.optimizers.SGD(0.01), keras.optimizers.SGD(0.01),
                d_steps=3)
    x = data(7)  # uneven: 7 = 2 + 2 + 3
    gan.train_step(tf.constant(x))
    assert [int(t.shape[0]) for t in seen] == [2, 2, 3]
    np.testing.assert_array_equal(np.concatenate([np.array(t) for t in seen]),
                                  x)


def test_fixed_seed_gives_identical_samples():
    a, b = tiny_gan(seed=1), tiny_gan(seed=1)
    x1, x2 = a.generate(6, seed=7), a.generate(6, seed=7)
    np.testing.assert_array_equal(x1, x2)
    assert not np.allclose(x1, a.generate(6, seed=8))
    # without an explicit seed, two GANs built with the same seed agree
    np.testing.assert_array_equal(a.generate(5), b.generate(5))
    assert x1.shape == (6, *SHAPE) and x1.dtype == np.float32
    assert x1.min() >= -1.0 and x1.max() <= 1.0


def test_generate_in_batches_matches_one_batch():
    gan = tiny_gan()
    np.testing.assert_allclose(gan.generate(10, seed=3, batch_size=3),
                               gan.generate(10, seed=3), atol=1e-6)


def test_keras_file_round_trip(tmp_path):
    gan = tiny_gan(loss="hinge", d_steps=2)
    gan.fit(tf.data.Dataset.from_tensor_slices(data(32)).batch(16), epochs=1,
            verbose=0)
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, GAN)
    assert loaded.latent_dim == gan.latent_dim and loaded.d_steps == 2
    assert loaded.adversarial_loss.name == "hinge"
    z = np.random.RandomState(0).normal(size=(4, 4)).astype("float32")
    np.testing.assert_allclose(np.array(loaded.generator(z)),
                               np.array(gan.generator(z)), atol=1e-6)
    for a, b in zip(gan.discriminator.weights, loaded.discriminator.weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-6)
    # optimizer state (iterations and Adam moments) is restored
    for opt in ("d_optimizer", "g_optimizer"):
        src, dst = getattr(gan, opt), getattr(loaded, opt)
        assert int(dst.iterations.numpy()) == int(src.iterations.numpy()) > 0
        for a, b in zip(src.variables, dst.variables):
            np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-6)
    # and it keeps training
    loaded.fit(tf.data.Dataset.from_tensor_slices(data(32)).batch(16),
               epochs=1, verbose=0)
    assert int(loaded.g_optimizer.iterations.numpy()) == 4


def test_penalty_hooks_are_called_and_reported():
    class Constant(Penalty):
        default_name = "const"

        def __init__(self, weight=1.0, name=None):
            super().__init__(weight, name)
            self.updates = 0

        def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
            return tf.fill(tf.shape(real["images"])[:1], 3.0)

        def after_discriminator_update(self, gan):
            self.updates += 1

    p = Constant(weight=0.5)
    gan = tiny_gan(penalties=[p], d_steps=2)
    history = gan.fit(tf.data.Dataset.from_tensor_slices(data(16)).batch(16),
                      epochs=1, verbose=0)
    assert history.history["const"] == [pytest.approx(3.0)]
    assert p.updates == 2  # traced once per discriminator step in the graph


def test_d_step_metrics_are_averaged_over_the_k_steps():
    """With d_steps=k, each reported D-side value is the mean over the k
    discriminator steps of the train_step, not the last step's value."""

    class StepIndex(Penalty):
        default_name = "step_index"

        def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
            # 0, 1, 2 on the three D steps of the first train_step
            step = tf.cast(gan.d_optimizer.iterations, tf.float32)
            return tf.fill(tf.shape(real["images"])[:1], step)

    gan = tiny_gan(penalties=[StepIndex(weight=0.0)], d_steps=3)
    history = gan.fit(tf.data.Dataset.from_tensor_slices(data(12)).batch(12),
                      epochs=1, verbose=0)
    assert history.history["step_index"] == [pytest.approx(1.0)]  # (0+1+2)/3


def test_recompiling_drops_the_metrics_of_removed_penalties():
    class Constant(Penalty):
        default_name = "const"

        def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
            return tf.fill(tf.shape(real["images"])[:1], 3.0)

    gan = tiny_gan(penalties=[Constant()])
    assert "const" in [m.name for m in gan.metrics]
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3))
    history = gan.fit(data(16), batch_size=8, epochs=1, verbose=0)
    assert set(history.history) == {"d_loss", "g_loss", "d_real", "d_fake"}


def test_learns_a_simple_distribution():
    """A real learning check: every pixel of the data is ~N(0.5, 0.05); the
    generator's mean output moves from ~0 to near 0.5."""
    rng = np.random.RandomState(0)
    x = (0.5 + 0.05 * rng.randn(512, *SHAPE)).astype("float32")
    gan = tiny_gan(seed=2, units=16,
                   d_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
                   g_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5))
    start = float(gan.generate(256, seed=0).mean())
    gan.fit(tf.data.Dataset.from_tensor_slices(x).shuffle(512, seed=0)
            .batch(32), epochs=12, verbose=0)
    end = gan.generate(256, seed=0)
    assert abs(start - 0.5) > 0.3
    assert abs(float(end.mean()) - 0.5) < 0.12


def test_image_shape_mismatch_is_a_clear_error():
    gan = tiny_gan()
    wrong = np.zeros((8, 28, 28, 1), np.float32)
    with pytest.raises(ValueError, match=r"Real images have shape "
                       r"\(28, 28, 1\).*generator makes \(8, 8, 1\)"):
        gan.fit(tf.data.Dataset.from_tensor_slices(wrong).batch(4),
                epochs=1, verbose=0)


def test_empty_dataset_is_a_clear_error():
    gan = tiny_gan()
    empty = tf.data.Dataset.from_tensor_slices(
        np.zeros((0, *SHAPE), np.float32)).batch(4)
    with pytest.raises(ValueError, match="The dataset is empty"):
        gan.fit(empty, epochs=1, verbose=0)
    # unknown cardinality: detected after the (empty) epoch
    filtered = tf.data.Dataset.from_tensor_slices(data(8)).filter(
        lambda x: tf.reduce_sum(x) > 1e9).batch(4)
    with pytest.raises(ValueError, match="The dataset is empty"):
        gan.fit(filtered, epochs=1, verbose=0)


def test_compile_errors():
    gan = tiny_gan()
    with pytest.raises(ValueError, match="Unknown adversarial loss 'nope'"):
        gan.compile(loss="nope")
    opt = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="two different optimizer objects"):
        gan.compile(d_optimizer=opt, g_optimizer=opt)
    with pytest.raises(ValueError, match="d_steps must be a positive integer"):
        gan.compile(d_steps=0)
    with pytest.raises(ValueError, match="does not take 'metrics'"):
        gan.compile(metrics=["accuracy"])
    with pytest.raises(TypeError, match="Penalty objects"):
        gan.compile(penalties=["gp"])


def test_construction_errors():
    g = networks.mlp_generator(SHAPE, 4, units=8)
    with pytest.raises(TypeError, match="discriminator must be a keras.Model"):
        GAN(g, lambda x: x)
    with pytest.raises(ValueError, match="unconditional; it takes no"):
        GAN(g, networks.mlp_discriminator(SHAPE, units=8)).generate(
            2, labels=[0, 1])
    with pytest.raises(ValueError, match="positive integer"):
        GAN(g, networks.mlp_discriminator(SHAPE, units=8)).generate(0)


def test_fit_without_compile_is_a_clear_error():
    g = networks.mlp_generator(SHAPE, 4, units=8)
    gan = GAN(g, networks.mlp_discriminator(SHAPE, units=8))
    with pytest.raises(RuntimeError, match=r"compile\(...\) before fit"):
        gan.train_step(tf.constant(data(4)))


def test_distributed_step_equals_single_device(two_cpu_strategy):
    """One fit step under MirroredStrategy on two logical CPUs gives the
    weights and metrics of a single-device step from the same start."""
    x = data(16, seed=3)

    def run(strategy):
        with strategy.scope():
            gan = tiny_gan(seed=5, d_optimizer=keras.optimizers.SGD(0.5),
                           g_optimizer=keras.optimizers.SGD(0.5))
        history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16),
                          epochs=1, verbose=0)
        return gan, history.history

    single, h1 = run(tf.distribute.get_strategy())
    mirrored, h2 = run(two_cpu_strategy)
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    start = tiny_gan(seed=5)
    assert moved(snapshot(start.generator), single.generator)
    for a, b in zip(single.trainable_weights, mirrored.trainable_weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)
    for name in h1:
        assert h1[name][0] == pytest.approx(h2[name][0], abs=1e-5), name


@pytest.mark.parametrize("bad,message", [
    (lambda x: (x * 127.5 + 127.5).astype("uint8"),
     r"uint8 images.*to_model_range.*data.load"),
    (lambda x: x * 127.5 + 127.5,
     r"values in \[\d.*, 2\d\d.*\].*\[-1, 1\].*to_model_range"),
    (lambda x: np.where(np.arange(len(x))[:, None, None, None] == 3,
                        np.nan, x), r"of which 1 hold NaN"),
])
def test_fit_checks_raw_image_arrays(bad, message):
    """Raw arrays reach fit unchecked by keras_gans.data: the same range
    checks happen there, before any step."""
    gan = tiny_gan()
    before = snapshot(gan.generator)
    x = bad(data(8))
    with pytest.raises(ValueError, match=message):
        gan.fit(x, batch_size=4, epochs=1, verbose=0)
    with pytest.raises(ValueError, match=message):
        gan.fit((x, np.zeros(8)), batch_size=4, epochs=1, verbose=0)
    assert not moved(before, gan.generator)
