"""Survey waves: new batches placed on the existing map, re-analyses matched to the last, shares compared per wave, duplicates."""

from .compare import wave_table, weighted_view
from .dedupe import coordinated_bursts, duplicate_groups, duplicate_keys, suspicious_groups
from .match import relabel
from .plain import wave_sentences
from .review import accepted_voices, analysis_duplicates, change_table, new_cluster_ids
from .update import Reanalysis, add_to_run, new_answers, new_voice_proposals, reanalysis_report, reanalyze

__all__ = [
    "weighted_view",
    "accepted_voices",
    "add_to_run",
    "analysis_duplicates",
    "change_table",
    "coordinated_bursts",
    "duplicate_groups",
    "duplicate_keys",
    "new_answers",
    "new_cluster_ids",
    "new_voice_proposals",
    "Reanalysis",
    "reanalysis_report",
    "reanalyze",
    "relabel",
    "suspicious_groups",
    "wave_sentences",
    "wave_table",
]
