"""Kernel Inception Distance (Binkowski et al. 2018, "Demystifying MMD
GANs"): the unbiased estimate of the squared MMD between feature sets under
the polynomial kernel ``k(x, y) = (x.y / d + 1)^3``, averaged over random
subsets (100 subsets of 1000 samples, or of all samples when fewer), as
TF-GAN's ``kernel_classifier_distance`` and NVlabs' ``kid50k`` compute it.
"""

import numpy as np

from keras_gans.metrics.checks import feature_pair

__all__ = ["polynomial_kernel", "mmd2_unbiased", "kid_from_features"]


def polynomial_kernel(x, y):
    """``(x @ y.T / d + 1) ** 3`` in float64."""
    x = np.asarray(x, np.float64)
    y = np.asarray(y, np.float64)
    d = x.shape[1]
    return (x @ y.T / d + 1.0) ** 3


def mmd2_unbiased(x, y):
    """Unbiased squared MMD of samples ``x (m, d)`` and ``y (n, d)``:
    ``sum_{i!=j} k(x_i,x_j)/(m(m-1)) + sum_{i!=j} k(y_i,y_j)/(n(n-1))
    - 2 sum_{i,j} k(x_i,y_j)/(mn)``."""
    m, n = len(x), len(y)
    if m < 2 or n < 2:
        raise ValueError(f"Need at least 2 samples per set; got {m} and {n}.")
    kxx = polynomial_kernel(x, x)
    kyy = polynomial_kernel(y, y)
    kxy = polynomial_kernel(x, y)
    return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1))
                 + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
                 - 2.0 * kxy.sum() / (m * n))


def kid_from_features(features1, features2, num_subsets=100,
                      max_subset_size=1000, seed=0):
    """``(mean, std)`` of the unbiased MMD^2 over ``num_subsets`` random
    subsets of ``min(max_subset_size, N1, N2)`` samples of each set (drawn
    without replacement, numpy ``default_rng(seed)``)."""
    f1, f2 = feature_pair(features1, features2)
    if int(num_subsets) < 1:
        raise ValueError(f"num_subsets must be >= 1; received {num_subsets}.")
    m = min(int(max_subset_size), len(f1), len(f2))
    if m < 2:
        raise ValueError(f"KID needs at least 2 samples per set; got "
                         f"{len(f1)} and {len(f2)}.")
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(int(num_subsets)):
        x = f1[rng.choice(len(f1), m, replace=False)]
        y = f2[rng.choice(len(f2), m, replace=False)]
        values.append(mmd2_unbiased(x, y))
    return float(np.mean(values)), float(np.std(values))
