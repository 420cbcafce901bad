"""Two unpaired domains from one dataset: disjoint seeded halves, the
second transformed, each half shuffled on its own."""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data
from keras_gans.data import domains
from keras_gans.data.edges import edge_map
from keras_gans.training.run import _image_shape_of


def _coded(n=40):
    """``n`` uint8 8x8 images, image ``i`` filled with the value ``5 i``:
    every image tells which one it is."""
    return (np.arange(n, dtype=np.uint8)[:, None, None, None] * 5 *
            np.ones((1, 8, 8, 1), np.uint8))


def _ids(batch, negated):
    """The image ids of a batch in [-1, 1] (see ``_coded``)."""
    x = np.asarray(batch)
    if negated:
        x = -x
    values = (x + 1.0) * 127.5
    assert np.allclose(values, values[:, :1, :1, :1], atol=1e-3)
    return np.round(values[:, 0, 0, 0] / 5).astype(int)


def test_halves_are_disjoint_seeded_and_equal():
    a, b = domains.split_halves(11, seed=0)
    assert len(a) == len(b) == 5
    assert not set(a) & set(b) and set(a) | set(b) <= set(range(11))
    again = domains.split_halves(11, seed=0)
    np.testing.assert_array_equal(a, again[0])
    assert not np.array_equal(a, domains.split_halves(11, seed=1)[0])
    with pytest.raises(ValueError, match="at least 2 images"):
        domains.split_halves(1)


def test_fashion_mnist_halves_second_one_negated():
    x, _ = data.load_arrays("fashion_mnist", "train")
    a, b = domains.domain_arrays("fashion_mnist", "negative")
    idx_a, idx_b = domains.split_halves(len(x), domains.DEFAULT_SPLIT_SEED)
    assert a.shape == b.shape == (30_000, 28, 28, 1)
    assert a.dtype == b.dtype == np.float32
    some = slice(0, 30_000, 7)  # a spread-out sample keeps the test fast
    np.testing.assert_allclose(a[some], x[idx_a[some]] / 127.5 - 1.0,
                               atol=1e-6)
    np.testing.assert_allclose(b[some], 1.0 - x[idx_b[some]] / 127.5,
                               atol=1e-6)
    # the evaluation reference of domain b: the test split, transformed
    test, _ = data.load_arrays("fashion_mnist", "test")
    ref = domains.reference_arrays("fashion_mnist", "negative", "test",
                                   indices=[3, 1])
    np.testing.assert_allclose(ref, 1.0 - test[[3, 1]] / 127.5, atol=1e-6)


def test_edges_transform_the_second_half():
    x = np.random.default_rng(0).integers(0, 256, (20, 8, 8, 1), np.uint8)
    a, b = domains.domain_arrays(x, "edges", split_seed=3)
    idx_a, idx_b = domains.split_halves(20, 3)
    np.testing.assert_allclose(a, x[idx_a] / 127.5 - 1.0, atol=1e-6)
    want = edge_map(x[idx_b].astype(np.float32) / 127.5 - 1.0).numpy()
    np.testing.assert_array_equal(b, want)
    assert set(np.unique(b)) <= {-1.0, 1.0}


def test_dataset_is_unpaired_and_reshuffled():
    x = _coded(40)
    ds = domains.load_domains(x, "negative", batch_size=4, seed=0)
    idx_a, idx_b = domains.split_halves(40)
    epochs = []
    for _ in range(2):
        ids_a, ids_b = [], []
        for element in ds:
            assert set(element) == {"images_a", "images_b"}
            assert element["images_a"].shape == (4, 8, 8, 1)
            assert element["images_b"].shape == (4, 8, 8, 1)
            ids_a += list(_ids(element["images_a"], negated=False))
            ids_b += list(_ids(element["images_b"], negated=True))
        # every image of its own half, once per epoch
        assert sorted(ids_a) == sorted(idx_a)
        assert sorted(ids_b) == sorted(idx_b)
        epochs.append((ids_a, ids_b))
    # the halves are shuffled independently: the b order is not the a
    # order's partners, and every epoch reshuffles
    pos_a = [list(idx_a).index(i) for i in epochs[0][0]]
    pos_b = [list(idx_b).index(i) for i in epochs[0][1]]
    assert pos_a != pos_b
    assert epochs[0][0] != epochs[1][0]
    # resizing happens before the transform
    big = domains.load_domains(x, "negative", batch_size=4,
                               image_shape=(16, 16, 3), shuffle=False)
    first = next(iter(big))
    assert first["images_b"].shape == (4, 16, 16, 3)


def test_load_names_two_domain_sources():
    ds = data.load("domains:fashion_mnist:negative", batch_size=32, seed=0,
                   drop_remainder=True)
    first = next(iter(ds))
    assert set(first) == {"images_a", "images_b"}
    for key in first:
        assert first[key].shape == (32, 28, 28, 1)
        assert first[key].dtype == tf.float32
        assert -1.0 <= float(tf.reduce_min(first[key])) <= float(
            tf.reduce_max(first[key])) <= 1.0
    # a fashion image has a dark background, its negative a light one
    assert float(tf.reduce_mean(first["images_a"])) < 0 < float(
        tf.reduce_mean(first["images_b"]))
    assert _image_shape_of("domains:fashion_mnist:negative", ds) == (28, 28,
                                                                    1)
    assert domains.parse_source("domains:MNIST-5k:Edges") == ("mnist_5k",
                                                             "edges")
    with pytest.raises(ValueError, match="Labels were requested"):
        data.load("domains:fashion_mnist:negative", with_labels=True)
    with pytest.raises(ValueError, match=r"DATASET:TRANSFORM.*received "
                       r"'domains:fashion_mnist'"):
        data.load("domains:fashion_mnist")
    with pytest.raises(ValueError, match=r"Unknown domain transform 'blur'"
                       r".*edges.*negative"):
        data.load("domains:fashion_mnist:blur")
    with pytest.raises(ValueError, match="Unknown named dataset"):
        data.load("domains:nope:negative")
