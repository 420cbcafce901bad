"""keras-gans: a GAN model zoo for Keras 3, trained with plain ``model.fit``.

The package, layer by layer (each imports only the layers above it in this
list, never back):

    utils/      files (atomic writes, sha256, the cache folder), images, progress
    engine/     the one train_step (``GAN``), declared generator inputs,
                losses, penalties, EMA, tf.distribute helpers
    layers/     PixelNorm, MinibatchStdDev, equalized dense / conv, FadeIn
    networks/   generator and discriminator builders (keras.layers only)
    variants/   GANs whose game differs (CGAN, AC-GAN, InfoGAN, ...)
    data        tf.data pipelines of images in [-1, 1]
    export/     SavedModel export (signatures from the declared inputs),
                the TF Serving contract
    zoo/        recipes, entries, published archives
    metrics/    FID, KID, IS, precision/recall, domain classifiers, evaluate
    training/   train a recipe, callbacks, pictures
    cli/        the ``keras-gans`` command

``import keras_gans`` registers every GAN class with Keras, so
``keras.saving.load_model`` reads any ``.keras`` file the library writes.
"""

import os as _os
import sys as _sys


def _quiet_command_start(argv):
    """The ``keras-gans`` command starts without TensorFlow's C++ log lines
    (absl's "All log messages before absl::InitializeLog()", the CPU
    feature notice, grappler's "remapper failed" messages), unless run as
    ``keras-gans --verbose ...``; set here because TensorFlow reads
    ``TF_CPP_MIN_LOG_LEVEL`` when it is first imported. Importing the
    library from Python changes nothing, and a level the user set wins."""
    prog = _os.path.basename(argv[0]) if argv else ""
    if prog in ("keras-gans", "keras-gans.exe") and "--verbose" not in argv:
        _os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        if _os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3":
            _import_tensorflow_quietly()


#: TensorFlow's start-up lines that are not errors (some builds print them
#: before absl logging is set up, whatever ``TF_CPP_MIN_LOG_LEVEL`` says)
_START_UP_NOISE = ("absl::InitializeLog", "cpu_feature_guard", "oneDNN",
                   "port.cc", "To enable the following instructions",
                   "remapper")


def _import_tensorflow_quietly():
    """Imports TensorFlow with the process's stderr (file descriptor 2, which
    its C++ logging writes to) captured, then writes back every captured
    line except :data:`_START_UP_NOISE`: real import errors still show."""
    import tempfile
    if "tensorflow" in _sys.modules:
        return
    try:
        _sys.stderr.flush()
        saved = _os.dup(2)
    except (OSError, ValueError):   # no usable fd 2: nothing to filter
        return
    with tempfile.TemporaryFile(mode="w+b") as captured:
        _os.dup2(captured.fileno(), 2)
        try:
            import tensorflow  # noqa: F401
        finally:
            _os.dup2(saved, 2)
            _os.close(saved)
            captured.seek(0)
            kept = [line for line in captured.read().decode(
                "utf-8", "replace").splitlines(keepends=True)
                if not any(n in line for n in _START_UP_NOISE)]
            if kept:
                _sys.stderr.write("".join(kept))
                _sys.stderr.flush()


_quiet_command_start(_sys.argv)

from keras_gans.version import __version__  # noqa: E402
from keras_gans import layers  # noqa: E402,F401
from keras_gans import engine, networks, utils, variants  # noqa: E402
from keras_gans import data, export, metrics, zoo  # noqa: E402
from keras_gans import training  # noqa: E402
from keras_gans.engine import GAN, distribute, ema, losses, penalties  # noqa
from keras_gans.engine import augment  # noqa: E402
from keras_gans.export import serving  # noqa: E402
from keras_gans.training import callbacks, pictures  # noqa: E402
from keras_gans.utils import images  # noqa: E402
from keras_gans.zoo import archives as hub  # noqa: E402

#: 0.1 module paths -> where they live now (``from keras_gans.losses import
#: hinge`` and ``import keras_gans.gan`` keep working)
_MOVED = {
    "gan": engine.gan, "losses": losses, "penalties": penalties, "ema": ema,
    "distribute": distribute, "callbacks": callbacks,
    "conditional_callbacks": pictures, "images": images, "hub": hub,
    "serving": serving,
}
conditional_callbacks = pictures
for _name, _module in _MOVED.items():
    _sys.modules.setdefault(f"{__name__}.{_name}", _module)

__all__ = ["GAN", "__version__", "augment", "callbacks", "conditional_callbacks", "data",
           "distribute", "ema", "engine", "export", "hub", "images", "losses",
           "metrics", "networks", "penalties", "pictures", "serving",
           "training", "utils", "variants", "zoo"]
