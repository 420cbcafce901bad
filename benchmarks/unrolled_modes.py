"""Mode collapse on 2-D mixtures: the plain GAN against the unrolled GAN.

The setting of Metz et al. 2017 (appendix A), for both models: generator
MLP 256 -> 128 -> 128 -> 2 (ReLU), discriminator MLP on x / 4 -> 128 -> 1,
non-saturating loss, Adam(1e-4, beta_1=0.5) for the discriminator and
Adam(1e-3, beta_1=0.5) for the generator, batch 512; the unrolled GAN
looks 5 discriminator (Adam) steps ahead and backpropagates through them.
Same networks, steps and seeds for both; modes covered and the share of
high-quality samples (VEEGAN / PacGAN protocol: 2,500 samples, 3 std) after
training, and the training time per step. Writes one scatter picture per
run (the seed-0 ones are committed in benchmarks/unrolled_modes/).

    python benchmarks/unrolled_modes.py --steps 3000 --seeds 3 \
        --out benchmarks/unrolled_modes

``--setting reference`` is the authors' released notebook instead: both
learning rates 1e-4 (Adam epsilon 1e-8), orthogonal initial weights with
gain 0.8, the minimax loss (the generator ascends the discriminator's
cross-entropy), meant for 20,000+ steps:

    python benchmarks/unrolled_modes.py --setting reference --steps 20000 \
        --seeds 3 --out benchmarks/unrolled_modes_reference

(The notebook updates both networks from the same weights in one session
run; here the discriminator step comes first, as in the engine's default.)
"""

import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from keras_gans import data, networks  # noqa: E402
from keras_gans.training.scatter import scatter_picture  # noqa: E402
from keras_gans.utils.images import save_png  # noqa: E402
from keras_gans.variants import UnrolledGAN  # noqa: E402


SETTINGS = {
    # the paper's appendix as the session-20 runs used it
    "paper": dict(d_lr=1e-4, g_lr=1e-3, epsilon=1e-7,
                  init="glorot_uniform", loss="non_saturating"),
    # the authors' released notebook
    "reference": dict(d_lr=1e-4, g_lr=1e-4, epsilon=1e-8,
                      init={"class_name": "Orthogonal",
                            "config": {"gain": 0.8}},
                      loss="minimax"),
}


def run(mixture, unroll_steps, seed, steps, batch_size, setting):
    keras.utils.set_random_seed(seed)
    s = SETTINGS[setting]
    gan = UnrolledGAN(
        networks.point_generator(kernel_initializer=s["init"]),
        networks.point_discriminator(kernel_initializer=s["init"]),
        unroll_steps=unroll_steps, seed=seed)
    gan.compile(d_optimizer=keras.optimizers.Adam(
                    s["d_lr"], beta_1=0.5, epsilon=s["epsilon"]),
                g_optimizer=keras.optimizers.Adam(
                    s["g_lr"], beta_1=0.5, epsilon=s["epsilon"]),
                loss=s["loss"])
    ds = data.load_mixture(mixture, batch_size=batch_size,
                           num_samples=batch_size * 100, seed=seed).repeat()
    gan.fit(ds, epochs=1, steps_per_epoch=10, verbose=0)   # trace, warm up
    start = time.perf_counter()
    gan.fit(ds, epochs=1, steps_per_epoch=steps - 10, verbose=0)
    per_step = (time.perf_counter() - start) / (steps - 10)
    samples = gan.generate(2500, seed=1000 + seed)
    return data.get_mixture(mixture).evaluate(samples), per_step, samples


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=512)
    p.add_argument("--unroll", type=int, default=5)
    p.add_argument("--mixtures", default="ring8,grid25")
    p.add_argument("--out", default="benchmarks/unrolled_modes")
    p.add_argument("--setting", choices=sorted(SETTINGS), default="paper")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for mixture in args.mixtures.split(","):
        for seed in range(args.seeds):
            # alternate the two models so drift of the machine's speed hits
            # both alike
            for name, k in (("gan", 0), (f"unrolled k={args.unroll}",
                                         args.unroll)):
                metrics, per_step, samples = run(mixture, k, seed,
                                                 args.steps, args.batch_size,
                                                 args.setting)
                tag = f"{mixture}_{'gan' if k == 0 else 'unrolled'}_{seed}"
                save_png(scatter_picture(samples, mixture),
                         os.path.join(args.out, f"{tag}.png"))
                row = {"mixture": mixture, "model": name, "seed": seed,
                       "modes_covered": metrics["modes_covered"],
                       "num_modes": metrics["num_modes"],
                       "high_quality": metrics["high_quality"],
                       "ms_per_step": 1000 * per_step}
                rows.append(row)
                print(json.dumps(row), flush=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"args": vars(args), "runs": rows,
                   "load_average": os.getloadavg()}, f, indent=1)
    print(f"\nsetting {args.setting}: {SETTINGS[args.setting]}\n"
          f"{args.steps} steps, batch {args.batch_size}, {args.seeds} "
          "seeds; mean (std over seeds)\n")
    print("| mixture | model | modes covered | high quality | ms/step |")
    print("|---|---|---|---|---|")
    for mixture in args.mixtures.split(","):
        for name in ("gan", f"unrolled k={args.unroll}"):
            sel = [r for r in rows if r["mixture"] == mixture
                   and r["model"] == name]
            m = np.array([r["modes_covered"] for r in sel], float)
            q = 100 * np.array([r["high_quality"] for r in sel])
            t = np.array([r["ms_per_step"] for r in sel])
            print(f"| {mixture} | {name} | {m.mean():.1f} ({m.std():.1f}) "
                  f"of {sel[0]['num_modes']} | {q.mean():.1f}% "
                  f"({q.std():.1f}) | {np.median(t):.1f} |")
    print(f"\nload average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
