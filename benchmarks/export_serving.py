"""Export and serving costs of a zoo generator (run by hand, not in CI).

    python benchmarks/export_serving.py [--entry dcgan-fashion-mnist]
        [--checkpoint runs/x/model.keras] [--repeats 20]

Measures, on this machine: the time to export a checkpoint (when given),
to load the SavedModel with ``tf.saved_model.load``, the latency of the
``serving_default`` signature at batch 1 and 64 and of ``generate``, and the
size of a REST JSON answer for 16 images. Prints one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _median_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return round(1000 * statistics.median(times), 2)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entry", default="dcgan-fashion-mnist")
    parser.add_argument("--checkpoint", help="also time exporting this "
                        ".keras checkpoint")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args(argv)

    import numpy as np
    import tensorflow as tf

    from keras_gans import export, zoo
    from keras_gans.export import serving

    result = {"entry": args.entry, "tensorflow": tf.__version__,
              "cpus": os.cpu_count()}
    if args.checkpoint:
        import keras

        zoo.names()
        gan = keras.saving.load_model(args.checkpoint, compile=False)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            export.save_generator(gan, os.path.join(tmp, "m"))
            result["export_seconds"] = round(time.perf_counter() - start, 2)
    path = zoo.download(args.entry, progress=False)
    start = time.perf_counter()
    model = tf.saved_model.load(path)
    result["load_seconds"] = round(time.perf_counter() - start, 2)
    serve = model.signatures["serving_default"]
    latent_dim = serve.structured_input_signature[1]["latent"].shape[-1]
    rng = np.random.RandomState(0)
    for batch in (1, 64):
        z = tf.constant(rng.normal(size=(batch, latent_dim)), tf.float32)
        ms = _median_ms(lambda: serve(latent=z), args.repeats)
        result[f"serving_default_batch{batch}_ms"] = ms
        result[f"serving_default_batch{batch}_images_per_s"] = round(
            1000 * batch / ms, 1)
    gen = model.signatures["generate"]
    result["generate_64_ms"] = _median_ms(
        lambda: gen(num_images=tf.constant(64),
                    seed=tf.constant(0, tf.int64)), args.repeats)
    answer = serving.predict_rest(model, {
        "signature_name": "generate",
        "inputs": {"num_images": 16, "seed": 0}})
    result["rest_answer_bytes_16_images"] = len(json.dumps(answer))
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
