"""Zoo recipes; each module registers its recipes on import."""

from keras_gans.recipes import classic  # noqa: F401
