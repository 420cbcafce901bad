"""Publishing zoo entries: archive a trained run's generator into
``saved_models/``, record it (and its metrics) in
``saved_models/manifest.json``, and copy that manifest into the package.

Used by ``keras-gans zoo export | evaluate | sync-manifest``; errors are
:class:`PublishError` (a ``ValueError``: the CLI prints it in one line).
"""

import datetime
import json
import os
import re
import shutil
import tempfile

import tensorflow as tf

from keras_gans import export
from keras_gans.version import __version__
from keras_gans.utils.files import write_json
from keras_gans.utils.progress import format_size
from keras_gans.zoo import archives, published, registry as zoo

__all__ = ["PublishError", "export_entry", "record_metrics", "read_manifest",
           "saved_models_dir", "sync_manifest", "MANIFEST_NAME",
           "MAX_ARCHIVE_SIZE"]


class PublishError(ValueError):
    """A run or a manifest that cannot be published as asked."""


MANIFEST_NAME = "manifest.json"


MAX_ARCHIVE_SIZE = 10 * 2 ** 20


def saved_models_dir(path):

    return os.path.abspath(path or (
        os.environ.get("KERAS_GANS_SAVED_MODELS", "").split(os.pathsep)[0]
        or archives.repo_saved_models()))


def read_manifest(folder):
    path = os.path.join(folder, MANIFEST_NAME)
    if not os.path.exists(path):
        return {"format_version": 1, "entries": {}}
    with open(path) as f:
        return json.load(f)


def _write_manifest(manifest, folder):

    path = write_json(manifest, os.path.join(folder, MANIFEST_NAME))
    os.chmod(path, 0o644)
    return path


def _options_without_flag(run):
    """The run's overrides ``keras-gans train`` has no flag for (see
    ``registry.TRAIN_FLAG_OPTIONS``), sorted."""
    return sorted(set(run.get("overrides") or {})
                  - set(zoo.TRAIN_FLAG_OPTIONS))


def _train_command(run):
    """The ``keras-gans train RECIPE ...`` command of ``run``, or ``None``
    when an override has no flag of its own."""
    if _options_without_flag(run):
        return None
    overrides = run.get("overrides") or {}
    parts = ["keras-gans", "train", run["recipe"], "--dataset",
             run["dataset"]]
    if run.get("split", "train") != "train":
        parts += ["--split", run["split"]]
    parts += ["--epochs", str(run["epochs"]), "--batch-size",
              str(run["batch_size"]), "--seed", str(run["seed"])]
    if run.get("steps_per_epoch"):
        parts += ["--steps-per-epoch", str(run["steps_per_epoch"])]
    for key, value in sorted(overrides.items()):
        flag = key.replace("_", "-")
        if isinstance(value, bool):  # a --flag / --no-flag option
            parts.append(f"--{flag}" if value else f"--no-{flag}")
        else:
            parts += [f"--{flag}", str(value)]
    if run.get("fid_every"):
        parts += ["--fid-every", str(run["fid_every"]), "--fid-samples",
                  str(run["fid_samples"])]
    if run.get("dtype_policy", "float32") != "float32":
        parts += ["--mixed-precision",
                  run["dtype_policy"].replace("mixed_", "")]
    return " ".join(parts)


def _compare_run(entry, run):
    """Differences between a run and the entry's settings."""
    settings = entry.train_settings()
    differences = {}
    for key in ("dataset", "split", "epochs", "batch_size", "seed"):
        if key in run and str(run[key]) != str(settings[key]):
            differences[key] = {"entry": settings[key], "run": run[key]}
    for key in ("fid_every", "fid_samples"):   # the training curve
        if run.get("fid_every") or settings.get("fid_every"):
            if run.get(key) != settings.get(key):
                differences[key] = {"entry": settings.get(key),
                                    "run": run.get(key)}
    if run.get("steps_per_epoch"):
        differences["steps_per_epoch"] = {"entry": None,
                                          "run": run["steps_per_epoch"]}
    extra = {k: v for k, v in settings.items() if k not in (
        "dataset", "split", "epochs", "batch_size", "seed", "fid_every",
        "fid_samples")}
    if (run.get("overrides") or {}) != extra:
        differences["overrides"] = {"entry": extra,
                                    "run": run.get("overrides") or {}}
    return differences


def export_entry(name, run_dir, saved_models=None, command=None,
                 use_ema=None, allow_mismatch=False, notes="",
                 max_size=MAX_ARCHIVE_SIZE):
    """Exports the run ``run_dir`` of zoo entry ``name`` as
    ``saved_models/<name>.tar.gz`` and records it in the manifest.

    Returns the manifest record. The run's ``run.json`` supplies the
    training settings, steps and time; metrics already recorded for the
    same archive are dropped (they measured another generator).
    """

    entry = zoo.get_entry(name)
    checkpoint = os.path.join(run_dir, "model.keras")
    run_json = os.path.join(run_dir, "run.json")
    if not os.path.isfile(run_json):
        raise PublishError(f"No run.json in {run_dir!r}: export an entry from "
                         "the folder `keras-gans train ENTRY --out DIR` "
                         "wrote.")
    with open(run_json) as f:
        try:
            run = json.load(f)
        except json.JSONDecodeError as e:
            raise PublishError(
                f"The run record {run_json!r} is not valid JSON ({e}); "
                "`keras-gans train` writes it whole at the end of a run, so "
                "it was damaged or edited: rerun that training with "
                "--resume (same --out) to write it again.") from None
    if run.get("recipe") != zoo.get(entry.recipe).name:
        raise PublishError(
            f"The run in {run_dir} trained recipe {run.get('recipe')!r}, but "
            f"entry {entry.name!r} is recipe {entry.recipe!r}.")
    differences = _compare_run(entry, run)
    if differences and not allow_mismatch:
        raise PublishError(
            f"The run in {run_dir} differs from entry {entry.name!r}: "
            f"{json.dumps(differences)}. Retrain with `{entry.command()}` "
            "or pass --allow-mismatch to record it anyway.")
    if command is None:
        command = _train_command(run)
    if command is None:
        if differences:
            raise PublishError(
                f"The run in {run_dir} sets {_options_without_flag(run)}, "
                "which `keras-gans train` has no flag for, and differs from "
                f"entry {entry.name!r}, so no command reproduces it; pass "
                "--command with the one that trained it.")
        command = entry.command()  # the entry's name pins those options
    gan = published.load_gan(checkpoint)
    folder = saved_models_dir(saved_models)
    os.makedirs(folder, exist_ok=True)
    archive = entry.archive_name
    staging = tempfile.mkdtemp(dir=folder, prefix=".export-")
    try:
        model_dir = os.path.join(staging, entry.name)
        version_dir = export.save_generator(gan, model_dir, version=1,
                                            use_ema=use_ema)
        meta = export.read_metadata(version_dir)
        staged_archive = os.path.join(staging, archive)
        sha, size = archives.make_archive(model_dir, staged_archive,
                                     arcname=entry.name)
        if max_size and size > max_size:
            raise PublishError(
                f"The archive of {entry.name!r} would be {format_size(size)}, "
                f"more than the {format_size(max_size)} a repository archive "
                "may take; shrink the generator or pass a larger --max-size "
                "(bytes). Nothing was written.")
        manifest = read_manifest(folder)
        record = {
            "archive": archive,
            "sha256": sha,
            "size": size,
            "entry": entry.name,
            "recipe": run["recipe"],
            "dataset": run["dataset"],
            "split": run.get("split", "train"),
            "image_shape": meta["image_shape"],
            "latent_dim": meta["latent_dim"],
            "inputs": meta["inputs"],
            # the declared inputs with their kinds (an image input has no
            # prior: docs and tools read this, not the names)
            "generator_inputs": meta.get("generator_inputs"),
            # the declared outputs, main first (several: one per domain)
            "outputs": meta.get("output_names") or ["images"],
            "classes": meta.get("classes", {}),
            "signatures": meta["signatures"],
            "ema_weights": meta["ema_weights"],
            "epochs": run.get("epochs"),
            "batch_size": run.get("batch_size"),
            "d_steps": run.get("d_steps"),
            "generator_steps": run.get("generator_steps"),
            "train_seconds": run.get("train_seconds"),
            "real_images_per_second": run.get("real_images_per_second"),
            "seed": run.get("seed"),
            "command": command,
            "reproduce": entry.command(),
            "differences_from_entry": differences,
            "final_train_metrics": run.get("final_metrics", {}),
            # FID during training (--fid-every): the entry page's curve
            "fid_history": run.get("fid_history") or [],
            "fid_samples": run.get("fid_samples"),
            "notes": notes or "",
            "metrics": {},
            "exported": datetime.datetime.now(datetime.timezone.utc)
            .strftime("%Y-%m-%dT%H:%M:%SZ"),
            "keras_gans_version": __version__,
            "tensorflow_version": tf.__version__,
        }
        manifest.setdefault("entries", {})[entry.name] = record
        manifest["format_version"] = 1
        os.replace(staged_archive, os.path.join(folder, archive))
        _write_manifest(manifest, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return record


def record_metrics(name, metrics, saved_models=None, settings=None):
    """Stores ``metrics`` (a dict) for entry ``name`` in the manifest."""
    folder = saved_models_dir(saved_models)
    manifest = read_manifest(folder)
    record = manifest.get("entries", {}).get(name)
    if record is None:
        raise PublishError(f"Entry {name!r} has no archive in {folder}; export "
                         "it first.")
    record["metrics"] = metrics
    if settings is not None:
        record["evaluation"] = settings
    _write_manifest(manifest, folder)
    return record


_ABSOLUTE_PATH = re.compile(r"(^|[\s'\"(=])/[^\s'\"]+/")


def _portable(value):
    """``value`` without the build machine's paths (cache files and
    downloaded archives named in an evaluation protocol), which mean
    nothing elsewhere: every string holding an absolute path is left out."""
    if isinstance(value, dict):
        return {k: _portable(v) for k, v in value.items()
                if not (isinstance(v, str) and _ABSOLUTE_PATH.search(v))}
    if isinstance(value, list):
        return [_portable(v) for v in value]
    return value


def sync_manifest(saved_models=None, path=None):
    """Rewrites the package's copy of the manifest
    (``keras_gans/zoo/manifest.json``, package data) from
    ``saved_models/manifest.json``, without machine-specific paths."""
    manifest = _portable(read_manifest(saved_models_dir(saved_models)))
    path = path or published.PACKAGED_MANIFEST
    write_json(manifest, path)
    os.chmod(path, 0o644)
    return path
