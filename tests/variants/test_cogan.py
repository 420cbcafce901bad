"""CoGAN: the engine's one train_step on two unpaired domains, shared
variables, declared outputs read by export, pictures and the CLI."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import export, penalties
from keras_gans.cli.main import main as cli_main
from keras_gans.networks.cogan import cogan_discriminator, cogan_generator
from keras_gans.training import domain_pictures, pictures
from keras_gans.variants import CoGAN

SHAPE = (16, 16, 1)
LATENT = 6
OUTS = ("images_a", "images_b")


def make_gan(seed=0, d_opt=None, g_opt=None, compile=True, batch_norm=True,
             **compile_kw):
    keras.utils.set_random_seed(seed)
    gan = CoGAN(cogan_generator(SHAPE, LATENT, width=4,
                                batch_norm=batch_norm),
                cogan_discriminator(SHAPE, width=4), seed=seed)
    if compile:
        gan.compile(d_optimizer=d_opt or keras.optimizers.Adam(1e-3),
                    g_optimizer=g_opt or keras.optimizers.Adam(1e-3),
                    **compile_kw)
    return gan


def domains(n=16, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(-1, 1, (n,) + SHAPE).astype("float32")
    b = -rng.uniform(-1, 1, (n,) + SHAPE).astype("float32")  # unpaired
    return a, b


def dataset(n=16, batch=8, seed=0):
    a, b = domains(n, seed)
    return tf.data.Dataset.from_tensor_slices(
        {"images_a": a, "images_b": b}).batch(batch)


def values(variables):
    return [np.array(v) for v in variables]


def moved(before, variables):
    return any(not np.allclose(b, np.array(v))
               for b, v in zip(before, variables))


def layer_vars(gan, role, name):
    net = gan.networks()[role][role]
    return net.get_layer(name).trainable_variables


def test_declares_both_domains_and_counts_shared_variables_once():
    gan = make_gan()
    assert gan.generator_outputs() == {o: SHAPE for o in OUTS}
    assert [s.name for s in gan.generator_inputs()] == ["latent"]
    g_ids = [id(v) for v in gan.generator_variables()]
    assert len(g_ids) == len(set(g_ids)) == len(
        gan.generator.trainable_variables)
    # the trunk's variables are listed once although both domains use them
    trunk = {id(v) for v in layer_vars(gan, "generator", "up_0")}
    assert len(trunk & set(g_ids)) == len(trunk) == 1
    d_names = {v.path.split("/")[0] for v in gan.discriminator_variables()}
    assert d_names == {"down_0_a", "down_0_b", "down_1", "logits"}


def test_generator_gradient_on_shared_layers_is_the_sum_of_both_domains():
    gan = make_gan()
    real = dict(zip(OUTS, (tf.constant(x) for x in domains(4))))
    inputs = gan.sample_generator_inputs(4, seed=1)
    trunk = layer_vars(gan, "generator", "up_0")[0]
    heads = {o: layer_vars(gan, "generator", o)[0] for o in OUTS}

    def grads(which):
        with tf.GradientTape() as tape:
            fake = dict(inputs, **gan.generated(inputs, training=True))
            out = gan.discriminate(fake, training=True)
            loss = tf.add_n([tf.reduce_sum(
                gan.adversarial_loss.per_example_generator(out[o]))
                for o in which])
        return tape.gradient(loss, [trunk, *heads.values()])

    both = grads(OUTS)
    only_a, only_b = grads(["images_a"]), grads(["images_b"])
    assert only_a[2] is None and only_b[1] is None  # a head sees one domain
    assert np.abs(only_a[0]).sum() > 0 and np.abs(only_b[0]).sum() > 0
    np.testing.assert_allclose(both[0], only_a[0] + only_b[0], rtol=1e-4,
                               atol=1e-7)
    assert real  # the real batch is not needed by the generator's loss


@pytest.fixture(scope="module")
def trained():
    """One short fit shared by the tests below (tracing dominates their
    time): the weights before it, the GAN after it and its history.
    Compiled with the penalties that act on weights and outputs."""
    gan = make_gan(penalties=[penalties.Drift(1e-3),
                              penalties.WeightPenalty(1e-4)])
    before = {
        "up_0": values(layer_vars(gan, "generator", "up_0")),
        "logits": values(layer_vars(gan, "discriminator", "logits")),
        **{o: values(layer_vars(gan, "generator", o)) for o in OUTS},
        **{f"down_0_{d}": values(layer_vars(gan, "discriminator",
                                            f"down_0_{d}")) for d in "ab"}}
    history = gan.fit(dataset(), epochs=1, verbose=0).history
    return gan, before, history


def test_fit_moves_shared_and_unshared_layers_and_reports_both_domains(
        trained):
    gan, before, history = trained
    for key in ("d_loss", "g_loss", "d_loss_a", "d_loss_b", "d_real_a",
                "d_fake_a", "d_real_b", "d_fake_b"):
        assert np.isfinite(history[key][-1]), key
    # d_loss is the sum of both domains' terms
    assert history["d_loss"][-1] == pytest.approx(
        history["d_loss_a"][-1] + history["d_loss_b"][-1], rel=1e-5)
    # the heads start different and both move; so do the shared layers
    assert not np.allclose(before["images_a"][0], before["images_b"][0])
    for name in ("up_0", *OUTS):
        assert moved(before[name], layer_vars(gan, "generator", name)), name
    for name in ("logits", "down_0_a", "down_0_b"):
        assert moved(before[name], layer_vars(gan, "discriminator", name)), \
            name
    # penalties on weights and outputs: reported, finite
    assert np.isfinite(history["drift"][-1]) and history["drift"][-1] > 0
    assert np.isfinite(history["weight_penalty"][-1])


def test_bad_data_says_what_was_received_and_expected():
    gan = make_gan()
    a, b = domains()
    # tuples in the declared order are the two domains
    real = gan.unpack_real((tf.constant(a), tf.constant(b)))
    np.testing.assert_array_equal(real["images_b"], b)
    with pytest.raises(ValueError, match=r"images_a.*received one tensor "
                       r"of shape"):
        gan.fit(tf.data.Dataset.from_tensor_slices(a).batch(8), verbose=0)
    with pytest.raises(ValueError, match=r"missing \['images_b'\]"):
        gan.unpack_real({"images_a": a})
    with pytest.raises(ValueError, match=r"a tuple of 3"):
        gan.unpack_real((a, b, b))
    with pytest.raises(ValueError, match=r"images_b.*\(16, 16, 1\).*"
                       r"received shape \(16, 8, 8, 1\)"):
        gan.unpack_real({"images_a": a, "images_b": a[:, :8, :8]})
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="same number of images"):
        gan.unpack_real({"images_a": tf.constant(a),
                         "images_b": tf.constant(b[:6])})
    # networks that are not coupled
    with pytest.raises(ValueError, match="at least two named image"):
        CoGAN(keras.Sequential([keras.Input((LATENT,)),
                                keras.layers.Dense(4)]),
              cogan_discriminator(SHAPE, width=4))
    with pytest.raises(TypeError, match="ONE keras.Model"):
        CoGAN(cogan_generator(SHAPE, LATENT, width=4),
              {"a": cogan_discriminator(SHAPE, width=4)})
    with pytest.raises(ValueError, match=r"takes 'images_a' of shape"):
        CoGAN(cogan_generator(SHAPE, LATENT, width=4),
              cogan_discriminator((28, 28, 1), width=4))


def test_penalties_on_batch_images_are_refused():
    with pytest.raises(ValueError, match=r"GradientPenalty.*images_a"):
        make_gan(penalties=[penalties.GradientPenalty()])
    with pytest.raises(ValueError, match="InstanceNoise"):
        make_gan(penalties=[penalties.InstanceNoise(0.1)])


def test_keras_round_trip_keeps_sharing_and_outputs(trained, tmp_path):
    gan = trained[0]
    both = gan.generate(5, seed=3, output="all")
    assert set(both) == set(OUTS)
    np.testing.assert_array_equal(gan.generate(5, seed=3), both["images_a"])
    gan.save(tmp_path / "cogan.keras")
    again = keras.saving.load_model(tmp_path / "cogan.keras")
    assert isinstance(again, CoGAN)
    loaded = again.generate(5, seed=3, output="all")
    for o in OUTS:
        np.testing.assert_allclose(loaded[o], both[o], atol=1e-6)
    assert len(again.generator_variables()) == len(gan.generator_variables())
    assert len(again.discriminator_variables()) == len(
        gan.discriminator_variables())
    # the optimizer state and the penalties came along
    assert int(again.g_optimizer.iterations) == int(gan.g_optimizer.iterations)
    assert [p.name for p in again.penalties] == ["drift", "weight_penalty"]
    # one variable behind both domains, still: scaling it moves both
    trunk = layer_vars(again, "generator", "up_0")[0]
    trunk.assign(trunk * 2.0)
    moved_out = again.generate(5, seed=3, output="all")
    assert all(not np.allclose(moved_out[o], loaded[o]) for o in OUTS)


def test_export_returns_both_domains_for_the_same_latent(trained, tmp_path):
    gan = trained[0]
    # verify=False: this test does the reload-and-compare itself
    path = export.save_generator(gan, tmp_path / "cogan", verify=False)
    g = export.load(path)
    assert g.outputs == list(OUTS)
    z = np.random.default_rng(7).normal(size=(4, LATENT)).astype("float32")
    out = g.signatures["serving_default"](latent=tf.constant(z))
    assert {"images_a", "images_a_float", "images_b",
            "images_b_float"} <= set(out)
    keras_out = gan.generator(z, training=False)
    for o in OUTS:
        np.testing.assert_allclose(out[o + "_float"].numpy(),
                                   keras.ops.convert_to_numpy(keras_out[o]),
                                   atol=1e-5)
        assert out[o].dtype == tf.uint8
    np.testing.assert_allclose(g.call_all(z)["images_b"],
                               out["images_b_float"].numpy())
    drawn = g.signatures["generate"](num_images=tf.constant(3),
                                     seed=tf.constant(5, tf.int64))
    want = gan.generate(3, seed=5, output="all")
    for o in OUTS:
        np.testing.assert_allclose(drawn[o + "_float"].numpy(), want[o],
                                   atol=1e-5)
    meta = json.load(open(export.metadata_path(path)))
    assert meta["output_names"] == list(OUTS)


def test_distributed_step_equals_single_device(two_cpu_strategy):
    def run(strategy):
        with strategy.scope():
            # no batch norm: its per-replica statistics differ by design
            gan = make_gan(seed=2, d_opt=keras.optimizers.SGD(0.1),
                           g_opt=keras.optimizers.SGD(0.1), batch_norm=False)
        history = gan.fit(dataset(16, batch=16, seed=4), epochs=1,
                          verbose=0).history
        return gan, history

    single, h1 = run(tf.distribute.get_strategy())
    mirrored, h2 = run(two_cpu_strategy)
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    for a, b in zip(single.trainable_weights, mirrored.trainable_weights):
        np.testing.assert_allclose(np.array(a), np.array(b), atol=1e-5)
    for name in ("d_loss", "g_loss", "d_loss_a", "d_loss_b"):
        assert h1[name][0] == pytest.approx(h2[name][0], abs=1e-5), name


def test_domain_grid_picture_and_cli_sample(trained, tmp_path):
    gan = trained[0]
    images, columns = domain_pictures.domain_grid(gan, columns=3, groups=2,
                                                  seed=1)
    assert columns == 3 and images.shape == (12,) + SHAPE
    inputs = domain_pictures.domain_grid_inputs(gan, 3, 2, seed=1)
    both = gan.generate_from(inputs, output="all")
    # block g: row of images_a then row of images_b, same latents
    np.testing.assert_allclose(images[0:3], both["images_a"][0:3])
    np.testing.assert_allclose(images[3:6], both["images_b"][0:3])
    np.testing.assert_allclose(images[6:9], both["images_a"][3:6])
    np.testing.assert_allclose(images[9:12], both["images_b"][3:6])
    callbacks = pictures.default_pictures(gan, tmp_path / "samples")
    grid = [c for c in callbacks if isinstance(c, domain_pictures.DomainGrid)]
    assert len(grid) == 1
    grid[0].set_model(gan)
    grid[0].on_train_begin()
    grid[0].on_epoch_end(0)
    assert grid[0].written == [str(tmp_path / "samples" /
                                   "domains_0001.png")]
    np.testing.assert_allclose(grid[0].images()[10:20], domain_pictures.
                               domain_grid(gan, 10, 4, seed=0)[0][10:20])
    with pytest.raises(ValueError, match="several outputs"):
        domain_pictures.domain_grid(_one_output_gan())

    gan.save(tmp_path / "m.keras")
    out = tmp_path / "grid.png"
    assert cli_main(["sample", str(tmp_path / "m.keras"), "--num", "6",
                     "--nrow", "3", "--out", str(out)]) == 0
    from PIL import Image

    picture = Image.open(out)
    # 4 rows (2 blocks x 2 domains) of 3 images of 16 px, padding 2, 2x
    assert picture.size == (2 * (3 * 18 + 2), 2 * (4 * 18 + 2))


def _one_output_gan():
    from keras_gans import GAN, networks

    return GAN(networks.mlp_generator(SHAPE, 4, units=8),
               networks.mlp_discriminator(SHAPE, units=8))
