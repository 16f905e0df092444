"""Validating TEI: RELAX NG, Schematron and integrity checks."""
