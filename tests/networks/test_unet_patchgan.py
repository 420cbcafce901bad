"""The pix2pix networks: U-Net skip connections for every side 32..256,
the PatchGAN's patch grid, dropout as the only randomness, errors, and the
.keras round trip."""

import keras
import numpy as np
import pytest

from keras_gans.networks import patchgan_discriminator, unet_generator
from keras_gans.networks.patchgan import patch_shape, receptive_field
from keras_gans.networks.unet import unet_levels


@pytest.mark.parametrize("side", [32, 64, 128, 256])
def test_unet_skips_join_encoder_and_decoder_levels_of_one_size(side):
    width = 1 if side == 256 else 2  # tiny networks
    g = unet_generator((side, side, 3), input_channels=1, width=width)
    levels = unet_levels(side)
    assert levels == int(np.log2(side))
    assert g.input_shape == (None, side, side, 1)
    assert g.output_shape == (None, side, side, 3)
    skips = {layer.name: layer for layer in g.layers
             if layer.name.startswith("skip")}
    # one skip per level above the 1x1 bottleneck
    assert sorted(skips) == sorted(f"skip{i}" for i in range(1, levels))
    for i in range(1, levels):
        decoded, encoded = (tuple(t.shape) for t in skips[f"skip{i}"].input)
        level_side = side // 2 ** i
        channels = min(width * 2 ** (i - 1), 8 * width)
        # the decoder level and the encoder level of the same size, each
        # with the encoder level's channels
        assert decoded == encoded == (None, level_side, level_side, channels)
        assert skips[f"skip{i}"].output.shape[-1] == 2 * channels
    bottleneck = g.get_layer(f"enc{levels}_act").output
    assert tuple(bottleneck.shape[1:3]) == (1, 1)


def test_unet_output_in_range_and_dropout_is_its_only_noise():
    keras.utils.set_random_seed(0)
    g = unet_generator((32, 32, 1), width=4)
    x = np.random.default_rng(0).uniform(-1, 1, (2, 32, 32, 1)).astype(
        "float32")
    y = keras.ops.convert_to_numpy(g(x, training=False))
    assert y.min() >= -1 and y.max() <= 1
    np.testing.assert_array_equal(
        y, keras.ops.convert_to_numpy(g(x, training=False)))
    dropouts = [layer for layer in g.layers
                if isinstance(layer, keras.layers.Dropout)]
    assert [d.name for d in dropouts] == ["dec4_dropout", "dec3_dropout",
                                          "dec2_dropout"]
    a = keras.ops.convert_to_numpy(g(x, training=True))
    b = keras.ops.convert_to_numpy(g(x, training=True))
    assert not np.allclose(a, b)  # dropout draws differ while training
    quiet = unet_generator((32, 32, 1), width=4, dropout=0.0)
    assert not any(isinstance(layer, keras.layers.Dropout)
                   for layer in quiet.layers)


@pytest.mark.parametrize("side,layers_,expected", [
    (32, 2, (6, 6)), (32, 3, (2, 2)), (64, 3, (6, 6)), (256, 3, (30, 30)),
    (256, 1, (126, 126))])
def test_patchgan_gives_one_logit_per_patch(side, layers_, expected):
    d = patchgan_discriminator((side, side, 3), input_channels=1, width=2,
                               num_layers=layers_)
    assert patch_shape((side, side), layers_) == expected
    x = np.zeros((2, side, side, 1), "float32")
    y = np.zeros((2, side, side, 3), "float32")
    out = d([x, y])
    assert tuple(out.shape) == (2, *expected, 1)


def test_patchgan_receptive_fields_are_the_papers():
    # 70x70 with 3 layers; the 16x16 and 34x34 PatchGANs of its ablation
    assert [receptive_field(n) for n in (1, 2, 3, 4)] == [16, 34, 70, 142]


def test_bad_shapes_are_clear_errors():
    with pytest.raises(ValueError, match="power of two >= 8.*received 48"):
        unet_generator((48, 48, 3))
    with pytest.raises(ValueError, match="square"):
        unet_generator((32, 64, 3))
    with pytest.raises(ValueError, match="num_layers=3 needs image sides.*"
                       "multiples of 8 and at least 24; received 16x16"):
        patchgan_discriminator((16, 16, 1), num_layers=3)


def test_networks_round_trip_through_keras_files(tmp_path):
    g = unet_generator((32, 32, 1), width=2)
    d = patchgan_discriminator((32, 32, 1), width=2, num_layers=2)
    x = np.random.default_rng(1).uniform(-1, 1, (2, 32, 32, 1)).astype(
        "float32")
    for net, args in ((g, x), (d, [x, x])):
        path = tmp_path / f"{net.name}.keras"
        net.save(path)
        again = keras.saving.load_model(path)
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(again(args, training=False)),
            keras.ops.convert_to_numpy(net(args, training=False)), atol=1e-6)
