"""Pixel agreement of two generators on the same latents (CoGAN's
correspondence score). Math only: numpy, no model, no TensorFlow.

A coupled GAN (Liu & Tuzel 2016) trained on a domain ``a`` and a domain
``b = T(a)`` (``T``: the negative, ``1 - x``) without pairs should, for the
same latent ``z``, draw ``G_b(z) = T(G_a(z))``. The agreement measures how
close that is::

    agreement = 1 - mean over every pixel of |G_b(z) - T(G_a(z))| / 2

on images in [-1, 1] (the mean runs over the samples, the pixels and the
channels). Equivalently, on intensities in [0, 1], one minus the mean
absolute intensity difference. So:

- 1.0: identical images (perfect correspondence);
- 0.0: every pixel as far off as it can be (one image +1 where the other
  is -1);
- for the negative task, a ``G_b`` that copies ``G_a`` instead of negating
  it scores ``1 - mean |G_a(z)|``.

Why this definition rather than the share of pixels within a tolerance of
each other (the paper's "pixel agreement ratio" compares binarised
digits): it needs no threshold, it is linear in the error, so a small
systematic grey shift costs a little rather than everything or nothing,
and on binary images (all pixels -1 or +1) it *is* the share of agreeing
pixels.
"""

import numpy as np

__all__ = ["agreement", "per_example_agreement", "DEFINITION"]

#: one line for evaluation protocols
DEFINITION = ("1 - mean |G_b(z) - T(G_a(z))| / 2 over samples, pixels and "
              "channels, on images in [-1, 1] (1.0 = identical, 0.0 = every "
              "pixel opposite)")


def _check(images_b, transformed_a):
    b = np.asarray(images_b)
    t = np.asarray(transformed_a)
    for what, x in (("images_b", b), ("transformed_a", t)):
        if x.dtype == bool or not np.issubdtype(x.dtype, np.number):
            raise ValueError(
                f"agreement takes float images in [-1, 1]; {what} has dtype "
                f"{x.dtype}.")
        if x.ndim != 4 or x.shape[0] == 0:
            raise ValueError(
                f"agreement takes image batches (N, H, W, C) with N >= 1; "
                f"{what} has shape {x.shape}.")
    if b.shape != t.shape:
        raise ValueError(
            f"agreement compares images of the same shape, one per latent; "
            f"received images_b {b.shape} and transformed_a {t.shape}.")
    b = b.astype(np.float64)
    t = t.astype(np.float64)
    for what, x in (("images_b", b), ("transformed_a", t)):
        if not np.all(np.isfinite(x)):
            bad = int(np.sum(~np.isfinite(x)))
            raise ValueError(
                f"agreement: {what} holds {bad} NaN or infinite values; "
                "expected finite images in [-1, 1].")
        low, high = float(x.min()), float(x.max())
        if low < -1.0 - 1e-3 or high > 1.0 + 1e-3:
            raise ValueError(
                f"agreement takes images in [-1, 1]; {what} has values in "
                f"[{low:.4g}, {high:.4g}] (uint8 or [0, 1] images: map them "
                "to [-1, 1] first).")
    return b, t


def per_example_agreement(images_b, transformed_a):
    """The agreement of each pair, ``(N,)`` float64 (see the module doc)."""
    b, t = _check(images_b, transformed_a)
    return 1.0 - np.mean(np.abs(b - t), axis=(1, 2, 3)) / 2.0


def agreement(images_b, transformed_a):
    """``1 - mean |images_b - transformed_a| / 2`` over everything: a float
    in [0, 1], 1.0 for identical images (see the module doc).

    Args:
        images_b: ``G_b(z)``, ``(N, H, W, C)`` in [-1, 1].
        transformed_a: ``T(G_a(z))`` for the same latents, same shape.
    """
    return float(np.mean(per_example_agreement(images_b, transformed_a)))
