"""The public-comment response table: everyone reads it, staff write it, every change is audited.

Rows come from the dataset's latest curated analysis; merging, splitting or moving answers between
rows are the curation edits (``merge_clusters``, ``split_cluster``, ``move_answers``) at topic level.
What staff write is a log of field edits in the store: undo takes back the latest group of edits.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from listening import curation

from listening.responses import (
    EDITABLE,
    STATUSES,
    Check,
    ResponseTable,
    SheetEdit,
    build_table,
    docx_bytes,
    check_table,
    read_sheet_edits,
    render_html,
    row_digest,
    workbook_bytes,
)
from listening.store import TABLE_KEY

from .base import WorkspaceBase


class ResponsesNotReady(ValueError):
    """A public response table that would publish an unanswered row or an unplaced opinion."""

    def __init__(self, checks: list[Check]) -> None:
        self.checks = checks
        super().__init__("; ".join(c.text("en") for c in checks))


@dataclass(frozen=True)
class ResponseFile:
    name: str
    data: bytes
    mime: str
    checks: tuple[Check, ...]


_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "html": "text/html"}


class ResponsesMixin(WorkspaceBase):
    """Part of :class:`listening.workspace.Workspace`."""

    def response_table(self, dataset_id: int) -> ResponseTable | None:
        """The dataset's response table (None before its first analysis); read-only for committee members."""
        self._require("view", dataset_id)
        return self._current_table(dataset_id)

    def response_history(self, dataset_id: int) -> pd.DataFrame:
        """Every response edit, undone ones included: who wrote what, when."""
        self._require("view", dataset_id)
        return self._store.list_response_edits(dataset_id, include_undone=True)

    def edit_response(self, dataset_id: int, row_key: str, **fields: str) -> int:
        """Change the summary, response, disposition, location or status of one row (one undoable group)."""
        self._require("respond", dataset_id)
        table = self._table_for_edit(dataset_id)
        row = table.row(row_key)
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        if fields.get("disposition") and fields["disposition"] not in table.dispositions:
            raise ValueError(f"disposition must be one of {', '.join(table.dispositions)}")
        digest = row_digest(row)
        edits = [(row_key, field, str(value), digest) for field, value in fields.items()]
        ids = self._store.add_response_edits(dataset_id, edits, self.user.name)
        self._log("response_edit", dataset_id, 1, row=row.number, key=row_key, fields=sorted(fields))
        return ids[0]

    def reorder_responses(self, dataset_id: int, keys: list[str]) -> int:
        self._require("respond", dataset_id)
        table = self._table_for_edit(dataset_id)
        known = {r.key for r in table.rows}
        if set(keys) - known:
            raise ValueError(f"unknown rows: {', '.join(sorted(set(keys) - known))}")
        ids = self._store.add_response_edits(dataset_id, [(TABLE_KEY, "order", json.dumps(list(keys)), None)],
                                            self.user.name)
        self._log("response_order", dataset_id, len(keys))
        return ids[0]

    def set_response_settings(self, dataset_id: int, title: str | None = None,
                              dispositions: list[str] | None = None) -> int | None:
        """The document title and the list of dispositions staff choose from."""
        self._require("respond", dataset_id)
        edits = []
        if title is not None:
            edits.append((TABLE_KEY, "title", title.strip(), None))
        if dispositions is not None:
            options = [d.strip() for d in dispositions if d.strip()]
            if not options or len(set(options)) != len(options):
                raise ValueError("dispositions need at least one entry and no entry twice")
            edits.append((TABLE_KEY, "dispositions", json.dumps(options, ensure_ascii=False), None))
        ids = self._store.add_response_edits(dataset_id, edits, self.user.name)
        if ids:
            self._log("response_settings", dataset_id, None, title=title is not None,
                      dispositions=dispositions is not None)
        return ids[0] if ids else None

    def attach_orphan(self, dataset_id: int, orphan_key: str, row_key: str) -> int:
        """Move what was written for a row the analysis no longer has onto a current row."""
        self._require("respond", dataset_id)
        table = self._table_for_edit(dataset_id)
        orphan = next((o for o in table.orphans if o.key == orphan_key), None)
        if orphan is None:
            raise ValueError(f"no orphaned response {orphan_key!r}")
        row = table.row(row_key)
        digest = row_digest(row)
        edits = [(row_key, f, v, digest) for f, v in orphan.values.items() if f in EDITABLE and f != "status"]
        # The orphan's text is now on the row: clear it where it was, in the same undoable group.
        edits += [(orphan_key, f, "", None) for f in orphan.values if f in EDITABLE]
        ids = self._store.add_response_edits(dataset_id, edits, self.user.name)
        self._log("response_attach", dataset_id, 1, source=orphan_key, row=row.number)
        return ids[0]

    def undo_response(self, dataset_id: int) -> int | None:
        self._require("respond", dataset_id)
        group = self._store.undo_response_edits(dataset_id, self.user.name)
        self._log("response_undo", dataset_id, None, group=group)
        return group

    def import_responses(self, dataset_id: int, data: bytes, filename: str) -> list[SheetEdit]:
        """Read a workbook staff drafted in Excel: the changed cells land as one undoable group."""
        self._require("respond", dataset_id)
        table = self._table_for_edit(dataset_id)
        changes = read_sheet_edits(table, data, filename)
        digests = {r.key: row_digest(r) for r in table.rows}
        self._store.add_response_edits(dataset_id, [(c.key, c.field, c.value, digests[c.key]) for c in changes],
                                      self.user.name)
        self._log("response_import", dataset_id, len({c.key for c in changes}), file=filename, cells=len(changes))
        return changes

    def export_responses(self, dataset_id: int, fmt: str, public: bool, include_drafts: bool = False) -> ResponseFile:
        """The table as docx, xlsx or html. A public version refuses to publish unanswered rows."""
        self._require("export_public" if public else "export_internal", dataset_id)
        table = self.response_table(dataset_id)
        if table is None:
            raise ValueError("this dataset has not been analysed yet")
        checks = check_table(table, public, include_drafts)
        errors = [c for c in checks if c.error]
        if public and errors:
            raise ResponsesNotReady(errors)
        if fmt == "docx":
            data = docx_bytes(table, public, include_drafts)
        elif fmt == "xlsx":
            data = workbook_bytes(table, public, include_drafts)
        elif fmt == "html":
            data = render_html(table, public, include_drafts).encode("utf-8")
        else:
            raise ValueError(f"unknown format {fmt!r}: use docx, xlsx or html")
        version = "public" if public else "internal"
        self._log("response_export", dataset_id, len(table.rows), format=fmt, audience=version,
                  drafts=include_drafts)
        return ResponseFile(f"responses_{version}.{fmt}", data, _MIME[fmt], tuple(checks))

    def _table_for_edit(self, dataset_id: int) -> ResponseTable:
        table = self._current_table(dataset_id)
        if table is None:
            raise ValueError("this dataset has not been analysed yet")
        return table

    def _current_table(self, dataset_id: int) -> ResponseTable | None:
        """The table built from the latest run as everyone sees it (edits and redactions applied)."""
        run_id = self._store.latest_run(dataset_id)
        if run_id is None:
            return None
        return build_table(curation.curated_analysis(self._store, run_id),
                           self._store.list_response_edits(dataset_id))
