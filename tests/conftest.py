"""Test-wide setup: quiet TensorFlow and two logical CPU devices.

The logical devices must be configured before TensorFlow initialises its
runtime, so this runs at import time, before any test module. Tests that need
two replicas use ``two_cpu_strategy``.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

_cpu = tf.config.list_physical_devices("CPU")[0]
try:
    tf.config.set_logical_device_configuration(
        _cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
except RuntimeError:  # already initialised by a plugin: keep what exists
    pass


@pytest.fixture(scope="session")
def two_cpu_strategy():
    # One strategy per process: every MirroredStrategy numbers its collective
    # ops from the same base, so a second instance in the same process reuses
    # the first one's collective keys and fails with "Shape mismatch in the
    # collective instance".
    cpus = tf.config.list_logical_devices("CPU")
    if len(cpus) < 2:
        pytest.skip("two logical CPU devices could not be configured")
    return tf.distribute.MirroredStrategy([d.name for d in cpus[:2]])


@pytest.fixture(autouse=True)
def _clear_keras_session():
    import keras

    yield
    keras.backend.clear_session()


# -- a tiny GAN (engine, penalty and augmentation tests) ---------------------
def small_mlp_gan(shape, latent_dim=3, seed=0, **compile_kwargs):
    """A compiled ``GAN`` of 8-unit MLPs (no dropout) for images of
    ``shape``, SGD(0.05) unless ``compile_kwargs`` say otherwise: the engine
    and penalty tests' workbench (``from conftest import small_mlp_gan``)."""
    import keras

    from keras_gans import GAN, networks

    keras.utils.set_random_seed(seed)
    g = networks.mlp_generator(shape, latent_dim=latent_dim, units=8)
    d = networks.mlp_discriminator(shape, units=8, dropout=0.0)
    gan = GAN(g, d, seed=seed)
    compile_kwargs.setdefault("d_optimizer", keras.optimizers.SGD(0.05))
    compile_kwargs.setdefault("g_optimizer", keras.optimizers.SGD(0.05))
    gan.compile(**compile_kwargs)
    return gan


# -- a cheap stand-in for the Inception network (metrics plumbing tests) ------
class FakeInception:
    """Stands in for InceptionExtractor: 4x4 block means as features."""

    def __init__(self, with_logits=False):
        self.with_logits = with_logits
        self.seen = 0
        self.info = {"weights_source": "fake", "weights_sha256": "f" * 64,
                     "weights_sha256_pinned": False}
        self.w = np.random.default_rng(0).standard_normal((48, 1008))

    @property
    def protocol(self):
        return dict(self.info)

    def __call__(self, images):
        images = np.asarray(images)
        assert images.dtype == np.uint8 and images.ndim == 4
        self.seen += len(images)
        x = images.astype(np.float32).mean(-1) / 255.0
        n, h, w = x.shape
        feats = x[:, :h - h % 4, :w - w % 4].reshape(
            n, 4, h // 4, 4, w // 4).mean(axis=(2, 4)).reshape(n, 16)
        feats = np.concatenate([feats, feats ** 2, np.sqrt(feats)], 1)
        out = {"pool3": feats.astype(np.float32)}
        if self.with_logits:
            out["logits"] = (feats @ self.w).astype(np.float32)
        return out


@pytest.fixture
def fake(monkeypatch, tmp_path):
    """Replaces the Inception extractor by ``FakeInception`` and points the
    real-statistics cache at a temporary folder."""
    import importlib

    from keras_gans.metrics.inception import network as inception

    ev = importlib.import_module("keras_gans.metrics.evaluate")
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    ev._MEMORY.clear()
    made = {}

    def get_extractor(weights=None, with_logits=False, **kwargs):
        key = bool(with_logits)
        if key not in made:
            made[key] = FakeInception(with_logits)
        return made[key]

    monkeypatch.setattr(inception, "get_extractor", get_extractor)
    return made
