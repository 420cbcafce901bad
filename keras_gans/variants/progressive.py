"""Progressive growing of GANs (Karras et al. 2018, "Progressive Growing of
GANs for Improved Quality, Stability, and Variation").

The networks grow between the phases of one run (4x4, then 8x8 faded in,
8x8 stable, 16x16 faded in, ...): ``GAN.replace_networks`` swaps them and
keeps the learnt blocks (``keras_gans.networks.progressive`` keeps every
layer's name from one resolution to the next). What differs from the plain
game, and the hooks that do it:

``unpack_real``
    real images (loaded at the target size) are average-pooled to the
    generator's current resolution; during a fade-in they are blended
    between the lower and the current resolution with the same ``alpha``
    as the networks (the paper's Appendix A.1): ``x = (1 - alpha) *
    up(down(x)) + alpha * x``. Images whose side is not a power of two
    (Fashion-MNIST's 28) are first centred on the power-of-two canvas the
    networks work on, with a border of -1.
``train_step``
    before the shared step, counts the real images of the phase and sets
    ``alpha = images seen in the phase / images of the fade-in`` (capped at
    1) in every ``FadeIn`` layer of the networks: non-trainable variables
    assigned inside the step, so a compiled step ramps alpha too.
``start_phase(images)``
    called by ``keras_gans.training.train`` before each phase with the
    number of real images the phase trains on: the fade-in length.
``generator_outputs``
    the engine's default already reads the current generator's output
    shape: ``(r, r, C)`` at resolution ``r``, the target image shape at
    the last one.

The loss (WGAN-GP with the drift term ``0.001 * D(x)^2``) and the optimizers
(Adam 1e-3, betas (0, 0.99)) are those of the ``pggan`` recipe
(``keras_gans/zoo/recipes/progressive.py``); this class does not fix them.
Like the engine, ``train_step`` is TensorFlow-specific (the replica count
under ``tf.distribute``); the image resampling and the networks are
``keras.ops`` / ``keras.layers`` code.
"""

import math

import keras
import tensorflow as tf
from keras import ops

from keras_gans.engine.gan import GAN
from keras_gans.engine.penalties import assign_variables
from keras_gans.layers import FadeIn

__all__ = ["ProgressiveGAN", "downsample", "upsample", "pad_to_canvas"]

#: the value the border of an image padded to the canvas holds
PAD_VALUE = -1.0


def _next_power_of_two(side):
    return 1 << max(0, math.ceil(math.log2(int(side))))


def downsample(images, factor):
    """Average-pools NHWC ``images`` by ``factor`` (the paper's box filter
    for the lower-resolution training images)."""
    if factor == 1:
        return images
    return ops.average_pool(images, pool_size=factor, strides=factor,
                            padding="valid")


def upsample(images, factor):
    """Nearest-neighbour upsampling of NHWC ``images`` by ``factor``."""
    if factor == 1:
        return images
    return ops.repeat(ops.repeat(images, factor, axis=1), factor, axis=2)


def pad_to_canvas(images, canvas):
    """Centres NHWC ``images`` on a ``canvas x canvas`` image whose border
    is ``PAD_VALUE`` (-1, black)."""
    h, w = int(images.shape[1]), int(images.shape[2])
    if (h, w) == (canvas, canvas):
        return images
    top, left = (canvas - h) // 2, (canvas - w) // 2
    return ops.pad(images, ((0, 0), (top, canvas - h - top),
                            (left, canvas - w - left), (0, 0)),
                   constant_values=PAD_VALUE)


def _crop(images, h, w):
    canvas = int(images.shape[1])
    top, left = (canvas - h) // 2, (canvas - w) // 2
    return images[:, top:top + h, left:left + w, :]


@keras.saving.register_keras_serializable(package="keras_gans")
class ProgressiveGAN(GAN):
    """A GAN whose networks grow from 4x4 to the target resolution.

    Build it with the networks of the first phase (e.g.
    ``keras_gans.networks.progressive_networks(shape, resolution=4)``);
    between phases call ``replace_networks`` with the grown networks and
    :meth:`start_phase` with the number of real images of the new phase
    (``keras_gans.training.train`` does both for a recipe's phases).
    Feed real images at the target size: they are downsampled to the
    current resolution here.

    Non-trainable state (saved in ``.keras`` files): ``images_seen`` (real
    images of the current phase trained on so far), ``fade_images`` (the
    length of the current fade-in in images; 0 in a stable phase) and
    ``alpha`` (the current blend, 1 in a stable phase; reported as the
    ``alpha`` metric).
    """

    def __init__(self, generator, discriminator, latent_dim=None, seed=None,
                 ema_decay=None, **kwargs):
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, ema_decay=ema_decay, **kwargs)
        self.images_seen = keras.Variable(0.0, dtype="float32",
                                          trainable=False,
                                          name="images_seen")
        self.fade_images = keras.Variable(0.0, dtype="float32",
                                          trainable=False,
                                          name="fade_images")
        self.alpha = keras.Variable(1.0, dtype="float32", trainable=False,
                                    name="alpha")
        self.add_tracker("alpha")
        if self.fading():
            self.alpha.assign(0.0)
            self._set_fade_layers(0.0)

    # -- phases -------------------------------------------------------------
    def fade_layers(self):
        """The ``FadeIn`` layers of every network (EMA copy included)."""
        nets = [n for group in self.networks().values()
                for n in group.values()]
        ema = self.generator_ema
        if ema is not None:
            nets += list(ema.values()) if isinstance(ema, dict) else [ema]
        found = []
        for net in nets:
            for layer in net._flatten_layers(include_self=False):
                if isinstance(layer, FadeIn) and layer not in found:
                    found.append(layer)
        return found

    def fading(self):
        """Whether the current networks fade a new resolution in."""
        return bool(self.fade_layers())

    def _set_fade_layers(self, value):
        for layer in self.fade_layers():
            layer.set_alpha(value)

    def replace_networks(self, generator=None, discriminator=None):
        """``GAN.replace_networks``, then the progress of the new phase
        starts at 0 images (``alpha`` 0 if the new networks fade in, else
        1); call :meth:`start_phase` to set the fade-in's length."""
        kept = super().replace_networks(generator, discriminator)
        self.images_seen.assign(0.0)
        self.fade_images.assign(0.0)
        fading = self.fading()
        self.alpha.assign(0.0 if fading else 1.0)
        self._set_fade_layers(0.0)
        return kept

    def start_phase(self, images=None):
        """Starts a phase of ``images`` real images: in a fade-in phase
        alpha goes linearly from 0 to 1 over them (reaching 1 with the
        phase's last batch); in a stable phase alpha is 1."""
        fading = self.fading()
        if fading:
            if images is None or isinstance(images, bool) or \
                    int(images) != images or int(images) < 1:
                raise ValueError(
                    "A fade-in phase needs the number of real images it "
                    "trains on (alpha goes from 0 to 1 over them); received "
                    f"images={images!r}. Pass a positive integer, e.g. "
                    "gan.start_phase(images=steps * batch_size).")
        self.images_seen.assign(0.0)
        self.fade_images.assign(float(images) if fading else 0.0)
        self.alpha.assign(0.0 if fading else 1.0)
        self._set_fade_layers(0.0)

    def fit(self, *args, **kwargs):
        length = float(ops.convert_to_numpy(self.fade_images))
        if self.fading() and length <= 0:
            raise ValueError(
                "ProgressiveGAN's networks fade a new resolution in, but the "
                "length of the fade-in is not set: call "
                "gan.start_phase(images=N) with the number of real images "
                "of the phase before fit (keras_gans.training.train does it "
                "for every phase of a recipe).")
        return super().fit(*args, **kwargs)

    # -- hooks --------------------------------------------------------------
    def resolution(self):
        """The side of the current resolution (4, 8, ...): the generator's
        output side, rounded up to a power of two (the canvas of a padded
        target at the last resolution)."""
        side = next(iter(self.generator_outputs().values()))[0]
        return _next_power_of_two(side)

    def _advance(self, batch_size):
        """Counts ``batch_size`` real images (per replica) of the phase and
        sets alpha for this step: ``min(1, seen / fade_images)``, 1 in a
        stable phase."""
        ctx = tf.distribute.get_replica_context()
        copies = 1 if ctx is None else ctx.num_replicas_in_sync
        n = ops.cast(batch_size, "float32") * float(copies)
        seen = self.images_seen + n
        fade = self.fade_images
        alpha = ops.where(fade > 0,
                          ops.clip(seen / ops.maximum(fade, 1.0), 0.0, 1.0),
                          1.0)
        assign_variables([self.images_seen], lambda v: v + n)
        targets = [self.alpha] + [layer.alpha for layer in
                                  self.fade_layers()]
        assign_variables(targets, lambda v: alpha)

    def train_step(self, data):
        # every tensor of a batch has the batch size first
        self._advance(tf.shape(tf.nest.flatten(data)[0])[0])
        return super().train_step(data)

    def unpack_real(self, data):
        real = super().unpack_real(data)
        real["images"] = self.real_images(real["images"])
        return real

    def real_images(self, images):
        """Real images (target size) as the discriminator sees them now:
        at the current resolution, blended with the lower one by ``alpha``
        during a fade-in."""
        out_h, out_w, _ = next(iter(self.generator_outputs().values()))
        h, w = int(images.shape[1]), int(images.shape[2])
        r = self.resolution()
        canvas = _next_power_of_two(max(h, w))
        if h != w or h < out_h or canvas % r:
            raise ValueError(
                f"Real images are {h}x{w} but {type(self).__name__} trains "
                f"at {r}x{r} now and makes {out_h}x{out_w} images: feed "
                "square real images at the target size (the size of the "
                "last phase's images), e.g. keras_gans.data.load(..., "
                "image_shape=the recipe's image_shape).")
        fading = self.fading()
        if (h, w) == (out_h, out_w) and not fading:
            return images
        x = downsample(pad_to_canvas(images, canvas), canvas // r)
        if fading:
            low = upsample(downsample(x, 2), 2)
            alpha = ops.cast(self.alpha, x.dtype)
            x = low + alpha * (x - low)
        if (out_h, out_w) != (r, r):  # the last resolution of a padded target
            x = _crop(x, out_h, out_w)
        return x

    def discriminator_reports(self, real, real_out, fake, fake_out):
        reports = super().discriminator_reports(real, real_out, fake,
                                                fake_out)
        reports["alpha"] = ops.convert_to_tensor(self.alpha)
        return reports
