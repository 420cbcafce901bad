"""TF Serving's Predict contract (gRPC protos and REST JSON) answered by an
exported generator, in-process."""

import json

import keras
import numpy as np
import pytest
import tensorflow as tf

# scripts/install.sh installs tensorflow-serving-api: a missing package
# must fail these tests, not skip them
from tensorflow_serving.apis import predict_pb2

from keras_gans import GAN, export, networks
from keras_gans.export import serving

SHAPE = (8, 8, 1)
LATENT = 4


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    keras.utils.set_random_seed(3)
    gan = GAN(networks.dcgan_generator(SHAPE, latent_dim=LATENT, width=4),
              networks.dcgan_discriminator(SHAPE, width=4), seed=0)
    path = export.save_generator(gan, tmp_path_factory.mktemp("m") / "dcgan")
    return gan, tf.saved_model.load(path), path


def _latent(n=3):
    return np.random.RandomState(1).normal(size=(n, LATENT)).astype(
        "float32")


def test_grpc_predict_round_trip(model):
    gan, loaded, _ = model
    z = _latent()
    request = serving.make_request({"latent": z}, model_name="dcgan",
                                   version=1)
    # what travels on the wire
    wire = predict_pb2.PredictRequest.FromString(request.SerializeToString())
    response = serving.predict(loaded, wire)
    response = predict_pb2.PredictResponse.FromString(
        response.SerializeToString())
    assert response.model_spec.name == "dcgan"
    assert response.model_spec.version.value == 1
    assert response.model_spec.signature_name == "serving_default"
    out = serving.response_to_numpy(response)
    assert set(out) == {"images", "images_float"}
    assert out["images"].dtype == np.uint8
    assert out["images"].shape == (3, *SHAPE)
    expected = keras.ops.convert_to_numpy(gan.generator(z, training=False))
    np.testing.assert_allclose(out["images_float"], expected, atol=1e-5)
    np.testing.assert_array_equal(
        out["images"], np.clip(np.rint((out["images_float"] + 1) * 127.5),
                               0, 255).astype(np.uint8))


def test_grpc_generate_signature_and_output_filter(model):
    gan, loaded, path = model
    request = serving.make_request(
        {"num_images": np.int32(4), "seed": np.int64(9)},
        signature_name="generate", output_filter=["images"])
    response = serving.predict(path, request)  # a path works too
    out = serving.response_to_numpy(response)
    assert list(out) == ["images"]
    expected = gan.generate(4, seed=9)
    np.testing.assert_allclose(out["images"].astype(np.float32) / 127.5 - 1,
                               expected, atol=1 / 127.5 + 1e-6)


def test_grpc_requests_a_server_would_reject(model):
    _, loaded, _ = model
    with pytest.raises(serving.ServingError, match='"decode" not found'):
        serving.predict(loaded, serving.make_request(
            {"latent": _latent()}, signature_name="decode"))
    with pytest.raises(serving.ServingError,
                       match="expects float32 but float64 is provided"):
        serving.predict(loaded, serving.make_request(
            {"latent": _latent().astype("float64")}))
    with pytest.raises(serving.ServingError, match=r"missing \['latent'\]"):
        serving.predict(loaded, serving.make_request({"z": _latent()}))
    with pytest.raises(serving.ServingError, match="expects shape"):
        serving.predict(loaded, serving.make_request(
            {"latent": _latent()[:, :2]}))
    with pytest.raises(serving.ServingError, match="output_filter names"):
        serving.predict(loaded, serving.make_request(
            {"latent": _latent()}, output_filter=["pixels"]))
    with pytest.raises(serving.ServingError, match="num_images must be"):
        serving.predict(loaded, serving.make_request(
            {"num_images": np.int32(0), "seed": np.int64(1)},
            signature_name="generate"))


def test_rest_columnar_and_row_formats(model):
    gan, loaded, _ = model
    z = _latent(2)
    expected = keras.ops.convert_to_numpy(gan.generator(z, training=False))
    # the body documented in zoo/SERVING.md
    body = json.dumps({"signature_name": "generate",
                       "inputs": {"num_images": 2, "seed": 7}})
    out = serving.predict_rest(loaded, body)["outputs"]
    assert np.array(out["images"]).shape == (2, *SHAPE)
    np.testing.assert_allclose(np.array(out["images_float"]),
                               gan.generate(2, seed=7), atol=1e-5)
    rows = serving.predict_rest(
        loaded, {"instances": [{"latent": v} for v in z.tolist()]})
    assert len(rows["predictions"]) == 2
    np.testing.assert_allclose(
        np.array([r["images_float"] for r in rows["predictions"]]),
        expected, atol=1e-5)
    # a single input may be given bare
    bare = serving.predict_rest(loaded, {"instances": z.tolist()})
    assert np.array(bare["predictions"][1]["images"]).shape == SHAPE
    cols = serving.predict_rest(loaded, {"inputs": z.tolist()})
    np.testing.assert_allclose(np.array(cols["outputs"]["images_float"]),
                               expected, atol=1e-5)


def test_rest_errors(model):
    _, loaded, _ = model
    with pytest.raises(serving.ServingError, match="exactly one of"):
        serving.predict_rest(loaded, {"inputs": {}, "instances": []})
    with pytest.raises(serving.ServingError, match="row format cannot"):
        serving.predict_rest(loaded, {"signature_name": "generate",
                                      "instances": [{"num_images": 1,
                                                     "seed": 1}]})
    with pytest.raises(serving.ServingError, match="not JSON"):
        serving.predict_rest(loaded, "{latent: 1")


@pytest.fixture(scope="module")
def conditional(tmp_path_factory):
    """A tiny conditional generator with 10 classes, exported."""
    from keras_gans import zoo

    keras.utils.set_random_seed(4)
    gan = zoo.build("cgan", SHAPE, width=4, latent_dim=LATENT)
    path = export.save_generator(gan, tmp_path_factory.mktemp("c") / "cgan")
    return gan, tf.saved_model.load(path)


def test_grpc_num_images_above_the_cap_is_invalid_argument(model):
    _, loaded, _ = model
    cap = export.MAX_NUM_IMAGES
    response = serving.predict(loaded, serving.make_request(
        {"num_images": np.int32(cap), "seed": np.int64(0)},
        signature_name="generate", output_filter=["images"]))
    assert serving.response_to_numpy(response)["images"].shape[0] == cap
    with pytest.raises(serving.ServingError,
                       match=r"Signature 'generate' failed "
                       r"\(INVALID_ARGUMENT\): num_images must be at most "
                       r"1024"):
        serving.predict(loaded, serving.make_request(
            {"num_images": np.int32(cap + 1), "seed": np.int64(0)},
            signature_name="generate"))
    with pytest.raises(serving.ServingError,
                       match="num_images must be at most 1024"):
        serving.predict_rest(loaded, {"signature_name": "generate",
                                      "inputs": {"num_images": 100000,
                                                 "seed": 1}})


def test_grpc_labels_out_of_range_are_invalid_argument(conditional):
    gan, loaded = conditional
    z = _latent(2)
    good = serving.predict(loaded, serving.make_request(
        {"latent": z, "labels": np.array([0, 9], np.int32)}))
    expected = keras.ops.convert_to_numpy(gan.generator_call(
        {"latent": z, "labels": np.array([0, 9], np.int32)}))
    np.testing.assert_allclose(
        serving.response_to_numpy(good)["images_float"], expected,
        atol=1e-5)
    for bad in ([0, 10], [-1, 0]):
        with pytest.raises(serving.ServingError,
                           match=r"Signature 'serving_default' failed "
                           r"\(INVALID_ARGUMENT\): labels must be class ids "
                           r"in \[0, 10\)"):
            serving.predict(loaded, serving.make_request(
                {"latent": z, "labels": np.array(bad, np.int32)}))
        with pytest.raises(serving.ServingError,
                           match=r"Signature 'generate_conditioned' failed "
                           r"\(INVALID_ARGUMENT\): labels must be class ids "
                           r"in \[0, 10\)") as error:
            serving.predict(loaded, serving.make_request(
                {"labels": np.array(bad, np.int32), "seed": np.int64(0)},
                signature_name="generate_conditioned"))
        assert error.value.code == "INVALID_ARGUMENT"
        assert f"[{bad[0]} {bad[1]}]" in str(error.value)  # the values
    with pytest.raises(serving.ServingError,
                       match=r"labels must be class ids in \[0, 10\)"):
        serving.predict_rest(loaded, {"instances": [
            {"latent": z[0].tolist(), "labels": 10}]})
