"""Turning model images into pictures a person can look at."""

import math
import sys

import numpy as np

from keras_gans.utils.files import atomic_open

__all__ = ["to_uint8", "make_grid", "save_png", "save_grid"]


def _tf_tensor(images):
    """Whether ``images`` is a TensorFlow tensor (eager or symbolic), without
    importing TensorFlow when nothing has imported it yet."""
    tf = sys.modules.get("tensorflow")
    return tf is not None and tf.is_tensor(images)


def to_uint8(images, value_range=(-1.0, 1.0)):
    """Float images -> uint8 pixels: the one float -> uint8 conversion of the
    library (pictures, export signatures, metrics).

    The rule is the one the FID protocol records (``keras_gans.metrics``'
    protocol: "map value_range to [0, 255], round half up, clip"): computed
    in float64,

        x = (images - lo) * 255 / (hi - lo)      (lo, hi) = value_range
        pixels = clip(floor(x + 0.5), 0, 255)

    so -1 -> 0, 0 -> 128 (127.5 rounds up), 1 -> 255 for the default range.

    Accepts numpy-convertible arrays (returns a numpy uint8 array; uint8
    input is returned as is) and TensorFlow tensors, eager or inside a
    graph (the same formula with ``tf`` ops in float64; returns a
    ``tf.uint8`` tensor). A 3-D batch ``(N, H, W)`` gets a channel axis:
    ``(N, H, W, 1)``.
    """
    lo, hi = (float(v) for v in value_range)
    if not hi > lo:
        raise ValueError(f"value_range must be (low, high) with low < high; "
                         f"received {tuple(value_range)}.")
    if _tf_tensor(images):
        return _to_uint8_tf(images, lo, hi)
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.dtype == np.uint8:
        return images
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number):
        raise ValueError(f"Images must be numeric; received {images.dtype}.")
    x = (images.astype(np.float64) - lo) * (255.0 / (hi - lo))
    return np.clip(np.floor(x + 0.5), 0, 255).astype(np.uint8)


def _to_uint8_tf(images, lo, hi):
    import tensorflow as tf

    if images.shape.rank == 3:
        images = images[..., None]
    if images.dtype == tf.uint8:
        return images
    if images.dtype == tf.bool or not (images.dtype.is_floating or
                                       images.dtype.is_integer):
        raise ValueError(f"Images must be numeric; received "
                         f"{images.dtype.name}.")
    x = (tf.cast(images, tf.float64) - lo) * (255.0 / (hi - lo))
    x = tf.clip_by_value(tf.floor(x + 0.5), 0.0, 255.0)
    return tf.cast(x, tf.uint8)


def make_grid(images, nrow=None, padding=2, pad_value=255):
    """Tiles ``(N, H, W, C)`` images (float in [-1, 1] or uint8) into one
    ``(rows * (H + p) + p, cols * (W + p) + p, C)`` uint8 picture;
    ``nrow`` images per row (default: a near-square layout)."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[0] == 0:
        raise ValueError("make_grid expects a non-empty (N, H, W, C) batch; "
                         f"received shape {images.shape}.")
    if images.dtype != np.uint8:
        images = to_uint8(images)
    n, h, w, c = images.shape
    cols = int(nrow) if nrow else int(math.ceil(math.sqrt(n)))
    rows = int(math.ceil(n / cols))
    grid = np.full((rows * (h + padding) + padding,
                    cols * (w + padding) + padding, c), pad_value, np.uint8)
    for i in range(n):
        r, col = divmod(i, cols)
        y, x = padding + r * (h + padding), padding + col * (w + padding)
        grid[y:y + h, x:x + w] = images[i]
    return grid


def save_png(picture, path, scale=1):
    """Writes a ``(H, W, C)`` uint8 picture as PNG, atomically (a temp file
    in the same folder renamed into place), optionally upscaled."""
    from PIL import Image

    picture = np.asarray(picture, np.uint8)
    if picture.ndim == 3 and picture.shape[-1] == 1:
        picture = picture[..., 0]
    img = Image.fromarray(picture)
    if scale and scale != 1:
        img = img.resize((img.width * scale, img.height * scale),
                         Image.NEAREST)
    with atomic_open(path, "wb") as f:
        img.save(f, format="PNG")
    return path


def save_grid(images, path, nrow=None, scale=2):
    """``make_grid`` + ``save_png``; returns the path."""
    return save_png(make_grid(images, nrow=nrow), path, scale=scale)
