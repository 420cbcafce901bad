"""The pix2pix U-Net generator (Isola et al. 2017, "Image-to-Image
Translation with Conditional Adversarial Networks", appendix 6.1.1).

An encoder of stride-2 4x4 convolutions (``C64-C128-C256-C512-C512...``
for ``width=64``: channels double per level up to ``8 * width``) takes a
``side x side`` input down to 1x1; a decoder of stride-2 4x4 transposed
convolutions takes it back up, and every decoder level is concatenated
with the encoder level of the same size (the skip connections), so
low-level detail (the edges of an edge map) passes straight across. The
decoder level of each size has the channels of the encoder level of that
size. Encoder: batch norm (not on the first layer nor on the 1x1
bottleneck, as in the authors' code) and LeakyReLU(0.2); decoder: batch
norm and ReLU, dropout 0.5 on the ``dropout_blocks`` deepest decoder
levels (the generator's only noise: dropout is active during training);
output: a transposed convolution to the target's channels and ``tanh``.

For a side of 256 that is the paper's network (8 levels); every power of
two from 8 up works, with ``log2(side)`` levels. ``keras.layers`` only.
"""

import math

import keras
from keras import layers

from keras_gans.networks.common import check_image_shape

__all__ = ["unet_generator", "unet_levels"]


def unet_levels(side):
    """The number of stride-2 levels of a U-Net for ``side``: log2(side)
    (down to 1x1). ``side`` must be a power of two >= 8."""
    side = int(side)
    if side < 8 or side & (side - 1):
        raise ValueError(
            f"The U-Net needs a square side that is a power of two >= 8 "
            f"(32, 64, 128, 256, ...); received {side}. Resize the images "
            "(keras_gans.data.load_pairs(..., image_shape=...)).")
    return int(round(math.log2(side)))


def unet_generator(image_shape, input_channels=None, width=64,
                   max_width=None, dropout=0.5, dropout_blocks=3,
                   name="unet_generator"):
    """The U-Net generator: ``(N, H, W, input_channels)`` in [-1, 1] ->
    ``(N, H, W, C)`` in [-1, 1].

    Args:
        image_shape: ``(H, W, C)`` of the output (target) images; square,
            the side a power of two >= 8 (32 ... 256 in the paper's range).
        input_channels: channels of the input images (default ``C``).
        width: channels of the first level (64 in the paper); level ``i``
            has ``min(width * 2**i, max_width)``.
        max_width: the channel cap (default ``8 * width``, the paper's 512).
        dropout: dropout rate of the deepest decoder levels (0.5).
        dropout_blocks: how many decoder levels, deepest first, use dropout
            (3 in the paper).
    """
    h, w, c = check_image_shape(image_shape, square=True)
    levels = unet_levels(h)
    ci = int(input_channels or c)
    width = int(width)
    if width < 1:
        raise ValueError(f"width must be >= 1; received {width}.")
    cap = int(max_width or 8 * width)
    channels = [min(width * 2 ** i, cap) for i in range(levels)]
    init = keras.initializers.RandomNormal(0.0, 0.02)

    x = keras.Input((h, w, ci), name="image")
    skips = []
    y = x
    for i, ch in enumerate(channels):
        y = layers.Conv2D(ch, 4, strides=2, padding="same", use_bias=False,
                          kernel_initializer=init, name=f"enc{i + 1}_conv")(y)
        if 0 < i < levels - 1:
            y = layers.BatchNormalization(name=f"enc{i + 1}_norm")(y)
        y = layers.LeakyReLU(0.2, name=f"enc{i + 1}_act")(y)
        skips.append(y)
    # y is the 1x1 bottleneck; go back up, level by level
    for j, i in enumerate(range(levels - 2, -1, -1)):
        y = layers.Conv2DTranspose(channels[i], 4, strides=2, padding="same",
                                   use_bias=False, kernel_initializer=init,
                                   name=f"dec{i + 1}_conv")(y)
        y = layers.BatchNormalization(name=f"dec{i + 1}_norm")(y)
        if j < int(dropout_blocks) and dropout:
            y = layers.Dropout(float(dropout), name=f"dec{i + 1}_dropout")(y)
        y = layers.ReLU(name=f"dec{i + 1}_act")(y)
        y = layers.Concatenate(name=f"skip{i + 1}")([y, skips[i]])
    y = layers.Conv2DTranspose(c, 4, strides=2, padding="same",
                               kernel_initializer=init, name="out_conv")(y)
    y = layers.Activation("tanh", dtype="float32", name="out")(y)
    return keras.Model(x, y, name=name)
