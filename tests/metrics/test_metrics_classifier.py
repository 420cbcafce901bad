"""The shipped domain classifiers (Fashion-MNIST, MNIST): files, integrity
checks, accuracy on held-out real images, and the scores they give."""

import json
import os
import shutil

import numpy as np
import pytest

from keras_gans import data
from keras_gans.metrics import classifier


def _arrays(name, split):
    try:
        return data.load_arrays(name, split)
    except (FileNotFoundError, OSError) as e:
        pytest.skip(f"{name} not available: {e}")


@pytest.mark.parametrize("name", ["fashion_mnist", "mnist"])
def test_shipped_files_are_small_and_documented(name):
    stem = classifier.CLASSIFIERS[name]
    h5 = os.path.join(classifier.weights_dir(), f"{stem}.weights.h5")
    card_path = os.path.join(classifier.weights_dir(), f"{stem}.json")
    assert os.path.getsize(h5) < 1_000_000
    with open(card_path) as f:
        card = json.load(f)
    for key in ("test_accuracy", "test_set", "train_set", "command",
                "sha256", "epochs"):
        assert key in card, key
    if name == "fashion_mnist":
        assert card["test_accuracy"] >= 0.92
        assert card["num_test_images"] == 10000
    else:
        assert "NOT the official" in card["test_set"]


def test_fashion_classifier_accuracy_and_score():
    x, y = _arrays("fashion_mnist", "test")
    clf = classifier.DomainClassifier("fashion_mnist")
    out = clf(x[:1000])
    assert out["features"].shape == (1000, 128)
    assert classifier.accuracy(out["logits"], y[:1000]) >= 0.9
    # real, diverse, recognisable images score close to the 10 classes
    assert classifier.classifier_score_from_logits(out["logits"]) > 7.0
    assert clf.protocol["classifier_sha256"] == clf.card["sha256"]


def test_mnist_classifier_accuracy_on_its_held_out_digits():
    x, y = _arrays("mnist_5k", "test")
    clf = classifier.get_classifier("mnist_5k")  # alias of mnist
    assert clf.dataset == "mnist"
    assert classifier.accuracy(clf(x)["logits"], y) >= 0.95


def test_corrupted_or_missing_weights_are_refused(tmp_path):
    for name in os.listdir(classifier.weights_dir()):
        shutil.copy(os.path.join(classifier.weights_dir(), name), tmp_path)
    h5 = tmp_path / "mnist_classifier.weights.h5"
    raw = bytearray(h5.read_bytes())
    raw[-100] ^= 0xFF
    h5.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="sha256.*corrupted"):
        classifier.load_classifier("mnist", directory=str(tmp_path))
    h5.unlink()
    with pytest.raises(FileNotFoundError, match="train_classifiers.py"):
        classifier.load_classifier("mnist", directory=str(tmp_path))


def test_input_checks():
    with pytest.raises(ValueError, match="No domain classifier.*cifar10"):
        classifier.classifier_name("cifar10")
    clf = classifier.get_classifier("mnist")
    with pytest.raises(ValueError, match=r"\(28, 28, 1\)"):
        clf(np.zeros((2, 32, 32, 3), np.uint8))
    with pytest.raises(ValueError, match="uint8"):
        clf(np.zeros((2, 28, 28, 1), np.float32))


def test_random_classifier_shapes():
    model = classifier.build_classifier()
    out = model(np.zeros((3, 28, 28, 1), np.float32))
    assert tuple(out["features"].shape) == (3, 128)
    assert tuple(out["logits"].shape) == (3, 10)
