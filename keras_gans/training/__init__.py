"""Training a recipe end to end (``run``), the training callbacks
(``callbacks``: sample grids, FID), the pictures of conditional models
(``pictures``: class grids, code traversals) and of 2-D models
(``scatter``: samples over the modes of a mixture, mode metrics per
epoch)."""

from keras_gans.training import callbacks, pictures, scatter
from keras_gans.training.run import save_model_atomically, train, write_json
from keras_gans.training import checkpoints

__all__ = ["callbacks", "checkpoints", "pictures", "save_model_atomically",
           "scatter",
           "train", "write_json"]
