"""Readers: one module per input layout, each turning a Source into a Document."""
