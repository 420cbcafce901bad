"""The human Turing test: a local web page where people judge, one image at
a time, whether an image is real or generated; every answer is kept in
SQLite.

    keras-gans turing-test runs/dcgan/model.keras --dataset fashion_mnist
    keras-gans turing-test report --db turing.sqlite
    python -m keras_gans.turing GENERATOR ...      (the same, without the CLI)

Modules:

    session   prepares a session: N images, half generated, half real (a
              seeded random subset of the split), in a seeded random order,
              encoded by one function (same PNG settings, upscaled with
              nearest neighbour, no metadata)
    store     the SQLite file (WAL, synchronous=FULL, one commit per answer)
    app       the Flask app: the page, the JSON API, the results
    stats     accuracy, Wilson 95% interval (scipy), fool rate, confusion
              matrix, per class, per rater
    server    werkzeug's threaded ``make_server`` on a chosen or free port

A session is made once, when its database is created; serving the same
database again continues it (same images, same ids, each rater's answered
images are not shown to them again). :func:`open_session` does that.
"""

import os

from keras_gans.turing.store import Store, StoreError

__all__ = ["Store", "StoreError", "SessionMismatch", "open_session",
           "check_same_session", "DEFAULT_NUM_IMAGES", "DEFAULT_DATASET",
           "DEFAULT_SPLIT"]

DEFAULT_NUM_IMAGES = 100
DEFAULT_DATASET = "fashion_mnist"
DEFAULT_SPLIT = "test"


class SessionMismatch(ValueError):
    """The database holds a session made with other settings."""


def _dataset_key(dataset):
    text = str(dataset)
    if os.path.isdir(text):
        return os.path.abspath(text)
    return text.lower().replace("-", "_")


def _generator_matches(generator, config):
    text = os.fspath(generator)
    key = os.path.abspath(text) if os.path.exists(text) else text
    known = {config.get("generator"), config.get("generator_key")}
    if key in known or text in known:
        return True
    if config.get("generator_kind") == "zoo" and not os.path.exists(text):
        from keras_gans.turing.session import generator_key

        return generator_key(text) in known
    return False


def check_same_session(config, generator=None, dataset=None, split=None,
                       num_images=None, seed=None):
    """Raises :class:`SessionMismatch` when a given setting (None: not
    given) differs from the stored session's ``config``."""
    wrong = []
    if generator is not None and not _generator_matches(generator, config):
        wrong.append(f"generator {os.fspath(generator)!r} (the session's: "
                     f"{config.get('generator')!r})")
    if dataset is not None and _dataset_key(dataset) != _dataset_key(
            config.get("dataset")):
        wrong.append(f"dataset {dataset!r} (the session's: "
                     f"{config.get('dataset')!r})")
    if split is not None and split != config.get("split"):
        wrong.append(f"split {split!r} (the session's: "
                     f"{config.get('split')!r})")
    if num_images is not None and int(num_images) != config.get(
            "num_images"):
        wrong.append(f"--num-images {num_images} (the session's: "
                     f"{config.get('num_images')})")
    if seed is not None and int(seed) != config.get("seed"):
        wrong.append(f"--seed {seed} (the session's: {config.get('seed')})")
    if wrong:
        raise SessionMismatch(
            "The database already holds a session made with other settings: "
            + "; ".join(wrong) + ". Serve it with the same settings (or none"
            " but the generator) to continue it, or use another --db for a "
            "new session.")


def open_session(db, generator, dataset=None, split=None, num_images=None,
                 seed=None):
    """The :class:`Store` of database ``db`` holding a session, and whether
    it was created now: an existing session is continued (after
    :func:`check_same_session`), else one is prepared
    (``session.prepare_images``) and written in one transaction. Raises
    ``StoreError``, ``SessionMismatch``, ``ValueError``,
    ``FileNotFoundError``."""
    store = db if isinstance(db, Store) else Store(db)
    store.initialise()
    config = store.config()
    if config is not None:
        check_same_session(config, generator, dataset, split, num_images,
                           seed)
        return store, False
    from keras_gans.turing import session
    from keras_gans.turing.store import new_token

    config, images = session.prepare_images(
        generator, dataset or DEFAULT_DATASET, split or DEFAULT_SPLIT,
        DEFAULT_NUM_IMAGES if num_images is None else num_images,
        0 if seed is None else seed)
    config["session_id"] = new_token(9)
    store.create_session(config, images)
    return store, True
