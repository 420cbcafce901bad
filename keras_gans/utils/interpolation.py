"""Interpolation between latent vectors (numpy; a leaf).

``lerp(a, b, t)``
    ``(1 - t) a + t b``: the path for StyleGAN's intermediate latent space
    W, which the mapping network makes close to linear (Karras et al. 2019,
    section 4.2, perceptual path length "in W ... lerp").
``slerp(a, b, t)``
    spherical interpolation along the great circle from ``a`` to ``b``
    (Shoemake 1985; White 2016, "Sampling Generative Networks"): for a
    Gaussian latent ``z`` the path stays where the prior puts its mass (a
    shell of radius ~sqrt(dim)), where a straight line would cut through
    the unlikely centre. For endpoints of equal norm every point keeps that
    norm.
``steps(n)``
    ``n`` evenly spaced ``t`` from 0 to 1, both ends included.

``a`` and ``b`` are arrays of the same shape; the last axis is the
vector. ``t`` is a number, or an array broadcasting against the leading
axes (one ``t`` per vector). The result has the broadcast shape of ``a``
and ``t``'s leading axes, float32 unless the inputs are float64.
"""

import numpy as np

__all__ = ["lerp", "slerp", "steps"]

#: below this angle (radians) slerp falls back to lerp (sin(omega) ~ 0)
_PARALLEL = 1e-6


def _prepare(a, b, t, name):
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"{name} needs two latents of the same shape; "
                         f"received {a.shape} and {b.shape}.")
    if a.ndim == 0:
        raise ValueError(f"{name} interpolates vectors (the last axis); "
                         "received scalars.")
    dtype = np.float64 if np.float64 in (a.dtype, b.dtype) else np.float32
    t = np.asarray(t, dtype)
    if not np.all(np.isfinite(t)):
        raise ValueError(f"{name}: t must be finite; received {t!r}.")
    for what, v in (("a", a), ("b", b)):
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{name}: the latent {what} holds NaN or "
                             "infinite values.")
    return a.astype(dtype), b.astype(dtype), t[..., None]


def lerp(a, b, t):
    """``a + t (b - a)``: linear interpolation (see the module doc)."""
    a, b, t = _prepare(a, b, t, "lerp")
    return a + t * (b - a)


def slerp(a, b, t):
    """Spherical interpolation from ``a`` (``t = 0``) to ``b`` (``t = 1``)::

        omega = angle between a and b
        slerp = sin((1 - t) omega) / sin(omega) a + sin(t omega) /
                sin(omega) b

    Exact at the endpoints; the norm of every point equals the endpoints'
    when they share it. Vectors at (nearly) the same angle fall back to
    :func:`lerp` (the limit); opposite vectors have no unique great circle
    and are refused. See the module doc for shapes."""
    a, b, t = _prepare(a, b, t, "slerp")
    na = np.linalg.norm(a, axis=-1, keepdims=True)
    nb = np.linalg.norm(b, axis=-1, keepdims=True)
    if np.any(na == 0) or np.any(nb == 0):
        raise ValueError("slerp needs non-zero latents (the angle of a zero "
                         "vector is undefined); use lerp.")
    cos = np.clip(np.sum(a * b, axis=-1, keepdims=True) / (na * nb), -1, 1)
    omega = np.arccos(cos)
    if np.any(np.pi - omega < _PARALLEL):
        raise ValueError("slerp between opposite latents (angle pi) has no "
                         "unique path; perturb one of them or use lerp.")
    parallel = omega < _PARALLEL
    safe = np.where(parallel, 1.0, omega)
    sin = np.sin(safe)
    wa = np.where(parallel, 1.0 - t, np.sin((1.0 - t) * safe) / sin)
    wb = np.where(parallel, t, np.sin(t * safe) / sin)
    out = wa * a + wb * b
    # exact endpoints (no rounding of sin(omega) / sin(omega))
    out = np.where(t == 0, a, out)
    return np.where(t == 1, b, out)


def steps(n):
    """``n`` evenly spaced values of ``t`` in [0, 1] (``n >= 2``)."""
    if isinstance(n, bool) or int(n) != n or n < 2:
        raise ValueError("An interpolation needs at least 2 steps (its two "
                         f"ends); received {n!r}.")
    return np.linspace(0.0, 1.0, int(n), dtype=np.float32)
