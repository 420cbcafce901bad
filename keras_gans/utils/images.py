"""Turning model images into pictures a person can look at."""

import math

import numpy as np

from keras_gans.utils.files import atomic_open

__all__ = ["to_uint8", "make_grid", "save_png", "save_grid"]


def to_uint8(images):
    """float images in [-1, 1] -> uint8 [0, 255] (rounded, clipped)."""
    images = np.asarray(images, dtype=np.float32)
    return np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


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
