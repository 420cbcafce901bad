"""The Wasserstein and regularised zoo recipes: settings, one training step
each, and a CLI run."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, cli, zoo
from keras_gans.engine import losses
from keras_gans.engine import penalties

RECIPES = ["wgan", "wgan_gp", "lsgan", "sngan", "dcgan_r1"]
SHAPE = (8, 8, 1)


def layer_kinds(model):
    return {type(layer).__name__ for layer in model.layers}


@pytest.mark.parametrize("name", RECIPES)
def test_recipe_trains_one_step_at_tiny_width(name):
    keras.utils.set_random_seed(0)
    gan = zoo.build(name, image_shape=SHAPE, width=4, latent_dim=8,
                    compile=True)
    recipe = zoo.get(name)
    k = recipe.d_steps
    x = np.random.RandomState(0).uniform(-1, 1, (4 * k, *SHAPE)).astype("f")
    g0 = [np.array(w) for w in gan.generator.trainable_weights]
    history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(4 * k),
                      epochs=1, verbose=0)
    assert int(gan.d_optimizer.iterations.numpy()) == k
    assert int(gan.g_optimizer.iterations.numpy()) == 1
    for metric, values in history.history.items():
        assert np.all(np.isfinite(values)), (name, metric)
    for p in gan.penalties:
        assert p.name in history.history
    assert any(not np.allclose(a, np.array(b)) for a, b in
               zip(g0, gan.generator.trainable_weights))
    images = gan.generate(4, seed=0)
    assert images.shape == (4, *SHAPE) and np.all(np.isfinite(images))


def test_recipe_settings():
    def build(name):
        return zoo.build(name, image_shape=SHAPE, width=4, compile=True)

    wgan = build("wgan")
    assert isinstance(wgan.adversarial_loss, losses.Wasserstein)
    assert wgan.d_steps == 5
    assert isinstance(wgan.d_optimizer, keras.optimizers.RMSprop)
    assert float(wgan.d_optimizer.learning_rate) == pytest.approx(5e-5)
    assert [type(p) for p in wgan.penalties] == [penalties.WeightClip]
    assert wgan.penalties[0].c == 0.01
    assert "BatchNormalization" not in layer_kinds(wgan.discriminator)

    gp = build("wgan_gp")
    assert gp.d_steps == 5 and isinstance(gp.adversarial_loss,
                                          losses.Wasserstein)
    assert [type(p) for p in gp.penalties] == [penalties.GradientPenalty]
    assert gp.penalties[0].weight == 10.0
    opt = gp.d_optimizer
    assert isinstance(opt, keras.optimizers.Adam)
    assert (float(opt.learning_rate), opt.beta_1, opt.beta_2) == \
        pytest.approx((1e-4, 0.5, 0.9))
    assert "BatchNormalization" not in layer_kinds(gp.discriminator)
    assert gp.generator_ema is not None

    assert isinstance(build("lsgan").adversarial_loss, losses.LeastSquares)

    sn = build("sngan")
    assert isinstance(sn.adversarial_loss, losses.Hinge)
    kinds = layer_kinds(sn.discriminator)
    assert "SpectralNormalization" in kinds
    assert "BatchNormalization" not in kinds
    assert sn.discriminator.name == "sngan_discriminator"  # standard CNN
    for opt in (sn.d_optimizer, sn.g_optimizer):
        assert isinstance(opt, keras.optimizers.Adam)
        assert (float(opt.learning_rate), opt.beta_1, opt.beta_2) == \
            pytest.approx((2e-4, 0.5, 0.999))

    r1 = build("dcgan_r1")
    assert isinstance(r1.adversarial_loss, losses.NonSaturating)
    assert [type(p) for p in r1.penalties] == [penalties.R1]
    # each build gets fresh penalty objects
    assert build("dcgan_r1").penalties[0] is not r1.penalties[0]


def test_wgan_gp_trains_from_the_cli(tmp_path, capsys):
    out = tmp_path / "run"
    code = cli.main(["train", "wgan_gp", "--dataset", "mnist_5k", "--epochs",
                     "1", "--steps-per-epoch", "2", "--batch-size", "4",
                     "--width", "4", "--no-jit", "--out", str(out),
                     "--no-progress"])
    assert code == 0, capsys.readouterr().err
    run = json.loads((out / "run.json").read_text())
    assert run["d_steps"] == 5 and run["generator_steps"] == 2
    assert np.isfinite(run["final_metrics"]["gp"])
    gan = keras.saving.load_model(str(out / "model.keras"), compile=False)
    assert isinstance(gan, GAN) and gan.generator_ema is not None
    assert (out / "samples" / "epoch_0001.png").exists()
