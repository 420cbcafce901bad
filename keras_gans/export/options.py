"""The sampling options of an exported generator (TensorFlow-specific).

A GAN may declare scalar sampling options that are not per-example
generator inputs (``gan.sampling_options()``, :mod:`keras_gans.engine.
options`; StyleGAN: ``truncation_psi``). A SavedModel signature cannot
have an optional input: ``tf.saved_model.load(...).signatures[name]`` and
TF Serving ("Missing but required") both need every input a signature
declares. So the export keeps every usual signature as it is (the options
at their declared defaults: a client that knows nothing of them is
served as for any GAN) and adds beside each one a twin,
``<name>_with_options`` (:data:`~keras_gans.engine.options.
OPTIONS_SUFFIX`), taking the same inputs plus one float32 scalar per
option::

    serving_default               latent               (psi = 1)
    serving_default_with_options  latent, truncation_psi
    generate                      num_images, seed     (psi = 1)
    generate_with_options         num_images, seed, truncation_psi

The twin runs the same Python body as its base inside ``with
gan.sampling(**options):`` after the options' in-graph checks (finite
values). The metadata records the options (``sampling_options``) and the
twins (``option_signatures``); ``SavedGenerator`` routes
``g(latent, truncation_psi=0.5)`` and ``g.generate(n, seed,
truncation_psi=0.5)`` to the twins.
"""

import contextlib

import tensorflow as tf

from keras_gans.engine import options as options_lib
from keras_gans.engine.options import OPTIONS_SUFFIX

__all__ = ["declared_options", "twin_functions", "twin_name",
           "option_metadata", "read_options", "split_options",
           "verify_twin"]


def declared_options(model):
    """The declared options of ``model`` (a GAN; a bare generator model
    declares none), in order."""
    getter = getattr(model, "sampling_options", None)
    if not callable(getter):
        return ()
    return tuple(options_lib.by_name(getter()).values())


def twin_name(signature):
    return signature + OPTIONS_SUFFIX


def _sampling(gan, options):
    if gan is None or not options:
        return contextlib.nullcontext()
    return gan.sampling(**options)


def twin_functions(gan, options, functions, bodies):
    """``{twin name: concrete function}``: for each signature ``name`` of
    ``functions`` whose Python body is ``bodies[name]``, the same body run
    inside ``gan.sampling(**options)`` with the options as extra float32
    scalar inputs."""
    if not options:
        return {}
    twins = {}
    option_specs = {o.name: tf.TensorSpec([], tf.float32, name=o.name)
                    for o in options}
    for name, body in bodies.items():
        args, kwargs = functions[name].structured_input_signature
        base_specs = {**{spec.name: spec for spec in args}, **kwargs}
        clash = sorted(set(base_specs) & set(option_specs))
        if clash:
            raise ValueError(
                f"The sampling options {clash} have the names of inputs of "
                f"the {name!r} signature; rename them.")

        twins[twin_name(name)] = tf.function(
            _with_options(gan, options, body)).get_concrete_function(
                **base_specs, **option_specs)
    return twins


def _with_options(gan, options, body):
    """``body`` taking the options as extra keyword inputs, checked, and
    run inside ``gan.sampling(**options)``."""
    def with_options(**kwargs):
        values = {o.name: kwargs.pop(o.name) for o in options}
        checks = []
        for o in options:
            checks += o.graph_checks(values[o.name])
        with tf.control_dependencies(checks):
            values = {k: tf.identity(v) for k, v in values.items()}
        with _sampling(gan, values):
            return body(**kwargs)
    return with_options


def option_metadata(options, functions):
    """The metadata keys of the options: their records and ``{signature:
    its twin}``."""
    return {
        "sampling_options": options_lib.to_json(options),
        "option_signatures": {name: twin_name(name) for name in functions
                              if twin_name(name) in functions},
    }


def read_options(metadata):
    """The sampling options recorded in an export's metadata (a tuple of
    :class:`~keras_gans.engine.options.SamplingOption`; empty for exports
    that declare none)."""
    return options_lib.from_json((metadata or {}).get("sampling_options"))


def split_options(metadata, given):
    """``(other inputs, {option: float})`` of ``given`` (keyword arguments
    of a ``SavedGenerator`` call), the options checked against the records
    of ``metadata``."""
    declared = options_lib.by_name(read_options(metadata))
    rest = {k: v for k, v in given.items() if k not in declared}
    values = {k: declared[k].check(v) for k, v in given.items()
              if k in declared}
    return rest, values


def verify_twin(loaded, options, feed, expected, keys, tolerance):
    """The reloaded ``serving_default`` twin at the options' defaults gives
    ``serving_default``'s images (``expected``, on ``feed``) within
    ``tolerance`` on every output key; a ``RuntimeError`` otherwise."""
    twin = twin_name("serving_default")
    if not options or twin not in loaded.signatures:
        return
    defaults = {o.name: tf.constant(o.default, tf.float32) for o in options}
    got = loaded.signatures[twin](**feed, **defaults)
    for key in keys:
        diff = float(tf.reduce_max(tf.abs(
            tf.cast(got[key], tf.float32) - tf.cast(expected[key],
                                                   tf.float32))))
        if not diff <= tolerance:
            raise RuntimeError(
                f"The {twin!r} signature at the options' defaults "
                f"{ {o.name: o.default for o in options} } differs from "
                f"serving_default by {diff} on {key!r} (tolerance "
                f"{tolerance}); not exporting it.")
