"""Evaluation metrics for generators: FID, KID, Inception Score, precision /
recall, and domain-classifier scores for MNIST-like data.

High level::

    from keras_gans import metrics
    result = metrics.evaluate(gan, dataset="fashion_mnist",
                              metrics=("fid", "kid", "classifier"),
                              num_samples=10_000, seed=0)
    result["fid"], result["protocol"]

Low level (numpy, float64): ``frechet_distance``, ``fid_from_features``,
``kid_from_features``, ``inception_score_from_logits``,
``precision_recall_from_features``, ``classifier_score_from_logits``.

The Inception network (``inception.network.build_inception``) is ``keras.layers``
only; its weights are read from TorchScript files without PyTorch
(``inception.torchscript.read_archive``). See ``inception`` for where they come from.

Note: the functions ``fid``, ``kid``, ``inception_score`` and
``precision_recall`` exported here shadow the submodules of the same names
as attributes of this package; reach a submodule with ``from
keras_gans.metrics.fid import frechet_distance`` or
``importlib.import_module("keras_gans.metrics.fid")``.
"""

from keras_gans.metrics.classifier import (
    DomainClassifier,
    build_classifier,
    classifier_score_from_logits,
    load_classifier,
)
from keras_gans.metrics.evaluate import (
    DEFAULT_METRICS,
    METRICS,
    evaluate,
    fid_of_generator,
    generated_images,
    real_statistics,
)
from keras_gans.metrics.fid import (
    fid_from_features,
    frechet_distance,
    statistics,
)
from keras_gans.metrics.inception.network import (
    InceptionExtractor,
    LogitsUnavailableError,
    WeightsError,
    build_inception,
    get_extractor,
    resolve_weights,
    to_uint8,
)
from keras_gans.metrics.inception_score import inception_score_from_logits
from keras_gans.metrics.kid import kid_from_features, mmd2_unbiased
from keras_gans.metrics.of_generators import (fid, inception_score, kid,
                                              precision_recall)
from keras_gans.metrics.precision_recall import precision_recall_from_features
from keras_gans.metrics.translation import (  # noqa: F401  pix2pix
    evaluate_translation, load_translator)
from keras_gans.metrics.inception.torchscript import (UnsafeArchiveError,
                                                     read_archive)

__all__ = [
    "DEFAULT_METRICS", "METRICS", "DomainClassifier", "InceptionExtractor",
    "LogitsUnavailableError", "UnsafeArchiveError", "WeightsError",
    "build_classifier", "build_inception", "classifier_score_from_logits",
    "evaluate", "fid", "fid_from_features", "fid_of_generator",
    "frechet_distance", "generated_images", "get_extractor",
    "inception_score", "inception_score_from_logits", "kid",
    "kid_from_features", "load_classifier", "mmd2_unbiased",
    "precision_recall", "precision_recall_from_features", "read_archive",
    "real_statistics", "resolve_weights", "statistics", "to_uint8",
]
