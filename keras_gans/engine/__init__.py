"""The adversarial engine: the one ``train_step`` (``gan``), the declared
generator inputs (``inputs``), losses, penalties, the generator EMA and the
``tf.distribute`` helpers. Everything a variant builds on."""

from keras_gans.engine import distribute, ema, inputs, losses, penalties
from keras_gans.engine.gan import GAN
from keras_gans.engine.inputs import GeneratorInput

__all__ = ["GAN", "GeneratorInput", "distribute", "ema", "inputs", "losses",
           "penalties"]
