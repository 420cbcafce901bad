"""Files: one atomic writer (nothing half-written is ever left behind), one
sha256 of a file, one cache folder, one JSON writer."""

import contextlib
import hashlib
import json
import os
import tempfile

__all__ = ["atomic_open", "atomic_path", "cache_dir", "check_zip_file",
           "removed_on_failure", "sha256_file",
           "writable_folder",
           "write_json", "CACHE_ENV"]

#: the one environment variable that moves keras_gans' cache folder
CACHE_ENV = "KERAS_GANS_CACHE"


@contextlib.contextmanager
def atomic_path(path, suffix=None):
    """Yields a temporary path beside ``path``; when the block succeeds the
    file is renamed onto ``path`` (atomic on POSIX) with the usual
    permissions of a new file (``0o666`` minus the umask); on any exception
    it is removed. For writers that take a path (``np.savez``)."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    if suffix is None:
        suffix = os.path.splitext(path)[1]
    fd, tmp = tempfile.mkstemp(suffix=suffix, dir=folder,
                               prefix=".tmp-" + os.path.basename(path) + "-")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise


@contextlib.contextmanager
def atomic_open(path, mode="wb", **kwargs):
    """:func:`atomic_path`, opened: a file object whose contents appear at
    ``path`` only when the block succeeds.

    Example::

        with atomic_open("out/history.json", "w") as f:
            json.dump(history, f)
    """
    if "r" in mode or "a" in mode:
        raise ValueError(f"atomic_open writes new files; received mode "
                         f"{mode!r}.")
    with atomic_path(path) as tmp, open(tmp, mode, **kwargs) as f:
        yield f


@contextlib.contextmanager
def removed_on_failure(path, unless=()):
    """When the block raises, removes the folder ``path`` again if it did
    not exist when the block started (with the parents the block created
    for it), so a command that fails leaves no half-made output behind;
    kept when it holds one of ``unless`` (names inside ``path``, e.g. the
    checkpoints of a run that can be resumed; an empty folder does not
    count)."""
    path = os.path.abspath(os.fspath(path))
    top = None  # the highest folder of path that does not exist yet
    probe = path
    while not os.path.lexists(probe):
        top, probe = probe, os.path.dirname(probe)
        if probe == top:
            break
    try:
        yield
    except BaseException:
        def worth_keeping(name):
            target = os.path.join(path, name)
            if os.path.isdir(target):
                return any(files for _, _, files in os.walk(target))
            return os.path.exists(target)

        if top is not None and os.path.isdir(top) and not any(
                worth_keeping(name) for name in unless):
            import shutil

            shutil.rmtree(top, ignore_errors=True)
        raise


def write_json(obj, path):
    """Writes JSON atomically (sorted keys, indented, newline at the end)."""
    with atomic_open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=True, default=str)
        f.write("\n")
    return path


def sha256_file(path, chunk=1 << 20):
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def writable_folder(path, what="folder"):
    """Creates ``path`` (and its parents) if needed and checks it can be
    written, so a run fails before any work rather than at its first save;
    raises ``ValueError`` naming ``what`` and the reason."""
    try:
        os.makedirs(path, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(f"no write permission on {path!r}")
    except OSError as e:
        raise ValueError(
            f"The {what} {path!r} cannot be created or written ({e}); choose "
            "a folder you can write to.") from None
    return path


def check_zip_file(path, what="The file", fix="replace it"):
    """Checks that ``path`` is a whole, readable zip archive (a ``.keras``
    file is one): its directory parses and every member's CRC-32 matches.
    A truncated file or one with changed bytes raises ``ValueError`` naming
    ``what`` (capitalised, e.g. ``"The .keras checkpoint"``), the path, what
    is wrong and ``fix`` (what to do)."""
    import zipfile

    size = os.path.getsize(path)
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()  # reads every member, checks its CRC
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise ValueError(
            f"{what} {path!r} ({size} bytes) is not a readable zip archive "
            f"({e}): it is truncated or damaged; {fix}.") from None
    except Exception as e:  # noqa: BLE001 - zlib.error and the like
        raise ValueError(
            f"{what} {path!r} ({size} bytes) is damaged "
            f"({type(e).__name__}: {e}); {fix}.") from None
    if bad is not None:
        raise ValueError(
            f"{what} {path!r} is damaged: its member {bad!r} fails its CRC-32 "
            f"check (bytes of the file were changed); {fix}.")
    return path


def cache_dir(*parts):
    """keras_gans' cache folder (created), joined with ``parts``:
    ``$KERAS_GANS_CACHE``, else ``$KERAS_HOME/keras_gans`` (default
    ``~/.keras/keras_gans``; ``/tmp/.keras/keras_gans`` when the home folder
    is not writable, as ``keras.utils.get_file`` does). Downloaded zoo
    archives, converted Inception weights and reference statistics all live
    below it."""
    base = os.environ.get(CACHE_ENV)
    if base:
        path = os.path.abspath(os.path.join(base, *parts))
        os.makedirs(path, exist_ok=True)
        return path
    keras_home = os.environ.get(
        "KERAS_HOME", os.path.join(os.path.expanduser("~"), ".keras"))
    path = os.path.join(keras_home, "keras_gans", *parts)
    try:
        os.makedirs(path, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise PermissionError(path)
    except OSError:
        path = os.path.join(tempfile.gettempdir(), ".keras", "keras_gans",
                            *parts)
        os.makedirs(path, exist_ok=True)
    return os.path.abspath(path)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
