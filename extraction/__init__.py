"""Pure extraction of time-boxed obligations from speech text (no I/O, no clock, no settings)."""

from .engine import extract
from .model import Every, Obligation, TimeBox, Within
from .timex import normalise

__all__ = ["extract", "normalise", "Obligation", "TimeBox", "Within", "Every"]
