"""The layers of the style-based generator (Karras et al. 2019, "A
Style-Based Generator Architecture for GANs"; Karras et al. 2020,
"Analyzing and Improving the Image Quality of StyleGAN").

``ConstantInput``
    the learned 4x4 constant the synthesis network starts from (StyleGAN,
    section 2), repeated over the batch.
``ModulatedConv2D``
    StyleGAN2's weight modulation and demodulation (section 2.2, eq. 1-3):
    a learned affine map of ``w`` gives one scale per input channel, the
    convolution weights are scaled by it per example and (optionally)
    renormalised to unit L2 norm per output channel. It replaces StyleGAN
    1's AdaIN, whose instance normalisation causes the "droplet"
    artefacts.
``NoiseInjection``
    per-pixel Gaussian noise, one map per example broadcast over the
    channels, times a learned per-channel scale that starts at 0
    (StyleGAN, section 3.2).
``Truncation``
    holds ``w_avg``, the moving average of the mapping network's output,
    and applies the truncation trick ``w' = w_avg + psi (w - w_avg)``
    (StyleGAN, section 3.1; optionally only to the first ``cutoff``
    styles).

All are ``keras.ops`` code with a ``get_config``, registered with Keras
under ``keras_gans``, so networks made of them save to and load from
``.keras`` files on every backend.
"""

import math

import keras
from keras import ops

from keras_gans.utils.checks import check_positive_int

__all__ = ["ConstantInput", "ModulatedConv2D", "NoiseInjection",
           "Truncation", "check_decay", "check_cutoff"]

#: the activations ``ModulatedConv2D`` applies after its bias
ACTIVATIONS = (None, "linear", "lrelu")
#: StyleGAN's leaky ReLU: slope 0.2, output times sqrt(2) (He's gain, so a
#: demodulated layer's output keeps unit variance through the activation)
LRELU_SLOPE = 0.2
LRELU_GAIN = math.sqrt(2.0)


def _check_float(name, value, low=None, high=None, low_open=False,
                 high_open=False, expected=None):
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = None
    ok = out is not None and math.isfinite(out) and not isinstance(
        value, bool)
    if ok and low is not None:
        ok = out > low if low_open else out >= low
    if ok and high is not None:
        ok = out < high if high_open else out <= high
    if not ok:
        raise ValueError(f"{name} must be {expected or 'a finite number'}; "
                         f"received {value!r}.")
    return out


def check_decay(decay):
    """The ``w_avg`` decay as a float in [0, 1); a clear error otherwise."""
    return _check_float("w_avg_decay", decay, 0.0, 1.0, high_open=True,
                        expected="a number in [0, 1) (StyleGAN: 0.995)")


def check_cutoff(cutoff, num_styles=None):
    """``None`` or an int in ``[1, num_styles]`` (the number of leading
    styles the truncation trick moves); a clear error otherwise."""
    if cutoff is None:
        return None
    where = (f"[1, {num_styles}] (the generator has {num_styles} styles)"
             if num_styles is not None else ">= 1")
    if isinstance(cutoff, bool) or not isinstance(cutoff, (int, float)) and \
            not hasattr(cutoff, "__index__") or int(cutoff) != cutoff or \
            cutoff < 1 or (num_styles is not None and cutoff > num_styles):
        raise ValueError(
            f"truncation_cutoff must be None (every style) or an integer in "
            f"{where}; received {cutoff!r}.")
    return int(cutoff)


@keras.saving.register_keras_serializable(package="keras_gans")
class ConstantInput(keras.layers.Layer):
    """A learned ``(size, size, channels)`` constant, repeated over the batch
    of its input: the start of StyleGAN's synthesis network (section 2:
    "we simplify the architecture by omitting the input layer and starting
    the image synthesis from a learned 4x4x512 constant tensor").

    Called on any tensor whose first axis is the batch (the styles); its
    values are ignored. The constant is drawn from N(0, 1).

    Args:
        channels: feature maps of the constant.
        size: its height and width (4 in the papers).
    """

    def __init__(self, channels, size=4, **kwargs):
        super().__init__(**kwargs)
        self.channels = check_positive_int(channels, "channels")
        self.size = check_positive_int(size, "size")

    def build(self, input_shape):
        self.constant = self.add_weight(
            name="constant", shape=(self.size, self.size, self.channels),
            initializer=keras.initializers.RandomNormal(0.0, 1.0))

    def call(self, inputs):
        n = ops.shape(inputs)[0]
        const = ops.cast(self.constant, self.compute_dtype)
        return ops.broadcast_to(const[None],
                                (n, self.size, self.size, self.channels))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.size, self.size, self.channels)

    def get_config(self):
        return {**super().get_config(), "channels": self.channels,
                "size": self.size}


@keras.saving.register_keras_serializable(package="keras_gans")
class ModulatedConv2D(keras.layers.Layer):
    """StyleGAN2's modulated (and demodulated) convolution, channels last.

    Called on ``[x, w]``: feature maps ``x`` ``(N, H, W, C_in)`` and a style
    vector ``w`` ``(N, w_dim)``. With ``A`` the learned affine map (an
    equalized dense layer, bias starting at 1) and ``k`` the equalized
    kernel (``kernel / sqrt(kernel_size^2 * C_in)``)::

        s        = w @ (A / sqrt(w_dim)) + b_A                 (N, C_in)
        k'[n]    = k * s[n, i]                  (per example, eq. 1)
        k''[n]   = k'[n] / sqrt(sum_{kh,kw,i} k'[n]^2 + eps)    (eq. 3)
        y[n]     = conv(x[n], k''[n]) + bias, then the activation

    It is computed without per-example kernels, as the paper's Appendix B
    and the official "non-fused" path do: ``conv(x * s, k) * d`` with the
    demodulation coefficients ``d = 1 / sqrt((s^2) @ sum_{kh,kw} k^2 +
    eps)``, which is the same number.

    Args:
        filters: output channels.
        kernel_size: square kernel side (an int; 3 for convolutions, 1 for
            the to-RGB layers).
        demodulate: renormalise the modulated weights (``True``; the to-RGB
            layers use ``False``).
        use_bias: a learned bias per output channel, added after the
            demodulation.
        activation: ``None`` / ``"linear"`` or ``"lrelu"`` (leaky ReLU,
            slope 0.2, times sqrt(2) as in StyleGAN2's ``bias_act``).
        style_bias: the initial value of the affine map's bias (1: the
            styles start at 1, the layer at a plain convolution).
        epsilon: the demodulation's epsilon (1e-8).
    """

    def __init__(self, filters, kernel_size, demodulate=True, use_bias=True,
                 activation=None, style_bias=1.0, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.filters = check_positive_int(filters, "filters")
        self.kernel_size = check_positive_int(kernel_size, "kernel_size")
        self.demodulate = bool(demodulate)
        self.use_bias = bool(use_bias)
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}; "
                             f"received {activation!r}.")
        self.activation = None if activation == "linear" else activation
        self.style_bias = _check_float("style_bias", style_bias)
        self.epsilon = _check_float("epsilon", epsilon, 0.0, low_open=True,
                                    expected="a positive number")

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or \
                len(input_shape) != 2 or not all(
                    isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(
                "ModulatedConv2D is called on [features, w]: feature maps "
                "(batch, H, W, C) and styles (batch, w_dim); received input "
                f"shape {input_shape!r}.")
        x_shape, w_shape = (tuple(s) for s in input_shape)
        if len(x_shape) != 4 or x_shape[-1] is None or len(w_shape) != 2 or \
                w_shape[-1] is None:
            raise ValueError(
                "ModulatedConv2D takes features (batch, H, W, C) and styles "
                "(batch, w_dim) with known C and w_dim; received shapes "
                f"{x_shape} and {w_shape}.")
        channels, w_dim = int(x_shape[-1]), int(w_shape[-1])
        k = self.kernel_size
        self.in_channels, self.w_dim = channels, w_dim
        self.affine_scale = 1.0 / math.sqrt(w_dim)
        self.kernel_scale = 1.0 / math.sqrt(k * k * channels)
        normal = keras.initializers.RandomNormal(0.0, 1.0)
        self.affine_kernel = self.add_weight(
            name="affine_kernel", shape=(w_dim, channels), initializer=normal)
        self.affine_bias = self.add_weight(
            name="affine_bias", shape=(channels,),
            initializer=keras.initializers.Constant(self.style_bias))
        self.kernel = self.add_weight(
            name="kernel", shape=(k, k, channels, self.filters),
            initializer=normal)
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(name="bias", shape=(self.filters,),
                                        initializer="zeros")

    def styles(self, w):
        """The per-example input-channel scales ``s`` ``(N, C_in)`` of the
        style vectors ``w``."""
        dtype = self.compute_dtype
        kernel = ops.cast(self.affine_kernel, dtype) * self.affine_scale
        return ops.matmul(ops.cast(w, dtype), kernel) + ops.cast(
            self.affine_bias, dtype)

    def call(self, inputs):
        x, w = inputs
        dtype = self.compute_dtype
        x = ops.cast(x, dtype)
        s = self.styles(w)                                     # (N, C_in)
        kernel = ops.cast(self.kernel, dtype) * self.kernel_scale
        y = ops.conv(x * s[:, None, None, :], kernel, strides=1,
                     padding="same")
        if self.demodulate:
            # sum over kh, kw of k^2: (C_in, C_out); (s^2) @ it: (N, C_out)
            energy = ops.sum(ops.square(kernel), axis=(0, 1))
            d = ops.rsqrt(ops.matmul(ops.square(s), energy) + self.epsilon)
            y = y * d[:, None, None, :]
        if self.bias is not None:
            y = y + ops.cast(self.bias, dtype)
        if self.activation == "lrelu":
            y = ops.leaky_relu(y, LRELU_SLOPE) * LRELU_GAIN
        return y

    def compute_output_shape(self, input_shape):
        x_shape = tuple(input_shape[0])
        return x_shape[:3] + (self.filters,)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters,
                "kernel_size": self.kernel_size,
                "demodulate": self.demodulate, "use_bias": self.use_bias,
                "activation": self.activation,
                "style_bias": self.style_bias, "epsilon": self.epsilon}


@keras.saving.register_keras_serializable(package="keras_gans")
class NoiseInjection(keras.layers.Layer):
    """Adds per-pixel noise times a learned per-channel scale (StyleGAN,
    section 3.2): ``y = x + noise * scale``, ``noise`` one ``(H, W, 1)`` map
    per example broadcast over the channels, ``scale`` ``(C,)`` starting at
    0 (the network starts without noise and learns how much to use).

    ``training=True`` draws fresh N(0, 1) noise at every call from the
    layer's seeded stream; ``training=False`` (sampling, export) uses a
    fixed noise map drawn once when the layer is built and saved with it
    (StyleGAN2's ``noise_mode="const"``), so a generator is a deterministic
    function of its latent: the same latent gives the same image, in Keras
    and in the exported graph.

    Args:
        seed: seed of the training noise stream and of the fixed map.
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        if seed is not None and (isinstance(seed, bool) or
                                 int(seed) != seed):
            raise ValueError(f"seed must be an integer or None; received "
                             f"{seed!r}.")
        self.seed = None if seed is None else int(seed)
        self.seed_generator = keras.random.SeedGenerator(self.seed)

    def build(self, input_shape):
        if len(input_shape) != 4 or None in tuple(input_shape[1:]):
            raise ValueError(
                "NoiseInjection takes feature maps (batch, H, W, C) of known "
                f"H, W and C; received shape {tuple(input_shape)}.")
        _, h, w, c = input_shape
        self.scale = self.add_weight(name="scale", shape=(int(c),),
                                     initializer="zeros")
        self.fixed_noise = self.add_weight(
            name="fixed_noise", shape=(int(h), int(w), 1),
            initializer=keras.initializers.RandomNormal(0.0, 1.0,
                                                        seed=self.seed),
            trainable=False)

    def call(self, inputs, training=False):
        dtype = self.compute_dtype
        x = ops.cast(inputs, dtype)
        shape = ops.shape(x)
        if training:
            noise = keras.random.normal((shape[0], shape[1], shape[2], 1),
                                        seed=self.seed_generator,
                                        dtype=dtype)
        else:
            noise = ops.cast(self.fixed_noise, dtype)[None]
        return x + noise * ops.cast(self.scale, dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


@keras.saving.register_keras_serializable(package="keras_gans")
class Truncation(keras.layers.Layer):
    """Holds the average style ``w_avg`` and applies the truncation trick
    (StyleGAN, section 3.1 and Appendix B): ``w' = w_avg + psi * (w -
    w_avg)``.

    ``w_avg`` ``(w_dim,)`` is a non-trainable weight (it starts at 0 and is
    saved with the network); its owner moves it towards the mean of each
    training batch of ``w`` with :meth:`moved_average`
    (``w_avg <- mean(w) + decay * (w_avg - mean(w))``, StyleGAN's
    ``dlatent_avg_beta``).

    ``layer(w)`` is the identity (the layer ends the mapping network, which
    it holds the average of); ``layer(w, truncation_psi=psi)`` truncates:
    ``w`` is ``(N, w_dim)`` or the per-layer styles ``(N, num_styles,
    w_dim)``, and ``truncation_cutoff=c`` moves only the first ``c`` styles
    (the coarse ones), leaving the others as they are. ``psi`` may be a
    Python number or a scalar tensor; 1 leaves ``w`` unchanged, 0 gives
    ``w_avg`` for every example.

    Args:
        decay: the moving average's decay per update (0.995 in StyleGAN).
    """

    def __init__(self, decay=0.995, **kwargs):
        super().__init__(**kwargs)
        self.decay = check_decay(decay)

    def build(self, input_shape):
        if input_shape[-1] is None:
            raise ValueError("Truncation needs a known style width; received "
                             f"shape {tuple(input_shape)}.")
        self.w_avg = self.add_weight(name="w_avg", shape=(int(
            input_shape[-1]),), initializer="zeros", trainable=False)

    def call(self, inputs, truncation_psi=None, truncation_cutoff=None):
        if truncation_psi is None and truncation_cutoff is None:
            return inputs
        cutoff = check_cutoff(truncation_cutoff)
        w = ops.cast(inputs, self.compute_dtype)
        if not hasattr(truncation_psi, "shape") and (
                truncation_psi is None or float(truncation_psi) == 1.0):
            return w
        psi = ops.cast(truncation_psi, w.dtype)
        avg = ops.cast(self.w_avg, w.dtype)
        moved = avg + psi * (w - avg)
        if cutoff is None:
            return moved
        if len(w.shape) != 3:
            raise ValueError(
                "truncation_cutoff applies to per-layer styles (batch, "
                f"num_styles, w_dim); received shape {tuple(w.shape)}.")
        keep = ops.arange(w.shape[1])[None, :, None] < cutoff
        return ops.where(keep, moved, w)

    def moved_average(self, batch_mean):
        """The next ``w_avg``: ``batch_mean + decay * (w_avg -
        batch_mean)`` (``batch_mean``: the mean ``w`` of a batch,
        ``(w_dim,)``). Returns the value; the caller assigns it."""
        avg = ops.cast(self.w_avg, "float32")
        mean = ops.cast(batch_mean, "float32")
        return mean + self.decay * (avg - mean)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "decay": self.decay}
