"""Paired images for image-to-image translation (pix2pix): ``tf.data`` of
``(input_image, target_image)`` batches, both float32 in [-1, 1].

``load_pairs(source, ...)`` accepts:

- ``"edges2fashion"``: the built-in offline pair set. Fashion-MNIST
  garments (the 60,000 ``train`` / 10,000 ``test`` images, splits kept),
  zero-padded from 28x28 to 32x32 (2 black pixels on each side), as
  targets; their edge maps as inputs: the morphological gradient
  (3x3 dilation minus erosion) thresholded at 0.25 of the intensity range,
  drawn dark (-1) on white (+1), computed by
  :func:`keras_gans.data.edges.edge_map` on the padded garment.
- a folder in the pix2pix format: every image file holds the two images
  side by side (``input | target`` with ``input_half="left"``, the
  default; ``"right"`` when the input is the right half, as for facades'
  label maps). A sub-folder named like ``split`` (``train``, ``val``,
  ``test``; the layout of the published pix2pix sets) is used when present.
- two folders ``(input_folder, target_folder)`` whose files pair up by
  name (the file name without its extension: ``a.jpg`` pairs with
  ``a.png``).
- arrays ``(inputs, targets)`` (numpy, same count and height/width):
  uint8 in [0, 255], bool, or floats in [0, 1] / [-1, 1] as
  :func:`keras_gans.data.load` guesses; ``value_range=`` otherwise.
- ``"tfds:NAME"`` or ``"pix2pix/CONFIG"``: a tensorflow-datasets builder
  with two image features (``input_key`` / ``target_key``, else the first
  of the usual pairs of names: ``input_image``/``target_image``,
  ``image_A``/``image_B``, ``input``/``target``), or one side-by-side
  ``image`` feature. Used as prepared in ``data_dir``; downloaded only
  when it is not.

A folder whose files do not pair up (a file without its partner, a
partner of another size, a side-by-side file of odd width, a file of
another size than the first when no ``image_shape`` is given) is a
``ValueError`` naming the file.

Augmentation (``augment=True``; the paper's "random jitter"): both images
of a pair are resized up to ``jitter_size`` (default ``round(side * 286 /
256)``, the paper's 286 for 256), then cropped back at the same random
offset and mirrored left-right together (probability 1/2). The two images
are stacked along the channel axis for these steps, so the crop and the
flip are the same on both by construction.

TensorFlow-specific by nature (``tf.data``).
"""

import os
import pathlib

import numpy as np
import tensorflow as tf

from keras_gans.data import edges as edges_lib

__all__ = ["load_pairs", "load_pair_arrays", "pair_files", "jitter",
           "PAIRED_DATASETS", "INPUT_HALVES"]

INPUT_HALVES = ("left", "right")
PAIRED_DATASETS = {
    "edges2fashion": {"image_shape": (32, 32, 1), "input_shape": (32, 32, 1),
                      "splits": ("train", "test", "all"),
                      "input": "edge map (morphological gradient > 0.25, "
                               "dark on white)",
                      "target": "Fashion-MNIST garment padded to 32x32"},
}
#: ITU-R 601 luma weights (sum 1: a grey image stored as RGB stays itself)
_LUMA = np.asarray([0.299, 0.587, 0.114], np.float32)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
_TFDS_KEYS = (("input_image", "target_image"), ("image_A", "image_B"),
              ("image_a", "image_b"), ("input", "target"))
_ACCEPTED = ("'edges2fashion', a folder of side-by-side pairs, a tuple of "
             "two folders whose files pair up by name, a tuple of two image "
             "arrays (inputs, targets), or 'tfds:NAME' / 'pix2pix/CONFIG' "
             "(tensorflow-datasets)")


# -- what the package gives ------------------------------------------------------
#: the image rules of ``keras_gans.data`` (its array loaders, value ranges,
#: batch-size check, the [-1, 1] mapping), handed over by the package's
#: ``__init__`` when it imports this module (:func:`configure`): one rule
#: for both loaders, and no import of the package back from here
_HELPERS = {}


def configure(**helpers):
    """Called once by ``keras_gans.data``: ``load_arrays``,
    ``array_value_range``, ``check_value_range``, ``check_batch_size``,
    ``to_model_range``."""
    _HELPERS.update(helpers)


def _helper(name):
    if name not in _HELPERS:  # pragma: no cover - the package configures
        raise RuntimeError("keras_gans.data.pairs is configured by "
                           "keras_gans.data; import it through the package.")
    return _HELPERS[name]


# -- the built-in pair set ------------------------------------------------------
#: bump when the edges2fashion construction changes (names the cache file)
_EDGES2FASHION_VERSION = 1


def _edges2fashion(split):
    """``(edge maps, garments)`` uint8 of one split. The edge maps are
    computed once per split (``edge_map`` on 60,000 images takes tens of
    seconds on a CPU) and kept in the cache folder
    (``<cache>/datasets/edges2fashion``), keyed by the construction's
    settings and the garments' content."""
    import hashlib

    from keras_gans.utils.files import atomic_path, cache_dir

    garments, _ = _helper("load_arrays")("fashion_mnist", split)
    garments = np.pad(garments, ((0, 0), (2, 2), (2, 2), (0, 0)))
    digest = hashlib.sha256(garments.tobytes()).hexdigest()[:16]
    path = os.path.join(
        cache_dir("datasets", "edges2fashion"),
        f"{split}-v{_EDGES2FASHION_VERSION}-t{edges_lib.DEFAULT_THRESHOLD}"
        f"-{digest}.npz")
    if os.path.exists(path):
        try:
            with np.load(path, allow_pickle=False) as f:
                maps = f["edges"]
            if maps.shape == garments.shape:
                return maps, garments
        except (OSError, ValueError, KeyError):
            pass  # unreadable: computed again below
    chunks = []
    for start in range(0, len(garments), 4096):
        chunk = garments[start:start + 4096].astype(np.float32) / 127.5 - 1.0
        chunks.append(edges_lib.edge_map(chunk).numpy())
    # edge maps are exactly -1 / +1: stored as uint8 0 / 255
    maps = np.where(np.concatenate(chunks) > 0, 255, 0).astype(np.uint8)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, edges=maps)
    return maps, garments


_NAMED = {"edges2fashion": _edges2fashion}


def load_pair_arrays(name, split="train"):
    """``(inputs uint8 (N, H, W, C), targets uint8 (N, H, W, C))`` of a
    named pair set (``PAIRED_DATASETS``)."""
    key = str(name).lower()
    if key not in _NAMED:
        raise ValueError(f"Unknown named pair set {name!r}; expected one of "
                         f"{sorted(_NAMED)}.")
    if split not in PAIRED_DATASETS[key]["splits"]:
        raise ValueError(f"Unknown split {split!r} of {key!r}; expected one "
                         f"of {list(PAIRED_DATASETS[key]['splits'])}.")
    if split == "all":
        parts = [_NAMED[key](s) for s in ("train", "test")]
        return (np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]))
    return _NAMED[key](split)


# -- folders ------------------------------------------------------------------------
def _image_files(folder):
    return sorted(p for p in pathlib.Path(folder).iterdir()
                  if p.is_file() and p.suffix.lower() in _IMAGE_SUFFIXES)


def _split_folder(folder, split):
    """``folder/split`` when it exists (the pix2pix layout), else
    ``folder``."""
    sub = os.path.join(folder, str(split))
    return sub if split and os.path.isdir(sub) else folder


def _size(path):
    """``(width, height, channels)`` of an image file, from its header."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            channels = {"1": 1, "L": 1, "P": 3, "RGB": 3, "RGBA": 4,
                        "LA": 2, "I": 1, "I;16": 1, "F": 1,
                        "CMYK": 3}.get(img.mode, 3)
            return img.width, img.height, channels
    except Exception as e:  # noqa: BLE001 - PIL raises many types
        raise ValueError(f"{path} is not a readable image file "
                         f"({type(e).__name__}: {e}).") from None


def _by_stem(folder):
    out = {}
    for path in _image_files(folder):
        if path.stem in out:
            raise ValueError(
                f"{path} and {out[path.stem]} share the name {path.stem!r}: "
                "files pair up by name without extension, so each name may "
                "occur once per folder.")
        out[path.stem] = path
    return out


def pair_files(source, split="train", input_half="left", image_shape=None):
    """The checked file list of a folder source: ``(pairs, (H, W), (Ci,
    Ct))``. ``pairs`` is a list of ``(input_path, target_path)`` (the same
    path twice for side-by-side files); ``(H, W)`` the size of one image
    of a pair; the channel counts those of the first pair. Raises a
    ``ValueError`` naming the first file that does not pair up."""
    if input_half not in INPUT_HALVES:
        raise ValueError(f"input_half must be one of {INPUT_HALVES}; "
                         f"received {input_half!r}.")
    if isinstance(source, (tuple, list)):
        folders = [_split_folder(os.fspath(f), split) for f in source]
        for f in folders:
            if not os.path.isdir(f):
                raise FileNotFoundError(f"Pair folder {f!r} does not exist.")
        inputs, targets = _by_stem(folders[0]), _by_stem(folders[1])
        for stem, path in inputs.items():
            if stem not in targets:
                raise ValueError(
                    f"{path} has no partner: no file named {stem}.* in "
                    f"{folders[1]}. Each input needs a target of the same "
                    "name (any image extension).")
        for stem, path in targets.items():
            if stem not in inputs:
                raise ValueError(
                    f"{path} has no partner: no file named {stem}.* in "
                    f"{folders[0]}. Each target needs an input of the same "
                    "name (any image extension).")
        pairs = [(str(inputs[s]), str(targets[s])) for s in sorted(inputs)]
    else:
        folder = _split_folder(os.fspath(source), split)
        pairs = [(str(p), str(p)) for p in _image_files(folder)]
    if not pairs:
        raise ValueError(f"No image files ({', '.join(_IMAGE_SUFFIXES)}) in "
                         f"{source!r} (split {split!r}).")
    side_by_side = pairs[0][0] == pairs[0][1]
    size = channels = None
    for a, b in pairs:
        if side_by_side:
            w, h, c = _size(a)
            if w % 2:
                raise ValueError(
                    f"{a} is {w}x{h}: a side-by-side pair needs an even "
                    "width (input and target of the same size next to each "
                    "other).")
            here, chans = (w // 2, h), (c, c)
        else:
            wa, ha, ca = _size(a)
            wb, hb, cb = _size(b)
            if (wa, ha) != (wb, hb):
                raise ValueError(
                    f"{a} is {wa}x{ha} but its partner {b} is {wb}x{hb}: "
                    "the two images of a pair must have the same size.")
            here, chans = (wa, ha), (ca, cb)
        if size is None:
            size, channels = here, chans
        elif here != size and image_shape is None:
            first = pairs[0][0]
            raise ValueError(
                f"{a} holds {here[0]}x{here[1]} images but {first} holds "
                f"{size[0]}x{size[1]}: pass image_shape=(H, W, C) to resize "
                "every pair to one size.")
    return pairs, (size[1], size[0]), tuple(min(c, 3) if c != 2 else 1
                                            for c in channels)


def _decode(path, channels):
    """An image file -> float32 ``(H, W, channels)`` in [0, 255]. Decoded
    with its own channels (BMP decodes only to 3 or 4), then grey <-> RGB
    as needed (alpha dropped)."""
    image = tf.cast(tf.io.decode_image(tf.io.read_file(path), channels=0,
                                       expand_animations=False), tf.float32)
    have = tf.shape(image)[-1]
    if channels == 1:
        image = tf.cond(have >= 3, lambda: tf.reduce_sum(
            image[..., :3] * _LUMA, axis=-1, keepdims=True),
            lambda: image[..., :1])
    else:
        image = tf.cond(have >= 3, lambda: image[..., :3],
                        lambda: tf.tile(image[..., :1], [1, 1, 3]))
    image.set_shape((None, None, channels))
    return image


def _resize(image, hw):
    if tuple(image.shape[:2]) == tuple(hw):
        return image
    return tf.image.resize(image, hw, method="bilinear", antialias=True)


def _folder_pairs(source, split, input_half, image_shape, input_channels):
    pairs, (h, w), (ci, ct) = pair_files(source, split, input_half,
                                         image_shape)
    if image_shape is not None:
        h, w, ct = image_shape
        ci = input_channels or ct
    elif input_channels:
        ci = int(input_channels)
    side_by_side = pairs[0][0] == pairs[0][1]
    first, second = [a for a, _ in pairs], [b for _, b in pairs]

    def read(a, b):
        if side_by_side:
            both = _decode(a, max(ci, ct))
            width = tf.shape(both)[1] // 2
            left, right = both[:, :width], both[:, width:]
            x, y = (left, right) if input_half == "left" else (right, left)
            x, y = _channels(x, ci), _channels(y, ct)
        else:
            x, y = _decode(a, ci), _decode(b, ct)
        x = tf.image.resize(x, (h, w), method="bilinear", antialias=True)
        y = tf.image.resize(y, (h, w), method="bilinear", antialias=True)
        x.set_shape((h, w, ci))
        y.set_shape((h, w, ct))
        return x, y

    ds = tf.data.Dataset.from_tensor_slices((first, second)).map(
        read, num_parallel_calls=tf.data.AUTOTUNE)
    return ds, len(pairs), (0.0, 255.0)


# -- arrays -------------------------------------------------------------------------
def _array_pairs(source, value_range, image_shape):
    _array_value_range = _helper("array_value_range")
    _check_value_range = _helper("check_value_range")
    x, y = (np.asarray(a) for a in source)
    x = x[..., None] if x.ndim == 3 else x
    y = y[..., None] if y.ndim == 3 else y
    for what, arr in (("inputs", x), ("targets", y)):
        if arr.ndim != 4:
            raise ValueError(f"Pair {what} must be images (N, H, W) or (N, H,"
                             f" W, C); received shape {arr.shape}.")
    if len(x) != len(y):
        raise ValueError(f"Received {len(x)} input images but {len(y)} "
                         "targets; pairs need one target per input.")
    if len(x) == 0:
        raise ValueError("The pair set is empty: received 0 pairs.")
    if x.shape[1:3] != y.shape[1:3] and image_shape is None:
        raise ValueError(
            f"Inputs are {x.shape[1]}x{x.shape[2]} but targets "
            f"{y.shape[1]}x{y.shape[2]}; pass image_shape=(H, W, C) to "
            "resize both to one size.")
    if value_range is None:
        ranges = {_array_value_range(x), _array_value_range(y)}
        if len(ranges) > 1:
            raise ValueError(
                f"Inputs and targets look like different value ranges "
                f"({sorted(ranges)}); pass value_range=(lo, hi).")
        value_range = ranges.pop()
    lo, hi = _check_value_range(value_range)
    for what, arr in (("inputs", x), ("targets", y)):
        a_lo, a_hi = float(np.min(arr)), float(np.max(arr))
        if a_lo < lo - 1e-6 * (hi - lo) or a_hi > hi + 1e-6 * (hi - lo):
            raise ValueError(
                f"The {what} hold values in [{a_lo:g}, {a_hi:g}], outside "
                f"value_range=({lo:g}, {hi:g}).")
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    return ds, len(x), (lo, hi)


# -- tensorflow-datasets --------------------------------------------------------------
def _tfds_pairs(name, split, data_dir, input_key, target_key, input_half):
    import tensorflow_datasets as tfds

    try:
        builder = tfds.builder(name, data_dir=data_dir)
    except Exception as e:  # noqa: BLE001
        raise ValueError(
            f"Unknown pair dataset {name!r}: tensorflow-datasets does not "
            f"know it ({e}). load_pairs accepts {_ACCEPTED}.") from e
    if not tf.io.gfile.exists(os.path.join(builder.data_dir,
                                           "dataset_info.json")):
        try:
            builder.download_and_prepare()  # needs the internet
        except Exception as e:  # noqa: BLE001 - many failure types
            raise FileNotFoundError(
                f"tfds dataset {name!r} is not prepared in data_dir "
                f"{data_dir!r} and could not be downloaded and prepared "
                f"({type(e).__name__}: {e}). Prepare it with internet access "
                "once (tensorflow-datasets keeps it in data_dir) or build it "
                "locally and pass data_dir=DIR.") from e
    features = builder.info.features
    images = [k for k, f in features.items()
              if isinstance(f, tfds.features.Image)]
    if input_key or target_key:
        keys = (input_key, target_key)
        missing = [k for k in keys if k not in images]
        if missing:
            raise ValueError(f"tfds dataset {name!r} has no image features "
                             f"{missing}; its image features are {images}.")
    else:
        keys = next((p for p in _TFDS_KEYS if set(p) <= set(images)), None)
        if keys is None and images == ["image"]:
            keys = ("image", None)  # one side-by-side image
        if keys is None:
            raise ValueError(
                f"tfds dataset {name!r} has the image features {images}; "
                "pass input_key= and target_key= to say which are the input "
                "and the target.")
    ds = builder.as_dataset(split=split, shuffle_files=False)
    count = builder.info.splits[split].num_examples
    a, b = keys

    def pick(example):
        if b is None:
            both = tf.cast(example[a], tf.float32)
            width = tf.shape(both)[1] // 2
            left, right = both[:, :width], both[:, width:]
            return (left, right) if input_half == "left" else (right, left)
        return (tf.cast(example[a], tf.float32),
                tf.cast(example[b], tf.float32))

    return ds.map(pick, num_parallel_calls=tf.data.AUTOTUNE), count, \
        (0.0, 255.0)


# -- augmentation -------------------------------------------------------------------
def default_jitter_size(side):
    """The paper's resize before the random crop, scaled: 286 for 256."""
    return int(round(int(side) * 286 / 256))


def jitter(x, y, seed, jitter_size=None):
    """The paper's random jitter on one pair (``(H, W, C)`` tensors of the
    same height and width): both resized up to ``jitter_size`` (bilinear),
    cropped at one random offset back to ``(H, W)``, and mirrored together
    with probability 1/2. ``seed``: a stateless seed (shape ``(2,)``)."""
    h, w = int(x.shape[0]), int(x.shape[1])
    ci = int(x.shape[-1])
    side = max(h, w)
    size = int(jitter_size or default_jitter_size(side))
    if size < side:
        raise ValueError(f"jitter_size must be >= the image side {side}; "
                         f"received {size}.")
    both = tf.concat([x, y], axis=-1)
    both = tf.image.resize(both, (int(round(h * size / side)),
                                  int(round(w * size / side))),
                           method="bilinear")
    seeds = tf.random.experimental.stateless_split(seed, 2)
    both = tf.image.stateless_random_crop(
        both, (h, w, int(both.shape[-1])), seed=seeds[0])
    both = tf.image.stateless_random_flip_left_right(both, seed=seeds[1])
    return both[..., :ci], both[..., ci:]


# -- the loader -----------------------------------------------------------------------
def _is_folder_like(v):
    return isinstance(v, (str, os.PathLike))


def load_pairs(source, batch_size=1, split="train", image_shape=None,
               input_half="left", augment=False, jitter_size=None,
               shuffle=True, seed=None, drop_remainder=False,
               value_range=None, input_channels=None, data_dir=None,
               input_key=None, target_key=None, cache=True):
    """A batched ``tf.data.Dataset`` of ``(input_image, target_image)``
    pairs, float32 in [-1, 1] (see the module doc for the sources).

    Args:
        source: ``"edges2fashion"``, a folder of side-by-side pairs, a
            tuple of two folders, a tuple of two arrays, or a tfds name
            (``"tfds:NAME"``, ``"pix2pix/CONFIG"``).
        batch_size: pairs per batch.
        split: ``"train"`` / ``"test"`` / ``"all"`` of ``edges2fashion``; a
            sub-folder of a folder source (``train``, ``val``, ``test``)
            when it exists; a tfds split.
        image_shape: ``(H, W, C)`` of the targets to resize to (inputs get
            ``input_channels`` channels, default ``C``); default: the
            source's own size.
        input_half: which half of a side-by-side image is the input:
            ``"left"`` (default) or ``"right"``.
        augment: the paper's random jitter and mirroring, the same on both
            images of a pair (see :func:`jitter`); off by default.
        jitter_size: side to resize up to before the crop (default
            ``round(side * 286 / 256)``).
        shuffle, seed: shuffle every epoch (reproducibly with ``seed``;
            ``seed`` also seeds the augmentation).
        drop_remainder: drop a last short batch.
        value_range: ``(lo, hi)`` of array sources (guessed otherwise).
        input_channels: channels of the input images when they differ from
            the targets' (folder and tfds sources).
        data_dir: tensorflow-datasets data directory.
        input_key, target_key: the tfds features of the two images.
        cache: keep decoded pairs in memory (before augmentation).
    """
    from keras_gans.networks.common import check_image_shape

    to_model_range = _helper("to_model_range")
    batch_size = _helper("check_batch_size")(batch_size)
    if image_shape is not None:
        image_shape = check_image_shape(image_shape)
    if input_half not in INPUT_HALVES:
        raise ValueError(f"input_half must be one of {INPUT_HALVES}; "
                         f"received {input_half!r}.")
    name = str(source).lower() if isinstance(source, str) else None
    if name in _NAMED:
        x, y = load_pair_arrays(name, split)
        ds, count = tf.data.Dataset.from_tensor_slices((x, y)), len(x)
        value_range, cache = (0.0, 255.0), False
    elif isinstance(source, (tuple, list)) and len(source) == 2 and all(
            _is_folder_like(s) for s in source):
        ds, count, value_range = _folder_pairs(source, split, input_half,
                                               image_shape, input_channels)
    elif isinstance(source, (tuple, list)) and len(source) == 2:
        ds, count, value_range = _array_pairs(source, value_range,
                                              image_shape)
        cache = False
    elif _is_folder_like(source) and os.path.isdir(source):
        ds, count, value_range = _folder_pairs(source, split, input_half,
                                               image_shape, input_channels)
    elif isinstance(source, str) and (name.startswith("tfds:") or
                                      name.startswith("pix2pix/")):
        tfds_name = source[5:] if name.startswith("tfds:") else source
        ds, count, value_range = _tfds_pairs(tfds_name, split, data_dir,
                                             input_key, target_key,
                                             input_half)
    elif _is_folder_like(source) and (os.path.sep in str(source) or
                                      str(source).startswith(".")):
        raise FileNotFoundError(f"Pair folder {str(source)!r} does not "
                                f"exist. load_pairs accepts {_ACCEPTED}.")
    else:
        raise ValueError(f"Unknown pair source {source!r}; load_pairs "
                         f"accepts {_ACCEPTED}.")
    if count == 0:
        raise ValueError(f"The pair set {source!r} (split {split!r}) is "
                         "empty.")
    spec_x, spec_y = ds.element_spec
    if image_shape is not None:
        h, w, ct = image_shape
        ci = int(input_channels or ct)

        def fit(x, y):
            x, y = tf.cast(x, tf.float32), tf.cast(y, tf.float32)
            if x.shape.rank == 2:
                x = x[..., None]
            if y.shape.rank == 2:
                y = y[..., None]
            x, y = _channels(x, ci), _channels(y, ct)
            x = tf.image.resize(x, (h, w), method="bilinear", antialias=True)
            y = tf.image.resize(y, (h, w), method="bilinear", antialias=True)
            x.set_shape((h, w, ci))
            y.set_shape((h, w, ct))
            return x, y

        if tuple(spec_x.shape) != (h, w, ci) or tuple(spec_y.shape) != (
                h, w, ct):
            ds = ds.map(fit, num_parallel_calls=tf.data.AUTOTUNE)
    elif not (spec_x.shape.is_fully_defined() and
              spec_y.shape.is_fully_defined()):
        raise ValueError(
            f"The pairs of {source!r} have no fixed size (shapes "
            f"{spec_x.shape} and {spec_y.shape}); pass image_shape=(H, W, C)"
            " to resize every pair to one size.")
    else:
        def add_channel(x, y):
            return (x[..., None] if x.shape.rank == 2 else x,
                    y[..., None] if y.shape.rank == 2 else y)

        if spec_x.shape.rank == 2 or spec_y.shape.rank == 2:
            ds = ds.map(add_channel)
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(min(count, 60_000), seed=seed,
                        reshuffle_each_iteration=True)
    lo, hi = value_range

    def convert(x, y):
        return to_model_range(x, (lo, hi)), to_model_range(y, (lo, hi))

    ds = ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE)
    if augment:
        seeds = tf.data.Dataset.random(
            seed=seed, rerandomize_each_iteration=True).batch(2)
        ds = tf.data.Dataset.zip((ds, seeds)).map(
            lambda pair, s: jitter(pair[0], pair[1], s, jitter_size),
            num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)
    return ds.prefetch(tf.data.AUTOTUNE)


def _channels(image, c):
    have = int(image.shape[-1])
    if have == c:
        return image
    if have == 1 and c == 3:
        return tf.image.grayscale_to_rgb(image)
    if have in (3, 4) and c == 1:
        return tf.reduce_sum(image[..., :3] * _LUMA, axis=-1, keepdims=True)
    if have == 4 and c == 3:
        return image[..., :3]
    raise ValueError(f"Cannot convert {have}-channel images to {c} "
                     "channels.")
