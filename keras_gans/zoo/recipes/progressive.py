"""Progressive growing (Karras et al. 2018): the ``pggan`` recipe.

The networks (``keras_gans.networks.progressive``) grow 4x4 -> 8x8 -> 16x16
-> 32x32 over seven phases, alternating a fade-in of each new resolution and
a stable phase, each of a set number of real images (:func:`pggan_phases`).
Fashion-MNIST's 28x28 images are centred on the 32x32 canvas (a black
border) and the final generator crops its output back to 28x28. The loss is
the paper's: WGAN-GP (lambda 10) with the drift term ``0.001 * D(x)^2``, one
critic step per generator step, Adam(1e-3, betas (0, 0.99)), an EMA of the
generator (decay 0.999) for the pictures and the published model.
"""

from keras_gans.engine import penalties
from keras_gans.networks.progressive import progressive_networks, resolutions
from keras_gans.variants.progressive import ProgressiveGAN
from keras_gans.zoo.registry import Phase, Recipe, adam, register

__all__ = ["pggan_phases", "PHASE_IMAGES"]

#: real images per phase of the recipe (the paper: 800,000 at every
#: resolution; this is a CPU-sized schedule, see zoo/pggan-fashion-mnist)
PHASE_IMAGES = 60_000


def pggan_phases(image_shape=(28, 28, 1), images=PHASE_IMAGES, epochs=2):
    """The phases of a progressive run up to ``image_shape``: ``4x4``
    stable, then for every resolution ``r`` of 8, 16, ... up to the canvas
    (:func:`~keras_gans.networks.progressive.resolutions`) an ``r x r``
    fade-in and an ``r x r`` stable phase; each phase trains on ``images``
    real images over ``epochs`` epochs (a sample grid after each). The
    data stay at ``image_shape``; each phase's ``options`` tell the network
    builder its resolution and stage."""
    image_shape = tuple(image_shape)
    phases = []
    for r in resolutions(image_shape):
        stages = ("stable",) if r == 4 else ("fade_in", "stable")
        for stage in stages:
            phases.append(Phase(image_shape, epochs=int(epochs),
                                images=int(images),
                                options={"resolution": r, "stage": stage},
                                name=f"{r}x{r}_{stage}"))
    return tuple(phases)


def _pggan_penalties():
    return [penalties.GradientPenalty(10.0), penalties.Drift(1e-3)]


register(Recipe(
    name="pggan",
    description="Progressive GAN: 4x4 -> 8x8 -> 16x16 -> 32x32, fade-in "
                "and stable phases of 60,000 real images each, pixel norm, "
                "minibatch stddev, equalized learning rate; WGAN-GP + drift "
                "0.001, Adam 1e-3 betas (0, 0.99), EMA generator (0.999).",
    networks=progressive_networks,
    gan_class=ProgressiveGAN,
    latent_dim=128,
    width=64,
    loss="wasserstein",
    d_steps=1,
    optimizers=adam(1e-3, 0.0, 0.99),
    penalties=_pggan_penalties,
    gan_options={"ema_decay": 0.999},
    dataset="fashion_mnist",
    image_shape=(28, 28, 1),
    batch_size=32,
    epochs=2 * len(pggan_phases((28, 28, 1))),
    phases=pggan_phases((28, 28, 1)),
    reference="Karras, Aila, Laine & Lehtinen 2018, Progressive Growing of "
              "GANs for Improved Quality, Stability, and Variation",
))
