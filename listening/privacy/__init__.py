"""What must not leave the machine: personal data found and masked, small cells suppressed, spreadsheet cells kept inert."""

from .cells import spreadsheet_safe, spreadsheet_safe_frame
from .detect import DETECT_VERSION, Finding, find_personal_data, mask_text, mask_texts, normalise_term
from .disclosure import SUPPRESSED, TOTAL, k_anonymize, recoverable, suppress_sizes, suppress_table
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
    "DETECT_VERSION",
    "drop_fragments",
    "find_personal_data",
    "find_quasi_identifiers",
    "Finding",
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
    "QUASI_KINDS",
    "quasi_identifiers",
    "recoverable",
    "record_import",
    "redact_texts",
    "REDACTED",
    "remask",
    "spreadsheet_safe",
    "spreadsheet_safe_frame",
    "suppress_sizes",
    "suppress_table",
    "SUPPRESSED",
    "TOTAL",
]
