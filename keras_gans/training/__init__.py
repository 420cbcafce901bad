"""Training a recipe end to end (``run``), the training callbacks
(``callbacks``: sample grids, FID) and the pictures of conditional models
(``pictures``: class grids, code traversals)."""

from keras_gans.training import callbacks, pictures
from keras_gans.training.run import save_model_atomically, train, write_json

__all__ = ["callbacks", "pictures", "save_model_atomically", "train",
           "write_json"]
