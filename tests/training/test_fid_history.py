"""The FID over training: ``train(fid_every=N)`` / ``keras-gans train
--fid-every N`` records each value with its step, keeps it across a resume
and plots it. The Inception network is ``FakeInception`` (conftest)."""

import json
import os

import numpy as np
import pytest
from PIL import Image

import keras_gans
from keras_gans import cli
from keras_gans.training import curves

TINY = dict(dataset="mnist_5k", epochs=2, steps_per_epoch=4, width=4,
            batch_size=8, verbose=0, tensorboard=False, fid_every=1,
            fid_samples=20)


def test_a_run_records_plots_and_resumes_its_fid_history(fake, tmp_path):
    out = tmp_path / "run"
    _, summary = keras_gans.training.train("dcgan", out=str(out), **TINY)
    fids = summary["fid_history"]
    assert [(h["epoch"], h["generator_step"]) for h in fids] == [(1, 4),
                                                                  (2, 8)]
    assert all(np.isfinite(h["fid"]) and h["fid"] > 0 for h in fids)
    # the generator moved between the two: two different values
    assert fids[0]["fid"] != fids[1]["fid"]
    with open(out / "run.json") as f:
        assert json.load(f)["fid_history"] == fids
    with open(out / "history.json") as f:       # Keras' History convention
        assert json.load(f)["fid"] == pytest.approx(
            [h["fid"] for h in fids], abs=1e-4)   # run.json: 4 places
    picture = np.asarray(Image.open(out / "fid_curve.png"))
    assert picture.shape == (400, 640, 3) and picture.std() > 10
    assert summary["fid_curve"] == str(out / "fid_curve.png")

    # a run resumed after epoch 1 keeps epoch 1's value and adds epoch 2's
    ckpt = out / "checkpoints"
    for name in os.listdir(ckpt):
        if not name.startswith("step-00000004."):
            os.remove(ckpt / name)
    _, again = keras_gans.training.train("dcgan", out=str(out), resume=True,
                                         **TINY)
    assert [h["generator_step"] for h in again["fid_history"]] == [4, 8]
    assert again["fid_history"][0] == fids[0]
    assert again["fid_history"][1]["fid"] == pytest.approx(fids[1]["fid"],
                                                           rel=1e-3)


def test_the_cli_trains_with_fid_and_names_the_curve(fake, tmp_path,
                                                     capsys):
    out = tmp_path / "cli"
    status = cli.main(["train", "dcgan", "--dataset", "mnist_5k", "--out",
                       str(out), "--epochs", "1", "--steps-per-epoch", "3",
                       "--batch-size", "8", "--width", "4", "--fid-every",
                       "1", "--fid-samples", "16", "--tensorboard", "",
                       "--no-progress"])
    assert status == 0
    assert f"FID curve: {out / 'fid_curve.png'}" in capsys.readouterr().out
    with open(out / "run.json") as f:
        run = json.load(f)
    assert run["fid_samples"] == 16 and len(run["fid_history"]) == 1


def test_bad_fid_options_fail_before_anything_is_written(fake, tmp_path):
    out = tmp_path / "never"
    with pytest.raises(ValueError, match="fid_every must be a positive"):
        keras_gans.training.train("dcgan", out=str(out),
                                  **dict(TINY, fid_every=0))
    with pytest.raises(ValueError, match="fid_samples must be an integer"):
        keras_gans.training.train("dcgan", out=str(out),
                                  **dict(TINY, fid_samples=1))
    # more reference images asked for than mnist_5k's 1,000 test digits
    with pytest.raises(ValueError, match=r"fid_samples \(--fid-samples\) "
                       r"asks for 5000 .* holds only 1000; pass "
                       r"fid_samples <= 1000"):
        keras_gans.training.train("dcgan", out=str(out),
                                  **dict(TINY, fid_samples=5000))
    # an image-to-image recipe has no prior to draw from
    with pytest.raises(ValueError, match="'pix2pix' translates images"):
        keras_gans.training.train("pix2pix", out=str(out), **TINY)
    assert not out.exists()


def test_fid_curve_marks_the_best_value_and_refuses_empty_or_nan():
    history = [{"generator_step": 100 * i, "fid": f, "phase": p}
               for i, (f, p) in enumerate([(90.0, 1), (60.0, 1), (70.0, 2),
                                           (40.0, 2), (45.0, 2)])]
    picture = curves.fid_curve(history, size=(320, 200))
    assert picture.shape == (200, 320, 3) and picture.dtype == np.uint8
    # the best point is drawn in red (matplotlib's tab:red, 214 39 40)
    red = (np.abs(picture.astype(int) - [214, 39, 40]).sum(-1) < 30)
    assert red.sum() > 10
    with pytest.raises(ValueError, match="at least one FID value"):
        curves.fid_curve([])
    with pytest.raises(ValueError, match=r"non-finite.*\[100\]"):
        curves.fid_curve([{"generator_step": 100, "fid": float("nan")}])
