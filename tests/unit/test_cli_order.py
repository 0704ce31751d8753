"""Every command takes its options before or after its positional arguments (people type options first)."""
from __future__ import annotations

import argparse

import pytest

from listening.cli.main import build_parser


def _leaf_commands(parser: argparse.ArgumentParser, path=()):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for name, child in subs[0].choices.items():
        yield from _leaf_commands(child, (*path, name))


def _value(action: argparse.Action) -> str:
    return str(action.choices[0]) if action.choices else ("3" if action.type is int else "値")


def _orders(parser: argparse.ArgumentParser):
    """Argument lists for one command in three orders: positionals first, options first, and options
    between the first positional and the rest (``batch add --dataset X FILE``)."""
    positionals, options = [], []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            positionals += [_value(action)] * (2 if action.nargs in ("+", "*") else 1)
        elif action.nargs != 0:
            options += [action.option_strings[-1], _value(action)]
    return positionals + options, options + positionals, positionals[:1] + options + positionals[1:]


COMMANDS = list(_leaf_commands(build_parser()))


def test_every_command_is_covered():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"analyze", "export", "batch", "user", "goals import", "datasets", "columns"} <= names


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_options_before_or_after_positionals_parse_the_same(path, parser):
    positionals_first, *other_orders = _orders(parser)
    top = build_parser()
    expected = vars(top.parse_args([*path, *positionals_first]))
    for order in other_orders:
        assert vars(top.parse_args([*path, *order])) == expected, order


def test_batch_add_with_the_dataset_first_reads_the_file():
    # Refused before as "unrecognized arguments: f.csv": the optional INPUT was filled with nothing.
    args = build_parser().parse_args(["batch", "add", "--dataset", "市民アンケート", "f.csv", "--date", "2025-10-01"])
    assert (args.action, args.input, args.dataset, args.date) == ("add", "f.csv", "市民アンケート", "2025-10-01")
