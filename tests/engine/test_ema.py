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


def _batch_norm_inputs(network, layer, z):
    """What ``layer`` (a BatchNormalization inside ``network``) receives."""
    probe = keras.Model(network.inputs, layer.input)
    return np.asarray(probe(z, training=True), dtype="float64")


def test_standing_statistics_are_the_mean_of_the_batch_statistics():
    gan = ema_gan(0.5, batch_norm=True)
    gan.fit(images(32), batch_size=8, epochs=1, verbose=0)
    copy = gan.generator_ema
    layers = ema.batch_norm_layers(copy)
    assert len(layers) >= 1
    moving = {id(w) for bn in layers
              for w in (bn.moving_mean, bn.moving_variance)}
    averaged = [w for w in copy.weights if id(w) not in moving]
    trained = [np.array(w) for w in averaged]
    copied = [np.array(bn.moving_mean) for bn in layers]
    flags = [(bn.momentum, bn.trainable) for bn in layers]
    assert ema.standing_statistics(gan, num_batches=5, batch_size=8,
                                   seed=3) == len(layers)
    # the same draws (5 batches of 8), run through the copy in training
    # mode: each layer's moving mean / variance is the mean over the
    # batches of the per-batch mean / (biased) variance of its input
    draws = [gan.sample_generator_inputs(8, seed=3 + 7919 * i)["latent"]
             for i in range(5)]
    for bn, before in zip(layers, copied):
        stats = [_batch_norm_inputs(copy, bn, z) for z in draws]
        axes = tuple(range(stats[0].ndim - 1))
        mean = np.mean([s.mean(axis=axes) for s in stats], axis=0)
        var = np.mean([s.var(axis=axes) for s in stats], axis=0)
        np.testing.assert_allclose(np.array(bn.moving_mean), mean,
                                   rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(np.array(bn.moving_variance), var,
                                   rtol=1e-4, atol=1e-5)
        assert not np.allclose(before, mean)  # not the copied statistics
    # the averaged weights, the layers' settings and the copy's frozen state
    # are left as they were
    assert len(trained) > len(layers)
    for a, w in zip(trained, averaged):
        np.testing.assert_array_equal(a, np.array(w))
    assert [(bn.momentum, bn.trainable) for bn in layers] == flags
    assert not copy.trainable and not copy.trainable_weights
    # the same seed gives the same statistics (a resumed run agrees)
    first = [np.array(bn.moving_variance) for bn in layers]
    ema.standing_statistics(gan, num_batches=5, batch_size=8, seed=3)
    for a, bn in zip(first, layers):
        np.testing.assert_allclose(a, np.array(bn.moving_variance),
                                   rtol=1e-6)


def test_standing_statistics_leave_gans_without_them_alone():
    no_ema = ema_gan(batch_norm=True)
    object.__setattr__(no_ema, "generator_ema", None)
    assert ema.standing_statistics(no_ema) == 0
    assert ema.standing_statistics(ema_gan(batch_norm=False)) == 0
    with pytest.raises(ValueError, match="num_batches >= 1; received "
                       "num_batches=0"):
        ema.standing_statistics(ema_gan(batch_norm=True), num_batches=0)


def test_standing_statistics_need_drawable_inputs():
    from keras_gans.variants import Pix2Pix

    keras.utils.set_random_seed(0)
    gan = Pix2Pix(networks.unet_generator((8, 8, 1), width=4),
                  networks.patchgan_discriminator((8, 8, 1), width=4,
                                                  num_layers=1),
                  ema_decay=0.9)
    assert ema.batch_norm_layers(gan.generator_ema)
    with pytest.raises(ValueError, match=r"inputs \['image'\] have none"):
        ema.standing_statistics(gan)


def test_the_callback_recomputes_them_under_mirrored_strategy(
        two_cpu_strategy):
    with two_cpu_strategy.scope():
        gan = ema_gan(0.5, seed=2, batch_norm=True)
    x = tf.data.Dataset.from_tensor_slices(images(32, 5)).batch(8)
    stats = callbacks.EMAStatistics(num_batches=4, batch_size=8, seed=1)
    gan.fit(x, epochs=1, verbose=0, callbacks=[stats])
    layers = ema.batch_norm_layers(gan.generator_ema)
    got = [np.array(bn.moving_mean) for bn in layers]
    for bn in layers:
        copies = [np.array(v) for v in bn.moving_mean.value.values]
        np.testing.assert_array_equal(copies[0], copies[1])
    live = [np.array(bn.moving_mean)
            for bn in ema.batch_norm_layers(gan.generator)]
    assert not all(np.allclose(a, b) for a, b in zip(got, live))
    ema.standing_statistics(gan, num_batches=4, batch_size=8, seed=1)
    for a, bn in zip(got, layers):
        np.testing.assert_allclose(a, np.array(bn.moving_mean), rtol=1e-5,
                                   atol=1e-6)


def test_a_training_run_saves_the_ema_copy_with_its_own_statistics(
        tmp_path):
    import keras_gans
    from keras_gans.zoo import load_gan

    out = tmp_path / "run"
    gan, _ = keras_gans.training.train(
        "dcgan", dataset="mnist_5k", out=str(out), epochs=1,
        steps_per_epoch=3, width=4, batch_size=8, ema_decay=0.9, verbose=0,
        tensorboard=False)
    saved = load_gan(out / "model.keras")
    got = [np.array(bn.moving_variance)
           for bn in ema.batch_norm_layers(saved.generator_ema)]
    live = [np.array(bn.moving_variance)
            for bn in ema.batch_norm_layers(saved.generator)]
    assert got and not all(np.allclose(a, b) for a, b in zip(got, live))
    # they are the standing statistics of the run's settings (batch 8,
    # seed 0): recomputing them changes nothing
    ema.standing_statistics(saved, batch_size=8, seed=0)
    for a, bn in zip(got, ema.batch_norm_layers(saved.generator_ema)):
        np.testing.assert_allclose(a, np.array(bn.moving_variance),
                                   rtol=1e-4, atol=1e-6)
