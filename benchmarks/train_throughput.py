"""Times GAN train steps and prints images per second.

    python benchmarks/train_throughput.py                 # DCGAN 28x28x1, batch 64
    python benchmarks/train_throughput.py --recipe gan --batch-size 128

Real Fashion-MNIST batches from keras_gans.data (cached in memory), one
warm-up epoch (graph tracing) that is not timed, then --repeats timed epochs
of --steps generator steps each. "images/s" counts real images consumed,
i.e. steps * d_steps * batch_size per second. Run it on a quiet machine: the
numbers are only as good as the load allows (the load average is printed).
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", default="dcgan")
    parser.add_argument("--dataset", default="fashion_mnist")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--width", type=int)
    args = parser.parse_args()

    import keras

    from keras_gans import data, zoo

    recipe = zoo.get(args.recipe)
    keras.utils.set_random_seed(0)
    overrides = {"width": args.width} if args.width else {}
    gan = recipe.build(compile=True, **overrides)
    per_step = args.batch_size * gan.d_steps
    ds = data.load(args.dataset, batch_size=per_step, drop_remainder=True,
                   with_labels=recipe.with_labels, seed=0).repeat()
    gan.fit(ds, epochs=1, steps_per_epoch=5, verbose=0)  # trace + warm up
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        gan.fit(ds, epochs=1, steps_per_epoch=args.steps, verbose=0)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    result = {
        "recipe": recipe.name,
        "batch_size": args.batch_size,
        "d_steps": gan.d_steps,
        "steps_per_repeat": args.steps,
        "ms_per_step_median": round(1000 * median / args.steps, 1),
        "images_per_second_median": round(per_step * args.steps / median, 1),
        "images_per_second_best": round(per_step * args.steps / best, 1),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
