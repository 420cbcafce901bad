"""The zoo's documentation: ``zoo/<entry>/README.md`` (settings, command,
timings, metrics, a working "Use" snippet) with ``samples.png`` drawn from
the published archive, and the table ``zoo/README.md``
(``keras-gans zoo docs``).
"""

import json
import os

import numpy as np

from keras_gans import export
from keras_gans.utils.files import atomic_open
from keras_gans.training import curves
from keras_gans.utils.images import save_grid
from keras_gans.utils.progress import format_size
from keras_gans.zoo import publish, published, registry as zoo

__all__ = ["write_docs", "format_metrics"]


_HEADLINE = ("fid", "kid", "precision", "recall", "classifier_fid",
             "classifier_score", "classifier_accuracy")


def format_metrics(metrics, short=False):
    """``fid=60.25 kid=0.0297 ...``; ``short``: the headline metrics."""
    if not metrics:
        return "-"
    parts = []
    keys = [k for k in _HEADLINE if k in metrics] if short else []
    for key in keys or sorted(metrics):
        value = metrics[key]
        if key.endswith("_std"):
            continue
        if isinstance(value, dict):  # e.g. {"value": .., "num_samples": ..}
            value = value.get("value", value.get("mean"))
        if isinstance(value, float):
            value = f"{value:.4g}"
        parts.append(f"{key}={value}")
    return " ".join(parts)


def _fmt_options(options, overridden=()):
    """``a=1, b=(10,)``, or ``-`` for none; the keys in ``overridden`` are
    marked as the entry's overrides."""
    if not options:
        return "-"
    return ", ".join(f"{k}={v!r}" + (" (entry override)" if k in overridden
                                     else "")
                     for k, v in sorted(options.items()))


def _specs(record):
    """``{name: GeneratorInput}`` of a manifest record (the export's
    ``generator_inputs``, or derived from its ``inputs`` and ``classes``;
    see ``keras_gans.export.specs_from_metadata``)."""
    return {s.name: s for s in export.specs_from_metadata(record or {})}


def _first(specs, kind):
    return next((s for s in specs.values() if s.kind == kind), None)


def _use_snippet(entry, record, n=16):
    """Python lines that load the published generator of ``entry`` and
    call it with every input of its ``serving_default`` signature (from
    the export's record of its inputs): a latent, class ids in range for a
    ``class`` input, codes for ``categorical`` / ``continuous`` inputs."""
    inputs = dict((record or {}).get("inputs") or {})
    specs = _specs(record)
    if _first(specs, "image") is not None:  # image-to-image (pix2pix)
        return _translation_snippet(entry, _first(specs, "image"), n)
    for spec in specs.values():  # a record with generator_inputs only
        inputs.setdefault(spec.name, {"dtype": spec.dtype,
                                      "shape": [None, *spec.shape]})
    if not inputs:
        inputs = {"latent": {"dtype": "float32", "shape": [None, None]}}
    latent = _first(specs, "latent")
    latent_name = latent.name if latent is not None else "latent"
    lines = ["import numpy as np, keras_gans",
             f'g = keras_gans.zoo.load_generator("{entry.name}")',
             f"z = np.random.normal(size=({n}, g.latent_dim))"
             ".astype('float32')"]
    call = []  # keyword arguments of the calls, in signature order
    for name in sorted(k for k in inputs if k != latent_name):
        record_of = inputs[name] if isinstance(inputs[name], dict) else {}
        spec = specs.get(name)
        dtype = record_of.get("dtype") or (spec.dtype if spec else "float32")
        shape = record_of.get("shape")
        tail = ([int(d) for d in shape[1:]] if shape else
                list(spec.shape) if spec else [])
        size = f"({n}, {', '.join(str(d) for d in tail)})" if tail else \
            f"({n},)"
        var = name if name.isidentifier() and name not in (
            "np", "g", "z", "keras_gans", "images", "pictures",
            "chosen") else f"input_{len(call)}"
        kind = spec.kind if spec is not None else None
        if kind == "categorical":
            count = list(spec.counts)
            ranges = ", ".join(f"column {j} in [0, {k})"
                               for j, k in enumerate(count))
            lines.append(f"{var} = np.random.randint(0, {count}, "
                         f"size={size}).astype('{dtype}')  # {ranges}")
        elif kind == "class":
            count = spec.num_classes
            lines.append(f"{var} = (np.arange({n}) % {count})"
                         f".astype('{dtype}')  # class ids in "
                         f"[0, {count})")
        elif kind == "continuous":
            low, high = (f"{v:g}" for v in spec.value_range)
            lines.append(f"{var} = np.random.uniform({low}, {high}, "
                         f"size={size}).astype('{dtype}')  # continuous "
                         "codes")
        elif kind == "image":
            low, high = (f"{v:g}" for v in spec.value_range)
            lines.append(f"{var} = np.random.uniform({low}, {high}, "
                         f"size={size}).astype('{dtype}')  # conditioning "
                         "images (use your own)")
        elif "int" in str(dtype):
            lines.append(f"{var} = np.zeros({size}, '{dtype}')")
        else:
            lines.append(f"{var} = np.random.normal(size={size})"
                         f".astype('{dtype}')")
        call.append(f"{name}={var}" if name.isidentifier()
                    else f"**{{{name!r}: {var}}}")
    args = "".join(", " + c for c in call)
    lines.append(f"images = g(z{args})  # float32 in [-1, 1], "
                 f"({n}, H, W, C)")
    outputs = list((record or {}).get("outputs") or ["images"])
    if len(outputs) > 1:  # one output per domain (CoGAN)
        lines.append(f"every = g.call_all(z{args})  # {{name: images}} of "
                     f"{', '.join(outputs)}, the same latents")
    lines.append(f"pictures = g.generate({n}, seed=0)  # uint8; the model "
                 "draws all its inputs")
    if call:
        lines.append(f"chosen = g.generate(None, seed=0{args})  # uint8, "
                     "one per given condition")
    return lines


def _fid_curve_lines(record):
    history = (record or {}).get("fid_history") or []
    if not history:
        return []
    best = min(history, key=lambda h: h["fid"])
    return ["## FID during training", "", "![FID during training]"
            "(fid_curve.png)", "",
            f"FID of {record.get('fid_samples')} generated vs as many test "
            f"images after every {_epochs_between(history)} (`--fid-every`; "
            f"biased upwards against the 10k protocol: compare its shape, "
            f"not its level): {len(history)} values, best "
            f"{best['fid']:.2f} at generator step {best['generator_step']:,}"
            f", last {history[-1]['fid']:.2f}.", ""]


def _epochs_between(history):
    epochs = [h["epoch"] for h in history if h.get("phase", 1) == 1]
    gap = epochs[1] - epochs[0] if len(epochs) > 1 else epochs[0]
    return "epoch" if gap == 1 else f"{gap} epochs"


def _entry_readme(entry, record, has_samples):
    recipe = entry.get_recipe()
    settings = entry.train_settings()
    summary = recipe.summary()
    lines = [f"# {entry.name}", "", entry.description, ""]
    if has_samples:
        specs = _specs(record)
        outputs = list(record.get("outputs") or ["images"])
        if len(outputs) > 1:
            caption = (f"The published generator's {len(outputs)} outputs "
                       f"({', '.join(f'`{o}`' for o in outputs)}) on the "
                       "same latents: in each block of rows, one row per "
                       "output, one column per latent (drawn from seed 0)")
        elif _first(specs, "image") is not None:
            caption = (f"Input | output | target of the published generator "
                       f"on the first {_STRIP_PAIRS} test pairs of "
                       f"`{entry.dataset}` (`serving_default` signature), two "
                       "triplets per row")
        elif _first(specs, "class") is not None:
            caption = ("Samples of the published generator, one row per "
                       "requested class (0 at the top; `generate_conditioned`"
                       " signature, seed 0)")
        elif _first(specs, "categorical") is not None:
            caption = ("The published generator's first categorical code, "
                       "one column per value (0 at the left), on ten latents "
                       "drawn from seed 0 (one per row), the other codes at "
                       "0")
        else:
            caption = ("64 samples of the published generator (`generate` "
                       "signature, seed 0)")
        lines += ["![samples](samples.png)", "", caption + ", upscaled 2x.",
                  ""]
    lines += _fid_curve_lines(record)
    penalties = summary["penalties"]
    # the networks and GAN rows show what the entry builds with: the
    # recipe's options updated with the entry's overrides (marked); the
    # overrides that are build arguments of their own get their own rows
    overrides = dict(entry.overrides)
    net_opts, gan_opts = recipe.split_options(
        {k: v for k, v in overrides.items()
         if k not in zoo.BUILD_ARGUMENTS})
    net_opts.pop(summary["width_arg"], None)
    net_opts.pop("latent_dim", None)
    width = (f"{overrides['width']} (entry override)" if "width" in overrides
             else summary["width"])
    latent_dim = (f"{overrides['latent_dim']} (entry override)"
                  if "latent_dim" in overrides else summary["latent_dim"])
    lines += ["## Settings", "", "| setting | value |", "| --- | --- |",
              f"| recipe | `{entry.recipe}` ({recipe.reference or '-'}) |",
              f"| dataset | `{entry.dataset}`, split `{entry.split}` |",
              f"| image shape | {tuple(recipe.image_shape)} |",
              f"| networks | `{summary['networks']}`, "
              f"{summary['width_arg']}={width}, latent_dim={latent_dim}; "
              f"options: {_fmt_options(net_opts, overrides)} |",
              f"| GAN | `{summary['gan_class']}`; options: "
              f"{_fmt_options(gan_opts, overrides)} |",
              f"| loss | `{summary['loss']}`, d_steps {summary['d_steps']} |",
              "| penalties | " + (", ".join(f"`{p}`" for p in penalties)
                                  if penalties else "none") + " |",
              f"| optimizers | {summary['optimizers'] or '-'} |",
              f"| batch size | {settings['batch_size']} per "
              "discriminator step |",
              f"| epochs | {settings['epochs']} |",
              f"| seed | {settings['seed']} |"]
    for key, value in sorted(overrides.items()):
        if key in zoo.BUILD_ARGUMENTS and key not in ("width",
                                                      "latent_dim"):
            lines.append(f"| {key} (entry override) | {value!r} |")
    ev = entry.evaluation
    lines.append(f"| evaluation | {', '.join(ev.get('metrics', []))} on "
                 f"{ev.get('num_samples')} samples vs the `{ev.get('split')}`"
                 " split by default (`keras-gans zoo evaluate ENTRY "
                 "[--num-samples N]`" + ("; the published metrics' own "
                                        "protocol: \"measured with\" below"
                                        if record else "") + ") |")
    if not record:
        run = f"runs/{entry.name}"
        lines += ["", "## Train and export it", "",
                  "No pretrained generator is published for this entry "
                  "(there is no archive in `saved_models/manifest.json`, so "
                  "`keras-gans zoo download` has nothing to fetch). Train "
                  "it and export its generator as a SavedModel:", "",
                  "```sh",
                  f"{entry.command(out=run)}",
                  f"keras-gans export {run}/model.keras --out "
                  f"exports/{entry.name}",
                  "```", "",
                  "```python",
                  "import keras_gans",
                  f'g = keras_gans.zoo.load_generator("exports/{entry.name}")'
                  "  # the newest version",
                  "pictures = g.generate(16, seed=0)  # uint8",
                  "```", "",
                  f"To publish it: `keras-gans zoo export {entry.name} --run "
                  f"{run}` (archive + manifest record), then "
                  f"`keras-gans zoo evaluate {entry.name}`.", "",
                  "Serving it with TF Serving: see [../SERVING.md]"
                  "(../SERVING.md).", "", "## Published archive", "",
                  "None yet: this entry has not been trained and exported "
                  "on the reference machine.", ""]
        return "\n".join(lines)
    lines += ["", "## Reproduce", "", "```sh",
              f"{entry.command(out='runs/' + entry.name)}",
              f"keras-gans zoo export {entry.name} --run runs/{entry.name}",
              f"keras-gans zoo evaluate {entry.name}", "```", "",
              "## Use", "", "```sh",
              f"keras-gans zoo download {entry.name}" + (
                  "" if _first(_specs(record), "image") is not None
                  else " --samples grid.png"),
              "```", "", "```python", *_use_snippet(entry, record), "```",
              "",
              "Serving it with TF Serving: see [../SERVING.md]"
              "(../SERVING.md).", "", "## Published archive", ""]
    metrics = record.get("metrics") or {}
    lines += ["| field | value |", "| --- | --- |",
              f"| archive | `{record['archive']}` "
              f"({format_size(record['size'], unknown='-')}) |",
              f"| sha256 | `{record['sha256']}` |",
              f"| trained with | `{record['command']}` |",
              f"| generator steps | {record.get('generator_steps')} |",
              f"| training time | {record.get('train_seconds')} s on 2 CPU "
              "cores (shared) |",
              f"| throughput | {record.get('real_images_per_second')} real "
              "images/s |",
              f"| EMA weights | {'yes' if record.get('ema_weights') else 'no'}"
              " |",
              f"| final training losses | "
              f"{format_metrics(record.get('final_train_metrics'))} |",
              f"| metrics | {format_metrics(metrics) if metrics else 'not measured yet'} |",
              f"| measured with | {_fmt_evaluation(record.get('evaluation'))} |",
              f"| exported | {record.get('exported')} with keras-gans "
              f"{record.get('keras_gans_version')}, TensorFlow "
              f"{record.get('tensorflow_version')} |"]
    if record.get("notes"):
        lines.append(f"| notes | {record['notes']} |")
    if record.get("differences_from_entry"):
        lines.append(f"| differs from the entry | "
                     f"`{json.dumps(record['differences_from_entry'])}` |")
    lines += ["", "Signatures: " + ", ".join(
        f"`{s}`" for s in record.get("signatures", [])) + "; inputs: " +
        ", ".join(f"`{k}` {v['dtype']} {v['shape']}"
                  for k, v in sorted(record.get("inputs", {}).items())) +
        ".", ""]
    return "\n".join(lines)


def _fmt_evaluation(evaluation):
    if not evaluation:
        return "-"
    protocol = evaluation.get("protocol") or {}
    if protocol.get("kind") == "image-to-image translation":
        inception = protocol.get("inception") or {}
        text = (f"`keras-gans zoo evaluate`: the first "
                f"{protocol.get('num_pairs')} pairs of the "
                f"`{protocol.get('split')}` split (L1 in [-1, 1], PSNR and "
                "SSIM of the uint8 pictures)")
        if protocol.get("fid"):
            text += (f", FID of {protocol['fid'].get('num_pairs')} "
                     "translations against their targets")
        if inception:
            text += (f"; Inception weights {inception.get('weights_source')} "
                     f"(sha256 {str(inception.get('weights_sha256'))[:12]}"
                     "...)")
        if protocol.get("seconds"):
            text += f"; {protocol['seconds']} s"
        return text
    reference = _reference(protocol)
    inception = protocol.get("inception") or _domain_protocol(protocol).get(
        "inception") or {}
    text = (f"`keras-gans zoo evaluate`: {protocol.get('num_generated', evaluation.get('num_samples'))} "
            f"generated images (seed {evaluation.get('seed')}) vs "
            f"{reference.get('num_real', '?')} real images of the "
            f"`{reference.get('split', evaluation.get('split'))}` split")
    if inception:
        text += (f"; Inception weights {inception.get('weights_source')} "
                 f"(sha256 {str(inception.get('weights_sha256'))[:12]}...)")
    if protocol.get("seconds"):
        text += f"; {protocol['seconds']} s"
    return text


def _code_traversal(g, record, seed, rows=10):
    """InfoGAN sample picture: one row per latent (drawn from ``seed``),
    one column per value of the first categorical code, the other codes
    at their prior's centre (other categorical codes 0, continuous 0).
    Returns the images and the number of columns."""
    specs = _specs(record)
    cat = _first(specs, "categorical")
    latent = _first(specs, "latent")
    k = int(cat.counts[0])
    latent_dim = record.get("latent_dim") or latent.shape[0]
    rng = np.random.default_rng(seed)
    z = np.repeat(rng.standard_normal((rows, int(latent_dim))), k,
                  axis=0).astype("float32")
    n = rows * k
    categorical = np.zeros((n, len(cat.counts)), "int32")
    categorical[:, 0] = np.tile(np.arange(k), rows)
    conditions = {cat.name: categorical}
    for spec in specs.values():
        if spec.kind == "continuous":
            low, high = spec.value_range
            conditions[spec.name] = np.full((n, *spec.shape),
                                            (low + high) / 2, "float32")
    return g(z, **conditions), k


def _domain_rows(g, record, seed, columns=8, blocks=4):
    """Sample picture of a generator with several outputs (one per domain):
    ``blocks`` blocks of rows, each one row per output of the same
    ``columns`` latents (drawn from ``seed``). Returns the images and the
    number of columns."""
    from keras_gans.training.domain_pictures import layout_domains

    latent_dim = int(record.get("latent_dim") or g.latent_dim)
    z = np.random.default_rng(seed).standard_normal(
        (columns * blocks, latent_dim)).astype("float32")
    return layout_domains(g.call_all(z), g.outputs, columns), columns


#: pairs of the picture of an image-to-image entry
_STRIP_PAIRS = 16


def _translation_snippet(entry, spec, n=16):
    """The "Use" lines of an image-to-image generator: translate held-out
    pairs of its dataset (or any images of its declared input shape)."""
    from keras_gans import data as data_lib

    shape = ", ".join(str(d) for d in spec.shape)
    lines = ["import numpy as np, keras_gans",
             f'g = keras_gans.zoo.load_generator("{entry.name}")']
    if str(entry.dataset).lower() in data_lib.PAIRED_DATASETS:
        lines.append(f'x, y = keras_gans.data.load_pair_arrays('
                     f'"{entry.dataset}", "test")  # uint8 inputs, targets')
        lines.append(f"{spec.name} = x[:{n}] / 127.5 - 1  # float32 "
                     f"({n}, {shape}) in [-1, 1]")
    else:
        lines.append(f"{spec.name} = np.random.uniform(-1, 1, size=({n}, "
                     f"{shape})).astype('float32')  # your own images")
    lines.append(f"images = g({spec.name}={spec.name})  # float32 in "
                 f"[-1, 1], ({n}, H, W, C)")
    lines.append("# or from a shell: keras-gans translate "
                 f"{entry.name} --input IMAGE_OR_FOLDER --out FOLDER")
    return lines


def _translation_strip(g, entry, spec):
    """Input | output | target images of the first test pairs of the
    entry's dataset, translated by the exported generator ``g``."""
    from keras_gans import data as data_lib
    from keras_gans.training.translation_pictures import strip_images

    x, y = next(iter(data_lib.load_pairs(
        entry.dataset, batch_size=_STRIP_PAIRS, split="test",
        shuffle=False)))
    x, y = x.numpy(), y.numpy()
    return strip_images(x, g(**{spec.name: x}), y)


def write_docs(zoo_dir="zoo", saved_models=None, num_samples=64, seed=0):
    """Writes ``zoo/<entry>/README.md`` (+ ``samples.png`` from the
    published archive) for every entry and the table ``zoo/README.md``."""

    manifest = publish.read_manifest(publish.saved_models_dir(saved_models)).get(
        "entries", {})
    rows = []
    for entry in zoo.entries():
        folder = os.path.join(zoo_dir, entry.name)
        os.makedirs(folder, exist_ok=True)
        record = manifest.get(entry.name)
        samples = os.path.join(folder, "samples.png")
        if record:
            g = export.load(published.download(entry.name, progress=False))
            specs = _specs(record)
            class_spec = _first(specs, "class")
            if len(g.outputs) > 1:
                # one output per domain: a row per output, a column per
                # latent, in blocks of 8 latents
                images, columns = _domain_rows(g, record, seed)
                save_grid(images, samples, nrow=columns)
            elif _first(specs, "image") is not None:
                # image-to-image: input | output | target of test pairs
                save_grid(_translation_strip(g, entry, _first(specs,
                                                              "image")),
                          samples, nrow=6)
            elif class_spec is not None:
                # one row per class: ids 0..C-1, 8 samples each
                labels = np.repeat(np.arange(class_spec.num_classes),
                                   8).astype("int32")
                save_grid(g.generate(len(labels), seed=seed,
                                     **{class_spec.name: labels}),
                          samples, nrow=8)
            elif _first(specs, "categorical") is not None:
                images, columns = _code_traversal(g, record, seed)
                save_grid(images, samples, nrow=columns)
            else:
                save_grid(g.generate(num_samples, seed=seed), samples)
            os.chmod(samples, 0o644)
        elif os.path.exists(samples):
            os.remove(samples)
        curve = os.path.join(folder, "fid_curve.png")
        if record and record.get("fid_history"):
            curves.save_fid_curve(record["fid_history"], entry.name,
                                  record.get("fid_samples"), curve)
            os.chmod(curve, 0o644)
        elif os.path.exists(curve):
            os.remove(curve)
        text = _entry_readme(entry, record, bool(record))
        page = os.path.join(folder, "README.md")
        _write_text(page, text + _kept_notes(page))
        rows.append((entry, record))
    lines = ["# The zoo", "",
             "Each entry is a recipe trained on a dataset with a fixed "
             "schedule and seed (defined in `keras_gans/zoo/entries.py`). "
             "`keras-gans train ENTRY` reproduces it, `keras-gans zoo "
             "download ENTRY` fetches the published generator "
             "(sha256-checked) and `keras_gans.zoo.load_generator(ENTRY)` "
             "loads it. Archives and their records: `saved_models/` and "
             "`saved_models/manifest.json`. Serving: [SERVING.md]"
             "(SERVING.md).", "",
             "Metrics: FID and KID (Inception pool3) and the FID in the "
             "features of a domain classifier (`classifier_fid`) and its "
             "score, on the entry's sample count against the dataset's "
             "`test` split (see each entry's README and the `evaluation` "
             "protocol in the manifest). Small sample counts bias FID "
             "upwards: compare entries only at equal counts.", "",
             "| entry | recipe | dataset | steps | train time | archive | "
             "metrics | samples |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for entry, record in rows:
        if record:
            cells = [str(record.get("generator_steps")),
                     f"{record.get('train_seconds')} s",
                     format_size(record.get("size"), unknown="-"),
                     format_metrics(record.get("metrics"), short=True)
                     + _sample_count(record.get("evaluation"))
                     if record.get("metrics") else "not measured yet",
                     f"![{entry.name}]({entry.name}/samples.png)"]
        else:
            cells = ["-", "-", "not published", "-", "-"]
        lines.append(f"| [{entry.name}]({entry.name}/README.md) | "
                     f"`{entry.recipe}` | `{entry.dataset}` | " +
                     " | ".join(cells) + " |")
    lines.append("")
    _write_text(os.path.join(zoo_dir, "README.md"), "\n".join(lines))
    return zoo_dir


def _sample_count(evaluation):
    """`` (10k generated vs 10k real)`` for a table cell: the protocol the
    metrics were measured at (``""`` when the record does not say)."""
    protocol = (evaluation or {}).get("protocol") or {}
    if protocol.get("kind") == "image-to-image translation":
        if not protocol.get("num_pairs"):
            return ""
        fid = (protocol.get("fid") or {}).get("num_pairs")
        return f" ({_count(protocol['num_pairs'])} test pairs" + (
            f"; FID of {_count(fid)} translations)" if fid else ")")
    generated = protocol.get("num_generated",
                             (evaluation or {}).get("num_samples"))
    real = _reference(protocol).get("num_real")
    if not generated:
        return ""
    return f" ({_count(generated)} generated vs {_count(real)} real)" if \
        real else f" ({_count(generated)} generated)"


def _domain_protocol(protocol):
    """The first domain's own protocol of a two-domain evaluation (each
    domain is scored against its own reference), else ``{}``."""
    domains = protocol.get("domains")
    if isinstance(domains, dict) and domains:
        return next(iter(domains.values())).get("protocol") or {}
    return {}


def _reference(protocol):
    """The reference record of an evaluation protocol (for two domains:
    the first domain's; every domain uses as many real images)."""
    return protocol.get("reference") or _domain_protocol(protocol).get(
        "reference") or {}


def _count(n):
    return f"{int(n) // 1000}k" if int(n) % 1000 == 0 else str(int(n))


#: on an entry page, everything from this line on is written by hand (what
#: the pictures show, the training run) and kept when the page is rewritten
NOTES_MARKER = "<!-- notes below are written by hand; zoo docs keeps them -->"


def _kept_notes(page):
    """The hand-written part of an existing entry page (from
    :data:`NOTES_MARKER` on, with a blank line before it), or ``""``."""
    if not os.path.exists(page):
        return ""
    with open(page) as f:
        text = f.read()
    at = text.find(NOTES_MARKER)
    return "" if at < 0 else "\n" + text[at:]


def _write_text(path, text):
    with atomic_open(path, "w") as f:
        f.write(text)
