"""GAN variants whose game differs from the plain engine: each subclasses
``keras_gans.gan.GAN`` and overrides the smallest hooks.

Importing this package registers the variant classes with Keras, which
``keras.saving.load_model`` needs to read their ``.keras`` files.
"""

from keras_gans.variants.acgan import ACGAN, SemiSupervisedGAN
from keras_gans.variants.cogan import CoGAN
from keras_gans.variants.conditional import ConditionalGAN
from keras_gans.variants.infogan import InfoGAN
from keras_gans.variants.pix2pix import Pix2Pix
from keras_gans.variants.progressive import ProgressiveGAN  # noqa: F401
from keras_gans.variants.stylegan import StyleGAN  # noqa: F401
from keras_gans.variants.unrolled import UnrolledGAN

__all__ = ["ACGAN", "CoGAN", "ConditionalGAN", "InfoGAN", "SemiSupervisedGAN",
           "UnrolledGAN"]
