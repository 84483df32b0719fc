"""The message catalogue (core/messages.py, plugin/i18n/messages/*.toml): every message in both
languages with the same placeholders, every id the code names exists, and no text for a person is
written into the code itself (a Chinese literal outside the catalogue is one)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from asset_registry.core import messages
from asset_registry.core.errors import InputError, RefusedError, UserError

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "plugin"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# Calls whose first argument is a message id.
ID_TAKERS = {"UserError", "InputError", "RefusedError", "text", "both", "msg", "Message", "message_text"}


def python_files() -> list[Path]:
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE_DIR).as_posix()


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """Chinese string literals of a module, docstrings aside (those are for engineers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip and CJK.search(node.value)
    ]


def named_ids(path: Path) -> list[tuple[int, str]]:
    """Message ids written as the first argument of a call that takes one."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        first = node.args[0]
        is_literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
        if name in ID_TAKERS and is_literal and re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", first.value):
            found.append((node.lineno, first.value))
    return found


def test_every_message_has_both_languages_with_the_same_placeholders():
    catalogue = messages.catalogue()
    assert len(catalogue) > 0
    for msg_id, texts in catalogue.items():
        assert texts["zh"].strip() and texts["en"].strip(), msg_id
        assert messages.placeholders(texts["zh"]) == messages.placeholders(texts["en"]), msg_id
        assert not CJK.search(texts["en"]), f"{msg_id}: the English text has Chinese in it"


def test_every_template_formats():
    for msg_id, texts in messages.catalogue().items():
        names = messages.placeholders(texts["zh"])
        for lang in messages.LANGS:
            rendered = messages.text(msg_id, lang, **{name: "\x00" for name in names})
            assert rendered.count("\x00") >= len(names), msg_id


def test_every_id_the_code_names_is_in_the_catalogue():
    catalogue = messages.catalogue()
    missing = [
        f"{relative(path)}:{line} {msg_id}"
        for path in python_files()
        for line, msg_id in named_ids(path)
        if msg_id not in catalogue
    ]
    assert not missing, "ids not in plugin/i18n/messages: " + ", ".join(missing)


def test_no_chinese_literal_outside_the_catalogue():
    offenders = [f"{relative(path)}:{line} {value[:30]!r}" for path in python_files() for line, value in chinese_literals(path)]
    assert not offenders, "Chinese text in code; put it in plugin/i18n/messages/*.toml: " + "; ".join(offenders[:20])


def test_a_user_error_renders_its_message_in_each_language():
    error = RefusedError("environment.os_error", reason="disk full")
    assert error.message("zh") == "文件或系统错误：disk full"
    assert error.message("en") == "File or system error: disk full"
    assert error.exit_code == 1 and InputError("environment.os_error").exit_code == 2
    assert str(UserError("environment.os_error", reason="x")) == "File or system error: x"


def test_a_forgotten_parameter_shows_its_placeholder_instead_of_failing():
    assert messages.text("environment.os_error", "en") == "File or system error: {reason}"


def test_a_nested_message_is_rendered_in_the_same_language():
    inner = messages.msg("environment.os_error", reason="r")
    assert messages.text("environment.insufficient_privilege", "zh", reason=inner).endswith("文件或系统错误：r")


@pytest.mark.parametrize(
    ("setting", "lang"), [("zh_CN", "zh"), ("zh-Hans", "zh"), ("en_US.UTF-8", "en"), ("en", "en"), ("fr_FR", None), ("", None)]
)
def test_a_locale_setting_names_its_language(setting, lang):
    assert messages.normalise_lang(setting) == lang


def test_a_malformed_catalogue_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text('[x.y]\nzh = "中"\n', encoding="utf-8")
    monkeypatch.setattr(messages, "CATALOGUE_DIR", tmp_path)
    messages.catalogue.cache_clear()
    try:
        with pytest.raises(messages.CatalogueError, match="exactly the texts zh and en"):
            messages.catalogue()
    finally:
        messages.catalogue.cache_clear()


LANGUAGE_BRANCH = re.compile(r"""[!=]= *["'](zh|en)["']""")


def test_no_part_of_the_program_branches_on_the_language():
    """A text is rendered in the language asked for (core/messages.py), never chosen by an if."""
    offenders = [
        f"{relative(path)}:{number}"
        for path in python_files()
        if relative(path) != "core/messages.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LANGUAGE_BRANCH.search(line)
    ]
    assert not offenders, offenders


def test_every_user_error_names_a_message_id():
    """UserError(id, **params): no call writes its texts inline, as the (zh, en) pairs did."""
    inline = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", getattr(node.func, "attr", None)) if isinstance(node, ast.Call) else None
            if name in {"UserError", "InputError", "RefusedError"} and len(node.args) > 1:
                inline.append(f"{relative(path)}:{node.lineno}")
    assert not inline, inline


APP_SQL_DIR = PACKAGE_DIR.parent / "db" / "app"


def test_the_app_schema_writes_no_text_of_its_own():
    """db/app/*.sql takes its words from the catalogue too (refusals by id, labels and COMMENTs through
    assetreg_app.label); Chinese there is only in -- comments for engineers."""
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(APP_SQL_DIR.glob("*.sql"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if CJK.search(line.split("--", 1)[0])
    ]
    assert not offenders, offenders


def test_every_comment_the_app_schema_asks_for_is_in_the_catalogue():
    from asset_registry.storage.migrate import APP_LABEL_PREFIXES

    named = {
        ident
        for path in APP_SQL_DIR.glob("*.sql")
        for ident in re.findall(r"comment_on\('[A-Z ]+', '[^']+', '([a-z_.]+)'\)", path.read_text(encoding="utf-8"))
    }
    assert len(named) >= 20
    assert all(ident.startswith(APP_LABEL_PREFIXES) for ident in named)
    assert not named - set(messages.catalogue())
