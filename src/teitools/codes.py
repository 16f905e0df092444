# ruff: noqa: E501  (the examples are output lines as teitools prints them)
"""Every diagnostic code teitools reports, once, with what a user needs to know of it.

The registry in the manner of ruff's rules: each code has a severity, a one-line summary, a
hint, a paragraph of explanation with an example, and the commands that report it. Code
makes its diagnostics from these constants (``Diagnostic(codes.EBK001, ...)``), never from
a string literal; ``tests/test_codes.py`` walks the source to keep it so, and
``docs/rules.md`` is generated from here (``teitools rules --format markdown``).

A :class:`Rule` is its code as a string, so that it stands wherever a code does.
"""

from __future__ import annotations

import re
from typing import Any

from teitools.diagnostics import Severity

CODE = re.compile(r"[A-Z]{2,5}[0-9]{3}")

CONVERT = ("convert",)
VALIDATE = ("validate",)
EXPORT = ("export",)
SCHEMAS = ("schemas",)
READS_XML = ("validate", "export")
READS_ANY = ("convert", "validate", "export")
WRITES = ("convert", "export")


class Rule(str):
    """A diagnostic code (the string itself) and what the registry says of it."""

    severity: Severity
    summary: str
    hint: str | None
    explanation: str
    example: str
    commands: tuple[str, ...]

    def __new__(cls, code: str, severity: Severity, summary: str, hint: str | None, explanation: str,
                example: str, commands: tuple[str, ...]) -> Rule:
        rule = super().__new__(cls, code)
        rule.severity = severity
        rule.summary = summary
        rule.hint = hint
        rule.explanation = " ".join(explanation.split())
        rule.example = example.strip("\n")
        rule.commands = commands
        return rule

    @property
    def code(self) -> str:
        return str(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return lookup, (str(self),)


RULES: dict[str, Rule] = {}


def _rule(code: str, severity: Severity, summary: str, *, hint: str | None = None, commands: tuple[str, ...],
          explanation: str, example: str) -> Rule:
    if not CODE.fullmatch(code) or code in RULES:
        raise ValueError(f"rule code {code!r} is malformed or registered twice")
    RULES[code] = rule = Rule(code, severity, summary, hint, explanation, example, commands)
    return rule


class UnknownCode(KeyError):
    pass


def lookup(code: str) -> Rule:
    """The rule of ``code`` (any case); raises UnknownCode for a code the registry lacks."""
    try:
        return RULES[code.upper()]
    except KeyError:
        raise UnknownCode(code) from None


def hint(code: str) -> str | None:
    return lookup(code).hint


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

# ---------------------------------------------------------------- files and the command line

IO001 = _rule(
    "IO001", E, "no such file", hint="check the path; a folder is searched for its files", commands=READS_ANY,
    explanation="""An input named on the command line does not exist. The command stops with exit
    status 2 (in a batch of `validate`, the file is reported and the others are checked).""",
    example="""
$ teitools convert missing.txt
missing.txt: IO001 no such file (hint: check the path; a folder is searched for its files)""")

IO002 = _rule(
    "IO002", E, "a folder where a file was expected", hint="give the files inside it, or the folder as an input to search", commands=READS_ANY,
    explanation="""A path that was to be read as a file is a folder. Folders given as inputs are
    searched for `*.txt` (convert) or `*.xml` (validate, export), so this is seen when a path
    changes between the search and the reading. Exit status 2.""",
    example="""
book.txt: IO002 is a folder, not a file (hint: give the files inside it, or the folder as an input to search)""")

IO004 = _rule(
    "IO004", E, "file cannot be read (permission denied, or another error of the system)", hint="check the file's permissions (ls -l)",
    commands=READS_ANY,
    explanation="""The file exists but the system refused to read it: no read permission, a broken
    disk, a file removed while it was read. The message gives the system's reason. Exit status 2.
    (Formerly `IO003` in convert.)""",
    example="""
$ chmod 000 book.txt; teitools convert book.txt
book.txt: IO004 cannot read: permission denied (hint: check the file's permissions (ls -l))""")

IO005 = _rule(
    "IO005", E, "a folder given as input holds no file to work on", hint="convert reads *.txt, validate and export *.xml; check the folder and the suffixes", commands=READS_ANY,
    explanation="""A folder given as input is searched recursively for `*.txt` (convert) or `*.xml`
    (validate, export); it held none. Nothing is done (exit status 2), so that a typing mistake in
    a CI script does not pass as an empty success.""",
    example="""
$ teitools validate empty/
empty/: IO005 folder holds no *.xml files (hint: convert reads *.txt, validate and export *.xml; check the folder and the suffixes)""")

IO006 = _rule(
    "IO006", E, "output would replace an input, another output of the run, or the text a TEI was "
    "converted from", hint="choose another output folder with -o", commands=WRITES,
    explanation="""Outputs never replace what the run reads: an input, another output of the same run,
    or (for export) the plain text the TEI was converted from, whose SHA-256 its header records.
    Not even `--force` allows it. Nothing is written for that input (exit status 2).""",
    example="""
$ teitools export out/book.xml -f text -o texts/    # texts/book.txt is the text out/book.xml was converted from
texts/book.txt: IO006 would replace the text this TEI was converted from; not written (hint: choose another output folder with -o)""")

IO007 = _rule(
    "IO007", E, "output exists; not replaced", hint="use --force to replace it", commands=WRITES,
    explanation="""Without `--force` an output is committed with a hard link that fails when the target
    exists, so that no run silently replaces a file, and two runs racing to one output cannot both
    succeed. The check is made before the conversion, so no work is wasted; a run without
    `--incremental` refuses every output that exists, whatever the manifest says of it. Two
    exceptions: a target that already holds exactly the bytes to be written is kept and counts as
    written (a task run again on a cluster after its worker died finds what it wrote; an
    `--incremental` run adopts an output it has no record of, a plain run's, when after the work
    it holds those bytes, and refuses it otherwise), and with `--incremental` an output the
    manifest records as written by teitools for that input, unchanged since, is replaced when its
    input changed.""",
    example="""
$ teitools convert book.txt -o out/      # a second time
out/book.xml: IO007 output exists; not replaced (hint: use --force to replace it)""")

IO008 = _rule(
    "IO008", E, "output cannot be written", hint="check where the output goes: its permissions and the free space",
    commands=(*READS_ANY, "schemas"),
    explanation="""The system refused to write an output (no permission on the folder, disk full, a
    read-only file system). The message gives the system's reason; the temporary file is removed
    and the target is left as it was. The manifest of `--incremental` (an SQLite file) counts as
    an output, for validate too. Exit status 2.""",
    example="""
$ teitools convert book.txt -o /read-only/
/read-only/book.xml: IO008 cannot write: Read-only file system (hint: check where the output goes: its permissions and the free space)""")

IO009 = _rule(
    "IO009", E, "file larger than the size limit", hint="raise the limit with --max-bytes", commands=READS_ANY,
    explanation="""Every command refuses an input larger than `--max-bytes` (default 256 MiB, the same
    for every command) before parsing it, counting the bytes actually read (a device or a growing
    file cannot slip past). For validate the limit also bounds what XInclude may include. Exit
    status 2. (Formerly `IN002` in convert, whose default was 64 MiB.)""",
    example="""
$ teitools validate huge.xml --max-bytes 1000000
huge.xml: IO009 file is more than the limit of 1000000 bytes (hint: raise the limit with --max-bytes)""")

IO010 = _rule(
    "IO010", E, "`schemas fetch`: download failed", commands=SCHEMAS,
    explanation="""`teitools schemas fetch` could not download a pinned schema release (no network, a
    proxy, the server down). Nothing is stored. `$TEITOOLS_SCHEMA_URL` names a mirror to fetch
    from instead; validation itself never downloads.""",
    example="""
$ teitools schemas fetch tei_lite
teitools: IO010 cannot download https://…/tei_lite.rng: <urlopen error [Errno -3] Temporary failure in name resolution>""")

IO011 = _rule(
    "IO011", E, "not a regular file (a FIFO, socket or device): refused, never read",
    hint="give the path of a file", commands=READS_ANY,
    explanation="""Only regular files are read: a FIFO with no writer would hang the command and a
    device such as `/dev/zero` never ends, so they are refused before a byte is read (the file is
    opened without blocking and checked). One found in a folder given as input is refused the
    same way, not left out unsaid (a link in the folder to a device outside it is not followed,
    like any link leading out of the folder). To read from a pipe, give `-` and pipe into stdin.""",
    example="""
$ teitools validate /dev/zero
/dev/zero: IO011 not a regular file (a FIFO, socket or device) (hint: give the path of a file)""")

IO012 = _rule(
    "IO012", E, "the Dask workers cannot reach the folder teitools was run from",
    hint="run teitools in a folder every worker mounts at the same path", commands=READS_ANY,
    explanation="""With `--scheduler`, the cluster's workers read the inputs and write the outputs
    themselves, at the paths this process sees: they work in the folder teitools was started
    in, which must be on a file system every worker mounts at the same path (NFS, a cluster file
    system, a mounted bucket). A worker could not enter it, so nothing more is sent (exit status
    2); the files done so far are reported.""",
    example="""
$ teitools convert texts/ -o out/ --scheduler tcp://head:8786
teitools: IO012 worker node07 cannot enter /home/me/books: No such file or directory (hint: run teitools in a folder every worker mounts at the same path)""")

USE001 = _rule(
    "USE001", E, "several inputs need an output folder", hint="add -o FOLDER", commands=WRITES,
    explanation="""Without `-o` a single input's result goes to stdout; the results of several inputs
    cannot share stdout, so the command refuses before doing anything (exit status 2).""",
    example="""
$ teitools convert a.txt b.txt
teitools: USE001 2 inputs need an output folder (hint: add -o FOLDER)""")

USE002 = _rule(
    "USE002", E, "--meta with more than one input", hint="put a NAME.meta.json beside each input instead", commands=CONVERT,
    explanation="""A `--meta` sidecar describes one text, so it cannot be given for a batch. For a batch,
    put a sidecar `NAME.meta.json` beside each input `NAME.txt`: it is used without being named (the
    summary line says so).""",
    example="""
$ teitools convert a.txt b.txt -o out/ --meta a.json
teitools: USE002 --meta describes one text; give one input with it (hint: put a NAME.meta.json beside each input instead)""")

USE003 = _rule(
    "USE003", E, "an option's value is invalid", commands=READS_ANY,
    explanation="""A value given on the command line breaks the rule for it: a choice not offered
    (`--layout nope`), text where a number is wanted (`-j abc`) or a number out of range (`--max-bytes 0`),
    with the hint naming the command's `--help`; `--date` must be a date
    `YYYY-MM-DD` or `today`; `--lang` a BCP 47 tag; `--licence` a name or an http(s) URL;
    `--date-of-source` an ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). The metadata options are checked against the same schema as a
    sidecar. In validate, `-` (stdin) cannot be read by `--engine jing`. `-` is not sent to a
    cluster (`--scheduler`), and `--incremental` needs outputs in a folder (`-o`) for convert
    and export. `-o` names a folder, not a file; `-j/--jobs` is 1 or more; `--scheduler` (or
    `DASK_SCHEDULER_ADDRESS`) is a Dask scheduler's address, `tcp://HOST:PORT` as `dask
    scheduler` prints it (`tls://`, `ws://` and `wss://` too; not the dashboard's `http://`
    address), with a port from 1 to 65535; `tls://` needs Dask's TLS settings. Nothing is done
    (exit status 2).""",
    example="""
$ teitools convert book.txt --date 30/11/2026
teitools: USE003 --date: '30/11/2026' is not a date YYYY-MM-DD nor 'today'""")

USE004 = _rule(
    "USE004", E, "--engine jing without jing or Java", hint="apt-get install jing, or use the default engine",
    commands=VALIDATE,
    explanation="""`validate --engine jing` runs the reference RELAX NG validator jing, a Java program;
    it was not found on the PATH (or Java was not). The default engine (lxml) needs neither.""",
    example="""
$ teitools validate book.xml --engine jing
teitools: USE004 --engine jing needs jing and Java (hint: apt-get install jing, or use the default engine)""")

USE005 = _rule(
    "USE005", E, "--param is not NAME=VALUE, or not one the built-in export takes", hint="write it as --param pages=1",
    commands=EXPORT,
    explanation="""A stylesheet parameter of `export` is written `NAME=VALUE`, the name an XML name
    (letters, digits, `_`, `.`, `-`). The built-in stylesheets take only their own parameters and
    values (the text export `pages=0|1`, HTML and EPUB none), so a misspelt one is not silently
    ignored; a stylesheet of one's own (`--xslt`) takes any. Exit status 2 before any file is
    exported.""",
    example="""
$ teitools export book.xml -f text --param pages
teitools: USE005 --param 'pages' is not NAME=VALUE (hint: write it as --param pages=1)
$ teitools export book.xml -f text --param page=1
teitools: USE005 --param 'page=1': the text export takes no parameter 'page' (hint: it takes pages=0|1)""")

USE006 = _rule(
    "USE006", E, "no rule has this code", hint="teitools rules lists every code", commands=("rules",),
    explanation="""`teitools rules CODE` explains one code of this registry; the code given is not one
    (codes are two to five capital letters and three digits; case does not matter).""",
    example="""
$ teitools rules XYZ001
teitools: USE006 no rule has the code 'XYZ001' (hint: teitools rules lists every code)""")

USE007 = _rule(
    "USE007", E, "an EPUB is not written to a terminal", hint="add -o FOLDER, or redirect stdout to a file",
    commands=EXPORT,
    explanation="""`export -f epub` writes a zip archive; without `-o` it goes to standard output, which
    must then not be a terminal (exit status 2).""",
    example="""
$ teitools export book.xml -f epub
teitools: USE007 an EPUB is not written to a terminal (hint: add -o FOLDER, or redirect stdout to a file)""")

USE008 = _rule(
    "USE008", E, "--scheduler needs Dask, which is not installed", hint="pip install 'teitools[dask]'",
    commands=READS_ANY,
    explanation="""Running a batch on a Dask cluster (`--scheduler ADDRESS`, or the environment
    variable `DASK_SCHEDULER_ADDRESS`) needs the optional packages `dask` and `distributed`, which
    this installation lacks. Without `--scheduler` the batch runs on this machine's cores. Exit
    status 2.""",
    example="""
$ teitools validate corpus/ --scheduler tcp://head:8786
teitools: USE008 --scheduler needs Dask, which is not installed (hint: pip install 'teitools[dask]')""")

USE009 = _rule(
    "USE009", E, "no Dask scheduler answers at the address given, or the cluster went away",
    hint="start one with `dask scheduler`, or check --scheduler and DASK_SCHEDULER_ADDRESS",
    commands=READS_ANY,
    explanation="""`--scheduler ADDRESS` (or `DASK_SCHEDULER_ADDRESS`) names a host no name server
    knows, or a Dask scheduler that did not answer within the time allowed (Dask's
    `distributed.comm.timeouts.connect`, 30 s unless set). The scheduler is asked before anything
    is done, so nothing is (exit status 2). A scheduler that stops answering during the run ends
    it: nothing more is sent, the files done so far are reported and the summary counts the
    others as not done. docs/batch.md says how to start a cluster.""",
    example="""
$ teitools validate corpus/ --scheduler tcp://head:8786
teitools: USE009 no Dask scheduler answers at tcp://head:8786: Timed out trying to connect (hint: start one with `dask scheduler`, or check --scheduler and DASK_SCHEDULER_ADDRESS)""")

USE010 = _rule(
    "USE010", E, "the cluster's workers run another version of teitools",
    hint="install the same teitools on the workers as here", commands=READS_ANY,
    explanation="""Outputs and reports made on a cluster must be the bytes this machine would make, so
    every worker must run the teitools version this process runs (or have teitools at all). A
    worker that answered otherwise stops the run (exit status 2); the files done so far are
    reported.""",
    example="""
$ teitools convert texts/ -o out/ --scheduler tcp://head:8786
teitools: USE010 worker node07 runs teitools 0.0.9, this is 0.1.0 (hint: install the same teitools on the workers as here)""")

USE011 = _rule(
    "USE011", E, "the command does not take this option, command or argument",
    hint="run teitools COMMAND --help", commands=("convert", "validate", "export", "schemas", "rules"),
    explanation="""The command line names an option the command does not have (`--frobnicate`), a
    command teitools does not have, one argument more than the command takes, or an option without
    the value it needs (`-o` at the end of the line). Where Click can guess what was meant, the
    message says so. Nothing is done (exit status 2); the hint names the `--help` that lists what
    the command takes. A value of the wrong kind is USE003, a missing argument USE012.""",
    example="""
$ teitools convert book.txt --frobnicate
teitools: USE011 no such option '--frobnicate' (hint: run teitools convert --help)""")

USE012 = _rule(
    "USE012", E, "a required argument is missing", hint="run teitools COMMAND --help",
    commands=("convert", "validate", "export", "schemas"),
    explanation="""The command needs an argument that was not given, as `convert`, `validate` and
    `export` need at least one INPUT (a file, a folder, or `-` for stdin) and `schemas fetch` a
    NAME. Nothing is done (exit status 2).""",
    example="""
$ teitools validate
teitools: USE012 missing argument 'INPUT...' (hint: run teitools validate --help)""")

# ---------------------------------------------------------------- convert: input text

IN001 = _rule(
    "IN001", E, "input is empty: there is no text to convert", hint="check that the file holds the text (an export that failed leaves an empty file)", commands=CONVERT,
    explanation="""The input holds nothing but white space, so there is nothing to convert and no TEI is
    written. Exit status 1 (a problem of the input, not of the command).""",
    example="""
$ printf '\\n\\n' > blank.txt; teitools convert blank.txt
blank.txt: IN001 input is empty: there is no text to convert (hint: check that the file holds the text (an export that failed leaves an empty file))""")

IN003 = _rule(
    "IN003", E, "input looks binary (contains NUL bytes), not plain text",
    hint="convert takes UTF-8 plain text", commands=CONVERT,
    explanation="""A NUL byte in the first 64 KiB means the input is not text (a PDF, a word processor
    file, UTF-16 without a byte order mark). Extract the text first (`pdftotext`, an export as plain
    text). Exit status 1 (a problem of the input, not of the command).""",
    example="""
$ teitools convert book.pdf
book.pdf: IN003 input looks binary (contains NUL bytes), not plain text (hint: convert takes UTF-8 plain text)""")

IN004 = _rule(
    "IN004", E, "unknown encoding name given with --encoding", hint="give a codec name Python knows: cp1252, latin-1, iso-8859-15, mac-roman", commands=CONVERT,
    explanation="""`--encoding` takes a codec name Python knows (`cp1252`, `latin-1`, `iso-8859-15`,
    `mac-roman`, `utf-16` …).""",
    example="""
$ teitools convert book.txt --encoding win-1252
book.txt: IN004 unknown encoding 'win-1252' (hint: give a codec name Python knows: cp1252, latin-1, iso-8859-15, mac-roman)""")

IN005 = _rule(
    "IN005", E, "input is not valid UTF-8 and its encoding is neither declared nor detectable",
    hint="name the encoding with --encoding, e.g. --encoding cp1252", commands=CONVERT,
    explanation="""Input is read as UTF-8; otherwise in the encoding it declares (Project Gutenberg's
    `Character set encoding:` line), else in the one detected from 16 or more non-ASCII bytes. When
    none of these decodes it (or the encoding given with `--encoding` does not), the line and column
    of the first bad byte are given. Exit status 1 (a problem of the input, not of the command).""",
    example="""
$ teitools convert old.txt
old.txt:3:17: IN005 input is not valid UTF-8 (byte 0xe9) (hint: name the encoding with --encoding, e.g. --encoding cp1252)""")

IN006 = _rule(
    "IN006", W, "control character XML cannot hold, replaced by U+FFFD", hint="the source holds control characters: check how it was exported", commands=CONVERT,
    explanation="""XML 1.0 cannot store most C0 control characters (and U+FFFE, U+FFFF). Each is replaced
    by the replacement character U+FFFD and reported with its line and column, so that the TEI is
    well-formed and nothing disappears silently. Form feeds are page ends and count as line ends.""",
    example="""
text with an escape character (U+001B) on line 4
book.txt:4:12: warning IN006 control character U+001B cannot be stored in XML; replaced by U+FFFD (hint: the source holds control characters: check how it was exported)""")

# ---------------------------------------------------------------- convert: metadata and header

META001 = _rule(
    "META001", E, "metadata sidecar cannot be read or is not JSON", hint="the sidecar must be a UTF-8 JSON object; start from teitools' meta-template", commands=CONVERT,
    explanation="""A sidecar (`--meta FILE`, or `NAME.meta.json` beside the input) must be a UTF-8 JSON
    object. A syntax error is given with its line and column. Nothing is converted.""",
    example="""
$ teitools convert book.txt --meta book.meta.json
book.meta.json:2:5: META001 not valid JSON: Expecting ':' delimiter (hint: the sidecar must be a UTF-8 JSON object; start from teitools' meta-template)""")

META002 = _rule(
    "META002", E, "metadata sidecar breaks its schema", hint="teitools meta-template prints a valid example",
    commands=CONVERT,
    explanation="""A sidecar is checked against `schemas/meta.schema.json` (JSON Schema 2020-12: no
    unknown keys, ISO dates, BCP 47 languages, http(s) URLs, ISBN check digits). Every problem is
    one line naming the JSON path and the schema keyword broken; nothing is converted (exit 1).""",
    example="""
page.json: META002 $.authors[1]: 3 is not of type 'string' (rule: type)
page.json: META002 $.isbn[0]: ISBN '9780306406150' has check digit 0, expected 7 (rule: format)""")

META003 = _rule(
    "META003", E, "metadata sidecar still holds a placeholder of `teitools meta-template`",
    hint="replace the example values by the book's, and drop the keys you do not know", commands=CONVERT,
    explanation="""`teitools meta-template` prints an example sidecar whose values are placeholders
    ("The Title of the Original", "First Author" …). A sidecar that still holds one would write it
    into the teiHeader as a fact, so it is refused before anything is written (exit 1); the message
    names the first placeholders found and counts the others.""",
    example="""
$ teitools meta-template > book.meta.json; teitools convert book.txt
book.meta.json: META003 the sidecar still holds placeholders of teitools meta-template: $.title 'The Title of the Original', $.subtitle 'Its Subtitle' and 7 more (hint: replace the example values by the book's, and drop the keys you do not know)""")

HDR001 = _rule(
    "HDR001", W, "publisher or licence of the TEI file not stated",
    hint="give --publisher and --licence, or a --meta sidecar", commands=CONVERT,
    explanation="""The TEI header's `publicationStmt` says who publishes the TEI file and under which
    licence. When neither options nor a sidecar give them, the header says so in a `<p>` and this
    warning is given once per file; the file is written all the same.""",
    example="""
$ teitools convert examples/harbour-book.txt
examples/harbour-book.txt: warning HDR001 publisher and licence of the TEI file not stated; the header says so (hint: give --publisher and --licence, or a --meta sidecar)""")

# ---------------------------------------------------------------- convert: self-checks

FID001 = _rule(
    "FID001", E, "words of the input are missing from the TEI: not written",
    hint="this is a converter bug; please report it with the input", commands=CONVERT,
    explanation="""Every conversion checks its own output: the words of the TEI `<text>`, together with
    the page numbers and note markers that became markup, must be exactly the words of the input. A
    word lost is a converter bug; the message names the input lines holding the words the reader
    could not place, and no file is written (exit 1).""",
    example="""
book.txt:120: FID001 2 input words are missing from the TEI (e.g. harbour, quay); input lines 120, 121 not placed (hint: this is a converter bug; please report it with the input)""")

FID002 = _rule(
    "FID002", E, "words in the TEI are not in the input: not written",
    hint="this is a converter bug; please report it with the input", commands=CONVERT,
    explanation="""The other half of the self-check of FID001: a word in the TEI that the input does not
    hold (a line written twice, a label invented). The message names the input lines written twice;
    no file is written (exit 1).""",
    example="""
book.txt:88: FID002 3 words in the TEI are not in the input (e.g. Chapter); input line 88 written twice (hint: this is a converter bug; please report it with the input)""")

CNV001 = _rule(
    "CNV001", E, "the TEI would not be valid against teitools.rng: not written",
    hint="this is a converter bug; please report it with the input", commands=CONVERT,
    explanation="""Before writing, convert validates its result against its own schema
    (`schemas/teitools.rng`, a strict subset of tei_all) with the RELAX NG stage of validate. An
    invalid result is a converter bug: the first fault and the number of faults are given and
    nothing is written (exit 1).""",
    example="""
book.txt: CNV001 the TEI would not be valid against teitools.rng (1 fault(s), the first: RNG001 element "p" not allowed here); not written (hint: this is a converter bug; please report it with the input)""")

# ---------------------------------------------------------------- convert: readers

EBK001 = _rule(
    "EBK001", W, "note marker without a note text in the source (encoded as an empty note)", hint="check the note texts at the chapter's or book's end; the marker stays as an empty note", commands=CONVERT,
    explanation="""The ebook reader found a note marker (a number glued to a word, a superscript, a
    bracketed number) that belongs to the chain of markers 1, 2, 3 …, but the text holds no note
    text for it, as happens when an ebook is exported without its notes. The marker is encoded at its
    place as `<note><gap reason="absent-in-source"/></note>`. A whole book exported so gives one per
    marker; text output shows the first five and one line counting the rest (`-v` lists all).""",
    example="""
…as Lenin wrote in 1917.12 The party…      (no note text 12 anywhere)
book.txt:40: warning EBK001 note 12: the marker has no note text in the source (hint: check the note texts at the chapter's or book's end; the marker stays as an empty note)""")

EBK002 = _rule(
    "EBK002", W, "note text that no marker calls (kept where it stands)", hint="check the marker in the text, which the OCR or export may have dropped", commands=CONVERT,
    explanation="""A numbered note text (in a notes section, or after a chapter) whose number no marker in
    the text carries. It is kept: in `<back><div type="notes">` when it stands in the notes section,
    where it stands otherwise.""",
    example="""
Notes
7. See the council minutes of 1796.        (no marker 7 in the text)
book.txt:310: warning EBK002 note text 7 has no marker in the text; kept in the notes section (hint: check the marker in the text, which the OCR or export may have dropped)""")

EBK003 = _rule(
    "EBK003", W, "a note number missing from the chain of markers", hint="check the text for the lost marker", commands=CONVERT,
    explanation="""Markers 1, 2, 4 with note texts 1 to 4: the marker of note 3 was lost from the text (or
    is not recognisable). The note text is kept; the warning gives the markers around the gap.""",
    example="""
book.txt:52: warning EBK003 note 3: no marker found between note 2 (line 30) and note 4 (hint: check the text for the lost marker)""")

GUT001 = _rule(
    "GUT001", W, "Project Gutenberg footnote with no marker before it (kept as a note where it stands)", hint="check the text for the lost marker [N]",
    commands=CONVERT,
    explanation="""A `[Footnote 1: …]` (or one of Project Gutenberg's other note conventions) that no
    marker `[1]` before it calls. It is kept as a note at the place it stands.""",
    example="""
book.txt:200: warning GUT001 footnote 4 has no marker [4] before it; kept where it stands (hint: check the text for the lost marker [N])""")

GUT002 = _rule(
    "GUT002", W, "Project Gutenberg note marker with no footnote text (kept as text)", hint="check the text for the footnote's lost text", commands=CONVERT,
    explanation="""A marker such as `[5]` in a book whose other markers pair with footnote texts, but for
    which no text exists. It stays text.""",
    example="""
book.txt:77: warning GUT002 note marker [5] has no footnote text; kept as text (hint: check the text for the footnote's lost text)""")

OCR001 = _rule(
    "OCR001", W, "page numbers jump: the pages between are not marked", hint="the scan may lack pages, or their numbers were unreadable", commands=CONVERT,
    explanation="""The OCR reader decides page numbers as one rising sequence. Where the sequence jumps
    (from 14 to 19) and the page starts between the two printed numbers are not exactly as many as
    the missing pages, no page break is guessed; the warning gives the line of the number after
    the gap. (`validate` then reports the same gap as `PB001`.)""",
    example="""
scan.txt:512: warning OCR001 page numbers jump from 14 to 19; the pages between are not marked (hint: the scan may lack pages, or their numbers were unreadable)""")

OCR002 = _rule(
    "OCR002", W, "OCR footnote with no marker before it (kept where it stands)", hint="check the page's text for the note's lost marker", commands=CONVERT,
    explanation="""A footnote at the foot of a page (a label and its text below the page's text) whose
    marker the page does not print. It is kept as a note where it stands.""",
    example="""
scan.txt:96: warning OCR002 footnote '3' has no marker before it; kept where it stands (hint: check the page's text for the note's lost marker)""")

WEB001 = _rule(
    "WEB001", W, "ISBN with a wrong check digit (kept as printed)",
    hint="the ISBN is kept as printed; check the source", commands=CONVERT,
    explanation="""The web reader checks ISBN-13 and ISBN-10 check digits. A wrong one is kept as printed
    in `<idno type="ISBN">` and reported with its line; it is not written into the header's facts.""",
    example="""
Hardback  ISBN 978-0-306-40615-0
page.txt:14: warning WEB001 ISBN 978-0-306-40615-0 has check digit 0, expected 7 (hint: the ISBN is kept as printed; check the source)""")

# ---------------------------------------------------------------- XML parsing

XML001 = _rule(
    "XML001", E, "not well-formed XML", hint="fix the markup at the position given", commands=READS_XML,
    explanation="""The file is not well-formed XML (an unclosed tag, a stray `&`, an attribute without
    quotes, an undeclared entity such as `&nbsp;` …); libxml2's description of the fault is given at its
    line and column. Nothing else is checked in the file, and the file is invalid (exit 1). With `--engine jing`, jing's fatal errors are this code
    too.""",
    example="""
bad.xml:12:8: error XML001 not well-formed: Opening and ending tag mismatch: p line 11 and div (hint: fix the markup at the position given)""")

XML002 = _rule(
    "XML002", E, "entity not expanded: an external entity (never loaded) or an expansion beyond "
    "libxml2's limits (an entity bomb)", hint="replace the entity by the text it stands for",
    commands=READS_XML,
    explanation="""Files are parsed safely: an external entity (`<!ENTITY x SYSTEM "file:///etc/passwd">`)
    is never read, and internal entities are expanded only within libxml2's amplification limits
    ("billion laughs"). A reference to such an entity is this error; the file is invalid. The message
    names the entity and says why: it is external (a parameter entity too), not declared (in a
    document that declares entities), refers back to itself, or its expansion is too large (then
    the hint says the nesting is the fault); the position is that of the reference in the document.""",
    example="""
evil.xml:3:10: error XML002 entity 'xxe' is external and is never loaded (hint: replace the entity by the text it stands for)""")

XML003 = _rule(
    "XML003", E, "character not allowed in XML (a control character)", hint="remove the control character",
    commands=READS_XML,
    explanation="""XML 1.0 forbids most C0 control characters, even as character references (`&#x1b;`).
    libxml2 stops at the first one; its position is given.""",
    example="""
ctl.xml:5:14: error XML003 not well-formed: PCDATA invalid Char value 27 (hint: remove the control character)""")

XML004 = _rule(
    "XML004", W, "character discouraged in XML text (C1 control or noncharacter)",
    hint="replace it by the character meant", commands=VALIDATE,
    explanation="""XML allows but discourages the C1 controls U+0080 to U+009F and Unicode noncharacters.
    In practice they are text in Windows-1252 read as Latin-1 (U+0093 for a curly quote). An
    integrity check (skipped with `--no-integrity`), reported once per element.""",
    example="""
d.xml:14:5: warning XML004 character U+0093 in the text of <p> (hint: replace it by the character meant)""")

XML005 = _rule(
    "XML005", E, "elements nested more than 1000 deep (refused before RELAX NG, whose validator would crash)",
    hint="no TEI document nests so deep", commands=READS_XML,
    explanation="""libxml2's RELAX NG validator recurses once per level and would crash on a document nested
    tens of thousands deep (a file made to crash validators). Such a file is refused after parsing,
    before validation; the whole document after XInclude counts. A document nested deeper than
    libxml2 parses at all (2,048 levels) is refused the same way, at the line where parsing stopped.""",
    example="""
deep.xml:1001: error XML005 elements nested more than 1000 deep (hint: no TEI document nests so deep; the file may be generated to crash validators)""")

XI001 = _rule(
    "XI001", E, "xi:include not resolved (a URL, a file outside the document's folder tree, missing or not "
    "well-formed, an xpointer that selects nothing, nesting over 40 deep, a loop) and no xi:fallback",
    hint="correct the href or xpointer, add an xi:fallback, or check the file as it is with --no-xinclude",
    commands=VALIDATE,
    explanation="""validate resolves XInclude as `xmllint --xinclude` does, from local files inside the
    document's folder tree only, never the network. An `xi:include` that cannot be resolved and has
    no `xi:fallback` is this error at the `xi:include`, which is then left out; the rest of the
    document is checked.""",
    example="""
book.xml:8:3: error XI001 xi:include not resolved: chapter2.xml: no such file (hint: correct the href or xpointer, add an xi:fallback, or check the file as it is with --no-xinclude)""")

# ---------------------------------------------------------------- validate: RELAX NG

_RNG = """One of the messages of the RELAX NG stage (lxml/libxml2 against a schema reduced to the
document's names, which changes no verdict). teitools reports each fault at the deepest element whose
content fails, with the column of its start tag; at most 1,000 RELAX NG errors per file are shown."""

RNG001 = _rule(
    "RNG001", E, "element not allowed here (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " An element stands where its parent's content model does not allow it (or the "
    "document element is not one the schema starts with).",
    example="""
d.xml:12:7: error RNG001 element "p" not allowed here""")

RNG002 = _rule(
    "RNG002", E, "element incomplete: required content missing (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " An element ends before content its schema requires; for an empty element, the "
    "elements that may begin it are named, as jing names them.",
    example="""
d.xml:6:5: error RNG002 element "publicationStmt" incomplete; expected element "p" or "publisher\"""")

RNG003 = _rule(
    "RNG003", E, "attribute not allowed on this element (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " No pattern of the element allows an attribute of this name, or none allows it "
    "beside the element's other attributes (one of a choice of attributes given after the other, as "
    "`@include` and `@except` on `moduleRef`).",
    example="""
d.xml:9:3: error RNG003 attribute "rend" not allowed on element "p\"""")

RNG004 = _rule(
    "RNG004", E, "attribute value invalid (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " The attribute is allowed, but not with this value (a closed list, a data type "
    "such as a date or an NCName for `xml:id`).",
    example="""
d.xml:20:5: error RNG004 value "header" of attribute "role" on element "row" is invalid""")

RNG005 = _rule(
    "RNG005", E, "text not allowed here (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " Text stands in an element whose content model holds elements only (text directly "
    "in `<div>` rather than in a `<p>`).",
    example="""
d.xml:15:9: error RNG005 text not allowed in element "div\"""")

RNG006 = _rule(
    "RNG006", E, "element has an invalid attribute (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " libxml2's summary for an element whose attributes (or, within a choice, content) "
    "fail; left out when a more precise error names the fault (each attribute whose value its element's "
    "patterns for it refuse on its own is named, `RNG004`).",
    example="""
d.xml:9:3: error RNG006 element "note" is not valid here (its attributes or its content)""")

RNG007 = _rule(
    "RNG007", E, "element content invalid (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " libxml2's summary for an element whose content fails; left out when a more "
    "precise error names the fault inside it.",
    example="""
d.xml:4:3: error RNG007 content of element "fileDesc" is invalid""")

RNG008 = _rule(
    "RNG008", E, "element in the wrong namespace (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " The element has the right name but another namespace (most often no namespace: a "
    "TEI file without `xmlns=\"http://www.tei-c.org/ns/1.0\"`).",
    example="""
d.xml:2:1: error RNG008 element "TEI" is in the wrong namespace; expected "http://www.tei-c.org/ns/1.0\"""")

RNG009 = _rule(
    "RNG009", E, "other RELAX NG error (libxml2's message, or that the document does not match when "
    "libxml2 names no fault)", commands=VALIDATE,
    explanation=_RNG + " A message of libxml2 that none of the other RNG codes describes, given as it is.",
    example="""
d.xml:7:3: error RNG009 Element date failed to validate attributes""")

RNG010 = _rule(
    "RNG010", E, "element declared nowhere in the schema (RELAX NG)", commands=VALIDATE,
    explanation=_RNG + " The schema has no pattern for this element at all (a misspelt name, or an element "
    "of a TEI module the schema leaves out), as jing names it.",
    example="""
d.xml:11:5: error RNG010 element "paragraph" is not allowed anywhere in the schema""")

RNG011 = _rule(
    "RNG011", I, "more RELAX NG errors in the file than the 1,000 shown (given at the first one left out)",
    commands=VALIDATE,
    explanation=_RNG + " After 100 errors the rest of a file's RELAX NG errors are counted, not shown; "
    "this line says how many and where they begin.",
    example="""
many.xml:120: info RNG011 50 more RELAX NG errors from here on not shown""")

RNG012 = _rule(
    "RNG012", E, "element lacks a child element or attribute its schema always requires (RELAX NG)",
    commands=VALIDATE,
    explanation=_RNG + " Every pattern of the element requires a child or attribute it lacks; the missing "
    "names are given.",
    example="""
m.xml:3:3: error RNG012 element "fileDesc" incomplete; missing required element "titleStmt\"""")

JING001 = _rule(
    "JING001", E, "error reported by jing (--engine jing)", commands=VALIDATE,
    explanation="""With `--engine jing`, RELAX NG is checked by the reference validator jing instead of
    lxml; its messages are given as they are under this code (Schematron and integrity checks still
    run as usual).""",
    example="""
d.xml:12:7: error JING001 element "p" not allowed here; expected element "head\"""")

# ---------------------------------------------------------------- validate: schemas

SCH001 = _rule(
    "SCH001", E, "schema cannot be read", hint="check the path given with --schema", commands=VALIDATE,
    explanation="""A RELAX NG or Schematron schema could not be read or is not well-formed XML. A schema
    given on the command line is read once, before any document (exit status 2).""",
    example="""
broken.rng: SCH001 cannot read the schema: … (hint: check the path given with --schema)""")

SCH002 = _rule(
    "SCH002", E, "not a RELAX NG schema in XML syntax", hint="give the .rng file (compact syntax .rnc is not read)",
    commands=VALIDATE,
    explanation="""The file given as RELAX NG schema has neither `grammar` nor `element` in the RELAX NG
    namespace at its root (the compact syntax `.rnc` is not read; convert it with `trang`). A file
    that is not Schematron is `SCT001`.""",
    example="""
$ teitools validate d.xml --schema rules.sch
rules.sch: SCH002 not a RELAX NG schema in XML syntax (hint: give the .rng file (compact syntax .rnc is not read))""")

SCH003 = _rule(
    "SCH003", E, "incorrect RELAX NG schema (libxml2 does not compile it, or it breaks a rule of the "
    "specification jing checks): refused before any document is checked", commands=VALIDATE,
    explanation="""libxml2 cannot compile the RELAX NG schema (an undefined reference, a pattern the
    specification forbids). Nothing is checked against it (exit status 2). A Schematron that does
    not compile is `SCT002`.""",
    example="""
bad.rng: SCH003 the RELAX NG schema does not compile: Reference foo has no matching definition""")

SCH004 = _rule(
    "SCH004", E, "schema given with --schema or --schematron is neither a file nor in the schema store",
    hint="run `teitools schemas fetch NAME` or pass --schema-dir", commands=VALIDATE,
    explanation="""A schema named on the command line is a path, or a name looked up in the store
    (`--schema-dir`, `$TEITOOLS_SCHEMA_DIR`, the user cache, the bundled schemas). It is reported
    once for the batch, exit status 2. A schema a document names that the store lacks is only a
    warning, `SCH012`.""",
    example="""
$ teitools validate out/ --schema tei_jtei
teitools: SCH004 schema 'tei_jtei' is neither a file nor in the schema store (hint: run `teitools schemas fetch tei_jtei` or pass --schema-dir)""")

SCH005 = _rule(
    "SCH005", E, "Schematron assertion failed or report fired (role error)", commands=VALIDATE,
    explanation="""A Schematron `sch:assert` whose test is false, or `sch:report` whose test is true, with
    no role or role `error`. The message is the assertion's; the pattern id follows it in brackets
    (and is the `pattern` field of the JSON report, with the rule's `context`, the node's `xpath` and
    the `schema`).""",
    example="""
d.xml:14:9: error SCH005 An element with @target must not be empty. [tei-ref-target]""")

SCH006 = _rule(
    "SCH006", W, "Schematron warning (role warning, warn or nonfatal)", commands=VALIDATE,
    explanation="""As SCH005, for assertions whose role is `warning`, `warn` or `nonfatal`. Warnings fail
    the run only with `--strict` or `--max-warnings`.""",
    example="""
d.xml:3:5: warning SCH006 Paragraph too long. [short]""")

SCH007 = _rule(
    "SCH007", I, "Schematron information (role info)", commands=VALIDATE,
    explanation="""As SCH005, for assertions whose role is `info` or `information`: never a failure.""",
    example="""
d.xml:3: info SCH007 The document uses 3 languages. [languages]""")

SCH008 = _rule(
    "SCH008", E, "`schemas fetch`: no pinned release of that name", commands=SCHEMAS,
    explanation="""`teitools schemas fetch` downloads only releases whose SHA-256 teitools pins; the name
    given is not one of them. The hint lists the known names.""",
    example="""
$ teitools schemas fetch tei_jtei
teitools: SCH008 no pinned release named 'tei_jtei' (hint: known: tei_all, tei_lite)""")

SCH009 = _rule(
    "SCH009", E, "`schemas fetch`: downloaded file does not have the pinned SHA-256", commands=SCHEMAS,
    explanation="""The downloaded file differs from the pinned release byte for byte, so it is not stored
    (a changed or tampered file, or a mirror with other content). A copy you trust can be put by hand
    into the store.""",
    example="""
teitools: SCH009 https://…/tei_all.rng has SHA-256 3f…, not the pinned 9a…; not stored""")

SCH010 = _rule(
    "SCH010", E, "Schematron rule would read outside the document (a file, URL, environment variable or "
    "system property), write, print, or call an extension function: refused",
    hint="a Schematron rule may read only the document it checks", commands=VALIDATE,
    explanation="""A Schematron schema is code, and a document may name its own. Before a schema compiles
    every XPath in it is audited: `unparsed-text()`, `doc()`, `environment-variable()`, extension
    functions, `xsl:result-document`, `xsl:message` and the like are refused, naming the rule and the
    call, so that no rule can read the CI's secrets or write to its log. Exit status 2.""",
    example="""
evil.sch:1: error SCH010 Schematron rule context='tei:p' calls unparsed-text('/etc/passwd'), which reads a file or a URL: refused (hint: a Schematron rule may read only the document it checks)""")

SCH011 = _rule(
    "SCH011", E, "schema or include outside the document's folder tree and the store: refused",
    hint="pass --trust-schemas, or put the schema in a --schema-dir folder", commands=VALIDATE,
    explanation="""A schema a document names (and `sch:include`, RELAX NG `include` or `externalRef` in
    it) is taken only from the document's folder tree or the schema store: an absolute path, a `../`
    that leaves the tree or a link pointing out of it is refused unless `--trust-schemas` is given.
    Schemas named on the command line are the user's choice and are not confined.""",
    example="""
d.xml:1: SCH011 schema '/etc/x.rng' named by <?xml-model?> lies outside the document's folder: refused (hint: pass --trust-schemas, or put the schema in a --schema-dir folder)""")

SCH012 = _rule(
    "SCH012", W, "schema named by <?xml-model?> not in the schema store: the file is checked against "
    "tei_all instead", hint="put the schema in a --schema-dir folder, $TEITOOLS_SCHEMA_DIR or "
    "~/.cache/teitools/schemas, or choose one with --schema", commands=VALIDATE,
    explanation="""The document names a schema (a project's ODD-derived schema by URL, a relative path
    that is not there) that is neither beside it nor in the store. Validation never downloads, so the
    file gets tei_all's verdict (unless it names another RELAX NG schema that is found) and the batch
    goes on; `--strict` makes this warning fail the run. The `schema` field of the JSON report is
    the name as the document gives it.""",
    example="""
d.xml:1: warning SCH012 schema 'https://example.org/project.rng' named by <?xml-model?> is not in the schema store: checked against tei_all instead (hint: put project.rng in a --schema-dir folder, $TEITOOLS_SCHEMA_DIR or ~/.cache/teitools/schemas, or choose a schema with --schema)""")

SCT001 = _rule(
    "SCT001", E, "not a correct ISO Schematron schema", commands=VALIDATE,
    explanation="""The Schematron schema breaks a rule of ISO Schematron or uses what teitools does not
    run: its root is not `sch:schema` (a RELAX NG schema with no embedded rules), an unknown query
    binding, `sch:extends/@href`, a missing `@context` or `@test`, a circular `sch:extends`, an
    unknown phase, `sch:include` nested more than 10 deep. The message says which; exit status 2.
    (Formerly `SCH002` for a file that is not Schematron, with the XPath 1 engine.)""",
    example="""
rules.sch:12: SCT001 sch:rule needs a @context
rules.sch: SCT001 not an ISO Schematron schema""")

SCT002 = _rule(
    "SCT002", E, "Schematron schema does not compile", commands=VALIDATE,
    explanation="""An XPath or XSLT in the schema does not compile (a syntax error, an unknown function or
    prefix). With the XPath 2/3 engine (Saxon) the line of the rule or assertion is given. Exit
    status 2. (Formerly `SCH003` with the XPath 1 engine.)""",
    example="""
rules.sch:14: SCT002 Schematron rule does not compile: XPST0017 Unknown function fn:string-lenght()""")

SCT003 = _rule(
    "SCT003", E, "Schematron could not be run on this document", commands=VALIDATE,
    explanation="""The Schematron compiled but failed as it ran on this document (an XSLT runtime error
    that is not a test's own dynamic error, which becomes a finding). The file is invalid (exit 1).""",
    example="""
d.xml: SCT003 Schematron could not be run: …""")

# ---------------------------------------------------------------- validate: integrity

ID001 = _rule(
    "ID001", E, "xml:id used twice (outside egXML examples)", hint="make every xml:id unique",
    commands=VALIDATE,
    explanation="""`xml:id` is an `xsd:ID`: unique in a document. Reported once, at the repeat, as jing
    reports it; it is checked with `--no-integrity` too, and the other checks still run. Ids inside
    `<egXML>` examples are not the document's.""",
    example="""
d.xml:30:7: error ID001 xml:id "n1" is used twice (first on line 12) (hint: make every xml:id unique)""")

ID002 = _rule(
    "ID002", W, "pointer to an xml:id that does not exist in this document (outside egXML examples)",
    hint="point to an existing xml:id or correct the reference", commands=VALIDATE,
    explanation="""A same-document pointer (`#id` in `@target`, `@corresp`, `@ref`, `@who` and the other
    pointer attributes) resolves to no `xml:id`. Reported once per pointer with the number of its
    uses; a warning, since jing and TEI's Schematron accept such files (`--strict` fails on it).""",
    example="""
d.xml:44:13: warning ID002 @target="#n9" points to no xml:id in this document (hint: point to an existing xml:id or correct the reference)""")

PB001 = _rule(
    "PB001", W, "page numbers of <pb> out of sequence", hint="check for a missing or misread page",
    commands=VALIDATE,
    explanation="""Arabic page numbers of `<pb n>` within one edition should rise by one. A jump or a step
    back is often a plate, a lost page or an OCR misreading.""",
    example="""
d.xml:210:1: warning PB001 page "19" follows page 14 (hint: check for a missing or misread page)""")

NOTE001 = _rule(
    "NOTE001", W, "note not reachable: neither in place nor pointed to",
    hint="write the note at its call point, or point to it with <ref target=\"#id\">", commands=VALIDATE,
    explanation="""An end- or footnote kept apart from the text (in `<back>`, a `noteGrp` or `standOff`)
    that no pointer reaches: a reader of the text cannot find it.""",
    example="""
d.xml:300:9: warning NOTE001 note 7 is away from the text and nothing points to it (hint: write the note at its call point, or point to it with <ref target="#id">)""")

VAL001 = _rule(
    "VAL001", E, "teitools crashed on this file (a worker process died); the batch's other files are done",
    hint="please report it with the file", commands=READS_ANY,
    explanation="""The work on this file crashed the process that ran it (a fault in a C library, or the
    process was killed). The worker is replaced, the file is reported as failed (invalid, for
    validate) and the rest of the batch is done. On a Dask cluster the file is first tried again
    on other workers; it is reported when as many workers as the scheduler allows
    (`distributed.scheduler.allowed-failures`, 3 by default) died on it.""",
    example="""
odd.xml: VAL001 teitools crashed on this file (signal 11); the batch's other files were done (hint: please report it with the file)""")

# ---------------------------------------------------------------- export

EX001 = _rule(
    "EX001", E, "root element is not TEI or teiCorpus in the TEI namespace", hint="export reads TEI P5 documents",
    commands=EXPORT,
    explanation="""export reads any TEI P5 document, `TEI` or `teiCorpus` in the TEI namespace, and refuses
    anything else (exit 1).""",
    example="""
$ teitools export page.xhtml
page.xhtml: EX001 root element is '{http://www.w3.org/1999/xhtml}html', not TEI or teiCorpus in the TEI namespace (hint: export reads TEI P5 documents)""")

EX002 = _rule(
    "EX002", E, "the stylesheet failed on this document", hint="please report it with the file", commands=EXPORT,
    explanation="""The XSLT stylesheet stopped with an error on this document, or made no HTML. This is a
    bug of the stylesheet (exit 1).""",
    example="""
d.xml: EX002 stylesheet failed: … (hint: please report it with the file)""")

EX003 = _rule(
    "EX003", E, "the --xslt stylesheet is not well-formed XML", hint="an XSLT stylesheet is an XML file",
    commands=EXPORT,
    explanation="""The stylesheet given with `--xslt` cannot be parsed as XML; nothing is exported
    (exit status 2).""",
    example="""
my.xsl:3:1: EX003 stylesheet is not well-formed XML: … (hint: an XSLT stylesheet is an XML file)""")

EX004 = _rule(
    "EX004", E, "the --xslt stylesheet is not XSLT 1.0 that libxslt compiles without error (or imports a "
    "file outside its folder)", hint="teitools runs XSLT 1.0 (libxslt), with EXSLT", commands=EXPORT,
    explanation="""libxslt does not compile the stylesheet given with `--xslt`, or it imports or includes
    a file outside its own folder, which is refused; nothing is exported (exit status 2).""",
    example="""
my.xsl: EX004 not a usable XSLT 1.0 stylesheet: … (hint: teitools runs XSLT 1.0 (libxslt), with EXSLT)""")

EX005 = _rule(
    "EX005", E, "the --xslt stylesheet failed on this document (or made no HTML for an EPUB)",
    hint="fix the stylesheet; the message is libxslt's", commands=EXPORT,
    explanation="""The stylesheet given with `--xslt` stopped with an error on this document (exit
    status 1; the other documents are exported).""",
    example="""
my.xsl: EX005 the stylesheet failed on book.xml: … (hint: fix the stylesheet; the message is libxslt's)""")

EX006 = _rule(
    "EX006", E, "the --xslt stylesheet tried to write a file, fetch an address or read outside the input's "
    "folder: refused", hint="document() reads files below the input's folder only", commands=EXPORT,
    explanation="""A stylesheet given with `--xslt` runs locked down (lxml's `XSLTAccessControl`): it
    may not write files, reach the network, or read files outside the folder of the document it
    exports. Trying is refused and nothing is written for that document (exit status 1).""",
    example="""
my.xsl: EX006 the stylesheet may not read file:///etc/passwd (outside the input's folder) while exporting book.xml""")

EX007 = _rule(
    "EX007", E, "the --css file is not UTF-8 text", hint="save it as UTF-8", commands=EXPORT,
    explanation="""The file given with `--css` is read as UTF-8 (a byte-order mark is allowed); other
    bytes are refused before anything is exported (exit status 2).""",
    example="""
mine.css: EX007 not UTF-8 text (byte 12) (hint: save it as UTF-8)""")


# ---------------------------------------------------------------- views: `teitools rules`

def listing(rules: list[Rule]) -> str:
    """One line per rule: code, severity, commands, summary."""
    width = max(len(rule) for rule in rules)
    return "".join(f"{rule:<{width}}  {rule.severity.value:<7}  {','.join(rule.commands):<24}  {rule.summary}\n"
                   for rule in rules)


def explain(rule: Rule) -> str:
    """A rule in full, for a terminal."""
    import textwrap

    lines = [f"{rule} ({rule.severity.value}; {', '.join(rule.commands)}): {rule.summary}", ""]
    lines += textwrap.wrap(rule.explanation, 100)
    lines += ["", "Example:", textwrap.indent(rule.example, "    ")]
    if rule.hint:
        lines += ["", f"Hint: {rule.hint}"]
    return "\n".join(lines) + "\n"


def as_json(rules: list[Rule]) -> str:
    import json

    return json.dumps([{"code": str(rule), "severity": rule.severity.value, "summary": rule.summary,
                        "hint": rule.hint, "commands": list(rule.commands), "explanation": rule.explanation,
                        "example": rule.example} for rule in rules], indent=2, ensure_ascii=False) + "\n"


def _md(text: str, cell: bool = False) -> str:
    """Markdown for plain text: angle brackets outside code spans escaped (and bars in a table cell)."""
    parts = text.split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    out = "`".join(parts)
    return out.replace("|", "\\|") if cell else out


def markdown(rules: list[Rule]) -> str:
    """``docs/rules.md``: a table of every rule, then each rule in full."""
    out = ["# Rule codes", "",
           "<!-- Generated from src/teitools/codes.py by `teitools rules --format markdown`; "
           "do not edit by hand. -->", "",
           "Every diagnostic teitools prints is one line, `path[:line[:col]]: [severity ]CODE message "
           "(hint: …)`. `teitools rules` lists the codes and `teitools rules CODE` explains one, as this "
           "page does. The JSON, JUnit and GitHub formats of `validate`, and `convert --report`, carry the "
           "same codes.", "",
           "| code | severity | commands | summary |", "|---|---|---|---|"]
    out += [f"| [`{rule}`](#{rule.lower()}) | {rule.severity.value} | {', '.join(rule.commands)} | "
            f"{_md(rule.summary, cell=True)} |" for rule in rules]
    for rule in rules:
        out += ["", f"## {rule}", "", f"**{rule.severity.value}** · {', '.join(rule.commands)} · "
                f"{_md(rule.summary)}", "", _md(rule.explanation), "", "```text", rule.example, "```"]
        if rule.hint:
            out += ["", f"Hint: {_md(rule.hint)}"]
    return "\n".join(out) + "\n"


FORMATS = ("text", "markdown", "json")  # the formats of `teitools rules --format`


def render(fmt: str, rules: list[Rule], one: bool = False) -> str:
    """``teitools rules`` in format ``fmt`` (one of :data:`FORMATS`); ``one``: a single rule asked for."""
    if fmt == "markdown":
        return markdown(rules)
    if fmt == "json":
        return as_json(rules)
    return explain(rules[0]) if one else listing(rules)
