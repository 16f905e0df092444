"""``--engine jing``: the reference RELAX NG validator (Debian's ``jing`` package), for users
who want its verdicts and messages: the RELAX NG stage (see ``finding``) run by jing, whose output
is read back into findings."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from teitools import codes
from teitools.diagnostics import Diagnostic, Severity, TeiToolsError
from teitools.validation.finding import Finding

_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<kind>error|fatal|warning): (?P<msg>.*)$")


def executable() -> str | None:
    return shutil.which("jing")


def validate(schema: Path, files: Sequence[Path]) -> dict[str, list[Finding]]:
    """jing's errors per file (as given), all files in one Java process. Raises TeiToolsError
    (USE004) when jing or Java is missing."""
    jing = executable()
    if jing is None or shutil.which("java") is None:
        raise TeiToolsError(Diagnostic(codes.USE004, "--engine jing needs jing and Java", path="teitools",
                                       hint="apt-get install jing, or use the default engine"))
    result = subprocess.run([jing, str(schema), *map(str, files)], capture_output=True, text=True,
                            check=False)
    found: dict[str, list[Finding]] = {str(f): [] for f in files}
    by_resolved = {str(Path(f).resolve()): str(f) for f in files}
    for raw in result.stdout.splitlines() + result.stderr.splitlines():
        match = _LINE.match(raw)
        if not match:
            continue
        shown = by_resolved.get(str(Path(match["path"]).resolve()), match["path"])
        code = codes.XML001 if match["kind"] == "fatal" else codes.JING001
        severity = Severity.WARNING if match["kind"] == "warning" else Severity.ERROR
        found.setdefault(shown, []).append(Finding(code, match["msg"], line=int(match["line"]),
                                                   column=int(match["col"]), severity=severity,
                                                   stage="relaxng"))
    return found
