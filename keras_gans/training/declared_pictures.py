"""Interpolation strips of any GAN with a latent, and the pictures a variant
declares (``gan.pictures()``), as functions and as a Keras callback.

Everything here reads the GAN's declarations (``gan.generator_inputs()``,
``gan.pictures()``), never its class or attributes:

``interpolation_strip(gan, n, rows, seed)``
    ``rows`` strips of ``n`` images along a spherical path (slerp,
    ``keras_gans.utils.interpolation``) from one random latent to another;
    the GAN's other inputs (class ids, codes) are drawn once per row and
    kept along it.
``pictures_of(gan)``
    ``{name: make(n, seed=0, use_ema=None) -> (images, nrow)}``: the
    interpolation strip (for a GAN declaring a latent input) and every
    picture the GAN declares, which win over the generic one of the same
    name (StyleGAN interpolates linearly in W rather than in Z).
``save_pictures(gan, path, n, seed)``
    writes them: ``interpolation`` at ``path``, any other picture ``name``
    at ``<path stem>_<name>.png`` (``keras-gans sample --interpolate N``).
``DeclaredPicture``
    a callback writing one declared picture every N epochs
    (``<name>_0001.png`` ...; ``keras_gans.training.pictures.
    default_pictures`` adds one per picture the GAN declares).
"""

import functools
import os

import numpy as np
from keras import ops

from keras_gans.engine.gan import subseed
from keras_gans.training.callbacks import EpochPicture
from keras_gans.utils.images import save_grid
from keras_gans.utils.interpolation import slerp, steps as interpolation_steps

__all__ = ["interpolation_strip", "pictures_of", "save_pictures",
           "picture_path", "DeclaredPicture"]

#: the name of the interpolation strip (written at the path itself)
INTERPOLATION = "interpolation"


def _latent_spec(gan):
    specs = tuple(gan.generator_inputs())
    latent = next((s for s in specs if s.kind == "latent"), None)
    if latent is None:
        raise ValueError(
            f"{type(gan).__name__} declares no latent input (its inputs: "
            f"{[f'{s.name} ({s.kind})' for s in specs]}): there is nothing "
            "to interpolate. Interpolation strips need a GAN with a latent "
            "input.")
    if len(latent.shape) != 1:
        raise ValueError(
            f"Interpolation strips interpolate a latent vector; "
            f"{type(gan).__name__}'s latent {latent.name!r} has per-example "
            f"shape {latent.shape}.")
    return latent


def interpolation_strip(gan, n=8, rows=4, seed=0, use_ema=None):
    """``(images, n)``: ``rows`` strips of ``n`` images, row ``r`` going
    from latent ``a_r`` (left) to ``b_r`` (right) along the great circle
    (:func:`~keras_gans.utils.interpolation.slerp`); ``a`` and the GAN's
    other inputs come from its sampler with ``seed``, ``b`` from a second
    seeded draw. ``images`` are numpy in [-1, 1], row-major."""
    latent = _latent_spec(gan)
    if isinstance(rows, bool) or int(rows) != rows or rows < 1:
        raise ValueError(f"rows must be a positive integer; received "
                         f"{rows!r}.")
    rows = int(rows)
    t = interpolation_steps(n)
    base = {k: np.asarray(ops.convert_to_numpy(v)) for k, v in
            gan.sample_generator_inputs(rows, seed=seed).items()}
    a = base[latent.name]
    b = np.asarray(ops.convert_to_numpy(gan.random_normal(
        (rows,) + latent.shape, seed=subseed(seed, 101))))
    path = slerp(a[:, None, :], b[:, None, :], t[None, :])
    inputs = {k: np.repeat(v, len(t), axis=0) for k, v in base.items()}
    inputs[latent.name] = path.reshape((rows * len(t),) + latent.shape)
    return gan.generate_from(inputs, use_ema=use_ema), len(t)


def pictures_of(gan):
    """The pictures ``gan`` can draw: ``{name: make(n, seed=0,
    use_ema=None) -> (images, nrow)}`` (see the module doc)."""
    out = {}
    if any(s.kind == "latent" for s in gan.generator_inputs()):
        out[INTERPOLATION] = functools.partial(interpolation_strip, gan)
    out.update(gan.pictures())
    return out


def picture_path(path, name):
    """Where :func:`save_pictures` writes picture ``name`` for ``path``:
    ``path`` itself for the interpolation strip, else ``<stem>_<name>``
    with ``path``'s extension (``.png`` if it has none)."""
    if name == INTERPOLATION:
        return os.fspath(path)
    stem, ext = os.path.splitext(os.fspath(path))
    return f"{stem}_{name}{ext or '.png'}"


def save_pictures(gan, path, n=8, seed=0, use_ema=None, scale=2):
    """Writes every picture of :func:`pictures_of` (``n`` steps or columns
    per row) as PNG; returns ``{name: path}``."""
    pictures = pictures_of(gan)
    if not pictures:
        raise ValueError(
            f"{type(gan).__name__} has no latent input and declares no "
            "pictures: there is nothing to interpolate.")
    written = {}
    for name, make in pictures.items():
        images, nrow = make(n, seed=seed, use_ema=use_ema)
        written[name] = save_grid(images, picture_path(path, name),
                                  nrow=nrow, scale=scale)
    return written


class DeclaredPicture(EpochPicture):
    """Writes the GAN's declared picture ``name`` (``gan.pictures()[name]``)
    as ``directory/<name>_0001.png`` ... every ``every_n_epochs`` epochs and
    after the last one. The picture draws its latents from ``seed``, so
    successive epochs show the same latents."""

    def __init__(self, directory, name, n=8, seed=0, every_n_epochs=1,
                 filename=None, scale=2, use_ema=None):
        super().__init__(directory, filename or (str(name) + "_{epoch:04d}"
                                                 ".png"),
                         every_n_epochs=every_n_epochs, scale=scale,
                         use_ema=use_ema)
        self.name = str(name)
        self.n = n
        self.seed = seed

    def picture(self):
        """``(images, nrow)`` of the picture now."""
        pictures = self.model.pictures()
        if self.name not in pictures:
            raise ValueError(
                f"{type(self.model).__name__} declares the pictures "
                f"{sorted(pictures)}; received {self.name!r}.")
        return pictures[self.name](self.n, seed=self.seed,
                                   use_ema=self.use_ema)
