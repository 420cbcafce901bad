"""What every verb module of the CLI shares: the one-line user error and
the argument types."""

import argparse

__all__ = ["CLIError", "positive_int", "image_shape"]


class CLIError(Exception):
    """A user error: printed as one line, exit status 2."""


def positive_int(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a positive integer, received {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a positive integer, received {value}")
    return value


def image_shape(text):
    try:
        parts = [int(p) for p in text.lower().replace("x", ",").split(",")]
    except ValueError:
        parts = []
    if len(parts) != 3:
        raise argparse.ArgumentTypeError(
            f"expected HxWxC such as 32x32x3, received {text!r}")
    return tuple(parts)
