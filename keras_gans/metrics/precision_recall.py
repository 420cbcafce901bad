"""Improved precision and recall (Kynkaanniemi et al. 2019, "Improved
Precision and Recall Metric for Assessing Generative Models").

Each set's manifold is the union of hyperspheres around its samples, the
radius of each being the distance to its k-th nearest neighbour in the same
set (k = 3). Precision is the fraction of generated samples inside the real
manifold; recall the fraction of real samples inside the generated one.

Features: the paper (and NVlabs' ``pr50k3``) uses VGG-16 fc2 features;
:func:`keras_gans.metrics.evaluate` uses the Inception pool3 features it
already has, so its values are *not* comparable with published P/R numbers.
Distances are computed in float64, in blocks.
"""

import numpy as np

from keras_gans.metrics.checks import feature_pair

__all__ = ["kth_neighbour_radii", "manifold_coverage",
           "precision_recall_from_features"]


def _pairwise_distances(a, b):
    aa = np.einsum("ij,ij->i", a, a)[:, None]
    bb = np.einsum("ij,ij->i", b, b)[None, :]
    d2 = aa + bb - 2.0 * (a @ b.T)
    return np.sqrt(np.clip(d2, 0.0, None))


def kth_neighbour_radii(features, k=3, block_size=1000):
    """Distance of each sample to its k-th nearest other sample."""
    x = np.asarray(features, np.float64)
    if len(x) <= k:
        raise ValueError(f"Need more than k={k} samples; got {len(x)}.")
    radii = np.empty(len(x))
    for start in range(0, len(x), block_size):
        d = _pairwise_distances(x[start:start + block_size], x)
        # index 0 of the partition is the sample itself (distance 0)
        radii[start:start + block_size] = np.partition(d, k, axis=1)[:, k]
    return radii


def manifold_coverage(manifold, radii, queries, block_size=1000):
    """Fraction of ``queries`` within ``radii[i]`` of some ``manifold[i]``."""
    ref = np.asarray(manifold, np.float64)
    q = np.asarray(queries, np.float64)
    inside = np.zeros(len(q), bool)
    for start in range(0, len(q), block_size):
        d = _pairwise_distances(q[start:start + block_size], ref)
        inside[start:start + block_size] = (d <= radii[None, :]).any(axis=1)
    return float(inside.mean())


def precision_recall_from_features(real, generated, k=3, block_size=1000):
    """``(precision, recall)`` of generated vs real ``(N, D)`` features."""
    real, generated = feature_pair(real, generated)
    real_radii = kth_neighbour_radii(real, k, block_size)
    gen_radii = kth_neighbour_radii(generated, k, block_size)
    precision = manifold_coverage(real, real_radii, generated, block_size)
    recall = manifold_coverage(generated, gen_radii, real, block_size)
    return precision, recall
