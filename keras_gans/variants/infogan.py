"""InfoGAN (Chen et al. 2016, "InfoGAN: Interpretable Representation
Learning by Information Maximizing Generative Adversarial Nets").

The generator's input is incompressible noise ``z`` plus latent codes ``c``:
categorical codes (uniform over ``K_j`` values, fed one-hot) and continuous
codes (uniform in [-1, 1]). A Q head sharing the discriminator's body
predicts the codes from the image; maximising the variational lower bound
``L_I(G, Q) = E[log Q(c | G(z, c))] + H(c) <= I(c; G(z, c))`` makes the codes
recoverable from the image, hence meaningful. The regulariser minimised is
the negative log-likelihood of the codes under Q::

    info = lambda_cat  * sum_j CE(Q_cat_j(x), c_j)
         + lambda_cont * sum_l [log s_l + log(2 pi) / 2
                                + (c_l - m_l)^2 / (2 s_l^2)]

with ``m``, ``s`` the mean and standard deviation Q outputs for each
continuous code (a factored Gaussian, section 5 of the paper;
``lambda_cat = 1``, ``lambda_cont = 0.1`` as there). ``s`` is clamped below
at ``min_std``; a Q without a ``continuous_std`` output is read as ``s = 1``.

Which variables the information term moves: the discriminator step adds it,
on that step's fakes, as ``q_loss`` (Q head and the shared body, through the
discriminator optimizer, which updates every discriminator variable); the
generator step adds it as ``info_loss`` (the generator, through the
generator optimizer). That is ``min_{G,Q} V(D, G) - lambda L_I(G, Q)`` with
Q's parameters riding with D's, as in the paper's implementation.

Reported metrics: ``q_loss`` and ``info_loss`` (the lambda-weighted terms
above) and ``mi_lower_bound``, the unweighted variational lower bound itself,
in nats, on the discriminator step's fakes (no lambdas; it only reports, it
is not part of any loss)::

    L_I = sum_j [log K_j - CE(Q_cat_j(x), c_j)]
        + sum_l [H(c_l) - NLL_l],   H(c_l) = log 2

``log K_j`` is the entropy of the uniform prior of categorical code ``j``,
``H(c_l) = log 2`` the differential entropy of the uniform prior on [-1, 1]
that :meth:`InfoGAN.sample_codes` draws each continuous code from (a
standard normal prior would give ``log(2 pi e) / 2`` instead), and ``NLL_l``
the Gaussian negative log-likelihood above with the same ``min_std`` clamp.
The categorical part is at most ``sum_j log K_j`` (Q reads every code) and
0 when Q cannot do better than the prior; the continuous part is unbounded
above as Q's standard deviation shrinks (a differential entropy).

Generator inputs: ``{"latent": z (N, latent_dim), "categorical": int (N,
n_cat), "continuous": float (N, n_cont)}``; ``generator_call`` feeds
``concat(z, one_hot(c_1), ..., continuous)`` to a one-input generator.
``latent_dim`` is the size of ``z`` alone.

Codes for ``generate(n, codes=...)``: a dict ``{"categorical": ...,
"continuous": ...}`` (either key may be left out to sample it) where
categorical codes are ints of shape ``(n, n_cat)``, ``(n_cat,)`` (the same
for every image) or, with one categorical code, ``(n,)`` or one int; and
continuous codes are floats of shape ``(n, n_cont)`` or ``(n_cont,)`` (or
``(n,)`` / one float with one continuous code). Or one array of shape
``(n, n_cat + n_cont)`` or ``(n_cat + n_cont,)``: categorical columns first
(whole numbers), then the continuous ones.
"""

import math

import keras
import numpy as np
from keras import ops

from keras_gans.engine.gan import GAN, subseed
from keras_gans.engine.inputs import GeneratorInput
from keras_gans.variants.acgan import class_cross_entropy
from keras_gans.variants.conditional import check_latent, grid_columns

__all__ = ["InfoGAN", "gaussian_nll", "categorical_nll",
           "CONTINUOUS_PRIOR_ENTROPY"]

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)

#: Differential entropy (nats) of the prior of one continuous code: uniform
#: on [-1, 1] (what ``InfoGAN.sample_codes`` draws, as in the paper), so
#: ``log(1 - (-1)) = log 2``.
CONTINUOUS_PRIOR_ENTROPY = math.log(2.0)


def gaussian_nll(codes, mean, std):
    """``-log N(codes; mean, std**2)`` summed over the last axis, ``(N,)``:
    ``sum log std + log(2 pi) / 2 + (codes - mean)^2 / (2 std^2)``."""
    mean = ops.convert_to_tensor(mean)
    dtype = mean.dtype if "float" in str(mean.dtype) else "float32"
    mean = ops.cast(mean, dtype)
    std = ops.cast(ops.convert_to_tensor(std), dtype)
    z = (ops.cast(ops.convert_to_tensor(codes), dtype) - mean) / std
    return ops.sum(ops.log(std) + _HALF_LOG_2PI + 0.5 * ops.square(z),
                   axis=-1)


def categorical_nll(logits, codes, dims):
    """Sum over categorical codes ``j`` of the cross-entropy between the
    ``K_j`` logits of code ``j`` (``logits`` holds them side by side, ``(N,
    sum K)``) and the int code values ``codes[:, j]``; ``(N,)``."""
    logits = ops.convert_to_tensor(logits)
    codes = ops.cast(ops.convert_to_tensor(codes), "int32")
    total, offset = None, 0
    for j, k in enumerate(dims):
        term = class_cross_entropy(logits[:, offset:offset + k], codes[:, j])
        total = term if total is None else total + term
        offset += k
    return total


def _check_dims(categorical_dims, continuous_dims):
    if isinstance(categorical_dims, (int, np.integer)):
        categorical_dims = [categorical_dims]
    try:
        cats = [int(k) for k in categorical_dims]
    except (TypeError, ValueError):
        raise ValueError(
            "categorical_dims must be a list of category counts (ints >= 2);"
            f" received {categorical_dims!r}.") from None
    if any(k < 2 or k != c for k, c in zip(cats, categorical_dims)):
        raise ValueError(
            "categorical_dims must be a list of category counts (ints >= 2);"
            f" received {categorical_dims!r}.")
    if isinstance(continuous_dims, bool) or int(continuous_dims) != \
            continuous_dims or continuous_dims < 0:
        raise ValueError(
            "continuous_dims must be the number of continuous codes (an int "
            f">= 0); received {continuous_dims!r}.")
    if not cats and not continuous_dims:
        raise ValueError("An InfoGAN needs at least one latent code "
                         "(categorical_dims or continuous_dims).")
    return cats, int(continuous_dims)


@keras.saving.register_keras_serializable(package="keras_gans")
class InfoGAN(GAN):
    """InfoGAN (see the module doc).

    Args:
        generator: ``(N, latent_dim + sum(categorical_dims) +
            continuous_dims) -> images``.
        discriminator: ``images -> dict`` with ``"adversarial"`` (N, 1) and
            the Q outputs ``"categorical"`` (N, sum K) logits,
            ``"continuous_mean"`` and ``"continuous_std"`` (N, n_cont), e.g.
            ``keras_gans.networks.conditional.infogan_discriminator``.
        latent_dim: size of the noise ``z``; inferred as the generator input
            width minus the code width when omitted.
        categorical_dims: number of values of each categorical code.
        continuous_dims: number of continuous codes (uniform in [-1, 1]).
        lambda_cat, lambda_cont: weights of the categorical and continuous
            information terms.
        min_std: lower clamp of Q's standard deviations.

    Metrics: ``d_loss``, ``g_loss``, ``d_real``, ``d_fake``, ``q_loss``,
    ``info_loss`` and ``mi_lower_bound`` (see the module doc and
    :meth:`mi_lower_bound`).
    """

    def __init__(self, generator, discriminator, latent_dim=None, seed=None,
                 categorical_dims=(10,), continuous_dims=2, lambda_cat=1.0,
                 lambda_cont=0.1, min_std=0.05, **kwargs):
        cats, cont = _check_dims(categorical_dims, continuous_dims)
        code_dim = sum(cats) + cont
        total = None
        if isinstance(generator, keras.Model) and generator.built and \
                generator.inputs:
            shape = generator.inputs[0].shape
            total = shape[-1] if len(generator.inputs) == 1 and \
                len(shape) == 2 else None
            if latent_dim is None and total is not None:
                latent_dim = total - code_dim
        if latent_dim is not None and latent_dim < 1:
            raise ValueError(
                f"The generator takes {total} inputs but the codes alone "
                f"need {code_dim} ({sum(cats)} one-hot categorical + {cont} "
                "continuous); leave room for the noise.")
        super().__init__(generator, discriminator, latent_dim=latent_dim,
                         seed=seed, **kwargs)
        if total is not None and total != self.latent_dim + code_dim:
            raise ValueError(
                f"The generator takes {total} inputs but latent_dim="
                f"{self.latent_dim} + codes {code_dim} ({sum(cats)} one-hot "
                f"categorical + {cont} continuous) = "
                f"{self.latent_dim + code_dim}.")
        self.categorical_dims = cats
        self.continuous_dims = cont
        self.lambda_cat = float(lambda_cat)
        self.lambda_cont = float(lambda_cont)
        self.min_std = float(min_std)
        self._check_q_outputs()
        self.add_tracker("q_loss")
        self.add_tracker("info_loss")
        self.add_tracker("mi_lower_bound")

    def _check_q_outputs(self):
        out = getattr(self.discriminator, "output", None)
        if not isinstance(out, dict):
            raise ValueError(
                "An InfoGAN discriminator must return a dict with "
                "'adversarial' and the Q outputs 'categorical', "
                "'continuous_mean', 'continuous_std'; received "
                f"{type(out).__name__}.")
        expected = {"adversarial": 1}
        if self.categorical_dims:
            expected["categorical"] = sum(self.categorical_dims)
        if self.continuous_dims:
            expected["continuous_mean"] = self.continuous_dims
        for key, width in expected.items():
            if key not in out:
                raise ValueError(
                    f"The InfoGAN discriminator's outputs lack {key!r} "
                    f"(expected width {width}); it has {sorted(out)}.")
            got = out[key].shape[-1]
            if got is not None and got != width:
                raise ValueError(
                    f"The discriminator's {key!r} output has width {got}; "
                    f"expected {width}.")
        if "continuous_std" in out and self.continuous_dims and \
                out["continuous_std"].shape[-1] != self.continuous_dims:
            raise ValueError(
                "The discriminator's 'continuous_std' output has width "
                f"{out['continuous_std'].shape[-1]}; expected "
                f"{self.continuous_dims}.")

    def get_config(self):
        config = super().get_config()
        config.update(categorical_dims=list(self.categorical_dims),
                      continuous_dims=self.continuous_dims,
                      lambda_cat=self.lambda_cat,
                      lambda_cont=self.lambda_cont, min_std=self.min_std)
        return config

    @property
    def code_dim(self):
        """Width of the codes as fed to the generator (one-hot + floats)."""
        return sum(self.categorical_dims) + self.continuous_dims

    # -- codes --------------------------------------------------------------
    def sample_codes(self, batch_size, seed=None):
        """Uniform categorical ``(N, n_cat)`` int32 and continuous ``(N,
        n_cont)`` codes in [-1, 1]."""
        n_cat, n_cont = len(self.categorical_dims), self.continuous_dims
        u = self.random_uniform((batch_size, n_cat), seed=subseed(seed, 1))
        k = np.asarray(self.categorical_dims, np.float32)
        cat = ops.minimum(ops.cast(ops.floor(u * k), "int32"),
                          np.asarray(self.categorical_dims, np.int32) - 1)
        cont = self.random_uniform((batch_size, n_cont),
                                   seed=subseed(seed, 2), minval=-1.0,
                                   maxval=1.0)
        return cat, cont

    def _code_array(self, value, n, width, name, integer):
        arr = np.asarray(value)
        if integer:
            if arr.dtype == bool or not (
                    np.issubdtype(arr.dtype, np.integer) or (
                        np.issubdtype(arr.dtype, np.floating)
                        and np.all(np.isfinite(arr))
                        and np.all(arr == np.round(arr)))):
                raise ValueError(
                    f"{name} must be whole numbers (category indices); "
                    f"received dtype {arr.dtype}.")
        elif not (np.issubdtype(arr.dtype, np.number) and arr.dtype != bool):
            raise ValueError(f"{name} must be floats; received dtype "
                             f"{arr.dtype}.")
        if arr.ndim == 0 and width == 1:
            arr = np.full((n, 1), arr)
        elif arr.ndim == 1 and width == 1 and arr.shape[0] == n:
            arr = arr[:, None]
        elif arr.ndim == 1 and arr.shape[0] == width:
            arr = np.tile(arr[None], (n, 1))
        if arr.shape != (n, width):
            alt = f" or ({n},)" if width == 1 else ""
            raise ValueError(
                f"{name} must have shape ({n}, {width}) (one row per image, "
                f"one column per code) or ({width},){alt}; received shape "
                f"{arr.shape}.")
        return arr

    def parse_codes(self, codes, n):
        """User codes -> ``(categorical int32 (n, n_cat) or None,
        continuous float32 (n, n_cont) or None)``; None = sample it."""
        n_cat, n_cont = len(self.categorical_dims), self.continuous_dims
        if isinstance(codes, dict):
            unknown = set(codes) - {"categorical", "continuous"}
            if unknown:
                raise ValueError(
                    "codes must be a dict with keys 'categorical' and/or "
                    f"'continuous'; received keys {sorted(codes)}.")
            cat, cont = codes.get("categorical"), codes.get("continuous")
            if cat is not None:
                if not n_cat:
                    raise ValueError("This InfoGAN has no categorical code; "
                                     "received codes['categorical'].")
                cat = self._code_array(cat, n, n_cat,
                                       "codes['categorical']", True)
            if cont is not None:
                if not n_cont:
                    raise ValueError("This InfoGAN has no continuous code; "
                                     "received codes['continuous'].")
                cont = self._code_array(cont, n, n_cont,
                                        "codes['continuous']", False)
        else:
            arr = np.asarray(codes, dtype=np.float64) if not isinstance(
                codes, np.ndarray) else codes
            width = n_cat + n_cont
            if arr.ndim == 1 and arr.shape[0] == width:
                arr = np.tile(arr[None], (n, 1))
            if arr.ndim != 2 or arr.shape != (n, width):
                raise ValueError(
                    f"codes must have shape ({n}, {width}) ({n_cat} "
                    f"categorical then {n_cont} continuous columns) or "
                    f"({width},), or be a dict; received shape "
                    f"{np.shape(codes)}.")
            cat = self._code_array(arr[:, :n_cat], n, n_cat,
                                   "codes (categorical columns)", True)
            cont = self._code_array(arr[:, n_cat:], n, n_cont,
                                    "codes (continuous columns)", False)
        if cat is not None and n_cat:
            cat = cat.astype(np.int64)
            high = np.asarray(self.categorical_dims)
            bad = np.argwhere((cat < 0) | (cat >= high[None]))
            if bad.size:
                i, j = (int(v) for v in bad[0])
                raise ValueError(
                    f"Categorical code {j} takes values in [0, "
                    f"{self.categorical_dims[j]}); received {cat[i, j]} for "
                    f"image {i}.")
            cat = cat.astype(np.int32)
        if cont is not None:
            cont = cont.astype(np.float32)
        return cat, cont

    def generator_inputs(self):
        """``latent`` (N(0, I)), ``categorical`` codes (counts
        ``categorical_dims``) and ``continuous`` codes (uniform in
        [-1, 1])."""
        specs = [GeneratorInput.latent(self.latent_dim)]
        if self.categorical_dims:
            specs.append(GeneratorInput.categorical(self.categorical_dims))
        specs.append(GeneratorInput("continuous", "continuous",
                                    (self.continuous_dims,),
                                    value_range=(-1.0, 1.0)))
        return tuple(specs)

    def grid_generator_inputs(self, n, seed=None):
        """The default grid layout: row ``r`` has the first categorical code
        ``r % K_1``, each column its own noise and other codes."""
        n = int(n)
        cols = grid_columns(n)
        take = np.arange(n) % cols
        cat, cont = self.sample_codes(cols, seed)
        cat = ops.convert_to_numpy(ops.take(cat, take, axis=0)).copy()
        cont = ops.take(cont, take, axis=0)
        if self.categorical_dims:
            cat[:, 0] = np.arange(n) // cols % self.categorical_dims[0]
        z = ops.take(self.sample_latent(cols, seed), take, axis=0)
        return {"latent": ops.convert_to_tensor(z),
                "categorical": ops.convert_to_tensor(cat, "int32"),
                "continuous": ops.convert_to_tensor(cont)}

    def sample_generator_inputs(self, batch_size, real=None, seed=None,
                                codes=None, latent=None, **conditions):
        """``{"latent", "categorical", "continuous"}``; ``codes`` (see the
        module doc) and ``latent`` fix parts of it, the rest is drawn from
        the priors."""
        declared = {k: conditions.pop(k) for k in ("categorical",
                                                   "continuous")
                    if k in conditions}
        if conditions:
            raise ValueError(
                "InfoGAN takes the conditions codes=, latent= and its "
                "declared inputs categorical= / continuous=; received "
                f"{sorted(conditions)}.")
        if declared:
            if isinstance(codes, dict) or codes is None:
                codes = dict(codes or {}, **declared)
            else:
                raise ValueError("Pass the codes either as codes= or as "
                                 "categorical= / continuous=, not both.")
        user_cat = user_cont = None
        if codes is not None:
            user_cat, user_cont = self.parse_codes(codes, int(batch_size))
        cat, cont = self.sample_codes(batch_size, seed)
        if user_cat is not None:
            cat = user_cat
        if user_cont is not None:
            cont = user_cont
        z = (check_latent(latent, int(batch_size), self.latent_dim)
             if latent is not None else self.sample_latent(batch_size, seed))
        return {"latent": ops.convert_to_tensor(z),
                "categorical": ops.cast(cat, "int32"),
                "continuous": ops.cast(cont, "float32")}

    # -- networks -----------------------------------------------------------
    def generator_input(self, inputs):
        """``concat(z, one_hot(c_1), ..., continuous)``."""
        z = ops.convert_to_tensor(inputs["latent"])
        parts = [z]
        cat = ops.cast(inputs["categorical"], "int32")
        for j, k in enumerate(self.categorical_dims):
            parts.append(ops.one_hot(cat[:, j], k, dtype=z.dtype))
        if self.continuous_dims:
            parts.append(ops.cast(inputs["continuous"], z.dtype))
        return ops.concatenate(parts, axis=-1)

    def generator_call(self, inputs, training=False):
        return self.generator(self.generator_input(inputs), training=training)

    def call(self, inputs, training=False):
        """``gan(x)`` on the generator's full input vector, or on a dict of
        generator inputs."""
        if isinstance(inputs, dict):
            return self.generator_call(inputs, training=training)
        return self.generator(inputs, training=training)

    def adversarial_output(self, output):
        return output["adversarial"]

    # -- the information term -----------------------------------------------
    def _code_nlls(self, output, inputs):
        """Unweighted per-example ``(categorical NLL, Gaussian NLL)`` of the
        codes under Q (None for a kind of code the model has not)."""
        cat = cont = None
        if self.categorical_dims:
            cat = categorical_nll(output["categorical"],
                                  inputs["categorical"],
                                  self.categorical_dims)
        if self.continuous_dims:
            mean = output["continuous_mean"]
            std = output.get("continuous_std")
            std = (ops.ones_like(mean) if std is None
                   else ops.maximum(std, self.min_std))
            cont = gaussian_nll(inputs["continuous"], mean, std)
        return cat, cont

    def information_loss(self, output, inputs):
        """Per-example ``lambda_cat * categorical NLL + lambda_cont *
        Gaussian NLL`` of the codes in ``inputs`` under the Q outputs."""
        cat, cont = self._code_nlls(output, inputs)
        total = 0.0
        if cat is not None:
            total += self.lambda_cat * cat
        if cont is not None:
            total += self.lambda_cont * cont
        return total

    @property
    def code_entropy(self):
        """``H(c)`` in nats: ``sum_j log K_j`` for the uniform categorical
        codes plus ``CONTINUOUS_PRIOR_ENTROPY = log 2`` per continuous code
        (uniform on [-1, 1])."""
        return float(sum(math.log(k) for k in self.categorical_dims) +
                     self.continuous_dims * CONTINUOUS_PRIOR_ENTROPY)

    def mi_lower_bound(self, output, inputs):
        """Per-example variational lower bound of ``I(c; G(z, c))``, in nats,
        without the lambdas: ``sum_j (log K_j - CE_j) + sum_l (log 2 -
        NLL_l)`` = ``H(c) + log Q(c | x)`` (module doc). ``output``: the
        discriminator's dict on the images, ``inputs``: the codes that made
        them."""
        cat, cont = self._code_nlls(output, inputs)
        total = self.code_entropy
        if cat is not None:
            total = total - cat
        if cont is not None:
            total = total - cont
        return total

    def discriminator_losses(self, real, real_out, fake, fake_out):
        terms = super().discriminator_losses(real, real_out, fake, fake_out)
        terms["q_loss"] = self.information_loss(fake_out, fake)
        return terms

    def discriminator_reports(self, real, real_out, fake, fake_out):
        """The engine's reports plus ``mi_lower_bound`` on the step's fakes
        (reported, never minimised; averaged over the ``d_steps`` steps
        like every log)."""
        reports = super().discriminator_reports(real, real_out, fake,
                                                fake_out)
        reports["mi_lower_bound"] = self.mi_lower_bound(fake_out, fake)
        return reports

    def generator_losses(self, fake, fake_out, real=None):
        terms = super().generator_losses(fake, fake_out, real)
        terms["info_loss"] = self.information_loss(fake_out, fake)
        return terms

    def predict_codes(self, images, batch_size=256):
        """Q's reading of images: ``{"categorical": [probs (N, K_j)...],
        "continuous_mean", "continuous_std"}`` (numpy)."""
        images = np.asarray(images, np.float32)
        parts = []
        for start in range(0, len(images), batch_size):
            out = self.discriminator(images[start:start + batch_size],
                                     training=False)
            parts.append({k: ops.convert_to_numpy(v) for k, v in out.items()})
        merged = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        result = {}
        if self.categorical_dims:
            probs, offset = [], 0
            for k in self.categorical_dims:
                logits = merged["categorical"][:, offset:offset + k]
                e = np.exp(logits - logits.max(axis=1, keepdims=True))
                probs.append(e / e.sum(axis=1, keepdims=True))
                offset += k
            result["categorical"] = probs
        if self.continuous_dims:
            result["continuous_mean"] = merged["continuous_mean"]
            result["continuous_std"] = np.maximum(
                merged.get("continuous_std",
                           np.ones_like(merged["continuous_mean"])),
                self.min_std)
        return result

    # -- sampling -----------------------------------------------------------
    def generate(self, n, seed=None, batch_size=256, codes=None,
                 **conditions):
        """``n`` images (numpy, [-1, 1]) with the given ``codes`` (see the
        module doc); codes left out are drawn from their priors."""
        if codes is None:
            codes = {}
        return super().generate(n, seed=seed, batch_size=batch_size,
                                codes=codes, **conditions)
