"""Evaluating image-to-image generators (pix2pix) on held-out pairs.

For pairs ``(x, y)`` and translations ``G(x)``:

``l1``
    mean ``|G(x) - y|`` in the model range [-1, 1] (the unweighted L1 term
    of the pix2pix loss), over all pixels of all pairs.
``psnr``
    ``tf.image.psnr`` of the uint8 pictures (``max_val=255``), averaged
    over pairs (per-pair PSNR in dB; a pair whose translation is exact,
    infinite PSNR, is counted at 100 dB and reported under ``psnr_exact``).
``ssim``
    ``tf.image.ssim`` of the uint8 pictures (``max_val=255``, Gaussian
    window 11 with sigma 1.5, k1 0.01, k2 0.03: the tf defaults, the window
    shrunk to the image side for images smaller than 11), averaged over
    pairs.
``fid``
    FID (Inception pool3, :func:`keras_gans.metrics.evaluate`'s protocol)
    of the translations against the targets of the same pairs.

The uint8 pictures come from the library's one float -> uint8 rule
(``keras_gans.utils.images.to_uint8``), as for FID.

:func:`load_translator` reads which input is the conditioning image from
what the model declares (a GAN's ``generator_inputs()``, an export's
``keras_gans.json``), never from attribute or layer names;
:func:`image_input_of` tells ``keras-gans evaluate`` whether a model is a
translator at all.
"""

import os
import time

import numpy as np

from keras_gans import data as data_lib
from keras_gans import export, zoo
from keras_gans.engine import inputs as inputs_lib
from keras_gans.utils.images import to_uint8
from keras_gans.utils.progress import Progress
from keras_gans.version import __version__

__all__ = ["TRANSLATION_METRICS", "DEFAULT_TRANSLATION_METRICS",
           "l1_distance", "psnr", "ssim", "image_input_of", "Translator",
           "load_translator", "evaluate_translation"]

TRANSLATION_METRICS = ("l1", "psnr", "ssim", "fid")
DEFAULT_TRANSLATION_METRICS = TRANSLATION_METRICS
#: the PSNR counted for an exact translation (whose PSNR is infinite)
EXACT_PSNR = 100.0


# -- the math (per pair) ----------------------------------------------------------
def _pair_arrays(outputs, targets):
    a, b = np.asarray(outputs), np.asarray(targets)
    if a.shape != b.shape or a.ndim != 4:
        raise ValueError(
            "Translations and targets must be images of one shape (N, H, W, "
            f"C); received {a.shape} and {b.shape}.")
    return a, b


def l1_distance(outputs, targets):
    """Per-pair mean ``|output - target|`` of float images in [-1, 1]:
    ``(N,)`` float64."""
    a, b = _pair_arrays(outputs, targets)
    return np.abs(a.astype(np.float64) - b.astype(np.float64)).reshape(
        len(a), -1).mean(axis=1)


def psnr(outputs, targets):
    """Per-pair PSNR (dB) of the uint8 pictures of float images in [-1, 1]
    (``tf.image.psnr``, ``max_val=255``): ``(N,)``; ``inf`` where exact."""
    import tensorflow as tf

    a, b = _pair_arrays(outputs, targets)
    return tf.image.psnr(to_uint8(a), to_uint8(b), max_val=255).numpy() \
        .astype(np.float64)


def ssim_filter_size(image_shape):
    """The SSIM window: tf's 11, or the image's smaller side if below."""
    return int(min(11, image_shape[0], image_shape[1]))


def ssim(outputs, targets):
    """Per-pair SSIM of the uint8 pictures of float images in [-1, 1]
    (``tf.image.ssim``, ``max_val=255``; see the module doc): ``(N,)``."""
    import tensorflow as tf

    a, b = _pair_arrays(outputs, targets)
    return tf.image.ssim(to_uint8(a), to_uint8(b), max_val=255,
                         filter_size=ssim_filter_size(a.shape[1:3])).numpy() \
        .astype(np.float64)


# -- which models translate --------------------------------------------------------
def _image_spec(specs):
    return next((s for s in specs if s.kind == "image"), None)


def _is_gan(obj):
    import keras

    return isinstance(obj, keras.Model) and callable(
        getattr(obj, "generator_inputs", None))


def image_input_of(model):
    """``(model, spec)``: ``spec`` is the declared generator input of kind
    ``image`` (a ``GeneratorInput``) or ``None`` when the model declares
    none (not an image-to-image generator). ``model`` is what to evaluate:
    a ``.keras`` path comes back loaded (so it is read once); other sources
    come back as given. Reads only declarations: a GAN's
    ``generator_inputs()``, an export's ``keras_gans.json`` (a SavedModel
    folder or a zoo entry's archive)."""
    if _is_gan(model):
        return model, _image_spec(model.generator_inputs())
    declared = getattr(model, "generator_inputs", None)
    if isinstance(declared, (tuple, list)):  # an export.SavedGenerator
        return model, _image_spec(declared)
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        if path.endswith(".keras") and os.path.isfile(path):
            try:
                gan = zoo.load_gan(path)
            except Exception:  # noqa: BLE001 - the caller's loader reports
                return model, None
            if _is_gan(gan):
                return gan, _image_spec(gan.generator_inputs())
            return gan, None
        if os.path.isdir(path):
            try:
                folder = export.find_saved_model(path)
            except FileNotFoundError:
                return model, None
            return model, _image_spec(export.specs_from_metadata(
                export.read_metadata(folder)))
        if zoo.find_entry(path) is not None:
            try:
                folder = export.find_saved_model(zoo.download(
                    path, progress=False))
            except Exception:  # noqa: BLE001 - the caller's loader reports
                return model, None
            return model, _image_spec(export.specs_from_metadata(
                export.read_metadata(folder)))
    return model, None


class Translator:
    """A loaded image-to-image generator: ``t(images)`` -> float32
    translations in [-1, 1], in batches.

    ``spec`` is its declared ``image`` input (name, per-example shape,
    value range); ``description`` says what was loaded (for protocols and
    messages)."""

    def __init__(self, fn, spec, description, output_shape):
        self._fn = fn
        self.spec = spec
        self.description = description
        self.output_shape = tuple(int(d) for d in output_shape)

    @property
    def image_shape(self):
        return tuple(self.spec.shape)

    def check(self, images):
        """``images`` -> float32 ``(N,) + spec.shape``, in range (the
        declared input's own check: shape, finite, value range)."""
        images = np.asarray(images)
        return self.spec.check(images, len(images) if images.ndim else 0)

    def __call__(self, images, batch_size=64):
        images = self.check(images)
        out = [np.asarray(self._fn(images[i:i + batch_size]), np.float32)
               for i in range(0, len(images), int(batch_size))]
        return np.concatenate(out) if out else np.zeros((0,), np.float32)


def load_translator(model, use_ema=None):
    """A :class:`Translator` of ``model``: a ``keras_gans`` GAN declaring an
    ``image`` input, a ``.keras`` checkpoint of one, a SavedModel folder
    exported by keras_gans (its ``keras_gans.json`` declares the inputs), a
    loaded ``export.SavedGenerator``, or a zoo entry name. Anything else, or
    a model without a declared ``image`` input, is a ``ValueError``."""
    obj, spec = image_input_of(model)
    what = (f"{model!r}" if isinstance(model, (str, os.PathLike))
            else type(model).__name__)
    if spec is None:
        raise ValueError(
            f"{what} is not an image-to-image generator: it declares no "
            "generator input of kind 'image' (expected a pix2pix-like "
            "keras_gans GAN, its .keras checkpoint, its exported SavedModel "
            "or a zoo entry of one).")
    if _is_gan(obj):
        specs = tuple(obj.generator_inputs())
        others = [s for s in specs if s.name != spec.name]
        undrawable = [s.name for s in others if not s.drawable]
        if undrawable:
            raise ValueError(f"{what} takes further inputs without a prior "
                             f"{undrawable}; only its image can be given.")

        def fn(batch):
            feed = obj.sample_generator_inputs(len(batch), seed=0,
                                               **{spec.name: batch})
            return obj.generate_from(feed, use_ema=use_ema)

        return Translator(fn, spec, f"keras_gans GAN {type(obj).__name__}",
                          next(iter(obj.generator_outputs().values())))
    g = obj if isinstance(getattr(obj, "generator_inputs", None), (
        tuple, list)) else export.load(zoo.download(obj, progress=False)
                                       if zoo.find_entry(str(obj)) else obj)
    extra = sorted(set(g.input_specs) - {spec.name})
    if extra:
        raise ValueError(f"{what} takes the inputs {sorted(g.input_specs)}; "
                         f"a translation gives only {spec.name!r}.")

    def call(batch):
        return g(**{spec.name: batch})

    return Translator(call, spec, f"SavedModel {g.path!r}", g.image_shape)


# -- evaluation ------------------------------------------------------------------
def _normalise(metrics):
    metrics = [m.strip().lower() for m in (
        metrics.split(",") if isinstance(metrics, str) else metrics or ())
        if m and m.strip()]
    unknown = [m for m in metrics if m not in TRANSLATION_METRICS]
    if unknown or not metrics:
        raise ValueError(
            f"An image-to-image generator is evaluated with "
            f"{list(TRANSLATION_METRICS)}; received {metrics}.")
    return list(dict.fromkeys(metrics))


def evaluate_translation(model, pairs="edges2fashion",
                         metrics=DEFAULT_TRANSLATION_METRICS,
                         num_samples=None, seed=0, progress=True, *,
                         split="test", fid_num_samples=None,
                         input_half="left", data_dir=None, weights=None,
                         weights_sha256=None, batch_size=50,
                         generate_batch_size=256, use_ema=None, cache=True):
    """L1, PSNR, SSIM and FID of ``model``'s translations of held-out
    pairs against their targets; a JSON-ready dict of the values and the
    protocol.

    Args:
        model: anything :func:`load_translator` accepts.
        pairs: the pair source (``keras_gans.data.load_pairs``: a named set
            such as ``"edges2fashion"``, a pix2pix folder, two folders,
            arrays, tfds), read in order (no shuffling, no augmentation) at
            the model's declared input size.
        metrics: some of ``"l1"``, ``"psnr"``, ``"ssim"``, ``"fid"``.
        num_samples: pairs evaluated (default: all of the split).
        seed: seed of any other input the model draws.
        split: the pairs' split (default ``"test"``).
        fid_num_samples: pairs for FID (default ``min(num_samples,
            10_000)``; its Inception pass is the slow part).
        input_half: of side-by-side pair files (``load_pairs``).
        weights, weights_sha256, batch_size, cache: of the FID's Inception
            network and real statistics (``keras_gans.metrics.evaluate``).
        generate_batch_size: pairs translated per call.
    """
    start = time.time()
    metrics = _normalise(metrics)
    translator = load_translator(model, use_ema=use_ema)
    h, w, c_in = translator.image_shape
    if num_samples is not None and int(num_samples) < 2:
        raise ValueError(f"num_samples must be >= 2; received "
                         f"{num_samples}.")
    # files (folders, tfds) are read at the model's size; a named set or
    # arrays must already have it (checked below)
    files = not (isinstance(pairs, str) and pairs.lower() in
                 data_lib.PAIRED_DATASETS) and not (
        isinstance(pairs, (tuple, list)) and not all(
            isinstance(p, (str, os.PathLike)) for p in pairs))
    ds = data_lib.load_pairs(
        pairs, batch_size=int(generate_batch_size), split=split,
        shuffle=False, augment=False, input_half=input_half,
        data_dir=data_dir,
        image_shape=translator.output_shape if files else None,
        input_channels=c_in if files else None)
    inputs, targets, outputs = [], [], []
    want = None if num_samples is None else int(num_samples)
    bar = Progress(want, "translating", enabled=progress)
    got = 0
    for x, y in ds.as_numpy_iterator():
        if want is not None:
            x, y = x[:want - got], y[:want - got]
        if tuple(x.shape[1:]) != translator.image_shape:
            raise ValueError(
                f"The pairs of {pairs!r} have input images of shape "
                f"{tuple(x.shape[1:])}, but {translator.description} takes "
                f"{translator.image_shape}; evaluate it on pairs of its own "
                "size.")
        out = translator(x, batch_size=int(generate_batch_size))
        if out.shape != y.shape:
            raise ValueError(
                f"{translator.description} makes images of shape "
                f"{out.shape[1:]} but the targets of {pairs!r} have "
                f"{y.shape[1:]}.")
        inputs.append(x)
        targets.append(y)
        outputs.append(out)
        got += len(x)
        bar.update(len(x))
        if want is not None and got >= want:
            break
    bar.close()
    if want is not None and got < want:
        raise ValueError(f"The {split!r} split of {pairs!r} holds {got} "
                         f"pairs; {want} were requested.")
    if got < 2:
        raise ValueError(f"The {split!r} split of {pairs!r} holds {got} "
                         "pairs; at least 2 are needed.")
    targets = np.concatenate(targets)
    outputs = np.concatenate(outputs)
    out = {}
    protocol = {
        "keras_gans_version": __version__,
        "kind": "image-to-image translation",
        "metrics": metrics,
        "generator": translator.description,
        "input": translator.spec.to_json(),
        "pairs": str(pairs) if isinstance(pairs, (str, os.PathLike)) else
        type(pairs).__name__,
        "split": split,
        "num_pairs": int(got),
        "num_generated": int(got),
        "generated_quantization": "to_uint8: (x + 1) * 127.5, round half "
                                  "up, clip (PSNR, SSIM, FID)",
    }
    if "l1" in metrics:
        out["l1"] = float(l1_distance(outputs, targets).mean())
        protocol["l1"] = {"units": "mean |G(x) - y| on float images in "
                                   "[-1, 1] (unweighted L1 loss term)"}
    if "psnr" in metrics:
        values = psnr(outputs, targets)
        exact = ~np.isfinite(values)
        out["psnr"] = float(np.where(exact, EXACT_PSNR, values).mean())
        out["psnr_exact"] = int(exact.sum())
        protocol["psnr"] = {"function": "tf.image.psnr", "max_val": 255,
                            "on": "uint8 pictures", "average": "per pair",
                            "exact_pairs_counted_as_db": EXACT_PSNR}
    if "ssim" in metrics:
        out["ssim"] = float(ssim(outputs, targets).mean())
        protocol["ssim"] = {"function": "tf.image.ssim", "max_val": 255,
                            "filter_size": ssim_filter_size((h, w)),
                            "filter_sigma": 1.5, "k1": 0.01, "k2": 0.03,
                            "on": "uint8 pictures", "average": "per pair"}
    if "fid" in metrics:
        from keras_gans.metrics.evaluate import evaluate

        n_fid = int(min(got, fid_num_samples or min(got, 10_000)))
        result = evaluate(outputs[:n_fid], dataset=targets[:n_fid],
                          metrics=("fid",), num_samples=n_fid, seed=seed,
                          progress=progress, weights=weights,
                          weights_sha256=weights_sha256,
                          batch_size=batch_size, cache=cache)
        out["fid"] = float(result["fid"])
        fid_protocol = result["protocol"]
        protocol["fid"] = dict(fid_protocol.get("fid", {}),
                               num_pairs=n_fid,
                               reference="the targets of the same pairs")
        protocol["inception"] = fid_protocol.get("inception")
        protocol["reference"] = {"num_real": n_fid, "split": split,
                                 "source": f"targets of {protocol['pairs']}"}
    protocol["seconds"] = round(time.time() - start, 2)
    out["protocol"] = protocol
    return out


__all__ += ["EXACT_PSNR", "ssim_filter_size"]
