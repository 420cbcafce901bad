"""The coupled networks: which layers are shared (one set of variables for
every domain), which are per domain, and that a .keras round trip keeps it
so."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.networks.cogan import (cogan_discriminator, cogan_generator,
                                       output_names)

SHAPE = (16, 16, 1)
OUTS = ("images_a", "images_b")


def _gen():
    keras.utils.set_random_seed(0)
    return cogan_generator(SHAPE, latent_dim=6, width=4)


def _disc():
    keras.utils.set_random_seed(1)
    return cogan_discriminator(SHAPE, width=4)


def _np(x):
    return keras.ops.convert_to_numpy(x)


def _images(seed, n=3):
    rng = np.random.default_rng(seed)
    return {o: rng.uniform(-1, 1, (n,) + SHAPE).astype("float32")
            for o in OUTS}


def _grads(net, loss_of_outputs, inputs):
    with tf.GradientTape() as tape:
        loss = loss_of_outputs(net(inputs, training=True))
    grads = tape.gradient(loss, net.trainable_variables)
    return {v.path: g for v, g in zip(net.trainable_variables, grads)}


def test_generator_shares_all_but_its_last_layer():
    g = _gen()
    assert set(g.output) == set(OUTS)
    for o in OUTS:
        assert tuple(g.output[o].shape[1:]) == SHAPE
    paths = [v.path for v in g.trainable_variables]
    assert len(paths) == len(set(paths))
    # trunk: project, its BN, up_0, its BN; heads: one transposed conv each
    assert {p.split("/")[0] for p in paths} == {
        "project", "project_bn", "up_0", "up_0_bn", "images_a", "images_b"}
    z = np.random.default_rng(2).normal(size=(3, 6)).astype("float32")
    # a loss on one domain reaches the shared trunk and that domain's head
    # only: the trunk is one set of variables fed by both domains
    for mine, other in (("images_a", "images_b"), ("images_b", "images_a")):
        grads = _grads(g, lambda out: tf.reduce_sum(out[mine] ** 2), z)
        assert grads[f"{other}/kernel"] is None
        assert np.abs(grads[f"{mine}/kernel"]).sum() > 0
        assert np.abs(grads["up_0/kernel"]).sum() > 0
        assert np.abs(grads["project/kernel"]).sum() > 0
    # the heads are different layers with different weights
    assert not np.allclose(_np(g.get_layer("images_a").kernel),
                           _np(g.get_layer("images_b").kernel))
    # moving a shared weight moves both domains; a head only its own
    before = {o: _np(v) for o, v in g(z).items()}
    g.get_layer("up_0").kernel.assign(g.get_layer("up_0").kernel * 1.5)
    after = {o: _np(v) for o, v in g(z).items()}
    assert all(not np.allclose(before[o], after[o]) for o in OUTS)
    head = g.get_layer("images_b")
    head.bias.assign(head.bias + 0.3)
    last = {o: _np(v) for o, v in g(z).items()}
    np.testing.assert_allclose(last["images_a"], after["images_a"])
    assert not np.allclose(last["images_b"], after["images_b"])


def test_discriminator_shares_all_but_its_first_layer():
    d = _disc()
    assert set(d.input) == set(d.output) == set(OUTS)
    names = {v.path.split("/")[0] for v in d.trainable_variables}
    assert names == {"down_0_a", "down_0_b", "down_1", "logits"}
    x = _images(3)
    # logits of a domain depend on that domain's images only
    y = dict(x, images_b=x["images_b"][::-1])
    np.testing.assert_allclose(_np(d(x)["images_a"]), _np(d(y)["images_a"]))
    # each domain's loss reaches the shared layers and its own first layer
    for mine, other in (("a", "b"), ("b", "a")):
        grads = _grads(d, lambda out: tf.reduce_sum(out[f"images_{mine}"]),
                       x)
        assert grads[f"down_0_{other}/kernel"] is None
        assert np.abs(grads[f"down_0_{mine}/kernel"]).sum() > 0
        assert np.abs(grads["down_1/kernel"]).sum() > 0
        assert np.abs(grads["logits/kernel"]).sum() > 0
    # the shared logit layer is one variable: shifting its bias shifts
    # both domains' logits by the same amount
    before = {o: _np(v) for o, v in d(x).items()}
    d.get_layer("logits").bias.assign(d.get_layer("logits").bias + 0.5)
    after = {o: _np(v) for o, v in d(x).items()}
    for o in OUTS:
        np.testing.assert_allclose(after[o] - before[o], 0.5, atol=1e-5)


def test_keras_round_trip_keeps_the_sharing(tmp_path):
    g, d = _gen(), _disc()
    z = np.random.default_rng(4).normal(size=(3, 6)).astype("float32")
    x = _images(5)
    g.save(tmp_path / "g.keras")
    d.save(tmp_path / "d.keras")
    g2 = keras.saving.load_model(tmp_path / "g.keras")
    d2 = keras.saving.load_model(tmp_path / "d.keras")
    assert len(g2.trainable_variables) == len(g.trainable_variables)
    assert len(d2.trainable_variables) == len(d.trainable_variables)
    for o in OUTS:
        np.testing.assert_allclose(_np(g2(z)[o]), _np(g(z)[o]), atol=1e-6)
        np.testing.assert_allclose(_np(d2(x)[o]), _np(d(x)[o]), atol=1e-6)
    # still shared after loading: one update of the trunk moves both
    before = {o: _np(v) for o, v in g2(z).items()}
    g2.get_layer("project").kernel.assign(
        g2.get_layer("project").kernel * 0.5)
    after = {o: _np(v) for o, v in g2(z).items()}
    assert all(not np.allclose(before[o], after[o]) for o in OUTS)
    before = {o: _np(v) for o, v in d2(x).items()}
    d2.get_layer("logits").bias.assign(d2.get_layer("logits").bias - 1.0)
    after = {o: _np(v) for o, v in d2(x).items()}
    for o in OUTS:
        np.testing.assert_allclose(after[o] - before[o], -1.0, atol=1e-5)


def test_options_and_bad_arguments():
    d = cogan_discriminator((28, 28, 1), width=4, batch_norm=True,
                            spectral_norm=True, dropout=0.1,
                            domains=("x", "y"))
    assert set(d.output) == {"images_x", "images_y"}
    assert output_names(("p", "q", "r")) == ["images_p", "images_q",
                                            "images_r"]
    with pytest.raises(ValueError, match="at least two distinct"):
        cogan_generator(SHAPE, 4, width=4, domains=("a", "a"))
    with pytest.raises(ValueError, match="multiples of 4"):
        cogan_generator((18, 18, 1), 4, width=4)
    with pytest.raises(ValueError, match="width"):
        cogan_discriminator(SHAPE, width=0)
