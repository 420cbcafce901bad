"""The opt-in simultaneous update and mixed precision: what each promises."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from keras_gans import GAN, export
from keras_gans.training.run import dtype_policy
from keras_gans.engine.penalties import GradientPenalty

SIDE = 8


def _networks(dtype=None, latent=3):
    z = keras.Input((latent,))
    h = layers.Dense(SIDE * SIDE * 2, activation="relu", dtype=dtype)(z)
    h = layers.Reshape((SIDE, SIDE, 2), dtype=dtype)(h)
    g = keras.Model(z, layers.Conv2D(1, 3, padding="same", activation="tanh",
                                     dtype=dtype)(h))
    x = keras.Input((SIDE, SIDE, 1))
    h = layers.Conv2D(4, 3, strides=2, padding="same", activation="relu",
                      dtype=dtype)(x)
    d = keras.Model(x, layers.Dense(1, dtype=dtype)(layers.Flatten(
        dtype=dtype)(h)))
    return g, d


def _gan(update="sequential", dtype=None, penalties=(), lr=0.1):
    keras.utils.set_random_seed(0)
    gan = GAN(*_networks(dtype), seed=0)
    gan.compile(d_optimizer=keras.optimizers.SGD(lr),
                g_optimizer=keras.optimizers.SGD(lr), update=update,
                penalties=list(penalties))
    return gan


def _real(n=8):
    return np.random.default_rng(0).uniform(
        -1, 1, (n, SIDE, SIDE, 1)).astype("float32")


def test_simultaneous_update_takes_both_gradients_before_the_step():
    gan = _gan("simultaneous")
    real = {"images": tf.constant(_real())}
    state = np.array(gan.seed_generator.state)
    d_vars, g_vars = gan.discriminator_variables(), gan.generator_variables()
    d0, g0 = [np.array(v) for v in d_vars], [np.array(v) for v in g_vars]
    # the expected step: both losses on one set of fakes, old weights
    with tf.GradientTape(persistent=True) as tape:
        fake = gan.fake_batch(real)
        d_total, _ = gan.discriminator_loss(real, fake)
        g_total, _ = gan.generator_loss(real, fake)
    d_grads = tape.gradient(d_total, d_vars)
    g_grads = tape.gradient(g_total, g_vars)
    gan.seed_generator.state.assign(state)
    logs = gan.train_step(real["images"])
    assert {"d_loss", "g_loss", "d_real", "d_fake"} <= set(logs)
    for v, w, grad in zip(d_vars, d0, d_grads):
        np.testing.assert_allclose(np.array(v), w - 0.1 * grad.numpy(),
                                   atol=1e-5)
    for v, w, grad in zip(g_vars, g0, g_grads):
        np.testing.assert_allclose(np.array(v), w - 0.1 * grad.numpy(),
                                   atol=1e-5)


def test_simultaneous_update_differs_from_sequential_and_needs_one_d_step():
    images = _real(16)
    seq, sim = _gan("sequential"), _gan("simultaneous")
    seq.fit(images, batch_size=8, epochs=1, verbose=0, shuffle=False)
    sim.fit(images, batch_size=8, epochs=1, verbose=0, shuffle=False)
    assert not np.allclose(np.array(seq.generator_variables()[0]),
                           np.array(sim.generator_variables()[0]))
    with pytest.raises(ValueError, match="d_steps=2 needs"):
        GAN(*_networks(), seed=0).compile(d_steps=2, update="simultaneous")
    with pytest.raises(ValueError, match="update must be one of"):
        GAN(*_networks(), seed=0).compile(update="alternating")


def test_simultaneous_update_survives_a_keras_round_trip(tmp_path):
    gan = _gan("simultaneous")
    gan.fit(_real(), batch_size=8, epochs=1, verbose=0)
    gan.save(tmp_path / "sim.keras")
    again = keras.saving.load_model(tmp_path / "sim.keras", compile=True)
    assert again.update == "simultaneous"


def test_bfloat16_networks_train_with_float32_losses_and_state(tmp_path):
    with dtype_policy("mixed_bfloat16"):
        gan = GAN(*_networks(), seed=0, ema_decay=0.5)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3),
                penalties=[GradientPenalty(1.0)])
    assert gan.generator.layers[1].compute_dtype == "bfloat16"
    history = gan.fit(_real(32), batch_size=8, epochs=2, verbose=0)
    for key in ("d_loss", "g_loss", "gp"):
        assert np.all(np.isfinite(history.history[key])), key
    # variables, optimizer slots and the EMA copy stay float32
    for v in (gan.generator_variables() + gan.discriminator_variables() +
              gan.generator_ema.weights + gan.d_optimizer.variables):
        assert v.dtype in ("float32", "int64"), (v.path, v.dtype)
    real = {"images": tf.constant(_real())}
    total, logs = gan.discriminator_loss(real, gan.fake_batch(real))
    assert total.dtype == tf.float32 and logs["d_loss"].dtype == tf.float32
    # the exported generator serves float32 images
    g = export.load(export.save_generator(gan, tmp_path / "bf16"))
    out = g.signatures["serving_default"](
        latent=tf.zeros((2, 3), tf.float32))
    assert out["images_float"].dtype == tf.float32
    assert out["images"].dtype == tf.uint8


def test_bfloat16_gradient_penalty_matches_float32():
    """The same weights, bf16 compute vs f32: the penalty (a double
    backprop) agrees to bf16's precision (8 mantissa bits: a few %)."""
    penalty = GradientPenalty(10.0)
    f32 = _gan(penalties=[penalty])
    with dtype_policy("mixed_bfloat16"):
        bf16 = GAN(*_networks(), seed=0)
    bf16.compile(penalties=[GradientPenalty(10.0)])
    bf16.set_weights(f32.get_weights())
    real = {"images": tf.constant(_real())}
    inputs = f32.sample_generator_inputs(8, seed=3)
    fake = dict(inputs, images=f32.generated(inputs)["images"])
    values = []
    for gan in (f32, bf16):
        out_real = gan.discriminate(real, training=True)
        out_fake = gan.discriminate(fake, training=True)
        values.append(float(tf.reduce_mean(gan.penalties[0]
                      .discriminator_penalty(gan, real, fake, out_real,
                                             out_fake))))
    assert values[0] > 0
    np.testing.assert_allclose(values[1], values[0], rtol=0.05)
