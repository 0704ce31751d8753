"""What must not leave the machine: personal data found and masked, small cells suppressed, spreadsheet cells kept inert."""

from .cells import csv_bytes, from_spreadsheet, sheet_cell, spreadsheet_safe, write_csv_file
from .detect import DETECT_VERSION, Finding, find_personal_data, mask_text, mask_texts, normalise_term
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
    MaskRules,
    mask_answers,
    mask_stored,
    masking_counts,
    masking_is_current,
    masking_rules,
    record_import,
    remask,
)
from .placeholders import KINDS, PLACEHOLDERS, REDACTED
from .quasi import QUASI_KINDS, find_quasi_identifiers, quasi_identifiers
from .redaction import apply_redactions, count_matches, drop_fragments, masked_fragments, redact_texts

__all__ = [
    "apply_redactions",
    "count_matches",
    "CountSystem",
    "csv_bytes",
    "DETECT_VERSION",
    "drop_fragments",
    "feasible_interval",
    "find_personal_data",
    "find_quasi_identifiers",
    "Finding",
    "from_spreadsheet",
    "k_anonymize",
    "KINDS",
    "mask_answers",
    "mask_stored",
    "mask_text",
    "mask_texts",
    "masked_fragments",
    "masking_counts",
    "masking_is_current",
    "masking_rules",
    "MaskRules",
    "normalise_term",
    "PLACEHOLDERS",
    "protect_counts",
    "Protection",
    "QUASI_KINDS",
    "quasi_identifiers",
    "recoverable",
    "record_import",
    "redact_texts",
    "REDACTED",
    "remask",
    "SECONDARY",
    "sheet_cell",
    "spreadsheet_safe",
    "write_csv_file",
    "suppress_sizes",
    "suppress_table",
    "SUPPRESSED",
    "TOTAL",
]
