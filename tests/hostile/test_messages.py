"""The error catalogue: every code raised in listening/ has a ja, ko and en message that fits."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from listening.i18n import LANGUAGES, STRINGS
from listening.messages import describe_error
from listening.types import InputError

MESSAGES = {key.removeprefix("error."): entry for key, entry in STRINGS.items() if key.startswith("error.")}

PACKAGE = Path(__file__).resolve().parents[2] / "listening"
# Modules that read user files: every error they raise must carry its own code.
READERS = {"ingest.py", "encoding.py", "excel.py", "notes.py", "select.py"}


def _raise_sites() -> list[tuple[str, int, str | None, set[str] | None]]:
    """(module, line, code, params keys) of every InputError(...) in the package.

    A helper that takes ``code`` and passes it on (``def fail(message, code, **params)``)
    is followed to its callers: each call is a raise site with the code it gives.
    """
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = {}
        for node in ast.walk(tree):
            if not _is_input_error(node):
                continue
            kw = {k.arg: k.value for k in node.keywords}
            code, params = kw.get("code"), kw.get("params")
            if isinstance(code, ast.Name):
                helpers.update(_forwarding(tree, node, code.id, params))
                continue
            assert code is None or isinstance(code, ast.Constant), f"{path.name}:{node.lineno}"
            sites.append((path.name, node.lineno, code.value if code else None, _keys(params)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in helpers:
                index, default, params, named = helpers[node.func.id]
                kw = {k.arg: k.value for k in node.keywords}
                code = kw.get("code", node.args[index] if len(node.args) > index else default)
                assert isinstance(code, ast.Constant), f"{path.name}:{node.lineno}"
                keys = ({k for k in kw if k not in named} if params == "kwargs" else params)
                sites.append((path.name, node.lineno, code.value, keys))
    return sites


def _is_input_error(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "InputError"


def _keys(params: ast.expr | None) -> set[str] | None:
    return {k.value for k in params.keys} if isinstance(params, ast.Dict) else None


def _forwarding(tree: ast.Module, call: ast.Call, name: str, params: ast.expr | None) -> dict:
    """{function: (index of its code argument, default code, params keys or "kwargs", names)}
    for the function whose parameter ``name`` reaches this InputError."""
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and any(n is call for n in ast.walk(fn)):
            args = [a.arg for a in fn.args.args]
            if name not in args:
                continue
            index = args.index(name)
            defaults = dict(zip(args[len(args) - len(fn.args.defaults):], fn.args.defaults))
            kwargs = fn.args.kwarg.arg if fn.args.kwarg else None
            spec = "kwargs" if isinstance(params, ast.Name) and params.id == kwargs else _keys(params)
            return {fn.name: (index, defaults.get(name), spec, set(args))}
    raise AssertionError(f"code={name} at line {call.lineno} is not a parameter")


SITES = _raise_sites()


def _fields(template: str) -> set[str]:
    return {f.split(":")[0].split("!")[0] for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_raised_code_has_three_languages_with_the_same_fields():
    codes = {code or "input_error" for _, _, code, _ in SITES}
    assert len(codes) > 30
    for code in codes:
        assert set(MESSAGES[code]) == set(LANGUAGES), code
        assert len({frozenset(_fields(t)) for t in MESSAGES[code].values()}) == 1, code


def test_params_given_at_each_raise_fill_the_template():
    for module, line, code, keys in SITES:
        needed = _fields(MESSAGES[code or "input_error"]["en"]) - {"message"}
        assert needed <= (keys or set()), f"{module}:{line} {code} lacks {needed - (keys or set())}"


def test_readers_never_raise_without_a_code():
    uncoded = [f"{m}:{line}" for m, line, code, _ in SITES if m in READERS and code is None]
    assert uncoded == []


def test_no_message_is_left_without_a_raise():
    raised = {code for _, _, code, _ in SITES}
    assert set(MESSAGES) - raised == {"input_error", "store_busy"}  # store_busy: StoreBusy.code


def test_describe_error_puts_the_place_first_in_each_language():
    err = InputError("this row has 4 fields but the header has 2.", file="回答.csv", row=12,
                     column="意見", code="too_many_fields",
                     params={"fields": 4, "width": 2, "delimiter": "','"})
    assert describe_error(err, "ja").startswith("「回答.csv」、12行目、列「意見」：この行は 4 列")
    assert describe_error(err, "ko").startswith("'回答.csv', 12행, '意見' 열: 이 행은 4열")
    assert describe_error(err, "en") == ("回答.csv, row 12, column '意見': This row has 4 fields but the "
                                         "header has 2. A cell probably contains the delimiter ',' "
                                         "without quotes.")
    assert describe_error(err, "fr") == describe_error(err, "en")


@pytest.mark.parametrize(("code", "params"), [("no_such_code", {}), ("too_many_fields", {"fields": 4})])
def test_unknown_codes_and_missing_params_fall_back_to_the_english_message(code, params):
    err = InputError("something odd.", file="a.csv", code=code, params=params)
    assert describe_error(err, "ja") == "「a.csv」：something odd."


def test_uncoded_errors_keep_their_detail():
    err = InputError("unknown level 'x'.")
    assert err.code == "input_error" and err.params == {}
    assert describe_error(err, "ja") == "入力を確認してください（unknown level 'x'.）"
    assert describe_error(err, "en") == "unknown level 'x'."
