"""Coupled GAN (Liu & Tuzel 2016, "Coupled Generative Adversarial
Networks").

Two GANs, one per domain, play side by side on one latent: generator ``d``
makes images of domain ``d`` and discriminator ``d`` sees only real images
of domain ``d`` (unpaired: no image of one domain is ever matched with one
of the other) and generator ``d``'s fakes. The generators share every layer
but their last and the discriminators every layer but their first
(:mod:`keras_gans.networks.cogan`), which makes the two generators draw
corresponding images (a garment and its negative) from the same latent.

The game is the engine's (``GAN.train_step``); only these hooks change:

``generator_outputs()``
    one output per domain, ``{"images_a": (H, W, C), "images_b": (H, W,
    C)}``, read from the generator model's named outputs. Export,
    evaluation, pictures and the CLI read this, never the variant.
``unpack_real(data)``
    a dataset element -> ``{"images_a": ..., "images_b": ...}``: a dict
    with those keys (``keras_gans.data.load_domains``) or a tuple of one
    batch per domain in the declared order; anything else, a wrong image
    shape or batches of different sizes is an error saying what was
    received and what is expected.
``generator_call``
    the latent -> the dict of both domains' images (one forward of the
    shared trunk).
``discriminate``
    a batch dict -> ``{"images_a": logits, "images_b": logits}`` (one call
    of the coupled discriminator model; logits of domain ``d`` depend only
    on ``images_d``). It runs through ``GAN.run_discriminator``, so the
    stateless look-ahead calls of the engine work here too.
``discriminator_losses`` / ``generator_losses``
    the compiled adversarial loss of each domain, summed over the domains
    per example (the paper's objective is the sum of the two GANs'
    objectives): ``d_loss = sum_d [L_real(D_d(x_d)) + L_fake(D_d(G_d(z)))]``
    and ``g_loss = sum_d L_gen(D_d(G_d(z)))``, both ``(N,)``, reduced over
    the global batch by the engine (``tf.distribute`` included). At the
    non-saturating loss's equilibrium ``d_loss`` is ``2 * 2 log 2``.
``discriminator_reports``
    per domain ``d``: ``d_loss_<d>`` (that domain's share of ``d_loss``),
    ``d_real_<d>`` and ``d_fake_<d>`` (mean D output on real / generated
    images); ``d_real`` / ``d_fake`` average the domains.
``adversarial_output``
    both domains' logits side by side, ``(N, domains)``: what a penalty on
    discriminator outputs sees (``Drift``: the mean of ``D_d(x_d)^2``).

Penalties: the ones acting on the discriminator's weights or outputs
(``WeightClip``, ``WeightPenalty``, ``Drift``) work unchanged; the ones
that differentiate with respect to (or add noise to) the single
``batch["images"]`` of a one-domain GAN (``GradientPenalty``, ``R1``,
``R2``, ``InstanceNoise``) have no such key here and are refused at
``compile`` with an error that says so.
"""

import keras
import tensorflow as tf
from keras import ops

from keras_gans.engine import penalties as penalties_lib
from keras_gans.engine.gan import GAN

__all__ = ["CoGAN", "domain_suffix"]

#: penalties that read ``batch["images"]`` (one image per example)
_ONE_DOMAIN_PENALTIES = (penalties_lib.GradientPenalty, penalties_lib.R1,
                         penalties_lib.R2, penalties_lib.InstanceNoise)


def domain_suffix(output_name):
    """``"a"`` for the output ``"images_a"`` (the name itself otherwise):
    the suffix of the per-domain metrics."""
    name = str(output_name)
    return name[len("images_"):] if name.startswith("images_") else name


def _structure(net, attr):
    """``{name: KerasTensor}`` of a model's dict ``input`` / ``output``, or
    None (a list, one tensor, or a model that was never called)."""
    try:
        tensors = getattr(net, attr)
    except (AttributeError, ValueError):
        return None
    return dict(tensors) if isinstance(tensors, dict) else None


def _coupled_outputs(generator, discriminator):
    """``{output name: per-example shape}`` of coupled networks, checked:
    a generator model with one latent input and several named image
    outputs, a discriminator model taking a dict of the same names and
    returning a dict of the same names."""
    for role, net in (("generator", generator),
                      ("discriminator", discriminator)):
        if isinstance(net, dict):
            raise TypeError(
                f"CoGAN takes its {role} as ONE keras.Model holding every "
                "domain (keras_gans.networks.cogan.cogan_" + role + "): "
                "layers shared between separate models are not kept shared "
                f"by a .keras save and load; received a dict {sorted(net)}.")
    outputs = _structure(generator, "output")
    if outputs is None or len(outputs) < 2:
        got = sorted(outputs) if outputs is not None else "not a dict"
        raise ValueError(
            "A CoGAN generator must return a dict of at least two named "
            "image outputs, one per domain (e.g. {'images_a', 'images_b'}, "
            "keras_gans.networks.cogan.cogan_generator); received outputs "
            f"{got}.")
    shapes = {}
    for name, tensor in outputs.items():
        if len(tensor.shape) != 4:
            raise ValueError(
                f"The CoGAN generator's output {name!r} must be images (N, "
                f"H, W, C); it has shape {tuple(tensor.shape)}.")
        shapes[name] = tuple(tensor.shape[1:])
    d_inputs = _structure(discriminator, "input")
    d_outputs = _structure(discriminator, "output")
    if d_inputs is None or d_outputs is None or set(d_inputs) != set(
            shapes) or set(d_outputs) != set(shapes):
        raise ValueError(
            "A CoGAN discriminator must take a dict of one image batch per "
            f"domain named like the generator's outputs {list(shapes)} and "
            "return a dict of logits with the same names "
            "(keras_gans.networks.cogan.cogan_discriminator); received "
            f"inputs {sorted(d_inputs) if d_inputs is not None else None} "
            f"and outputs "
            f"{sorted(d_outputs) if d_outputs is not None else None}.")
    for name, shape in shapes.items():
        got = tuple(d_inputs[name].shape[1:])
        if got != shape:
            raise ValueError(
                f"The CoGAN discriminator takes {name!r} of shape {got} but "
                f"the generator makes {shape}; build both for the same "
                "image_shape.")
    return shapes


def _describe(data):
    if isinstance(data, dict):
        return f"a dict with keys {sorted(data)}"
    if isinstance(data, (tuple, list)):
        return (f"a {type(data).__name__} of {len(data)} ("
                + ", ".join(type(d).__name__ if d is None or not hasattr(
                    d, "shape") else f"shape {tuple(d.shape)}" for d in data)
                + ")")
    shape = getattr(data, "shape", None)
    return (f"one tensor of shape {tuple(shape)}" if shape is not None
            else type(data).__name__)


@keras.saving.register_keras_serializable(package="keras_gans")
class CoGAN(GAN):
    """Coupled GAN (see the module doc).

    Args:
        generator: ONE ``keras.Model`` ``latent -> {"images_a": ...,
            "images_b": ...}`` whose domain generators share layers, e.g.
            ``keras_gans.networks.cogan.cogan_generator``.
        discriminator: ONE ``keras.Model`` ``{"images_a": ..., "images_b":
            ...} -> {"images_a": logits, "images_b": logits}``, e.g.
            ``keras_gans.networks.cogan.cogan_discriminator``.
        latent_dim, seed, ema_decay: as ``GAN``.

    Data: ``keras_gans.data.load_domains("fashion_mnist", "negative")`` (or
    ``keras_gans.data.load("domains:fashion_mnist:negative")``) yields
    ``{"images_a": ..., "images_b": ...}`` from two disjoint halves of the
    training split. ``gan.generate(n, output="all")`` gives both domains
    for the same latents.
    """

    def __init__(self, generator, discriminator, latent_dim=None, seed=None,
                 **kwargs):
        shapes = _coupled_outputs(generator, discriminator)
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, **kwargs)
        self._domain_shapes = shapes
        for name in shapes:
            s = domain_suffix(name)
            for metric in ("d_loss", "d_real", "d_fake"):
                self.add_tracker(f"{metric}_{s}")

    # -- declared contract ----------------------------------------------------
    def generator_outputs(self):
        return dict(self._domain_shapes)

    def domains(self):
        """The output names, in declared order (``["images_a",
        "images_b"]``)."""
        return list(self._domain_shapes)

    # -- compile ----------------------------------------------------------------
    def compile(self, d_optimizer="adam", g_optimizer="adam",
                loss="non_saturating", d_steps=1, penalties=(), **kwargs):
        for p in penalties or ():
            if isinstance(p, _ONE_DOMAIN_PENALTIES):
                raise ValueError(
                    f"CoGAN cannot use the penalty {p!r}: it differentiates "
                    "the discriminator with respect to (or adds noise to) "
                    "batch['images'], the one image of a one-domain GAN, "
                    f"and a CoGAN batch holds {self.domains()} instead. "
                    "Penalties on the discriminator's weights or outputs "
                    "work: WeightClip, WeightPenalty, Drift.")
        super().compile(d_optimizer=d_optimizer, g_optimizer=g_optimizer,
                        loss=loss, d_steps=d_steps, penalties=penalties,
                        **kwargs)

    # -- hooks ------------------------------------------------------------------
    def unpack_real(self, data):
        names = self.domains()
        expected = (
            f"CoGAN trains on unpaired images of each of its domains "
            f"{names}: a dataset element must be a dict with those keys "
            "(keras_gans.data.load_domains(...) or "
            "keras_gans.data.load('domains:NAME:TRANSFORM')) or a tuple of "
            f"{len(names)} image batches in that order")
        if isinstance(data, dict):
            missing = [n for n in names if n not in data]
            if missing:
                raise ValueError(f"{expected}; received {_describe(data)} "
                                 f"(missing {missing}).")
            real = {n: data[n] for n in names}
        elif isinstance(data, (tuple, list)) and len(data) == len(
                names) and all(d is not None for d in data):
            real = dict(zip(names, data))
        else:
            raise ValueError(f"{expected}; received {_describe(data)}.")
        for name, shape in self._domain_shapes.items():
            got = tuple(real[name].shape)
            if len(got) != 4 or got[1:] != shape:
                raise ValueError(
                    f"Real {name!r} must be image batches (N,) + {shape} "
                    f"(what the generator makes for that domain); received "
                    f"shape {got}. Load the data at the networks' "
                    "image_shape (keras_gans.data.load_domains(..., "
                    "image_shape=...)) or build the networks for it.")
        sizes = [tf.shape(real[n])[0] for n in names]
        checks = [tf.debugging.assert_equal(
            sizes[0], size, message=(
                f"CoGAN: every domain's real batch must hold the same "
                f"number of images ({names[0]} and {name} differ); batch "
                "both halves with drop_remainder=True"))
            for name, size in zip(names[1:], sizes[1:])]
        with tf.control_dependencies(checks):
            return {n: tf.identity(v) for n, v in real.items()}

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["latent"], training=training)

    def discriminate(self, batch, training=False):
        return self.run_discriminator({n: batch[n] for n in self.domains()},
                                      training=training)

    def adversarial_output(self, output):
        if not isinstance(output, dict):
            return output
        parts = [ops.convert_to_tensor(output[n]) for n in self.domains()]
        n = ops.shape(parts[0])[0]
        return ops.concatenate([ops.reshape(p, (n, -1)) for p in parts],
                               axis=-1)

    def _domain_terms(self, real_out, fake_out):
        terms = {}
        for name in self.domains():
            real_term, fake_term = \
                self.adversarial_loss.per_example_discriminator(
                    real_out[name], fake_out[name])
            terms[name] = real_term + fake_term
        return terms

    def discriminator_losses(self, real, real_out, fake, fake_out):
        terms = self._domain_terms(real_out, fake_out)
        return {"d_loss": sum(terms[n] for n in self.domains())}

    def generator_losses(self, fake, fake_out, real=None):
        return {"g_loss": sum(
            self.adversarial_loss.per_example_generator(fake_out[n])
            for n in self.domains())}

    def discriminator_reports(self, real, real_out, fake, fake_out):
        reports = super().discriminator_reports(real, real_out, fake,
                                                fake_out)
        terms = self._domain_terms(real_out, fake_out)
        for name in self.domains():
            s = domain_suffix(name)
            reports[f"d_loss_{s}"] = terms[name]
            reports[f"d_real_{s}"] = self.adversarial_loss.summary(
                real_out[name])
            reports[f"d_fake_{s}"] = self.adversarial_loss.summary(
                fake_out[name])
        return reports
