"""Pictures and per-epoch mode metrics of a GAN on 2-D points (the ring and
grid mixtures of :mod:`keras_gans.data.mixtures`).

``scatter_picture`` draws samples over the modes: a grey circle of radius
3 standard deviations around each mode centre (the "high quality" zone of
the mode metrics), high-quality samples in blue, the others in red.
``ModeScatter`` writes that picture every epoch, from the same latents each
time, and adds the mode metrics to the epoch's logs.
"""

import os

import keras
import numpy as np

from keras_gans.data.mixtures import get_mixture
from keras_gans.metrics.modes import nearest_modes
from keras_gans.utils.checks import check_positive_int
from keras_gans.utils.images import save_png

__all__ = ["scatter_picture", "ModeScatter"]

_BLUE = (31, 90, 200)
_RED = (210, 40, 40)
_GREY = (170, 170, 170)


def scatter_picture(samples, mixture, size=320, extent=None, num_std=3.0):
    """A ``(size, size, 3)`` uint8 picture of ``samples`` ``(N, 2)`` over the
    modes of ``mixture`` (a :class:`~keras_gans.data.mixtures.Mixture` or
    its name). ``extent``: the half-width of the square shown (default: the
    farthest mode + 1); samples outside it are not drawn."""
    mixture = get_mixture(mixture)
    x = np.asarray(samples, np.float64)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"scatter_picture draws 2-D points (N, 2); received "
                         f"shape {x.shape}.")
    if int(size) != size or size < 32:
        raise ValueError(f"size must be an integer >= 32; received {size!r}.")
    size = int(size)
    if extent is None:
        extent = float(np.abs(mixture.centres).max()) + 1.0
    scale = (size - 1) / (2.0 * extent)

    def pixel(p):
        col = np.round((p[..., 0] + extent) * scale).astype(np.int64)
        row = np.round((extent - p[..., 1]) * scale).astype(np.int64)
        return row, col

    picture = np.full((size, size, 3), 255, np.uint8)
    yy, xx = np.mgrid[0:size, 0:size]
    radius = max(2.0, num_std * mixture.std * scale)
    for r, c in zip(*pixel(mixture.centres)):
        ring = np.abs(np.hypot(yy - r, xx - c) - radius) <= 0.7
        picture[ring] = _GREY
    finite = np.all(np.isfinite(x), axis=1)
    x = x[finite]
    if len(x):
        idx, dist = nearest_modes(x, mixture.centres)
        good = dist <= num_std * mixture.std
        rows, cols = pixel(x)
        inside = (rows >= 0) & (rows < size - 1) & (cols >= 0) & (
            cols < size - 1)
        for mask, colour in ((~good & inside, _RED), (good & inside, _BLUE)):
            for dr in (0, 1):
                for dc in (0, 1):
                    picture[rows[mask] + dr, cols[mask] + dc] = colour
    return picture


class ModeScatter(keras.callbacks.Callback):
    """Every ``every_n_epochs`` epochs: draws ``num_samples`` points with the
    same latents (``seed``), writes their scatter picture to
    ``directory/filename`` (``{epoch}`` formatted) and adds
    ``modes_covered`` and ``high_quality`` (see
    :func:`keras_gans.metrics.modes.mode_metrics`) to the epoch's logs.
    ``history`` keeps ``(epoch, metrics)`` of every evaluation."""

    def __init__(self, directory, mixture, num_samples=2500, seed=0,
                 every_n_epochs=1, filename="scatter_epoch_{epoch:03d}.png",
                 scale=1):
        super().__init__()
        self.directory = str(directory)
        self.mixture = get_mixture(mixture)
        self.num_samples = check_positive_int(num_samples, "num_samples")
        self.seed = seed
        self.every_n_epochs = max(1, int(every_n_epochs))
        self.filename = filename
        self.scale = scale
        self.history = []
        self.written = []

    def evaluate(self, epoch):
        samples = self.model.generate(self.num_samples, seed=self.seed)
        metrics = self.mixture.evaluate(samples)
        path = os.path.join(self.directory,
                            self.filename.format(epoch=epoch))
        save_png(scatter_picture(samples, self.mixture), path,
                 scale=self.scale)
        self.written.append(path)
        self.history.append((epoch, metrics))
        return metrics

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        metrics = self.evaluate(epoch + 1)
        if logs is not None:
            logs["modes_covered"] = metrics["modes_covered"]
            logs["high_quality"] = metrics["high_quality"]
