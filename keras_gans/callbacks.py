"""Keras callbacks for GAN training."""

import os

import keras
import numpy as np
from keras import ops

from keras_gans.images import save_grid

__all__ = ["SampleGrid"]


class SampleGrid(keras.callbacks.Callback):
    """Writes a PNG grid of generated images at the end of every N epochs.

    The generator inputs are drawn once, from ``seed``, when training starts,
    so the grids of successive epochs show the same latents and can be
    compared. Conditional variants lay their inputs out through their own
    ``sample_generator_inputs`` (e.g. one row per class).

    Args:
        directory: folder for the PNG files (created if needed).
        num_images: images per grid.
        nrow: images per row (default: near-square).
        seed: seed of the fixed latent batch.
        every_n_epochs: write a grid every N epochs (and always after the
            last one).
        filename: format string with ``{epoch}`` (1-based).
        scale: integer upscaling of the PNG for viewing.
    """

    def __init__(self, directory, num_images=64, nrow=None, seed=0,
                 every_n_epochs=1, filename="epoch_{epoch:04d}.png", scale=2):
        super().__init__()
        self.directory = str(directory)
        self.num_images = int(num_images)
        self.nrow = nrow
        self.seed = seed
        self.every_n_epochs = max(1, int(every_n_epochs))
        self.filename = filename
        self.scale = scale
        self.written = []
        self._inputs = None
        self._last_epoch = None

    def on_train_begin(self, logs=None):
        if self._inputs is None:
            inputs = self.model.sample_generator_inputs(self.num_images,
                                                        seed=self.seed)
            self._inputs = {k: ops.convert_to_numpy(v)
                            for k, v in inputs.items()}

    def images(self):
        """The current samples of the fixed inputs (numpy, [-1, 1])."""
        if self._inputs is None:
            self.on_train_begin()
        return np.asarray(ops.convert_to_numpy(
            self.model.generator_call(self._inputs, training=False)))

    def write(self, epoch):
        path = os.path.join(self.directory,
                            self.filename.format(epoch=epoch))
        save_grid(self.images(), path, nrow=self.nrow, scale=self.scale)
        self.written.append(path)
        return path

    def on_epoch_end(self, epoch, logs=None):
        self._last_epoch = epoch + 1
        if (epoch + 1) % self.every_n_epochs == 0:
            self.write(epoch + 1)

    def on_train_end(self, logs=None):
        epoch = self._last_epoch
        if epoch is not None and epoch % self.every_n_epochs:
            self.write(epoch)
