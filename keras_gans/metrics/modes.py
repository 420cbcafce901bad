"""Mode coverage of samples from a known mixture of Gaussians.

The measure used for the 2-D ring and grid mixtures by VEEGAN (Srivastava
et al. 2017) and PacGAN (Lin et al. 2018), after the unrolled GAN paper
(Metz et al. 2017):

- each sample is assigned to its nearest mode (Euclidean distance to the
  mode centres);
- a sample is *high quality* when that distance is at most ``num_std``
  (3) standard deviations of the mixture's components;
- a mode is *covered* when at least one high-quality sample has it as its
  nearest mode.

Reported: the number of covered modes and the share of high-quality
samples (the literature uses 2,500 samples). Math only (numpy): no model,
no TensorFlow.
"""

import numpy as np

__all__ = ["mode_metrics", "nearest_modes"]


def _as_points(x, what):
    a = np.asarray(x, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 1 or a.shape[1] < 1:
        raise ValueError(f"{what} must be a non-empty (N, D) array of "
                         f"points; received shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        bad = int(np.sum(~np.isfinite(a).all(axis=1)))
        raise ValueError(
            f"{what} holds {bad} point(s) with NaN or infinite coordinates; "
            "mode coverage is defined for finite points only (a diverged "
            "generator makes NaN: check its losses).")
    return a


def nearest_modes(samples, centres):
    """``(index of the nearest centre, distance to it)`` of each sample:
    two arrays of shape ``(N,)``."""
    x = _as_points(samples, "samples")
    c = _as_points(centres, "centres")
    if x.shape[1] != c.shape[1]:
        raise ValueError(f"samples are {x.shape[1]}-D but the mode centres "
                         f"are {c.shape[1]}-D.")
    d2 = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=-1)
    idx = np.argmin(d2, axis=1)
    return idx, np.sqrt(d2[np.arange(len(x)), idx])


def mode_metrics(samples, centres, std, num_std=3.0):
    """Mode coverage of ``samples`` ``(N, D)`` for a mixture whose
    components are centred at ``centres`` ``(K, D)`` with standard
    deviation ``std`` (per coordinate).

    Returns a dict: ``modes_covered`` (int, 0..K), ``num_modes`` (K),
    ``high_quality`` (share of samples within ``num_std * std`` of their
    nearest mode, in [0, 1]), ``samples_per_mode`` (list of K counts of
    high-quality samples) and ``num_samples``.
    """
    if not np.isfinite(std) or std <= 0:
        raise ValueError(f"std must be a positive number; received {std!r}.")
    if not np.isfinite(num_std) or num_std <= 0:
        raise ValueError(f"num_std must be a positive number; received "
                         f"{num_std!r}.")
    c = _as_points(centres, "centres")
    idx, dist = nearest_modes(samples, c)
    good = dist <= num_std * std
    counts = np.bincount(idx[good], minlength=len(c))
    return {
        "modes_covered": int(np.count_nonzero(counts)),
        "num_modes": int(len(c)),
        "high_quality": float(np.mean(good)),
        "samples_per_mode": [int(k) for k in counts],
        "num_samples": int(len(idx)),
    }
