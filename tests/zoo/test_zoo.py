"""The zoo: every registered recipe trains a step at tiny width; entries,
the manifest and the archives agree; `zoo list`, `train ENTRY`, `zoo export`."""

import argparse
import hashlib
import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import cli, data, export, zoo
from keras_gans.zoo import archives as hub
from keras_gans.zoo import docs as zoo_docs
from keras_gans.zoo import publish, published, registry
from keras_gans.zoo.publish import export_entry

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAVED_MODELS = os.path.join(REPO, "saved_models")


def _tiny_width(recipe):
    return 8 if recipe.width_arg == "units" else 4


def _named(dataset):
    """The named dataset behind an entry's dataset: itself, or DATASET of a
    two-domain source 'domains:DATASET:TRANSFORM' (CoGAN)."""
    from keras_gans.data import domains

    if domains.is_domains_source(dataset):
        return domains.parse_source(dataset)[0]
    return dataset


def _dataset_info(dataset):
    """The table row of an entry's dataset: a named image set, or a named
    pair set (image-to-image, data.PAIRED_DATASETS)."""
    name = _named(dataset)
    return data.NAMED_DATASETS.get(name) or data.PAIRED_DATASETS[name]


def _image_conditions(gan, x):
    """``{name: x}`` for each declared image input (pix2pix: the input
    image has no prior, generate() must be given it), from the declared
    inputs; ``{}`` for other GANs."""
    return {s.name: x[:, :, :, :s.shape[-1]] if x.shape[-1] >= s.shape[-1]
            else np.repeat(x[..., :1], s.shape[-1], axis=-1)
            for s in gan.generator_inputs() if s.kind == "image"}


def _paired(gan, x):
    """``(input images, x)`` for a GAN with a declared image input (it
    trains on pairs), else None."""
    conditions = _image_conditions(gan, x)
    return (next(iter(conditions.values())), x) if conditions else None


def _per_output(gan, x):
    """One batch per declared output for a GAN making several (one per
    domain, CoGAN: {"images_a": x, "images_b": x}), else None."""
    outputs = gan.generator_outputs()
    return {name: x for name in outputs} if len(outputs) > 1 else None


@pytest.mark.parametrize("name", zoo.names())
def test_every_recipe_trains_one_step_at_tiny_width(name):
    """Whatever is registered at test time builds with its own recipe
    settings (loss, d_steps, penalties, optimizers) and plays one step.

    The step runs eagerly: tracing the train_step graph costs 2-10 s per
    recipe on 2 CPU cores, eager execution well under one; graph-mode
    training is what the `train` command tests and the recipe's own tests
    exercise.
    """
    recipe = zoo.get(name)
    gan = recipe.build(recipe.image_shape, width=_tiny_width(recipe), seed=0,
                       compile=True)
    gan.run_eagerly = True
    batch = 4 * gan.d_steps
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (batch, *recipe.image_shape)).astype("float32")
    if recipe.with_labels:
        classes = int(getattr(gan, "num_classes", 10))
        ds = (x, rng.randint(0, classes, batch).astype("int32"))
    else:
        ds = _paired(gan, x) or _per_output(gan, x) or x
    # (the generator may be a dict of networks: StyleGAN's mapping and
    # synthesis)
    g0 = [np.array(v) for v in gan.generator_variables()]
    history = gan.fit(tf.data.Dataset.from_tensor_slices(ds).batch(batch),
                      epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == 1
    assert int(gan.d_optimizer.iterations.numpy()) == recipe.d_steps
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), (name, key)
    assert any(not np.allclose(a, np.array(b)) for a, b in
               zip(g0, gan.generator_variables())), name
    images = gan.generate(2, seed=0, **_image_conditions(gan, x[:2]))
    assert images.shape == (2, *recipe.image_shape)
    assert images.min() >= -1 and images.max() <= 1


@pytest.mark.parametrize("name", zoo.entry_names())
def test_every_entry_builds_and_trains_one_step_at_tiny_width(name):
    """Every registered zoo entry: its recipe built with the entry's own
    overrides (a tiny width replaces any width), compiled with the recipe's
    loss, penalties and optimizers, trains one step on a synthetic batch of
    the entry dataset's image shape (with labels when the recipe needs
    them). Eager, like the recipe test, to stay within seconds."""
    entry = zoo.get_entry(name)
    recipe = entry.get_recipe()
    image_shape = tuple(_dataset_info(entry.dataset)["image_shape"])
    overrides = dict(entry.overrides)
    overrides["width"] = _tiny_width(recipe)
    gan = recipe.build(image_shape, seed=entry.seed, compile=True,
                       **overrides)
    for key, value in entry.overrides.items():  # the overrides took effect
        if hasattr(gan, key) and key != "width":
            assert getattr(gan, key) == value, (name, key)
    gan.run_eagerly = True
    d_steps = int(entry.overrides.get("d_steps") or recipe.d_steps)
    assert gan.d_steps == d_steps
    batch = 2 * d_steps
    rng = np.random.RandomState(0)
    x = rng.uniform(-1, 1, (batch, *image_shape)).astype("float32")
    if recipe.with_labels:
        classes = int(gan.num_classes)
        ds = (x, rng.randint(0, classes, batch).astype("int32"))
    else:
        ds = _paired(gan, x) or _per_output(gan, x) or x
    history = gan.fit(tf.data.Dataset.from_tensor_slices(ds).batch(batch),
                      epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == 1
    assert int(gan.d_optimizer.iterations.numpy()) == d_steps
    assert history.history, name
    for key, values in history.history.items():
        assert np.all(np.isfinite(values)), (name, key, values)
    images = gan.generate(2, seed=0, **_image_conditions(gan, x[:2]))
    assert images.shape == (2, *image_shape)
    assert np.all(np.isfinite(images))


def test_entries_name_registered_recipes_and_known_datasets():
    assert {"dcgan-fashion-mnist", "wgan-gp-fashion-mnist",
            "gan-mnist-5k"} <= set(zoo.entry_names())
    for entry in zoo.entries():
        recipe = entry.get_recipe()  # raises for an unregistered recipe
        info = _dataset_info(entry.dataset)  # a known image or pair set
        settings = entry.train_settings()
        assert settings["epochs"] >= 1 and settings["batch_size"] >= 1
        assert tuple(info["image_shape"]) == tuple(recipe.image_shape)
        assert entry.evaluation["split"] in info["splits"]
    assert zoo.get_entry("GAN_MNIST_5K").name == "gan-mnist-5k"
    with pytest.raises(ValueError,
                       match="known entries: .*dcgan-fashion-mnist"):
        zoo.get_entry("nope")
    with pytest.raises(ValueError, match="registered already"):
        zoo.register_entry(zoo.Entry(name="gan-mnist-5k", recipe="gan",
                                     dataset="mnist_5k"))
    with pytest.raises(ValueError, match="lower case with hyphens"):
        zoo.register_entry(zoo.Entry(name="My_Entry", recipe="gan",
                                     dataset="mnist_5k"))


def test_manifest_archives_and_package_copy_agree():
    with open(os.path.join(SAVED_MODELS, "manifest.json")) as f:
        manifest = json.load(f)
    with open(published.PACKAGED_MANIFEST) as f:
        packaged = json.load(f)
    assert publish._portable(manifest) == packaged, (
        "keras_gans/zoo/manifest.json is stale: run `keras-gans zoo "
        "sync-manifest`")
    # the package's copy names no file of the machine that built it
    assert "/root/" not in json.dumps(packaged)
    assert "converted_cache" in json.dumps(manifest)
    assert manifest["entries"], "no published archive"
    for name, record in manifest["entries"].items():
        entry = zoo.get_entry(name)
        assert record["recipe"] == entry.recipe
        assert record["dataset"] == entry.dataset
        path = os.path.join(SAVED_MODELS, record["archive"])
        with open(path, "rb") as f:
            blob = f.read()
        assert hashlib.sha256(blob).hexdigest() == record["sha256"], name
        assert len(blob) == record["size"] < 8 * 2 ** 20
        for key in ("generator_steps", "train_seconds", "seed", "command",
                    "split", "metrics"):
            assert key in record, (name, key)
        assert record["generator_steps"] > 0
        # every published entry has been measured: at least its FID
        assert record["metrics"], f"{name}: no metrics recorded"
        fid = record["metrics"].get("fid")
        assert isinstance(fid, float) and np.isfinite(fid) and fid > 0, (
            name, fid)


def test_zoo_list_shows_entries_with_their_archives(capsys):
    assert cli.main(["zoo", "list"]) == 0
    text = capsys.readouterr().out
    lines = {line.split()[0]: line for line in text.splitlines()
             if line.startswith("  ") and line.split()}
    published = zoo.manifest()
    assert published
    for name, record in published.items():
        size = record["size"]  # archives under 1 MiB are shown in KiB
        shown = f"{size / 2 ** 20:.1f} MiB" if size >= 2 ** 20 else \
            f"{size / 2 ** 10:.1f} KiB"
        assert shown in lines[name], (name, shown, lines[name])
        assert str(record["generator_steps"]) in lines[name]
        fid = record["metrics"]["fid"]
        assert f" fid={fid:.4g}" in lines[name], (name, fid, lines[name])
    for name in set(zoo.entry_names()) - set(published):
        assert " none " in lines[name]  # no archive to show
    assert "wgan_gp" in lines and "dcgan" in lines  # recipes listed too
    assert cli.main(["zoo", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    kinds = {(r["kind"], r["name"]) for r in rows}
    assert ("entry", "dcgan-fashion-mnist") in kinds
    assert ("recipe", "gan") in kinds
    wgan_gp = next(r for r in rows if r["kind"] == "recipe" and
                   r["name"] == "wgan_gp")
    assert wgan_gp["penalties"][0].startswith("GradientPenalty(weight=10.0")
    assert wgan_gp["gan_options"] == {"ema_decay": 0.99}


@pytest.fixture(scope="module")
def entry_run(tmp_path_factory):
    """``keras-gans train gan-mnist-5k`` shortened to 2 steps, with two
    time-scales (learning rates instead of the recipe's 2e-4)."""
    out = tmp_path_factory.mktemp("runs") / "gan-mnist-5k"
    assert cli.main(["train", "gan-mnist-5k", "--epochs", "1",
                     "--steps-per-epoch", "2", "--batch-size", "4",
                     "--width", "8", "--d-learning-rate", "4e-4",
                     "--g-learning-rate", "1e-4", "--out", str(out),
                     "--no-progress"]) == 0
    return out


def test_train_accepts_an_entry_name(entry_run):
    run = json.loads((entry_run / "run.json").read_text())
    entry = zoo.get_entry("gan-mnist-5k")
    assert run["recipe"] == entry.recipe and run["dataset"] == entry.dataset
    assert run["seed"] == entry.seed and run["generator_steps"] == 2
    # the entry's own overrides plus the command line's
    assert run["overrides"] == {**entry.overrides, "width": 8,
                                "d_learning_rate": 4e-4,
                                "g_learning_rate": 1e-4}
    # the rates reach the recipe's optimizers (Adam), and the model keeps
    # them for a resume
    gan = keras.saving.load_model(str(entry_run / "model.keras"))
    for optimizer, rate in ((gan.d_optimizer, 4e-4),
                            (gan.g_optimizer, 1e-4)):
        assert isinstance(optimizer, keras.optimizers.Adam)
        assert float(optimizer.learning_rate) == pytest.approx(rate)
        assert float(optimizer.beta_1) == 0.5


def test_recorded_train_command_names_only_real_flags(entry_run, tmp_path):
    """The manifest's ``command`` rebuilds ``keras-gans train RECIPE ...``
    from the run's overrides only when each has a flag; an override without
    one (an entry's ``class_weight``) is reproduced by the entry's name, and
    a run that also differs from its entry cannot be recorded without
    ``--command``."""
    train = next(a for a in cli.build_parser()._actions
                 if isinstance(a, argparse._SubParsersAction)).choices["train"]
    for key in zoo.TRAIN_FLAG_OPTIONS:
        assert "--" + key.replace("_", "-") in train._option_string_actions
    run = {"recipe": "acgan", "dataset": "fashion_mnist", "epochs": 9,
           "batch_size": 64, "seed": 0,
           "overrides": {"ema_decay": 0.999, "width": 32}}
    command = publish._train_command(run)
    assert "--ema-decay 0.999" in command and "--width 32" in command
    run["overrides"]["g_learning_rate"] = 1e-4
    assert "--g-learning-rate 0.0001" in publish._train_command(run)
    run["overrides"]["class_weight"] = 3.0
    assert publish._train_command(run) is None
    # a run with such an override that also differs from the entry
    folder = tmp_path / "run"
    folder.mkdir()
    recorded = json.loads((entry_run / "run.json").read_text())
    recorded["overrides"] = dict(recorded["overrides"], hidden_units=64)
    (folder / "run.json").write_text(json.dumps(recorded))
    with pytest.raises(publish.PublishError,
                       match=r"\['hidden_units'\].*no flag.*--command"):
        export_entry("gan-mnist-5k", str(folder),
                     saved_models=str(tmp_path / "saved"),
                     allow_mismatch=True)
    assert not (tmp_path / "saved").exists()
    # a damaged run.json: named, with what to do, and nothing written
    (folder / "run.json").write_text("{not json")
    with pytest.raises(publish.PublishError,
                       match=r"run\.json' is not valid JSON .*--resume"):
        export_entry("gan-mnist-5k", str(folder),
                     saved_models=str(tmp_path / "saved"))
    assert not (tmp_path / "saved").exists()


def test_zoo_export_of_an_entry_records_the_archive(entry_run, tmp_path,
                                                    capsys, monkeypatch):
    folder = tmp_path / "saved_models"
    # the shortened run differs from the entry: refused unless allowed
    code = cli.main(["zoo", "export", "gan-mnist-5k", "--run",
                     str(entry_run), "--saved-models", str(folder)])
    assert code == 2
    assert "differs from entry 'gan-mnist-5k'" in capsys.readouterr().err
    assert not folder.exists() or not list(folder.iterdir())
    # an archive over the size limit is refused and nothing is left
    code = cli.main(["zoo", "export", "gan-mnist-5k", "--run",
                     str(entry_run), "--saved-models", str(folder),
                     "--allow-mismatch", "--max-size", "1000"])
    assert code == 2
    assert "more than the 1000 B" in capsys.readouterr().err
    assert not folder.exists() or not list(folder.iterdir())
    record = export_entry("gan-mnist-5k", str(entry_run),
                          saved_models=str(folder), allow_mismatch=True)
    assert set(record["differences_from_entry"]) >= {"epochs",
                                                     "steps_per_epoch"}
    archive = folder / "gan-mnist-5k.tar.gz"
    assert hub.sha256_file(archive) == record["sha256"]
    assert archive.stat().st_size == record["size"]
    assert record["generator_steps"] == 2 and record["metrics"] == {}
    assert record["command"].startswith("keras-gans train gan --dataset "
                                        "mnist_5k")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["entries"]["gan-mnist-5k"] == record
    assert sorted(os.listdir(folder)) == ["gan-mnist-5k.tar.gz",
                                          "manifest.json"]
    # the local archive is what load_generator now returns
    monkeypatch.setenv("KERAS_GANS_SAVED_MODELS", str(folder))
    monkeypatch.setenv("KERAS_GANS_CACHE", str(tmp_path / "cache"))
    g = zoo.load_generator("gan-mnist-5k", progress=False)
    gan = keras.saving.load_model(str(entry_run / "model.keras"))
    # the entry keeps an EMA generator, and exports it
    assert record["ema_weights"] and gan.generator_ema is not None
    z = np.random.RandomState(0).normal(size=(3, 100)).astype("float32")
    np.testing.assert_allclose(g(z), keras.ops.convert_to_numpy(
        gan.generator_ema(z, training=False)), atol=1e-5)


def test_export_command_writes_a_version(entry_run, tmp_path, capsys):
    out = tmp_path / "exports" / "gan"
    assert cli.main(["export", str(entry_run / "model.keras"), "--out",
                     str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out / "1")
    assert (out / "1" / "saved_model.pb").exists()
    assert zoo.load_generator(str(out)).path == str(out / "1")  # a path
    assert cli.main(["export", str(entry_run / "model.keras"), "--out",
                     str(out), "--version", "1"]) == 2
    assert "exists already" in capsys.readouterr().err


def test_unpublished_entry_says_how_to_train_it(monkeypatch):
    entry = zoo.Entry(name="dcgan-test-only", recipe="dcgan",
                      dataset="fashion_mnist")
    monkeypatch.setitem(registry._ENTRIES, entry.name, entry)
    with pytest.raises(ValueError, match="no pretrained archive yet.*"
                       "keras-gans train dcgan-test-only"):
        zoo.load_generator("dcgan-test-only")


# -- the zoo docs -------------------------------------------------------------
def test_recipe_summary_names_networks_penalties_and_gan_options():
    summary = zoo.get("wgan_gp").summary()
    assert summary["networks"] == \
        "keras_gans.zoo.recipes.classic.dcgan_networks"
    assert summary["width"] == 64 and summary["width_arg"] == "width"
    assert summary["network_options"] == {"batch_norm": False}
    assert summary["gan_class"] == "GAN"
    assert summary["gan_options"] == {"ema_decay": 0.99}
    assert len(summary["penalties"]) == 1
    assert summary["penalties"][0].startswith(
        "GradientPenalty(weight=10.0,")
    json.dumps(summary)  # JSON-ready for `zoo list --json`
    for recipe in zoo.recipes():
        json.dumps(recipe.summary())
    assert zoo.get("dcgan").summary()["penalties"] == []
    assert zoo.get("gan").summary()["width_arg"] == "units"


def test_entry_readme_settings_name_penalties_and_ema():
    entry = zoo.get_entry("wgan-gp-fashion-mnist")
    text = zoo_docs._entry_readme(entry, zoo.manifest().get(entry.name),
                                 False)
    settings = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(): line.split("|", 2)[2]
            for line in settings.splitlines() if line.startswith("| ")}
    assert "GradientPenalty(weight=10.0," in rows["penalties"]
    # the value the entry builds with: its override of the recipe's 0.99
    assert " ema_decay=0.999 (entry override) " in rows["GAN"]
    assert "keras_gans.zoo.recipes.classic.dcgan_networks" in rows["networks"]
    assert "width=64" in rows["networks"]
    assert "batch_norm=False" in rows["networks"]
    assert "ema_decay" not in settings.replace(rows["GAN"], "")

    def settings_rows(entry):
        text = zoo_docs._entry_readme(entry, None, False)
        settings = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
        return {line.split("|")[1].strip(): line.split("|", 2)[2]
                for line in settings.splitlines() if line.startswith("| ")}

    # an override of a recipe's GAN option replaces it, marked, and an
    # override of the width replaces the recipe's; a build argument of its
    # own (augment) keeps its own row
    rows = settings_rows(zoo.get_entry("acgan-fashion-mnist"))
    assert "class_weight=3.0 (entry override)" in rows["GAN"]
    assert "class_weight=1.0" not in rows["GAN"]
    assert rows["GAN"].endswith(" num_classes=10 |")
    rows = settings_rows(zoo.get_entry("cogan-fashion-mnist"))
    assert "width=32 (entry override)," in rows["networks"]
    assert "width (entry override)" not in rows
    rows = settings_rows(zoo.get_entry("dcgan-mnist-5k"))
    assert rows["augment (entry override)"].strip(" |") == \
        "'translation,cutout'"
    rows = settings_rows(zoo.get_entry("gan-mnist-5k"))
    assert "units=256" in rows["networks"]


def _python_block(text, after):
    """The first ```python block after the heading ``after``."""
    rest = text.split(after, 1)[1]
    return rest.split("```python\n", 1)[1].split("```", 1)[0]


@pytest.fixture(scope="module")
def tiny_exports(tmp_path_factory):
    """A tiny conditional generator (10 classes, as cgan-fashion-mnist) and
    a tiny InfoGAN generator (one 3-way categorical, one continuous code),
    exported."""
    root = tmp_path_factory.mktemp("tiny_exports")
    cgan = zoo.build("cgan", (8, 8, 1), width=4, latent_dim=4)
    infogan = zoo.build("infogan", (8, 8, 1), width=4, latent_dim=4,
                        hidden_units=8, q_units=8, categorical_dims=(3,),
                        continuous_dims=1)
    return {"cgan": export.save_generator(cgan, root / "cgan"),
            "infogan": export.save_generator(infogan, root / "infogan")}


def _run_snippet(code, monkeypatch, name, path):
    def fake_load(requested, **kwargs):
        assert requested == name
        return export.load(path)

    monkeypatch.setattr(zoo, "load_generator", fake_load)
    namespace = {}
    exec(compile(code, f"<README of {name}>", "exec"), namespace)
    return namespace


def test_readme_use_snippet_runs_for_a_conditional_entry(tiny_exports,
                                                         monkeypatch):
    entry = zoo.get_entry("cgan-fashion-mnist")
    record = zoo.manifest()[entry.name]
    text = zoo_docs._entry_readme(entry, record, False)
    code = _python_block(text, "## Use")
    meta = export.read_metadata(tiny_exports["cgan"])
    assert sorted(meta["inputs"]) == sorted(record["inputs"]) == [
        "labels", "latent"]
    assert "labels=labels" in code
    ns = _run_snippet(code, monkeypatch, entry.name, tiny_exports["cgan"])
    assert ns["images"].shape == (16, 8, 8, 1)
    assert ns["images"].dtype == np.float32
    assert ns["pictures"].shape == (16, 8, 8, 1)
    assert ns["pictures"].dtype == np.uint8
    assert ns["chosen"].shape == (16, 8, 8, 1)
    assert set(ns["labels"].tolist()) == set(range(10))  # all in range


def test_readme_use_snippet_passes_infogan_codes(tiny_exports, monkeypatch):
    """An InfoGAN export takes latent, categorical and continuous: the
    snippet names and fills each, within the categorical code ranges."""
    entry = zoo.get_entry("infogan-fashion-mnist")
    meta = export.read_metadata(tiny_exports["infogan"])
    assert sorted(meta["inputs"]) == ["categorical", "continuous", "latent"]
    assert meta["classes"] == {"categorical": [3]}
    record = {"inputs": meta["inputs"], "classes": meta["classes"]}
    code = "\n".join(zoo_docs._use_snippet(entry, record))
    for name in meta["inputs"]:
        if name != "latent":
            assert f"{name}={name}" in code, name
    ns = _run_snippet(code, monkeypatch, entry.name, tiny_exports["infogan"])
    assert ns["images"].shape == (16, 8, 8, 1)
    assert ns["chosen"].shape == (16, 8, 8, 1)
    assert ns["categorical"].shape == (16, 1)
    assert 0 <= ns["categorical"].min() and ns["categorical"].max() < 3


def test_readme_of_an_unpublished_entry_says_how_to_train_and_export(
        monkeypatch):
    entry = zoo.Entry(name="infogan-test-only", recipe="infogan",
                      dataset="fashion_mnist")
    monkeypatch.setitem(registry._ENTRIES, entry.name, entry)
    assert entry.name not in zoo.manifest()
    text = zoo_docs._entry_readme(entry, None, False)
    assert "## Use" not in text
    assert "zoo download" not in text.replace(
        "`keras-gans zoo download` has nothing to fetch", "")
    assert f'load_generator("{entry.name}")' not in text
    assert "## Train and export it" in text
    assert f"keras-gans train {entry.name} --out runs/{entry.name}" in text
    assert (f"keras-gans export runs/{entry.name}/model.keras --out "
            f"exports/{entry.name}") in text
    assert "None yet" in text


def test_infogan_sample_picture_varies_the_first_code_along_rows(
        tiny_exports):
    """The zoo picture of an InfoGAN entry: row r keeps one latent, column
    k sets the first categorical code to k (the other codes fixed)."""
    g = export.load(tiny_exports["infogan"])
    meta = export.read_metadata(tiny_exports["infogan"])
    record = {"inputs": meta["inputs"], "classes": meta["classes"],
              "latent_dim": meta["latent_dim"]}
    images, columns = zoo_docs._code_traversal(g, record, seed=0, rows=4)
    assert columns == 3
    assert images.shape == (4 * 3, 8, 8, 1)
    grid = images.reshape(4, 3, 8, 8, 1)
    rng = np.random.default_rng(0)
    latent = rng.standard_normal((4, meta["latent_dim"])).astype("float32")
    for k in range(3):  # column k == the generator at code k, row latents
        expected = g(latent, categorical=np.full((4, 1), k, "int32"),
                     continuous=np.zeros((4, 1), "float32"))
        np.testing.assert_allclose(grid[:, k], expected, atol=1e-6)
    assert not np.allclose(grid[:, 0], grid[:, 1])  # the code matters
