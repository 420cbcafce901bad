"""The style-based generator's layers against numbers computed by hand on
tiny inputs, and each layer through get_config and a .keras file."""

import math

import keras
import numpy as np
import pytest

from keras_gans.layers import (ConstantInput, ModulatedConv2D,
                               NoiseInjection, Truncation)


def _conv_same(x, k):
    """numpy 'same' convolution (cross-correlation, as Keras) of one
    example ``x`` (H, W, C_in) with ``k`` (kh, kw, C_in, C_out)."""
    kh, kw = k.shape[:2]
    ph, pw = kh // 2, kw // 2
    padded = np.pad(x, ((ph, kh - 1 - ph), (pw, kw - 1 - pw), (0, 0)))
    h, w = x.shape[:2]
    out = np.zeros((h, w, k.shape[-1]))
    for i in range(h):
        for j in range(w):
            out[i, j] = np.tensordot(padded[i:i + kh, j:j + kw], k, axes=3)
    return out


# -- ConstantInput ------------------------------------------------------------
def test_constant_input_repeats_its_constant_over_the_batch():
    layer = ConstantInput(3, size=2)
    w = np.zeros((4, 5), np.float32)  # values ignored, batch of 4
    y = np.asarray(layer(w))
    assert y.shape == (4, 2, 2, 3)
    const = np.asarray(layer.constant)
    for n in range(4):
        np.testing.assert_array_equal(y[n], const)
    layer.constant.assign(np.arange(12, dtype=np.float32).reshape(2, 2, 3))
    np.testing.assert_array_equal(np.asarray(layer(w[:1]))[0, 1, 0],
                                  [6.0, 7.0, 8.0])


def test_constant_input_rejects_bad_sizes():
    with pytest.raises(ValueError, match="channels must be a positive "
                                         "integer; received 0"):
        ConstantInput(0)


# -- ModulatedConv2D ----------------------------------------------------------
def _set(layer, affine_kernel, affine_bias, kernel, bias=None):
    layer.affine_kernel.assign(np.asarray(affine_kernel, np.float32))
    layer.affine_bias.assign(np.asarray(affine_bias, np.float32))
    layer.kernel.assign(np.asarray(kernel, np.float32))
    if bias is not None:
        layer.bias.assign(np.asarray(bias, np.float32))


def test_modulated_conv_by_hand_1x1():
    """x = (1, 2), w = 2, A = (1, -1), b_A = (1, 1): s = (3, -1).
    kernel (1, 2) scaled by 1/sqrt(1 * 1 * 2): k = (1, 2) / sqrt 2; k' =
    (3, -2) / sqrt 2; x . k' = -1 / sqrt 2; ||k'|| = sqrt(13 / 2), so the
    demodulated output is -1 / sqrt 13."""
    x = np.array([[[[1.0, 2.0]]]], np.float32)       # (1, 1, 1, 2)
    w = np.array([[2.0]], np.float32)                 # (1, 1)
    demod = ModulatedConv2D(1, 1)
    demod([x, w])
    _set(demod, [[1.0, -1.0]], [1.0, 1.0], [[[[1.0], [2.0]]]])
    np.testing.assert_allclose(np.asarray(demod.styles(w)), [[3.0, -1.0]])
    np.testing.assert_allclose(np.asarray(demod([x, w]))[0, 0, 0, 0],
                               -1 / math.sqrt(13), rtol=1e-5)
    plain = ModulatedConv2D(1, 1, demodulate=False)
    plain([x, w])
    _set(plain, [[1.0, -1.0]], [1.0, 1.0], [[[[1.0], [2.0]]]])
    np.testing.assert_allclose(np.asarray(plain([x, w]))[0, 0, 0, 0],
                               -1 / math.sqrt(2), rtol=1e-5)
    # bias after the demodulation, then leaky ReLU 0.2 times sqrt(2)
    act = ModulatedConv2D(1, 1, activation="lrelu")
    act([x, w])
    _set(act, [[1.0, -1.0]], [1.0, 1.0], [[[[1.0], [2.0]]]], bias=[0.1])
    y = -1 / math.sqrt(13) + 0.1                       # negative
    np.testing.assert_allclose(np.asarray(act([x, w]))[0, 0, 0, 0],
                               0.2 * y * math.sqrt(2), rtol=1e-5)


def test_modulated_conv_equals_per_example_modulated_weights():
    """Two examples, 3x3 kernel, 2 -> 3 channels: the layer (input scaling
    + demodulation coefficients) equals eq. 1-3 applied literally, one
    modulated and demodulated kernel per example."""
    rng = np.random.RandomState(0)
    x = rng.normal(size=(2, 4, 4, 2)).astype(np.float32)
    w = rng.normal(size=(2, 5)).astype(np.float32)
    layer = ModulatedConv2D(3, 3, epsilon=1e-8)
    y = np.asarray(layer([x, w]))
    A = np.asarray(layer.affine_kernel) / math.sqrt(5)
    s = w @ A + np.asarray(layer.affine_bias)
    k = np.asarray(layer.kernel) / math.sqrt(3 * 3 * 2)
    for n in range(2):
        k1 = k * s[n][None, None, :, None]                       # eq. 1
        k2 = k1 / np.sqrt(np.sum(k1 ** 2, axis=(0, 1, 2)) + 1e-8)  # eq. 3
        np.testing.assert_allclose(y[n], _conv_same(x[n], k2), rtol=1e-4,
                                   atol=1e-5)
    # demodulated: each output channel keeps about the input's scale
    assert layer.compute_output_shape([(None, 4, 4, 2), (None, 5)]) == (
        None, 4, 4, 3)


def test_modulated_conv_rejects_bad_inputs_and_arguments():
    with pytest.raises(ValueError, match="activation must be one of"):
        ModulatedConv2D(2, 3, activation="relu")
    with pytest.raises(ValueError, match=r"called on \[features, w\]"):
        ModulatedConv2D(2, 3)(np.zeros((1, 4, 4, 2), np.float32))
    with pytest.raises(ValueError, match="epsilon must be a positive "
                                         "number; received 0"):
        ModulatedConv2D(2, 3, epsilon=0)


# -- NoiseInjection -----------------------------------------------------------
def test_noise_injection_by_hand():
    """scale (0.5, -1), fixed noise map (1, 2; 3, 4): at inference y = x +
    noise * scale, the same map for every example and channel."""
    x = np.ones((2, 2, 2, 2), np.float32)
    layer = NoiseInjection(seed=3)
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # scale 0 first
    layer.scale.assign([0.5, -1.0])
    layer.fixed_noise.assign(np.array([[1.0, 2.0], [3.0, 4.0]],
                                      np.float32)[..., None])
    y = np.asarray(layer(x))
    np.testing.assert_allclose(y[1, 1, 0], [1 + 3 * 0.5, 1 - 3.0])
    np.testing.assert_allclose(y[0, 0, 1], [1 + 2 * 0.5, 1 - 2.0])
    np.testing.assert_array_equal(y[0], y[1])


def test_noise_injection_draws_fresh_per_pixel_noise_in_training():
    x = np.zeros((3, 4, 4, 2), np.float32)
    layer = NoiseInjection(seed=1)
    layer.build(x.shape)
    layer.scale.assign([1.0, 2.0])
    a = np.asarray(layer(x, training=True))
    b = np.asarray(layer(x, training=True))
    assert not np.allclose(a, b)                  # a new draw per call
    assert not np.allclose(a[0], a[1])            # one map per example
    # one map per example, broadcast over the channels (times their scale)
    np.testing.assert_allclose(a[..., 1], 2 * a[..., 0], rtol=1e-6)
    fixed = np.asarray(layer(x))                  # inference: the fixed map
    np.testing.assert_allclose(fixed[..., 0],
                               np.broadcast_to(np.asarray(
                                   layer.fixed_noise)[..., 0], (3, 4, 4)))
    # the same seed draws the same fixed map
    other = NoiseInjection(seed=1)
    other.build(x.shape)
    np.testing.assert_array_equal(np.asarray(other.fixed_noise),
                                  np.asarray(layer.fixed_noise))


# -- Truncation ---------------------------------------------------------------
def test_truncation_by_hand():
    layer = Truncation(decay=0.9)
    w = np.array([[3.0, 6.0], [1.0, 2.0]], np.float32)
    np.testing.assert_array_equal(np.asarray(layer(w)), w)  # identity
    layer.w_avg.assign([1.0, 2.0])
    np.testing.assert_allclose(np.asarray(layer(w, truncation_psi=0.5)),
                               [[2.0, 4.0], [1.0, 2.0]])
    np.testing.assert_allclose(np.asarray(layer(w, truncation_psi=0.0)),
                               [[1.0, 2.0], [1.0, 2.0]])
    np.testing.assert_array_equal(np.asarray(layer(w, truncation_psi=1.0)),
                                  w)
    # per-layer styles, only the first 2 of 3 moved
    ws = np.stack([w[:1]] * 3, axis=1)                      # (1, 3, 2)
    cut = np.asarray(layer(ws, truncation_psi=0.0, truncation_cutoff=2))
    np.testing.assert_allclose(cut[0], [[1, 2], [1, 2], [3, 6]])
    # moving average: mean + decay (avg - mean)
    np.testing.assert_allclose(
        np.asarray(layer.moved_average(np.array([3.0, 4.0]))),
        [3 + 0.9 * (1 - 3), 4 + 0.9 * (2 - 4)], rtol=1e-6)


def test_truncation_rejects_bad_arguments():
    with pytest.raises(ValueError, match=r"w_avg_decay must be a number in "
                                         r"\[0, 1\).*received 1.5"):
        Truncation(decay=1.5)
    layer = Truncation()
    ws = np.zeros((1, 3, 2), np.float32)
    with pytest.raises(ValueError, match="truncation_cutoff must be None"):
        layer(ws, truncation_psi=0.5, truncation_cutoff=0)
    with pytest.raises(ValueError, match="per-layer styles"):
        layer(ws[:, 0], truncation_psi=0.5, truncation_cutoff=1)


# -- configs and .keras files ---------------------------------------------------
@pytest.mark.parametrize("make, attrs", [
    (lambda: ConstantInput(3, size=2, name="c"), {"channels": 3, "size": 2}),
    (lambda: ModulatedConv2D(4, 3, demodulate=False, activation="lrelu",
                             style_bias=0.5, name="m"),
     {"filters": 4, "kernel_size": 3, "demodulate": False,
      "activation": "lrelu", "style_bias": 0.5}),
    (lambda: NoiseInjection(seed=7, name="n"), {"seed": 7}),
    (lambda: Truncation(decay=0.9, name="t"), {"decay": 0.9}),
])
def test_get_config_round_trip(make, attrs):
    layer = make()
    clone = type(layer).from_config(layer.get_config())
    for key, value in attrs.items():
        assert getattr(clone, key) == value, key
    assert clone.name == layer.name


def test_every_style_layer_survives_a_keras_file(tmp_path):
    ws = keras.Input((2, 3), name="ws")
    w = keras.layers.Flatten()(keras.layers.Cropping1D((0, 1))(ws))
    w = Truncation(0.9, name="avg")(w)
    h = ConstantInput(2, 4, name="const")(ws)
    h = ModulatedConv2D(3, 3, activation="lrelu", name="conv")([h, w])
    h = NoiseInjection(seed=5, name="noise")(h)
    out = ModulatedConv2D(1, 1, demodulate=False, name="rgb")([h, w])
    model = keras.Model(ws, out)
    model.get_layer("noise").scale.assign([0.3, -0.2, 0.1])
    model.get_layer("avg").w_avg.assign([0.5, -1.0, 2.0])
    x = np.random.RandomState(0).normal(size=(2, 2, 3)).astype(np.float32)
    path = str(tmp_path / "style.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(np.asarray(loaded(x)), np.asarray(model(x)),
                               rtol=1e-6)
    np.testing.assert_array_equal(
        np.asarray(loaded.get_layer("avg").w_avg), [0.5, -1.0, 2.0])
    np.testing.assert_array_equal(
        np.asarray(loaded.get_layer("noise").fixed_noise),
        np.asarray(model.get_layer("noise").fixed_noise))
    assert isinstance(loaded.get_layer("conv"), ModulatedConv2D)
