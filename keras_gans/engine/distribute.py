"""Choosing a ``tf.distribute`` strategy by name (TensorFlow-specific).

Build *and* compile the GAN inside ``strategy.scope()``; ``GAN.compile``
creates the optimizer slots there, and ``fit`` then runs the same
``train_step`` on every replica, losses averaged over the global batch.
"""

import tensorflow as tf

__all__ = ["get_strategy", "STRATEGIES"]

STRATEGIES = ("auto", "default", "one_device", "mirrored", "tpu")


def get_strategy(name="auto", devices=None):
    """Returns a strategy.

    ``auto``: ``MirroredStrategy`` over all GPUs when there are two or more,
    one GPU or the CPU otherwise. ``default``: no distribution.
    ``one_device``: the first GPU, else the CPU. ``mirrored``: all GPUs, or
    the given ``devices`` (e.g. two logical CPUs in tests). ``tpu``: a TPU
    found by ``TPUClusterResolver``.
    """
    if isinstance(name, tf.distribute.Strategy):
        return name
    name = (name or "auto").lower().replace("-", "_")
    gpus = tf.config.list_logical_devices("GPU")
    if name == "auto":
        if len(gpus) > 1:
            return tf.distribute.MirroredStrategy()
        name = "one_device" if gpus else "default"
    if name == "default":
        return tf.distribute.get_strategy()
    if name == "one_device":
        return tf.distribute.OneDeviceStrategy(
            gpus[0].name if gpus else "/cpu:0")
    if name == "mirrored":
        return tf.distribute.MirroredStrategy(devices)
    if name == "tpu":
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
        return tf.distribute.TPUStrategy(resolver)
    raise ValueError(f"Unknown strategy {name!r}; expected one of "
                     f"{list(STRATEGIES)}.")
