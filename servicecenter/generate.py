"""Bulk data for benchmarks: realistic records spread over three years.

Helpers for the app generators registered in ``registry.data_generators``:
``bulk_insert`` (batched INSERTs that return primary keys on PostgreSQL) and
``bulk_history`` (the matching simple-history rows, written in bulk too).
"""

import datetime
import random

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from .models import Department, Party, SerialCounter
from .validators import id_check_digit

BATCH = 5000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建国秀英德明丽华伟芳娜敏静强磊军洋勇艳杰涛明超霞平刚桂兰玉珍文斌红梅海燕志国春华晓东"
VILLAGES = ["城关村", "红星村", "团结社区", "幸福村", "前进村", "东风村", "新华村", "光明村",
            "胜利村", "和平社区", "长青村", "向阳村"]


def chunks(items, size=BATCH):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def bulk_insert(model, objs):
    for chunk in chunks(objs):
        model._default_manager.bulk_create(chunk, batch_size=BATCH)
    return objs


def bulk_history(model, objs, when_field="created_at", reason="create", user_ids=None):
    """One '+' history row per object, as if each had been created through the service."""
    history_model = model.history.model
    fields = [f.attname for f in model._meta.concrete_fields]
    rows = []
    for obj in objs:
        data = {name: getattr(obj, name) for name in fields}
        when = getattr(obj, when_field, None) or timezone.now()
        rows.append(history_model(**data, history_date=when, history_type="+",
                                  history_change_reason=reason,
                                  history_user_id=random.choice(user_ids) if user_ids else None))
    for chunk in chunks(rows):
        history_model.objects.bulk_create(chunk, batch_size=BATCH)


def random_moment(rng: random.Random, days_back: int = 3 * 365) -> datetime.datetime:
    now = timezone.now()
    return now - datetime.timedelta(seconds=rng.randint(0, days_back * 86400))


def set_counter(prefix: str, year: int, value: int):
    SerialCounter.objects.update_or_create(prefix=prefix, year=year,
                                           defaults={"value": value})


def _id_number(rng, i):
    first17 = f"6522{rng.randint(10, 99)}{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}" \
              f"{rng.randint(1, 28):02d}{i % 1000:03d}"
    return first17 + id_check_digit(first17)


@transaction.atomic
def base_people(n_parties: int, rng: random.Random) -> dict:
    """Departments, staff of every role, and parties; returns ids for generators."""
    from .demo import DEPARTMENTS
    from .seeding import ensure_base_data

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
