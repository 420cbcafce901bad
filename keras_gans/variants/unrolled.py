"""Unrolled GAN (Metz et al. 2017, "Unrolled Generative Adversarial
Networks").

The generator minimises its loss against the discriminator as it will be
after ``k`` more of its own updates, ``f_K(theta_G, theta_D) =
f(theta_G, theta_D^K)`` with ``theta_D^{i+1} = theta_D^i - step(grad
L_D(theta_G, theta_D^i))``, and differentiates through those look-ahead
updates: the generator sees how the discriminator would react to a move
and is discouraged from piling its mass onto one mode. The discriminator
itself is updated normally (the engine's step); the look-ahead weights are
thrown away after the generator step.

Only one hook differs from :class:`keras_gans.GAN`:
:meth:`UnrolledGAN.generator_loss`. The look-ahead reuses the engine's
pieces: :meth:`~keras_gans.GAN.discriminator_loss` (the compiled loss and
penalties, any loss of ``keras_gans.losses``) evaluated on weight values
through :meth:`~keras_gans.GAN.discriminator_values`.

Choices, as in the authors' reference notebook:

- each look-ahead update uses the real minibatch of the last
  discriminator step and the generator's samples of this generator step
  (the same ``z``): the surrogate loss is a function of ``theta_G`` only
  through those samples;
- the look-ahead step is the discriminator optimizer's own rule
  (``lookahead="auto"``): for ``keras.optimizers.Adam`` an Adam step with its
  learning rate and betas continuing from its current moment estimates
  (epsilon inside the square root, so the step stays differentiable where
  a second moment is 0); for any other optimizer a plain gradient step of
  its learning rate. ``lookahead="sgd"`` forces the plain step,
  ``lookahead_learning_rate`` overrides the rate. Weight decay, gradient
  clipping and penalties' after-update hooks (weight clipping) are not
  applied in the look-ahead.
- ``backprop_through_unroll=False`` is the cheaper first-order variant:
  the look-ahead weights are treated as constants, so the generator's
  gradient is the plain one taken at ``theta_D^K``.

Under ``tf.distribute`` each look-ahead gradient is summed over the
replicas (as the optimizer sums the real ones), so every replica unrolls
the same discriminator.
"""

import keras
import tensorflow as tf
from keras import ops

from keras_gans.engine.gan import GAN

__all__ = ["UnrolledGAN", "LOOKAHEADS"]

#: the look-ahead update rules ``UnrolledGAN(lookahead=...)`` accepts
LOOKAHEADS = ("auto", "adam", "sgd")


def _inner(optimizer):
    """The optimizer under a loss-scale wrapper (float16 policies)."""
    return getattr(optimizer, "inner_optimizer", optimizer)


def _sum_over_replicas(grads):
    ctx = tf.distribute.get_replica_context()
    if ctx is None or ctx.num_replicas_in_sync == 1:
        return grads
    return ctx.all_reduce(tf.distribute.ReduceOp.SUM, grads)


class _SGDLookahead:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate

    def start(self, variables):
        return None

    def step(self, values, grads, state, i):
        lr = self.learning_rate
        return [v - ops.cast(lr, v.dtype) * g
                for v, g in zip(values, grads)], state


class _AdamLookahead:
    """Keras' Adam update, written on tensors so it can be differentiated,
    starting from ``optimizer``'s moment estimates and step count."""

    def __init__(self, optimizer, learning_rate):
        self.optimizer = optimizer
        self.learning_rate = learning_rate

    def start(self, variables):
        opt = self.optimizer
        m = [tf.convert_to_tensor(opt._momentums[opt._get_variable_index(v)])
             for v in variables]
        s = [tf.convert_to_tensor(
            opt._velocities[opt._get_variable_index(v)]) for v in variables]
        return m, s, ops.cast(opt.iterations, "float32")

    def step(self, values, grads, state, i):
        opt = self.optimizer
        m, s, done = state
        t = done + 1.0 + float(i)
        b1, b2 = float(opt.beta_1), float(opt.beta_2)
        eps = float(opt.epsilon)
        alpha = ops.cast(self.learning_rate, "float32") * ops.sqrt(
            1.0 - b2 ** t) / (1.0 - b1 ** t)
        new_m = [mi + (g - mi) * (1.0 - b1) for mi, g in zip(m, grads)]
        new_s = [si + (ops.square(g) - si) * (1.0 - b2)
                 for si, g in zip(s, grads)]
        new_values = [v - mi * alpha / ops.sqrt(si + eps ** 2)
                      for v, mi, si in zip(values, new_m, new_s)]
        return new_values, (new_m, new_s, done)


@keras.saving.register_keras_serializable(package="keras_gans")
class UnrolledGAN(GAN):
    """A GAN whose generator steps against ``unroll_steps`` look-ahead
    updates of the discriminator (see the module docstring).

    Args:
        generator, discriminator, **kwargs: as :class:`keras_gans.GAN`.
        unroll_steps: ``k``, the look-ahead updates (default 5, the
            paper's 2-D setting); 0 is the plain GAN.
        backprop_through_unroll: differentiate the generator's loss through
            the look-ahead updates (default, the paper's method); ``False``
            treats the look-ahead weights as constants (cheaper).
        lookahead: ``"auto"`` (the discriminator optimizer's rule: Adam or
            a plain step), ``"adam"`` or ``"sgd"``.
        lookahead_learning_rate: the look-ahead step size (default: the
            discriminator optimizer's current learning rate).

    Example::

        from keras_gans import data, networks
        gan = UnrolledGAN(networks.point_generator(),
                          networks.point_discriminator(), unroll_steps=5)
        gan.compile(d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
                    g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
        gan.fit(data.load_mixture("ring8", batch_size=512), epochs=10)
    """

    def __init__(self, generator, discriminator, unroll_steps=5,
                 backprop_through_unroll=True, lookahead="auto",
                 lookahead_learning_rate=None, **kwargs):
        super().__init__(generator, discriminator, **kwargs)
        if isinstance(unroll_steps, bool) or int(unroll_steps) != \
                unroll_steps or unroll_steps < 0:
            raise ValueError("unroll_steps must be an integer >= 0 (0 is the "
                             f"plain GAN); received {unroll_steps!r}.")
        if lookahead not in LOOKAHEADS:
            raise ValueError(f"lookahead must be one of {LOOKAHEADS}; "
                             f"received {lookahead!r}.")
        if lookahead_learning_rate is not None and not (
                float(lookahead_learning_rate) > 0):
            raise ValueError("lookahead_learning_rate must be a positive "
                             "number (or None: the discriminator "
                             "optimizer's); received "
                             f"{lookahead_learning_rate!r}.")
        self.unroll_steps = int(unroll_steps)
        self.backprop_through_unroll = bool(backprop_through_unroll)
        self.lookahead = lookahead
        self.lookahead_learning_rate = lookahead_learning_rate

    def get_config(self):
        config = super().get_config()
        config.update(unroll_steps=self.unroll_steps,
                      backprop_through_unroll=self.backprop_through_unroll,
                      lookahead=self.lookahead,
                      lookahead_learning_rate=self.lookahead_learning_rate)
        return config

    def _lookahead_rule(self):
        opt = _inner(self.d_optimizer)
        lr = self.lookahead_learning_rate
        if lr is None:
            lr = opt.learning_rate
        is_adam = isinstance(opt, keras.optimizers.Adam)
        if self.lookahead == "adam" and not is_adam:
            raise ValueError(
                "lookahead='adam' continues the discriminator optimizer's "
                f"Adam moments, but d_optimizer is {type(opt).__name__}; "
                "use lookahead='sgd' (or 'auto').")
        if is_adam and opt.amsgrad and self.lookahead != "sgd":
            raise ValueError(
                "The look-ahead does not implement AMSGrad; use "
                "lookahead='sgd' or Adam without amsgrad.")
        if is_adam and self.lookahead != "sgd":
            return _AdamLookahead(opt, lr)
        return _SGDLookahead(lr)

    def lookahead_values(self, real, fake):
        """The discriminator's weight values after ``unroll_steps``
        look-ahead updates on ``real`` and ``fake`` (batch dicts), as
        tensors: differentiable in the generator's weights through ``fake``
        when ``backprop_through_unroll``. Assigns nothing."""
        variables = self.discriminator_variables()
        values = [tf.convert_to_tensor(v) for v in variables]
        if not self.backprop_through_unroll:
            fake = {k: tf.stop_gradient(v) for k, v in fake.items()}
        rule = self._lookahead_rule()
        state = rule.start(variables)
        for i in range(self.unroll_steps):
            with tf.GradientTape(watch_accessed_variables=False) as tape:
                tape.watch(values)
                with self.discriminator_values(values):
                    loss, _ = self.discriminator_loss(real, fake)
            grads = tape.gradient(
                loss, values,
                unconnected_gradients=tf.UnconnectedGradients.ZERO)
            grads = _sum_over_replicas(grads)
            values, state = rule.step(values, grads, state, i)
            if not self.backprop_through_unroll:
                values = [tf.stop_gradient(v) for v in values]
        return values

    def generator_loss(self, real, fake):
        """The generator's loss against the look-ahead discriminator
        ``theta_D^K`` (the plain loss when ``unroll_steps`` is 0)."""
        if self.unroll_steps == 0:
            return super().generator_loss(real, fake)
        values = self.lookahead_values(real, fake)
        with self.discriminator_values(values):
            return super().generator_loss(real, fake)
