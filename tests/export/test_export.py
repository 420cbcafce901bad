"""SavedModel export: signatures, fresh-process reload without keras_gans,
saved_model_cli, atomic writes and clear errors."""

import json
import os
import shutil
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import GAN, export, networks
from keras_gans.engine.inputs import GeneratorInput
from keras_gans.utils.images import to_uint8

SHAPE = (8, 8, 1)
LATENT = 4
CLASSES = 3


def _train_one_step(gan, labels=False):
    """One fit step, so batch-norm moving statistics leave their initial
    values and inference mode differs from training mode."""
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-2),
                g_optimizer=keras.optimizers.Adam(1e-2))
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (8, *SHAPE)).astype("float32")
    data = (x, rng.randint(0, CLASSES, 8).astype("int32")) if labels else x
    gan.fit(tf.data.Dataset.from_tensor_slices(data).batch(8), epochs=1,
            verbose=0)
    return gan


def _unconditional():
    keras.utils.set_random_seed(1)
    gan = GAN(networks.dcgan_generator(SHAPE, latent_dim=LATENT, width=4),
              networks.dcgan_discriminator(SHAPE, width=4), seed=0)
    return _train_one_step(gan)


def _conditional():
    from keras_gans.networks import conditional as nets
    from keras_gans.variants.conditional import ConditionalGAN

    keras.utils.set_random_seed(2)
    gan = ConditionalGAN(
        nets.conditional_generator(SHAPE, latent_dim=LATENT,
                                   num_classes=CLASSES, width=4),
        nets.conditional_discriminator(SHAPE, num_classes=CLASSES, width=4),
        num_classes=CLASSES, seed=0)
    return _train_one_step(gan, labels=True)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Both GANs exported once; shared by the tests of this module."""
    root = tmp_path_factory.mktemp("exports")
    out = {}
    for kind, make in (("unconditional", _unconditional),
                       ("conditional", _conditional)):
        gan = make()
        path = export.save_generator(gan, root / kind)
        out[kind] = (gan, path)
    return out


_RELOAD_SCRIPT = textwrap.dedent("""
    import json, os, sys
    # keras_gans (and Keras) must not be needed: make importing them fail.
    sys.modules["keras_gans"] = None
    sys.modules["keras"] = None
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import numpy as np
    import tensorflow as tf

    request = json.load(open(sys.argv[1]))
    results = {}
    for kind, job in request.items():
        model = tf.saved_model.load(job["path"])
        inputs = {k: tf.constant(np.array(v, dtype=job["dtypes"][k]))
                  for k, v in job["inputs"].items()}
        served = model.signatures["serving_default"](**inputs)
        gen = model.signatures["generate"](
            num_images=tf.constant(5), seed=tf.constant(11, tf.int64))
        out = {"serving": {k: v.numpy().tolist() for k, v in served.items()},
               "generate": {k: v.numpy().tolist() for k, v in gen.items()},
               "signatures": sorted(model.signatures)}
        if "generate_conditioned" in model.signatures:
            cond = model.signatures["generate_conditioned"](
                seed=tf.constant(4, tf.int64),
                labels=tf.constant([0, 1, 2, 2], tf.int32))
            out["conditioned"] = {k: v.numpy().tolist()
                                  for k, v in cond.items()}
        results[kind] = out
    # were they really out of reach? (an import must fail, and no real
    # module of either may have been loaded by the work above)
    blocked = []
    for name in ("keras", "keras_gans"):
        try:
            __import__(name)
        except ImportError:
            blocked.append(name)
    results["blocked"] = blocked
    results["loaded"] = sorted(
        m for m, mod in sys.modules.items() if mod is not None and
        m.split(".")[0] in ("keras", "keras_gans"))
    json.dump(results, open(sys.argv[2], "w"))
""")


@pytest.fixture(scope="module")
def reloaded(exported, tmp_path_factory):
    """One fresh ``python -I`` process (no keras_gans, no Keras) runs both
    exports on fixed inputs."""
    work = tmp_path_factory.mktemp("reload")
    rng = np.random.RandomState(5)
    request, inputs = {}, {}
    for kind, (gan, path) in exported.items():
        feed = {"latent": rng.normal(size=(6, LATENT)).astype("float32")}
        if kind == "conditional":
            feed["labels"] = np.array([0, 1, 2, 0, 1, 2], "int32")
        inputs[kind] = feed
        request[kind] = {"path": str(path),
                         "inputs": {k: v.tolist() for k, v in feed.items()},
                         "dtypes": {k: str(v.dtype) for k, v in feed.items()}}
    (work / "request.json").write_text(json.dumps(request))
    (work / "reload.py").write_text(_RELOAD_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-I", str(work / "reload.py"),
         str(work / "request.json"), str(work / "result.json")],
        cwd=work, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return inputs, json.loads((work / "result.json").read_text())


def test_fresh_process_needs_neither_keras_gans_nor_keras(reloaded):
    _, results = reloaded
    # importing either failed in that process, yet both models ran there
    assert results["blocked"] == ["keras", "keras_gans"]
    assert results["loaded"] == []
    assert {"unconditional", "conditional"} <= set(results)


@pytest.mark.parametrize("kind", ["unconditional", "conditional"])
def test_fresh_process_reload_gives_the_keras_images(exported, reloaded,
                                                     kind):
    gan, _ = exported[kind]
    inputs, results = reloaded
    served = results[kind]["serving"]
    expected = keras.ops.convert_to_numpy(gan.generator_call(
        {k: keras.ops.convert_to_tensor(v) for k, v in inputs[kind].items()},
        training=False))
    got = np.array(served["images_float"], "float32")
    assert got.shape == (6, *SHAPE)
    diff = float(np.max(np.abs(got - expected)))
    print(f"{kind}: max abs difference after reload = {diff:.3g}")
    assert diff <= 1e-6, (
        f"{kind}: the SavedModel reloaded in a fresh process differs from "
        f"the Keras generator by {diff:.3g} (max abs), expected <= 1e-6")
    images = np.array(served["images"])
    assert images.min() >= 0 and images.max() <= 255
    assert np.max(np.abs(images.astype(int) -
                         to_uint8(expected).astype(int))) <= 1
    # training-mode batch norm would give other images: inference was used
    # (a training-mode call updates the moving statistics: restore them)
    weights = gan.generator.get_weights()
    train_mode = keras.ops.convert_to_numpy(gan.generator_call(
        {k: keras.ops.convert_to_tensor(v) for k, v in inputs[kind].items()},
        training=True))
    gan.generator.set_weights(weights)
    assert np.max(np.abs(train_mode - expected)) > 1e-3


def test_generate_signature_reproduces_gan_generate(exported, reloaded):
    gan, _ = exported["unconditional"]
    _, results = reloaded
    gen = results["unconditional"]["generate"]
    expected = gan.generate(5, seed=11)
    got = np.array(gen["images_float"], "float32")
    assert got.shape == (5, *SHAPE)
    assert float(np.max(np.abs(got - expected))) <= 1e-5
    assert np.array(gen["latent"]).shape == (5, LATENT)
    assert sorted(results["unconditional"]["signatures"]) == [
        "generate", "serving_default"]


def test_conditional_signatures_draw_and_take_labels(exported, reloaded):
    gan, _ = exported["conditional"]
    _, results = reloaded
    assert sorted(results["conditional"]["signatures"]) == [
        "generate", "generate_conditioned", "serving_default"]
    gen = results["conditional"]["generate"]
    labels = np.array(gen["labels"])
    assert labels.shape == (5,) and set(labels) <= set(range(CLASSES))
    # the images are those of the drawn latent and labels
    expected = keras.ops.convert_to_numpy(gan.generator_call(
        {"latent": np.array(gen["latent"], "float32"),
         "labels": labels.astype("int32")}))
    assert np.max(np.abs(np.array(gen["images_float"]) - expected)) <= 1e-5
    cond = results["conditional"]["conditioned"]
    assert cond["labels"] == [0, 1, 2, 2]
    expected = keras.ops.convert_to_numpy(gan.generator_call(
        {"latent": np.array(cond["latent"], "float32"),
         "labels": np.array([0, 1, 2, 2], "int32")}))
    assert np.max(np.abs(np.array(cond["images_float"]) - expected)) <= 1e-5


def _saved_model_cli():
    exe = shutil.which("saved_model_cli")
    if exe:
        return [exe]
    return [sys.executable, "-m", "tensorflow.python.tools.saved_model_cli"]


def test_saved_model_cli_lists_the_signatures(exported):
    _, path = exported["conditional"]
    result = subprocess.run(
        _saved_model_cli() + ["show", "--dir", str(path), "--all"],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    text = result.stdout

    def block(name):
        start = text.index(f"signature_def['{name}']")
        end = text.find("signature_def[", start + 1)
        return text[start:end if end > 0 else None]

    serve = block("serving_default")
    assert "inputs['latent']" in serve and f"shape: (-1, {LATENT})" in serve
    assert "inputs['labels']" in serve and "DT_INT32" in serve
    assert "outputs['images']" in serve and "DT_UINT8" in serve
    assert "outputs['images_float']" in serve
    assert "shape: (-1, 8, 8, 1)" in serve
    assert "keras_tensor" not in text
    gen = block("generate")
    assert "inputs['num_images']" in gen and "inputs['seed']" in gen
    assert "DT_INT64" in gen and "shape: ()" in gen
    assert "outputs['images']" in gen
    cond = block("generate_conditioned")
    assert "inputs['labels']" in cond and "inputs['seed']" in cond


def test_metadata_describes_the_export(exported):
    _, path = exported["conditional"]
    meta = export.read_metadata(path)
    assert meta["latent_dim"] == LATENT
    assert meta["image_shape"] == list(SHAPE)
    assert meta["inputs"]["labels"] == {"dtype": "int32", "shape": [None]}
    assert meta["signatures"] == ["generate", "generate_conditioned",
                                  "serving_default"]
    assert meta["source"] == "ConditionalGAN" and meta["ema_weights"] is False


def test_saved_generator_wrapper(exported):
    gan, path = exported["conditional"]
    g = export.load(os.path.dirname(path))  # the base folder: newest version
    assert g.path == str(path) and g.latent_dim == LATENT
    assert g.image_shape == SHAPE
    z = np.random.RandomState(0).normal(size=(3, LATENT)).astype("float32")
    images = g(z, labels=[2, 0, 1])
    expected = keras.ops.convert_to_numpy(gan.generator_call(
        {"latent": z, "labels": np.array([2, 0, 1], "int32")}))
    assert images.dtype == np.float32
    assert np.max(np.abs(images - expected)) <= 1e-5
    pictures = g.generate(None, seed=3, labels=[1, 1])
    assert pictures.shape == (2, *SHAPE) and pictures.dtype == np.uint8
    np.testing.assert_array_equal(pictures, g.generate(2, seed=3,
                                                       labels=[1, 1]))
    with pytest.raises(ValueError, match=r"missing \['labels'\]"):
        g(z)
    with pytest.raises(ValueError, match=r"'latent' must have shape"):
        g(z[:, :2], labels=[0, 0, 0])
    with pytest.raises(ValueError, match="num_images=3 but the conditions"):
        g.generate(3, labels=[1, 1])


def test_versions_are_numbered_and_never_overwritten(tmp_path):
    keras.utils.set_random_seed(0)
    generator = networks.mlp_generator(SHAPE, latent_dim=LATENT, units=4)
    first = export.save_generator(generator, tmp_path / "g")
    second = export.save_generator(generator, tmp_path / "g")
    assert (first, second) == (str(tmp_path / "g" / "1"),
                               str(tmp_path / "g" / "2"))
    before = sorted(os.listdir(tmp_path / "g" / "1"))
    with pytest.raises(FileExistsError, match="exists already"):
        export.save_generator(generator, tmp_path / "g" / "1")
    with pytest.raises(FileExistsError):
        export.save_generator(generator, tmp_path / "g", version=2)
    assert sorted(os.listdir(tmp_path / "g" / "1")) == before
    assert sorted(os.listdir(tmp_path / "g")) == ["1", "2"]  # no temp left
    # a bare generator model: the latent is its only input
    g = export.load(second)
    z = np.ones((2, LATENT), "float32")
    np.testing.assert_allclose(g(z), keras.ops.convert_to_numpy(
        generator(z)), atol=1e-6)
    assert g.generate(4, seed=0).shape == (4, *SHAPE)


def test_failed_export_leaves_nothing(tmp_path):
    z = keras.Input((LATENT,), name="latent")
    flat = keras.layers.Dense(8 * 8)(z)  # rank 2: not images
    bad = keras.Model(z, flat)
    with pytest.raises(ValueError, match=r"images of shape \(batch, H, W, C"):
        export.save_generator(bad, tmp_path / "bad")
    assert not os.path.exists(tmp_path / "bad") or os.listdir(
        tmp_path / "bad") == []


def test_bad_arguments_are_explained(tmp_path):
    a = keras.Input((LATENT,))
    b = keras.Input((2,))
    two_inputs = keras.Model(
        [a, b], keras.layers.Reshape(SHAPE)(keras.layers.Dense(64)(
            keras.layers.Concatenate()([a, b]))))
    with pytest.raises(ValueError, match="single latent input"):
        export.save_generator(two_inputs, tmp_path / "x")
    with pytest.raises(TypeError, match="received str"):
        export.save_generator("generator.keras", tmp_path / "x")
    with pytest.raises(ValueError, match="version must be a positive"):
        export.save_generator(networks.mlp_generator(SHAPE, LATENT, units=4),
                              tmp_path / "x", version=0)
    gan = GAN(networks.mlp_generator(SHAPE, LATENT, units=4),
              networks.mlp_discriminator(SHAPE, units=4))
    with pytest.raises(ValueError, match="keeps no EMA copy"):
        export.save_generator(gan, tmp_path / "x", use_ema=True)
    with pytest.raises(FileNotFoundError, match="No SavedModel"):
        export.load(tmp_path)


def test_ema_weights_are_exported_by_default(tmp_path):
    keras.utils.set_random_seed(4)
    gan = GAN(networks.mlp_generator(SHAPE, latent_dim=LATENT, units=4),
              networks.mlp_discriminator(SHAPE, units=4), seed=0,
              ema_decay=0.5)
    _train_one_step(gan)
    z = np.random.RandomState(0).normal(size=(3, LATENT)).astype("float32")
    averaged = keras.ops.convert_to_numpy(gan.generator_ema(z))
    trained = keras.ops.convert_to_numpy(gan.generator(z))
    assert np.max(np.abs(averaged - trained)) > 1e-4  # they differ
    ema_path = export.save_generator(gan, tmp_path / "g")
    raw_path = export.save_generator(gan, tmp_path / "g", use_ema=False)
    assert export.read_metadata(ema_path)["ema_weights"] is True
    assert export.read_metadata(raw_path)["ema_weights"] is False
    np.testing.assert_allclose(export.load(ema_path)(z), averaged, atol=1e-6)
    np.testing.assert_allclose(export.load(raw_path)(z), trained, atol=1e-6)
    assert gan.generator is not gan.generator_ema  # the swap was undone


# -- bounds: num_images and class ids -----------------------------------------
def test_generate_caps_num_images(exported):
    _, path = exported["unconditional"]
    loaded = tf.saved_model.load(path)
    generate = loaded.signatures["generate"]
    seed = tf.constant(0, tf.int64)
    out = generate(num_images=tf.constant(export.MAX_NUM_IMAGES), seed=seed)
    assert out["images"].shape[0] == export.MAX_NUM_IMAGES == 1024
    for bad in (export.MAX_NUM_IMAGES + 1, 2 ** 31 - 1):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="num_images must be at most 1024"):
            generate(num_images=tf.constant(bad), seed=seed)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="num_images must be a positive integer"):
        generate(num_images=tf.constant(0), seed=seed)
    # the Python wrapper says so before calling
    with pytest.raises(ValueError, match=r"num_images must be an integer in "
                       r"\[1, 1024\].*received 1025"):
        export.load(path).generate(1025)
    assert export.read_metadata(path)["max_num_images"] == 1024


def test_conditional_signatures_check_the_label_range(exported):
    _, path = exported["conditional"]
    assert export.read_metadata(path)["classes"] == {"labels": CLASSES}
    loaded = tf.saved_model.load(path)
    serve = loaded.signatures["serving_default"]
    cond = loaded.signatures["generate_conditioned"]
    z = tf.zeros((2, LATENT))
    seed = tf.constant(0, tf.int64)
    ok = serve(latent=z, labels=tf.constant([0, CLASSES - 1]))
    assert ok["images"].shape == (2, *SHAPE)
    for bad, why in (([0, CLASSES], "a value >= the number of classes"),
                     ([-1, 0], "a negative value")):
        pattern = (rf"labels must be class ids in \[0, {CLASSES}\) "
                   rf"\(num_classes={CLASSES}\); received {why}")
        with pytest.raises(tf.errors.InvalidArgumentError, match=pattern):
            serve(latent=z, labels=tf.constant(bad))
        with pytest.raises(tf.errors.InvalidArgumentError, match=pattern):
            cond(seed=seed, labels=tf.constant(bad))
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="number of conditions \\(images\\) must be at "
                       "most 1024"):
        cond(seed=seed, labels=tf.zeros([export.MAX_NUM_IMAGES + 1],
                                        tf.int32))


def test_label_range_with_ten_classes(tmp_path):
    """The zoo's conditional entries have 10 classes: 10 and -1 are
    refused, 0..9 accepted (a one-hot of 10 would be all zeros)."""
    from keras_gans import zoo

    gan = zoo.build("cgan", SHAPE, width=4, latent_dim=LATENT)
    assert gan.num_classes == 10
    path = export.save_generator(gan, tmp_path / "cgan")
    loaded = tf.saved_model.load(path)
    serve = loaded.signatures["serving_default"]
    z = tf.zeros((1, LATENT))
    assert serve(latent=tf.zeros((10, LATENT)),
                 labels=tf.range(10))["images"].shape[0] == 10
    for bad in (10, -1):
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"labels must be class ids in \[0, 10\)"):
            serve(latent=z, labels=tf.constant([bad]))
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"labels must be class ids in \[0, 10\)"):
            loaded.signatures["generate_conditioned"](
                seed=tf.constant(0, tf.int64), labels=tf.constant([bad]))
    g = export.load(path)
    with pytest.raises(tf.errors.InvalidArgumentError):
        g(np.zeros((1, LATENT), "float32"), labels=[10])


def test_infogan_categorical_codes_are_range_checked(tmp_path):
    from keras_gans import zoo

    gan = zoo.build("infogan", SHAPE, width=4, latent_dim=LATENT,
                    hidden_units=8, q_units=8, categorical_dims=(3, 5),
                    continuous_dims=1)
    path = export.save_generator(gan, tmp_path / "infogan")
    meta = export.read_metadata(path)
    assert meta["classes"] == {"categorical": [3, 5]}
    loaded = tf.saved_model.load(path)
    serve = loaded.signatures["serving_default"]
    cond = loaded.signatures["generate_conditioned"]
    z = tf.zeros((2, LATENT))
    cont = tf.zeros((2, 1))
    seed = tf.constant(0, tf.int64)
    good = tf.constant([[2, 4], [0, 0]])
    assert serve(latent=z, categorical=good,
                 continuous=cont)["images"].shape == (2, *SHAPE)
    assert cond(seed=seed, categorical=good,
                continuous=cont)["images"].shape == (2, *SHAPE)
    pattern = (r"categorical codes must be integers with column 0 in "
               r"\[0, 3\), column 1 in \[0, 5\)")
    # 3 is fine in column 1 (5 values) but not in column 0 (3 values)
    for bad in ([[3, 0], [0, 0]], [[0, 5], [0, 0]], [[0, 0], [-1, 0]]):
        with pytest.raises(tf.errors.InvalidArgumentError, match=pattern):
            serve(latent=z, categorical=tf.constant(bad), continuous=cont)
        with pytest.raises(tf.errors.InvalidArgumentError, match=pattern):
            cond(seed=seed, categorical=tf.constant(bad), continuous=cont)
    assert serve(latent=z, categorical=tf.constant([[0, 3], [1, 4]]),
                 continuous=cont)["images"].shape == (2, *SHAPE)


# -- the declared contract: inputs, outputs, metadata --------------------------
class _ImageToImage(GAN):
    """A toy image-to-image GAN: the generator's only input is an image."""

    def generator_inputs(self):
        return (GeneratorInput.image(SHAPE),)

    def generator_call(self, inputs, training=False):
        return self.generator(inputs["image"], training=training)


class _TwoOutputs(GAN):
    """A toy two-domain GAN: one latent, two declared outputs."""

    def generator_outputs(self):
        return {"images_a": SHAPE, "images_b": SHAPE}

    def generator_call(self, inputs, training=False):
        a, b = self.generator(inputs["latent"], training=training)
        return {"images_a": a, "images_b": b}


def _image_to_image():
    keras.utils.set_random_seed(6)
    x = keras.Input(SHAPE, name="image")
    y = keras.layers.Conv2D(1, 3, padding="same", activation="tanh")(
        keras.layers.Conv2D(2, 3, padding="same", activation="relu")(x))
    return _ImageToImage(keras.Model(x, y),
                         networks.mlp_discriminator(SHAPE, units=4), seed=0)


def _two_outputs():
    keras.utils.set_random_seed(7)
    z = keras.Input((LATENT,), name="latent")
    h = keras.layers.Reshape(SHAPE)(keras.layers.Dense(64)(z))
    a = keras.layers.Activation("tanh")(h)
    b = keras.layers.Activation("tanh")(keras.layers.Conv2D(
        1, 3, padding="same")(h))
    return _TwoOutputs(keras.Model(z, [a, b]),
                       networks.mlp_discriminator(SHAPE, units=4), seed=0)


def test_image_to_image_exports_serving_default_only(tmp_path):
    gan = _image_to_image()
    assert gan.latent_dim is None
    path = export.save_generator(gan, tmp_path / "i2i")
    meta = export.read_metadata(path)
    assert meta["signatures"] == ["serving_default"]
    assert meta["latent_dim"] is None and meta["image_shape"] == list(SHAPE)
    assert meta["inputs"] == {"image": {"dtype": "float32",
                                        "shape": [None, *SHAPE]}}
    assert meta["classes"] == {}
    loaded = tf.saved_model.load(path)
    assert sorted(loaded.signatures) == ["serving_default"]
    serve = loaded.signatures["serving_default"]
    assert sorted(serve.structured_input_signature[1]) == ["image"]
    assert sorted(serve.structured_outputs) == ["images", "images_float"]
    x = np.random.RandomState(0).uniform(-1, 1, (3, *SHAPE)).astype(
        "float32")
    expected = keras.ops.convert_to_numpy(
        gan.generator_call({"image": x}, training=False))
    out = serve(image=tf.constant(x))
    assert float(np.max(np.abs(out["images_float"].numpy() - expected))) \
        <= 1e-5
    np.testing.assert_array_equal(out["images"].numpy(),
                                  to_uint8(out["images_float"].numpy()))
    bad = x.copy()
    bad[1, 2, 3, 0] = np.nan
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="image must be finite"):
        serve(image=tf.constant(bad))
    # the Python wrapper: no latent, named inputs only, nothing to draw
    g = export.load(path)
    assert g.latent_dim is None and g.outputs == ["images"]
    assert g.image_shape == SHAPE
    assert float(np.max(np.abs(g(image=x) - expected))) <= 1e-5
    with pytest.raises(tf.errors.InvalidArgumentError):
        g(image=bad)
    with pytest.raises(ValueError, match="takes no latent"):
        g(x)
    with pytest.raises(ValueError, match=r"needs its conditioning inputs "
                       r"\['image'\]"):
        g.generate(2, seed=0)
    with pytest.raises(ValueError, match="no generate_conditioned"):
        g.generate(None, seed=0, image=x)


def test_two_output_gan_exports_every_declared_output(tmp_path):
    gan = _two_outputs()
    path = export.save_generator(gan, tmp_path / "two")
    meta = export.read_metadata(path)
    assert meta["outputs_declared"] == {"images_a": list(SHAPE),
                                        "images_b": list(SHAPE)}
    assert meta["output_names"] == ["images_a", "images_b"]
    assert meta["image_shape"] == list(SHAPE)
    assert meta["signatures"] == ["generate", "serving_default"]
    loaded = tf.saved_model.load(path)
    serve = loaded.signatures["serving_default"]
    names = ["images_a", "images_a_float", "images_b", "images_b_float"]
    assert sorted(serve.structured_outputs) == names
    z = np.random.RandomState(2).normal(size=(3, LATENT)).astype("float32")
    expected = {k: keras.ops.convert_to_numpy(v) for k, v in gan.generated(
        {"latent": z}, training=False).items()}
    assert np.max(np.abs(expected["images_a"] - expected["images_b"])) > 1e-3
    out = serve(latent=tf.constant(z))
    for name in ("images_a", "images_b"):
        got = out[name + "_float"].numpy()
        assert got.shape == (3, *SHAPE)
        assert float(np.max(np.abs(got - expected[name]))) <= 1e-5
        assert out[name].dtype == tf.uint8
        np.testing.assert_array_equal(out[name].numpy(), to_uint8(got))
    gen = loaded.signatures["generate"](num_images=tf.constant(4),
                                        seed=tf.constant(3, tf.int64))
    assert sorted(gen) == sorted(names + ["latent"])
    drawn = gan.generate(4, seed=3, output="all")
    for name in ("images_a", "images_b"):
        assert float(np.max(np.abs(gen[name + "_float"].numpy() -
                                   drawn[name]))) <= 1e-5
    g = export.load(path)
    assert g.outputs == ["images_a", "images_b"] and g.latent_dim == LATENT
    assert float(np.max(np.abs(g(z) - expected["images_a"]))) <= 1e-5
    every = g.call_all(z)
    assert sorted(every) == ["images_a", "images_b"]
    for name in every:
        assert float(np.max(np.abs(every[name] - expected[name]))) <= 1e-5
    np.testing.assert_array_equal(g.generate(4, seed=3),
                                  gen["images_a"].numpy())


def test_nan_latent_is_rejected_in_serving_default(exported):
    for kind in ("unconditional", "conditional"):
        _, path = exported[kind]
        serve = tf.saved_model.load(path).signatures["serving_default"]
        z = np.zeros((2, LATENT), "float32")
        z[1, 0] = np.nan
        feed = {"latent": tf.constant(z)}
        if kind == "conditional":
            feed["labels"] = tf.constant([0, 1])
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="latent must be finite"):
            serve(**feed)
        z[1, 0] = np.inf
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="latent must be finite"):
            serve(**{**feed, "latent": tf.constant(z)})


@pytest.mark.parametrize("kind", ["unconditional", "conditional"])
def test_metadata_generator_inputs_round_trip(exported, kind):
    from keras_gans.engine.inputs import from_json

    gan, path = exported[kind]
    meta = export.read_metadata(path)
    declared = from_json(meta["generator_inputs"])
    assert declared == tuple(gan.generator_inputs())
    assert all(isinstance(s, GeneratorInput) for s in declared)
    assert export.load(path).generator_inputs == declared
    assert meta["outputs_declared"] == {"images": list(SHAPE)}
    assert meta["outputs"] == {
        "images": "uint8 [batch, H, W, C] in [0, 255]",
        "images_float": "float32 [batch, H, W, C] in [-1, 1]"}
    # "inputs" and "classes" still say what older readers expect
    assert meta["inputs"]["latent"] == {"dtype": "float32",
                                        "shape": [None, LATENT]}
    assert meta["classes"] == ({"labels": CLASSES} if kind == "conditional"
                               else {})


def test_to_uint8_is_one_rule_for_numpy_and_graphs():
    x = np.array([-2.0, -1.0, -1.0 + 1 / 255, 0.0, 1 / 255, 0.5, 1.0, 3.0],
                 "float32").reshape(1, 2, 4)
    expected = np.clip(np.floor((x.astype(np.float64) + 1) * 127.5 + 0.5),
                       0, 255).astype(np.uint8)[..., None]
    got = to_uint8(x)
    assert got.shape == (1, 2, 4, 1) and got.dtype == np.uint8
    np.testing.assert_array_equal(got, expected)
    assert to_uint8(np.zeros((1, 1, 1, 1)))[0, 0, 0, 0] == 128  # half up
    assert to_uint8(got) is got  # uint8 passes through
    eager = to_uint8(tf.constant(x))
    assert isinstance(eager, tf.Tensor) and eager.dtype == tf.uint8
    np.testing.assert_array_equal(eager.numpy(), expected)
    graph = tf.function(lambda t: to_uint8(t, value_range=(0.0, 1.0)))
    y = np.linspace(-0.1, 1.1, 4 * 8 * 8).reshape(4, 8, 8, 1)
    np.testing.assert_array_equal(graph(tf.constant(y, tf.float32)).numpy(),
                                  to_uint8(y.astype("float32"),
                                           value_range=(0.0, 1.0)))
