"""Fact files: finding, loading, schema validation and the parse cache."""
