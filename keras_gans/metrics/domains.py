"""Evaluating a generator with several declared outputs (one per domain,
e.g. a CoGAN's ``images_a`` / ``images_b``): the image metrics of each
domain against its own reference, and the agreement of the domains on the
same latents.

:func:`keras_gans.metrics.evaluate` hands a generator over to
:func:`evaluate_domains` when the real data is a two-domain source (or
``"agreement"`` is asked for) and the generator declares several outputs:
a ``keras_gans.GAN`` whose ``generator_outputs()`` has several entries
(also given as its ``.keras`` file), or a SavedModel exported by keras_gans
whose ``keras_gans.json`` lists several ``output_names`` (also given as its
folder or a zoo entry name). Nothing else about the generator is looked at.
With a one-domain dataset, evaluate measures the first declared output, as
for any generator.

The real data is a two-domain source ``"domains:DATASET:TRANSFORM"`` (see
:mod:`keras_gans.data.domains`): the first declared output is compared with
``DATASET``'s ``split`` (the usual named-dataset reference: cached
statistics, the same subset rule), the second with the same real images
passed through ``TRANSFORM`` (e.g. the 10,000 Fashion-MNIST test images and
their negatives). The domain-classifier metrics apply to the untransformed
domain only (the classifier never saw negatives or edge maps).

All outputs are generated once, from the same latents (seeded per chunk as
in :func:`keras_gans.metrics.evaluate`), so ``agreement``
(:mod:`keras_gans.metrics.agreement`) compares ``G_b(z)`` with
``TRANSFORM(G_a(z))`` for the very latents the FIDs were measured on.

Results are flat, one key per metric and output: ``fid_images_a``,
``kid_images_a``, ..., ``fid_images_b``, ..., ``agreement``, plus
``protocol`` (each domain's own protocol under ``protocol["domains"]``).
The unsuffixed keys (``fid``, ``kid``, ``classifier_*``) repeat the first
(main) output's values, as :func:`keras_gans.metrics.evaluate` reports for
any generator, so listings that show ``fid`` show domain ``a``'s.
"""

import os
import time

import numpy as np

from keras_gans.engine import ema as ema_lib
from keras_gans.metrics import agreement as agreement_lib

__all__ = ["prepare", "declared_outputs", "evaluate_domains",
           "is_domains_dataset"]


def is_domains_dataset(dataset):
    """Whether ``dataset`` names two-domain data
    (``"domains:DATASET:TRANSFORM"``)."""
    from keras_gans.data import domains as data_domains

    return data_domains.is_domains_source(dataset)


def _is_gan(obj):
    import keras

    return isinstance(obj, keras.Model) and callable(
        getattr(obj, "generator_outputs", None)) and callable(
        getattr(obj, "generate", None))


def declared_outputs(obj):
    """The declared output names of a GAN or an exported generator (a
    ``keras_gans.export.SavedGenerator``), or ``None`` for anything that
    declares none."""
    from keras_gans import export

    if _is_gan(obj):
        return list(obj.generator_outputs())
    if isinstance(obj, export.SavedGenerator):
        return list(obj.outputs)
    return None


def prepare(obj):
    """``(generator, output names)`` when ``obj`` is (or names) a generator
    declaring several outputs, else ``(obj, None)``. A ``.keras`` file or a
    zoo entry name is loaded here (and the loaded object returned, which
    :func:`keras_gans.metrics.evaluate` treats exactly like the name); a
    SavedModel folder is only loaded when its metadata lists several
    outputs."""
    from keras_gans import export, zoo

    if isinstance(obj, (str, os.PathLike)):
        path = os.fspath(obj)
        if os.path.isdir(path):
            try:  # the folders export.load accepts
                folder = export.find_saved_model(path)
            except FileNotFoundError:
                return obj, None
            names = export.read_metadata(folder).get("output_names") or []
            if len(names) > 1:
                return prepare(export.load(folder))
            return obj, None
        if path.endswith(".keras") and os.path.isfile(path):
            return prepare(zoo.load_gan(path))
        if zoo.find_entry(path) is not None and not os.path.exists(path):
            return prepare(zoo.load_generator(path))
        return obj, None
    names = declared_outputs(obj)
    if names is not None and len(names) > 1:
        return obj, names
    return obj, None


def _describe(gen):
    if _is_gan(gen):
        nets = gen.networks()["generator"]
        names = ", ".join(getattr(n, "name", "?") for n in nets.values())
        return f"keras_gans GAN {type(gen).__name__} (generator {names})"
    return f"SavedModel {getattr(gen, 'path', '')}".strip()


def _generate_all(gen, names, n, seed, batch_size, evaluate_lib,
                  use_ema=None):
    """``{output: float32 (n, H, W, C)}`` of every output, from the same
    latents, seeded per chunk."""
    import tensorflow as tf

    from keras_gans import export

    _seeded_chunks = evaluate_lib._seeded_chunks
    parts = {o: [] for o in names}
    if _is_gan(gen):
        for _, b, chunk_seed in _seeded_chunks(n, seed, batch_size):
            out = gen.generate(b, seed=chunk_seed, output="all",
                               use_ema=use_ema)
            for o in names:
                parts[o].append(out[o])
    else:
        if "generate" not in gen.signatures:
            raise ValueError(
                f"{_describe(gen)} has no 'generate' signature (it cannot "
                "draw its own inputs), so its domains cannot be evaluated "
                "from a seed.")
        size = min(int(batch_size), export.MAX_NUM_IMAGES)
        for _, b, chunk_seed in _seeded_chunks(n, seed, size):
            out = gen.signatures["generate"](
                num_images=tf.constant(b, tf.int32),
                seed=tf.constant(chunk_seed, tf.int64))
            for o in names:
                parts[o].append(out[o + "_float"].numpy())
    return {o: np.concatenate(v).astype(np.float32) for o, v in parts.items()}


def evaluate_domains(generator, names, dataset, metrics, num_samples=10_000,
                     seed=0, progress=True, split="test", num_real=None,
                     labels=None, inputs=None, value_range=(-1.0, 1.0),
                     generate_batch_size=500, evaluate_lib=None,
                     use_ema=None, **kwargs):
    """Evaluates every declared output of ``generator`` against its own
    reference (see the module doc). ``metrics``: the normalised metric
    names of :func:`keras_gans.metrics.evaluate` (``"agreement"`` is
    always computed; the others per domain); ``kwargs``: evaluate's
    Inception and metric settings (``weights``, ``batch_size``,
    ``kid_subsets``, ...); ``evaluate_lib``: the module
    :mod:`keras_gans.metrics.evaluate`, which calls this function and hands
    itself over (this module does not import it back)."""
    from keras_gans.data import domains as data_domains
    from keras_gans.version import __version__

    if evaluate_lib is None:
        raise TypeError("evaluate_domains is called by "
                        "keras_gans.metrics.evaluate, which passes "
                        "evaluate_lib=; call keras_gans.metrics.evaluate.")
    start = time.time()
    if len(names) != 2:
        raise ValueError(
            f"{_describe(generator)} declares the outputs {names}; the "
            "two-domain evaluation compares exactly two (a domain and its "
            "transform).")
    if labels is not None or inputs:
        raise ValueError(
            f"{_describe(generator)} draws every input from its latent; "
            "labels= and inputs= do not apply to its domain evaluation.")
    if not data_domains.is_domains_source(dataset):
        raise ValueError(
            f"{_describe(generator)} makes two domains {names}, each "
            "measured against its own real images: pass the two-domain "
            "source it was trained on as the dataset, "
            "'domains:DATASET:TRANSFORM' (e.g. dataset="
            "'domains:fashion_mnist:negative', or `keras-gans evaluate ... "
            "--dataset domains:fashion_mnist:negative`); received "
            f"dataset={dataset!r}.")
    if use_ema is not None and not _is_gan(generator):
        raise ema_lib.single_weights_error(use_ema, _describe(generator))
    weights = (ema_lib.weights_drawn(generator, use_ema)
               if _is_gan(generator) else None)
    base, transform = data_domains.parse_source(dataset)
    n = int(num_samples)
    images = _generate_all(generator, names, n, seed, generate_batch_size,
                           evaluate_lib, use_ema=use_ema)
    for o in names:
        lo, hi = value_range
        if (lo, hi) != (-1.0, 1.0):  # agreement and transforms use [-1, 1]
            images[o] = (images[o] - lo) * (2.0 / (hi - lo)) - 1.0
    out, per_domain = {}, {}
    image_metrics = [m for m in metrics if m != "agreement"]
    if image_metrics:
        split_size = len(evaluate_lib._load_named(base, split)[0])
        n_real = int(num_real) if num_real is not None else min(n,
                                                                split_size)
        indices = evaluate_lib._subset_indices(split_size, n_real)
        for i, o in enumerate(names):
            wanted = list(image_metrics)
            reference, note = base, f"{base} {split} split"
            if i > 0:
                wanted = [m for m in wanted if m != "classifier"]
                reference = data_domains.reference_arrays(base, transform,
                                                          split, indices)
                note = f"{transform} of the {base} {split} split"
            protocol = {"reference": note,
                        "transform": None if i == 0 else transform}
            if not wanted:
                protocol["skipped"] = image_metrics
                per_domain[o] = protocol
                continue
            result = evaluate_lib.evaluate(
                images[o], dataset=reference, metrics=wanted, num_samples=n,
                seed=seed, progress=progress, split=split, num_real=n_real,
                generate_batch_size=generate_batch_size, **kwargs)
            protocol["protocol"] = result.pop("protocol")
            if "classifier" in image_metrics and "classifier" not in wanted:
                protocol["skipped"] = ["classifier (trained on the "
                                       "untransformed domain only)"]
            per_domain[o] = protocol
            for key, value in result.items():
                out[f"{key}_{o}"] = value
                if i == 0:  # the main output's, as for any generator
                    out[key] = value
    transformed = data_domains.transform_images(images[names[0]], transform)
    out["agreement"] = agreement_lib.agreement(images[names[1]], transformed)
    out["protocol"] = {
        "keras_gans_version": __version__,
        "metrics": list(metrics),
        "generator": _describe(generator),
        "outputs": list(names),
        "num_generated": n,
        "seed": seed,
        "dataset": dataset,
        "domains": per_domain,
        "agreement": {
            "definition": agreement_lib.DEFINITION,
            "transform": transform,
            "a": names[0], "b": names[1],
            "num_samples": n,
            "latents": "the same latents as the per-domain metrics"},
        "seconds": round(time.time() - start, 2),
    }
    if weights is not None:
        out["protocol"]["generator_weights"] = weights
    return out
