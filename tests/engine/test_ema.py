"""The EMA copy of the generator: closed-form averages, sampling, grids,
.keras round trip and tf.distribute."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, networks
from keras_gans.training import callbacks
from keras_gans.engine import ema

SHAPE = (8, 8, 1)
LATENT = 4


def ema_gan(decay=0.8, seed=0, batch_norm=False, **kwargs):
    keras.utils.set_random_seed(seed)
    if batch_norm:
        g = networks.dcgan_generator(SHAPE, LATENT, width=4)
    else:
        g = networks.mlp_generator(SHAPE, latent_dim=LATENT, units=8)
    d = networks.mlp_discriminator(SHAPE, units=8, dropout=0.0)
    gan = GAN(g, d, seed=seed, ema_decay=decay, **kwargs)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.5))
    return gan


def images(n, seed=0):
    return np.random.RandomState(seed).uniform(
        -1, 1, (n, *SHAPE)).astype("float32")


class GeneratorSnapshots(keras.callbacks.Callback):
    """Generator weights after every training batch (= generator step)."""

    def __init__(self, generator):
        super().__init__()
        self.generator = generator
        self.after = []

    def on_train_batch_end(self, batch, logs=None):
        self.after.append([np.array(w) for w in self.generator.weights])


def test_ema_weights_follow_the_closed_form_average():
    decay = 0.8
    gan = ema_gan(decay, batch_norm=True)
    g = gan.generator
    start = [np.array(w) for w in g.weights]
    for a, b in zip(start, gan.generator_ema.weights):  # starts as a copy
        np.testing.assert_array_equal(a, np.array(b))
    snaps = GeneratorSnapshots(g)
    gan.fit(images(40), batch_size=8, epochs=1, callbacks=[snaps], verbose=0)
    steps = len(snaps.after)
    assert steps == 5 and int(gan.g_optimizer.iterations.numpy()) == 5
    for i, (w, e) in enumerate(zip(g.weights, gan.generator_ema.weights)):
        if w.trainable:
            # e_T = d^T w_0 + sum_t (1 - d) d^(T - t) w_t
            expected = decay ** steps * start[i]
            for t in range(1, steps + 1):
                expected = expected + (1 - decay) * decay ** (steps - t) * \
                    snaps.after[t - 1][i]
            np.testing.assert_allclose(np.array(e), expected, rtol=1e-5,
                                       atol=1e-6)
            assert not np.allclose(np.array(e), np.array(w), atol=1e-6)
        else:  # batch-norm moving statistics are copied
            np.testing.assert_array_equal(np.array(e), np.array(w))
    assert any(not w.trainable for w in g.weights)
    assert not gan.generator_ema.trainable_weights  # never trained directly


def test_generate_and_sample_grid_use_the_ema_generator(tmp_path):
    gan = ema_gan(0.5)
    gan.fit(images(32), batch_size=8, epochs=1, verbose=0)
    z = gan.sample_generator_inputs(6, seed=2)["latent"]
    with_ema = np.array(gan.generator_ema(z, training=False))
    trained = np.array(gan.generator(z, training=False))
    assert not np.allclose(with_ema, trained, atol=1e-4)
    np.testing.assert_allclose(gan.generate(6, seed=2), with_ema, atol=1e-6)
    np.testing.assert_allclose(gan.generate(6, seed=2, use_ema=True),
                               with_ema, atol=1e-6)
    np.testing.assert_allclose(gan.generate(6, seed=2, use_ema=False),
                               trained, atol=1e-6)
    assert gan.generator is not gan.generator_ema  # the swap is undone
    grid = callbacks.SampleGrid(tmp_path, num_images=6, seed=2)
    grid.set_model(gan)
    np.testing.assert_allclose(grid.images(), with_ema, atol=1e-6)
    plain = callbacks.SampleGrid(tmp_path, num_images=6, seed=2,
                                 use_ema=False)
    plain.set_model(gan)
    np.testing.assert_allclose(plain.images(), trained, atol=1e-6)


def test_without_ema_nothing_changes_and_use_ema_true_is_an_error():
    keras.utils.set_random_seed(0)
    gan = GAN(networks.mlp_generator(SHAPE, LATENT, units=8),
              networks.mlp_discriminator(SHAPE, units=8), seed=0)
    assert gan.generator_ema is None and gan.ema_decay is None
    np.testing.assert_array_equal(gan.generate(3, seed=1),
                                  gan.generate(3, seed=1, use_ema=False))
    with pytest.raises(ValueError, match="keeps no EMA copy"):
        gan.generate(3, use_ema=True)


@pytest.mark.parametrize("bad", [1.0, -0.1, "slow"])
def test_bad_decay_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="ema_decay must be"):
        ema_gan(bad)


def test_keras_file_round_trip_keeps_the_ema_weights(tmp_path):
    gan = ema_gan(0.7)
    gan.fit(images(32), batch_size=8, epochs=1, verbose=0)
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    for compile in (True, False):
        loaded = keras.saving.load_model(path, compile=compile)
        assert loaded.ema_decay == pytest.approx(0.7)
        for a, b in zip(gan.generator_ema.weights,
                        loaded.generator_ema.weights):
            np.testing.assert_array_equal(np.array(a), np.array(b))
        np.testing.assert_allclose(loaded.generate(4, seed=1),
                                   gan.generate(4, seed=1), atol=1e-6)
    # training the loaded GAN keeps averaging from the saved copy
    before = [np.array(w) for w in loaded.generator_ema.weights]
    loaded.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.5))
    loaded.fit(images(8), batch_size=8, epochs=1, verbose=0)
    w = [np.array(v) for v in loaded.generator.weights]
    for b, e, now in zip(before, loaded.generator_ema.weights, w):
        np.testing.assert_allclose(np.array(e), 0.7 * b + 0.3 * now,
                                   rtol=1e-5, atol=1e-6)


def test_ema_under_mirrored_strategy_matches_one_device(two_cpu_strategy):
    x = images(16, 3)

    def run(strategy):
        with strategy.scope():
            gan = ema_gan(0.6, seed=4)
        gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(8), epochs=1,
                verbose=0)
        return gan

    single, mirrored = run(tf.distribute.get_strategy()), run(
        two_cpu_strategy)
    assert type(mirrored.generator_ema.weights[0].value).__name__ == \
        "MirroredVariable"
    for a, b in zip(single.generator_ema.weights,
                    mirrored.generator_ema.weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)
        copies = [np.array(v) for v in b.value.values]
        np.testing.assert_array_equal(copies[0], copies[1])
    assert not np.allclose(np.array(single.generator_ema.weights[0]),
                           np.array(single.generator.weights[0]))


def test_update_is_the_documented_formula_in_eager_code():
    keras.utils.set_random_seed(0)
    g = networks.mlp_generator(SHAPE, LATENT, units=4)
    copy = ema.make_copy(g)
    assert copy.name == f"{g.name}_ema" and not copy.trainable
    e0 = [np.array(w) for w in copy.weights]
    for w in g.weights:
        w.assign(np.array(w) + 1.0)
    ema.update(copy, g, 0.25)
    for a, e, w in zip(e0, copy.weights, g.weights):
        np.testing.assert_allclose(np.array(e), 0.25 * a + 0.75 * np.array(w),
                                   rtol=1e-6)


def test_export_writes_the_ema_weights(tmp_path):
    from keras_gans import export

    gan = ema_gan(0.5)
    gan.fit(images(32), batch_size=8, epochs=1, verbose=0)
    z = np.random.RandomState(1).normal(size=(3, LATENT)).astype("float32")
    folder = export.save_generator(gan, tmp_path / "ema", verify=False)
    served = export.load(folder)
    np.testing.assert_allclose(np.asarray(served(z)),
                               np.array(gan.generator_ema(z)), atol=1e-5)
    trained = export.load(export.save_generator(
        gan, tmp_path / "trained", use_ema=False, verify=False))
    np.testing.assert_allclose(np.asarray(trained(z)),
                               np.array(gan.generator(z)), atol=1e-5)
