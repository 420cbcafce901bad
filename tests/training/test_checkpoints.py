"""Checkpoints and resume: a run killed with SIGKILL mid-epoch continues
with --resume and ends like an unbroken run."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import keras
import numpy as np
import pytest

import keras_gans
from keras_gans import cli
from keras_gans.training import checkpoints

TINY = dict(dataset="mnist_5k", epochs=3, steps_per_epoch=4, width=4,
            batch_size=8, verbose=0, tensorboard=False)

# a run that sleeps after every batch, so the test can kill it mid-epoch
SLOW_RUN = textwrap.dedent("""
    import sys, time, keras, keras_gans
    class Slow(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            time.sleep(0.4)
    keras_gans.training.train(
        "dcgan", dataset="mnist_5k", out=sys.argv[1], epochs=3,
        steps_per_epoch=4, width=4, batch_size=8, checkpoint_every=2,
        verbose=0, tensorboard=False, callbacks=[Slow()])
""")


def _wait_for(path, process, timeout=180):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return
        if process.poll() is not None:
            raise AssertionError(f"the run ended (code {process.returncode})"
                                 f" before writing {path}")
        time.sleep(0.05)
    raise AssertionError(f"no {path} after {timeout} s")


def test_a_run_killed_mid_epoch_resumes_without_gap_or_repeat(
        tmp_path, capsys):
    out = tmp_path / "run"
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(out)],
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        # step 6 is batch 2 of epoch 2: kill the run inside that epoch
        _wait_for(out / "checkpoints" / "step-00000006.json", process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert not (out / "model.keras").exists()
    # a save the kill interrupted leaves a hidden folder behind
    stale = out / "checkpoints" / ".saving-killed"
    stale.mkdir()
    (stale / "model.keras").write_bytes(b"half")
    code = cli.main(["train", "dcgan", "--dataset", "mnist_5k", "--epochs",
                     "3", "--steps-per-epoch", "4", "--width", "4",
                     "--batch-size", "8", "--checkpoint-every", "2",
                     "--out", str(out), "--no-tensorboard", "--no-progress",
                     "--resume"])
    assert code == 0
    assert "Resuming from" in capsys.readouterr().out
    assert not stale.exists()
    run = json.loads((out / "run.json").read_text())
    assert run["resumed"] is True
    assert run["generator_steps"] == 12     # 3 epochs of 4, as unbroken
    history = json.loads((out / "history.json").read_text())
    assert set(history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(len(v) == 3 and np.all(np.isfinite(v))
               for v in history.values())
    # the epoch before the kill is kept as it was, not trained again
    record = json.loads((out / "checkpoints" /
                         "step-00000004.json").read_text()) if (
        out / "checkpoints" / "step-00000004.json").exists() else None
    if record is not None:
        assert history["g_loss"][0] == record["history"]["g_loss"][0]
    assert sorted(os.listdir(out / "samples")) == [
        "epoch_0001.png", "epoch_0002.png", "epoch_0003.png"]
    assert run["sample_grids"] == [str(out / "samples" / f"epoch_000{i}.png")
                                   for i in (1, 2, 3)]
    gan = keras.saving.load_model(str(out / "model.keras"))
    assert int(gan.g_optimizer.iterations.numpy()) == 12
    assert int(gan.d_optimizer.iterations.numpy()) == 12
    # the newest 3 are kept; the final one is the end of epoch 3
    kept = sorted(os.listdir(out / "checkpoints"))
    assert kept == [f"step-000000{n:02d}.{ext}" for n in (8, 10, 12)
                    for ext in ("json", "keras")]
    final = json.loads((out / "checkpoints" / "step-00000012.json")
                       .read_text())
    assert final["epoch"] == 3 and final["step_in_epoch"] == 0
    assert final["history"] == history


def test_resume_continues_the_random_stream_and_optimizer(tmp_path):
    """Resuming after epoch 1 gives the weights of an unbroken run: the
    networks, both optimizers and the latent stream are all restored."""
    whole, _ = keras_gans.training.train("dcgan", out=str(tmp_path / "a"),
                                         **dict(TINY, epochs=2))
    part_dir = tmp_path / "b"
    keras_gans.training.train("dcgan", out=str(part_dir),
                              **dict(TINY, epochs=2))
    # forget epoch 2: keep only the checkpoint written after epoch 1
    ckpt = part_dir / "checkpoints"
    for name in os.listdir(ckpt):
        if not name.startswith("step-00000004."):
            os.remove(ckpt / name)
    resumed, summary = keras_gans.training.train(
        "dcgan", out=str(part_dir), resume=True, **dict(TINY, epochs=2))
    assert summary["generator_steps"] == 8
    for a, b in zip(whole.generator.weights, resumed.generator.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)
    np.testing.assert_array_equal(whole.seed_generator.state.numpy(),
                                  resumed.seed_generator.state.numpy())


def test_a_keras_file_keeps_the_random_stream(tmp_path):
    gan = keras_gans.zoo.build("dcgan", image_shape=(28, 28, 1), width=4,
                               compile=True)
    gan.sample_latent(4)                 # move the stream
    path = str(tmp_path / "g.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(loaded.seed_generator.state.numpy(),
                                  gan.seed_generator.state.numpy())
    np.testing.assert_allclose(loaded.sample_latent(3).numpy(),
                               gan.sample_latent(3).numpy())


def test_resume_refuses_other_settings_and_a_fresh_run_refuses_old_ones(
        tmp_path):
    out = str(tmp_path / "run")
    keras_gans.training.train("dcgan", out=out, **dict(TINY, epochs=1))
    with pytest.raises(ValueError, match=r"holds the checkpoints.*--resume"):
        keras_gans.training.train("dcgan", out=out, **dict(TINY, epochs=1))
    with pytest.raises(ValueError, match=r"other settings \(batch_size: 8 "
                                         r"then, 16 now\)"):
        keras_gans.training.train("dcgan", out=out, resume=True,
                                  **dict(TINY, epochs=2, batch_size=16))


def test_resume_without_checkpoints_starts_fresh(tmp_path):
    _, summary = keras_gans.training.train(
        "dcgan", out=str(tmp_path / "new"), resume=True,
        **dict(TINY, epochs=1))
    assert summary["resumed"] is False and summary["generator_steps"] == 4


def test_a_damaged_checkpoint_is_named_with_what_to_do(tmp_path):
    out = tmp_path / "run"
    keras_gans.training.train("dcgan", out=str(out), **dict(TINY, epochs=1))
    (out / "checkpoints" / "step-00000004.keras").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match=r"step-00000004.keras.*does not "
                                         r"load.*Delete it"):
        keras_gans.training.train("dcgan", out=str(out), resume=True,
                                  **dict(TINY, epochs=2))


def test_checkpoint_arguments_are_checked(tmp_path):
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="checkpoint_every"):
            checkpoints.RunCheckpoint(str(tmp_path), {}, every_steps=bad)
    with pytest.raises(ValueError, match="keep_checkpoints"):
        checkpoints.RunCheckpoint(str(tmp_path), {}, keep=0)


def test_remove_stale_saves_only_removes_saving_folders(tmp_path):
    (tmp_path / ".saving-abc").mkdir()
    (tmp_path / "keep").mkdir()
    (tmp_path / ".saving-file").write_text("a file, not a save folder")
    removed = checkpoints.remove_stale_saves(str(tmp_path))
    assert removed == [str(tmp_path / ".saving-abc")]
    assert (tmp_path / "keep").exists() and (tmp_path / ".saving-file").exists()
