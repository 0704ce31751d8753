"""SQLite store: datasets, batches, answers, embedding cache, analysis runs.

The only module that touches disk. Every write that belongs together runs in one
transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), so a failed or interrupted import
leaves the store exactly as it was. The schema version lives in ``PRAGMA
user_version``; opening an older file migrates it, a newer one is refused.
"""
from .audit import AuditMixin
from .base import StoreBase, StoreBusy, now_iso, text_hash
from .batches import BatchesMixin
from .cache import CacheMixin
from .goals import INDICATOR_COLUMNS, GoalsMixin
from .privacy import PrivacyMixin
from .privacy_rules import RULE_LISTS, PrivacyRulesMixin
from .purge import PurgeMixin
from .releases import ReleasesMixin
from .responses import TABLE_KEY, ResponsesMixin
from .runs import RunsMixin
from .schema import SCHEMA_VERSION
from .signin import SignInMixin
from .weighting import WeightingMixin


class Store(AuditMixin, BatchesMixin, CacheMixin, GoalsMixin, PrivacyMixin, PrivacyRulesMixin, PurgeMixin,
            ReleasesMixin, ResponsesMixin, RunsMixin, SignInMixin, WeightingMixin, StoreBase):
    """A SQLite file holding everything the app and the CLI share.

    Safe to share between threads (Streamlit sessions): one connection, one lock.
    """


__all__ = ["INDICATOR_COLUMNS", "RULE_LISTS", "SCHEMA_VERSION", "TABLE_KEY", "Store", "StoreBusy", "now_iso", "text_hash"]
