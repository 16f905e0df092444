"""XML Schema datatypes judged as jing judges them where libxml2 differs (validation/datatypes.py).

The expected verdicts are jing's (Debian's jing 20220510, jing-trang's xsd-datatype module),
recorded here value by value; a model of jing's DateTimeDatatype, transcribed from its source,
checks the date patterns over many more values."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import main
from teitools.validation import datatypes, rng

XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
TEI_NS = "http://www.tei-c.org/ns/1.0"

# (type, value, jing's verdict); the ones marked libxml2 are those libxml2 judges the other way
JING = [
    ("date", "-0001-02-29", True),  # 1 BCE is astronomical year 0, a leap year (libxml2: invalid)
    ("date", "-0005-02-29", True),  # libxml2: invalid
    ("date", "-0257-02-29", True),  # 258 BCE = astronomical -256 (libxml2: invalid)
    ("date", "-0401-02-29", True),  # astronomical -400 (libxml2: invalid)
    ("date", "-10001-02-29", True),  # astronomical -10000 (libxml2: invalid)
    ("date", "-0004-02-29", False),  # astronomical -3 (libxml2: valid)
    ("date", "-0400-02-29", False),  # astronomical -399 (libxml2: valid)
    ("date", "-10000-02-29", False),  # libxml2: valid
    ("date", "-0101-02-29", False),  # astronomical -100, not a leap year (both)
    ("date", "2147483648-01-01", False),  # beyond jing's year range (libxml2: valid)
    ("date", "12345678901-01-01", False),  # libxml2: valid
    ("date", "292278994-08-17", True),
    ("date", "2000-01-01-14:00", False),  # jing's zones run from -13:00 (libxml2: valid)
    ("date", "2000-01-01-13:01", False),  # libxml2: valid
    ("date", "2000-01-01-13:00", True),
    ("date", "2000-01-01+14:00", True),
    ("date", "2000-01-01+14:01", False),
    ("date", "2000-02-29", True),
    ("date", "1900-02-29", False),
    ("date", "0000-01-01", False),
    ("date", "-0000-01-01", False),
    ("date", "010000-01-01", False),
    ("date", "2000-04-31", False),
    ("date", " 2000-01-01 ", True),
    ("date", "-0001-01-01", True),
    ("dateTime", "2000-01-01T24:00:00", False),  # libxml2: valid
    ("dateTime", "2000-01-01T23:59:60", True),  # a leap second (libxml2: invalid)
    ("dateTime", "2000-01-01T12:00:00.", True),  # an empty fraction (libxml2: invalid)
    ("dateTime", "-0001-02-29T00:00:00", True),  # libxml2: invalid
    ("dateTime", "-0004-02-29T00:00:00", False),  # libxml2: valid
    ("dateTime", "2000-01-01T00:00:00-14:00", False),  # libxml2: valid
    ("dateTime", "2000-01-01T12:00:00.123456789", True),
    ("dateTime", "2000-01-01T23:59:61", False),
    ("dateTime", "2000-01-01T00:00", False),
    ("time", "24:00:00", False),  # libxml2: valid
    ("time", "23:59:60", True),  # libxml2: invalid
    ("time", "12:00:00.", True),  # libxml2: invalid
    ("time", "12:00:00-14:00", False),  # libxml2: valid
    ("time", "12:00:00Z", True),
    ("gYear", "2147483647", False),  # libxml2: valid
    ("gYear", "292278994", True),
    ("gYear", "292278995", False),  # libxml2: valid
    ("gYear", "-292275055", True),
    ("gYear", "-292275056", False),  # libxml2: valid
    ("gYear", "2000-14:00", False),  # libxml2: valid
    ("gYear", "-0001", True),
    ("gYear", "0000", False),
    ("gYearMonth", "12345678901-01", False),  # libxml2: valid
    ("gYearMonth", "-0001-02", True),
    ("gYearMonth", "2000-13", False),
    ("gMonthDay", "--02-29", True),
    ("gMonthDay", "--04-31", False),
    ("gDay", "---31", True),
    ("gDay", "---32", False),
    ("gMonth", "--12", True),
    ("gMonth", "--01--", False),
    ("double", "1e", False),  # libxml2: valid
    ("double", "1E+", False),  # libxml2: valid
    ("double", "1.e", False),  # libxml2: valid
    ("double", "1.e5", True),
    ("double", "+.5", True),
    ("double", "-INF", True),
    ("double", "+INF", False),
    ("float", "1e", False),  # libxml2: valid
    ("float", "INF", True),
    ("unsignedByte", "+255", True),  # libxml2: invalid
    ("unsignedByte", "-0", True),  # libxml2: invalid
    ("unsignedByte", "-00", True),  # libxml2: invalid
    ("unsignedByte", "-1", False),
    ("unsignedByte", "256", False),
    ("unsignedLong", "+18446744073709551615", True),  # libxml2: invalid
    ("unsignedLong", "18446744073709551616", False),
]


@cache
def grammar(kind: str, folder: Path) -> rng.Grammar:
    schema = folder / f"{kind}.rng"
    schema.write_text(f'<element xmlns="http://relaxng.org/ns/structure/1.0" name="v" '
                      f'datatypeLibrary="{XSD}"><data type="{kind}"/></element>', encoding="utf-8")
    return rng.Grammar(schema)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("datatypes")


@pytest.mark.parametrize(("kind", "value", "valid"), JING, ids=[f"{k}:{v}" for k, v, _ in JING])
def test_values_are_judged_as_jing_judges_them(folder: Path, kind: str, value: str, valid: bool) -> None:
    doc = etree.ElementTree(etree.fromstring(f"<v>{value}</v>"))
    assert (rng.validate(grammar(kind, folder), doc, b"", "v.xml") == []) is valid


def tei_date(when: str) -> str:
    return (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            "<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
            f'</teiHeader><text><body><p><date when="{when}">a day</date></p></body></text></TEI>')


def test_tei_dates_before_the_common_era_by_default(tmp_path: Path) -> None:
    """The issue's cases, through the default schema (tei_all, whose verdicts come from
    reductions): 258 BCE was a leap year, 5 BCE was not."""
    for when, code in (("-0257-02-29", 0), ("-0004-02-29", 1), ("-0001-02-29", 0), ("2000-02-29", 0)):
        path = tmp_path / "d.xml"
        path.write_text(tei_date(when), encoding="utf-8")
        result = CliRunner().invoke(main, ["validate", "--no-schematron", "--no-integrity", str(path)])
        assert result.exit_code == code, (when, result.output)
        if code:
            assert 'value "-0004-02-29" of attribute "when" on element "date" is invalid' in result.output


# ------------------------------------------------------------------ jing's calendar, modelled


def jing_accepts(kind: str, text: str) -> bool:
    """jing's DateTimeDatatype (jing-trang, mod/xsd-datatype), transcribed: its lexical regex,
    then the fields set on a proleptic, non-lenient java.util.GregorianCalendar."""
    template = {"date": "Y-M-D", "dateTime": "Y-M-DTt", "time": "t", "gYear": "Y", "gYearMonth": "Y-M",
                "gMonthDay": "--M-D", "gDay": "---D", "gMonth": "--M"}[kind]
    parts = {"Y": r"(-?)((?:[1-9][0-9]*)?[0-9]{4})", "M": r"([0-9]{2})", "D": r"([0-9]{2})",
             "t": r"([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?"}
    regex = "".join(parts.get(c, re.escape(c)) for c in template) + r"(Z|[+\-][0-9][0-9]:[0-5][0-9])?"
    match = re.fullmatch(regex, " ".join(text.split()))
    if not match:
        return False
    groups = list(match.groups())
    zone = groups.pop()
    negative, year, month, day, hours, minutes, seconds = False, 2000, 1, 1, 0, 0, 0
    for c in template:
        if c == "Y":
            negative, year = groups.pop(0) == "-", int(groups.pop(0))
        elif c == "M":
            month = int(groups.pop(0))
        elif c == "D":
            day = int(groups.pop(0))
        elif c == "t":
            hours, minutes, seconds = (int(groups.pop(0)) for _ in range(3))
            groups.pop(0)
    if year > 2**31 - 1 or not 1 <= year <= (292275055 if negative else 292278994):
        return False
    if zone not in (None, "Z"):
        offset = (1 if zone[0] == "+" else -1) * (int(zone[1:3]) * 60 + int(zone[4:]))
        if not -13 * 60 <= offset <= 14 * 60:
            return False
    astronomical = 1 - year if negative else year
    is_leap = astronomical % 4 == 0 and (astronomical % 100 != 0 or astronomical % 400 == 0)
    lengths = [31, 29 if is_leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return (1 <= month <= 12 and 1 <= day <= lengths[month - 1] and hours <= 23 and minutes <= 59
            and seconds <= 60)


def calendar_values() -> dict[str, list[str]]:
    """Values of each date and time type: years from 1300 BCE to 2500 and the ends of jing's
    range, every month and day, times and zones."""
    years = [*range(-1300, -1), *range(1, 2500), *(s * y for s in (1, -1)
             for y in (10000, 10001, 10004, 99996, 100000, 292278992, 292278994, 292278995, 292275052,
                       292275053, 292275055, 292275056, 2147483647, 2147483648))]
    values: dict[str, list[str]] = {"date": [], "gYearMonth": [], "gYear": []}
    for year in years:
        written = f"-{-year:04d}" if year < 0 else f"{year:04d}"
        values["gYear"].append(written)
        values["gYearMonth"] += [f"{written}-{m:02d}" for m in (0, 1, 12, 13)]
        values["date"] += [f"{written}-{m:02d}-{d:02d}" for m, d in ((2, 28), (2, 29), (2, 30), (12, 31))]
    values["date"] += [f"2001-{m:02d}-{d:02d}" for m in range(14) for d in range(33)]
    values["gMonthDay"] = [f"--{m:02d}-{d:02d}" for m in range(14) for d in range(33)]
    values["gDay"] = [f"---{d:02d}" for d in range(33)]
    values["gMonth"] = [f"--{m:02d}" for m in range(14)]
    times = [f"{h:02d}:{m:02d}:{s:02d}{f}" for h in (0, 23, 24) for m in (0, 59, 60) for s in (0, 59, 60, 61)
             for f in ("", ".", ".5")]
    zones = ["", "Z", "+14:00", "+14:01", "-13:00", "-13:01", "-14:00", "+00:60", "+09:30"]
    values["time"] = [t + z for t in times for z in zones]
    values["dateTime"] = [f"{d}T{t}" for d in ("2000-02-29", "-0001-02-29", "-0004-02-29") for t in times]
    values["date"] += [f"2000-01-01{z}" for z in zones]
    return values


@pytest.mark.slow  # 36,710 values against jing's calendar
def test_the_date_patterns_are_jings_calendar() -> None:
    values = calendar_values()
    wrong = [(kind, v) for kind, vs in values.items() for v in vs
             if bool(re.fullmatch(datatypes.temporal_pattern(kind), v)) != jing_accepts(kind, v)]
    assert wrong == []
    assert sum(len(vs) for vs in values.values()) > 35000


@pytest.mark.slow  # a seventh of those values through libxml2
def test_libxml2_with_the_rewritten_schema_is_jings_calendar(folder: Path) -> None:
    """The rewritten data patterns leave ordinary values to libxml2 and hand the ones where it
    and jing may differ to jing's pattern: through libxml2, a seventh of the values above (all
    36,710 agree too; that takes seven seconds)."""
    wrong = []
    for kind, values in calendar_values().items():
        for value in values[::7]:
            doc = etree.ElementTree(etree.fromstring(f"<v>{value}</v>"))
            if (rng.validate(grammar(kind, folder), doc, b"", "v.xml") == []) != jing_accepts(kind, value):
                wrong.append((kind, value))
    assert wrong == []


def test_the_leap_year_endings_are_the_calendars() -> None:
    """The patterns are built from the leap years' last four digits, in closed form."""
    for era in ("ad", "bc"):
        endings = datatypes._endings(era, True)
        assert all((tail in endings[head]) == datatypes.leap(100 * head + tail, era)
                   for head in range(100) for tail in range(100))


# ------------------------------------------------------------------ which documents are rewritten for


def test_libxml2s_plain_floating_types_differ_from_jings_only_where_the_reading_says() -> None:
    """Every value of up to five characters of digits, signs, points, exponent markers, INF's
    letters and whitespace: libxml2's plain ``double`` and ``float`` accept it unlike jing
    (``_FLOATING``, jing's lexical space) exactly when ``_LIBXML2_FLOATING`` flags it, so a
    document with no such value needs no rewriting of those types."""
    import itertools

    jing = re.compile(datatypes._FLOATING)
    for kind in ("double", "float"):
        plain = etree.RelaxNG(etree.fromstring(
            f'<element xmlns="http://relaxng.org/ns/structure/1.0" name="v" datatypeLibrary="{XSD}">'
            f'<attribute name="x"><data type="{kind}"/></attribute></element>'))
        for length in range(1, 6):
            for letters in itertools.product("0.eE+-IN \t", repeat=length):
                value = "".join(letters)
                libxml2 = bool(plain.validate(etree.Element("v", x=value)))
                collapsed = " ".join(value.split())
                differs = libxml2 != bool(jing.fullmatch(collapsed))
                flagged = datatypes._LIBXML2_FLOATING.search(collapsed) is not None
                assert differs == (libxml2 and flagged), value


def test_the_names_a_rewritten_type_may_judge(folder: Path) -> None:
    """tei_all's floating-point and date types judge attributes only (coordinates, dates); a
    ``data`` outside any element or attribute pattern (in a definition of its own) may judge
    anything."""
    from teitools.validation import store

    judged = rng.Grammar(store.resolve(store.DEFAULT)).typed
    floating, temporal = judged[datatypes.FLOATING], judged[datatypes.TEMPORAL_KIND]
    assert floating is not None and {"@{}ulx", "@{}lry", "@{}quantity"} <= floating
    assert temporal is not None and {"@{}when", "@{}notBefore", "@{}to-iso"} <= temporal
    assert not any(name[0] != "@" for name in floating | temporal)
    assert grammar("date", folder).typed == {datatypes.FLOATING: frozenset(),
                                             datatypes.TEMPORAL_KIND: {"{}v"}}
    loose = folder / "loose.rng"
    for inside in ('<attribute name="x"><ref name="n"/></attribute>',
                   '<oneOrMore><attribute><anyName/><ref name="n"/></attribute></oneOrMore>'):
        loose.write_text(f'<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="{XSD}">'
                         f'<start><element name="v">{inside}</element></start>'
                         '<define name="n"><data type="double"/></define></grammar>', encoding="utf-8")
        assert rng.Grammar(loose).typed == {datatypes.FLOATING: None, datatypes.TEMPORAL_KIND: frozenset()}
    loose.write_text(f'<element xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="{XSD}" name="v">'
                     '<oneOrMore><attribute><anyName/><data type="float"/></attribute></oneOrMore></element>',
                     encoding="utf-8")
    assert rng.Grammar(loose).typed[datatypes.FLOATING] is None


@pytest.mark.parametrize(("ulx", "when", "floating", "temporal"), [
    ("1550", "1877-03-05", False, False),
    ("1e", "1877-03-05", True, False),
    ("1.5E+", "1877", True, False),
    ("15e3", "-0004-02-29", False, True),
    ("12/5", "2000-01-01T24:00:00", False, True),
])
def test_a_document_is_read_for_the_values_it_holds(ulx: str, when: str, floating: bool,
                                                    temporal: bool) -> None:
    """Only the values a floating-point or date type judges are looked at (a coordinate, a
    date's @when, not the @n beside them), and a document is rewritten for only when one of
    them is read otherwise by libxml2 than by jing."""
    from teitools.validation import store

    grammar_ = rng.Grammar(store.resolve(store.DEFAULT))
    tree = etree.ElementTree(etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><facsimile><surface><zone ulx="{ulx}" n="1e"/></surface></facsimile>'
        f'<text><body><p><date when="{when}" n="24:00">d</date></p></body></text></TEI>'))
    reading = datatypes.reading(tree, rng.shapes(tree), grammar_.typed, grammar_.qname_values)
    assert (reading.floating, reading.temporal) == (floating, temporal)
