"""The FID floor of Fashion-MNIST: 10,000 real training images against the
10,000 test images, with the same protocol as keras_gans.metrics.evaluate
(Inception pool3, TF1 bilinear resize to 299, fid-helper / NVlabs weights).

    python benchmarks/fid_fashion_mnist_floor.py            # ~20k images
    python benchmarks/fid_fashion_mnist_floor.py --num 2000  # quicker

The training subset is the one evaluate() uses as reference: the first N of
numpy default_rng(0).permutation(60000). Also reports KID, precision/recall
(Inception space), the classifier scores, the FID with both square-root
methods (eigen and scipy.linalg.sqrtm), wall times and the machine load.
Uses a fresh cache folder so that nothing is read from an earlier run.
"""

import argparse
import importlib
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--num", type=int, default=10_000)
    parser.add_argument("--weights", default=None)
    parser.add_argument("--batch-size", type=int, default=100)
    args = parser.parse_args()
    os.environ["KERAS_GANS_CACHE"] = tempfile.mkdtemp(prefix="kg-floor-")
    load_start = os.getloadavg()
    t_start = time.perf_counter()

    from keras_gans import data
    from keras_gans.metrics import classifier
    from keras_gans.metrics.inception import network as inception
    from keras_gans.metrics.evaluate import real_statistics

    fid = importlib.import_module("keras_gans.metrics.fid")
    kid = importlib.import_module("keras_gans.metrics.kid")
    pr = importlib.import_module("keras_gans.metrics.precision_recall")

    x_test, _ = data.load_arrays("fashion_mnist", "test")
    x_test = x_test[:args.num]
    t0 = time.perf_counter()
    extractor = inception.get_extractor(args.weights,
                                        batch_size=args.batch_size)
    # the weights conversion is cached from earlier runs in the user cache;
    # here the cache is fresh, so this includes reading/converting them
    t_weights = time.perf_counter() - t0

    t0 = time.perf_counter()
    real = real_statistics("fashion_mnist", "train", args.num,
                           kinds=("inception", "classifier"),
                           weights=args.weights,
                           batch_size=args.batch_size, progress=True)
    t_real = time.perf_counter() - t0

    t0 = time.perf_counter()
    test_pool3 = extractor(x_test)["pool3"]
    clf_out = classifier.get_classifier("fashion_mnist")(x_test)
    t_test = time.perf_counter() - t0

    t0 = time.perf_counter()
    mu, sigma = fid.statistics(test_pool3)
    r = real["inception"]
    fid_eigen = fid.frechet_distance(mu, sigma, r["mu"], r["sigma"],
                                     method="eigen")
    t_fid = time.perf_counter() - t0
    t0 = time.perf_counter()
    fid_scipy = fid.frechet_distance(mu, sigma, r["mu"], r["sigma"],
                                     method="scipy")
    t_fid_scipy = time.perf_counter() - t0
    t0 = time.perf_counter()
    kid_mean, kid_std = kid.kid_from_features(test_pool3, r["features"])
    t_kid = time.perf_counter() - t0
    t0 = time.perf_counter()
    precision, recall = pr.precision_recall_from_features(r["features"],
                                                          test_pool3)
    t_pr = time.perf_counter() - t0
    rc = real["classifier"]
    cmu, csigma = fid.statistics(clf_out["features"])
    result = {
        "num_train": args.num, "num_test": len(x_test),
        "fid": fid_eigen, "fid_scipy_sqrtm": fid_scipy,
        "fid_relative_difference": abs(fid_eigen - fid_scipy) / fid_scipy,
        "kid": kid_mean, "kid_std": kid_std,
        "precision": precision, "recall": recall,
        "classifier_fid": fid.frechet_distance(cmu, csigma, rc["mu"],
                                               rc["sigma"]),
        "classifier_score_test":
            classifier.classifier_score_from_logits(clf_out["logits"]),
        "classifier_score_train":
            classifier.classifier_score_from_logits(rc["logits"]),
        "weights_sha256": extractor.info["weights_sha256"],
        "seconds": {
            "load_weights": round(t_weights, 1),
            "train_features_inception_and_classifier": round(t_real, 1),
            "test_features_inception_and_classifier": round(t_test, 1),
            "fid_eigen": round(t_fid, 2), "fid_scipy": round(t_fid_scipy, 2),
            "kid_100_subsets": round(t_kid, 1),
            "precision_recall": round(t_pr, 1),
            "total_wall": round(time.perf_counter() - t_start, 1)},
        "load_average_start": [round(v, 2) for v in load_start],
        "load_average_end": [round(v, 2) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
