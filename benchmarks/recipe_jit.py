"""Per recipe: is the XLA-compiled train step faster here? The recipe's own
networks and settings, real Fashion-MNIST (or mnist_5k) batches, with and
without ``jit_compile``, timed alternately (A B A B) after warm-up.

    python benchmarks/recipe_jit.py                          # every recipe
    python benchmarks/recipe_jit.py --recipes dcgan,gan --steps 60 --rounds 4

Prints one JSON row per recipe: median images/s without and with XLA and
their ratio, and how long the input pipeline alone takes to deliver a batch
(an upper bound of the step's input wait: ``prefetch`` overlaps it with the
step); ``RESULTS.md`` records them and the defaults they set
(``Recipe.jit_compile``).
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

from keras_gans import data, zoo  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", help="comma-separated (default: all)")
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    names = args.recipes.split(",") if args.recipes else zoo.names()
    for name in names:
        recipe = zoo.get(name)
        per_step = args.batch_size * recipe.d_steps
        ds = data.load(recipe.dataset, batch_size=per_step,
                       drop_remainder=True, with_labels=recipe.with_labels,
                       seed=0).repeat()
        gans = {}
        for jit in (False, True):
            keras.utils.set_random_seed(0)
            gans[jit] = recipe.build(compile=True, jit_compile=jit)
            gans[jit].fit(ds, epochs=1, steps_per_epoch=3, verbose=0)
        times = {False: [], True: []}
        for _ in range(args.rounds):
            for jit, gan in gans.items():
                t0 = time.perf_counter()
                gan.fit(ds, epochs=1, steps_per_epoch=args.steps, verbose=0)
                times[jit].append(time.perf_counter() - t0)
        rate = {jit: per_step * args.steps / statistics.median(t)
                for jit, t in times.items()}
        # the input pipeline alone: how long a batch takes to arrive
        it = iter(ds)
        next(it)
        t0 = time.perf_counter()
        for _ in range(args.steps):
            next(it)
        input_ms = 1000 * (time.perf_counter() - t0) / args.steps
        step_ms = 1000 * statistics.median(times[False]) / args.steps
        print(json.dumps({
            "recipe": name, "d_steps": recipe.d_steps,
            "images_per_second_median": {"no_jit": round(rate[False], 1),
                                         "jit": round(rate[True], 1)},
            "jit_speedup": round(rate[True] / rate[False], 3),
            "input_ms_per_batch": round(input_ms, 2),
            "step_ms_no_jit": round(step_ms, 1),
            "load_average": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
