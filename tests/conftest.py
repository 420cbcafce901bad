"""Test-wide setup: quiet TensorFlow and two logical CPU devices.

The logical devices must be configured before TensorFlow initialises its
runtime, so this runs at import time, before any test module. Tests that need
two replicas use ``two_cpu_strategy``.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

_cpu = tf.config.list_physical_devices("CPU")[0]
try:
    tf.config.set_logical_device_configuration(
        _cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
except RuntimeError:  # already initialised by a plugin: keep what exists
    pass


@pytest.fixture
def two_cpu_strategy():
    cpus = tf.config.list_logical_devices("CPU")
    if len(cpus) < 2:
        pytest.skip("two logical CPU devices could not be configured")
    return tf.distribute.MirroredStrategy([d.name for d in cpus[:2]])


@pytest.fixture(autouse=True)
def _clear_keras_session():
    import keras

    yield
    keras.backend.clear_session()
