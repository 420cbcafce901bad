"""CGAN: label-conditioned sampling, bad labels, per-class grids, learning,
recipe and .keras round trip."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data, zoo
from keras_gans.training import callbacks
from keras_gans.training.pictures import (ClassGrid, class_grid,
                                              class_grid_inputs)
from keras_gans.networks import conditional as nets
from keras_gans.variants import ConditionalGAN

SHAPE = (8, 8, 1)
C = 4


def tiny_cgan(seed=0, conditioning="projection", num_classes=C, lr=1e-3,
              **kwargs):
    keras.utils.set_random_seed(seed)
    gan = ConditionalGAN(
        nets.conditional_generator(SHAPE, 4, num_classes, width=8),
        nets.conditional_discriminator(SHAPE, num_classes, width=8,
                                       conditioning=conditioning),
        num_classes=num_classes, seed=seed, **kwargs)
    gan.compile(keras.optimizers.Adam(lr, beta_1=0.5),
                keras.optimizers.Adam(lr, beta_1=0.5))
    return gan


def quadrants(n, seed=0):
    """8x8 images: class k lights up quadrant k (+0.8), the rest is -0.8."""
    rng = np.random.RandomState(seed)
    y = rng.randint(0, C, n).astype("int32")
    x = np.full((n, *SHAPE), -0.8, np.float32)
    for i, k in enumerate(y):
        r, c = divmod(int(k), 2)
        x[i, 4 * r:4 * r + 4, 4 * c:4 * c + 4] = 0.8
    x += 0.05 * rng.randn(*x.shape).astype("float32")
    return np.clip(x, -1, 1), y


def test_generate_per_class_returns_requested_labels():
    gan = tiny_cgan()
    labels = np.array([3, 0, 2, 2, 1])
    images = gan.generate(5, labels=labels, seed=0)
    assert images.shape == (5, *SHAPE) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    inputs = gan.sample_generator_inputs(5, seed=0, labels=labels)
    np.testing.assert_array_equal(np.array(inputs["labels"]), labels)
    assert tuple(inputs["latent"].shape) == (5, 4)
    # the same latents with other labels give other images: labels matter
    assert not np.allclose(images, gan.generate(5, labels=[0] * 5, seed=0))
    one = gan.sample_generator_inputs(6, seed=1, labels=2)
    np.testing.assert_array_equal(np.array(one["labels"]), [2] * 6)
    assert gan.generate(6, labels=2, seed=1).shape == (6, *SHAPE)
    # without labels: uniform random classes, reproducible with a seed
    a = gan.sample_generator_inputs(400, seed=3, labels="uniform")["labels"]
    counts = np.bincount(np.array(a), minlength=C)
    assert counts.min() > 60 and len(counts) == C
    np.testing.assert_array_equal(gan.generate(7, seed=4),
                                  gan.generate(7, seed=4))


@pytest.mark.parametrize("labels, match", [
    ([0, 1, 4], r"labels must lie in \[0, 4\) \(num_classes=4\); received "
                r"4 at index 2"),
    ([0, -1, 1], r"received -1 at index 1"),
    (9, r"received 9 at index 0"),
    ([0, 1], r"length n=3; received shape \(2,\)"),
    ([0.0, 1.0, 2.0], r"integer class ids in \[0, 4\); received an array "
                      r"of dtype float"),
    ("random", r"ints, an int array or 'uniform'; received 'random'"),
])
def test_bad_labels_in_generate_raise(labels, match):
    gan = tiny_cgan()
    with pytest.raises(ValueError, match=match):
        gan.generate(3, labels=labels)


def test_bad_training_labels_and_missing_labels_are_clear_errors():
    gan = tiny_cgan()
    x, y = quadrants(16)
    y[5] = 7
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"training labels must lie in \[0, 4\)"):
        gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(8),
                epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"received images without labels.*"
                       r"with_labels=True"):
        gan.fit(data.load(x, batch_size=8), epochs=1, verbose=0)
    with pytest.raises(ValueError, match=r"shape \(N,\); received shape "
                       r"\(8, 4\)"):
        gan.train_step((tf.constant(x[:8]), tf.one_hot(y[:8] % C, C,
                                                       dtype=tf.int32)))
    with pytest.raises(ValueError, match="received dtype float64"):
        gan.train_step((tf.constant(x[:8]), tf.constant(y[:8] * 1.0)))


def test_network_and_gan_class_counts_must_agree():
    with pytest.raises(ValueError, match=r"generator encodes 5 classes but "
                       r"num_classes=4"):
        ConditionalGAN(nets.conditional_generator(SHAPE, 4, 5, width=8),
                       nets.conditional_discriminator(SHAPE, 4, width=8),
                       num_classes=4)
    with pytest.raises(ValueError, match="num_classes must be an integer"):
        ConditionalGAN(nets.conditional_generator(SHAPE, 4, 4, width=8),
                       nets.conditional_discriminator(SHAPE, 4, width=8),
                       num_classes=None)


def test_fake_labels_follow_the_real_batch_when_asked():
    gan = tiny_cgan(fake_labels="real")
    real = {"images": tf.zeros((4, *SHAPE)),
            "labels": tf.constant([3, 1, 1, 0])}
    fake = gan.sample_generator_inputs(4, real)
    np.testing.assert_array_equal(np.array(fake["labels"]), [3, 1, 1, 0])
    uniform = tiny_cgan()  # default: uniform draws, not the real labels
    draws = np.concatenate([np.array(uniform.sample_generator_inputs(
        4, real)["labels"]) for _ in range(20)])
    assert len(np.unique(draws)) == C


def test_sample_grid_and_class_grid_lay_out_one_row_per_class(tmp_path):
    gan = tiny_cgan()
    inputs = gan.grid_generator_inputs(16, seed=0)  # SampleGrid's call
    labels = np.array(inputs["labels"]).reshape(4, 4)  # 4 columns
    np.testing.assert_array_equal(labels, np.repeat(np.arange(4)[:, None], 4,
                                                    axis=1))
    z = np.array(inputs["latent"]).reshape(4, 4, -1)
    np.testing.assert_array_equal(z[0], z[3])  # one latent per column
    assert not np.allclose(z[0, 0], z[0, 1])
    grid_inputs = class_grid_inputs(gan, per_class=3, seed=1)
    np.testing.assert_array_equal(grid_inputs["labels"],
                                  np.repeat(np.arange(C), 3))
    np.testing.assert_array_equal(grid_inputs["latent"][:3],
                                  grid_inputs["latent"][3:6])
    images = class_grid(gan, per_class=3, classes=[2, 0], seed=1)
    assert images.shape == (6, *SHAPE)
    np.testing.assert_allclose(
        images[:3], gan.generate(3, labels=2, seed=None,
                                 latent=grid_inputs["latent"][:3]),
        atol=1e-6)
    x, y = quadrants(16)
    sample_grid = callbacks.SampleGrid(tmp_path / "s", num_images=16)
    class_cb = ClassGrid(tmp_path / "c", per_class=2)
    gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(8), epochs=1,
            verbose=0, callbacks=[sample_grid, class_cb])
    for path in sample_grid.written + class_cb.written:
        assert os.path.getsize(path) > 0
    from PIL import Image
    picture = Image.open(class_cb.written[0])
    # 4 rows of 2 images of 8 px, padding 2, upscaled 2x
    assert picture.size == (2 * (2 * 10 + 2), 2 * (4 * 10 + 2))
    with pytest.raises(ValueError, match="class-conditional GAN"):
        class_grid(object())


def test_sample_command_writes_one_class_per_row(tmp_path):
    """``keras-gans sample`` of a GAN with a class input writes the grid
    layout of the variant (``grid_generator_inputs``): row r = class r."""
    from PIL import Image

    from keras_gans import cli
    from keras_gans.utils import images as images_lib

    gan = tiny_cgan(latent_dim=4)
    path = str(tmp_path / "cgan.keras")
    gan.save(path)
    out = tmp_path / "s.png"
    assert cli.main(["sample", path, "--num", "16", "--seed", "3", "--out",
                     str(out)]) == 0
    inputs = gan.grid_generator_inputs(16, seed=3)
    np.testing.assert_array_equal(np.array(inputs["labels"]).reshape(4, 4),
                                  np.repeat(np.arange(4)[:, None], 4, 1))
    expected = images_lib.make_grid(gan.generate_from(inputs))
    picture = np.array(Image.open(out))
    np.testing.assert_array_equal(picture[::2, ::2], expected[..., 0])


def test_class_grid_checks_classes_with_the_declared_spec():
    gan = tiny_cgan(latent_dim=4)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 4\)"):
        class_grid_inputs(gan, per_class=2, classes=[1, 4])


def test_cgan_learns_which_class_lights_which_quadrant():
    """A real learning check: after a short run the samples asked for class
    k are nearest to the mean image of class k."""
    x, y = quadrants(512)
    means = np.stack([x[y == k].mean(0) for k in range(C)])
    labels = np.repeat(np.arange(C), 32)

    def nearest_mean_accuracy(gan):
        images = gan.generate(len(labels), labels=labels, seed=0)
        dist = ((images[:, None] - means[None]) ** 2).sum(axis=(2, 3, 4))
        return float((dist.argmin(1) == labels).mean()), dist

    gan = tiny_cgan(seed=0, lr=2e-3)
    before, _ = nearest_mean_accuracy(gan)
    gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).shuffle(512, seed=0)
            .batch(32), epochs=6, verbose=0)
    after, dist = nearest_mean_accuracy(gan)
    assert before < 0.6
    assert after >= 0.95
    per_class = np.stack([dist[labels == k].mean(0) for k in range(C)])
    np.testing.assert_array_equal(per_class.argmin(1), np.arange(C))


def test_keras_file_round_trip(tmp_path):
    gan = tiny_cgan(conditioning="concat", fake_labels="real")
    x, y = quadrants(32)
    gan.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16), epochs=1,
            verbose=0)
    config = gan.get_config()
    assert config["num_classes"] == C and config["fake_labels"] == "real"
    path = str(tmp_path / "cgan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, ConditionalGAN)
    assert loaded.num_classes == C and loaded.fake_labels == "real"
    labels = np.array([0, 1, 2, 3])
    np.testing.assert_allclose(loaded.generate(4, labels=labels, seed=5),
                               gan.generate(4, labels=labels, seed=5),
                               atol=1e-6)
    assert int(loaded.d_optimizer.iterations.numpy()) == 2
    loaded.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(16),
               epochs=1, verbose=0)
    assert int(loaded.g_optimizer.iterations.numpy()) == 4


def test_cgan_recipe_builds_tiny_and_trains_one_step():
    recipe = zoo.get("cgan")
    assert recipe.with_labels and recipe.gan_class is ConditionalGAN
    gan = zoo.build("cgan", image_shape=SHAPE, width=4, latent_dim=8,
                    compile=True)
    assert isinstance(gan, ConditionalGAN) and gan.num_classes == 10
    x, y = quadrants(16)
    ds = data.load((x, y), batch_size=16, with_labels=True, seed=0)
    before = [np.array(w) for w in gan.generator.trainable_weights]
    history = gan.fit(ds, epochs=1, steps_per_epoch=1, verbose=0)
    assert all(np.isfinite(v[0]) for v in history.history.values())
    assert any(not np.allclose(a, np.array(b)) for a, b in
               zip(before, gan.generator.trainable_weights))
    assert gan.generate(3, labels=[9, 0, 5]).shape == (3, *SHAPE)


@pytest.mark.parametrize("recipe,pictures", [
    ("cgan", ["classes_0001.png"]),
    ("acgan", ["classes_0001.png"]),
    ("infogan", ["classes_0001.png", "traversal_continuous0_0001.png"]),
])
def test_conditional_recipes_train_from_the_cli(tmp_path, capsys, recipe,
                                                pictures):
    """``keras-gans train`` of a conditional recipe writes a grid with one
    row per class (InfoGAN: per categorical value, plus a traversal), and
    ``keras-gans sample`` loads the variant's checkpoint."""
    import json

    from PIL import Image

    from keras_gans import cli

    out = tmp_path / recipe
    assert cli.main(["train", recipe, "--dataset", "mnist_5k", "--epochs",
                     "1", "--steps-per-epoch", "2", "--batch-size", "4",
                     "--width", "4", "--out", str(out),
                     "--no-progress"]) == 0
    run = json.loads((out / "run.json").read_text())
    assert [os.path.basename(p) for p in run["conditional_grids"]] == \
        pictures
    grid = Image.open(out / "samples" / "classes_0001.png")
    # 10 rows (classes) of 10 images of 28 px with 2 px padding, 2x scale
    assert grid.size == (2 * (10 * 30 + 2), 2 * (10 * 30 + 2))
    capsys.readouterr()
    assert cli.main(["sample", str(out / "model.keras"), "--num", "4",
                     "--out", str(tmp_path / "s.png")]) == 0
    assert (tmp_path / "s.png").stat().st_size > 0
