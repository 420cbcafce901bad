"""Networks of the conditional and information-maximising GANs.

All builders return functional ``keras.Model``s made of ``keras.layers`` only
(backend-neutral) and follow the DCGAN layout of
``keras_gans.networks.dcgan`` (strided transposed convolutions with batch
norm and ReLU up, strided convolutions with LeakyReLU(0.2) down), so they
work for square images whose side is a multiple of 4, at least 8.

Inputs and outputs:

``conditional_generator``
    ``[latent (N, latent_dim) float, labels (N,) int32] -> images``.
``conditional_discriminator``
    ``[images, labels (N,) int32] -> logits (N, 1)``; the label enters as
    one-hot maps concatenated to the image (``conditioning="concat"``,
    Mirza & Osindero 2014) or through a projection of the image features on
    a class embedding (``conditioning="projection"``, Miyato & Koyama 2018).
``acgan_discriminator``
    ``images -> {"adversarial": (N, 1), "classes": (N, C)}`` (Odena et al.
    2017).
``semi_supervised_discriminator``
    ``images -> (N, C + 1)`` logits, the last column meaning "fake"
    (Salimans et al. 2016); ``fake_logit=False`` gives ``(N, C)`` with the
    fake logit fixed at 0.
``infogan_generator`` / ``infogan_discriminator``
    ``latent (N, noise + codes) -> images`` and ``images ->
    {"adversarial", "categorical", "continuous_mean", "continuous_std"}``
    (Chen et al. 2016): the Q head shares the discriminator body.
"""

import keras
from keras import layers

from keras_gans.networks.common import maybe_spectral
from keras_gans.networks.dcgan import downsample, plan, upsample
from keras_gans.utils.checks import check_num_classes

__all__ = [
    "conditional_generator",
    "conditional_discriminator",
    "acgan_discriminator",
    "semi_supervised_discriminator",
    "infogan_generator",
    "infogan_discriminator",
]




def _label_input():
    return keras.Input((), dtype="int32", name="labels")


def _label_code(labels, num_classes, embedding_dim):
    """One-hot ``(N, C)`` (``embedding_dim=None``) or a learned embedding."""
    if embedding_dim:
        return layers.Embedding(num_classes, int(embedding_dim),
                                name="label_encoding")(labels)
    return layers.CategoryEncoding(num_classes, output_mode="one_hot",
                                   name="label_encoding")(labels)


def conditional_generator(image_shape=(28, 28, 1), latent_dim=100,
                          num_classes=10, width=64, kernel_size=4,
                          embedding_dim=None, name="conditional_generator"):
    """``[latent, labels] -> images`` in [-1, 1].

    The label is one-hot encoded (or embedded in ``embedding_dim``
    dimensions) and concatenated to the latent vector, as in Mirza &
    Osindero (2014); the rest is the DCGAN generator.
    """
    plan(image_shape)
    num_classes = check_num_classes(num_classes)
    z = keras.Input((latent_dim,), name="latent")
    y = _label_input()
    x = layers.Concatenate(name="latent_and_label")(
        [z, _label_code(y, num_classes, embedding_dim)])
    images = upsample(x, image_shape, width, kernel_size)
    return keras.Model([z, y], images, name=name)


def conditional_discriminator(image_shape=(28, 28, 1), num_classes=10,
                              width=64, kernel_size=4,
                              conditioning="projection", batch_norm=True,
                              spectral_norm=False, dropout=0.0,
                              name="conditional_discriminator"):
    """``[images, labels] -> logits (N, 1)``.

    ``conditioning="concat"``: one-hot label maps (``H x W x C``) are
    concatenated to the image channels before the first convolution.
    ``conditioning="projection"``: ``logit = w . phi(x) + b + e_y . phi(x)``
    with ``phi`` the flattened convolutional features and ``e_y`` a learned
    class embedding (the projection discriminator).
    """
    shape, _, _ = plan(image_shape)
    num_classes = check_num_classes(num_classes)
    if conditioning not in ("projection", "concat"):
        raise ValueError(
            "conditioning must be 'projection' or 'concat'; received "
            f"{conditioning!r}.")
    images = keras.Input(shape, name="images")
    y = _label_input()
    if conditioning == "concat":
        onehot = _label_code(y, num_classes, None)
        maps = layers.Reshape((1, 1, num_classes), name="label_pixel")(onehot)
        maps = layers.UpSampling2D(shape[:2], name="label_maps")(maps)
        x = layers.Concatenate(name="image_and_label")([images, maps])
        features = downsample(x, width, kernel_size, batch_norm,
                              spectral_norm, dropout)
        logits = maybe_spectral(layers.Dense(1, name="logits"),
                                spectral_norm)(features)
    else:
        features = downsample(images, width, kernel_size, batch_norm,
                              spectral_norm, dropout)
        num_features = features.shape[-1]
        unconditional = maybe_spectral(layers.Dense(1, name="linear"),
                                       spectral_norm)(features)
        embedding = layers.Embedding(num_classes, num_features,
                                     name="label_encoding")(y)
        projection = layers.Dot(axes=1, name="projection")(
            [embedding, features])
        logits = layers.Add(name="logits")([unconditional, projection])
    return keras.Model([images, y], logits, name=name)


def _classifier_body(image_shape, width, kernel_size, batch_norm,
                     spectral_norm, dropout):
    shape, _, _ = plan(image_shape)
    images = keras.Input(shape, name="images")
    features = downsample(images, width, kernel_size, batch_norm,
                          spectral_norm, dropout)
    return images, features


def acgan_discriminator(image_shape=(28, 28, 1), num_classes=10, width=64,
                        kernel_size=4, batch_norm=True, spectral_norm=False,
                        dropout=0.0, name="acgan_discriminator"):
    """``images -> {"adversarial": (N, 1) logit, "classes": (N, C) logits}``:
    one convolutional body, two linear heads (Odena et al. 2017)."""
    num_classes = check_num_classes(num_classes)
    images, features = _classifier_body(image_shape, width, kernel_size,
                                        batch_norm, spectral_norm, dropout)
    adversarial = maybe_spectral(layers.Dense(1, name="adversarial"),
                                 spectral_norm)(features)
    classes = maybe_spectral(layers.Dense(num_classes, name="classes"),
                             spectral_norm)(features)
    return keras.Model(images, {"adversarial": adversarial,
                                "classes": classes}, name=name)


def semi_supervised_discriminator(image_shape=(28, 28, 1), num_classes=10,
                                  width=64, kernel_size=4, batch_norm=True,
                                  spectral_norm=False, dropout=0.0,
                                  fake_logit=True,
                                  name="semi_supervised_discriminator"):
    """``images -> (N, C + 1)`` logits over the C real classes and "fake"
    (last column). With ``fake_logit=False`` the network outputs ``(N, C)``
    and the fake logit is taken as 0 (Salimans et al. 2016, section 5: the
    C + 1 logits are over-parametrised)."""
    num_classes = check_num_classes(num_classes)
    images, features = _classifier_body(image_shape, width, kernel_size,
                                        batch_norm, spectral_norm, dropout)
    units = num_classes + 1 if fake_logit else num_classes
    logits = maybe_spectral(layers.Dense(units, name="logits"),
                            spectral_norm)(features)
    return keras.Model(images, logits, name=name)


def infogan_generator(image_shape=(28, 28, 1), input_dim=74, width=64,
                      hidden_units=1024, kernel_size=4,
                      name="infogan_generator"):
    """``latent (N, input_dim) -> images``; ``input_dim`` counts the noise
    and the codes (one-hot categorical + continuous), which the InfoGAN
    concatenates. The InfoGAN paper's MNIST generator: a hidden dense layer
    of ``hidden_units`` before the DCGAN projection."""
    plan(image_shape)
    z = keras.Input((int(input_dim),), name="latent")
    x = z
    if hidden_units:
        x = layers.Dense(int(hidden_units), use_bias=False, name="hidden")(x)
        x = layers.BatchNormalization(name="hidden_bn")(x)
        x = layers.ReLU(name="hidden_relu")(x)
    images = upsample(x, image_shape, width, kernel_size)
    return keras.Model(z, images, name=name)


def infogan_discriminator(image_shape=(28, 28, 1), categorical_dims=(10,),
                          continuous_dims=2, width=64, hidden_units=1024,
                          q_units=128, kernel_size=4, min_std=0.05,
                          name="infogan_discriminator"):
    """``images -> {"adversarial": (N, 1), "categorical": (N, sum(K)),
    "continuous_mean": (N, L), "continuous_std": (N, L)}``.

    D and the Q head share the convolutional body and the hidden dense
    layer; Q adds its own dense layer of ``q_units``. The standard deviation
    is ``softplus(.) + min_std`` so it stays positive and bounded below.
    Heads of absent codes (no categorical or no continuous code) are left
    out of the output dict.
    """
    categorical_dims = [int(k) for k in categorical_dims]
    continuous_dims = int(continuous_dims)
    images, features = _classifier_body(image_shape, width, kernel_size,
                                        True, False, 0.0)
    x = features
    if hidden_units:
        x = layers.Dense(int(hidden_units), use_bias=False,
                         name="hidden")(x)
        x = layers.BatchNormalization(name="hidden_bn")(x)
        x = layers.LeakyReLU(0.2, name="hidden_lrelu")(x)
    outputs = {"adversarial": layers.Dense(1, name="adversarial")(x)}
    q = layers.Dense(int(q_units), use_bias=False, name="q_hidden")(x)
    q = layers.BatchNormalization(name="q_hidden_bn")(q)
    q = layers.LeakyReLU(0.2, name="q_hidden_lrelu")(q)
    if sum(categorical_dims):
        outputs["categorical"] = layers.Dense(
            sum(categorical_dims), name="q_categorical")(q)
    if continuous_dims:
        outputs["continuous_mean"] = layers.Dense(
            continuous_dims, name="q_continuous_mean")(q)
        std = layers.Dense(continuous_dims, activation="softplus",
                           name="q_continuous_softplus")(q)
        outputs["continuous_std"] = layers.Rescaling(
            1.0, offset=float(min_std), name="q_continuous_std")(std)
    return keras.Model(images, outputs, name=name)
