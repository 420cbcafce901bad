"""``keras-gans translate``: run an image-to-image generator on files.

    keras-gans translate MODEL --input IMAGE_OR_FOLDER --out FOLDER
    keras-gans translate MODEL --input edges/ --target photos/ --compare --out out/
    keras-gans translate MODEL --input val/ --side-by-side left --compare --out out/

``MODEL``: a ``.keras`` checkpoint, an exported SavedModel folder or a zoo
entry name, declaring a generator input of kind ``image`` (its size and
channels are the declared ones; read from the model, never guessed).
Every input image must have the model's height and width (grey / colour
is converted to the declared channels); the output ``OUT/<name>.png`` is
its translation. With ``--compare``, ``OUT/<name>_compare.png`` shows
``input | output | target``; the target comes from ``--target`` (a file,
or a folder whose files pair with the inputs by name) or, for pix2pix
side-by-side files, from the other half (``--side-by-side left``: the
input is the left half).

Bad input (a missing file, an image of another size, a model that is not
an image-to-image generator) is one line on stderr and exit status 2.
"""

import os
import pathlib
import sys

import numpy as np

from keras_gans.cli.common import CLIError, positive_int

__all__ = ["register", "read_images"]

_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def _files(path, what):
    path = pathlib.Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir()
                       if p.is_file() and p.suffix.lower() in _SUFFIXES)
        if not files:
            raise CLIError(f"No image files ({', '.join(_SUFFIXES)}) in the "
                           f"{what} folder {str(path)!r}.")
        return files
    if path.is_file():
        return [path]
    raise CLIError(f"No {what} image or folder at {str(path)!r}.")


def _read(path, channels):
    """An image file -> uint8 ``(H, W, channels)``."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            img = img.convert("L" if channels == 1 else "RGB")
            arr = np.asarray(img, np.uint8)
    except Exception as e:  # noqa: BLE001 - PIL raises many types
        raise CLIError(f"{path} is not a readable image ({type(e).__name__}"
                       f": {e}).") from None
    return arr[..., None] if arr.ndim == 2 else arr


def read_images(files, shape, half=None, what="input"):
    """uint8 ``(N,) + shape`` of ``files`` (``half``: the ``"left"`` /
    ``"right"`` half of side-by-side files); a ``CLIError`` naming the first
    file of another size."""
    h, w, c = shape
    out = []
    for f in files:
        arr = _read(f, c)
        if half is not None:
            if arr.shape[1] % 2:
                raise CLIError(f"{f} is {arr.shape[1]}x{arr.shape[0]}: a "
                               "side-by-side pair needs an even width.")
            mid = arr.shape[1] // 2
            arr = arr[:, :mid] if half == "left" else arr[:, mid:]
        if arr.shape[:2] != (h, w):
            size = (f"{arr.shape[1]}x{arr.shape[0]}" if half is None else
                    f"{arr.shape[1]}x{arr.shape[0]} per half")
            raise CLIError(
                f"The {what} image {f} is {size}; the model takes {w}x{h} "
                "images (width x height). Resize it first.")
        out.append(arr)
    return np.stack(out)


def _to_model(pixels):
    return pixels.astype(np.float32) / 127.5 - 1.0


def _cmd_translate(args):
    from keras_gans.metrics.translation import load_translator
    from keras_gans.training.translation_pictures import strip_images
    from keras_gans.utils.images import make_grid, save_png

    if args.compare and not (args.target or args.side_by_side):
        raise CLIError("--compare shows input | output | target: give the "
                       "targets with --target FILE_OR_FOLDER, or "
                       "--side-by-side left|right for pix2pix pair files.")
    if args.target and args.side_by_side:
        raise CLIError("Give the targets either with --target or with "
                       "--side-by-side, not both.")
    model = args.model
    if not os.path.exists(model) and (os.path.sep in model or
                                      model.endswith(".keras")):
        raise CLIError(f"No model at {model!r} (expected a .keras "
                       "checkpoint, a SavedModel folder or a zoo entry).")
    files = _files(args.input, "input")
    try:
        translator = load_translator(model)
    except FileNotFoundError as e:
        raise CLIError(str(e)) from None
    shape = translator.image_shape
    inputs = read_images(files, shape, args.side_by_side)
    targets = None
    if args.side_by_side:
        other = "right" if args.side_by_side == "left" else "left"
        targets = read_images(files, translator.output_shape, other,
                              what="target")
    elif args.target:
        target_files = _files(args.target, "target")
        if len(target_files) == 1 and len(files) == 1:
            matched = target_files
        else:
            by_stem = {p.stem: p for p in target_files}
            missing = [f for f in files if f.stem not in by_stem]
            if missing:
                raise CLIError(
                    f"{missing[0]} has no target: no file named "
                    f"{missing[0].stem}.* in {args.target!r} (targets pair "
                    "with inputs by file name).")
            matched = [by_stem[f.stem] for f in files]
        targets = read_images(matched, translator.output_shape,
                              what="target")
    stems = [f.stem for f in files]
    if len(set(stems)) != len(stems):
        dup = next(s for s in stems if stems.count(s) > 1)
        raise CLIError(f"Two inputs are named {dup!r} (with different "
                       "extensions); their outputs would collide.")
    outputs = translator(_to_model(inputs), batch_size=args.batch_size)
    written = []
    for i, stem in enumerate(stems):
        written.append(save_png(make_grid(outputs[i:i + 1], padding=0),
                                os.path.join(args.out, f"{stem}.png")))
        if args.compare:
            strip = strip_images(_to_model(inputs[i:i + 1]),
                                 outputs[i:i + 1],
                                 _to_model(targets[i:i + 1]))
            written.append(save_png(make_grid(strip, nrow=3),
                                    os.path.join(args.out,
                                                 f"{stem}_compare.png"),
                                    scale=args.scale))
    print(f"{len(stems)} image(s) translated into {args.out}",
          file=sys.stderr)
    for path in written:
        print(path)
    return 0


def register(sub):
    tr = sub.add_parser(
        "translate", help="translate images with an image-to-image "
        "generator (pix2pix); --compare writes input|output|target strips")
    tr.add_argument("model", help="a .keras checkpoint, a SavedModel folder "
                    "or a zoo entry name of an image-to-image generator")
    tr.add_argument("--input", required=True,
                    help="an image file or a folder of images, at the "
                    "model's input size")
    tr.add_argument("--out", required=True, help="output folder: "
                    "NAME.png per input (and NAME_compare.png)")
    tr.add_argument("--compare", action="store_true",
                    help="also write input | output | target strips")
    tr.add_argument("--target", help="target image or folder (files pair "
                    "with the inputs by name), for --compare")
    tr.add_argument("--side-by-side", choices=["left", "right"],
                    help="inputs are pix2pix pair files; the input is this "
                    "half, the target the other")
    tr.add_argument("--batch-size", type=positive_int, default=64)
    tr.add_argument("--scale", type=positive_int, default=4,
                    help="upscaling of the comparison strips (default 4)")
    tr.set_defaults(func=_cmd_translate)
