"""Auxiliary-classifier GAN and the (C + 1)-class discriminator.

``ACGAN`` (Odena, Olah & Shlens 2017, "Conditional Image Synthesis with
Auxiliary Classifier GANs"): the generator is class-conditional as in the
CGAN, but the discriminator sees only the image and outputs a real/fake
logit and ``C`` class logits. With ``L_S`` the adversarial loss and ``L_C``
the class cross-entropy on real and generated images, D minimises
``L_S + L_C`` and G minimises its adversarial loss ``+ L_C`` on its fakes:
both players want the classes right. Reported as ``d_class_loss`` /
``g_class_loss``.

``SemiSupervisedGAN`` (Salimans et al. 2016, "Improved Techniques for
Training GANs", section 5): the discriminator is a ``(C + 1)``-way
classifier whose extra class means "fake"; the generator is unconditional.
With logits ``l_1..l_C`` for the real classes and ``l_fake``::

    p(fake | x)  = exp(l_fake) / (exp(l_fake) + sum_k exp(l_k))
    p(real | x)  = 1 - p(fake | x) = sigmoid(logsumexp(l_1..l_C) - l_fake)

so the adversarial logit the engine's losses see is
``logsumexp(l_1..l_C) - l_fake`` (``adversarial_logit``) and the
non-saturating loss on it is exactly the paper's unsupervised loss
``-log(1 - p(fake|x_real)) - log p(fake|G(z))``. The supervised loss is the
cross-entropy of ``p(y | x, real)`` = softmax over the ``C`` class logits.
A discriminator with only ``C`` outputs is accepted too: its fake logit is
fixed at 0 (the paper's over-parametrisation remark).

Both classes are semi-supervised: a training label of ``-1`` means
"unknown" and only the unsupervised terms apply to that example.
"""

import keras
import numpy as np
from keras import ops

from keras_gans.engine.gan import GAN
from keras_gans.utils.checks import check_num_classes
from keras_gans.variants.conditional import (ConditionalGAN,
                                             check_training_labels)

__all__ = ["ACGAN", "SemiSupervisedGAN", "class_cross_entropy",
           "adversarial_logit"]


def class_cross_entropy(logits, labels):
    """Per-example softmax cross-entropy ``logsumexp(l) - l_y``, ``(N,)``.

    ``labels`` are int class ids; examples labelled ``-1`` (unknown) get 0.
    """
    logits = ops.convert_to_tensor(logits)
    labels = ops.cast(ops.convert_to_tensor(labels), "int32")
    known = labels >= 0
    safe = ops.where(known, labels, ops.zeros_like(labels))
    picked = ops.take_along_axis(logits, ops.expand_dims(safe, -1), axis=-1)
    ce = ops.logsumexp(logits, axis=-1) - ops.squeeze(picked, -1)
    return ops.where(known, ce, ops.zeros_like(ce))


def adversarial_logit(logits, num_classes):
    """Real-vs-fake logit of a (C + 1)-class discriminator, ``(N,)``:
    ``logsumexp(l[:, :C]) - l[:, C]``, whose sigmoid is ``1 - p(fake)``.
    With ``C`` columns only the fake logit is 0."""
    logits = ops.convert_to_tensor(logits)
    real_part = ops.logsumexp(logits[:, :num_classes], axis=-1)
    if logits.shape[-1] == num_classes + 1:
        return real_part - logits[:, num_classes]
    return real_part


def _split(output):
    """ACGAN discriminator output -> (adversarial logits, class logits)."""
    if isinstance(output, dict):
        missing = {"adversarial", "classes"} - set(output)
        if missing:
            raise ValueError(
                "An AC-GAN discriminator returning a dict needs the keys "
                f"'adversarial' and 'classes'; received {sorted(output)}.")
        return output["adversarial"], output["classes"]
    if isinstance(output, (list, tuple)) and len(output) == 2:
        return output[0], output[1]
    raise ValueError(
        "An AC-GAN discriminator must return {'adversarial': (N, 1), "
        "'classes': (N, num_classes)} or a pair [adversarial, classes]; "
        f"received {type(output).__name__}.")


@keras.saving.register_keras_serializable(package="keras_gans")
class ACGAN(ConditionalGAN):
    """AC-GAN: conditional generator, image-only discriminator with a class
    head (see the module doc).

    Args:
        generator: ``[latent, labels] -> images`` (as for the CGAN).
        discriminator: ``images -> {"adversarial": (N, 1), "classes": (N,
            C)}`` (or a ``[adversarial, classes]`` pair), e.g.
            ``keras_gans.networks.conditional.acgan_discriminator``.
        num_classes, latent_dim, seed, fake_labels: as ``ConditionalGAN``.
        class_weight: weight of the class cross-entropy in both losses.

    Training labels may be ``-1`` (unknown): the real-image class term is
    skipped for those examples.
    """

    allow_unknown_labels = True

    def __init__(self, generator, discriminator, num_classes, latent_dim=None,
                 seed=None, fake_labels="uniform", class_weight=1.0,
                 **kwargs):
        super().__init__(generator, discriminator, num_classes,
                         latent_dim=latent_dim, seed=seed,
                         fake_labels=fake_labels, **kwargs)
        self.class_weight = float(class_weight)
        self.add_tracker("d_class_loss")
        self.add_tracker("g_class_loss")
        self._check_class_head()

    def _check_class_head(self):
        outputs = getattr(self.discriminator, "output", None)
        if isinstance(outputs, (dict, list, tuple)):
            _, classes = _split(outputs)
            if classes.shape[-1] is not None and \
                    classes.shape[-1] != self.num_classes:
                raise ValueError(
                    f"The discriminator's class head has {classes.shape[-1]}"
                    f" outputs but num_classes={self.num_classes}.")

    def get_config(self):
        config = super().get_config()
        config["class_weight"] = self.class_weight
        return config

    def discriminate(self, batch, training=False):
        return self.discriminator(batch["images"], training=training)

    def adversarial_output(self, output):
        return _split(output)[0]

    def class_logits(self, output):
        return _split(output)[1]

    def discriminator_losses(self, real, real_out, fake, fake_out):
        terms = super().discriminator_losses(real, real_out, fake, fake_out)
        terms["d_class_loss"] = self.class_weight * (
            class_cross_entropy(self.class_logits(real_out), real["labels"])
            + class_cross_entropy(self.class_logits(fake_out),
                                  fake["labels"]))
        return terms

    def generator_losses(self, fake, fake_out, real=None):
        terms = super().generator_losses(fake, fake_out, real)
        terms["g_class_loss"] = self.class_weight * class_cross_entropy(
            self.class_logits(fake_out), fake["labels"])
        return terms

    def classify(self, images, batch_size=256):
        """Class probabilities ``(N, C)`` (numpy) from the auxiliary
        classifier."""
        return _predict(self.discriminator, images, batch_size,
                        lambda out: ops.softmax(self.class_logits(out)))


def _predict(net, images, batch_size, head):
    images = np.asarray(images, np.float32)
    out = []
    for start in range(0, len(images), batch_size):
        o = net(images[start:start + batch_size], training=False)
        out.append(ops.convert_to_numpy(head(o)))
    return np.concatenate(out, axis=0)


@keras.saving.register_keras_serializable(package="keras_gans")
class SemiSupervisedGAN(GAN):
    """GAN with a (C + 1)-class discriminator (see the module doc).

    Args:
        generator: an unconditional generator ``latent -> images``.
        discriminator: ``images -> (N, C + 1)`` logits, the last column the
            "fake" class (or ``(N, C)`` with the fake logit fixed at 0), e.g.
            ``keras_gans.networks.conditional.semi_supervised_discriminator``.
        num_classes: ``C``.
        class_weight: weight of the supervised cross-entropy.

    The data are ``(images, labels)`` with labels in ``[0, C)`` or ``-1``
    for unlabelled examples. ``d_class_loss`` reports the supervised term
    (averaged over the whole batch, unknown labels counting 0);
    ``classify(images)`` gives ``p(y | x, real)``.
    """

    def __init__(self, generator, discriminator, num_classes, latent_dim=None,
                 seed=None, class_weight=1.0, **kwargs):
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, **kwargs)
        self.num_classes = check_num_classes(num_classes)
        self.class_weight = float(class_weight)
        width = self.discriminator.outputs[0].shape[-1] if getattr(
            self.discriminator, "outputs", None) else None
        if width is not None and width not in (self.num_classes,
                                               self.num_classes + 1):
            raise ValueError(
                f"A (C + 1)-class discriminator for num_classes="
                f"{self.num_classes} must output {self.num_classes + 1} "
                f"logits (or {self.num_classes} with the fake logit fixed "
                f"at 0); it outputs {width}.")
        self.add_tracker("d_class_loss")

    def get_config(self):
        config = super().get_config()
        config.update(num_classes=self.num_classes,
                      class_weight=self.class_weight)
        return config

    def unpack_real(self, data):
        real = super().unpack_real(data)
        if "labels" not in real:
            raise ValueError(
                "SemiSupervisedGAN trains on (images, labels) with labels in "
                f"[0, {self.num_classes}) or -1 for unlabelled examples; "
                "received images without labels. Mark unlabelled examples "
                "with -1.")
        real["labels"] = check_training_labels(
            real["labels"], self.num_classes, allow_unknown=True,
            owner="SemiSupervisedGAN")
        return real

    def adversarial_output(self, output):
        return adversarial_logit(output, self.num_classes)

    def fake_probability(self, output):
        """``p(fake | x)`` from the discriminator's logits, ``(N,)``."""
        return ops.sigmoid(-self.adversarial_output(output))

    def discriminator_losses(self, real, real_out, fake, fake_out):
        terms = super().discriminator_losses(real, real_out, fake, fake_out)
        terms["d_class_loss"] = self.class_weight * class_cross_entropy(
            ops.convert_to_tensor(real_out)[:, :self.num_classes],
            real["labels"])
        return terms

    def classify(self, images, batch_size=256):
        """``p(y | x, real)``: softmax over the C class logits, numpy."""
        return _predict(self.discriminator, images, batch_size,
                        lambda out: ops.softmax(
                            ops.convert_to_tensor(out)[:, :self.num_classes]))
