"""The one type every stage of ``teitools validate`` reports: a :class:`Finding`.

``validation.run.validate_file`` runs the stages on a document in this order, each returning
findings (never printing, never raising for a fault of the document):

- **plan** (``run.plan``): which schemas apply; a schema the document names that the store
  lacks (``SCH012``);
- **RELAX NG** (``rng.findings``, with ``blame`` for the faults in an element's content):
  repeated ids first (``integrity.repeated_ids``, ``ID001``: part of the grammar's verdict),
  then the ``RNG…`` faults;
- **Schematron** (``schematron.Checker.run``: XPath 1 rules through lxml, XPath 2 and 3 rules
  through ``schematron2``'s engine): ``SCH005`` to ``SCH007`` by the assertion's role;
- **integrity** (``integrity.check``): pointers, page sequence, notes, characters;
- **workers** (``run.check``): a document whose worker died (``VAL001``, the batch engine's
  diagnostic for every command, taken as a finding by :meth:`Finding.of`).

A finding is shaped after jsonschema's ``ValidationError``: *where* (``line``, ``column``, the
``node`` and its ``xpath``), *what* (``code``, ``message``, ``severity``), *which rule*
(``pattern``, ``context``, ``test``, ``kind``, ``role``, ``assertion_id``) and *which schema*
(``schema``), each a field, none pasted into the message. :meth:`Finding.diagnostic` makes the
:class:`~teitools.diagnostics.Diagnostic` every report format (text, JSON, JUnit, GitHub) shows;
the structured fields a report keeps are those of :data:`REPORTED_FIELDS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity

Stage = Literal["", "xinclude", "plan", "relaxng", "schematron", "integrity", "workers"]

# The fields a diagnostic carries (``Diagnostic.fields``), in this order, when not empty.
REPORTED_FIELDS = ("pattern", "context", "xpath", "schema")

_WARNING_ROLES = {"warning", "warn", "nonfatal"}
_INFO_ROLES = {"info", "information"}
_ROLE_CODE = {Severity.ERROR: codes.SCH005, Severity.WARNING: codes.SCH006, Severity.INFO: codes.SCH007}


@dataclass(frozen=True)
class Finding:
    """One fault (or warning, or piece of information) a stage found in one document.

    ``code`` is a registered rule (``codes.X``); ``severity`` and ``hint`` are the registry's
    unless given. ``line`` and ``column`` are 1-based (None: unknown; a column only where it is
    not the start tag's own). ``node`` is the element the finding is about, when the stage holds
    one (it never leaves the process: :meth:`diagnostic` keeps what a report needs). ``xpath``
    names the node as the Schematron engines do (``/TEI[1]/text[1]/p[3]/@n``: TEI elements by
    local name, others as ``Q{uri}local``, each with its position among same-named siblings,
    attributes as ``@name``); a Schematron finding's ``line`` is where its element's start tag
    ends, as XML parsers count (for an attribute or a text node: its element's). A Schematron finding
    has its ``pattern`` id, rule ``context``, assertion ``test``, ``kind`` (``failed-assert``,
    ``successful-report``, ``dynamic-error``), ``role`` (``error`` when the schema declares none:
    then ``role_declared`` is False), ``assertion_id`` and the texts of its ``diagnostics``.
    ``walked``: a RELAX NG fault found by the walk of an element's content (``blame``), which is
    never a vague restatement of another.
    """

    code: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity | None = None
    hint: str | None = None
    stage: Stage = ""
    node: etree._Element | None = field(default=None, compare=False, repr=False)
    xpath: str = ""
    schema: str = ""
    pattern: str = ""
    context: str = ""
    test: str = ""
    kind: str = ""
    role: str = ""
    role_declared: bool = False
    assertion_id: str | None = None
    diagnostics: tuple[str, ...] = ()
    walked: bool = False

    @property
    def level(self) -> Severity:
        """The severity: the one given, else the registry's for ``code``."""
        return self.severity if self.severity is not None else codes.lookup(self.code).severity

    def diagnostic(self, path: str, column: int | None = None) -> Diagnostic:
        """The finding as the diagnostic of file ``path`` that the reports show; ``column`` when
        the finding has none of its own."""
        fields = tuple((name, value) for name in REPORTED_FIELDS if (value := getattr(self, name)))
        return Diagnostic(self.code, self.message, path=path, line=self.line,
                          column=self.column or column, severity=self.level, hint=self.hint, fields=fields)

    @classmethod
    def of(cls, diagnostic: Diagnostic, stage: Stage) -> Finding:
        """A diagnostic about the document made by code every command shares (the batch engine's
        VAL001), as a finding of ``stage``. Raises ValueError for a field a finding lacks."""
        named = dict(diagnostic.fields)
        if set(named) - set(REPORTED_FIELDS):
            raise ValueError(f"fields {sorted(set(named) - set(REPORTED_FIELDS))} are not a finding's")
        return cls(diagnostic.code, diagnostic.message, line=diagnostic.line, column=diagnostic.column,
                   severity=diagnostic.severity, hint=diagnostic.hint, stage=stage,
                   pattern=named.get("pattern", ""), context=named.get("context", ""),
                   xpath=named.get("xpath", ""), schema=named.get("schema", ""))

    def svrl_record(self) -> dict[str, object]:
        """A Schematron finding in SVRL's terms (``location`` for the XPath), as the conformance
        records of the shared test material are kept."""
        return {"location": self.xpath, "line": self.line, "role": self.role,
                "role_declared": self.role_declared, "kind": self.kind, "pattern": self.pattern,
                "context": self.context, "test": self.test, "message": self.message,
                "assertion_id": self.assertion_id, "diagnostics": list(self.diagnostics)}


def role_severity(role: str) -> Severity:
    """The severity of a Schematron role (ISO Schematron leaves roles free; these are the usual
    ones): ``warning``, ``warn`` and ``nonfatal`` warn, ``info`` and ``information`` inform,
    any other role (and none) is an error."""
    role = role.lower()
    if role in _WARNING_ROLES:
        return Severity.WARNING
    return Severity.INFO if role in _INFO_ROLES else Severity.ERROR


def role_code(role: str) -> str:
    """The rule of a Schematron finding of ``role``: SCH005 (error), SCH006 (warning), SCH007 (info)."""
    return _ROLE_CODE[role_severity(role)]
