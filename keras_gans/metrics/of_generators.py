"""One-metric shortcuts over :func:`keras_gans.metrics.evaluate.evaluate`:
``fid``, ``kid``, ``inception_score`` and ``precision_recall`` of a
generator (or of images) against real data. The math they run lives in
the leaf modules ``fid``, ``kid``, ``inception_score`` and
``precision_recall``, which import nothing above them.
"""

from keras_gans.metrics.evaluate import evaluate

__all__ = ["fid", "kid", "inception_score", "precision_recall"]



def fid(generated, real="fashion_mnist", num_samples=10_000, **kwargs):
    """FID of a generator (or of generated images) against real data.

    ``generated``: a generator (Keras model, ``keras_gans.GAN``, SavedModel,
    zoo name, callable) or images; ``real``: a dataset name, images or a
    ``tf.data.Dataset``; of a named dataset the reference is its ``split=``,
    ``"test"`` by default (as for ``keras-gans evaluate`` and the zoo). Other
    arguments as :func:`keras_gans.metrics.evaluate`. Returns the FID
    (float).
    """
    kwargs.setdefault("progress", False)
    return evaluate(generated, dataset=real, metrics=("fid",),
                    num_samples=num_samples, **kwargs)["fid"]


def kid(generated, real="fashion_mnist", num_samples=10_000, **kwargs):
    """KID ``(mean, std)`` of a generator or of images against real data
    (of a named dataset, its ``split=``, ``"test"`` by default); arguments
    as :func:`keras_gans.metrics.evaluate`."""
    kwargs.setdefault("progress", False)
    result = evaluate(generated, dataset=real, metrics=("kid",),
                      num_samples=num_samples, **kwargs)
    return result["kid"], result["kid_std"]


def inception_score(generated, num_samples=50_000, splits=10, weights=None,
                    **kwargs):
    """Inception Score ``(mean, std)`` of a generator or of images.

    Needs the 1008-way logits: pass ``weights="/path/to/inception-2015-12-05
    .pt"`` (NVlabs' file) or let keras_gans download it. Other arguments as
    :func:`keras_gans.metrics.evaluate`.
    """
    kwargs.setdefault("progress", False)
    result = evaluate(generated, dataset=None, metrics=("is",),
                      num_samples=num_samples, weights=weights,
                      is_splits=splits, **kwargs)
    return result["is"], result["is_std"]


def precision_recall(generated, real="fashion_mnist", num_samples=10_000,
                     k=3, **kwargs):
    """``(precision, recall)`` of a generator or of images against real data
    in Inception pool3 space (of a named dataset, its ``split=``, ``"test"``
    by default); arguments as :func:`keras_gans.metrics.evaluate`."""
    kwargs.setdefault("progress", False)
    result = evaluate(generated, dataset=real, metrics=("precision_recall",),
                      num_samples=num_samples, pr_k=k, **kwargs)
    return result["precision"], result["recall"]
