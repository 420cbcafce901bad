"""``keras-gans zoo ...`` and ``keras-gans export``: the zoo's commands.

    keras-gans zoo list [--json]
    keras-gans zoo download dcgan-fashion-mnist [--samples grid.png]
    keras-gans zoo export dcgan-fashion-mnist --run runs/dcgan-fashion-mnist
    keras-gans zoo export runs/x/model.keras --out exports/x
    keras-gans zoo evaluate dcgan-fashion-mnist
    keras-gans zoo docs
    keras-gans zoo sync-manifest
    keras-gans export runs/x/model.keras --out exports/x [--version 2]

Registered in ``keras_gans.cli.EXTENSIONS``.
"""

import datetime
import json
import os
import shutil
import sys
import tempfile

from keras_gans.fileio import atomic_open
from keras_gans.progress import format_size

__all__ = ["register", "export_entry", "record_metrics", "write_docs",
           "sync_manifest"]

MANIFEST_NAME = "manifest.json"
#: archives live in the repository: refuse bigger ones (``--max-size``)
MAX_ARCHIVE_SIZE = 10 * 2 ** 20


def _cli_error(message):
    from keras_gans.cli import CLIError

    return CLIError(message)


def _fmt_size(n):
    return format_size(n, unknown="-")


_HEADLINE = ("fid", "kid", "classifier_fid", "classifier_score",
             "classifier_accuracy")


def _fmt_metrics(metrics, short=False):
    """``fid=60.25 kid=0.0297 ...``; ``short``: the headline metrics."""
    if not metrics:
        return "-"
    parts = []
    keys = [k for k in _HEADLINE if k in metrics] if short else []
    for key in keys or sorted(metrics):
        value = metrics[key]
        if key.endswith("_std"):
            continue
        if isinstance(value, dict):  # e.g. {"value": .., "num_samples": ..}
            value = value.get("value", value.get("mean"))
        if isinstance(value, float):
            value = f"{value:.4g}"
        parts.append(f"{key}={value}")
    return " ".join(parts)


# -- zoo list ---------------------------------------------------------------
def _cmd_list(args):
    from keras_gans import zoo

    entries = [dict(e.summary(), kind="entry") for e in zoo.entries()]
    recipes = [dict(r.summary(), kind="recipe") for r in zoo.recipes()]
    if args.json:
        print(json.dumps(entries + recipes, indent=2))
        return 0
    print("Zoo entries (keras-gans train ENTRY reproduces one; "
          "keras-gans zoo download ENTRY fetches its generator):")
    print(f"  {'entry':<24} {'recipe':<10} {'dataset':<14} {'archive':>9} "
          f"{'steps':>7} {'train s':>8}  metrics")
    for e in entries:
        archive = _fmt_size(e["size"]) if e["archive"] else "none"
        steps = e["generator_steps"] or "-"
        seconds = e["train_seconds"] or "-"
        print(f"  {e['name']:<24} {e['recipe']:<10} {e['dataset']:<14} "
              f"{archive:>9} {steps:>7} {seconds:>8}  "
              f"{_fmt_metrics(e['metrics'], short=True)}")
    print("\nRecipes (keras-gans train RECIPE --dataset ...):")
    print(f"  {'recipe':<14} {'dataset':<14} {'loss':<16} {'d_steps':>7}  "
          "description")
    for r in recipes:
        print(f"  {r['name']:<14} {r['dataset']:<14} {r['loss']:<16} "
              f"{r['d_steps']:>7}  {r['description']}")
    return 0


# -- zoo download -----------------------------------------------------------
def _cmd_download(args):
    from keras_gans import hub, zoo

    try:
        path = zoo.download(args.name, force=args.force,
                            progress=args.progress)
    except hub.DownloadError as e:
        raise _cli_error(str(e)) from e
    if args.samples:
        from keras_gans import export
        from keras_gans.images import save_grid

        g = export.load(path)
        save_grid(g.generate(args.num, seed=args.seed), args.samples)
        print(f"samples: {args.samples}", file=sys.stderr)
    print(path)
    return 0


# -- export -----------------------------------------------------------------
def _load_gan(checkpoint):
    from keras_gans import zoo

    if not os.path.isfile(checkpoint):
        raise _cli_error(f"No checkpoint at {checkpoint!r}.")
    return zoo.load_gan(checkpoint)


def _export_checkpoint(checkpoint, out, version, use_ema):
    from keras_gans import export

    gan = _load_gan(checkpoint)
    if out is None:
        stem = os.path.splitext(os.path.basename(checkpoint))[0]
        if stem == "model":
            stem = os.path.basename(os.path.dirname(os.path.abspath(
                checkpoint)))
        out = os.path.join("exports", stem)
    return export.save_generator(gan, out, version=version, use_ema=use_ema)


def _cmd_export(args):
    try:
        path = _export_checkpoint(args.checkpoint, args.out, args.version,
                                  False if args.no_ema else None)
    except FileExistsError as e:
        raise _cli_error(str(e)) from e
    print(path)
    return 0


def _saved_models_dir(path):
    from keras_gans import hub

    return os.path.abspath(path or (
        os.environ.get("KERAS_GANS_SAVED_MODELS", "").split(os.pathsep)[0]
        or hub.repo_saved_models()))


def read_manifest(folder):
    path = os.path.join(folder, MANIFEST_NAME)
    if not os.path.exists(path):
        return {"format_version": 1, "entries": {}}
    with open(path) as f:
        return json.load(f)


def _write_manifest(manifest, folder):
    from keras_gans import training

    path = training.write_json(manifest, os.path.join(folder, MANIFEST_NAME))
    os.chmod(path, 0o644)
    return path


def _train_command(run):
    parts = ["keras-gans", "train", run["recipe"], "--dataset",
             run["dataset"]]
    if run.get("split", "train") != "train":
        parts += ["--split", run["split"]]
    parts += ["--epochs", str(run["epochs"]), "--batch-size",
              str(run["batch_size"]), "--seed", str(run["seed"])]
    if run.get("steps_per_epoch"):
        parts += ["--steps-per-epoch", str(run["steps_per_epoch"])]
    for key, value in sorted((run.get("overrides") or {}).items()):
        parts += [f"--{key.replace('_', '-')}", str(value)]
    return " ".join(parts)


def _compare_run(entry, run):
    """Differences between a run and the entry's settings."""
    settings = entry.train_settings()
    differences = {}
    for key in ("dataset", "split", "epochs", "batch_size", "seed"):
        if key in run and str(run[key]) != str(settings[key]):
            differences[key] = {"entry": settings[key], "run": run[key]}
    if run.get("steps_per_epoch"):
        differences["steps_per_epoch"] = {"entry": None,
                                          "run": run["steps_per_epoch"]}
    extra = {k: v for k, v in settings.items() if k not in (
        "dataset", "split", "epochs", "batch_size", "seed")}
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
    import tensorflow as tf

    from keras_gans import __version__, export, hub, zoo

    entry = zoo.get_entry(name)
    checkpoint = os.path.join(run_dir, "model.keras")
    run_json = os.path.join(run_dir, "run.json")
    if not os.path.isfile(run_json):
        raise _cli_error(f"No run.json in {run_dir!r}: export an entry from "
                         "the folder `keras-gans train ENTRY --out DIR` "
                         "wrote.")
    with open(run_json) as f:
        run = json.load(f)
    if run.get("recipe") != zoo.get(entry.recipe).name:
        raise _cli_error(
            f"The run in {run_dir} trained recipe {run.get('recipe')!r}, but "
            f"entry {entry.name!r} is recipe {entry.recipe!r}.")
    differences = _compare_run(entry, run)
    if differences and not allow_mismatch:
        raise _cli_error(
            f"The run in {run_dir} differs from entry {entry.name!r}: "
            f"{json.dumps(differences)}. Retrain with `{entry.command()}` "
            "or pass --allow-mismatch to record it anyway.")
    gan = _load_gan(checkpoint)
    folder = _saved_models_dir(saved_models)
    os.makedirs(folder, exist_ok=True)
    archive = entry.archive_name
    staging = tempfile.mkdtemp(dir=folder, prefix=".export-")
    try:
        model_dir = os.path.join(staging, entry.name)
        version_dir = export.save_generator(gan, model_dir, version=1,
                                            use_ema=use_ema)
        meta = export.read_metadata(version_dir)
        staged_archive = os.path.join(staging, archive)
        sha, size = hub.make_archive(model_dir, staged_archive,
                                     arcname=entry.name)
        if max_size and size > max_size:
            raise _cli_error(
                f"The archive of {entry.name!r} would be {_fmt_size(size)}, "
                f"more than the {_fmt_size(max_size)} a repository archive "
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
            "command": command or _train_command(run),
            "reproduce": entry.command(),
            "differences_from_entry": differences,
            "final_train_metrics": run.get("final_metrics", {}),
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


def _cmd_zoo_export(args):
    from keras_gans import zoo

    target = args.target
    if zoo.find_entry(target) is None:
        if os.path.isfile(target):
            args.checkpoint = target
            return _cmd_export(args)
        raise _cli_error(
            f"{target!r} is neither a zoo entry ({', '.join(zoo.entry_names())}"
            ") nor a checkpoint file.")
    run_dir = args.run or os.path.join("runs", zoo.get_entry(target).name)
    record = export_entry(target, run_dir, saved_models=args.saved_models,
                          command=args.command,
                          use_ema=False if args.no_ema else None,
                          allow_mismatch=args.allow_mismatch,
                          max_size=args.max_size,
                          notes=args.notes)
    print(json.dumps(record, indent=2))
    return 0


# -- evaluate ---------------------------------------------------------------
def record_metrics(name, metrics, saved_models=None, settings=None):
    """Stores ``metrics`` (a dict) for entry ``name`` in the manifest."""
    folder = _saved_models_dir(saved_models)
    manifest = read_manifest(folder)
    record = manifest.get("entries", {}).get(name)
    if record is None:
        raise _cli_error(f"Entry {name!r} has no archive in {folder}; export "
                         "it first.")
    record["metrics"] = metrics
    if settings is not None:
        record["evaluation"] = settings
    _write_manifest(manifest, folder)
    return record


def _cmd_evaluate(args):
    from keras_gans import zoo

    try:
        from keras_gans import metrics as metrics_lib
        evaluate = metrics_lib.evaluate
    except (ImportError, AttributeError):
        raise _cli_error(
            "keras_gans.metrics.evaluate is not available in this "
            "installation; no metrics recorded.") from None
    entry = zoo.get_entry(args.name)
    settings = dict(entry.evaluation)
    if args.num_samples:
        settings["num_samples"] = args.num_samples
    path = zoo.download(entry.name, progress=False)
    results = dict(evaluate(path, entry.dataset, **{
        k: v for k, v in settings.items() if k != "metrics"},
        metrics=settings.get("metrics")))
    protocol = results.pop("protocol", None)
    results = {k: (float(v) if isinstance(v, (int, float)) or hasattr(
        v, "__float__") else v) for k, v in results.items()}
    evaluation = dict(settings, protocol=protocol)
    record_metrics(entry.name, results, args.saved_models, evaluation)
    print(json.dumps({"entry": entry.name, "metrics": results,
                      "evaluation": evaluation}, indent=2, default=str))
    return 0


# -- manifest copy in the package ------------------------------------------------
def sync_manifest(saved_models=None, module_path=None):
    """Rewrites ``keras_gans/zoo_manifest.py`` from the manifest."""
    import keras_gans

    folder = _saved_models_dir(saved_models)
    manifest = read_manifest(folder)
    module_path = module_path or os.path.join(
        os.path.dirname(keras_gans.__file__), "zoo_manifest.py")
    text = json.dumps(manifest, indent=4, sort_keys=True)
    if "'''" in text:
        raise ValueError("The manifest contains ''' and cannot be embedded.")
    source = (
        '"""The published archives of the zoo (generated; do not edit by '
        'hand).\n\nA copy of ``saved_models/manifest.json`` for installs '
        'without the\nrepository: ``keras-gans zoo sync-manifest`` rewrites '
        'this file from it.\n"""\n\nimport json\n\nMANIFEST = json.loads(r'
        "'''\n" + text + "\n''')\n")
    _write_text(module_path, source)
    return module_path


def _cmd_sync(args):
    print(sync_manifest(args.saved_models))
    return 0


# -- docs -------------------------------------------------------------------------
def _fmt_options(options):
    """``a=1, b=(10,)``, or ``-`` for none."""
    if not options:
        return "-"
    return ", ".join(f"{k}={v!r}" for k, v in sorted(options.items()))


def _use_snippet(entry, record, n=16):
    """Python lines that load the published generator of ``entry`` and
    call it with every input of its ``serving_default`` signature (from
    the export's ``inputs`` record): a latent, class ids in range for
    ``labels``, codes for InfoGAN's ``categorical`` / ``continuous``."""
    inputs = dict((record or {}).get("inputs") or {
        "latent": {"dtype": "float32", "shape": [None, None]}})
    # the class count of each integer input, as the export recorded it
    counts = dict((record or {}).get("classes") or {})
    lines = ["import numpy as np, keras_gans",
             f'g = keras_gans.zoo.load_generator("{entry.name}")',
             f"z = np.random.normal(size=({n}, g.latent_dim))"
             ".astype('float32')"]
    call = []  # keyword arguments of the calls, in signature order
    for name in sorted(k for k in inputs if k != "latent"):
        spec = inputs[name]
        dtype = spec.get("dtype", "float32")
        tail = [int(d) for d in (spec.get("shape") or [None])[1:]]
        size = f"({n}, {', '.join(str(d) for d in tail)})" if tail else \
            f"({n},)"
        var = name if name.isidentifier() and name not in (
            "np", "g", "z", "keras_gans", "images", "pictures",
            "chosen") else f"input_{len(call)}"
        count = counts.get(name)
        if "int" in dtype:
            if isinstance(count, list) and len(tail) == 1 and \
                    tail[0] == len(count):
                ranges = ", ".join(f"column {j} in [0, {k})"
                                   for j, k in enumerate(count))
                lines.append(f"{var} = np.random.randint(0, {count}, "
                             f"size={size}).astype('{dtype}')  # {ranges}")
            elif isinstance(count, int) and not tail:
                lines.append(f"{var} = (np.arange({n}) % {count})"
                             f".astype('{dtype}')  # class ids in "
                             f"[0, {count})")
            else:
                lines.append(f"{var} = np.zeros({size}, '{dtype}')")
        elif name == "continuous":
            lines.append(f"{var} = np.random.uniform(-1, 1, size={size})"
                         f".astype('{dtype}')  # continuous codes")
        else:
            lines.append(f"{var} = np.random.normal(size={size})"
                         f".astype('{dtype}')")
        call.append(f"{name}={var}" if name.isidentifier()
                    else f"**{{{name!r}: {var}}}")
    args = "".join(", " + c for c in call)
    lines.append(f"images = g(z{args})  # float32 in [-1, 1], "
                 f"({n}, H, W, C)")
    lines.append(f"pictures = g.generate({n}, seed=0)  # uint8; the model "
                 "draws all its inputs")
    if call:
        lines.append(f"chosen = g.generate(None, seed=0{args})  # uint8, "
                     "one per given condition")
    return lines


def _entry_readme(entry, record, has_samples):
    recipe = entry.get_recipe()
    settings = entry.train_settings()
    summary = recipe.summary()
    lines = [f"# {entry.name}", "", entry.description, ""]
    if has_samples:
        inputs = record.get("inputs") or {}
        if "labels" in inputs:
            caption = ("Samples of the published generator, one row per "
                       "requested class (0 at the top; `generate_conditioned`"
                       " signature, seed 0)")
        elif "categorical" in inputs:
            caption = ("The published generator's first categorical code, "
                       "one column per value (0 at the left), on ten latents "
                       "drawn from seed 0 (one per row), the other codes at "
                       "0")
        else:
            caption = ("64 samples of the published generator (`generate` "
                       "signature, seed 0)")
        lines += ["![samples](samples.png)", "", caption + ", upscaled 2x.",
                  ""]
    penalties = summary["penalties"]
    lines += ["## Settings", "", "| setting | value |", "| --- | --- |",
              f"| recipe | `{entry.recipe}` ({recipe.reference or '-'}) |",
              f"| dataset | `{entry.dataset}`, split `{entry.split}` |",
              f"| image shape | {tuple(recipe.image_shape)} |",
              f"| networks | `{summary['networks']}`, "
              f"{summary['width_arg']}={summary['width']}, latent_dim="
              f"{summary['latent_dim']}; options: "
              f"{_fmt_options(recipe.network_options)} |",
              f"| GAN | `{summary['gan_class']}`; options: "
              f"{_fmt_options(recipe.gan_options)} |",
              f"| loss | `{summary['loss']}`, d_steps {summary['d_steps']} |",
              "| penalties | " + (", ".join(f"`{p}`" for p in penalties)
                                  if penalties else "none") + " |",
              f"| optimizers | {summary['optimizers'] or '-'} |",
              f"| batch size | {settings['batch_size']} per "
              "discriminator step |",
              f"| epochs | {settings['epochs']} |",
              f"| seed | {settings['seed']} |"]
    for key, value in sorted(entry.overrides.items()):
        lines.append(f"| {key} (entry override) | {value!r} |")
    ev = entry.evaluation
    lines.append(f"| evaluation | {', '.join(ev.get('metrics', []))} on "
                 f"{ev.get('num_samples')} samples vs the `{ev.get('split')}`"
                 " split |")
    if not record:
        run = f"runs/{entry.name}"
        lines += ["", "## Train and export it", "",
                  "No pretrained generator is published for this entry "
                  "(there is no archive in `saved_models/manifest.json`, so "
                  "`keras-gans zoo download` has nothing to fetch). Train "
                  "it and export its generator as a SavedModel:", "",
                  "```sh",
                  f"{entry.command(out=run)}",
                  f"keras-gans export {run}/model.keras --out "
                  f"exports/{entry.name}",
                  "```", "",
                  "```python",
                  "import keras_gans",
                  f'g = keras_gans.zoo.load_generator("exports/{entry.name}")'
                  "  # the newest version",
                  "pictures = g.generate(16, seed=0)  # uint8",
                  "```", "",
                  f"To publish it: `keras-gans zoo export {entry.name} --run "
                  f"{run}` (archive + manifest record), then "
                  f"`keras-gans zoo evaluate {entry.name}`.", "",
                  "Serving it with TF Serving: see [../SERVING.md]"
                  "(../SERVING.md).", "", "## Published archive", "",
                  "None yet: this entry has not been trained and exported "
                  "on the reference machine.", ""]
        return "\n".join(lines)
    lines += ["", "## Reproduce", "", "```sh",
              f"{entry.command(out='runs/' + entry.name)}",
              f"keras-gans zoo export {entry.name} --run runs/{entry.name}",
              f"keras-gans zoo evaluate {entry.name}", "```", "",
              "## Use", "", "```sh",
              f"keras-gans zoo download {entry.name} --samples grid.png",
              "```", "", "```python", *_use_snippet(entry, record), "```",
              "",
              "Serving it with TF Serving: see [../SERVING.md]"
              "(../SERVING.md).", "", "## Published archive", ""]
    metrics = record.get("metrics") or {}
    lines += ["| field | value |", "| --- | --- |",
              f"| archive | `{record['archive']}` ({_fmt_size(record['size'])}"
              ") |",
              f"| sha256 | `{record['sha256']}` |",
              f"| trained with | `{record['command']}` |",
              f"| generator steps | {record.get('generator_steps')} |",
              f"| training time | {record.get('train_seconds')} s on 2 CPU "
              "cores (shared) |",
              f"| throughput | {record.get('real_images_per_second')} real "
              "images/s |",
              f"| EMA weights | {'yes' if record.get('ema_weights') else 'no'}"
              " |",
              f"| final training losses | "
              f"{_fmt_metrics(record.get('final_train_metrics'))} |",
              f"| metrics | {_fmt_metrics(metrics) if metrics else 'not measured yet'} |",
              f"| measured with | {_fmt_evaluation(record.get('evaluation'))} |",
              f"| exported | {record.get('exported')} with keras-gans "
              f"{record.get('keras_gans_version')}, TensorFlow "
              f"{record.get('tensorflow_version')} |"]
    if record.get("notes"):
        lines.append(f"| notes | {record['notes']} |")
    if record.get("differences_from_entry"):
        lines.append(f"| differs from the entry | "
                     f"`{json.dumps(record['differences_from_entry'])}` |")
    lines += ["", "Signatures: " + ", ".join(
        f"`{s}`" for s in record.get("signatures", [])) + "; inputs: " +
        ", ".join(f"`{k}` {v['dtype']} {v['shape']}"
                  for k, v in sorted(record.get("inputs", {}).items())) +
        ".", ""]
    return "\n".join(lines)


def _fmt_evaluation(evaluation):
    if not evaluation:
        return "-"
    protocol = evaluation.get("protocol") or {}
    reference = protocol.get("reference") or {}
    inception = protocol.get("inception") or {}
    text = (f"`keras-gans zoo evaluate`: {protocol.get('num_generated', evaluation.get('num_samples'))} "
            f"generated images (seed {evaluation.get('seed')}) vs "
            f"{reference.get('num_real', '?')} real images of the "
            f"`{reference.get('split', evaluation.get('split'))}` split")
    if inception:
        text += (f"; Inception weights {inception.get('weights_source')} "
                 f"(sha256 {str(inception.get('weights_sha256'))[:12]}...)")
    if protocol.get("seconds"):
        text += f"; {protocol['seconds']} s"
    return text


def _code_traversal(g, record, seed, rows=10):
    """InfoGAN sample picture: one row per latent (drawn from ``seed``),
    one column per value of the first categorical code, the other codes
    at their prior's centre (other categorical codes 0, continuous 0).
    Returns the images and the number of columns."""
    import numpy as np

    k = int(record["classes"]["categorical"][0])
    inputs = record["inputs"]
    rng = np.random.default_rng(seed)
    latent = np.repeat(rng.standard_normal(
        (rows, int(record["latent_dim"]))), k, axis=0).astype("float32")
    n = rows * k
    categorical = np.zeros((n, int(inputs["categorical"]["shape"][-1])),
                           "int32")
    categorical[:, 0] = np.tile(np.arange(k), rows)
    conditions = {"categorical": categorical}
    if "continuous" in inputs:
        conditions["continuous"] = np.zeros(
            (n, int(inputs["continuous"]["shape"][-1])), "float32")
    return g(latent, **conditions), k


def write_docs(zoo_dir="zoo", saved_models=None, num_samples=64, seed=0):
    """Writes ``zoo/<entry>/README.md`` (+ ``samples.png`` from the
    published archive) for every entry and the table ``zoo/README.md``."""
    import numpy as np

    from keras_gans import data as data_lib
    from keras_gans import export, zoo
    from keras_gans.images import save_grid

    manifest = read_manifest(_saved_models_dir(saved_models)).get(
        "entries", {})
    rows = []
    for entry in zoo.entries():
        folder = os.path.join(zoo_dir, entry.name)
        os.makedirs(folder, exist_ok=True)
        record = manifest.get(entry.name)
        samples = os.path.join(folder, "samples.png")
        if record:
            g = export.load(zoo.download(entry.name, progress=False))
            if "labels" in (record.get("inputs") or {}):
                # one row per class: labels 0..C-1, 8 samples each
                classes = data_lib.NAMED_DATASETS[entry.dataset][
                    "num_classes"]
                labels = np.repeat(np.arange(classes), 8).astype("int32")
                save_grid(g.generate(len(labels), seed=seed, labels=labels),
                          samples, nrow=8)
            elif "categorical" in (record.get("inputs") or {}):
                images, columns = _code_traversal(g, record, seed)
                save_grid(images, samples, nrow=columns)
            else:
                save_grid(g.generate(num_samples, seed=seed), samples)
            os.chmod(samples, 0o644)
        elif os.path.exists(samples):
            os.remove(samples)
        text = _entry_readme(entry, record, bool(record))
        _write_text(os.path.join(folder, "README.md"), text)
        rows.append((entry, record))
    lines = ["# The zoo", "",
             "Each entry is a recipe trained on a dataset with a fixed "
             "schedule and seed (defined in `keras_gans/zoo_entries.py`). "
             "`keras-gans train ENTRY` reproduces it, `keras-gans zoo "
             "download ENTRY` fetches the published generator "
             "(sha256-checked) and `keras_gans.zoo.load_generator(ENTRY)` "
             "loads it. Archives and their records: `saved_models/` and "
             "`saved_models/manifest.json`. Serving: [SERVING.md]"
             "(SERVING.md).", "",
             "Metrics: FID and KID (Inception pool3) and the FID in the "
             "features of a domain classifier (`classifier_fid`) and its "
             "score, on the entry's sample count against the dataset's "
             "`test` split (see each entry's README and the `evaluation` "
             "protocol in the manifest). Small sample counts bias FID "
             "upwards: compare entries only at equal counts.", "",
             "| entry | recipe | dataset | steps | train time | archive | "
             "metrics | samples |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for entry, record in rows:
        if record:
            cells = [str(record.get("generator_steps")),
                     f"{record.get('train_seconds')} s",
                     _fmt_size(record.get("size")),
                     _fmt_metrics(record.get("metrics"), short=True)
                     if record.get("metrics") else "not measured yet",
                     f"![{entry.name}]({entry.name}/samples.png)"]
        else:
            cells = ["-", "-", "not published", "-", "-"]
        lines.append(f"| [{entry.name}]({entry.name}/README.md) | "
                     f"`{entry.recipe}` | `{entry.dataset}` | " +
                     " | ".join(cells) + " |")
    lines.append("")
    _write_text(os.path.join(zoo_dir, "README.md"), "\n".join(lines))
    return zoo_dir


def _write_text(path, text):
    with atomic_open(path, "w") as f:
        f.write(text)


def _cmd_docs(args):
    print(write_docs(args.zoo_dir, args.saved_models))
    return 0


# -- parser -----------------------------------------------------------------------
def register(sub):
    from keras_gans.cli import _positive_int

    zoo_p = sub.add_parser("zoo", help="list, download, export and document "
                           "the zoo")
    zoo_sub = zoo_p.add_subparsers(dest="zoo_command", metavar="ACTION")
    zoo_sub.required = True

    lst = zoo_sub.add_parser("list", help="list zoo entries and recipes")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=_cmd_list)

    dl = zoo_sub.add_parser("download", help="fetch an entry's pretrained "
                            "generator (sha256-checked) into the cache")
    dl.add_argument("name")
    dl.add_argument("--force", action="store_true",
                    help="fetch again even if cached")
    dl.add_argument("--no-progress", dest="progress", action="store_false")
    dl.add_argument("--samples", help="also write a PNG grid of samples")
    dl.add_argument("--num", type=_positive_int, default=64)
    dl.add_argument("--seed", type=int, default=0)
    dl.set_defaults(func=_cmd_download)

    ex = zoo_sub.add_parser(
        "export", help="ENTRY: archive a trained run into saved_models/ and "
        "record it in the manifest; CHECKPOINT: export a SavedModel")
    ex.add_argument("target", help="zoo entry name or a .keras checkpoint")
    ex.add_argument("--run", help="the entry's run folder (model.keras + "
                    "run.json; default runs/ENTRY)")
    ex.add_argument("--saved-models", help="archive folder (default: the "
                    "repository's saved_models/)")
    ex.add_argument("--command", help="the training command to record "
                    "(default: rebuilt from run.json)")
    ex.add_argument("--max-size", type=int, default=MAX_ARCHIVE_SIZE,
                    help="largest archive in bytes (default 10 MiB)")
    ex.add_argument("--allow-mismatch", action="store_true",
                    help="record a run whose settings differ from the entry")
    ex.add_argument("--notes", default="", help="what a user should know "
                    "about this archive (shown in its README)")
    ex.add_argument("--out", help="checkpoint export folder (default "
                    "exports/NAME)")
    ex.add_argument("--version", type=_positive_int)
    ex.add_argument("--no-ema", action="store_true",
                    help="export the trained weights even if the GAN keeps "
                    "an EMA copy")
    ex.set_defaults(func=_cmd_zoo_export)

    ev = zoo_sub.add_parser("evaluate", help="measure an entry's published "
                            "generator and record the metrics")
    ev.add_argument("name")
    ev.add_argument("--num-samples", type=_positive_int)
    ev.add_argument("--saved-models")
    ev.set_defaults(func=_cmd_evaluate)

    docs = zoo_sub.add_parser("docs", help="write zoo/README.md and "
                              "zoo/ENTRY/README.md + samples.png")
    docs.add_argument("--zoo-dir", default="zoo")
    docs.add_argument("--saved-models")
    docs.set_defaults(func=_cmd_docs)

    sync = zoo_sub.add_parser("sync-manifest", help="copy saved_models/"
                              "manifest.json into keras_gans/zoo_manifest.py")
    sync.add_argument("--saved-models")
    sync.set_defaults(func=_cmd_sync)

    exp = sub.add_parser("export", help="export a checkpoint's generator as "
                         "a SavedModel for TF Serving")
    exp.add_argument("checkpoint", help="a .keras file written by train")
    exp.add_argument("--out", help="model base folder (default "
                     "exports/NAME); versions go in numbered sub-folders")
    exp.add_argument("--version", type=_positive_int,
                     help="default: the next free number")
    exp.add_argument("--no-ema", action="store_true")
    exp.set_defaults(func=_cmd_export)
