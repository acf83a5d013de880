"""Seed the role groups, the SPEC's default time limits and the 2004–2026 calendar."""

import datetime

from django.db import migrations

ROLE_PERMISSIONS = {
    "clerk": ["view_party", "add_party", "change_party", "view_department"],
    "engineer": ["view_party"],
    "handler": ["view_party"],
    "leader": ["view_party", "view_department"],
    "manager": [
        "view_party", "add_party", "change_party", "view_department",
        "view_timelimit", "change_timelimit", "view_calendarday", "add_calendarday",
        "change_calendarday", "delete_calendarday", "view_calendaryear",
        "add_calendaryear", "change_calendaryear", "view_attachment",
        "view_issueddocument",
    ],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            content_type__app_label="servicecenter", codename__in=codenames
        )
        group.permissions.add(*perms)


def seed_limits(apps, schema_editor):
    from servicecenter.deadlines import DEFAULT_LIMITS

    TimeLimit = apps.get_model("servicecenter", "TimeLimit")
    for process, stage, amount, unit, label in DEFAULT_LIMITS:
        TimeLimit.objects.get_or_create(
            process=process, stage=stage,
            defaults={"amount": amount, "unit": unit, "label": label},
        )


def seed_calendar(apps, schema_editor):
    import chinese_calendar

    CalendarDay = apps.get_model("servicecenter", "CalendarDay")
    CalendarYear = apps.get_model("servicecenter", "CalendarYear")
    rows = []
    day, last = datetime.date(2004, 1, 1), datetime.date(2026, 12, 31)
    while day <= last:
        try:
            workday = chinese_calendar.is_workday(day)
        except NotImplementedError:
            break
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if workday != (day.weekday() < 5):
            label = _label(name) + "调休" if workday and name else _label(name)
            rows.append(CalendarDay(date=day, is_workday=workday, name=label))
        elif not workday and name and on_holiday:
            rows.append(CalendarDay(date=day, is_workday=False, name=_label(name)))
        day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    years = sorted({r.date.year for r in rows})
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese_calendar") for y in years],
        ignore_conflicts=True,
    )


NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节",
    "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _label(name):
    if not name:
        return "调休"
    return NAMES.get(str(name), str(name))


class Migration(migrations.Migration):
    dependencies = [
        ("servicecenter", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(seed_limits, migrations.RunPython.noop),
        migrations.RunPython(seed_calendar, migrations.RunPython.noop),
    ]
