"""Errors a user can act on: a message of the catalogue (core/messages.py) and an exit code."""

from __future__ import annotations

from typing import Any

from . import messages

EXIT_OK = 0
EXIT_INVALID = 1  # the data is invalid, or an operation was refused
EXIT_USAGE = 2  # usage error, or input that cannot be read


class UserError(Exception):
    """An error caused by input or state the user controls; printed without a traceback.

    ``UserError("import.file_missing", path=p)``: the id of a catalogue message and its parameters.
    A message of several lines says what went wrong first and what to do next.
    """

    exit_code = EXIT_USAGE

    def __init__(self, msg_id: str, /, *, rule: str | None = None, **params: Any):
        self.id, self.params = msg_id, params
        self.rule = rule  # the validation rule this failure is, when it is one (file.unreadable …)
        super().__init__(self.message("en"))

    def message(self, lang: str = messages.DEFAULT_LANG) -> str:
        return messages.text(self.id, lang, **self.params)

    @property
    def zh(self) -> str:
        return self.message("zh")

    @property
    def en(self) -> str:
        return self.message("en")


class InputError(UserError):
    """The input file or a parameter cannot be used at all (exit 2)."""

    exit_code = EXIT_USAGE


class RefusedError(UserError):
    """The input was read, but the operation was refused (exit 1)."""

    exit_code = EXIT_INVALID
