"""Writing files so that nothing half-written is ever left behind."""

import contextlib
import os
import tempfile

__all__ = ["atomic_open"]


@contextlib.contextmanager
def atomic_open(path, mode="wb", **kwargs):
    """Opens a temp file beside ``path``; on success it is renamed onto
    ``path`` (atomic on POSIX) with the usual permissions of a new file
    (``0o666`` minus the umask), on any exception it is removed.

    Example::

        with atomic_open("out/history.json", "w") as f:
            json.dump(history, f)
    """
    if "r" in mode or "a" in mode:
        raise ValueError(f"atomic_open writes new files; received mode "
                         f"{mode!r}.")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    suffix = os.path.splitext(path)[1]
    fd, tmp = tempfile.mkstemp(suffix=suffix, dir=folder,
                               prefix=".tmp-" + os.path.basename(path) + "-")
    try:
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask
