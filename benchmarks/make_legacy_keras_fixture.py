"""Writes tests/data/legacy_0_1_*.keras: tiny GANs saved by keras-gans 0.1.0
(the release before the engine-contract refactor), with the images
``generate(4, seed=0)`` gave at save time, so tests check that files
written by that release still load (``import keras_gans`` alone) and give
the same images.

Run once, with the 0.1.0 code checked out: ``python
benchmarks/make_legacy_keras_fixture.py``.
"""
import os

import keras
import numpy as np

import keras_gans
from keras_gans import zoo

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data")


def main():
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (8, 8, 8, 1)).astype("float32")
    labels = rng.integers(0, 10, 8).astype("int32")
    arrays = {}
    for recipe, data, kw in (
            ("dcgan", images, dict(ema_decay=0.9)),
            ("cgan", (images, labels), {}),
            ("infogan", images, dict(hidden_units=16, q_units=8))):
        keras.utils.set_random_seed(0)
        gan = zoo.get(recipe).build((8, 8, 1), width=4, seed=0, compile=True,
                                    **kw)
        x, y = data if isinstance(data, tuple) else (data, None)
        gan.fit(x, y, batch_size=4, epochs=1, verbose=0)
        path = os.path.join(OUT, f"legacy_0_1_{recipe}.keras")
        gan.save(path)
        arrays[recipe] = gan.generate(4, seed=0)
        print(path, os.path.getsize(path), keras_gans.__version__)
    np.savez(os.path.join(OUT, "legacy_0_1_images.npz"), **arrays)


if __name__ == "__main__":
    main()
