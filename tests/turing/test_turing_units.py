"""Unit tests of the Turing test: the Wilson interval, the results numbers,
PNG encoding (nothing but pixels tells real from generated), opaque ids,
and the generator kinds (.keras, SavedModel folder, zoo entry; conditional
or not)."""

import math
import re
import sqlite3

import numpy as np
import pytest
from PIL import Image

from keras_gans import turing
from keras_gans.turing import session, stats
from turing_testlib import tiny_generator, uint8_images


# -- Wilson ---------------------------------------------------------------
def _wilson_by_hand(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n +
                                           z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("k,n", [(0, 10), (5, 10), (10, 10), (13, 20),
                                 (1, 1), (37, 100), (0, 1)])
def test_wilson_matches_formula_and_scipy(k, n):
    from scipy.stats import binomtest

    low, high = stats.wilson_interval(k, n)
    hand = _wilson_by_hand(k, n)
    assert low == pytest.approx(hand[0], abs=1e-9)
    assert high == pytest.approx(hand[1], abs=1e-9)
    ci = binomtest(k, n).proportion_ci(method="wilson")
    assert (low, high) == pytest.approx((ci.low, ci.high), abs=1e-12)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_known_numbers_and_edges():
    # 5 of 10: the textbook 95% Wilson interval 0.2366 .. 0.7634
    assert stats.wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634),
                                                         abs=1e-4)
    # 0 of 10: [0, 0.2775]
    assert stats.wilson_interval(0, 10) == pytest.approx((0.0, 0.2775),
                                                         abs=1e-4)
    assert stats.wilson_interval(0, 0) is None
    assert stats.proportion(0, 0) == {"k": 0, "n": 0, "rate": None,
                                      "ci95": None}
    with pytest.raises(ValueError):
        stats.wilson_interval(3, 2)


def test_summarize_numbers():
    rows = ([{"rater": "a", "source": "real", "label": 0, "answer": "real"}]
            * 3 + [{"rater": "a", "source": "fake", "label": 0,
                    "answer": "real"}] * 2 +
            [{"rater": "b", "source": "fake", "label": 1, "answer": "fake"}]
            * 4 + [{"rater": "b", "source": "real", "label": None,
                    "answer": "fake"}])
    out = stats.summarize(rows, {"class_names": ["zero", "one"]})
    assert out["answers"] == 10 and out["correct"] == 7
    assert out["accuracy"] == pytest.approx(0.7)
    assert out["accuracy_ci95"] == pytest.approx(
        list(stats.wilson_interval(7, 10)))
    assert out["fool_rate"] == pytest.approx(2 / 6)
    assert out["confusion"] == {"real": {"real": 3, "fake": 1},
                                "fake": {"real": 2, "fake": 4}}
    assert set(out["per_class"]) == {"0", "1"}
    c0 = out["per_class"]["0"]
    assert (c0["name"], c0["real_answers"], c0["fake_answers"],
            c0["accuracy"], c0["fool_rate"]) == ("zero", 3, 2, 0.6, 1.0)
    assert out["per_rater"]["a"]["accuracy"] == pytest.approx(0.6)
    assert out["per_rater"]["b"]["accuracy"] == pytest.approx(0.8)
    assert out["per_rater"]["b"]["fool_rate"] == 0.0


# -- PNG ----------------------------------------------------------------------
def _structure(png):
    chunks = session.png_chunks(png)
    return [kind for kind, _ in chunks], chunks[0][1]


@pytest.mark.parametrize("shape", [(28, 28, 1), (32, 32, 3)])
def test_png_same_structure_for_any_content(shape):
    smooth = np.zeros(shape, np.uint8)          # a flat image
    noisy = uint8_images(1, 1, shape)[0]        # incompressible noise
    pngs = [session.encode_png(x) for x in (smooth, noisy)]
    kinds, headers = zip(*map(_structure, pngs))
    assert kinds[0] == kinds[1] == ["IHDR", "IDAT", "IEND"]  # no tEXt etc.
    assert headers[0] == headers[1]  # size, bit depth, colour type, ...
    scale = session.upscale_factor(*shape[:2])
    for png, pixels in zip(pngs, (smooth, noisy)):
        picture = Image.open(__import__("io").BytesIO(png))
        assert picture.mode == ("L" if shape[-1] == 1 else "RGB")
        assert picture.size == (shape[1] * scale, shape[0] * scale)
        assert not {k for k in picture.info if k not in ("dpi",)}
        expected = np.repeat(np.repeat(pixels, scale, 0), scale, 1)
        got = np.asarray(picture).reshape(expected.shape)
        np.testing.assert_array_equal(got, expected)  # nearest neighbour


def test_upscale_factor():
    assert session.upscale_factor(28, 28) == 8      # 224 px
    assert session.upscale_factor(32, 32) == 7
    assert session.upscale_factor(500, 300) == 1


def test_big_png_has_one_idat():
    # PIL splits an IDAT stream longer than its buffer; the canonical form
    # joins them so the chunk count says nothing about the content
    png = session.encode_png(uint8_images(1, 2, (64, 64, 3))[0], scale=8)
    assert [k for k, _ in session.png_chunks(png)] == ["IHDR", "IDAT", "IEND"]
    assert Image.open(__import__("io").BytesIO(png)).size == (512, 512)


# -- sessions -----------------------------------------------------------------
@pytest.fixture(scope="module")
def generators(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gens")
    return {"dcgan": tiny_generator(folder / "dcgan.keras"),
            "cgan": tiny_generator(folder / "cgan.keras", "cgan")}


def _db_images(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, position, source, label, png FROM "
                            "images ORDER BY position").fetchall()
    finally:
        conn.close()


def test_session_images_and_ids(generators, tmp_path):
    store_a, created = turing.open_session(
        tmp_path / "a.sqlite", generators["dcgan"], "fashion_mnist", "test",
        num_images=12, seed=5)
    assert created
    store_b, _ = turing.open_session(
        tmp_path / "b.sqlite", generators["dcgan"], "fashion_mnist", "test",
        num_images=12, seed=5)
    a, b = _db_images(store_a.path), _db_images(store_b.path)
    sources = [r[2] for r in a]
    assert sources.count("real") == sources.count("fake") == 6
    assert sources != sorted(sources)  # mixed, not real-then-fake
    # the same seed: the same images in the same order ...
    assert [r[2] for r in b] == sources and [r[4] for r in b] == [
        r[4] for r in a]
    # ... but other ids: ids come from secrets, not from source or seed
    assert not {r[0] for r in a} & {r[0] for r in b}
    for image_id, *_ in a + b:
        assert re.fullmatch(r"[A-Za-z0-9_-]{16}", image_id)
    # every PNG: the same chunk layout and the same header
    structures = {(tuple(k), h) for k, h in (_structure(r[4]) for r in a)}
    assert len(structures) == 1
    # real images carry their class; the unconditional generator's none
    assert all(r[3] is not None for r in a if r[2] == "real")
    assert all(r[3] is None for r in a if r[2] == "fake")
    # reopening continues: no new images
    again, created = turing.open_session(store_a.path, generators["dcgan"])
    assert not created and _db_images(again.path) == a
    with pytest.raises(turing.SessionMismatch, match="--seed 6"):
        turing.open_session(store_a.path, generators["dcgan"], seed=6)
    with pytest.raises(turing.SessionMismatch, match="generator"):
        turing.open_session(store_a.path, generators["cgan"])


def test_conditional_session_has_classes(generators, tmp_path):
    assert session.generator_num_classes(
        session.resolve_generator(generators["cgan"])[0]) == 10
    assert session.generator_num_classes(
        session.resolve_generator(generators["dcgan"])[0]) is None
    store, _ = turing.open_session(tmp_path / "c.sqlite", generators["cgan"],
                                   "fashion_mnist", num_images=24, seed=0)
    assert store.config()["conditional"] and store.config()[
        "num_classes"] == 10
    rows = _db_images(store.path)
    fake_labels = sorted(r[3] for r in rows if r[2] == "fake")
    assert fake_labels == sorted(np.arange(12) % 10)   # balanced: i % 10


def test_metadata_classes():
    assert session._metadata_num_classes({"classes": {"labels": 7}}) == 7
    assert session._metadata_num_classes({"generator_inputs": [
        {"name": "latent", "kind": "latent", "shape": [100]},
        {"name": "labels", "kind": "class", "shape": [], "counts": [10]}]}
    ) == 10
    assert session._metadata_num_classes({}) is None


def test_zoo_entry_and_saved_model_folder(tmp_path):
    # a zoo entry name (its SavedModel from the local saved_models/) and
    # the same SavedModel folder given as a path
    from keras_gans import zoo

    import shutil

    folder = zoo.download("cgan-fashion-mnist", progress=False)
    assert session.generator_num_classes(folder) == 10
    assert session.check_generator("cgan-fashion-mnist") == "zoo"
    assert session.check_generator(folder) == "saved_model"
    # the model base folder `keras-gans export --out` writes (numbered
    # versions, as TF Serving reads it): its newest version is used
    base = tmp_path / "base"
    shutil.copytree(folder, base / "3")
    (base / "1").mkdir()  # an unfinished older version is not chosen
    assert session.check_generator(base) == "saved_model"
    for name, generator in (("zoo", "cgan-fashion-mnist"),
                            ("folder", folder), ("base folder", base)):
        config, images = session.prepare_images(generator, "fashion_mnist",
                                                num_images=4, seed=1)
        assert config["generator_kind"] == ("zoo" if name == "zoo" else
                                            "saved_model")
        assert config["conditional"] and config["num_classes"] == 10
        assert sorted(i["source"] for i in images) == ["fake", "fake",
                                                       "real", "real"]
        assert sorted(i["label"] for i in images if i["source"] == "fake"
                      ) == [0, 1]


def test_bad_generators_and_datasets(tmp_path):
    with pytest.raises(ValueError, match="Unknown generator"):
        session.check_generator("no-such-gan")
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(ValueError, match="not a .keras"):
        session.check_generator(tmp_path / "x.txt")
    with pytest.raises(ValueError, match="not a SavedModel"):
        session.check_generator(tmp_path)
    with pytest.raises(ValueError, match="Unknown dataset"):
        session.check_dataset("imagenet_by_hand", "test")
    with pytest.raises(ValueError, match="Unknown split"):
        session.check_dataset("fashion_mnist", "validation")


def test_database_is_durable(tmp_path):
    store = turing.Store(tmp_path / "d.sqlite")
    store.initialise()
    conn = store.connect()
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        conn.close()
