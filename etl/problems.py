"""A located problem or warning in the input: what a person needs to find and fix it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """`file › sheet › row N › column: message (value)` — N is the Excel row (header = 1).

    `sheet` is None for a CSV, `row`/`column` None when the problem is the whole file
    or sheet. The same record serves errors and warnings.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    message: str = ""
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(f"row {self.row}")
        text = " › ".join(where)
        text += f" › {self.column}: " if self.column else ": "
        text += self.message
        if self.value is not None:
            text += f" ({self.value})"
        return text


class InputRejected(Exception):
    """Raised when a load finds problems: nothing is written; exit status 1."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the input")
        self.problems = problems


class EnvironmentProblem(Exception):
    """A usage or environment error (missing path, unwritable warehouse): exit status 2."""
