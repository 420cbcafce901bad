"""Differentiable augmentation of the discriminator's input.

``DiffAugment`` (Zhao et al. 2020, "Differentiable Augmentation for
Data-Efficient GAN Training") transforms every image the discriminator sees
- real and generated, in discriminator and generator updates alike - with
random colour changes, translations and cutout. The transforms are built
from differentiable operations, so the generator's gradient flows back
through them; the discriminator never sees an un-augmented image, so it
cannot learn the training set by heart (the limited-data case: a few
thousand images) and the generator is not pushed to reproduce the
augmentations (they are applied to both sides). The same transform,
applied with probability ``p < 1`` per example, is the augmentation of
ADA (Karras et al. 2020) with a fixed ``p``.

It plugs into the engine through the penalties' hook
``transform_discriminator_inputs``::

    gan.compile(..., penalties=[keras_gans.augment.DiffAugment(
        "color,translation,cutout")])

or ``keras-gans train RECIPE --augment translation,cutout``. Loss terms
that compare the generator's output with a target (pix2pix's L1) see the
output before augmentation; the penalties (R1, the gradient penalty) see
what the discriminator saw. Which tensors of a batch are images comes from
the GAN's declaration: its ``generator_outputs()`` and its generator inputs
of kind ``image`` (pix2pix's condition, moved together with its output).
"""

try:
    import tensorflow as tf
except ImportError as e:  # pragma: no cover - depends on the install
    raise ImportError("keras_gans.augment needs TensorFlow.") from e

from keras_gans.engine.penalties import Penalty, register

__all__ = ["DiffAugment", "POLICIES"]

#: the transforms, applied in this order whatever order a policy names them
POLICIES = ("color", "translation", "cutout")


def _parse_policy(policy):
    names = policy.split(",") if isinstance(policy, str) else list(policy)
    names = [str(n).strip() for n in names if str(n).strip()]
    unknown = [n for n in names if n not in POLICIES]
    if not names or unknown or len(set(names)) != len(names):
        raise ValueError(
            f"DiffAugment policy must name one or more distinct transforms "
            f"of {list(POLICIES)}, comma-separated (e.g. "
            f"'translation,cutout'); received {policy!r}.")
    return tuple(n for n in POLICIES if n in names)


def _fraction(name, value, low, high, closed_low=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"DiffAugment {name} must be a number; received "
                         f"{value!r}.") from None
    ok = (low <= value if closed_low else low < value) and value <= high
    if not ok:
        bracket = "[" if closed_low else "("
        raise ValueError(f"DiffAugment {name} must be in {bracket}{low}, "
                         f"{high}]; received {value}.")
    return value


@register
class DiffAugment(Penalty):
    """Random differentiable transforms of every discriminator input.

    Args:
        policy: the transforms, comma-separated or a list, of
            :data:`POLICIES`: ``color`` (brightness shift in [-0.5, 0.5),
            saturation x [0, 2), contrast x [0.5, 1.5)), ``translation``
            (a shift of up to ``translation`` of the side in each axis,
            zero-filled), ``cutout`` (a zeroed square of ``cutout`` times
            the side at a random centre). Default: the paper's
            ``"translation,cutout"`` (its ``color`` shifts grey levels of
            single-channel images, too).
        probability: the chance that each transform is applied to an
            example (1: always, DiffAugment; less: ADA's ``p``).
        translation: largest shift, a fraction of the height and width.
        cutout: the side of the cutout square, a fraction of the image's.

    Adds no loss term; reports ``probability`` as ``augment_p`` (ADA's
    quantity). The draws are the GAN's seeded
    ones (``gan.random_uniform``), the same on every replica of a
    ``tf.distribute`` run for its global batch.
    """

    default_name = "augment_p"

    def __init__(self, policy="translation,cutout", probability=1.0,
                 translation=0.125, cutout=0.5, name=None):
        self.policy = _parse_policy(policy)
        self.probability = _fraction("probability", probability, 0.0, 1.0)
        self.translation = _fraction("translation", translation, 0.0, 0.5,
                                     closed_low=True)
        self.cutout = _fraction("cutout", cutout, 0.0, 1.0)
        super().__init__(0.0, name)

    # -- which tensors are images ---------------------------------------------
    @staticmethod
    def image_shapes(gan):
        """``{batch key: per-example shape}`` of what this augmentation
        transforms: the GAN's declared generator outputs and its generator
        inputs of kind ``image``."""
        shapes = dict(gan.generator_outputs())
        shapes.update({i.name: tuple(i.shape) for i in gan.generator_inputs()
                       if i.kind == "image"})
        return shapes

    def build(self, gan):
        shapes = self.image_shapes(gan)
        bad = {k: s for k, s in shapes.items() if len(s) != 3}
        if bad:
            raise ValueError(
                f"DiffAugment transforms images of shape (height, width, "
                f"channels); {type(gan).__name__} declares {bad}. Leave "
                "DiffAugment out for GANs of points or vectors.")
        sides = {tuple(s[:2]) for s in shapes.values()}
        if len(sides) != 1 or None in next(iter(sides)):
            raise ValueError(
                f"DiffAugment moves all images of a batch together, so they "
                f"need one known height and width; {type(gan).__name__} "
                f"declares {shapes}.")

    # -- the transforms --------------------------------------------------------
    def transform_discriminator_inputs(self, gan, batch):
        keys = [k for k in self.image_shapes(gan) if k in batch]
        if not keys:
            return batch
        images = [batch[k] for k in keys]
        n = tf.shape(images[0])[0]
        height, width = images[0].shape[1], images[0].shape[2]
        for op in self.policy:
            apply = self._chosen(gan, n)
            if op == "color":
                images = self._color(gan, images, n, apply)
            elif op == "translation":
                images = self._translate(gan, images, n, height, width, apply)
            else:
                images = self._cutout(gan, images, n, height, width, apply)
        return dict(batch, **dict(zip(keys, images)))

    def _chosen(self, gan, n):
        """``(N, 1, 1, 1)`` float 1 where the transform applies."""
        if self.probability >= 1.0:
            return None
        u = gan.random_uniform((n,))
        return tf.reshape(tf.cast(u < self.probability, tf.float32),
                          (-1, 1, 1, 1))

    @staticmethod
    def _blend(before, after, apply):
        if apply is None:
            return after
        apply = tf.cast(apply, after.dtype)
        return apply * after + (1.0 - apply) * before

    def _per_example(self, gan, n, low, high):
        u = gan.random_uniform((n,), minval=low, maxval=high)
        return tf.reshape(u, (-1, 1, 1, 1))

    def _color(self, gan, images, n, apply):
        brightness = self._per_example(gan, n, -0.5, 0.5)
        saturation = self._per_example(gan, n, 0.0, 2.0)
        contrast = self._per_example(gan, n, 0.5, 1.5)
        out = []
        for x in images:
            b, s, c = (tf.cast(t, x.dtype)
                       for t in (brightness, saturation, contrast))
            y = x + b
            mean_c = tf.reduce_mean(y, axis=3, keepdims=True)
            y = (y - mean_c) * s + mean_c
            mean = tf.reduce_mean(y, axis=[1, 2, 3], keepdims=True)
            y = (y - mean) * c + mean
            out.append(self._blend(x, y, apply))
        return out

    def _translate(self, gan, images, n, height, width, apply):
        def shifts(side):
            r = int(round(side * self.translation))
            return gan.random_integers((n,), 2 * r + 1) - r
        dy, dx = shifts(height), shifts(width)
        out = []
        for x in images:
            # row a of the output is row a - dy of the input (0 outside):
            # a one-hot (N, H, H) matrix, differentiable in x
            rows = tf.one_hot(tf.range(height)[None, :] - dy[:, None],
                              height, dtype=x.dtype)
            cols = tf.one_hot(tf.range(width)[None, :] - dx[:, None],
                              width, dtype=x.dtype)
            y = tf.einsum("nab,nbwc->nawc", rows, x)
            y = tf.einsum("nwv,nhvc->nhwc", cols, y)
            out.append(self._blend(x, y, apply))
        return out

    def _cutout(self, gan, images, n, height, width, apply):
        size_h = max(1, int(round(height * self.cutout)))
        size_w = max(1, int(round(width * self.cutout)))
        top = gan.random_integers((n,), height) - size_h // 2
        left = gan.random_integers((n,), width) - size_w // 2
        r = tf.range(height)[None, :]
        c = tf.range(width)[None, :]
        in_rows = (r >= top[:, None]) & (r < top[:, None] + size_h)
        in_cols = (c >= left[:, None]) & (c < left[:, None] + size_w)
        hole = in_rows[:, :, None] & in_cols[:, None, :]  # (N, H, W)
        keep = 1.0 - tf.cast(hole, tf.float32)[..., None]
        return [self._blend(x, x * tf.cast(keep, x.dtype), apply)
                for x in images]

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return tf.constant(self.probability, tf.float32)  # weight 0: a metric

    def get_config(self):
        return {"policy": ",".join(self.policy),
                "probability": self.probability,
                "translation": self.translation, "cutout": self.cutout,
                "name": self.name}
