"""Pretrained archives: find, download, verify, unpack safely, cache.

Used by ``keras_gans.zoo.load_generator`` / ``keras-gans zoo download``. An
archive is a ``.tar.gz`` of one folder ``<entry>/<version>/`` holding an
exported SavedModel (see ``keras_gans.export``). The order of search:

1. a local ``saved_models/`` folder: each folder in ``$KERAS_GANS_SAVED_MODELS``
   (``os.pathsep``-separated), the repository's ``saved_models/`` (beside the
   package) and ``./saved_models`` (``KERAS_GANS_SAVED_MODELS=none`` skips
   them all);
2. the download location ``$KERAS_GANS_BASE_URL`` (default
   :data:`DEFAULT_BASE_URL`) + the archive name.

Whatever the source, the archive's sha256 (and size) are checked against the
registry *before* it is unpacked; members are unpacked only if every one is a
regular file or a folder whose path stays inside the target (no absolute
paths, no ``..``, no links, no devices). Everything is staged in hidden
temporary folders of the cache folder (``$KERAS_GANS_CACHE``, default
``~/.keras/keras_gans``) and moved into place with one rename, so a failed or
interrupted download leaves nothing behind; a download that sends more bytes
than the registry's size is cut off at once, and staging folders a killed
process left behind are removed by the next fetch once they are
:data:`STALE_SECONDS` old. The sha256 of every unpacked file is recorded
in the cached folder (:data:`RECORD_NAME`) and checked each
time the cache is used: a changed, missing or added file is an
``ArchiveError`` saying how to fetch it again (``force=True``, ``keras-gans
zoo download ENTRY --force``). Nothing from a download is ever
unpickled or executed: the SavedModel is loaded with ``tf.saved_model.load``
(a graph and its variables).
"""

import hashlib
import http.client
import json
import os
import pathlib
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request

from keras_gans.utils.files import atomic_open, cache_dir, sha256_file
from keras_gans.utils.progress import Progress

__all__ = ["DEFAULT_BASE_URL", "ArchiveError", "DownloadError", "cache_dir",
           "local_dirs", "base_url", "sha256_file", "fetch", "safe_extract",
           "find_local", "make_archive", "remove_stale_staging",
           "STAGING_PREFIX", "STALE_SECONDS"]

#: where release archives live; ``$KERAS_GANS_BASE_URL`` overrides it
DEFAULT_BASE_URL = (
    "https://github.com/keras-gans/keras-gans/releases/download/zoo-v1/")
_CHUNK = 1 << 16
#: refuse archives that unpack to more than this many bytes
MAX_UNPACKED_BYTES = 2 << 30
#: the name prefix of the hidden staging folders of a fetch in the cache
STAGING_PREFIX = ".keras_gans-partial-"
#: staging folders untouched for this long belong to a killed process
STALE_SECONDS = 3600


class ArchiveError(ValueError):
    """A corrupt, truncated, tampered-with or unsafe archive."""


class DownloadError(OSError):
    """The archive could not be fetched."""


# -- locations ------------------------------------------------------------------


def base_url():
    url = os.environ.get("KERAS_GANS_BASE_URL") or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def repo_saved_models():
    """``saved_models/`` of the source checkout the package runs from."""
    return str(pathlib.Path(__file__).resolve().parents[2] / "saved_models")


def local_dirs():
    """Existing local ``saved_models`` folders, in search order.

    ``KERAS_GANS_SAVED_MODELS=none`` turns the local search off (always
    download, as an installation without the repository does).
    """
    env = os.environ.get("KERAS_GANS_SAVED_MODELS", "")
    if env.strip().lower() == "none":
        return []
    candidates = [p for p in env.split(os.pathsep) if p]
    candidates += [repo_saved_models(), os.path.join(os.getcwd(),
                                                     "saved_models")]
    out = []
    for path in candidates:
        path = os.path.abspath(path)
        if os.path.isdir(path) and path not in out:
            out.append(path)
    return out


def find_local(archive):
    """Path of ``archive`` in a local ``saved_models`` folder, or None."""
    for folder in local_dirs():
        path = os.path.join(folder, archive)
        if os.path.isfile(path):
            return path
    return None


# -- hashing ---------------------------------------------------------


# -- download -------------------------------------------------------------------
def _download(url, dest, expected_size=None, progress=True, timeout=60,
              label=None):
    """Streams ``url`` into the open-able path ``dest``; returns sha256."""
    digest = hashlib.sha256()
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as e:
        raise DownloadError(f"Downloading {url} failed: HTTP {e.code} "
                            f"{e.reason}.") from e
    except (urllib.error.URLError, OSError) as e:
        raise DownloadError(f"Downloading {url} failed: {e}. Set "
                            "KERAS_GANS_BASE_URL to a reachable location or "
                            "put the archive in ./saved_models or "
                            "$KERAS_GANS_SAVED_MODELS.") from e
    with response:
        length = response.headers.get("Content-Length")
        if expected_size is not None and length and length.isdigit() and \
                int(length) > expected_size:
            raise DownloadError(
                f"Downloading {url} refused: the server announces {length} "
                f"bytes but the registry expects {expected_size}; it is not "
                "the published archive. Nothing was downloaded.")
        total = int(length) if length and length.isdigit() else expected_size
        bar = Progress(total, "Downloading " + (
            label or url.rsplit("/", 1)[-1]), progress, unit="B")
        try:
            with open(dest, "wb") as f:
                while True:
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    if expected_size is not None and \
                            bar.done + len(chunk) > expected_size:
                        raise DownloadError(
                            f"Downloading {url} aborted: the server sent "
                            f"more than the {expected_size} bytes the "
                            "registry expects (at least "
                            f"{bar.done + len(chunk)}); it is not the "
                            "published archive. Nothing was kept.")
                    f.write(chunk)
                    digest.update(chunk)
                    bar.update(len(chunk))
        except DownloadError:
            raise
        except (http.client.IncompleteRead, OSError) as e:
            raise DownloadError(f"Downloading {url} was interrupted after "
                                f"{bar.done} bytes: {e}.") from e
        finally:
            bar.close()
    if length and length.isdigit() and bar.done != int(length):
        raise DownloadError(f"Downloading {url} was interrupted: received "
                            f"{bar.done} of {length} bytes.")
    return digest.hexdigest(), bar.done


def _check(path_or_label, sha256, size, got_sha, got_size):
    if size is not None and got_size != size:
        raise ArchiveError(
            f"{path_or_label} has {got_size} bytes but the registry expects "
            f"{size}: the file is truncated or not the published archive. "
            "Nothing was unpacked.")
    if got_sha != sha256:
        raise ArchiveError(
            f"{path_or_label} has sha256 {got_sha} but the registry expects "
            f"{sha256}: the file is corrupt or was tampered with. Nothing "
            "was unpacked.")


# -- safe unpacking ---------------------------------------------------------------
def _check_member(member):
    name = member.name
    parts = name.replace("\\", "/").split("/")
    if (not name or name.startswith(("/", "\\")) or os.path.isabs(name)
            or (len(name) > 1 and name[1] == ":")):
        raise ArchiveError(f"Unsafe archive member {name!r}: absolute path.")
    if ".." in parts:
        raise ArchiveError(f"Unsafe archive member {name!r}: '..' in the "
                           "path.")
    if member.issym() or member.islnk():
        raise ArchiveError(
            f"Unsafe archive member {name!r}: a "
            f"{'symbolic' if member.issym() else 'hard'} link (to "
            f"{member.linkname!r}); archives may hold only regular files and "
            "folders.")
    if not (member.isreg() or member.isdir()):
        raise ArchiveError(
            f"Unsafe archive member {name!r}: not a regular file or folder "
            f"(tar type {member.type!r}).")


def safe_extract(archive, dest):
    """Unpacks the tar(.gz) ``archive`` into the folder ``dest`` after
    checking every member (see the module doc); raises ``ArchiveError``
    for corrupt, truncated or unsafe archives. Returns the top-level names.
    """
    dest = os.path.realpath(dest)
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()  # reads the whole archive
            if not members:
                raise ArchiveError(f"{archive} is an empty archive.")
            total = 0
            for m in members:
                _check_member(m)
                total += m.size
            if total > MAX_UNPACKED_BYTES:
                raise ArchiveError(
                    f"{archive} would unpack to {total} bytes, more than "
                    f"the {MAX_UNPACKED_BYTES} allowed.")
            seen = set()
            for m in members:
                key = os.path.normpath(m.name.replace("\\", "/")).rstrip("/")
                if key in seen:
                    raise ArchiveError(
                        f"{archive} has a duplicate member {m.name!r}: a "
                        "published archive names every file once. Nothing "
                        "was unpacked.")
                seen.add(key)
            tops = set()
            for m in members:
                target = os.path.realpath(os.path.join(dest, m.name))
                if os.path.commonpath([dest, target]) != dest:
                    raise ArchiveError(f"Unsafe archive member {m.name!r}: "
                                       "it leaves the target folder.")
                tops.add(m.name.replace("\\", "/").split("/")[0])
                if m.isdir():
                    os.makedirs(target, exist_ok=True)
                    continue
                os.makedirs(os.path.dirname(target), exist_ok=True)
                source = tar.extractfile(m)
                with source, open(target, "xb") as f:
                    shutil.copyfileobj(source, f, _CHUNK)
                    if f.tell() != m.size:
                        raise ArchiveError(f"{archive} is truncated in "
                                           f"member {m.name!r}.")
    except ArchiveError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError) as e:
        # zlib.error is not an OSError subclass on every version:
        raise ArchiveError(f"{archive} is not a readable tar.gz archive "
                           f"(corrupt or truncated): {e}") from e
    except Exception as e:
        if type(e).__name__ == "error" and type(e).__module__ == "zlib":
            raise ArchiveError(f"{archive} is corrupt: {e}") from e
        raise
    return sorted(tops)


# -- the cached copy ----------------------------------------------------------------
#: inside each unpacked folder ``<cache>/<name>-<sha12>``, the sha256 of every
#: other file unpacked into it (written before the folder is moved into place)
RECORD_NAME = ".keras_gans-unpacked.sha256.json"


def _file_digests(folder):
    """``{relative path: sha256}`` of every file under ``folder`` but its
    record."""
    out = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for fname in sorted(files):
            path = os.path.join(root, fname)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel != RECORD_NAME:
                out[rel] = sha256_file(path)
    return out


def _cached_copy_ok(final, record, archive, sha256, stem):
    """True when the unpacked folder ``final`` still holds exactly the
    files its record lists, with their sha256; False when it has no record
    (a copy from before records: unpacked again); an ``ArchiveError`` saying how to fetch it
    again when a file was changed, removed or added."""
    try:
        with open(record) as f:
            expected = json.load(f)
        files = dict(expected["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if expected.get("sha256") != sha256:
        return False
    got = _file_digests(final)
    changed = sorted(k for k in files if k in got and got[k] != files[k])
    missing = sorted(set(files) - set(got))
    added = sorted(set(got) - set(files))
    if not (changed or missing or added):
        return True
    problems = []
    for what, names in (("changed", changed), ("missing", missing),
                        ("unexpected", added)):
        if names:
            problems.append(f"{what}: {', '.join(names[:3])}"
                            f"{', ...' if len(names) > 3 else ''}")
    raise ArchiveError(
        f"The cached copy of {archive} in {final} is corrupt: its files no "
        f"longer match what was unpacked from the verified archive (sha256 "
        f"{sha256[:12]}...; {'; '.join(problems)}). Fetch it again with "
        f"`keras-gans zoo download {stem} --force` (Python: "
        f"keras_gans.zoo.download({stem!r}, force=True)), or delete that "
        "folder.")


# -- the whole fetch --------------------------------------------------------------
def _last_change(folder):
    """The newest mtime of ``folder`` and of everything in it (a download
    in progress appends to a file without touching the folder's mtime)."""
    newest = os.lstat(folder).st_mtime
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            try:
                newest = max(newest,
                             os.lstat(os.path.join(root, name)).st_mtime)
            except OSError:  # removed meanwhile
                pass
    return newest


def remove_stale_staging(cache=None, max_age=STALE_SECONDS):
    """Removes the staging folders (``STAGING_PREFIX*``) in ``cache`` that
    nothing has written to for ``max_age`` seconds: what a fetch killed
    mid-way (SIGKILL, power loss) leaves behind. Fresh ones may belong to a
    fetch running now and are kept. Returns the removed names."""
    import time

    cache = os.path.abspath(cache or cache_dir())
    try:
        names = os.listdir(cache)
    except FileNotFoundError:
        return []
    now = time.time()
    removed = []
    for name in sorted(names):
        path = os.path.join(cache, name)
        if not name.startswith(STAGING_PREFIX) or os.path.islink(path) or \
                not os.path.isdir(path):
            continue
        try:
            if now - _last_change(path) < max_age:
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.exists(path):
            removed.append(name)
    return removed


def fetch(archive, sha256, size=None, *, name=None, url=None, cache=None,
          force=False, progress=True, search_local=True, local=None):
    """Returns the cached, unpacked folder of ``archive``.

    Args:
        archive: the archive's file name (``dcgan-fashion-mnist.tar.gz``).
        sha256, size: what the registry says the archive is.
        name: the cache folder's stem (default: the archive's stem).
        url: where to download from (default ``base_url() + archive``).
        cache: the cache folder (default :func:`cache_dir`).
        force: fetch and unpack again even if cached.
        progress: show a progress bar while downloading.
        search_local: look in the local ``saved_models`` folders first.
        local: the path of a local copy to use instead of downloading.

    The returned folder is ``<cache>/<name>-<sha256[:12]>``; it holds what
    the archive holds (for a zoo entry: ``<entry>/<version>/saved_model.pb``).
    """
    if not sha256 or len(sha256) != 64:
        raise ValueError(f"A 64-hex-digit sha256 is required to fetch "
                         f"{archive!r}; received {sha256!r}.")
    if os.path.basename(archive) != archive or archive in ("", ".", ".."):
        raise ValueError(f"archive must be a plain file name; received "
                         f"{archive!r}.")
    cache = os.path.abspath(cache or cache_dir())
    stem = name or archive.split(".")[0]
    final = os.path.join(cache, f"{stem}-{sha256[:12]}")
    record = os.path.join(final, RECORD_NAME)
    if os.path.isdir(final) and not force and _cached_copy_ok(
            final, record, archive, sha256, stem):
        return final
    os.makedirs(cache, exist_ok=True)
    remove_stale_staging(cache)
    staging = tempfile.mkdtemp(dir=cache, prefix=f"{STAGING_PREFIX}{stem}-")
    try:
        if local is None and search_local:
            local = find_local(archive)
        if local:
            got_size = os.path.getsize(local)
            _check(local, sha256, size, sha256_file(local), got_size)
            source = local
        else:
            source = os.path.join(staging, archive + ".part")
            url = url or base_url() + archive
            got_sha, got_size = _download(url, source, size, progress,
                                          label=archive)
            _check(f"The download of {url}", sha256, size, got_sha, got_size)
        unpacked = os.path.join(staging, "unpacked")
        os.makedirs(unpacked)
        safe_extract(source, unpacked)
        # what was unpacked, so that a later use can check the cached copy
        files = _file_digests(unpacked)
        with open(os.path.join(unpacked, RECORD_NAME), "w") as f:
            json.dump({"archive": archive, "sha256": sha256,
                       "files": files}, f, indent=1, sort_keys=True)
        if os.path.isdir(final):  # forced, or a copy without its record
            old = tempfile.mkdtemp(dir=cache,
                                   prefix=f"{STAGING_PREFIX}{stem}-old-")
            os.replace(final, os.path.join(old, "x"))
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(unpacked, final)
        except OSError:
            if not os.path.isdir(final):  # not a concurrent fetch: re-raise
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


# -- making archives ------------------------------------------------------------
def make_archive(folder, archive_path, arcname=None):
    """Packs ``folder`` as ``archive_path`` (tar.gz) under the top-level name
    ``arcname``, reproducibly (sorted names, zero times and owners) and
    atomically; returns ``(sha256, size)``."""
    import gzip

    folder = os.path.abspath(folder)
    arcname = arcname or os.path.basename(folder)
    out_dir = os.path.dirname(os.path.abspath(archive_path))
    os.makedirs(out_dir, exist_ok=True)

    def normalise(info):
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        info.mode = 0o755 if info.isdir() else 0o644
        return info

    with atomic_open(archive_path, "wb") as raw, gzip.GzipFile(
            fileobj=raw, mode="wb", mtime=0, filename="") as gz, \
            tarfile.open(fileobj=gz, mode="w",
                         format=tarfile.PAX_FORMAT) as tar:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            rel = os.path.relpath(root, folder)
            name = arcname if rel == "." else f"{arcname}/{rel}"
            tar.addfile(normalise(tar.gettarinfo(root, name)))
            for fname in sorted(files):
                path = os.path.join(root, fname)
                if os.path.islink(path) or not os.path.isfile(path):
                    raise ValueError(f"{path} is not a regular file; "
                                     "archives hold only files and "
                                     "folders.")
                info = normalise(tar.gettarinfo(path, f"{name}/{fname}"))
                with open(path, "rb") as f:
                    tar.addfile(info, f)
    sha = sha256_file(archive_path)
    size = os.path.getsize(archive_path)
    return sha, size
