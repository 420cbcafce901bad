"""Regularisers that plug into ``GAN.train_step`` without copying it.

A penalty is an object passed to ``GAN.compile(penalties=[...])``. The engine
calls its hooks at fixed points of the game:

``transform_discriminator_inputs(gan, batch)``
    before the discriminator sees a batch (real or fake): instance noise.
``discriminator_penalty(gan, real, fake, real_out, fake_out)``
    inside the discriminator's ``GradientTape``; returns per-example values
    ``(N,)`` (averaged over the global batch under ``tf.distribute``) or a
    scalar (treated as a global regulariser), or ``None`` for no term.
    The engine adds ``weight * value`` to the loss and reports the unweighted
    mean under ``name``.
``generator_penalty(gan, fake, fake_out)``
    the same inside the generator's tape.
``after_discriminator_update(gan)``
    after each discriminator optimizer step: weight clipping.
``build(gan)``
    at compile time, inside the strategy scope: create any variables here.
"""

import keras

__all__ = ["Penalty"]


class Penalty:
    """Base class of penalties; every hook does nothing by default."""

    default_name = "penalty"

    def __init__(self, weight=1.0, name=None):
        self.weight = float(weight)
        self.name = name or self.default_name

    def build(self, gan):
        pass

    def transform_discriminator_inputs(self, gan, batch):
        return batch

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return None

    def generator_penalty(self, gan, fake, fake_out):
        return None

    def after_discriminator_update(self, gan):
        pass

    def get_config(self):
        return {"weight": self.weight, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def register(cls):
    """Class decorator: makes a penalty serialisable in ``.keras`` files."""
    return keras.saving.register_keras_serializable(package="keras_gans")(cls)
