"""Edge maps of images: the built-in "edges" domain of the two-domain
(CoGAN) and paired (pix2pix ``edges2fashion``) datasets.

The edge map is the morphological gradient of the image, thresholded:
``dilation(x) - erosion(x)`` over a ``size x size`` window (the largest
minus the smallest value around each pixel, on intensities in [0, 1]),
and a pixel is an edge where that exceeds ``threshold``. Edges are drawn
dark on a white background, as in the pix2pix edges2shoes/edges2handbags
sets: edge pixels are -1, the rest +1 (model range [-1, 1]). Grey images
only (one channel); an RGB image is first reduced to its luma.

TensorFlow ops, so the same function serves numpy arrays (eagerly) and a
``tf.data`` map.
"""

import numpy as np
import tensorflow as tf

__all__ = ["edge_map", "DEFAULT_THRESHOLD"]

#: the gradient (in [0, 1] intensity) above which a pixel is an edge
DEFAULT_THRESHOLD = 0.25


def edge_map(images, threshold=DEFAULT_THRESHOLD, size=3):
    """Edge maps of ``images`` (``(N, H, W, C)`` or ``(H, W, C)`` in
    [-1, 1]): the same spatial shape with one channel, -1 on edges and +1
    elsewhere (see the module docstring). Returns a float32 tensor."""
    if not 0.0 < float(threshold) < 1.0:
        raise ValueError("threshold must lie strictly between 0 and 1 (a "
                         "gradient of intensities in [0, 1]); received "
                         f"{threshold!r}.")
    if int(size) != size or size < 2:
        raise ValueError(f"size must be an integer >= 2 (the window side); "
                         f"received {size!r}.")
    x = tf.convert_to_tensor(images)
    if x.dtype != tf.float32:
        x = tf.cast(x, tf.float32)
    single = x.shape.rank == 3
    if single:
        x = x[None]
    if x.shape.rank != 4 or x.shape[-1] not in (1, 3):
        raise ValueError(
            "edge_map takes images (N, H, W, C) or (H, W, C) with C = 1 or "
            f"3, in [-1, 1]; received shape {tuple(x.shape)}.")
    if x.shape[-1] == 3:
        luma = np.asarray([0.299, 0.587, 0.114], np.float32)
        x = tf.reduce_sum(x * luma, axis=-1, keepdims=True)
    x = (x + 1.0) / 2.0
    window = [1, int(size), int(size), 1]
    dilation = tf.nn.max_pool2d(x, window, 1, "SAME")
    erosion = -tf.nn.max_pool2d(-x, window, 1, "SAME")
    edges = tf.where(dilation - erosion > float(threshold), -1.0, 1.0)
    return edges[0] if single else edges
