"""Pictures of conditional and InfoGAN generators: per-class grids and
latent traversals, as functions and as Keras callbacks.

Everything here reads the GAN's declared generator inputs
(``gan.generator_inputs()``, :mod:`keras_gans.engine.inputs`), never its
class or attributes:

``class_grid(gan, per_class=8)``
    one row per class, ``per_class`` columns; column ``j`` uses the same
    noise in every row, so a column shows one "style" across the classes.
    The rows are the values of the GAN's ``class`` input (ConditionalGAN,
    ACGAN) or, without one, of column ``code`` of its ``categorical`` input
    (InfoGAN).
``latent_traversal(gan, vary="categorical" | "continuous", index=0)``
    one code (a column of the ``categorical`` or ``continuous`` input)
    varied along each row, everything else fixed within the row; rows are
    different categorical values (``rows="categorical"``) or different
    noise (``rows="latent"``).
``ClassGrid`` / ``LatentTraversal``
    write those pictures as PNG every N epochs, from inputs fixed when
    training starts (so successive epochs are comparable).
``default_pictures(gan, directory, seed)``
    the picture callbacks of a training run (``keras_gans.training.run``).
"""

import numpy as np
from keras import ops

from keras_gans.training.callbacks import FixedInputsGrid
from keras_gans.utils.images import save_grid

__all__ = ["class_grid", "class_grid_inputs", "save_class_grid",
           "latent_traversal", "latent_traversal_inputs",
           "save_latent_traversal", "ClassGrid", "LatentTraversal",
           "default_pictures"]


def _numpy_inputs(inputs):
    return {k: np.asarray(ops.convert_to_numpy(v)) for k, v in inputs.items()}


def _declared(gan):
    """The GAN's declared generator inputs (a tuple; empty for an object
    that declares none)."""
    getter = getattr(gan, "generator_inputs", None)
    return tuple(getter()) if callable(getter) else ()


def _first(specs, kind):
    return next((s for s in specs if s.kind == kind), None)


def _size(spec):
    return int(np.prod(spec.shape)) if spec is not None else 0


def _base_inputs(gan, specs, n, seed):
    """``n`` examples of every generator input, as numpy: the latent from
    ``gan.random_normal`` with ``seed``, the rest from the GAN's sampler
    (``sample_generator_inputs(n, seed=seed)``), for the caller to
    override."""
    inputs = _numpy_inputs(gan.sample_generator_inputs(n, seed=seed))
    latent = _first(specs, "latent")
    if latent is not None:
        inputs[latent.name] = np.asarray(ops.convert_to_numpy(
            gan.random_normal((n,) + latent.shape, seed=seed)))
    return inputs


def _checked(specs, inputs, n):
    """Every declared input of ``inputs`` through its spec's check (class
    ids in range, floats finite, shapes)."""
    out = dict(inputs)
    for spec in specs:
        if spec.name in out:
            out[spec.name] = spec.check(out[spec.name], n)
    return out


def _repeat_rows(inputs, times):
    return {k: np.repeat(v, times, axis=0) for k, v in inputs.items()}


def class_grid_inputs(gan, per_class=8, classes=None, seed=0, code=0):
    """Generator inputs of a per-class grid: ``len(classes) * per_class``
    rows in class-major order (row ``r`` = ``classes[r]``), the noise of
    column ``j`` shared by every row. The "class" is the GAN's ``class``
    input or, without one, column ``code`` of its ``categorical`` input
    (InfoGAN)."""
    per_class = int(per_class)
    if per_class < 1:
        raise ValueError(f"per_class must be >= 1; received {per_class}.")
    specs = _declared(gan)
    class_spec, cat_spec = _first(specs, "class"), _first(specs, "categorical")
    if class_spec is not None:
        row_spec, column, num_classes = class_spec, None, \
            class_spec.num_classes
    elif cat_spec is not None:
        if not 0 <= int(code) < len(cat_spec.counts):
            raise ValueError(
                f"code must index a categorical code in [0, "
                f"{len(cat_spec.counts)}); received {code}.")
        row_spec, column = cat_spec, int(code)
        num_classes = cat_spec.counts[column]
    elif _size(_first(specs, "continuous")):
        raise ValueError(
            f"{type(gan).__name__} has no class input nor categorical code; "
            "use latent_traversal(vary='continuous').")
    else:
        raise ValueError(
            f"class_grid needs a class-conditional GAN (ConditionalGAN, "
            f"ACGAN) or an InfoGAN (a GAN declaring a class or categorical "
            f"generator input); received {type(gan).__name__}.")
    classes = np.arange(num_classes) if classes is None else np.asarray(
        classes)
    if classes.ndim != 1 or len(classes) == 0:
        raise ValueError("classes must be a non-empty list of class ids; "
                         f"received {classes!r}.")
    rows = len(classes)
    n = rows * per_class
    base = _base_inputs(gan, specs, per_class, seed)
    inputs = {k: np.tile(v, (rows,) + (1,) * (v.ndim - 1))
              for k, v in base.items()}
    row_values = np.repeat(classes, per_class)
    if column is None:
        inputs[row_spec.name] = row_values
    else:
        values = inputs[row_spec.name].copy()
        values[:, column] = row_values
        inputs[row_spec.name] = values
    return _checked(specs, inputs, n)


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
    """Inputs where code ``index`` of kind ``vary`` (a column of the GAN's
    ``categorical`` or ``continuous`` input) changes along each row
    (columns = ``values``; default: every category, or 9 values from -2 to
    2 for a continuous code, as in the InfoGAN paper's figures) and the rest
    of the row is fixed. ``rows="categorical"`` (default when varying a
    continuous code and a categorical code exists): row ``r`` has the first
    categorical code ``r``; ``rows="latent"``: rows differ by noise and
    categorical codes only. Continuous codes not varied are 0."""
    specs = _declared(gan)
    cat_spec = _first(specs, "categorical")
    cont_spec = _first(specs, "continuous")
    if cat_spec is None and not _size(cont_spec):
        raise ValueError(
            "latent_traversal needs an InfoGAN (a GAN declaring categorical "
            f"or continuous code inputs); received {type(gan).__name__}.")
    cats = list(cat_spec.counts) if cat_spec is not None else []
    n_cont = _size(cont_spec)
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
    base = _base_inputs(gan, specs, num_rows, seed)
    latent = _first(specs, "latent")
    if cat_spec is not None and rows == "categorical":
        cat = base[cat_spec.name].copy()
        cat[:, 0] = np.arange(num_rows) % cats[0]
        base[cat_spec.name] = cat
        if latent is not None:  # one noise for the whole picture
            base[latent.name] = np.tile(base[latent.name][:1], (
                num_rows,) + (1,) * len(latent.shape))
    inputs = _repeat_rows(base, cols)
    if cont_spec is not None:
        inputs[cont_spec.name] = np.zeros(
            (num_rows * cols,) + cont_spec.shape, np.float32)
    if vary == "categorical":
        cat = inputs[cat_spec.name].copy()
        cat[:, index] = np.tile(values, num_rows)
        inputs[cat_spec.name] = cat
    else:
        cont = inputs[cont_spec.name].reshape(num_rows * cols, -1)
        cont[:, index] = np.tile(values, num_rows)
        inputs[cont_spec.name] = cont.reshape(
            (num_rows * cols,) + cont_spec.shape)
    return _checked(specs, inputs, num_rows * cols), cols


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


def default_pictures(gan, directory, seed=0, pairs=None):
    """The picture callbacks of a training run, from the declared inputs:
    a :class:`ClassGrid` (one row per class, ``classes_*.png``) when the GAN
    declares a ``class`` or ``categorical`` input, and a
    :class:`LatentTraversal` of the first continuous code when it declares a
    categorical and a non-empty continuous input (InfoGAN). ``[]`` for an
    unconditional GAN. A GAN declaring an ``image`` input (pix2pix) gets a
    ``TranslationStrip`` (``translation_*.png``: input | output | target)
    of ``pairs`` (``(inputs, targets)``, held-out pairs the run gives).
    Every picture the GAN declares (``gan.pictures()``) gets a
    ``DeclaredPicture`` (``<name>_*.png``)."""
    specs = _declared(gan)
    kinds = {s.kind for s in specs}
    pictures = []
    if kinds & {"class", "categorical"}:
        pictures.append(ClassGrid(directory, per_class=10, seed=seed))
    if "categorical" in kinds and _size(_first(specs, "continuous")):
        pictures.append(LatentTraversal(directory, vary="continuous",
                                        seed=seed))
    if "image" in kinds and pairs is not None:
        # image-to-image: input | output | target strips of fixed pairs
        from keras_gans.training.translation_pictures import \
            TranslationStrip
        pictures.append(TranslationStrip(directory, pairs, seed=seed))
    # several declared outputs (one per domain, CoGAN): a row per domain,
    # a column per latent (domains_*.png; training/domain_pictures.py)
    from keras_gans.training import domain_pictures
    if len(domain_pictures.output_names(gan)) > 1:
        pictures.append(domain_pictures.DomainGrid(directory, columns=10,
                                                   groups=4, seed=seed))
    # the pictures the variant declares (StyleGAN: interpolation in W,
    # truncation strip, style mixing): <name>_*.png
    from keras_gans.training.declared_pictures import DeclaredPicture
    declared = getattr(gan, "pictures", None)
    for name in (declared() if callable(declared) else {}):
        pictures.append(DeclaredPicture(directory, name, seed=seed))
    return pictures
