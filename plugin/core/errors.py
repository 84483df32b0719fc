"""Errors a user can act on, each with a Chinese and an English message and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1  # the data is invalid, or an operation was refused
EXIT_USAGE = 2  # usage error, or input that cannot be read


class UserError(Exception):
    """An error caused by input or state the user controls; printed without a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, zh: str, en: str, hint_zh: str = "", hint_en: str = "", rule: str | None = None):
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.hint_zh = hint_zh
        self.hint_en = hint_en
        self.rule = rule  # the validation rule this failure is, when it is one (file.unreadable …)

    def message(self, lang: str = "zh") -> str:
        text, hint = (self.zh, self.hint_zh) if lang == "zh" else (self.en, self.hint_en)
        return f"{text}\n{hint}" if hint else text


class InputError(UserError):
    """The input file or a parameter cannot be used at all (exit 2)."""

    exit_code = EXIT_USAGE


class RefusedError(UserError):
    """The input was read, but the operation was refused (exit 1)."""

    exit_code = EXIT_INVALID
