"""Training a recipe end to end: data, fit, sample grids, checkpoint, history.

Shared by the ``keras-gans train`` command and the zoo entries, so a run from
the shell and a run from Python write the same files::

    OUT/samples/epoch_0001.png ...   sample grids of a fixed latent batch
    OUT/model.keras                  the GAN (networks + optimizer state)
    OUT/checkpoints/step-N.keras     the last checkpoints (every epoch, and
    OUT/checkpoints/step-N.json      every N steps): ``resume=True`` goes on
                                     from the newest
    OUT/history.json                 per-epoch metrics
    OUT/run.json                     settings, timings, throughput
"""

import contextlib
import math
import os
import shutil
import tempfile
import time

import keras
import tensorflow as tf

from keras_gans import data as data_lib
from keras_gans import zoo
from keras_gans.engine.distribute import (distribute_batches, get_strategy,
                                          is_chief)
from keras_gans.metrics.evaluate import NotEnoughImagesError, \
    real_statistics
from keras_gans.training import callbacks as callbacks_lib
from keras_gans.training import curves
from keras_gans.training.checkpoints import (
    CHECKPOINT_FOLDER, RunCheckpoint, latest_checkpoint, remove_stale_saves,
    save_model_atomically)
from keras_gans.training.guard import NonFiniteGuard
from keras_gans.training import preflight
from keras_gans.training.tensorboard import tensorboard_callbacks
from keras_gans.training import pictures as cc
from keras_gans.utils.files import writable_folder, write_json

__all__ = ["train", "save_model_atomically", "dtype_policy"]




def _image_shape_of(dataset_name, dataset):
    name = data_lib.named_dataset(dataset_name)
    if name:
        return tuple(data_lib.NAMED_DATASETS[name]["image_shape"])
    first = next(iter(dataset))
    if isinstance(first, dict):  # e.g. two domains {"images_a", "images_b"}
        first = next(iter(first.values()))
    images = first[0] if isinstance(first, tuple) else first
    return tuple(int(d) for d in images.shape[1:])


def _pair_shapes(dataset, shape=None):
    """``(target image shape, input channels)`` of a dataset of
    ``(input, target)`` batches (``shape``: the requested target shape)."""
    inputs, targets = dataset.element_spec
    target = tuple(shape or (int(d) for d in targets.shape[1:]))
    return target, int(inputs.shape[-1])


def _held_out_pairs(dataset_name, split, shape, data_dir, recipe, n=16):
    """``(inputs, targets)`` numpy of ``n`` fixed pairs for the pictures of
    a run whose generator takes an image: the first pairs of the source's
    ``test`` split (else ``val``, else the training split), unshuffled and
    not augmented; ``None`` when the recipe does not train on pairs."""
    if not recipe.paired:
        return None
    options = {k: v for k, v in recipe.data_options.items()
               if k not in ("augment", "jitter_size")}
    for held_out in ("test", "val", split):
        try:
            ds = data_lib.load_pairs(dataset_name, batch_size=n,
                                     split=held_out, image_shape=shape,
                                     shuffle=False, data_dir=data_dir,
                                     **options)
            inputs, targets = next(iter(ds))
        except (ValueError, FileNotFoundError, KeyError, StopIteration):
            continue  # no such split: try the next one
        return inputs.numpy(), targets.numpy()
    return None


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


def _phase_length(phase, ds, global_batch, steps_per_epoch):
    """``(dataset, steps per epoch, real images)`` of one phase: a phase of
    ``phase.images`` real images trains ``phase.epochs`` epochs of
    ``ceil(images / (epochs * global_batch))`` steps over the repeated data
    (a given ``steps_per_epoch`` wins); otherwise the epochs are passes over
    the data (or ``steps_per_epoch`` steps). ``images`` is what the phase
    will really train on (``None`` if the data's length is unknown)."""
    epochs = int(phase.epochs)
    if phase.images is not None:
        if steps_per_epoch is None:
            steps_per_epoch = max(1, math.ceil(
                int(phase.images) / (epochs * global_batch)))
        ds = ds.repeat()
    steps = steps_per_epoch
    if steps is None:
        steps = int(ds.cardinality())
        if steps < 0:  # unknown or infinite
            return ds, None, None
    return ds, steps_per_epoch, epochs * int(steps) * global_batch


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
          data_dir=None, mixed_precision=None, on_nan="stop",
          tensorboard=None, tensorboard_every="epoch", resume=False,
          checkpoint_every=None, keep_checkpoints=3, fid_every=None,
          fid_samples=None, fid_weights=None, **overrides):
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
    ``on_nan``: ``"stop"`` (default) ends the run at the first non-finite
    metric or weight with a :class:`~keras_gans.training.guard.NonFiniteError`
    naming the step and the last good checkpoint (nothing is saved after
    it); ``"skip-batch"`` compiles with ``on_non_finite="skip-batch"``: such
    updates are undone and training goes on.
    ``tensorboard``: the TensorBoard log folder (default ``OUT/tensorboard``;
    ``False``: none): every metric per epoch (and every
    ``tensorboard_every`` batches when that is an integer) and the pictures;
    a run of several phases logs each phase to its own sub-folder.
    Checkpoints (:mod:`keras_gans.training.checkpoints`) go to
    ``OUT/checkpoints`` after every epoch and every ``checkpoint_every``
    generator steps, the newest ``keep_checkpoints`` kept. ``resume=True``
    continues from the newest one (a fresh start when there is none): the
    finished run has the steps and the per-epoch history of an unbroken
    one. ``fid_every=N``: a ``fid_samples``-sample FID (default
    ``callbacks.FID_SAMPLES``, 1,000), against as many images of the
    dataset's test split (or of the folder), after every N-th
    epoch; the values, with their epoch and generator step, go to
    ``run.json`` (``fid_history``, kept across a resume) and a plot of them
    to ``OUT/fid_curve.png``; ``fid_weights`` as in
    :func:`keras_gans.metrics.evaluate`.
    ``epochs`` may be raised on resume (training goes on longer); the
    other settings must be those of the first run. Without ``resume``, an
    ``OUT`` that holds checkpoints is refused rather than mixed with a new
    run.
    Returns the trained GAN and the run summary (also in ``OUT/run.json``).
    """
    # first: a multi-worker strategy must exist before any TensorFlow op
    strategy = get_strategy(strategy or "auto")
    policy = _policy_name(mixed_precision)
    if on_nan not in ("stop", "skip-batch"):
        raise ValueError(f"on_nan must be 'stop' or 'skip-batch'; received "
                         f"{on_nan!r}.")
    if on_nan == "skip-batch":
        overrides["on_non_finite"] = "skip-batch"
    recipe = zoo.get(recipe) if isinstance(recipe, str) else recipe
    dataset_name = dataset or recipe.dataset
    batch_size = int(batch_size or recipe.batch_size)
    seed = recipe.seed if seed is None else int(seed)
    out = out or os.path.join("runs", recipe.name)
    d_steps = int(overrides.get("d_steps") or recipe.d_steps)
    if epochs is not None and int(epochs) < 1:
        raise ValueError(f"epochs must be >= 1; received {epochs}.")
    phases = recipe.schedule(image_shape, epochs)
    if fid_samples is None:
        fid_samples = callbacks_lib.FID_SAMPLES
    fid_every = _check_fid_options(fid_every, fid_samples, recipe, strategy)
    zoo.registry.augmentation(overrides.get("augment"))  # a bad policy: now
    multi = len(phases) > 1
    # the data checks, before anything is written (a run that cannot start
    # creates no OUT): split, class count, unreadable image files
    preflight.check_run(recipe, dataset_name, split, overrides)
    if fid_every:
        # the reference statistics now: a dataset that cannot be one fails
        # before anything is written, and the first epoch's FID reuses them
        try:
            real_statistics(dataset_name, split=_FID_SPLIT,
                            num_real=int(fid_samples), weights=fid_weights,
                            progress=False)
        except NotEnoughImagesError as e:
            raise ValueError(
                f"fid_samples (--fid-samples) asks for {int(fid_samples)} "
                f"real images, but the FID reference (the {_FID_SPLIT!r} "
                f"split of {dataset_name!r}) holds only {e.available}; pass "
                f"fid_samples <= {e.available}.") from None
    keras.utils.set_random_seed(seed)
    if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy) and \
            not tf.config.list_logical_devices("GPU"):
        # XLA has no collectives on CPUs: the recipe's XLA default is off
        if overrides.get("jit_compile"):
            raise ValueError(
                "jit_compile=True (--jit) cannot run under the multiworker "
                "strategy on CPUs: XLA has no collective operations there. "
                "Leave --jit out (the step then runs without XLA).")
        overrides["jit_compile"] = False
    # under a multi-worker strategy only the chief writes OUT; the other
    # workers train the same steps and write into a folder they remove
    read_ckpt_dir = os.path.join(out, CHECKPOINT_FOLDER)
    worker_dir = None if is_chief(strategy) else tempfile.mkdtemp(
        prefix="keras-gans-worker-")
    if worker_dir:
        out, tensorboard = worker_dir, False
    global_batch = batch_size * d_steps
    samples = os.path.join(out, "samples")
    clock = _Throughput()
    log_dir = None if tensorboard is False else (
        tensorboard or os.path.join(out, "tensorboard"))
    # fail now, not at the end of the first epoch
    writable_folder(out, "output folder (--out)")
    if log_dir is not None:
        writable_folder(log_dir, "TensorBoard folder (--tensorboard)")
    ckpt_dir = os.path.join(out, CHECKPOINT_FOLDER)
    remove_stale_saves(out, ckpt_dir)
    settings = {"recipe": recipe.name, "dataset": str(dataset_name),
                "split": split, "batch_size": batch_size,
                "d_steps": d_steps, "seed": seed,
                "steps_per_epoch": steps_per_epoch,
                "image_shape": None if image_shape is None
                else list(image_shape),
                "dtype_policy": policy,
                "overrides": {k: repr(v) for k, v in sorted(
                    overrides.items())}}
    found = latest_checkpoint(read_ckpt_dir)
    if found and not resume:
        raise ValueError(
            f"{out!r} holds the checkpoints of an earlier run "
            f"({found[0]}); pass resume=True (--resume) to continue it, or "
            "choose another output folder (--out) or delete that one.")
    state = {"settings": settings, "phase": 0, "epoch": 0,
             "step_in_epoch": 0, "history": {}, "phase_logs": [],
             "sample_grids": [], "conditional_grids": [],
             "epoch_seconds": [], "train_seconds": 0.0, "fid_history": []}
    gan = None
    if found:
        gan = _resume_from(found, settings, strategy, policy, state)
        if verbose:
            print(f"Resuming from {found[0]} (phase {state['phase'] + 1}, "
                  f"epoch {state['epoch'] + 1}, step "
                  f"{state['step_in_epoch']} of it).", flush=True)
    saved = [found[0]] if found else []  # the guard names the newest
    clock.epoch_seconds = list(state["epoch_seconds"])

    def board(prefix, picture_callbacks):
        if log_dir is None:
            return []
        return tensorboard_callbacks(
            os.path.join(log_dir, prefix.rstrip("_")) if prefix else log_dir,
            picture_callbacks, update_freq=tensorboard_every)
    guard = NonFiniteGuard(checkpoint=lambda: saved[-1] if saved else None)
    start = time.perf_counter() - float(state["train_seconds"])
    written = {"sample_grids": list(state["sample_grids"]),
               "conditional_grids": list(state["conditional_grids"])}
    for i, phase in enumerate(phases):
        if i < state["phase"]:
            continue  # done before the run was resumed
        resumed = gan is not None and i == state["phase"] and (
            state["epoch"] or state["step_in_epoch"])
        shape = tuple(phase.image_shape) if (multi or image_shape) else None
        build_options = dict(overrides)
        build_options.update(phase.options)  # e.g. resolution and stage
        if recipe.paired:  # (input, target) pairs: image-to-image
            ds = data_lib.load_pairs(dataset_name, batch_size=global_batch,
                                     split=split, image_shape=shape,
                                     seed=seed, drop_remainder=True,
                                     data_dir=data_dir,
                                     **recipe.data_options)
            shape, in_channels = _pair_shapes(ds, shape)
            if in_channels != shape[-1]:
                build_options.setdefault("input_channels", in_channels)
        else:
            ds = data_lib.load(dataset_name, batch_size=global_batch,
                               split=split, image_shape=shape,
                               with_labels=recipe.with_labels, seed=seed,
                               drop_remainder=True, data_dir=data_dir)
        shape = tuple(shape or _image_shape_of(dataset_name, ds))
        ds, phase_steps, phase_images = _phase_length(
            phase, ds, global_batch, steps_per_epoch)
        epoch_steps = phase_steps or (
            int(ds.cardinality()) if int(ds.cardinality()) > 0 else None)
        if not resumed:
            with strategy.scope(), dtype_policy(policy):
                if gan is None:
                    gan = recipe.build(shape, seed=seed, compile=True,
                                       **build_options)
                else:
                    recipe.grow(gan, shape, **build_options)
            gan.start_phase(phase_images)
            state.update(phase=i, epoch=0, step_in_epoch=0)
        label = phase.name or f"{shape[0]}x{shape[1]}"
        prefix = f"phase{i + 1}_{label}_" if multi else ""
        # images shown at least 56 pixels wide (a 4x4 phase's too)
        made = tuple(next(iter(gan.generator_outputs().values())))
        grids = callbacks_lib.SampleGrid(
            samples, num_images=num_samples, seed=seed,
            filename=prefix + "epoch_{epoch:04d}.png",
            scale=max(2, 56 // made[0]) if len(made) == 3 and made[0]
            else 2)
        # a generator input without a prior (a conditioning image) cannot
        # be drawn for a sample grid: its pictures come from held-out data
        drawable = all(s.drawable for s in gan.generator_inputs())
        held_out = None if drawable else _held_out_pairs(
            dataset_name, split, shape, data_dir, recipe)
        pictures = cc.default_pictures(gan, samples, seed, pairs=held_out)
        for picture in pictures:
            picture.filename = prefix + picture.filename
        phase_start = time.perf_counter() - float(
            state.get("phase_seconds", 0.0) if resumed else 0.0)

        def progress(grids=grids, pictures=pictures, phase_start=phase_start):
            """What a checkpoint records beside ``state``."""
            return {
                "sample_grids": written["sample_grids"] + grids.written,
                "conditional_grids": written["conditional_grids"] + [
                    p for cb in pictures for p in cb.written],
                "epoch_seconds": [round(x, 2) for x in clock.epoch_seconds],
                "train_seconds": round(time.perf_counter() - start, 2),
                "phase_seconds": round(time.perf_counter() - phase_start, 2)}
        checkpoint = RunCheckpoint(
            ckpt_dir, state, every_steps=checkpoint_every,
            keep=keep_checkpoints, steps_per_epoch=epoch_steps,
            extra=progress, written=saved)
        fid = [_RunFID(state["fid_history"], i, real=dataset_name,
                       every_n_epochs=fid_every, num_samples=fid_samples,
                       split=_FID_SPLIT, weights=fid_weights,
                       verbose=verbose)] if fid_every else []
        # the FID before the guard (a NaN model's FID is not logged as a
        # value) and before the checkpoint (which records the epoch's logs)
        # the EMA copy's own batch-norm statistics, before anything at the
        # epoch's end draws from it or saves it
        stats = [callbacks_lib.EMAStatistics(
            batch_size=max(2, global_batch // strategy.num_replicas_in_sync),
            seed=seed)] if drawable else []
        run_callbacks = [*stats, *([grids] if drawable else []), *pictures,
                         clock,
                         *fid, guard, *callbacks,
                         *board(prefix, [grids, *pictures]), checkpoint]
        first_epoch = int(state["epoch"])
        done_in_epoch = int(state["step_in_epoch"]) if resumed else 0
        # where the data stood: with a set number of steps per epoch, fit
        # draws every epoch from one iterator; otherwise each epoch is a
        # pass of its own (its shuffle order then differs after a resume)
        position = done_in_epoch + (first_epoch * phase_steps
                                    if phase_steps else 0)
        if done_in_epoch and epoch_steps:
            # the rest of the epoch the run was killed in
            checkpoint.step_offset = done_in_epoch
            gan.fit(distribute_batches(strategy, ds.skip(position)),
                    epochs=first_epoch + 1,
                    initial_epoch=first_epoch,
                    steps_per_epoch=epoch_steps - done_in_epoch,
                    callbacks=run_callbacks, verbose=verbose, shuffle=False)
            first_epoch += 1
            position += epoch_steps - done_in_epoch
        if first_epoch < int(phase.epochs):
            gan.fit(distribute_batches(
                        strategy,
                        ds.skip(position) if phase_steps and position else ds),
                    epochs=int(phase.epochs), initial_epoch=first_epoch,
                    steps_per_epoch=phase_steps, callbacks=run_callbacks,
                    verbose=verbose, shuffle=False)
        written["sample_grids"] += grids.written
        written["conditional_grids"] += [p for cb in pictures
                                         for p in cb.written]
        state["phase_logs"].append({
            "image_shape": list(phase.image_shape), "epochs": phase.epochs,
            "name": phase.name, "options": dict(phase.options),
            "output_shape": list(next(iter(
                gan.generator_outputs().values()))),
            "images": phase_images,
            "seconds": round(time.perf_counter() - phase_start, 2)})
        if multi:
            saved.append(save_model_atomically(
                gan, os.path.join(out, f"phase{i + 1}.keras")))
        if i + 1 < len(phases):  # a checkpoint at the start of the next one
            state.update(phase=i + 1, epoch=0, step_in_epoch=0,
                         phase_seconds=0.0)
    seconds = time.perf_counter() - start
    history = state["history"]
    steps_done = int(gan.g_optimizer.iterations.numpy())
    images_seen = steps_done * global_batch
    save_model_atomically(gan, os.path.join(out, "model.keras"))
    write_json(history, os.path.join(out, "history.json"))
    fid_curve = None
    if state["fid_history"]:
        fid_curve = curves.save_fid_curve(
            state["fid_history"], recipe.name, int(fid_samples),
            os.path.join(out, "fid_curve.png"))
    summary = {
        "recipe": recipe.name,
        "dataset": str(dataset_name),
        "split": split,
        "image_shape": list(shape),
        "epochs": sum(int(p.epochs) for p in phases),
        "phases": state["phase_logs"] if multi else None,
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
        "fid_history": state["fid_history"],
        "fid_every": fid_every,
        "fid_samples": int(fid_samples) if fid_every else None,
        "fid_curve": fid_curve,
        "sample_grids": written["sample_grids"],
        "conditional_grids": written["conditional_grids"],
        "checkpoint": os.path.join(out, "model.keras"),
        "tensorboard": log_dir,
        "resumed": bool(found),
    }
    write_json(summary, os.path.join(out, "run.json"))
    if worker_dir:
        shutil.rmtree(worker_dir, ignore_errors=True)
        summary["checkpoint"] = None  # the chief's OUT holds the files
    return gan, summary


_FID_SPLIT = "test"  # the reference split of every keras_gans FID


class _RunFID(callbacks_lib.FID):
    """The run's FID callback: each value also goes to ``history`` (the
    run state's list, checkpointed with it) with its phase, epoch and
    generator step."""

    def __init__(self, history, phase, **kwargs):
        super().__init__(**kwargs)
        self.history = history
        self.phase = phase

    def on_epoch_end(self, epoch, logs=None):
        before = len(self.values)
        super().on_epoch_end(epoch, logs)
        if len(self.values) > before:
            self.history.append({
                "phase": self.phase + 1, "epoch": epoch + 1,
                "generator_step": int(self.model.g_optimizer.iterations
                                      .numpy()),
                "fid": round(self.values[-1][1], 4)})


def _check_fid_options(fid_every, fid_samples, recipe, strategy):
    if fid_every is None or fid_every is False:
        return None
    if isinstance(fid_every, bool) or int(fid_every) != fid_every or \
            fid_every < 1:
        raise ValueError(f"fid_every must be a positive number of epochs "
                         f"or None; received {fid_every!r}.")
    if isinstance(fid_samples, bool) or int(fid_samples) != fid_samples or \
            fid_samples < 2:
        raise ValueError(f"fid_samples must be an integer >= 2; received "
                         f"{fid_samples!r}.")
    if recipe.paired:
        raise ValueError(
            f"--fid-every needs a generator drawn from its prior; recipe "
            f"{recipe.name!r} translates images. Score its checkpoints with "
            "`keras-gans evaluate` (L1, PSNR, SSIM, FID) instead.")
    if isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        raise ValueError(
            "--fid-every cannot run under the multiworker strategy (every "
            "worker would have to generate in step). Score the checkpoints "
            "with `keras-gans evaluate` instead.")
    return int(fid_every)


def _resume_from(found, settings, strategy, policy, state):
    """Loads the checkpoint ``found`` (``(model path, record)``) into
    ``state`` and returns its GAN, after checking it was written by a run
    with the same ``settings``."""
    path, record = found
    before = record.get("settings", {})
    changed = sorted(k for k in set(before) | set(settings)
                     if before.get(k) != settings.get(k))
    if changed:
        diff = "; ".join(f"{k}: {before.get(k)!r} then, {settings.get(k)!r} "
                         "now" for k in changed)
        raise ValueError(
            f"Cannot resume from {path!r}: it was written by a run with "
            f"other settings ({diff}). Resume with the same options, or "
            "start a new run in another output folder (--out).")
    for key in state:
        if key in record:
            state[key] = record[key]
    state["phase_seconds"] = record.get("phase_seconds", 0.0)
    with strategy.scope(), dtype_policy(policy):
        try:
            return keras.saving.load_model(path, compile=True)
        except Exception as e:  # a damaged file: name it and say what to do
            raise ValueError(
                f"Cannot resume from {path!r}: the checkpoint does not load "
                f"({type(e).__name__}: {str(e).splitlines()[0][:200]}). "
                "Delete it and its .json record to resume from the one "
                "before it.") from None
