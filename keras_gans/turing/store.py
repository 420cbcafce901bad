"""The Turing test's SQLite database: one file holds one session (its
images, which is which, its raters and every answer).

Durability: the file is in WAL mode and every connection runs with
``synchronous=FULL``; each answer is its own transaction, committed before
the server answers the request, so killing the server (even ``SIGKILL``)
loses no answer that a rater saw accepted. The session (images, ids, order)
is written in one transaction when the database is created: a database
either holds a whole session or none, and a restart on the same file
continues it.

Tables::

    meta     key -> value (JSON): "format", "config" (the session settings)
    images   id (opaque, secrets.token_urlsafe), position (the seeded
             order), source ('real' | 'fake'), label (class id or NULL),
             png (the bytes served), width, height
    raters   id, token (the cookie value), name (unique), created
    answers  rater_id, image_id, answer ('real' | 'fake'), answered_at;
             UNIQUE (rater_id, image_id): one answer per image and rater

Only the server process and ``report`` read it; nothing here imports
TensorFlow.
"""

import contextlib
import datetime
import json
import os
import secrets
import sqlite3

__all__ = ["Store", "StoreError", "FORMAT", "SOURCES", "new_token"]

FORMAT = "keras_gans.turing.v1"
SOURCES = ("real", "fake")
_TOKEN_BYTES = 12  # image ids: 16 url-safe characters
_RATER_TOKEN_BYTES = 24

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE,
    source TEXT NOT NULL CHECK (source IN ('real', 'fake')),
    label INTEGER,
    png BLOB NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS raters (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    rater_id INTEGER NOT NULL REFERENCES raters (id),
    image_id TEXT NOT NULL REFERENCES images (id),
    answer TEXT NOT NULL CHECK (answer IN ('real', 'fake')),
    answered_at TEXT NOT NULL,
    UNIQUE (rater_id, image_id)
);
"""


class StoreError(Exception):
    """The database cannot be used (not writable, not a Turing test db,
    another session)."""


class DuplicateAnswer(Exception):
    """This rater has already answered this image."""


def new_token(nbytes=_TOKEN_BYTES):
    """An opaque random id: ``secrets.token_urlsafe`` (no seed, no source,
    no position in it)."""
    return secrets.token_urlsafe(nbytes)


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec="milliseconds")


class Store:
    """Access to one database file. Every method opens its own connection
    (the server is threaded: one connection per request), in autocommit
    mode with explicit transactions."""

    def __init__(self, path):
        self.path = os.path.abspath(os.fspath(path))

    # -- connections ---------------------------------------------------------
    def connect(self):
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    @contextlib.contextmanager
    def _conn(self):
        conn = self.connect()
        try:
            yield conn
        finally:
            conn.close()

    @contextlib.contextmanager
    def _transaction(self, conn):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def exists(self):
        return os.path.isfile(self.path)

    def initialise(self):
        """Creates the file (WAL mode) and the tables if missing, and checks
        that it is writable; raises :class:`StoreError` with the reason."""
        folder = os.path.dirname(self.path)
        if os.path.isdir(self.path):
            raise StoreError(f"The database path {self.path!r} is a folder.")
        if not os.path.isdir(folder):
            raise StoreError(f"Cannot create the database {self.path!r}: its "
                             f"folder {folder!r} does not exist.")
        try:
            with self._conn() as conn:
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StoreError(
                        f"The database {self.path!r} cannot use WAL mode "
                        f"(journal mode {mode!r}); put it on a local disk.")
                with self._transaction(conn):
                    # one statement at a time: executescript would COMMIT
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    row = conn.execute("SELECT value FROM meta WHERE key = "
                                       "'format'").fetchone()
                    if row is None:
                        conn.execute("INSERT INTO meta VALUES ('format', ?)",
                                     (json.dumps(FORMAT),))
                    elif json.loads(row[0]) != FORMAT:
                        raise StoreError(
                            f"{self.path!r} holds format "
                            f"{json.loads(row[0])!r}, not {FORMAT!r}.")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"Cannot use {self.path!r} as the Turing test "
                             f"database: {e}.") from e
        except OSError as e:  # pragma: no cover (sqlite reports most)
            raise StoreError(f"Cannot write {self.path!r}: {e}.") from e

    def check_readable(self):
        """Raises :class:`StoreError` unless the file is a Turing test
        database (used by ``report``, which never creates one)."""
        if not self.exists():
            raise StoreError(f"No Turing test database at {self.path!r}.")
        try:
            with self._conn() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key = "
                                   "'format'").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path!r} is not a Turing test database "
                             f"({e}).") from e
        if row is None or json.loads(row[0]) != FORMAT:
            raise StoreError(f"{self.path!r} is not a Turing test database.")

    # -- the session ---------------------------------------------------------
    def config(self):
        """The session's settings (dict), or None before it is created."""
        with self._conn() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'config'"
                               ).fetchone()
        return None if row is None else json.loads(row[0])

    def create_session(self, config, images):
        """Writes the session in one transaction. ``images``: dicts with
        ``source``, ``label``, ``png``, ``width``, ``height``, in the order
        they are shown; each gets a fresh opaque id. Returns the ids."""
        ids = []
        with self._conn() as conn, self._transaction(conn):
            if conn.execute("SELECT 1 FROM meta WHERE key = 'config'"
                            ).fetchone():
                raise StoreError(f"{self.path!r} already holds a session.")
            seen = set()
            for position, image in enumerate(images):
                if image["source"] not in SOURCES:
                    raise ValueError(f"source must be one of {SOURCES}; "
                                     f"received {image['source']!r}.")
                image_id = new_token()
                while image_id in seen:  # pragma: no cover (2**-96)
                    image_id = new_token()
                seen.add(image_id)
                conn.execute(
                    "INSERT INTO images (id, position, source, label, png, "
                    "width, height) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (image_id, position, image["source"],
                     None if image.get("label") is None else
                     int(image["label"]), sqlite3.Binary(image["png"]),
                     int(image["width"]), int(image["height"])))
                ids.append(image_id)
            config = dict(config, created=_now(), num_images=len(ids))
            conn.execute("INSERT INTO meta VALUES ('config', ?)",
                         (json.dumps(config, sort_keys=True),))
        return ids

    def image_png(self, image_id):
        with self._conn() as conn:
            row = conn.execute("SELECT png FROM images WHERE id = ?",
                               (str(image_id),)).fetchone()
        return None if row is None else bytes(row[0])

    def has_image(self, image_id):
        with self._conn() as conn:
            return conn.execute("SELECT 1 FROM images WHERE id = ?",
                                (str(image_id),)).fetchone() is not None

    def num_images(self):
        with self._conn() as conn:
            return conn.execute("SELECT COUNT(*) FROM images").fetchone()[0]

    # -- raters --------------------------------------------------------------
    def rater_by_token(self, token):
        if not token:
            return None
        with self._conn() as conn:
            row = conn.execute("SELECT id, name, token FROM raters WHERE "
                               "token = ?", (str(token),)).fetchone()
        return None if row is None else dict(row)

    def start_rater(self, name):
        """The rater called ``name``, created on first use: the same name
        continues the same rater (and their answers) from any browser."""
        with self._conn() as conn, self._transaction(conn):
            row = conn.execute("SELECT id, name, token FROM raters WHERE "
                               "name = ?", (name,)).fetchone()
            if row is not None:
                return dict(row), False
            token = new_token(_RATER_TOKEN_BYTES)
            cur = conn.execute("INSERT INTO raters (token, name, created) "
                               "VALUES (?, ?, ?)", (token, name, _now()))
            return {"id": cur.lastrowid, "name": name, "token": token}, True

    # -- answers -------------------------------------------------------------
    def add_answer(self, rater_id, image_id, answer):
        """Stores one answer, committed (``synchronous=FULL``) before it
        returns. Raises :class:`DuplicateAnswer` when this rater has
        answered this image, ``KeyError`` for an unknown image."""
        if answer not in SOURCES:
            raise ValueError(f"answer must be one of {SOURCES}")
        with self._conn() as conn:
            try:
                with self._transaction(conn):
                    if conn.execute("SELECT 1 FROM images WHERE id = ?",
                                    (image_id,)).fetchone() is None:
                        raise KeyError(image_id)
                    conn.execute(
                        "INSERT INTO answers (rater_id, image_id, answer, "
                        "answered_at) VALUES (?, ?, ?, ?)",
                        (int(rater_id), image_id, answer, _now()))
            except sqlite3.IntegrityError as e:
                if "UNIQUE" in str(e):
                    raise DuplicateAnswer(image_id) from None
                raise
            return conn.execute("SELECT COUNT(*) FROM answers WHERE "
                                "rater_id = ?", (int(rater_id),)).fetchone()[0]

    def progress(self, rater_id):
        """``(answered, total, next image id or None)`` for one rater: the
        first image in the session order that they have not answered."""
        with self._conn() as conn:
            total = conn.execute("SELECT COUNT(*) FROM images").fetchone()[0]
            answered = conn.execute("SELECT COUNT(*) FROM answers WHERE "
                                    "rater_id = ?", (int(rater_id),)
                                    ).fetchone()[0]
            row = conn.execute(
                "SELECT id FROM images WHERE id NOT IN (SELECT image_id FROM "
                "answers WHERE rater_id = ?) ORDER BY position LIMIT 1",
                (int(rater_id),)).fetchone()
        return answered, total, None if row is None else row[0]

    def answer_rows(self):
        """Every answer with the truth: dicts ``rater``, ``image_id``,
        ``source``, ``label``, ``answer``, ``answered_at``."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT r.name AS rater, a.image_id, i.source, i.label, "
                "a.answer, a.answered_at FROM answers a JOIN raters r ON "
                "r.id = a.rater_id JOIN images i ON i.id = a.image_id "
                "ORDER BY a.id").fetchall()
        return [dict(r) for r in rows]

    def image_counts(self):
        """``{source: count}`` of the session's images."""
        with self._conn() as conn:
            rows = conn.execute("SELECT source, COUNT(*) FROM images GROUP BY "
                                "source").fetchall()
        return {s: 0 for s in SOURCES} | {r[0]: r[1] for r in rows}

    def raters(self):
        with self._conn() as conn:
            return [r[0] for r in conn.execute(
                "SELECT name FROM raters ORDER BY id").fetchall()]
