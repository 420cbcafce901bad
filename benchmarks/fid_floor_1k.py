"""The FID/KID/classifier floor at the zoo's sample count: 1,000 real
Fashion-MNIST training images (a fixed random subset) scored exactly as the
zoo entries are (``keras-gans zoo evaluate``: 1,000 vs the first 1,000 of a
fixed permutation of the test split).

    python benchmarks/fid_floor_1k.py [--dataset fashion_mnist]
"""

import argparse
import json

import numpy as np

from keras_gans import data
from keras_gans.metrics import evaluate


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", default="fashion_mnist")
    parser.add_argument("--num", type=int, default=1000)
    args = parser.parse_args()
    x, _ = data.load_arrays(args.dataset, "train")
    idx = np.random.default_rng(123).permutation(len(x))[:args.num]
    result = evaluate(x[idx], dataset=args.dataset, split="test",
                      metrics=("fid", "kid", "classifier"),
                      num_samples=args.num, value_range=(0, 255),
                      progress=False)
    print(json.dumps({k: v for k, v in result.items() if k != "protocol"},
                     indent=2))


if __name__ == "__main__":
    main()
