"""The original GAN (MLP) and DCGAN."""

from keras_gans import networks
from keras_gans.zoo.registry import Recipe, adam, register


def mlp_networks(image_shape, latent_dim=100, units=256, num_layers=2,
                 dropout=0.3, spectral_norm=False):
    return (networks.mlp_generator(image_shape, latent_dim, units=units,
                                   num_layers=num_layers),
            networks.mlp_discriminator(image_shape, units=units,
                                       num_layers=num_layers, dropout=dropout,
                                       spectral_norm=spectral_norm))


def dcgan_networks(image_shape, latent_dim=100, width=64, kernel_size=4,
                   batch_norm=True, spectral_norm=False, dropout=0.0):
    return (networks.dcgan_generator(image_shape, latent_dim, width=width,
                                     kernel_size=kernel_size),
            networks.dcgan_discriminator(image_shape, width=width,
                                         kernel_size=kernel_size,
                                         batch_norm=batch_norm,
                                         spectral_norm=spectral_norm,
                                         dropout=dropout))


register(Recipe(
    name="gan",
    description="Original GAN: MLP generator and discriminator (dropout), "
                "non-saturating loss; loss='minimax' and d_steps=k give "
                "Algorithm 1 exactly.",
    networks=mlp_networks,
    width=256,
    width_arg="units",
    latent_dim=100,
    dataset="mnist_5k",
    batch_size=64,
    epochs=30,
    optimizers=adam(2e-4, 0.5),
    # XLA: 1.21x the plain step for these dense networks here (the
    # convolutional recipes gain nothing: benchmarks/RESULTS.md)
    jit_compile=True,
    reference="Goodfellow et al. 2014, Generative Adversarial Nets",
))

register(Recipe(
    name="dcgan",
    description="DCGAN: strided (transposed) convolutions, batch norm, "
                "LeakyReLU discriminator, non-saturating loss.",
    networks=dcgan_networks,
    width=64,
    latent_dim=100,
    dataset="fashion_mnist",
    batch_size=64,
    epochs=10,
    optimizers=adam(2e-4, 0.5),
    reference="Radford et al. 2016, Unsupervised Representation Learning "
              "with Deep Convolutional GANs",
))
