"""Pure extraction of time-boxed obligations from speech text (no I/O, no clock, no settings)."""

from .engine import extract, read
from .model import Candidate, Every, Obligation, Reading, TimeBox, Within
from .timex import normalise

__all__ = ["extract", "read", "normalise", "Obligation", "Candidate", "Reading", "TimeBox", "Within", "Every"]
