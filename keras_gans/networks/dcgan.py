"""DCGAN networks (Radford et al. 2016): strided transposed convolutions with
batch norm and ReLU in the generator (tanh output), strided convolutions with
LeakyReLU(0.2) in the discriminator, no pooling, no hidden dense layers.

Works for any square image whose side is a multiple of 4 and at least 8: the generator starts at
``side / 2**u`` for the largest ``u`` that keeps that start at least 4 pixels
and exact (28 -> 7, 32 -> 4, 64 -> 4), and doubles ``u`` times.
"""

import keras
from keras import layers

from keras_gans.networks.common import check_image_shape, maybe_spectral


def num_upsamplings(side):
    """Doublings from the DCGAN start resolution to ``side``."""
    u = 0
    while side % 2 ** (u + 1) == 0 and side // 2 ** (u + 1) >= 4:
        u += 1
    return u


def plan(image_shape):
    """``(shape, u, start)``: the checked image shape, the number of
    doublings and the generator's start resolution."""
    shape = check_image_shape(image_shape, multiple_of=4, square=True)
    u = num_upsamplings(shape[0])
    if u == 0:
        raise ValueError(
            f"The DCGAN networks need square images of side >= 8 (a multiple "
            f"of 4: at least one 2x up/down-sampling from a 4x4 start); "
            f"received {shape[0]}x{shape[1]}.")
    return shape, u, shape[0] // 2 ** u


def upsample(x, image_shape, width=64, kernel_size=4):
    """The DCGAN generator body on a flat input ``x`` (the latent, or the
    latent concatenated with a condition): dense projection to
    ``start x start``, then strided transposed convolutions with batch norm
    and ReLU up to ``image_shape``, tanh output named ``images``."""
    shape, u, start = plan(image_shape)
    channels = width * 2 ** (u - 1)
    x = layers.Dense(start * start * channels, use_bias=False,
                     name="project")(x)
    x = layers.BatchNormalization(name="project_bn")(x)
    x = layers.ReLU(name="project_relu")(x)
    x = layers.Reshape((start, start, channels), name="reshape")(x)
    for i in range(u - 1):
        channels //= 2
        x = layers.Conv2DTranspose(channels, kernel_size, strides=2,
                                   padding="same", use_bias=False,
                                   name=f"up_{i}")(x)
        x = layers.BatchNormalization(name=f"up_{i}_bn")(x)
        x = layers.ReLU(name=f"up_{i}_relu")(x)
    return layers.Conv2DTranspose(shape[-1], kernel_size, strides=2,
                                  padding="same", activation="tanh",
                                  name="images")(x)


def downsample(x, width=64, kernel_size=4, batch_norm=True,
               spectral_norm=False, dropout=0.0):
    """The DCGAN discriminator body on images ``x`` (``u`` doublings, as in
    :func:`plan`): strided convolutions (batch norm on all but the first),
    LeakyReLU(0.2), optional dropout and spectral norm; returns the
    flattened features."""
    u = num_upsamplings(int(x.shape[1]))
    channels = width
    for i in range(u):
        x = maybe_spectral(
            layers.Conv2D(channels, kernel_size, strides=2, padding="same",
                          use_bias=not (batch_norm and i), name=f"down_{i}"),
            spectral_norm)(x)
        if batch_norm and i:
            x = layers.BatchNormalization(name=f"down_{i}_bn")(x)
        x = layers.LeakyReLU(0.2, name=f"down_{i}_lrelu")(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"down_{i}_dropout")(x)
        channels *= 2
    return layers.Flatten(name="flatten")(x)


def dcgan_generator(image_shape=(28, 28, 1), latent_dim=100, width=64,
                    kernel_size=4, name="dcgan_generator"):
    """``latent (N, latent_dim) -> images (N, *image_shape)`` in [-1, 1].

    ``width`` is the channel count of the last hidden layer; earlier layers
    double it (e.g. 28x28: 7x7x128 -> 14x14x64 -> 28x28x1 with width=64).
    """
    plan(image_shape)
    z = keras.Input((latent_dim,), name="latent")
    return keras.Model(z, upsample(z, image_shape, width, kernel_size),
                       name=name)


def dcgan_discriminator(image_shape=(28, 28, 1), width=64, kernel_size=4,
                        batch_norm=True, spectral_norm=False, dropout=0.0,
                        name="dcgan_discriminator"):
    """``images -> logits (N, 1)``.

    ``batch_norm`` follows the paper (none on the first layer); turn it off
    for critics with a gradient penalty, whose per-example gradients batch
    norm would mix. ``spectral_norm`` wraps every conv and the head in
    ``keras.layers.SpectralNormalization`` (SN-GAN).
    """
    shape, _, _ = plan(image_shape)
    images = keras.Input(shape, name="images")
    x = downsample(images, width, kernel_size, batch_norm, spectral_norm,
                   dropout)
    logits = maybe_spectral(layers.Dense(1, name="logits"), spectral_norm)(x)
    return keras.Model(images, logits, name=name)
