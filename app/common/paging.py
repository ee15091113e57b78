"""Pages of a growing list: a fixed page size, and one extra row read to know whether more follow."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
PAGE_SIZE = 50


@dataclass
class Page(Generic[T]):
    """One page of rows, and whether there is a page before and after it."""

    items: list[T]
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def page_number(raw: Any) -> int:
    """A page number from a query parameter; anything odd is page 1."""
    try:
        return max(1, min(int(raw), 100_000))
    except (TypeError, ValueError):
        return 1


def paginate(query: Any, session: Any, number: int, size: int = PAGE_SIZE) -> Page:
    """Run an ordered SELECT for one page (LIMIT size + 1, so no COUNT query is needed)."""
    rows = list(session.exec(query.offset((number - 1) * size).limit(size + 1)).all())
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)
