"""Network builders: shapes, ranges, width knob, backend-neutral code."""

import ast
import pathlib

import numpy as np
import pytest

from keras_gans import networks
from keras_gans.networks.dcgan import num_upsamplings


@pytest.mark.parametrize("shape", [(28, 28, 1), (32, 32, 3), (64, 64, 3),
                                   (12, 12, 1)])
def test_dcgan_shapes_and_range(shape):
    g = networks.dcgan_generator(shape, latent_dim=8, width=4)
    d = networks.dcgan_discriminator(shape, width=4)
    z = np.random.RandomState(0).normal(size=(3, 8)).astype("float32")
    images = np.array(g(z, training=False))
    assert images.shape == (3, *shape)
    assert images.min() >= -1.0 and images.max() <= 1.0
    assert np.array(d(images)).shape == (3, 1)


def test_dcgan_start_resolution():
    assert [num_upsamplings(s) for s in (28, 32, 64, 12)] == [2, 3, 4, 1]


def test_width_knob_scales_parameters():
    small = networks.dcgan_generator((28, 28, 1), width=4).count_params()
    large = networks.dcgan_generator((28, 28, 1), width=16).count_params()
    assert large > 4 * small


def test_mlp_shapes_and_range():
    g = networks.mlp_generator((28, 28, 1), latent_dim=10, units=8)
    d = networks.mlp_discriminator((28, 28, 1), units=8)
    images = np.array(g(np.zeros((2, 10), "float32")))
    assert images.shape == (2, 28, 28, 1)
    assert np.all(np.abs(images) <= 1.0)
    assert np.array(d(images)).shape == (2, 1)


def test_point_networks_take_a_kernel_initializer():
    # the unrolled GAN paper's setting: orthogonal weights with gain 0.8
    import keras
    g = networks.point_generator(
        16, units=8, num_layers=2,
        kernel_initializer=keras.initializers.Orthogonal(gain=0.8, seed=1))
    hidden = g.get_layer("dense_1").kernel.numpy()      # 8 x 8
    np.testing.assert_allclose(hidden.T @ hidden, 0.64 * np.eye(8),
                               atol=1e-5)
    # an unseeded initializer gives same-shaped layers different weights
    g = networks.point_generator(16, units=8, num_layers=3,
                                 kernel_initializer="orthogonal")
    assert not np.allclose(g.get_layer("dense_1").kernel.numpy(),
                           g.get_layer("dense_2").kernel.numpy())
    d = networks.point_discriminator(
        units=8, kernel_initializer={"class_name": "Zeros", "config": {}})
    assert not np.any(d.get_layer("dense_0").kernel.numpy())
    assert d(np.ones((3, 2), "float32")).shape == (3, 1)
    with pytest.raises(ValueError, match="kernel_initializer.*'nope'"):
        networks.point_generator(kernel_initializer="nope")


def test_spectral_norm_option_wraps_layers():
    d = networks.dcgan_discriminator((28, 28, 1), width=4, spectral_norm=True,
                                     batch_norm=False)
    kinds = [type(layer).__name__ for layer in d.layers]
    assert kinds.count("SpectralNormalization") == 3  # 2 convs + head
    assert "BatchNormalization" not in kinds


@pytest.mark.parametrize("shape, downsamplings", [
    ((28, 28, 1), 2), ((32, 32, 3), 3), ((8, 8, 1), 1)])
def test_sngan_discriminator_is_the_standard_cnn(shape, downsamplings):
    d = networks.sngan_discriminator(shape, width=4)
    assert d.output.shape == (None, 1)
    wrapped = [layer for layer in d.layers
               if type(layer).__name__ == "SpectralNormalization"]
    # a 3x3 and a strided 4x4 conv per downsampling, the last conv, the head
    assert len(wrapped) == 2 * downsamplings + 2
    convs = [w.layer for w in wrapped if hasattr(w.layer, "strides")]
    assert [c.kernel_size for c in convs] == (
        [(3, 3), (4, 4)] * downsamplings + [(3, 3)])
    assert [c.filters for c in convs][-1] == 4 * 2 ** downsamplings
    assert "BatchNormalization" not in [type(layer).__name__
                                        for layer in d.layers]
    x = np.random.RandomState(0).uniform(-1, 1, (3, *shape)).astype("float32")
    assert np.all(np.isfinite(np.asarray(d(x, training=True))))
    plain = networks.sngan_discriminator(shape, width=4, spectral_norm=False)
    assert not any(type(layer).__name__ == "SpectralNormalization"
                   for layer in plain.layers)


@pytest.mark.parametrize("shape, message", [
    ((30, 30, 1), "multiples of 4"),
    ((32, 16, 3), "square"),
    ((4, 4, 1), "side >= 8.*received 4x4"),
    ((28, 28), "height, width, channels"),
    ("28x28", "height, width, channels"),
])
def test_bad_image_shapes(shape, message):
    with pytest.raises(ValueError, match=message):
        networks.dcgan_generator(shape)
    with pytest.raises(ValueError, match=message):
        networks.dcgan_discriminator(shape)


def test_networks_and_losses_use_no_tensorflow():
    """Backend neutrality: no module of networks/ or losses.py imports TF."""
    root = pathlib.Path(networks.__file__).parent
    files = list(root.glob("*.py")) + [root.parent / "engine" / "losses.py"]
    for path in files:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("tensorflow"), (path, name)
