"""The catalogue of bad inputs (issue 17, item 5): each case a user met,
and what it gives now. A command fails with exit status 2, exactly one
line on stderr (what was received, what was expected, what to do), no
traceback, and nothing half-written; the checks that need no training run
before it. The Python API raises ``ValueError``; the exported signatures
refuse bad latents inside the graph (``InvalidArgumentError``), for TF
Serving clients too.

Tiny fixtures only (8x8 images, widths of 4), made in temporary folders.
"""

import json
import shutil

import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from keras_gans import cli, export, zoo
from keras_gans.zoo import archives

SHAPE = (8, 8, 1)
LATENT = 4


def run_cli(*argv):
    return cli.main([str(a) for a in argv])


def fails(capsys, *argv):
    """Runs the command; asserts the failure contract and returns the one
    stderr line."""
    code = run_cli(*argv)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("keras-gans: error: "), err
    assert "Traceback" not in err
    return lines[0]


def _png(path, value=128, size=8, mode="L"):
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = np.full((size, size), value, np.uint8)
    if mode == "RGB":
        pixels = np.stack([pixels] * 3, -1)
    Image.fromarray(pixels, mode).save(path)
    return path


def _folder(root, classes=0, per_class=4):
    """A folder dataset of 8x8 grey PNGs: ``classes`` sub-folders of
    ``per_class`` images, or (``classes=0``) images directly in it."""
    rng = np.random.default_rng(0)
    names = [f"class_{i:02d}" for i in range(classes)] or [""]
    for name in names:
        for j in range(per_class):
            _png(root / name / f"{j}.png", int(rng.integers(0, 256)))
    return root


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A saved tiny GAN, its damaged copies and its export."""
    root = tmp_path_factory.mktemp("bad_inputs")
    gan = zoo.build("gan", image_shape=SHAPE, width=4, latent_dim=LATENT)
    good = root / "model.keras"
    gan.save(str(good))
    data = good.read_bytes()
    flipped = bytearray(data)
    for i in range(len(data) // 3, len(data) // 3 + 64):
        flipped[i] ^= 0xFF
    (root / "flipped.keras").write_bytes(bytes(flipped))
    (root / "truncated.keras").write_bytes(data[:len(data) // 2])
    version = export.save_generator(gan, str(root / "export"))
    broken = root / "broken_pb" / "1"
    shutil.copytree(version, broken)
    (broken / "saved_model.pb").write_bytes(b"\x08\x01garbage" * 40)
    return {"root": root, "good": good, "export": root / "export",
            "version": version, "broken_pb": root / "broken_pb",
            "flipped": root / "flipped.keras",
            "truncated": root / "truncated.keras"}


# -- 1. a folder dataset with a corrupt image: named, before training --------
def _corrupt(path, how):
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[:len(data) // 2])
    elif how == "flipped":  # bytes of the pixel data (IDAT) changed
        i = data.index(b"IDAT") + 6
        path.write_bytes(data[:i] + bytes(b ^ 0xFF for b in data[i:i + 6])
                         + data[i + 6:])
    else:  # not an image at all
        path.write_text("<html>404 not found</html>")


@pytest.mark.parametrize("how", ["truncated", "flipped", "not_an_image"])
def test_corrupt_image_in_a_folder_is_named_before_training(
        tmp_path, capsys, how):
    folder = _folder(tmp_path / "faces")
    bad = folder / "2.png"
    _corrupt(bad, how)
    out = tmp_path / "run"
    err = fails(capsys, "train", "dcgan", "--dataset", folder, "--epochs", 1,
                "--steps-per-epoch", 1, "--batch-size", 2, "--width", 4,
                "--out", out, "--no-progress")
    assert str(bad) in err and "corrupt or not an image" in err
    assert "Delete or replace it" in err
    assert not out.exists()  # nothing trained, nothing written
    from keras_gans import data

    with pytest.raises(ValueError, match="2.png"):
        data.load(str(folder), batch_size=2)


# -- 2, 3. a damaged .keras file: sample / export / evaluate ------------------
@pytest.mark.parametrize("damage", ["flipped", "truncated"])
@pytest.mark.parametrize("verb", ["sample", "export", "evaluate"])
def test_damaged_keras_file(files, tmp_path, capsys, damage, verb):
    path = files[damage]
    out = tmp_path / "out"
    argv = {"sample": ["sample", path, "--out", out / "grid.png"],
            "export": ["export", path, "--out", out],
            "evaluate": ["evaluate", path, "--num-samples", 4,
                         "--no-progress", "--out", out / "m.json"]}[verb]
    err = fails(capsys, *argv)
    assert str(path) in err
    assert "File not found" not in err and "BadZipFile" not in err
    assert ("truncated or damaged" in err if damage == "truncated" else
            "damaged" in err and "CRC-32" in err)
    assert "train it again" in err  # what to do
    assert not out.exists()
    with pytest.raises(ValueError, match="damaged"):
        zoo.load_gan(path)


# -- 4. a corrupt saved_model.pb ----------------------------------------------
def test_corrupt_saved_model_pb(files, capsys):
    path = files["broken_pb"]
    err = fails(capsys, "evaluate", path, "--num-samples", 4,
                "--no-progress")
    assert "broken_pb" in err and "does not load" in err
    assert "Export it again" in err
    for load in (zoo.load_generator, export.load):
        with pytest.raises(ValueError, match="corrupt or truncated"):
            load(str(path))


# -- 5. a conditional recipe on a folder of another class count ----------------
def test_class_count_of_a_folder_is_checked_before_training(tmp_path,
                                                            capsys):
    folder = _folder(tmp_path / "twelve", classes=12, per_class=2)
    out = tmp_path / "run"
    base = ["train", "cgan", "--dataset", folder, "--epochs", 1,
            "--steps-per-epoch", 1, "--batch-size", 4, "--width", 4,
            "--latent-dim", LATENT, "--out", out, "--no-progress",
            "--no-tensorboard"]
    err = fails(capsys, *base)
    assert "12 class sub-folders" in err and "10 classes" in err
    assert "--num-classes 12" in err
    assert not out.exists()
    err = fails(capsys, *base, "--num-classes", 11)
    assert "11 classes (num_classes (--num-classes))" in err
    # a folder without class sub-folders, --num-classes where none apply
    flat = _folder(tmp_path / "flat")
    assert "without class sub-folders" in fails(
        capsys, *[flat if a == folder else a for a in base])
    assert "is not conditional" in fails(
        capsys, "train", "dcgan", "--dataset", flat, "--num-classes", 3,
        "--out", out)
    assert not out.exists()
    # and the option does it
    assert run_cli(*base, "--num-classes", 12) == 0
    gan = zoo.load_gan(out / "model.keras")
    assert gan.num_classes == 12


# -- 6. evaluate takes the folders export.load takes -----------------------------
def test_evaluate_accepts_the_folder_export_wrote(files, fake, tmp_path,
                                                   capsys):
    for folder in (files["export"], files["version"]):  # base, version
        assert export.load(str(folder)).latent_dim == LATENT
        assert run_cli("evaluate", folder, "--dataset", "mnist_5k",
                       "--metrics", "fid", "--num-samples", 8,
                       "--no-progress") == 0
        result = json.loads(capsys.readouterr().out)
        assert np.isfinite(result["fid"])
        assert str(files["version"]) in result["protocol"]["generator"]
    err = fails(capsys, "evaluate", tmp_path, "--no-progress")
    assert "No SavedModel under" in err


# -- 6b. evaluate against a folder of real images ------------------------------
def test_evaluate_against_a_folder_of_images(files, fake, tmp_path, capsys):
    reference = _folder(tmp_path / "real", classes=0, per_class=6)
    assert run_cli("evaluate", files["export"], "--dataset", reference,
                   "--num-samples", 6, "--no-progress") == 0
    result = json.loads(capsys.readouterr().out)
    # the default metrics there are fid and kid (no domain classifier)
    assert np.isfinite(result["fid"]) and "kid" in result
    assert result["protocol"]["reference"]["num_real"] == 6
    err = fails(capsys, "evaluate", files["export"], "--dataset",
                reference, "--num-samples", 6, "--num-real", 9,
                "--no-progress")
    assert "Asked for 9 real images" in err and "holds only 6" in err
    err = fails(capsys, "evaluate", files["export"], "--dataset",
                tmp_path / "no_such_folder", "--no-progress")
    assert "neither a named dataset" in err


# -- 7. an unknown split fails before anything is generated or trained --------
def test_unknown_split_is_checked_first(files, fake, tmp_path, capsys,
                                        monkeypatch):
    import importlib

    evaluate_lib = importlib.import_module("keras_gans.metrics.evaluate")

    def never(*args, **kwargs):
        raise AssertionError("the generator was loaded before the split "
                             "was checked")

    monkeypatch.setattr(evaluate_lib, "_resolve_source", never)
    monkeypatch.setattr(export, "load_saved_model", never)
    err = fails(capsys, "evaluate", files["export"], "--split", "bogus",
                "--dataset", "mnist_5k", "--no-progress")
    assert "Unknown split 'bogus' of dataset 'mnist_5k'" in err
    assert "['train', 'test', 'all']" in err
    with pytest.raises(ValueError, match="Unknown split 'bogus'"):
        evaluate_lib.evaluate(files["export"], "mnist_5k", split="bogus",
                              progress=False)
    out = tmp_path / "run"
    err = fails(capsys, "train", "gan", "--dataset", "mnist_5k", "--split",
                "bogus", "--out", out, "--no-progress")
    assert "Unknown split 'bogus' of dataset 'mnist_5k'" in err
    assert not out.exists()


# -- 8. a cached archive whose files were changed --------------------------------
def _published_archive(files, tmp_path, name="gan-mnist-5k"):
    """A local saved_models/ with ``name``'s archive of the tiny export."""
    src = tmp_path / "src" / name
    shutil.copytree(files["version"], src / "1")
    saved = tmp_path / "saved_models"
    archive = saved / f"{name}.tar.gz"
    sha, size = archives.make_archive(src, archive, arcname=name)
    (saved / "manifest.json").write_text(json.dumps({"entries": {name: {
        "archive": archive.name, "sha256": sha, "size": size}}}))
    return archive, sha, size


def _tamper(folder):
    """Changes one byte of the variables of the unpacked copy."""
    data = next(p for p in folder.rglob("variables.data-*"))
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data.write_bytes(bytes(raw))
    return data


def test_tampered_cache_is_reported_with_how_to_fetch_again(
        files, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    archive, sha, size = _published_archive(files, tmp_path)
    # the library: fetched from a file:// URL, cached, checked on each use
    url = archive.resolve().as_uri()
    cache = tmp_path / "cache2"
    first = archives.fetch(archive.name, sha, size, url=url, cache=cache,
                           progress=False, search_local=False)
    assert archives.fetch(archive.name, sha, size, url=url, cache=cache,
                          progress=False, search_local=False) == first
    changed = _tamper(tmp_path / first)
    with pytest.raises(archives.ArchiveError, match="is corrupt") as e:
        archives.fetch(archive.name, sha, size, url=url, cache=cache,
                       progress=False, search_local=False)
    assert changed.name in str(e.value) and "force=True" in str(e.value)
    again = archives.fetch(archive.name, sha, size, url=url, cache=cache,
                           progress=False, search_local=False, force=True)
    assert again == first and export.load(again).latent_dim == LATENT
    # a copy cached before the record existed is unpacked again, silently
    (tmp_path / first / archives.RECORD_NAME).unlink()
    assert archives.fetch(archive.name, sha, size, url=url, cache=cache,
                          progress=False, search_local=False) == first
    assert (tmp_path / first / archives.RECORD_NAME).is_file()
    # the command: a local saved_models/ archive, cached by zoo download
    monkeypatch.setenv("KERAS_GANS_SAVED_MODELS", str(tmp_path /
                                                      "saved_models"))
    assert run_cli("zoo", "download", "gan-mnist-5k", "--no-progress") == 0
    path = capsys.readouterr().out.strip().splitlines()[-1]
    _tamper(tmp_path / "cache")
    err = fails(capsys, "zoo", "download", "gan-mnist-5k", "--no-progress")
    assert "The cached copy of gan-mnist-5k.tar.gz" in err
    assert "is corrupt" in err and "changed: " in err
    assert "keras-gans zoo download gan-mnist-5k --force" in err
    with pytest.raises(archives.ArchiveError, match="--force"):
        zoo.load_generator("gan-mnist-5k")
    assert run_cli("zoo", "download", "gan-mnist-5k", "--force",
                   "--no-progress") == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == path
    assert zoo.load_generator("gan-mnist-5k").latent_dim == LATENT


# -- 9. the Python API ------------------------------------------------------------
def _kid(nan):
    from keras_gans.metrics import kid_from_features
    return kid_from_features(nan, np.ones((4, 3)))


def _fid(nan):
    from keras_gans.metrics import fid_from_features
    return fid_from_features(nan, np.ones((4, 3)))


@pytest.fixture(scope="module")
def tiny_gan():
    gan = zoo.build("gan", image_shape=SHAPE, width=4, latent_dim=LATENT,
                    compile=True)
    return gan


API_CASES = {
    "generate(2.5)": (lambda g: g.generate(2.5),
                      r"n must be a positive integer; received 2.5"),
    "generate(batch_size=0)": (lambda g: g.generate(2, batch_size=0),
                               r"batch_size must be a positive integer; "
                               r"received 0"),
    "fit(epochs=0)": (lambda g: g.fit(np.zeros((4,) + SHAPE, np.float32),
                                      epochs=0, batch_size=2, verbose=0),
                      r"epochs must be a positive integer; received 0"),
    "build(width=0)": (lambda g: zoo.build("gan", image_shape=SHAPE,
                                           width=0),
                       r"width must be a positive integer; received 0"),
    "build(width=-8)": (lambda g: zoo.build("dcgan", image_shape=SHAPE,
                                            width=-8),
                        r"width must be a positive integer; received -8"),
    "build(latent_dim=0)": (lambda g: zoo.build("gan", image_shape=SHAPE,
                                                latent_dim=0),
                            r"latent_dim must be a positive integer"),
    "kid(NaN)": (lambda g: _kid(np.full((4, 3), np.nan)),
                 r"features contain NaN or infinite values"),
    "fid(NaN)": (lambda g: _fid(np.full((4, 3), np.nan)),
                 r"features contain NaN or infinite values"),
}


@pytest.mark.parametrize("case", sorted(API_CASES))
def test_python_api_refuses(tiny_gan, case):
    call, message = API_CASES[case]
    with pytest.raises(ValueError, match=message):
        call(tiny_gan)


# -- 10. the exported signatures check the latent in the graph -----------------
@pytest.mark.parametrize("latent, message", [
    (np.zeros((2, LATENT + 3), np.float32),
     rf"latent must have shape \[batch, {LATENT}\] \(latent_dim={LATENT}\)"),
    (np.zeros((2, LATENT - 1), np.float32),
     rf"latent must have shape \[batch, {LATENT}\]"),
    (np.zeros((LATENT,), np.float32),  # no batch axis
     rf"latent must have shape \[batch, {LATENT}\].*another rank"),
    (np.zeros((2, LATENT, LATENT), np.float32),  # passes a width broadcast
     rf"latent must have shape \[batch, {LATENT}\].*another rank"),
    (np.full((2, LATENT), np.nan, np.float32),
     r"latent must be finite; received NaN or infinite values"),
    (np.array([[0, 0, np.inf, 0]] * 2, np.float32),
     r"latent must be finite"),
])
def test_exported_signature_checks_the_latent_in_the_graph(files, latent,
                                                          message):
    # a plain TensorFlow client (as TF Serving runs the graph): no keras_gans
    loaded = tf.saved_model.load(str(files["version"]))
    serve = loaded.signatures["serving_default"]
    assert serve(latent=tf.zeros((2, LATENT)))["images"].shape == \
        (2,) + SHAPE
    with pytest.raises(tf.errors.InvalidArgumentError, match=message) as e:
        serve(latent=tf.constant(latent))
    assert "Matrix size-incompatible" not in str(e.value)
