"""Fully connected networks of the original GAN paper (Goodfellow et al.
2014): an MLP generator with ReLU hidden units and a tanh output (images
live in [-1, 1] here), and an MLP discriminator with dropout."""

import math

import keras
from keras import layers

from keras_gans.networks.common import check_image_shape, maybe_spectral


def mlp_generator(image_shape=(28, 28, 1), latent_dim=100, units=256,
                  num_layers=2, name="mlp_generator"):
    """``latent (N, latent_dim) -> images (N, *image_shape)`` in [-1, 1].

    ``units`` is the width of the first hidden layer; each further hidden
    layer doubles it (256 -> 512 for the defaults).
    """
    shape = check_image_shape(image_shape)
    z = keras.Input((latent_dim,), name="latent")
    x = z
    for i in range(num_layers):
        x = layers.Dense(units * 2 ** i, name=f"dense_{i}")(x)
        x = layers.ReLU(name=f"relu_{i}")(x)
    x = layers.Dense(math.prod(shape), activation="tanh", name="to_pixels")(x)
    images = layers.Reshape(shape, name="images")(x)
    return keras.Model(z, images, name=name)


def mlp_discriminator(image_shape=(28, 28, 1), units=256, num_layers=2,
                      dropout=0.3, spectral_norm=False,
                      name="mlp_discriminator"):
    """``images -> logits (N, 1)``; hidden widths halve from ``units * 2 **
    (num_layers - 1)`` down to ``units``, with LeakyReLU and dropout."""
    shape = check_image_shape(image_shape)
    images = keras.Input(shape, name="images")
    x = layers.Flatten(name="flatten")(images)
    for i in range(num_layers):
        width = units * 2 ** (num_layers - 1 - i)
        x = maybe_spectral(layers.Dense(width, name=f"dense_{i}"),
                           spectral_norm)(x)
        x = layers.LeakyReLU(0.2, name=f"lrelu_{i}")(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"dropout_{i}")(x)
    logits = maybe_spectral(layers.Dense(1, name="logits"), spectral_norm)(x)
    return keras.Model(images, logits, name=name)
