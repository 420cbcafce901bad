"""Coupled GAN networks (Liu & Tuzel 2016, "Coupled Generative Adversarial
Networks"): one generator per domain, sharing every layer but the last, and
one discriminator per domain, sharing every layer but the first.

Sharing the layers that decode high-level semantics (the generator's first
layers, the discriminator's last ones) is what makes the two generators
draw *corresponding* images from the same latent without ever seeing a
pair: each domain is trained only on its own unpaired images.

Layers shared between separately built ``keras.Model`` objects are not kept
shared by a ``.keras`` save and load (each model is rebuilt on its own), so
both builders return ONE functional model holding every domain:

``cogan_generator``
    ``latent (N, latent_dim) -> {"images_a": (N, H, W, C), "images_b":
    ...}`` in [-1, 1]. The DCGAN trunk (dense projection, batch norm, ReLU,
    strided transposed convolutions) is computed once and shared; each
    domain has its own last transposed convolution with tanh, named after
    its output (``images_a``, ``images_b``).
``cogan_discriminator``
    ``{"images_a": (N, H, W, C), "images_b": ...} -> {"images_a": logits
    (N, 1), "images_b": ...}``. Each domain has its own first strided
    convolution (``down_0_a``, ``down_0_b``); the later convolutions and
    the logit layer are single layer objects called once per domain, so
    they are the same variables for every domain. Domain ``d``'s logits
    depend only on ``images_d``.

Only ``keras.layers`` are used (no custom layer, nothing backend-specific),
so the models round-trip through ``.keras`` with their sharing intact and
run on every Keras 3 backend. Square sides >= 8 that are multiples of 4, as
the DCGAN networks (:mod:`keras_gans.networks.dcgan`).
"""

import keras
from keras import layers

from keras_gans.networks.common import maybe_spectral
from keras_gans.networks.dcgan import plan

__all__ = ["cogan_generator", "cogan_discriminator", "DOMAINS",
           "output_names"]

#: the default domain names: outputs ``images_a`` and ``images_b``
DOMAINS = ("a", "b")


def output_names(domains=DOMAINS):
    """``["images_a", "images_b"]`` for ``domains=("a", "b")``: the output
    (and discriminator input) names of the coupled networks."""
    domains = tuple(str(d) for d in domains)
    if len(domains) < 2 or len(set(domains)) != len(domains) or not all(
            d.isidentifier() for d in domains):
        raise ValueError(
            "domains must name at least two distinct domains with "
            f"identifier-like names (e.g. ('a', 'b')); received {domains!r}.")
    return [f"images_{d}" for d in domains]


def cogan_generator(image_shape=(28, 28, 1), latent_dim=100, width=64,
                    kernel_size=4, batch_norm=True, domains=DOMAINS,
                    name="cogan_generator"):
    """The coupled generators as one model (see the module doc).

    ``width`` is the channel count of the last shared layer; earlier layers
    double it (28x28: 7x7x(2 width) -> 14x14x(width) shared -> 28x28xC per
    domain). Layers: ``project``, ``project_bn``, ``up_<i>``, ``up_<i>_bn``
    (shared) and ``images_<domain>`` (one per domain). ``batch_norm=False``
    drops the batch norms (whose per-replica batch statistics make a
    multi-device step differ from a one-device step).
    """
    shape, u, start = plan(image_shape)
    names = output_names(domains)
    if int(width) < 1 or int(latent_dim) < 1:
        raise ValueError(f"width and latent_dim must be positive; received "
                         f"width={width!r}, latent_dim={latent_dim!r}.")
    channels = int(width) * 2 ** (u - 1)
    z = keras.Input((int(latent_dim),), name="latent")
    x = layers.Dense(start * start * channels, use_bias=not batch_norm,
                     name="project")(z)
    if batch_norm:
        x = layers.BatchNormalization(name="project_bn")(x)
    x = layers.ReLU(name="project_relu")(x)
    x = layers.Reshape((start, start, channels), name="reshape")(x)
    for i in range(u - 1):
        channels //= 2
        x = layers.Conv2DTranspose(channels, kernel_size, strides=2,
                                   padding="same", use_bias=not batch_norm,
                                   name=f"up_{i}")(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"up_{i}_bn")(x)
        x = layers.ReLU(name=f"up_{i}_relu")(x)
    outputs = {out: layers.Conv2DTranspose(
        shape[-1], kernel_size, strides=2, padding="same", activation="tanh",
        name=out)(x) for out in names}
    return keras.Model(z, outputs, name=name)


def cogan_discriminator(image_shape=(28, 28, 1), width=64, kernel_size=4,
                        batch_norm=False, spectral_norm=False, dropout=0.0,
                        domains=DOMAINS, name="cogan_discriminator"):
    """The coupled discriminators as one model (see the module doc).

    Per domain: ``down_0_<domain>`` (strided conv, ``width`` channels) and
    its LeakyReLU(0.2). Shared: ``down_<i>`` for ``i >= 1`` (doubling the
    channels), their optional batch norm, ``flatten`` and ``logits``.
    ``batch_norm`` is off by default: a shared batch-norm layer would keep
    one set of moving statistics for two different domains.
    """
    shape, u, _ = plan(image_shape)
    names = output_names(domains)
    if int(width) < 1:
        raise ValueError(f"width must be positive; received {width!r}.")
    inputs = {out: keras.Input(shape, name=out) for out in names}
    shared = []
    channels = int(width) * 2
    for i in range(1, u):
        block = [maybe_spectral(layers.Conv2D(
            channels, kernel_size, strides=2, padding="same",
            use_bias=not batch_norm, name=f"down_{i}"), spectral_norm)]
        if batch_norm:
            block.append(layers.BatchNormalization(name=f"down_{i}_bn"))
        block.append(layers.LeakyReLU(0.2, name=f"down_{i}_lrelu"))
        if dropout:
            block.append(layers.Dropout(dropout, name=f"down_{i}_dropout"))
        shared += block
        channels *= 2
    shared.append(layers.Flatten(name="flatten"))
    logits = maybe_spectral(layers.Dense(1, name="logits"), spectral_norm)
    outputs = {}
    for out in names:
        suffix = out[len("images_"):]
        x = maybe_spectral(layers.Conv2D(
            int(width), kernel_size, strides=2, padding="same",
            name=f"down_0_{suffix}"), spectral_norm)(inputs[out])
        x = layers.LeakyReLU(0.2, name=f"down_0_{suffix}_lrelu")(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"down_0_{suffix}_dropout")(x)
        for layer in shared:
            x = layer(x)
        outputs[out] = logits(x)
    return keras.Model(inputs, outputs, name=name)
