"""Throughput of the FID Inception feature extractor on this machine.

    python benchmarks/inception_throughput.py                   # 50, 100, 200
    python benchmarks/inception_throughput.py --batch-sizes 50 --images 300
    python benchmarks/inception_throughput.py --compare --batch-sizes 50 \
        --images 200 --rounds 3     # folded vs unfolded batch norm, A B A B

Feeds 28x28 grayscale uint8 images (Fashion-MNIST-sized; the TF1 bilinear
resize to 299x299 and the channel replication are included in the timing, as
in a real evaluation) and reports images/s per batch size after one warm-up
batch. Prints the machine load (1-minute load average) before and after each
measurement: other processes sharing the CPU make the numbers noisy.
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))

import numpy as np  # noqa: E402

from keras_gans.metrics.inception import network as inception  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch-sizes", type=int, nargs="+",
                        default=[50, 100, 200])
    parser.add_argument("--images", type=int, default=400,
                        help="images timed per batch size (after warm-up)")
    parser.add_argument("--size", type=int, default=28,
                        help="input side (28: includes the resize to 299)")
    parser.add_argument("--weights", default=None,
                        help="Inception weights (default: auto; 'random' "
                             "works without any weights file)")
    parser.add_argument("--compare", action="store_true",
                        help="time the folded-BN forward (the default) "
                             "against the network as built, alternating")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.compare:
        return compare(args)
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (max(args.batch_sizes) + args.images,
                                   args.size, args.size, 1), dtype=np.uint8)
    extractor = inception.InceptionExtractor(args.weights)
    print(f"cpus: {os.cpu_count()}, weights: "
          f"{extractor.info['weights_source']}", flush=True)
    results = []
    for bs in args.batch_sizes:
        n = (args.images // bs) * bs or bs
        extractor(images[:bs], batch_size=bs)  # warm-up / tracing
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        out = extractor(images[:n], batch_size=bs)
        seconds = time.perf_counter() - t0
        load_after = os.getloadavg()[0]
        assert out["pool3"].shape == (n, 2048)
        row = {"batch_size": bs, "images": n, "seconds": round(seconds, 2),
               "images_per_second": round(n / seconds, 2),
               "load1_before": round(load_before, 2),
               "load1_after": round(load_after, 2)}
        results.append(row)
        print(json.dumps(row), flush=True)
    return results


def compare(args):
    """Folded vs unfolded forward, alternating, same images and batch."""
    import statistics

    rng = np.random.default_rng(0)
    bs = args.batch_sizes[0]
    n = max(bs, (args.images // bs) * bs)
    images = rng.integers(0, 256, (n, args.size, args.size, 1),
                          dtype=np.uint8)
    extractors = {"folded": inception.InceptionExtractor(args.weights),
                  "as_built": inception.InceptionExtractor(args.weights,
                                                           fold_bn=False)}
    outs = {k: e(images[:bs], batch_size=bs)["pool3"]  # warm-up / tracing
            for k, e in extractors.items()}
    diff = float(np.abs(outs["folded"] - outs["as_built"]).max())
    times = {k: [] for k in extractors}
    for _ in range(args.rounds):
        for k, e in extractors.items():
            t0 = time.perf_counter()
            e(images, batch_size=bs)
            times[k].append(time.perf_counter() - t0)
    rows = {k: n / statistics.median(v) for k, v in times.items()}
    print(json.dumps({
        "images": n, "batch_size": bs, "rounds": args.rounds,
        "images_per_second_median": {k: round(v, 2) for k, v in rows.items()},
        "speedup": round(rows["folded"] / rows["as_built"], 3),
        "max_abs_pool3_difference": diff,
        "weights": extractors["folded"].info["weights_source"],
        "load_average": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
