"""``keras-gans translate`` (outputs and input|output|target strips, one-line
errors with exit status 2), ``keras-gans train pix2pix`` on a pix2pix
folder (translation strips per epoch), and ``keras-gans evaluate`` of an
image-to-image model (its declared input)."""

import json

import keras
import numpy as np
import pytest
from PIL import Image

from keras_gans.cli.main import main
from keras_gans.networks import patchgan_discriminator, unet_generator
from keras_gans.variants import Pix2Pix

SIDE = 16


@pytest.fixture
def checkpoint(tmp_path):
    keras.utils.set_random_seed(0)
    gan = Pix2Pix(unet_generator((SIDE, SIDE, 1), width=2),
                  patchgan_discriminator((SIDE, SIDE, 1), width=2,
                                         num_layers=1), seed=0)
    path = tmp_path / "p2p.keras"
    gan.save(path)
    return gan, str(path)


def _write(folder, names, size=SIDE, seed=0, side_by_side=False):
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    pixels = {}
    for name in names:
        p = rng.integers(0, 256, (size, size), dtype=np.uint8)
        picture = np.concatenate([p, 255 - p], axis=1) if side_by_side else p
        Image.fromarray(picture).save(folder / f"{name}.png")
        pixels[name] = p
    return pixels


def _one_line_error(capsys, argv, match):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("keras-gans: error: ")
    assert match in err, err
    return err


def test_translate_writes_outputs_and_comparison_strips(checkpoint, tmp_path,
                                                        capsys):
    gan, path = checkpoint
    pixels = _write(tmp_path / "in", ["a", "b"])
    _write(tmp_path / "targets", ["a", "b"], seed=1)
    out = tmp_path / "out"
    assert main(["translate", path, "--input", str(tmp_path / "in"),
                 "--out", str(out), "--compare", "--target",
                 str(tmp_path / "targets")]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "a.png", "a_compare.png", "b.png", "b_compare.png"]
    got = np.asarray(Image.open(out / "a.png"))
    expected = gan.generate(1, image=pixels["a"][None, ..., None] / 127.5
                            - 1)[0, ..., 0]
    assert got.shape == (SIDE, SIDE)
    np.testing.assert_allclose(got / 127.5 - 1, expected, atol=1.5 / 127.5)
    # input | output | target, 2 px padding, upscaled 4x
    strip = np.asarray(Image.open(out / "a_compare.png"))
    assert strip.shape == (4 * (SIDE + 4), 4 * (3 * SIDE + 8))
    np.testing.assert_array_equal(strip[8:8 + 4 * SIDE:4, 8:8 + 4 * SIDE:4],
                                  pixels["a"])
    # one image file, pix2pix side-by-side pairs
    _write(tmp_path / "sbs", ["c"], side_by_side=True)
    assert main(["translate", path, "--input", str(tmp_path / "sbs" /
                                                    "c.png"),
                 "--out", str(out), "--compare", "--side-by-side",
                 "left"]) == 0
    assert (out / "c.png").exists() and (out / "c_compare.png").exists()


def test_translate_bad_inputs_are_one_line_errors(checkpoint, tmp_path,
                                                  capsys):
    _, path = checkpoint
    out = str(tmp_path / "out")
    _one_line_error(capsys, ["translate", path, "--input",
                             str(tmp_path / "nope.png"), "--out", out],
                    "No input image or folder at")
    _write(tmp_path / "big", ["wide"], size=SIDE * 2)
    err = _one_line_error(capsys, ["translate", path, "--input",
                                   str(tmp_path / "big"), "--out", out],
                          "wide.png is 32x32; the model takes 16x16")
    assert "Resize" in err
    _write(tmp_path / "in", ["a"])
    _one_line_error(capsys, ["translate", path, "--input",
                             str(tmp_path / "in"), "--out", out,
                             "--compare"], "--compare shows input")
    _write(tmp_path / "others", ["x", "y"])
    _one_line_error(capsys, ["translate", path, "--input",
                             str(tmp_path / "in"), "--out", out, "--compare",
                             "--target", str(tmp_path / "others")],
                    "a.png has no target: no file named a.*")
    _one_line_error(capsys, ["translate", str(tmp_path / "missing.keras"),
                             "--input", str(tmp_path / "in"), "--out", out],
                    "No model at")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "x.png").write_bytes(b"not a png")
    _one_line_error(capsys, ["translate", path, "--input",
                             str(tmp_path / "junk"), "--out", out],
                    "not a readable image")
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_train_pix2pix_writes_strips_and_evaluate_reads_its_input(
        tmp_path, capsys, fake):
    pairs = tmp_path / "pairs"
    _write(pairs, [f"p{i}" for i in range(8)], size=32, side_by_side=True)
    run = tmp_path / "run"
    assert main(["train", "pix2pix", "--dataset", str(pairs), "--epochs",
                 "1", "--steps-per-epoch", "2", "--batch-size", "4",
                 "--width", "2", "--out", str(run), "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "translation_0001.png" in printed
    summary = json.loads((run / "run.json").read_text())
    assert summary["generator_steps"] == 2 and summary["sample_grids"] == []
    strip = np.asarray(Image.open(summary["conditional_grids"][-1]))
    # the folder's 8 pairs (it has no test split), two input|output|target
    # triplets per row, upscaled 2x
    assert strip.shape[:2] == (2 * (4 * 34 + 2), 2 * (6 * 34 + 2))
    model = str(run / "model.keras")
    _one_line_error(capsys, ["evaluate", model], "--dataset PAIRS")
    assert main(["evaluate", model, "--dataset", str(pairs),
                 "--num-samples", "8", "--no-progress"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"l1", "psnr", "ssim", "fid"} <= set(result)
    assert result["protocol"]["num_pairs"] == 8
    assert result["protocol"]["input"]["name"] == "image"
