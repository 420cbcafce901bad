"""The FID training callback and the ``keras-gans evaluate`` command.

Both run on ``FakeInception`` (conftest) so they test the wiring in seconds;
the Inception network itself is tested in test_metrics_inception.py."""

import json
import os

import keras
import numpy as np
import pytest

from keras_gans import cli, networks
from keras_gans.training.callbacks import FID
from keras_gans.engine.gan import GAN
from keras_gans.metrics import evaluate
from keras_gans.utils.images import save_png


def _tiny_gan(seed=0):
    keras.utils.set_random_seed(seed)
    gan = GAN(networks.dcgan_generator((28, 28, 1), latent_dim=8, width=4),
              networks.dcgan_discriminator((28, 28, 1), width=4),
              latent_dim=8, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    return gan


def _real_images(n=48):
    rng = np.random.default_rng(0)
    blobs = np.zeros((n, 28, 28, 1), np.float32) - 1.0
    for i in range(n):
        r, c = rng.integers(4, 20, size=2)
        blobs[i, r:r + 8, c:c + 8] = 1.0
    return blobs


def test_fid_callback_logs_the_value_evaluate_gives(fake):
    real = _real_images()
    gan = _tiny_gan()
    reference = (real * 127.5 + 127.5).round().astype(np.uint8)
    fid_cb = FID(real=reference, every_n_epochs=2, num_samples=24, seed=5,
                 verbose=0)
    history = gan.fit(real, batch_size=8, epochs=3, callbacks=[fid_cb],
                      verbose=0)
    # computed after epoch 2 only, logged where History and the progress
    # bar (and EarlyStopping) see it
    assert [e for e, _ in fid_cb.values] == [2]
    assert history.history["fid"] == [fid_cb.values[0][1]]
    assert np.isfinite(fid_cb.values[0][1]) and fid_cb.values[0][1] > 0
    # the callback's number is evaluate's FID of the same samples: after
    # training, both see the final generator
    now = fid_cb.compute()
    expected = evaluate(gan, dataset=reference, metrics=("fid",),
                        num_samples=24, seed=5, progress=False)["fid"]
    assert now == pytest.approx(expected, rel=1e-9)


def test_fid_callback_rejects_a_meaningless_sample_count():
    with pytest.raises(ValueError, match="num_samples must be >= 2"):
        FID(num_samples=1)


def _needs_fashion():
    from keras_gans import data

    try:
        data.load_arrays("fashion_mnist", "test")
    except (FileNotFoundError, OSError):
        pytest.skip("Fashion-MNIST not available (apt-get install "
                    "dataset-fashion-mnist)")


def test_evaluate_command_writes_json_with_protocol(fake, tmp_path, capsys):
    _needs_fashion()
    gan = _tiny_gan()
    path = str(tmp_path / "model.keras")
    gan.save(path)
    out = tmp_path / "eval" / "metrics.json"
    status = cli.main(["evaluate", path, "--dataset", "fashion_mnist",
                       "--metrics", "fid,kid", "--num-samples", "30",
                       "--out", str(out), "--no-progress"])
    assert status == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads(out.read_text())
    assert printed == written
    assert np.isfinite(written["fid"]) and written["fid"] > 0
    assert "kid" in written and "classifier_fid" not in written
    protocol = written["protocol"]
    assert protocol["num_generated"] == 30
    assert protocol["reference"] == dict(protocol["reference"],
                                         dataset="fashion_mnist",
                                         split="test", num_real=30)
    # the command's number is the library's
    again = evaluate(gan, dataset="fashion_mnist", metrics=("fid", "kid"),
                     num_samples=30, split="test", progress=False)
    assert written["fid"] == pytest.approx(again["fid"], rel=1e-9)


def test_evaluate_command_bad_inputs_are_clear(fake, tmp_path, capsys):
    status = cli.main(["evaluate", str(tmp_path / "missing.keras"),
                       "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2 and "missing.keras" in err
    gan = _tiny_gan()
    path = str(tmp_path / "model.keras")
    gan.save(path)
    status = cli.main(["evaluate", path, "--metrics", "fidd",
                       "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2 and "fidd" in err
    # a GAN without an EMA copy cannot be asked for one: one line, exit 2
    status = cli.main(["evaluate", path, "--generator-weights", "ema",
                       "--num-samples", "4", "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2 and "ema_decay" in err
    # worded with the flag the user typed, not the library's parameter
    assert "--generator-weights ema" in err and "use_ema" not in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    # an export holds one set of weights: nothing to choose between
    from keras_gans import export
    exported = str(export.save_generator(gan, tmp_path / "exp",
                                         verify=False))
    status = cli.main(["evaluate", exported, "--generator-weights",
                       "trained", "--num-samples", "4", "--no-progress"])
    err = capsys.readouterr().err
    assert status == 2 and "--generator-weights trained" in err
    assert "one set of weights" in err and "use_ema" not in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_evaluate_command_generator_weights(fake, tmp_path, capsys):
    """``--generator-weights trained`` measures the trained generator of a
    .keras GAN keeping an EMA copy, ``ema`` (the default) the copy."""
    keras.utils.set_random_seed(0)
    gan = GAN(networks.dcgan_generator((28, 28, 1), latent_dim=8, width=4),
              networks.dcgan_discriminator((28, 28, 1), width=4),
              latent_dim=8, seed=0, ema_decay=0.9)
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    gan.fit(_real_images(16), batch_size=8, epochs=1, verbose=0)
    path = str(tmp_path / "model.keras")
    gan.save(path)
    reference = str(tmp_path / "real")
    os.makedirs(reference)
    for i, image in enumerate(_real_images(12)):
        save_png(((image + 1) * 127.5).astype("uint8"),
                 os.path.join(reference, f"{i}.png"))
    results = {}
    for weights in (None, "ema", "trained"):
        args = ["evaluate", path, "--dataset", reference, "--metrics", "fid",
                "--num-samples", "12", "--no-progress"]
        if weights:
            args += ["--generator-weights", weights]
        assert cli.main(args) == 0
        results[weights] = json.loads(capsys.readouterr().out)
    assert results[None]["fid"] == results["ema"]["fid"]
    assert results["trained"]["fid"] != results["ema"]["fid"]
    assert [results[w]["protocol"]["generator_weights"]
            for w in (None, "ema", "trained")] == ["ema", "ema", "trained"]
    library = evaluate(gan, dataset=reference, metrics=("fid",),
                       num_samples=12, progress=False, use_ema=False)
    assert results["trained"]["fid"] == pytest.approx(library["fid"],
                                                      rel=1e-9)


def test_evaluate_a_saved_model_whose_inputs_it_cannot_draw(fake, tmp_path):
    """An exported InfoGAN takes codes besides the latent: evaluate draws
    through the model's own seeded ``generate`` signature."""
    from keras_gans import export, zoo

    gan = zoo.build("infogan", width=4, hidden_units=16, q_units=8)
    path = export.save_generator(gan, str(tmp_path / "infogan"))
    real = (_real_images(40) * 127.5 + 127.5).round().astype(np.uint8)
    kwargs = dict(dataset=real, metrics=("fid",), num_samples=40, seed=2,
                  progress=False, generate_batch_size=16)
    first = evaluate(path, **kwargs)
    assert "(generate)" in first["protocol"]["generator"]
    assert np.isfinite(first["fid"]) and first["fid"] > 0
    assert evaluate(path, **kwargs)["fid"] == first["fid"]  # seeded
    with pytest.raises(ValueError, match="does not take labels"):
        evaluate(path, **dict(kwargs, metrics=("classifier",),
                              dataset="fashion_mnist", labels="balanced"))
