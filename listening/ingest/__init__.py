"""A user's file in, candidate answers out: encodings, Excel, hearing notes, column guesses, selection with every dropped row counted."""

from .columns import ColumnGuess, carry_mapping, guess_columns
from .dates import WaveDate, batch_name_for, date_from_filename, suggest_wave_date, waves_not_before
from .encoding import decode_bytes, detect_encoding
from .excel import read_grid, sheet_names
from .read import read_path, read_table
from .select import combine_answers, select_answers

__all__ = [
    "batch_name_for",
    "carry_mapping",
    "ColumnGuess",
    "combine_answers",
    "date_from_filename",
    "decode_bytes",
    "detect_encoding",
    "guess_columns",
    "read_grid",
    "read_path",
    "read_table",
    "select_answers",
    "sheet_names",
    "suggest_wave_date",
    "WaveDate",
    "waves_not_before",
]
