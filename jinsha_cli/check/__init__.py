"""Checking: rules, quotes and source documents, and statistics over a run."""
