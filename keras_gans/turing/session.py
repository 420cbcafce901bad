"""Preparing a Turing test session: N images, half generated and half
real, in a seeded random order, every one encoded the same way.

- Generated: ``keras_gans.metrics.evaluate.generated_images`` (a ``.keras``
  checkpoint, a SavedModel folder or a zoo entry name), uint8; conditional
  generators (see :func:`generator_num_classes`) get ``labels="balanced"``,
  so generated image ``i`` is of class ``i % C``.
- Real: a seeded random subset of ``keras_gans.data.load(dataset,
  split=...)`` (with its labels when the dataset has them), converted with
  ``keras_gans.utils.images.to_uint8``. The subset is chosen by drawing one
  seeded random key per image and keeping the smallest keys, so any split
  size works in bounded memory.
- Both go through :func:`encode_png`: the same PIL settings, the same
  nearest-neighbour upscale, and a canonical chunk layout (IHDR, one IDAT,
  IEND: no metadata, no ancillary chunk, so bytes say nothing but pixels).

``--seed`` fixes the latents, the real subset and the order; the image ids
are not seeded (``secrets.token_urlsafe``, see :mod:`.store`), so they tell
nothing about the source even to someone who knows the seed.
"""

import io
import os
import struct
import zlib

import numpy as np

__all__ = ["prepare_images", "encode_png", "png_chunks", "upscale_factor",
           "generator_num_classes", "generator_key", "resolve_generator",
           "check_generator", "check_dataset", "class_names", "TARGET_SIZE"]

#: the longest side of a shown image, in pixels (28 px -> x8 = 224 px)
TARGET_SIZE = 224
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_REAL_SEED, _ORDER_SEED = 1, 2  # sub-streams of --seed


# -- PNG ----------------------------------------------------------------------
def upscale_factor(height, width, target=TARGET_SIZE):
    """The integer nearest-neighbour factor that brings the longest side
    nearest to ``target`` (at least 1)."""
    return max(1, int(round(target / max(int(height), int(width)))))


def png_chunks(data):
    """``[(type, payload), ...]`` of a PNG file's bytes."""
    data = bytes(data)
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG file (bad signature)")
    chunks, pos = [], len(_PNG_SIGNATURE)
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        payload = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + payload) & 0xFFFFFFFF != crc:
            raise ValueError(f"PNG chunk {kind!r} has a bad CRC")
        chunks.append((kind.decode("ascii"), payload))
        pos += 12 + length
    return chunks


def _chunk(kind, payload):
    kind = kind.encode("ascii")
    return (struct.pack(">I", len(payload)) + kind + payload +
            struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def _canonical_png(data):
    """IHDR, one IDAT (PIL splits long streams into several, whose count
    would depend on the content), IEND; every other chunk dropped."""
    chunks = png_chunks(data)
    header = [p for k, p in chunks if k == "IHDR"]
    idat = b"".join(p for k, p in chunks if k == "IDAT")
    return (_PNG_SIGNATURE + _chunk("IHDR", header[0]) +
            _chunk("IDAT", idat) + _chunk("IEND", b""))


def encode_png(image, scale=None):
    """One uint8 image ``(H, W)``, ``(H, W, 1)`` or ``(H, W, 3)`` -> PNG
    bytes, upscaled ``scale`` times (default :func:`upscale_factor`) with
    nearest neighbour; grayscale is PNG mode L, colour RGB. The same call
    for real and generated images."""
    from PIL import Image

    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        raise ValueError(f"encode_png takes uint8 pixels; received "
                         f"{arr.dtype}.")
    if arr.ndim == 3 and arr.shape[-1] == 1:
        arr = arr[..., 0]
    if not (arr.ndim == 2 or (arr.ndim == 3 and arr.shape[-1] == 3)):
        raise ValueError(f"encode_png takes (H, W), (H, W, 1) or (H, W, 3) "
                         f"images; received shape {arr.shape}.")
    h, w = arr.shape[:2]
    scale = upscale_factor(h, w) if scale is None else int(scale)
    picture = Image.fromarray(np.ascontiguousarray(arr))
    picture = picture.resize((w * scale, h * scale), Image.Resampling.NEAREST)
    buf = io.BytesIO()
    picture.save(buf, format="PNG", optimize=False, compress_level=6)
    return _canonical_png(buf.getvalue())


# -- the generator ------------------------------------------------------------
def _entry_name(generator):
    from keras_gans import zoo

    entry = zoo.find_entry(generator)
    return entry.name if entry is not None else None


def _saved_model_folder(path):
    """The SavedModel folder of ``path``: itself, its newest numbered
    version (the base folder ``keras-gans export --out`` writes, as TF
    Serving reads it) or an unpacked zoo archive's; a ``ValueError``
    otherwise."""
    from keras_gans import export

    try:
        return export.find_saved_model(path)
    except FileNotFoundError as e:
        raise ValueError(f"{path!r} is a folder but not a SavedModel: {e}") \
            from None


def check_generator(generator):
    """Cheap checks before anything is loaded; returns what it is:
    ``"keras"``, ``"saved_model"`` or ``"zoo"``. Raises ``ValueError``."""
    path = os.fspath(generator)
    if os.path.isdir(path):
        _saved_model_folder(path)
        return "saved_model"
    if os.path.isfile(path):
        if not path.endswith(".keras"):
            raise ValueError(f"{path!r} is not a .keras checkpoint.")
        return "keras"
    if _entry_name(path):
        return "zoo"
    from keras_gans import zoo

    raise ValueError(
        f"Unknown generator {path!r}: expected a .keras checkpoint, a "
        "SavedModel folder or a zoo entry ("
        f"{', '.join(zoo.entry_names())}).")


def _metadata_num_classes(metadata):
    for spec in metadata.get("generator_inputs") or ():
        if spec.get("kind") == "class":
            counts = spec.get("counts") or [spec.get("num_classes")]
            return int(counts[0]) if counts and counts[0] else None
    labels = (metadata.get("classes") or {}).get("labels")
    return int(labels) if labels else None


def generator_num_classes(generator):
    """The number of classes a conditional generator takes, or None for an
    unconditional one, from what it declares: a GAN's
    ``generator_inputs()`` (a spec of kind ``"class"``), or a SavedModel
    folder's ``keras_gans.json`` (``generator_inputs``, else ``classes``
    ``{"labels": C}``)."""
    if isinstance(generator, (str, os.PathLike)):
        from keras_gans import export

        path = os.fspath(generator)
        if os.path.isdir(path):
            return _metadata_num_classes(export.read_metadata(path))
        return None
    specs = getattr(generator, "generator_inputs", None)
    if callable(specs):
        for spec in specs():
            if spec.kind == "class":
                return int(spec.num_classes)
    return None


def generator_key(generator):
    """What identifies a generator across runs: the absolute path of a file
    or folder, the canonical name of a zoo entry."""
    path = os.fspath(generator)
    if os.path.exists(path):
        return os.path.abspath(path)
    return _entry_name(path) or path


def resolve_generator(generator):
    """``(object for generated_images, num_classes or None, kind)``: a
    ``.keras`` file is loaded once, a zoo entry becomes its (fetched,
    sha256-checked) SavedModel folder."""
    kind = check_generator(generator)
    if kind == "keras":
        from keras_gans import zoo

        obj = zoo.load_gan(os.fspath(generator))
    elif kind == "zoo":
        from keras_gans import zoo

        obj = zoo.download(_entry_name(generator), progress=False)
    else:
        obj = _saved_model_folder(os.fspath(generator))
    return obj, generator_num_classes(obj), kind


def _generated(obj, n, seed, num_classes):
    from keras_gans.metrics.evaluate import generated_images

    labels = "balanced" if num_classes else None
    try:
        images = np.concatenate(list(generated_images(
            obj, n, seed=seed, labels=labels)))
    except ValueError:
        if labels is None:
            raise
        # declared classes but will not take labels: unconditional after all
        num_classes = None
        images = np.concatenate(list(generated_images(obj, n, seed=seed)))
    ids = (np.arange(n) % num_classes) if num_classes else [None] * n
    return images, [None if i is None else int(i) for i in ids], num_classes


# -- real data ----------------------------------------------------------------
def check_dataset(dataset, split):
    """Cheap checks of ``--dataset`` / ``--split``; raises ``ValueError``."""
    from keras_gans import data

    name = str(dataset)
    key = name.lower().replace("-", "_")
    if key in data.NAMED_DATASETS:
        splits = data.NAMED_DATASETS[key]["splits"]
        if split not in splits:
            raise ValueError(f"Unknown split {split!r} of {name!r}; expected "
                             f"one of {', '.join(splits)}.")
        return
    if name.lower().startswith("tfds:") or os.path.isdir(name):
        return
    raise ValueError(
        f"Unknown dataset {name!r}: expected "
        f"{', '.join(sorted(data.NAMED_DATASETS))}, tfds:NAME or a folder "
        "of images.")


def class_names(dataset):
    from keras_gans import data

    key = str(dataset).lower().replace("-", "_")
    if key == "fashion_mnist":
        return list(data.FASHION_MNIST_CLASSES)
    if key in ("mnist", "mnist_5k"):
        return [str(i) for i in range(10)]
    return None


def _real(dataset, split, n, seed, batch_size=1000):
    from keras_gans import data
    from keras_gans.utils.images import to_uint8

    try:
        ds = data.load(dataset, batch_size=batch_size, split=split,
                       with_labels=True, shuffle=False)
        labelled = True
    except ValueError:
        ds = data.load(dataset, batch_size=batch_size, split=split,
                       with_labels=False, shuffle=False)
        labelled = False
    rng = np.random.default_rng([int(seed), _REAL_SEED])
    keep_keys = np.zeros((0,))
    keep_images, keep_labels, keep_index = None, np.zeros((0,), np.int64), \
        np.zeros((0,), np.int64)
    seen = 0
    for batch in ds:
        images, labels = batch if labelled else (batch, None)
        images = to_uint8(images.numpy())
        labels = (labels.numpy().astype(np.int64) if labelled else
                  np.full(len(images), -1, np.int64))
        keys = rng.random(len(images))
        index = np.arange(seen, seen + len(images))
        seen += len(images)
        keep_keys = np.concatenate([keep_keys, keys])
        keep_images = images if keep_images is None else np.concatenate(
            [keep_images, images])
        keep_labels = np.concatenate([keep_labels, labels])
        keep_index = np.concatenate([keep_index, index])
        if len(keep_keys) > n:
            best = np.argpartition(keep_keys, n - 1)[:n]
            keep_keys, keep_images = keep_keys[best], keep_images[best]
            keep_labels, keep_index = keep_labels[best], keep_index[best]
    if seen < n:
        raise ValueError(f"The {split!r} split of {dataset!r} has {seen} "
                         f"images; the session needs {n} real ones.")
    order = np.argsort(keep_index)  # dataset order, independent of keys
    labels = [int(v) if labelled and v >= 0 else None
              for v in keep_labels[order]]
    return keep_images[order], labels


# -- the session --------------------------------------------------------------
def prepare_images(generator, dataset, split="test", num_images=100, seed=0):
    """``(config, images)`` of a new session: ``images`` in the order they
    are shown, dicts with ``source`` ('real' | 'fake'), ``label``, ``png``,
    ``width``, ``height``; ``config`` the settings stored in the db.
    Raises ``ValueError`` / ``FileNotFoundError`` for bad input."""
    num_images = int(num_images)
    if num_images < 2:
        raise ValueError(f"A session needs at least 2 images; received "
                         f"{num_images}.")
    check_dataset(dataset, split)
    obj, num_classes, kind = resolve_generator(generator)
    n_fake = num_images // 2
    n_real = num_images - n_fake
    fake, fake_labels, num_classes = _generated(obj, n_fake, seed,
                                                num_classes)
    real, real_labels = _real(dataset, split, n_real, seed)
    if fake.shape[1:] != real.shape[1:]:
        raise ValueError(
            f"The generator makes {'x'.join(map(str, fake.shape[1:]))} "
            f"images but {dataset!r} has "
            f"{'x'.join(map(str, real.shape[1:]))} ones: people would tell "
            "them apart by their size. Use the dataset it was trained on.")
    h, w, c = real.shape[1:]
    scale = upscale_factor(h, w)
    items = ([("fake", img, lab) for img, lab in zip(fake, fake_labels)] +
             [("real", img, lab) for img, lab in zip(real, real_labels)])
    order = np.random.default_rng([int(seed), _ORDER_SEED]).permutation(
        len(items))
    images = []
    for i in order:
        source, pixels, label = items[i]
        images.append({"source": source, "label": label,
                       "png": encode_png(pixels, scale),
                       "width": w * scale, "height": h * scale})
    config = {
        "generator": os.fspath(generator),
        "generator_kind": kind,
        "generator_key": generator_key(generator),
        "dataset": str(dataset),
        "split": split,
        "seed": int(seed),
        "image_shape": [int(h), int(w), int(c)],
        "scale": scale,
        "conditional": num_classes is not None,
        "num_classes": num_classes,
        "class_names": class_names(dataset),
        "real_labelled": any(lab is not None for lab in real_labels),
    }
    return config, images
