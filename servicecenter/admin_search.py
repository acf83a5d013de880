"""Admin search that stays fast at a million rows.

Django's admin search ORs every search field into one WHERE (``UPPER(number) = …
OR party.name LIKE '%…%' OR …``) across a join: no index serves that, so PostgreSQL
reads the whole table, and counts it (60 ms at 10k, 383 ms at 100k tickets). Here each
search field is its own indexed lookup, and the record ids of all of them are one
UNION (each arm planned on its own index):

- ``=field``: exact, as typed or upper-cased (phone, ID number, serial, number);
- ``^field`` (and a bare ``field``): a prefix, ``LIKE 'FW2026-0000%'``, served by the
  ``varchar_pattern_ops`` index that PostgreSQL has on every unique number (and the
  one on ``Party.name``). A substring is never searched: it cannot use an index.
"""

from django.db.models import Q


def _lookup(spec: str, term: str) -> Q:
    terms = {term, term.upper()}
    if spec.startswith("="):
        return Q(**{f"{spec[1:]}__in": sorted(terms)})
    field = spec.lstrip("^@")
    q = Q()
    for value in sorted(terms):
        q |= Q(**{f"{field}__startswith": value})
    return q


class IndexedSearchMixin:
    search_help_text = "按编号开头、完整的电话或证件号、姓名（名称）开头查找"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()  # NUL is already gone (StripNulMiddleware)
        fields = self.get_search_fields(request)
        if not term or not fields:
            return queryset, False
        manager = self.model._default_manager
        arms = [manager.filter(_lookup(spec, term)).values("pk").order_by()
                for spec in fields]
        ids = arms[0].union(*arms[1:]) if len(arms) > 1 else arms[0]
        return queryset.filter(pk__in=ids), False
