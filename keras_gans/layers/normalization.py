"""Pixelwise feature normalisation and the minibatch standard deviation."""

import keras
from keras import ops

from keras_gans.utils.checks import check_positive_int

__all__ = ["PixelNorm", "MinibatchStdDev", "group_size_for"]


def _check_positive_float(name, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number; received "
                         f"{value!r}.") from None
    if not value > 0:
        raise ValueError(f"{name} must be a positive number; received "
                         f"{value!r}.")
    return value


@keras.saving.register_keras_serializable(package="keras_gans")
class PixelNorm(keras.layers.Layer):
    """Scales the feature vector at every position to unit RMS.

    ``y = x / sqrt(mean(x ** 2 over the last axis) + epsilon)`` (Karras et
    al. 2018, "Progressive Growing of GANs", eq. in section 4.2; epsilon
    1e-8). Works on any rank: a ``(N, C)`` latent batch or ``(N, H, W, C)``
    feature maps (channels last). Has no weights.
    """

    def __init__(self, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = _check_positive_float("epsilon", epsilon)

    def call(self, inputs):
        mean_square = ops.mean(ops.square(inputs), axis=-1, keepdims=True)
        return inputs * ops.rsqrt(mean_square + self.epsilon)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}


def group_size_for(batch_size, group_size):
    """The group size :class:`MinibatchStdDev` uses for a batch of
    ``batch_size`` examples: the largest divisor of the batch that is at
    most ``group_size`` (4 for a batch of 8 or 12, 3 for a batch of 3 or 9,
    2 for a batch of 6 when ``group_size`` is 4 or 5, 1 for a prime batch
    larger than ``group_size``). ``batch_size`` may be a Python int or a
    scalar integer tensor (a batch size known only at run time); the
    result is of the same kind."""
    if isinstance(batch_size, int):
        return max(g for g in range(1, min(group_size, batch_size) + 1)
                   if batch_size % g == 0)
    best = ops.ones((), "int32")
    n = ops.cast(batch_size, "int32")
    for g in range(2, group_size + 1):
        best = ops.where(ops.equal(n % g, 0), g, best)
    return best


@keras.saving.register_keras_serializable(package="keras_gans")
class MinibatchStdDev(keras.layers.Layer):
    """Appends one feature map: the mean over features and pixels of the
    standard deviation of each feature within a group of examples (Karras
    et al. 2018, section 3, "minibatch standard deviation").

    For ``(N, H, W, C)`` inputs and group size ``G``: the batch is split
    into ``N / G`` groups, example ``i`` belonging to group ``i mod (N /
    G)`` (so each group holds examples spread over the batch); in each
    group the population standard deviation ``sqrt(mean((x - mean)^2) +
    1e-8)`` of every feature at every pixel is taken over the ``G``
    members, averaged over the ``H * W * C`` values to one number, and
    that number fills a new ``(H, W, 1)`` channel of every member. The
    output is ``(N, H, W, C + 1)``.

    ``group_size`` (default 4) is clamped to the batch: when the batch is
    not a multiple of it, the group size is the largest divisor of the
    batch that is at most ``group_size`` (:func:`group_size_for`), so any
    batch works, including a batch of one (group of 1: the appended map is
    ``sqrt(1e-8) = 1e-4``) and batch sizes known only at run time.
    """

    def __init__(self, group_size=4, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.group_size = check_positive_int(group_size, "group_size")
        self.epsilon = _check_positive_float("epsilon", epsilon)

    def call(self, inputs):
        shape = ops.shape(inputs)
        n, h, w, c = shape[0], shape[1], shape[2], shape[3]
        g = group_size_for(n, self.group_size)
        x = ops.cast(inputs, "float32")
        y = ops.reshape(x, (g, -1, h, w, c))            # (G, M, H, W, C)
        y = y - ops.mean(y, axis=0, keepdims=True)
        std = ops.sqrt(ops.mean(ops.square(y), axis=0) + self.epsilon)
        per_group = ops.mean(std, axis=(1, 2, 3))        # (M,)
        per_example = ops.tile(per_group, (g,))           # example i: i mod M
        feature = ops.reshape(per_example, (-1, 1, 1, 1))
        feature = ops.broadcast_to(feature, (n, h, w, 1))
        return ops.concatenate(
            [inputs, ops.cast(feature, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(
                "MinibatchStdDev takes (batch, height, width, channels) "
                f"feature maps; received shape {tuple(input_shape)}.")
        channels = input_shape[-1]
        return tuple(input_shape[:-1]) + (
            None if channels is None else channels + 1,)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)  # checks the rank

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size,
                "epsilon": self.epsilon}
