"""Non-finite losses and weights: the guard stops a run with a message
naming the step, metric and checkpoint; on_non_finite="skip-batch" undoes
such updates and goes on."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, networks, training
from keras_gans.training.guard import NonFiniteError, NonFiniteGuard

SHAPE = (8, 8, 1)


def tiny_gan(**compile_kwargs):
    keras.utils.set_random_seed(0)
    gan = GAN(networks.mlp_generator(SHAPE, 4, units=8),
              networks.mlp_discriminator(SHAPE, units=8, dropout=0.0),
              seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3), **compile_kwargs)
    return gan


def batches(nan_at=(), n=3, size=4):
    x = np.random.default_rng(0).uniform(-1, 1, (n * size, *SHAPE))
    x = x.astype("float32")
    for i in nan_at:
        x[i * size] = np.nan
    return tf.data.Dataset.from_tensor_slices(x).batch(size)


def values(variables):
    return [np.array(v) for v in variables]


def test_guard_stops_at_the_first_nan_and_names_step_metric_checkpoint():
    gan = tiny_gan()
    guard = NonFiniteGuard(checkpoint="runs/x/phase1.keras")
    with pytest.raises(NonFiniteError, match=(
            r"generator step 2 \(epoch 1\): the metric 'd_\w+' is nan; the "
            r"last good checkpoint is runs/x/phase1.keras.*skip-batch")):
        gan.fit(batches(nan_at=[1]), epochs=3, verbose=0, callbacks=[guard])
    assert int(gan.g_optimizer.iterations) == 2     # stopped there


def test_guard_names_a_non_finite_weight():
    gan = tiny_gan()
    gan.generator.trainable_weights[0].assign(
        np.full(gan.generator.trainable_weights[0].shape, np.inf))
    guard = NonFiniteGuard()
    guard.set_model(gan)     # a weight can turn inf with finite metrics
    with pytest.raises(NonFiniteError, match=r"the weight '[\w/]+' holds "
                                             r"non-finite values; no "
                                             r"checkpoint had been written"):
        guard.on_epoch_end(0)


def test_skip_batch_undoes_the_update_and_keeps_metrics_finite():
    gan = tiny_gan(on_non_finite="skip-batch")
    d_before = values(gan.discriminator.trainable_weights)
    d_state = values(gan.d_optimizer.variables)
    g_before = values(gan.generator.trainable_weights)
    history = gan.fit(batches(nan_at=[0], n=1), epochs=1, verbose=0)
    # the NaN real batch spoils the discriminator update only: undone,
    # weights and Adam state (step counter included) as before
    for a, v in zip(d_before, gan.discriminator.trainable_weights):
        np.testing.assert_array_equal(a, np.array(v))
    for a, v in zip(d_state, gan.d_optimizer.variables):
        np.testing.assert_array_equal(a, np.array(v))
    assert any(not np.allclose(a, np.array(v)) for a, v in
               zip(g_before, gan.generator.trainable_weights))
    # (1 D update skipped + 0 G) / 2 updates
    assert history.history["skipped_updates"][0] == pytest.approx(0.5)
    assert np.isfinite(history.history["g_loss"][0])

    history = gan.fit(batches(nan_at=[1], n=3), epochs=1, verbose=0)
    assert history.history["skipped_updates"][0] == pytest.approx(0.5 / 3)
    assert all(np.isfinite(v[0]) for v in history.history.values())
    assert all(np.all(np.isfinite(np.array(v))) for v in gan.weights)


def test_skip_batch_survives_a_keras_file_and_bad_values_are_refused(
        tmp_path):
    gan = tiny_gan(on_non_finite="skip-batch")
    gan.fit(batches(), epochs=1, verbose=0)
    gan.save(tmp_path / "g.keras")
    back = keras.saving.load_model(tmp_path / "g.keras")
    assert back.on_non_finite == "skip-batch"
    with pytest.raises(ValueError, match="on_non_finite must be one of"):
        tiny_gan(on_non_finite="ignore")
    with pytest.raises(ValueError, match="on_nan must be 'stop' or "
                                         "'skip-batch'; received 'skip'"):
        training.train("dcgan", on_nan="skip")
