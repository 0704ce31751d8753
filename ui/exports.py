"""Export files as bytes for the download buttons."""
from __future__ import annotations

import tempfile
from pathlib import Path

from listening.export import ExportData, write_exports


def render_files(data: ExportData) -> dict[str, bytes]:
    """{file name: bytes} of report.html, summary.xlsx, answers_bom.csv, export.json."""
    with tempfile.TemporaryDirectory(prefix="listening-export-") as folder:
        return {path.name: path.read_bytes() for path in write_exports(data, Path(folder))}
