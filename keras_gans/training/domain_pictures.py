"""Pictures of generators with several declared outputs (one per domain,
e.g. a CoGAN's ``images_a`` / ``images_b``): the same latents drawn in every
domain, one row per domain, one column per latent.

Everything here reads the GAN's declared ``generator_outputs()`` (and its
sampler), never its class or attributes.

``domain_grid(gan, columns=10, groups=1, seed=0)``
    ``(images, columns)``: ``groups`` blocks of ``len(outputs)`` rows; block
    ``g`` shows latents ``g * columns ... (g + 1) * columns - 1``, its row
    ``r`` in the ``r``-th declared output. Read down a column to compare
    the domains of one latent.
``DomainGrid``
    writes that picture as PNG every N epochs (``domains_0001.png`` ...),
    from latents fixed when training starts;
    ``keras_gans.training.pictures.default_pictures`` adds it for every GAN
    declaring several outputs, ``keras-gans sample`` draws it for them.
"""

import numpy as np

from keras_gans.training.callbacks import FixedInputsGrid
from keras_gans.utils.checks import check_positive_int
from keras_gans.utils.images import save_grid

__all__ = ["domain_grid_inputs", "layout_domains", "domain_grid",
           "save_domain_grid", "DomainGrid", "output_names"]


def output_names(gan):
    """The declared outputs of ``gan`` (a list; one name for a one-output
    GAN, none for an object that declares nothing)."""
    getter = getattr(gan, "generator_outputs", None)
    return list(getter()) if callable(getter) else []


def _check_counts(columns, groups):
    return (check_positive_int(columns, "columns"),
            check_positive_int(groups, "groups"))


def domain_grid_inputs(gan, columns=10, groups=1, seed=0):
    """``columns * groups`` generator inputs drawn by the GAN's own sampler
    from ``seed`` (the grid's latents, one per column of each block)."""
    columns, groups = _check_counts(columns, groups)
    return gan.sample_generator_inputs(columns * groups, seed=seed)


def layout_domains(images, names, columns):
    """``{output: (n, H, W, C)}`` -> one array in grid order: per block of
    ``columns`` latents, one row per output of ``names``."""
    n = len(images[names[0]])
    shapes = {tuple(images[o].shape[1:]) for o in names}
    if len(shapes) != 1:
        raise ValueError(
            "A domain grid puts the outputs side by side, so they must have "
            f"one image shape; received {sorted(shapes)} for {names}.")
    rows = []
    for start in range(0, n, columns):
        for o in names:
            rows.append(images[o][start:start + columns])
    return np.concatenate(rows, axis=0)


def _outputs_or_error(gan):
    names = output_names(gan)
    if len(names) < 2:
        raise ValueError(
            "A domain grid needs a GAN declaring several outputs (one per "
            f"domain, e.g. a CoGAN); {type(gan).__name__} declares "
            f"{names}.")
    return names


def domain_grid(gan, columns=10, groups=1, seed=0, use_ema=None):
    """``(images, columns)``: the picture's images in grid order ([-1, 1])
    and its row length (see the module doc)."""
    names = _outputs_or_error(gan)
    inputs = domain_grid_inputs(gan, columns, groups, seed)
    images = gan.generate_from(inputs, use_ema=use_ema, output="all")
    return layout_domains(images, names, int(columns)), int(columns)


def save_domain_grid(gan, path, columns=10, groups=1, seed=0, scale=2,
                     use_ema=None):
    """Writes :func:`domain_grid` as a PNG (atomically); returns the path."""
    images, columns = domain_grid(gan, columns, groups, seed, use_ema)
    return save_grid(images, path, nrow=columns, scale=scale)


class DomainGrid(FixedInputsGrid):
    """PNG with one row per declared output and one column per latent
    (:func:`domain_grid`), written every N epochs as
    ``directory/domains_0001.png`` ...; the latents are drawn once, when
    training starts, so successive epochs are comparable."""

    def __init__(self, directory, columns=10, groups=1, seed=0,
                 every_n_epochs=1, filename="domains_{epoch:04d}.png",
                 scale=2, use_ema=None):
        super().__init__(directory, filename, every_n_epochs, scale, use_ema)
        self.columns, self.groups = _check_counts(columns, groups)
        self.seed = seed

    def make_inputs(self):
        _outputs_or_error(self.model)
        return domain_grid_inputs(self.model, self.columns, self.groups,
                                  self.seed), self.columns

    def images(self):
        if self._inputs is None:
            self.on_train_begin()
        names = output_names(self.model)
        images = self.model.generate_from(self._inputs, use_ema=self.use_ema,
                                          output="all")
        return layout_domains(images, names, self.columns)
