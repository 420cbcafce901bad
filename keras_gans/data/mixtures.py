"""Built-in 2-D mixtures of Gaussians, the mode-collapse test beds of the
unrolled GAN (Metz et al. 2017), VEEGAN (Srivastava et al. 2017) and
PacGAN (Lin et al. 2018).

- ``ring8``: 8 Gaussians evenly spaced on a circle of radius 2 (angles
  ``2 pi k / 8``, k = 0..7: ``endpoint=False``, so 8 distinct modes),
  standard deviation 0.02 - the setting of Metz et al. and VEEGAN.
- ``grid25``: a 5 x 5 grid of Gaussians centred at ``{-4, -2, 0, 2, 4}^2``,
  standard deviation 0.05 - the setting of VEEGAN and PacGAN.

Each component is drawn with equal probability. The points are used as they
are (not rescaled to [-1, 1]); the networks of
:mod:`keras_gans.networks.mixture` scale their input.
"""

import dataclasses

import numpy as np
import tensorflow as tf

from keras_gans.utils.checks import check_positive_int

__all__ = ["Mixture", "MIXTURES", "get_mixture", "sample_mixture",
           "load_mixture"]


@dataclasses.dataclass(frozen=True)
class Mixture:
    """A mixture of isotropic Gaussians of equal weight."""

    name: str
    centres: np.ndarray
    std: float
    reference: str = ""

    @property
    def num_modes(self):
        return len(self.centres)

    def sample(self, n, seed=0):
        """``(points (n, 2) float32, mode index (n,) int64)``, seeded."""
        n = check_positive_int(n, "n")
        rng = np.random.default_rng(seed)
        idx = rng.integers(0, self.num_modes, size=int(n))
        noise = rng.standard_normal((int(n), self.centres.shape[1]))
        points = self.centres[idx] + self.std * noise
        return points.astype(np.float32), idx

    def evaluate(self, samples, num_std=3.0):
        """Mode coverage of ``samples`` (see
        :func:`keras_gans.metrics.modes.mode_metrics`)."""
        from keras_gans.metrics import modes as modes_lib  # metrics import data
        return modes_lib.mode_metrics(samples, self.centres, self.std,
                                      num_std=num_std)


def _ring(k=8, radius=2.0):
    angles = 2.0 * np.pi * np.arange(k) / k      # endpoint excluded
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], 1)


def _grid(side=5, spacing=2.0):
    axis = spacing * (np.arange(side) - (side - 1) / 2)
    xx, yy = np.meshgrid(axis, axis, indexing="ij")
    return np.stack([xx.ravel(), yy.ravel()], 1)


MIXTURES = {
    "ring8": Mixture("ring8", _ring(), 0.02,
                     "Metz et al. 2017 (unrolled GAN); Srivastava et al. "
                     "2017 (VEEGAN)"),
    "grid25": Mixture("grid25", _grid(), 0.05,
                      "Srivastava et al. 2017 (VEEGAN); Lin et al. 2018 "
                      "(PacGAN)"),
}


def get_mixture(name):
    """The :class:`Mixture` named ``name`` (or ``name`` itself if it is
    one)."""
    if isinstance(name, Mixture):
        return name
    if name not in MIXTURES:
        raise ValueError(f"Unknown 2-D mixture {name!r}; the built-in ones "
                         f"are {sorted(MIXTURES)}.")
    return MIXTURES[name]


def sample_mixture(name, n, seed=0):
    """``n`` seeded points of the mixture ``name``: ``(n, 2)`` float32."""
    return get_mixture(name).sample(n, seed)[0]


def load_mixture(name, batch_size=512, num_samples=100_000, seed=0):
    """A ``tf.data`` of batches of 2-D points of the mixture ``name``:
    ``num_samples`` points drawn once (seeded), reshuffled each epoch,
    batched (full batches only) and prefetched - the ``fit`` input of a GAN
    on 2-D data."""
    batch_size = check_positive_int(batch_size, "batch_size")
    if int(num_samples) < int(batch_size):
        raise ValueError(
            f"num_samples={num_samples} gives no full batch of "
            f"batch_size={batch_size}; draw at least one batch.")
    points = sample_mixture(name, int(num_samples), seed)
    ds = tf.data.Dataset.from_tensor_slices(points)
    ds = ds.shuffle(len(points), seed=seed, reshuffle_each_iteration=True)
    return ds.batch(int(batch_size), drop_remainder=True).prefetch(
        tf.data.AUTOTUNE)
