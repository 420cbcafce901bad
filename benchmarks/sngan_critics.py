"""Which spectrally normalised critic for the SN-GAN recipe?

Trains the ``sngan`` recipe (hinge loss, Adam D 4e-4 / G 1e-4, betas
(0, 0.9)) on Fashion-MNIST with two discriminators and writes each run's
sample grids, run.json and history under ``--out``:

    dcgan_sn      the DCGAN discriminator (two strided 4x4 convolutions)
                  with spectral norm on every layer, no batch norm
    standard_cnn  SN-GAN's standard CNN (Miyato et al. 2018, Table 3b),
                  width 32: what the recipe uses

    python benchmarks/sngan_critics.py --epochs 1 --out /tmp/sngan_critics

Results (look at the grids; the numbers are the last epoch's means) are in
benchmarks/RESULTS.md.
"""

import argparse
import dataclasses
import json
import os

from keras_gans import training, zoo
from keras_gans.zoo.recipes.classic import dcgan_networks


def variants():
    recipe = zoo.get("sngan")
    return {
        "dcgan_sn": dataclasses.replace(
            recipe, networks=dcgan_networks,
            network_options={"batch_norm": False, "spectral_norm": True}),
        "standard_cnn": recipe,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--out", default="runs/sngan_critics")
    parser.add_argument("--only", choices=sorted(variants()))
    args = parser.parse_args(argv)
    results = {}
    for name, recipe in variants().items():
        if args.only and name != args.only:
            continue
        _, summary = training.train(
            recipe, dataset="fashion_mnist", epochs=args.epochs,
            out=os.path.join(args.out, name), verbose=2)
        results[name] = {
            "epoch_seconds": summary["epoch_seconds"],
            "ms_per_step": round(1000 * summary["train_seconds"] /
                                 summary["generator_steps"], 1),
            "final_metrics": summary["final_metrics"],
            "grids": summary["sample_grids"][-1:],
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
