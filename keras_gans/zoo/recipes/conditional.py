"""Conditional and information-maximising GANs: CGAN, AC-GAN, InfoGAN.

All three use the DCGAN-style networks of
``keras_gans.networks.conditional`` and the engine's losses; the class
count (``num_classes``) or the code layout (``categorical_dims``,
``continuous_dims``) is given to both the network builder and the GAN class.
"""

from keras_gans.networks import conditional as nets
from keras_gans.variants import ACGAN, ConditionalGAN, InfoGAN
from keras_gans.zoo.registry import Recipe, adam, register


def cgan_networks(image_shape, latent_dim=100, width=64, num_classes=10,
                  conditioning="projection", embedding_dim=None,
                  kernel_size=4, batch_norm=True, spectral_norm=False,
                  dropout=0.0):
    return (nets.conditional_generator(image_shape, latent_dim, num_classes,
                                       width=width, kernel_size=kernel_size,
                                       embedding_dim=embedding_dim),
            nets.conditional_discriminator(
                image_shape, num_classes, width=width,
                kernel_size=kernel_size, conditioning=conditioning,
                batch_norm=batch_norm, spectral_norm=spectral_norm,
                dropout=dropout))


def acgan_networks(image_shape, latent_dim=100, width=64, num_classes=10,
                   embedding_dim=None, kernel_size=4, batch_norm=True,
                   spectral_norm=False, dropout=0.0):
    return (nets.conditional_generator(image_shape, latent_dim, num_classes,
                                       width=width, kernel_size=kernel_size,
                                       embedding_dim=embedding_dim),
            nets.acgan_discriminator(image_shape, num_classes, width=width,
                                     kernel_size=kernel_size,
                                     batch_norm=batch_norm,
                                     spectral_norm=spectral_norm,
                                     dropout=dropout))


def infogan_networks(image_shape, latent_dim=62, width=64,
                     categorical_dims=(10,), continuous_dims=2,
                     hidden_units=1024, q_units=128, kernel_size=4,
                     min_std=0.05):
    input_dim = latent_dim + sum(categorical_dims) + continuous_dims
    return (nets.infogan_generator(image_shape, input_dim, width=width,
                                   hidden_units=hidden_units,
                                   kernel_size=kernel_size),
            nets.infogan_discriminator(image_shape, categorical_dims,
                                       continuous_dims, width=width,
                                       hidden_units=hidden_units,
                                       q_units=q_units,
                                       kernel_size=kernel_size,
                                       min_std=min_std))


register(Recipe(
    name="cgan",
    description="Conditional DCGAN: one-hot label concatenated to z in G, "
                "projection discriminator; generate(n, labels=...).",
    networks=cgan_networks,
    gan_class=ConditionalGAN,
    width=64,
    latent_dim=100,
    dataset="fashion_mnist",
    with_labels=True,
    batch_size=64,
    epochs=10,
    optimizers=adam(2e-4, 0.5),
    network_options={"num_classes": 10},
    gan_options={"num_classes": 10},
    reference="Mirza & Osindero 2014, Conditional Generative Adversarial "
              "Nets; Miyato & Koyama 2018, cGANs with Projection "
              "Discriminator",
))

register(Recipe(
    name="acgan",
    description="AC-GAN: conditional DCGAN generator, discriminator with a "
                "real/fake head and a class head; class cross-entropy in "
                "both losses.",
    networks=acgan_networks,
    gan_class=ACGAN,
    width=64,
    latent_dim=100,
    dataset="fashion_mnist",
    with_labels=True,
    batch_size=64,
    epochs=10,
    optimizers=adam(2e-4, 0.5),
    network_options={"num_classes": 10},
    gan_options={"num_classes": 10, "class_weight": 1.0},
    reference="Odena, Olah & Shlens 2017, Conditional Image Synthesis with "
              "Auxiliary Classifier GANs",
))

register(Recipe(
    name="infogan",
    description="InfoGAN: z (62) + one 10-way categorical + 2 continuous "
                "codes, Q head on the discriminator body, lambda_cat=1, "
                "lambda_cont=0.1.",
    networks=infogan_networks,
    gan_class=InfoGAN,
    width=64,
    latent_dim=62,
    dataset="fashion_mnist",
    with_labels=False,
    batch_size=64,
    epochs=10,
    optimizers=adam(2e-4, 0.5, g_learning_rate=1e-3),
    network_options={"categorical_dims": (10,), "continuous_dims": 2},
    gan_options={"categorical_dims": (10,), "continuous_dims": 2,
                 "lambda_cat": 1.0, "lambda_cont": 0.1},
    reference="Chen et al. 2016, InfoGAN: Interpretable Representation "
              "Learning by Information Maximizing Generative Adversarial "
              "Nets",
))
