"""Training a recipe end to end: data, fit, sample grids, checkpoint, history.

Shared by the ``keras-gans train`` command and the zoo entries, so a run from
the shell and a run from Python write the same files::

    OUT/samples/epoch_0001.png ...   sample grids of a fixed latent batch
    OUT/model.keras                  the GAN (networks + optimizer state)
    OUT/history.json                 per-epoch metrics
    OUT/run.json                     settings, timings, throughput
"""

import contextlib
import os
import shutil
import tempfile
import time

import keras

from keras_gans import data as data_lib
from keras_gans import zoo
from keras_gans.engine.distribute import get_strategy
from keras_gans.training import callbacks as callbacks_lib
from keras_gans.training import pictures as cc
from keras_gans.utils.files import write_json

__all__ = ["train", "save_model_atomically", "dtype_policy"]




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


def _policy_name(mixed_precision):
    """``None`` / ``"float32"`` -> ``"float32"``; ``"bfloat16"`` ->
    ``"mixed_bfloat16"``; ``"float16"`` -> ``"mixed_float16"``."""
    if mixed_precision in (None, "float32", "none"):
        return "float32"
    name = str(mixed_precision).replace("mixed_", "")
    if name not in ("bfloat16", "float16"):
        raise ValueError(
            f"mixed_precision must be 'bfloat16', 'float16' or None; "
            f"received {mixed_precision!r}.")
    return f"mixed_{name}"


@contextlib.contextmanager
def dtype_policy(name):
    """Keras' global dtype policy set to ``name`` (e.g.
    ``"mixed_bfloat16"``) inside the block, restored afterwards: networks
    built there compute in its dtype."""
    before = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(before)


class _Throughput(keras.callbacks.Callback):
    """Counts wall time per epoch (the first includes graph tracing)."""

    def __init__(self):
        super().__init__()
        self.epoch_seconds = []  # over every fit of the run (all phases)

    def on_epoch_begin(self, epoch, logs=None):
        self._t = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._t)


def train(recipe, dataset=None, out=None, epochs=None, batch_size=None,
          steps_per_epoch=None, seed=None, split="train", image_shape=None,
          num_samples=64, strategy=None, callbacks=(), verbose=1,
          data_dir=None, mixed_precision=None, **overrides):
    """Trains ``recipe`` (a name or :class:`keras_gans.zoo.Recipe`).

    ``batch_size`` is the minibatch of each discriminator step; the dataset
    is batched at ``d_steps * batch_size``. ``overrides`` go to
    ``Recipe.build`` (``width``, ``loss``, ``d_steps``, network options...).
    A recipe with several phases (``Recipe.phases``) trains each in turn
    at its image shape, growing the networks between them
    (``Recipe.grow``); its grids are named ``phase<i>_<H>x<W>_epoch_<N>.png``
    and ``OUT/phase<i>.keras`` is written at the end of every phase.
    ``mixed_precision``: ``"bfloat16"`` (or ``"float16"``) builds the
    networks under Keras' ``mixed_<dtype>`` policy: they compute in that
    dtype, their variables, the optimizer state, the EMA copy, the losses
    and the penalties stay float32. ``jit_compile=True`` and
    ``update="simultaneous"`` (in ``overrides``) go to ``GAN.compile``.
    Returns the trained GAN and the run summary (also in ``OUT/run.json``).
    """
    policy = _policy_name(mixed_precision)
    recipe = zoo.get(recipe) if isinstance(recipe, str) else recipe
    dataset_name = dataset or recipe.dataset
    batch_size = int(batch_size or recipe.batch_size)
    seed = recipe.seed if seed is None else int(seed)
    out = out or os.path.join("runs", recipe.name)
    d_steps = int(overrides.get("d_steps") or recipe.d_steps)
    if epochs is not None and int(epochs) < 1:
        raise ValueError(f"epochs must be >= 1; received {epochs}.")
    phases = recipe.schedule(image_shape, epochs)
    multi = len(phases) > 1
    keras.utils.set_random_seed(seed)
    strategy = get_strategy(strategy or "auto")
    global_batch = batch_size * d_steps
    samples = os.path.join(out, "samples")
    clock = _Throughput()
    history, grids_written, pictures_written = {}, [], []
    gan = None
    start = time.perf_counter()
    for i, phase in enumerate(phases):
        shape = tuple(phase.image_shape) if (multi or image_shape) else None
        ds = data_lib.load(dataset_name, batch_size=global_batch,
                           split=split, image_shape=shape,
                           with_labels=recipe.with_labels, seed=seed,
                           drop_remainder=True, data_dir=data_dir)
        shape = tuple(shape or _image_shape_of(dataset_name, ds))
        with strategy.scope(), dtype_policy(policy):
            if gan is None:
                gan = recipe.build(shape, seed=seed, compile=True,
                                   **overrides)
            else:
                recipe.grow(gan, shape, **overrides)
        prefix = f"phase{i + 1}_{shape[0]}x{shape[1]}_" if multi else ""
        grids = callbacks_lib.SampleGrid(
            samples, num_images=num_samples, seed=seed,
            filename=prefix + "epoch_{epoch:04d}.png")
        pictures = cc.default_pictures(gan, samples, seed)
        for picture in pictures:
            picture.filename = prefix + picture.filename
        result = gan.fit(ds, epochs=int(phase.epochs),
                         steps_per_epoch=steps_per_epoch,
                         callbacks=[grids, *pictures, clock, *callbacks],
                         verbose=verbose, shuffle=False)
        for k, vals in result.history.items():
            history.setdefault(k, []).extend(float(v) for v in vals)
        grids_written += grids.written
        pictures_written += [p for cb in pictures for p in cb.written]
        if multi:
            save_model_atomically(gan, os.path.join(out, f"phase{i + 1}.keras"))
    seconds = time.perf_counter() - start
    steps_done = int(gan.g_optimizer.iterations.numpy())
    images_seen = steps_done * global_batch
    save_model_atomically(gan, os.path.join(out, "model.keras"))
    write_json(history, os.path.join(out, "history.json"))
    summary = {
        "recipe": recipe.name,
        "dataset": str(dataset_name),
        "split": split,
        "image_shape": list(shape),
        "epochs": sum(int(p.epochs) for p in phases),
        "phases": [{"image_shape": list(p.image_shape), "epochs": p.epochs}
                   for p in phases] if multi else None,
        "batch_size": batch_size,
        "d_steps": d_steps,
        "steps_per_epoch": steps_per_epoch,
        "generator_steps": steps_done,
        "seed": seed,
        "overrides": {k: v for k, v in overrides.items()},
        "strategy": type(strategy).__name__,
        "dtype_policy": policy,
        "replicas": strategy.num_replicas_in_sync,
        "train_seconds": round(seconds, 2),
        "epoch_seconds": [round(s, 2) for s in clock.epoch_seconds],
        "real_images_per_second": round(images_seen / seconds, 1),
        "final_metrics": {k: v[-1] for k, v in history.items()},
        "sample_grids": grids_written,
        "conditional_grids": pictures_written,
        "checkpoint": os.path.join(out, "model.keras"),
    }
    write_json(summary, os.path.join(out, "run.json"))
    return gan, summary
