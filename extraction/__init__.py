"""Pure extraction of time-boxed obligations from speech text (no I/O, no clock, no settings)."""

from .engine import extract, read
from .model import Candidate, Every, ExtractedObligation, Kind, Reading, TimeBox, Within
from .timex import normalise

__all__ = ["extract", "read", "normalise", "ExtractedObligation", "Kind", "Candidate", "Reading", "TimeBox",
           "Within", "Every"]
