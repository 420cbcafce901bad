"""Zoo recipes; each module registers its recipes on import."""

from keras_gans.zoo.recipes import classic  # noqa: F401
from keras_gans.zoo.recipes import cogan  # noqa: F401
from keras_gans.zoo.recipes import conditional  # noqa: F401
from keras_gans.zoo.recipes import pix2pix  # noqa: F401
from keras_gans.zoo.recipes import progressive  # noqa: F401
from keras_gans.zoo.recipes import regularized  # noqa: F401
from keras_gans.zoo.recipes import stylegan  # noqa: F401
