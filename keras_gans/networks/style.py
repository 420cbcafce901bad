"""The networks of the style-based GAN (Karras et al. 2019, "A Style-Based
Generator Architecture for Generative Adversarial Networks", with
StyleGAN2's modulated convolutions, Karras et al. 2020).

The generator is two functional models, returned as the dict
``{"mapping": ..., "synthesis": ...}`` (``keras_gans.variants.StyleGAN``
plays between them: style mixing, the average ``w``, truncation):

``style_mapping``: latent ``z`` ``(N, latent_dim)`` -> ``w`` ``(N, w_dim)``
    ``z`` normalised to unit RMS (pixel norm), then ``mapping_layers``
    (8 in the paper) equalized dense layers with leaky ReLU and a learning
    rate multiplier of 0.01, then a :class:`~keras_gans.layers.Truncation`
    layer holding the moving average ``w_avg`` (decay ``w_avg_decay``).
``style_synthesis``: styles ``ws`` ``(N, num_styles, w_dim)`` -> images
    a learned 4x4 constant, then per resolution ``r`` = 4, 8, ... up to the
    canvas: (for ``r > 4``) bilinear 2x upsampling and two 3x3
    :class:`~keras_gans.layers.ModulatedConv2D` (modulated and demodulated;
    StyleGAN 1's AdaIN is not used), each followed by
    :class:`~keras_gans.layers.NoiseInjection` (at 4x4: one convolution),
    and a 1x1 to-RGB modulated convolution (not demodulated) added to the
    upsampled RGB of the resolution below (StyleGAN2's "skip" generator).
    Styles are used in StyleGAN2's order: at 4x4 the convolution takes
    style 0 and the to-RGB style 1; at resolution ``r`` (index ``i = 2
    log2(r) - 5``) the convolutions take styles ``i`` and ``i + 1`` and the
    to-RGB ``i + 2``. So ``num_styles = 2 log2(canvas) - 2`` (8 at 32x32):
    styles ``0..3`` act up to 8x8 (the paper's "coarse" styles), the rest
    on 16x16 and above. The noise is added after each convolution's bias
    and activation (StyleGAN adds it before them; its scale starts at 0
    either way). The output goes through ``tanh`` (the library's images are
    in [-1, 1]; ``output_activation=None`` is the papers' linear output).

The discriminator is progressive growing's at its full resolution
(``keras_gans.networks.progressive.progressive_discriminator``: equalized
learning rate, minibatch standard deviation, linear score), which is what
StyleGAN uses (its section 2: "our discriminator ... the same as in
Karras et al. 2018").

Targets that are not a power of two (Fashion-MNIST's 28x28) are made on
the next power-of-two canvas (32x32) and cropped back by the synthesis
network; the discriminator pads real and fake images to the canvas with
-1, as in the ``pggan`` recipe.
"""

import math

import keras
from keras import layers

from keras_gans.layers import (ConstantInput, EqualizedDense, ModulatedConv2D,
                               NoiseInjection, PixelNorm, Truncation)
from keras_gans.networks.common import check_image_shape
from keras_gans.networks.progressive import (canvas_side, channels_at,
                                             progressive_discriminator)
from keras_gans.utils.checks import check_positive_int

__all__ = ["style_mapping", "style_synthesis", "stylegan_networks",
           "num_styles", "style_index"]


def num_styles(image_shape):
    """The number of per-layer styles of the synthesis network for
    ``image_shape``: ``2 log2(canvas) - 2`` (2 at 4x4, 8 at 32x32)."""
    return 2 * int(math.log2(canvas_side(image_shape))) - 2


def style_index(resolution):
    """Index of the first style used at ``resolution`` (0 at 4x4, then
    ``2 log2(resolution) - 5``: 1 at 8x8, 3 at 16x16, 5 at 32x32)."""
    resolution = int(resolution)
    return 0 if resolution == 4 else 2 * int(math.log2(resolution)) - 5


def _check_shape(image_shape):
    image_shape = check_image_shape(image_shape, square=True)
    if image_shape[0] < 4:
        raise ValueError("Style-based networks make images of at least 4x4; "
                         f"received image_shape {image_shape}.")
    return image_shape


def style_mapping(latent_dim=512, w_dim=None, mapping_layers=8,
                  lr_multiplier=0.01, w_avg_decay=0.995, name="mapping"):
    """The mapping network ``z -> w`` (see the module doc).

    Args:
        latent_dim: width of ``z``.
        w_dim: width of ``w`` (default: ``latent_dim``).
        mapping_layers: dense layers (8 in the paper; at least 1).
        lr_multiplier: learning-rate multiplier of the dense layers
            (0.01 in the paper: the mapping learns 100x more slowly).
        w_avg_decay: decay of the moving average of ``w`` the last layer
            (``Truncation``) holds.
    """
    latent_dim = check_positive_int(latent_dim, "latent_dim")
    w_dim = latent_dim if w_dim is None else check_positive_int(w_dim,
                                                                "w_dim")
    mapping_layers = check_positive_int(mapping_layers, "mapping_layers")
    z = keras.Input((latent_dim,), name="latent")
    h = PixelNorm(name="mapping_norm")(z)
    for i in range(mapping_layers):
        h = EqualizedDense(w_dim, lr_multiplier=lr_multiplier,
                           activation="leaky_relu", name=f"mapping_{i}")(h)
    w = Truncation(w_avg_decay, name="truncation")(h)
    return keras.Model(z, w, name=name)


def _style(ws, i, count):
    """Style ``i`` ``(N, w_dim)`` of ``ws`` ``(N, count, w_dim)``."""
    picked = layers.Cropping1D((i, count - i - 1), name=f"style_{i}")(ws)
    return layers.Flatten(name=f"style_{i}_flat")(picked)


def style_synthesis(image_shape, w_dim=512, width=128, full_width_up_to=16,
                    output_activation="tanh", seed=0, name="synthesis"):
    """The synthesis network ``ws -> images`` (see the module doc).

    Args:
        image_shape: ``(H, W, C)`` of the images (square; a power of two, or
            cropped from the next one).
        w_dim: width of each style.
        width: channels up to ``full_width_up_to`` x ``full_width_up_to``,
            halved at each doubling above
            (:func:`~keras_gans.networks.progressive.channels_at`).
        output_activation: ``"tanh"`` (images in [-1, 1]) or ``None``.
        seed: seed of the noise layers (layer ``k`` uses ``seed + k``).

    Returns a functional ``keras.Model`` taking ``ws`` ``(N,`` :func:`
    num_styles` ``(image_shape), w_dim)`` and returning ``image_shape``
    images.
    """
    image_shape = _check_shape(image_shape)
    w_dim = check_positive_int(w_dim, "w_dim")
    width = check_positive_int(width, "width")
    canvas = canvas_side(image_shape)
    count = num_styles(image_shape)
    channels = image_shape[-1]
    seed = 0 if seed is None else int(seed)
    noise_seeds = iter(range(seed, seed + 4 * count))

    ws = keras.Input((count, w_dim), name="ws")
    styles = [_style(ws, i, count) for i in range(count)]

    def conv(h, style, r, k):
        h = ModulatedConv2D(channels_at(r, width, full_width_up_to), 3,
                            activation="lrelu", name=f"s{r}_conv{k}")(
                                [h, style])
        return NoiseInjection(seed=next(noise_seeds),
                              name=f"s{r}_noise{k}")(h)

    def to_rgb(h, style, r):
        return ModulatedConv2D(channels, 1, demodulate=False,
                               name=f"s{r}_to_rgb")([h, style])

    h = ConstantInput(channels_at(4, width, full_width_up_to), 4,
                      name="s4_const")(ws)
    h = conv(h, styles[0], 4, 1)
    rgb = to_rgb(h, styles[1], 4)
    r = 4
    while r < canvas:
        r *= 2
        i = style_index(r)
        h = layers.UpSampling2D(2, interpolation="bilinear",
                                name=f"s{r}_up")(h)
        h = conv(h, styles[i], r, 0)
        h = conv(h, styles[i + 1], r, 1)
        up = layers.UpSampling2D(2, interpolation="bilinear",
                                 name=f"s{r}_rgb_up")(rgb)
        rgb = layers.Add(name=f"s{r}_rgb")([up, to_rgb(h, styles[i + 2],
                                                         r)])
    out = rgb
    if output_activation is not None:
        out = layers.Activation(output_activation, name="s_output")(out)
    if image_shape[0] < canvas:
        top = (canvas - image_shape[0]) // 2
        left = (canvas - image_shape[1]) // 2
        out = layers.Cropping2D(((top, canvas - image_shape[0] - top),
                                 (left, canvas - image_shape[1] - left)),
                                name="s_crop")(out)
    return keras.Model(ws, out, name=name)


def stylegan_networks(image_shape, latent_dim=512, width=128, w_dim=None,
                      mapping_layers=8, mapping_lr_multiplier=0.01,
                      w_avg_decay=0.995, full_width_up_to=16, group_size=4,
                      output_activation="tanh", noise_seed=0):
    """``({"mapping": ..., "synthesis": ...}, discriminator)`` for
    ``image_shape``: :func:`style_mapping`, :func:`style_synthesis` and
    progressive growing's discriminator at the full resolution (``width``
    channels, the same halving above ``full_width_up_to``; ``group_size``:
    its minibatch standard deviation's group). ``w_dim`` defaults to
    ``latent_dim``."""
    image_shape = _check_shape(image_shape)
    w_dim = check_positive_int(latent_dim, "latent_dim") if w_dim is None \
        else check_positive_int(w_dim, "w_dim")
    mapping = style_mapping(latent_dim, w_dim, mapping_layers,
                            mapping_lr_multiplier, w_avg_decay)
    synthesis = style_synthesis(image_shape, w_dim, width, full_width_up_to,
                                output_activation, noise_seed)
    discriminator = progressive_discriminator(
        image_shape, width=width, full_width_up_to=full_width_up_to,
        group_size=group_size)
    return {"mapping": mapping, "synthesis": synthesis}, discriminator
