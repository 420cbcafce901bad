"""Conditional GAN (Mirza & Osindero 2014, "Conditional Generative
Adversarial Nets").

Both players see the class label: the generator maps ``(z, y)`` to an image
of class ``y`` and the discriminator scores ``(x, y)`` pairs, so a fake of
the wrong class (or a real image with a wrong label) is rejected. The game
is the engine's; only the hooks that carry the label change:

``unpack_real``
    requires labels (a clear error otherwise) and checks their range.
``sample_generator_inputs(n, real=None, seed=None, labels=None, latent=None)``
    ``{"latent": z, "labels": y}``. ``y`` is, in this order: the given
    ``labels`` (one int, or ints of length ``n``; ``"uniform"`` draws them);
    during training (a ``real`` batch is given) uniform random classes, or
    the real batch's own labels with ``fake_labels="real"``; with neither
    (the call ``SampleGrid`` makes) a per-class layout for
    ``keras_gans.images.make_grid``'s default ``ceil(sqrt(n))`` columns: row
    ``r`` shows class ``r % num_classes`` and each column one latent, so
    ``n = num_classes ** 2`` shows every class once per row.
``generator_call`` / ``discriminate``
    pass ``[latent, labels]`` / ``[images, labels]`` to the networks.

``generate(n, labels=None, seed=None)`` draws uniform random labels when
none are given. The networks are ``keras_gans.networks.conditional``'s (any
two-input models with the same signature work).
"""

import math

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans.engine.gan import GAN, subseed
from keras_gans.engine.inputs import GeneratorInput, check_labels
from keras_gans.utils.checks import check_num_classes

__all__ = ["ConditionalGAN", "check_labels", "check_training_labels",
           "grid_columns"]


def grid_columns(n):
    """Columns of ``keras_gans.images.make_grid``'s default layout."""
    return int(math.ceil(math.sqrt(int(n))))


def check_latent(latent, n, latent_dim):
    """``(n, latent_dim)`` or one ``(latent_dim,)`` vector repeated."""
    arr = np.asarray(latent, dtype=np.float32)
    if arr.ndim == 1 and arr.shape[0] == latent_dim:
        arr = np.tile(arr[None], (n, 1))
    if arr.shape != (n, latent_dim):
        raise ValueError(
            f"latent must have shape ({n}, {latent_dim}) or ({latent_dim},); "
            f"received {arr.shape}.")
    return arr


def check_training_labels(labels, num_classes, allow_unknown=False,
                          owner="The GAN"):
    """Training labels -> int32 ``(N,)``; checks dtype and shape at trace
    time and the range ``[0, C)`` (``[-1, C)`` with ``allow_unknown``) with
    ``tf.debugging`` assertions that fail the step that sees a bad label."""
    labels = ops.convert_to_tensor(labels)
    dtype = keras.backend.standardize_dtype(labels.dtype)
    if "int" not in dtype:
        raise ValueError(
            f"{owner}: training labels must be integer class ids of shape "
            f"(N,); received dtype {dtype} (one-hot labels: take the "
            "argmax).")
    if len(labels.shape) == 2 and labels.shape[-1] == 1:
        labels = ops.reshape(labels, (-1,))
    if len(labels.shape) != 1:
        raise ValueError(
            f"{owner}: training labels must be integer class ids of shape "
            f"(N,); received shape {tuple(labels.shape)}.")
    labels = ops.cast(labels, "int32")
    low = -1 if allow_unknown else 0
    expected = (f"[-1, {num_classes}) (-1 = unknown)" if allow_unknown
                else f"[0, {num_classes})")
    message = (f"{owner}: training labels must lie in {expected}; a batch "
               "holds a label outside that range")
    checks = [tf.debugging.assert_greater_equal(labels, low, message=message),
              tf.debugging.assert_less(labels, num_classes, message=message)]
    # In a graph, make every use of the labels wait for the checks (else an
    # embedding lookup may fail first with a less helpful message).
    with tf.control_dependencies([c for c in checks if c is not None]):
        return tf.identity(labels)


def _first_input_width(generator):
    """The latent width of a ``[latent, labels]`` generator: its first
    input's ``(batch, dim)``."""
    inputs = getattr(generator, "inputs", None) or ()
    shape = inputs[0].shape if inputs else None
    if shape is None or len(shape) != 2 or shape[-1] is None:
        raise ValueError(
            "Cannot infer latent_dim from the generator's first input "
            f"{shape}; pass latent_dim explicitly.")
    return int(shape[-1])


@keras.saving.register_keras_serializable(package="keras_gans")
class ConditionalGAN(GAN):
    """A class-conditional GAN (CGAN).

    Args:
        generator: ``[latent (N, latent_dim), labels (N,) int] -> images``.
        discriminator: ``[images, labels (N,) int] -> logits``.
        num_classes: number of classes; labels are ints in
            ``[0, num_classes)``.
        latent_dim: inferred from the generator's first input when omitted.
        seed: seed of the latent and label samplers.
        fake_labels: classes of the fakes during training: ``"uniform"``
            (default, as in the paper) or ``"real"`` (the real minibatch's
            labels, which keeps the data's class frequencies; unknown
            labels, ``-1``, are replaced by uniform draws).

    Example::

        from keras_gans.networks import conditional as nets
        gan = ConditionalGAN(nets.conditional_generator((28, 28, 1)),
                             nets.conditional_discriminator((28, 28, 1)),
                             num_classes=10, seed=0)
        gan.compile(...)
        gan.fit(keras_gans.data.load("fashion_mnist", with_labels=True))
        trousers = gan.generate(8, labels=1, seed=0)
    """

    #: whether -1 ("unknown") is an accepted training label
    allow_unknown_labels = False
    _fake_label_modes = ("uniform", "real")

    def __init__(self, generator, discriminator, num_classes, latent_dim=None,
                 seed=None, fake_labels="uniform", **kwargs):
        if latent_dim is None:
            latent_dim = _first_input_width(generator)
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, **kwargs)
        self.num_classes = check_num_classes(num_classes)
        if fake_labels not in self._fake_label_modes:
            raise ValueError(
                f"fake_labels must be one of {self._fake_label_modes}; "
                f"received {fake_labels!r}.")
        self.fake_labels = fake_labels
        self._check_label_layers()

    def _check_label_layers(self):
        """The builders of ``keras_gans.networks.conditional`` name their
        label encoder ``label_encoding``; its size must be num_classes."""
        for role, net in (("generator", self.generator),
                          ("discriminator", self.discriminator)):
            try:
                layer = net.get_layer("label_encoding")
            except ValueError:
                continue
            size = getattr(layer, "num_tokens", None) or getattr(
                layer, "input_dim", None)
            if size is not None and int(size) != self.num_classes:
                raise ValueError(
                    f"The {role} encodes {size} classes but num_classes="
                    f"{self.num_classes}; build the networks and the GAN "
                    "with the same num_classes.")

    def get_config(self):
        config = super().get_config()
        config.update(num_classes=self.num_classes,
                      fake_labels=self.fake_labels)
        return config

    # -- labels -------------------------------------------------------------
    def unpack_real(self, data):
        real = super().unpack_real(data)
        if "labels" not in real:
            raise ValueError(
                f"{type(self).__name__} trains on labelled data: dataset "
                "elements must be (images, labels) with integer class ids "
                f"in [0, {self.num_classes}); received images without "
                "labels. Load the data with keras_gans.data.load(..., "
                "with_labels=True) or pass (images, labels) arrays.")
        real["labels"] = self._check_real_labels(real["labels"])
        return real

    def _check_real_labels(self, labels):
        return check_training_labels(labels, self.num_classes,
                                     self.allow_unknown_labels,
                                     type(self).__name__)

    def sample_labels(self, batch_size, seed=None):
        """Uniform random classes, ``(batch_size,)`` int32."""
        return self.random_integers((batch_size,), self.num_classes,
                                    seed=subseed(seed, 1))

    def _training_fake_labels(self, real, batch_size, seed):
        uniform = self.sample_labels(batch_size, seed)
        if self.fake_labels == "real" and "labels" in real:
            labels = ops.cast(real["labels"], "int32")
            return ops.where(labels >= 0, labels, uniform)
        return uniform

    def grid_labels(self, n):
        """Row ``r`` of the default grid layout shows class ``r % C``."""
        cols = grid_columns(n)
        return (np.arange(n) // cols % self.num_classes).astype(np.int32)

    def _grid_latent(self, n, seed):
        cols = grid_columns(n)
        z = self.random_normal((cols, self.latent_dim), seed)
        return ops.take(z, np.arange(n) % cols, axis=0)

    def generator_inputs(self):
        """``latent`` (N(0, I)) and ``labels`` (class ids in
        ``[0, num_classes)``)."""
        return (GeneratorInput.latent(self.latent_dim),
                GeneratorInput.class_id(self.num_classes, "labels"))

    def sample_generator_inputs(self, batch_size, real=None, seed=None,
                                labels=None, latent=None, **conditions):
        """``{"latent", "labels"}``: ``labels`` given (one int, ``n`` ints or
        ``"uniform"``), else during training (``real`` given) as
        ``fake_labels`` says, else uniform random classes."""
        if conditions:
            raise ValueError(
                f"{type(self).__name__} takes the conditions labels= and "
                f"latent=; received {sorted(conditions)}.")
        if labels is None:
            labels = (self.sample_labels(batch_size, seed) if real is None
                      else self._training_fake_labels(real, batch_size, seed))
        elif isinstance(labels, str):
            if labels != "uniform":
                raise ValueError(
                    "labels must be ints, an int array or 'uniform'; "
                    f"received {labels!r}.")
            labels = self.sample_labels(batch_size, seed)
        else:
            labels = self.generator_inputs()[1].check(labels,
                                                      int(batch_size))
        if latent is not None:
            latent = check_latent(latent, int(batch_size), self.latent_dim)
        else:
            latent = self.sample_latent(batch_size, seed)
        return {"latent": ops.convert_to_tensor(latent),
                "labels": ops.cast(labels, "int32")}

    def grid_generator_inputs(self, n, seed=None):
        """The default grid layout (``ceil(sqrt(n))`` columns): row ``r``
        shows class ``r % num_classes``, column ``j`` one latent."""
        return {"latent": ops.convert_to_tensor(self._grid_latent(n, seed)),
                "labels": ops.convert_to_tensor(self.grid_labels(n))}

    # -- networks -----------------------------------------------------------
    def generator_call(self, inputs, training=False):
        return self.generator([inputs["latent"], inputs["labels"]],
                              training=training)

    def discriminate(self, batch, training=False):
        return self.discriminator([batch["images"], batch["labels"]],
                                  training=training)

    def call(self, inputs, training=False):
        """``gan({"latent": z, "labels": y})`` or ``gan([z, y])``."""
        if isinstance(inputs, (list, tuple)) and len(inputs) == 2:
            inputs = {"latent": inputs[0], "labels": inputs[1]}
        if not isinstance(inputs, dict) or "labels" not in inputs:
            raise ValueError(
                f"{type(self).__name__} is called on {{'latent': z, "
                "'labels': y}} or [z, y]; received "
                f"{type(inputs).__name__}.")
        return self.generator_call(inputs, training=training)

    # -- sampling -----------------------------------------------------------
    def generate(self, n, seed=None, batch_size=256, labels=None,
                 **conditions):
        """``n`` images (numpy, [-1, 1]) of the classes ``labels`` (one int
        for all, or ``n`` ints); uniform random classes when omitted."""
        return super().generate(
            n, seed=seed, batch_size=batch_size,
            labels="uniform" if labels is None else labels, **conditions)
