"""Wasserstein and regularised GANs: WGAN, WGAN-GP, LSGAN, SN-GAN and
DCGAN + R1.

Each recipe is the shared engine with a different loss, penalty, optimizer
and critic: no recipe has its own training loop. All use the DCGAN networks
of ``recipes.classic`` (any square image whose side is a multiple of 4, at
least 8); the critics of the Wasserstein and gradient-penalty recipes have
no batch norm (a per-example gradient penalty or a critic score must not
depend on the other examples of the batch).
"""

import keras

from keras_gans import networks
from keras_gans.engine import penalties
from keras_gans.zoo.recipes.classic import dcgan_networks
from keras_gans.zoo.registry import Recipe, adam, register


def sngan_networks(image_shape, latent_dim=100, width=64, d_width=None):
    """The DCGAN generator (``width``) with SN-GAN's standard CNN
    discriminator of width ``d_width``, by default ``width // 2`` (32 for
    the recipe: the paper's 64 costs ~4x the convolutions, 32 keeps a
    training step within 1.5x of the DCGAN's on a 2-core CPU)."""
    d_width = max(1, int(width) // 2) if d_width is None else int(d_width)
    return (networks.dcgan_generator(image_shape, latent_dim, width=width),
            networks.sngan_discriminator(image_shape, width=d_width))


def rmsprop(learning_rate=5e-5, rho=0.9):
    """Factory of a (d_optimizer, g_optimizer) pair of RMSprop optimizers
    (no momentum, as WGAN's Algorithm 1 prescribes)."""
    def make():
        return (keras.optimizers.RMSprop(learning_rate, rho=rho),
                keras.optimizers.RMSprop(learning_rate, rho=rho))
    make.description = f"RMSprop(lr={learning_rate}, rho={rho})"
    return make


def _wgan_penalties():
    return [penalties.WeightClip(0.01)]


def _wgan_gp_penalties():
    return [penalties.GradientPenalty(10.0)]


def _r1_penalties():
    return [penalties.R1(gamma=1.0, every=4)]


register(Recipe(
    name="wgan",
    description="WGAN: Wasserstein loss, critic weights clipped to "
                "[-0.01, 0.01], RMSprop 5e-5, 5 critic steps, critic "
                "without batch norm.",
    networks=dcgan_networks,
    network_options={"batch_norm": False},
    loss="wasserstein",
    d_steps=5,
    optimizers=rmsprop(5e-5),
    penalties=_wgan_penalties,
    dataset="fashion_mnist",
    batch_size=64,
    epochs=20,
    reference="Arjovsky, Chintala & Bottou 2017, Wasserstein GAN",
))

register(Recipe(
    name="wgan_gp",
    description="WGAN-GP: Wasserstein loss + gradient penalty (lambda=10), "
                "Adam 1e-4 betas (0.5, 0.9), 5 critic steps, critic without "
                "batch norm, EMA generator (decay 0.99).",
    networks=dcgan_networks,
    network_options={"batch_norm": False},
    gan_options={"ema_decay": 0.99},
    loss="wasserstein",
    d_steps=5,
    optimizers=adam(1e-4, 0.5, 0.9),
    penalties=_wgan_gp_penalties,
    dataset="fashion_mnist",
    batch_size=64,
    epochs=10,
    # XLA: 1.18x the plain step here (5 critic steps with the penalty's
    # double backprop; benchmarks/RESULTS.md)
    jit_compile=True,
    reference="Gulrajani et al. 2017, Improved Training of Wasserstein GANs",
))

register(Recipe(
    name="lsgan",
    description="LSGAN: least-squares loss (a=0, b=c=1) on the DCGAN "
                "networks, Adam 2e-4 beta1 0.5.",
    networks=dcgan_networks,
    loss="least_squares",
    optimizers=adam(2e-4, 0.5),
    dataset="fashion_mnist",
    batch_size=64,
    epochs=10,
    reference="Mao et al. 2017, Least Squares Generative Adversarial "
              "Networks",
))

register(Recipe(
    name="sngan",
    description="SN-GAN: hinge loss, SN-GAN's standard CNN discriminator "
                "(3x3 + strided 4x4 convolutions, spectral normalisation on "
                "every layer, no batch norm), DCGAN generator, 1 D step, "
                "Adam 2e-4, betas (0.5, 0.999) for both networks.",
    networks=sngan_networks,
    # The DCGAN discriminator with spectral norm (dcgan_networks with
    # spectral_norm=True) is too shallow: after 3 epochs of Fashion-MNIST
    # its samples were still blocks with grid artefacts, where this
    # critic gave garment shapes after one (benchmarks/RESULTS.md).
    loss="hinge",
    # One of Miyato et al.'s settings (Table 1). With this critic it gave
    # more varied garments after 2 epochs than the two time-scale rule
    # (D 4e-4, G 1e-4, betas (0, 0.9)) of SAGAN, which stayed on boxy tops.
    optimizers=adam(2e-4, 0.5, 0.999),
    dataset="fashion_mnist",
    batch_size=64,
    epochs=10,
    reference="Miyato et al. 2018, Spectral Normalization for Generative "
              "Adversarial Networks",
))

register(Recipe(
    name="dcgan_r1",
    description="DCGAN + R1: non-saturating loss with the zero-centred R1 "
                "penalty on real data (gamma=1, lazy: every 4 D steps), "
                "discriminator without batch norm.",
    networks=dcgan_networks,
    network_options={"batch_norm": False},
    loss="non_saturating",
    optimizers=adam(2e-4, 0.5),
    penalties=_r1_penalties,
    dataset="fashion_mnist",
    batch_size=64,
    epochs=10,
    reference="Mescheder, Geiger & Nowozin 2018, Which Training Methods for "
              "GANs do actually Converge?",
))
