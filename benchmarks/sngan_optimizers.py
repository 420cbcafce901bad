"""SN-GAN optimizer settings on its standard CNN critic (Fashion-MNIST).

    python benchmarks/sngan_optimizers.py --epochs 2 --out /tmp/sngan_opt

Trains the ``sngan`` recipe's networks and loss with each setting below and
writes sample grids and run.json per setting under ``--out``. Results are in
benchmarks/RESULTS.md.
"""

import argparse
import dataclasses
import json
import os

from keras_gans import training, zoo
from keras_gans.zoo.registry import adam

SETTINGS = {
    # Miyato et al. 2018, one of their Table 1 settings (the recipe's)
    "adam_2e-4_b0.5_0.999": adam(2e-4, 0.5, 0.999),
    # the same rate with SAGAN / BigGAN betas
    "adam_2e-4_b0_0.9": adam(2e-4, 0.0, 0.9),
    # SAGAN's two time-scale update rule (the recipe until 2026-11-27)
    "ttur_d4e-4_g1e-4_b0_0.9": adam(4e-4, 0.0, 0.9, g_learning_rate=1e-4),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", default="runs/sngan_optimizers")
    parser.add_argument("--only", choices=sorted(SETTINGS))
    args = parser.parse_args(argv)
    results = {}
    for name, optimizers in SETTINGS.items():
        if args.only and name != args.only:
            continue
        recipe = dataclasses.replace(zoo.get("sngan"), optimizers=optimizers)
        _, summary = training.train(
            recipe, dataset="fashion_mnist", epochs=args.epochs,
            out=os.path.join(args.out, name), verbose=2)
        results[name] = {"epoch_seconds": summary["epoch_seconds"],
                         "final_metrics": summary["final_metrics"],
                         "grids": summary["sample_grids"][-1:]}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
