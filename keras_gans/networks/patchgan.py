"""The pix2pix PatchGAN discriminator (Isola et al. 2017, appendix 6.1.2).

It scores a pair ``(input image, candidate)``: the two are concatenated
along the channel axis and a fully convolutional network gives one logit
per overlapping patch ("is this patch of the candidate a real translation
of this patch of the input?"). The paper's 70x70 PatchGAN is
``C64-C128-C256-C512`` (4x4 convolutions; the first three stride 2, the
fourth stride 1) and a stride-1 4x4 convolution to one channel, the
stride-1 convolutions after a 1-pixel zero padding; batch norm on every
layer but the first, LeakyReLU(0.2).

``num_layers`` (the stride-2 layers; 3 in the paper) sets the patch:
receptive fields of 16, 34, 70 and 142 pixels for 1, 2, 3 and 4 layers.
For an input side ``S`` the output is ``(S / 2**num_layers - 2)``
patches per side (30x30 for 256 with 3 layers). ``keras.layers`` only.
"""

import keras
from keras import layers

from keras_gans.networks.common import check_image_shape

__all__ = ["patchgan_discriminator", "patch_shape", "receptive_field"]


def receptive_field(num_layers):
    """The side of the input patch one output logit sees."""
    field = 1
    for stride in [1, 1] + [2] * int(num_layers):  # from the output back
        field = (field - 1) * stride + 4
    return field


def patch_shape(image_shape, num_layers=3):
    """``(rows, cols)`` of the logits for ``image_shape``."""
    h, w = int(image_shape[0]), int(image_shape[1])
    f = 2 ** int(num_layers)
    return h // f - 2, w // f - 2


def patchgan_discriminator(image_shape, input_channels=None, width=64,
                           num_layers=3, max_width=None,
                           name="patchgan_discriminator"):
    """The PatchGAN: ``[input (N, H, W, input_channels), candidate (N, H, W,
    C)]`` -> logits ``(N, h, w, 1)`` (``h, w`` from :func:`patch_shape`).

    Args:
        image_shape: ``(H, W, C)`` of the candidate (target) images; sides
            multiples of ``2**num_layers`` with at least one patch left.
        input_channels: channels of the conditioning input (default ``C``).
        width: channels of the first layer (64 in the paper), doubling per
            layer up to ``max_width`` (default ``8 * width``).
        num_layers: stride-2 layers (3: the 70x70 PatchGAN).
    """
    h, w, c = check_image_shape(image_shape)
    num_layers = int(num_layers)
    if num_layers < 1:
        raise ValueError(f"num_layers must be >= 1; received {num_layers}.")
    f = 2 ** num_layers
    rows, cols = patch_shape((h, w), num_layers)
    if h % f or w % f or rows < 1 or cols < 1:
        raise ValueError(
            f"A PatchGAN with num_layers={num_layers} needs image sides that "
            f"are multiples of {f} and at least {3 * f}; received {h}x{w}. "
            "Use fewer layers for small images.")
    ci = int(input_channels or c)
    width = int(width)
    if width < 1:
        raise ValueError(f"width must be >= 1; received {width}.")
    cap = int(max_width or 8 * width)
    init = keras.initializers.RandomNormal(0.0, 0.02)

    source = keras.Input((h, w, ci), name="image")
    candidate = keras.Input((h, w, c), name="images")
    y = layers.Concatenate(name="pair")([source, candidate])
    for i in range(num_layers + 1):
        ch = min(width * 2 ** i, cap)
        stride = 2 if i < num_layers else 1
        if stride == 1:
            y = layers.ZeroPadding2D(1, name=f"conv{i + 1}_pad")(y)
        y = layers.Conv2D(ch, 4, strides=stride,
                          padding="same" if stride == 2 else "valid",
                          use_bias=i == 0, kernel_initializer=init,
                          name=f"conv{i + 1}")(y)
        if i > 0:
            y = layers.BatchNormalization(name=f"conv{i + 1}_norm")(y)
        y = layers.LeakyReLU(0.2, name=f"conv{i + 1}_act")(y)
    y = layers.ZeroPadding2D(1, name="logits_pad")(y)
    y = layers.Conv2D(1, 4, padding="valid", kernel_initializer=init,
                      dtype="float32", name="logits")(y)
    return keras.Model([source, candidate], y, name=name)
