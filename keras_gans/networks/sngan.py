"""The "standard CNN" discriminator of SN-GAN (Miyato et al. 2018, Table 3b).

Per resolution: a 3x3 stride-1 convolution, then a 4x4 stride-2 one, both
followed by LeakyReLU(0.1); channels ``width``, ``2 width``, ``4 width``, ...;
a last 3x3 convolution with twice the channels and a dense head. Every
convolution and the head are wrapped in Keras' own
``keras.layers.SpectralNormalization`` (no batch norm). The paper's channel
counts are ``width=64`` (64, 128, 256, then 512 for the last convolution).

It halves the resolution as often as the DCGAN networks do (28 -> 14 -> 7,
32 -> 16 -> 8 -> 4), so it pairs with :func:`dcgan_generator` for any square
side that is a multiple of 4 and at least 8. Compared with the DCGAN
discriminator (two strided convolutions), the extra stride-1 layers give a
spectrally normalised critic the depth it needs: each normalised layer can
only shrink distances, so a shallow one separates real from generated images
by a small margin.
"""

import keras
from keras import layers

from keras_gans.networks.common import maybe_spectral
from keras_gans.networks.dcgan import plan


def sngan_discriminator(image_shape=(32, 32, 3), width=64,
                        spectral_norm=True, negative_slope=0.1,
                        name="sngan_discriminator"):
    """``images -> scores (N, 1)`` (unbounded: for the hinge or Wasserstein
    losses, or logits for the cross-entropy ones)."""
    shape, u, _ = plan(image_shape)
    width = int(width)
    if width < 1:
        raise ValueError(f"width must be a positive integer; received "
                         f"{width}.")
    images = keras.Input(shape, name="images")
    x = images
    channels = width
    for i in range(u):
        for kind, kernel, stride in (("same", 3, 1), ("down", 4, 2)):
            x = maybe_spectral(
                layers.Conv2D(channels, kernel, strides=stride,
                              padding="same", name=f"{kind}_{i}"),
                spectral_norm)(x)
            x = layers.LeakyReLU(negative_slope, name=f"{kind}_{i}_lrelu")(x)
        channels *= 2
    x = maybe_spectral(layers.Conv2D(channels, 3, padding="same",
                                     name="last"), spectral_norm)(x)
    x = layers.LeakyReLU(negative_slope, name="last_lrelu")(x)
    x = layers.Flatten(name="flatten")(x)
    scores = maybe_spectral(layers.Dense(1, name="scores"), spectral_norm)(x)
    return keras.Model(images, scores, name=name)
