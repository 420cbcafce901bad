"""Declared generator inputs: what a GAN's generator takes, in one place.

Every GAN answers ``gan.generator_inputs()`` with an ordered tuple of
:class:`GeneratorInput`. Export (signatures and in-graph range checks),
evaluation (``labels="balanced"``), the sample-grid callbacks, the CLI and
serving read this tuple; none of them looks at a variant's attributes or
layer names.

Kinds:

``latent``
    float noise of shape ``(dim,)``, prior N(0, I).
``class``
    one int32 class id per example, shape ``()``, in ``[0, counts[0])``;
    prior uniform.
``categorical``
    int32 codes of shape ``(len(counts),)``, column ``j`` in
    ``[0, counts[j])`` (InfoGAN); prior uniform per column.
``continuous``
    float codes of shape ``(dim,)`` in ``value_range``; prior uniform.
``image``
    a conditioning image of shape ``(H, W, C)`` in ``value_range``
    (image-to-image translation); no prior: it must be given.

The one class-id check of the library is :meth:`GeneratorInput.check`
(numpy, user input) with :meth:`GeneratorInput.graph_checks` (the same
rule inside an exported graph).
"""

import dataclasses

import numpy as np

from keras_gans.utils.checks import check_num_classes

__all__ = ["GeneratorInput", "KINDS", "DRAWABLE_KINDS", "by_name",
           "check_class_ids", "check_labels", "to_json", "from_json"]

KINDS = ("latent", "class", "categorical", "continuous", "image")
#: kinds with a prior, which a sampler (and the exported ``generate``
#: signature) can draw by itself
DRAWABLE_KINDS = ("latent", "class", "categorical", "continuous")
_INTEGER_KINDS = ("class", "categorical")
#: how far (a fraction of the range) an image input may stray outside its
#: value_range before it is refused (rounding of resized or converted
#: images)
_IMAGE_RANGE_SLACK = 1e-3


def check_class_ids(ids, counts, name="labels", known_from=None):
    """``ids`` (int array; last axis = one column per count when there are
    several counts) lie in ``[0, counts[j])``: a ``ValueError`` naming the
    first bad value otherwise. Never rounds or truncates."""
    ids = np.asarray(ids)
    counts = [int(k) for k in counts]
    high = np.asarray(counts) if len(counts) > 1 else counts[0]
    bad = np.argwhere((ids < 0) | (ids >= high))
    if bad.size:
        where = tuple(int(v) for v in bad[0])
        value = int(ids[where])
        source = f", from {known_from}" if known_from else ""
        if len(counts) > 1:
            j = where[-1]
            raise ValueError(
                f"{name} column {j} takes values in [0, {counts[j]}) "
                f"(counts {counts}{source}); received {value} at index "
                f"{where[0]}.")
        raise ValueError(
            f"{name} must lie in [0, {counts[0]}) (num_classes={counts[0]}"
            f"{source}); received {value} at index {where[0]} ({len(bad)} "
            f"of {ids.shape[0] if ids.ndim else 1} out of range).")


def check_labels(labels, n, num_classes=None, name="labels",
                 allow_scalar=True, known_from=None):
    """Validates user labels: ``n`` integer class ids (shape ``(n,)`` or
    ``(n, 1)``) in ``[0, num_classes)``, or with ``allow_scalar`` one int
    repeated ``n`` times. ``num_classes=None`` only requires ids >= 0;
    ``known_from`` says where the class count came from (for the message).
    Labels are never rounded or truncated. Returns int32 of shape ``(n,)``.
    """
    if num_classes is None:
        ids, where = "integer class ids >= 0", "be integer class ids >= 0"
    else:
        source = f", from {known_from}" if known_from else ""
        ids = f"integer class ids in [0, {num_classes})"
        where = (f"lie in [0, {num_classes}) (num_classes={num_classes}"
                 f"{source})")
    length = (f"one int or an int array of length n={n}" if allow_scalar
              else f"one class id per sample, an array of length n={n}")
    try:
        arr = np.asarray(labels)
    except Exception:  # noqa: BLE001 - anything that is not array-like
        raise ValueError(f"{name} must be {length}; received "
                         f"{type(labels).__name__}.") from None
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        example = ""
        if arr.size and np.issubdtype(arr.dtype, np.number):
            flat = arr.reshape(-1)
            odd = np.flatnonzero(~np.isfinite(flat.astype(np.float64)) |
                                 (flat != np.round(flat)))
            i = int(odd[0]) if odd.size else 0
            example = f" (e.g. {flat[i].item()!r} at index {i})"
        raise ValueError(
            f"{name} must be {ids}; received an array of dtype "
            f"{arr.dtype}{example}. Labels are not rounded or truncated: "
            "convert whole numbers with astype(int).")
    if arr.ndim == 0 and allow_scalar:
        arr = np.full((n,), int(arr))
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.shape != (n,):
        raise ValueError(f"{name} must be {length}; received shape "
                         f"{arr.shape}.")
    high = np.inf if num_classes is None else num_classes
    bad = np.flatnonzero((arr < 0) | (arr >= high))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"{name} must {where}; received {int(arr[i])} at index {i} "
            f"({bad.size} of {n} out of range).")
    return arr.astype(np.int32)


@dataclasses.dataclass(frozen=True)
class GeneratorInput:
    """One named input of a generator (see the module doc).

    Attributes:
        name: the input's name: the key of the generator-inputs dict, the
            SavedModel signature argument, the ``generate(**conditions)``
            keyword.
        kind: one of :data:`KINDS`.
        shape: per-example shape (no batch axis).
        dtype: ``"float32"`` or ``"int32"``.
        counts: class / category counts (``class``: one; ``categorical``:
            one per column).
        value_range: ``(low, high)`` of ``continuous`` and ``image`` values.
    """

    name: str
    kind: str
    shape: tuple
    dtype: str = "float32"
    counts: tuple = ()
    value_range: tuple = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"GeneratorInput kind must be one of {KINDS}; "
                             f"received {self.kind!r}.")
        object.__setattr__(self, "shape", tuple(int(d) for d in self.shape))
        object.__setattr__(self, "counts", tuple(int(k) for k in self.counts))
        if self.value_range is not None:
            object.__setattr__(self, "value_range",
                               tuple(float(v) for v in self.value_range))
        if self.kind in _INTEGER_KINDS:
            if self.dtype != "int32":
                raise ValueError(f"A {self.kind} input is int32; received "
                                 f"dtype {self.dtype!r}.")
            if not self.counts:
                raise ValueError(f"A {self.kind} input needs its class "
                                 "counts.")
            for k in self.counts:
                check_num_classes(k, f"the class count of {self.name!r}")
            expected = () if self.kind == "class" else (len(self.counts),)
            if self.shape != expected:
                raise ValueError(
                    f"A {self.kind} input with counts {self.counts} has shape "
                    f"{expected}; received {self.shape}.")

    # -- constructors ----------------------------------------------------------
    @classmethod
    def latent(cls, dim, name="latent"):
        return cls(name, "latent", (int(dim),))

    @classmethod
    def class_id(cls, num_classes, name="labels"):
        return cls(name, "class", (), "int32", (int(num_classes),))

    @classmethod
    def categorical(cls, counts, name="categorical"):
        counts = tuple(int(k) for k in counts)
        return cls(name, "categorical", (len(counts),), "int32", counts)

    @classmethod
    def continuous(cls, dim, name="continuous", value_range=(-1.0, 1.0)):
        return cls(name, "continuous", (int(dim),), value_range=value_range)

    @classmethod
    def image(cls, shape, name="image", value_range=(-1.0, 1.0)):
        return cls(name, "image", tuple(shape), value_range=value_range)

    # -- facts -------------------------------------------------------------------
    @property
    def drawable(self):
        """Whether it has a prior (can be drawn without being given)."""
        return self.kind in DRAWABLE_KINDS

    @property
    def integer(self):
        return self.kind in _INTEGER_KINDS

    @property
    def num_classes(self):
        """The class count of a ``class`` input, else ``None``."""
        return self.counts[0] if self.kind == "class" else None

    # -- values ------------------------------------------------------------------
    def check(self, value, n, known_from=None):
        """A user value for ``n`` examples -> numpy of shape ``(n,) +
        shape``: one example's value is repeated; integers are checked
        against the counts (never rounded); floats must be finite."""
        if self.kind == "class":
            return check_labels(value, n, self.counts[0], self.name,
                                known_from=known_from)
        what = f"{self.name!r} ({self.kind} input, per-example shape " \
               f"{self.shape})"
        try:
            arr = np.asarray(value)
        except Exception:  # noqa: BLE001 - anything not array-like
            raise ValueError(f"{what} must be an array; received "
                             f"{type(value).__name__}.") from None
        if self.integer:
            if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
                raise ValueError(
                    f"{self.name} must be {self._ids()}; received an array of "
                    f"dtype {arr.dtype}. Ids are not rounded or truncated: "
                    "convert whole numbers with astype(int).")
        elif arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
            raise ValueError(f"{what} must be numbers; received dtype "
                             f"{arr.dtype}.")
        if arr.shape == self.shape:
            arr = np.broadcast_to(arr, (n,) + self.shape)
        if self.kind == "class" and arr.shape == (n, 1):
            arr = arr[:, 0]
        if arr.shape != (n,) + self.shape:
            if self.kind == "class":
                raise ValueError(
                    f"{self.name} must be one int or an int array of length "
                    f"n={n}; received shape {arr.shape}.")
            raise ValueError(
                f"{what} for {n} examples must have shape "
                f"{(n,) + self.shape} (or {self.shape} for all of them); "
                f"received shape {arr.shape}.")
        if self.integer:
            check_class_ids(arr, self.counts, self.name, known_from)
            return np.ascontiguousarray(arr, dtype=np.int32)
        arr = np.ascontiguousarray(arr, dtype=np.float32)
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{what} holds NaN or infinite values.")
        if self.kind == "image" and arr.size:
            low, high = self.value_range or (-1.0, 1.0)
            slack = _IMAGE_RANGE_SLACK * (high - low)
            if arr.min() < low - slack or arr.max() > high + slack:
                raise ValueError(
                    f"{what} must hold values in [{low:g}, {high:g}]; "
                    f"received values in [{arr.min():g}, {arr.max():g}] "
                    "(uint8 pixels p map to p / 127.5 - 1).")
        return arr

    def _ids(self):
        if self.kind == "class":
            return f"integer class ids in [0, {self.counts[0]})"
        return "integer codes with " + ", ".join(
            f"column {j} in [0, {k})" for j, k in enumerate(self.counts))

    def balanced(self, n):
        """``n`` ids cycling through every class (``i % C``; for
        categorical codes, column ``j`` cycles through ``counts[j]``)."""
        if not self.integer:
            raise ValueError(f"{self.name!r} is a {self.kind} input; only "
                             "class and categorical inputs have classes.")
        i = np.arange(n)
        if self.kind == "class":
            return (i % self.counts[0]).astype(np.int32)
        return np.stack([i % k for k in self.counts], axis=1).astype(np.int32)

    def graph_checks(self, tensor):
        """``tf.debugging`` assertions of :meth:`check`'s rule on a tensor
        inside a graph (an exported signature): ids in range, floats
        finite. A failure is an ``InvalidArgumentError`` naming the input
        (TF Serving answers INVALID_ARGUMENT)."""
        import tensorflow as tf  # export-time only; the spec is backend-free

        width = []
        if self.shape and self.kind != "image":
            # the signature's [batch, D] is not enforced by a server (nor
            # by a call of the loaded function): check D before the
            # generator's matmul fails on it
            what = (f"latent_dim={self.shape[0]}" if self.kind == "latent"
                    else f"{self.kind} input")
            expected = (f"{self.name} must have shape [batch, "
                        f"{', '.join(str(d) for d in self.shape)}] ({what})")
            # the rank first: a [D] or [batch, D, D] tensor would pass the
            # width comparison below by broadcasting. (tf.rank is folded to
            # the signature's static rank at trace time, so the check
            # counts elements: batch * prod(shape) holds only at the
            # declared rank once the width matches.)
            per_example = int(np.prod(self.shape))
            rank = tf.debugging.assert_equal(
                tf.size(tensor, out_type=tf.int64),
                tf.cast(tf.shape(tensor)[0], tf.int64) * per_example,
                message=f"{expected}; received a tensor of another rank "
                f"(x: its element count, y: batch * {per_example})")
            with tf.control_dependencies([rank]):
                width = [rank, tf.debugging.assert_equal(
                    tf.shape(tensor)[1:],
                    tf.constant(list(self.shape), tf.int32),
                    message=f"{expected}; received another width (x: "
                    "received, y: expected)")]
            with tf.control_dependencies(width):  # the width first
                tensor = tf.identity(tensor)
        if self.integer:
            if self.kind == "class":
                rule = (f"{self.name} must be class ids in "
                        f"[0, {self.counts[0]}) (num_classes="
                        f"{self.counts[0]})")
            else:
                rule = f"{self.name} codes must be integers with " + ", ".join(
                    f"column {j} in [0, {k})" for j, k in
                    enumerate(self.counts))
            limit = tf.constant(list(self.counts) if self.kind ==
                                "categorical" else self.counts[0],
                                tensor.dtype)
            return width + [
                tf.debugging.assert_non_negative(
                    tensor, message=f"{rule}; received a negative value"),
                tf.debugging.assert_less(
                    tensor, limit, message=f"{rule}; received a value >= "
                    "the number of classes"),
            ]
        finite = tf.debugging.assert_all_finite(
            tensor, message=f"{self.name} must be finite; received NaN or "
            "infinite values")
        if self.kind != "image":
            return width + [finite]
        # an image input's signature leaves H, W, C open: check them here
        expected = list(self.shape)
        rule = (f"{self.name} must be float32 images of shape [batch, "
                f"{', '.join(str(d) for d in expected)}]")
        shape = tf.debugging.assert_equal(
            tf.shape(tensor)[1:], tf.constant(expected, tf.int32),
            message=f"{rule}; received another height, width or channel "
            "count (resize the images first)")
        low, high = self.value_range or (-1.0, 1.0)
        slack = _IMAGE_RANGE_SLACK * (high - low)
        in_range = [
            tf.debugging.assert_greater_equal(
                tensor, tf.constant(low - slack, tensor.dtype),
                message=f"{rule} with values in [{low:g}, {high:g}] (uint8 "
                "pixels p: p / 127.5 - 1); received a value below"),
            tf.debugging.assert_less_equal(
                tensor, tf.constant(high + slack, tensor.dtype),
                message=f"{rule} with values in [{low:g}, {high:g}] (uint8 "
                "pixels p: p / 127.5 - 1); received a value above"),
        ]
        return [finite, shape] + in_range

    # -- serialisation ---------------------------------------------------------------
    def to_json(self):
        out = {"name": self.name, "kind": self.kind,
               "shape": list(self.shape), "dtype": self.dtype}
        if self.counts:
            out["counts"] = list(self.counts)
        if self.value_range is not None:
            out["value_range"] = list(self.value_range)
        return out

    @classmethod
    def from_json(cls, record):
        return cls(record["name"], record["kind"], tuple(record["shape"]),
                   record.get("dtype", "float32"),
                   tuple(record.get("counts", ())),
                   tuple(record["value_range"]) if record.get(
                       "value_range") is not None else None)


def unique_by_name(items, kind, hook, what):
    """``{item.name: item}`` of what ``hook()`` declared: every item a
    ``kind``, no two with one name (``what``: "generator inputs"...)."""
    out = {}
    for item in items:
        if not isinstance(item, kind):
            raise TypeError(f"{hook}() must return {kind.__name__} "
                            f"objects; received {type(item).__name__}.")
        if item.name in out:
            raise ValueError(f"Two {what} are named {item.name!r}.")
        out[item.name] = item
    return out


def by_name(specs):
    """``{name: spec}`` of a declared tuple (names must be unique)."""
    return unique_by_name(specs, GeneratorInput, "generator_inputs",
                          "generator inputs")


def to_json(specs):
    return [s.to_json() for s in specs]


def from_json(records):
    return tuple(GeneratorInput.from_json(r) for r in records)
