"""keras-gans: a GAN model zoo for Keras 3, trained with plain ``model.fit``.

Submodules are imported lazily so that the backend-neutral parts
(``keras_gans.networks``, ``keras_gans.losses``) import without TensorFlow.
"""

import importlib

__version__ = "0.1.0"

_SUBMODULES = {
    "callbacks", "cli", "data", "distribute", "gan", "images", "losses",
    "networks", "penalties", "zoo", "export", "hub", "serving", "metrics",
    "ema", "variants", "conditional_callbacks", "training",
}


def __getattr__(name):
    if name == "GAN":
        from keras_gans.gan import GAN

        return GAN
    if name in _SUBMODULES:
        return importlib.import_module(f"keras_gans.{name}")
    raise AttributeError(f"module 'keras_gans' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + ["GAN"] + sorted(_SUBMODULES))
