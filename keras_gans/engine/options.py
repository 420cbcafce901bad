"""Declared sampling options: scalar knobs of sampling that are not
per-example generator inputs.

A GAN answers ``gan.sampling_options()`` with a tuple of
:class:`SamplingOption` (the engine: none; StyleGAN: ``truncation_psi``)
and runs its generator with given values inside ``with
gan.sampling(**values):``. Export reads only this: an exported generator
that declares options gets, beside each of its usual signatures, a twin
signature taking the options as extra scalar inputs (see
:mod:`keras_gans.export.saved_model`). The usual signatures keep their
inputs, and so their callers: a SavedModel signature (and a TF Serving
request) must supply every input it declares, so an option can only be
optional by having a signature without it.
"""

import dataclasses

from keras_gans.engine.inputs import unique_by_name
from keras_gans.utils.checks import check_finite_float

__all__ = ["SamplingOption", "by_name", "to_json", "from_json",
           "OPTIONS_SUFFIX"]

#: the name of a signature's twin that takes the sampling options:
#: ``serving_default`` -> ``serving_default_with_options``
OPTIONS_SUFFIX = "_with_options"


@dataclasses.dataclass(frozen=True)
class SamplingOption:
    """One scalar float32 sampling option.

    Attributes:
        name: the keyword of ``gan.sampling(...)`` and of the twin
            signatures' input.
        default: the value the usual signatures (and ``gan.generate``)
            use.
        description: one line for the metadata and the docs.
    """

    name: str
    default: float
    description: str = ""
    dtype: str = "float32"

    def __post_init__(self):
        if self.dtype != "float32":
            raise ValueError(f"A sampling option is a float32 scalar; "
                             f"received dtype {self.dtype!r}.")
        object.__setattr__(self, "default", self.check(self.default))

    def check(self, value):
        """``value`` as a finite Python float; a ``ValueError`` naming the
        option otherwise."""
        return check_finite_float(value, self.name,
                                  f"default {self.default}")

    def graph_checks(self, tensor):
        """``tf.debugging`` assertions of :meth:`check` on the scalar
        ``tensor`` of an exported signature (an ``InvalidArgumentError``
        naming the option; TF Serving answers INVALID_ARGUMENT)."""
        import tensorflow as tf  # export-time only

        return [tf.debugging.assert_all_finite(
            tensor, message=f"{self.name} must be a finite number; received "
            "NaN or infinity")]

    def to_json(self):
        return {"name": self.name, "dtype": self.dtype,
                "default": self.default, "description": self.description}

    @classmethod
    def from_json(cls, record):
        return cls(record["name"], float(record["default"]),
                   record.get("description", ""),
                   record.get("dtype", "float32"))


def by_name(options):
    """``{name: option}`` of a declared tuple (names unique)."""
    return unique_by_name(options, SamplingOption, "sampling_options",
                          "sampling options")


def to_json(options):
    return [o.to_json() for o in options]


def from_json(records):
    return tuple(SamplingOption.from_json(r) for r in records or ())
