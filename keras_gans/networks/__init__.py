"""Generator and discriminator builders (functional ``keras.Model``s).

Only ``keras.layers`` / ``keras.ops`` are used, so the networks and their
``.weights.h5`` files run on every Keras 3 backend. Every builder takes
``image_shape`` and a width knob so tests can build tiny ones.
"""

from keras_gans.networks.cogan import cogan_discriminator, cogan_generator
from keras_gans.networks.common import check_image_shape
from keras_gans.networks.dcgan import dcgan_discriminator, dcgan_generator
from keras_gans.networks.mlp import mlp_discriminator, mlp_generator
from keras_gans.networks.patchgan import patchgan_discriminator
from keras_gans.networks.mixture import point_discriminator, point_generator
from keras_gans.networks.progressive import (  # noqa: F401
    progressive_discriminator, progressive_generator, progressive_networks)
from keras_gans.networks.sngan import sngan_discriminator
from keras_gans.networks.style import (  # noqa: F401
    style_mapping, style_synthesis, stylegan_networks)
from keras_gans.networks.unet import unet_generator

__all__ = [
    "check_image_shape",
    "cogan_discriminator",
    "cogan_generator",
    "dcgan_discriminator",
    "dcgan_generator",
    "mlp_discriminator",
    "mlp_generator",
    "point_discriminator",
    "point_generator",
    "sngan_discriminator",
]
