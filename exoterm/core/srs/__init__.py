"""Spaced repetition: the FSRS-6 wrapper, study days, settings, card ids, fitting."""
