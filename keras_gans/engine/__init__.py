"""The adversarial engine: the one ``train_step`` (``gan``), the declared
generator inputs (``inputs``), losses, penalties, differentiable augmentation
of the discriminator's input (``augment``), the generator EMA and the
``tf.distribute`` helpers. Everything a variant builds on."""

from keras_gans.engine import (augment, distribute, ema, inputs, losses,
                               penalties)
from keras_gans.engine.gan import GAN
from keras_gans.engine.inputs import GeneratorInput

__all__ = ["GAN", "GeneratorInput", "augment", "distribute", "ema", "inputs",
           "losses", "penalties"]
