"""Pictures of conditional and InfoGAN generators: per-class grids and
latent traversals, as functions and as Keras callbacks.

``class_grid(gan, per_class=8)``
    one row per class, ``per_class`` columns; column ``j`` uses the same
    noise in every row, so a column shows one "style" across the classes.
    Works for ``ConditionalGAN`` / ``ACGAN`` (``labels=``) and, row = value
    of a categorical code, for ``InfoGAN``.
``latent_traversal(gan, vary="categorical" | "continuous", index=0)``
    InfoGAN: one code varied along each row, everything else fixed within
    the row; rows are different categorical values (``rows="categorical"``)
    or different noise (``rows="latent"``).
``ClassGrid`` / ``LatentTraversal``
    write those pictures as PNG every N epochs, from inputs fixed when
    training starts (so successive epochs are comparable).
"""

import numpy as np
from keras import ops

from keras_gans.training.callbacks import FixedInputsGrid
from keras_gans.utils.images import save_grid

__all__ = ["class_grid", "class_grid_inputs", "save_class_grid",
           "latent_traversal", "latent_traversal_inputs",
           "save_latent_traversal", "ClassGrid", "LatentTraversal"]


def _is_infogan(gan):
    return hasattr(gan, "categorical_dims") and hasattr(gan,
                                                        "continuous_dims")


def _numpy_inputs(inputs):
    return {k: np.asarray(ops.convert_to_numpy(v)) for k, v in inputs.items()}


def class_grid_inputs(gan, per_class=8, classes=None, seed=0, code=0):
    """Generator inputs of a per-class grid: ``len(classes) * per_class``
    rows in class-major order (row ``r`` = ``classes[r]``), the noise of
    column ``j`` shared by every row. For an InfoGAN the "class" is the value
    of categorical code ``code``."""
    per_class = int(per_class)
    if per_class < 1:
        raise ValueError(f"per_class must be >= 1; received {per_class}.")
    if _is_infogan(gan):
        if not gan.categorical_dims:
            raise ValueError("This InfoGAN has no categorical code; use "
                             "latent_traversal(vary='continuous').")
        if not 0 <= int(code) < len(gan.categorical_dims):
            raise ValueError(
                f"code must index a categorical code in [0, "
                f"{len(gan.categorical_dims)}); received {code}.")
        num_classes = gan.categorical_dims[int(code)]
    elif hasattr(gan, "num_classes") and hasattr(gan, "sample_labels"):
        num_classes = gan.num_classes
    else:
        raise ValueError(
            f"class_grid needs a class-conditional GAN (ConditionalGAN, "
            f"ACGAN) or an InfoGAN; received {type(gan).__name__}.")
    classes = np.arange(num_classes) if classes is None else np.asarray(
        classes)
    if classes.ndim != 1 or len(classes) == 0:
        raise ValueError("classes must be a non-empty list of class ids; "
                         f"received {classes!r}.")
    rows = len(classes)
    n = rows * per_class
    z = np.asarray(ops.convert_to_numpy(
        gan.random_normal((per_class, gan.latent_dim), seed=seed)))
    latent = np.tile(z, (rows, 1))
    row_values = np.repeat(classes, per_class)
    if _is_infogan(gan):
        base = gan.sample_generator_inputs(per_class, seed=seed, codes={})
        cat = np.tile(np.asarray(ops.convert_to_numpy(base["categorical"])),
                      (rows, 1))
        cont = np.tile(np.asarray(ops.convert_to_numpy(base["continuous"])),
                       (rows, 1))
        cat[:, int(code)] = row_values
        codes = {}
        if gan.categorical_dims:
            codes["categorical"] = cat
        if gan.continuous_dims:
            codes["continuous"] = cont
        inputs = gan.sample_generator_inputs(n, codes=codes, latent=latent)
    else:
        inputs = gan.sample_generator_inputs(n, labels=row_values,
                                             latent=latent)
    return _numpy_inputs(inputs)


def class_grid(gan, per_class=8, classes=None, seed=0, code=0,
               use_ema=None):
    """Images ``(len(classes) * per_class, H, W, C)`` in [-1, 1], one row
    per class (lay out with ``nrow=per_class``)."""
    inputs = class_grid_inputs(gan, per_class, classes, seed, code)
    return gan.generate_from(inputs, use_ema=use_ema)


def save_class_grid(gan, path, per_class=8, classes=None, seed=0, code=0,
                    scale=2, use_ema=None):
    """Writes ``class_grid`` as a PNG (atomically); returns the path."""
    return save_grid(class_grid(gan, per_class, classes, seed, code,
                                use_ema=use_ema),
                     path, nrow=per_class, scale=scale)


def latent_traversal_inputs(gan, vary="categorical", index=0, values=None,
                            rows=None, num_rows=None, seed=0):
    """InfoGAN inputs where code ``index`` of kind ``vary`` changes along
    each row (columns = ``values``; default: every category, or 9 values
    from -2 to 2 for a continuous code, as in the paper's figures) and the
    rest of the row is fixed. ``rows="categorical"`` (default when varying a
    continuous code and a categorical code exists): row ``r`` has the first
    categorical code ``r``; ``rows="latent"``: rows differ by noise and
    categorical codes only. Continuous codes not varied are 0."""
    if not _is_infogan(gan):
        raise ValueError("latent_traversal needs an InfoGAN; received "
                         f"{type(gan).__name__}.")
    cats, n_cont = gan.categorical_dims, gan.continuous_dims
    if vary == "categorical":
        if not 0 <= int(index) < len(cats):
            raise ValueError(
                f"index must name a categorical code in [0, {len(cats)}); "
                f"received {index}.")
        values = np.arange(cats[index]) if values is None else np.asarray(
            values)
    elif vary == "continuous":
        if not 0 <= int(index) < n_cont:
            raise ValueError(
                f"index must name a continuous code in [0, {n_cont}); "
                f"received {index}.")
        values = np.linspace(-2.0, 2.0, 9) if values is None else \
            np.asarray(values, np.float32)
    else:
        raise ValueError("vary must be 'categorical' or 'continuous'; "
                         f"received {vary!r}.")
    if rows is None:
        rows = "categorical" if (vary == "continuous" and cats) else "latent"
    if rows not in ("categorical", "latent"):
        raise ValueError(f"rows must be 'categorical' or 'latent'; received "
                         f"{rows!r}.")
    if rows == "categorical" and not cats:
        raise ValueError("rows='categorical' needs a categorical code.")
    if num_rows is None:
        num_rows = cats[0] if rows == "categorical" else 8
    num_rows, cols = int(num_rows), len(values)
    base = gan.sample_generator_inputs(num_rows, seed=seed, codes={})
    z = np.asarray(ops.convert_to_numpy(base["latent"]))
    cat = np.asarray(ops.convert_to_numpy(base["categorical"]))
    if rows == "categorical":
        cat[:, 0] = np.arange(num_rows) % cats[0]
        z = np.tile(z[:1], (num_rows, 1))  # one noise for the whole picture
    cont = np.zeros((num_rows, n_cont), np.float32)
    latent = np.repeat(z, cols, axis=0)
    cat = np.repeat(cat, cols, axis=0)
    cont = np.repeat(cont, cols, axis=0)
    if vary == "categorical":
        cat[:, index] = np.tile(values, num_rows)
    else:
        cont[:, index] = np.tile(values, num_rows)
    codes = {}
    if cats:
        codes["categorical"] = cat
    if n_cont:
        codes["continuous"] = cont
    inputs = gan.sample_generator_inputs(num_rows * cols, codes=codes,
                                         latent=latent)
    return _numpy_inputs(inputs), cols


def latent_traversal(gan, vary="categorical", index=0, values=None, rows=None,
                     num_rows=None, seed=0, use_ema=None):
    """``(images, columns)``: the traversal images (row-major, [-1, 1]) and
    the row length to lay them out with."""
    inputs, cols = latent_traversal_inputs(gan, vary, index, values, rows,
                                           num_rows, seed)
    return gan.generate_from(inputs, use_ema=use_ema), cols


def save_latent_traversal(gan, path, vary="categorical", index=0,
                          values=None, rows=None, num_rows=None, seed=0,
                          scale=2, use_ema=None):
    """Writes ``latent_traversal`` as a PNG (one row per line of the
    traversal); returns the path."""
    images, cols = latent_traversal(gan, vary, index, values, rows, num_rows,
                                    seed, use_ema=use_ema)
    return save_grid(images, path, nrow=cols, scale=scale)


class ClassGrid(FixedInputsGrid):
    """PNG grid with one row per class (``class_grid``), written every N
    epochs as ``directory/classes_0001.png`` ... (with the EMA generator
    when the GAN keeps one, unless ``use_ema=False``)."""

    def __init__(self, directory, per_class=8, classes=None, seed=0, code=0,
                 every_n_epochs=1, filename="classes_{epoch:04d}.png",
                 scale=2, use_ema=None):
        super().__init__(directory, filename, every_n_epochs, scale, use_ema)
        self.per_class, self.classes = per_class, classes
        self.seed, self.code = seed, code

    def make_inputs(self):
        return class_grid_inputs(self.model, self.per_class, self.classes,
                                 self.seed, self.code), int(self.per_class)


class LatentTraversal(FixedInputsGrid):
    """PNG of an InfoGAN latent traversal (``latent_traversal``), written
    every N epochs as ``directory/traversal_<vary><index>_0001.png`` ..."""

    def __init__(self, directory, vary="categorical", index=0, values=None,
                 rows=None, num_rows=None, seed=0, every_n_epochs=1,
                 filename=None, scale=2, use_ema=None):
        filename = filename or (
            "traversal_" + vary + str(index) + "_{epoch:04d}.png")
        super().__init__(directory, filename, every_n_epochs, scale, use_ema)
        self.kwargs = dict(vary=vary, index=index, values=values, rows=rows,
                           num_rows=num_rows, seed=seed)

    def make_inputs(self):
        return latent_traversal_inputs(self.model, **self.kwargs)
