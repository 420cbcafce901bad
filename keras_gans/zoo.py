"""The recipe registry: a name -> everything needed to build and train a GAN.

A :class:`Recipe` names the networks, the GAN class, the loss, penalties,
optimizers and the training schedule. Recipes live in
``keras_gans/recipes/`` (one module per family) and register themselves with
:func:`register`; ``build(name, image_shape=..., **overrides)`` makes the GAN.
"""

import dataclasses
import inspect
from typing import Any, Callable

import keras

__all__ = ["Recipe", "register", "get", "names", "build", "recipes",
           "adam"]

_REGISTRY = {}


def adam(learning_rate=2e-4, beta_1=0.5, beta_2=0.999):
    """Factory of a (d_optimizer, g_optimizer) pair of Adam optimizers."""
    def make():
        return (keras.optimizers.Adam(learning_rate, beta_1=beta_1,
                                      beta_2=beta_2),
                keras.optimizers.Adam(learning_rate, beta_1=beta_1,
                                      beta_2=beta_2))
    make.description = f"Adam(lr={learning_rate}, betas=({beta_1}, {beta_2}))"
    return make


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
    seed: int = 0
    network_options: dict = dataclasses.field(default_factory=dict)
    gan_options: dict = dataclasses.field(default_factory=dict)
    reference: str = ""

    def _gan_class(self):
        if self.gan_class is None:
            from keras_gans.gan import GAN

            return GAN
        return self.gan_class

    def build(self, image_shape=None, *, latent_dim=None, width=None,
              seed=None, loss=None, d_steps=None, label_smoothing=None,
              compile=False, **options):
        """Builds the GAN; ``compile=True`` also compiles it with the
        recipe's optimizers, loss, ``d_steps`` and penalties.

        Remaining keyword ``options`` go to the network builders or to the
        GAN class, whichever accepts them; anything else is an error.
        """
        image_shape = tuple(image_shape or self.image_shape)
        latent_dim = int(latent_dim or self.latent_dim)
        seed = self.seed if seed is None else seed
        gan_class = self._gan_class()
        net_params = inspect.signature(self.networks).parameters
        gan_params = inspect.signature(gan_class.__init__).parameters
        net_opts = dict(self.network_options)
        gan_opts = dict(self.gan_options)
        for key, value in options.items():
            if key in net_params:
                net_opts[key] = value
            elif key in gan_params:
                gan_opts[key] = value
            else:
                accepted = sorted(
                    {k for k in net_params if k not in ("image_shape",)} |
                    {k for k in gan_params if k not in ("self", "generator",
                                                        "discriminator",
                                                        "kwargs")} |
                    {"latent_dim", "width", "seed", "loss", "d_steps",
                     "label_smoothing", "compile"})
                raise ValueError(
                    f"Recipe {self.name!r} does not take option {key!r}; "
                    f"accepted options: {accepted}.")
        net_opts[self.width_arg] = int(width or self.width)
        if "latent_dim" in net_params:
            net_opts["latent_dim"] = latent_dim
        generator, discriminator = self.networks(image_shape, **net_opts)
        gan = gan_class(generator, discriminator, latent_dim=latent_dim,
                        seed=seed, **gan_opts)
        if compile:
            loss_obj = self.make_loss(loss, label_smoothing)
            d_opt, g_opt = self.optimizers()
            gan.compile(d_optimizer=d_opt, g_optimizer=g_opt, loss=loss_obj,
                        d_steps=int(d_steps or self.d_steps),
                        penalties=self.penalties())
        return gan

    def make_loss(self, loss=None, label_smoothing=None):
        from keras_gans import losses

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

    def summary(self):
        """A short dict for listings."""
        return {
            "name": self.name,
            "description": self.description,
            "dataset": self.dataset,
            "image_shape": list(self.image_shape),
            "loss": self.loss if isinstance(self.loss, str) else repr(
                self.loss),
            "d_steps": self.d_steps,
            "batch_size": self.batch_size,
            "epochs": self.epochs,
            "optimizers": getattr(self.optimizers, "description", ""),
        }


def register(recipe):
    """Adds a recipe to the registry (names are unique)."""
    if recipe.name in _REGISTRY:
        raise ValueError(f"A recipe named {recipe.name!r} is registered "
                         "already.")
    _REGISTRY[recipe.name] = recipe
    return recipe


def _load_recipes():
    import keras_gans.recipes  # noqa: F401  (modules register on import)


def names():
    """Registered recipe names, sorted."""
    _load_recipes()
    return sorted(_REGISTRY)


def recipes():
    _load_recipes()
    return [_REGISTRY[n] for n in sorted(_REGISTRY)]


def get(name):
    """The recipe called ``name``; unknown names list the known ones."""
    _load_recipes()
    key = str(name).lower().replace("-", "_")
    if key not in _REGISTRY:
        raise ValueError(f"Unknown zoo recipe {name!r}; known recipes: "
                         f"{', '.join(sorted(_REGISTRY))}.")
    return _REGISTRY[key]


def build(name, image_shape=None, **overrides):
    """Builds the GAN of recipe ``name`` (see :meth:`Recipe.build`)."""
    return get(name).build(image_shape, **overrides)
