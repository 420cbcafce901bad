"""The checks of a training run that need no training: they run before
anything is written (``OUT`` is not even created), so a bad split, a folder
whose class count is not the recipe's or a corrupt image file fails at once
with one clear message instead of mid-epoch."""

import os

from keras_gans import data as data_lib
from keras_gans.utils.checks import check_num_classes

__all__ = ["check_run", "recipe_num_classes"]


def recipe_num_classes(recipe, overrides=None):
    """The class count a conditional recipe builds for: ``num_classes`` of
    ``overrides`` (``--num-classes``), else the recipe's own; ``None`` for
    a recipe without classes."""
    given = (overrides or {}).get("num_classes")
    if given is not None:
        return given
    for options in (recipe.network_options, recipe.gan_options):
        if options.get("num_classes") is not None:
            return int(options["num_classes"])
    return None


def _is_folder(dataset):
    return isinstance(dataset, (str, os.PathLike)) and os.path.isdir(
        dataset) and not str(dataset).lower().startswith(("tfds:",
                                                          "domains:"))


def check_run(recipe, dataset, split, overrides):
    """Raises ``ValueError`` (what was received, what was expected, what to
    do) for a run of ``recipe`` on ``dataset`` that cannot work:

    - ``split`` is not a split of the named dataset (``--split``);
    - ``num_classes`` (``--num-classes``) given to a recipe without classes,
      or not an integer >= 2;
    - a conditional recipe on a folder without class sub-folders, or whose
      number of class sub-folders (or a named dataset's class count) is not
      the class count the recipe builds for;
    - an image file of a folder dataset that is corrupt or truncated.
    """
    data_lib.check_split(dataset, split)
    given = overrides.get("num_classes")
    if given is not None:
        if not recipe.with_labels:
            raise ValueError(
                f"Recipe {recipe.name!r} is not conditional: it takes no "
                f"num_classes (--num-classes); received {given!r}. Drop the "
                "option, or train a conditional recipe (cgan, acgan).")
        overrides["num_classes"] = check_num_classes(
            given, "num_classes (--num-classes)")
    folder = _is_folder(dataset) and not recipe.paired
    classes = data_lib.folder_classes(dataset, check_files=True) if folder \
        else None
    if not recipe.with_labels:
        return
    expected = recipe_num_classes(recipe, overrides)
    if folder:
        if classes is None:
            raise ValueError(
                f"Recipe {recipe.name!r} is conditional (class labels) but "
                f"the dataset folder {str(dataset)!r} holds images directly "
                "in it, without class sub-folders; put the images of each "
                "class in a sub-folder of their own (FOLDER/CLASS/*.png), "
                "or train an unconditional recipe (dcgan).")
        have, where = len(classes), (
            f"the dataset folder {str(dataset)!r} has {len(classes)} class "
            f"sub-folders ({', '.join(classes[:4])}"
            f"{', ...' if len(classes) > 4 else ''})")
    else:
        info = data_lib.NAMED_DATASETS.get(data_lib.named_dataset(dataset))
        if not info or info.get("num_classes") is None:
            return  # tfds, arrays: labels are checked when they are read
        have = int(info["num_classes"])
        where = f"the dataset {dataset!r} has {have} classes"
    if expected is not None and have != expected:
        source = ("num_classes (--num-classes)" if given is not None else
                  "the recipe's num_classes")
        raise ValueError(
            f"Recipe {recipe.name!r} builds a generator of {expected} "
            f"classes ({source}) but {where}; pass --num-classes {have} "
            f"(Python: num_classes={have}) to train on it.")
