"""Pictures of image-to-image generators (pix2pix): ``input | output |
target`` strips, as a function and as a Keras callback.

Everything reads the GAN's declared generator inputs
(``gan.generator_inputs()``): the conditioning image is its input of kind
``image``; other declared inputs, if any, are drawn from their priors with
the picture's seed.

``image_input(gan)``
    the declared ``image`` input spec, or ``None``.
``strip_images(inputs, outputs, targets=None)``
    interleaves ``input, output, target`` per pair (grey images turned RGB
    when the others are RGB), for ``make_grid(..., nrow=3 * per_row)``.
``translation_strip(gan, inputs, targets=None)``
    the strip images of the GAN's translations of ``inputs``.
``save_translation_strip(gan, path, inputs, targets=None, per_row=2)``
    writes it as PNG (atomically).
``TranslationStrip``
    writes ``translation_<epoch>.png`` every N epochs from pairs fixed when
    training starts (the run's held-out pairs: successive epochs compare).
"""

import numpy as np
from keras import ops

from keras_gans.training.callbacks import FixedInputsGrid
from keras_gans.utils.images import save_grid, to_uint8

__all__ = ["image_input", "strip_images", "translation_strip",
           "save_translation_strip", "TranslationStrip"]


def image_input(gan):
    """The first declared generator input of kind ``image`` (a
    ``GeneratorInput``), or ``None``."""
    getter = getattr(gan, "generator_inputs", None)
    specs = tuple(getter()) if callable(getter) else ()
    return next((s for s in specs if s.kind == "image"), None)


def _rgb_like(images, channels):
    images = to_uint8(np.asarray(images))
    if images.shape[-1] == channels:
        return images
    if images.shape[-1] == 1 and channels == 3:
        return np.repeat(images, 3, axis=-1)
    raise ValueError(f"Cannot show {images.shape[-1]}-channel images next to "
                     f"{channels}-channel ones.")


def strip_images(inputs, outputs, targets=None):
    """``[x_0, G(x_0), y_0, x_1, ...]`` as uint8 ``(k * N, H, W, C)`` (``k``
    = 3 with targets, 2 without). Inputs, outputs and targets must share
    height and width; grey images become RGB when any of them is RGB."""
    parts = [np.asarray(inputs), np.asarray(outputs)]
    if targets is not None:
        parts.append(np.asarray(targets))
    n = len(parts[0])
    shapes = {p.shape[1:3] for p in parts}
    if any(len(p) != n for p in parts) or len(shapes) != 1:
        raise ValueError(
            "A translation strip needs as many inputs, outputs and targets "
            "of one height and width; received shapes "
            f"{[p.shape for p in parts]}.")
    channels = max(p.shape[-1] for p in parts)
    parts = [_rgb_like(p, channels) for p in parts]
    return np.stack(parts, axis=1).reshape((-1,) + parts[0].shape[1:])


def _translation_inputs(gan, inputs, seed=0):
    spec = image_input(gan)
    if spec is None:
        raise ValueError(
            f"{type(gan).__name__} declares no generator input of kind "
            "'image': it is not an image-to-image generator.")
    images = spec.check(inputs, len(inputs))
    drawn = gan.sample_generator_inputs(len(images), seed=seed,
                                        **{spec.name: images})
    return {k: np.asarray(ops.convert_to_numpy(v)) for k, v in drawn.items()}


def translation_strip(gan, inputs, targets=None, seed=0, use_ema=None):
    """The strip images (see :func:`strip_images`) of ``gan``'s
    translations of ``inputs`` (``(N, H, W, C_in)`` in [-1, 1])."""
    feed = _translation_inputs(gan, inputs, seed)
    outputs = gan.generate_from(feed, use_ema=use_ema)
    return strip_images(inputs, outputs, targets)


def save_translation_strip(gan, path, inputs, targets=None, per_row=2,
                           seed=0, scale=2, use_ema=None):
    """Writes ``per_row`` ``input | output | target`` triplets per row as a
    PNG (atomically); returns the path."""
    k = 3 if targets is not None else 2
    return save_grid(translation_strip(gan, inputs, targets, seed, use_ema),
                     path, nrow=k * int(per_row), scale=scale)


class TranslationStrip(FixedInputsGrid):
    """PNG of ``input | output | target`` triplets (``per_row`` per row) of
    fixed pairs, written every N epochs as ``directory/translation_0001.png``
    ... (with the EMA generator when the GAN keeps one, unless
    ``use_ema=False``).

    Args:
        directory: folder of the PNG files.
        pairs: ``(inputs, targets)`` arrays in [-1, 1] (``targets`` may be
            ``None``: ``input | output`` pairs).
    """

    def __init__(self, directory, pairs, per_row=2, seed=0, every_n_epochs=1,
                 filename="translation_{epoch:04d}.png", scale=2,
                 use_ema=None):
        super().__init__(directory, filename, every_n_epochs, scale, use_ema)
        inputs, targets = pairs
        self.pair_inputs = np.asarray(inputs, np.float32)
        self.pair_targets = None if targets is None else np.asarray(
            targets, np.float32)
        self.per_row = int(per_row)
        self.seed = seed

    def make_inputs(self):
        k = 3 if self.pair_targets is not None else 2
        return (_translation_inputs(self.model, self.pair_inputs, self.seed),
                k * self.per_row)

    def images(self):
        return strip_images(self.pair_inputs, super().images(),
                            self.pair_targets)
