"""Bounded pages for every list: OFFSET over an index-ordered query, one row more than
shown instead of a COUNT (which reads the whole table at a million rows), and no page
beyond MAX_PAGE (deeper is a search, and a huge OFFSET overflows bigint)."""

MAX_PAGE = 10_000
# a window list: a screen or two; rendering rows is most of a page's time
PAGE_SIZE = 25
WORKQUEUE_PAGE = 50  # 工作台: the nearest deadlines first, the rest on later pages
# an engineer's list: a tablet screen or two (the heading shows the total)
TABLET_PAGE = 30


def page_number(request) -> int:
    raw = request.GET.get("page", "1")
    return min(MAX_PAGE, max(1, int(raw))) if raw.isdecimal() and len(raw) < 7 else 1


def ids_first(qs, window: slice):
    """The rows of ``qs[window]``, found by their ids first: the ids alone walk an
    index (index-only), where whole rows with their joins would be read, or joined,
    for every match before the window. The rows keep ``qs``'s order."""
    ids = list(qs.values_list("pk", flat=True)[window])
    return qs.filter(pk__in=ids)


def ids_by_arms(qs, arms, window: slice):
    """The rows of ``qs[window]`` where ``qs`` is an OR of branches and ``arms`` the
    branches as querysets in ``qs``'s order, each walked on its own index: each
    arm's first ``window.stop`` ids, then the window of their union. PostgreSQL
    would otherwise collect and sort every match of the OR (a handler's thousands
    of open records) for one page."""
    ids = set()
    for arm in arms:
        ids.update(arm.values_list("pk", flat=True)[:window.stop])
    return qs.filter(pk__in=ids)[window]


def bounded_page(request, qs, size: int = PAGE_SIZE, total: bool = False,
                 by_ids: bool = False, arms=None) -> dict:
    """``rows``, ``page``, ``has_next`` and ``query`` (the other GET parameters) for
    ``includes/pager.html``. ``total=True`` adds the number of rows, for one person's
    short lists (a COUNT only when they fill more than this page). ``by_ids=True``
    pages the ids first (``ids_first``): for a filter that no index orders,
    PostgreSQL would join every match before sorting. ``arms``: the OR's branches
    of ``qs`` as querysets, each ordered by an index (``ids_by_arms``)."""
    page = page_number(request)
    window = slice((page - 1) * size, page * size + 1)
    if arms:
        rows = list(ids_by_arms(qs, arms, window))
    else:
        rows = list(ids_first(qs, window) if by_ids else qs[window])
    params = request.GET.copy()
    params.pop("page", None)
    context = {"rows": rows[:size], "page": page, "has_next": len(rows) > size,
               "query": params.urlencode()}
    if total:
        context["total"] = (qs.count() if context["has_next"] or (page > 1 and not rows)
                            else (page - 1) * size + len(rows))
    return context
