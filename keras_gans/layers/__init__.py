"""Layers of the progressive and style-based GANs, backend-neutral.

Every layer is a ``keras.layers.Layer`` written with ``keras.ops`` only (no
TensorFlow), has a ``get_config`` and is registered with Keras under the
package ``keras_gans``, so networks made of them save to and load from
``.keras`` files on every Keras 3 backend.

``PixelNorm``
    the feature vector at each pixel scaled to unit RMS (Karras et al. 2018,
    section 4.2).
``MinibatchStdDev``
    appends one feature map: the mean standard deviation of the features
    within groups of examples (Karras et al. 2018, section 3).
``EqualizedDense`` / ``EqualizedConv2D``
    weights drawn N(0, 1) and scaled at run time by ``gain / sqrt(fan_in)``
    (the equalized learning rate, Karras et al. 2018, section 4.1), with an
    optional learning-rate multiplier (StyleGAN's mapping network uses
    0.01).
``FadeIn``
    ``(1 - alpha) * low + alpha * high``, the blend of a new resolution
    into a growing network, ``alpha`` held in a non-trainable weight.
``ConstantInput`` / ``ModulatedConv2D`` / ``NoiseInjection`` / ``Truncation``
    the style-based generator's learned constant, StyleGAN2's modulated and
    demodulated convolution, per-pixel noise with a learned per-channel
    scale, and the average style with the truncation trick
    (``keras_gans.layers.style``).
"""

from keras_gans.layers.equalized import EqualizedConv2D, EqualizedDense
from keras_gans.layers.fade import FadeIn
from keras_gans.layers.normalization import MinibatchStdDev, PixelNorm
from keras_gans.layers.style import (ConstantInput, ModulatedConv2D,
                                     NoiseInjection, Truncation)

__all__ = ["ConstantInput", "EqualizedConv2D", "EqualizedDense", "FadeIn",
           "MinibatchStdDev", "ModulatedConv2D", "NoiseInjection", "PixelNorm",
           "Truncation"]
