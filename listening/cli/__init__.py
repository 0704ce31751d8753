"""The command line, ``python -m listening``: analyze, export, batches, goals, users and audit."""

from .main import build_parser, default_db, main

__all__ = [
    "build_parser",
    "default_db",
    "main",
]
