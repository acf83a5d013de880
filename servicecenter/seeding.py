"""Base data every installation has: role groups, default time limits, the calendar.

The data migration calls these with historical models; tests that flush the database
(transactional tests) call them again. Each is idempotent.
"""

import datetime

from django.apps import apps as global_apps

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
HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节",
    "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def ensure_role_groups(apps=global_apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            content_type__app_label="servicecenter", codename__in=codenames
        )
        group.permissions.add(*perms)
    if apps is global_apps:  # in a migration the apps' tables may not exist yet
        from .registry import manager_permissions

        # the admin permissions each app's own migration grants the manager group,
        # restored with the rest when a test flushes the database
        manager = Group.objects.get(name="manager")
        for label, codenames in manager_permissions:
            manager.permissions.add(*Permission.objects.filter(
                content_type__app_label=label, codename__in=codenames))


def ensure_time_limits(apps=global_apps) -> None:
    from .deadlines import DEFAULT_LIMITS

    TimeLimit = apps.get_model("servicecenter", "TimeLimit")
    for process, stage, amount, unit, label in DEFAULT_LIMITS:
        TimeLimit.objects.get_or_create(
            process=process, stage=stage,
            defaults={"amount": amount, "unit": unit, "label": label},
        )


def _holiday_label(name, workday: bool) -> str:
    label = HOLIDAY_NAMES.get(str(name), str(name)) if name else ""
    if workday:
        return f"{label}调休" if label else "调休"
    return label or "休息日"


def ensure_calendar(apps=global_apps) -> None:
    """Exceptions to Monday–Friday for the years chinese_calendar knows."""
    import chinese_calendar

    CalendarDay = apps.get_model("servicecenter", "CalendarDay")
    CalendarYear = apps.get_model("servicecenter", "CalendarYear")
    if CalendarYear.objects.filter(source="chinese_calendar").exists():
        return
    rows, years = [], set()
    day, last = datetime.date(2004, 1, 1), datetime.date(2026, 12, 31)
    while day <= last:
        try:
            workday = chinese_calendar.is_workday(day)
        except NotImplementedError:
            break
        years.add(day.year)
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if workday != (day.weekday() < 5) or (not workday and on_holiday and name):
            rows.append(CalendarDay(date=day, is_workday=workday,
                                    name=_holiday_label(name, workday)))
        day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese_calendar") for y in sorted(years)],
        ignore_conflicts=True,
    )


def ensure_base_data() -> None:
    from .registry import base_data

    ensure_role_groups()
    ensure_time_limits()
    ensure_calendar()
    for fn in base_data:  # each app's own (registered in its setup)
        fn()
