"""The networks of progressive growing (Karras et al. 2018, "Progressive
Growing of GANs for Improved Quality, Stability, and Variation").

``progressive_generator`` / ``progressive_discriminator`` build the networks
of one phase: the current ``resolution`` (4, 8, 16, ... up to the target)
and ``stage`` (``"stable"``, or ``"fade_in"``: the new resolution's block
blended with the upsampled previous one by a :class:`~keras_gans.layers.
FadeIn` layer). Every layer keeps its name from one resolution to the next
(``g8_conv1`` is the same block at 8x8, 16x16 and 32x32), so
``GAN.replace_networks`` carries the learnt blocks into the grown networks.

Layer names (``r`` a resolution)::

    generator      g_latent_norm, g4_dense, g4_conv, g{r}_conv1,
                   g{r}_conv2 (r >= 8), g{r}_to_rgb, g_fade
    discriminator  d{r}_from_rgb, d{r}_conv1, d{r}_conv2 (r >= 8),
                   d_fade, d_mbstd, d4_conv, d4_dense, d4_out

As in the paper: equalized learning rate everywhere, pixel norm after every
generator convolution (and on the latent), leaky ReLU 0.2, nearest-neighbour
upsampling and average-pool downsampling, 1x1 ``to_rgb`` / ``from_rgb``
convolutions, the minibatch standard deviation before the discriminator's
last (4x4) block, no batch norm. The generator's output goes through
``tanh`` by default (the library's images are in [-1, 1]; the paper's
output is linear: ``output_activation=None``).

Targets that are not a power of two (Fashion-MNIST's 28x28) are trained on
the next power-of-two canvas (32x32), the images centred on it with a
border of -1 (black): at the full resolution the generator crops its output
back to ``image_shape`` and the discriminator pads its input to the canvas.
Lower resolutions are of the canvas (8x8 of the 32x32 canvas).
"""

import math

import keras
from keras import layers

from keras_gans.layers import (EqualizedConv2D, EqualizedDense, FadeIn,
                               MinibatchStdDev, PixelNorm)
from keras_gans.networks.common import check_image_shape

__all__ = ["progressive_generator", "progressive_discriminator",
           "progressive_networks", "canvas_side", "channels_at",
           "resolutions", "STAGES"]

#: the stages of a phase
STAGES = ("stable", "fade_in")

#: the value the border of a padded image holds (black in [-1, 1])
PAD_VALUE = -1.0


def canvas_side(image_shape):
    """The power-of-two side the networks of ``image_shape`` work on: the
    image side if it is a power of two, else the next one (28 -> 32)."""
    side = max(int(image_shape[0]), int(image_shape[1]))
    return 1 << max(2, math.ceil(math.log2(side)))


def resolutions(image_shape):
    """The resolutions of a progressive run for ``image_shape``: 4, 8, ...
    up to its canvas side."""
    return [4 << k for k in range(int(math.log2(canvas_side(
        image_shape))) - 1)]


def channels_at(resolution, width, full_width_up_to=16):
    """Channels of the blocks at ``resolution``: ``width`` up to
    ``full_width_up_to`` x ``full_width_up_to``, then halved at every
    doubling (at least 1), as the paper keeps 512 channels up to 64x64 and
    halves them above; ``width`` is the tests' knob."""
    if resolution <= full_width_up_to:
        return int(width)
    return max(1, int(width) * full_width_up_to // int(resolution))


def _check(image_shape, resolution, stage, width):
    image_shape = check_image_shape(image_shape, square=True)
    if image_shape[0] < 4:
        raise ValueError("Progressive networks make images of at least 4x4; "
                         f"received image_shape {image_shape}.")
    canvas = canvas_side(image_shape)
    allowed = resolutions(image_shape)
    resolution = canvas if resolution is None else resolution
    if isinstance(resolution, bool) or resolution not in allowed:
        raise ValueError(
            f"resolution must be one of {allowed} for image_shape "
            f"{image_shape} (powers of two from 4 up to the {canvas}x{canvas}"
            f" canvas); received {resolution!r}.")
    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}; received "
                         f"{stage!r}.")
    if stage == "fade_in" and resolution == 4:
        raise ValueError(
            "stage='fade_in' blends a resolution into the one below it; "
            "4x4 is the first resolution and is only 'stable'.")
    if isinstance(width, bool) or int(width) != width or width < 1:
        raise ValueError(f"width must be a positive integer; received "
                         f"{width!r}.")
    return image_shape, canvas, int(resolution)


def _lrelu(x):
    return layers.LeakyReLU(0.2)(x)


def _g_block(h, r, width, full_width_up_to):
    """The generator block of resolution ``r`` (features at ``r x r``)."""
    ch = channels_at(r, width, full_width_up_to)
    if r == 4:
        return h  # the 4x4 block is the input block
    h = layers.UpSampling2D(2, interpolation="nearest")(h)
    for name in ("conv1", "conv2"):
        h = EqualizedConv2D(ch, 3, name=f"g{r}_{name}")(h)
        h = PixelNorm()(_lrelu(h))
    return h


def progressive_generator(image_shape, latent_dim=512, width=128,
                          resolution=None, stage="stable",
                          full_width_up_to=16, output_activation="tanh"):
    """The generator of one phase: latent ``(N, latent_dim)`` -> images.

    Args:
        image_shape: ``(H, W, C)`` of the target images (square; a power
            of two, or padded to the next one: see the module doc).
        latent_dim: width of the latent.
        width: channels up to ``full_width_up_to`` (then halved per
            doubling; :func:`channels_at`).
        resolution: the phase's resolution (default: the full canvas).
        stage: ``"stable"`` or ``"fade_in"``.
        output_activation: applied to the (blended) RGB output; ``"tanh"``
            keeps images in [-1, 1], ``None`` is the paper's linear output.

    Returns a functional ``keras.Model`` whose output is ``(resolution,
    resolution, C)``, or ``image_shape`` at the full canvas resolution.
    """
    image_shape, canvas, resolution = _check(image_shape, resolution, stage,
                                             width)
    channels = image_shape[-1]
    ch4 = channels_at(4, width, full_width_up_to)
    z = keras.Input((int(latent_dim),), name="latent")
    h = PixelNorm(name="g_latent_norm")(z)
    # the paper's gain sqrt(2)/4 for the dense layer making the 4x4 map
    h = EqualizedDense(4 * 4 * ch4, gain=math.sqrt(2.0) / 4,
                       name="g4_dense")(h)
    h = layers.Reshape((4, 4, ch4))(h)
    h = PixelNorm()(_lrelu(h))
    h = EqualizedConv2D(ch4, 3, name="g4_conv")(h)
    h = PixelNorm()(_lrelu(h))
    previous = None
    r = 4
    while r < resolution:
        r *= 2
        previous = h
        h = _g_block(h, r, width, full_width_up_to)

    def to_rgb(features, at):
        return EqualizedConv2D(channels, 1, gain=1.0,
                               name=f"g{at}_to_rgb")(features)

    out = to_rgb(h, resolution)
    if stage == "fade_in":
        low = to_rgb(previous, resolution // 2)
        low = layers.UpSampling2D(2, interpolation="nearest")(low)
        out = FadeIn(name="g_fade")([low, out])
    if output_activation is not None:
        out = layers.Activation(output_activation, name="g_output")(out)
    if resolution == canvas and image_shape[0] < canvas:
        top = (canvas - image_shape[0]) // 2
        left = (canvas - image_shape[1]) // 2
        out = layers.Cropping2D(((top, canvas - image_shape[0] - top),
                                 (left, canvas - image_shape[1] - left)),
                                name="g_crop")(out)
    return keras.Model(z, out, name="generator")


def _d_block(h, r, width, full_width_up_to):
    """The discriminator block of resolution ``r`` (``r x r`` features in,
    ``r/2 x r/2`` out)."""
    h = _lrelu(EqualizedConv2D(channels_at(r, width, full_width_up_to), 3,
                               name=f"d{r}_conv1")(h))
    h = _lrelu(EqualizedConv2D(channels_at(r // 2, width, full_width_up_to),
                               3, name=f"d{r}_conv2")(h))
    return layers.AveragePooling2D(2)(h)


def progressive_discriminator(image_shape, width=128, resolution=None,
                              stage="stable", full_width_up_to=16,
                              group_size=4):
    """The critic of one phase: images -> scores ``(N, 1)`` (linear).

    Takes ``(resolution, resolution, C)`` images, or ``image_shape`` at the
    full canvas resolution (padded to the canvas with -1 inside the
    network). ``group_size``: the minibatch standard deviation's group
    (clamped to the batch; :class:`~keras_gans.layers.MinibatchStdDev`).
    Other arguments as in :func:`progressive_generator`.
    """
    image_shape, canvas, resolution = _check(image_shape, resolution, stage,
                                             width)
    channels = image_shape[-1]
    if resolution == canvas:
        x = keras.Input(image_shape, name="images")
        h = x
        if image_shape[0] < canvas:
            top = (canvas - image_shape[0]) // 2
            left = (canvas - image_shape[1]) // 2
            # pad with PAD_VALUE: shift it to 0, zero-pad, shift back
            h = layers.Rescaling(1.0, offset=-PAD_VALUE)(h)
            h = layers.ZeroPadding2D(((top, canvas - image_shape[0] - top),
                                      (left, canvas - image_shape[1] - left)),
                                     name="d_pad")(h)
            h = layers.Rescaling(1.0, offset=PAD_VALUE)(h)
    else:
        x = keras.Input((resolution, resolution, channels), name="images")
        h = x

    def from_rgb(images, at):
        return _lrelu(EqualizedConv2D(
            channels_at(at, width, full_width_up_to), 1,
            name=f"d{at}_from_rgb")(images))

    features = from_rgb(h, resolution)
    if resolution > 4:
        features = _d_block(features, resolution, width, full_width_up_to)
        if stage == "fade_in":
            low = from_rgb(layers.AveragePooling2D(2)(h), resolution // 2)
            features = FadeIn(name="d_fade")([low, features])
    r = resolution // 2
    while r > 4:
        features = _d_block(features, r, width, full_width_up_to)
        r //= 2
    ch4 = channels_at(4, width, full_width_up_to)
    h = MinibatchStdDev(group_size, name="d_mbstd")(features)
    h = _lrelu(EqualizedConv2D(ch4, 3, name="d4_conv")(h))
    h = layers.Flatten()(h)
    h = _lrelu(EqualizedDense(ch4, name="d4_dense")(h))
    out = EqualizedDense(1, gain=1.0, name="d4_out")(h)
    return keras.Model(x, out, name="discriminator")


def progressive_networks(image_shape, latent_dim=512, width=128,
                         resolution=None, stage="stable", full_width_up_to=16,
                         group_size=4, output_activation="tanh"):
    """``(generator, discriminator)`` of one phase (see
    :func:`progressive_generator` and :func:`progressive_discriminator`)."""
    return (progressive_generator(image_shape, latent_dim, width, resolution,
                                  stage, full_width_up_to, output_activation),
            progressive_discriminator(image_shape, width, resolution, stage,
                                      full_width_up_to, group_size))
