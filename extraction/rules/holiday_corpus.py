"""Corpus of the festival family (rules in holiday.py). REF: Monday 2026-11-23."""

READS = []
NOT_OBLIGATIONS = []
