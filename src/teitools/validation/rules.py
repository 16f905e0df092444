"""The codes `teitools validate` reports: a view of the one registry, :mod:`teitools.codes`."""

from __future__ import annotations

from teitools.codes import RULES as _ALL
from teitools.codes import Rule, hint

__all__ = ["RULES", "Rule", "hint"]

RULES: dict[str, Rule] = {code: rule for code, rule in _ALL.items() if "validate" in rule.commands}
