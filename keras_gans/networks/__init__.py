"""Generator and discriminator builders (functional ``keras.Model``s).

Only ``keras.layers`` / ``keras.ops`` are used, so the networks and their
``.weights.h5`` files run on every Keras 3 backend. Every builder takes
``image_shape`` and a width knob so tests can build tiny ones.
"""

from keras_gans.networks.common import check_image_shape
from keras_gans.networks.dcgan import dcgan_discriminator, dcgan_generator
from keras_gans.networks.mlp import mlp_discriminator, mlp_generator
from keras_gans.networks.sngan import sngan_discriminator

__all__ = [
    "check_image_shape",
    "dcgan_discriminator",
    "dcgan_generator",
    "mlp_discriminator",
    "mlp_generator",
    "sngan_discriminator",
]
