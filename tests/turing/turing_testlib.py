"""Shared helpers of the Turing test tests (imported by them; not a test
module): tiny generators, a server subprocess, a headless Chromium."""

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_OPTIONS = ("--headless=new", "--no-sandbox", "--disable-gpu",
                  "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--no-first-run")


def tiny_generator(path, recipe="dcgan"):
    """A width-4 GAN of ``recipe`` (untrained), saved as ``.keras``."""
    from keras_gans import zoo

    gan = zoo.get(recipe).build((28, 28, 1), width=4, seed=0, compile=True)
    gan.save(os.fspath(path))
    return os.fspath(path)


def db_rows(db):
    """``[(rater, image_id, source, label, answer)]`` straight from SQLite."""
    conn = sqlite3.connect(os.fspath(db))
    try:
        return conn.execute(
            "SELECT r.name, a.image_id, i.source, i.label, a.answer FROM "
            "answers a JOIN raters r ON r.id = a.rater_id JOIN images i ON "
            "i.id = a.image_id ORDER BY a.id").fetchall()
    finally:
        conn.close()


def db_accuracy(db):
    rows = db_rows(db)
    return sum(source == answer for _, _, source, _, answer in rows) / len(
        rows)


def start_server(args, log_dir, timeout=120):
    """Starts ``python -m keras_gans.turing ARGS`` (with ``--port 0``) and
    returns ``(process, url)`` once it prints its URL."""
    os.makedirs(log_dir, exist_ok=True)
    stamp = f"{time.monotonic_ns()}"
    out = open(os.path.join(log_dir, f"server-{stamp}.out"), "w+")
    err = open(os.path.join(log_dir, f"server-{stamp}.err"), "w+")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "keras_gans.turing", *map(str, args),
         "--port", "0"], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
        env=env, cwd=log_dir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out.seek(0)
        match = re.search(r"Serving on (http://\S+)", out.read())
        if match:
            return proc, match.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    proc.wait()
    err.seek(0)
    raise RuntimeError(f"the server did not start (exit {proc.returncode}):"
                       f"\n{err.read()[-3000:]}")


def stop(proc):
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def chrome(width=900, height=900):
    """A headless Chromium (Debian's, with its chromedriver)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for arg in CHROME_OPTIONS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chr-')}")
    options.add_argument(f"--window-size={width},{height}")
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def uint8_images(n, seed=0, shape=(28, 28, 1)):
    return np.random.default_rng(seed).integers(0, 256, (n, *shape),
                                                dtype=np.uint8)
