"""Shared core: exact numbers, intervals, units, figures in text, the fact-book model, text files."""
