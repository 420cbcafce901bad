"""The ``keras-gans`` command: ``main`` builds the parser from the verb
modules (``main``: train, sample, evaluate; ``zoo``: zoo and export)."""

from keras_gans.cli.common import CLIError
from keras_gans.cli.main import build_parser, main

__all__ = ["CLIError", "build_parser", "main"]
