"""Allow ``python -m teitools``."""

from teitools.cli import main

main()
