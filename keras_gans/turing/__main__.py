"""``python -m keras_gans.turing ARGS``: ``keras-gans turing-test ARGS``."""

import os
import sys

# before anything imports TensorFlow (``keras_gans`` does)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from keras_gans.cli.turing import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
