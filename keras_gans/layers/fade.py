"""The fade-in of a new resolution into a growing network."""

import keras
from keras import ops

__all__ = ["FadeIn", "check_alpha"]


def check_alpha(value):
    """``value`` as a float in [0, 1]; a clear error otherwise."""
    try:
        alpha = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            "FadeIn alpha must be a number in [0, 1] (0: only the upsampled "
            "lower-resolution path, 1: only the new block); received "
            f"{value!r}.") from None
    if not 0.0 <= alpha <= 1.0:  # also refuses NaN
        raise ValueError(
            "FadeIn alpha must be in [0, 1] (0: only the upsampled "
            "lower-resolution path, 1: only the new block); received "
            f"{value!r}. Pass a value in that range.")
    return alpha


@keras.saving.register_keras_serializable(package="keras_gans")
class FadeIn(keras.layers.Layer):
    """``(1 - alpha) * low + alpha * high``: blends a new, higher-resolution
    block into a growing network (Karras et al. 2018, Figure 2).

    Called on a list ``[low, high]`` of two tensors of the same shape: in a
    generator, ``low`` is the upsampled output of the previous resolution
    and ``high`` the new block's; in a discriminator, ``low`` the features
    of the downsampled image and ``high`` those of the new block. ``alpha``
    lives in a non-trainable scalar weight (``self.alpha``), so it is saved
    with the model, read by a compiled step at every call and set from
    Python with :meth:`set_alpha` or from a compiled step with
    ``layer.alpha.assign(...)``.

    Args:
        alpha: the initial value, in [0, 1] (default 0: a fade-in starts
            with the lower resolution only).
    """

    def __init__(self, alpha=0.0, **kwargs):
        super().__init__(**kwargs)
        self.initial_alpha = check_alpha(alpha)
        self.alpha = self.add_weight(
            name="alpha", shape=(),
            initializer=keras.initializers.Constant(self.initial_alpha),
            trainable=False)

    def set_alpha(self, value):
        """Sets ``alpha`` (a number in [0, 1]; anything else is a
        ``ValueError`` naming the value)."""
        self.alpha.assign(check_alpha(value))

    def get_alpha(self):
        """The current ``alpha`` as a Python float."""
        return float(ops.convert_to_numpy(self.alpha))

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or \
                len(input_shape) != 2 or not all(
                    isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(
                "FadeIn is called on a list [low, high] of two tensors; "
                f"received input shape {input_shape!r}.")
        low, high = (tuple(s) for s in input_shape)
        if len(low) != len(high) or any(
                a is not None and b is not None and a != b
                for a, b in zip(low[1:], high[1:])):
            raise ValueError(
                "FadeIn blends two tensors of the same shape; received "
                f"{low} and {high}. Upsample (generator) or downsample "
                "(discriminator) the lower-resolution path first.")

    def call(self, inputs):
        low, high = inputs
        alpha = ops.cast(self.alpha, low.dtype)
        return low + alpha * (ops.cast(high, low.dtype) - low)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[1])

    def get_config(self):
        return {**super().get_config(), "alpha": self.initial_alpha}
