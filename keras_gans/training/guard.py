"""Stopping a run whose losses or weights stop being finite.

A GAN that diverges makes NaN losses, then NaN weights, and keeps "training"
quietly: every later epoch, sample grid and checkpoint is NaN.
``NonFiniteGuard`` stops ``fit`` at the first non-finite metric (checked
after every batch) or weight (checked at the end of every epoch) with a
:class:`NonFiniteError` that names the generator step, the metric and the
last good checkpoint. Raised from inside ``fit``, it also stops whatever
would save the model after it (``keras_gans.training.train`` saves only
after ``fit`` returns), so no checkpoint is overwritten by a NaN model.

The other policy, ``GAN.compile(on_non_finite="skip-batch")``, undoes such
an update inside the step and goes on.
"""

import math

import keras
import numpy as np

__all__ = ["NonFiniteError", "NonFiniteGuard"]


class NonFiniteError(FloatingPointError):
    """Training produced a non-finite loss, metric or weight."""


def _step(model):
    opt = getattr(model, "g_optimizer", None) or getattr(model, "optimizer",
                                                         None)
    try:
        return int(opt.iterations.numpy())
    except AttributeError:
        return None


class NonFiniteGuard(keras.callbacks.Callback):
    """Raises :class:`NonFiniteError` at the first non-finite metric (every
    batch) or trainable weight (every epoch end).

    ``checkpoint``: the path of the last good checkpoint, named in the
    message (a string, or a callable returning it or ``None``, for runs
    that write checkpoints as they go).
    """

    def __init__(self, checkpoint=None):
        super().__init__()
        self.checkpoint = checkpoint
        self._epoch = 0

    def _checkpoint(self):
        path = self.checkpoint() if callable(self.checkpoint) else \
            self.checkpoint
        return f"the last good checkpoint is {path}" if path else (
            "no checkpoint had been written yet")

    def _fail(self, what):
        step = _step(self.model)
        where = f"generator step {step}" if step is not None else "a step"
        raise NonFiniteError(
            f"Training stopped at {where} (epoch {self._epoch + 1}): {what}; "
            f"{self._checkpoint()}. Lower the learning rates, check the data "
            "for NaN / out-of-range values, or compile with "
            "on_non_finite='skip-batch' (keras-gans train --on-nan "
            "skip-batch) to skip such updates.")

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        for name, value in (logs or {}).items():
            try:
                value = float(value)
            except (TypeError, ValueError):
                continue
            if not math.isfinite(value):
                self._fail(f"the metric {name!r} is {value}")

    def on_epoch_end(self, epoch, logs=None):
        for v in self.model.trainable_weights:
            if not np.all(np.isfinite(np.asarray(v))):
                self._fail(f"the weight {v.path!r} holds non-finite values")
