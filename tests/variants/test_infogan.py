"""InfoGAN: information terms in closed form, codes API, Q head training,
traversals, recipe."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import zoo
from keras_gans.training.pictures import (LatentTraversal, class_grid,
                                              latent_traversal,
                                              latent_traversal_inputs)
from keras_gans.networks import conditional as nets
from keras_gans.variants import InfoGAN
from keras_gans.variants.infogan import (CONTINUOUS_PRIOR_ENTROPY,
                                         categorical_nll, gaussian_nll)

SHAPE = (8, 8, 1)
CATS = (3, 2)
CONT = 2
NOISE = 4


def tiny_infogan(seed=0, cats=CATS, cont=CONT, lr=1e-3, **kwargs):
    keras.utils.set_random_seed(seed)
    g = nets.infogan_generator(SHAPE, NOISE + sum(cats) + cont, width=8,
                               hidden_units=16)
    d = nets.infogan_discriminator(SHAPE, cats, cont, width=8,
                                   hidden_units=16, q_units=8)
    gan = InfoGAN(g, d, categorical_dims=cats, continuous_dims=cont,
                  seed=seed, **kwargs)
    gan.compile(keras.optimizers.Adam(lr, beta_1=0.5),
                keras.optimizers.Adam(lr, beta_1=0.5))
    return gan


def test_gaussian_log_likelihood_term_is_the_closed_form():
    mean = np.array([[0.0, 1.0], [0.5, -0.2]], np.float32)
    std = np.array([[1.0, 0.5], [2.0, 0.1]], np.float32)
    code = np.array([[0.3, 0.0], [-1.0, -0.25]], np.float32)
    density = np.exp(-0.5 * ((code - mean) / std) ** 2) / (
        std * math.sqrt(2 * math.pi))
    expected = -np.log(density).sum(axis=1)
    np.testing.assert_allclose(np.array(gaussian_nll(code, mean, std)),
                               expected, rtol=1e-5)
    # e.g. the first row by hand: N(0.3; 0, 1) and N(0; 1, 0.5^2)
    first = (0.5 * math.log(2 * math.pi) + 0.5 * 0.09) + (
        math.log(0.5) + 0.5 * math.log(2 * math.pi) + 0.5 * 4.0)
    assert float(gaussian_nll(code, mean, std)[0]) == pytest.approx(first,
                                                                    rel=1e-5)


def test_categorical_term_is_cross_entropy():
    logits = np.array([[1.0, 2.0, 0.0, 0.5, -0.5],
                       [0.0, 0.0, 3.0, 2.0, 2.0]], np.float32)
    codes = np.array([[1, 0], [2, 1]])
    def ce(l, k):
        return -(l[k] - np.log(np.exp(l).sum()))
    expected = [ce(logits[0, :3], 1) + ce(logits[0, 3:], 0),
                ce(logits[1, :3], 2) + ce(logits[1, 3:], 1)]
    np.testing.assert_allclose(np.array(categorical_nll(logits, codes, CATS)),
                               expected, rtol=1e-5)


def test_information_loss_weights_and_std_clamp():
    gan = tiny_infogan(lambda_cat=2.0, lambda_cont=0.25, min_std=0.1)
    out = {"categorical": np.array([[1.0, 2.0, 0.0, 0.5, -0.5]], np.float32),
           "continuous_mean": np.array([[0.2, -0.4]], np.float32),
           "continuous_std": np.array([[0.01, 0.5]], np.float32)}
    inputs = {"categorical": np.array([[2, 1]]),
              "continuous": np.array([[0.0, 0.1]], np.float32)}
    cat = categorical_nll(out["categorical"], inputs["categorical"], CATS)
    cont = gaussian_nll(inputs["continuous"], out["continuous_mean"],
                        np.array([[0.1, 0.5]], np.float32))  # clamped
    np.testing.assert_allclose(
        np.array(gan.information_loss(out, inputs)),
        2.0 * np.array(cat) + 0.25 * np.array(cont), rtol=1e-5)
    del out["continuous_std"]  # a Q without std: unit variance
    np.testing.assert_allclose(
        np.array(gan.information_loss(out, inputs)),
        2.0 * np.array(cat) + 0.25 * np.array(gaussian_nll(
            inputs["continuous"], out["continuous_mean"],
            np.ones((1, 2), np.float32))),
        rtol=1e-5)


def _log_softmax(l):
    return l - np.log(np.exp(l).sum())


def test_mi_lower_bound_is_the_closed_form():
    """``mi_lower_bound`` = sum_j (log K_j - CE_j) + sum_l (log 2 - NLL_l),
    without the lambdas (the continuous codes are uniform on [-1, 1], whose
    differential entropy is log 2), on fixed logits, means, stds and codes;
    the stds are clamped at min_std as in the loss."""
    gan = tiny_infogan(lambda_cat=2.0, lambda_cont=0.25, min_std=0.1)
    assert CONTINUOUS_PRIOR_ENTROPY == pytest.approx(math.log(2.0))
    assert gan.code_entropy == pytest.approx(math.log(3) + math.log(2) +
                                             2 * math.log(2))
    logits = np.array([[1.0, 2.0, 0.0, 0.5, -0.5],
                       [0.0, 0.0, 3.0, 2.0, 2.0]], np.float32)
    mean = np.array([[0.2, -0.4], [0.0, 0.9]], np.float32)
    std = np.array([[0.01, 0.5], [1.5, 0.3]], np.float32)
    cat = np.array([[2, 1], [0, 0]])
    cont = np.array([[0.0, 0.1], [-0.5, 1.0]], np.float32)
    out = {"categorical": logits, "continuous_mean": mean,
           "continuous_std": std}
    inputs = {"categorical": cat, "continuous": cont}
    expected = []
    for i in range(2):
        total = 0.0
        for j, (lo, k) in enumerate(((0, 3), (3, 2))):
            ce = -_log_softmax(logits[i, lo:lo + k].astype(np.float64))[
                cat[i, j]]
            total += math.log(k) - ce
        for l in range(CONT):
            s = max(float(std[i, l]), 0.1)  # the min_std clamp
            nll = (math.log(s) + 0.5 * math.log(2 * math.pi) +
                   (float(cont[i, l]) - float(mean[i, l])) ** 2 /
                   (2 * s * s))
            total += math.log(2.0) - nll
        expected.append(total)
    got = np.array(gan.mi_lower_bound(out, inputs))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    # unweighted: not the lambda-weighted loss, but H(c) minus the NLLs
    nll = np.array(gan.information_loss(out, inputs))
    assert not np.allclose(got, gan.code_entropy - nll)
    # a Q that reads every categorical code perfectly reaches log K
    sure = {"categorical": np.array([[0, 0, 60.0, 0, 60.0]], np.float32),
            "continuous_mean": np.zeros((1, 2), np.float32)}
    only_cat = tiny_infogan(cats=(3, 2), cont=0)
    bound = float(only_cat.mi_lower_bound(
        sure, {"categorical": np.array([[2, 1]])})[0])
    assert bound == pytest.approx(math.log(6), abs=1e-5)
    # only continuous codes, a Q without std (s = 1)
    only_cont = tiny_infogan(cats=(), cont=2)
    assert only_cont.code_entropy == pytest.approx(2 * math.log(2))
    value = np.array(only_cont.mi_lower_bound(
        {"continuous_mean": mean}, {"continuous": cont}))
    unit = [sum(math.log(2) - (0.5 * math.log(2 * math.pi) +
                               0.5 * (cont[i, l] - mean[i, l]) ** 2)
                for l in range(2)) for i in range(2)]
    np.testing.assert_allclose(value, unit, rtol=1e-5)


def test_fit_reports_the_unweighted_mi_lower_bound():
    """With lambdas of 1 the bound is exactly H(c) - q_loss on the same
    discriminator steps (also when d_steps > 1 averages them); it is a
    metric only: the losses are those of a model without it."""
    gan = tiny_infogan(lambda_cat=1.0, lambda_cont=1.0)
    gan.compile(keras.optimizers.Adam(1e-3, beta_1=0.5),
                keras.optimizers.Adam(1e-3, beta_1=0.5), d_steps=2)
    assert "mi_lower_bound" in [m.name for m in gan.metrics]
    x = np.random.RandomState(0).uniform(-1, 1, (32, *SHAPE)).astype(
        "float32")
    history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16),
                      epochs=2, verbose=0)
    h = history.history
    assert len(h["mi_lower_bound"]) == 2
    np.testing.assert_allclose(
        h["mi_lower_bound"], gan.code_entropy - np.array(h["q_loss"]),
        rtol=1e-4, atol=1e-4)


def test_mi_lower_bound_under_a_two_replica_strategy(two_cpu_strategy):
    """Each replica reports the bound of its own fakes (the replicas' steps
    are traced in separate threads): still exactly H(c) - q_loss."""
    with two_cpu_strategy.scope():
        gan = tiny_infogan(lambda_cat=1.0, lambda_cont=1.0)
    x = np.random.RandomState(1).uniform(-1, 1, (32, *SHAPE)).astype(
        "float32")
    h = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16), epochs=1,
                verbose=0).history
    assert np.isfinite(h["mi_lower_bound"][0])
    assert h["mi_lower_bound"][0] == pytest.approx(
        gan.code_entropy - h["q_loss"][0], abs=1e-4)


def test_generate_with_codes_dict_and_array():
    gan = tiny_infogan()
    assert gan.latent_dim == NOISE and gan.code_dim == 7
    inputs = gan.sample_generator_inputs(
        3, seed=0, codes={"categorical": [[2, 1], [0, 0], [1, 1]],
                          "continuous": [0.5, -1.0]})
    np.testing.assert_array_equal(np.array(inputs["categorical"]),
                                  [[2, 1], [0, 0], [1, 1]])
    np.testing.assert_allclose(np.array(inputs["continuous"]),
                               [[0.5, -1.0]] * 3)
    x = np.array(gan.generator_input(inputs))
    assert x.shape == (3, NOISE + 7)
    np.testing.assert_array_equal(x[0, NOISE:NOISE + 5], [0, 0, 1, 0, 1])
    np.testing.assert_allclose(x[:, NOISE + 5:], [[0.5, -1.0]] * 3)
    # the array form: categorical columns first, then continuous
    a = gan.generate(3, seed=1, codes=np.array([[2, 1, 0.5, -1.0],
                                                [0, 0, 0.5, -1.0],
                                                [1, 1, 0.5, -1.0]]))
    b = gan.generate(3, seed=1, codes={"categorical": [[2, 1], [0, 0],
                                                       [1, 1]],
                                       "continuous": [0.5, -1.0]})
    np.testing.assert_allclose(a, b, atol=1e-6)
    assert a.shape == (3, *SHAPE) and a.min() >= -1 and a.max() <= 1
    c = gan.generate(3, seed=1, codes={"categorical": [[0, 0]] * 3,
                                       "continuous": [0.5, -1.0]})
    assert not np.allclose(a[0], c[0])  # the code changes the image
    np.testing.assert_allclose(a[1], c[1], atol=1e-6)  # same code, same z
    # sampled codes are in range
    codes = gan.sample_generator_inputs(500, seed=2, codes={})
    cat = np.array(codes["categorical"])
    assert cat.min() == 0 and list(cat.max(0)) == [2, 1]
    cont = np.array(codes["continuous"])
    assert -1 <= cont.min() < -0.9 and 0.9 < cont.max() <= 1


@pytest.mark.parametrize("codes, match", [
    ({"continuous": np.zeros((4, 3))},
     r"codes\['continuous'\] must have shape \(4, 2\).*received shape "
     r"\(4, 3\)"),
    ({"categorical": [[0, 2]] * 4},
     r"Categorical code 1 takes values in \[0, 2\); received 2 for image 0"),
    ({"categorical": [[0.5, 1]] * 4}, r"must be whole numbers"),
    ({"style": 1}, r"keys 'categorical' and/or 'continuous'; received keys "
                   r"\['style'\]"),
    (np.zeros((4, 5)), r"codes must have shape \(4, 4\) \(2 categorical "
                       r"then 2 continuous columns\).*received shape "
                       r"\(4, 5\)"),
])
def test_codes_of_the_wrong_width_or_range_raise(codes, match):
    gan = tiny_infogan()
    with pytest.raises(ValueError, match=match):
        gan.generate(4, codes=codes)


def test_construction_errors():
    g = nets.infogan_generator(SHAPE, 10, width=8, hidden_units=16)
    d = nets.infogan_discriminator(SHAPE, (3,), 2, width=8, hidden_units=16)
    with pytest.raises(ValueError, match=r"generator takes 10 inputs but "
                       r"latent_dim=4 \+ codes 5"):
        InfoGAN(g, d, latent_dim=4, categorical_dims=(3,), continuous_dims=2)
    with pytest.raises(ValueError, match=r"'categorical' output has width 3;"
                       r" expected 4"):
        InfoGAN(g, d, categorical_dims=(4,), continuous_dims=1)
    with pytest.raises(ValueError, match="at least one latent code"):
        InfoGAN(g, d, categorical_dims=(), continuous_dims=0)


def test_fit_trains_q_with_d_and_g_and_reports_the_information_terms():
    """Q's head moves (it is in discriminator_variables), the information
    terms are reported, and on data with four clear modes G and Q learn to
    agree on a 4-way code: its cross-entropy falls from log 4 = 1.39 (a Q
    that cannot read the code) to well below, i.e. the mutual-information
    lower bound log 4 - CE becomes clearly positive."""
    from tests.variants.test_conditional import quadrants  # 4-quadrant data

    gan = tiny_infogan(seed=0, cats=(4,), cont=0, lr=2e-3)
    q_vars = [v for v in gan.discriminator_variables() if "q_" in v.path]
    assert q_vars and not any(v is w for v in q_vars
                              for w in gan.generator_variables())
    q0 = [np.array(v) for v in q_vars]
    g0 = [np.array(v) for v in gan.generator_variables()]
    x, _ = quadrants(256)
    history = gan.fit(tf.data.Dataset.from_tensor_slices(x).shuffle(
        256, seed=0).batch(32), epochs=5, verbose=0)
    h = history.history
    assert {"q_loss", "info_loss", "mi_lower_bound"} <= set(h)
    assert all(np.isfinite(v).all() for v in h.values())
    # the unweighted bound log 4 - CE (lambda_cat = 1, no continuous code)
    np.testing.assert_allclose(h["mi_lower_bound"],
                               math.log(4) - np.array(h["q_loss"]),
                               rtol=1e-4, atol=1e-4)
    assert h["mi_lower_bound"][-1] > max(0.5, h["mi_lower_bound"][0])
    assert any(not np.allclose(a, np.array(b)) for a, b in zip(q0, q_vars))
    assert any(not np.allclose(a, np.array(b))
               for a, b in zip(g0, gan.generator_variables()))
    assert h["info_loss"][-1] < min(0.8, h["info_loss"][0])
    assert h["q_loss"][-1] < 0.8
    read = gan.predict_codes(x[:5])
    assert read["categorical"][0].shape == (5, 4)
    np.testing.assert_allclose(read["categorical"][0].sum(1), 1.0, rtol=1e-5)


def test_traversals_and_grid_layout(tmp_path):
    gan = tiny_infogan()
    inputs, cols = latent_traversal_inputs(gan, vary="continuous", index=1,
                                           seed=0)
    assert cols == 9
    cont = inputs["continuous"].reshape(3, 9, CONT)
    np.testing.assert_allclose(cont[:, :, 1], np.tile(np.linspace(-2, 2, 9),
                                                      (3, 1)), atol=1e-6)
    np.testing.assert_allclose(cont[:, :, 0], 0.0)
    cat = inputs["categorical"].reshape(3, 9, 2)
    np.testing.assert_array_equal(cat[:, :, 0],
                                  np.repeat(np.arange(3)[:, None], 9, axis=1))
    z = inputs["latent"].reshape(3, 9, NOISE)
    assert np.allclose(z, z[0, 0])  # one noise for the whole picture
    images, cols = latent_traversal(gan, vary="categorical", index=0,
                                    num_rows=4)
    assert images.shape == (12, *SHAPE) and cols == 3
    inputs, _ = latent_traversal_inputs(gan, vary="categorical", num_rows=4)
    rows = inputs["latent"].reshape(4, 3, NOISE)
    assert np.allclose(rows, rows[:, :1]) and not np.allclose(rows[0],
                                                              rows[1])
    # SampleGrid's call: row r = first categorical value r
    grid = gan.grid_generator_inputs(9, seed=0)
    np.testing.assert_array_equal(np.array(grid["categorical"])[:, 0],
                                  np.repeat(np.arange(3), 3))
    assert class_grid(gan, per_class=2).shape == (6, *SHAPE)
    with pytest.raises(ValueError, match=r"continuous code in \[0, 2\)"):
        latent_traversal(gan, vary="continuous", index=2)
    callback = LatentTraversal(tmp_path, vary="continuous", index=0)
    callback.set_model(gan)
    path = callback.write(1)
    assert path.endswith("traversal_continuous0_0001.png")


def test_infogan_recipe_builds_tiny_and_trains_one_step(tmp_path):
    recipe = zoo.get("infogan")
    assert not recipe.with_labels and recipe.gan_class is InfoGAN
    gan = zoo.build("infogan", image_shape=SHAPE, width=4, latent_dim=6,
                    hidden_units=16, q_units=8, compile=True)
    assert gan.categorical_dims == [10] and gan.continuous_dims == 2
    assert gan.lambda_cont == 0.1 and gan.latent_dim == 6
    x = np.random.RandomState(0).uniform(-1, 1, (16, *SHAPE)).astype(
        "float32")
    history = gan.fit(tf.data.Dataset.from_tensor_slices(x).batch(16),
                      epochs=1, verbose=0)
    assert np.isfinite(history.history["info_loss"][0])
    path = str(tmp_path / "infogan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded, InfoGAN)
    assert loaded.get_config()["categorical_dims"] == [10]
    codes = {"categorical": 7, "continuous": [0.3, -0.3]}
    np.testing.assert_allclose(loaded.generate(2, seed=0, codes=codes),
                               gan.generate(2, seed=0, codes=codes),
                               atol=1e-6)
