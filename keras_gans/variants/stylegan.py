"""The style-based GAN (Karras, Laine & Aila 2019, "A Style-Based Generator
Architecture for Generative Adversarial Networks"), with StyleGAN2's
modulated / demodulated convolutions in place of AdaIN (Karras et al.
2020, "Analyzing and Improving the Image Quality of StyleGAN", section 2.2).

The generator is ``{"mapping": z -> w, "synthesis": ws -> images}``
(``keras_gans.networks.style``): the mapping network's ``w`` is repeated
into one style per modulated layer (``num_styles`` of them), and the
variant plays between the two networks. The game is the engine's
(``GAN.train_step``: non-saturating loss, lazy R1 from
``keras_gans.penalties`` given to ``compile``); only these hooks change:

``generator_call(inputs, training)``
    ``z -> w -> styles -> images``. In training, each example mixes styles
    with probability ``style_mixing`` (0.9; StyleGAN section 3.1, "mixing
    regularization"): a second latent ``z2`` is drawn, and the styles from
    a random crossover ``c`` in ``[1, num_styles)`` on come from ``w2 =
    mapping(z2)`` instead of ``w`` (:meth:`mix_styles`). Each training call
    also moves the average ``w_avg`` (held by the mapping network's
    :class:`~keras_gans.layers.Truncation` layer, a non-trainable weight
    saved with the model) towards the batch mean of ``w``:
    ``w_avg <- mean(w) + 0.995 (w_avg - mean(w))`` (StyleGAN's
    ``dlatent_avg``, updated at every training forward pass of the
    generator: the discriminator steps' and the generator step's; under
    ``tf.distribute`` the batch mean is the mean over the replicas; a
    non-finite batch leaves it alone). Out of training no styles are
    mixed and the truncation trick applies: ``w' = w_avg + psi (w -
    w_avg)`` (section 3.1 and Appendix B), on the first
    ``truncation_cutoff`` styles only if a cutoff is given.
``generator_outputs``
    ``{"images": synthesis output shape}`` (the generator is a dict).
``sampling_options`` / ``sampling``
    the declared option ``truncation_psi`` (default 1: no truncation), read
    by export: the SavedModel gets ``serving_default_with_options`` and
    ``generate_with_options`` taking a scalar ``truncation_psi`` beside the
    usual signatures (see ``keras_gans.export``).
``pictures``
    ``interpolation`` (lerp in W between pairs of random latents),
    ``truncation`` (psi from 1 down to 0 on random latents) and
    ``style_mixing`` (coarse styles from each row's latent, fine styles
    from each column's), written by a training run and by ``keras-gans
    sample --interpolate N``.

``generate(n, truncation_psi=0.7)`` / ``generate_from(inputs,
truncation_psi=...)`` / ``with gan.truncation(psi, cutoff):`` sample with
truncation; :meth:`styles`, :meth:`mix_styles` and :meth:`synthesize`
expose the pieces (style mixing by hand: ``synthesize(mix_styles(styles(
z1), styles(z2), 4))``).

``train_step`` is TensorFlow-specific like the engine's (the replica mean
of ``w``); the networks and the mixing / truncation math are
``keras.ops`` code.
"""

import contextlib

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans.engine import ema as ema_lib
from keras_gans.engine.gan import GAN, subseed
from keras_gans.engine.options import SamplingOption
from keras_gans.engine.penalties import assign_variables
from keras_gans.layers.style import Truncation, check_cutoff
from keras_gans.utils.checks import check_finite_float
from keras_gans.utils.interpolation import lerp, steps as interpolation_steps

__all__ = ["StyleGAN", "TRUNCATION_PSI", "check_psi", "check_mixing"]

#: the declared sampling option of a StyleGAN
TRUNCATION_PSI = SamplingOption(
    "truncation_psi", 1.0,
    "the truncation trick: w' = w_avg + psi (w - w_avg); 1: none, 0: the "
    "average w (one image for every latent); 0.5-0.7: typical")


def check_psi(value):
    """``truncation_psi`` as a finite float (a scalar tensor passes as is:
    the exported graph checks it)."""
    if hasattr(value, "shape") and not isinstance(value, np.ndarray):
        return value
    return check_finite_float(
        value, "truncation_psi", "1: no truncation, 0: the average w for "
        "every latent, typically 0.5-0.7")


def check_mixing(value):
    """The style-mixing probability as a float in [0, 1]."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = None
    if out is None or isinstance(value, bool) or not 0.0 <= out <= 1.0:
        raise ValueError(
            "style_mixing must be a probability in [0, 1] (StyleGAN: 0.9; "
            f"0 turns mixing regularisation off); received {value!r}.")
    return out


def _parts(generator):
    """``(mapping, synthesis)`` of a StyleGAN generator dict, checked."""
    if not isinstance(generator, dict) or set(generator) != {"mapping",
                                                             "synthesis"}:
        got = (f"a dict with keys {sorted(generator)}" if isinstance(
            generator, dict) else type(generator).__name__)
        raise ValueError(
            "A StyleGAN generator is the dict {'mapping': z -> w, "
            "'synthesis': ws -> images} of two keras.Models (e.g. "
            "keras_gans.networks.style.stylegan_networks(...)[0]); received "
            f"{got}.")
    return generator["mapping"], generator["synthesis"]


def _truncation_layer(mapping):
    found = [layer for layer in mapping._flatten_layers(include_self=False)
             if isinstance(layer, Truncation)]
    if len(found) != 1:
        raise ValueError(
            "A StyleGAN mapping network ends with one "
            "keras_gans.layers.Truncation layer, which holds the average w "
            f"(keras_gans.networks.style.style_mapping); {mapping.name!r} "
            f"has {len(found)}.")
    return found[0]


@keras.saving.register_keras_serializable(package="keras_gans")
class StyleGAN(GAN):
    """A style-based GAN (see the module doc).

    Args:
        generator: ``{"mapping": keras.Model z (N, latent_dim) -> w (N,
            w_dim), "synthesis": keras.Model ws (N, num_styles, w_dim) ->
            images}``; the mapping network holds one
            :class:`~keras_gans.layers.Truncation` layer.
            ``keras_gans.networks.style.stylegan_networks`` builds both.
        discriminator: images -> logits ``(N, 1)``.
        latent_dim: the width of ``z`` (default: the mapping's input).
        seed, ema_decay: as ``GAN``.
        style_mixing: probability that a training example mixes two
            latents (0.9 in the paper; 0: no mixing).
        truncation_cutoff: when truncating, move only the first this many
            styles (``None``: all; StyleGAN's figures use 8 of 18, the
            coarse and middle ones). ``generate(..., truncation_cutoff=)``
            overrides it per call.
    """

    def __init__(self, generator, discriminator, latent_dim=None, seed=None,
                 ema_decay=None, style_mixing=0.9, truncation_cutoff=None,
                 **kwargs):
        mapping, synthesis = _parts(generator)
        _truncation_layer(mapping)
        if len(mapping.inputs or ()) != 1 or len(synthesis.inputs or ()) != 1:
            raise ValueError(
                "A StyleGAN mapping network takes one latent and its "
                "synthesis network one styles tensor; received "
                f"{len(mapping.inputs or ())} and "
                f"{len(synthesis.inputs or ())} inputs.")
        ws_shape = tuple(synthesis.inputs[0].shape)
        w_shape = tuple(mapping.outputs[0].shape)
        if len(ws_shape) != 3 or ws_shape[-1] != w_shape[-1]:
            raise ValueError(
                "The synthesis network takes styles (batch, num_styles, "
                "w_dim) with the mapping network's w_dim; received mapping "
                f"output {w_shape} and synthesis input {ws_shape}.")
        if latent_dim is None:
            latent_dim = int(mapping.inputs[0].shape[-1])
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, ema_decay=ema_decay, **kwargs)
        self.num_styles = int(ws_shape[1])
        self.w_dim = int(ws_shape[2])
        self.style_mixing = check_mixing(style_mixing)
        self.truncation_cutoff = check_cutoff(truncation_cutoff,
                                              self.num_styles)
        # the truncation of sampling (``truncation``); set past Keras' attribute
        # tracking, as it may hold a signature's tensor while tracing
        object.__setattr__(self, "_truncation", (1.0, self.truncation_cutoff))

    def get_config(self):
        return {**super().get_config(), "style_mixing": self.style_mixing,
                "truncation_cutoff": self.truncation_cutoff}

    # -- declared contract ----------------------------------------------------
    def generator_outputs(self):
        _, synthesis = _parts(self.generator)
        return {"images": tuple(synthesis.outputs[0].shape[1:])}

    def sampling_options(self):
        return (TRUNCATION_PSI,)

    def sampling(self, **values):
        unknown = sorted(set(values) - {TRUNCATION_PSI.name})
        if unknown:
            raise ValueError(
                f"StyleGAN's sampling options are ['{TRUNCATION_PSI.name}']; "
                f"received {unknown}.")
        return self.truncation(values.get(TRUNCATION_PSI.name,
                                          TRUNCATION_PSI.default))

    def pictures(self):
        return {"interpolation": self.interpolation_strip,
                "truncation": self.truncation_strip,
                "style_mixing": self.style_mixing_grid}

    # -- truncation -------------------------------------------------------------
    @contextlib.contextmanager
    def truncation(self, psi=1.0, cutoff=None):
        """Within the block, sampling (``training=False``) truncates with
        ``psi`` (a number or a scalar tensor) on the first ``cutoff``
        styles (default: the GAN's ``truncation_cutoff``)."""
        psi = check_psi(psi)
        cutoff = self.truncation_cutoff if cutoff is None else check_cutoff(
            cutoff, self.num_styles)
        previous = self._truncation
        object.__setattr__(self, "_truncation", (psi, cutoff))
        try:
            yield self
        finally:
            object.__setattr__(self, "_truncation", previous)

    def _current_truncation(self):
        """``(psi, cutoff)`` of the enclosing :meth:`truncation` block, with
        ``psi`` ``None`` when it changes nothing (1 on every style)."""
        psi, cutoff = self._truncation
        if not hasattr(psi, "shape") and psi == 1.0 and cutoff is None:
            return None, None
        return psi, cutoff

    def average_w(self):
        """The current average style ``w_avg`` (numpy, ``(w_dim,)``) of the
        trained generator."""
        mapping, _ = _parts(self.generator)
        return np.asarray(ops.convert_to_numpy(
            _truncation_layer(mapping).w_avg))

    # -- the pieces -------------------------------------------------------------
    def styles(self, latent, truncation_psi=None, truncation_cutoff=None,
               training=False):
        """The per-layer styles ``(N, num_styles, w_dim)`` of latents ``z``:
        ``mapping(z)`` repeated, truncated with ``truncation_psi`` (``None``:
        not at all) on the first ``truncation_cutoff`` styles."""
        mapping, _ = _parts(self.generator)
        w = mapping(latent, training=training)
        ws = self.broadcast(w)
        if truncation_psi is None:
            return ws
        psi = check_psi(truncation_psi)
        cutoff = check_cutoff(truncation_cutoff, self.num_styles)
        return _truncation_layer(mapping)(ws, truncation_psi=psi,
                                          truncation_cutoff=cutoff)

    def broadcast(self, w):
        """``w`` ``(N, w_dim)`` -> the same style for every layer, ``(N,
        num_styles, w_dim)``."""
        return ops.repeat(ops.expand_dims(w, 1), self.num_styles, axis=1)

    def mix_styles(self, ws_a, ws_b, crossover):
        """Styles ``0 .. crossover - 1`` from ``ws_a``, the rest from
        ``ws_b`` (``crossover``: an int, or one per example ``(N,)``; 0:
        all from ``ws_b``, ``num_styles``: all from ``ws_a``)."""
        if isinstance(crossover, (int, np.integer)) and not isinstance(
                crossover, bool):
            if not 0 <= int(crossover) <= self.num_styles:
                raise ValueError(
                    f"crossover must be in [0, {self.num_styles}] (the "
                    f"generator has {self.num_styles} styles); received "
                    f"{crossover!r}.")
        elif isinstance(crossover, (bool, float, str)) or crossover is None:
            raise ValueError(
                f"crossover must be an int in [0, {self.num_styles}] or one "
                f"per example; received {crossover!r}.")
        layer = ops.arange(self.num_styles)[None, :, None]
        cut = ops.reshape(ops.cast(crossover, "int32"), (-1, 1, 1))
        return ops.where(layer < cut, ws_a, ws_b)

    def synthesize(self, ws, training=False):
        """Images of the per-layer styles ``ws``."""
        _, synthesis = _parts(self.generator)
        return synthesis(ws, training=training)

    # -- the hooks ----------------------------------------------------------------
    def generator_call(self, inputs, training=False):
        latent = inputs["latent"]
        mapping, _ = _parts(self.generator)
        if not training:
            psi, cutoff = self._current_truncation()
            return self.synthesize(self.styles(latent, psi, cutoff))
        w = mapping(latent, training=True)
        self._track_average(w)
        ws = self.broadcast(w)
        if self.style_mixing > 0:
            ws = self._random_mixing(ws, latent)
        return self.synthesize(ws, training=True)

    def _random_mixing(self, ws, latent):
        """Each example mixes with probability ``style_mixing``: styles from
        a random crossover in ``[1, num_styles)`` on come from a second,
        random latent."""
        mapping, _ = _parts(self.generator)
        n = ops.shape(latent)[0]
        other = mapping(self.random_normal((n, self.latent_dim)),
                        training=True)
        if self.num_styles > 1:
            crossover = 1 + self.random_integers((n,), self.num_styles - 1)
        else:
            crossover = ops.ones((n,), "int32")
        mixes = self.random_uniform((n,)) < self.style_mixing
        crossover = ops.where(mixes, crossover, self.num_styles)
        return self.mix_styles(ws, self.broadcast(other), crossover)

    def _track_average(self, w):
        """``w_avg <- mean(w) + decay (w_avg - mean(w))`` with the replicas'
        mean ``w``; a batch with non-finite values leaves it alone."""
        mapping, _ = _parts(self.generator)
        layer = _truncation_layer(mapping)
        mean = tf.reduce_mean(tf.cast(tf.stop_gradient(w), tf.float32),
                              axis=0)
        ctx = tf.distribute.get_replica_context()
        if ctx is not None and ctx.num_replicas_in_sync > 1:
            mean = ctx.all_reduce(tf.distribute.ReduceOp.MEAN, mean)
        finite = tf.reduce_all(tf.math.is_finite(mean))
        new = layer.moved_average(mean)
        assign_variables([layer.w_avg],
                         lambda v: tf.where(finite, new, v))

    # -- sampling -------------------------------------------------------------------
    def generate(self, n, seed=None, batch_size=256, use_ema=None,
                 output=None, truncation_psi=1.0, truncation_cutoff=None,
                 **conditions):
        """``GAN.generate`` with the truncation trick: ``truncation_psi``
        (1: none; 0: the average-w image for every latent) on the first
        ``truncation_cutoff`` styles (default: the GAN's)."""
        with self.truncation(truncation_psi, truncation_cutoff):
            return super().generate(n, seed=seed, batch_size=batch_size,
                                    use_ema=use_ema, output=output,
                                    **conditions)

    def generate_from(self, inputs, batch_size=256, use_ema=None,
                      output=None, truncation_psi=None,
                      truncation_cutoff=None):
        """``GAN.generate_from`` with the truncation trick (``None``: the
        truncation of the enclosing :meth:`truncation` block, else none)."""
        if truncation_psi is None and truncation_cutoff is None:
            return super().generate_from(inputs, batch_size=batch_size,
                                         use_ema=use_ema, output=output)
        psi = self._truncation[0] if truncation_psi is None else \
            truncation_psi
        with self.truncation(psi, truncation_cutoff):
            return super().generate_from(inputs, batch_size=batch_size,
                                         use_ema=use_ema, output=output)

    def generate_mixed(self, latent_a, latent_b, crossover,
                       truncation_psi=1.0, truncation_cutoff=None,
                       use_ema=None):
        """Images (numpy, [-1, 1]) whose styles ``0 .. crossover - 1`` come
        from ``latent_a`` and the rest from ``latent_b`` (two ``(N,
        latent_dim)`` batches), both truncated alike."""
        latent_a = self._latents(latent_a, "latent_a")
        latent_b = self._latents(latent_b, "latent_b")
        if latent_a.shape != latent_b.shape:
            raise ValueError(
                "latent_a and latent_b must hold as many latents; received "
                f"shapes {latent_a.shape} and {latent_b.shape}.")
        cutoff = self.truncation_cutoff if truncation_cutoff is None else \
            truncation_cutoff
        with ema_lib.using_ema(self, use_ema):
            ws_a = self.styles(latent_a, truncation_psi, cutoff)
            ws_b = self.styles(latent_b, truncation_psi, cutoff)
            images = self.synthesize(self.mix_styles(ws_a, ws_b, crossover))
        return np.asarray(ops.convert_to_numpy(images), np.float32)

    def _latents(self, latent, name):
        spec = self.generator_inputs()[0]
        arr = np.asarray(latent)
        if arr.ndim != 2:
            raise ValueError(f"{name} must be a batch of latents (N, "
                             f"{self.latent_dim}); received shape "
                             f"{arr.shape}.")
        return spec.check(arr, arr.shape[0])

    def _draw_latents(self, n, seed):
        return np.asarray(ops.convert_to_numpy(
            self.random_normal((n, self.latent_dim), seed=seed)))

    def _render(self, ws, use_ema):
        with ema_lib.using_ema(self, use_ema):
            return np.asarray(ops.convert_to_numpy(self.synthesize(ws)),
                              np.float32)

    # -- pictures ---------------------------------------------------------------------
    def interpolation_strip(self, n=8, seed=0, use_ema=None, rows=4):
        """``rows`` strips of ``n`` images, each a linear path in W from
        ``mapping(z_a)`` to ``mapping(z_b)`` of two random latents (seeded);
        truncated as the enclosing :meth:`truncation` block says. Returns
        ``(images, n)``."""
        t = interpolation_steps(n)
        z_a = self._draw_latents(rows, seed)
        z_b = self._draw_latents(rows, subseed(seed, 1))
        psi, cutoff = self._current_truncation()
        with ema_lib.using_ema(self, use_ema):
            mapping, _ = _parts(self.generator)
            w_a = np.asarray(ops.convert_to_numpy(mapping(z_a)))
            w_b = np.asarray(ops.convert_to_numpy(mapping(z_b)))
            w = lerp(w_a[:, None], w_b[:, None], t[None, :]).reshape(
                rows * len(t), self.w_dim)
            ws = self.broadcast(ops.convert_to_tensor(w))
            if psi is not None:
                ws = _truncation_layer(mapping)(
                    ws, truncation_psi=psi, truncation_cutoff=cutoff)
            images = self.synthesize(ws)
        return np.asarray(ops.convert_to_numpy(images), np.float32), len(t)

    def truncation_strip(self, n=8, seed=0, use_ema=None, rows=4):
        """``rows`` random latents (seeded), one per row, at ``n`` values of
        ``truncation_psi`` from 1 (left) down to 0 (right: the average-w
        image in every row). Returns ``(images, n)``."""
        psis = 1.0 - interpolation_steps(n)
        z = self._draw_latents(rows, seed)
        with ema_lib.using_ema(self, use_ema):
            mapping, _ = _parts(self.generator)
            ws = self.broadcast(mapping(z))                  # (R, L, D)
            ws = ops.repeat(ws, len(psis), axis=0)           # row-major
            psi = ops.reshape(ops.tile(ops.convert_to_tensor(psis), (rows,)),
                              (-1, 1, 1))
            ws = _truncation_layer(mapping)(
                ws, truncation_psi=psi, truncation_cutoff=self._truncation[1])
            images = self.synthesize(ws)
        return np.asarray(ops.convert_to_numpy(images), np.float32), len(psis)

    def style_mixing_grid(self, n=6, seed=0, use_ema=None, rows=4,
                          crossover=None):
        """StyleGAN's Figure 3: a top row of ``n`` column latents, a left
        column of ``rows`` row latents, and in cell (r, c) the image whose
        coarse styles (``0 .. crossover - 1``; default: those up to 8x8,
        :meth:`coarse_styles`) come from row ``r`` and the others from column
        ``c``. The top-left cell is blank (white). Returns ``(images, n +
        1)``."""
        n = int(n)
        if n < 1 or rows < 1:
            raise ValueError(f"style_mixing_grid needs n >= 1 columns and "
                             f"rows >= 1; received n={n}, rows={rows}.")
        crossover = self.coarse_styles() if crossover is None else crossover
        z_rows = self._draw_latents(rows, seed)
        z_cols = self._draw_latents(n, subseed(seed, 1))
        psi, cutoff = self._current_truncation()
        with ema_lib.using_ema(self, use_ema):
            ws_rows = self.styles(z_rows, psi, cutoff)
            ws_cols = self.styles(z_cols, psi, cutoff)
            a = ops.repeat(ws_rows, n, axis=0)                 # row-major
            b = ops.tile(ws_cols, (rows, 1, 1))
            mixed = self.synthesize(self.mix_styles(a, b, crossover))
            heads_rows = self.synthesize(ws_rows)
            heads_cols = self.synthesize(ws_cols)
        mixed = np.asarray(ops.convert_to_numpy(mixed), np.float32)
        heads_rows = np.asarray(ops.convert_to_numpy(heads_rows), np.float32)
        heads_cols = np.asarray(ops.convert_to_numpy(heads_cols), np.float32)
        blank = np.ones_like(heads_cols[:1])
        out = [blank, heads_cols]
        for r in range(rows):
            out += [heads_rows[r:r + 1], mixed[r * n:(r + 1) * n]]
        return np.concatenate(out, axis=0), n + 1

    def coarse_styles(self):
        """The number of "coarse" styles, those acting up to 8x8 (4 of
        them; half the styles for a generator of 8x8 or less)."""
        return 4 if self.num_styles > 4 else max(1, self.num_styles // 2)
