"""The Turing test app through Flask's test client (no browser, no socket):
the answer flow, the refusals (each a 4xx JSON with a clear message, nothing
stored), persistence across app instances, and the CLI verb."""

import argparse
import json
import os
import re
import socket
import sqlite3

import pytest

from keras_gans import turing
from keras_gans.cli import turing as turing_cli
from keras_gans.turing.app import COOKIE, create_app
from turing_testlib import db_accuracy, db_rows, tiny_generator


@pytest.fixture(scope="module")
def generator(tmp_path_factory):
    return tiny_generator(tmp_path_factory.mktemp("gen") / "dcgan.keras")


@pytest.fixture(scope="module")
def template_db(generator, tmp_path_factory):
    """One prepared session (24 images); tests work on copies of it."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite"
    turing.open_session(path, generator, "fashion_mnist", "test",
                        num_images=24, seed=0)
    return path


@pytest.fixture
def db(template_db, tmp_path):
    path = tmp_path / "turing.sqlite"
    src = sqlite3.connect(template_db)
    dst = sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    turing.Store(path).initialise()  # WAL mode on the copy
    return path


def _client(db):
    app = create_app(db)
    app.testing = True
    return app.test_client()


def _started(db, name="Ada"):
    client = _client(db)
    r = client.post("/start", json={"name": name})
    assert r.status_code == 200, r.get_json()
    return client, r.get_json()


def _count(db):
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    finally:
        conn.close()


def _truth(db):
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT id, source FROM images"))
    finally:
        conn.close()


def test_flow_results_and_persistence(db):
    client, first = _started(db)
    assert first["answered"] == 0 and first["total"] == 24
    assert first["resumed"] is False
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and cookie.http_only
    seen = []
    for i in range(10):
        nxt = client.get("/next").get_json()
        assert nxt["answered"] == i and not nxt["done"]
        seen.append(nxt["image_id"])
        png = client.get(nxt["image_url"])
        assert png.status_code == 200 and png.mimetype == "image/png"
        value = "fake" if i % 3 == 0 else "real"
        r = client.post("/answer", json={"image_id": nxt["image_id"],
                                         "answer": value})
        assert r.status_code == 200 and r.get_json()["answered"] == i + 1
    assert len(set(seen)) == 10
    assert _count(db) == 10
    results = client.get("/results.json").get_json()
    assert results["answers"] == 10
    assert results["accuracy"] == pytest.approx(db_accuracy(db))
    page = client.get("/results").get_data(as_text=True)
    shown = re.search(r'data-testid="accuracy"[^>]*>([^<]+)<', page).group(1)
    assert float(shown) == pytest.approx(db_accuracy(db), abs=5e-5)
    for text in ("95% confidence interval", "Fool rate", "Confusion",
                 "Per class", "Per rater", "Ada"):
        assert text in page

    # a new app on the same file (a restarted server): same session, the
    # rater continues where they were, answered images are not shown again
    again = _client(db)
    again.set_cookie(COOKIE, cookie.value)
    nxt = again.get("/next").get_json()
    assert nxt["answered"] == 10 and nxt["image_id"] not in seen
    # the same name from another browser is the same rater
    other, resumed = _started(db, "Ada")
    assert resumed["resumed"] and resumed["answered"] == 10
    # ... and another name starts from the first image
    _, bob = _started(db, "Bob")
    assert bob["answered"] == 0 and bob["image_id"] == seen[0]
    per_rater = again.get("/results.json").get_json()["per_rater"]
    assert per_rater["Ada"]["answers"] == 10 and per_rater["Bob"][
        "answers"] == 0


def test_finishing_the_session(db):
    client, _ = _started(db)
    truth = _truth(db)
    for _ in range(24):
        nxt = client.get("/next").get_json()
        client.post("/answer", json={"image_id": nxt["image_id"],
                                     "answer": truth[nxt["image_id"]]})
    done = client.get("/next").get_json()
    assert done["done"] and done["image_id"] is None and done[
        "answered"] == 24
    results = client.get("/results.json").get_json()
    assert results["accuracy"] == 1.0 and results["fool_rate"] == 0.0
    assert results["confusion"] == {"real": {"real": 12, "fake": 0},
                                    "fake": {"real": 0, "fake": 12}}
    assert results["accuracy_ci95"][1] == 1.0
    # per class: real Fashion-MNIST images carry their class
    assert sum(b["real_answers"] for b in results["per_class"].values()
               ) == 12


def _refused(response, status, words):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert body["status"] == status
    assert re.search(words, body["error"], re.I), body["error"]
    return body


def test_refusals_store_nothing(db):
    client, first = _started(db)
    good = first["image_id"]
    assert _count(db) == 0
    _refused(client.post("/answer", json={"image_id": "nope", "answer":
                                          "real"}), 404, "unknown image id")
    _refused(client.post("/answer", json={
        "image_id": "x" * 16, "answer": "fake"}), 404, "unknown image id")
    _refused(client.get("/answer"), 405, r"GET is not allowed.*POST")
    _refused(client.put("/answer", json={}), 405, "not allowed")
    _refused(client.post("/answer", data="{not json",
                         content_type="application/json"), 400,
             "not valid JSON")
    _refused(client.post("/answer", data="image_id=1&answer=real"), 415,
             "JSON")
    _refused(client.post("/answer", json=["real"]), 400, "object")
    _refused(client.post("/answer", json={"image_id": good,
                                          "answer": "maybe"}), 400,
             r'"real" or "fake".*"maybe"')
    _refused(client.post("/answer", json={"image_id": good}), 400,
             r'"real" or "fake"')
    _refused(client.post("/answer", json={"answer": "real"}), 400,
             "image_id")
    _refused(client.post("/answer", json={"image_id": 3, "answer": "real"}),
             400, "image_id")
    anonymous = _client(db)
    _refused(anonymous.post("/answer", json={"image_id": good, "answer":
                                             "real"}), 401, "POST /start")
    _refused(anonymous.get("/next"), 401, "POST /start")
    _refused(anonymous.post("/start", json={"name": "   "}), 400, "name")
    _refused(anonymous.post("/start", json={"name": "x" * 81}), 400,
             "longer")
    _refused(client.get("/image/nope.png"), 404, "unknown image id")
    assert _count(db) == 0

    ok = client.post("/answer", json={"image_id": good, "answer": "real"})
    assert ok.status_code == 200 and _count(db) == 1
    before = db_rows(db)
    _refused(client.post("/answer", json={"image_id": good, "answer":
                                          "fake"}), 409, "already answered")
    _refused(client.post("/answer", json={"image_id": good, "answer":
                                          "real"}), 409, "already answered")
    assert db_rows(db) == before     # the first answer stands, unchanged


def test_names_are_escaped(db):
    client, first = _started(db, "<script>alert(1)</script>")
    client.post("/answer", json={"image_id": first["image_id"],
                                 "answer": "real"})
    page = client.get("/results").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    index = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in index


def test_images_look_alike_over_http(db):
    client, _ = _started(db)
    truth = _truth(db)
    headers = {}
    for image_id, source in truth.items():
        r = client.get(f"/image/{image_id}.png")
        assert r.status_code == 200
        headers.setdefault(source, set()).add(tuple(sorted(
            (k, v) for k, v in r.headers.items() if k != "Content-Length")))
    assert headers["real"] == headers["fake"] and len(headers["real"]) == 1
    # nothing in /next or the page tells the source
    nxt = client.get("/next").get_json()
    assert set(nxt) == {"rater", "answered", "total", "done", "image_id",
                        "image_url"}
    page = client.get("/").get_data(as_text=True)
    for marker in ('data-testid="answer-real"', 'data-testid="answer-fake"',
                   'data-testid="counter"', 'data-testid="rater-name"',
                   'data-testid="start"', "image-rendering: pixelated"):
        assert marker in page


# -- the CLI verb -----------------------------------------------------------
def test_argparse_both_forms():
    parser = argparse.ArgumentParser(prog="keras-gans")
    sub = parser.add_subparsers(dest="command")
    turing_cli.register(sub)
    serve = parser.parse_args(["turing-test", "g.keras", "--dataset",
                               "fashion_mnist", "--split", "test", "--port",
                               "0", "--host", "127.0.0.1", "--db", "t.db",
                               "--num-images", "24", "--seed", "3"])
    assert (serve.generator, serve.dataset, serve.port, serve.num_images,
            serve.seed, serve.func) == ("g.keras", "fashion_mnist", 0, 24, 3,
                                        turing_cli.run)
    report = parser.parse_args(["turing-test", "report", "--db", "t.db"])
    assert report.generator == "report" and report.db == "t.db"
    with pytest.raises(SystemExit):
        parser.parse_args(["turing-test", "g.keras", "--port", "70000"])


def _error_line(capsys):
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("keras-gans: error: ")
    return err[0]


def test_report_prints_json(db, capsys):
    client, first = _started(db)
    client.post("/answer", json={"image_id": first["image_id"],
                                 "answer": "fake"})
    capsys.readouterr()
    assert turing_cli.main(["turing-test", "report", "--db", str(db)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answers"] == 1 and out["accuracy"] == db_accuracy(db)
    assert out["session"]["num_images"] == 24


def test_cli_errors(db, generator, tmp_path, capsys):
    main = turing_cli.main
    assert main(["report", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "No Turing test database" in _error_line(capsys)
    assert main(["report", "--db", str(db), "--port", "1"]) == 2
    assert "takes only --db" in _error_line(capsys)
    new = str(tmp_path / "new.sqlite")
    assert main(["no-such-generator", "--db", new]) == 2
    assert "Unknown generator" in _error_line(capsys)
    assert main([generator, "--dataset", "imagenet_by_hand", "--db",
                 new]) == 2
    assert "Unknown dataset" in _error_line(capsys)
    assert not os.path.exists(new)  # a failed first run leaves no file
    assert main([generator, "--db", str(tmp_path / "no" / "dir" / "x.db")]
                ) == 2
    assert "does not exist" in _error_line(capsys)
    assert main([generator, "--db", str(tmp_path)]) == 2
    assert "is a folder" in _error_line(capsys)
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite" * 100)
    assert main([generator, "--db", str(tmp_path / "junk.db")]) == 2
    assert "Cannot use" in _error_line(capsys)
    assert main([generator, "--db", str(db), "--seed", "9"]) == 2
    assert "other settings" in _error_line(capsys)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main([generator, "--db", str(db), "--port", str(port)]) == 2
        line = _error_line(capsys)
        assert f"127.0.0.1:{port}" in line and "in use" in line
    assert _count(db) == 0
