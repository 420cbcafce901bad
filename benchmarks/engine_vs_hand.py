"""The engine against a hand-written keras.io-style GAN loop, side by side.

    python benchmarks/engine_vs_hand.py                   # all configurations
    python benchmarks/engine_vs_hand.py --steps 30 --rounds 5 --only hand,engine

Networks: the TensorFlow DCGAN tutorial's for 28x28x1 (Dense 7*7*256 ->
ConvT 128/64/1 with 5x5 kernels and batch norm; D: Conv 64/128 5x5 stride 2,
LeakyReLU, dropout 0.3), batch 64 of random images, non-saturating loss,
Adam 2e-4 (beta_1 0.5). Configurations:

    hand        the hand loop: one generator forward shared by both updates
                (simultaneous update, as the TF tutorial and keras.io)
    hand_xla    the same, jit_compile=True
    hand_bf16   the hand loop, networks under the mixed_bfloat16 policy (what
                bfloat16 buys on this CPU for these networks, without the
                engine)
    hand_seq    the hand loop with the engine's sequential algorithm (D
                update, then G on new latents: two generator forwards);
                the engine's overhead is its ratio to this one
    hand_seq_bf16
    engine      keras_gans.GAN (sequential: D update, then G on new latents)
    engine_xla  keras_gans.GAN, jit_compile=True
    engine_bf16 keras_gans.GAN, networks under the mixed_bfloat16 policy
    engine_sim  keras_gans.GAN, compile(update="simultaneous") (if built)
    engine_sim_bf16
    recipe      the zoo's own "dcgan" recipe (its networks), engine default

Every model is built and warmed up (traced) first; then the timed runs
alternate A B C ... A B C ... for --rounds rounds of --steps steps each, so
that a drift of this machine's speed hits every configuration alike. A
round's time runs from the start of its first step to the end of its last
(not around ``fit``: see ``_StepWindow``). Prints
a JSON row per configuration: median and best images/s and the ratio to the
faster hand loop; the load average is printed too.
"""

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

import keras_gans  # noqa: E402

LATENT = 100
BATCH = 64


def tutorial_generator(dtype=None):
    z = keras.Input((LATENT,))
    h = layers.Dense(7 * 7 * 256, use_bias=False, dtype=dtype)(z)
    h = layers.BatchNormalization(dtype=dtype)(h)
    h = layers.LeakyReLU(dtype=dtype)(h)
    h = layers.Reshape((7, 7, 256), dtype=dtype)(h)
    for filters, stride in ((128, 1), (64, 2)):
        h = layers.Conv2DTranspose(filters, 5, strides=stride, padding="same",
                                   use_bias=False, dtype=dtype)(h)
        h = layers.BatchNormalization(dtype=dtype)(h)
        h = layers.LeakyReLU(dtype=dtype)(h)
    out = layers.Conv2DTranspose(1, 5, strides=2, padding="same",
                                 use_bias=False, dtype=dtype)(h)
    out = layers.Activation("tanh", dtype="float32")(out)
    return keras.Model(z, out)


def tutorial_discriminator(dtype=None):
    x = keras.Input((28, 28, 1))
    h = x
    for filters in (64, 128):
        h = layers.Conv2D(filters, 5, strides=2, padding="same",
                          dtype=dtype)(h)
        h = layers.LeakyReLU(dtype=dtype)(h)
        h = layers.Dropout(0.3, dtype=dtype)(h)
    h = layers.Flatten(dtype=dtype)(h)
    return keras.Model(x, layers.Dense(1, dtype="float32")(h))


class HandGAN(keras.Model):
    """The keras.io / TF-tutorial loop: both updates from one generator
    forward."""

    def __init__(self, generator, discriminator):
        super().__init__()
        self.generator = generator
        self.discriminator = discriminator
        self.bce = keras.losses.BinaryCrossentropy(from_logits=True)
        self.d_tracker = keras.metrics.Mean(name="d_loss")
        self.g_tracker = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_tracker, self.g_tracker]

    def compile(self, **kwargs):
        super().compile(**kwargs)
        self.d_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
        self.g_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
        self.d_optimizer.build(self.discriminator.trainable_variables)
        self.g_optimizer.build(self.generator.trainable_variables)

    def train_step(self, real):
        z = keras.random.normal((tf.shape(real)[0], LATENT))
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            fake = self.generator(z, training=True)
            real_out = self.discriminator(real, training=True)
            fake_out = self.discriminator(fake, training=True)
            g_loss = self.bce(tf.ones_like(fake_out), fake_out)
            d_loss = (self.bce(tf.ones_like(real_out), real_out) +
                      self.bce(tf.zeros_like(fake_out), fake_out))
        g_vars = self.generator.trainable_variables
        d_vars = self.discriminator.trainable_variables
        self.g_optimizer.apply_gradients(
            zip(g_tape.gradient(g_loss, g_vars), g_vars))
        self.d_optimizer.apply_gradients(
            zip(d_tape.gradient(d_loss, d_vars), d_vars))
        self.d_tracker.update_state(d_loss)
        self.g_tracker.update_state(g_loss)
        return {"d_loss": self.d_tracker.result(),
                "g_loss": self.g_tracker.result()}


class HandSequentialGAN(HandGAN):
    """The same hand loop with the engine's algorithm: the discriminator is
    updated first, then the generator on new latents against the updated
    discriminator (a second generator forward). Its speed is what the
    sequential engine would reach with no overhead of its own."""

    def train_step(self, real):
        n = tf.shape(real)[0]
        g_vars = self.generator.trainable_variables
        d_vars = self.discriminator.trainable_variables
        fake = self.generator(keras.random.normal((n, LATENT)),
                              training=True)
        with tf.GradientTape() as d_tape:
            real_out = self.discriminator(real, training=True)
            fake_out = self.discriminator(fake, training=True)
            d_loss = (self.bce(tf.ones_like(real_out), real_out) +
                      self.bce(tf.zeros_like(fake_out), fake_out))
        self.d_optimizer.apply_gradients(
            zip(d_tape.gradient(d_loss, d_vars), d_vars))
        with tf.GradientTape() as g_tape:
            fake_out = self.discriminator(
                self.generator(keras.random.normal((n, LATENT)),
                               training=True), training=True)
            g_loss = self.bce(tf.ones_like(fake_out), fake_out)
        self.g_optimizer.apply_gradients(
            zip(g_tape.gradient(g_loss, g_vars), g_vars))
        self.d_tracker.update_state(d_loss)
        self.g_tracker.update_state(g_loss)
        return {"d_loss": self.d_tracker.result(),
                "g_loss": self.g_tracker.result()}


def build(name):
    keras.utils.set_random_seed(0)
    bf16 = name.endswith("bf16")
    dtype = "mixed_bfloat16" if bf16 else None
    jit = name.endswith("xla")
    if name.startswith("hand"):
        cls = HandSequentialGAN if name.startswith("hand_seq") else HandGAN
        model = cls(tutorial_generator(dtype), tutorial_discriminator(dtype))
        model.compile(jit_compile=jit)
        return model
    if name == "recipe":
        return keras_gans.zoo.get("dcgan").build((28, 28, 1), compile=True)
    gan = keras_gans.GAN(tutorial_generator(dtype),
                         tutorial_discriminator(dtype), seed=0)
    extra = {"update": "simultaneous"} if "_sim" in name else {}
    gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                loss="non_saturating", jit_compile=jit, **extra)
    return gan


class _StepWindow(keras.callbacks.Callback):
    """Seconds from the start of the first batch to the end of the last.

    A ``fit`` call can return seconds after its last step: deleting the
    ``tf.data`` iterator waits for the autotuning thread (measured here:
    30-step rounds of 5-6 s of steps returned after exactly 10.23 s in
    most rounds, for the hand loop and the engine alike), so wall time
    around ``fit`` measures that wait, not the training step."""

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.seconds = time.perf_counter() - self.start


CONFIGS = ("hand", "hand_xla", "hand_bf16", "hand_seq", "hand_seq_bf16",
           "engine", "engine_xla", "engine_bf16",
           "engine_sim", "engine_sim_bf16", "recipe")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="comma-separated configurations")
    parser.add_argument("--threads", metavar="INTER,INTRA",
                        help="TensorFlow's inter-op and intra-op thread "
                        "counts (default: TensorFlow's choice)")
    parser.add_argument("--per-round", action="store_true",
                        help="print every timed round: seconds and process "
                        "CPU time / wall time (about 1 = one core busy)")
    args = parser.parse_args()
    if args.threads:
        inter, intra = (int(x) for x in args.threads.split(","))
        tf.config.threading.set_inter_op_parallelism_threads(inter)
        tf.config.threading.set_intra_op_parallelism_threads(intra)
    names = args.only.split(",") if args.only else list(CONFIGS)
    rng = np.random.default_rng(0)
    images = rng.uniform(-1, 1, (BATCH * 8, 28, 28, 1)).astype("float32")
    ds = tf.data.Dataset.from_tensor_slices(images).batch(
        BATCH, drop_remainder=True).cache().repeat().prefetch(4)
    models = {}
    for name in names:
        try:
            models[name] = build(name)
        except (TypeError, ValueError) as e:  # e.g. no simultaneous update
            print(json.dumps({"config": name, "skipped": str(e)}))
            continue
        models[name].fit(ds, epochs=1, steps_per_epoch=5, verbose=0)
    times = {name: [] for name in models}
    window = _StepWindow()
    for r in range(args.rounds):
        for name, model in models.items():
            start, cpu = time.perf_counter(), time.process_time()
            model.fit(ds, epochs=1, steps_per_epoch=args.steps, verbose=0,
                      callbacks=[window])
            end = time.perf_counter()
            times[name].append(window.seconds)
            if args.per_round:
                print(json.dumps({
                    "round": r, "config": name,
                    "steps_seconds": round(window.seconds, 3),
                    "fit_seconds": round(end - start, 3),
                    "cpu_per_wall": round((time.process_time() - cpu) /
                                          (end - start), 2)}), flush=True)
    rates = {name: BATCH * args.steps / statistics.median(t)
             for name, t in times.items()}
    hand = max((rates[n] for n in ("hand", "hand_xla") if n in rates),
               default=None)
    for name, t in times.items():
        print(json.dumps({
            "config": name,
            "images_per_second_median": round(rates[name], 1),
            "images_per_second_best": round(BATCH * args.steps / min(t), 1),
            "ratio_to_faster_hand_loop": round(rates[name] / hand, 3)
            if hand else None,
            "ratio_to_hand_seq": round(rates[name] / rates["hand_seq"], 3)
            if "hand_seq" in rates else None,
            "rounds": args.rounds, "steps": args.steps,
        }))
    print(json.dumps({"load_average": os.getloadavg(),
                      "cpus": os.cpu_count(),
                      "tensorflow": tf.__version__,
                      "keras": keras.__version__}))


if __name__ == "__main__":
    main()
