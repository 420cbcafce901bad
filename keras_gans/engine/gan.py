"""The adversarial engine: one ``train_step`` that every variant shares.

This module is one of the few TensorFlow-specific places of the library
(``tf.GradientTape``, ``tf.distribute`` loss scaling); networks, layers and
loss math are backend-neutral ``keras.ops`` code.

The game, per call of ``train_step`` on a batch of ``n`` real examples::

    split the batch into d_steps contiguous minibatches (each D step sees its
    own real data, as in Goodfellow et al. Algorithm 1 and WGAN's critic loop)
    for each minibatch:          discriminator_step(minibatch)
    then, once:                  generator_step(last minibatch)

So ``fit`` on batches of ``d_steps * m`` examples plays ``d_steps`` critic
updates on ``m`` real images each, then one generator update on ``m`` latents.

Variants override the smallest hook that expresses their difference:

``unpack_real(data)``
    dataset element -> batch dict ``{"images": ..., ["labels": ...]}``
``generator_inputs()``
    the declared inputs (:class:`keras_gans.engine.inputs.GeneratorInput`):
    what export, evaluation, callbacks and the CLI read. Default: one
    ``latent`` of the generator's input width.
``generator_outputs()``
    ``{name: per-example image shape}`` of the images the generator makes
    (default ``{"images": ...}``; several for multi-domain variants).
``sample_generator_inputs(batch_size, real=None, seed=None, **conditions)``
    -> dict of generator inputs: each declared input given in
    ``conditions`` (checked) or drawn from its prior.
``grid_generator_inputs(n, seed)``
    the inputs of the sample-grid pictures (default: a random draw;
    conditional variants lay out one class per row).
``sampling_options()`` / ``sampling(**values)``
    scalar sampling options that are not generator inputs
    (:class:`keras_gans.engine.options.SamplingOption`; StyleGAN's
    ``truncation_psi``) and the context in which the generator uses given
    values; export adds them to twin signatures. Default: none.
``pictures()``
    ``{name: make(n, seed=0, use_ema=None) -> (images, nrow)}``: pictures
    the variant draws beyond sample grids (StyleGAN: an interpolation in W,
    a truncation strip, a style-mixing grid), written by a training run
    and by ``keras-gans sample --interpolate N``. Default: none.
``generator_call(inputs, training)``
    generator inputs dict -> images, or a dict holding the declared
    outputs (and anything else a loss needs, e.g. StyleGAN's ``w``)
``discriminate(batch, training)``
    batch dict -> discriminator output (any structure)
``adversarial_output(output)``
    the part of the discriminator output the adversarial loss sees
``discriminator_losses(real, real_out, fake, fake_out)`` /
``generator_losses(fake, fake_out, real)``
    dicts of per-example loss terms; their sum is minimised. The key
    ``"d_loss"`` / ``"g_loss"`` is the adversarial term; any other key is an
    extra term reported as its own metric (declared with ``add_tracker``).
``discriminator_reports(real, real_out, fake, fake_out)``
    values only reported after a discriminator step, never minimised
    (``d_real``, ``d_fake``; InfoGAN's mutual-information bound).
``discriminator_variables()`` / ``generator_variables()``
    what each optimizer updates (the unique trainable variables of the
    networks: shared layers count once).
``discriminator_loss(real, fake)`` / ``generator_loss(real, fake)``
    the scalar each update minimises and its logs, separated from the
    update (an unrolled GAN differentiates through look-ahead updates of
    the discriminator by overriding ``generator_loss``).
``run_discriminator(inputs, training)``
    the one place the discriminator network runs; inside
    ``with gan.discriminator_values(values):`` it runs statelessly with the
    given weights (Keras 3 ``stateless_call``).
``discriminator_step(real)`` / ``generator_step(real)``
    a whole update: inputs, loss (above), gradients, optimizer.
``after_generator_update()``
    after each generator optimizer step: updates the EMA copy of the
    generator (``ema_decay``) and calls the penalties' hook of that name.

Penalties (``keras_gans.penalties.Penalty``) plug into the discriminator and
generator steps without touching the loop.

Networks: ``generator`` and ``discriminator`` are each a ``keras.Model`` or
a dict of them (a variant with several pairs, e.g. CoGAN, whose networks
share layers). :meth:`GAN.replace_networks` swaps them between the phases
of one run (progressive growing): weights of layers kept by name, optimizer
state rebuilt for the new variables (the step counter continues), EMA copy
rebuilt, the compiled train function reset. :meth:`GAN.start_phase` then
tells the GAN how many real images the new phase trains on (a no-op here;
``ProgressiveGAN`` ramps its fade-in over them).
"""

import contextlib

import keras
import numpy as np
from keras import ops

try:
    import tensorflow as tf
except ImportError as e:  # pragma: no cover - depends on the install
    raise ImportError(
        "keras_gans.GAN needs TensorFlow: `pip install keras-gans[cpu]` (CPU "
        "wheel) or `pip install keras-gans[gpu]`. The networks and losses "
        "alone run on any Keras 3 backend.") from e

from keras_gans.engine import ema
from keras_gans.engine import inputs as inputs_lib
from keras_gans.engine import losses as losses_lib
from keras_gans.engine.inputs import GeneratorInput
from keras_gans.engine.penalties import Penalty
from keras_gans.utils.checks import check_positive_int

__all__ = ["GAN", "NON_FINITE", "UPDATES"]

#: the update orders ``GAN.compile(update=...)`` accepts
UPDATES = ("sequential", "simultaneous")
#: what ``GAN.compile(on_non_finite=...)`` accepts
NON_FINITE = ("raise", "skip-batch")


def _check_backend():
    if keras.backend.backend() != "tensorflow":
        raise RuntimeError(
            "keras_gans.GAN trains with the TensorFlow backend (its train_step "
            "uses tf.GradientTape); the current Keras backend is "
            f"{keras.backend.backend()!r}. Set KERAS_BACKEND=tensorflow. The "
            "networks in keras_gans.networks and the losses run on any backend."
        )


def _replica():
    """(replica id, number of replicas) inside ``strategy.run``; (0, 1) in
    cross-replica context or without a strategy."""
    ctx = tf.distribute.get_replica_context()
    if ctx is None:
        return 0, 1
    return ctx.replica_id_in_sync_group, ctx.num_replicas_in_sync


class _BatchCounter(keras.callbacks.Callback):
    """Counts training batches that really ran (for the empty-data check).

    ``async_safe``: Keras then dispatches this batch hook on a helper
    thread; a batch hook that is not async-safe makes Keras wait for every
    step's logs (as numpy) before it dispatches the next step. (No speed
    difference was measurable on this 2-core host, whose drift is larger.)"""

    batches = 0
    async_safe = True

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def _step_logs(logs):
    """A train step's logs. Under ``MultiWorkerMirroredStrategy`` Keras 3
    reduces them with ``strategy.reduce("MEAN", v, axis=0)``, which fails on
    scalars ("Invalid reduction dimension 0", tensorflow#72388): there each
    value is given one axis, which that mean removes again."""
    if isinstance(tf.distribute.get_strategy(),
                  tf.distribute.MultiWorkerMirroredStrategy):
        return {k: tf.reshape(v, (1,)) for k, v in logs.items()}
    return logs


@keras.saving.register_keras_serializable(package="keras_gans")
class GAN(keras.Model):
    """A generative adversarial network trained with plain ``model.fit``.

    Args:
        generator: a built Keras model mapping a latent batch to images in
            [-1, 1] (channels last).
        discriminator: a built Keras model mapping images to scores (logits
            for the cross-entropy losses) of shape ``(N,)``, ``(N, 1)`` or
            ``(N, H, W, 1)``.
        latent_dim: size of the latent vector; inferred from the generator's
            input when omitted.
        seed: integer seed of the latent sampler; the same seed reproduces
            the same latents (and, with the same data order, the same run).
        ema_decay: if given (e.g. 0.999), also keep ``generator_ema``, an
            exponential moving average of the generator's weights updated
            after every generator step (see ``keras_gans.ema``); ``generate``,
            ``SampleGrid`` and export then use it by default.

    Example::

        gan = GAN(networks.dcgan_generator((28, 28, 1)),
                  networks.dcgan_discriminator((28, 28, 1)), seed=0)
        gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                    loss="non_saturating")
        gan.fit(dataset, epochs=5)
        images = gan.generate(16, seed=1)     # numpy, in [-1, 1]
    """

    def __init__(self, generator, discriminator, latent_dim=None, seed=None,
                 ema_decay=None, **kwargs):
        _check_backend()
        super().__init__(**kwargs)
        _check_networks("generator", generator)
        _check_networks("discriminator", discriminator)
        self.generator = generator
        self.discriminator = discriminator
        if latent_dim is None:
            latent_dim = self._infer_latent_dim(generator)
        self.latent_dim = None if latent_dim is None else int(latent_dim)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)
        self._trackers = {}
        for name in ("d_loss", "g_loss", "d_real", "d_fake"):
            self.add_tracker(name)
        self._penalty_names = []
        self._d_values = None
        self.ema_decay = None
        self.generator_ema = None
        if ema_decay is not None:
            self.ema_decay = ema.check_decay(ema_decay)
            self.generator_ema = ema.make_copy(generator)
        self.built = True

    @staticmethod
    def _infer_latent_dim(generator):
        """The width of a one-input generator's ``(batch, dim)`` input;
        ``None`` for other generators (their variant declares its inputs)."""
        if isinstance(generator, dict):
            return None
        shape = generator.inputs[0].shape if generator.inputs else None
        if len(generator.inputs or ()) != 1 or shape is None or len(
                shape) != 2 or shape[-1] is None:
            return None
        return shape[-1]

    # -- the declared contract ------------------------------------------------
    def generator_inputs(self):
        """The generator's inputs, in order: a tuple of
        :class:`~keras_gans.engine.inputs.GeneratorInput`. Export,
        evaluation, callbacks and the CLI read only this. The engine's own
        generator takes one latent; variants declare theirs."""
        if self.latent_dim is None:
            raise ValueError(
                f"{type(self).__name__} cannot infer its generator inputs: "
                "the generator does not take one (batch, latent_dim) input. "
                "Pass latent_dim=, or declare generator_inputs() in the "
                "variant.")
        return (GeneratorInput.latent(self.latent_dim),)

    def generator_outputs(self):
        """``{name: per-example image shape}`` of the images the generator
        makes, the first being the main one (``generate``'s). Default: one
        output, ``images``, of the generator's output shape."""
        nets = self.generator if isinstance(self.generator, dict) else {
            "images": self.generator}
        if len(nets) != 1:
            raise ValueError(
                f"{type(self).__name__} has several generators "
                f"({sorted(nets)}); declare generator_outputs() in the "
                "variant.")
        net = next(iter(nets.values()))
        return {"images": tuple(net.outputs[0].shape[1:])}

    def sampling_options(self):
        """Scalar options of sampling that are not per-example generator
        inputs: a tuple of :class:`~keras_gans.engine.options.
        SamplingOption` (StyleGAN declares ``truncation_psi``). Export reads
        only this (twin signatures taking the options). The engine's GAN
        declares none."""
        return ()

    @contextlib.contextmanager
    def sampling(self, **values):
        """A context in which ``generated(..., training=False)`` uses the
        given values of the declared :meth:`sampling_options` (numbers or
        scalar tensors, e.g. an exported signature's inputs). The engine's
        GAN declares none, so any value is an error."""
        if values:
            raise ValueError(
                f"{type(self).__name__} declares no sampling options; "
                f"received {sorted(values)}.")
        yield self

    def pictures(self):
        """``{name: make(n, seed=0, use_ema=None) -> (images, nrow)}``:
        the pictures this GAN declares beyond sample grids (``n``: the
        steps or columns of a row; ``images`` in [-1, 1], ``nrow`` per
        row), written every epoch by a training run
        (``keras_gans.training.pictures.default_pictures``) and by
        ``keras-gans sample --interpolate N``. The engine's GAN declares
        none (the interpolation strip of any GAN with a latent comes from
        ``keras_gans.training.declared_pictures``)."""
        return {}

    def networks(self):
        """``{"generator": {name: model}, "discriminator": {name: model}}``:
        every network the GAN trains (one pair, or several)."""
        def as_dict(nets, role):
            return dict(nets) if isinstance(nets, dict) else {role: nets}
        return {"generator": as_dict(self.generator, "generator"),
                "discriminator": as_dict(self.discriminator,
                                         "discriminator")}

    # -- metrics ------------------------------------------------------------
    def add_tracker(self, name):
        """Creates a ``keras.metrics.Mean`` reported under ``name``."""
        if name not in self._trackers:
            self._trackers[name] = keras.metrics.Mean(name=name)
        return self._trackers[name]

    @property
    def metrics(self):
        return list(self._trackers.values())

    # -- compile ------------------------------------------------------------
    def compile(self, d_optimizer="adam", g_optimizer="adam",
                loss="non_saturating", d_steps=1, penalties=(),
                update="sequential", on_non_finite="raise", **kwargs):
        """Configures the game.

        Args:
            d_optimizer, g_optimizer: two distinct optimizers (instances or
                names) for the discriminator and the generator.
            loss: an ``AdversarialLoss``, its name (see
                ``keras_gans.losses.available()``) or a config dict.
            d_steps: discriminator updates per generator update. Each uses
                its own ``1/d_steps`` share of the real batch.
            penalties: ``keras_gans.penalties.Penalty`` objects (gradient
                penalty, R1, weight clipping, instance noise, ...).
            update: ``"sequential"`` (default; Goodfellow et al.'s
                algorithm): the discriminator steps, then the generator
                step on new latents against the updated discriminator.
                ``"simultaneous"`` (``d_steps=1`` only): both updates from
                one generator forward and one discriminator pass on the
                fakes, with the weights from before the step, as the
                TensorFlow DCGAN tutorial and the keras.io example do; a
                different algorithm, about 15% less compute per step.
            on_non_finite: ``"raise"`` (default): updates are applied as
                computed (the training callbacks stop a run whose metrics or
                weights turn non-finite: ``keras_gans.training.guard``);
                ``"skip-batch"``: an update whose loss or gradients are not
                all finite is undone (weights and optimizer state as before
                it, on every replica), its terms are left out of the
                metrics, and ``skipped_updates`` reports the share of
                updates skipped.
            **kwargs: passed to ``keras.Model.compile`` (e.g. ``jit_compile``,
                ``steps_per_execution``).
        """
        for key in ("optimizer", "loss_weights", "metrics"):
            if key in kwargs:
                raise ValueError(
                    f"GAN.compile does not take {key!r}; pass d_optimizer, "
                    "g_optimizer, loss, d_steps and penalties."
                )
        kwargs.setdefault("jit_compile", False)
        super().compile(optimizer=None, **kwargs)
        self.d_optimizer = keras.optimizers.get(d_optimizer)
        self.g_optimizer = keras.optimizers.get(g_optimizer)
        if self.d_optimizer is self.g_optimizer:
            raise ValueError(
                "d_optimizer and g_optimizer must be two different optimizer "
                "objects (each keeps its own state)."
            )
        self.adversarial_loss = losses_lib.get(loss)
        if int(d_steps) != d_steps or d_steps < 1:
            raise ValueError(
                f"d_steps must be a positive integer; received {d_steps!r}."
            )
        self.d_steps = int(d_steps)
        if update not in UPDATES:
            raise ValueError(f"update must be one of {UPDATES}; received "
                             f"{update!r}.")
        if update == "simultaneous" and self.d_steps != 1:
            raise ValueError(
                "update='simultaneous' plays one discriminator and one "
                f"generator update from the same fakes; d_steps={d_steps} "
                "needs update='sequential'.")
        self.update = update
        if on_non_finite not in NON_FINITE:
            raise ValueError(f"on_non_finite must be one of {NON_FINITE}; "
                             f"received {on_non_finite!r}.")
        self.on_non_finite = on_non_finite
        if on_non_finite == "skip-batch":
            self.add_tracker("skipped_updates")
        elif "skipped_updates" in self._trackers:
            del self._trackers["skipped_updates"]
        self.penalties = list(penalties or ())

        names = []
        for p in self.penalties:
            if not isinstance(p, Penalty):
                raise TypeError(
                    "penalties must be keras_gans.penalties.Penalty objects; "
                    f"received {p!r}."
                )
            if p.name in names or p.name in self._trackers and (
                    p.name not in self._penalty_names):
                raise ValueError(
                    f"Two penalties (or a penalty and a metric) share the name "
                    f"{p.name!r}; give each a distinct name=."
                )
            names.append(p.name)
        for stale in set(self._penalty_names) - set(names):
            del self._trackers[stale]  # a penalty of an earlier compile
        self._penalty_names = names
        for name in names:
            self.add_tracker(name)
        # Create optimizer slots now, inside whatever strategy scope the user
        # compiles in, rather than lazily inside a replica.
        self.d_optimizer.build(self.discriminator_variables())
        self.g_optimizer.build(self.generator_variables())
        for p in self.penalties:
            p.build(self)
        self._gan_compile_config = {
            "d_optimizer": keras.optimizers.serialize(self.d_optimizer),
            "g_optimizer": keras.optimizers.serialize(self.g_optimizer),
            "loss": losses_lib.serialize(self.adversarial_loss),
            "d_steps": self.d_steps,
            "update": self.update,
            "on_non_finite": self.on_non_finite,
            "penalties": [keras.saving.serialize_keras_object(p)
                          for p in self.penalties],
        }

    def get_compile_config(self):
        return dict(getattr(self, "_gan_compile_config", {}))

    def compile_from_config(self, config):
        config = dict(config)
        config["d_optimizer"] = keras.optimizers.deserialize(
            config["d_optimizer"])
        config["g_optimizer"] = keras.optimizers.deserialize(
            config["g_optimizer"])
        config["penalties"] = [keras.saving.deserialize_keras_object(p)
                               for p in config.get("penalties", [])]
        self.compile(**config)

    # -- saved state ----------------------------------------------------------
    #: key prefix of the random-stream states in a saved model's variables
    _SEED_STATE = "seed_generator_state_"

    def save_own_variables(self, store):
        """Keras' own variables of the GAN, plus the state of its random
        streams (the latents and noise it draws while training), so a run
        resumed from a ``.keras`` file continues the stream instead of
        replaying it from the start."""
        super().save_own_variables(store)
        for i, generator in enumerate(self._all_seed_generators()):
            store[f"{self._SEED_STATE}{i}"] = generator.state

    def _all_seed_generators(self):
        """The GAN's random streams and its layers' (dropout, noise), in a
        fixed order."""
        found = []
        for layer in self._flatten_layers(include_self=True):
            for generator in getattr(layer, "_seed_generators", ()):
                if all(generator is not g for g in found):
                    found.append(generator)
        return found

    def load_own_variables(self, store):
        keys = list(store.keys())
        seeds = sorted(k for k in keys if str(k).startswith(self._SEED_STATE))
        if not seeds:  # a file from before the streams were saved
            return super().load_own_variables(store)
        super().load_own_variables(
            {k: store[k] for k in keys if k not in seeds})
        generators = self._all_seed_generators()
        for key in seeds:
            i = int(str(key)[len(self._SEED_STATE):])
            if i < len(generators):
                generators[i].state.assign(store[key])

    # -- config -------------------------------------------------------------
    def get_config(self):
        return {
            "generator": _serialize_networks(self.generator),
            "discriminator": _serialize_networks(self.discriminator),
            "latent_dim": self.latent_dim,
            "seed": self.seed,
            "ema_decay": self.ema_decay,
            "name": self.name,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        for key in ("generator", "discriminator"):
            config[key] = _deserialize_networks(config[key], custom_objects)
        return cls(**config)

    # -- randomness ---------------------------------------------------------
    def _draw(self, sampler, shape, seed):
        """Draws a random tensor whose first axis is this replica's batch.

        With a ``SeedGenerator`` every replica draws the same global batch
        and keeps its own contiguous slice, so a run on R replicas sees
        exactly the latents of a single-device run with the same seed.
        """
        seed = self.seed_generator if seed is None else seed
        replica, replicas = _replica()
        if replicas == 1:
            return sampler(shape, seed)
        n = shape[0]
        full = sampler((n * replicas,) + tuple(shape[1:]), seed)
        return full[replica * n:(replica + 1) * n]

    def random_normal(self, shape, seed=None, stddev=1.0):
        return self._draw(
            lambda s, sd: keras.random.normal(s, stddev=stddev, seed=sd),
            shape, seed)

    def random_uniform(self, shape, seed=None, minval=0.0, maxval=1.0):
        return self._draw(
            lambda s, sd: keras.random.uniform(s, minval, maxval, seed=sd),
            shape, seed)

    def random_integers(self, shape, maxval, seed=None):
        return self._draw(
            lambda s, sd: keras.random.randint(s, 0, maxval, "int32", seed=sd),
            shape, seed)

    # -- hooks --------------------------------------------------------------
    def unpack_real(self, data):
        """Dataset element -> ``{"images": ..., ["labels": ...]}``."""
        if isinstance(data, dict):
            if "images" not in data:
                raise ValueError(
                    "A dict dataset element must have an 'images' key; "
                    f"received keys {sorted(data)}."
                )
            return dict(data)
        if isinstance(data, (tuple, list)):
            if len(data) == 1:
                return {"images": data[0]}
            if len(data) in (2, 3):  # (x, y) or (x, y, sample_weight)
                if data[1] is None:
                    return {"images": data[0]}
                return {"images": data[0], "labels": data[1]}
            raise ValueError(
                "Expected dataset elements `images` or `(images, labels)`; "
                f"received a tuple of {len(data)}."
            )
        return {"images": data}

    def sample_latent(self, batch_size, seed=None):
        return self.random_normal((batch_size, self.latent_dim), seed)

    def draw_input(self, spec, batch_size, seed=None):
        """A draw of the declared input ``spec`` from its prior (see
        :mod:`keras_gans.engine.inputs`)."""
        shape = (batch_size,) + spec.shape
        if spec.kind == "latent":
            return self.random_normal(shape, seed)
        if spec.kind == "class":
            return self.random_integers(shape, spec.counts[0], seed)
        if spec.kind == "categorical":
            u = self.random_uniform(shape, seed)
            k = np.asarray(spec.counts, np.float32)
            return ops.minimum(ops.cast(ops.floor(u * k), "int32"),
                               np.asarray(spec.counts, np.int32) - 1)
        if spec.kind == "continuous":
            low, high = spec.value_range
            return self.random_uniform(shape, seed, low, high)
        raise ValueError(
            f"{type(self).__name__}'s input {spec.name!r} is a {spec.kind} "
            f"input without a prior: pass {spec.name}=... (one value per "
            "example).")

    def sample_generator_inputs(self, batch_size, real=None, seed=None,
                                **conditions):
        """The generator inputs of ``batch_size`` examples: every declared
        input given in ``conditions`` is checked and used, every other one
        drawn from its prior (the ``k``-th declared input with the sub-seed
        ``k`` of an integer ``seed``). ``real`` (the real minibatch, during
        training) is unused here; variants use it."""
        specs = inputs_lib.by_name(self.generator_inputs())
        unknown = sorted(set(conditions) - set(specs))
        if unknown and all(s.kind == "latent" for s in specs.values()):
            raise ValueError(
                f"{type(self).__name__} is unconditional; it takes no "
                f"{unknown} (its only input: {sorted(specs)}).")
        if unknown:
            raise ValueError(
                f"{type(self).__name__} takes the inputs {sorted(specs)}; "
                f"received the unknown {unknown}.")
        out = {}
        for k, (name, spec) in enumerate(specs.items()):
            if conditions.get(name) is not None:
                out[name] = ops.convert_to_tensor(
                    spec.check(conditions[name], int(batch_size)))
            else:
                out[name] = self.draw_input(spec, batch_size,
                                            subseed(seed, k))
        return out

    def grid_generator_inputs(self, n, seed=None):
        """The inputs of ``n`` images of a sample grid (``SampleGrid``):
        here a seeded draw; conditional variants lay out one class per
        row."""
        return self.sample_generator_inputs(n, seed=seed)

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["latent"], training=training)

    def generated(self, inputs, training=False):
        """``generator_call`` as a dict holding at least the declared
        outputs (a tensor becomes ``{"images": tensor}``)."""
        out = self.generator_call(inputs, training=training)
        if not isinstance(out, dict):
            out = {next(iter(self.generator_outputs())): out}
        return dict(out)

    def run_discriminator(self, inputs, training=False, network=None):
        """Runs the discriminator network (``network``: its name when the GAN
        holds several) on ``inputs``. Inside :meth:`discriminator_values` it
        runs statelessly on the given weight values."""
        net = self.networks()["discriminator"][network] if network else (
            self.discriminator)
        if self._d_values is None:
            return net(inputs, training=training)
        values = self._d_values
        trainable = [values.get(id(v), v) for v in net.trainable_variables]
        fixed = [values.get(id(v), v) for v in net.non_trainable_variables]
        out, _ = net.stateless_call(trainable, fixed, inputs,
                                    training=training)
        return out

    @contextlib.contextmanager
    def discriminator_values(self, values):
        """Within the block the discriminator runs on ``values`` (a list
        matching :meth:`discriminator_variables`, e.g. the weights after
        look-ahead updates) instead of its variables, without assigning
        them: losses computed there are differentiable in ``values``."""
        variables = self.discriminator_variables()
        if len(values) != len(variables):
            raise ValueError(
                f"discriminator_values takes {len(variables)} values (one per "
                f"discriminator variable); received {len(values)}.")
        previous = self._d_values
        self._d_values = {id(v): t for v, t in zip(variables, values)}
        try:
            yield
        finally:
            self._d_values = previous

    def discriminate(self, batch, training=False):
        return self.run_discriminator(batch["images"], training=training)

    def adversarial_output(self, output):
        return output

    def discriminator_losses(self, real, real_out, fake, fake_out):
        real_term, fake_term = self.adversarial_loss.per_example_discriminator(
            self.adversarial_output(real_out), self.adversarial_output(fake_out))
        return {"d_loss": real_term + fake_term}

    def generator_losses(self, fake, fake_out, real=None):
        return {"g_loss": self.adversarial_loss.per_example_generator(
            self.adversarial_output(fake_out))}

    def discriminator_variables(self):
        return _unique_trainable(self.networks()["discriminator"])

    def generator_variables(self):
        return _unique_trainable(self.networks()["generator"])

    def call(self, inputs, training=False):
        """``gan(latent)`` is ``generator(latent)``."""
        if not isinstance(inputs, dict):
            inputs = {"latent": inputs}
        return self.generator_call(inputs, training=training)

    # -- reduction under tf.distribute ---------------------------------------
    @staticmethod
    def reduce_loss(value):
        """Per-example ``(N,)`` -> sum / global batch; scalar -> / replicas.

        The optimizer sums gradients over replicas, so each replica's share
        must be scaled to the global batch.
        """
        value = tf.convert_to_tensor(value)
        if value.shape.rank == 0:
            return tf.nn.scale_regularization_loss(value)
        return tf.nn.compute_average_loss(value)

    # -- the game -----------------------------------------------------------
    def _discriminator_inputs(self, batch):
        for p in self.penalties:
            batch = p.transform_discriminator_inputs(self, batch)
        return batch

    def _check_images(self, real):
        outputs = self.generator_outputs()
        name = next(iter(outputs))
        expected, images = tuple(outputs[name]), real.get("images")
        if images is None or None in expected:
            return
        got = tuple(images.shape[1:])
        if got != expected:
            raise ValueError(
                f"Real images have shape {got} per example but the generator "
                f"makes {expected}; load the data at the generator's "
                "image_shape (e.g. keras_gans.data.load(..., "
                "image_shape=...)) or build the networks for this data."
            )

    @staticmethod
    def batch_size_of(real):
        """The number of examples in a batch dict (its first tensor's)."""
        return tf.shape(next(iter(real.values())))[0]

    def _total(self, terms, penalties):
        total = tf.add_n([self.reduce_loss(v) for v in terms.values()])
        for p, value in penalties:
            total += p.weight * self.reduce_loss(value)
        return total

    def _logs(self, terms, penalties):
        logs = {k: tf.reduce_mean(v) for k, v in terms.items()}
        for p, value in penalties:
            logs[p.name] = tf.reduce_mean(value)
        return logs

    def fake_batch(self, real, training=True):
        """Generator inputs drawn for the real minibatch ``real`` plus the
        generator's outputs on them (a batch dict like ``real``'s)."""
        fake = self.sample_generator_inputs(self.batch_size_of(real), real)
        fake.update(self.generated(fake, training=training))
        return fake

    def discriminator_loss(self, real, fake):
        """``(total, logs)`` of one discriminator update: the adversarial
        terms and penalties on ``real`` and ``fake`` (batch dicts), reduced
        over the global batch; differentiable in the discriminator's
        weights (or in :meth:`discriminator_values`). Applies nothing."""
        real_in = self._discriminator_inputs(real)
        fake_in = self._discriminator_inputs(fake)
        real_out = self.discriminate(real_in, training=True)
        fake_out = self.discriminate(fake_in, training=True)
        return self._discriminator_objective(real_in, real_out, fake_in,
                                             fake_out)

    def _discriminator_objective(self, real_in, real_out, fake_in, fake_out):
        real_out, fake_out = _float32(real_out), _float32(fake_out)
        terms = self.discriminator_losses(real_in, real_out, fake_in, fake_out)
        penalties = []
        for p in self.penalties:
            value = p.discriminator_penalty(self, real_in, fake_in, real_out,
                                            fake_out)
            if value is not None:
                penalties.append((p, value))
        logs = self._logs(terms, penalties)
        reports = self.discriminator_reports(real_in, real_out, fake_in,
                                             fake_out)
        logs.update({k: tf.reduce_mean(tf.stop_gradient(v))
                     for k, v in reports.items()})
        return self._total(terms, penalties), logs

    def generator_loss(self, real, fake):
        """``(total, logs)`` of one generator update on ``fake`` (generator
        inputs and the outputs made from them, under the tape). Override
        this to change what the generator minimises (an unrolled GAN scores
        ``fake`` against look-ahead discriminator weights)."""
        fake_in = self._discriminator_inputs(fake)
        fake_out = self.discriminate(fake_in, training=True)
        return self._generator_objective(real, fake, fake_in, fake_out)

    def _generator_objective(self, real, fake, fake_in, fake_out):
        # the loss terms see the generator's output as made (pix2pix's L1
        # to its target); the penalties see what the discriminator saw
        # (after instance noise or DiffAugment)
        fake_out = _float32(fake_out)
        terms = self.generator_losses(fake, fake_out, real)
        penalties = []
        for p in self.penalties:
            value = p.generator_penalty(self, fake_in, fake_out)
            if value is not None:
                penalties.append((p, value))
        return self._total(terms, penalties), self._logs(terms, penalties)

    def simultaneous_step(self, real):
        """``update="simultaneous"``: one generator forward and one
        discriminator pass on its fakes give both losses; both optimizers
        apply gradients taken at the weights from before the step."""
        d_vars = self.discriminator_variables()
        g_vars = self.generator_variables()
        with tf.GradientTape() as d_tape, tf.GradientTape() as g_tape:
            fake = self.fake_batch(real)
            real_in = self._discriminator_inputs(real)
            fake_in = self._discriminator_inputs(fake)
            real_out = self.discriminate(real_in, training=True)
            fake_out = self.discriminate(fake_in, training=True)
            d_total, logs = self._discriminator_objective(
                real_in, real_out, fake_in, fake_out)
            g_total, g_logs = self._generator_objective(real, fake, fake_in,
                                                        fake_out)
        d_grads = d_tape.gradient(d_total, d_vars)
        g_grads = g_tape.gradient(g_total, g_vars)
        logs.update(g_logs)
        logs = self.apply_update([(self.d_optimizer, d_grads, d_vars),
                                  (self.g_optimizer, g_grads, g_vars)],
                                 [d_total, g_total], logs)
        for p in self.penalties:
            p.after_discriminator_update(self)
        self.after_generator_update()
        return logs

    def discriminator_step(self, real):
        """One discriminator update on the real minibatch ``real``."""
        fake = self.fake_batch(real)
        fake = {k: tf.stop_gradient(v) for k, v in fake.items()}
        variables = self.discriminator_variables()
        with tf.GradientTape() as tape:
            total, logs = self.discriminator_loss(real, fake)
        grads = tape.gradient(total, variables)
        logs = self.apply_update([(self.d_optimizer, grads, variables)],
                                 [total], logs)
        for p in self.penalties:
            p.after_discriminator_update(self)
        return logs

    def apply_update(self, updates, totals, logs):
        """Applies ``updates`` (``(optimizer, grads, variables)`` triples);
        returns ``logs``. With ``on_non_finite="skip-batch"`` an update whose
        ``totals`` or gradients are not all finite (on any replica) is undone
        - weights and optimizer state put back - its non-finite logs become
        0 with weight 0 in the metrics, and ``skipped_updates`` gets 1."""
        if self.on_non_finite != "skip-batch":
            for optimizer, grads, variables in updates:
                optimizer.apply_gradients(zip(grads, variables))
            return logs
        bad = tf.constant(0.0)
        for t in list(totals) + [g for _, grads, _ in updates
                                 for g in grads if g is not None]:
            bad += tf.cast(tf.logical_not(tf.reduce_all(tf.math.is_finite(
                tf.cast(t, tf.float32)))), tf.float32)
        ctx = tf.distribute.get_replica_context()
        if ctx is not None and ctx.num_replicas_in_sync > 1:
            bad = ctx.all_reduce(tf.distribute.ReduceOp.SUM, bad)
        ok = tf.equal(bad, 0.0)
        state = [v for optimizer, _, variables in updates
                 for v in list(variables) + list(optimizer.variables)]
        saved = [tf.identity(v) for v in state]
        for optimizer, grads, variables in updates:
            grads = [tf.where(ok, g, tf.zeros_like(g)) if g is not None
                     else None for g in grads]
            optimizer.apply_gradients(zip(grads, variables))
        for v, before in zip(state, saved):
            v.assign(tf.where(ok, v, before))
        logs = dict(logs)
        logs["skipped_updates"] = 1.0 - tf.cast(ok, tf.float32)
        return logs

    def discriminator_reports(self, real, real_out, fake, fake_out):
        """Values reported (not minimised) after each discriminator step:
        a dict of per-example or scalar tensors, averaged into metrics of
        the same name (declared with ``add_tracker``). Here the mean D
        output on real and on generated images (probabilities for the
        logit losses)."""
        return {
            "d_real": self.adversarial_loss.summary(
                self.adversarial_output(real_out)),
            "d_fake": self.adversarial_loss.summary(
                self.adversarial_output(fake_out)),
        }

    def generator_step(self, real):
        """One generator update; ``real`` gives the batch size (and labels
        for conditional variants)."""
        variables = self.generator_variables()
        with tf.GradientTape() as tape:
            total, logs = self.generator_loss(real, self.fake_batch(real))
        grads = tape.gradient(total, variables)
        logs = self.apply_update([(self.g_optimizer, grads, variables)],
                                 [total], logs)
        self.after_generator_update()
        return logs

    def after_generator_update(self):
        """Called after each generator optimizer step: moves the EMA copy
        of the generator (if any) and runs the penalties' hook."""
        if self.generator_ema is not None:
            ema.update(self.generator_ema, self.generator, self.ema_decay)
        for p in self.penalties:
            hook = getattr(p, "after_generator_update", None)
            if hook is not None:
                hook(self)

    def split_for_d_steps(self, real):
        """Splits a batch dict into ``d_steps`` contiguous minibatches."""
        k = self.d_steps
        if k == 1:
            return [real]
        n = self.batch_size_of(real)
        tf.debugging.assert_greater_equal(
            n, k, message=(
                f"A batch must hold at least d_steps={k} examples per "
                "replica; use batches of d_steps * minibatch examples."))
        chunks = []
        for i in range(k):
            start, end = (i * n) // k, ((i + 1) * n) // k
            chunks.append({key: v[start:end] for key, v in real.items()})
        return chunks

    @staticmethod
    def average_logs(step_logs):
        """Averages the logs of the ``d_steps`` discriminator steps of one
        ``train_step``, so each reported value (loss, D outputs, every
        penalty, including lazy ones that are 0 on most steps) covers all
        of them, not only the last."""
        if len(step_logs) == 1:
            return dict(step_logs[0])
        keys = list(step_logs[0])
        for logs in step_logs[1:]:
            if list(logs) != keys:
                raise ValueError(
                    "Every discriminator step must report the same metrics; "
                    f"received {keys} and {list(logs)}.")
        return {k: tf.add_n([tf.cast(logs[k], tf.float32)
                             for logs in step_logs]) / len(step_logs)
                for k in keys}

    def train_step(self, data):
        if not hasattr(self, "d_optimizer"):
            raise RuntimeError("Call GAN.compile(...) before fit().")
        real = self.unpack_real(data)
        self._check_images(real)
        real = {k: tf.cast(v, self.compute_dtype) if v.dtype.is_floating
                else v for k, v in real.items()}
        if self.update == "simultaneous":
            logs = self.simultaneous_step(real)
        else:
            minibatches = self.split_for_d_steps(real)
            logs = self.average_logs(
                [self.discriminator_step(m) for m in minibatches])
            g_logs = self.generator_step(minibatches[-1])
            if "skipped_updates" in logs:  # the share of all d_steps + 1
                k = float(len(minibatches))
                g_logs["skipped_updates"] = (
                    k * logs["skipped_updates"] + g_logs["skipped_updates"]
                ) / (k + 1.0)
            logs.update(g_logs)
        for name, value in logs.items():
            if name not in self._trackers:
                continue
            if self.on_non_finite == "skip-batch" and name != \
                    "skipped_updates":
                value = tf.cast(value, tf.float32)
                finite = tf.math.is_finite(value)
                self._trackers[name].update_state(
                    tf.where(finite, value, tf.zeros_like(value)),
                    sample_weight=tf.cast(finite, tf.float32))
            else:
                self._trackers[name].update_state(value)
        return _step_logs({m.name: m.result() for m in self.metrics})

    def fit(self, x=None, *args, **kwargs):
        """``keras.Model.fit``, plus a clear error on empty data (Keras only
        warns and returns an empty history)."""
        empty = ValueError(
            "The dataset is empty: fit ran no training step. Check the data "
            "source (and that batch_size with drop_remainder=True is not "
            "larger than the dataset).")
        # Keras trains nothing for epochs=0 and says nothing
        check_positive_int(kwargs["epochs"] if "epochs" in kwargs else (
            args[2] if len(args) > 2 else 1), "epochs")
        if isinstance(x, tf.data.Dataset):
            kwargs.setdefault("shuffle", False)  # a dataset shuffles itself
            if int(x.cardinality()) == 0:
                raise empty
        _check_array_images(x)
        counter = _BatchCounter()
        callbacks = list(kwargs.pop("callbacks", None) or []) + [counter]
        self._fit_element_spec = getattr(x, "element_spec", None)
        try:
            history = super().fit(x, *args, callbacks=callbacks, **kwargs)
        finally:
            self._fit_element_spec = None
        wanted = kwargs.get("epochs", 1) > kwargs.get("initial_epoch", 0)
        if counter.batches == 0 and wanted:
            raise empty
        return history

    def _maybe_symbolic_build(self, iterator=None, data_batch=None):
        """Under a distribution strategy Keras' ``fit`` builds the model on
        a batch it draws from a fresh iterator of the data before training
        starts; for a dataset that reshuffles every iteration (``data.load``)
        training then sees the second shuffle order, not the first one a
        run without a strategy sees. Here the build gets zeros of the
        dataset's (per-replica) element spec instead, so every strategy
        trains on the same batches."""
        spec = getattr(self, "_fit_element_spec", None)
        if iterator is None or spec is None:
            return super()._maybe_symbolic_build(iterator=iterator,
                                                 data_batch=data_batch)
        # a distributed dataset's spec holds one spec per local replica
        spec = tf.nest.map_structure(
            lambda s: (getattr(s, "_value_specs", None) or (s,))[0], spec)
        leaves = tf.nest.flatten(spec)
        if leaves and all(
                isinstance(s, tf.TensorSpec) and s.shape.rank is not None
                for s in leaves):
            data_batch = tf.nest.map_structure(
                lambda s: tf.zeros([d if d is not None else 1
                                    for d in s.shape], s.dtype), spec)
            iterator = None
        return super()._maybe_symbolic_build(iterator=iterator,
                                             data_batch=data_batch)

    def test_step(self, data):
        raise NotImplementedError(
            "GAN.evaluate is not defined by a loss on held-out data; use "
            "keras_gans.metrics (FID, IS, KID) on generated samples.")

    # -- networks that change between phases ---------------------------------
    def replace_networks(self, generator=None, discriminator=None):
        """Swaps in new networks between two phases of one run (progressive
        growing: 8x8 -> 16x16). Every layer of a new network whose name and
        weight shapes match a layer of the old one takes its weights (the
        shared blocks keep what they learnt); the optimizers are rebuilt
        for the new variables from their own config (their state restarts,
        as ProGAN resets Adam per resolution; ``iterations`` counts on); the
        EMA copy is rebuilt, keeping the averaged weights of kept layers;
        the compiled train function is reset. Returns the names of the
        layers whose weights were carried over."""
        kept = []
        if generator is not None:
            _check_networks("generator", generator)
            kept += _transfer_weights(self.generator, generator)
            if self.generator_ema is not None:
                new_ema = ema.make_copy(generator)
                _transfer_weights(self.generator_ema, new_ema)
                self.generator_ema = new_ema
            self.generator = generator
        if discriminator is not None:
            _check_networks("discriminator", discriminator)
            kept += _transfer_weights(self.discriminator, discriminator)
            self.discriminator = discriminator
        if hasattr(self, "d_optimizer"):
            if discriminator is not None:
                self.d_optimizer = _rebuilt(self.d_optimizer,
                                            self.discriminator_variables())
            if generator is not None:
                self.g_optimizer = _rebuilt(self.g_optimizer,
                                            self.generator_variables())
            for p in self.penalties:
                p.build(self)
        self.train_function = None
        self.make_train_function(force=True)
        return kept

    def start_phase(self, images=None):
        """Called by a training run (``keras_gans.training.train``) before
        each phase's ``fit`` with the number of real images the phase will
        train on (``None`` if unknown). The engine's game does not depend
        on it; a variant whose game changes within a phase uses it
        (``ProgressiveGAN`` ramps its fade-in over the phase)."""
        del images

    # -- sampling -----------------------------------------------------------
    def generate(self, n, seed=None, batch_size=256, use_ema=None,
                 output=None, **conditions):
        """Generates ``n`` images (numpy float32 in [-1, 1], NHWC).

        ``seed`` (int) makes the result reproducible; without it the GAN's
        own seed generator advances. Conditional variants take their
        conditions (``labels=``, ``codes=``, or any declared input by name)
        as keyword arguments. ``use_ema``: ``None`` draws with the EMA
        generator when the GAN keeps one (``ema_decay``), ``False`` with the
        trained generator, ``True`` requires the EMA copy. ``output``: which
        declared output (default the first; ``"all"``: a dict of them).
        """
        if isinstance(n, bool) or int(n) != n or int(n) < 1:
            raise ValueError(f"n must be a positive integer; received {n!r}.")
        inputs = self.sample_generator_inputs(int(n), seed=seed, **conditions)
        return self.generate_from(inputs, batch_size=batch_size,
                                  use_ema=use_ema, output=output)

    def generate_from(self, inputs, batch_size=256, use_ema=None,
                      output=None):
        """Images (numpy float32 in [-1, 1]) of given generator inputs (a
        dict as ``sample_generator_inputs`` returns), in batches of
        ``batch_size``; ``use_ema`` and ``output`` as in :meth:`generate`."""
        if isinstance(batch_size, bool) or int(batch_size) != batch_size or \
                int(batch_size) < 1:
            raise ValueError("batch_size must be a positive integer; "
                             f"received {batch_size!r}.")
        batch_size = int(batch_size)
        names = list(self.generator_outputs())
        wanted = names if output == "all" else [output or names[0]]
        unknown = [w for w in wanted if w not in names]
        if unknown:
            raise ValueError(f"{type(self).__name__} makes the outputs "
                             f"{names}; received output={output!r}.")
        n = int(ops.shape(next(iter(inputs.values())))[0])
        parts = {w: [] for w in wanted}
        with ema.using_ema(self, use_ema):
            for start in range(0, n, batch_size):
                part = {k: v[start:start + batch_size]
                        for k, v in inputs.items()}
                out = self.generated(part, training=False)
                for w in wanted:
                    parts[w].append(ops.convert_to_numpy(out[w]))
        images = {w: np.concatenate(v, axis=0).astype("float32")
                  for w, v in parts.items()}
        return images if output == "all" else images[wanted[0]]


def subseed(seed, k):
    """A distinct, deterministic integer seed for the ``k``-th draw of one
    sampling call (stateless draws with the same integer seed share their
    random bits); ``k = 0`` keeps ``seed``. ``None`` and ``SeedGenerator``
    seeds pass through (a generator advances by itself)."""
    if k and isinstance(seed, (int, np.integer)) and not isinstance(
            seed, bool):
        return int((int(seed) * 1_000_003 + 7_919 * k) % 2_147_483_647)
    return seed


def _float32(outputs):
    """Discriminator outputs (any structure) in float32: under a mixed
    precision policy the networks compute in bfloat16 / float16, the losses
    and penalties in float32."""
    return tf.nest.map_structure(
        lambda t: tf.cast(t, tf.float32) if t.dtype.is_floating else t,
        outputs)


def _check_array_images(x):
    """``fit`` on in-memory images (``(N, H, W, C)`` numpy arrays or eager
    tensors, alone, first of a tuple or under ``"images"``): they must be
    finite floats in [-1, 1], the generator's range. ``keras_gans.data``
    converts other conventions (uint8, [0, 255], [0, 1]); other data (2-D
    points) is not checked."""
    if isinstance(x, dict):
        x = x.get("images")
    elif isinstance(x, (tuple, list)) and x:
        x = x[0]
    if isinstance(x, tf.Tensor) and hasattr(x, "numpy"):
        x = x.numpy()
    if not isinstance(x, np.ndarray) or x.ndim != 4 or x.size == 0:
        return
    fix = ("convert them with keras_gans.data.to_model_range(x, "
           "value_range=(lo, hi)), or pass keras_gans.data.load(x) (or "
           "load((x, y))), which recognises uint8, [0, 1], [0, 255] and "
           "[-1, 1] arrays")
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            f"fit received {x.dtype} images of shape {x.shape}; the GAN "
            f"trains on float images in [-1, 1]: {fix}.")
    if not np.all(np.isfinite(x)):
        bad = int(np.sum(~np.isfinite(x).reshape(len(x), -1).all(axis=1)))
        raise ValueError(
            f"fit received images of which {bad} hold NaN or infinite "
            "values; every image must be finite (in [-1, 1]). Check the "
            "data preparation.")
    lo, hi = float(x.min()), float(x.max())
    if lo < -1.0 - 1e-3 or hi > 1.0 + 1e-3:
        raise ValueError(
            f"fit received images with values in [{lo:g}, {hi:g}]; the GAN "
            f"trains on images in [-1, 1] (its generator's range): {fix}.")


def _check_networks(role, nets):
    items = nets.items() if isinstance(nets, dict) else [(role, nets)]
    if isinstance(nets, dict) and not nets:
        raise ValueError(f"The {role} dict holds no network.")
    for name, net in items:
        if not isinstance(net, keras.Model):
            raise TypeError(
                f"{role} must be a keras.Model (or a dict of them); received "
                f"{type(net).__name__} for {name!r}.")
        if not net.built:
            raise ValueError(
                f"The {role} {name!r} is not built; build it (or use a "
                "functional model) before making a GAN.")


def _serialize_networks(nets):
    if isinstance(nets, dict):
        return {"networks": {k: keras.saving.serialize_keras_object(v)
                             for k, v in nets.items()}}
    return keras.saving.serialize_keras_object(nets)


def _deserialize_networks(config, custom_objects=None):
    if isinstance(config, dict) and set(config) == {"networks"}:
        return {k: keras.saving.deserialize_keras_object(
            v, custom_objects=custom_objects)
            for k, v in config["networks"].items()}
    return keras.saving.deserialize_keras_object(
        config, custom_objects=custom_objects)


def _unique_trainable(nets):
    """The trainable variables of several networks, each once (layers
    shared between networks are one set of variables)."""
    seen, out = set(), []
    for net in nets.values():
        for v in net.trainable_variables:
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
    return out


def _layers(nets):
    nets = nets.values() if isinstance(nets, dict) else [nets]
    out = {}
    for net in nets:
        for layer in net._flatten_layers(include_self=False):
            if layer.weights and layer.name not in out:
                out[layer.name] = layer
    return out


def _transfer_weights(old, new):
    """Copies the weights of every layer of ``new`` that ``old`` has under
    the same name with the same weight shapes; returns their names."""
    before = _layers(old)
    kept = []
    for name, layer in _layers(new).items():
        src = before.get(name)
        if src is None or [tuple(w.shape) for w in src.weights] != [
                tuple(w.shape) for w in layer.weights]:
            continue
        for target, value in zip(layer.weights, src.weights):
            target.assign(value)
        kept.append(name)
    return kept


def _rebuilt(optimizer, variables):
    """A new optimizer of ``optimizer``'s class and config, built for
    ``variables``, whose step counter continues ``optimizer``'s."""
    fresh = type(optimizer).from_config(optimizer.get_config())
    fresh.build(variables)
    fresh.iterations.assign(optimizer.iterations)
    return fresh
