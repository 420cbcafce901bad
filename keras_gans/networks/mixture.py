"""MLP networks for 2-D points (the ring and grid mixtures of
:mod:`keras_gans.data.mixtures`), after the unrolled GAN paper's appendix
(Metz et al. 2017): a generator with two ReLU hidden layers of 128 units
and a linear 2-D output, fed a 256-D Gaussian latent; a discriminator that
scales its input down by 4 (to about [-1, 1]) before its ReLU hidden
layers and one logit."""

import keras
from keras import layers

__all__ = ["point_generator", "point_discriminator"]


def _check(name, value, minimum=1):
    if isinstance(value, bool) or int(value) != value or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; received "
                         f"{value!r}.")
    return int(value)


def _initializer(value):
    """A factory of fresh copies of the initializer ``value``: one instance
    shared by layers of the same shape would give them the same weights."""
    try:
        config = keras.initializers.serialize(keras.initializers.get(value))
    except (ValueError, TypeError) as e:
        raise ValueError(
            f"kernel_initializer must be a Keras initializer (a name such as "
            f"'orthogonal', a config dict or an instance); received "
            f"{value!r}.") from e
    return lambda: keras.initializers.deserialize(config)


def point_generator(latent_dim=256, units=128, num_layers=2, dim=2,
                    kernel_initializer="glorot_uniform",
                    name="point_generator"):
    """``latent (N, latent_dim) -> points (N, dim)`` (linear output).

    ``kernel_initializer`` is any Keras initializer (name, config or
    instance) for every layer; the paper's setting is
    ``keras.initializers.Orthogonal(gain=0.8)``."""
    latent_dim, units = _check("latent_dim", latent_dim), _check("units",
                                                                 units)
    num_layers, dim = _check("num_layers", num_layers, 0), _check("dim", dim)
    init = _initializer(kernel_initializer)
    z = keras.Input((latent_dim,), name="latent")
    x = z
    for i in range(num_layers):
        x = layers.Dense(units, activation="relu", kernel_initializer=init(),
                         name=f"dense_{i}")(x)
    points = layers.Dense(dim, kernel_initializer=init(), name="points")(x)
    return keras.Model(z, points, name=name)


def point_discriminator(units=128, num_layers=1, dim=2, input_scale=0.25,
                        kernel_initializer="glorot_uniform",
                        name="point_discriminator"):
    """``points (N, dim) -> logits (N, 1)``: input times ``input_scale``,
    ``num_layers`` ReLU hidden layers of ``units``, a linear logit;
    ``kernel_initializer`` as in :func:`point_generator`."""
    units, dim = _check("units", units), _check("dim", dim)
    num_layers = _check("num_layers", num_layers, 0)
    init = _initializer(kernel_initializer)
    points = keras.Input((dim,), name="points")
    x = layers.Rescaling(float(input_scale), name="scale")(points)
    for i in range(num_layers):
        x = layers.Dense(units, activation="relu", kernel_initializer=init(),
                         name=f"dense_{i}")(x)
    logits = layers.Dense(1, kernel_initializer=init(), name="logits")(x)
    return keras.Model(points, logits, name=name)
