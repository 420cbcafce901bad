"""Shared checks and small pieces of the network builders."""

import keras


def check_image_shape(image_shape, multiple_of=1, square=False):
    """Validates ``(H, W, C)`` and returns it as a tuple of ints."""
    try:
        shape = tuple(int(d) for d in image_shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"image_shape must be (height, width, channels); received "
            f"{image_shape!r}.") from None
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(
            f"image_shape must be (height, width, channels) with positive "
            f"sizes; received {image_shape!r}.")
    h, w, _ = shape
    if square and h != w:
        raise ValueError(f"This network needs square images; received "
                         f"{h}x{w}.")
    if h % multiple_of or w % multiple_of:
        raise ValueError(
            f"This network needs image sides that are multiples of "
            f"{multiple_of}; received {h}x{w}.")
    return shape


def maybe_spectral(layer, spectral_norm):
    """Wraps ``layer`` in Keras' own ``SpectralNormalization`` if asked."""
    return keras.layers.SpectralNormalization(layer) if spectral_norm else layer
