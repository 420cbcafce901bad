"""Keras callbacks for GAN training."""

import os

import keras
import numpy as np
from keras import ops

from keras_gans.engine import ema
from keras_gans.utils.images import save_grid
from keras_gans.metrics import fid_of_generator

__all__ = ["EMAStatistics", "EpochPicture", "FID", "FixedInputsGrid",
           "SampleGrid", "FID_SAMPLES"]

#: generated (and real) images per FID during training, unless told: small
#: enough to take about a minute on a CPU (the standard protocol's 10,000
#: belong to the final evaluation)
FID_SAMPLES = 1000


class EMAStatistics(keras.callbacks.Callback):
    """After every epoch, recompute the batch-norm statistics of the GAN's
    EMA generator from its own activations
    (:func:`keras_gans.engine.ema.standing_statistics`); the EMA update
    copies the trained generator's. Put it before the callbacks that draw
    samples, score or save the model at epoch end (Keras runs callbacks in
    list order). Does nothing for a GAN without an EMA copy or whose copy
    has no batch norm. ``num_batches``, ``batch_size`` (use the training
    batch size) and ``seed`` as in ``standing_statistics``."""

    def __init__(self, num_batches=128, batch_size=64, seed=0):
        super().__init__()
        self.num_batches = int(num_batches)
        self.batch_size = int(batch_size)
        self.seed = int(seed)

    def on_epoch_end(self, epoch, logs=None):
        ema.standing_statistics(self.model, num_batches=self.num_batches,
                                batch_size=self.batch_size, seed=self.seed)


class EpochPicture(keras.callbacks.Callback):
    """Base of the picture callbacks: writes the PNG grid of
    :meth:`picture` (``(images, nrow)``) as ``directory/filename`` (with
    ``{epoch}``) every ``every_n_epochs`` epochs and after the last epoch;
    ``written`` lists the paths."""

    def __init__(self, directory, filename, every_n_epochs=1, scale=2,
                 use_ema=None):
        super().__init__()
        self.directory = str(directory)
        self.filename = filename
        self.every_n_epochs = max(1, int(every_n_epochs))
        self.scale = scale
        self.use_ema = use_ema
        self.written = []
        self._last_epoch = None

    def picture(self):
        """``(images, nrow)`` to write now."""
        raise NotImplementedError

    def write(self, epoch):
        images, nrow = self.picture()
        path = os.path.join(self.directory,
                            self.filename.format(epoch=epoch))
        save_grid(images, path, nrow=nrow, scale=self.scale)
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


class FixedInputsGrid(EpochPicture):
    """Draws generator inputs once when training starts
    (:meth:`make_inputs`), then writes a PNG grid of their images every
    ``every_n_epochs`` epochs and after the last epoch, so successive grids
    are comparable.

    Subclasses implement ``make_inputs()`` returning ``(inputs, nrow)``:
    a dict of generator inputs (numpy) and the images per grid row (``None``
    for near-square). Images come from ``GAN.generate_from``, with the EMA
    generator when the GAN keeps one unless ``use_ema=False``.
    """

    def __init__(self, directory, filename, every_n_epochs=1, scale=2,
                 use_ema=None):
        super().__init__(directory, filename, every_n_epochs=every_n_epochs,
                         scale=scale, use_ema=use_ema)
        self._inputs = None
        self._nrow = None

    def make_inputs(self):
        raise NotImplementedError

    def on_train_begin(self, logs=None):
        if self._inputs is None:
            inputs, self._nrow = self.make_inputs()
            self._inputs = {k: np.asarray(ops.convert_to_numpy(v))
                            for k, v in inputs.items()}

    def images(self):
        """The current images of the fixed inputs (numpy, [-1, 1])."""
        if self._inputs is None:
            self.on_train_begin()
        return self.model.generate_from(self._inputs, use_ema=self.use_ema)

    def picture(self):
        return self.images(), self._nrow


class SampleGrid(FixedInputsGrid):
    """Writes a PNG grid of generated images at the end of every N epochs.

    The generator inputs are drawn once, from ``seed``, when training starts,
    so the grids of successive epochs show the same latents and can be
    compared. They are the GAN's ``grid_generator_inputs(num_images,
    seed)``: a seeded draw, or for conditional variants their grid layout
    (ConditionalGAN / ACGAN: one class per row; InfoGAN: one value of the
    first categorical code per row). For a grid of exactly one row per
    class use ``keras_gans.training.pictures.ClassGrid``.

    Args:
        directory: folder for the PNG files (created if needed).
        num_images: images per grid.
        nrow: images per row (default: near-square).
        seed: seed of the fixed latent batch.
        every_n_epochs: write a grid every N epochs (and always after the
            last one).
        filename: format string with ``{epoch}`` (1-based).
        scale: integer upscaling of the PNG for viewing.
        use_ema: draw with the GAN's EMA generator (``ema_decay``):
            ``None`` (default) when it keeps one, ``False`` never, ``True``
            always (an error if it keeps none).
    """

    def __init__(self, directory, num_images=64, nrow=None, seed=0,
                 every_n_epochs=1, filename="epoch_{epoch:04d}.png", scale=2,
                 use_ema=None):
        super().__init__(directory, filename, every_n_epochs, scale, use_ema)
        self.num_images = int(num_images)
        self.nrow = nrow
        self.seed = seed

    def make_inputs(self):
        return (self.model.grid_generator_inputs(self.num_images,
                                                 seed=self.seed),
                self.nrow)


class FID(keras.callbacks.Callback):
    """Computes a small-sample FID of the generator every N epochs and logs
    it as ``logs[name]`` (so it appears in the progress bar and in
    ``history.history``, and ``EarlyStopping``/``ModelCheckpoint`` can
    monitor it).

    A few hundred or thousand samples give a biased, higher FID than the
    standard 10,000 (FID's bias falls like 1/N), so compare values of the
    same ``num_samples`` only; the final number comes from
    ``keras-gans evaluate``. The Inception network and the real statistics
    are loaded once and cached (``keras_gans.metrics.evaluate``).

    Args:
        real: the reference data (a dataset name such as ``"fashion_mnist"``,
            an array or a ``tf.data.Dataset`` of images), as in
            ``keras_gans.metrics.evaluate``.
        every_n_epochs: compute after every N-th epoch (and never between).
        num_samples: generated images per evaluation (default
            ``FID_SAMPLES``, 1,000; and real images unless
            ``num_real`` is given).
        split: reference split of a named dataset (default ``"test"``, the
            default of ``keras_gans.metrics.evaluate`` and ``keras-gans
            evaluate`` too, and the split of the zoo's numbers).
        seed: latent seed; the same seed every time, so successive values
            compare the same latents.
        name: the log key.
        weights: Inception weights (``inception.resolve_weights``;
            ``"random"`` only for tests).
        verbose: print each value.
    """

    def __init__(self, real="fashion_mnist", every_n_epochs=1,
                 num_samples=None, split="test", seed=0, num_real=None,
                 name="fid", weights=None, verbose=1):
        super().__init__()
        num_samples = FID_SAMPLES if num_samples is None else num_samples
        if int(num_samples) < 2:
            raise ValueError(f"num_samples must be >= 2; received "
                             f"{num_samples}.")
        self.real = real
        self.every_n_epochs = max(1, int(every_n_epochs))
        self.num_samples = int(num_samples)
        self.split = split
        self.seed = seed
        self.num_real = num_real
        self.name = name
        self.weights = weights
        self.verbose = verbose
        self.values = []  # (epoch, fid) pairs, 1-based epochs

    def compute(self):
        return float(fid_of_generator(
            self.model, real=self.real, num_samples=self.num_samples,
            seed=self.seed, split=self.split, num_real=self.num_real,
            weights=self.weights))

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_n_epochs:
            return
        value = self.compute()
        self.values.append((epoch + 1, value))
        if logs is not None:
            logs[self.name] = value
        if self.verbose:
            print(f"\nepoch {epoch + 1}: {self.name} = {value:.3f} "
                  f"({self.num_samples} samples)", flush=True)
