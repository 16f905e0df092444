"""XML Schema datatypes as jing judges them, where libxml2 judges them otherwise.

libxml2 and jing (its ``xsd-datatype`` module) read some values of the XML Schema datatype
library differently. Rather than second-guess libxml2's verdict from its messages, the
simplified schema (``rngload``) is rewritten before it is compiled, so that libxml2's own
boolean is jing's:

* a ``value`` of type ``QName`` or ``NOTATION`` is an expanded name (the schema's prefixes
  resolved where the value is written, its unprefixed name in the ``ns`` in scope), matched
  by a value whose prefix is bound to the same namespace where it stands; libxml2 compares the
  strings. It becomes the choice of the lexical forms that denote that name in the document
  (``prefix:local`` for each prefix bound to its namespace, ``local`` where the default
  namespace is its namespace), which is exact when every element of the document has the
  same namespaces in scope (``bindings``); otherwise libxml2's reading stands.
* the date and time types (``date``, ``dateTime``, ``time``, ``gYear``, ``gYearMonth``,
  ``gMonthDay``, ``gMonth``, ``gDay``) follow jing's ``DateTimeDatatype``, which builds the
  date on a proleptic Gregorian ``java.util.GregorianCalendar`` (not lenient): a year
  ``-YYYY`` is the year YYYY before the common era, astronomical year 1 - YYYY, so it is a
  leap year when 1 - YYYY is one (XSD 1.0 second edition: ``-0001`` is 1 BCE, a leap year;
  ``-0257-02-29`` is valid, ``-0004-02-29`` is not, where libxml2 says the opposite); year
  zero does not exist; years run to 292278994 and back to 292275055 BCE (Java's range;
  libxml2 takes any number of digits); hours run to 23 (no ``24:00:00``), a second may be
  60 (a leap second), a fraction may be empty (``12:00:00.``), and a time zone lies between
  -13:00 and +14:00. Such a ``data`` leaves the ordinary values to libxml2 (quick, and the
  same verdicts) and takes the few where the two may differ (``_SPECIAL``) out of it, for a
  ``token`` whose pattern is exactly jing's set (any ``pattern`` parameters it had are kept;
  one with other parameters stays libxml2's).
  At the very edge of Java's range (the year 292278994 after August 17th) jing's arithmetic
  overflows; that is not imitated.
* ``double`` and ``float`` take jing's lexical forms only: libxml2 also accepts an exponent
  without digits (``1e``, ``1E+``).
* the unsigned integer types (``unsignedLong`` … ``unsignedByte``) take a sign as jing does
  (``+7``, ``-0``), where libxml2 refuses any sign.

The pattern a rewriting adds costs libxml2 a regular expression compiled afresh for every value
it checks (``xmlRelaxNGSchemaFacetCheck`` in its ``relaxng.c``): 15 µs for a TEI coordinate
where the plain ``double`` takes 0.1 µs. So the floating-point and the date and time types are
rewritten only for a document that holds a value the two read differently, or may (its
``Reading``, found from the values of the attributes and elements such a type judges): without
one, libxml2's plain types give jing's verdicts.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from lxml import etree

from teitools.validation.rngload import (
    ATTRIBUTE,
    CHOICE,
    DATA,
    ELEMENT,
    EXCEPT,
    PARAM,
    QVALUE,
    VALUE,
    XML_NS,
    XSD_LIBRARY,
    rng,
)

# The document's namespace bindings, the same on every element: (prefix, URI) pairs sorted,
# "" for the default namespace (always present, "" when none is declared). None: no schema
# value depends on them, or they differ from element to element.
Bindings = tuple[tuple[str, str], ...] | None


def bindings(tree: etree._ElementTree) -> Bindings:
    """The namespaces in scope on every element of the document, when they are the same on all
    of them; None otherwise."""
    found: dict[str, str] | None = None
    for el in tree.getroot().iter(etree.Element):
        scope = {prefix or "": uri for prefix, uri in el.nsmap.items()}
        scope.setdefault("", "")
        if found is None:
            found = scope
        elif scope != found:
            return None
    return tuple(sorted((found or {"": ""}).items()))


@dataclass(frozen=True)
class Reading:
    """What the rewriting of datatypes needs to know of a document: its namespace ``scope``
    (``bindings``: QName values), and whether it holds a value that a floating-point type
    (``floating``) or a date or time type (``temporal``) may judge, which libxml2 reads
    otherwise than jing. The default, knowing nothing of the document, rewrites every type."""

    scope: Bindings = None
    floating: bool = True
    temporal: bool = True


FLOATING, TEMPORAL_KIND = "floating", "temporal"
# A value libxml2 takes for a double or float that jing does not (whitespace collapsed): an
# exponent marker with no digits after it, ending the value or one of a list's tokens (every
# other value gets the same verdict from both: tests/test_validate_datatypes.py tries them all
# up to five characters).
_LIBXML2_FLOATING = re.compile(r"[0-9.][eE][+\-]?(\s|$)")


def typed(grammar: etree._Element) -> dict[str, frozenset[str] | None]:
    """For FLOATING (``double``, ``float``) and TEMPORAL_KIND (the date and time types): the
    names of the attributes (``@{ns}local``) and elements (``{ns}local``) whose values a
    ``data`` of those types in the simplified ``grammar`` judges, each ``data`` by the
    nearest attribute or element pattern around it; None when one of those has a name class
    (any name may then be judged so)."""
    names: dict[str, set[str] | None] = {FLOATING: set(), TEMPORAL_KIND: set()}
    for data in grammar.iter(DATA):
        kind = data.get("type", "")
        group = FLOATING if kind in ("double", "float") else TEMPORAL_KIND if kind in TEMPORAL else None
        if group is None or data.get("datatypeLibrary") != XSD_LIBRARY:
            continue
        owner = next(data.iterancestors(ATTRIBUTE, ELEMENT), None)
        name = owner[0] if owner is not None and len(owner) else None
        found = names[group]
        if name is None or name.tag != rng("name") or found is None:
            names[group] = None
            continue
        at = "@" if owner is not None and owner.tag == ATTRIBUTE else ""
        found.add(f"{at}{{{name.get('ns', '')}}}{(name.text or '').strip()}")
    return {group: None if found is None else frozenset(found) for group, found in names.items()}


def reading(tree: etree._ElementTree, shapes: Iterable[tuple[str, ...]],
            judged: dict[str, frozenset[str] | None], qnames: bool) -> Reading:
    """How the document ``tree`` (its element ``shapes``: tag and attribute names, as
    ``rng.shapes`` gives them) is to be read by a grammar whose ``typed`` names are
    ``judged``: its ``bindings`` when ``qnames`` (the grammar has QName values), and whether
    one of its values that a floating-point or a date or time type may judge is one libxml2
    reads otherwise than jing (``_LIBXML2_FLOATING``; ``_SPECIAL``, for each whitespace-
    separated token too). Only the elements of a shape holding such a name are visited, in one
    walk."""
    found = {group: names is None for group, names in judged.items()}
    wanted: dict[str, set[tuple[str, str]]] = {}  # tag: (group, an attribute to read, or "" for its text)
    for shape in shapes:
        tag = shape[0] if shape[0][0] == "{" else "{}" + shape[0]
        for group, names in judged.items():
            if names is None:
                continue
            reads = {(group, a) for a in shape[1:] if "@" + (a if a[0] == "{" else "{}" + a) in names}
            if tag in names:
                reads.add((group, ""))
            if reads:
                wanted.setdefault(shape[0], set()).update(reads)
    for el in tree.getroot().iter(*wanted) if wanted else ():
        for group, key in wanted[str(el.tag)]:
            value = el.get(key) if key else "".join(el.itertext())
            if not found[group] and value is not None and _differs(group, value):
                found[group] = True
        if all(found.values()):
            break
    return Reading(bindings(tree) if qnames else None, found[FLOATING], found[TEMPORAL_KIND])


def _differs(group: str, value: str) -> bool:
    """Whether libxml2 may read ``value`` otherwise than jing under a type of ``group``."""
    collapsed = " ".join(value.split())
    if group == FLOATING:
        return _LIBXML2_FLOATING.search(collapsed) is not None
    return any(_SPECIAL_VALUE.fullmatch(t) for t in (collapsed, *value.split()))


def rewrite(grammar: etree._Element, how: Reading | None) -> bool:
    """Rewrite the datatypes of a simplified grammar in place so that libxml2 judges them as
    jing does, for a document read as ``how`` says (None: any document); whether anything
    changed."""
    how = how or Reading()
    scope = how.scope
    changed = False
    for data in list(grammar.iter(DATA)):
        if data.get("datatypeLibrary") == XSD_LIBRARY:
            changed = _data(data, how) or changed
    if scope is not None:
        for value in list(grammar.iter(VALUE)):
            expanded = value.get(QVALUE)
            if expanded is not None:
                value.getparent().replace(value, _qname_value(expanded, dict(scope), value.tail))  # type: ignore[union-attr]
                changed = True
    return changed


def _qname_value(expanded: str, scope: dict[str, str], tail: str | None) -> etree._Element:
    """The lexical forms of an expanded name in a document whose elements all have ``scope``."""
    uri, local = expanded[1:].split("}", 1)
    forms = [f"{prefix}:{local}" for prefix, bound in sorted(scope.items()) if prefix and bound == uri]
    if uri == XML_NS:
        forms.append(f"xml:{local}")
    if scope.get("", "") == uri:
        forms.append(local)
    if not forms:
        pattern = etree.Element(rng("notAllowed"))
    else:
        pattern = etree.Element(CHOICE)
        for form in forms:
            value = etree.SubElement(pattern, VALUE, type="token", datatypeLibrary="")
            value.text = form
    pattern.tail = tail
    return pattern


def _data(data: etree._Element, how: Reading) -> bool:
    """Rewrite one ``data`` of the XML Schema library (see the module's doc) as a document read
    ``how`` needs; whether it did."""
    kind = data.get("type", "")
    params = [p for p in data if p.tag == PARAM]
    if kind in TEMPORAL and how.temporal:
        if any(p.get("name") != "pattern" for p in params):
            return False
        # libxml2 judges the ordinary values (quickly), jing's pattern the few where they differ
        exactly = copy.deepcopy(data)
        exactly.set("type", "token")
        for pattern in (_SPECIAL, temporal_pattern(kind)):
            _add_pattern(exactly, pattern)
        special = etree.Element(DATA, type="token", datatypeLibrary=XSD_LIBRARY)
        etree.SubElement(special, PARAM, name="pattern").text = _SPECIAL
        _add_except(data, special)
        _either(data, exactly)
        return True
    if kind in ("double", "float") and how.floating:
        _add_pattern(data, _FLOATING)
        return True
    if kind in _UNSIGNED and not params:
        signed = etree.Element(DATA, type="integer", datatypeLibrary=XSD_LIBRARY)
        facets = (("minInclusive", "0"), ("maxInclusive", _UNSIGNED[kind]), ("pattern", "[+\\-][0-9]+"))
        for name, value in facets:
            etree.SubElement(signed, PARAM, name=name).text = value
        _either(data, signed)
        return True
    return False


def _either(data: etree._Element, other: etree._Element) -> None:
    """Put the choice of ``data`` and ``other`` where ``data`` is."""
    choice = etree.Element(CHOICE)
    choice.tail = data.tail
    data.getparent().replace(data, choice)  # type: ignore[union-attr]
    data.tail = None
    choice.extend([data, other])


def _add_except(data: etree._Element, pattern: etree._Element) -> None:
    """Take the values ``pattern`` matches out of ``data`` (with any exception it has)."""
    found = data.find(EXCEPT)
    if found is None:
        etree.SubElement(data, EXCEPT).append(pattern)
        return
    choice = etree.Element(CHOICE)
    choice.extend(list(found))
    choice.append(pattern)
    found.append(choice)


def _add_pattern(data: etree._Element, pattern: str) -> None:
    """A pattern parameter after the others (before an ``except``): patterns are all applied."""
    param = etree.Element(PARAM, name="pattern")
    param.text = pattern
    last = max((i for i, child in enumerate(data) if child.tag == PARAM), default=-1)
    data.insert(last + 1, param)


TEMPORAL = ("date", "dateTime", "time", "gYear", "gYearMonth", "gMonthDay", "gMonth", "gDay")
# Every date or time value on which libxml2 and jing may disagree: a leap day before the common
# era, a year of nine digits or more, a zone west of -13:00, hour 24, second 60, an empty
# fraction. Outside these libxml2 judges as jing does (tests/test_validate_datatypes.py).
_SPECIAL = ("-[0-9]+-02-29.*|-?[0-9]{9,}.*|.*-1[3-9]:[0-9]{2}|.*T24:.*|24:.*|.*:60(\\.[0-9]*)?([Z+\\-].*)?"
            "|.*:[0-9]{2}\\.([Z+\\-].*)?")
_SPECIAL_VALUE = re.compile(_SPECIAL)
_FLOATING = "INF|-INF|NaN|[+\\-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([Ee][+\\-]?[0-9]+)?"
_UNSIGNED = {"unsignedLong": "18446744073709551615", "unsignedInt": "4294967295", "unsignedShort": "65535",
             "unsignedByte": "255"}

# jing's calendar (java.util.GregorianCalendar, proleptic, not lenient)
LAST_YEAR = {"ad": 292278994, "bc": 292275055}
_MONTH = "(0[1-9]|1[0-2])"
_MONTH_DAY = ("((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
              "|02-(0[1-9]|1[0-9]|2[0-8]))")
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]*)?"
_ZONE = "(Z|\\+((0[0-9]|1[0-3]):[0-5][0-9]|14:00)|-((0[0-9]|1[0-2]):[0-5][0-9]|13:00))?"


def leap(year: int, era: str) -> bool:
    """Whether the year (as written, without its sign) is a leap year in jing's calendar: a
    year before the common era is the astronomical year 1 - year."""
    astronomical = year if era == "ad" else 1 - year
    return astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)


@cache
def temporal_pattern(kind: str) -> str:
    """The XML Schema regular expression of the values jing accepts for a date or time type
    (after whitespace is collapsed; see the module's doc)."""
    any_year = f"({_years('ad', False)}|-({_years('bc', False)}))"
    date = f"({any_year}-{_MONTH_DAY}|({_years('ad', True)}|-({_years('bc', True)}))-02-29)"
    body = {"date": date, "dateTime": f"{date}T{_TIME}", "time": _TIME, "gYear": any_year,
            "gYearMonth": f"{any_year}-{_MONTH}", "gMonthDay": f"--({_MONTH_DAY}|02-29)",
            "gMonth": f"--{_MONTH}", "gDay": "---(0[1-9]|[12][0-9]|3[01])"}[kind]
    return f"({body}){_ZONE}"


def _years(era: str, leap_only: bool) -> str:
    """The years of an era as written (at least four digits, no zero beyond those four, never
    year zero, at most the era's last year), all of them or the leap years. A year's last
    four digits decide whether it is a leap year (10000 is a multiple of 400)."""
    last = LAST_YEAR[era]
    head = str(last)[:-4]  # the digits before the last four, of the last year
    tails = _tails(era, leap_only, 9999)
    branches = [_tails(era, leap_only, 9999, zero=False),  # four digits
                f"[1-9][0-9]{{0,{len(head) - 2}}}({tails})"]  # five to len(last) - 1 digits
    below = _below(head)
    if below:
        branches.append(f"({below})({tails})")
    final = _tails(era, leap_only, last % 10000)
    if final:
        branches.append(f"{head}({final})")
    return "|".join(f"({b})" for b in branches)


@cache
def _tails(era: str, leap_only: bool, limit: int, zero: bool = True) -> str:
    """The four-digit endings of years up to ``limit`` (all, or those of leap years; 0000 only
    with ``zero``), as a regular expression grouped by the endings each first two digits allow."""
    endings = _endings(era, leap_only)
    groups: dict[str, list[int]] = {}
    for head in range(min(99, limit // 100) + 1):
        tails = [t for t in endings[head] if head * 100 + t <= limit and (zero or head or t)]
        if tails:
            groups.setdefault(_pairs(tuple(tails)), []).append(head)
    return "|".join(f"({_pairs(tuple(heads))})({tails})" for tails, heads in groups.items())


@cache
def _endings(era: str, leap_only: bool) -> tuple[tuple[int, ...], ...]:
    """For each first two digits of a year's last four, the last two it may have. A leap year
    of the common era ends in a multiple of 4, and in 00 only when its hundreds are a multiple
    of 4; before it (astronomical year 1 - year), in a multiple of 4 plus 1, and in 01 only when
    its hundreds are a multiple of 4 (``leap``, which the tests compare)."""
    if not leap_only:
        return tuple(tuple(range(100)) for _ in range(100))
    first = 0 if era == "ad" else 1
    return tuple(tuple(t for t in range(first, 100, 4) if t != first or head % 4 == 0) for head in range(100))


def _below(number: str) -> str:
    """A regular expression for the numbers of as many digits as ``number`` (the first not 0)
    that are smaller than it."""
    branches = []
    for i, digit in enumerate(number):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            top = int(digit) - 1
            span = str(low) if top == low else f"[{low}-{top}]"
            rest = len(number) - i - 1
            more = "" if not rest else "[0-9]" if rest == 1 else f"[0-9]{{{rest}}}"
            branches.append(number[:i] + span + more)
    return "|".join(branches)


@cache
def _pairs(numbers: tuple[int, ...]) -> str:
    """Numbers below 100, written with two digits, as an alternation of ``[class][class]``."""
    by_first: dict[int, list[int]] = {}
    for n in numbers:
        by_first.setdefault(n // 10, []).append(n % 10)
    by_seconds: dict[str, list[int]] = {}
    for first, seconds in by_first.items():
        by_seconds.setdefault(_class(tuple(seconds)), []).append(first)
    return "|".join(_class(tuple(firsts)) + seconds for seconds, firsts in by_seconds.items())


@cache
def _class(digits: tuple[int, ...]) -> str:
    if len(digits) == 1:
        return str(digits[0])
    runs: list[list[int]] = []
    for d in sorted(digits):
        if runs and d == runs[-1][1] + 1:
            runs[-1][1] = d
        else:
            runs.append([d, d])
    spans = (f"{a}-{b}" if b > a + 1 else f"{a}{b}" if b == a + 1 else f"{a}" for a, b in runs)
    return "[" + "".join(spans) + "]"
