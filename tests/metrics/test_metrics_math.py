"""The metric math (numpy/scipy only): FID, IS, KID, precision/recall and the
classifier score against closed forms and hand computations."""

import numpy as np
import pytest
import scipy.linalg

import importlib

from keras_gans.metrics import classifier

# keras_gans.metrics re-exports functions named fid, kid, inception_score and
# precision_recall, which shadow the submodules of the same names.
fid = importlib.import_module("keras_gans.metrics.fid")
kid = importlib.import_module("keras_gans.metrics.kid")
inception_score = importlib.import_module("keras_gans.metrics.inception_score")
pr = importlib.import_module("keras_gans.metrics.precision_recall")


def _random_cov(rng, d, scale=1.0):
    a = rng.standard_normal((d, d))
    return scale * (a @ a.T / d + 0.1 * np.eye(d))


# -- FID ----------------------------------------------------------------------
@pytest.mark.parametrize("method", ["scipy", "eigen"])
def test_fid_of_a_set_with_itself_is_zero(method):
    x = np.random.default_rng(0).standard_normal((500, 32)) * 3 + 1
    assert abs(fid.fid_from_features(x, x, method=method)) < 1e-6


def test_fid_of_singular_statistics_with_itself_is_about_zero():
    # fewer samples than dimensions: singular covariances. The reference
    # (scipy sqrtm) path may add eps=1e-6 to both diagonals, which biases
    # the result by at most 2 * d * eps, and the square root of round-off on
    # the ~44 zero eigenvalues adds ~1e-6; from the features (N x N
    # problem) the eigen method is exact.
    x = np.random.default_rng(1).standard_normal((20, 64))
    assert abs(fid.fid_from_features(x, x)) < 1e-9
    value = fid.fid_from_features(x, x, method="scipy")
    assert abs(value) <= 2 * 64 * 1e-6 + 1e-5
    mu, sigma = fid.statistics(x)
    value = fid.frechet_distance(mu, sigma, mu, sigma)  # no features
    assert abs(value) <= 1e-5


@pytest.mark.parametrize("n1,n2", [(12, 15), (12, 300), (300, 12), (200, 300)])
def test_fid_small_sample_path_agrees(n1, n2):
    rng = np.random.default_rng(n1 + n2)
    x = np.abs(rng.standard_normal((n1, 100)))
    y = np.abs(rng.standard_normal((n2, 100))) * 1.3
    m1, s1 = fid.statistics(x)
    m2, s2 = fid.statistics(y)
    plain = fid.frechet_distance(m1, s1, m2, s2, method="eigen")
    from_features = fid.frechet_distance(m1, s1, m2, s2, features1=x,
                                         features2=y)
    reference = fid.frechet_distance(m1, s1, m2, s2, method="scipy")
    assert from_features == pytest.approx(plain, rel=1e-7)
    assert from_features == pytest.approx(reference, rel=1e-6)


@pytest.mark.parametrize("method", ["scipy", "eigen"])
def test_fid_matches_closed_form_for_gaussians(method):
    rng = np.random.default_rng(2)
    d = 16
    mu1, mu2 = rng.standard_normal(d), rng.standard_normal(d) + 2
    s1, s2 = _random_cov(rng, d), _random_cov(rng, d, 3.0)
    # closed form via the symmetric square roots (independent of the
    # implementation's product sqrtm)
    r1 = scipy.linalg.sqrtm(s1).real
    cross = scipy.linalg.sqrtm(r1 @ s2 @ r1).real
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2 - 2 * cross)
    got = fid.frechet_distance(mu1, s1, mu2, s2, method=method)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_fid_of_commuting_gaussians():
    # diagonal covariances: Tr((S1 S2)^(1/2)) = sum sqrt(a_i b_i)
    a = np.array([1.0, 4.0, 9.0])
    b = np.array([4.0, 1.0, 16.0])
    mu1, mu2 = np.zeros(3), np.array([1.0, 2.0, 2.0])
    expected = 9.0 + a.sum() + b.sum() - 2 * np.sqrt(a * b).sum()
    assert fid.frechet_distance(mu1, np.diag(a), mu2, np.diag(b)) == \
        pytest.approx(expected, abs=1e-10)


def test_fid_from_samples_approaches_population_value():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((20000, 4))
    y = rng.standard_normal((20000, 4)) * 2 + 1
    # FID(N(0, I), N(1, 4I)) = 4 * 1 + 4 + 16 - 2 * 4 * 2 = 8
    assert fid.fid_from_features(x, y) == pytest.approx(8.0, rel=0.05)


def test_fid_rejects_bad_shapes_and_values():
    with pytest.raises(ValueError, match="same D"):
        fid.fid_from_features(np.zeros((5, 3)), np.zeros((5, 4)))
    with pytest.raises(ValueError, match="N >= 2"):
        fid.statistics(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="NaN"):
        fid.statistics(np.array([[0.0, np.nan], [1.0, 2.0]]))
    with pytest.raises(ValueError, match="Covariances"):
        fid.frechet_distance(np.zeros(2), np.eye(3), np.zeros(2), np.eye(2))
    with pytest.raises(ValueError, match="method"):
        fid.frechet_distance(np.zeros(2), np.eye(2), np.zeros(2), np.eye(2),
                             method="magic")


def test_fid_discards_tiny_imaginary_parts_and_is_real():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((40, 30))
    y = rng.standard_normal((40, 30)) + 0.5
    value = fid.fid_from_features(x, y, method="scipy")
    assert isinstance(value, float) and np.isfinite(value) and value > 0
    assert value == pytest.approx(fid.fid_from_features(x, y), rel=1e-4)


# -- Inception Score ------------------------------------------------------------
def test_inception_score_of_uniform_logits_is_one():
    mean, std = inception_score.inception_score_from_logits(
        np.zeros((100, 1008)))
    assert mean == pytest.approx(1.0, abs=1e-12) and std < 1e-12


@pytest.mark.parametrize("k", [2, 10, 1008])
def test_inception_score_of_confident_balanced_logits_is_k(k):
    n = 10 * k  # every split holds each class once
    logits = np.full((n, 1008), -1e4)
    logits[np.arange(n), np.arange(n) % k] = 1e4
    mean, std = inception_score.inception_score_from_logits(logits, splits=10)
    assert mean == pytest.approx(k, rel=1e-9)
    assert std < 1e-9


def test_inception_score_matches_original_formula():
    rng = np.random.default_rng(5)
    logits = rng.standard_normal((60, 12)) * 3
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    scores = []
    for i in range(3):  # the openai/improved-gan loop
        part = p[i * 60 // 3:(i + 1) * 60 // 3]
        kl = part * (np.log(part) - np.log(part.mean(0, keepdims=True)))
        scores.append(np.exp(kl.sum(1).mean()))
    mean, std = inception_score.inception_score_from_logits(logits, splits=3)
    assert mean == pytest.approx(np.mean(scores), rel=1e-10)
    assert std == pytest.approx(np.std(scores), rel=1e-8)


def test_inception_score_rejects_too_few_samples():
    with pytest.raises(ValueError, match="per split"):
        inception_score.inception_score_from_logits(np.zeros((5, 10)),
                                                    splits=10)


# -- KID ----------------------------------------------------------------------
def test_polynomial_kernel():
    x = np.array([[1.0, 2.0], [0.0, 1.0]])
    y = np.array([[3.0, -1.0]])
    expected = np.array([[(1 * 3 - 2) / 2 + 1], [(0 - 1) / 2 + 1]]) ** 3
    np.testing.assert_allclose(kid.polynomial_kernel(x, y), expected)


def test_mmd2_unbiased_matches_explicit_sums():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((7, 3))
    y = rng.standard_normal((5, 3)) + 0.3

    def k(a, b):
        return (a @ b / 3 + 1) ** 3

    xx = sum(k(x[i], x[j]) for i in range(7) for j in range(7) if i != j)
    yy = sum(k(y[i], y[j]) for i in range(5) for j in range(5) if i != j)
    xy = sum(k(x[i], y[j]) for i in range(7) for j in range(5))
    expected = xx / 42 + yy / 20 - 2 * xy / 35
    assert kid.mmd2_unbiased(x, y) == pytest.approx(expected, rel=1e-12)


def test_kid_of_a_set_with_itself_is_about_zero():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((1500, 64))
    y = rng.standard_normal((1500, 64)) + 0.5
    self_kid, _ = kid.kid_from_features(x, x, num_subsets=20)
    other_kid, _ = kid.kid_from_features(x, y, num_subsets=20)
    assert abs(self_kid) < 0.02 * other_kid
    assert other_kid > 0.05


def test_kid_uses_subsets_of_at_most_1000():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((30, 4))
    y = rng.standard_normal((40, 4)) + 1
    # fewer than 1000 samples: subsets of min(N1, N2) = 30; with all of x in
    # every subset only y's subset varies
    mean, std = kid.kid_from_features(x, y, num_subsets=5, seed=3)
    rng2 = np.random.default_rng(3)
    expected = []
    for _ in range(5):
        xs = x[rng2.choice(30, 30, replace=False)]
        ys = y[rng2.choice(40, 30, replace=False)]
        expected.append(kid.mmd2_unbiased(xs, ys))
    assert mean == pytest.approx(np.mean(expected), rel=1e-12)
    assert std == pytest.approx(np.std(expected), rel=1e-9)
    with pytest.raises(ValueError, match="same D"):
        kid.kid_from_features(x, y[:, :3])


# -- precision / recall -------------------------------------------------------
def test_precision_recall_of_a_set_against_itself_is_one():
    x = np.random.default_rng(9).standard_normal((300, 32)) * 10 + 50
    p, r = pr.precision_recall_from_features(x, x, k=3, block_size=64)
    assert p == 1.0 and r == 1.0


def test_precision_recall_of_disjoint_sets_is_zero():
    rng = np.random.default_rng(10)
    x = rng.standard_normal((200, 8))
    y = rng.standard_normal((200, 8)) + 100
    assert pr.precision_recall_from_features(x, y) == (0.0, 0.0)


def test_precision_recall_of_a_collapsed_generator():
    # generated samples all near one real point: precise but low recall
    rng = np.random.default_rng(11)
    real = rng.standard_normal((400, 2))
    gen = real[:1] + 1e-3 * rng.standard_normal((400, 2))
    p, r = pr.precision_recall_from_features(real, gen, k=3)
    assert p == 1.0 and r < 0.05


def test_kth_neighbour_radii_by_hand():
    x = np.array([[0.0], [1.0], [3.0], [7.0]])
    np.testing.assert_allclose(pr.kth_neighbour_radii(x, k=1),
                               [1.0, 1.0, 2.0, 4.0])
    np.testing.assert_allclose(pr.kth_neighbour_radii(x, k=2),
                               [3.0, 2.0, 3.0, 6.0])


# -- classifier score -----------------------------------------------------------
def test_classifier_score_bounds():
    assert classifier.classifier_score_from_logits(
        np.zeros((50, 10))) == pytest.approx(1.0)
    logits = np.full((40, 10), -50.0)
    logits[np.arange(40), np.arange(40) % 10] = 50.0
    assert classifier.classifier_score_from_logits(logits) == \
        pytest.approx(10.0, rel=1e-9)
    # all samples confidently the same class: no diversity
    same = np.zeros((40, 10))
    same[:, 3] = 50.0
    assert classifier.classifier_score_from_logits(same) == \
        pytest.approx(1.0, abs=1e-9)


def test_accuracy():
    logits = np.eye(4)[[0, 1, 2, 3, 0]]
    assert classifier.accuracy(logits, [0, 1, 2, 0, 0]) == pytest.approx(0.8)
    with pytest.raises(ValueError, match="labels"):
        classifier.accuracy(logits, [0, 1])


def test_every_set_metric_refuses_non_finite_features():
    from keras_gans.metrics.fid import fid_from_features
    from keras_gans.metrics.kid import kid_from_features
    from keras_gans.metrics.precision_recall import \
        precision_recall_from_features

    good = np.random.default_rng(0).normal(size=(8, 3))
    bad = good.copy()
    bad[2, 1] = np.nan
    for fn in (fid_from_features, kid_from_features,
               precision_recall_from_features):
        with pytest.raises(ValueError, match="NaN or infinite"):
            fn(good, bad)
        with pytest.raises(ValueError, match="same D"):
            fn(good, good[:, :2])
