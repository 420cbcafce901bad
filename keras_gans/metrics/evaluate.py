"""Evaluate a generator: generate, quantise, extract features, compare with
(cached) real-data features, and record the protocol of every number.

:func:`evaluate` is what ``keras-gans evaluate`` calls; :func:`fid_of_generator`
is the small-sample FID a training callback calls; :func:`real_statistics`
computes (once) and caches the real-data features and their mean/covariance.

Generators: a ``keras_gans.GAN`` (its ``generate(n, seed=...)``), a Keras
model taking latents, a ``tf.saved_model.load`` object (its
``serving_default`` signature), a SavedModel folder or ``.keras`` file, a zoo
name (``keras_gans.zoo.load_generator``), or any callable ``f(z)`` /
``f(z, labels)``; also already generated images (numpy array or
``tf.data.Dataset``). Generated float images are expected in [-1, 1] and are
quantised to uint8 (round half up) before any network sees them, like real
images; see ``inception.QUANTIZATION_PROTOCOL``. Values far outside the range
are an error; float images with no value below -0.05 under the default
(-1, 1) range (a generator that outputs [0, 1]) raise a warning, since they
would be quantised to [127, 255] (pass ``value_range=(0, 1)``).

Conditional generators: every GAN declares its generator inputs
(``gan.generator_inputs()``, :mod:`keras_gans.engine.inputs`); an exported
SavedModel records them in its ``keras_gans.json`` (``generator_inputs``, or
for older exports ``inputs`` + ``classes``). Requested ``labels`` feed the
declared ``class`` input and are checked by its spec (integer class ids, one
per sample, in ``[0, num_classes)``); for a bare Keras generator or a callable,
which declare nothing, the class count comes from ``num_classes=`` or the
named dataset's; a one-hot label layer would otherwise turn a bad label into
an all-zero code without a word. Inputs without a prior (kind ``image``,
e.g. the source image of an image-to-image GAN) are given with ``inputs=``.

The reference split of a named dataset is ``"test"`` by default (as for
``keras-gans evaluate``, the ``FID`` callback and the zoo's numbers).

Real data: a named dataset of ``keras_gans.data.load_arrays`` ("fashion_mnist",
"mnist", "mnist_5k"), whose features are cached on disk under
``<cache>/stats/`` per dataset / split / sample count / subset / network
weights (sha256), or images (numpy array or ``tf.data.Dataset``), which are
not cached.
"""

import functools
import json
import os
import sys
import time

import numpy as np

# Explicit names, not ``from keras_gans.metrics import fid``: the package
# re-exports functions named like the modules fid, kid, inception_score and
# precision_recall, which shadow those submodule attributes.
from keras_gans.metrics import classifier as classifier_lib
from keras_gans.metrics.inception import network as inception_lib
from keras_gans.metrics.fid import frechet_distance, statistics
from keras_gans.metrics.inception_score import inception_score_from_logits
from keras_gans.metrics.kid import kid_from_features
from keras_gans.metrics.precision_recall import \
    precision_recall_from_features
from keras_gans.utils.files import atomic_path, cache_dir
from keras_gans.utils.progress import Progress
from keras_gans import zoo
from keras_gans import export
from keras_gans import data
from keras_gans.engine import ema as ema_lib
from keras_gans.engine import inputs as inputs_lib
from keras_gans.engine.inputs import GeneratorInput
from keras_gans.utils import images as images_lib
from keras_gans.version import __version__

__all__ = ["evaluate", "fid_of_generator", "real_statistics",
           "generated_images", "METRICS",
           "DEFAULT_METRICS", "NotEnoughImagesError"]


class NotEnoughImagesError(ValueError):
    """More real images were asked for than the reference holds
    (``available`` of them)."""

    def __init__(self, message, available):
        super().__init__(message)
        self.available = int(available)


METRICS = ("fid", "kid", "is", "precision_recall", "classifier",
           "agreement")  # agreement: two-domain generators, metrics/domains.py
_ALIASES = {"inception_score": "is", "pr": "precision_recall",
            "prc": "precision_recall", "classifier_score": "classifier"}
DEFAULT_METRICS = ("fid", "kid", "classifier")
_SUBSET_SEED = 0
_STATS_FORMAT = "keras_gans.real_stats.v1"


# -- image sources ------------------------------------------------------------
#: Under the default (-1, 1) range, this many float images with no value below
#: ``UNIT_RANGE_THRESHOLD`` look like [0, 1] output: a warning says so.
UNIT_RANGE_MIN_IMAGES = 16
UNIT_RANGE_THRESHOLD = -0.05


def _check_range(x, value_range, what):
    lo, hi = value_range
    slack = 0.25 * (hi - lo)
    xmin, xmax = float(np.min(x)), float(np.max(x))
    if xmin < lo - slack or xmax > hi + slack or not np.isfinite(x).all():
        raise ValueError(
            f"{what} has values in [{xmin:.4g}, {xmax:.4g}]; expected float "
            f"images in [{lo}, {hi}] (pass value_range=(lo, hi) if the "
            "generator uses another range).")


def _to_uint8(images, value_range, what, range_watch=None):
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(f"{what} must be images of shape (N, H, W, 1|3); "
                         f"received shape {images.shape}.")
    if images.dtype == np.uint8:
        return images
    _check_range(images, value_range, what)
    if range_watch is not None:
        range_watch.update(images)
    # the library's one float -> uint8 rule (round half up, in float64)
    return images_lib.to_uint8(images, value_range)


class _RangeWatch:
    """Warns (once per source) when float images quantised with the
    default (-1, 1) range never go below ``UNIT_RANGE_THRESHOLD`` over the
    first ``UNIT_RANGE_MIN_IMAGES`` or more images: output in [0, 1] passes
    the range check (it is inside [-1, 1]) but maps 0 to 127, not 0, and
    gives a wrong FID without any error."""

    def __init__(self, value_range, what):
        self.active = tuple(float(v) for v in value_range) == (-1.0, 1.0)
        self.what = what
        self.seen = 0
        self.low = np.inf
        self.high = -np.inf

    def update(self, images):
        if not self.active:
            return
        self.seen += len(images)
        self.low = min(self.low, float(np.min(images)))
        self.high = max(self.high, float(np.max(images)))
        if self.low < UNIT_RANGE_THRESHOLD:
            self.active = False  # values below 0: a [-1, 1] generator
        elif self.seen >= UNIT_RANGE_MIN_IMAGES:
            self.active = False  # warn once
            import warnings

            warnings.warn(
                f"{self.what}: {self.seen} float images have values in "
                f"[{self.low:.4g}, {self.high:.4g}], none below "
                f"{UNIT_RANGE_THRESHOLD}, but they are quantised as images "
                "in [-1, 1] (the default value_range), which maps 0 to "
                "uint8 127 and makes FID/KID/IS wrong. If the generator "
                "outputs images in [0, 1] (e.g. a sigmoid), pass "
                "value_range=(0, 1).", UserWarning, stacklevel=2)


def _to_numpy(value):
    import keras

    if isinstance(value, dict):
        for key in ("images", "image", "output_0"):
            if key in value:
                return _to_numpy(value[key])
        value = next(iter(value.values()))
    if isinstance(value, (list, tuple)):
        value = value[0]
    return np.asarray(keras.ops.convert_to_numpy(value))


class _Source:
    """What every image source shares: the value range of its float images,
    a description for messages, whether it takes labels (and the name of
    the input they feed) and the class count it states (with where that
    came from), the generator inputs it declares, and :meth:`quantise`."""

    #: the declared generator inputs (a GAN's, an export's); empty for
    #: sources that declare none (images, bare Keras models, callables)
    specs = ()

    def __init__(self, value_range, description, takes_labels=False,
                 num_classes=None, num_classes_from=None,
                 label_name="labels"):
        self.value_range = value_range
        self.description = description
        self.takes_labels = takes_labels
        self.num_classes = num_classes
        self.num_classes_from = num_classes_from
        self.label_name = label_name if takes_labels else None
        self.range_watch = _RangeWatch(value_range, description)

    def quantise(self, images):
        """A batch of the source's images -> uint8, range-checked."""
        return _to_uint8(images, self.value_range, self.description,
                         self.range_watch)

    def class_spec(self, num_classes):
        """The spec of the source's class input with ``num_classes``
        classes (its declared one when the count agrees)."""
        for spec in self.specs:
            if spec.kind == "class" and spec.num_classes == num_classes:
                return spec
        return GeneratorInput.class_id(num_classes,
                                       self.label_name or "labels")

    def given_inputs(self, given, n):
        """``inputs=`` of :func:`evaluate` -> ``{name: checked array of n
        values}``; every declared input without a prior must be there."""
        if given and not self.specs:
            raise ValueError(
                f"inputs= gives {sorted(given)}, but {self.description} "
                "declares no generator inputs (a keras_gans GAN or a "
                "SavedModel exported by keras_gans does).")
        return _check_given(self.specs, given, n, self.description,
                            self.label_name)


def _check_given(specs, given, n, description, label_name=None):
    if given is not None and not isinstance(given, dict):
        raise ValueError("inputs must be a dict {input name: one value per "
                         f"generated image}}; received "
                         f"{type(given).__name__}.")
    declared = {s.name: s for s in specs}
    given = dict(given or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise ValueError(
            f"inputs= gives {unknown}, which {description} does not take; "
            f"its generator inputs are {sorted(declared)}.")
    out = {}
    for name, value in given.items():
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001 - anything not array-like
            arr = None
        if arr is None or arr.ndim == 0 or len(arr) < n:
            shape = None if arr is None else arr.shape
            raise ValueError(
                f"inputs[{name!r}] must hold one value per generated image "
                f"(at least num_samples={n}, the first {n} are used); "
                f"received shape {shape}.")
        out[name] = declared[name].check(arr[:n], n)
    missing = [s for s in specs if not s.drawable and s.name not in out]
    if missing:
        s = missing[0]
        raise ValueError(
            f"{description} takes the generator input {s.name!r} ({s.kind},"
            f" per-example shape {s.shape}), which has no prior to draw "
            f"from: pass inputs={{{s.name!r}: <{n} values>}} (one per "
            "generated image).")
    return out


class _ArraySource(_Source):
    def __init__(self, images, labels=None, value_range=(-1.0, 1.0),
                 description="images"):
        super().__init__(value_range, description)
        self.images = np.asarray(images)
        if self.images.ndim == 3:
            self.images = self.images[..., None]
        self.labels = None if labels is None else np.asarray(labels)

    def __len__(self):
        return len(self.images)

    def batches(self, n, seed, batch_size, labels=None, given=None):
        if n > len(self.images):
            raise ValueError(f"Asked for {n} images but only "
                             f"{len(self.images)} were given.")
        for start in range(0, n, batch_size):
            stop = min(start + batch_size, n)
            yield self.quantise(self.images[start:stop])


class _DatasetSource(_Source):
    def __init__(self, dataset, value_range=(-1.0, 1.0),
                 description="tf.data.Dataset"):
        super().__init__(value_range, description)
        self.dataset = dataset

    def batches(self, n, seed, batch_size, labels=None, given=None):
        got, pending = 0, []
        for element in self.dataset.as_numpy_iterator():
            if isinstance(element, dict):
                element = element.get("images", element.get("image"))
            elif isinstance(element, (tuple, list)):
                element = element[0]
            x = np.asarray(element)
            if x.ndim == 2 or (x.ndim == 3 and x.shape[-1] in (1, 3)):
                x = x[None]  # one unbatched image
            pending.append(x)
            got += len(x)
            if sum(len(p) for p in pending) >= batch_size or got >= n:
                chunk = np.concatenate(pending)
                pending = []
                take = min(len(chunk), n - (got - len(chunk)))
                yield self.quantise(chunk[:take])
            if got >= n:
                return
        if pending:
            chunk = np.concatenate(pending)
            yield self.quantise(chunk)
        raise ValueError(f"The dataset ran out after {got} images; "
                         f"{n} were requested.")


class _LatentSource(_Source):
    """A function of latents (and optionally labels) -> images."""

    def __init__(self, fn, latent_dim, takes_labels, value_range,
                 description, num_classes=None, num_classes_from=None):
        if latent_dim is None:
            raise ValueError(
                f"Cannot infer the latent size of {description}; pass "
                "latent_dim=.")
        super().__init__(value_range, description, takes_labels,
                         num_classes, num_classes_from)
        self.fn = fn
        self.latent_dim = int(latent_dim)

    def batches(self, n, seed, batch_size, labels=None, given=None):
        rng = np.random.default_rng(seed)
        for start in range(0, n, batch_size):
            b = min(batch_size, n - start)
            z = rng.standard_normal((b, self.latent_dim)).astype(np.float32)
            if labels is not None:
                out = self.fn(z, labels[start:start + b])
            else:
                out = self.fn(z)
            yield self.quantise(_to_numpy(out))


def _seeded_chunks(n, seed, batch_size):
    """``(start, size, seed)`` of each chunk of ``n`` samples: one seed per
    chunk, all derived from ``seed`` (same seed, same images)."""
    num_chunks = -(-n // batch_size)
    seeds = np.random.SeedSequence(seed).generate_state(num_chunks)
    for i, start in enumerate(range(0, n, batch_size)):
        yield start, min(batch_size, n - start), int(seeds[i] % (2 ** 31))


class _GANSource(_Source):
    """A ``keras_gans.GAN``: its own sampler, seeded per chunk. Whether it
    takes labels, and how many classes, is what its declared ``class``
    input says; inputs without a prior come from ``inputs=``."""

    def __init__(self, gan, value_range, use_ema=None):
        specs = tuple(gan.generator_inputs())
        inputs_lib.by_name(specs)  # GeneratorInput objects, unique names
        class_spec = next((s for s in specs if s.kind == "class"), None)
        nets = gan.networks()["generator"]
        names = ", ".join(getattr(net, "name", "?") for net in nets.values())
        super().__init__(
            value_range,
            f"keras_gans GAN {type(gan).__name__} (generator {names})",
            takes_labels=class_spec is not None,
            num_classes=None if class_spec is None else class_spec.num_classes,
            num_classes_from=(None if class_spec is None else
                              f"the GAN's num_classes ({type(gan).__name__})"),
            label_name=None if class_spec is None else class_spec.name)
        self.specs = specs
        self.gan = gan
        self.use_ema = use_ema
        self.weights = ema_lib.weights_drawn(gan, use_ema)

    def batches(self, n, seed, batch_size, labels=None, given=None):
        given = given or {}
        for start, b, chunk_seed in _seeded_chunks(n, seed, batch_size):
            conditions = {k: v[start:start + b] for k, v in given.items()}
            if labels is not None:
                conditions[self.label_name] = labels[start:start + b]
            images = self.gan.generate(b, seed=chunk_seed,
                                       use_ema=self.use_ema, **conditions)
            yield self.quantise(images)


def _keras_model_source(model, latent_dim, value_range):
    """A bare Keras generator: ``latent -> images`` or ``[latent, labels]
    -> images``. It declares nothing: the class count of its labels comes
    from ``num_classes=`` or the named dataset."""
    inputs = getattr(model, "inputs", None) or []
    if latent_dim is None and inputs:
        shape = inputs[0].shape
        if len(shape) == 2 and shape[-1] is not None:
            latent_dim = shape[-1]
    takes_labels = len(inputs) >= 2

    def fn(z, labels=None):
        if labels is not None:
            if not takes_labels:
                raise ValueError(f"Model {model.name!r} takes one input; it "
                                 "cannot be asked for labels.")
            return model([z, np.asarray(labels)], training=False)
        if takes_labels:
            raise ValueError(
                f"Model {model.name!r} takes {len(inputs)} inputs (latent + "
                "labels?); pass labels= ('balanced' or an array).")
        return model(z, training=False)

    return _LatentSource(fn, latent_dim, takes_labels, value_range,
                         f"Keras model {model.name!r}")


# -- what an export's keras_gans.json declares --------------------------------
def _metadata_num_classes(metadata, input_name="labels"):
    """The class count of the integer input ``input_name`` recorded in an
    exported SavedModel's ``keras_gans.json`` (see
    :func:`keras_gans.export.metadata_class_count`);
    None when it records none or per-column counts (InfoGAN codes)."""
    count = export.metadata_class_count(metadata, input_name)
    return count if isinstance(count, int) else None


def _draw_from_prior(spec, rng, n):
    """``n`` numpy draws of a drawable input from its declared prior."""
    shape = (n,) + spec.shape
    if spec.kind == "latent":
        return rng.standard_normal(shape).astype(np.float32)
    if spec.kind == "class":
        return rng.integers(0, spec.counts[0], shape).astype(np.int32)
    if spec.kind == "categorical":
        return np.stack([rng.integers(0, k, n) for k in spec.counts],
                        axis=1).astype(np.int32)
    low, high = spec.value_range
    return rng.uniform(low, high, shape).astype(np.float32)


class _SeededSignatureSource(_Source):
    """A SavedModel ``generate(num_images, seed)`` signature (keras_gans
    export) that draws every generator input itself; seeded per chunk."""

    def __init__(self, signature, value_range, description, specs=()):
        super().__init__(value_range, description)
        self.signature = signature
        self.specs = tuple(specs)

    def given_inputs(self, given, n):
        if given:
            raise ValueError(
                f"{self.description} draws every generator input itself "
                f"(its generate signature takes none); received inputs= "
                f"{sorted(given)}.")
        return {}

    def batches(self, n, seed, batch_size, labels=None, given=None):
        import tensorflow as tf

        for start, b, chunk_seed in _seeded_chunks(n, seed, batch_size):
            out = self.signature(num_images=tf.constant(b, tf.int32),
                                 seed=tf.constant(chunk_seed, tf.int64))
            yield self.quantise(_to_numpy(out["images_float"]))


class _SignatureSource(_Source):
    """A SavedModel's ``serving_default``: the latent drawn here (numpy,
    seeded), the labels as requested, inputs without a prior from
    ``inputs=``, other declared inputs drawn from their priors."""

    def __init__(self, signature, arg_specs, out_key, value_range,
                 description, specs, latent_name=None, latent_dim=None,
                 label_name=None, num_classes=None, num_classes_from=None,
                 drawn=()):
        super().__init__(value_range, description, label_name is not None,
                         num_classes, num_classes_from, label_name)
        self.signature = signature
        self.arg_specs = arg_specs
        self.out_key = out_key
        self.specs = tuple(specs)
        self.latent_name = latent_name
        self.latent_dim = latent_dim
        self.drawn = tuple(drawn)
        self.base_description = description.split(" (serving_default")[0]

    def _tensor(self, name, value):
        import tensorflow as tf

        return tf.constant(value, self.arg_specs[name].dtype)

    def batches(self, n, seed, batch_size, labels=None, given=None):
        given = given or {}
        rng = np.random.default_rng(seed)
        for start in range(0, n, batch_size):
            b = min(batch_size, n - start)
            kwargs = {}
            if self.latent_name is not None:
                z = rng.standard_normal((b, self.latent_dim)).astype(
                    np.float32)
                kwargs[self.latent_name] = self._tensor(self.latent_name, z)
            if self.label_name is not None and \
                    self.label_name not in given:
                if labels is None:
                    raise ValueError(
                        f"{self.base_description} takes the integer input "
                        f"{self.label_name!r} (class labels?) besides the "
                        "latent; pass labels= ('balanced' or an array).")
                kwargs[self.label_name] = self._tensor(
                    self.label_name, labels[start:start + b])
            for name, value in given.items():
                kwargs[name] = self._tensor(name, value[start:start + b])
            for spec in self.drawn:
                if spec.name not in given:
                    kwargs[spec.name] = self._tensor(
                        spec.name, _draw_from_prior(spec, rng, b))
            out = self.signature(**kwargs)[self.out_key]
            yield self.quantise(_to_numpy(out))


def _saved_model_source(obj, latent_dim, value_range, description,
                        metadata=None):
    if metadata is None:
        metadata = getattr(obj, "metadata", None)  # an export.SavedGenerator
    signatures = getattr(obj, "signatures", None)
    if not signatures or "serving_default" not in signatures:
        raise ValueError(f"{description} has no 'serving_default' signature.")
    sig = signatures["serving_default"]
    arg_specs = sig.structured_input_signature[1]
    if not arg_specs:
        raise ValueError(f"{description}'s serving_default takes no "
                         "keyword inputs.")
    declared = list(export.specs_from_metadata(metadata, arg_specs))
    recorded = isinstance(metadata, dict) and bool(
        metadata.get("generator_inputs") or metadata.get("inputs"))
    float_inputs = [k for k, s in arg_specs.items() if s.dtype.is_floating]
    latents = [s for s in declared if s.kind == "latent"]
    latent_name = latents[0].name if latents else None
    if latent_name is None and not recorded and len(float_inputs) == 1:
        # written by something else, which declares nothing: its one float
        # input is the latent
        latent_name = float_inputs[0]
        declared = [s for s in declared if s.name != latent_name]
    known = {s.name for s in declared} | {latent_name}
    undeclared = [k for k in arg_specs if k not in known]
    undeclared_ints = [k for k in undeclared
                       if arg_specs[k].dtype.is_integer]
    class_specs = [s for s in declared if s.kind == "class"]
    others = [s for s in declared if s.name != latent_name and
              s.kind not in ("class",)]
    label_name = num_classes = None
    if class_specs:
        label_name, num_classes = (class_specs[0].name,
                                   class_specs[0].num_classes)
        others += class_specs[1:]
    elif len(undeclared_ints) == 1:
        label_name = undeclared_ints[0]  # class ids of an unrecorded count
    undescribed = [k for k in undeclared if k != label_name]
    drawable_others = [s for s in others if s.drawable]
    needs_given = [s for s in others if not s.drawable]
    if (undescribed or drawable_others or len(latents) > 1) and \
            not needs_given and "generate" in signatures:
        # more inputs than a latent and a label (InfoGAN's codes): let the
        # model draw them itself, through keras_gans' "generate" signature
        return _SeededSignatureSource(signatures["generate"], value_range,
                                      f"{description} (generate)", declared)
    if undescribed or len(latents) > 1 or (
            latent_name is None and not needs_given):
        raise ValueError(f"{description}'s serving_default has inputs "
                         f"{dict(arg_specs)}; expected one float latent "
                         "input (and integer labels), or a keras_gans.json "
                         "that declares them.")
    if latent_name is not None:
        if latent_dim is None:
            latent_dim = getattr(obj, "latent_dim", None)
        if latent_dim is None and latents:
            latent_dim = latents[0].shape[0]
        z_shape = arg_specs[latent_name].shape
        if latent_dim is None and z_shape.rank == 2:
            latent_dim = z_shape[-1]
        if latent_dim is None:
            raise ValueError(
                f"Cannot infer the latent size of {description}; pass "
                "latent_dim=.")
        latent_dim = int(latent_dim)
    outputs = sig.structured_outputs
    float_outputs = [k for k, s in outputs.items() if s.dtype.is_floating
                     and s.shape.rank == 4]
    # keras_gans.export writes "images" (uint8) and "images_float"; the
    # float output is quantised here, by the protocol's rule
    out_key = next((k for k in ("images_float", "images") if k in
                    float_outputs), float_outputs[0] if float_outputs
                   else None)
    if out_key is None:
        raise ValueError(f"{description}'s serving_default has no float "
                         f"image output: {dict(outputs)}.")
    specs = list(declared)
    return _SignatureSource(
        sig, arg_specs, out_key, value_range,
        f"{description} (serving_default, output {out_key!r})", specs,
        latent_name, latent_dim, label_name, num_classes,
        "the SavedModel's keras_gans.json" if num_classes is not None
        else None, drawn=drawable_others)


def _is_gan(obj):
    """A ``keras_gans.GAN`` (any variant): a Keras model that declares its
    generator inputs and generates."""
    import keras

    return isinstance(obj, keras.Model) and callable(
        getattr(obj, "generator_inputs", None)) and callable(
        getattr(obj, "generate", None))


def _resolve_source(obj, latent_dim=None, value_range=(-1.0, 1.0),
                    use_ema=None):
    """Anything evaluate accepts as 'generated' -> an image source
    (``use_ema``: a GAN's choice of generator, see :func:`evaluate`)."""
    import keras

    if isinstance(obj, (str, os.PathLike)):
        path = os.fspath(obj)
        if os.path.isdir(path):
            # the folders export.load accepts: a version folder, a model
            # base folder (its newest version) or an unpacked zoo archive
            path = export.find_saved_model(path)
            return _saved_model_source(export.load_saved_model(path),
                                       latent_dim, value_range,
                                       f"SavedModel {path!r}",
                                       export.read_metadata(path))
        if path.endswith(".keras") and os.path.isfile(path):
            # a whole GAN (keras-gans train) or a bare generator
            return _resolve_source(zoo.load_gan(path), latent_dim,
                                   value_range, use_ema)
        if os.path.sep in path or path.startswith(".") or path.endswith(
                ".keras"):
            raise FileNotFoundError(f"No generator at {path!r}.")

        return _resolve_source(zoo.load_generator(path), latent_dim,
                               value_range)
    if isinstance(obj, np.ndarray):
        return _ArraySource(obj, value_range=value_range,
                            description=f"images array {obj.shape}")
    try:
        import tensorflow as tf

        if isinstance(obj, tf.data.Dataset):
            return _DatasetSource(obj, value_range)
    except ImportError:  # pragma: no cover
        pass
    if _is_gan(obj):
        return _GANSource(obj, value_range, use_ema)
    if isinstance(obj, keras.Model):
        return _keras_model_source(obj, latent_dim, value_range)
    if getattr(obj, "signatures", None) is not None and \
            "serving_default" in obj.signatures:
        return _saved_model_source(obj, latent_dim, value_range,
                                   f"SavedModel {type(obj).__name__} "
                                   f"{getattr(obj, 'path', '')}".strip())
    if callable(obj):
        import inspect

        try:
            n_params = len(inspect.signature(obj).parameters)
        except (TypeError, ValueError):
            n_params = 1
        name = getattr(obj, "__name__", type(obj).__name__)
        latent_dim = latent_dim or getattr(obj, "latent_dim", None)
        num_classes = getattr(obj, "num_classes", None)
        return _LatentSource(
            (lambda z, labels=None: obj(z) if labels is None else
             obj(z, labels)), latent_dim, n_params >= 2, value_range,
            f"callable {name}", num_classes,
            f"{name}.num_classes" if num_classes is not None else None)
    raise TypeError(
        "Cannot evaluate an object of type "
        f"{type(obj).__name__}: expected a keras_gans.GAN, a Keras model, a "
        "SavedModel (object or folder), a zoo name, a callable f(z), images "
        "(numpy) or a tf.data.Dataset of images.")


def generated_images(generator, num_samples, seed=0, batch_size=500,
                     labels=None, latent_dim=None, value_range=(-1.0, 1.0),
                     num_classes=None, inputs=None):
    """Yields uint8 batches generated by ``generator`` (any kind
    :func:`evaluate` accepts), quantised as the protocol says; ``labels``,
    ``num_classes`` and ``inputs`` as in :func:`evaluate`."""
    source = _resolve_source(generator, latent_dim, value_range)
    num_samples = int(num_samples)
    given = source.given_inputs(inputs, num_samples)
    label_array = None
    if labels is not None:
        _check_labels_wanted(source, given)
        classes, where = _num_classes_for(source, num_classes, None)
        label_array, _ = _labels_for(labels, num_samples, classes, where,
                                     source)
    yield from source.batches(num_samples, seed, int(batch_size),
                              label_array, given)


# -- real data ----------------------------------------------------------------
_MEMORY = {}  # statistics already loaded in this process (a few entries)
_MEMORY_SIZE = 4


def _remember(key, stats):
    _MEMORY.pop(key, None)
    _MEMORY[key] = stats
    while len(_MEMORY) > _MEMORY_SIZE:
        _MEMORY.pop(next(iter(_MEMORY)))


@functools.lru_cache(maxsize=4)
def _load_named(name, split):
    return data.load_arrays(name, split)


def _is_reference_files(dataset):
    """True for real data given as a folder of images or ``"tfds:NAME"``
    (read through :func:`keras_gans.data.load`), not as a named dataset,
    arrays or a ``tf.data.Dataset``."""
    if not isinstance(dataset, (str, os.PathLike)) or \
            data.named_dataset(dataset):
        return False
    return not os.fspath(dataset).lower().startswith("domains:")


def _reference_count(dataset, num_real=None):
    """The number of images of a folder reference, read before anything is
    generated (a missing, empty or corrupt folder, or ``num_real`` above
    its size, is an error now), or None for tfds (unknown until read)."""
    path = os.fspath(dataset)
    if path.lower().startswith("tfds:"):
        return None
    if not os.path.isdir(path):
        raise FileNotFoundError(
            f"The real data {path!r} is neither a named dataset "
            f"({', '.join(sorted(data.NAMED_DATASETS))}) nor an existing "
            "folder of images; pass one of those, tfds:NAME, arrays or a "
            "tf.data.Dataset.")
    files, _, _ = data._list_images(path)
    data.check_image_files(files, path)
    if num_real is not None and num_real > len(files):
        raise NotEnoughImagesError(
            f"Asked for {num_real} real images but {path!r} holds only "
            f"{len(files)}; pass num_real <= {len(files)} (--num-real).",
            available=len(files))
    return len(files)


def _reference_source(dataset, split, num_real):
    """``(source, n)``: a folder of images or tfds:NAME as an image source
    in [-1, 1] (the folder's images at their own size; the Inception
    resize makes them 299x299), and the number of images to use."""
    count = _reference_count(dataset, num_real)
    n = int(num_real) if num_real is not None else count
    if n is None:
        raise ValueError(f"Pass num_real for {os.fspath(dataset)!r} (its "
                         "size is not known before it is read).")
    ds = data.load(dataset, batch_size=500, split=split, shuffle=False,
                   cache=False)
    return _DatasetSource(ds, (-1.0, 1.0),
                          f"images of {os.fspath(dataset)!r}"), n


def _subset_indices(total, n):
    if n > total:
        raise NotEnoughImagesError(
            f"Asked for {n} real images but the split has only {total}.",
            available=total)
    if n == total:
        return np.arange(total)
    return np.random.default_rng(_SUBSET_SEED).permutation(total)[:n]


def _stats_path(key):
    return os.path.join(cache_dir("stats"), key + ".npz")


def _save_stats(path, arrays, meta):
    payload = dict(arrays)
    payload["__meta__"] = np.array(json.dumps(meta))
    with atomic_path(path, suffix=".npz") as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, **payload)


def _load_stats(path, meta):
    try:
        with np.load(path, allow_pickle=False) as f:
            stored = json.loads(str(f["__meta__"]))
            if stored != meta:
                return None
            return {k: f[k] for k in f.files if k != "__meta__"}
    except Exception as e:  # corrupt cache entry: drop it and recompute
        print(f"keras_gans: removing unreadable statistics cache {path} "
              f"({type(e).__name__}: {e}).", file=sys.stderr)
        try:
            os.remove(path)
        except OSError:
            pass
        return None


def _features_for(images_batches, total, extractors, progress, desc):
    """Runs uint8 batches through the extractors -> {kind: {name: array}}."""
    out = {kind: {} for kind in extractors}
    bar = Progress(total, desc, progress, unit="img")
    parts = {kind: [] for kind in extractors}
    labels_parts = []
    try:
        for batch in images_batches:
            if isinstance(batch, tuple):
                batch, lab = batch
                labels_parts.append(lab)
            for kind, extractor in extractors.items():
                parts[kind].append(extractor(batch))
            bar.update(len(batch))
    finally:
        bar.close()
    for kind, pieces in parts.items():
        for name in pieces[0] if pieces else ():
            out[kind][name] = np.concatenate([p[name] for p in pieces])
    return out


def real_statistics(dataset="fashion_mnist", split="test", num_real=10_000,
                    kinds=("inception",), weights=None, weights_sha256=None,
                    cache=True, progress=True, batch_size=50,
                    value_range=(-1.0, 1.0), extractor=None):
    """Real-data features and their statistics, computed once and cached.

    Args:
        dataset: a named dataset ("fashion_mnist", "mnist", "mnist_5k"),
            images (numpy) or a ``tf.data.Dataset`` of images.
        split: split of a named dataset (``"test"`` by default, the
            reference split of every keras_gans evaluation).
        num_real: number of real images; a named dataset uses the first
            ``num_real`` of a fixed permutation (numpy ``default_rng(0)``) of
            the split, or the whole split when ``num_real`` equals its size.
        kinds: ``"inception"`` and/or ``"classifier"``.
        weights, weights_sha256: Inception weights (see
            ``inception.resolve_weights``).
        cache: read/write the on-disk cache (named datasets only; never
            for random Inception weights).
        extractor: an ``InceptionExtractor`` to use instead of resolving
            ``weights`` (evaluate passes the one it used for the generated
            images, so both sides always go through the same network).

    Returns:
        ``{kind: {"features", "mu", "sigma"[, "logits"]}, "protocol": {...}}``
        (``"labels"`` too for named datasets). ``protocol["cached"][kind]``
        is the cache file the statistics were read from, ``"memory"`` when
        this process had them already, or None when they were computed by
        this call.
    """
    kinds = tuple(kinds)
    name = data.named_dataset(dataset)
    extractors, keys = {}, {}
    if "inception" in kinds:
        ext = extractor or inception_lib.get_extractor(
            weights, sha256=weights_sha256, batch_size=batch_size,
            progress=progress)
        extractors["inception"] = ext
        keys["inception"] = ext.info.get("weights_sha256")
    if "classifier" in kinds:
        if name is None:
            raise ValueError("Classifier statistics need a named dataset "
                             "(fashion_mnist, mnist, mnist_5k).")
        clf = classifier_lib.get_classifier(name)
        extractors["classifier"] = clf
        keys["classifier"] = clf.card["sha256"]
    result = {}
    if name is not None:
        x, y = _load_named(name, split)
        n = len(x) if num_real is None else int(num_real)
        idx = _subset_indices(len(x), n)
        subset = "all" if n == len(x) else \
            f"first {n} of numpy default_rng({_SUBSET_SEED}).permutation"
        protocol = {"dataset": name, "split": split, "num_real": n,
                    "subset": subset, "cached": {}}
        todo = {}
        for kind, ext in extractors.items():
            meta = {"format": _STATS_FORMAT, "dataset": name, "split": split,
                    "num_real": n, "subset": subset, "kind": kind,
                    "weights_sha256": keys[kind]}
            memo_key = json.dumps(meta, sort_keys=True)
            cacheable = keys[kind] is not None  # not random weights
            path = _stats_path(f"{name}-{split}-{n}-{kind}-"
                               f"{keys[kind][:16]}") if cacheable else None
            hit = _MEMORY.get(memo_key) if cacheable else None
            where = "memory" if hit is not None else None
            if hit is None and cache and cacheable and os.path.isfile(path):
                hit = _load_stats(path, meta)
                where = path
            if hit is not None:
                result[kind] = hit
                _remember(memo_key, hit)
                protocol["cached"][kind] = where
            else:
                todo[kind] = (ext, meta, memo_key, path)
        if todo:
            images = x[idx]
            feats = _features_for(
                (images[s:s + 500] for s in range(0, n, 500)), n,
                {k: v[0] for k, v in todo.items()}, progress,
                f"real {name}/{split} features")
            for kind, (ext, meta, memo_key, path) in todo.items():
                stats = _with_stats(feats[kind], kind)
                stats["labels"] = y[idx].astype(np.int64)
                if cache and path is not None:
                    _save_stats(path, stats, meta)
                protocol["cached"][kind] = None
                if path is not None:
                    _remember(memo_key, stats)
                result[kind] = stats
        result["protocol"] = protocol
        return result
    if _is_reference_files(dataset):
        source, n = _reference_source(dataset, split, num_real)
    else:
        source = _resolve_source(dataset, value_range=value_range)
        n = int(num_real) if num_real is not None else len(source)
    feats = _features_for(source.batches(n, 0, 500), n, extractors,
                          progress, "real features")
    for kind in extractors:
        result[kind] = _with_stats(feats[kind], kind)
    result["protocol"] = {"dataset": source.description, "split": None,
                          "num_real": n, "subset": "first images",
                          "cached": {}}
    return result


def _with_stats(feats, kind):
    key = "pool3" if kind == "inception" else "features"
    features = feats[key]
    mu, sigma = statistics(features)
    out = {"features": features.astype(np.float32), "mu": mu, "sigma": sigma}
    if kind == "classifier":  # real classifier score; IS needs no real data
        out["logits"] = feats["logits"]
    return out


# -- evaluate -----------------------------------------------------------------
def _normalise_metrics(metrics):
    if isinstance(metrics, str):
        metrics = (metrics,)
    out = []
    for m in metrics:
        key = _ALIASES.get(str(m).lower(), str(m).lower())
        if key not in METRICS:
            raise ValueError(f"Unknown metric {m!r}; expected some of "
                             f"{list(METRICS)} (aliases: {_ALIASES}).")
        if key not in out:
            out.append(key)
    if not out:
        raise ValueError("No metrics requested.")
    return out


def _num_classes_for(source, num_classes, dataset):
    """``(num_classes, where it came from)`` for the labels of a conditional
    generator: what the model declares (a GAN's ``class`` input, an export's
    keras_gans.json), else ``num_classes=``, else the named dataset's class
    count; ``(None, None)`` when nothing says. A given ``num_classes`` that
    contradicts the model's is an error."""
    stated, stated_from = source.num_classes, source.num_classes_from
    if num_classes is not None:
        if isinstance(num_classes, bool) or not isinstance(
                num_classes, (int, np.integer)) or num_classes < 2:
            raise ValueError(f"num_classes must be a positive integer (at "
                             f"least 2 classes); received {num_classes!r}.")
        num_classes = int(num_classes)
        if stated is not None and stated != num_classes:
            raise ValueError(
                f"num_classes={num_classes} but {source.description} has "
                f"{stated} classes ({stated_from}); leave num_classes out "
                "or make them agree.")
        return num_classes, stated_from or "the num_classes argument"
    if stated is not None:
        return int(stated), stated_from
    name = data.named_dataset(dataset)
    if name is not None:
        count = data.NAMED_DATASETS[name].get("num_classes")
        if count is not None:
            return int(count), f"the classes of the {name} dataset"
    return None, None


def _check_labels_wanted(source, given):
    """``labels=`` needs a source that takes labels, and not also the same
    input through ``inputs=``."""
    if not source.takes_labels:
        raise ValueError(f"{source.description} does not take labels.")
    if source.label_name in (given or {}):
        raise ValueError(
            f"labels= and inputs[{source.label_name!r}] both give the class "
            f"ids of {source.description}; pass one of them.")


def _labels_for(labels, n, num_classes=None, where=None, source=None):
    """User labels -> ``(int32 (n,) array, "balanced" | "given")``, or
    ``(None, None)`` without labels. ``"balanced"`` is the class spec's
    ``balanced(n)`` (``i % num_classes``); given labels must be integer
    class ids, one per sample, checked by the class spec (in ``[0,
    num_classes)``; only ``>= 0`` when the number of classes is unknown)."""
    if labels is None:
        return None, None
    what = f" for {source.description}" if source is not None else ""
    spec = None
    if num_classes is not None:
        spec = (source.class_spec(num_classes) if source is not None else
                GeneratorInput.class_id(num_classes))
    if isinstance(labels, str):
        if labels != "balanced":
            raise ValueError(f"labels must be None, 'balanced' or an array; "
                             f"received {labels!r}.")
        if spec is None:
            raise ValueError(
                f"labels='balanced'{what} needs the number of classes, which "
                "neither the generator nor the dataset states; pass "
                "num_classes=.")
        return spec.balanced(n), "balanced"
    return inputs_lib.check_labels(
        labels, n, num_classes, name=f"labels{what}", allow_scalar=False,
        known_from=where), "given"


def evaluate(generator_or_name, dataset="fashion_mnist",
             metrics=DEFAULT_METRICS, num_samples=10_000, seed=0,
             progress=True, *, split="test", num_real=None, labels=None,
             num_classes=None, inputs=None, latent_dim=None,
             value_range=(-1.0, 1.0), weights=None, weights_sha256=None,
             batch_size=50, generate_batch_size=500, kid_subsets=100,
             kid_subset_size=1000, is_splits=10, pr_k=3, cache=True,
             use_ema=None):
    """Evaluates a generator; returns a JSON-serialisable dict of values and
    the protocol that produced them.

    Args:
        generator_or_name: a ``keras_gans.GAN``, a Keras generator (latents
            -> images in [-1, 1]), a SavedModel object or folder, a ``.keras``
            file, a zoo name, a callable ``f(z)``/``f(z, labels)``, or
            already generated images (numpy array / ``tf.data.Dataset``).
        dataset: the real data (see :func:`real_statistics`); may be None
            when only ``"is"`` is requested.
        metrics: some of ``"fid"``, ``"kid"``, ``"is"``,
            ``"precision_recall"``, ``"classifier"`` (domain-classifier
            score, classifier FID, and with ``labels`` the accuracy).
        num_samples: number of generated images.
        seed: seed of the latents (same seed, same images).
        progress: show progress (tqdm if installed, else prints).
        split: reference split of a named dataset: ``"test"`` (default; the
            split ``keras-gans evaluate``, the ``FID`` callback and the zoo's
            published numbers use), ``"train"`` or ``"all"``.
        num_real: number of real images (default: ``num_samples``, capped
            at the split size).
        labels: for conditional generators: ``"balanced"`` (``i %
            num_classes``) or an array of ``num_samples`` integer class ids
            in ``[0, num_classes)``; anything else (floats, a wrong count,
            an id out of range) is a ``ValueError`` naming what was received
            and what was expected.
        num_classes: number of classes of a conditional generator. Read
            from the model when it declares it (a GAN's ``class`` input, an
            exported SavedModel's ``keras_gans.json``; a different value
            here is an error), else this (a bare Keras generator or a
            callable declares nothing), else the named dataset's class
            count.
        inputs: ``{input name: array of num_samples per-example values}``
            for declared generator inputs without a prior (kind
            ``"image"``: the source images of an image-to-image GAN), or to
            fix other declared inputs; the first ``num_samples`` values are
            used, chunk by chunk (``gan.generate(..., name=chunk)``). A GAN
            with an input it cannot draw and no value for it here is a
            ``ValueError``.
        latent_dim: latent size, when it cannot be inferred.
        value_range: range of the generator's float output (and of float
            real images). Float images that never go below -0.05 under the
            default (-1, 1) raise a ``UserWarning`` (likely [0, 1] output:
            pass ``value_range=(0, 1)``).
        weights, weights_sha256: Inception weights (``inception.
            resolve_weights``); ``"random"`` for tests.
        batch_size: Inception batch size.
        generate_batch_size: images generated per call of the generator.
        kid_subsets, kid_subset_size: KID subsets (100 of <= 1000).
        is_splits: Inception Score splits.
        pr_k: the k of precision/recall.
        cache: use the on-disk real-statistics cache.
        use_ema: for a ``keras_gans.GAN`` (or its ``.keras`` file): ``None``
            draws with its EMA generator when it keeps one (as
            ``gan.generate`` does), ``True`` requires the EMA copy, ``False``
            draws with the trained generator. The protocol records which
            (``"generator_weights"``). Any other generator holds one set of
            weights: ``True``/``False`` for it is a ``ValueError``.

    Returns:
        ``{"fid": ..., "kid": ..., "kid_std": ..., "is": ..., "is_std": ...,
        "precision": ..., "recall": ..., "classifier_score": ...,
        "classifier_score_real": ..., "classifier_fid": ...,
        "classifier_accuracy": ..., "protocol": {...}}`` with the keys of the
        requested metrics.
    """

    start_time = time.time()
    metrics = _normalise_metrics(metrics)
    num_samples = int(num_samples)
    if num_samples < 2:
        raise ValueError(f"num_samples must be >= 2; received {num_samples}.")
    need_inception = any(m in metrics for m in
                         ("fid", "kid", "is", "precision_recall"))
    need_logits = "is" in metrics
    need_classifier = "classifier" in metrics
    need_real = any(m in metrics for m in
                    ("fid", "kid", "precision_recall", "classifier"))
    if need_real and dataset is None:
        raise ValueError(f"Metrics {metrics} need real data: pass dataset=.")
    reference_count = None  # of a folder reference, read once, now
    if need_real:  # before any image is generated
        data.check_split(dataset, split)
        if _is_reference_files(dataset):
            reference_count = _reference_count(dataset, num_real)
    if "is" in metrics and num_samples < is_splits:
        raise ValueError(f"The Inception Score with {is_splits} splits needs "
                         f">= {is_splits} samples; got {num_samples}.")

    # two-domain data ("domains:DATASET:TRANSFORM") and a generator declaring
    # several outputs (CoGAN): each domain against its own reference, and
    # their agreement (metrics/domains.py)
    from keras_gans.metrics import domains as domains_lib
    domain_outputs = None
    if "agreement" in metrics or domains_lib.is_domains_dataset(dataset):
        generator_or_name, domain_outputs = domains_lib.prepare(
            generator_or_name)
    if domain_outputs:
        return domains_lib.evaluate_domains(
            generator_or_name, domain_outputs, dataset, metrics,
            num_samples=num_samples, seed=seed, progress=progress,
            split=split, num_real=num_real, labels=labels, inputs=inputs,
            value_range=value_range, generate_batch_size=generate_batch_size,
            weights=weights, weights_sha256=weights_sha256,
            batch_size=batch_size, kid_subsets=kid_subsets,
            kid_subset_size=kid_subset_size, is_splits=is_splits, pr_k=pr_k,
            cache=cache, use_ema=use_ema, evaluate_lib=sys.modules[__name__])
    if domains_lib.is_domains_dataset(dataset) or "agreement" in metrics:
        raise ValueError(
            f"{dataset!r} with metrics {metrics} is evaluated against a "
            "generator declaring one output per domain (a CoGAN's images_a "
            f"/ images_b); {type(generator_or_name).__name__} "
            f"{str(generator_or_name)[:80]!r} declares one.")

    source = _resolve_source(generator_or_name, latent_dim, value_range,
                             use_ema)
    if use_ema is not None and not isinstance(source, _GANSource):
        raise ema_lib.single_weights_error(use_ema, source.description)
    if isinstance(source, (_ArraySource,)) and num_samples > len(source):
        num_samples = len(source)
    given = source.given_inputs(inputs, num_samples)
    if labels is not None:
        _check_labels_wanted(source, given)
    label_classes, label_classes_from = (
        _num_classes_for(source, num_classes, dataset) if labels is not None
        else (None, None))
    label_array, label_mode = _labels_for(labels, num_samples,
                                          label_classes, label_classes_from,
                                          source)
    extractors = {}
    if need_inception:
        extractors["inception"] = inception_lib.get_extractor(
            weights, with_logits=need_logits, sha256=weights_sha256,
            batch_size=batch_size, progress=progress)
    clf_name = None
    if need_classifier:
        clf_name = data.named_dataset(dataset)
        if clf_name is None:
            raise ValueError(
                "The 'classifier' metrics need a named MNIST-like dataset "
                f"(fashion_mnist, mnist, mnist_5k); received {dataset!r}.")
        extractors["classifier"] = classifier_lib.get_classifier(clf_name)

    gen = _features_for(
        source.batches(num_samples, seed, int(generate_batch_size),
                       label_array, given),
        num_samples, extractors, progress, "generated features")

    real = None
    if need_real:
        kinds = []
        if any(m in metrics for m in ("fid", "kid", "precision_recall")):
            kinds.append("inception")
        if need_classifier:
            kinds.append("classifier")
        n_real = num_real
        if n_real is None:
            n_real = num_samples
            if data.named_dataset(dataset):
                n_real = min(num_samples, len(_load_named(
                    data.named_dataset(dataset), split)[0]))
            elif reference_count is not None:
                n_real = min(num_samples, reference_count)
        real = real_statistics(dataset, split=split, num_real=n_real,
                               kinds=kinds, weights=weights,
                               weights_sha256=weights_sha256, cache=cache,
                               progress=progress, batch_size=batch_size,
                               value_range=value_range,
                               extractor=extractors.get("inception"))

    out, protocol = {}, {
        "keras_gans_version": __version__,
        "metrics": metrics,
        "generator": source.description,
        "num_generated": num_samples,
        "seed": seed,
        "generated_quantization": inception_lib.QUANTIZATION_PROTOCOL,
        "value_range": list(value_range),
        "reference": None if real is None else real["protocol"],
    }
    if need_inception:
        protocol["inception"] = extractors["inception"].protocol
        g = gen["inception"]["pool3"]
    if "fid" in metrics:
        r = real["inception"]
        mu, sigma = statistics(g)
        out["fid"] = frechet_distance(mu, sigma, r["mu"], r["sigma"],
                                      features1=g,
                                      features2=r.get("features"))
        protocol["fid"] = {"features": "inception pool3 (2048-d)",
                           "dtype": "float64",
                           "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of "
                                    "S1^(1/2) S2 S1^(1/2) (or of C S2 C^T "
                                    "when N <= D)"}
    if "kid" in metrics:
        out["kid"], out["kid_std"] = kid_from_features(
            g, real["inception"]["features"], num_subsets=kid_subsets,
            max_subset_size=kid_subset_size, seed=seed)
        protocol["kid"] = {
            "features": "inception pool3 (2048-d)",
            "kernel": "(x.y/d + 1)^3", "estimator": "unbiased MMD^2",
            "num_subsets": int(kid_subsets),
            "subset_size": int(min(kid_subset_size, len(g),
                                   len(real["inception"]["features"]))),
            "subset_seed": seed}
    if "is" in metrics:
        out["is"], out["is_std"] = inception_score_from_logits(
            gen["inception"]["logits"], splits=is_splits)
        protocol["is"] = {"splits": int(is_splits),
                          "logits": "pool3 @ W without bias, softmax over "
                                    "1008 classes (original code)"}
    if "precision_recall" in metrics:
        out["precision"], out["recall"] = \
            precision_recall_from_features(
                real["inception"]["features"], g, k=pr_k)
        protocol["precision_recall"] = {
            "k": int(pr_k), "features": "inception pool3 (the paper uses "
            "VGG-16 fc2: values are not comparable with published ones)"}
    if need_classifier:
        c = gen["classifier"]
        rc = real["classifier"]
        clf = extractors["classifier"]
        out["classifier_score"] = classifier_lib.classifier_score_from_logits(
            c["logits"])
        if "logits" in rc:
            out["classifier_score_real"] = \
                classifier_lib.classifier_score_from_logits(rc["logits"])
        mu, sigma = statistics(c["features"])
        out["classifier_fid"] = frechet_distance(
            mu, sigma, rc["mu"], rc["sigma"], features1=c["features"],
            features2=rc.get("features"))
        if label_array is not None:
            out["classifier_accuracy"] = classifier_lib.accuracy(
                c["logits"], label_array)
        protocol["classifier"] = dict(
            clf.protocol, score="exp(E KL(p(y|x) || p(y))) over all samples",
            labels=label_mode)
    if isinstance(source, _GANSource):
        protocol["generator_weights"] = source.weights
    if given:
        protocol["given_inputs"] = sorted(given)
    if label_array is not None:
        protocol["labels"] = {"mode": label_mode,
                              "num_classes": label_classes,
                              "num_classes_from": label_classes_from}
    protocol["seconds"] = round(time.time() - start_time, 2)
    out["protocol"] = protocol
    return out


def fid_of_generator(generator, real="fashion_mnist", num_samples=1000,
                     seed=0, split="test", num_real=None, weights=None,
                     batch_size=50, progress=False, **kwargs):
    """FID of ``num_samples`` generated images against ``real`` (a named
    dataset, images or a dataset; of a named dataset the ``split``,
    ``"test"`` by default as everywhere in keras_gans); the Inception
    network and the real statistics are loaded once per process, so a
    callback can call this every few epochs. Returns a float; for the
    protocol use :func:`evaluate`."""
    return evaluate(generator, dataset=real, metrics=("fid",),
                    num_samples=num_samples, seed=seed, progress=progress,
                    split=split, num_real=num_real, weights=weights,
                    batch_size=batch_size, **kwargs)["fid"]
