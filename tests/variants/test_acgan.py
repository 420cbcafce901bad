"""AC-GAN and the (C + 1)-class (semi-supervised) discriminator."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data, networks, zoo
from keras_gans.networks import conditional as nets
from keras_gans.variants import ACGAN, SemiSupervisedGAN
from keras_gans.variants.acgan import adversarial_logit, class_cross_entropy

SHAPE = (8, 8, 1)
C = 3


def softplus(x):
    return np.log1p(np.exp(x))


def log_softmax(logits):
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))


def tiny_acgan(seed=0, **kwargs):
    keras.utils.set_random_seed(seed)
    gan = ACGAN(nets.conditional_generator(SHAPE, 4, C, width=8),
                nets.acgan_discriminator(SHAPE, C, width=8), num_classes=C,
                seed=seed, **kwargs)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    return gan


def tiny_ssgan(seed=0, fake_logit=True):
    keras.utils.set_random_seed(seed)
    gan = SemiSupervisedGAN(
        networks.dcgan_generator(SHAPE, 4, width=8),
        nets.semi_supervised_discriminator(SHAPE, C, width=8,
                                           fake_logit=fake_logit),
        num_classes=C, seed=seed)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3))
    return gan


LOGITS = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 0.0], [-3.0, 4.0, 1.0],
                   [1.0, 2.0, 3.0]], np.float32)


def test_class_cross_entropy_matches_hand_computation():
    labels = np.array([0, 2, 1, -1])
    got = np.array(class_cross_entropy(LOGITS, labels))
    # by hand: -log softmax(l)_y, and 0 for the unknown label
    expected = [-np.log(np.exp(2.0) / np.exp([2.0, -1.0, 0.5]).sum()),
                np.log(3.0),
                -np.log(np.exp(4.0) / np.exp([-3.0, 4.0, 1.0]).sum()),
                0.0]
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_acgan_losses_on_fixed_logits():
    gan = tiny_acgan(class_weight=0.5)
    real_out = {"adversarial": np.array([[1.5], [-0.5], [0.0], [2.0]],
                                        np.float32),
                "classes": LOGITS}
    fake_out = {"adversarial": np.array([[-1.0], [0.3], [2.0], [0.0]],
                                        np.float32),
                "classes": LOGITS[::-1].copy()}
    real = {"labels": np.array([0, 2, -1, 1])}
    fake = {"labels": np.array([1, 1, 0, 2])}
    terms = gan.discriminator_losses(real, real_out, fake, fake_out)
    ls_real = -log_softmax(LOGITS)
    ls_fake = -log_softmax(LOGITS[::-1])
    real_ce = np.array([ls_real[0, 0], ls_real[1, 2], 0.0, ls_real[3, 1]])
    fake_ce = ls_fake[np.arange(4), fake["labels"]]
    np.testing.assert_allclose(np.array(terms["d_class_loss"]),
                               0.5 * (real_ce + fake_ce), rtol=1e-5)
    np.testing.assert_allclose(
        np.array(terms["d_loss"]),
        softplus(-real_out["adversarial"][:, 0]) +
        softplus(fake_out["adversarial"][:, 0]), rtol=1e-5)
    g_terms = gan.generator_losses(fake, fake_out)
    np.testing.assert_allclose(np.array(g_terms["g_class_loss"]),
                               0.5 * fake_ce, rtol=1e-5)
    np.testing.assert_allclose(np.array(g_terms["g_loss"]),
                               softplus(-fake_out["adversarial"][:, 0]),
                               rtol=1e-5)
    # the pair form is accepted too
    pair = gan.generator_losses(fake, [fake_out["adversarial"],
                                       fake_out["classes"]])
    np.testing.assert_allclose(np.array(pair["g_class_loss"]),
                               0.5 * fake_ce, rtol=1e-5)


def test_fake_class_probability_is_the_adversarial_signal():
    gan = tiny_ssgan()
    logits = np.array([[1.0, 0.0, -1.0, 2.0],   # last column: "fake"
                       [3.0, 1.0, 0.0, -2.0],
                       [0.0, 0.0, 0.0, 0.0]], np.float32)
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p_fake = probs[:, C]
    adv = np.array(gan.adversarial_output(logits))
    np.testing.assert_allclose(1.0 / (1.0 + np.exp(-adv)), 1.0 - p_fake,
                               rtol=1e-5)
    np.testing.assert_allclose(np.array(gan.fake_probability(logits)),
                               p_fake, rtol=1e-5)
    np.testing.assert_allclose(adv, np.log(np.exp(logits[:, :C]).sum(1)) -
                               logits[:, C], rtol=1e-5)
    # the discriminator loss is the paper's unsupervised loss
    # -log(1 - p_fake(real)) - log p_fake(fake), plus the supervised
    # cross-entropy of p(y | x, real) on the labelled reals
    real_logits, fake_logits = logits, logits[::-1].copy()
    fake_probs = probs[::-1]
    labels = np.array([2, -1, 0])
    terms = gan.discriminator_losses({"labels": labels}, real_logits, {},
                                     fake_logits)
    np.testing.assert_allclose(
        np.array(terms["d_loss"]),
        -np.log(1.0 - p_fake) - np.log(fake_probs[:, C]), rtol=1e-5)
    class_probs = probs[:, :C] / probs[:, :C].sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        np.array(terms["d_class_loss"]),
        [-np.log(class_probs[0, 2]), 0.0, -np.log(class_probs[2, 0])],
        rtol=1e-5)
    np.testing.assert_allclose(
        np.array(gan.generator_losses({}, fake_logits)["g_loss"]),
        -np.log(1.0 - fake_probs[:, C]), rtol=1e-5)
    # C outputs only: the fake logit is 0
    np.testing.assert_allclose(
        np.array(adversarial_logit(logits[:, :C], C)),
        np.log(np.exp(logits[:, :C]).sum(1)), rtol=1e-5)


def test_acgan_trains_semi_supervised_and_reports_class_losses():
    gan = tiny_acgan()
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (32, *SHAPE)).astype("float32")
    y = rng.randint(0, C, 32).astype("int32")
    y[::2] = -1  # half the labels unknown
    d0 = [np.array(w) for w in gan.discriminator.trainable_weights]
    history = gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(8),
                      epochs=1, verbose=0)
    assert {"d_class_loss", "g_class_loss"} <= set(history.history)
    for name, values in history.history.items():
        assert np.isfinite(values[0]), name
    assert history.history["g_class_loss"][0] > 0
    assert any(not np.allclose(a, np.array(b)) for a, b in
               zip(d0, gan.discriminator.trainable_weights))
    probs = gan.classify(x[:5])
    assert probs.shape == (5, C)
    np.testing.assert_allclose(probs.sum(1), 1.0, rtol=1e-5)
    y[3] = C  # out of range even for a semi-supervised model
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"must lie in \[-1, 3\) \(-1 = unknown\)"):
        gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(8),
                epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\)"):
        gan.generate(2, labels=[0, 3])


def test_semi_supervised_gan_trains_and_classifies():
    gan = tiny_ssgan(fake_logit=False)
    rng = np.random.RandomState(1)
    x = rng.uniform(-1, 1, (16, *SHAPE)).astype("float32")
    y = np.full(16, -1, np.int32)
    y[:4] = [0, 1, 2, 1]
    history = gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(8),
                      epochs=1, verbose=0)
    assert history.history["d_class_loss"][0] > 0
    assert gan.classify(x[:3]).shape == (3, C)
    assert gan.generate(2, seed=0).shape == (2, *SHAPE)
    with pytest.raises(ValueError, match="received images without labels"):
        gan.fit(data.load(x, batch_size=8), epochs=1, verbose=0)


def test_head_size_mismatches_are_clear_errors():
    with pytest.raises(ValueError, match=r"class head has 4 outputs but "
                       r"num_classes=3"):
        ACGAN(nets.conditional_generator(SHAPE, 4, C, width=8),
              nets.acgan_discriminator(SHAPE, 4, width=8), num_classes=C)
    with pytest.raises(ValueError, match=r"must output 4 logits \(or 3 "
                       r"with the fake logit fixed at 0\); it outputs 6"):
        SemiSupervisedGAN(networks.dcgan_generator(SHAPE, 4, width=8),
                          nets.semi_supervised_discriminator(SHAPE, 5,
                                                             width=8),
                          num_classes=C)


def test_acgan_recipe_builds_tiny_and_trains_one_step(tmp_path):
    gan = zoo.build("acgan", image_shape=SHAPE, width=4, latent_dim=8,
                    compile=True)
    assert isinstance(gan, ACGAN) and gan.num_classes == 10
    rng = np.random.RandomState(2)
    x = rng.uniform(-1, 1, (16, *SHAPE)).astype("float32")
    y = rng.randint(0, 10, 16)
    history = gan.fit(data.load((x, y), batch_size=16, with_labels=True),
                      epochs=1, verbose=0)
    assert np.isfinite(history.history["d_class_loss"][0])
    path = str(tmp_path / "acgan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, ACGAN) and loaded.class_weight == 1.0
    np.testing.assert_allclose(loaded.generate(3, labels=[1, 2, 3], seed=0),
                               gan.generate(3, labels=[1, 2, 3], seed=0),
                               atol=1e-6)
