"""The ``keras-gans`` command.

    keras-gans zoo list
    keras-gans train dcgan --dataset fashion_mnist --epochs 5 --out runs/dcgan
    keras-gans sample runs/dcgan/model.keras --num 64 --out grid.png

Other modules add sub-commands through ``EXTENSIONS``: each names a module
with a ``register(subparsers)`` function.
"""

import argparse
import importlib
import json
import os
import sys

__all__ = ["main", "EXTENSIONS"]

#: modules that add sub-commands (``register(subparsers)``)
EXTENSIONS = []


class CLIError(Exception):
    """A user error: printed as one line, exit status 2."""


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive integer, received {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive integer, received {value}")
    return value


def _image_shape(text):
    try:
        parts = [int(p) for p in text.lower().replace("x", ",").split(",")]
    except ValueError:
        parts = []
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(
            f"expected HxWxC such as 32x32x3, received {text!r}")
    return tuple(parts)


def _cmd_zoo_list(args):
    from keras_gans import zoo

    rows = [r.summary() for r in zoo.recipes()]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'recipe':<14} {'dataset':<14} {'loss':<16} {'d_steps':>7}  "
          "description")
    for r in rows:
        print(f"{r['name']:<14} {r['dataset']:<14} {r['loss']:<16} "
              f"{r['d_steps']:>7}  {r['description']}")
    return 0


def _cmd_train(args):
    from keras_gans import training, zoo

    recipe = zoo.get(args.recipe)
    overrides = {}
    for key in ("width", "latent_dim", "loss", "d_steps", "label_smoothing"):
        value = getattr(args, key)
        if value is not None:
            overrides[key] = value
    out = args.out or os.path.join("runs", recipe.name)
    _, summary = training.train(
        recipe, dataset=args.dataset, out=out, epochs=args.epochs,
        batch_size=args.batch_size, steps_per_epoch=args.steps_per_epoch,
        seed=args.seed, split=args.split, image_shape=args.image_shape,
        strategy=args.strategy, verbose=1 if args.progress else 2,
        data_dir=args.data_dir, **overrides)
    print(json.dumps({k: summary[k] for k in (
        "recipe", "dataset", "generator_steps", "train_seconds",
        "real_images_per_second", "final_metrics", "checkpoint")}, indent=2))
    print(f"samples: {summary['sample_grids'][-1]}")
    return 0


def _cmd_sample(args):
    import keras

    import keras_gans  # noqa: F401  (registers the GAN class for loading)
    from keras_gans.images import save_grid

    if not os.path.exists(args.checkpoint):
        raise CLIError(f"No checkpoint at {args.checkpoint!r}.")
    gan = keras.saving.load_model(args.checkpoint, compile=False)
    images = gan.generate(args.num, seed=args.seed)
    path = save_grid(images, args.out, nrow=args.nrow)
    print(path)
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="keras-gans",
        description="A GAN model zoo for Keras 3: train, sample, evaluate, "
                    "export.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    zoo_p = sub.add_parser("zoo", help="list the zoo")
    zoo_sub = zoo_p.add_subparsers(dest="zoo_command", metavar="ACTION")
    zoo_sub.required = True
    lst = zoo_sub.add_parser("list", help="list recipes")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=_cmd_zoo_list)

    tr = sub.add_parser("train", help="train a recipe")
    tr.add_argument("recipe", help="recipe name (see `keras-gans zoo list`)")
    tr.add_argument("--dataset", help="dataset name, tfds:NAME or folder "
                    "(default: the recipe's)")
    tr.add_argument("--split", default="train")
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
    tr.add_argument("--loss")
    tr.add_argument("--d-steps", type=_positive_int)
    tr.add_argument("--label-smoothing", type=float)
    tr.add_argument("--image-shape", type=_image_shape,
                    help="resize data to HxWxC")
    tr.add_argument("--strategy", default="auto",
                    help="auto, default, one_device, mirrored, tpu")
    tr.add_argument("--no-progress", dest="progress", action="store_false",
                    help="one line per epoch instead of a progress bar")
    tr.set_defaults(func=_cmd_train)

    sm = sub.add_parser("sample", help="write a PNG grid from a checkpoint")
    sm.add_argument("checkpoint", help="a .keras file written by train")
    sm.add_argument("--num", type=_positive_int, default=64)
    sm.add_argument("--nrow", type=_positive_int)
    sm.add_argument("--seed", type=int, default=0)
    sm.add_argument("--out", default="samples.png")
    sm.set_defaults(func=_cmd_sample)

    for module in EXTENSIONS:
        importlib.import_module(module).register(sub)
    return parser


def main(argv=None):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (CLIError, ValueError, FileNotFoundError) as e:
        print(f"keras-gans: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
