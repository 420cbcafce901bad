"""UnrolledGAN: the generator's loss through k look-ahead discriminator
updates, checked against a hand-unrolled computation; the discriminator's
real weights untouched by the look-ahead; k = 0 is the plain GAN."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, networks
from keras_gans.variants import UnrolledGAN

LATENT = 3


def nets(seed=0, hidden=1):
    keras.utils.set_random_seed(seed)
    g = networks.point_generator(LATENT, units=6, num_layers=1)
    d = networks.point_discriminator(units=5, num_layers=hidden)
    return g, d


def make(cls=UnrolledGAN, seed=0, hidden=1, d_opt=None, g_opt=None,
         loss="non_saturating", **kwargs):
    g, d = nets(seed, hidden)
    gan = cls(g, d, seed=seed, **kwargs)
    gan.compile(d_optimizer=d_opt or keras.optimizers.Adam(1e-2, beta_1=0.5),
                g_optimizer=g_opt or keras.optimizers.Adam(1e-2, beta_1=0.5),
                loss=loss)
    return gan


def points(n=16, seed=0):
    return np.random.default_rng(seed).normal(size=(n, 2)).astype("float32")


def weights(model):
    return [np.array(v) for v in model.trainable_weights]


def fit_once(gan, x):
    return gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(len(x)),
                   epochs=1, verbose=0).history


def test_zero_unroll_steps_is_the_plain_gan():
    x = points()
    plain, unrolled = make(GAN), make(unroll_steps=0)
    fit_once(plain, x)
    fit_once(unrolled, x)
    for a, b in zip(weights(plain), weights(unrolled)):
        np.testing.assert_array_equal(a, b)


def test_look_ahead_is_thrown_away_and_only_the_generator_differs():
    """The discriminator's weights after a train step are those of the plain
    GAN's step (its own update is the normal one; the look-ahead assigns
    nothing), while the generator moved differently."""
    x = points()
    plain, unrolled = make(GAN), make(unroll_steps=3)
    fit_once(plain, x)
    fit_once(unrolled, x)
    for a, b in zip(weights(plain.discriminator),
                    weights(unrolled.discriminator)):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    gaps = [np.abs(a - b).max() for a, b in zip(weights(plain.generator),
                                                 weights(unrolled.generator))]
    assert max(gaps) > 1e-5

    before = weights(unrolled.discriminator)
    g_before = weights(unrolled.generator)
    unrolled.generator_step({"images": tf.constant(x)})
    for a, b in zip(before, weights(unrolled.discriminator)):
        np.testing.assert_array_equal(a, b)
    assert any(not np.allclose(a, b) for a, b in
               zip(g_before, weights(unrolled.generator)))


def _hand_unrolled_gradient(gan, real, z, k, lr, through):
    """The surrogate generator loss, unrolled by hand for a discriminator
    that is one Dense layer on 0.25 * x: theta_{i+1} = theta_i - lr *
    grad L_D(theta_i), non-saturating losses as batch means."""
    w0, b0 = (tf.constant(v) for v in weights(gan.discriminator))
    g_vars = gan.generator.trainable_variables

    def logits(x, w, b):
        return tf.matmul(0.25 * x, w) + b

    with tf.GradientTape() as outer:
        fake = gan.generator(z)
        w, b = w0, b0
        for _ in range(k):
            with tf.GradientTape() as inner:
                inner.watch([w, b])
                f = fake if through else tf.stop_gradient(fake)
                d_loss = tf.reduce_mean(
                    tf.nn.softplus(-logits(real, w, b))
                    + tf.nn.softplus(logits(f, w, b)))
            gw, gb = inner.gradient(d_loss, [w, b])
            w, b = w - lr * gw, b - lr * gb
            if not through:
                w, b = tf.stop_gradient(w), tf.stop_gradient(b)
        g_loss = tf.reduce_mean(tf.nn.softplus(-logits(fake, w, b)))
    return g_loss, outer.gradient(g_loss, g_vars)


def _variant_gradient(gan, real, z):
    with tf.GradientTape() as tape:
        fake = {"latent": z, "images": gan.generator(z)}
        loss, logs = gan.generator_loss({"images": real}, fake)
    return loss, logs, tape.gradient(loss, gan.generator.trainable_variables)


@pytest.mark.parametrize("through", [True, False])
def test_generator_gradient_matches_the_hand_unrolled_computation(through):
    k, lr = 2, 0.5
    gan = make(hidden=0, d_opt=keras.optimizers.SGD(lr), unroll_steps=k,
               backprop_through_unroll=through)
    real = tf.constant(points(8, seed=1))
    z = tf.constant(np.random.default_rng(2).normal(
        size=(8, LATENT)).astype("float32"))
    want_loss, want = _hand_unrolled_gradient(gan, real, z, k, lr, through)
    loss, logs, got = _variant_gradient(gan, real, z)
    assert float(loss) == pytest.approx(float(want_loss), rel=1e-5)
    assert float(logs["g_loss"]) == pytest.approx(float(want_loss), rel=1e-5)
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.array(a), np.array(b), rtol=1e-4,
                                   atol=1e-6)
    # the second-order term is real: it changes the gradient
    _, first_order = _hand_unrolled_gradient(gan, real, z, k, lr, False)
    _, second_order = _hand_unrolled_gradient(gan, real, z, k, lr, True)
    gap = max(float(tf.reduce_max(tf.abs(a - b)))
              for a, b in zip(first_order, second_order))
    assert gap > 1e-6


def test_unrolled_gradient_differs_from_the_plain_one():
    gan = make(hidden=1, unroll_steps=5)
    plain = make(GAN, hidden=1)
    real = tf.constant(points(8, seed=1))
    z = tf.constant(np.random.default_rng(2).normal(
        size=(8, LATENT)).astype("float32"))
    *_, g_unrolled = _variant_gradient(gan, real, z)
    *_, g_plain = _variant_gradient(plain, real, z)
    gap = max(float(tf.reduce_max(tf.abs(a - b)))
              for a, b in zip(g_unrolled, g_plain))
    assert gap > 1e-5


def test_adam_look_ahead_is_the_discriminator_optimizers_next_step():
    """With one look-ahead step, the look-ahead weights are where the
    discriminator's Adam (with its moments after a real step) would put
    them on the same batch: compared by really applying that update to the
    variables and restoring them."""
    gan = make(unroll_steps=1)
    x = points(8, seed=4)
    fit_once(gan, x)   # the optimizer has moments now
    real = {"images": tf.constant(x)}
    fake = gan.fake_batch(real)
    fake = {k: tf.constant(np.array(v)) for k, v in fake.items()}
    looked = [np.array(v) for v in gan.lookahead_values(real, fake)]

    variables = gan.discriminator_variables()
    saved = [np.array(v) for v in variables]
    opt_saved = [np.array(v) for v in gan.d_optimizer.variables]
    with tf.GradientTape() as tape:
        loss, _ = gan.discriminator_loss(real, fake)
    gan.d_optimizer.apply_gradients(zip(tape.gradient(loss, variables),
                                        variables))
    stepped = [np.array(v) for v in variables]
    for v, s in zip(variables, saved):
        v.assign(s)
    for v, s in zip(gan.d_optimizer.variables, opt_saved):
        v.assign(s)
    for a, b, s in zip(looked, stepped, saved):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
        assert not np.allclose(a, s)   # it did move


def test_another_loss_trains_with_finite_metrics():
    gan = make(unroll_steps=2, loss="hinge")
    before = weights(gan.generator)
    history = fit_once(gan, points(16))
    assert all(np.isfinite(v[0]) for v in history.values())
    assert any(not np.allclose(a, b) for a, b in
               zip(before, weights(gan.generator)))


def test_distributed_unrolled_step_equals_single_device(two_cpu_strategy):
    """The look-ahead gradients are summed over replicas, so two replicas
    unroll the same discriminator as one device does."""
    x = points(16, seed=3)

    def run(strategy):
        with strategy.scope():
            gan = make(seed=5, unroll_steps=2,
                       d_opt=keras.optimizers.SGD(0.5),
                       g_opt=keras.optimizers.SGD(0.5))
        return gan, fit_once(gan, x)

    single, h1 = run(tf.distribute.get_strategy())
    mirrored, h2 = run(two_cpu_strategy)
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    for a, b in zip(single.trainable_weights, mirrored.trainable_weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)
    for name in h1:
        assert h1[name][0] == pytest.approx(h2[name][0], abs=1e-5), name


def test_keras_file_round_trip_keeps_the_settings(tmp_path):
    gan = make(unroll_steps=4, backprop_through_unroll=False,
               lookahead="sgd", lookahead_learning_rate=0.01)
    fit_once(gan, points(8))
    path = os.path.join(tmp_path, "unrolled.keras")
    gan.save(path)
    back = keras.saving.load_model(path)
    assert isinstance(back, UnrolledGAN)
    assert (back.unroll_steps, back.backprop_through_unroll, back.lookahead,
            back.lookahead_learning_rate) == (4, False, "sgd", 0.01)
    np.testing.assert_allclose(back.generate(5, seed=1),
                               gan.generate(5, seed=1), atol=1e-6)


def test_bad_settings_say_what_was_expected():
    g, d = nets()
    with pytest.raises(ValueError, match=r"unroll_steps must be an integer "
                                         r">= 0.*received -1"):
        UnrolledGAN(g, d, unroll_steps=-1)
    with pytest.raises(ValueError, match="lookahead must be one of"):
        UnrolledGAN(g, d, lookahead="rmsprop")
    with pytest.raises(ValueError, match="lookahead_learning_rate"):
        UnrolledGAN(g, d, lookahead_learning_rate=0)
    gan = make(unroll_steps=1, lookahead="adam",
               d_opt=keras.optimizers.SGD(0.1))
    with pytest.raises(ValueError, match="d_optimizer is SGD.*lookahead='sgd'"):
        fit_once(gan, points(8))
