"""What must not leave the machine: personal data found and masked, small cells suppressed, spreadsheet cells kept inert."""

from .cells import csv_bytes, from_spreadsheet, sheet_cell, spreadsheet_safe, write_csv_file
from .detect import KINDS, Finding, find_personal_data, mask_text, mask_texts
from .disclosure import (
    SECONDARY,
    SUPPRESSED,
    TOTAL,
    CountSystem,
    Protection,
    k_anonymize,
    protect_counts,
    recoverable,
    suppress_sizes,
    suppress_table,
)
from .intervals import feasible_interval
from .masking import (
    REDACTED,
    apply_redactions,
    count_matches,
    mask_answers,
    mask_stored,
    masking_counts,
    normalise_term,
    redact_texts,
)

__all__ = [
    "apply_redactions",
    "count_matches",
    "csv_bytes",
    "from_spreadsheet",
    "CountSystem",
    "feasible_interval",
    "find_personal_data",
    "Finding",
    "k_anonymize",
    "KINDS",
    "mask_answers",
    "mask_stored",
    "mask_text",
    "mask_texts",
    "masking_counts",
    "normalise_term",
    "protect_counts",
    "Protection",
    "recoverable",
    "redact_texts",
    "REDACTED",
    "SECONDARY",
    "sheet_cell",
    "spreadsheet_safe",
    "write_csv_file",
    "suppress_sizes",
    "suppress_table",
    "SUPPRESSED",
    "TOTAL",
]
