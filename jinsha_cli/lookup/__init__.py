"""Lookups: search, fact and rule views."""
