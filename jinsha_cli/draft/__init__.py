"""Drafting: fact files and rules drafted from a document, and coverage."""
