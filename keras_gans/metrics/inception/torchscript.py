"""Reads the tensors of a TorchScript (or ``torch.save`` zip) archive without
PyTorch: ``zipfile`` + a restricted ``pickle.Unpickler`` + ``numpy``.

A TorchScript archive is a zip file::

    <prefix>/data.pkl          the module tree, pickled (protocol 2)
    <prefix>/data/<key>        raw little-endian bytes of each tensor storage
    <prefix>/code/...          the TorchScript source of the modules (text)
    <prefix>/constants.pkl, <prefix>/version, [<prefix>/byteorder]

``data.pkl`` references a few globals: the module classes (``__torch__.*``),
``torch._utils._rebuild_tensor_v2`` with storage types such as
``torch.FloatStorage`` (persistent ids pointing into ``data/``), and
``collections.OrderedDict`` / ``torch.jit._pickle.build_intlist`` for
attribute values. The unpickler here maps each of those to an inert
numpy-based stand-in and refuses every other global with
:class:`UnsafeArchiveError`, so reading an archive never executes code from
it (a pickle naming ``os.system``, ``builtins.eval``, ... is rejected before
anything is called). The ``code/`` files are returned as text and never run.

This module is backend-neutral and has no dependency besides numpy.
"""

import collections
import io
import pickle
import re
import zipfile

import numpy as np

__all__ = ["Archive", "UnsafeArchiveError", "read_archive"]


class UnsafeArchiveError(pickle.UnpicklingError):
    """The archive's pickle asks for something other than tensor rebuilding."""


# torch storage class -> numpy dtype (bfloat16 is widened to float32 below).
_STORAGE_DTYPES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "BFloat16Storage": "bfloat16",
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}

_MODULE_RE = re.compile(r"^__torch__(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_KEY_RE = re.compile(r"^[A-Za-z0-9_]+$")


class _StorageType:
    """Stand-in for ``torch.<X>Storage``: only carries the dtype."""

    def __init__(self, name):
        self.name = name
        self.dtype = _STORAGE_DTYPES[name]

    def __repr__(self):
        return f"torch.{self.name}"


class ScriptObject:
    """Inert stand-in for a pickled ``__torch__`` module object: keeps the
    qualified class name and the attribute dict, runs nothing."""

    qualified_name = "__torch__.?"

    def __new__(cls, *args, **kwargs):
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.__dict__["state"] = state

    @property
    def attributes(self):
        state = self.__dict__.get("state")
        return state if isinstance(state, dict) else {}

    def __repr__(self):
        return f"<ScriptObject {self.qualified_name}>"


_script_classes = {}


def _script_class(module, name):
    key = f"{module}.{name}"
    if key not in _script_classes:
        _script_classes[key] = type(name, (ScriptObject,),
                                    {"qualified_name": key})
    return _script_classes[key]


def _rebuild_tensor(storage, storage_offset, size, stride, *unused):
    """numpy version of ``torch._utils._rebuild_tensor(_v2)``, with bounds
    checks so a crafted size/stride cannot read outside the storage."""
    if not isinstance(storage, np.ndarray) or storage.ndim != 1:
        raise UnsafeArchiveError(
            "Tensor rebuild got a storage that is not a data/ entry: "
            f"{type(storage).__name__}.")
    try:
        size = tuple(int(s) for s in size)
        stride = tuple(int(s) for s in stride)
        offset = int(storage_offset)
    except (TypeError, ValueError):
        raise UnsafeArchiveError(
            f"Malformed tensor metadata: size={size!r}, stride={stride!r}, "
            f"offset={storage_offset!r}.") from None
    if len(size) != len(stride) or offset < 0 or any(s < 0 for s in size) \
            or any(s < 0 for s in stride):
        raise UnsafeArchiveError(
            f"Malformed tensor metadata: size={size}, stride={stride}, "
            f"offset={offset}.")
    if 0 in size:
        return np.zeros(size, storage.dtype)
    last = offset + sum((n - 1) * s for n, s in zip(size, stride))
    if last >= storage.size:
        raise UnsafeArchiveError(
            f"Tensor of size {size}, stride {stride}, offset {offset} "
            f"reaches element {last} of a storage of {storage.size} "
            "elements: the archive is corrupt.")
    item = storage.itemsize
    view = np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * item for s in stride],
        writeable=False)
    return np.array(view, copy=True)


def _rebuild_parameter(data, requires_grad=False, backward_hooks=None,
                       *unused):
    return data


def _identity(value, *unused):
    return value


# (module, name) -> the inert callable the pickle gets instead.
_ALLOWED_FUNCTIONS = {
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch.jit._pickle", "build_intlist"): list,
    ("torch.jit._pickle", "build_doublelist"): list,
    ("torch.jit._pickle", "build_boollist"): list,
    ("torch.jit._pickle", "build_tensorlist"): list,
    ("torch.jit._pickle", "restore_type_tag"): _identity,
}


class _RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that resolves only the globals a weights archive needs."""

    def __init__(self, file, read_storage):
        super().__init__(file)
        self._read_storage = read_storage

    def find_class(self, module, name):
        if (module, name) in _ALLOWED_FUNCTIONS:
            return _ALLOWED_FUNCTIONS[(module, name)]
        if module == "torch" and name in _STORAGE_DTYPES:
            return _StorageType(name)
        if _MODULE_RE.match(module) and _NAME_RE.match(name):
            return _script_class(module, name)
        raise UnsafeArchiveError(
            f"Refusing to load global '{module}.{name}' from the archive's "
            "pickle: only tensor rebuilding (torch._utils._rebuild_tensor_v2, "
            "torch.<X>Storage), TorchScript module records (__torch__.*) and "
            "plain containers are allowed. The file is not a plain weights "
            "archive and may be malicious.")

    def persistent_load(self, pid):
        if (not isinstance(pid, tuple) or len(pid) != 5
                or pid[0] != "storage"
                or not isinstance(pid[1], _StorageType)):
            raise UnsafeArchiveError(
                f"Unexpected persistent id {pid!r}: expected ('storage', "
                "torch.<X>Storage, key, location, numel).")
        _, storage_type, key, _location, numel = pid
        if not isinstance(key, str) or not _KEY_RE.match(key):
            raise UnsafeArchiveError(f"Bad storage key {key!r}.")
        return self._read_storage(key, storage_type, int(numel))


class Archive:
    """What :func:`read_archive` found in a TorchScript / torch.save archive.

    Attributes:
        tensors: ``{dotted.name: np.ndarray}`` of every tensor in the module
            tree, e.g. ``"net.layers.conv.weight"`` (numpy dtypes as stored).
        attributes: ``{dotted.name: value}`` of the other plain attributes
            (ints, floats, strings, lists such as ``stride`` / ``padding``).
        module_types: ``{dotted.module.name: "__torch__.qualified.Class"}``.
        code: ``{member path: source text}`` of ``code/*.py`` (never run).
        prefix: the archive's top-level folder.
    """

    def __init__(self, tensors, attributes, module_types, code, prefix):
        self.tensors = tensors
        self.attributes = attributes
        self.module_types = module_types
        self.code = code
        self.prefix = prefix

    def __repr__(self):
        return (f"<Archive {self.prefix!r}: {len(self.tensors)} tensors, "
                f"{len(self.module_types)} modules>")


def _find_prefix(names):
    candidates = sorted(n[:-len("data.pkl")] for n in names
                        if n.endswith("data.pkl")
                        and n.count("/") <= 1)
    if not candidates:
        raise ValueError(
            "Not a TorchScript / torch.save archive: no data.pkl at the top "
            "of the zip file.")
    return candidates[0]


def _flatten(obj, name, tensors, attributes, module_types, depth=0):
    if depth > 64:
        raise UnsafeArchiveError("The module tree is nested too deeply.")
    if isinstance(obj, np.ndarray):
        tensors[name] = obj
    elif isinstance(obj, ScriptObject):
        module_types[name] = obj.qualified_name
        for key, value in obj.attributes.items():
            if key in ("training", "_is_full_backward_hook"):
                continue
            _flatten(value, f"{name}.{key}" if name else str(key), tensors,
                     attributes, module_types, depth + 1)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            _flatten(value, f"{name}.{key}" if name else str(key), tensors,
                     attributes, module_types, depth + 1)
    elif isinstance(obj, (list, tuple)) and any(
            isinstance(v, (np.ndarray, ScriptObject, dict)) for v in obj):
        for i, value in enumerate(obj):
            _flatten(value, f"{name}.{i}" if name else str(i), tensors,
                     attributes, module_types, depth + 1)
    elif name:
        attributes[name] = obj


def read_archive(path_or_file, read_code=True):
    """Reads the tensors and attributes of a TorchScript archive (the files
    ``torch.jit.save`` writes, e.g. ``inception-2015-12-05.pt``) or of a
    zip-format ``torch.save`` file, without PyTorch and without executing
    anything from the file.

    Args:
        path_or_file: a path or a binary file object.
        read_code: also return the TorchScript ``code/`` text.

    Returns:
        An :class:`Archive`.

    Raises:
        UnsafeArchiveError: the pickle references anything but tensor
            rebuilding / module records / plain containers.
        ValueError: the file is not a zip archive of this kind, or is
            truncated or corrupt.
    """
    try:
        zf = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError) as e:
        raise ValueError(
            f"{path_or_file!r} is not a TorchScript / torch.save zip archive "
            f"({type(e).__name__}: {e}). Legacy (non-zip) torch.save files "
            "are not supported.") from e
    with zf:
        names = zf.namelist()
        prefix = _find_prefix(names)
        byteorder = "little"
        if prefix + "byteorder" in names:
            byteorder = zf.read(prefix + "byteorder").decode().strip()
            if byteorder not in ("little", "big"):
                raise ValueError(f"Unknown byteorder {byteorder!r}.")
        storages = {}

        def read_storage(key, storage_type, numel):
            if key in storages:
                return storages[key]
            member = f"{prefix}data/{key}"
            if member not in names:
                raise ValueError(
                    f"The archive is missing storage {member!r}: it is "
                    "truncated or corrupt.")
            raw = zf.read(member)  # zipfile checks the CRC
            dtype = storage_type.dtype
            bf16 = isinstance(dtype, str)
            np_dtype = np.dtype(np.uint16 if bf16 else dtype)
            np_dtype = np_dtype.newbyteorder("<" if byteorder == "little"
                                             else ">")
            if len(raw) != numel * np_dtype.itemsize:
                raise ValueError(
                    f"Storage {member!r} has {len(raw)} bytes; the pickle "
                    f"says {numel} elements of {np_dtype.itemsize} bytes. "
                    "The archive is corrupt.")
            arr = np.frombuffer(raw, np_dtype)
            if bf16:
                arr = (arr.astype(np.uint32) << 16).view(np.float32)
            else:
                arr = arr.astype(np_dtype.newbyteorder("="), copy=False)
            storages[key] = arr
            return arr

        try:
            data = zf.read(prefix + "data.pkl")
        except zipfile.BadZipFile as e:
            raise ValueError(f"Corrupt archive: {e}.") from e
        try:
            root = _RestrictedUnpickler(io.BytesIO(data), read_storage).load()
        except UnsafeArchiveError:
            raise
        except zipfile.BadZipFile as e:
            raise ValueError(f"Corrupt archive: {e}.") from e
        except (pickle.UnpicklingError, EOFError, TypeError, ValueError,
                AttributeError, IndexError, KeyError) as e:
            raise ValueError(
                f"Cannot read the archive's data.pkl ({type(e).__name__}: "
                f"{e}); the file is truncated or corrupt.") from e
        code = {}
        if read_code:
            for n in names:
                if n.startswith(prefix + "code/") and n.endswith(".py"):
                    code[n[len(prefix):]] = zf.read(n).decode("utf-8",
                                                              "replace")
    tensors, attributes, module_types = {}, {}, {}
    _flatten(root, "", tensors, attributes, module_types)
    return Archive(tensors, attributes, module_types, code, prefix)
