"""Every rule code `teitools validate` reports, with its severity, summary and hint.

One registry (as ruff keeps one): the checks take their hints from here, and the README's
rule table is checked against it by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from teitools.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str
    hint: str | None = None


_E, _W = Severity.ERROR, Severity.WARNING

RULES: dict[str, Rule] = {r.code: r for r in [
    Rule("XML001", _E, "not well-formed XML", "fix the markup at the position given"),
    Rule("XML002", _E, "entity not expanded: an external entity (never loaded) or an expansion beyond "
         "libxml2's limits (an entity bomb)", "replace the entity by the text it stands for"),
    Rule("XML003", _E, "character not allowed in XML (a control character)", "remove the control character"),
    Rule("XML005", _E, "elements nested more than 1000 deep (refused before RELAX NG, whose validator "
         "would crash)", "no TEI document nests so deep"),
    Rule("XI001", _E, "xi:include not resolved (a URL, a file outside the document's folder tree, missing "
         "or not well-formed, an xpointer that selects nothing, nesting over 40 deep, a loop) and no "
         "xi:fallback",
         "correct the href or xpointer, add an xi:fallback, or check the file as it is with --no-xinclude"),
    Rule("XML004", _W, "character discouraged in XML text (C1 control or noncharacter)",
         "replace it by the character meant"),
    Rule("RNG001", _E, "element not allowed here (RELAX NG)"),
    Rule("RNG002", _E, "element incomplete: required content missing (RELAX NG)"),
    Rule("RNG003", _E, "attribute not allowed on this element (RELAX NG)"),
    Rule("RNG004", _E, "attribute value invalid (RELAX NG)"),
    Rule("RNG005", _E, "text not allowed here (RELAX NG)"),
    Rule("RNG006", _E, "element has an invalid attribute (RELAX NG)"),
    Rule("RNG007", _E, "element content invalid (RELAX NG)"),
    Rule("RNG008", _E, "element in the wrong namespace (RELAX NG)"),
    Rule("RNG009", _E, "other RELAX NG error (libxml2's message, or that the document does not match when "
         "libxml2 names no fault)"),
    Rule("RNG010", _E, "element declared nowhere in the schema (RELAX NG)"),
    Rule("RNG012", _E, "element lacks a child element or attribute its schema always requires (RELAX NG)"),
    Rule("RNG011", Severity.INFO,
         "more RELAX NG errors in the file than the 100 shown (given at the first one left out)"),
    Rule("JING001", _E, "error reported by jing (--engine jing)"),
    Rule("SCH001", _E, "schema cannot be read", "check the path given with --schema"),
    Rule("SCH002", _E, "not a RELAX NG schema in XML syntax", "give a .rng file"),
    Rule("SCH003", _E, "incorrect RELAX NG schema (libxml2 does not compile it, or it breaks a rule of the "
         "specification jing checks): refused before any document is checked"),
    Rule("SCH004", _E, "schema given with --schema or --schematron is neither a file nor in the schema store",
         "run `teitools schemas fetch NAME` or pass --schema-dir"),
    Rule("SCH012", _W, "schema named by <?xml-model?> not in the schema store: the file is checked against "
         "tei_all instead", "put the schema in a --schema-dir folder, $TEITOOLS_SCHEMA_DIR or "
         "~/.cache/teitools/schemas, or choose one with --schema"),
    Rule("SCH010", _E, "Schematron rule would read outside the document (a file, URL, environment "
         "variable or system property), write, print, or call an extension function: refused",
         "a Schematron rule may read only the document it checks"),
    Rule("SCH011", _E, "schema or sch:include outside the document's folder tree and the store: refused",
         "pass --trust-schemas, or put the schema in a --schema-dir folder"),
    Rule("SCH005", _E, "Schematron assertion failed or report fired (role error)"),
    Rule("SCH006", _W, "Schematron warning (role warning, warn or nonfatal)"),
    Rule("SCH007", Severity.INFO, "Schematron information (role info)"),
    Rule("ID001", _E, "xml:id used twice (outside egXML examples)", "make every xml:id unique"),
    Rule("ID002", _W, "pointer to an xml:id that does not exist in this document (outside egXML examples)",
         "point to an existing xml:id or correct the reference"),
    Rule("PB001", _W, "page numbers of <pb> out of sequence", "check for a missing or misread page"),
    Rule("NOTE001", _W, "note not reachable: neither in place nor pointed to",
         "write the note at its call point, or point to it with <ref target=\"#id\">"),
    Rule("SCH008", _E, "`schemas fetch`: no pinned release of that name", "the message lists known names"),
    Rule("SCH009", _E, "`schemas fetch`: downloaded file does not have the pinned SHA-256"),
    Rule("USE004", _E, "--engine jing without jing or Java", "apt-get install jing"),
    Rule("VAL001", _E, "the validator crashed on this file (a worker process died); the batch's other "
         "files are checked", "please report it with the file"),
    Rule("IO001", _E, "no such file"),
    Rule("IO002", _E, "a folder where a file was expected"),
    Rule("IO004", _E, "file cannot be read"),
    Rule("IO009", _E, "file larger than the size limit", "raise the limit with --max-bytes"),
    Rule("IO011", _E, "not a regular file (a FIFO, socket or device): refused, never read",
         "give the path of a file"),
    Rule("IO010", _E, "`schemas fetch`: download failed"),
]}


def hint(code: str) -> str | None:
    rule = RULES.get(code)
    return rule.hint if rule else None
