"""Exact arithmetic for scores: decide on exact fractions, round only for display."""

from __future__ import annotations

import math
from fractions import Fraction

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def exact(value: int | float | str | Fraction) -> Fraction:
    """Turn a JSON or user number into an exact fraction (0.1 stays one tenth)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(str(value))


def round_half_up(value: Fraction, places: int = 2) -> float:
    """Round a figure for display the way a report does: halves go away from zero."""
    scale = 10**places
    magnitude = math.floor(abs(value) * scale + Fraction(1, 2))
    return float(Fraction(magnitude if value >= 0 else -magnitude, scale))


def plain(value: Fraction) -> int | float:
    """Give an exact figure back as an int when it is whole, else as a float."""
    return int(value) if value.denominator == 1 else float(value)
