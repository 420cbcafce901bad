"""Frechet Inception Distance (Heusel et al. 2017, "GANs Trained by a Two
Time-Scale Update Rule Converge to a Local Nash Equilibrium").

``FID = |mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))`` between Gaussians
fitted to two sets of features, in float64.

Two ways to get ``Tr((S1 S2)^(1/2))``:

- ``method="eigen"`` (the default): ``(S1 S2)^(1/2)`` is similar to the
  symmetric ``(S1^(1/2) S2 S1^(1/2))^(1/2)``, so the trace is the sum of the
  square roots of the eigenvalues of ``S1^(1/2) S2 S1^(1/2)`` (``eigh``;
  round-off negatives clipped to 0). Exact for covariance matrices, real by
  construction, no SciPy, and ~15x faster than ``sqrtm`` at 2048-d (1.6 s vs
  26 s here; that matters for a callback).
- ``method="scipy"``: the reference implementation (TTUR's
  ``calculate_frechet_distance``, as in pytorch-fid): ``scipy.linalg.sqrtm``
  of the product, an ``eps`` offset on both covariance diagonals when the
  product is singular (non-finite or inaccurate square root), tiny imaginary
  parts discarded.

On real 2048-d Inception statistics the two agree to ~1e-12 relative (see
benchmarks/RESULTS-evaluation.md).
"""

import warnings

import numpy as np

from keras_gans.metrics.checks import feature_pair, finite_matrix

__all__ = ["statistics", "frechet_distance", "fid_from_features"]


def statistics(features):
    """``(mu, sigma)`` in float64 of ``(N, D)`` features (``sigma`` with
    ``ddof=1``, as ``np.cov(features, rowvar=False)``)."""
    x = finite_matrix(features, "features", min_rows=2)
    return x.mean(axis=0), np.cov(x, rowvar=False)


def _sqrtm_trace_scipy(a, b):
    import scipy.linalg

    prod = a @ b
    with warnings.catch_warnings():
        # singular products are expected (N < D) and handled by the caller
        warnings.simplefilter("ignore")
        root = scipy.linalg.sqrtm(prod)
    if isinstance(root, tuple):  # old SciPy with disp=False semantics
        root = root[0]
    ok = np.isfinite(root).all()
    if ok:
        norm = np.linalg.norm(prod)
        err = np.linalg.norm(root @ root - prod) / norm if norm > 0 else 0.0
        ok = err < 1e-3
    return root, ok


def _trace_sqrt_eigen(a, b, features_a=None):
    """``Tr((A B)^(1/2))`` for symmetric PSD A, B via eigendecompositions:
    ``(A B)^(1/2)`` is similar to ``(A^(1/2) B A^(1/2))^(1/2)``.

    When A is the covariance of N <= D samples (``features_a``), ``A = C^T C``
    with ``C`` the centred samples over ``sqrt(N - 1)``, and the non-zero
    eigenvalues of ``A B`` are those of the N x N matrix ``C B C^T``: exact,
    and it avoids eigendecompositions of rank-deficient D x D matrices, which
    LAPACK computes ~15x slower than full-rank ones (12 s vs 0.8 s at
    D = 2048 here)."""
    if features_a is not None and len(features_a) <= a.shape[0]:
        x = np.asarray(features_a, np.float64)
        c = (x - x.mean(axis=0)) / np.sqrt(len(x) - 1)
        m = c @ b @ c.T
    else:
        w, v = np.linalg.eigh(a)
        sqrt_a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
        m = sqrt_a @ b @ sqrt_a
    ev = np.linalg.eigvalsh((m + m.T) / 2)
    return float(np.sqrt(np.clip(ev, 0, None)).sum())


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6, method="auto",
                     features1=None, features2=None):
    """Frechet distance between N(mu1, sigma1) and N(mu2, sigma2), float64.

    Args:
        mu1, mu2: mean vectors ``(D,)``.
        sigma1, sigma2: covariance matrices ``(D, D)``.
        eps: offset added to both diagonals when ``sigma1 @ sigma2`` is
            singular (its square root comes out non-finite or inaccurate).
        method: ``"eigen"`` (symmetric eigendecompositions; the default),
            ``"scipy"`` (``scipy.linalg.sqrtm`` with the eps fallback, as the
            reference code) or ``"auto"`` (= ``"eigen"``).
        features1, features2: optionally, the ``(N, D)`` features the
            statistics were computed from (``sigma`` with ``ddof=1``). With
            ``N <= D`` (a rank-deficient covariance) the eigen method then
            works on an ``N x N`` matrix: same value, much faster.
    """
    mu1 = np.atleast_1d(np.asarray(mu1, np.float64))
    mu2 = np.atleast_1d(np.asarray(mu2, np.float64))
    sigma1 = np.atleast_2d(np.asarray(sigma1, np.float64))
    sigma2 = np.atleast_2d(np.asarray(sigma2, np.float64))
    d = mu1.shape[0]
    if mu1.shape != mu2.shape or mu1.ndim != 1:
        raise ValueError(f"Means must be vectors of one length; received "
                         f"{mu1.shape} and {mu2.shape}.")
    if sigma1.shape != (d, d) or sigma2.shape != (d, d):
        raise ValueError(f"Covariances must be ({d}, {d}); received "
                         f"{sigma1.shape} and {sigma2.shape}.")
    for name, v in (("mu1", mu1), ("mu2", mu2), ("sigma1", sigma1),
                    ("sigma2", sigma2)):
        if not np.isfinite(v).all():
            raise ValueError(f"{name} contains NaN or infinite values.")
    if method == "auto":
        method = "eigen"
    diff = mu1 - mu2
    if method == "eigen":
        small = [f for f in (features1, features2) if f is not None
                 and len(f) <= d]
        if features1 is not None and len(features1) <= d and (
                features2 is None or len(features1) <= len(features2)):
            tr_covmean = _trace_sqrt_eigen(sigma1, sigma2, features1)
        elif small:  # Tr((S1 S2)^(1/2)) = Tr((S2 S1)^(1/2))
            tr_covmean = _trace_sqrt_eigen(sigma2, sigma1, features2)
        else:
            tr_covmean = _trace_sqrt_eigen(sigma1, sigma2)
    elif method == "scipy":
        covmean, ok = _sqrtm_trace_scipy(sigma1, sigma2)
        if not ok:
            offset = np.eye(d) * eps
            covmean, ok = _sqrtm_trace_scipy(sigma1 + offset, sigma2 + offset)
            if not np.isfinite(covmean).all():
                raise ValueError(
                    "The matrix square root of the covariance product is not "
                    f"finite even with eps={eps} added to the diagonals.")
        if np.iscomplexobj(covmean):
            imag = np.max(np.abs(np.diagonal(covmean).imag))
            if imag > 1e-3:
                raise ValueError(
                    "The square root of the covariance product has a "
                    f"significant imaginary component ({imag:.3g}); the "
                    "covariances are not positive semi-definite.")
            covmean = covmean.real
        tr_covmean = float(np.trace(covmean))
    else:
        raise ValueError(f"method must be 'auto', 'scipy' or 'eigen'; "
                         f"received {method!r}.")
    value = diff @ diff + np.trace(sigma1) + np.trace(sigma2) - 2 * tr_covmean
    return float(value)


def fid_from_features(features1, features2, eps=1e-6, method="auto"):
    """FID between two ``(N, D)`` feature sets."""
    f1, f2 = feature_pair(features1, features2)
    mu1, s1 = statistics(f1)
    mu2, s2 = statistics(f2)
    return frechet_distance(mu1, s1, mu2, s2, eps=eps, method=method,
                            features1=f1, features2=f2)
