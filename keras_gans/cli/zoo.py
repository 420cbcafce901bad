"""``keras-gans zoo ...`` and ``keras-gans export``: the zoo's commands.

    keras-gans zoo list [--json]
    keras-gans zoo download dcgan-fashion-mnist [--samples grid.png]
    keras-gans zoo export dcgan-fashion-mnist --run runs/dcgan-fashion-mnist
    keras-gans zoo export runs/x/model.keras --out exports/x
    keras-gans zoo evaluate dcgan-fashion-mnist
    keras-gans zoo docs
    keras-gans zoo sync-manifest
    keras-gans export runs/x/model.keras --out exports/x [--version 2]

The work is done by ``keras_gans.zoo`` (``publish``, ``docs``); this module
only parses arguments and prints.
"""

import json
import os
import sys

from keras_gans import export, zoo
from keras_gans.cli.common import CLIError, positive_int
from keras_gans.metrics.evaluate import evaluate
from keras_gans.utils.files import removed_on_failure
from keras_gans.utils.images import save_grid
from keras_gans.utils.progress import format_size
from keras_gans.zoo import archives, docs, publish, published

__all__ = ["register"]


def _load_gan(checkpoint):
    if not os.path.isfile(checkpoint):
        raise CLIError(f"No checkpoint at {checkpoint!r}.")
    return zoo.load_gan(checkpoint)


def _cmd_list(args):

    entries = [dict(e.summary(published.record(e.name)), kind="entry")
               for e in zoo.entries()]
    recipes = [dict(r.summary(), kind="recipe") for r in zoo.recipes()]
    if args.json:
        print(json.dumps(entries + recipes, indent=2))
        return 0
    print("Zoo entries (keras-gans train ENTRY reproduces one; "
          "keras-gans zoo download ENTRY fetches its generator):")
    print(f"  {'entry':<24} {'recipe':<10} {'dataset':<14} {'archive':>9} "
          f"{'steps':>7} {'train s':>8}  metrics")
    for e in entries:
        archive = (format_size(e["size"], unknown="-") if e["archive"]
                   else "none")
        steps = e["generator_steps"] or "-"
        seconds = e["train_seconds"] or "-"
        print(f"  {e['name']:<24} {e['recipe']:<10} {e['dataset']:<14} "
              f"{archive:>9} {steps:>7} {seconds:>8}  "
              f"{docs.format_metrics(e['metrics'], short=True)}")
    print("\nRecipes (keras-gans train RECIPE --dataset ...):")
    print(f"  {'recipe':<14} {'dataset':<14} {'loss':<16} {'d_steps':>7}  "
          "description")
    for r in recipes:
        print(f"  {r['name']:<14} {r['dataset']:<14} {r['loss']:<16} "
              f"{r['d_steps']:>7}  {r['description']}")
    return 0


def _cmd_download(args):

    try:
        path = zoo.download(args.name, force=args.force,
                            progress=args.progress)
    except archives.DownloadError as e:
        raise CLIError(str(e)) from e
    if args.samples:

        g = export.load(path)
        save_grid(g.generate(args.num, seed=args.seed), args.samples)
        print(f"samples: {args.samples}", file=sys.stderr)
    print(path)
    return 0


def _export_checkpoint(checkpoint, out, version, use_ema):

    gan = _load_gan(checkpoint)
    if out is None:
        stem = os.path.splitext(os.path.basename(checkpoint))[0]
        if stem == "model":
            stem = os.path.basename(os.path.dirname(os.path.abspath(
                checkpoint)))
        out = os.path.join("exports", stem)
    with removed_on_failure(out):  # a failed export leaves no new folder
        return export.save_generator(gan, out, version=version,
                                     use_ema=use_ema)


def _cmd_export(args):
    try:
        path = _export_checkpoint(args.checkpoint, args.out, args.version,
                                  False if args.no_ema else None)
    except FileExistsError as e:
        raise CLIError(str(e)) from e
    print(path)
    return 0


def _cmd_zoo_export(args):
    target = args.target
    if zoo.find_entry(target) is None:
        if os.path.isfile(target):
            args.checkpoint = target
            return _cmd_export(args)
        raise CLIError(
            f"{target!r} is neither a zoo entry ({', '.join(zoo.entry_names())}"
            ") nor a checkpoint file.")
    run_dir = args.run or os.path.join("runs", zoo.get_entry(target).name)
    record = publish.export_entry(
        target, run_dir, saved_models=args.saved_models, command=args.command,
        use_ema=False if args.no_ema else None,
        allow_mismatch=args.allow_mismatch, max_size=args.max_size,
        notes=args.notes)
    print(json.dumps(record, indent=2))
    return 0


def _cmd_evaluate(args):
    entry = zoo.get_entry(args.name)
    settings = dict(entry.evaluation)
    if args.num_samples:
        settings["num_samples"] = args.num_samples
    path = zoo.download(entry.name, progress=False)
    from keras_gans.metrics import translation
    if translation.image_input_of(path)[1] is not None:
        # an image-to-image generator: L1 / PSNR / SSIM / FID on the
        # entry's held-out pairs
        results = dict(translation.evaluate_translation(
            path, entry.dataset, **{k: v for k, v in settings.items()
                                    if k != "metrics"},
            metrics=settings.get("metrics")))
    else:
        results = dict(evaluate(path, entry.dataset, **{
            k: v for k, v in settings.items() if k != "metrics"},
            metrics=settings.get("metrics")))
    protocol = results.pop("protocol", None)
    results = {k: (float(v) if isinstance(v, (int, float)) or hasattr(
        v, "__float__") else v) for k, v in results.items()}
    evaluation = dict(settings, protocol=protocol)
    publish.record_metrics(entry.name, results, args.saved_models,
                           evaluation)
    print(json.dumps({"entry": entry.name, "metrics": results,
                      "evaluation": evaluation}, indent=2, default=str))
    return 0


def _cmd_sync(args):
    print(publish.sync_manifest(args.saved_models))
    return 0


def _cmd_docs(args):
    print(docs.write_docs(args.zoo_dir, args.saved_models))
    return 0


def register(sub):

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
    dl.add_argument("--num", type=positive_int, default=64)
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
    ex.add_argument("--max-size", type=int, default=publish.MAX_ARCHIVE_SIZE,
                    help="largest archive in bytes (default 10 MiB)")
    ex.add_argument("--allow-mismatch", action="store_true",
                    help="record a run whose settings differ from the entry")
    ex.add_argument("--notes", default="", help="what a user should know "
                    "about this archive (shown in its README)")
    ex.add_argument("--out", help="checkpoint export folder (default "
                    "exports/NAME)")
    ex.add_argument("--version", type=positive_int)
    ex.add_argument("--no-ema", action="store_true",
                    help="export the trained weights even if the GAN keeps "
                    "an EMA copy")
    ex.set_defaults(func=_cmd_zoo_export)

    ev = zoo_sub.add_parser("evaluate", help="measure an entry's published "
                            "generator and record the metrics")
    ev.add_argument("name")
    ev.add_argument("--num-samples", type=positive_int)
    ev.add_argument("--saved-models")
    ev.set_defaults(func=_cmd_evaluate)

    docs = zoo_sub.add_parser("docs", help="write zoo/README.md and "
                              "zoo/ENTRY/README.md + samples.png")
    docs.add_argument("--zoo-dir", default="zoo")
    docs.add_argument("--saved-models")
    docs.set_defaults(func=_cmd_docs)

    sync = zoo_sub.add_parser("sync-manifest", help="copy saved_models/"
                              "manifest.json into keras_gans/zoo/manifest.json")
    sync.add_argument("--saved-models")
    sync.set_defaults(func=_cmd_sync)

    exp = sub.add_parser("export", help="export a checkpoint's generator as "
                         "a SavedModel for TF Serving")
    exp.add_argument("checkpoint", help="a .keras file written by train")
    exp.add_argument("--out", help="model base folder (default "
                     "exports/NAME); versions go in numbered sub-folders")
    exp.add_argument("--version", type=positive_int,
                     help="default: the next free number")
    exp.add_argument("--no-ema", action="store_true")
    exp.set_defaults(func=_cmd_export)
