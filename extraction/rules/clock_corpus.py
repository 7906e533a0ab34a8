"""Corpus of clock times (rules in clock.py), read by timex only. REF: Monday 2026-11-23."""

READS = []
NOT_OBLIGATIONS = []
