"""Exporting a generator as a TensorFlow SavedModel for TF Serving.

TensorFlow-specific by nature. ``save_generator(gan, "exports/dcgan")``
writes ``exports/dcgan/<version>/`` (TF Serving's layout: a base folder of
numbered versions) holding a self-contained graph: a server or a client loads
it with ``tf.saved_model.load`` (or ``tensorflow_model_server``) and needs
neither Keras nor keras_gans.

Export reads only the GAN's declared contract (see
:mod:`keras_gans.engine.inputs`): ``gan.generator_inputs()`` gives the
signature inputs, ``gan.generator_outputs()`` the signature outputs,
``gan.generated(inputs, training=False)`` runs the generator (inside
``keras_gans.engine.ema.using_ema``, so the EMA copy is exported when the GAN
keeps one) and ``gan.sample_generator_inputs(n, seed=...)`` draws the inputs
of ``generate``. No variant is special-cased.

Signatures (named inputs and outputs; ``saved_model_cli show --all`` lists
them):

``serving_default`` (always)
    inputs: the declared generator inputs by name, each ``[batch] + shape``
    of its dtype: ``latent`` float32 ``[batch, latent_dim]`` for a GAN, plus
    e.g. ``labels`` int32 ``[batch]`` for a conditional GAN, ``categorical``
    / ``continuous`` codes for InfoGAN, or only ``image`` for an
    image-to-image generator (pix2pix): float32 ``[batch, H, W, C]`` in
    [-1, 1] (uint8 pixels ``p`` map to ``p / 127.5 - 1``); the signature
    leaves H, W and C open and the graph checks them against the declared
    shape (and the range), failing with ``INVALID_ARGUMENT`` and a message
    naming the expected shape.
    outputs: for each declared output ``o``: ``o`` uint8 ``[batch, H, W,
    C]`` in [0, 255] and ``o + "_float"`` float32 in [-1, 1]. For the usual
    single output that is ``images`` and ``images_float``.
``generate`` (when every input can be drawn: no ``image`` input)
    inputs: ``num_images`` int32 scalar in [1, :data:`MAX_NUM_IMAGES`]
    (1024; more fails with ``INVALID_ARGUMENT`` instead of exhausting the
    server's memory), ``seed`` int64 scalar. The model draws its own inputs
    with the GAN's ``sample_generator_inputs`` (stateless: the same seed
    gives the same images, on every call and every server), so a client that
    knows nothing about latents can ask for pictures (for a conditional GAN:
    uniform random classes). For a GAN whose only input is the latent,
    ``generate(n, seed)`` returns exactly the images of ``gan.generate(n,
    seed=seed)``.
    outputs: the images as ``serving_default`` and the drawn inputs
    (``latent``, ``labels``, ...), so a client can see which class it got.
``generate_conditioned`` (when there is a latent, other inputs, and every
input can be drawn)
    inputs: ``seed`` int64 scalar and the non-latent inputs (e.g. ``labels``
    int32 ``[batch]``, 1 to :data:`MAX_NUM_IMAGES` of them); the latent is
    drawn from ``seed``. "Ten pictures of class 3" is ``labels=[3] * 10``.
    outputs: as ``generate``.
``<signature>_with_options`` (when the GAN declares sampling options,
``gan.sampling_options()``: StyleGAN's ``truncation_psi``)
    the twin of each signature above: the same inputs plus one float32
    scalar per option (``truncation_psi``), the same outputs. The usual
    signatures run with the options' defaults (a signature input cannot be
    optional: TF Serving and ``tf.saved_model.load`` need every one it
    declares). See :mod:`keras_gans.export.options`.

In-graph checks: before the generator runs, ``serving_default`` and
``generate_conditioned`` apply every input's
:meth:`~keras_gans.engine.inputs.GeneratorInput.graph_checks`: class ids
(``labels`` in ``[0, num_classes)``, InfoGAN's ``categorical`` column ``j``
in ``[0, counts[j])``; a one-hot encoding would silently turn a bad id into
an all-zero vector), the per-example width of the latent and of the codes
(a server does not enforce the signature's ``[batch, latent_dim]``; a latent
of another width would fail inside the generator's first matmul) and finite
floats (a NaN latent or image is refused, not turned into black images). A
bad value fails with ``InvalidArgumentError`` (TF Serving answers
``INVALID_ARGUMENT``) naming the input and the rule.

The folder also holds ``assets.extra/keras_gans.json`` (input names, shapes,
the declared ``generator_inputs``, image shape, the declared outputs, the
class counts of integer inputs under ``classes``, which weights were
exported), which loaders may read; TF Serving ignores it.
"""

import json
import os
import re
import shutil
import tempfile

import keras
import numpy as np
import tensorflow as tf

from keras_gans.engine import ema as ema_lib
from keras_gans.engine import inputs as inputs_lib
from keras_gans.engine.inputs import GeneratorInput
from keras_gans.export import options as options_lib
from keras_gans.utils.images import to_uint8
from keras_gans.version import __version__
from keras_gans.engine.gan import GAN

__all__ = ["save_generator", "specs_from_metadata", "load", "SavedGenerator",
           "find_saved_model", "load_saved_model", "metadata_class_count",
           "metadata_path", "read_metadata",
           "SIGNATURES", "METADATA_FILE", "MAX_NUM_IMAGES"]

METADATA_FILE = os.path.join("assets.extra", "keras_gans.json")
SIGNATURES = ("serving_default", "generate", "generate_conditioned")
#: the most images one call of ``generate`` / ``generate_conditioned`` makes
#: (a server answers INVALID_ARGUMENT beyond it rather than run out of memory)
MAX_NUM_IMAGES = 1024
_FORMAT_VERSION = 1
_FLOAT_SUFFIX = "_float"


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


def _classes(specs):
    """``{input name: class count}`` of the integer inputs, derived from the
    declared specs: a ``class`` input gives its count, a ``categorical``
    input the list of its per-column counts (the metadata's ``classes``
    entry, as older readers expect it)."""
    out = {}
    for s in specs:
        if s.kind == "class":
            out[s.name] = s.counts[0]
        elif s.kind == "categorical":
            out[s.name] = list(s.counts)
    return out


def _example_value(s, n, rng):
    """A valid numpy value of the declared input ``s`` for ``n`` examples
    (the self-check after export of a generator whose inputs cannot all be
    drawn)."""
    shape = (n,) + s.shape
    if s.kind == "latent":
        return rng.normal(size=shape).astype(np.float32)
    if s.kind == "class":
        return rng.randint(0, s.counts[0], size=shape).astype(np.int32)
    if s.kind == "categorical":
        return np.stack([rng.randint(0, k, size=n) for k in s.counts],
                        axis=1).astype(np.int32)
    low, high = s.value_range or (-1.0, 1.0)
    return rng.uniform(low, high, size=shape).astype(np.float32)


def _signature_shape(s):
    """The signature shape of the declared input ``s``: ``[batch] +
    shape``; an ``image`` input takes ``[batch, None, None, None]`` so that
    a wrong height, width or channel count reaches the graph's own check
    (``GeneratorInput.graph_checks``), which names the expected shape,
    rather than failing inside the generator (TF Serving does not check
    shapes against the signature)."""
    if s.kind == "image":
        return (None,) * (1 + len(s.shape))
    return (None,) + s.shape


def _require_shape(expected, got, what):
    """A ``ValueError`` naming ``what`` unless shape ``got`` fits
    ``expected`` (``None`` dimensions, e.g. the batch, match anything)."""
    expected, got = tf.TensorShape(expected), tf.TensorShape(got)
    if not expected.is_compatible_with(got):
        raise ValueError(
            f"{what} must have shape {tuple(expected.as_list())} (None = "
            f"any size); received {tuple(got.as_list())}.")


class _Spec:
    """What to export, read from the declared contract: the generator inputs
    (``generator_inputs()``), the outputs (``generator_outputs()``), how to
    run the generator (``generated`` inside ``using_ema``) and how to draw
    its inputs (``sample_generator_inputs``)."""

    def __init__(self, model, use_ema):
        self.ema = False
        self.use_ema = use_ema
        if isinstance(model, GAN):
            self.kind = type(model).__name__
            self._gan = model
            self._generator = None
            specs = tuple(model.generator_inputs())
            outputs = model.generator_outputs()
            # the use_ema rule (and its error) now, before anything is traced
            with ema_lib.using_ema(model, use_ema):
                pass
            self.ema = use_ema is not False and (
                ema_lib.ema_generator(model) is not None)
        elif isinstance(model, keras.Model):
            if use_ema:
                raise ValueError("use_ema applies to a GAN, not to a bare "
                                 "generator model.")
            if len(model.inputs or ()) != 1 or len(model.inputs[0].shape) != 2:
                raise ValueError(
                    "A bare generator model must take a single latent input "
                    "of shape (batch, latent_dim); received inputs "
                    f"{[tuple(t.shape) for t in model.inputs or ()]}. Export "
                    "the GAN instead: its generator_inputs() declare the "
                    "other inputs.")
            self.kind = "generator"
            self._gan = None
            self._generator = model
            specs = (GeneratorInput.latent(int(model.inputs[0].shape[1])),)
            outputs = {"images": tuple(model.outputs[0].shape[1:])}
        else:
            raise TypeError(
                "save_generator expects a keras_gans GAN or a keras.Model "
                f"generator; received {type(model).__name__}.")
        self.specs = tuple(inputs_lib.by_name(specs).values())
        if not self.specs:
            raise ValueError(f"{self.kind}.generator_inputs() declares no "
                             "input.")
        self.outputs = {str(k): tuple(v) for k, v in dict(outputs).items()}
        if not self.outputs:
            raise ValueError(f"{self.kind}.generator_outputs() declares no "
                             "output.")
        taken = set(self.outputs) | {o + _FLOAT_SUFFIX for o in self.outputs}
        clash = sorted(taken & {s.name for s in self.specs})
        if len(taken) != 2 * len(self.outputs) or clash:
            raise ValueError(
                f"{self.kind}'s output names {sorted(self.outputs)} (each "
                f"exported as name and name{_FLOAT_SUFFIX}) collide with "
                f"each other or with its input names "
                f"{[s.name for s in self.specs]}: {clash}.")
        latents = [s for s in self.specs if s.kind == "latent"]
        self.latent = latents[0] if latents else None
        self.latent_dim = self.latent.shape[0] if self.latent else None
        #: the inputs a client gives to ``generate_conditioned``
        self.conditions = tuple(s for s in self.specs if s.kind != "latent")
        self.drawable = all(s.drawable for s in self.specs)
        self.has_generate = self.drawable
        self.has_conditioned = (self.drawable and self.latent is not None
                                and bool(self.conditions))
        self.classes = _classes(self.specs)
        #: the declared sampling options (``gan.sampling_options()``): each
        #: signature gets a twin taking them (``keras_gans.export.options``)
        self.options = options_lib.declared_options(self._gan)

    def tensor_specs(self, specs=None):
        return {s.name: tf.TensorSpec(_signature_shape(s), s.dtype,
                                      name=s.name)
                for s in (self.specs if specs is None else specs)}

    def shaped(self, tensors):
        """``tensors`` with the declared per-example shapes of the inputs
        whose signature leaves them open (``image``: checked in the graph
        by ``graph_checks``, then fixed here for the generator)."""
        out = dict(tensors)
        for s in self.specs:
            if s.name in out and s.kind == "image":
                out[s.name] = tf.ensure_shape(out[s.name], (None,) + s.shape)
        return out

    def checks(self, tensors):
        """The in-graph checks of every declared input in ``tensors``."""
        checks = []
        for s in self.specs:
            if s.name in tensors:
                checks += s.graph_checks(tensors[s.name])
        return checks

    def images(self, inputs):
        """``{output name: float32 images}`` of the generator on
        ``inputs``."""
        if self._gan is None:
            out = {"images": self._generator(inputs["latent"],
                                             training=False)}
        else:
            with ema_lib.using_ema(self._gan, self.use_ema):
                out = self._gan.generated(inputs, training=False)
        images = {}
        for name in self.outputs:
            if name not in out:
                raise ValueError(
                    f"{self.kind} declares the outputs {list(self.outputs)} "
                    f"(generator_outputs()) but generated() returned "
                    f"{sorted(out)}.")
            value = tf.cast(out[name], tf.float32)
            if value.shape.rank != 4:
                raise ValueError(
                    "The generator must return images of shape (batch, H, W, "
                    f"C); its output {name!r} has shape {value.shape}.")
            _require_shape(self.outputs[name], value.shape[1:],
                           f"{self.kind}'s output {name!r} (declared by "
                           "generator_outputs(), per example)")
            images[name] = value
        return images

    def draw(self, num_images, seed):
        """Every input drawn from the sampler with a stateless seed (only
        when every input is drawable)."""
        seed = _seed_object(seed)
        if self._gan is None:
            drawn = {"latent": tf.random.stateless_normal(
                tf.stack([num_images, self.latent_dim]), seed.next(),
                dtype=tf.float32)}
        else:
            drawn = self._gan.sample_generator_inputs(num_images, seed=seed)
        missing = [s.name for s in self.specs if s.name not in drawn]
        if missing:
            raise ValueError(
                f"{self.kind}.sample_generator_inputs returned "
                f"{sorted(drawn)}, without the declared inputs {missing}.")
        return {s.name: tf.cast(drawn[s.name], s.dtype) for s in self.specs}

    def example_inputs(self, n, seed):
        """Concrete numpy inputs for the self-check after export: drawn by
        the sampler when it can draw them all, else valid values of each
        declared input."""
        if self.drawable:
            return {k: v.numpy() for k, v in self.draw(
                tf.constant(n, tf.int32), tf.constant(seed, tf.int64)).items()}
        rng = np.random.RandomState(seed)
        return {s.name: _example_value(s, n, rng) for s in self.specs}


def _signature_outputs(images):
    """``{o: uint8, o + "_float": float32}`` for every output ``o``."""
    out = {}
    for name, value in images.items():
        out[name] = to_uint8(value)
        out[name + _FLOAT_SUFFIX] = value
    return out


def _build_functions(spec):
    """The concrete functions of the signatures."""
    def serve(**inputs):
        with tf.control_dependencies(spec.checks(inputs)):
            inputs = spec.shaped({k: tf.identity(v)
                                  for k, v in inputs.items()})
        return _signature_outputs(spec.images(inputs))

    functions = {"serving_default": tf.function(serve).get_concrete_function(
        **spec.tensor_specs())}
    bodies = {"serving_default": serve}  # (their twins: keras_gans.export.options)

    if spec.has_generate:
        def generate(num_images, seed):
            # the checks run before anything is allocated for num_images
            with tf.control_dependencies(_check_num_images(num_images)):
                num_images = tf.identity(num_images)
            inputs = spec.draw(num_images, seed)
            out = _signature_outputs(spec.images(inputs))
            out.update(inputs)
            return out

        functions["generate"] = tf.function(generate).get_concrete_function(
            num_images=tf.TensorSpec([], tf.int32, name="num_images"),
            seed=tf.TensorSpec([], tf.int64, name="seed"))
        bodies["generate"] = generate

    if spec.has_conditioned:
        def generate_conditioned(seed, **given):
            sizes = [tf.shape(given[s.name])[0] for s in spec.conditions]
            n = sizes[0]
            checks = _check_num_images(
                n, name="the number of conditions (images)")
            names = [s.name for s in spec.conditions]
            for name, size in zip(names[1:], sizes[1:]):
                checks.append(tf.debugging.assert_equal(
                    size, n, message=f"every condition must hold one value "
                    f"per image: {name} and {names[0]} hold different "
                    "numbers of them"))
            checks += spec.checks(given)
            with tf.control_dependencies(checks):
                n = tf.identity(n)
                given = {k: tf.identity(v) for k, v in given.items()}
            inputs = spec.draw(n, seed)
            inputs.update(given)
            out = _signature_outputs(spec.images(inputs))
            out.update(inputs)
            return out

        functions["generate_conditioned"] = tf.function(
            generate_conditioned).get_concrete_function(
                seed=tf.TensorSpec([], tf.int64, name="seed"),
                **spec.tensor_specs(spec.conditions))
        bodies["generate_conditioned"] = generate_conditioned
    functions.update(options_lib.twin_functions(spec._gan, spec.options,
                                                functions, bodies))
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


def _metadata(spec, functions):
    outputs = functions["serving_default"].structured_outputs
    first = next(iter(spec.outputs))
    described = {}
    for name in spec.outputs:
        described[name] = "uint8 [batch, H, W, C] in [0, 255]"
        described[name + _FLOAT_SUFFIX] = ("float32 [batch, H, W, C] in "
                                           "[-1, 1]")
    return {
        "format": "keras_gans.saved_generator",
        "format_version": _FORMAT_VERSION,
        "source": spec.kind,
        "ema_weights": spec.ema,
        "latent_dim": spec.latent_dim,
        "image_shape": outputs[first].shape.as_list()[1:],
        "inputs": {s.name: {"dtype": s.dtype, "shape": [None, *s.shape]}
                   for s in spec.specs},
        "generator_inputs": inputs_lib.to_json(spec.specs),
        "classes": dict(spec.classes),
        "max_num_images": MAX_NUM_IMAGES,
        "signatures": sorted(functions),
        "outputs": described,
        "outputs_declared": {name: list(shape)
                             for name, shape in spec.outputs.items()},
        # the declared order (the keys above are written sorted)
        "output_names": list(spec.outputs),
        **options_lib.option_metadata(spec.options, functions),
        "keras_gans_version": __version__,
    }


def save_generator(model, export_dir, version=None, *, use_ema=None,
                   verify=True):
    """Writes the generator of ``model`` as a SavedModel at
    ``export_dir/<version>/`` and returns that path.

    Args:
        model: a ``keras_gans`` GAN (any variant: the signatures come from
            its declared ``generator_inputs()`` and ``generator_outputs()``,
            the images from its ``generated``) or a bare ``keras.Model``
            generator with a single latent input.
        export_dir: the model's base folder (TF Serving's ``model_base_path``).
            A path ending in a number (``exports/dcgan/1``) is taken as the
            version folder itself.
        version: the version number; default: one more than the highest
            existing version (1 for a new folder).
        use_ema: export the GAN's exponential-moving-average generator
            weights (``gan.generator_ema``). ``None`` (default): the EMA copy
            when the GAN keeps one, else the trained weights; ``True``:
            require it; ``False``: the trained weights.
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
    metadata = _metadata(spec, functions)

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


def _tolerance(spec):
    """How far the reloaded graph may be from the Keras generator: 1e-4 in
    float32; under a mixed-precision policy the networks round to their
    compute dtype, whose graph and eager kernels may round differently
    (bfloat16 keeps 8 significant bits: 2 ** -6 near 1)."""
    nets = (spec._gan.networks()["generator"].values() if spec._gan is not
            None else [spec._generator])
    dtypes = {layer.compute_dtype for net in nets for layer in net.layers}
    if "bfloat16" in dtypes:
        return 2.0 ** -6
    if "float16" in dtypes:
        return 2.0 ** -9
    return 1e-4


def _verify(path, spec, functions, tolerance=None):
    tolerance = _tolerance(spec) if tolerance is None else tolerance
    loaded = tf.saved_model.load(path)
    inputs = spec.example_inputs(3, seed=1234)
    feed = {k: tf.constant(v) for k, v in inputs.items()}
    expected = functions["serving_default"](**feed)
    got = loaded.signatures["serving_default"](**feed)
    keras_images = spec.images(feed)
    for name in spec.outputs:
        key = name + _FLOAT_SUFFIX
        want = expected[key].numpy()
        for what, value in (("reloaded SavedModel", got[key]),
                            ("exported graph", keras_images[name])):
            diff = float(np.max(np.abs(value.numpy() - want)))
            if not diff <= tolerance:
                raise RuntimeError(
                    f"The {what} differs from the Keras generator by {diff} "
                    f"on {key!r} (tolerance {tolerance}); not exporting it.")
    options_lib.verify_twin(loaded, spec.options, feed, expected,
                            [o + _FLOAT_SUFFIX for o in spec.outputs],
                            tolerance)
    if "generate" not in functions:
        return
    first = next(iter(spec.outputs))
    again = loaded.signatures["generate"](num_images=tf.constant(2),
                                          seed=tf.constant(7, tf.int64))
    again2 = loaded.signatures["generate"](num_images=tf.constant(2),
                                           seed=tf.constant(7, tf.int64))
    if not np.array_equal(again[first].numpy(), again2[first].numpy()):
        raise RuntimeError(
            f"{spec.kind}.sample_generator_inputs ignores its seed argument: "
            "the exported 'generate' signature would not be reproducible. "
            "Draw with self.random_normal / random_uniform / random_integers "
            "(seed=seed).")


def metadata_class_count(metadata, input_name):
    """The class count(s) recorded for the integer input ``input_name``:
    ``classes[input_name]`` (an int, or a list of per-column counts; what
    ``keras_gans.export`` writes), else ``inputs[input_name].num_classes``
    or a top-level ``num_classes``; None when none is recorded."""
    if not isinstance(metadata, dict):
        return None
    candidates = []
    classes = metadata.get("classes")
    if isinstance(classes, dict):
        candidates.append(classes.get(input_name))
    inputs = metadata.get("inputs")
    if isinstance(inputs, dict) and isinstance(inputs.get(input_name), dict):
        candidates.append(inputs[input_name].get("num_classes"))
    candidates.append(metadata.get("num_classes"))
    for value in candidates:
        if isinstance(value, (list, tuple)) and value and all(
                isinstance(k, (int, np.integer)) and not isinstance(k, bool)
                for k in value):
            return [int(k) for k in value]
        if isinstance(value, (int, np.integer)) and not isinstance(
                value, bool):
            return int(value)
    return None


def _spec_of_record(name, dtype, shape, metadata):
    """One recorded input -> a :class:`GeneratorInput`, or None when the
    record does not say enough (see :func:`specs_from_metadata`)."""
    if shape is None:
        return None
    try:
        shape = list(shape)
    except TypeError:
        return None
    per_example = shape[1:]
    if not shape or any(d is None for d in per_example):
        return None
    per_example = [int(d) for d in per_example]
    count = metadata_class_count(metadata, name)
    dtype = str(dtype or ("int32" if count is not None else "float32"))
    if "int" in dtype:
        if isinstance(count, list) and per_example == [len(count)]:
            return GeneratorInput.categorical(count, name=name)
        if isinstance(count, int) and count >= 2 and per_example == []:
            return GeneratorInput.class_id(count, name=name)
        return None  # an integer input whose classes nobody recorded
    if name == "latent" and len(per_example) == 1:
        return GeneratorInput.latent(per_example[0], name=name)
    return GeneratorInput(name, "continuous", tuple(per_example),
                          value_range=(-1.0, 1.0))


def specs_from_metadata(metadata, signature=None):
    """The declared generator inputs of an exported generator, read from
    its ``keras_gans.json`` (``metadata``): the ``generator_inputs`` records
    (``GeneratorInput.to_json``) when present; else, for exports written
    before that key, derived from ``inputs`` (``{name: {dtype, shape}}``)
    and ``classes`` (``{name: count | [counts]}``): the float ``(batch,
    dim)`` input named ``latent`` is the latent, an integer input with a
    count a ``class`` input, with a list of counts a ``categorical`` input,
    any other float input a ``continuous`` one (values in [-1, 1]). An
    input the record does not describe (an integer input without a count,
    an unknown shape) is left out.

    ``signature``: the ``{name: tf.TensorSpec}`` of the serving signature;
    when given, only its inputs are returned and its dtypes and shapes fill
    in what an older record lacks. Returns a tuple of
    :class:`~keras_gans.engine.inputs.GeneratorInput`.
    """
    metadata = metadata if isinstance(metadata, dict) else {}
    records = metadata.get("generator_inputs")
    if records:
        specs = inputs_lib.from_json(records)
        if signature is not None:
            specs = tuple(s for s in specs if s.name in signature)
        return specs
    recorded = metadata.get("inputs")
    recorded = recorded if isinstance(recorded, dict) else {}
    names = list(signature) if signature is not None else list(recorded)
    specs = []
    for name in names:
        record = recorded.get(name)
        record = record if isinstance(record, dict) else {}
        dtype, shape = record.get("dtype"), record.get("shape")
        if signature is not None:
            tensor_spec = signature[name]
            dtype = dtype or tensor_spec.dtype.name
            if shape is None and tensor_spec.shape.rank is not None:
                shape = tensor_spec.shape.as_list()
        spec = _spec_of_record(name, dtype, shape, metadata)
        if spec is not None:
            specs.append(spec)
    return tuple(specs)


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


def load_saved_model(path):
    """``tf.saved_model.load(path)`` of a SavedModel folder, with a
    ``ValueError`` naming the folder when its files do not load (a corrupt,
    truncated or foreign ``saved_model.pb``, damaged variables) instead of
    TensorFlow's parse error."""
    try:
        return tf.saved_model.load(os.fspath(path))
    except (OSError, ValueError, tf.errors.OpError) as e:
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise ValueError(
            f"The SavedModel at {os.fspath(path)!r} does not load: its "
            f"saved_model.pb or variables are corrupt or truncated "
            f"({type(e).__name__}: {first}). Export it again (keras-gans "
            "export CHECKPOINT), or for a zoo download fetch it again "
            "(keras-gans zoo download ENTRY --force).") from None


class SavedGenerator:
    """An exported generator loaded with ``tf.saved_model.load``.

    ``g(latent, **conditions)`` runs the ``serving_default`` signature and
    returns the images of the first (main) output as a numpy float32 array
    ``(N, H, W, C)`` in [-1, 1] (``latent``: float ``(N, latent_dim)``;
    conditional generators also take their other inputs by name, e.g.
    ``labels=``; a generator without a latent takes only named inputs, e.g.
    ``g(image=...)``). ``g.call_all(...)`` returns ``{output name: float32
    images}`` of every declared output (``g.outputs`` lists them).
    ``g.generate(n, seed)`` returns uint8 images ``(N, H, W, C)`` drawn by
    the model itself (with ``labels=...`` for a conditional generator it
    uses ``generate_conditioned``). ``g.signatures`` gives the raw signature
    functions, ``g.module`` the loaded object, ``g.metadata`` the export's
    ``keras_gans.json`` and ``g.generator_inputs`` its declared inputs
    (``GeneratorInput`` objects; ``None`` for exports older than that
    record). Nothing here needs Keras or keras_gans at the serving side: any
    TensorFlow program can do the same.

    The sampling options an export declares (``g.sampling_options``;
    StyleGAN's ``truncation_psi``) are keyword arguments of every call:
    ``g(latent, truncation_psi=0.5)``, ``g.generate(16, seed=0,
    truncation_psi=0.5)`` run the ``<signature>_with_options`` twins; left
    out, the usual signatures (the options' defaults) run.
    """

    def __init__(self, path):
        self.path = find_saved_model(path)
        self.module = load_saved_model(self.path)
        self.signatures = dict(self.module.signatures)
        if "serving_default" not in self.signatures:
            raise ValueError(f"The SavedModel at {self.path} has no "
                             "serving_default signature.")
        self.metadata = read_metadata(self.path)
        serve = self.signatures["serving_default"]
        self.input_specs = dict(serve.structured_input_signature[1])
        records = self.metadata.get("generator_inputs")
        self.generator_inputs = (inputs_lib.from_json(records)
                                 if records else None)
        if self.generator_inputs is not None:
            latent = next((s.name for s in self.generator_inputs
                           if s.kind == "latent"), None)
        else:  # an export older than the declared inputs
            latent = "latent"
        self.latent_name = latent if latent in self.input_specs else None
        self.latent_dim = (int(self.input_specs[self.latent_name].shape[-1])
                           if self.latent_name else None)
        served = serve.structured_outputs
        names = [o for o in self.metadata.get("output_names") or ["images"]
                 if o in served and o + _FLOAT_SUFFIX in served]
        if not names:
            names = sorted(o for o in served if o + _FLOAT_SUFFIX in served)
        if not names:
            raise ValueError(
                f"The SavedModel at {self.path} is not an exported generator:"
                f" its serving_default outputs are {sorted(served)}, without "
                f"a pair 'images' / 'images{_FLOAT_SUFFIX}'.")
        self._outputs = names
        self.image_shape = tuple(
            served[names[0] + _FLOAT_SUFFIX].shape.as_list()[1:])
        self.sampling_options = options_lib.read_options(self.metadata)

    def _signature(self, name, options):
        """The signature ``name``, or with sampling ``options`` (``{name:
        float}``) its twin with them bound."""
        if not options:
            return self.signatures[name]
        twin = options_lib.twin_name(name)
        if twin not in self.signatures:
            raise ValueError(
                f"This export has no {twin!r} signature: it declares no "
                f"sampling options {sorted(options)} (its options: "
                f"{[o.name for o in self.sampling_options]}).")
        values = {k: tf.constant(v, tf.float32) for k, v in options.items()}
        return lambda **kwargs: self.signatures[twin](**kwargs, **values)

    @property
    def outputs(self):
        """The names of the generator's outputs, the main one first
        (``["images"]`` for a one-output generator)."""
        return list(self._outputs)

    def __repr__(self):
        extra = f", outputs={self._outputs}" if self._outputs != [
            "images"] else ""
        return (f"SavedGenerator({self.path!r}, latent_dim={self.latent_dim}, "
                f"image_shape={self.image_shape}, "
                f"inputs={sorted(self.input_specs)}{extra})")

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
            _require_shape(spec.shape, value.shape, f"Input {key!r}")
            out[key] = value
        return out

    def _given(self, latent, inputs):
        given = dict(inputs)
        if latent is not None:
            if self.latent_name is None:
                raise ValueError(
                    "This generator takes no latent: pass its inputs "
                    f"{sorted(self.input_specs)} by name, e.g. "
                    f"g({next(iter(sorted(self.input_specs)))}=...).")
            if self.latent_name in given:
                raise ValueError(f"{self.latent_name!r} given twice.")
            given[self.latent_name] = latent
        return self._inputs(given)

    def call_all(self, latent=None, **inputs):
        """``{output name: numpy float32 images in [-1, 1]}`` of every
        output of the generator on the given inputs (as ``__call__``)."""
        inputs, options = options_lib.split_options(self.metadata, inputs)
        out = self._signature("serving_default", options)(
            **self._given(latent, inputs))
        return {o: out[o + _FLOAT_SUFFIX].numpy() for o in self._outputs}

    def __call__(self, latent=None, **inputs):
        inputs, options = options_lib.split_options(self.metadata, inputs)
        out = self._signature("serving_default", options)(
            **self._given(latent, inputs))
        return out[self._outputs[0] + _FLOAT_SUFFIX].numpy()

    def _conditioning_inputs(self):
        return sorted(k for k in self.input_specs if k != self.latent_name)

    def generate(self, num_images, seed=0, **conditions):
        """uint8 images of the main output drawn by the model from
        ``seed``: ``num_images`` of them (at most :data:`MAX_NUM_IMAGES`
        per call), or one per condition value given (``labels=[3, 3, 5]``;
        ``num_images`` may then be ``None``)."""
        seed = tf.constant(int(seed), tf.int64)
        first = self._outputs[0]
        conditions, options = options_lib.split_options(self.metadata,
                                                        conditions)
        if conditions:
            if "generate_conditioned" not in self.signatures:
                needed = self._conditioning_inputs()
                if needed:
                    raise ValueError(
                        "This export has no generate_conditioned signature "
                        "(it cannot draw all of its other inputs); call the "
                        "generator with every input "
                        f"{sorted(self.input_specs)}: g(**inputs). Received "
                        f"{sorted(conditions)}.")
                raise ValueError(
                    "This generator is unconditional; it takes no "
                    f"{sorted(conditions)}.")
            spec = self.signatures["generate_conditioned"]
            specs = spec.structured_input_signature[1]
            given = {k: tf.cast(tf.convert_to_tensor(v), specs[k].dtype)
                     for k, v in conditions.items() if k in specs}
            if set(given) != set(specs) - {"seed"} or set(conditions) != set(
                    given):
                raise ValueError(
                    f"generate_conditioned takes {sorted(set(specs) - {'seed'})};"
                    f" received {sorted(conditions)}.")
            batch = int(next(iter(given.values())).shape[0])
            if num_images is not None and int(num_images) != batch:
                raise ValueError(
                    f"num_images={num_images} but the conditions hold "
                    f"{batch} values; pass num_images=None or {batch}.")
            out = self._signature("generate_conditioned", options)(
                seed=seed, **given)
        else:
            if "generate" not in self.signatures:
                needed = self._conditioning_inputs()
                call = ", ".join(f"{k}=..." for k in needed)
                raise ValueError(
                    f"This generator needs its conditioning inputs {needed}: "
                    "they cannot be drawn, so the export has no 'generate' "
                    f"signature. Call it with them: g({call}).")
            n = int(num_images or 0)
            if not 1 <= n <= MAX_NUM_IMAGES:
                raise ValueError(
                    f"num_images must be an integer in [1, {MAX_NUM_IMAGES}]"
                    f" (the exported generate signature's limit per call); "
                    f"received {num_images}.")
            out = self._signature("generate", options)(
                num_images=tf.constant(n, tf.int32), seed=seed)
        return out[first].numpy()


def load(path):
    """Loads an exported generator (a version folder, a model base folder or
    an unpacked zoo archive) as a :class:`SavedGenerator`."""
    return SavedGenerator(path)
