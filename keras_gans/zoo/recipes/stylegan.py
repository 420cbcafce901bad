"""The style-based GAN (Karras et al. 2019): the ``stylegan`` recipe.

The networks are ``keras_gans.networks.style.stylegan_networks``: an
8-layer mapping network (learning-rate multiplier 0.01) to ``w``, a
synthesis network from a learned 4x4 constant with StyleGAN2's modulated /
demodulated 3x3 convolutions, per-pixel noise and skip to-RGB outputs up
to the 32x32 canvas (Fashion-MNIST's 28x28 centred on it with a black
border, as in the ``pggan`` recipe; the generator crops back to 28x28),
and progressive growing's discriminator at the full resolution. The game
is the engine's: the non-saturating loss with lazy R1 on real images
(``keras_gans.penalties.R1(gamma=1, every=16)``: StyleGAN2's lazy
regularisation, the penalty 16 times as heavy every 16th discriminator
step), style mixing with probability 0.9, the average ``w`` tracked with
decay 0.995 for the truncation trick, an EMA of the generator (0.999) for
pictures and export, Adam(2e-3, betas (0, 0.99)) for both networks.

Sizes for a CPU: latent and ``w`` of 64, width 32 (32 channels up to
16x16, 16 at 32x32): ~0.15 s per step of 32 images on 2 shared cores.
"""

from keras_gans.engine import penalties
from keras_gans.networks.style import stylegan_networks
from keras_gans.variants.stylegan import StyleGAN
from keras_gans.zoo.registry import Recipe, adam, register

__all__ = ["R1_GAMMA", "R1_EVERY"]

#: R1's gamma (Fashion-MNIST at 32x32 is small and easy: StyleGAN2-ADA
#: uses gamma 0.01 on CIFAR-10 and 10 on FFHQ at 1024x1024; this recipe,
#: like ``dcgan_r1``, 1)
R1_GAMMA = 1.0
#: lazy regularisation: every 16 discriminator steps (StyleGAN2 section 3.1)
R1_EVERY = 16


def _stylegan_penalties():
    return [penalties.R1(gamma=R1_GAMMA, every=R1_EVERY)]


register(Recipe(
    name="stylegan",
    description="StyleGAN: mapping network (8 layers, lr multiplier 0.01) "
                "to w, learned 4x4 constant, StyleGAN2 modulated / "
                "demodulated convolutions, per-pixel noise, skip to-RGB; "
                "style mixing 0.9, w_avg (decay 0.995) for truncation; "
                "non-saturating loss + lazy R1 (gamma 1, every 16 D steps), "
                "Adam 2e-3 betas (0, 0.99), EMA generator (0.999); ProGAN "
                "discriminator.",
    networks=stylegan_networks,
    gan_class=StyleGAN,
    latent_dim=64,
    width=32,
    loss="non_saturating",
    d_steps=1,
    optimizers=adam(2e-3, 0.0, 0.99),
    penalties=_stylegan_penalties,
    gan_options={"ema_decay": 0.999, "style_mixing": 0.9},
    dataset="fashion_mnist",
    image_shape=(28, 28, 1),
    batch_size=32,
    epochs=10,
    reference="Karras, Laine & Aila 2019, A Style-Based Generator "
              "Architecture for Generative Adversarial Networks; Karras et "
              "al. 2020, Analyzing and Improving the Image Quality of "
              "StyleGAN",
))
