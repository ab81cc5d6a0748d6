"""Keyset paging both ways (``luojiang.core.pagination``): walking forwards with first/after and
backwards with last/before each visit every row once, in key order, and say where the list goes on."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from luojiang.core.catalogue.models import Department
from luojiang.core.errors import DomainError
from luojiang.core.pagination import MAX_PAGE_SIZE, PageRequest, encode_cursor, paginate


async def _all_ids() -> list[int]:
    ids = await Department.all().order_by("id").values_list("id", flat=True)
    assert len(ids) > 6, "the sample catalogue has enough departments to page through"
    return [int(str(i)) for i in ids]


async def test_forward_pages_visit_every_row_in_order(app: Starlette) -> None:
    seen: list[int] = []
    after = None
    while True:
        page = await paginate(Department.all(), PageRequest(first=4, after=after))
        seen += [row.id for row in page.items]
        assert page.has_previous_page is False  # not known cheaply going forwards (Relay allows false)
        assert page.start_cursor == encode_cursor(page.items[0].id)
        assert page.end_cursor == encode_cursor(page.items[-1].id)
        if not page.has_next_page:
            break
        after = page.end_cursor
    assert seen == await _all_ids()


async def test_backward_pages_visit_every_row_from_the_end(app: Starlette) -> None:
    pages: list[list[int]] = []
    before = None
    while True:
        page = await paginate(Department.all(), PageRequest(last=4, before=before))
        pages.append([row.id for row in page.items])
        assert page.has_next_page is False
        if not page.has_previous_page:
            break
        before = page.start_cursor
    ids = await _all_ids()
    assert pages[0] == ids[-4:]  # the newest rows, still oldest first within the page
    assert [i for page in reversed(pages) for i in page] == ids


async def test_after_and_before_bound_a_window(app: Starlette) -> None:
    ids = await _all_ids()
    window = PageRequest(first=MAX_PAGE_SIZE, after=encode_cursor(ids[1]), before=encode_cursor(ids[5]))
    assert [row.id for row in (await paginate(Department.all(), window)).items] == ids[2:5]
    tail = PageRequest(last=2, after=encode_cursor(ids[1]), before=encode_cursor(ids[5]))
    page = await paginate(Department.all(), tail)
    assert ([row.id for row in page.items], page.has_previous_page) == (ids[3:5], True)


@pytest.mark.parametrize(
    ("request_arguments", "field"),
    [({}, "first"), ({"first": 1, "last": 1}, "first"), ({"first": 0}, "first"), ({"last": 101}, "last")],
)
def test_a_page_needs_one_size_within_bounds(request_arguments: dict[str, int], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        PageRequest(**request_arguments)
    assert [(p.code, p.field) for p in refused.value.problems] == [("INVALID_PAGE_SIZE", field)]


async def test_a_cursor_from_elsewhere_is_refused_by_name(app: Starlette) -> None:
    with pytest.raises(DomainError) as refused:
        await paginate(Department.all(), PageRequest(last=1, before="not-a-cursor"))
    assert [(p.code, p.field) for p in refused.value.problems] == [("INVALID_CURSOR", "before")]
