"""Finding inputs and writing outputs safely: atomic writes, no silent overwrites."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from teitools.diagnostics import Diagnostic, TeiToolsError


def collect_inputs(paths: Iterable[str], pattern: str) -> list[Path]:
    """Files as given, folders searched recursively for ``pattern``, in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            matches = sorted(p for p in path.rglob(pattern) if p.is_file())
            if not matches:
                raise TeiToolsError(Diagnostic("IO005", f"folder holds no {pattern} files", path=raw))
            found.extend(matches)
        else:
            found.append(path)
    return found


def output_path(folder: Path, source: Path, suffix: str, inputs: Iterable[Path]) -> Path:
    """Where the result for ``source`` goes; never onto an input file."""
    target = folder / (source.stem + suffix)
    resolved = target.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise TeiToolsError(Diagnostic(
            "IO006", f"output {target} would overwrite an input file", path=str(source),
            hint="choose another output folder with -o"))
    return target


def refuse_existing(target: Path, force: bool) -> None:
    """An existing output is replaced only when the user says so."""
    if target.exists() and not force:
        raise TeiToolsError(Diagnostic(
            "IO007", "output exists; not replaced", path=str(target), hint="use --force to replace it"))


def write_atomic(target: Path, data: bytes, force: bool) -> None:
    """Write through a temporary file and a rename, so no reader sees a partial file."""
    refuse_existing(target, force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise TeiToolsError(Diagnostic(
            "IO008", f"cannot write: {exc.strerror or exc}", path=str(target))) from None
