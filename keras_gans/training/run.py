"""Training a recipe end to end: data, fit, sample grids, checkpoint, history.

Shared by the ``keras-gans train`` command and the zoo entries, so a run from
the shell and a run from Python write the same files::

    OUT/samples/epoch_0001.png ...   sample grids of a fixed latent batch
    OUT/model.keras                  the GAN (networks + optimizer state)
    OUT/history.json                 per-epoch metrics
    OUT/run.json                     settings, timings, throughput
"""

import json
import os
import shutil
import tempfile
import time

import keras

from keras_gans.training import callbacks as callbacks_lib
from keras_gans import data as data_lib
from keras_gans import zoo
from keras_gans.utils.files import atomic_open
from keras_gans.training import pictures as cc
from keras_gans.engine.distribute import get_strategy

__all__ = ["train", "save_model_atomically", "write_json"]


def write_json(obj, path):
    """Writes JSON atomically (temp file + rename)."""
    with atomic_open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True, default=str)
        f.write("\n")
    return path


def save_model_atomically(model, path):
    """``model.save(path)`` through a temporary folder, so an interrupted
    save never leaves a half-written ``.keras`` file at ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmpdir = tempfile.mkdtemp(dir=folder, prefix=".saving-")
    try:
        tmp = os.path.join(tmpdir, os.path.basename(path))
        model.save(tmp)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return path


def _image_shape_of(dataset_name, dataset):
    info = data_lib.NAMED_DATASETS.get(str(dataset_name).lower()
                                       .replace("-", "_"))
    if info:
        return tuple(info["image_shape"])
    first = next(iter(dataset))
    images = first[0] if isinstance(first, tuple) else first
    return tuple(int(d) for d in images.shape[1:])


class _Throughput(keras.callbacks.Callback):
    """Counts wall time per epoch (the first includes graph tracing)."""

    def on_train_begin(self, logs=None):
        self.epoch_seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._t)


def train(recipe, dataset=None, out=None, epochs=None, batch_size=None,
          steps_per_epoch=None, seed=None, split="train", image_shape=None,
          num_samples=64, strategy=None, callbacks=(), verbose=1,
          data_dir=None, **overrides):
    """Trains ``recipe`` (a name or :class:`keras_gans.zoo.Recipe`).

    ``batch_size`` is the minibatch of each discriminator step; the dataset
    is batched at ``d_steps * batch_size``. ``overrides`` go to
    ``Recipe.build`` (``width``, ``loss``, ``d_steps``, network options...).
    Returns the trained GAN and the run summary (also in ``OUT/run.json``).
    """

    recipe = zoo.get(recipe) if isinstance(recipe, str) else recipe
    dataset_name = dataset or recipe.dataset
    epochs = int(epochs or recipe.epochs)
    batch_size = int(batch_size or recipe.batch_size)
    seed = recipe.seed if seed is None else int(seed)
    out = out or os.path.join("runs", recipe.name)
    d_steps = int(overrides.get("d_steps") or recipe.d_steps)
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1; received {epochs}.")
    keras.utils.set_random_seed(seed)
    strategy = get_strategy(strategy or "auto")
    global_batch = batch_size * d_steps
    ds = data_lib.load(dataset_name, batch_size=global_batch, split=split,
                       image_shape=image_shape, with_labels=recipe.with_labels,
                       seed=seed, drop_remainder=True, data_dir=data_dir)
    image_shape = tuple(image_shape or _image_shape_of(dataset_name, ds))
    with strategy.scope():
        gan = recipe.build(image_shape, seed=seed, compile=True, **overrides)
    grids = callbacks_lib.SampleGrid(os.path.join(out, "samples"),
                                     num_images=num_samples, seed=seed)
    pictures = cc.default_pictures(gan, os.path.join(out, "samples"), seed)
    clock = _Throughput()
    start = time.perf_counter()
    history = gan.fit(ds, epochs=epochs, steps_per_epoch=steps_per_epoch,
                      callbacks=[grids, *pictures, clock, *callbacks], verbose=verbose,
                      shuffle=False)  # the tf.data pipeline shuffles
    seconds = time.perf_counter() - start
    steps_done = int(gan.g_optimizer.iterations.numpy())
    images_seen = steps_done * global_batch
    save_model_atomically(gan, os.path.join(out, "model.keras"))
    hist = {k: [float(v) for v in vals] for k, vals in history.history.items()}
    write_json(hist, os.path.join(out, "history.json"))
    summary = {
        "recipe": recipe.name,
        "dataset": str(dataset_name),
        "split": split,
        "image_shape": list(image_shape),
        "epochs": epochs,
        "batch_size": batch_size,
        "d_steps": d_steps,
        "steps_per_epoch": steps_per_epoch,
        "generator_steps": steps_done,
        "seed": seed,
        "overrides": {k: v for k, v in overrides.items()},
        "strategy": type(strategy).__name__,
        "replicas": strategy.num_replicas_in_sync,
        "train_seconds": round(seconds, 2),
        "epoch_seconds": [round(s, 2) for s in clock.epoch_seconds],
        "real_images_per_second": round(images_seen / seconds, 1),
        "final_metrics": {k: v[-1] for k, v in hist.items()},
        "sample_grids": grids.written,
        "conditional_grids": [p for cb in pictures for p in cb.written],
        "checkpoint": os.path.join(out, "model.keras"),
    }
    write_json(summary, os.path.join(out, "run.json"))
    return gan, summary
