"""The progressive-GAN layers against numbers computed by hand on tiny
inputs, and each layer through get_config and a .keras file."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import layers as kg_layers
from keras_gans.layers import (EqualizedConv2D, EqualizedDense, FadeIn,
                               MinibatchStdDev, PixelNorm)
from keras_gans.layers.normalization import group_size_for


# -- PixelNorm ----------------------------------------------------------------
def test_pixel_norm_scales_each_feature_vector_to_unit_rms():
    # (3, 4): mean square 12.5 -> divided by sqrt(12.5) = 3.5355...
    x = np.array([[3.0, 4.0], [0.0, 0.0]], np.float32)
    y = np.asarray(PixelNorm()(x))
    np.testing.assert_allclose(y[0], [3 / math.sqrt(12.5),
                                      4 / math.sqrt(12.5)], rtol=1e-6)
    np.testing.assert_array_equal(y[1], [0.0, 0.0])  # epsilon: no NaN
    # feature maps: each pixel's channel vector on its own
    maps = np.array([[[[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 0.0, 0.0]]]],
                    np.float32)                        # (1, 1, 2, 4)
    out = np.asarray(PixelNorm()(maps))
    np.testing.assert_allclose(out[0, 0, 0], [1.0, 1.0, 1.0, 1.0], rtol=1e-6)
    # (2, 0, 0, 0): mean square 1 -> unchanged
    np.testing.assert_allclose(out[0, 0, 1], [2.0, 0.0, 0.0, 0.0], rtol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.mean(out ** 2, axis=-1)), 1.0,
                               rtol=1e-6)


def test_pixel_norm_rejects_a_bad_epsilon():
    with pytest.raises(ValueError, match="epsilon must be a positive number; "
                                         "received -1"):
        PixelNorm(epsilon=-1)


# -- MinibatchStdDev ----------------------------------------------------------
@pytest.mark.parametrize("shape", [(4, 1, 1, 2), (4, 1, 2, 1)])
def test_minibatch_stddev_by_hand(shape):
    """Batch 4, group 2: example i is in group i mod 2. Group {0, 2} has
    values (0, 0) and (2, 4): stds 1 and 2, mean 1.5; group {1, 3} has
    (1, 1) and (3, 3): stds 1 and 1, mean 1. Features or pixels: the same
    mean."""
    x = np.array([[0, 0], [1, 1], [2, 4], [3, 3]],
                 np.float32).reshape(shape)
    y = np.asarray(MinibatchStdDev(group_size=2)(x))
    assert y.shape == shape[:3] + (shape[3] + 1,)
    np.testing.assert_array_equal(y[..., :-1], x)
    expected = [1.5, 1.0, 1.5, 1.0]
    for i, value in enumerate(expected):
        np.testing.assert_allclose(y[i, ..., -1], value, rtol=1e-6)


def test_minibatch_stddev_group_clamped_to_the_batch():
    """Batch 6, G = 4: 6 is not a multiple of 4, the group is 3 (the
    largest divisor <= 4). Groups {0, 2, 4} = (0, 1, 2): std sqrt(2/3);
    {1, 3, 5} = (10, 10, 13): std sqrt(2)."""
    assert [group_size_for(n, 4) for n in (1, 2, 3, 4, 5, 6, 8, 12)] == [
        1, 2, 3, 4, 1, 3, 4, 4]
    x = np.array([0, 10, 1, 10, 2, 13], np.float32).reshape(6, 1, 1, 1)
    layer = MinibatchStdDev()  # group_size=4
    expected = np.array([math.sqrt(2 / 3), math.sqrt(2)] * 3)
    y = np.asarray(layer(x))[:, 0, 0, 1]
    np.testing.assert_allclose(y, expected, rtol=1e-5)

    # the same when the batch size is known only at run time
    fn = tf.function(layer.call, input_signature=[
        tf.TensorSpec((None, 1, 1, 1), tf.float32)])
    np.testing.assert_allclose(fn(x).numpy()[:, 0, 0, 1], expected,
                               rtol=1e-5)
    # a batch of one: a group of one, std sqrt(0 + 1e-8)
    np.testing.assert_allclose(np.asarray(layer(x[:1]))[0, 0, 0, 1], 1e-4,
                               rtol=1e-3)
    # a prime batch larger than G: groups of one
    np.testing.assert_allclose(np.asarray(layer(x[:5]))[..., 1], 1e-4,
                               rtol=1e-3)


def test_minibatch_stddev_rejects_bad_arguments():
    with pytest.raises(ValueError, match="group_size must be a positive "
                                         "integer; received 0"):
        MinibatchStdDev(group_size=0)
    with pytest.raises(ValueError, match=r"\(batch, height, width, channels\)"
                                         r".*received shape \(None, 3\)"):
        MinibatchStdDev()(keras.Input((3,)))


# -- equalized layers ---------------------------------------------------------
def test_equalized_dense_scales_by_gain_over_sqrt_fan_in():
    layer = EqualizedDense(2)
    layer.build((None, 3))
    assert layer.scale == pytest.approx(math.sqrt(2) / math.sqrt(3))
    layer.kernel.assign(np.array([[1, 2], [3, 4], [5, 6]], np.float32))
    layer.bias.assign(np.array([0.5, -1.0], np.float32))
    x = np.array([[1.0, 0.0, -1.0]], np.float32)
    # x @ W = (-4, -4); times sqrt(2/3); plus the bias
    expected = np.array([[-4 * math.sqrt(2 / 3) + 0.5,
                          -4 * math.sqrt(2 / 3) - 1.0]])
    np.testing.assert_allclose(np.asarray(layer(x)), expected, rtol=1e-6)


def test_equalized_dense_lr_multiplier():
    layer = EqualizedDense(2, gain=1.0, lr_multiplier=0.01)
    layer.build((None, 3))
    # run-time scale gain / sqrt(fan_in) * lr_multiplier
    assert layer.scale == pytest.approx(0.01 / math.sqrt(3))
    layer.kernel.assign(np.array([[100, 0], [0, 100], [0, 0]], np.float32))
    layer.bias.assign(np.array([10.0, 0.0], np.float32))   # effective 0.1
    y = np.asarray(layer(np.array([[1.0, 2.0, 3.0]], np.float32)))
    np.testing.assert_allclose(y, [[1 / math.sqrt(3) + 0.1,
                                    2 / math.sqrt(3)]], rtol=1e-6)


def test_equalized_weights_are_n01_and_effective_weights_have_he_scale():
    keras.utils.set_random_seed(0)
    layer = EqualizedDense(256)
    layer.build((None, 256))
    stored = np.asarray(layer.kernel)
    assert abs(stored.mean()) < 0.02 and abs(stored.std() - 1.0) < 0.02
    effective = np.asarray(layer.effective_kernel())
    assert abs(effective.std() - math.sqrt(2 / 256)) < 0.02 * math.sqrt(
        2 / 256)
    # with lr_multiplier the stored weights are N(0, 1/lr^2), the effective
    # ones keep the same scale
    slow = EqualizedDense(256, lr_multiplier=0.01)
    slow.build((None, 256))
    assert abs(np.asarray(slow.kernel).std() - 100.0) < 2.0
    assert abs(np.asarray(slow.effective_kernel()).std() -
               math.sqrt(2 / 256)) < 0.02 * math.sqrt(2 / 256)
    conv = EqualizedConv2D(64, 3)
    conv.build((None, 8, 8, 32))
    assert conv.fan_in == 3 * 3 * 32
    assert abs(np.asarray(conv.kernel).std() - 1.0) < 0.02
    assert conv.scale == pytest.approx(math.sqrt(2) / math.sqrt(288))


def test_equalized_conv_by_hand():
    """Kernel of ones, 3x3 over 2 channels: fan_in 18, scale sqrt(2) /
    sqrt(18) = 1/3. On a 3x3 input of ones with 'same' padding the centre
    sums 18 ones (6 after scaling), an edge 12 (4), a corner 8 (8/3)."""
    layer = EqualizedConv2D(1, 3)
    layer.build((None, 3, 3, 2))
    assert layer.scale == pytest.approx(1 / 3)
    layer.kernel.assign(np.ones((3, 3, 2, 1), np.float32))
    layer.bias.assign(np.array([1.0], np.float32))
    y = np.asarray(layer(np.ones((1, 3, 3, 2), np.float32)))[0, :, :, 0]
    np.testing.assert_allclose(y, np.array([[8 / 3, 4, 8 / 3],
                                            [4, 6, 4],
                                            [8 / 3, 4, 8 / 3]]) + 1.0,
                               rtol=1e-6)
    strided = EqualizedConv2D(1, 1, strides=2, gain=1.0, use_bias=False)
    out = strided(np.ones((1, 4, 4, 4), np.float32))
    assert tuple(out.shape) == (1, 2, 2, 1) == strided.compute_output_shape(
        (1, 4, 4, 4))


def test_equalized_layers_reject_bad_arguments():
    with pytest.raises(ValueError, match="lr_multiplier must be a positive "
                                         "finite number; received 0"):
        EqualizedDense(4, lr_multiplier=0)
    with pytest.raises(ValueError, match="units must be a positive integer"):
        EqualizedDense(0)
    with pytest.raises(ValueError, match="padding must be 'same' or 'valid'"):
        EqualizedConv2D(4, 3, padding="causal")


# -- FadeIn -------------------------------------------------------------------
def test_fade_in_at_alpha_0_half_and_1():
    low = np.array([[1.0, 2.0]], np.float32)
    high = np.array([[3.0, 6.0]], np.float32)
    layer = FadeIn()
    assert layer.get_alpha() == 0.0
    assert not layer.trainable_weights
    assert len(layer.non_trainable_weights) == 1
    for alpha, expected in ((0.0, [1.0, 2.0]), (0.5, [2.0, 4.0]),
                            (1.0, [3.0, 6.0])):
        layer.set_alpha(alpha)
        np.testing.assert_allclose(np.asarray(layer([low, high])),
                                   [expected])
    assert FadeIn(alpha=0.25).get_alpha() == 0.25


@pytest.mark.parametrize("bad", [1.5, -0.1, float("nan"), "half"])
def test_fade_in_refuses_alpha_outside_0_1(bad):
    layer = FadeIn()
    with pytest.raises(ValueError, match=r"alpha must be .*\[0, 1\].*"
                                         r"received"):
        layer.set_alpha(bad)
    with pytest.raises(ValueError, match="received"):
        FadeIn(alpha=bad)


def test_fade_in_needs_two_inputs_of_one_shape():
    with pytest.raises(ValueError, match="two tensors of the same shape"):
        FadeIn()([keras.Input((4, 4, 1)), keras.Input((8, 8, 1))])


# -- serialisation ------------------------------------------------------------
def _models():
    """A tiny functional model around each layer."""
    out = {}
    x = keras.Input((3,))
    out["PixelNorm"] = keras.Model(x, PixelNorm(epsilon=1e-6)(x))
    x = keras.Input((3,))
    out["EqualizedDense"] = keras.Model(x, EqualizedDense(
        2, gain=1.0, lr_multiplier=0.1, bias_initializer=0.5,
        activation="relu")(x))
    x = keras.Input((4, 4, 2))
    out["EqualizedConv2D"] = keras.Model(x, EqualizedConv2D(
        3, 3, strides=2, lr_multiplier=0.5)(x))
    x = keras.Input((4, 4, 2))
    out["MinibatchStdDev"] = keras.Model(x, MinibatchStdDev(group_size=2)(x))
    a, b = keras.Input((2,)), keras.Input((2,))
    fade = FadeIn(alpha=0.0)
    model = keras.Model([a, b], fade([a, b]))
    fade.set_alpha(0.3)  # a value set after construction is saved
    out["FadeIn"] = model
    return out


def _inputs(model, rng):
    shapes = [tuple(i.shape[1:]) for i in model.inputs]
    arrays = [rng.normal(size=(4,) + s).astype("float32") for s in shapes]
    return arrays if len(arrays) > 1 else arrays[0]


@pytest.mark.parametrize("name", ["PixelNorm", "EqualizedDense",
                                  "EqualizedConv2D", "MinibatchStdDev",
                                  "FadeIn"])
def test_layers_round_trip_get_config_and_keras_file(name, tmp_path):
    model = _models()[name]
    layer = model.layers[-1]
    assert type(layer).__name__ == name
    config = layer.get_config()
    again = type(layer).from_config(config)
    assert again.get_config() == config
    assert keras.saving.get_registered_name(type(layer)) == \
        f"keras_gans>{name}"
    assert getattr(kg_layers, name) is type(layer)

    rng = np.random.default_rng(0)
    x = _inputs(model, rng)
    path = tmp_path / f"{name}.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded.layers[-1]) is type(layer)
    np.testing.assert_allclose(np.asarray(loaded(x)), np.asarray(model(x)),
                               rtol=1e-6)
    if name == "FadeIn":
        assert loaded.layers[-1].get_alpha() == pytest.approx(0.3)
