"""Dense and convolution layers with an equalized learning rate.

Karras et al. 2018 ("Progressive Growing of GANs", section 4.1) draw every
weight from N(0, 1) and multiply it at run time by He's constant ``c =
gain / sqrt(fan_in)``: the effective weight ``c * w`` has He's scale, while
Adam's per-parameter step, which is invariant to the parameter's scale,
moves every layer's effective weights at the same relative speed.

``lr_multiplier`` (StyleGAN's mapping network: 0.01) slows one layer down:
the stored weights are drawn from ``N(0, 1 / lr_multiplier^2)`` and the run
time scale is ``c * lr_multiplier``, so the effective weights start at the
same scale as without it and Adam moves them ``lr_multiplier`` times as
fast. The bias is stored divided by ``lr_multiplier`` and multiplied back at
run time (its effective value starts at ``bias_initializer``'s).
"""

import math

import keras
from keras import ops

from keras_gans.utils.checks import check_positive_int

__all__ = ["EqualizedDense", "EqualizedConv2D"]


def _check_number(name, value, positive=True):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; received "
                         f"{value!r}.") from None
    if not math.isfinite(value) or (positive and value <= 0):
        raise ValueError(f"{name} must be a {'positive ' if positive else ''}"
                         f"finite number; received {value!r}.")
    return value


def _check_int(name, value):
    return check_positive_int(value, name)


class _Equalized(keras.layers.Layer):
    """What the equalized layers share: the gain, the lr multiplier, the
    run-time scale and the bias."""

    def __init__(self, gain=math.sqrt(2.0), lr_multiplier=1.0, use_bias=True,
                 bias_initializer=0.0, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.gain = _check_number("gain", gain)
        self.lr_multiplier = _check_number("lr_multiplier", lr_multiplier)
        self.use_bias = bool(use_bias)
        self.bias_initializer = _check_number("bias_initializer",
                                              bias_initializer,
                                              positive=False)
        self.activation = keras.activations.get(activation)
        self.fan_in = None
        self.scale = None

    def _make_weights(self, kernel_shape, fan_in, units):
        self.fan_in = int(fan_in)
        # the run-time multiplier of the stored kernel
        self.scale = self.gain / math.sqrt(self.fan_in) * self.lr_multiplier
        self.kernel = self.add_weight(
            name="kernel", shape=kernel_shape,
            initializer=keras.initializers.RandomNormal(
                0.0, 1.0 / self.lr_multiplier))
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias", shape=(units,),
                initializer=keras.initializers.Constant(
                    self.bias_initializer / self.lr_multiplier))

    def effective_kernel(self):
        """The weights the layer really applies: ``kernel * gain /
        sqrt(fan_in) * lr_multiplier``."""
        return ops.cast(self.kernel, self.compute_dtype) * self.scale

    def effective_bias(self):
        """The bias the layer really adds (``bias * lr_multiplier``), or
        ``None`` without a bias."""
        if self.bias is None:
            return None
        return ops.cast(self.bias, self.compute_dtype) * self.lr_multiplier

    def _finish(self, y):
        if self.bias is not None:
            y = y + self.effective_bias()
        return self.activation(y) if self.activation is not None else y

    def get_config(self):
        return {**super().get_config(), "gain": self.gain,
                "lr_multiplier": self.lr_multiplier,
                "use_bias": self.use_bias,
                "bias_initializer": self.bias_initializer,
                "activation": keras.activations.serialize(self.activation)}


@keras.saving.register_keras_serializable(package="keras_gans")
class EqualizedDense(_Equalized):
    """A dense layer with an equalized learning rate.

    ``y = x @ (w * gain / sqrt(fan_in) * lr_multiplier) + b *
    lr_multiplier`` with ``fan_in`` the input width, ``w`` drawn from
    ``N(0, 1 / lr_multiplier^2)`` (``N(0, 1)`` by default) and ``b``
    starting at ``bias_initializer / lr_multiplier``.

    Args:
        units: output width.
        gain: He's gain, ``sqrt(2)`` for layers followed by a (leaky) ReLU,
            1 for linear outputs.
        lr_multiplier: learning-rate multiplier (1: the plain equalized
            layer; StyleGAN's mapping network uses 0.01).
        use_bias, bias_initializer: the bias and its initial (effective)
            value.
        activation: an optional activation (name or callable) applied
            after the bias.
    """

    def __init__(self, units, gain=math.sqrt(2.0), lr_multiplier=1.0,
                 use_bias=True, bias_initializer=0.0, activation=None,
                 **kwargs):
        super().__init__(gain, lr_multiplier, use_bias, bias_initializer,
                         activation, **kwargs)
        self.units = _check_int("units", units)

    def build(self, input_shape):
        fan_in = input_shape[-1]
        if fan_in is None:
            raise ValueError("EqualizedDense needs a known input width; "
                             f"received input shape {tuple(input_shape)}.")
        self._make_weights((fan_in, self.units), fan_in, self.units)

    def call(self, inputs):
        return self._finish(ops.matmul(inputs, self.effective_kernel()))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


@keras.saving.register_keras_serializable(package="keras_gans")
class EqualizedConv2D(_Equalized):
    """A 2-D convolution (channels last) with an equalized learning rate.

    ``y = conv(x, w * gain / sqrt(fan_in) * lr_multiplier) + b *
    lr_multiplier`` with ``fan_in = kernel_size^2 * input channels``; ``w``
    and ``b`` are drawn as in :class:`EqualizedDense`.

    Args:
        filters: output channels.
        kernel_size: square kernel side (an int).
        strides: an int; padding: ``"same"`` (default) or ``"valid"``.
        gain, lr_multiplier, use_bias, bias_initializer, activation: as in
            :class:`EqualizedDense`.
    """

    def __init__(self, filters, kernel_size, strides=1, padding="same",
                 gain=math.sqrt(2.0), lr_multiplier=1.0, use_bias=True,
                 bias_initializer=0.0, activation=None, **kwargs):
        super().__init__(gain, lr_multiplier, use_bias, bias_initializer,
                         activation, **kwargs)
        self.filters = _check_int("filters", filters)
        self.kernel_size = _check_int("kernel_size", kernel_size)
        self.strides = _check_int("strides", strides)
        if padding not in ("same", "valid"):
            raise ValueError("padding must be 'same' or 'valid'; received "
                             f"{padding!r}.")
        self.padding = padding

    def build(self, input_shape):
        if len(input_shape) != 4 or input_shape[-1] is None:
            raise ValueError(
                "EqualizedConv2D takes (batch, height, width, channels) "
                "inputs with a known number of channels; received shape "
                f"{tuple(input_shape)}.")
        channels = input_shape[-1]
        k = self.kernel_size
        self._make_weights((k, k, channels, self.filters),
                           k * k * channels, self.filters)

    def call(self, inputs):
        y = ops.conv(inputs, self.effective_kernel(), strides=self.strides,
                     padding=self.padding)
        return self._finish(y)

    def compute_output_shape(self, input_shape):
        n, h, w, _ = input_shape

        def side(s):
            if s is None:
                return None
            if self.padding == "same":
                return -(-s // self.strides)
            return (s - self.kernel_size) // self.strides + 1
        return (n, side(h), side(w), self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size, "strides": self.strides,
                "padding": self.padding}
