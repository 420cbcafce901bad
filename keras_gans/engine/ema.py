"""An exponential moving average (EMA) of the generator's weights.

Averaging the generator's weights over the last few hundred or thousand
updates gives visibly smoother samples and better FIDs than the last
iterate (Yazici et al. 2019, "The Unusual Effectiveness of Averaging in GAN
Training"; used by progressive GANs, BigGAN and StyleGAN).

``GAN(..., ema_decay=0.999)`` keeps ``gan.generator_ema``, a copy of the
generator made by :func:`make_copy`; after every generator update the engine
calls :func:`update`::

    ema_w <- decay * ema_w + (1 - decay) * w      for every trainable weight
    ema_w <- w                                     for every other weight

Non-trainable weights (batch-norm moving statistics, spectral-norm power
iteration vectors) are copied, not averaged, as StyleGAN does with its
buffers. The copy starts equal to the generator. ``gan.generate``, the
``SampleGrid`` callback and ``keras_gans.export.save_generator`` use the EMA
copy when the GAN keeps one (each takes ``use_ema=False`` to get the trained
weights instead); ``.keras`` files save and restore it.

Copied batch-norm statistics describe the trained generator's activations,
not the averaged one's: :func:`standing_statistics` recomputes them from
the copy's own activations (BigGAN's "standing statistics"). ``keras-gans
train`` (``training.train``) does so after every epoch, before that epoch's
samples, FID and checkpoint; in a ``fit`` of your own, add the
``keras_gans.callbacks.EMAStatistics`` callback first.
``benchmarks/ema_batchnorm.py`` measures the difference (RESULTS.md).

Under ``tf.distribute`` the copy is created where the GAN is built (inside
``strategy.scope()``, so its variables are mirrored like the generator's)
and updated in the cross-replica context, one ``strategy.extended.update``
per variable, as Keras' optimizers apply their own updates: every replica's
copy stays identical.
"""

import contextlib

import keras

from keras_gans.engine.penalties import assign_variables

__all__ = ["check_decay", "make_copy", "update", "using_ema", "ema_generator",
           "batch_norm_layers", "standing_statistics"]


def check_decay(decay):
    """``decay`` as a float in ``[0, 1)``; a clear error otherwise."""
    try:
        value = float(decay)
    except (TypeError, ValueError):
        raise ValueError(f"ema_decay must be a number in [0, 1); received "
                         f"{decay!r}.") from None
    if not 0.0 <= value < 1.0:
        raise ValueError(f"ema_decay must be in [0, 1) (e.g. 0.999); "
                         f"received {decay!r}.")
    return value


def make_copy(generator, name=None):
    """A non-trainable copy of ``generator`` with the same architecture and
    weights (``keras.models.clone_model`` + ``set_weights``); a dict of
    generators gives a dict of copies. Create it in the scope the
    generator lives in (the strategy scope)."""
    if isinstance(generator, dict):
        return {k: make_copy(g) for k, g in generator.items()}
    copy = keras.models.clone_model(generator)
    if not copy.built:
        raise ValueError(
            f"Cannot make an EMA copy of {generator.name!r}: its clone is not "
            "built (use a functional or Sequential generator, or a subclassed "
            "one that builds itself in __init__).")
    _check_match(generator, copy)
    copy.set_weights(generator.get_weights())
    copy.trainable = False
    copy.name = name or f"{generator.name}_ema"
    return copy


def _check_match(generator, copy):
    src, dst = generator.weights, copy.weights
    if len(src) != len(dst) or any(
            tuple(a.shape) != tuple(b.shape) for a, b in zip(src, dst)):
        raise ValueError(
            f"The EMA copy of {generator.name!r} does not match it: "
            f"{[tuple(w.shape) for w in src]} vs "
            f"{[tuple(w.shape) for w in dst]}.")


def update(ema_model, model, decay):
    """One EMA step: trainable weights of ``ema_model`` move towards
    ``model``'s by ``1 - decay``; the other weights are copied. Works in
    eager code, inside ``tf.function`` and inside ``strategy.run``."""
    if isinstance(model, dict):
        for key in model:
            update(ema_model[key], model[key], decay)
        return
    decay = float(decay)
    averaged, copied = [], []
    for target, source in zip(ema_model.weights, model.weights):
        (averaged if source.trainable else copied).append((target, source))
    if averaged:
        assign_variables([t for t, _ in averaged],
                         lambda e, w: decay * e + (1.0 - decay) * w,
                         [s for _, s in averaged])
    if copied:
        assign_variables([t for t, _ in copied], lambda e, w: w,
                         [s for _, s in copied])


def ema_generator(gan):
    """``gan.generator_ema`` or ``None``."""
    return getattr(gan, "generator_ema", None)


def _chosen_copy(gan, use_ema):
    """The EMA copy ``use_ema`` asks ``gan`` to draw with, or ``None`` for
    its trained generator (an error for ``True`` without a copy)."""
    ema = ema_generator(gan)
    if use_ema and ema is None:
        raise WeightsChoiceError(
            use_ema, f"this {type(gan).__name__} keeps no EMA copy of its "
            "generator (it was built without ema_decay)",
            "build it with ema_decay=... (e.g. 0.999)")
    return None if use_ema is False else ema


@contextlib.contextmanager
def using_ema(gan, use_ema=None):
    """Runs the block with ``gan.generator`` temporarily replaced by its EMA
    copy, so the GAN's own ``generator_call`` (any variant) draws with the
    averaged weights. ``use_ema``: ``None`` uses the copy when there is one,
    ``True`` requires it (error otherwise), ``False`` changes nothing."""
    ema = _chosen_copy(gan, use_ema)
    if ema is None:
        yield gan
        return
    original = gan.generator
    # Bypass Keras' attribute tracking: the swap is temporary.
    object.__setattr__(gan, "generator", ema)
    try:
        yield gan
    finally:
        object.__setattr__(gan, "generator", original)


def weights_drawn(gan, use_ema=None):
    """``"ema"`` or ``"trained"``: which generator ``gan.generate(...,
    use_ema=use_ema)`` draws with (an error, as in :func:`using_ema`, for
    ``use_ema=True`` without an EMA copy)."""
    return "trained" if _chosen_copy(gan, use_ema) is None else "ema"


class WeightsChoiceError(ValueError):
    """A ``use_ema`` choice the generator cannot honour. ``problem`` says
    why in terms of the generator, so a caller that spells the choice
    differently (the CLI's ``--generator-weights``) words the error in its
    own terms; the message names ``use_ema`` and ``remedy``."""

    def __init__(self, use_ema, problem, remedy):
        self.use_ema = use_ema
        self.problem = problem
        super().__init__(f"use_ema={use_ema!r}: {problem}; {remedy}, or "
                         "leave use_ema=None.")


def single_weights_error(use_ema, description):
    """The :class:`WeightsChoiceError` for a ``use_ema`` choice asked of a
    generator with one set of weights (an export, a bare network), named by
    ``description``."""
    return WeightsChoiceError(
        use_ema, f"{description} has one set of weights (an export holds "
        "the one it was published with), not a keras_gans GAN's trained and "
        "EMA generators to choose between", "pass a GAN or its .keras file")


def batch_norm_layers(model):
    """The ``keras.layers.BatchNormalization`` layers inside ``model`` (a
    network or a dict of networks)."""
    models = model.values() if isinstance(model, dict) else [model]
    return [layer for m in models
            for layer in m._flatten_layers(include_self=False)
            if isinstance(layer, keras.layers.BatchNormalization)]


def standing_statistics(gan, num_batches=128, batch_size=64, seed=0):
    """Recompute the batch-norm moving statistics of ``gan``'s EMA copy from
    the copy's own activations: every layer's moving mean and variance
    become the mean, over ``num_batches`` batches of ``batch_size`` (use
    the training batch size) inputs drawn from the GAN's priors (integer
    ``seed``: the same draws every time; the GAN's own seed generator does
    not advance), of the per-batch
    means and variances, which is what they estimate in training. The
    trainable weights are not touched. Returns the number of layers
    recomputed: 0 when the GAN keeps no EMA copy or the copy has no batch
    norm. A GAN with an input that has no prior (an image to translate)
    cannot be drawn for: a ``ValueError`` says so."""
    copy = ema_generator(gan)
    layers = batch_norm_layers(copy) if copy is not None else []
    if not layers:
        return 0
    given = [spec.name for spec in gan.generator_inputs()
             if not spec.drawable]
    if given:
        raise ValueError(
            f"standing_statistics draws the generator's inputs from their "
            f"priors; {type(gan).__name__}'s inputs {given} have none. Keep "
            "the copied statistics (do not call it) for this GAN.")
    if int(batch_size) < 2 or int(num_batches) < 1:
        raise ValueError(
            f"standing_statistics needs batch_size >= 2 and num_batches >= "
            f"1; received num_batches={num_batches!r}, "
            f"batch_size={batch_size!r}.")
    saved = [(bn.momentum, bn.trainable) for bn in layers]
    for bn in layers:   # a frozen batch-norm layer runs in inference mode
        bn.trainable = True
    try:
        with using_ema(gan, True):
            for i in range(int(num_batches)):
                for bn in layers:   # moving <- the mean of batches 0..i
                    bn.momentum = i / (i + 1.0)
                gan.generated(gan.sample_generator_inputs(
                    int(batch_size), seed=int(seed) + 7919 * i),
                    training=True)
    finally:
        for bn, (momentum, trainable) in zip(layers, saved):
            bn.momentum, bn.trainable = momentum, trainable
    return len(layers)
