"""Penalties: closed forms on known critics, hooks inside fit, metrics,
serialisation, tf.distribute and spectral normalisation."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from keras_gans import GAN, networks
from keras_gans.engine.penalties import (R1, R2, Drift, GradientPenalty,
                                  InstanceNoise, Penalty, WeightClip,
                                  WeightPenalty)
from keras_gans.variants.conditional import ConditionalGAN

from conftest import small_mlp_gan

SHAPE = (4, 4, 1)
LATENT = 3


def constant_generator(value=0.25, shape=SHAPE):
    """G(z) = value everywhere (zero kernel): fakes equal to known data."""
    z = keras.Input((LATENT,))
    x = layers.Dense(int(np.prod(shape)), kernel_initializer="zeros",
                     bias_initializer=keras.initializers.Constant(value))(z)
    return keras.Model(z, layers.Reshape(shape)(x))


def linear_critic(w, shape=SHAPE):
    """D(x) = w . x (no bias)."""
    x = keras.Input(shape)
    d = layers.Dense(1, use_bias=False, name="w")
    out = d(layers.Flatten()(x))
    model = keras.Model(x, out)
    d.kernel.assign(np.asarray(w, np.float32).reshape(-1, 1))
    return model


class SumOfSquares(layers.Layer):
    """D(x) = a * sum(x^2), a trainable scalar."""

    def __init__(self, a=1.0, **kwargs):
        super().__init__(**kwargs)
        self.init_a = a

    def build(self, input_shape):
        self.a = self.add_weight(
            shape=(), initializer=keras.initializers.Constant(self.init_a),
            name="a")

    def call(self, x):
        return self.a * keras.ops.sum(keras.ops.square(x), axis=(1, 2, 3))


def make_gan(critic, generator=None, seed=0, **compile_kwargs):
    gan = GAN(generator or constant_generator(), critic, seed=seed)
    compile_kwargs.setdefault("d_optimizer", keras.optimizers.SGD(0.1))
    compile_kwargs.setdefault("g_optimizer", keras.optimizers.SGD(0.1))
    compile_kwargs.setdefault("loss", "wasserstein")
    gan.compile(**compile_kwargs)
    return gan


def images(n, seed=0, shape=SHAPE):
    return np.random.RandomState(seed).uniform(
        -1, 1, (n, *shape)).astype("float32")


def batch(x):
    return {"images": tf.constant(x)}


def unit(v):
    v = np.asarray(v, np.float64)
    return v / np.linalg.norm(v)


# -- gradient penalty ---------------------------------------------------------
@pytest.mark.parametrize("norm", [0.3, 1.0, 2.5])
def test_gradient_penalty_on_a_linear_critic_is_exact(norm):
    w = norm * unit(np.arange(1, 17))
    gan = make_gan(linear_critic(w))
    real, fake = batch(images(5, 1)), batch(images(5, 2))
    value = GradientPenalty().discriminator_penalty(gan, real, fake, None,
                                                    None)
    assert value.shape == (5,)
    np.testing.assert_allclose(np.array(value), (norm - 1.0) ** 2, atol=1e-5)
    one_sided = GradientPenalty(one_sided=True).discriminator_penalty(
        gan, real, fake, None, None)
    expected = max(0.0, norm - 1.0) ** 2
    np.testing.assert_allclose(np.array(one_sided), expected, atol=1e-5)
    if norm < 1:
        assert np.all(np.array(one_sided) == 0.0)
    shifted = GradientPenalty(target=2.0).discriminator_penalty(
        gan, real, fake, None, None)
    np.testing.assert_allclose(np.array(shifted), (norm - 2.0) ** 2,
                               atol=1e-5)


def test_gradient_penalty_weighted_in_the_critic_update():
    """Real data equal to the (constant) fakes: the Wasserstein gradient
    vanishes and one SGD step moves w by exactly lr * weight * d GP / dw =
    lr * weight * 2 (||w|| - 1) w / ||w||; the metric is the unweighted GP."""
    w = 2.0 * unit(np.arange(1, 17))
    lr, weight = 0.01, 10.0
    gan = make_gan(linear_critic(w), d_optimizer=keras.optimizers.SGD(lr),
                   penalties=[GradientPenalty(weight)])
    real = np.full((8, *SHAPE), 0.25, np.float32)
    history = gan.fit(real, batch_size=8, epochs=1, verbose=0)
    assert history.history["gp"][0] == pytest.approx(1.0, abs=1e-5)
    expected = w - lr * weight * 2.0 * (2.0 - 1.0) * unit(w)
    np.testing.assert_allclose(
        np.array(gan.discriminator.get_layer("w").kernel)[:, 0], expected,
        atol=1e-5)


def test_gradient_penalty_interpolates_between_real_and_fake():
    """alpha ~ U[0, 1] per example: each interpolate lies on its segment,
    with distinct alphas across the batch; batch size is free."""
    gan = make_gan(linear_critic(unit(np.ones(16))))
    gp = GradientPenalty()
    for n in (1, 7):
        real, fake = images(n, 3), images(n, 4)
        x_hat = np.array(gp.interpolate(gan, batch(real), batch(fake)))
        alpha = (x_hat - fake) / (real - fake)
        per_example = alpha.reshape(n, -1)
        np.testing.assert_allclose(per_example,
                                   per_example[:, :1].repeat(16, 1),
                                   atol=1e-4)
        assert np.all((per_example >= -1e-5) & (per_example <= 1 + 1e-5))
    assert np.std(per_example[:, 0]) > 0.05


def test_gradient_penalty_is_finite_at_a_zero_gradient():
    """A constant critic: ||grad|| = 0, GP = target^2 and its gradient with
    respect to the critic weights is finite (no NaN from sqrt(0))."""
    critic = linear_critic(np.zeros(16))
    gan = make_gan(critic)
    real, fake = batch(images(4, 1)), batch(images(4, 2))
    with tf.GradientTape() as tape:
        value = GradientPenalty().discriminator_penalty(gan, real, fake,
                                                        None, None)
        total = tf.reduce_mean(value)
    grads = tape.gradient(total, critic.trainable_variables)
    np.testing.assert_allclose(np.array(value), 1.0, atol=1e-5)
    assert all(np.all(np.isfinite(np.array(g))) for g in grads)


def test_gradient_penalty_keeps_the_real_labels_of_a_conditional_gan():
    seen = []

    class Recording(ConditionalGAN):
        def discriminate(self, batch, training=False):
            seen.append(batch)
            return super().discriminate(batch, training)

    images_in = keras.Input(SHAPE)
    labels_in = keras.Input((), dtype="int32")
    emb = layers.Flatten()(layers.Embedding(3, 16)(labels_in))
    score = layers.Dot(axes=1)([layers.Flatten()(images_in), emb])
    critic = keras.Model([images_in, labels_in], score)
    z = keras.Input((LATENT,))
    y = keras.Input((), dtype="int32")
    h = layers.Concatenate()([z, layers.Flatten()(
        layers.Embedding(3, 2)(y))])
    g = keras.Model([z, y], layers.Reshape(SHAPE)(layers.Dense(16)(h)))
    gan = Recording(g, critic, num_classes=3, seed=0)
    gan.compile(keras.optimizers.SGD(0.1), keras.optimizers.SGD(0.1),
                loss="wasserstein")
    labels = tf.constant([0, 2, 1, 2])
    real = {"images": tf.constant(images(4, 1)), "labels": labels}
    fake = {"images": tf.constant(images(4, 2)),
            "labels": tf.constant([1, 1, 1, 1])}
    value = GradientPenalty().discriminator_penalty(gan, real, fake, None,
                                                    None)
    np.testing.assert_array_equal(np.array(seen[-1]["labels"]), labels)
    # D(x, y) = x . e_y, so the gradient norm is ||e_y||
    emb_layer = [lay for lay in critic.layers
                 if isinstance(lay, layers.Embedding)][0]
    table = np.array(emb_layer.embeddings)
    expected = (np.linalg.norm(table[np.array(labels)], axis=1) - 1) ** 2
    np.testing.assert_allclose(np.array(value), expected, rtol=1e-4)


# -- R1 / R2 ------------------------------------------------------------------
def test_r1_and_r2_closed_form_on_a_quadratic_critic():
    a = 0.7
    x = keras.Input(SHAPE)
    critic = keras.Model(x, SumOfSquares(a)(x))
    gan = make_gan(critic)
    real, fake = images(6, 1), images(6, 2)
    r1 = R1(gamma=4.0).discriminator_penalty(gan, batch(real), batch(fake),
                                            None, None)
    # grad = 2 a x, so ||grad||^2 = 4 a^2 sum(x^2)
    expected = 4 * a ** 2 * (real ** 2).reshape(6, -1).sum(1)
    np.testing.assert_allclose(np.array(r1), expected, rtol=1e-5)
    r2 = R2(gamma=4.0).discriminator_penalty(gan, batch(real), batch(fake),
                                            None, None)
    np.testing.assert_allclose(
        np.array(r2), 4 * a ** 2 * (fake ** 2).reshape(6, -1).sum(1),
        rtol=1e-5)
    assert R1(gamma=4.0).weight == 2.0  # weight = gamma / 2


def test_r1_is_zero_for_a_constant_critic():
    gan = make_gan(linear_critic(np.zeros(16)))
    value = R1(10.0).discriminator_penalty(gan, batch(images(5)),
                                           batch(images(5, 1)), None, None)
    np.testing.assert_array_equal(np.array(value), np.zeros(5))


def test_r1_weighted_in_the_critic_update():
    """D = a sum(x^2): d/da of gamma/2 mean(4 a^2 s) = 4 gamma a mean(s);
    with real == fake the adversarial gradient of a vanishes."""
    a, gamma, lr = 0.5, 2.0, 0.01
    x = keras.Input(SHAPE)
    critic = keras.Model(x, SumOfSquares(a)(x))
    gan = make_gan(critic, d_optimizer=keras.optimizers.SGD(lr),
                   penalties=[R1(gamma)])
    real = np.full((8, *SHAPE), 0.25, np.float32)
    history = gan.fit(real, batch_size=8, epochs=1, verbose=0)
    s = 16 * 0.25 ** 2
    assert history.history["r1"][0] == pytest.approx(4 * a * a * s, rel=1e-5)
    new_a = float(critic.trainable_variables[0].numpy())
    assert new_a == pytest.approx(a - lr * 4 * gamma * a * s, rel=1e-5)


def test_lazy_r1_applies_every_n_steps_with_n_times_the_weight():
    a = 0.5
    x = keras.Input(SHAPE)
    gan = make_gan(keras.Model(x, SumOfSquares(a)(x)))
    real = images(3, 1)
    plain = np.array(R1(1.0).discriminator_penalty(
        gan, batch(real), batch(real), None, None))
    lazy = R1(1.0, every=4)
    values = []
    for step in range(6):
        gan.d_optimizer.iterations.assign(step)
        values.append(np.array(lazy.discriminator_penalty(
            gan, batch(real), batch(real), None, None)))
    for step, value in enumerate(values):
        expected = 4 * plain if step % 4 == 0 else np.zeros(3)
        np.testing.assert_allclose(value, expected, rtol=1e-5)
    assert lazy.weight == 0.5  # the scaling by N is in the value


def test_lazy_r1_inside_fit_matches_its_schedule():
    a, gamma, lr = 0.5, 2.0, 0.01
    x = keras.Input(SHAPE)
    critic = keras.Model(x, SumOfSquares(a)(x))
    gan = make_gan(critic, d_optimizer=keras.optimizers.SGD(lr),
                   penalties=[R1(gamma, every=2)], d_steps=2)
    real = np.full((4, *SHAPE), 0.25, np.float32)
    gan.fit(real, batch_size=4, epochs=1, verbose=0)
    # d step 0: regularised with 2x weight; d step 1: not
    s = 16 * 0.25 ** 2
    expected = a - lr * 2 * 4 * gamma * a * s
    assert float(critic.trainable_variables[0].numpy()) == pytest.approx(
        expected, rel=1e-5)


def test_lazy_r1_is_reported_when_its_step_is_not_the_last_d_step():
    """every=2 with d_steps=2: R1 is applied on the first D step of each
    train_step only; the reported value is the mean over both steps,
    (2 * ||grad||^2 + 0) / 2 = ||grad||^2, not the last step's 0."""
    a = 0.5
    x = keras.Input(SHAPE)
    critic = keras.Model(x, SumOfSquares(a)(x))
    gan = make_gan(critic, d_optimizer=keras.optimizers.SGD(0.0),
                   penalties=[R1(1.0, every=2)], d_steps=2)
    real = np.full((8, *SHAPE), 0.25, np.float32)
    history = gan.fit(real, batch_size=4, epochs=1, verbose=0)
    grad_sq = 16 * (2 * a * 0.25) ** 2  # ||2 a x||^2 over 16 pixels
    assert history.history["r1"] == [pytest.approx(grad_sq, rel=1e-5)]


# -- weight clipping ----------------------------------------------------------
def test_weight_clip_holds_after_every_discriminator_update():
    c = 0.01

    class MaxAbs(Penalty):
        """Records the largest |w| seen after any D update."""

        default_name = "max_abs"

        def build(self, gan):
            self.seen = keras.Variable(0.0, trainable=False)

        def after_discriminator_update(self, gan):
            biggest = tf.reduce_max([tf.reduce_max(tf.abs(v))
                                     for v in gan.discriminator_variables()])
            self.seen.assign(tf.maximum(self.seen, biggest))

    keras.utils.set_random_seed(0)
    g = networks.dcgan_generator((8, 8, 1), LATENT, width=4)
    d = networks.dcgan_discriminator((8, 8, 1), width=4, batch_norm=False)
    recorder = MaxAbs(weight=0.0)
    gan = GAN(g, d, seed=0)
    gan.compile(keras.optimizers.SGD(1.0), keras.optimizers.SGD(0.1),
                loss="wasserstein", d_steps=3,
                penalties=[WeightClip(c), recorder])
    assert float(np.max([np.abs(np.array(v)).max()
                         for v in d.trainable_variables])) > c
    history = gan.fit(images(24, shape=(8, 8, 1)), batch_size=12, epochs=1,
                      verbose=0)
    assert int(gan.d_optimizer.iterations.numpy()) == 6
    assert 0 < float(recorder.seen.numpy()) <= c + 1e-7
    for v in d.trainable_variables:
        assert np.abs(np.array(v)).max() <= c + 1e-7, v.path
    # a big learning rate pins most weights to the bounds
    assert 0.5 < history.history["weight_clip"][0] <= 1.0


# -- instance noise -----------------------------------------------------------
def test_instance_noise_anneals_linearly_to_zero():
    gan = make_gan(linear_critic(np.ones(16)))
    noise = InstanceNoise(stddev=0.2, anneal_steps=10)
    zeros = {"images": tf.zeros((4000, *SHAPE))}
    gan.d_optimizer.iterations.assign(0)
    assert float(noise.current_stddev(gan)) == pytest.approx(0.2)
    noisy = np.array(noise.transform_discriminator_inputs(gan, zeros)[
        "images"])
    assert noisy.std() == pytest.approx(0.2, rel=0.02)
    gan.d_optimizer.iterations.assign(5)
    assert float(noise.current_stddev(gan)) == pytest.approx(0.1)
    for step in (10, 11, 1000):
        gan.d_optimizer.iterations.assign(step)
        assert float(noise.current_stddev(gan)) == 0.0
        out = noise.transform_discriminator_inputs(gan, zeros)["images"]
        np.testing.assert_array_equal(np.array(out), 0.0)
    constant = InstanceNoise(0.3)
    assert float(constant.current_stddev(gan)) == pytest.approx(0.3)


def test_instance_noise_reaches_the_discriminator_in_fit():
    seen = []

    class Recording(GAN):
        def discriminate(self, batch, training=False):
            seen.append(batch["images"])
            return super().discriminate(batch, training)

    gan = Recording(constant_generator(0.0), linear_critic(np.ones(16)),
                    seed=0)
    gan.compile(keras.optimizers.SGD(0.0), keras.optimizers.SGD(0.0),
                loss="wasserstein", penalties=[InstanceNoise(0.5, 100)],
                run_eagerly=True)
    history = gan.fit(np.zeros((64, *SHAPE), np.float32), batch_size=64,
                      epochs=1, verbose=0)
    assert history.history["instance_noise"][0] == pytest.approx(0.5)
    for x in seen:  # real and fake inputs, D and G steps
        assert np.array(x).std() == pytest.approx(0.5, rel=0.1)


# -- weight penalty and drift -------------------------------------------------
def test_weight_penalty_and_drift_closed_forms():
    w = np.arange(16, dtype=np.float32) / 10
    critic = linear_critic(w)
    gan = make_gan(critic)
    real = images(5, 1)
    value = WeightPenalty(1e-3).discriminator_penalty(
        gan, batch(real), None, None, None)
    assert value.shape == ()
    assert float(value) == pytest.approx(float((w ** 2).sum()), rel=1e-6)
    out = critic(real)
    drift = Drift(1e-3).discriminator_penalty(gan, batch(real), None, out,
                                              None)
    np.testing.assert_allclose(np.array(drift),
                               (real.reshape(5, -1) @ w) ** 2, rtol=1e-5)
    assert Drift(2e-3).weight == 2e-3


def test_weight_penalty_skips_biases():
    x = keras.Input(SHAPE)
    dense = layers.Dense(1, kernel_initializer="zeros",
                         bias_initializer=keras.initializers.Constant(3.0))
    gan = make_gan(keras.Model(x, dense(layers.Flatten()(x))))
    value = WeightPenalty().discriminator_penalty(gan, batch(images(2)), None,
                                                  None, None)
    assert float(value) == 0.0


# -- several penalties in fit, serialisation, errors --------------------------
def small_gan(seed=0, **compile_kwargs):
    return small_mlp_gan(SHAPE, LATENT, seed, **compile_kwargs)


def test_several_penalties_are_reported_and_round_trip(tmp_path):
    ps = [GradientPenalty(10.0), R1(1.0, every=2), R2(0.5), Drift(1e-3),
          WeightPenalty(1e-4), InstanceNoise(0.1, 50), WeightClip(0.5)]
    gan = small_gan(loss="wasserstein", penalties=ps, d_steps=2)
    history = gan.fit(images(32), batch_size=16, epochs=2, verbose=0)
    expected = {"gp", "r1", "r2", "drift", "weight_penalty",
                "instance_noise", "weight_clip"}
    assert expected <= set(history.history)
    for name in expected:
        assert np.all(np.isfinite(history.history[name])), name
    assert history.history["gp"][0] > 0 and history.history["r2"][0] > 0
    path = str(tmp_path / "gan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert [repr(p) for p in loaded.penalties] == [repr(p) for p in ps]
    assert type(loaded.penalties[1]) is R1 and loaded.penalties[1].every == 2


def test_penalty_argument_errors():
    with pytest.raises(ValueError, match="every must be a positive integer; "
                       "received 0"):
        R1(1.0, every=0)
    with pytest.raises(ValueError, match="gamma must be >= 0; received -1"):
        R1(-1)
    with pytest.raises(ValueError, match="c must be > 0; received 0"):
        WeightClip(0)
    with pytest.raises(ValueError, match="anneal_steps must be a positive "
                       "integer or None; received 2.5"):
        InstanceNoise(0.1, 2.5)
    with pytest.raises(ValueError, match="stddev must be a number; received "
                       "'big'"):
        InstanceNoise("big")


# -- tf.distribute ------------------------------------------------------------
def test_gp_and_r1_under_mirrored_strategy_match_one_device(two_cpu_strategy):
    x = images(16, 5)

    def run(strategy):
        with strategy.scope():
            gan = small_gan(seed=3, loss="wasserstein",
                            penalties=[GradientPenalty(10.0), R1(2.0),
                                       WeightPenalty(0.01)])
        history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16),
                          epochs=1, verbose=0)
        return gan, history.history

    single, h1 = run(tf.distribute.get_strategy())
    mirrored, h2 = run(two_cpu_strategy)
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    for name in ("gp", "r1", "weight_penalty", "d_loss"):
        assert h1[name][0] == pytest.approx(h2[name][0], rel=1e-4), name
    assert h1["gp"][0] > 0 and h1["r1"][0] > 0
    for a, b in zip(single.discriminator.weights,
                    mirrored.discriminator.weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)


def test_weight_clip_under_mirrored_strategy(two_cpu_strategy):
    with two_cpu_strategy.scope():
        gan = small_gan(loss="wasserstein", penalties=[WeightClip(0.02)],
                        d_optimizer=keras.optimizers.SGD(1.0))
    gan.fit(tf.data.Dataset.from_tensor_slices(images(16)).batch(16),
            epochs=1, verbose=0)
    for v in gan.discriminator.trainable_variables:
        for replica_value in v.value.values:  # every mirrored copy
            assert np.abs(np.array(replica_value)).max() <= 0.02 + 1e-7


# -- spectral normalisation ---------------------------------------------------
def test_spectral_norm_keeps_the_largest_singular_value_near_one():
    """Keras' SpectralNormalization divides each kernel by its power-iteration
    estimate of sigma in every training call: after a few fit steps every
    kernel has a largest singular value close to 1."""
    keras.utils.set_random_seed(0)
    shape = (8, 8, 1)
    g = networks.dcgan_generator(shape, LATENT, width=4)
    d = networks.dcgan_discriminator(shape, width=8, batch_norm=False,
                                     spectral_norm=True)
    sn = [lay for lay in d.layers
          if isinstance(lay, layers.SpectralNormalization)]
    assert len(sn) == 2

    def sigma(layer):
        k = np.array(layer.layer.kernel)
        return np.linalg.svd(k.reshape(-1, k.shape[-1]), compute_uv=False)[0]

    for layer in sn:  # the Glorot init is far from sigma = 1
        layer.layer.kernel.assign(np.array(layer.layer.kernel) * 5)
    assert all(sigma(layer) > 2 for layer in sn)
    gan = GAN(g, d, seed=0)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                loss="hinge")
    u0 = [np.array(layer.vector_u) for layer in sn]
    gan.fit(images(64, shape=shape), batch_size=8, epochs=2, verbose=0)
    for layer, u in zip(sn, u0):
        assert not np.allclose(np.array(layer.vector_u), u)  # power iteration
        assert sigma(layer) == pytest.approx(1.0, abs=0.1), layer.name
