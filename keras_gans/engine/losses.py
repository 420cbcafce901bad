"""Adversarial losses as small objects.

Every loss works on the raw discriminator output (logits for the
cross-entropy losses, unbounded scores for the others) and accepts outputs of
shape ``(N,)``, ``(N, 1)`` or patch-shaped ``(N, H, W, 1)``: the non-batch axes
are averaged, so each loss returns one value per example.

Only ``keras.ops`` is used here, so the same losses run on every Keras 3
backend.  Reduction over the (possibly distributed) batch is the engine's job:
``per_example_*`` methods return shape ``(N,)``; ``discriminator_loss`` and
``generator_loss`` are the plain batch means, convenient for tests and users.
"""

from keras import ops

__all__ = [
    "AdversarialLoss",
    "Minimax",
    "NonSaturating",
    "LeastSquares",
    "Wasserstein",
    "Hinge",
    "get",
    "available",
]


def per_example_mean(x):
    """Averages every axis but the first: ``(N, ...) -> (N,)``."""
    x = ops.convert_to_tensor(x)
    if len(x.shape) == 0:
        raise ValueError(
            "A discriminator output must have a batch axis; received a scalar."
        )
    if len(x.shape) == 1:
        return x
    return ops.mean(ops.reshape(x, (ops.shape(x)[0], -1)), axis=1)


class AdversarialLoss:
    """Base class: a pair of per-example losses for D and G.

    Subclasses implement ``_real``, ``_fake`` (the two terms of the
    discriminator loss, elementwise on the output) and ``_gen`` (the generator
    loss, elementwise on the output for generated images).
    """

    name = None
    #: whether the discriminator output is a logit (summaries use sigmoid)
    uses_logits = False

    def _real(self, real_output):
        raise NotImplementedError

    def _fake(self, fake_output):
        raise NotImplementedError

    def _gen(self, fake_output):
        raise NotImplementedError

    # per-example API used by the engine -------------------------------------
    def per_example_discriminator(self, real_output, fake_output):
        """Returns ``(real_term, fake_term)``, each of shape ``(N,)``."""
        return (
            per_example_mean(self._real(ops.convert_to_tensor(real_output))),
            per_example_mean(self._fake(ops.convert_to_tensor(fake_output))),
        )

    def per_example_generator(self, fake_output):
        return per_example_mean(self._gen(ops.convert_to_tensor(fake_output)))

    # convenience: batch means ----------------------------------------------
    def discriminator_loss(self, real_output, fake_output):
        real_term, fake_term = self.per_example_discriminator(
            real_output, fake_output
        )
        return ops.mean(real_term) + ops.mean(fake_term)

    def generator_loss(self, fake_output):
        return ops.mean(self.per_example_generator(fake_output))

    def summary(self, output):
        """What the engine reports as 'mean D output': probabilities for
        logit losses, raw scores otherwise."""
        output = ops.convert_to_tensor(output)
        return ops.sigmoid(output) if self.uses_logits else output

    def get_config(self):
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class _CrossEntropy(AdversarialLoss):
    """Shared discriminator side of the two cross-entropy losses.

    ``label_smoothing`` is one-sided (Salimans et al. 2016): the target for
    real images becomes ``1 - label_smoothing``; fake targets stay 0.
    """

    uses_logits = True

    def __init__(self, label_smoothing=0.0):
        label_smoothing = float(label_smoothing)
        if not 0.0 <= label_smoothing < 1.0:
            raise ValueError(
                "label_smoothing must be in [0, 1); "
                f"received {label_smoothing}."
            )
        self.label_smoothing = label_smoothing

    def _real(self, logits):
        # Binary cross-entropy with target t on logits, stable form:
        # t * softplus(-x) + (1 - t) * softplus(x)
        t = 1.0 - self.label_smoothing
        loss = t * ops.softplus(-logits)
        if self.label_smoothing:
            loss = loss + (1.0 - t) * ops.softplus(logits)
        return loss

    def _fake(self, logits):
        return ops.softplus(logits)  # -log(1 - sigmoid(x))

    def get_config(self):
        return {"label_smoothing": self.label_smoothing}


class Minimax(_CrossEntropy):
    """The original, saturating minimax loss (Goodfellow et al. 2014, eq. 1).

    D maximises ``log D(x) + log(1 - D(G(z)))``; G minimises
    ``log(1 - D(G(z)))``, which saturates when D rejects samples confidently.
    """

    name = "minimax"

    def _gen(self, logits):
        return -ops.softplus(logits)  # log(1 - sigmoid(x))


class NonSaturating(_CrossEntropy):
    """The non-saturating heuristic (Goodfellow et al. 2014, section 3):
    G maximises ``log D(G(z))`` instead."""

    name = "non_saturating"

    def _gen(self, logits):
        return ops.softplus(-logits)  # -log(sigmoid(x))


class LeastSquares(AdversarialLoss):
    """LSGAN (Mao et al. 2017), eq. 2 with targets ``a`` (fake), ``b`` (real)
    and ``c`` (what G wants D to say):
    D: ``1/2 (D(x) - b)^2 + 1/2 (D(G(z)) - a)^2``; G: ``1/2 (D(G(z)) - c)^2``.
    """

    name = "least_squares"

    def __init__(self, a=0.0, b=1.0, c=1.0):
        self.a, self.b, self.c = float(a), float(b), float(c)

    def _real(self, out):
        return 0.5 * ops.square(out - self.b)

    def _fake(self, out):
        return 0.5 * ops.square(out - self.a)

    def _gen(self, out):
        return 0.5 * ops.square(out - self.c)

    def get_config(self):
        return {"a": self.a, "b": self.b, "c": self.c}


class Wasserstein(AdversarialLoss):
    """WGAN (Arjovsky et al. 2017): the critic minimises
    ``D(G(z)) - D(x)``; the generator minimises ``-D(G(z))``. Needs a
    Lipschitz constraint (weight clipping, gradient penalty or spectral
    norm) to be meaningful."""

    name = "wasserstein"

    def _real(self, out):
        return -out

    def _fake(self, out):
        return out

    def _gen(self, out):
        return -out


class Hinge(AdversarialLoss):
    """Hinge loss (Lim & Ye 2017; Miyato et al. 2018):
    D: ``relu(1 - D(x)) + relu(1 + D(G(z)))``; G: ``-D(G(z))``."""

    name = "hinge"

    def _real(self, out):
        return ops.relu(1.0 - out)

    def _fake(self, out):
        return ops.relu(1.0 + out)

    def _gen(self, out):
        return -out


_REGISTRY = {
    cls.name: cls
    for cls in (Minimax, NonSaturating, LeastSquares, Wasserstein, Hinge)
}
_ALIASES = {
    "saturating": "minimax",
    "nonsaturating": "non_saturating",
    "ns": "non_saturating",
    "lsgan": "least_squares",
    "wgan": "wasserstein",
}


def available():
    """Names accepted by :func:`get`."""
    return sorted(_REGISTRY)


def get(identifier, **kwargs):
    """Returns a loss object from a name, a loss object, or a config dict
    ``{"name": ..., **config}``."""
    if isinstance(identifier, AdversarialLoss):
        if kwargs:
            raise ValueError(
                "Options can only be given with a loss name; received a loss "
                f"object {identifier!r} and options {kwargs}."
            )
        return identifier
    if isinstance(identifier, dict):
        config = dict(identifier)
        name = config.pop("name", None)
        return get(name, **config, **kwargs)
    if isinstance(identifier, str):
        key = identifier.lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        if key in _REGISTRY:
            return _REGISTRY[key](**kwargs)
    raise ValueError(
        f"Unknown adversarial loss {identifier!r}. Expected one of "
        f"{available()} or an AdversarialLoss instance."
    )


def serialize(loss):
    return {"name": loss.name, **loss.get_config()}
