"""Survey waves: new batches placed on the existing map, re-analyses matched to the last, shares compared per wave, duplicates."""

from .compare import wave_table
from .dedupe import coordinated_bursts, duplicate_groups, duplicate_keys
from .match import relabel
from .update import add_to_run, new_answers, new_voice_proposals, reanalysis_report, reanalyze

__all__ = [
    "add_to_run",
    "coordinated_bursts",
    "duplicate_groups",
    "duplicate_keys",
    "new_answers",
    "new_voice_proposals",
    "reanalysis_report",
    "reanalyze",
    "relabel",
    "wave_table",
]
