"""Domain classifiers for MNIST-like data (as TF-GAN evaluates MNIST GANs with
an MNIST classifier instead of Inception).

Small CNNs (``keras.layers`` only) trained by ``benchmarks/train_classifiers.py``
and shipped in ``keras_gans/metrics/weights/`` as ``.weights.h5`` with a JSON
card (test accuracy, test set, training command, sha256 of the weights).
They give, on 28x28 grayscale images:

- the *classifier score*: ``exp(E_x KL(p(y|x) || p(y)))``, the Inception
  Score computed with the domain classifier over all samples (no splits, as
  TF-GAN's ``classifier_score_from_logits``);
- the *classifier FID*: the Frechet distance of the penultimate-layer
  (128-d) features;
- for conditional models, the accuracy of generated images against the
  labels they were asked for.
"""

import hashlib
import json
import os

import keras
import numpy as np
from keras import layers

from keras_gans.metrics.inception_score import inception_score_from_logits

__all__ = ["CLASSIFIERS", "build_classifier", "load_classifier",
           "DomainClassifier", "get_classifier", "classifier_score_from_logits",
           "accuracy", "weights_dir"]

# dataset name -> shipped weights (the JSON card sits next to the .h5).
CLASSIFIERS = {
    "fashion_mnist": "fashion_mnist_classifier",
    "mnist": "mnist_classifier",
}
# datasets that are evaluated with another dataset's classifier
_ALIASES = {"mnist_5k": "mnist", "fashion-mnist": "fashion_mnist"}

FEATURE_DIM = 128


def weights_dir():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")


def classifier_name(dataset):
    """Canonical classifier key for a dataset name, or a clear error."""
    key = str(dataset).lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    if key not in CLASSIFIERS:
        raise ValueError(
            f"No domain classifier for dataset {dataset!r}; available: "
            f"{sorted(CLASSIFIERS) + sorted(_ALIASES)} (28x28 grayscale). "
            "Use the Inception metrics (fid, kid, is) for other data.")
    return key


def build_classifier(num_classes=10, image_shape=(28, 28, 1),
                     name="domain_classifier"):
    """The domain-classifier CNN with random weights.

    Input: float images with values in [0, 255] (uint8 range; scaled to
    [-1, 1] inside). Outputs a dict ``{"features": (N, 128) penultimate
    ReLU activations, "logits": (N, num_classes)}``.
    """
    images = keras.Input(tuple(image_shape), name="images", dtype="float32")
    x = layers.Rescaling(1.0 / 127.5, offset=-1.0, name="scale")(images)
    for stage, filters in enumerate((32, 64)):
        for i in range(2):
            x = layers.Conv2D(filters, 3, padding="same", use_bias=False,
                              name=f"conv{stage}_{i}")(x)
            x = layers.BatchNormalization(name=f"conv{stage}_{i}_bn")(x)
            x = layers.ReLU(name=f"conv{stage}_{i}_relu")(x)
        x = layers.MaxPooling2D(2, name=f"pool{stage}")(x)
    x = layers.Conv2D(128, 3, padding="same", use_bias=False, name="conv2")(x)
    x = layers.BatchNormalization(name="conv2_bn")(x)
    x = layers.ReLU(name="conv2_relu")(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    features = layers.Dense(FEATURE_DIM, activation="relu",
                            name="features")(x)
    x = layers.Dropout(0.3, name="dropout")(features)
    logits = layers.Dense(num_classes, name="logits")(x)
    return keras.Model(images, {"features": features, "logits": logits},
                       name=name)


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_classifier(dataset, directory=None):
    """``(model, card)`` for ``dataset`` ("fashion_mnist", "mnist",
    "mnist_5k"), with the shipped weights checked against the sha256 in
    the card."""
    key = classifier_name(dataset)
    directory = directory or weights_dir()
    stem = CLASSIFIERS[key]
    h5 = os.path.join(directory, f"{stem}.weights.h5")
    card_path = os.path.join(directory, f"{stem}.json")
    if not (os.path.isfile(h5) and os.path.isfile(card_path)):
        raise FileNotFoundError(
            f"The {key} classifier weights are missing ({h5} and its .json "
            "card); they ship with keras_gans. Re-train them with "
            "`python benchmarks/train_classifiers.py`.")
    with open(card_path) as f:
        card = json.load(f)
    sha = _sha256(h5)
    if sha != card.get("sha256"):
        raise ValueError(
            f"{h5} has sha256 {sha}; its card says {card.get('sha256')}. The "
            "file is corrupted; reinstall keras_gans or re-train.")
    model = build_classifier(card.get("num_classes", 10),
                             tuple(card.get("image_shape", (28, 28, 1))))
    model.load_weights(h5)
    card = dict(card, weights_file=os.path.basename(h5))
    return model, card


class DomainClassifier:
    """uint8 images -> ``{"features", "logits"}`` of a domain classifier."""

    def __init__(self, dataset, batch_size=500, directory=None):
        import tensorflow as tf

        self.model, self.card = load_classifier(dataset, directory)
        self.dataset = classifier_name(dataset)
        self.batch_size = int(batch_size)
        model = self.model

        @tf.function(reduce_retracing=True)
        def forward(images):
            return model(tf.cast(images, tf.float32), training=False)

        self._forward = forward

    @property
    def image_shape(self):
        return tuple(self.model.inputs[0].shape[1:])

    @property
    def protocol(self):
        card = self.card
        return {
            "classifier": f"{self.dataset} CNN ({card.get('weights_file')})",
            "classifier_sha256": card.get("sha256"),
            "classifier_test_accuracy": card.get("test_accuracy"),
            "classifier_test_set": card.get("test_set"),
            "classifier_features": "penultimate Dense(128) ReLU",
        }

    def __call__(self, images, batch_size=None):
        images = np.asarray(images)
        if images.ndim == 3:
            images = images[..., None]
        if images.dtype != np.uint8:
            raise ValueError("The domain classifier takes uint8 images; "
                             f"received {images.dtype}.")
        if images.shape[1:] != self.image_shape:
            raise ValueError(
                f"The {self.dataset} classifier takes images of shape "
                f"{self.image_shape}; received {images.shape[1:]}.")
        bs = int(batch_size or self.batch_size)
        feats, logits = [], []
        for start in range(0, len(images), bs):
            out = self._forward(images[start:start + bs])
            feats.append(np.asarray(out["features"]))
            logits.append(np.asarray(out["logits"]))
        return {"features": np.concatenate(feats),
                "logits": np.concatenate(logits)}


_CLASSIFIERS = {}


def get_classifier(dataset):
    """A :class:`DomainClassifier` cached per process."""
    key = classifier_name(dataset)
    if key not in _CLASSIFIERS:
        _CLASSIFIERS[key] = DomainClassifier(key)
    return _CLASSIFIERS[key]


def classifier_score_from_logits(logits):
    """``exp(E_x KL(p(y|x) || p(y)))`` over all samples (float64), as TF-GAN's
    ``classifier_score_from_logits``: 1 for identical predictions, up to the
    number of classes for confident, balanced predictions. (The Inception
    Score formula with a single split.)"""
    return inception_score_from_logits(logits, splits=1)[0]


def accuracy(logits, labels):
    """Fraction of ``argmax(logits)`` equal to ``labels``."""
    logits = np.asarray(logits)
    labels = np.asarray(labels).reshape(-1)
    if len(labels) != len(logits):
        raise ValueError(f"Got {len(logits)} logits but {len(labels)} "
                         "labels.")
    return float(np.mean(np.argmax(logits, axis=1) == labels))
