"""The engine contract, exercised by two toy variants written only against
it (declared inputs and outputs, the hooks): an image-to-image GAN without
a latent, and a two-domain GAN whose generators share layers. Each trains
under ``fit``, exports a SavedModel whose signatures come from its declared
inputs and is evaluated by ``keras_gans.metrics.evaluate``; nothing outside
this file knows them."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from keras_gans import GAN, export, metrics
from keras_gans.engine.inputs import GeneratorInput

SIDE = 8


# -- toy 1: image -> image, no latent (the noise would be dropout) -------------
@keras.saving.register_keras_serializable(package="keras_gans_tests")
class ToyTranslation(GAN):
    """Conditioned on an image: D sees (input, output) pairs; L1 to the
    target as in pix2pix."""

    def __init__(self, generator, discriminator, l1_weight=10.0, **kwargs):
        super().__init__(generator, discriminator, **kwargs)
        self.l1_weight = float(l1_weight)
        self.add_tracker("l1")

    def get_config(self):
        return dict(super().get_config(), l1_weight=self.l1_weight)

    def generator_inputs(self):
        return (GeneratorInput.image((SIDE, SIDE, 1), name="image"),)

    def unpack_real(self, data):
        source, target = data
        return {"image": source, "images": target}

    def sample_generator_inputs(self, batch_size, real=None, seed=None,
                                **conditions):
        if real is not None:
            return {"image": real["image"]}
        return super().sample_generator_inputs(batch_size, seed=seed,
                                               **conditions)

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["image"], training=training)

    def discriminate(self, batch, training=False):
        pair = keras.ops.concatenate([batch["image"], batch["images"]], -1)
        return self.run_discriminator(pair, training=training)

    def generator_losses(self, fake, fake_out, real=None):
        terms = super().generator_losses(fake, fake_out, real)
        terms["l1"] = self.l1_weight * keras.ops.mean(
            keras.ops.abs(fake["images"] - real["images"]), axis=(1, 2, 3))
        return terms


def _translator():
    x = keras.Input((SIDE, SIDE, 1))
    h = layers.Conv2D(4, 3, padding="same", activation="relu")(x)
    return keras.Model(x, layers.Conv2D(1, 3, padding="same",
                                        activation="tanh")(h))


def _pair_critic(channels=2):
    x = keras.Input((SIDE, SIDE, channels))
    h = layers.Conv2D(4, 3, strides=2, padding="same")(x)
    return keras.Model(x, layers.Dense(1)(layers.Flatten()(h)))


def _pairs(n=32):
    rng = np.random.default_rng(0)
    source = rng.uniform(-1, 1, (n, SIDE, SIDE, 1)).astype("float32")
    return source, -source  # the mapping to learn: inversion


# -- toy 2: two domains, generators sharing all but their last layer -----------
@keras.saving.register_keras_serializable(package="keras_gans_tests")
class ToyTwoDomain(GAN):
    """CoGAN-shaped: one latent, two generators with a shared trunk (one
    functional model with an output per domain, so the sharing survives a
    ``.keras`` round trip), one discriminator per domain (a dict of
    networks); each domain sees only its own images."""

    def generator_outputs(self):
        return {"images_a": (SIDE, SIDE, 1), "images_b": (SIDE, SIDE, 1)}

    def unpack_real(self, data):
        a, b = data
        return {"images_a": a, "images_b": b}

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["latent"], training=training)

    def discriminate(self, batch, training=False):
        return {d: self.run_discriminator(batch[f"images_{d}"], training,
                                          network=d) for d in ("a", "b")}

    def discriminator_losses(self, real, real_out, fake, fake_out):
        total = 0.0
        for d in ("a", "b"):
            r, f = self.adversarial_loss.per_example_discriminator(
                real_out[d], fake_out[d])
            total = total + r + f
        return {"d_loss": total}

    def generator_losses(self, fake, fake_out, real=None):
        return {"g_loss": sum(self.adversarial_loss.per_example_generator(
            fake_out[d]) for d in ("a", "b"))}

    def discriminator_reports(self, real, real_out, fake, fake_out):
        return {"d_real": self.adversarial_loss.summary(real_out["a"]),
                "d_fake": self.adversarial_loss.summary(fake_out["a"])}


def _two_generators(latent_dim=4):
    z = keras.Input((latent_dim,))
    trunk = layers.Dense(SIDE * SIDE * 2, activation="relu", name="trunk")
    h = layers.Reshape((SIDE, SIDE, 2))(trunk(z))
    outputs = {f"images_{d}": layers.Conv2D(
        1, 3, padding="same", activation="tanh", name=f"head_{d}")(h)
        for d in ("a", "b")}
    return keras.Model(z, outputs, name="generators")


def _compiled(gan):
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3))
    return gan


def _weights(variables):
    return [np.array(v) for v in variables]


def _moved(before, variables):
    return any(not np.allclose(b, np.array(v))
               for b, v in zip(before, variables))


# -- toy 1 -----------------------------------------------------------------------
def test_a_gan_without_latent_trains_exports_and_is_evaluated(tmp_path):
    keras.utils.set_random_seed(0)
    gan = _compiled(ToyTranslation(_translator(), _pair_critic(), seed=0))
    assert gan.latent_dim is None
    assert [s.kind for s in gan.generator_inputs()] == ["image"]
    source, target = _pairs()
    g_before = _weights(gan.generator_variables())
    d_before = _weights(gan.discriminator_variables())
    history = gan.fit(tf.data.Dataset.from_tensor_slices(
        (source, target)).batch(8), epochs=1, verbose=0)
    assert {"d_loss", "g_loss", "l1"} <= set(history.history)
    assert np.isfinite(history.history["l1"][-1])
    assert _moved(g_before, gan.generator_variables())
    assert _moved(d_before, gan.discriminator_variables())

    # generate needs its image; without it the error names the input
    with pytest.raises(ValueError, match="image"):
        gan.generate(2, seed=0)
    out = gan.generate(4, image=source[:4])
    assert out.shape == (4, SIDE, SIDE, 1)
    assert out.min() >= -1 and out.max() <= 1

    path = export.save_generator(gan, tmp_path / "toy")
    g = export.load(path)
    assert set(g.signatures) == {"serving_default"}
    assert set(g.input_specs) == {"image"}
    np.testing.assert_allclose(g(image=source[:4]), out, atol=1e-5)

    result = metrics.evaluate(gan, dataset=target, metrics=("fid",),
                              num_samples=16, weights="random",
                              inputs={"image": source[:16]}, progress=False)
    assert np.isfinite(result["fid"]) and result["fid"] >= 0


# -- toy 2 -----------------------------------------------------------------------
def test_two_domains_share_layers_train_export_and_evaluate(tmp_path):
    keras.utils.set_random_seed(0)
    generators = _two_generators()
    gan = _compiled(ToyTwoDomain(
        generators, {"a": _pair_critic(1), "b": _pair_critic(1)},
        latent_dim=4, seed=0))
    trunk = generators.get_layer("trunk")
    # the shared trunk is one set of variables for the optimizer; the two
    # discriminators are two networks, both trained
    ids = [id(v) for v in gan.generator_variables()]
    assert len(ids) == len(set(ids)) == 2 + 2 * 2
    assert len(gan.discriminator_variables()) == 2 * 4
    assert set(gan.networks()["discriminator"]) == {"a", "b"}
    d_b = [np.array(v) for v in gan.discriminator["b"].trainable_variables]

    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (32, SIDE, SIDE, 1)).astype("float32")
    b = -rng.uniform(-1, 1, (32, SIDE, SIDE, 1)).astype("float32")
    head_b = _weights(generators.get_layer("head_b").weights)
    trunk_before = _weights(trunk.weights)
    gan.fit(tf.data.Dataset.from_tensor_slices((a, b)).batch(8), epochs=1,
            verbose=0)
    assert _moved(trunk_before, trunk.weights)
    assert _moved(head_b, generators.get_layer("head_b").weights)
    assert _moved(d_b, gan.discriminator["b"].trainable_variables)

    both = gan.generate(3, seed=0, output="all")
    assert set(both) == {"images_a", "images_b"}
    np.testing.assert_array_equal(gan.generate(3, seed=0), both["images_a"])

    path = export.save_generator(gan, tmp_path / "two")
    g = export.load(path)
    z = np.random.default_rng(2).normal(size=(3, 4)).astype("float32")
    out = g.signatures["serving_default"](latent=tf.constant(z))
    assert {"images_a", "images_a_float", "images_b",
            "images_b_float"} <= set(out)
    keras_out = generators(z)
    for d in ("a", "b"):
        np.testing.assert_allclose(out[f"images_{d}_float"].numpy(),
                                   keras.ops.convert_to_numpy(
                                       keras_out[f"images_{d}"]), atol=1e-5)

    result = metrics.evaluate(gan, dataset=a, metrics=("fid",),
                              num_samples=16, weights="random",
                              progress=False)
    assert np.isfinite(result["fid"])

    path = tmp_path / "two.keras"
    gan.save(path)
    again = keras.saving.load_model(path)
    np.testing.assert_allclose(again.generate(3, seed=0, output="all")[
        "images_b"], both["images_b"], atol=1e-6)
    assert set(again.networks()["discriminator"]) == {"a", "b"}


# -- loss separated from the update; stateless discriminator -----------------------
def _small_gan():
    keras.utils.set_random_seed(0)
    z = keras.Input((3,))
    g = keras.Model(z, layers.Reshape((SIDE, SIDE, 1))(
        layers.Dense(SIDE * SIDE, activation="tanh")(z)))
    return _compiled(GAN(g, _pair_critic(1), seed=0))


def test_discriminator_loss_applies_nothing_and_runs_on_given_values():
    gan = _small_gan()
    real = {"images": tf.random.uniform((4, SIDE, SIDE, 1), -1, 1, seed=1)}
    fake = gan.fake_batch(real)
    before = _weights(gan.discriminator_variables())
    total, logs = gan.discriminator_loss(real, fake)
    assert not _moved(before, gan.discriminator_variables())
    assert {"d_loss", "d_real", "d_fake"} <= set(logs)
    # the same values as the variables: the same loss
    values = [tf.convert_to_tensor(v) for v in gan.discriminator_variables()]
    with gan.discriminator_values(values):
        same, _ = gan.discriminator_loss(real, fake)
    np.testing.assert_allclose(float(same), float(total), rtol=1e-6)
    # other values: the loss of a discriminator holding them, unassigned
    shifted = [v * 0.5 for v in values]
    with gan.discriminator_values(shifted):
        looked_ahead, _ = gan.discriminator_loss(real, fake)
    assert not _moved(before, gan.discriminator_variables())
    for var, value in zip(gan.discriminator_variables(), shifted):
        var.assign(value)
    assigned, _ = gan.discriminator_loss(real, fake)
    np.testing.assert_allclose(float(looked_ahead), float(assigned),
                               rtol=1e-5)


def test_generator_loss_is_differentiable_through_a_look_ahead_update():
    """What an unrolled GAN needs: the generator's loss against
    discriminator weights after one SGD step, differentiated through that
    step; it differs from the plain generator gradient."""
    gan = _small_gan()
    real = {"images": tf.random.uniform((4, SIDE, SIDE, 1), -1, 1, seed=1)}
    variables = gan.discriminator_variables()
    g_vars = gan.generator_variables()
    inputs = gan.sample_generator_inputs(4, seed=0)

    def fake():
        return dict(inputs, **gan.generated(inputs, training=True))

    with tf.GradientTape() as outer:
        fake_batch = fake()
        with tf.GradientTape() as inner:
            d_total, _ = gan.discriminator_loss(real, fake_batch)
        grads = inner.gradient(d_total, variables)
        ahead = [v - 0.5 * g for v, g in zip(variables, grads)]
        with gan.discriminator_values(ahead):
            unrolled, _ = gan.generator_loss(real, fake_batch)
    unrolled_grads = outer.gradient(unrolled, g_vars)
    with tf.GradientTape() as tape:
        plain, _ = gan.generator_loss(real, fake())
    plain_grads = tape.gradient(plain, g_vars)
    assert all(g is not None for g in unrolled_grads)
    assert not np.allclose(unrolled_grads[0].numpy(), plain_grads[0].numpy())
