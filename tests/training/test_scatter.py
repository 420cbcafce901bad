"""Scatter pictures of 2-D samples and the per-epoch ModeScatter callback."""

import os

import keras
import numpy as np
import pytest
from PIL import Image

from keras_gans import GAN, data, networks
from keras_gans.training.scatter import ModeScatter, scatter_picture

BLUE, RED = (31, 90, 200), (210, 40, 40)


def test_picture_marks_good_samples_blue_and_bad_ones_red():
    ring = data.get_mixture("ring8")
    good = ring.centres[:1]                 # on mode 0, at (2, 0)
    bad = np.array([[0.0, 0.0]])            # the centre of the ring
    pic = scatter_picture(np.concatenate([good, bad]), ring, size=121,
                          extent=3.0)
    assert pic.shape == (121, 121, 3) and pic.dtype == np.uint8
    # (x, y) -> (row, col) = ((3 - y) * 20, (x + 3) * 20)
    assert tuple(pic[60, 100]) == BLUE
    assert tuple(pic[60, 60]) == RED
    assert tuple(pic[5, 5]) == (255, 255, 255)
    blue = np.all(pic == BLUE, axis=-1).sum()
    assert blue == 4                        # one 2x2 dot


def test_picture_refuses_points_that_are_not_2d():
    with pytest.raises(ValueError, match=r"2-D points \(N, 2\).*\(5, 3\)"):
        scatter_picture(np.zeros((5, 3)), "ring8")


def test_mode_scatter_writes_a_picture_and_logs_per_epoch(tmp_path):
    keras.utils.set_random_seed(0)
    gan = GAN(networks.point_generator(4, units=8, num_layers=1),
              networks.point_discriminator(units=8), seed=0)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3))
    callback = ModeScatter(tmp_path, "ring8", num_samples=300, seed=1)
    history = gan.fit(data.load_mixture("ring8", 32, num_samples=64),
                      epochs=2, verbose=0, callbacks=[callback])
    names = sorted(os.listdir(tmp_path))
    assert names == ["scatter_epoch_001.png", "scatter_epoch_002.png"]
    assert Image.open(tmp_path / names[0]).size == (320, 320)
    assert len(history.history["modes_covered"]) == 2
    epoch, metrics = callback.history[-1]
    assert epoch == 2 and metrics["num_samples"] == 300
    same = data.get_mixture("ring8").evaluate(gan.generate(300, seed=1))
    assert history.history["high_quality"][-1] == same["high_quality"]
