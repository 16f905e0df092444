"""teitools: plain text to TEI P5, TEI validation for CI, and TEI export."""

__version__ = "0.1.0"
