"""Rule syntax and its evaluator."""
