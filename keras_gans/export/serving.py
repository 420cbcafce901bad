"""TF Serving's Predict contract, run in-process on an exported generator.

``tensorflow_model_server`` is a separate binary (the ``tensorflow/serving``
Docker image); this module runs the same request/response contract without
it, so a test can check that what a client sends to a server is answered by
the exported signatures:

- gRPC: :func:`make_request` builds a ``tensorflow.serving.PredictRequest``
  (the protos of the ``tensorflow-serving-api`` package), :func:`predict`
  answers it with a ``PredictResponse`` as the server would (signature by
  name, inputs by alias, exact dtypes, ``output_filter``).
- REST: :func:`predict_rest` answers the JSON body of
  ``POST /v1/models/NAME[/versions/N]:predict`` in the "columnar"
  (``{"inputs": ...}`` -> ``{"outputs": ...}``) and "row"
  (``{"instances": [...]}`` -> ``{"predictions": [...]}``) formats.

See ``zoo/SERVING.md`` for the docker command and client code. The protos
need ``pip install --no-deps tensorflow-serving-api`` (its dependency on the
full ``tensorflow`` wheel would clash with ``tensorflow-cpu``; the protobuf
and grpcio it needs come with TensorFlow).
"""

import json

import numpy as np
import tensorflow as tf
from keras_gans.export.saved_model import find_saved_model, load_saved_model

__all__ = ["make_request", "predict", "predict_rest", "response_to_numpy",
           "ServingError"]


class ServingError(ValueError):
    """A request TF Serving would reject (its INVALID_ARGUMENT errors);
    ``code`` is the gRPC status name."""

    code = "INVALID_ARGUMENT"


def _graph_error_message(error):
    """The readable part of a graph's ``InvalidArgumentError``: the text of
    a failed ``tf.debugging`` assertion (``assertion failed: [text] ...``)
    with the values it shows, else the whole message."""
    message = error.message
    marker = "assertion failed: ["
    start = message.find(marker)
    if start < 0:
        return message
    detail = message[start + len(marker):].split("\n", 1)[0]
    text, _, values = detail.partition("] ")
    values = values.split(" [[{{", 1)[0].strip()
    return f"{text} {values}".strip()


def _apis():
    try:
        from tensorflow_serving.apis import predict_pb2
    except ImportError as e:
        raise ImportError(
            "The PredictRequest protos come from the tensorflow-serving-api "
            "package: `pip install --no-deps tensorflow-serving-api` (the "
            "--no-deps keeps it from pulling the full tensorflow wheel next "
            "to tensorflow-cpu).") from e
    return predict_pb2


def _load(model):
    if isinstance(model, str) or hasattr(model, "__fspath__"):
        return load_saved_model(find_saved_model(model))
    return model


def _signature(model, name):
    name = name or "serving_default"
    signatures = model.signatures
    if name not in signatures:
        raise ServingError(
            f'Serving signature name: "{name}" not found in signature def; '
            f"available: {sorted(signatures)}.")
    return name, signatures[name]


def _input_specs(fn):
    return dict(fn.structured_input_signature[1])


def make_request(inputs, model_name="generator", signature_name=None,
                 version=None, output_filter=()):
    """A ``PredictRequest`` carrying the numpy-convertible ``inputs`` (a dict
    alias -> value; give values their signature's dtype, as a client must)."""
    predict_pb2 = _apis()
    request = predict_pb2.PredictRequest()
    request.model_spec.name = model_name
    if signature_name:
        request.model_spec.signature_name = signature_name
    if version is not None:
        request.model_spec.version.value = int(version)
    for alias, value in inputs.items():
        request.inputs[alias].CopyFrom(tf.make_tensor_proto(value))
    request.output_filter.extend(output_filter)
    return request


def _run(fn, arrays, signature):
    specs = _input_specs(fn)
    missing = sorted(set(specs) - set(arrays))
    unknown = sorted(set(arrays) - set(specs))
    if missing or unknown:
        raise ServingError(
            f"Signature {signature!r} takes inputs {sorted(specs)}; the "
            f"request is missing {missing} and has unexpected {unknown}.")
    feed = {}
    for alias, spec in specs.items():
        value = arrays[alias]
        if not isinstance(value, tf.Tensor):
            value = tf.convert_to_tensor(value)
        if value.dtype != spec.dtype:
            raise ServingError(
                f"Input {alias!r} of signature {signature!r} expects "
                f"{spec.dtype.name} but {value.dtype.name} is provided.")
        if not spec.shape.is_compatible_with(value.shape):
            raise ServingError(
                f"Input {alias!r} of signature {signature!r} expects shape "
                f"{spec.shape} but {value.shape} is provided.")
        feed[alias] = value
    try:
        return fn(**feed)
    except tf.errors.InvalidArgumentError as e:
        raise ServingError(
            f"Signature {signature!r} failed (INVALID_ARGUMENT): "
            f"{_graph_error_message(e)}") from e


def predict(model, request):
    """Answers a ``PredictRequest`` with the ``PredictResponse`` TF Serving
    would send. ``model``: a loaded SavedModel or its path."""
    predict_pb2 = _apis()
    model = _load(model)
    signature, fn = _signature(model, request.model_spec.signature_name)
    arrays = {alias: tf.constant(tf.make_ndarray(proto))
              for alias, proto in request.inputs.items()}
    outputs = _run(fn, arrays, signature)
    wanted = list(request.output_filter) or sorted(outputs)
    unknown = sorted(set(wanted) - set(outputs))
    if unknown:
        raise ServingError(
            f"output_filter names {unknown}, which signature {signature!r} "
            f"does not output; outputs: {sorted(outputs)}.")
    response = predict_pb2.PredictResponse()
    response.model_spec.CopyFrom(request.model_spec)
    response.model_spec.signature_name = signature
    for alias in wanted:
        response.outputs[alias].CopyFrom(
            tf.make_tensor_proto(outputs[alias].numpy()))
    return response


def response_to_numpy(response):
    """``{alias: numpy array}`` of a ``PredictResponse``."""
    return {alias: tf.make_ndarray(proto)
            for alias, proto in response.outputs.items()}


def _from_json(value, spec, alias):
    try:
        return tf.constant(np.asarray(value,
                                      dtype=spec.dtype.as_numpy_dtype))
    except (TypeError, ValueError) as e:
        raise ServingError(f"Input {alias!r}: cannot read {value!r} as "
                           f"{spec.dtype.name}: {e}") from e


def predict_rest(model, body):
    """Answers the JSON body (a dict or a string) of a REST predict request
    as TF Serving does; returns the JSON-ready response dict."""
    model = _load(model)
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError as e:
            raise ServingError(f"The request body is not JSON: {e}") from e
    if not isinstance(body, dict):
        raise ServingError("The request body must be a JSON object; "
                           f"received {type(body).__name__}.")
    has_inputs, has_instances = "inputs" in body, "instances" in body
    if has_inputs == has_instances:
        raise ServingError('The request must have exactly one of "inputs" '
                           '(columnar) or "instances" (row format).')
    signature, fn = _signature(model, body.get("signature_name"))
    specs = _input_specs(fn)
    if has_inputs:
        given = body["inputs"]
        if not isinstance(given, dict):
            if len(specs) != 1:
                raise ServingError(
                    f"Signature {signature!r} has inputs {sorted(specs)}: "
                    '"inputs" must be an object naming them.')
            given = {next(iter(specs)): given}
        arrays = {k: _from_json(v, specs[k], k) if k in specs else v
                  for k, v in given.items()}
        outputs = _run(fn, arrays, signature)
        result = {k: v.numpy().tolist() for k, v in outputs.items()}
        if len(result) == 1:
            return {"outputs": next(iter(result.values()))}
        return {"outputs": result}
    instances = body["instances"]
    if not isinstance(instances, list) or not instances:
        raise ServingError('"instances" must be a non-empty list.')
    if all(isinstance(i, dict) for i in instances):
        keys = set(instances[0])
        if any(set(i) != keys for i in instances):
            raise ServingError("Every instance must name the same inputs.")
        columns = {k: [i[k] for i in instances] for k in keys}
    elif len(specs) == 1:
        columns = {next(iter(specs)): instances}
    else:
        raise ServingError(
            f"Signature {signature!r} has inputs {sorted(specs)}: each "
            "instance must be an object naming them.")
    for alias, spec in specs.items():
        if spec.shape.rank == 0:
            raise ServingError(
                f"Input {alias!r} of signature {signature!r} is a scalar, "
                'which the row format cannot carry; use "inputs".')
    arrays = {k: _from_json(v, specs[k], k) if k in specs else v
              for k, v in columns.items()}
    outputs = _run(fn, arrays, signature)
    rows = []
    for n in range(len(instances)):
        row = {k: v[n].numpy().tolist() for k, v in outputs.items()}
        rows.append(next(iter(row.values())) if len(row) == 1 else row)
    return {"predictions": rows}
