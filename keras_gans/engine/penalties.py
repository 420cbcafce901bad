"""Regularisers that plug into ``GAN.train_step`` without copying it.

A penalty is an object passed to ``GAN.compile(penalties=[...])``. The engine
calls its hooks at fixed points of the game:

``transform_discriminator_inputs(gan, batch)``
    before the discriminator sees a batch (real or fake): instance noise.
``discriminator_penalty(gan, real, fake, real_out, fake_out)``
    inside the discriminator's ``GradientTape``; returns per-example values
    ``(N,)`` (averaged over the global batch under ``tf.distribute``) or a
    scalar (treated as a global regulariser), or ``None`` for no term.
    The engine adds ``weight * value`` to the loss and reports the unweighted
    mean under ``name``.
``generator_penalty(gan, fake, fake_out)``
    the same inside the generator's tape.
``after_discriminator_update(gan)``
    after each discriminator optimizer step: weight clipping.
``after_generator_update(gan)``
    after each generator optimizer step.
``build(gan)``
    at compile time, inside the strategy scope: create any variables here.

The penalties of this module:

==================  ========================================================
``GradientPenalty``  WGAN-GP (Gulrajani et al. 2017): ``(||grad D(x_hat)|| -
                     target)^2`` on random interpolates of real and fake.
``R1`` / ``R2``      zero-centred penalties (Mescheder et al. 2018):
                     ``gamma/2 * ||grad D(x)||^2`` on real (R1) or generated
                     (R2) data, optionally lazy (every N steps, StyleGAN2).
``WeightClip``       the original WGAN's clipping of critic weights to
                     ``[-c, c]`` (Arjovsky et al. 2017).
``InstanceNoise``    Gaussian noise on every discriminator input, annealed to
                     zero (Sonderby et al. 2017; Arjovsky & Bottou 2017).
``WeightPenalty``    L2 penalty on the discriminator's kernels.
``Drift``            ``epsilon * D(x)^2`` on real outputs (Karras et al. 2018,
                     progressive GANs), keeps critic scores near zero.
==================  ========================================================

The gradient penalties differentiate the discriminator with respect to its
inputs with a nested ``tf.GradientTape``; the engine's outer tape then
differentiates that gradient (double back-propagation). This module is one of
the few TensorFlow-specific places of the library.

Every penalty computes per-example values from per-example gradients, so a
discriminator whose output for one example depends on the others (batch
normalisation in training mode) mixes the examples; use a critic without batch
norm with the gradient penalties (as Gulrajani et al. do).
"""

import math

import keras
from keras import ops

try:
    import tensorflow as tf
except ImportError as e:  # pragma: no cover - depends on the install
    raise ImportError("keras_gans.penalties needs TensorFlow.") from e

from keras_gans.engine.losses import per_example_mean

__all__ = ["Penalty", "register", "GradientPenalty", "R1", "R2",
           "WeightClip", "InstanceNoise", "WeightPenalty", "Drift",
           "assign_variables"]


class Penalty:
    """Base class of penalties; every hook does nothing by default."""

    default_name = "penalty"

    def __init__(self, weight=1.0, name=None):
        self.weight = float(weight)
        self.name = name or self.default_name

    def build(self, gan):
        pass

    def transform_discriminator_inputs(self, gan, batch):
        return batch

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return None

    def generator_penalty(self, gan, fake, fake_out):
        return None

    def after_discriminator_update(self, gan):
        pass

    def after_generator_update(self, gan):
        pass

    def get_config(self):
        return {"weight": self.weight, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


def register(cls):
    """Class decorator: makes a penalty serialisable in ``.keras`` files."""
    return keras.saving.register_keras_serializable(package="keras_gans")(cls)


# -- helpers ------------------------------------------------------------------
def _tf_variable(v):
    """The ``tf.Variable`` (a ``MirroredVariable`` under a strategy) behind a
    Keras variable."""
    return v.value if isinstance(v, keras.Variable) else v


def assign_variables(targets, fn, sources=None):
    """Assigns ``fn(target)`` (or ``fn(target, source)``) to every target,
    on every replica, from the cross-replica context.

    Inside ``strategy.run`` the update goes through ``merge_call`` and
    ``strategy.extended.update``, the way Keras' optimizers apply their own
    updates, so mirrored copies stay identical and the update is ordered
    after the optimizer step. Without a strategy it is a plain ``assign``.
    """
    targets = [_tf_variable(t) for t in targets]
    sources = None if sources is None else [_tf_variable(s) for s in sources]
    if sources is not None and len(sources) != len(targets):
        raise ValueError(f"assign_variables got {len(targets)} targets and "
                         f"{len(sources)} sources.")

    def merge_fn(strategy):
        for i, target in enumerate(targets):
            args = () if sources is None else (sources[i],)
            strategy.extended.update(
                target, lambda var, *a: var.assign(
                    ops.cast(fn(var, *a), var.dtype)),
                args=args, group=False)

    if tf.distribute.in_cross_replica_context():
        merge_fn(tf.distribute.get_strategy())
    else:
        tf.__internal__.distribute.interim.maybe_merge_call(
            merge_fn, tf.distribute.get_strategy())


def _check_positive(name, value, allow_zero=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; received "
                         f"{value!r}.") from None
    if value < 0 or (value == 0 and not allow_zero) or value != value:
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}; received {value}.")
    return value


def _check_every(every):
    if isinstance(every, bool) or int(every) != every or every < 1:
        raise ValueError(f"every must be a positive integer; received "
                         f"{every!r}.")
    return int(every)


def _batch_size(batch):
    return tf.shape(batch["images"])[0]


def input_gradient_norms_sq(gan, batch, images):
    """``||d D(batch with images) / d images||^2`` per example, ``(N,)``.

    ``D`` is the adversarial part of the discriminator output
    (``gan.adversarial_output``), averaged per example when it is
    patch-shaped. The other keys of ``batch`` (labels) go to the
    discriminator unchanged. Call it inside a ``GradientTape`` to
    differentiate the result (double back-propagation).
    """
    images = tf.convert_to_tensor(images)
    with tf.GradientTape() as tape:
        tape.watch(images)
        out = gan.adversarial_output(
            gan.discriminate(dict(batch, images=images), training=True))
        score = tf.reduce_sum(tf.cast(per_example_mean(out), tf.float32))
    grads = tf.cast(tape.gradient(score, images), tf.float32)
    axes = list(range(1, grads.shape.rank))
    return tf.reduce_sum(tf.square(grads), axis=axes)


# -- gradient penalties -------------------------------------------------------
@register
class GradientPenalty(Penalty):
    """The WGAN-GP gradient penalty (Gulrajani et al. 2017, "Improved
    Training of Wasserstein GANs", Algorithm 1).

    For each real ``x`` and fake ``x~`` of a discriminator step, draws
    ``alpha ~ U[0, 1]`` per example, forms ``x_hat = alpha x + (1 - alpha)
    x~`` and penalises ``(||grad_x_hat D(x_hat)||_2 - target)^2``; the loss
    gains ``weight`` (the paper's lambda, 10) times its batch mean.
    ``one_sided=True`` penalises only norms above ``target``
    (``max(0, ||grad|| - target)^2``, the paper's appendix variant).

    Only ``"images"`` is interpolated: a conditional discriminator sees the
    real batch's labels with the interpolates. The norm is
    ``sqrt(sum g^2 + 1e-12)``, finite (and differentiable) at a zero
    gradient. Works for any batch size, including a short last batch and
    per-replica batches. Reported (unweighted) under ``name`` ("gp").
    """

    default_name = "gp"
    eps = 1e-12

    def __init__(self, weight=10.0, target=1.0, one_sided=False, name=None):
        super().__init__(_check_positive("weight", weight, allow_zero=True),
                         name)
        self.target = _check_positive("target", target, allow_zero=True)
        self.one_sided = bool(one_sided)

    def interpolate(self, gan, real, fake):
        real_images = real["images"]
        fake_images = tf.cast(fake["images"], real_images.dtype)
        n = tf.shape(real_images)[0]
        rank = real_images.shape.rank
        alpha = gan.random_uniform((n,) + (1,) * (rank - 1))
        alpha = tf.cast(alpha, real_images.dtype)
        return real_images + alpha * (fake_images - real_images)

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        x_hat = self.interpolate(gan, real, fake)
        norms = tf.sqrt(input_gradient_norms_sq(gan, real, x_hat) + self.eps)
        excess = norms - self.target
        if self.one_sided:
            excess = tf.nn.relu(excess)
        return tf.square(excess)

    def get_config(self):
        return {"weight": self.weight, "target": self.target,
                "one_sided": self.one_sided, "name": self.name}


class _ZeroCentred(Penalty):
    """Shared part of R1 and R2: ``gamma/2 * ||grad D||^2``, lazily.

    ``weight`` is ``gamma / 2`` and the reported value is the squared
    gradient norm ``||grad D(x)||^2``. With ``every=N`` the gradient is
    computed only on discriminator steps ``0, N, 2N, ...`` (the
    discriminator optimizer's iteration count), where the value is
    multiplied by ``N`` (lazy regularisation, Karras et al. 2020); the other
    steps contribute 0. The running mean Keras reports over an epoch is
    then still an estimate of the mean ``||grad D||^2``.
    """

    def __init__(self, gamma=10.0, every=1, name=None):
        self.gamma = _check_positive("gamma", gamma, allow_zero=True)
        self.every = _check_every(every)
        super().__init__(self.gamma / 2.0, name)

    def _penalise(self, gan, batch):
        def value():
            return input_gradient_norms_sq(gan, batch, batch["images"])

        if self.every == 1:
            return value()
        step = tf.convert_to_tensor(gan.d_optimizer.iterations)
        due = tf.equal(step % self.every, 0)
        return tf.cond(
            due, lambda: float(self.every) * value(),
            lambda: tf.zeros((_batch_size(batch),), tf.float32))

    def get_config(self):
        return {"gamma": self.gamma, "every": self.every, "name": self.name}


@register
class R1(_ZeroCentred):
    """R1 (Mescheder et al. 2018, "Which Training Methods for GANs do
    actually Converge?", eq. 9): ``gamma/2 * E_real ||grad_x D(x)||^2``.

    ``weight == gamma / 2``; the reported value ("r1") is the mean squared
    gradient norm on real data. ``every=N`` applies it every N
    discriminator steps with ``N`` times the weight (StyleGAN2's lazy
    regularisation).
    """

    default_name = "r1"

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return self._penalise(gan, real)


@register
class R2(_ZeroCentred):
    """R2 (Mescheder et al. 2018, eq. 10): ``gamma/2 * E_fake
    ||grad_x D(G(z))||^2`` on the generated images of the discriminator
    step. Same conventions as :class:`R1`; reported as "r2"."""

    default_name = "r2"

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return self._penalise(gan, fake)


# -- constraints on the discriminator -----------------------------------------
@register
class WeightClip(Penalty):
    """The original WGAN's Lipschitz constraint (Arjovsky et al. 2017,
    Algorithm 1): after every discriminator update, every trainable
    discriminator weight is clipped to ``[-c, c]``.

    Adds no loss term; reports as "weight_clip" the fraction of critic
    weights sitting at the clipping bounds (``|w| >= c``, measured before
    each update), a sign of how hard the constraint binds.
    """

    default_name = "weight_clip"

    def __init__(self, c=0.01, name=None):
        self.c = _check_positive("c", c)
        super().__init__(0.0, name)

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        variables = gan.discriminator_variables()
        at_bound = tf.add_n([tf.reduce_sum(tf.cast(
            tf.abs(tf.convert_to_tensor(v)) >= self.c * (1 - 1e-6),
            tf.float32)) for v in variables])
        total = float(sum(math.prod(v.shape) for v in variables))
        return at_bound / total  # a scalar with weight 0: a metric

    def after_discriminator_update(self, gan):
        c = self.c
        assign_variables(gan.discriminator_variables(),
                         lambda v: tf.clip_by_value(v, -c, c))

    def get_config(self):
        return {"c": self.c, "name": self.name}


@register
class InstanceNoise(Penalty):
    """Instance noise (Sonderby et al. 2017; Arjovsky & Bottou 2017): adds
    ``N(0, s_t^2)`` noise to every real and fake image the discriminator
    sees, in discriminator and generator steps alike.

    ``s_t = stddev * max(0, 1 - t / anneal_steps)`` with ``t`` the
    discriminator optimizer's iteration count: ``stddev`` at the start, 0
    after ``anneal_steps`` discriminator steps (``anneal_steps=None`` keeps
    it constant). Adds no loss term; the current ``s_t`` is reported as
    "instance_noise".
    """

    default_name = "instance_noise"

    def __init__(self, stddev=0.1, anneal_steps=None, name=None):
        self.stddev = _check_positive("stddev", stddev, allow_zero=True)
        if anneal_steps is not None:
            if isinstance(anneal_steps, bool) or \
                    int(anneal_steps) != anneal_steps or anneal_steps < 1:
                raise ValueError(
                    "anneal_steps must be a positive integer or None; "
                    f"received {anneal_steps!r}.")
            anneal_steps = int(anneal_steps)
        self.anneal_steps = anneal_steps
        super().__init__(0.0, name)  # reports s_t; contributes nothing

    def current_stddev(self, gan):
        """``s_t`` at the discriminator optimizer's current step."""
        if self.anneal_steps is None:
            return tf.constant(self.stddev, tf.float32)
        step = tf.cast(tf.convert_to_tensor(gan.d_optimizer.iterations),
                       tf.float32)
        left = tf.maximum(0.0, 1.0 - step / float(self.anneal_steps))
        return self.stddev * left

    def transform_discriminator_inputs(self, gan, batch):
        images = batch["images"]
        shape = (tf.shape(images)[0],) + tuple(images.shape[1:])
        noise = gan.random_normal(shape)
        std = tf.cast(self.current_stddev(gan), images.dtype)
        return dict(batch, images=images + std * tf.cast(noise, images.dtype))

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        return self.current_stddev(gan)  # a scalar with weight 0: a metric

    def get_config(self):
        return {"stddev": self.stddev, "anneal_steps": self.anneal_steps,
                "name": self.name}


@register
class WeightPenalty(Penalty):
    """L2 weight penalty on the discriminator's kernels: ``weight * sum of
    squares`` of every trainable discriminator weight of rank >= 2 (dense
    and convolution kernels, embedding tables; biases and normalisation
    scales are left alone). A scalar, global regulariser: under
    ``tf.distribute`` the engine divides it by the number of replicas, so
    the summed gradient is that of one copy. Reported as "weight_penalty"
    (the unweighted sum of squares)."""

    default_name = "weight_penalty"

    def __init__(self, weight=1e-4, name=None):
        super().__init__(_check_positive("weight", weight, allow_zero=True),
                         name)

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        kernels = [v for v in gan.discriminator_variables()
                   if len(v.shape) >= 2]
        if not kernels:
            raise ValueError(
                "WeightPenalty found no discriminator kernels (trainable "
                "weights of rank >= 2) to penalise.")
        return tf.add_n([tf.reduce_sum(tf.square(
            tf.cast(tf.convert_to_tensor(v), tf.float32))) for v in kernels])


@register
class Drift(Penalty):
    """The drift term of progressive GANs (Karras et al. 2018, section A.1):
    ``epsilon * D(x)^2`` on real outputs, per example, so critic scores do
    not drift far from zero. ``weight == epsilon``; reported as "drift"
    (the mean of ``D(x)^2``)."""

    default_name = "drift"

    def __init__(self, epsilon=1e-3, name=None):
        self.epsilon = _check_positive("epsilon", epsilon, allow_zero=True)
        super().__init__(self.epsilon, name)

    def discriminator_penalty(self, gan, real, fake, real_out, fake_out):
        out = tf.cast(gan.adversarial_output(real_out), tf.float32)
        return per_example_mean(tf.square(out))

    def get_config(self):
        return {"epsilon": self.epsilon, "name": self.name}
