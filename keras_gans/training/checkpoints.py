"""Checkpoints of a training run, and resuming a killed one.

A run writes, into ``OUT/checkpoints/``, after every epoch (and every
``every_steps`` generator steps when that is set)::

    step-00001234.keras   the whole GAN: networks, EMA copy, both optimizers,
                          the random streams, the variants' counters
    step-00001234.json    where the run stood: phase, epochs done in it,
                          batches done in the current epoch, the history so
                          far, the pictures written, the time spent

The ``.json`` file is written last, atomically: a checkpoint exists once it
does, so a kill at any moment leaves either the previous checkpoint or the
new one, never half of one. Only the newest ``keep`` checkpoints stay.
Folders ``.saving-*`` left by a save that was killed are removed when a run
starts (:func:`remove_stale_saves`).
"""

import glob
import json
import os
import re
import shutil
import tempfile

import keras

from keras_gans.utils.files import write_json

__all__ = ["RunCheckpoint", "latest_checkpoint", "remove_stale_saves",
           "save_model_atomically", "CHECKPOINT_FOLDER"]

CHECKPOINT_FOLDER = "checkpoints"
_NAME = re.compile(r"^step-(\d+)\.json$")
_STALE = ".saving-"


def save_model_atomically(model, path):
    """``model.save(path)`` through a temporary folder, so an interrupted
    save never leaves a half-written ``.keras`` file at ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmpdir = tempfile.mkdtemp(dir=folder, prefix=_STALE)
    try:
        tmp = os.path.join(tmpdir, os.path.basename(path))
        model.save(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return path


def remove_stale_saves(*folders):
    """Removes the ``.saving-*`` folders a killed save left in ``folders``;
    returns their paths."""
    removed = []
    for folder in folders:
        for path in glob.glob(os.path.join(glob.escape(folder),
                                           _STALE + "*")):
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _checkpoints(folder):
    """``[(step, json path)]`` of the complete checkpoints, oldest first."""
    found = []
    if not os.path.isdir(folder):
        return found
    for name in os.listdir(folder):
        match = _NAME.match(name)
        if match and os.path.exists(os.path.join(
                folder, name[:-len(".json")] + ".keras")):
            found.append((int(match.group(1)), os.path.join(folder, name)))
    return sorted(found)


def latest_checkpoint(folder):
    """``(model path, state dict)`` of the newest complete checkpoint in
    ``folder`` (a run's ``OUT/checkpoints``), or ``None``."""
    found = _checkpoints(folder)
    if not found:
        return None
    path = found[-1][1]
    with open(path) as f:
        try:
            state = json.load(f)
        except json.JSONDecodeError as e:
            raise ValueError(
                f"The checkpoint record {path!r} is not valid JSON ({e}); "
                "delete it (and its .keras file) to resume from the one "
                "before it.") from None
    return path[:-len(".json")] + ".keras", state


class RunCheckpoint(keras.callbacks.Callback):
    """Checkpoints the GAN and the run's progress after every epoch and,
    with ``every_steps=N``, every N generator steps (batches).

    ``state``: the run's progress so far (a dict this callback updates:
    ``history`` gets every epoch's logs, ``epoch`` and ``step_in_epoch``
    where the run stands in phase ``phase``); ``extra``: a function
    returning more items to record (the pictures written, the time spent).
    ``history`` here is the run's history: place this callback after every
    callback that adds to an epoch's logs (the FID callback), and after the
    non-finite guard, so a NaN model is never checkpointed.
    ``steps_per_epoch``: batches per epoch (``None`` when unknown: then
    only epoch ends are checkpointed, as a mid-epoch position could not be
    resumed). ``written``: a list the paths of the checkpoints written are
    appended to.
    """

    def __init__(self, folder, state, every_steps=None, keep=3,
                 steps_per_epoch=None, extra=None, step_offset=0,
                 written=None):
        super().__init__()
        if every_steps is not None and (isinstance(every_steps, bool) or
                                        int(every_steps) != every_steps or
                                        every_steps < 1):
            raise ValueError(f"checkpoint_every must be a positive number "
                             f"of steps or None; received {every_steps!r}.")
        if isinstance(keep, bool) or int(keep) != keep or keep < 1:
            raise ValueError(f"keep_checkpoints must be a positive integer; "
                             f"received {keep!r}.")
        self.folder = folder
        self.state = state
        self.every_steps = None if every_steps is None else int(every_steps)
        self.keep = int(keep)
        self.steps_per_epoch = steps_per_epoch
        self.extra = extra
        self.step_offset = int(step_offset)  # batches already done this epoch
        self.written = [] if written is None else written
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.every_steps is None or self.steps_per_epoch is None:
            return
        done = self.step_offset + batch + 1
        if done % self.every_steps == 0 and done < self.steps_per_epoch:
            self.state.update(epoch=self._epoch, step_in_epoch=done)
            self.save()

    def on_epoch_end(self, epoch, logs=None):
        history = self.state.setdefault("history", {})
        for k, v in (logs or {}).items():
            history.setdefault(k, []).append(float(v))
        self.step_offset = 0  # the partial epoch of a resume is over
        self.state.update(epoch=epoch + 1, step_in_epoch=0)
        self.save()

    def save(self):
        """Writes a checkpoint now; returns its ``.keras`` path."""
        step = int(self.model.g_optimizer.iterations.numpy())
        base = os.path.join(self.folder, f"step-{step:08d}")
        save_model_atomically(self.model, base + ".keras")
        record = dict(self.state)
        record["generator_steps"] = step
        if self.extra is not None:
            record.update(self.extra())
        write_json(record, base + ".json")  # the checkpoint exists now
        self.written.append(base + ".keras")
        for _, old in _checkpoints(self.folder)[:-self.keep]:
            os.remove(old)  # the record first: never a record without model
            try:
                os.remove(old[:-len(".json")] + ".keras")
            except FileNotFoundError:
                pass
        return base + ".keras"
