"""The Turing test in a real browser (headless Chromium through Selenium):
the server runs as a subprocess (``python -m keras_gans.turing``) on a free
loopback port; a rater enters a name, answers 20 images (10 by clicking,
10 with the R / F keys), the results page shows the accuracy the SQLite
rows give; the server is killed with SIGKILL and restarted on the same
database, and all 20 answers are still there and the rater continues.

Needs Debian's chromium and chromium-driver and PyPI's selenium
(scripts/install.sh installs them)."""

import os
import re

import pytest

from turing_testlib import (CHROMEDRIVER, db_accuracy, db_rows, chrome,
                            start_server, stop, tiny_generator)

selenium = pytest.importorskip("selenium", reason="pip install selenium "
                               "(scripts/install.sh)")
if not (os.path.exists(CHROMEDRIVER) and os.path.exists("/usr/bin/chromium")):
    pytest.skip("needs Debian's chromium and chromium-driver "
                "(scripts/install.sh)", allow_module_level=True)

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _testid(driver, name):
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]')


def _wait_counter(driver, value, timeout=20):
    WebDriverWait(driver, timeout).until(
        lambda d: _testid(d, "counter").text == str(value) and
        _testid(d, "answer-real").is_displayed())


def _current_image_id(driver):
    src = _testid(driver, "image").get_attribute("src")
    return re.search(r"/image/([A-Za-z0-9_-]+)\.png", src).group(1)


def test_rate_in_browser_kill_and_restart(tmp_path):
    generator = tiny_generator(tmp_path / "dcgan.keras")
    db = tmp_path / "turing.sqlite"
    args = [generator, "--dataset", "fashion_mnist", "--split", "test",
            "--num-images", "24", "--seed", "3", "--db", db]
    server, url = start_server(args, tmp_path / "logs")
    assert url.startswith("http://127.0.0.1:")
    driver = chrome()
    try:
        driver.get(url)
        name = _testid(driver, "rater-name")
        assert name.is_displayed()
        name.send_keys("Grace")
        _testid(driver, "start").click()
        _wait_counter(driver, 0)
        image = _testid(driver, "image")
        assert image.get_attribute("naturalWidth") == "224"  # 28 px x 8
        assert "pixelated" in image.value_of_css_property("image-rendering")

        shown = []
        for i in range(10):                        # 10 by clicking
            shown.append(_current_image_id(driver))
            _testid(driver, "answer-real" if i % 2 else "answer-fake").click()
            _wait_counter(driver, i + 1)
        for i in range(10, 20):                    # 10 with the keyboard
            shown.append(_current_image_id(driver))
            ActionChains(driver).send_keys("r" if i % 3 else "F").perform()
            _wait_counter(driver, i + 1)

        rows = db_rows(db)
        assert len(rows) == 20 and len(set(shown)) == 20
        assert [r[1] for r in rows] == shown       # in the order answered
        assert [r[4] for r in rows] == (
            ["real" if i % 2 else "fake" for i in range(10)] +
            ["real" if i % 3 else "fake" for i in range(10, 20)])
        assert {r[0] for r in rows} == {"Grace"}
        expected = db_accuracy(db)

        driver.get(url + "results")
        accuracy = _testid(driver, "accuracy")
        assert float(accuracy.text) == pytest.approx(expected, abs=5e-5)
        assert "Grace" in _testid(driver, "per-rater").text

        # SIGKILL: no clean shutdown, nothing flushed at exit
        server.kill()
        server.wait(timeout=30)
        server, url2 = start_server(args[:1] + ["--db", db], tmp_path / "logs")
        assert len(db_rows(db)) == 20
        driver.get(url2 + "results")
        assert float(_testid(driver, "accuracy").text) == pytest.approx(
            expected, abs=5e-5)
        assert _results_json(url2)["answers"] == 20
        # the same browser (its rater cookie) continues: 20 done, and the
        # image it shows next is one it has not answered
        driver.get(url2)
        _wait_counter(driver, 20)
        assert _current_image_id(driver) not in shown
    finally:
        driver.quit()
        stop(server)


def _results_json(url):
    import json
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url + "results.json", timeout=10) as r:
        return json.loads(r.read())
