"""The published generators of the zoo: the manifest (sha256, size,
settings and metrics of each archive), downloads into the cache, and
loading a pretrained generator or a saved GAN."""

import json
import os
import zipfile
import zlib

import keras

from keras_gans import export
from keras_gans.utils.files import check_zip_file
from keras_gans.zoo import archives
from keras_gans.zoo.registry import entries, find_entry, get_entry

__all__ = ["PACKAGED_MANIFEST", "manifest", "record", "download", "load_generator",
           "load_gan"]

#: the copy of ``saved_models/manifest.json`` shipped as package data, for
#: installs without the repository (``keras-gans zoo sync-manifest``)
PACKAGED_MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                 "manifest.json")


def load_gan(path, compile=False):
    """Loads a GAN saved as ``.keras`` (``model.save`` or ``keras-gans
    train``): any engine or variant class, with its EMA copy. A missing
    file raises ``FileNotFoundError`` naming the path; a damaged one
    (truncated, bytes changed: not a readable zip archive) a ``ValueError``
    naming it and what to do."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No .keras checkpoint at {path!r}.")
    fix = ("save the model again, use another checkpoint (a training run "
           "keeps the last ones in OUT/checkpoints/) or train it again")
    check_zip_file(path, "The .keras checkpoint", fix)
    try:
        return keras.saving.load_model(path, compile=compile)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        # damage the zip check cannot see (a member that does not parse)
        raise ValueError(
            f"The .keras checkpoint {path!r} is damaged ({type(e).__name__}: "
            f"{str(e).splitlines()[0][:200] if str(e) else ''}); {fix}."
        ) from None


def _manifest_sources():
    """``(folder or None, entries)`` pairs, in search order: the local
    ``saved_models/manifest.json`` files, then the package's copy."""


    for folder in archives.local_dirs():
        path = os.path.join(folder, "manifest.json")
        if os.path.isfile(path):
            with open(path) as f:
                yield folder, dict(json.load(f).get("entries", {}))

    with open(PACKAGED_MANIFEST) as f:
        yield None, dict(json.load(f).get("entries", {}))


def manifest(path=None):
    """``{entry name: record}`` of the published archives: ``path``, else
    the first local ``saved_models/manifest.json`` (see
    ``keras_gans.archives.local_dirs``), else the copy embedded in the package
    (``keras_gans/zoo/manifest.json``)."""

    if path:
        with open(path) as f:
            return dict(json.load(f).get("entries", {}))
    return next(iter(_manifest_sources()))[1]


def _published(name):
    """``(record, local archive path or None)`` of entry ``name``: the first
    local ``saved_models/`` whose manifest lists it and which holds its
    archive, else the package's record (to be downloaded)."""
    for folder, records in _manifest_sources():
        record = records.get(name)
        if not record:
            continue
        if folder is None:
            return record, None
        path = os.path.join(folder, record["archive"])
        if os.path.isfile(path):
            return record, path
    return None, None


def record(name):
    """The manifest record of entry ``name``'s published archive, or
    ``None``."""
    return _published(name)[0]


def download(name, *, force=False, progress=True, cache=None):
    """Fetches entry ``name``'s archive (a local ``saved_models/`` first,
    else ``$KERAS_GANS_BASE_URL``), checks its sha256 and size before
    unpacking, unpacks it safely into the cache and returns the SavedModel
    version folder. A cached copy is used without fetching again."""

    entry = get_entry(name)
    record, local = _published(entry.name)
    if not record:
        published = [e.name for e in entries() if _published(e.name)[0]]
        raise ValueError(
            f"Zoo entry {entry.name!r} has no pretrained archive yet; "
            f"entries with one: {', '.join(published) or 'none'}. Train it "
            f"with `{entry.command()}`.")
    folder = archives.fetch(record["archive"], record["sha256"],
                       record.get("size"), name=entry.name, cache=cache,
                       force=force, progress=progress, local=local,
                       search_local=False)
    return export.find_saved_model(folder)


def load_generator(name, **kwargs):
    """A pretrained zoo generator, ready to call.

    ``name`` is a zoo entry (see ``entry_names()``; fetched with
    :func:`download`, keyword arguments go there) or the path of an exported
    SavedModel. Returns a ``keras_gans.export.SavedGenerator``:
    ``g(latent)`` -> numpy float32 images in [-1, 1] of shape
    ``(N, H, W, C)`` (``latent``: ``(N, g.latent_dim)``); ``g.generate(n,
    seed=0)`` -> uint8 images drawn by the model itself;
    ``g.signatures["serving_default" | "generate" | ...]`` the raw
    SavedModel functions. Loading runs ``tf.saved_model.load`` (a graph
    and its variables; no pickles, no Python code from the download).
    """

    if find_entry(name) is None and os.path.exists(os.fspath(name)):
        return export.load(name)
    return export.load(download(name, **kwargs))
