"""The one input check of the metric math: a finite ``(N, D)`` float64
matrix (a leaf: numpy only)."""

import numpy as np

__all__ = ["finite_matrix"]


def finite_matrix(values, name="features", columns="D", min_rows=1):
    """``values`` as a float64 ``(N, D)`` array with ``N >= min_rows`` and
    no NaN or infinity; a ``ValueError`` naming ``name`` otherwise."""
    x = np.asarray(values, np.float64)
    if x.ndim != 2 or x.shape[0] < min_rows:
        raise ValueError(f"{name} must have shape (N, {columns}) with N >= "
                         f"{min_rows}; received {x.shape}.")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contain NaN or infinite values.")
    return x


def feature_pair(features1, features2):
    """Two finite float64 feature sets ``(N1, D)`` and ``(N2, D)`` of the
    same width ``D``, as the set-to-set metrics (FID, KID, precision /
    recall) take them; a ``ValueError`` otherwise."""
    f1 = np.asarray(features1, np.float64)
    f2 = np.asarray(features2, np.float64)
    if f1.ndim != 2 or f2.ndim != 2 or f1.shape[1] != f2.shape[1]:
        raise ValueError("Feature sets must be (N, D) with the same D; "
                         f"received {f1.shape} and {f2.shape}.")
    return finite_matrix(f1), finite_matrix(f2)
