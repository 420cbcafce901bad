"""Two unpaired image domains from one dataset (CoGAN's data).

The training split of a dataset is cut into two disjoint halves by a
seeded permutation (``split_seed``, 0 by default, so the halves are a fixed
property of the dataset): domain ``a`` is the first half as it is, domain
``b`` the second half transformed. No image of ``b`` is the transform of an
image of ``a`` (the halves are disjoint) and each half is shuffled on its
own, so nothing pairs the two domains: a model must find the
correspondence itself.

Transforms (images in the model range [-1, 1]):

``negative``
    ``1 - x`` on intensities in [0, 1], i.e. ``-x`` in [-1, 1].
``edges``
    :func:`keras_gans.data.edges.edge_map`: dark edges (-1) on white (+1).

Sources: the named datasets (``fashion_mnist``, ``mnist_5k``, ``mnist``;
see :func:`keras_gans.data.load_arrays`) or an image array. As a
``keras_gans.data.load`` source name: ``"domains:fashion_mnist:negative"``
(:data:`PREFIX` + dataset + ``:`` + transform), which is how a zoo recipe
or ``keras-gans train --dataset`` names it.

The evaluation references (:func:`reference_arrays`): domain ``a``'s is the
dataset's split itself, domain ``b``'s the same images transformed (e.g.
the 10,000 Fashion-MNIST test images and their 10,000 negatives).

TensorFlow-specific by nature (``tf.data``).
"""

import numpy as np
import tensorflow as tf

from keras_gans.data.edges import edge_map


class _DataRules:
    """The image rules of :mod:`keras_gans.data` (``load_arrays``,
    ``to_model_range``, ...), handed over by it (:func:`configure`) so
    this module does not import its package back."""


_data = _DataRules()


def configure(**functions):
    """Called by :mod:`keras_gans.data` with its image rules."""
    for name, fn in functions.items():
        setattr(_data, name, fn)

__all__ = ["PREFIX", "TRANSFORMS", "OUTPUTS", "negative", "transform_images",
           "parse_source", "is_domains_source", "split_halves",
           "domain_arrays", "reference_arrays", "load_domains",
           "load_source"]

#: the ``keras_gans.data.load`` source prefix of two-domain data
PREFIX = "domains:"
#: the element keys of the dataset, in order (a CoGAN's declared outputs)
OUTPUTS = ("images_a", "images_b")
DEFAULT_SPLIT_SEED = 0


def negative(images):
    """The negative of images in [-1, 1]: ``-x`` (``1 - x`` on [0, 1]
    intensities). Returns a float32 tensor."""
    return -tf.cast(tf.convert_to_tensor(images), tf.float32)


#: transform name -> function of a batch (or image) in [-1, 1]
TRANSFORMS = {"negative": negative, "edges": edge_map}


def _transform(name):
    key = str(name).lower()
    if key not in TRANSFORMS:
        raise ValueError(f"Unknown domain transform {name!r}; expected one "
                         f"of {sorted(TRANSFORMS)}.")
    return TRANSFORMS[key]


def transform_images(images, transform, batch_size=2048):
    """``images`` (numpy, ``(N, H, W, C)`` float in [-1, 1]) through the
    transform named ``transform``, in chunks; numpy float32."""
    fn = _transform(transform)
    images = np.asarray(images, np.float32)
    if images.ndim != 4:
        raise ValueError(f"transform_images takes images (N, H, W, C); "
                         f"received shape {images.shape}.")
    parts = [np.asarray(fn(images[s:s + batch_size]), np.float32)
             for s in range(0, len(images), batch_size)]
    return np.concatenate(parts) if parts else images.copy()


def is_domains_source(source):
    return isinstance(source, str) and source.lower().startswith(PREFIX)


def parse_source(source):
    """``"domains:fashion_mnist:negative"`` -> ``("fashion_mnist",
    "negative")``, checked."""
    expected = (f"a two-domain source is named {PREFIX}DATASET:TRANSFORM, "
                f"e.g. '{PREFIX}fashion_mnist:negative' (transforms: "
                f"{', '.join(sorted(TRANSFORMS))})")
    if not is_domains_source(source):
        raise ValueError(f"{expected}; received {source!r}.")
    parts = source[len(PREFIX):].split(":")
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"{expected}; received {source!r}.")
    base, transform = parts[0].lower().replace("-", "_"), parts[1].lower()
    _transform(transform)
    return base, transform


def split_halves(n, seed=DEFAULT_SPLIT_SEED):
    """``(indices_a, indices_b)``: two disjoint halves of ``range(n)`` of
    ``n // 2`` indices each, from numpy ``default_rng(seed).permutation``
    (an odd ``n`` leaves one example out)."""
    n = int(n)
    if n < 2:
        raise ValueError(f"Two domains need at least 2 images; received "
                         f"{n}.")
    perm = np.random.default_rng(seed).permutation(n)
    half = n // 2
    return perm[:half], perm[half:2 * half]


def _base_images(source, split, value_range=None):
    """``(images, value_range)`` of a named dataset's split or an array."""
    if isinstance(source, str):
        x, _ = _data.load_arrays(source, split)
        return x, (0, 255)
    x, _, value_range = _data._from_arrays(source, None, value_range)
    return x, value_range


def _to_model_range(images, value_range):
    return np.asarray(_data.to_model_range(images, value_range))


def domain_arrays(source, transform="negative", split="train",
                  split_seed=DEFAULT_SPLIT_SEED, value_range=None):
    """``(images_a, images_b)``, numpy float32 in [-1, 1]: the two disjoint
    halves of ``source``'s ``split`` (see :func:`split_halves`), the second
    transformed."""
    x, value_range = _base_images(source, split, value_range)
    idx_a, idx_b = split_halves(len(x), split_seed)
    a = _to_model_range(x[idx_a], value_range)
    b = transform_images(_to_model_range(x[idx_b], value_range), transform)
    return a, b


def reference_arrays(source, transform, split="test", indices=None,
                     value_range=None):
    """The evaluation reference of domain ``b``: the images of ``source``'s
    ``split`` (those at ``indices`` if given), transformed; numpy float32 in
    [-1, 1]. Domain ``a``'s reference is the split itself."""
    x, value_range = _base_images(source, split, value_range)
    if indices is not None:
        x = x[np.asarray(indices)]
    return transform_images(_to_model_range(x, value_range), transform)


def load_domains(source, transform="negative", batch_size=64, split="train",
                 image_shape=None, shuffle=True, seed=None,
                 drop_remainder=False, split_seed=DEFAULT_SPLIT_SEED,
                 value_range=None):
    """A batched ``tf.data.Dataset`` of ``{"images_a": (B, H, W, C),
    "images_b": (B, H, W, C)}``, float32 in [-1, 1] (see the module doc).

    Args:
        source: a named dataset (``"fashion_mnist"``, ``"mnist_5k"``,
            ``"mnist"``) or an image array (value range as in
            ``keras_gans.data.load``).
        transform: ``"negative"`` or ``"edges"``, applied to domain ``b``.
        batch_size: images per domain per batch.
        split: the split that is halved (``"train"`` to train).
        image_shape: ``(H, W, C)`` to resize to (before the transform).
        shuffle, seed: each half is shuffled on its own every epoch
            (``seed`` for ``a``, ``seed + 1`` for ``b``), so batches pair
            nothing.
        drop_remainder: drop a last short batch (both halves have the same
            length, so their batches always have the same size).
        split_seed: the seed of the halves.
    """
    from keras_gans.networks.common import check_image_shape

    batch_size = _data._check_batch_size(batch_size)
    fn = _transform(transform)
    if image_shape is not None:
        image_shape = check_image_shape(image_shape)
    x, value_range = _base_images(source, split, value_range)
    idx_a, idx_b = split_halves(len(x), split_seed)

    def half(indices, shuffle_seed, transformed):
        ds = tf.data.Dataset.from_tensor_slices(x[indices])
        if shuffle:
            ds = ds.shuffle(len(indices), seed=shuffle_seed,
                            reshuffle_each_iteration=True)
        ds = ds.batch(batch_size, drop_remainder=drop_remainder)

        def convert(images):
            images = tf.cast(images, tf.float32)
            if images.shape.rank == 3:
                images = images[..., None]
            images = _data.fit_image(images, image_shape)  # per image
            images = _data.to_model_range(images, value_range)
            return fn(images) if transformed else images

        return ds.map(convert, num_parallel_calls=tf.data.AUTOTUNE)

    ds = tf.data.Dataset.zip((
        half(idx_a, seed, False),
        half(idx_b, None if seed is None else int(seed) + 1, True)))
    ds = ds.map(lambda a, b: {OUTPUTS[0]: a, OUTPUTS[1]: b})
    return ds.prefetch(tf.data.AUTOTUNE)


def load_source(source, batch_size=64, split="train", image_shape=None,
                shuffle=True, seed=None, drop_remainder=False):
    """``keras_gans.data.load`` of a ``"domains:DATASET:TRANSFORM"`` name:
    :func:`load_domains` of its dataset and transform."""
    base, transform = parse_source(source)
    return load_domains(base, transform, batch_size=batch_size, split=split,
                        image_shape=image_shape, shuffle=shuffle, seed=seed,
                        drop_remainder=drop_remainder)
