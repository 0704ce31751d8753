"""Local mode answers only this machine's own names (no DNS rebinding). The server and the page
are tested for real in tests/browser/test_local_host.py."""
from __future__ import annotations

import pytest

from listening.auth import is_local_host


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8501", "localhost", "LOCALHOST:8501", "[::1]", "[::1]:8501"])
def test_this_machines_own_names_are_local(host):
    assert is_local_host(host)


@pytest.mark.parametrize("host", [
    None, "", "evil.example", "evil.example:8501", "127.0.0.1.evil.example", "localhost.evil.example:8501",
    "evil.example#127.0.0.1", "127.0.0.1:8501@evil.example", "10.0.0.5:8501", "0.0.0.0:8501", "::1",
    "localhost:8501:80",
])
def test_any_other_name_is_not(host):
    assert not is_local_host(host)
