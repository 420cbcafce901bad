"""The zoo: recipes (how to build and train a GAN), entries (a recipe
trained on a dataset with a fixed schedule and seed) and their published
generators.

    registry    the tables of recipes and entries (a leaf)
    recipes/    one module per family; each registers its recipes
    entries     the zoo entries
    published   the manifest, downloads, ``load_generator``, ``load_gan``
    archives    fetching, verifying (sha256) and unpacking archives
    publish     archiving a trained run into ``saved_models/`` (CLI only)
    docs        the entry pages (CLI only)

Importing this package registers every recipe and entry.
"""

from keras_gans.zoo import recipes as _recipe_modules  # noqa: F401
# (the recipe modules register on import; ``zoo.recipes()`` lists them)
from keras_gans.zoo import entries as _entries  # noqa: F401  (registers)
from keras_gans.zoo import archives
from keras_gans.zoo.published import (download, load_gan, load_generator,
                                      manifest)
from keras_gans.zoo.registry import (TRAIN_FLAG_OPTIONS, Entry, Phase,
                                     Recipe, adam, build, entries,
                                     entry_names, find_entry, get, get_entry,
                                     names, recipes, register,
                                     register_entry)

__all__ = ["TRAIN_FLAG_OPTIONS", "Entry", "Phase", "Recipe", "adam",
           "archives", "build", "download", "entries", "entry_names",
           "find_entry", "get", "get_entry", "load_gan", "load_generator",
           "manifest", "names", "recipes", "register", "register_entry"]
