"""Downloads: a real HTTP server on 127.0.0.1, sha256 before unpacking, safe
unpacking, an atomic cache that a failure leaves empty."""

import contextlib
import hashlib
import http.server
import io
import json
import os
import tarfile
import threading
import time

import numpy as np
import pytest

from keras_gans import cli, export, zoo
from keras_gans.zoo import archives as hub

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        server = self.server
        name = self.path.rsplit("/", 1)[-1]
        server.requests.append(name)
        if name not in server.files:
            self.send_error(404, "no such archive")
            return
        body = server.files[name]
        announced = server.announce.get(name, len(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        if announced is not None:  # None: no length, the body ends at close
            self.send_header("Content-Length", str(announced))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the test output clean
        pass


@contextlib.contextmanager
def serve(files, announce=None):
    """An HTTP server on 127.0.0.1 (ephemeral port) serving ``files``
    (name -> bytes); ``announce`` fakes a Content-Length (``None``: send
    none, HTTP/1.0 style: the body ends when the connection closes). Yields
    ``(base_url, requests)``; stopped on exit."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.files, server.announce, server.requests = files, announce or {}, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/releases/", \
            server.requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """No local saved_models, a fresh cache, no real download location."""
    monkeypatch.setenv("KERAS_GANS_SAVED_MODELS", "none")
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("KERAS_GANS_BASE_URL", "http://127.0.0.1:9/none/")
    monkeypatch.chdir(tmp_path)


def _archive_bytes(tmp_path):
    folder = tmp_path / "src" / "model"
    (folder / "1" / "variables").mkdir(parents=True)
    (folder / "1" / "saved_model.pb").write_bytes(b"graph" * 1000)
    (folder / "1" / "variables" / "v.data").write_bytes(os.urandom(20000))
    path = tmp_path / "src" / "model.tar.gz"
    sha, size = hub.make_archive(folder, path, arcname="model")
    data = path.read_bytes()
    assert (hashlib.sha256(data).hexdigest(), len(data)) == (sha, size)
    return data, sha


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _cache_files(tmp_path):
    cache = tmp_path / "cache"
    if not cache.exists():
        return []
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))


def test_download_verifies_unpacks_and_caches(tmp_path):
    data, sha = _archive_bytes(tmp_path)
    with serve({"model.tar.gz": data}) as (url, requests):
        path = hub.fetch("model.tar.gz", sha, len(data), url=url +
                         "model.tar.gz", progress=False)
        assert requests == ["model.tar.gz"]
        again = hub.fetch("model.tar.gz", sha, len(data),
                          url=url + "model.tar.gz", progress=False)
        assert again == path and requests == ["model.tar.gz"]  # cached
    assert path == str(tmp_path / "cache" / f"model-{sha[:12]}")
    assert (tmp_path / "cache" / path / "model" / "1" / "saved_model.pb"
            ).read_bytes() == b"graph" * 1000
    assert [f for f in os.listdir(tmp_path / "cache")
            if f.startswith(".")] == []  # no staging left


def test_base_url_comes_from_the_environment(tmp_path, monkeypatch):
    data, sha = _archive_bytes(tmp_path)
    with serve({"model.tar.gz": data}) as (url, requests):
        monkeypatch.setenv("KERAS_GANS_BASE_URL", url.rstrip("/"))
        assert hub.base_url() == url
        hub.fetch("model.tar.gz", sha, progress=True)
    assert requests == ["model.tar.gz"]


def test_local_saved_models_are_used_first(tmp_path, monkeypatch):
    data, sha = _archive_bytes(tmp_path)
    local = tmp_path / "local"
    local.mkdir()
    (local / "model.tar.gz").write_bytes(data)
    monkeypatch.setenv("KERAS_GANS_SAVED_MODELS", str(local))
    with serve({"model.tar.gz": data}) as (url, requests):
        monkeypatch.setenv("KERAS_GANS_BASE_URL", url)
        path = hub.fetch("model.tar.gz", sha, len(data))
    assert requests == []
    assert os.path.isfile(os.path.join(path, "model", "1", "saved_model.pb"))


def test_wrong_sha256_is_rejected_before_unpacking(tmp_path, monkeypatch):
    """The archive is ALSO unsafe (a ``..`` member): had it been unpacked
    first, the error would be the unsafe-member one. The hash error comes
    first, the unpacker is never called and nothing is created."""
    data = _evil_archive("dotdot")
    wrong = "0" * 64
    assert _sha(data) != wrong
    unpacked = []
    real_extract = hub.safe_extract
    monkeypatch.setattr(hub, "safe_extract", lambda *a, **k: (
        unpacked.append(a), real_extract(*a, **k))[1])
    before = sorted(os.listdir(tmp_path))
    with serve({"evil.tar.gz": data}) as (url, requests):
        with pytest.raises(hub.ArchiveError) as error:
            hub.fetch("evil.tar.gz", wrong, url=url + "evil.tar.gz",
                      progress=False)
        assert requests == ["evil.tar.gz"]
    message = str(error.value)
    assert f"has sha256 {_sha(data)} but the registry expects {wrong}" in \
        message
    assert "Nothing was unpacked" in message
    assert "Unsafe" not in message and ".." not in message
    assert unpacked == []  # rejected before unpacking
    assert _cache_files(tmp_path) == []
    # the (empty) cache folder is all there is: no evil.txt anywhere
    assert sorted(set(os.listdir(tmp_path)) - {"cache"}) == before
    assert not list(tmp_path.rglob("evil.txt"))
    # the same archive with its right hash reaches the unpacker, which
    # refuses it: so the order above is what made the difference
    with serve({"evil.tar.gz": data}) as (url, _):
        with pytest.raises(hub.ArchiveError, match=r"'\.\.' in the path"):
            hub.fetch("evil.tar.gz", _sha(data), url=url + "evil.tar.gz",
                      progress=False)
    assert len(unpacked) == 1
    assert _cache_files(tmp_path) == []


class _CountingResponse:
    """Wraps a urlopen response, counting the bytes read from it."""

    def __init__(self, response, counter):
        self._response, self._counter = response, counter

    def read(self, *args):
        chunk = self._response.read(*args)
        self._counter.append(len(chunk))
        return chunk

    def __getattr__(self, name):
        return getattr(self._response, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._response.__exit__(*exc)


def test_oversized_downloads_are_cut_off(tmp_path, monkeypatch):
    data, sha = _archive_bytes(tmp_path)
    extra = data + os.urandom(4 * 2 ** 20)  # 4 MiB more than the registry
    # an honest Content-Length beyond the registry's size: refused at once
    with serve({"model.tar.gz": extra}) as (url, _):
        with pytest.raises(hub.DownloadError,
                           match=f"announces {len(extra)} bytes but the "
                           f"registry expects {len(data)}"):
            hub.fetch("model.tar.gz", sha, len(data),
                      url=url + "model.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []
    # no Content-Length: the stream is cut once it passes the size
    received = []
    real_urlopen = hub.urllib.request.urlopen
    monkeypatch.setattr(hub.urllib.request, "urlopen", lambda *a, **k:
                        _CountingResponse(real_urlopen(*a, **k), received))
    with serve({"model.tar.gz": extra},
               announce={"model.tar.gz": None}) as (url, _):
        with pytest.raises(hub.DownloadError,
                           match=f"sent more than the {len(data)} bytes"):
            hub.fetch("model.tar.gz", sha, len(data),
                      url=url + "model.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []
    # it stopped reading within one chunk past the expected size
    assert len(data) < sum(received) <= len(data) + hub._CHUNK
    # the same server without the extra bytes: the archive is fine
    received.clear()
    with serve({"model.tar.gz": data},
               announce={"model.tar.gz": None}) as (url, _):
        path = hub.fetch("model.tar.gz", sha, len(data),
                         url=url + "model.tar.gz", progress=False)
    assert sum(received) == len(data)
    assert os.path.isfile(os.path.join(path, "model", "1", "saved_model.pb"))


def test_duplicate_members_are_named(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for body in (b"first", b"second"):
            info = tarfile.TarInfo("model/1/saved_model.pb")
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    data = buf.getvalue()
    with serve({"dup.tar.gz": data}) as (url, _):
        with pytest.raises(hub.ArchiveError,
                           match="duplicate member 'model/1/saved_model.pb'"
                           ) as error:
            hub.fetch("dup.tar.gz", _sha(data), len(data),
                      url=url + "dup.tar.gz", progress=False)
    assert "corrupt or truncated" not in str(error.value)
    assert _cache_files(tmp_path) == []


def test_stale_staging_folders_are_removed(tmp_path):
    """What a fetch killed mid-way leaves (a hidden staging folder) is
    removed by the next fetch once it is an hour old; a fresh one (maybe a
    fetch running now) and other hidden folders are kept."""
    cache = tmp_path / "cache"
    old = time.time() - 2 * hub.STALE_SECONDS

    def staging(name, age_of_file=None):
        folder = cache / f"{hub.STAGING_PREFIX}{name}"
        folder.mkdir(parents=True)
        part = folder / "model.tar.gz.part"
        part.write_bytes(b"partial")
        os.utime(part, (old, old) if age_of_file is None else
                 (age_of_file, age_of_file))
        os.utime(folder, (old, old))
        return folder

    killed = staging("model-killed01")
    writing = staging("model-writing1", age_of_file=time.time())
    fresh = cache / f"{hub.STAGING_PREFIX}model-fresh001"
    fresh.mkdir()
    other = cache / ".not-ours"
    other.mkdir()
    os.utime(other, (old, old))
    data, sha = _archive_bytes(tmp_path)
    with serve({"model.tar.gz": data}) as (url, _):
        path = hub.fetch("model.tar.gz", sha, len(data),
                         url=url + "model.tar.gz", progress=False)
    assert os.path.isdir(path)
    assert not killed.exists()
    assert writing.exists() and fresh.exists() and other.exists()
    assert hub.remove_stale_staging(str(cache), max_age=0) == sorted(
        [writing.name, fresh.name])
    assert other.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        [other.name, os.path.basename(path)])


def test_truncated_downloads_are_rejected(tmp_path):
    data, sha = _archive_bytes(tmp_path)
    cut = data[:len(data) // 2]
    # the server announces the full length but sends half, then closes
    with serve({"model.tar.gz": cut},
               announce={"model.tar.gz": len(data)}) as (url, _):
        with pytest.raises(hub.DownloadError, match="interrupted"):
            hub.fetch("model.tar.gz", sha, len(data),
                      url=url + "model.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []
    # a short file that the server sends whole: size and sha256 disagree
    with serve({"model.tar.gz": cut}) as (url, _):
        with pytest.raises(hub.ArchiveError, match="truncated"):
            hub.fetch("model.tar.gz", sha, len(data),
                      url=url + "model.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []
    # a registry that lists the truncated file itself: the unpacking fails
    with serve({"model.tar.gz": cut}) as (url, _):
        with pytest.raises(hub.ArchiveError, match="corrupt or truncated"):
            hub.fetch("model.tar.gz", _sha(cut), len(cut),
                      url=url + "model.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []


def test_http_errors_are_reported(tmp_path):
    with serve({}) as (url, _):
        with pytest.raises(hub.DownloadError, match="HTTP 404"):
            hub.fetch("model.tar.gz", "a" * 64, url=url + "model.tar.gz",
                      progress=False)
    assert _cache_files(tmp_path) == []


def _evil_archive(kind):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        good = tarfile.TarInfo("model/1/saved_model.pb")
        good.size = 3
        tar.addfile(good, io.BytesIO(b"abc"))
        if kind == "dotdot":
            info = tarfile.TarInfo("model/../../evil.txt")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        elif kind == "absolute":
            info = tarfile.TarInfo("/tmp/keras_gans_evil.txt")
            info.size = 4
            tar.addfile(info, io.BytesIO(b"evil"))
        elif kind == "symlink":
            info = tarfile.TarInfo("model/escape")
            info.type = tarfile.SYMTYPE
            info.linkname = "../../../etc/passwd"
            tar.addfile(info)
        elif kind == "hardlink":
            info = tarfile.TarInfo("model/hard")
            info.type = tarfile.LNKTYPE
            info.linkname = "/etc/passwd"
            tar.addfile(info)
        elif kind == "device":
            info = tarfile.TarInfo("model/null")
            info.type = tarfile.CHRTYPE
            tar.addfile(info)
    return buf.getvalue()


@pytest.mark.parametrize("kind,message", [
    ("dotdot", r"'\.\.' in the path"),
    ("absolute", "absolute path"),
    ("symlink", "symbolic link"),
    ("hardlink", "hard link"),
    ("device", "not a regular file or folder"),
])
def test_unsafe_archives_are_rejected(tmp_path, kind, message):
    data = _evil_archive(kind)
    with serve({"evil.tar.gz": data}) as (url, _):
        with pytest.raises(hub.ArchiveError, match=message):
            hub.fetch("evil.tar.gz", _sha(data), len(data),
                      url=url + "evil.tar.gz", progress=False)
    assert _cache_files(tmp_path) == []
    assert not (tmp_path / "evil.txt").exists()
    assert not os.path.exists("/tmp/keras_gans_evil.txt")


def test_bad_fetch_arguments(tmp_path):
    with pytest.raises(ValueError, match="64-hex-digit sha256"):
        hub.fetch("model.tar.gz", "abc")
    with pytest.raises(ValueError, match="plain file name"):
        hub.fetch("../model.tar.gz", "a" * 64)


# -- the real zoo entry, served over HTTP -----------------------------------------
def test_zoo_download_of_the_published_dcgan(tmp_path, monkeypatch, capsys):
    """What a user without the repository gets: the package's manifest, the
    archive fetched from KERAS_GANS_BASE_URL, a generator of clothes."""
    record = zoo.manifest()["dcgan-fashion-mnist"]  # the package's copy
    archive = os.path.join(REPO, "saved_models", record["archive"])
    with open(archive, "rb") as f:
        data = f.read()
    assert _sha(data) == record["sha256"]
    with serve({record["archive"]: data}) as (url, requests):
        monkeypatch.setenv("KERAS_GANS_BASE_URL", url)
        grid = tmp_path / "grid.png"
        assert cli.main(["zoo", "download", "dcgan-fashion-mnist",
                         "--samples", str(grid), "--no-progress"]) == 0
        path = capsys.readouterr().out.strip().splitlines()[-1]
        assert requests == [record["archive"]]
        g = zoo.load_generator("dcgan-fashion-mnist")  # cached: no request
        assert requests == [record["archive"]]
    assert os.path.isfile(os.path.join(path, "saved_model.pb"))
    assert path.startswith(str(tmp_path / "cache"))
    assert grid.exists()
    assert g.latent_dim == 100 and g.image_shape == (28, 28, 1)
    z = np.random.RandomState(0).normal(size=(16, 100)).astype("float32")
    images = g(z)
    assert images.shape == (16, 28, 28, 1) and images.dtype == np.float32
    assert images.min() >= -1 and images.max() <= 1
    # Fashion-MNIST look: black background around a bright object
    border = np.concatenate([images[:, :2].ravel(), images[:, -2:].ravel()])
    assert np.mean(border < -0.8) > 0.7
    assert np.mean(images[:, 10:18, 10:18] > 0) > 0.3
    # and the shipped Fashion-MNIST classifier (92.4% on the test set) is
    # confident about what they are (1 = noise, 10 = perfectly diverse and
    # confident; real test images score ~8)
    from keras_gans.metrics import classifier

    many = g.generate(200, seed=0)  # uint8
    logits = classifier.get_classifier("fashion_mnist")(many)["logits"]
    assert classifier.classifier_score_from_logits(logits) > 3.0
    assert len(set(np.argmax(logits, 1))) >= 6  # many kinds of clothes
    assert json.loads(json.dumps(export.read_metadata(path)))[
        "latent_dim"] == 100


def test_unknown_names_list_the_known_ones():
    with pytest.raises(ValueError, match="Unknown zoo entry 'dcgan-cifar'; "
                       "known entries: .*dcgan-fashion-mnist"):
        zoo.load_generator("dcgan-cifar")
