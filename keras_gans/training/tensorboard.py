"""TensorBoard logs of a run: every metric as a scalar (per epoch, and every
N steps on request), and the
pictures the run writes (sample grids, class grids, translation strips) as
images, one per picture callback and epoch. A callback that adds values to
the epoch logs before these run (the ``FID`` callback) has them logged as
scalars too.

Open the logs with ``tensorboard --logdir OUT/tensorboard``.
"""

import os

import keras
import numpy as np

__all__ = ["PicturesToTensorBoard", "ScalarsToTensorBoard",
           "tensorboard_callbacks"]


class PicturesToTensorBoard(keras.callbacks.Callback):
    """At the end of every epoch, logs the newest PNG each of ``pictures``
    (callbacks with a ``written`` list of paths: ``SampleGrid``, the
    conditional pictures, ...) has written since the last epoch, as an image
    summary named after the file (epoch numbers stripped; the sample grid's
    ``epoch_0003.png`` is ``samples``) at step ``epoch``."""

    def __init__(self, log_dir, pictures):
        super().__init__()
        self.log_dir = os.path.join(str(log_dir), "pictures")
        self.pictures = list(pictures)
        self._seen = {}
        self._writer = None
        self._epoch = 0

    def _summary_writer(self):
        import tensorflow as tf

        if self._writer is None:
            self._writer = tf.summary.create_file_writer(self.log_dir)
        return self._writer

    @staticmethod
    def _tag(path):
        stem = os.path.splitext(os.path.basename(path))[0]
        parts = [p for p in stem.split("_") if not p.isdigit()]
        return "_".join(p for p in parts if p != "epoch") or "samples"

    def _log_new(self, step):
        import tensorflow as tf
        from PIL import Image

        writer = self._summary_writer()
        for cb in self.pictures:
            written = list(getattr(cb, "written", ()))
            new = written[self._seen.get(id(cb), 0):]
            self._seen[id(cb)] = len(written)
            if not new or not os.path.exists(new[-1]):
                continue
            picture = np.asarray(Image.open(new[-1]).convert("RGB"))
            with writer.as_default():
                tf.summary.image(self._tag(new[-1]), picture[None],
                                 step=int(step))
        writer.flush()

    def on_epoch_end(self, epoch, logs=None):
        self._epoch = epoch + 1
        self._log_new(self._epoch)

    def on_train_end(self, logs=None):
        # the last picture may be written by on_train_end of its callback
        # (an epoch count that every_n_epochs does not divide); list this
        # callback after the picture callbacks
        self._log_new(self._epoch)
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class ScalarsToTensorBoard(keras.callbacks.Callback):
    """Every value of the epoch logs as the scalar ``epoch_<name>`` at step
    ``epoch`` (Keras' convention, in ``log_dir/train``) and, when
    ``every_n_steps`` is given, the running values as ``batch_<name>`` every
    that many steps (counted over the whole run). Written here rather than
    by Keras' ``TensorBoard`` callback, which drops the epoch scalars whose
    epoch ends on a step its integer ``update_freq`` does not divide."""

    def __init__(self, log_dir, every_n_steps=None):
        super().__init__()
        self.log_dir = os.path.join(str(log_dir), "train")
        self.every_n_steps = every_n_steps
        self._writer = None
        self._step = 0

    def _write(self, prefix, logs, step):
        import tensorflow as tf

        if self._writer is None:
            self._writer = tf.summary.create_file_writer(self.log_dir)
        with self._writer.as_default():
            for name, value in (logs or {}).items():
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    continue
                tf.summary.scalar(f"{prefix}_{name}", value, step=int(step))

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        if self.every_n_steps and self._step % self.every_n_steps == 0:
            self._write("batch", logs, self._step)

    def on_epoch_end(self, epoch, logs=None):
        self._write("epoch", logs, epoch)
        self._writer.flush()

    def on_train_end(self, logs=None):
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def tensorboard_callbacks(log_dir, pictures=(), update_freq="epoch"):
    """The callbacks logging a run to ``log_dir``: the metrics
    (:class:`ScalarsToTensorBoard`: per epoch, and every ``update_freq``
    steps as well when it is an integer) and the pictures
    (:class:`PicturesToTensorBoard`)."""
    if update_freq != "epoch" and (isinstance(update_freq, bool) or int(
            update_freq) != update_freq or update_freq < 1):
        raise ValueError("update_freq must be 'epoch' or a positive number "
                         f"of steps; received {update_freq!r}.")
    return [ScalarsToTensorBoard(
        log_dir, None if update_freq == "epoch" else int(update_freq)),
        PicturesToTensorBoard(log_dir, pictures)]
