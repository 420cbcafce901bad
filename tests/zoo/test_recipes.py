"""keras_gans.zoo.build: recipes, overrides and their errors."""

import keras
import pytest

from keras_gans import GAN, zoo
from keras_gans.engine import losses


def test_build_dcgan_for_other_shapes():
    gan = zoo.build("dcgan", image_shape=(32, 32, 3), width=4, latent_dim=16)
    assert isinstance(gan, GAN) and gan.latent_dim == 16
    assert tuple(gan.generator.output_shape[1:]) == (32, 32, 3)
    assert not hasattr(gan, "d_optimizer")  # uncompiled unless asked


def test_build_compiled_with_recipe_settings():
    gan = zoo.build("gan", width=8, compile=True, loss="minimax", d_steps=2,
                    label_smoothing=0.1)
    assert isinstance(gan.adversarial_loss, losses.Minimax)
    assert gan.adversarial_loss.label_smoothing == 0.1
    assert gan.d_steps == 2
    assert isinstance(gan.d_optimizer, keras.optimizers.Adam)
    assert float(gan.d_optimizer.learning_rate) == pytest.approx(2e-4)


def test_network_options_pass_through():
    gan = zoo.build("dcgan", width=4, batch_norm=False, spectral_norm=True)
    kinds = {type(layer).__name__ for layer in gan.discriminator.layers}
    assert "SpectralNormalization" in kinds
    assert "BatchNormalization" not in kinds


@pytest.mark.parametrize("recipe", ["cgan", "acgan", "infogan"])
def test_engine_options_reach_variants_that_pass_kwargs_on(recipe):
    # ConditionalGAN, ACGAN and InfoGAN take GAN's ema_decay via **kwargs
    gan = zoo.build(recipe, width=4, ema_decay=0.99)
    assert gan.ema_decay == 0.99 and gan.generator_ema is not None
    with pytest.raises(ValueError, match="does not take option 'ema_dekay'; "
                       "accepted options: .*'ema_decay'.*'fake_labels'"
                       if recipe != "infogan" else "'ema_dekay'"):
        zoo.build(recipe, width=4, ema_dekay=0.99)


def test_unknown_names_and_options():
    with pytest.raises(ValueError, match="Unknown zoo recipe 'dcgam'; known "
                       "recipes: .*dcgan"):
        zoo.build("dcgam")
    with pytest.raises(ValueError, match="does not take option 'dropuot'; "
                       "accepted options: .*dropout"):
        zoo.build("gan", dropuot=0.5)
    with pytest.raises(ValueError, match="label_smoothing applies to the "
                       "cross-entropy losses"):
        zoo.build("dcgan", width=4, compile=True, loss="hinge",
                  label_smoothing=0.1)


def test_learning_rates_replace_the_recipes_in_its_own_optimizers():
    # WGAN's RMSprop (not Adam) keeps its class and rho; only the rate moves
    gan = zoo.build("wgan", width=4, compile=True, d_learning_rate=2e-4)
    assert isinstance(gan.d_optimizer, keras.optimizers.RMSprop)
    assert float(gan.d_optimizer.learning_rate) == pytest.approx(2e-4)
    assert float(gan.g_optimizer.learning_rate) == pytest.approx(5e-5)
    assert float(gan.d_optimizer.rho) == 0.9
    for bad in (0, -1e-4, float("nan"), "fast"):
        with pytest.raises(ValueError, match=r"g_learning_rate \(--g-learning-rate\) "
                           r"must be .*"
                           r"learning rate, e\.g\. 1e-4.*received"):
            zoo.build("dcgan", width=4, compile=True, g_learning_rate=bad)


def test_recipe_names_are_unique():
    with pytest.raises(ValueError, match="registered already"):
        zoo.register(zoo.get("dcgan"))


def test_recipes_choose_xla_where_it_was_measured_faster():
    """XLA is the default where it was measured faster here (the dense MLP
    recipe 1.21x, WGAN-GP 1.18x) and off where not (DCGAN 0.98x);
    build(jit_compile=...) overrides."""
    from keras_gans import zoo

    assert zoo.get("gan").jit_compile and zoo.get("wgan_gp").jit_compile
    assert not zoo.get("dcgan").jit_compile
    gan = zoo.get("gan").build((8, 8, 1), width=8, compile=True)
    assert gan.jit_compile is True
    gan = zoo.get("gan").build((8, 8, 1), width=8, compile=True,
                               jit_compile=False)
    assert gan.jit_compile is False
    assert zoo.get("dcgan").build((8, 8, 1), width=4,
                                  compile=True).jit_compile is False
