"""Paired data for pix2pix (keras_gans.data.load_pairs): the folder formats,
arrays, tfds (prepared locally: never a remote download), the built-in
edges2fashion, the joint augmentation and the pairing errors."""

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from keras_gans import data
from keras_gans.data import edges, pairs


def _batches(ds):
    xs, ys = zip(*[(x.numpy(), y.numpy()) for x, y in ds])
    return np.concatenate(xs), np.concatenate(ys)


def _pixels(n, h=8, w=8, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (n, h, w),
                                                dtype=np.uint8)


def _model(p):
    return p.astype(np.float32)[..., None] / 127.5 - 1.0


def test_side_by_side_folder_pairs_each_file_with_its_halves(tmp_path):
    x = _pixels(3)
    for i in range(3):  # input | target, the target the inverted input
        Image.fromarray(np.concatenate([x[i], 255 - x[i]], axis=1)).save(
            tmp_path / f"{i}.png")
    a, b = _batches(data.load_pairs(str(tmp_path), batch_size=2,
                                    shuffle=False))
    assert a.shape == b.shape == (3, 8, 8, 1)
    np.testing.assert_allclose(a, _model(x), atol=1e-6)
    np.testing.assert_allclose(b, -a, atol=1e-6)
    # the input is the right half: the roles swap
    a2, b2 = _batches(data.load_pairs(str(tmp_path), batch_size=3,
                                      shuffle=False, input_half="right"))
    np.testing.assert_allclose(a2, b, atol=1e-6)
    np.testing.assert_allclose(b2, a, atol=1e-6)


def test_split_subfolder_of_the_pix2pix_layout_is_used(tmp_path):
    x = _pixels(4)
    for split, idx in (("train", [0, 1, 2]), ("val", [3])):
        (tmp_path / split).mkdir()
        for i in idx:
            Image.fromarray(np.concatenate([x[i], x[i]], axis=1)).save(
                tmp_path / split / f"{i}.png")
    a, _ = _batches(data.load_pairs(str(tmp_path), split="val",
                                    shuffle=False))
    np.testing.assert_allclose(a, _model(x[3:]), atol=1e-6)
    a, _ = _batches(data.load_pairs(str(tmp_path), batch_size=8,
                                    shuffle=False))
    assert len(a) == 3


def test_two_folders_pair_up_by_name_whatever_the_extension(tmp_path):
    x = _pixels(3, seed=1)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    names = ["b", "c", "a"]
    for i, name in enumerate(names):
        Image.fromarray(x[i]).save(tmp_path / "in" / f"{name}.png")
        # targets in another format and written in another order
        Image.fromarray(255 - x[i]).save(tmp_path / "out" / f"{name}.bmp")
    a, b = _batches(data.load_pairs((tmp_path / "in", tmp_path / "out"),
                                    batch_size=3, shuffle=False))
    order = np.argsort(names)  # files are read sorted by name
    np.testing.assert_allclose(a, _model(x[order]), atol=1e-6)
    # (BMP decodes to RGB: back to grey with luma weights summing to 1)
    np.testing.assert_allclose(b, -a, atol=1e-5)


def test_folders_that_do_not_pair_up_name_the_file(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    x = _pixels(2)
    Image.fromarray(x[0]).save(tmp_path / "in" / "shoe.png")
    Image.fromarray(x[0]).save(tmp_path / "out" / "shoe.png")
    Image.fromarray(x[1]).save(tmp_path / "in" / "lonely.png")
    with pytest.raises(ValueError, match=r"lonely\.png has no partner"):
        data.load_pairs((tmp_path / "in", tmp_path / "out"))
    (tmp_path / "in" / "lonely.png").unlink()
    Image.fromarray(_pixels(1, 8, 6)[0]).save(tmp_path / "out" / "odd.png")
    Image.fromarray(x[1]).save(tmp_path / "in" / "odd.png")
    with pytest.raises(ValueError, match=r"in/odd\.png is 8x8 but its "
                       r"partner .*out/odd\.png is 6x8"):
        data.load_pairs((tmp_path / "in", tmp_path / "out"))
    # side by side: an odd width, and a file of another size
    sbs = tmp_path / "sbs"
    sbs.mkdir()
    Image.fromarray(_pixels(1, 8, 16)[0]).save(sbs / "a.png")
    Image.fromarray(_pixels(1, 8, 15)[0]).save(sbs / "b.png")
    with pytest.raises(ValueError, match=r"b\.png is 15x8: a side-by-side "
                       "pair needs an even width"):
        data.load_pairs(str(sbs))
    Image.fromarray(_pixels(1, 10, 20)[0]).save(sbs / "b.png")
    with pytest.raises(ValueError, match=r"b\.png holds 10x10 images but "
                       r".*a\.png holds 8x8.*image_shape"):
        data.load_pairs(str(sbs))
    # ... which image_shape resizes to one size
    a, b = _batches(data.load_pairs(str(sbs), image_shape=(4, 4, 1),
                                    shuffle=False, batch_size=2))
    assert a.shape == b.shape == (2, 4, 4, 1)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        data.load_pairs(str(tmp_path / "missing"))


def test_arrays_and_their_errors():
    x = _pixels(5)[..., None]
    a, b = _batches(data.load_pairs((x, 255 - x), batch_size=5,
                                    shuffle=False))
    np.testing.assert_allclose(b, -a, atol=1e-6)
    with pytest.raises(ValueError, match="5 input images but 4 targets"):
        data.load_pairs((x, x[:4]))
    with pytest.raises(ValueError, match="Inputs are 8x8 but targets 4x4"):
        data.load_pairs((x, x[:, :4, :4]))
    with pytest.raises(ValueError, match="Unknown pair source"):
        data.load_pairs("no_such_pairs")


def test_joint_augmentation_crops_and_flips_both_images_alike():
    rng = np.random.default_rng(0)
    n, side = 64, 16
    x = rng.uniform(-1, 1, (n, side, side, 1)).astype(np.float32)
    x[:, :, : side // 2] = np.abs(x[:, :, : side // 2])  # left half >= 0
    x[:, :, side // 2:] = -np.abs(x[:, :, side // 2:])  # right half <= 0
    ds = data.load_pairs((x, -x), batch_size=n, shuffle=False, augment=True,
                         seed=3)
    a, b = _batches(ds)
    assert a.shape == b.shape == x.shape
    # the target, a pixelwise function of the input before augmentation,
    # is the same function of it after: the same crop and flip on both
    np.testing.assert_allclose(b, -a, atol=1e-5)
    # the jitter did something: resized and cropped, not the original
    assert np.abs(a - x).mean() > 0.05
    # mirrored about half the time (the bright half moved to the right)
    flipped = a[:, :, : side // 2].mean(axis=(1, 2, 3)) < 0
    assert 10 < flipped.sum() < n - 10
    # a new draw every epoch, the same pairs under the same seed
    a2, _ = _batches(ds)
    assert not np.allclose(a, a2)
    a3, _ = _batches(data.load_pairs((x, -x), batch_size=n, shuffle=False,
                                     augment=True, seed=3))
    np.testing.assert_allclose(a3, a, atol=1e-6)
    # off by default: the pairs as given
    a4, _ = _batches(data.load_pairs((x, -x), batch_size=n, shuffle=False))
    np.testing.assert_allclose(a4, x, atol=1e-6)


def test_jitter_resizes_up_then_crops_back():
    assert pairs.default_jitter_size(256) == 286
    assert pairs.default_jitter_size(32) == 36
    x = tf.reshape(tf.range(64, dtype=tf.float32), (8, 8, 1))
    a, b = pairs.jitter(x, 2 * x, tf.constant([1, 2], tf.int64),
                        jitter_size=8)
    # no room to crop at size 8: only the mirroring remains
    assert np.allclose(a, x) or np.allclose(a, x[:, ::-1])
    np.testing.assert_allclose(b, 2 * a, atol=1e-5)
    with pytest.raises(ValueError, match="jitter_size must be >= the image"):
        pairs.jitter(x, x, tf.constant([1, 2], tf.int64), jitter_size=6)


def _store_pairs(tmp_path, name, features, examples):
    import tensorflow_datasets as tfds

    tfds.dataset_builders.store_as_tfds_dataset(
        name=name, version="1.0.0", features=tfds.features.FeaturesDict(
            features), split_datasets={
                "test": tf.data.Dataset.from_tensor_slices(examples)},
        data_dir=str(tmp_path), disable_shuffling=True)


def test_tfds_pairs_prepared_locally(tmp_path, monkeypatch):
    import tensorflow_datasets as tfds

    x = _pixels(4)[..., None]
    image = tfds.features.Image(shape=(8, 8, 1))
    _store_pairs(tmp_path, "kg_pairs", {"image_A": image, "image_B": image},
                 {"image_A": x, "image_B": 255 - x})
    a, b = _batches(data.load_pairs("tfds:kg_pairs", split="test",
                                    batch_size=4, shuffle=False,
                                    data_dir=str(tmp_path)))
    np.testing.assert_allclose(a, _model(x[..., 0]), atol=1e-6)
    np.testing.assert_allclose(b, -a, atol=1e-6)
    # "pix2pix/CONFIG" names are tensorflow-datasets names too; here the
    # builder is the local one (no download is ever attempted)
    asked = []
    real_builder = tfds.builder

    def local_builder(name, data_dir=None, **kwargs):
        asked.append(name)
        return real_builder("kg_pairs", data_dir=str(tmp_path))

    monkeypatch.setattr(tfds, "builder", local_builder)
    a2, _ = _batches(data.load_pairs("pix2pix/edges2shoes", split="test",
                                     batch_size=4, shuffle=False))
    assert asked == ["pix2pix/edges2shoes"]
    np.testing.assert_allclose(a2, a, atol=1e-6)
    monkeypatch.undo()
    # one side-by-side "image" feature, halves split as for folders
    wide = np.concatenate([x, 255 - x], axis=2)
    _store_pairs(tmp_path, "kg_sbs", {"image": tfds.features.Image(
        shape=(8, 16, 1))}, {"image": wide})
    a3, b3 = _batches(data.load_pairs("tfds:kg_sbs", split="test",
                                      batch_size=4, shuffle=False,
                                      input_half="right",
                                      data_dir=str(tmp_path)))
    np.testing.assert_allclose(a3, -a, atol=1e-6)
    np.testing.assert_allclose(b3, a, atol=1e-6)


def test_edges2fashion_pairs_garments_with_their_edge_maps():
    x, y = data.load_pair_arrays("edges2fashion", "test")
    assert x.shape == y.shape == (10_000, 32, 32, 1)
    assert x.dtype == y.dtype == np.uint8
    garments, _ = data.load_arrays("fashion_mnist", "test")
    # the test split kept, padded by 2 black pixels on each side
    np.testing.assert_array_equal(y[:, 2:30, 2:30], garments)
    assert not y[:, :2].any() and not y[:, :, 30:].any()
    # the inputs are edge_map of the padded garments, dark on white
    expected = edges.edge_map(y[:64].astype(np.float32) / 127.5 - 1).numpy()
    np.testing.assert_array_equal(x[:64] / 127.5 - 1, expected)
    assert set(np.unique(x)) == {0, 255}
    # as tf.data in [-1, 1], in order without shuffling
    a, b = next(iter(data.load_pairs("edges2fashion", split="test",
                                     batch_size=8, shuffle=False)))
    np.testing.assert_allclose(a.numpy(), x[:8] / 127.5 - 1, atol=1e-6)
    np.testing.assert_allclose(b.numpy(), y[:8] / 127.5 - 1, atol=1e-6)
    with pytest.raises(ValueError, match="Unknown split 'val'"):
        data.load_pair_arrays("edges2fashion", "val")
