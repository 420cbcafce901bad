"""`keras-gans train` writes TensorBoard logs: the metrics as scalars per
epoch (and per N steps) and the sample grids as images; read back with
tensorboard's event reader."""

import io
import json

import numpy as np
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator
from tensorflow import make_ndarray

from keras_gans import cli


def read(folder):
    acc = event_accumulator.EventAccumulator(
        folder, size_guidance={event_accumulator.IMAGES: 0,
                               event_accumulator.TENSORS: 0},
        purge_orphaned_data=False)   # batch and epoch steps interleave
    acc.Reload()
    return acc


def scalar(acc, tag):
    return [(e.step, float(make_ndarray(e.tensor_proto)))
            for e in acc.Tensors(tag)]


def test_train_logs_metrics_and_sample_grids(tmp_path):
    out = tmp_path / "run"
    assert cli.main(["train", "gan", "--dataset", "mnist_5k", "--epochs", "2",
                     "--steps-per-epoch", "3", "--batch-size", "8",
                     "--width", "8", "--out", str(out), "--no-progress",
                     "--tensorboard-every", "2"]) == 0
    run = json.loads((out / "run.json").read_text())
    assert run["tensorboard"] == str(out / "tensorboard")
    history = json.loads((out / "history.json").read_text())

    train = read(str(out / "tensorboard" / "train"))
    tags = set(train.Tags()["tensors"])
    assert {"epoch_d_loss", "epoch_g_loss", "epoch_d_real"} <= tags
    d_loss = scalar(train, "epoch_d_loss")
    assert [s for s, _ in d_loss] == [0, 1]
    np.testing.assert_allclose([v for _, v in d_loss], history["d_loss"],
                               rtol=1e-5)
    assert "batch_g_loss" in tags               # every 2 steps as well

    pictures = read(str(out / "tensorboard" / "pictures"))
    grids = pictures.Tensors("samples")     # tf.summary.image: tensors
    assert [e.step for e in grids] == [1, 2]
    width, height, png = make_ndarray(grids[-1].tensor_proto)
    picture = Image.open(io.BytesIO(png))
    assert picture.size == (int(width), int(height))
    saved = Image.open(out / "samples" / "epoch_0002.png").convert("RGB")
    np.testing.assert_array_equal(np.asarray(picture.convert("RGB")),
                                  np.asarray(saved))
