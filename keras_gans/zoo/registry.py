"""The zoo's registry: recipe and entry names -> their definitions.

A leaf of the zoo package: it imports nothing of the zoo back. The recipe
modules (``keras_gans/zoo/recipes/``) and the entries
(``keras_gans/zoo/entries.py``) register themselves here when
``keras_gans.zoo`` is imported; lookups only read the tables.


A :class:`Recipe` names the networks, the GAN class, the loss, penalties,
optimizers and the training schedule. Recipes live in
``keras_gans/zoo/recipes/`` (one module per family) and register themselves with
:func:`register`; ``build(name, image_shape=..., **overrides)`` makes the GAN.

A zoo :class:`Entry` is a recipe trained on a dataset with a fixed schedule
and seed (``keras_gans/zoo/entries.py``); ``load_generator(entry)`` fetches
its pretrained generator (sha256-checked) and ``keras-gans train ENTRY``
reproduces it.
"""

import dataclasses
import inspect
from typing import Any, Callable

import keras
from keras_gans.engine.augment import DiffAugment
from keras_gans.engine.gan import GAN
from keras_gans.engine import losses
from keras_gans.utils.checks import check_finite_float, check_positive_int

__all__ = ["Phase", "Recipe", "register", "get", "names", "build", "recipes",
           "adam", "Entry", "register_entry", "entry_names", "entries",
           "find_entry", "get_entry", "augmentation", "TRAIN_FLAG_OPTIONS",
           "BUILD_ARGUMENTS"]

_REGISTRY = {}

#: the build options ``keras-gans train`` has a flag of their own for
#: (``--width``, ``--ema-decay``, ...); an entry's other overrides
#: (``class_weight``, ``hidden_units``) are reproduced by its name only
TRAIN_FLAG_OPTIONS = ("width", "latent_dim", "loss", "d_steps",
                      "label_smoothing", "ema_decay", "jit_compile", "update",
                      "num_classes", "augment", "d_learning_rate",
                      "g_learning_rate")


def _learning_rate(rate, name):
    """``rate`` as a float > 0 (None: the recipe's own)."""
    if rate is None:
        return None
    label = f"{name} (--{name.replace('_', '-')})"
    out = check_finite_float(rate, label, "a learning rate, e.g. 1e-4")
    if out <= 0:
        raise ValueError(f"{label} must be > 0 (a learning rate, e.g. "
                         f"1e-4); received {rate!r}.")
    return out


def adam(learning_rate=2e-4, beta_1=0.5, beta_2=0.999, g_learning_rate=None):
    """Factory of a (d_optimizer, g_optimizer) pair of Adam optimizers.

    ``g_learning_rate`` gives the generator its own rate (two time-scales,
    Heusel et al. 2017; InfoGAN's 2e-4 for D and 1e-3 for G); by default
    both use ``learning_rate``.
    """
    d_lr = learning_rate
    g_lr = learning_rate if g_learning_rate is None else g_learning_rate

    def make():
        return (keras.optimizers.Adam(d_lr, beta_1=beta_1, beta_2=beta_2),
                keras.optimizers.Adam(g_lr, beta_1=beta_1, beta_2=beta_2))
    rates = (f"lr={d_lr}" if d_lr == g_lr else
             f"D lr={d_lr}, G lr={g_lr}")
    make.description = f"Adam({rates}, betas=({beta_1}, {beta_2}))"
    return make


@dataclasses.dataclass(frozen=True)
class Phase:
    """One phase of a recipe whose networks change during the run
    (progressive growing): the image shape its networks are built for and
    how many epochs it trains.

    ``images``: the real images the phase trains on; the run then makes
    ``epochs`` epochs of ``ceil(images / (epochs * batch))`` steps each over
    the repeated data (``steps_per_epoch`` given to the run wins). ``None``:
    ``epochs`` passes over the data. ``options`` go to the network builder
    (e.g. ``{"resolution": 8, "stage": "fade_in"}``: the data stay at
    ``image_shape`` and the networks say which resolution they train).
    ``name`` labels the phase in its pictures' file names
    (``phase<i>_<name>_epoch_<N>.png``; default ``<H>x<W>`` of
    ``image_shape``).
    """

    image_shape: tuple
    epochs: int = 1
    images: int = None
    options: dict = dataclasses.field(default_factory=dict)
    name: str = ""


@dataclasses.dataclass(frozen=True)
class Recipe:
    """How to build and train one kind of GAN.

    ``networks(image_shape, latent_dim=..., <width_arg>=..., **options)``
    returns ``(generator, discriminator)``; ``gan_class(generator,
    discriminator, latent_dim=..., seed=..., **gan_options)`` wraps them.
    ``optimizers()`` returns a fresh ``(d_optimizer, g_optimizer)`` pair and
    ``penalties()`` a fresh list of penalties.
    """

    name: str
    description: str
    networks: Callable
    gan_class: Any = None
    latent_dim: int = 100
    width: int = 64
    width_arg: str = "width"
    loss: Any = "non_saturating"
    d_steps: int = 1
    optimizers: Callable = dataclasses.field(default_factory=adam)
    penalties: Callable = list
    dataset: str = "fashion_mnist"
    image_shape: tuple = (28, 28, 1)
    batch_size: int = 64
    epochs: int = 20
    with_labels: bool = False
    #: trains on ``(input_image, target_image)`` pairs
    #: (``keras_gans.data.load_pairs``; image-to-image translation)
    paired: bool = False
    #: keyword arguments of the data loader (e.g. ``{"augment": True}``)
    data_options: dict = dataclasses.field(default_factory=dict)
    seed: int = 0
    network_options: dict = dataclasses.field(default_factory=dict)
    gan_options: dict = dataclasses.field(default_factory=dict)
    reference: str = ""
    #: several :class:`Phase`s: the run builds the networks for the first
    #: phase's image shape, then grows them (``GAN.replace_networks``) at
    #: the start of every later phase; empty: one phase at ``image_shape``
    phases: tuple = ()
    #: XLA-compile the train step by default (measured per recipe on this
    #: project's CPUs: ``benchmarks/recipe_jit.py``, ``RESULTS.md``); the
    #: build's ``jit_compile=`` (``keras-gans train --jit/--no-jit``) wins
    jit_compile: bool = False

    def _gan_class(self):
        if self.gan_class is None:
            return GAN
        return self.gan_class

    def build(self, image_shape=None, *, latent_dim=None, width=None,
              seed=None, loss=None, d_steps=None, label_smoothing=None,
              compile=False, jit_compile=None, update="sequential",
              on_non_finite="raise", augment=None, d_learning_rate=None,
              g_learning_rate=None, **options):
        """Builds the GAN; ``compile=True`` also compiles it with the
        recipe's optimizers, loss, ``d_steps`` and penalties.

        ``d_learning_rate`` / ``g_learning_rate``: the discriminator's /
        generator's learning rate instead of the recipe's (two time-scales,
        Heusel et al. 2017; ``keras-gans train --d-learning-rate 4e-4
        --g-learning-rate 1e-4``); the optimizers stay the recipe's.

        ``augment``: a DiffAugment policy (``"translation,cutout"``) or a
        :class:`keras_gans.augment.DiffAugment`, compiled after the recipe's
        penalties (``keras-gans train --augment POLICY``).

        Remaining keyword ``options`` go to the network builders and to the
        GAN class, to each one that accepts them (to both when both do);
        anything neither accepts is an error.
        """
        rates = [_learning_rate(rate, name) for rate, name in (
            (d_learning_rate, "d_learning_rate"),
            (g_learning_rate, "g_learning_rate"))]
        image_shape = tuple(image_shape or self.image_shape)
        latent_dim = self.latent_dim if latent_dim is None else \
            check_positive_int(latent_dim, "latent_dim")
        seed = self.seed if seed is None else seed
        generator, discriminator, gan_opts = self._networks(
            image_shape, latent_dim, width, options)
        gan = self._gan_class()(generator, discriminator,
                                latent_dim=latent_dim, seed=seed, **gan_opts)
        if compile:
            loss_obj = self.make_loss(loss, label_smoothing)
            d_opt, g_opt = self.optimizers()
            for opt, rate in ((d_opt, rates[0]), (g_opt, rates[1])):
                if rate is not None:
                    opt.learning_rate = rate
            gan.compile(d_optimizer=d_opt, g_optimizer=g_opt, loss=loss_obj,
                        d_steps=int(d_steps or self.d_steps),
                        penalties=self.penalties() + augmentation(augment),
                        update=update,
                        on_non_finite=on_non_finite,
                        jit_compile=self.jit_compile if jit_compile is None
                        else bool(jit_compile))
        return gan

    def split_options(self, options):
        """``(network options, GAN options)`` a build with the extra keyword
        ``options`` uses: the recipe's own, updated with each option sent to
        the network builder and to the GAN class, to each one that accepts
        it (to both when both do). An option neither accepts is an error
        that lists the accepted ones."""
        gan_class = self._gan_class()
        net_params = inspect.signature(self.networks).parameters
        gan_params = _init_parameters(gan_class)
        net_opts = dict(self.network_options)
        gan_opts = dict(self.gan_options)
        for key, value in options.items():
            # an option both accept (num_classes) goes to both
            if key in net_params:
                net_opts[key] = value
            if key in gan_params:
                gan_opts[key] = value
            if key not in net_params and key not in gan_params:
                accepted = sorted(
                    {k for k in net_params if k not in ("image_shape",)} |
                    {k for k in gan_params if k not in ("self", "generator",
                                                        "discriminator",
                                                        "kwargs")} |
                    set(BUILD_ARGUMENTS))
                raise ValueError(
                    f"Recipe {self.name!r} does not take option {key!r}; "
                    f"accepted options: {accepted}.")
        return net_opts, gan_opts

    def _networks(self, image_shape, latent_dim, width, options):
        """``(generator, discriminator, GAN options)`` for ``image_shape``
        (the options split by :meth:`split_options`)."""
        net_params = inspect.signature(self.networks).parameters
        net_opts, gan_opts = self.split_options(options)
        net_opts[self.width_arg] = int(self.width) if width is None else \
            check_positive_int(width, "width")
        if "latent_dim" in net_params:
            net_opts["latent_dim"] = int(latent_dim)
        generator, discriminator = self.networks(tuple(image_shape),
                                                 **net_opts)
        return generator, discriminator, gan_opts

    def grow(self, gan, image_shape, *, width=None, **options):
        """Starts a new phase: builds the recipe's networks for
        ``image_shape`` (same width and options as :meth:`build` got) and
        swaps them into ``gan`` (``GAN.replace_networks``: weights of the
        layers both share kept). Returns the names of the kept layers."""
        for key in BUILD_ARGUMENTS:  # the compile's, kept from build
            if key != "width":
                options.pop(key, None)
        generator, discriminator, _ = self._networks(
            image_shape, gan.latent_dim or self.latent_dim, width, options)
        return gan.replace_networks(generator, discriminator)

    def schedule(self, image_shape=None, epochs=None):
        """The phases a run trains: the recipe's, or one phase of
        ``image_shape`` for ``epochs``."""
        if self.phases:
            return tuple(self.phases)
        return (Phase(tuple(image_shape or self.image_shape),
                      int(epochs or self.epochs)),)

    def make_loss(self, loss=None, label_smoothing=None):
        loss = losses.get(loss or self.loss)
        if label_smoothing:
            config = losses.serialize(loss)
            if "label_smoothing" not in config:
                raise ValueError(
                    f"label_smoothing applies to the cross-entropy losses, "
                    f"not to {config['name']!r}.")
            config["label_smoothing"] = float(label_smoothing)
            loss = losses.get(config)
        return loss

    def networks_name(self):
        """``module.function`` of the network builder."""
        fn = self.networks
        return (f"{getattr(fn, '__module__', '?')}."
                f"{getattr(fn, '__qualname__', type(fn).__name__)}")

    def penalty_reprs(self):
        """``repr`` of each penalty the recipe compiles with (their
        weights and settings, e.g. ``GradientPenalty(weight=10.0, ...)``)."""
        return [repr(p) for p in self.penalties()]

    def summary(self):
        """A JSON-ready dict for listings and the zoo docs: dataset, the
        network builder with its width and options, the GAN class with its
        options (e.g. ``ema_decay``), loss, penalties, optimizers and
        schedule."""
        return {
            "name": self.name,
            "description": self.description,
            "dataset": self.dataset,
            "image_shape": list(self.image_shape),
            "networks": self.networks_name(),
            "width": self.width,
            "width_arg": self.width_arg,
            "latent_dim": self.latent_dim,
            "network_options": _jsonable(self.network_options),
            "gan_class": self._gan_class().__name__,
            "gan_options": _jsonable(self.gan_options),
            "loss": self.loss if isinstance(self.loss, str) else repr(
                self.loss),
            "penalties": self.penalty_reprs(),
            "d_steps": self.d_steps,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
            "phases": [_jsonable(dataclasses.asdict(p)) for p in self.phases],
            "optimizers": getattr(self.optimizers, "description", ""),
            "with_labels": self.with_labels,
            "paired": self.paired,
            "data_options": _jsonable(self.data_options),
            "jit_compile": self.jit_compile,
            "reference": self.reference,
        }


#: the keyword arguments of :meth:`Recipe.build` itself, read from its
#: signature (the rest are network or GAN options,
#: :meth:`Recipe.split_options`)
BUILD_ARGUMENTS = tuple(
    name for name, p in inspect.signature(Recipe.build).parameters.items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY)


def augmentation(augment):
    """``[DiffAugment]`` for a policy string or object; ``[]`` for None."""
    if augment is None or augment is False:
        return []
    if isinstance(augment, DiffAugment):
        return [augment]
    if isinstance(augment, str):
        try:
            return [DiffAugment(augment)]
        except ValueError as e:  # name the option the user typed
            raise ValueError(f"augment (--augment): {e}") from None
    raise ValueError(f"augment must be a DiffAugment policy such as "
                     f"'translation,cutout' or a DiffAugment; received "
                     f"{augment!r}.")


def _init_parameters(cls):
    """Names ``cls(...)`` accepts: its ``__init__``'s parameters and, while
    an ``__init__`` passes ``**kwargs`` on, those of its base classes'
    (``ConditionalGAN`` takes ``GAN``'s ``ema_decay`` that way)."""
    names = set()
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = inspect.signature(init).parameters
        names.update(k for k, p in params.items()
                     if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))
        if not any(p.kind is p.VAR_KEYWORD for p in params.values()):
            break
    return names


def _jsonable(options):
    """``options`` with tuples as lists and other objects as their repr."""
    def convert(value):
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {str(k): convert(v) for k, v in value.items()}
        if value is None or isinstance(value, (bool, int, float, str)):
            return value
        return repr(value)
    return convert(dict(options))


def register(recipe):
    """Adds a recipe to the registry (names are unique)."""
    if recipe.name in _REGISTRY:
        raise ValueError(f"A recipe named {recipe.name!r} is registered "
                         "already.")
    _REGISTRY[recipe.name] = recipe
    return recipe


def names():
    """Registered recipe names, sorted."""
    return sorted(_REGISTRY)


def recipes():
    return [_REGISTRY[n] for n in sorted(_REGISTRY)]


def get(name):
    """The recipe called ``name``; unknown names list the known ones."""
    key = str(name).lower().replace("-", "_")
    if key not in _REGISTRY:
        raise ValueError(f"Unknown zoo recipe {name!r}; known recipes: "
                         f"{', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[key]


def build(name, image_shape=None, **overrides):
    """Builds the GAN of recipe ``name`` (see :meth:`Recipe.build`)."""
    return get(name).build(image_shape, **overrides)


# -- zoo entries: a recipe trained on a dataset, with its pretrained archive ----
#
# An entry pins everything needed to reproduce one trained model: the recipe,
# the dataset and split, the schedule, the seed and how it is evaluated.
# Entries are defined in keras_gans/zoo/entries.py; what was measured when the
# published archive was made (sha256, size, steps, time, metrics) is the
# manifest: saved_models/manifest.json in the repository, embedded in the
# package as keras_gans/zoo/manifest.json for installs without the repository.

_ENTRIES = {}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One zoo entry: ``recipe`` trained on ``dataset`` with a fixed
    schedule and seed.

    ``epochs`` / ``batch_size`` default to the recipe's; ``overrides`` go to
    ``Recipe.build`` (width, loss, ...). ``evaluation`` says how the entry
    is measured (metric names, sample counts, the reference split).
    ``fid_every`` / ``fid_samples``: the FID during training
    (``train(fid_every=...)``), the curve of the entry's page.
    """

    name: str
    recipe: str
    dataset: str
    description: str = ""
    split: str = "train"
    epochs: int = None
    batch_size: int = None
    seed: int = 0
    overrides: dict = dataclasses.field(default_factory=dict)
    evaluation: dict = dataclasses.field(default_factory=lambda: {
        "metrics": ["fid", "kid", "classifier"], "num_samples": 1000,
        "split": "test",
        "seed": 0})
    archive: str = None
    fid_every: int = None
    fid_samples: int = 1000

    def get_recipe(self):
        return get(self.recipe)

    @property
    def archive_name(self):
        return self.archive or f"{self.name}.tar.gz"

    def train_settings(self):
        """The settings ``training.train`` gets for this entry."""
        recipe = self.get_recipe()
        return {"dataset": self.dataset, "split": self.split,
                "epochs": int(self.epochs or recipe.epochs),
                "batch_size": int(self.batch_size or recipe.batch_size),
                "seed": int(self.seed), **dict(self.overrides),
                **({"fid_every": int(self.fid_every),
                    "fid_samples": int(self.fid_samples)}
                   if self.fid_every else {})}

    def command(self, out=None):
        """The shell command that reproduces the entry."""
        cmd = f"keras-gans train {self.name}"
        return cmd + (f" --out {out}" if out else "")

    def summary(self, record=None):
        """A JSON-ready listing row; ``record``: the entry's manifest record
        (``keras_gans.zoo.published.record``), if it has one."""
        record = record or {}
        return {"name": self.name, "recipe": self.recipe,
                "dataset": self.dataset, "split": self.split,
                "epochs": self.epochs, "seed": self.seed,
                "description": self.description,
                "archive": record.get("archive"),
                "size": record.get("size"),
                "sha256": record.get("sha256"),
                "generator_steps": record.get("generator_steps"),
                "train_seconds": record.get("train_seconds"),
                "metrics": record.get("metrics") or {}}


def _entry_key(name):
    return str(name).strip().lower().replace("_", "-")


def register_entry(entry):
    """Adds a zoo entry (names are unique, lower case with hyphens)."""
    if not isinstance(entry, Entry):
        raise TypeError(f"register_entry expects a zoo.Entry; received "
                        f"{type(entry).__name__}.")
    if entry.name != _entry_key(entry.name):
        raise ValueError(f"Entry names are lower case with hyphens; received "
                         f"{entry.name!r}.")
    if entry.name in _ENTRIES:
        raise ValueError(f"A zoo entry named {entry.name!r} is registered "
                         "already.")
    _ENTRIES[entry.name] = entry
    return entry


def entry_names():
    """Registered zoo entry names, sorted."""
    return sorted(_ENTRIES)


def entries():
    return [_ENTRIES[n] for n in sorted(_ENTRIES)]


def find_entry(name):
    """The entry called ``name`` or None."""
    return _ENTRIES.get(_entry_key(name))


def get_entry(name):
    """The entry called ``name``; unknown names list the known ones."""
    entry = find_entry(name)
    if entry is None:
        raise ValueError(f"Unknown zoo entry {name!r}; known entries: "
                         f"{', '.join(entry_names())}.")
    return entry
