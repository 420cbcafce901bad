"""Coupled GAN (CoGAN): two DCGAN-style generators sharing all but their
last layer and two discriminators sharing all but their first, trained on
two unpaired domains (``keras_gans.data.domains``)."""

from keras_gans.networks import cogan as nets
from keras_gans.variants.cogan import CoGAN
from keras_gans.zoo.registry import Recipe, adam, register


def cogan_networks(image_shape, latent_dim=100, width=64, kernel_size=4,
                   batch_norm=False, spectral_norm=False, dropout=0.0,
                   generator_batch_norm=True):
    return (nets.cogan_generator(image_shape, latent_dim, width=width,
                                 kernel_size=kernel_size,
                                 batch_norm=generator_batch_norm),
            nets.cogan_discriminator(image_shape, width=width,
                                     kernel_size=kernel_size,
                                     batch_norm=batch_norm,
                                     spectral_norm=spectral_norm,
                                     dropout=dropout))


register(Recipe(
    name="cogan",
    description="Coupled GAN: generators share all but the last layer, "
                "discriminators all but the first; two unpaired domains "
                "(domain b = a transform of a disjoint half), "
                "generate(n, output='all') gives both for one latent.",
    networks=cogan_networks,
    gan_class=CoGAN,
    width=64,
    latent_dim=100,
    dataset="domains:fashion_mnist:negative",
    batch_size=64,
    epochs=10,
    optimizers=adam(2e-4, 0.5),
    reference="Liu & Tuzel 2016, Coupled Generative Adversarial Networks",
))
