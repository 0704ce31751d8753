"""A user's file in, candidate answers out: encodings, Excel, hearing notes, column guesses, selection with every dropped row counted."""

from .columns import ColumnGuess, guess_columns
from .encoding import decode_bytes, detect_encoding
from .excel import read_grid, sheet_names
from .read import read_path, read_table
from .select import combine_answers, select_answers

__all__ = [
    "ColumnGuess",
    "combine_answers",
    "decode_bytes",
    "detect_encoding",
    "guess_columns",
    "read_grid",
    "read_path",
    "read_table",
    "select_answers",
    "sheet_names",
]
