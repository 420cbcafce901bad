"""Exporting a generator as a TensorFlow SavedModel for TF Serving.

TensorFlow-specific by nature. ``save_generator(gan, "exports/dcgan")``
writes ``exports/dcgan/<version>/`` (TF Serving's layout: a base folder of
numbered versions) holding a self-contained graph: a server or a client loads
it with ``tf.saved_model.load`` (or ``tensorflow_model_server``) and needs
neither Keras nor keras_gans.

Signatures (named inputs and outputs; ``saved_model_cli show --all`` lists
them):

``serving_default``
    inputs: the GAN's generator inputs, named as in its
    ``sample_generator_inputs`` dict: ``latent`` float32 ``[batch,
    latent_dim]`` for every GAN, plus e.g. ``labels`` int32 ``[batch]`` for a
    conditional GAN or ``codes`` for InfoGAN.
    outputs: ``images`` uint8 ``[batch, H, W, C]`` in [0, 255] and
    ``images_float`` float32 in [-1, 1].
``generate``
    inputs: ``num_images`` int32 scalar in [1, :data:`MAX_NUM_IMAGES`]
    (1024; more fails with ``INVALID_ARGUMENT`` instead of exhausting the
    server's memory), ``seed`` int64 scalar. The model
    draws its own inputs with the GAN's sampler (stateless: the same seed
    gives the same images, on every call and every server), so a client that
    knows nothing about latents can ask for pictures. The inputs are drawn
    as the GAN draws them in training (for a conditional GAN: uniform random
    classes; a GAN may define ``export_generator_inputs(batch_size, seed)``
    to choose). For a GAN whose only input is the latent, ``generate(n,
    seed)`` returns exactly the images of ``gan.generate(n, seed=seed)``.
    outputs: ``images``, ``images_float`` and the drawn inputs (``latent``,
    ``labels``, ...), so a client can see which class it got.
``generate_conditioned`` (only for GANs with inputs besides ``latent``)
    inputs: ``seed`` int64 scalar and the non-latent inputs (e.g. ``labels``
    int32 ``[batch]``, 1 to :data:`MAX_NUM_IMAGES` of them); the latent is
    drawn from ``seed``. "Ten pictures of class 3" is ``labels=[3] * 10``.
    outputs: as ``generate``.

Integer class inputs are range-checked in ``serving_default`` and
``generate_conditioned``: ``labels`` must lie in ``[0, num_classes)`` and
InfoGAN's ``categorical`` codes column ``j`` in ``[0, categorical_dims[j])``
(a one-hot encoding would silently turn a bad id into an all-zero vector).
A bad value fails with ``InvalidArgumentError`` (TF Serving answers
``INVALID_ARGUMENT``) naming the input and the valid range.

The folder also holds ``assets.extra/keras_gans.json`` (input names, shapes,
image shape, the class counts of integer inputs under ``classes``, which
weights were exported), which loaders may read; TF Serving ignores it.
"""

import json
import os
import re
import shutil
import tempfile

import numpy as np
import tensorflow as tf
from keras_gans.version import __version__

__all__ = ["save_generator", "load", "SavedGenerator", "find_saved_model",
           "metadata_path", "read_metadata",
           "SIGNATURES", "METADATA_FILE", "MAX_NUM_IMAGES"]

METADATA_FILE = os.path.join("assets.extra", "keras_gans.json")
SIGNATURES = ("serving_default", "generate", "generate_conditioned")
#: the most images one call of ``generate`` / ``generate_conditioned`` makes
#: (a server answers INVALID_ARGUMENT beyond it rather than run out of memory)
MAX_NUM_IMAGES = 1024
_FORMAT_VERSION = 1


def metadata_path(saved_model_dir):
    return os.path.join(saved_model_dir, METADATA_FILE)


def read_metadata(saved_model_dir):
    """The ``keras_gans.json`` written beside an exported SavedModel, or
    ``{}`` for SavedModels written by something else."""
    path = metadata_path(saved_model_dir)
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def _to_uint8(images):
    """float in [-1, 1] -> uint8 [0, 255], rounded half to even like
    ``keras_gans.images.to_uint8``."""
    scaled = tf.round((images + 1.0) * 127.5)
    return tf.cast(tf.clip_by_value(scaled, 0.0, 255.0), tf.uint8)


class _StatelessSeed:
    """A tensor seed for Keras' random ops inside the exported graph.

    Keras' random ops accept an int (drawn as the pair ``[seed, 0]``) or a
    ``SeedGenerator`` (whose ``next()`` gives the pair). The exported
    ``generate`` signatures receive their seed as a tensor, so this object
    plays a ``SeedGenerator`` whose ``k``-th ``next()`` (counted while the
    graph is traced) is ``[seed, k]``: every draw is stateless, the draws of
    one call are distinct, and the first draw equals the draw of
    ``seed=int(seed)``; hence ``generate(n, seed)`` reproduces
    ``gan.generate(n, seed=seed)`` for a GAN whose only input is the latent.
    """

    def __init__(self, seed):
        self._seed = tf.cast(seed, tf.int64)
        self._count = 0

    def next(self, ordered=True):
        pair = tf.stack([self._seed, tf.constant(self._count, tf.int64)])
        self._count += 1
        return pair


def _seed_object(seed):
    from keras.random import SeedGenerator

    class _Seed(_StatelessSeed, SeedGenerator):
        # SeedGenerator's own __init__ is skipped on purpose: no state
        # variable is created, so nothing stateful enters the graph.
        __init__ = _StatelessSeed.__init__
        next = _StatelessSeed.next

    return _Seed(seed)


def _find_ema_generator(gan):
    """The EMA copy of the generator if the GAN keeps one, else ``None``."""
    for attr in ("generator_ema", "ema_generator"):
        net = getattr(gan, attr, None)
        if net is not None:
            return net
    getter = getattr(gan, "get_ema_generator", None)
    if callable(getter):
        return getter()
    return None


def _draw_inputs(gan, batch_size, seed):
    """The generator inputs the exported ``generate`` signature draws.

    A GAN may define ``export_generator_inputs(batch_size, seed)``; by
    default the inputs are drawn as in training (``sample_generator_inputs``
    with an empty ``real`` batch): the latent from N(0, I), and for a
    conditional GAN uniform random classes rather than the fixed per-class
    layout it uses for sample grids. ``batch_size`` may be a scalar tensor.
    """
    hook = getattr(gan, "export_generator_inputs", None)
    if callable(hook):
        return hook(batch_size, seed)
    return gan.sample_generator_inputs(batch_size, real={}, seed=seed)


def _class_counts(gan, inputs):
    """``{input name: class count}`` of the integer class inputs: ``labels``
    (``gan.num_classes``) and InfoGAN's ``categorical`` codes (a list,
    ``gan.categorical_dims``, one count per column)."""
    if gan is None:
        return {}
    counts = {}
    num_classes = getattr(gan, "num_classes", None)
    if num_classes and "labels" in inputs and inputs["labels"][0].is_integer:
        counts["labels"] = int(num_classes)
    dims = getattr(gan, "categorical_dims", None)
    if dims and "categorical" in inputs and \
            inputs["categorical"][0].is_integer:
        dims = [int(k) for k in dims]
        width = inputs["categorical"][1][-1]
        if len(inputs["categorical"][1]) != 2 or width != len(dims):
            raise ValueError(
                f"{type(gan).__name__} draws 'categorical' codes of shape "
                f"{inputs['categorical'][1]} but has categorical_dims "
                f"{dims}; expected shape [None, {len(dims)}].")
        counts["categorical"] = dims
    return counts


def _check_classes(inputs, classes):
    """Range assertions on the integer class inputs (see the module doc);
    returns the assertion ops, to be run before the generator."""
    checks = []
    for name, count in sorted(classes.items()):
        if name not in inputs:
            continue
        value = inputs[name]
        # a list holds one count per column (broadcast against the rows)
        limit = tf.constant(count, value.dtype)
        if isinstance(count, list):
            expected = ", ".join(f"column {j} in [0, {k})"
                                 for j, k in enumerate(count))
            what = f"{name} codes must be integers with {expected}"
        else:
            what = (f"{name} must be class ids in [0, {count}) "
                    f"(num_classes={count})")
        checks.append(tf.debugging.assert_non_negative(
            value, message=f"{what}; received a negative value"))
        checks.append(tf.debugging.assert_less(
            value, limit, message=f"{what}; received a value >= the "
            "number of classes"))
    return checks


def _check_num_images(num_images, name="num_images"):
    return [
        tf.debugging.assert_positive(
            num_images, message=f"{name} must be a positive integer"),
        tf.debugging.assert_less_equal(
            num_images, tf.constant(MAX_NUM_IMAGES, num_images.dtype),
            message=f"{name} must be at most {MAX_NUM_IMAGES} "
            "(keras_gans.export.MAX_NUM_IMAGES) per call; split bigger "
            "requests"),
    ]


class _Spec:
    """What to export: the generator inputs, how to call it and how to
    draw its inputs."""

    def __init__(self, model, use_ema):
        import keras

        self.ema = False
        if hasattr(model, "generator_call") and hasattr(
                model, "sample_generator_inputs"):
            self.kind = type(model).__name__
            self._gan = model
            sample = _draw_inputs(model, 2, 0)
            if not isinstance(sample, dict) or "latent" not in sample:
                raise ValueError(
                    f"{self.kind}.sample_generator_inputs must return a dict "
                    "with a 'latent' entry; received "
                    f"{type(sample).__name__} "
                    f"{sorted(sample) if isinstance(sample, dict) else ''}.")
            self.inputs = {}
            for key, value in sample.items():
                value = tf.convert_to_tensor(value)
                self.inputs[key] = (value.dtype, [None] + value.shape[1:]
                                    .as_list())
            ema = _find_ema_generator(model) if use_ema in (None, True) \
                else None
            if use_ema is True and ema is None:
                raise ValueError(
                    f"use_ema=True but this {self.kind} keeps no EMA copy of "
                    "its generator.")
            self._generator = ema if ema is not None else model.generator
            self.ema = ema is not None
        elif isinstance(model, keras.Model):
            if use_ema:
                raise ValueError("use_ema applies to a GAN, not to a bare "
                                 "generator model.")
            if len(model.inputs or ()) != 1 or len(model.inputs[0].shape) != 2:
                raise ValueError(
                    "A bare generator model must take a single latent input "
                    "of shape (batch, latent_dim); received inputs "
                    f"{[tuple(t.shape) for t in model.inputs or ()]}. Export "
                    "the GAN instead: its sample_generator_inputs and "
                    "generator_call describe the other inputs.")
            self.kind = "generator"
            self._gan = None
            self._generator = model
            self.inputs = {"latent": (tf.float32,
                                      [None, int(model.inputs[0].shape[1])])}
        else:
            raise TypeError(
                "save_generator expects a keras_gans GAN or a keras.Model "
                f"generator; received {type(model).__name__}.")
        self.latent_dim = int(self.inputs["latent"][1][1])
        self.classes = _class_counts(self._gan, self.inputs)

    def call(self, inputs):
        if self._gan is None:
            return self._generator(inputs["latent"], training=False)
        gan = self._gan
        if self._generator is gan.generator:
            return gan.generator_call(inputs, training=False)
        # The EMA copy has the generator's architecture: run the GAN's own
        # generator_call with it in the generator's place, at trace time.
        original = gan.generator
        object.__setattr__(gan, "generator", self._generator)
        try:
            return gan.generator_call(inputs, training=False)
        finally:
            object.__setattr__(gan, "generator", original)

    def draw(self, num_images, seed):
        seed = _seed_object(seed)
        if self._gan is None:
            return {"latent": tf.random.stateless_normal(
                tf.stack([num_images, self.latent_dim]), seed.next(),
                dtype=tf.float32)}
        inputs = _draw_inputs(self._gan, num_images, seed)
        return {k: tf.cast(v, self.inputs[k][0]) for k, v in inputs.items()}

    def numpy_inputs(self, n, seed):
        """Concrete inputs for the self-check after export."""
        out = {}
        for key, value in self.draw(tf.constant(n, tf.int32),
                                    tf.constant(seed, tf.int64)).items():
            out[key] = value.numpy()
        return out


def _images(spec, inputs):
    images = tf.cast(spec.call(inputs), tf.float32)
    if images.shape.rank != 4:
        raise ValueError(
            "The generator must return images of shape (batch, H, W, C); "
            f"it returned shape {images.shape}.")
    return images


def _build_functions(spec):
    """The concrete functions of the signatures."""
    input_specs = {k: tf.TensorSpec(shape, dtype, name=k)
                   for k, (dtype, shape) in spec.inputs.items()}

    def serve(**inputs):
        with tf.control_dependencies(_check_classes(inputs, spec.classes)):
            inputs = {k: tf.identity(v) for k, v in inputs.items()}
        images = _images(spec, inputs)
        return {"images": _to_uint8(images), "images_float": images}

    def generate(num_images, seed):
        # the checks run before anything is allocated for num_images images
        with tf.control_dependencies(_check_num_images(num_images)):
            num_images = tf.identity(num_images)
        inputs = spec.draw(num_images, seed)
        images = _images(spec, inputs)
        out = {"images": _to_uint8(images), "images_float": images}
        out.update(inputs)
        return out

    functions = {
        "serving_default": tf.function(serve).get_concrete_function(
            **input_specs),
        "generate": tf.function(generate).get_concrete_function(
            num_images=tf.TensorSpec([], tf.int32, name="num_images"),
            seed=tf.TensorSpec([], tf.int64, name="seed")),
    }
    conditions = {k: s for k, s in input_specs.items() if k != "latent"}
    if conditions:
        def generate_conditioned(seed, **given):
            n = tf.shape(next(iter(given.values())))[0]
            checks = _check_num_images(
                n, name="the number of conditions (images)")
            checks += _check_classes(given, spec.classes)
            with tf.control_dependencies(checks):
                n = tf.identity(n)
                given = {k: tf.identity(v) for k, v in given.items()}
            inputs = spec.draw(n, seed)
            inputs.update(given)
            images = _images(spec, inputs)
            out = {"images": _to_uint8(images), "images_float": images}
            out.update(inputs)
            return out

        functions["generate_conditioned"] = tf.function(
            generate_conditioned).get_concrete_function(
                seed=tf.TensorSpec([], tf.int64, name="seed"), **conditions)
    return functions


def _next_version(base):
    versions = [int(d) for d in os.listdir(base)
                if re.fullmatch(r"\d+", d)] if os.path.isdir(base) else []
    return max(versions, default=0) + 1


def _resolve_target(export_dir, version):
    export_dir = os.fspath(export_dir)
    if version is None:
        tail = os.path.basename(os.path.normpath(export_dir))
        if re.fullmatch(r"\d+", tail):  # ".../dcgan/1": the version itself
            return os.path.dirname(os.path.normpath(export_dir)) or ".", \
                int(tail)
        return export_dir, _next_version(export_dir)
    if int(version) != version or int(version) < 1:
        raise ValueError(
            f"version must be a positive integer (TF Serving loads numbered "
            f"folders); received {version!r}.")
    return export_dir, int(version)


def save_generator(model, export_dir, version=None, *, use_ema=None,
                   verify=True):
    """Writes the generator of ``model`` as a SavedModel at
    ``export_dir/<version>/`` and returns that path.

    Args:
        model: a ``keras_gans`` GAN (any variant: the signature inputs come
            from its ``sample_generator_inputs`` dict and the images from
            its ``generator_call``) or a bare ``keras.Model`` generator with
            a single latent input.
        export_dir: the model's base folder (TF Serving's ``model_base_path``).
            A path ending in a number (``exports/dcgan/1``) is taken as the
            version folder itself.
        version: the version number; default: one more than the highest
            existing version (1 for a new folder).
        use_ema: export the GAN's exponential-moving-average generator
            weights. ``None`` (default): the EMA copy when the GAN keeps one,
            else the trained weights; ``True``: require it; ``False``: the
            trained weights.
        verify: reload the written SavedModel and check that it gives the
            Keras model's images (max abs difference <= 1e-4).

    The export is written to a temporary folder beside the target and moved
    into place with one rename, so a failed or interrupted export leaves no
    half-written version for a server to pick up. An existing version is
    never overwritten.
    """
    base, version = _resolve_target(export_dir, version)
    target = os.path.join(base, str(version))
    if os.path.exists(target):
        raise FileExistsError(
            f"{target} exists already; TF Serving versions are immutable. "
            "Pass another version (or none for the next free number) or "
            "remove the folder.")
    spec = _Spec(model, use_ema)
    functions = _build_functions(spec)
    root = tf.Module()
    variables = {}
    for fn in functions.values():
        for v in fn.variables:
            variables[id(v)] = v
    root.generator_variables = list(variables.values())
    images_shape = functions["serving_default"].structured_outputs[
        "images"].shape.as_list()[1:]
    metadata = {
        "format": "keras_gans.saved_generator",
        "format_version": _FORMAT_VERSION,
        "source": spec.kind,
        "ema_weights": spec.ema,
        "latent_dim": spec.latent_dim,
        "image_shape": images_shape,
        "inputs": {k: {"dtype": dtype.name, "shape": shape}
                   for k, (dtype, shape) in spec.inputs.items()},
        "classes": dict(spec.classes),
        "max_num_images": MAX_NUM_IMAGES,
        "signatures": sorted(functions),
        "outputs": {"images": "uint8 [batch, H, W, C] in [0, 255]",
                    "images_float": "float32 [batch, H, W, C] in [-1, 1]"},
    }
    metadata["keras_gans_version"] = __version__

    os.makedirs(base, exist_ok=True)
    tmpdir = tempfile.mkdtemp(dir=base, prefix=".export-")
    try:
        staged = os.path.join(tmpdir, str(version))
        tf.saved_model.save(root, staged, signatures=functions)
        os.makedirs(os.path.join(staged, "assets.extra"), exist_ok=True)
        with open(metadata_path(staged), "w") as f:
            json.dump(metadata, f, indent=2, sort_keys=True)
            f.write("\n")
        if verify:
            _verify(staged, spec, functions)
        if os.path.exists(target):
            raise FileExistsError(f"{target} appeared while exporting; not "
                                  "overwriting it.")
        os.replace(staged, target)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return target


def _verify(path, spec, functions, tolerance=1e-4):
    loaded = tf.saved_model.load(path)
    inputs = spec.numpy_inputs(3, seed=1234)
    expected = functions["serving_default"](**inputs)["images_float"].numpy()
    got = loaded.signatures["serving_default"](
        **{k: tf.constant(v) for k, v in inputs.items()})
    diff = float(np.max(np.abs(got["images_float"].numpy() - expected)))
    if not diff <= tolerance:
        raise RuntimeError(
            f"The reloaded SavedModel differs from the Keras generator by "
            f"{diff} (tolerance {tolerance}); not exporting it.")
    keras_images = _images(spec, {k: tf.constant(v) for k, v in
                                  inputs.items()}).numpy()
    diff = float(np.max(np.abs(keras_images - expected)))
    if not diff <= tolerance:
        raise RuntimeError(
            f"The exported graph differs from the Keras generator by {diff} "
            f"(tolerance {tolerance}); not exporting it.")
    again = loaded.signatures["generate"](num_images=tf.constant(2),
                                          seed=tf.constant(7, tf.int64))
    again2 = loaded.signatures["generate"](num_images=tf.constant(2),
                                           seed=tf.constant(7, tf.int64))
    if not np.array_equal(again["images"].numpy(), again2["images"].numpy()):
        raise RuntimeError(
            f"{spec.kind}.sample_generator_inputs ignores its seed argument: "
            "the exported 'generate' signature would not be reproducible. "
            "Draw with self.random_normal / random_uniform / random_integers "
            "(seed=seed).")


# -- loading ------------------------------------------------------------------------
def find_saved_model(path):
    """``path`` itself if it holds ``saved_model.pb``, else its highest
    numbered version folder that does (TF Serving's choice), searching one
    extra level for an unpacked archive ``<entry>/<version>/``."""
    path = os.fspath(path)
    if os.path.isfile(os.path.join(path, "saved_model.pb")):
        return path
    if not os.path.isdir(path):
        raise FileNotFoundError(f"No SavedModel at {path!r}: the folder "
                                "does not exist.")

    def versions(folder):
        found = []
        for d in os.listdir(folder):
            if re.fullmatch(r"\d+", d) and os.path.isfile(
                    os.path.join(folder, d, "saved_model.pb")):
                found.append(int(d))
        return found

    found = versions(path)
    if found:
        return os.path.join(path, str(max(found)))
    subdirs = [d for d in sorted(os.listdir(path))
               if os.path.isdir(os.path.join(path, d)) and versions(
                   os.path.join(path, d))]
    if len(subdirs) == 1:
        return find_saved_model(os.path.join(path, subdirs[0]))
    raise FileNotFoundError(
        f"No SavedModel under {path!r}: expected saved_model.pb there or in "
        "numbered version folders (<dir>/<version>/saved_model.pb).")


class SavedGenerator:
    """An exported generator loaded with ``tf.saved_model.load``.

    ``g(latent, **conditions)`` runs the ``serving_default`` signature and
    returns the images as a numpy float32 array ``(N, H, W, C)`` in [-1, 1]
    (``latent``: float ``(N, latent_dim)``; conditional generators also take
    their other inputs by name, e.g. ``labels=``). ``g.generate(n, seed)``
    returns uint8 images ``(N, H, W, C)`` drawn by the model itself (with
    ``labels=...`` for a conditional generator it uses
    ``generate_conditioned``). ``g.signatures`` gives the raw signature
    functions, ``g.module`` the loaded object, ``g.metadata`` the export's
    ``keras_gans.json``. Nothing here needs Keras or keras_gans at the
    serving side: any TensorFlow program can do the same.
    """

    def __init__(self, path):
        self.path = find_saved_model(path)
        self.module = tf.saved_model.load(self.path)
        self.signatures = dict(self.module.signatures)
        if "serving_default" not in self.signatures:
            raise ValueError(f"The SavedModel at {self.path} has no "
                             "serving_default signature.")
        self.metadata = read_metadata(self.path)
        serve = self.signatures["serving_default"]
        self.input_specs = dict(serve.structured_input_signature[1])
        if "latent" not in self.input_specs:
            raise ValueError(
                f"The SavedModel at {self.path} is not an exported "
                "generator: its serving_default inputs are "
                f"{sorted(self.input_specs)}, without 'latent'.")
        self.latent_dim = int(self.input_specs["latent"].shape[-1])
        self.image_shape = tuple(
            serve.structured_outputs["images_float"].shape.as_list()[1:])

    def __repr__(self):
        return (f"SavedGenerator({self.path!r}, latent_dim={self.latent_dim}, "
                f"image_shape={self.image_shape}, "
                f"inputs={sorted(self.input_specs)})")

    def _inputs(self, given):
        missing = sorted(set(self.input_specs) - set(given))
        unknown = sorted(set(given) - set(self.input_specs))
        if missing or unknown:
            raise ValueError(
                f"This generator takes inputs {sorted(self.input_specs)}; "
                f"missing {missing}, unexpected {unknown}.")
        out = {}
        for key, spec in self.input_specs.items():
            value = tf.convert_to_tensor(given[key])
            if value.dtype != spec.dtype:
                if value.dtype.is_floating != spec.dtype.is_floating:
                    raise ValueError(
                        f"Input {key!r} must be {spec.dtype.name}; received "
                        f"{value.dtype.name}.")
                value = tf.cast(value, spec.dtype)
            if not spec.shape.is_compatible_with(value.shape):
                raise ValueError(
                    f"Input {key!r} must have shape "
                    f"{tuple(spec.shape.as_list())} (None = any batch); "
                    f"received {tuple(value.shape.as_list())}.")
            out[key] = value
        return out

    def __call__(self, latent, **conditions):
        inputs = self._inputs({"latent": latent, **conditions})
        out = self.signatures["serving_default"](**inputs)
        return out["images_float"].numpy()

    def generate(self, num_images, seed=0, **conditions):
        """uint8 images drawn by the model from ``seed``: ``num_images``
        of them (at most :data:`MAX_NUM_IMAGES` per call), or one per
        condition value given (``labels=[3, 3, 5]``; ``num_images`` may then
        be ``None``)."""
        seed = tf.constant(int(seed), tf.int64)
        if conditions:
            if "generate_conditioned" not in self.signatures:
                raise ValueError(
                    "This generator is unconditional; it takes no "
                    f"{sorted(conditions)}.")
            spec = self.signatures["generate_conditioned"]
            specs = spec.structured_input_signature[1]
            given = {k: tf.cast(tf.convert_to_tensor(v), specs[k].dtype)
                     for k, v in conditions.items() if k in specs}
            if set(given) != set(specs) - {"seed"}:
                raise ValueError(
                    f"generate_conditioned takes {sorted(set(specs) - {'seed'})};"
                    f" received {sorted(conditions)}.")
            batch = int(next(iter(given.values())).shape[0])
            if num_images is not None and int(num_images) != batch:
                raise ValueError(
                    f"num_images={num_images} but the conditions hold "
                    f"{batch} values; pass num_images=None or {batch}.")
            out = spec(seed=seed, **given)
        else:
            n = int(num_images or 0)
            if not 1 <= n <= MAX_NUM_IMAGES:
                raise ValueError(
                    f"num_images must be an integer in [1, {MAX_NUM_IMAGES}]"
                    f" (the exported generate signature's limit per call); "
                    f"received {num_images}.")
            out = self.signatures["generate"](
                num_images=tf.constant(n, tf.int32), seed=seed)
        return out["images"].numpy()


def load(path):
    """Loads an exported generator (a version folder, a model base folder or
    an unpacked zoo archive) as a :class:`SavedGenerator`."""
    return SavedGenerator(path)
