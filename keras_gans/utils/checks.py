"""Argument checks shared by every layer of the package (a leaf)."""

import math

__all__ = ["check_finite_float", "check_num_classes", "check_positive_int"]


def check_finite_float(value, name, hint=""):
    """``value`` as a finite Python float (bools, NaN, infinities and
    non-numbers refused); else ``ValueError`` "<name> must be a finite
    number (<hint>); received <value>"."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = None
    if out is None or isinstance(value, bool) or not math.isfinite(out):
        raise ValueError(f"{name} must be a finite number"
                         f"{f' ({hint})' if hint else ''}; received "
                         f"{value!r}.")
    return out


def check_positive_int(value, name):
    """``value`` as an int >= 1 (bools refused); else ``ValueError``
    "<name> must be a positive integer; received <value>"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) and \
            not hasattr(value, "__index__") or int(value) != value or \
            value < 1:
        raise ValueError(f"{name} must be a positive integer; received "
                         f"{value!r}.")
    return int(value)


def check_num_classes(num_classes, name="num_classes"):
    """``num_classes`` as an int >= 2 (the one class-count check of the
    networks, the variants and the declared inputs)."""
    if num_classes is None or isinstance(num_classes, bool) or \
            not isinstance(num_classes, (int, float)) and not hasattr(
                num_classes, "__index__") or \
            int(num_classes) != num_classes or num_classes < 2:
        raise ValueError(
            f"{name} must be an integer >= 2; received {num_classes!r}.")
    return int(num_classes)
