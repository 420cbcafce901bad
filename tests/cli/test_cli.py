"""The keras-gans command: train writes grids, checkpoint, history; errors."""

import json
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
from PIL import Image

import keras_gans
from keras_gans import GAN, cli


def run_cli(*argv):
    return cli.main([str(a) for a in argv])


def test_train_writes_samples_checkpoint_and_history(tmp_path, capsys):
    out = tmp_path / "run"
    code = run_cli("train", "dcgan", "--dataset", "mnist_5k", "--epochs", 2,
                   "--steps-per-epoch", 2, "--batch-size", 8, "--width", 4,
                   "--out", out, "--seed", 3, "--no-progress")
    assert code == 0
    printed = capsys.readouterr().out
    assert "real_images_per_second" in printed
    grids = sorted(os.listdir(out / "samples"))
    assert grids == ["epoch_0001.png", "epoch_0002.png"]
    picture = np.array(Image.open(out / "samples" / grids[-1]))
    assert picture.ndim == 2 and picture.std() > 0
    history = json.loads((out / "history.json").read_text())
    assert set(history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(len(v) == 2 for v in history.values())
    run = json.loads((out / "run.json").read_text())
    assert run["generator_steps"] == 4 and run["recipe"] == "dcgan"
    gan = keras.saving.load_model(str(out / "model.keras"))
    assert isinstance(gan, GAN)
    assert int(gan.g_optimizer.iterations.numpy()) == 4
    assert not [f for f in os.listdir(out) if f.startswith(".saving")]


def test_sample_command_writes_a_grid(tmp_path):
    out = tmp_path / "run"
    assert run_cli("train", "gan", "--dataset", "mnist_5k", "--epochs", 1,
                   "--steps-per-epoch", 1, "--batch-size", 4, "--width", 8,
                   "--ema-decay", 0.9, "--out", out, "--no-progress") == 0
    from keras_gans import zoo

    gan = zoo.load_gan(out / "model.keras")
    assert gan.ema_decay == 0.9 and gan.generator_ema is not None
    grid = tmp_path / "grid.png"
    assert run_cli("sample", out / "model.keras", "--num", 6, "--nrow", 3,
                   "--out", grid) == 0
    assert Image.open(grid).size == ((3 * 30 + 2) * 2, (2 * 30 + 2) * 2)


def test_unknown_recipe_and_bad_arguments(capsys):
    assert run_cli("train", "stylegan9") == 2
    assert "Unknown zoo recipe 'stylegan9'; known recipes:" in \
        capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        run_cli("train", "dcgan", "--epochs", "0")
    assert e.value.code == 2
    assert "expected a positive integer, received 0" in capsys.readouterr().err
    assert run_cli("sample", "no/such/file.keras") == 2
    assert "No checkpoint at" in capsys.readouterr().err


def test_unknown_option_for_recipe(capsys):
    assert run_cli("train", "dcgan", "--loss", "wgangp", "--epochs", 1,
                   "--steps-per-epoch", 1, "--width", 4) == 2
    assert "Unknown adversarial loss 'wgangp'" in capsys.readouterr().err


def test_console_script_lists_the_zoo_without_tensorflow_noise():
    env = {k: v for k, v in os.environ.items() if k != "TF_CPP_MIN_LOG_LEVEL"}
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "keras-gans"), "zoo",
         "list", "--json"], capture_output=True, text=True, timeout=120,
        env=env)
    assert result.returncode == 0, result.stderr
    names = {row["name"] for row in json.loads(result.stdout)}
    assert {"gan", "dcgan"} <= names
    noise = [line for line in result.stderr.splitlines() if any(
        n in line for n in ("absl::InitializeLog", "cpu_feature_guard",
                            "oneDNN", "remapper"))]
    assert noise == []


def test_only_the_command_without_verbose_silences_tensorflow(monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    keras_gans._quiet_command_start(["/usr/bin/keras-gans", "--verbose",
                                     "train", "dcgan"])
    assert "TF_CPP_MIN_LOG_LEVEL" not in os.environ
    keras_gans._quiet_command_start(["python", "train.py"])  # a user script
    assert "TF_CPP_MIN_LOG_LEVEL" not in os.environ
    keras_gans._quiet_command_start(["/usr/bin/keras-gans", "zoo", "list"])
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")     # the user's wins
    keras_gans._quiet_command_start(["keras-gans", "zoo", "list"])
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"


def test_train_with_bfloat16_simultaneous_and_xla(tmp_path):
    """The speed options from the shell: bf16 networks with float32
    state, the simultaneous update, XLA; each run trains without NaN and
    records what it used."""
    out = tmp_path / "fast"
    assert run_cli("train", "dcgan", "--dataset", "mnist_5k", "--epochs", 1,
                   "--steps-per-epoch", 3, "--batch-size", 8, "--width", 4,
                   "--out", out, "--no-progress", "--mixed-precision",
                   "bfloat16", "--update", "simultaneous") == 0
    run = json.loads((out / "run.json").read_text())
    assert run["dtype_policy"] == "mixed_bfloat16"
    assert run["overrides"]["update"] == "simultaneous"
    assert all(np.isfinite(v) for v in run["final_metrics"].values())
    gan = keras.saving.load_model(str(out / "model.keras"))
    assert gan.update == "simultaneous"
    assert gan.generator.layers[1].compute_dtype == "bfloat16"
    assert all(v.dtype == "float32" for v in gan.generator.weights)
    # the next run of the process builds float32 networks again
    assert keras.config.dtype_policy().name == "float32"

    out = tmp_path / "xla"
    assert run_cli("train", "gan", "--dataset", "mnist_5k", "--epochs", 1,
                   "--steps-per-epoch", 3, "--batch-size", 8, "--width", 8,
                   "--out", out, "--no-progress", "--jit",
                   "--no-tensorboard") == 0
    run = json.loads((out / "run.json").read_text())
    assert run["overrides"]["jit_compile"] is True
    assert run["tensorboard"] is None
    assert not (out / "tensorboard").exists()
    assert all(np.isfinite(v) for v in run["final_metrics"].values())


def test_unwritable_out_or_tensorboard_fails_before_training(tmp_path,
                                                             capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    base = ["train", "gan", "--dataset", "mnist_5k", "--epochs", 1,
            "--steps-per-epoch", 1, "--width", 8, "--no-progress"]
    assert run_cli(*base, "--out", blocker / "run") == 2
    err = capsys.readouterr().err
    assert "The output folder (--out)" in err and "a_file/run" in err
    assert len(err.strip().splitlines()) == 1
    out = tmp_path / "run"
    assert run_cli(*base, "--out", out, "--tensorboard",
                   blocker / "tb") == 2
    assert "The TensorBoard folder (--tensorboard)" in capsys.readouterr().err
    assert not (out / "samples").exists()     # no epoch was trained
