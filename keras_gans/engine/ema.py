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

Under ``tf.distribute`` the copy is created where the GAN is built (inside
``strategy.scope()``, so its variables are mirrored like the generator's)
and updated in the cross-replica context, one ``strategy.extended.update``
per variable, as Keras' optimizers apply their own updates: every replica's
copy stays identical.
"""

import contextlib

import keras

from keras_gans.engine.penalties import assign_variables

__all__ = ["check_decay", "make_copy", "update", "using_ema", "ema_generator"]


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


@contextlib.contextmanager
def using_ema(gan, use_ema=None):
    """Runs the block with ``gan.generator`` temporarily replaced by its EMA
    copy, so the GAN's own ``generator_call`` (any variant) draws with the
    averaged weights. ``use_ema``: ``None`` uses the copy when there is one,
    ``True`` requires it (error otherwise), ``False`` changes nothing."""
    ema = ema_generator(gan)
    if use_ema and ema is None:
        raise ValueError(
            f"use_ema=True but this {type(gan).__name__} keeps no EMA copy of "
            "its generator; build it with ema_decay=... (e.g. 0.999).")
    if use_ema is False or ema is None:
        yield gan
        return
    original = gan.generator
    # Bypass Keras' attribute tracking: the swap is temporary.
    object.__setattr__(gan, "generator", ema)
    try:
        yield gan
    finally:
        object.__setattr__(gan, "generator", original)
