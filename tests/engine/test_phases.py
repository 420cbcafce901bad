"""Networks that change during a run: growing 8x8 -> 16x16 between phases
keeps the shared blocks' weights, rebuilds the optimizer state for the new
variables (the step counter counts on) and training continues; a recipe
made of phases runs through ``keras_gans.training.train``."""

import json
import os

import keras
import numpy as np
from keras import layers

from keras_gans import GAN, training
from keras_gans.zoo import Phase, Recipe


def growing_networks(image_shape, latent_dim=4, width=4):
    """A generator and a discriminator for 8x8 or 16x16 whose 8x8 blocks
    keep their names (and weights' shapes) when a 16x16 block is added."""
    side = image_shape[0]
    z = keras.Input((latent_dim,))
    h = layers.Dense(4 * 4 * width, name="g_project")(z)
    h = layers.Reshape((4, 4, width))(h)
    h = layers.UpSampling2D()(h)
    h = layers.Conv2D(width, 3, padding="same", activation="relu",
                      name="g_block8")(h)
    if side == 16:
        h = layers.UpSampling2D()(h)
        h = layers.Conv2D(width, 3, padding="same", activation="relu",
                          name="g_block16")(h)
    out = layers.Conv2D(image_shape[-1], 1, activation="tanh",
                        name=f"g_rgb{side}")(h)
    generator = keras.Model(z, out, name="generator")

    x = keras.Input(image_shape)
    h = layers.Conv2D(width, 1, name=f"d_rgb{side}")(x)
    if side == 16:
        h = layers.Conv2D(width, 3, strides=2, padding="same",
                          name="d_block16")(h)
    h = layers.Conv2D(width, 3, strides=2, padding="same",
                      name="d_block8")(h)
    logits = layers.Dense(1, name="d_logit")(layers.Flatten()(h))
    return generator, keras.Model(x, logits, name="discriminator")


def _fit(gan, side, steps=2):
    rng = np.random.default_rng(side)
    x = rng.uniform(-1, 1, (8 * steps, side, side, 1)).astype("float32")
    return gan.fit(x, batch_size=8, epochs=1, verbose=0)


def _layer_weights(model, name):
    return [np.array(w) for w in model.get_layer(name).weights]


def test_growing_keeps_shared_blocks_and_training_counts_on():
    keras.utils.set_random_seed(0)
    gan = GAN(*growing_networks((8, 8, 1)), seed=0, ema_decay=0.5)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3),
                g_optimizer=keras.optimizers.Adam(1e-3))
    _fit(gan, 8)
    assert int(gan.g_optimizer.iterations) == 2
    shared = {"generator": ["g_project", "g_block8"],
              "discriminator": ["d_block8", "d_logit"]}
    before = {role: {name: _layer_weights(getattr(gan, role), name)
                     for name in names} for role, names in shared.items()}
    ema_before = _layer_weights(gan.generator_ema, "g_block8")

    kept = gan.replace_networks(*growing_networks((16, 16, 1)))
    assert sorted(kept) == sorted(shared["generator"] +
                                  shared["discriminator"])
    for role, names in shared.items():
        for name in names:
            for old, new in zip(before[role][name],
                                _layer_weights(getattr(gan, role), name)):
                np.testing.assert_array_equal(old, new)
    for old, new in zip(ema_before,
                        _layer_weights(gan.generator_ema, "g_block8")):
        np.testing.assert_array_equal(old, new)
    assert gan.generator_outputs() == {"images": (16, 16, 1)}
    # optimizer state was rebuilt for the new variables; the steps count on
    assert int(gan.g_optimizer.iterations) == 2
    assert int(gan.d_optimizer.iterations) == 2
    new_block = _layer_weights(gan.generator, "g_block16")

    history = _fit(gan, 16)
    assert np.isfinite(history.history["g_loss"][-1])
    assert int(gan.g_optimizer.iterations) == 4
    assert not np.allclose(new_block[0], _layer_weights(gan.generator,
                                                        "g_block16")[0])
    assert not np.allclose(before["generator"]["g_block8"][0],
                           _layer_weights(gan.generator, "g_block8")[0])
    assert gan.generate(2, seed=0).shape == (2, 16, 16, 1)


def test_a_recipe_of_phases_trains_every_phase(tmp_path):
    recipe = Recipe(name="growing_test", description="8x8 then 16x16",
                    networks=growing_networks, latent_dim=4, width=4,
                    width_arg="width", dataset="mnist_5k", batch_size=8,
                    phases=(Phase((8, 8, 1), 1), Phase((16, 16, 1), 1)))
    gan, summary = training.train(recipe, out=str(tmp_path / "run"),
                                  steps_per_epoch=2, num_samples=4,
                                  verbose=0)
    assert summary["generator_steps"] == 4
    assert [p["image_shape"] for p in summary["phases"]] == [[8, 8, 1],
                                                            [16, 16, 1]]
    names = [os.path.basename(p) for p in summary["sample_grids"]]
    assert names == ["phase1_8x8_epoch_0001.png",
                     "phase2_16x16_epoch_0001.png"]
    for phase in ("phase1.keras", "phase2.keras", "model.keras"):
        assert os.path.isfile(tmp_path / "run" / phase)
    with open(tmp_path / "run" / "history.json") as f:
        assert len(json.load(f)["g_loss"]) == 2
    again = keras.saving.load_model(tmp_path / "run" / "model.keras")
    assert again.generate(2, seed=0).shape == (2, 16, 16, 1)
