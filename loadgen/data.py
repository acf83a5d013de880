"""Bulk data for benchmarks: realistic records spread over three years.

Helpers for the process generators listed in ``loadgen.plan``:
``bulk_insert`` (batched INSERTs that return primary keys on PostgreSQL) and
``bulk_history`` (the matching simple-history rows, written in bulk too).
"""

import datetime
import io
import json
import random

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone

from servicecenter.models import Department, Party, SerialCounter
from servicecenter.validators import id_check_digit

BATCH = 5000
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
            "潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦"
            "邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("建国秀英德明丽华伟芳娜敏静强磊军洋勇艳杰涛明超霞平刚桂兰玉珍文斌红梅海燕"
         "志国春华晓东")
VILLAGES = ["城关村", "红星村", "团结社区", "幸福村", "前进村", "东风村", "新华村",
            "光明村", "胜利村", "和平社区", "长青村", "向阳村"]


def chunks(items, size=BATCH):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def bulk_insert(model, objs):
    for chunk in chunks(objs):
        model._default_manager.bulk_create(chunk, batch_size=BATCH)
    return objs


def bulk_history(model, objs, when_field="created_at", reason="create", user_ids=None):
    """One '+' history row per object, as if each had been created through the
    service."""
    history_model = model.history.model
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = []
    for obj in objs:
        data = {name: getattr(obj, name) for name in fields}
        when = getattr(obj, when_field, None) or timezone.now()
        rows.append(history_model(**data, history_date=when, history_type="+",
                                  history_change_reason=reason,
                                  history_user_id=(random.choice(user_ids)
                                                   if user_ids else None)))
    for chunk in chunks(rows):
        history_model.objects.bulk_create(chunk, batch_size=BATCH)


def set_counter(prefix: str, year: int, value: int):
    SerialCounter.objects.update_or_create(prefix=prefix, year=year,
                                           defaults={"value": value})


def _id_number(rng, i):
    first17 = f"6522{rng.randint(10, 99)}{rng.randint(1950, 2004)}" \
              f"{rng.randint(1, 12):02d}" \
              f"{rng.randint(1, 28):02d}{i % 1000:03d}"
    return first17 + id_check_digit(first17)


@transaction.atomic
def base_people(n_parties: int, rng: random.Random) -> dict:
    """Departments, staff of every role, and parties; returns ids for generators."""
    from servicecenter.demo import DEPARTMENTS
    from servicecenter.seeding import ensure_base_data

    ensure_base_data()
    departments = [Department.objects.get_or_create(code=c, defaults={"name": n})[0]
                   for c, n in DEPARTMENTS]
    staff = {}
    for role, count in (("clerk", 6), ("engineer", 20), ("handler", 12), ("leader", 3),
                        ("manager", 2)):
        group = Group.objects.get(name=role)
        users = []
        for i in range(count):
            user, created = User.objects.get_or_create(
                username=f"gen_{role}{i}",
                defaults={"first_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                          "is_staff": role == "manager"})
            if created:
                user.set_unusable_password()
                user.save()
            user.groups.add(group)
            users.append(user.pk)
        staff[role] = users
    for i, dept in enumerate(departments):
        dept.members.add(*staff["handler"][i * 2:(i + 1) * 2], staff["clerk"][i % 6])
        if dept.head_id is None:
            dept.head_id = staff["leader"][i % 3]
            dept.save(update_fields=["head"])
    start = Party.objects.count()
    parties = [Party(name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                     phone=f"1{rng.choice('3589')}{(start + i):09d}",
                     id_number=_id_number(rng, start + i) if i % 3 else "",
                     village=rng.choice(VILLAGES), address=f"{rng.randint(1, 12)}组")
               for i in range(n_parties)]
    bulk_insert(Party, parties)
    if connection.vendor != "postgresql":  # SQLite returns no pks from bulk_create
        parties = list(Party.objects.order_by("-pk")[:n_parties])
    return {"departments": [d.pk for d in departments], "staff": staff,
            "parties": [p.pk for p in parties], "rng": rng}


# --- COPY-based bulk load (PostgreSQL), shared by the apps' generators ----------

class Rec:
    """A record to insert: attribute names are the model's attnames (party_id, ...)."""

    def __init__(self, **values):
        self.__dict__.update(values)


_ESC = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value):
    kind = type(value)
    if kind is str:
        return value.translate(_ESC) if "\\" in value or "\n" in value or \
            "\t" in value or "\r" in value else value
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if kind is datetime.datetime or kind is datetime.date:
        return value.isoformat()
    if kind is list or kind is dict:
        return json.dumps(value, ensure_ascii=False).translate(_ESC)
    return str(value).translate(_ESC)


def _defaults(model):
    out = {}
    for f in model._meta.concrete_fields:
        if f.default is not NOT_PROVIDED:
            out[f.attname] = f.default() if callable(f.default) else f.default
        elif f.null:
            out[f.attname] = None
        else:
            out[f.attname] = ""
    return out


def _copy(table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(map(_copy_value, row)))
        buf.write("\n")
    buf.seek(0)
    cols = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', buf)


def _fields(rec) -> dict:
    """A record's field values (a generator keeps its own notes under "_" names)."""
    return {k: v for k, v in vars(rec).items() if not k.startswith("_")}


def _reserve_ids(model, recs) -> None:
    """Ids for ``recs`` from the table's sequence, in one call."""
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        seq = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [seq])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [seq, first + len(recs) - 1])
    for i, r in enumerate(recs):
        r.id = first + i


def copy_insert(model, recs):
    """Insert ``recs`` of a model without history (child rows), with COPY on
    PostgreSQL; elsewhere through bulk_create."""
    if not recs:
        return recs
    if connection.vendor != "postgresql":
        bulk_insert(model, [model(**_fields(r)) for r in recs])
        return recs
    _reserve_ids(model, recs)
    defaults = _defaults(model)
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    for n in range(0, len(recs), 50000):
        chunk = [{**defaults, **vars(r)} for r in recs[n:n + 50000]]
        _copy(model._meta.db_table, [f.column for f in fields],
              ([d[a] for a in names] for d in chunk))
    return recs


def fast_insert(model, recs, when="created_at", reason="create", user_ids=None,
                rng=None):
    """Insert ``recs`` and one '+' history row each, with COPY on PostgreSQL (ids
    reserved from the sequence first); elsewhere through bulk_create."""
    if not recs:
        return recs
    if connection.vendor != "postgresql":
        objs = [model(**_fields(r)) for r in recs]
        bulk_insert(model, objs)
        if objs[0].pk is None:
            objs = list(model._default_manager.order_by("-pk")[:len(objs)])[::-1]
        bulk_history(model, objs, when_field=when, reason=reason, user_ids=user_ids)
        for r, o in zip(recs, objs, strict=True):
            r.id = o.pk
        return recs
    rng = rng or random.Random(0)
    _reserve_ids(model, recs)
    table = model._meta.db_table
    defaults = _defaults(model)
    fields = [f for f in model._meta.concrete_fields]
    names = [f.attname for f in fields]
    for n in range(0, len(recs), 20000):
        chunk = [{**defaults, **vars(r)} for r in recs[n:n + 20000]]
        _copy(table, [f.column for f in fields], ([d[a] for a in names] for d in chunk))
        hist = model.history.model
        hist_names = {f.attname for f in hist._meta.concrete_fields}
        hnames = [a for a in names if a in hist_names]
        hcols = [hist._meta.get_field(a).column for a in hnames]
        _copy(hist._meta.db_table, [*hcols, "history_date", "history_type",
                                    "history_change_reason", "history_user_id",
                                    "history_remark"],
              ([*(d[a] for a in hnames), d[when] or timezone.now(), "+", reason,
                rng.choice(user_ids) if user_ids else None, ""] for d in chunk))
    return recs


def later_history(model, recs, at, reason, user, **changed):
    """One '~' history row per inserted rec: a transition after its '+' row, at
    ``at(rec)`` by ``user(rec)``, with the rec's values except ``changed`` (field:
    fn(rec)) — e.g. the state and deadline a record had before its last step, which
    the reports read back from history. PostgreSQL only (COPY)."""
    if not recs or connection.vendor != "postgresql":
        return
    hist = model.history.model
    defaults = _defaults(model)
    hist_names = {f.attname for f in hist._meta.concrete_fields}
    names = [f.attname for f in model._meta.concrete_fields if f.attname in hist_names]
    cols = [hist._meta.get_field(a).column for a in names]
    for n in range(0, len(recs), 20000):
        rows = []
        for r in recs[n:n + 20000]:
            d = {**defaults, **vars(r), **{k: fn(r) for k, fn in changed.items()}}
            rows.append([*(d[a] for a in names), at(r), "~", reason, user(r), ""])
        _copy(hist._meta.db_table, [*cols, "history_date", "history_type",
                                    "history_change_reason", "history_user_id",
                                    "history_remark"], rows)


def number_by_year(objs, prefix, when, width=5):
    """Gapless yearly numbers in time order, continuing any existing counter."""
    objs.sort(key=lambda o: getattr(o, when))
    counters = {c.year: c.value for c in SerialCounter.objects.filter(prefix=prefix)}
    for obj in objs:
        year = timezone.localtime(getattr(obj, when)).year
        counters[year] = counters.get(year, 0) + 1
        obj.number = f"{prefix}{year}-{counters[year]:0{width}d}"
    return counters
