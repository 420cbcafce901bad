"""Sample grids: PNG files, fixed latents, grid layout."""

import os

import keras
import numpy as np
import tensorflow as tf
from PIL import Image

from keras_gans import GAN, networks
from keras_gans.training import callbacks
from keras_gans.utils import images


def test_make_grid_layout_and_values():
    batch = np.stack([np.full((2, 3, 1), v, np.float32)
                      for v in (-1.0, 0.0, 1.0)])
    grid = images.make_grid(batch, nrow=2, padding=1)
    assert grid.shape == (2 * 3 + 1, 2 * 4 + 1, 1) and grid.dtype == np.uint8
    assert grid[1, 1, 0] == 0          # first image: -1 -> 0
    assert grid[1, 5, 0] == 128        # second: 0 -> 127.5 -> 128
    assert grid[4, 1, 0] == 255        # third, second row: 1 -> 255
    assert grid[0, 0, 0] == 255        # padding


def test_to_uint8_clips():
    np.testing.assert_array_equal(images.to_uint8([-2.0, -1.0, 1.0, 3.0]),
                                  [0, 0, 255, 255])


def test_sample_grid_writes_pngs_of_fixed_latents(tmp_path):
    keras.utils.set_random_seed(0)
    shape = (8, 8, 1)
    gan = GAN(networks.mlp_generator(shape, 4, units=8),
              networks.mlp_discriminator(shape, units=8), seed=0)
    gan.compile(keras.optimizers.Adam(1e-2), keras.optimizers.Adam(1e-2))
    grid = callbacks.SampleGrid(tmp_path, num_images=6, nrow=3, seed=1,
                                scale=1)
    x = np.random.RandomState(0).uniform(-1, 1, (16, *shape)).astype("f")
    gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(8), epochs=2,
            callbacks=[grid], verbose=0)
    assert [os.path.basename(p) for p in grid.written] == [
        "epoch_0001.png", "epoch_0002.png"]
    picture = np.array(Image.open(grid.written[-1]))
    assert picture.shape == (2 * 10 + 2, 3 * 10 + 2)
    # the grid shows exactly the generator's output for the fixed latents
    expected = images.make_grid(grid.images(), nrow=3)
    np.testing.assert_array_equal(picture, expected[..., 0])
    # fixed latents: the same inputs every epoch
    z = gan.sample_generator_inputs(6, seed=1)["latent"]
    np.testing.assert_allclose(grid._inputs["latent"], np.array(z))
    # the two epochs differ because the generator trained in between
    first = np.array(Image.open(grid.written[0]))
    assert not np.array_equal(first, picture)


def test_every_n_epochs_still_writes_the_last(tmp_path):
    keras.utils.set_random_seed(0)
    shape = (4, 4, 1)
    gan = GAN(networks.mlp_generator(shape, 2, units=4),
              networks.mlp_discriminator(shape, units=4))
    gan.compile()
    grid = callbacks.SampleGrid(tmp_path, num_images=4, every_n_epochs=2)
    x = np.zeros((4, *shape), np.float32)
    gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(4), epochs=3,
            callbacks=[grid], verbose=0)
    assert [os.path.basename(p) for p in grid.written] == [
        "epoch_0002.png", "epoch_0003.png"]
    assert not [f for f in os.listdir(tmp_path) if not f.endswith(".png")]


def test_atomic_open_leaves_nothing_on_failure(tmp_path):
    import pytest

    from keras_gans.utils.files import atomic_open

    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError):
        with atomic_open(target, "w") as f:
            f.write("half")
            raise RuntimeError("interrupted")
    assert os.listdir(tmp_path) == []
    with atomic_open(target, "w") as f:
        f.write("whole")
    assert target.read_text() == "whole" and os.listdir(tmp_path) == [
        "out.json"]


def test_default_pictures_follow_the_declared_inputs(tmp_path):
    """The picture callbacks of a run come from the declared generator
    inputs: none for a plain GAN, a class grid for a class input, a class
    grid and a traversal of the continuous codes for an InfoGAN."""
    from keras_gans.networks import conditional as cnets
    from keras_gans.training import pictures
    from keras_gans.variants import ConditionalGAN, InfoGAN

    shape = (8, 8, 1)
    plain = GAN(networks.mlp_generator(shape, 4, units=8),
                networks.mlp_discriminator(shape, units=8))
    assert pictures.default_pictures(plain, tmp_path, 0) == []
    cgan = ConditionalGAN(cnets.conditional_generator(shape, 4, 3, width=4),
                          cnets.conditional_discriminator(shape, 3, width=4),
                          num_classes=3, latent_dim=4)
    [grid] = pictures.default_pictures(cgan, tmp_path, 0)
    assert isinstance(grid, pictures.ClassGrid) and grid.per_class == 10
    infogan = InfoGAN(
        cnets.infogan_generator(shape, 4 + 3 + 2, width=4, hidden_units=8),
        cnets.infogan_discriminator(shape, (3,), 2, width=4, hidden_units=8,
                                    q_units=8),
        categorical_dims=(3,), continuous_dims=2)
    grid, traversal = pictures.default_pictures(infogan, tmp_path, 5)
    assert isinstance(grid, pictures.ClassGrid) and grid.seed == 5
    assert isinstance(traversal, pictures.LatentTraversal)
    assert traversal.kwargs["vary"] == "continuous"
    assert traversal.kwargs["seed"] == 5
    # the pictures run on the declared inputs: 3 rows of 10, and 3 rows of
    # 9 continuous values
    grid.set_model(infogan)
    traversal.set_model(infogan)
    assert grid.make_inputs()[0]["categorical"].shape == (30, 1)
    inputs, cols = traversal.make_inputs()
    assert cols == 9 and inputs["continuous"].shape == (27, 2)
