"""pix2pix: paired image-to-image translation (Isola et al. 2017)."""

from keras_gans.networks.patchgan import patchgan_discriminator
from keras_gans.networks.unet import unet_generator
from keras_gans.variants.pix2pix import Pix2Pix
from keras_gans.zoo.registry import Recipe, adam, register


def pix2pix_networks(image_shape, width=64, input_channels=None,
                     max_width=None, dropout=0.5, dropout_blocks=3,
                     d_width=None, d_layers=3):
    """The U-Net generator and the PatchGAN discriminator for
    ``image_shape`` (the targets'); ``d_width`` defaults to ``width``,
    ``d_layers`` is the PatchGAN's stride-2 layers (3: 70x70 patches)."""
    return (unet_generator(image_shape, input_channels=input_channels,
                           width=width, max_width=max_width, dropout=dropout,
                           dropout_blocks=dropout_blocks),
            patchgan_discriminator(image_shape,
                                   input_channels=input_channels,
                                   width=d_width or width,
                                   num_layers=d_layers))


register(Recipe(
    name="pix2pix",
    description="pix2pix: U-Net generator (skips, dropout as the noise), "
                "PatchGAN on (input, output) pairs, non-saturating loss + "
                "100 * L1 to the target; paired data with random jitter "
                "and mirroring.",
    networks=pix2pix_networks,
    gan_class=Pix2Pix,
    latent_dim=0,  # no latent: the noise is dropout
    width=16,
    loss="non_saturating",
    optimizers=adam(2e-4, 0.5),
    dataset="edges2fashion",
    image_shape=(32, 32, 1),
    batch_size=16,
    epochs=2,
    paired=True,
    data_options={"augment": True},
    # 32x32 images: 34x34 patches (2 stride-2 layers) cover the image, as
    # the 70x70 PatchGAN covers about a quarter of a 256x256 one
    # width 16 (channels 16-32-64-128-128) rather than the paper's 64 (a
    # 1M-parameter generator, 4 MB exported): a CPU-sized network
    network_options={"max_width": 128, "d_layers": 2},
    gan_options={"l1_weight": 100.0},
    reference="Isola, Zhu, Zhou & Efros 2017, Image-to-Image Translation "
              "with Conditional Adversarial Networks",
))
