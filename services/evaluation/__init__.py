"""Accuracy evaluations against ../shared/eval."""
