"""Does the EMA generator need its own batch-norm statistics?

``GAN(ema_decay=...)`` averages the generator's trainable weights and copies
its batch-norm moving statistics (the statistics of the *trained*
generator's activations, not of the averaged one's). This measures, on one
checkpoint, the FID of

  live     the trained generator (``use_ema=False``),
  ema      the EMA copy with the trained generator's statistics (what the
           EMA update copies),
  ema+bn   the EMA copy after recomputing every batch-norm layer's
           statistics from the EMA copy's own activations ("standing
           statistics", ``keras_gans.engine.ema.standing_statistics``:
           the mean of per-batch means and variances over
           ``--recal-batches`` batches of drawn latents of the training
           batch size; what ``keras-gans train`` now does every epoch),

all on the same ``--num-samples`` latents (seed 0) against as many test
images. Usage::

    python benchmarks/ema_batchnorm.py runs/dcgan-fashion-mnist/checkpoints/step-00022488.keras \
        --dataset fashion_mnist --num-samples 1000
"""

import argparse
import json

import keras_gans
from keras_gans.engine import ema
from keras_gans.metrics import evaluate


def copy_statistics(gan):
    """What the EMA update leaves: the trained generator's statistics."""
    for ema_bn, bn in zip(ema.batch_norm_layers(gan.generator_ema),
                          ema.batch_norm_layers(gan.generator)):
        ema_bn.moving_mean.assign(bn.moving_mean)
        ema_bn.moving_variance.assign(bn.moving_variance)


def fid(gan, args, use_ema):
    """FID of the GAN's samples, from the EMA copy or the trained
    generator."""
    return evaluate(gan, dataset=args.dataset, metrics=("fid",),
                    num_samples=args.num_samples, seed=0, split="test",
                    progress=False, use_ema=use_ema)["fid"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("--dataset", default="fashion_mnist")
    parser.add_argument("--num-samples", type=int, default=1000)
    parser.add_argument("--recal-batches", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    gan = keras_gans.zoo.load_gan(args.checkpoint)
    result = {"checkpoint": args.checkpoint,
              "num_samples": args.num_samples,
              "live": fid(gan, args, False)}
    copy_statistics(gan)   # (a checkpoint of keras-gans train has its own)
    result["ema"] = fid(gan, args, True)
    result["batch_norm_layers"] = ema.standing_statistics(
        gan, num_batches=args.recal_batches, batch_size=args.batch_size)
    result["ema+bn"] = fid(gan, args, True)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
