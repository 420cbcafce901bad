"""The pix2pix variant: its declared input, its loss terms in closed form,
a tiny model learning inversion under plain fit, the .keras round trip,
and the SavedModel (serving_default image -> images) with its in-graph
shape and range checks."""

import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import data, export, zoo
from keras_gans.networks import patchgan_discriminator, unet_generator
from keras_gans.utils.images import to_uint8
from keras_gans.variants import Pix2Pix

SIDE = 16


def _gan(width=4, **kwargs):
    keras.utils.set_random_seed(0)
    gan = Pix2Pix(unet_generator((SIDE, SIDE, 1), width=width,
                                 dropout_blocks=1),
                  patchgan_discriminator((SIDE, SIDE, 1), width=4,
                                         num_layers=1), seed=0, **kwargs)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-3, beta_1=0.5))
    return gan


def _images(n, seed=0):
    return np.random.default_rng(seed).uniform(
        -1, 1, (n, SIDE, SIDE, 1)).astype("float32")


def test_declares_one_image_input_and_no_latent():
    gan = _gan()
    (spec,) = gan.generator_inputs()
    assert (spec.name, spec.kind, spec.shape) == ("image", "image",
                                                   (SIDE, SIDE, 1))
    assert spec.value_range == (-1.0, 1.0) and not spec.drawable
    assert gan.latent_dim is None
    assert gan.generator_outputs() == {"images": (SIDE, SIDE, 1)}
    with pytest.raises(ValueError, match="takes no latent"):
        Pix2Pix(gan.generator, gan.discriminator, latent_dim=8)
    with pytest.raises(ValueError, match="image"):
        gan.generate(2)  # the input image has no prior
    with pytest.raises(ValueError, match=r"values in \[-1, 1\].*127\.5"):
        gan.generate(2, image=np.full((2, SIDE, SIDE, 1), 255.0))


def test_l1_term_and_scaled_discriminator_loss_in_closed_form():
    gan = _gan(l1_weight=100.0)
    rng = np.random.default_rng(3)
    fake = rng.uniform(-1, 1, (3, SIDE, SIDE, 1)).astype("float32")
    target = rng.uniform(-1, 1, (3, SIDE, SIDE, 1)).astype("float32")
    logits = np.zeros((3, 6, 6, 1), "float32")  # D undecided: p = 1/2
    terms = gan.generator_losses({"images": fake}, logits,
                                 {"images": target})
    expected = 100.0 * np.abs(fake - target).mean(axis=(1, 2, 3))
    np.testing.assert_allclose(terms["l1"], expected, rtol=1e-5)
    # constant images: |0.5 - (-0.5)| = 1 everywhere
    ones = gan.generator_losses({"images": np.full_like(fake, 0.5)}, logits,
                                {"images": np.full_like(fake, -0.5)})
    np.testing.assert_allclose(ones["l1"], [100.0] * 3, rtol=1e-6)
    # non-saturating G term at p = 1/2: -log(1/2) per patch
    np.testing.assert_allclose(terms["g_loss"], [np.log(2)] * 3, rtol=1e-5)
    # D: (1/2) (-log p_real - log(1 - p_fake)) = log 2 at p = 1/2
    d = gan.discriminator_losses({}, logits, {}, logits)
    np.testing.assert_allclose(d["d_loss"], [np.log(2)] * 3, rtol=1e-5)
    # the discriminator scores the (input, candidate) pair
    x = _images(2)
    both = gan.discriminate({"image": x, "images": -x})
    direct = gan.discriminator([x, -x])
    np.testing.assert_allclose(both, direct, atol=1e-6)


def test_a_tiny_model_learns_inversion_with_the_l1_going_down():
    gan = _gan(width=8)
    x = _images(512)
    ds = data.load_pairs((x, -x), batch_size=16, seed=0, augment=True)
    history = gan.fit(ds.repeat(), epochs=8, steps_per_epoch=30, verbose=0)
    l1 = history.history["l1"]
    assert {"d_loss", "g_loss", "d_real", "d_fake", "l1"} <= set(
        history.history)
    assert all(np.isfinite(v) for v in l1)
    assert l1[-1] < 0.5 * l1[0]
    held_out = _images(64, seed=9)
    out = gan.generate(64, image=held_out)
    error = np.abs(out + held_out).mean()
    # before training the output is near 0: error ~ mean |x| = 0.5
    assert error < 0.2, error
    assert gan(held_out[:2]).shape == (2, SIDE, SIDE, 1)


def test_unpaired_data_is_a_clear_error():
    gan = _gan()
    with pytest.raises(ValueError, match="trains on pairs.*load_pairs"):
        gan.fit(tf.data.Dataset.from_tensor_slices(
            (_images(4), _images(4), _images(4))).batch(2), verbose=0)
    with pytest.raises(ValueError, match=r"Input images have shape \(8, 8, "
                       r"1\) per example but the generator takes \(16, 16, "
                       r"1\)"):
        gan.fit(tf.data.Dataset.from_tensor_slices(
            (_images(4)[:, :8, :8], _images(4))).batch(2), verbose=0)


def test_keras_round_trip_and_zoo_recipe(tmp_path):
    gan = _gan()
    gan.fit(data.load_pairs((_images(16), -_images(16)), batch_size=8),
            epochs=1, verbose=0)
    path = tmp_path / "p2p.keras"
    gan.save(path)
    again = keras.saving.load_model(path)
    assert isinstance(again, Pix2Pix) and again.l1_weight == 100.0
    x = _images(4, seed=5)
    np.testing.assert_allclose(again.generate(4, image=x),
                               gan.generate(4, image=x), atol=1e-6)
    recipe = zoo.get("pix2pix")
    assert recipe.paired and recipe.gan_class is Pix2Pix
    built = zoo.build("pix2pix", width=2, compile=True)
    assert [s.kind for s in built.generator_inputs()] == ["image"]
    assert built.generator_outputs() == {"images": (32, 32, 1)}
    assert built.discriminator.output_shape == (None, 6, 6, 1)
    d_opt = built.d_optimizer
    assert float(d_opt.learning_rate) == pytest.approx(2e-4)
    assert float(d_opt.beta_1) == pytest.approx(0.5)


def test_export_serves_image_to_images_and_checks_shapes_in_the_graph(
        tmp_path):
    gan = _gan()
    path = export.save_generator(gan, tmp_path / "p2p")
    x = _images(3, seed=2)
    keras_out = gan.generate(3, image=x)
    loaded = tf.saved_model.load(path)
    assert set(loaded.signatures) == {"serving_default"}
    serve = loaded.signatures["serving_default"]
    assert set(serve.structured_input_signature[1]) == {"image"}
    out = serve(image=tf.constant(x))
    assert set(out) == {"images", "images_float"}
    np.testing.assert_allclose(out["images_float"].numpy(), keras_out,
                               atol=1e-5)
    assert out["images"].dtype == tf.uint8
    np.testing.assert_array_equal(out["images"].numpy(),
                                  to_uint8(out["images_float"].numpy()))
    meta = export.read_metadata(path)
    assert meta["generator_inputs"][0]["kind"] == "image"
    assert meta["inputs"]["image"]["shape"] == [None, SIDE, SIDE, 1]
    # a wrong size or channel count, and pixel values, fail in the graph
    for bad in (np.zeros((2, 8, 8, 1), "float32"),
                np.zeros((2, SIDE, SIDE, 3), "float32")):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"image must be float32 images of shape "
                           rf"\[batch, {SIDE}, {SIDE}, 1\]"):
            serve(image=tf.constant(bad))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"values in \[-1, 1\].*received a value above"):
        serve(image=tf.constant(np.full((1, SIDE, SIDE, 1), 255.0,
                                        "float32")))
    # the keras_gans loader gives the same images
    np.testing.assert_allclose(export.load(path)(image=x), keras_out,
                               atol=1e-5)
    # and so does a process that cannot import keras_gans (nor keras)
    np.save(tmp_path / "x.npy", x)
    script = (
        "import sys; sys.modules['keras_gans'] = None; "
        "sys.modules['keras'] = None; import numpy as np, tensorflow as tf; "
        f"m = tf.saved_model.load({str(path)!r}); "
        f"x = np.load({str(tmp_path / 'x.npy')!r}); "
        "out = m.signatures['serving_default'](image=tf.constant(x)); "
        "np.save(sys.argv[1], out['images_float'].numpy())")
    run = subprocess.run([sys.executable, "-c", script,
                          str(tmp_path / "y.npy")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), keras_out,
                               atol=1e-5)
