"""回访话术: the default questions per kind of follow-up call, and the manager's
admin permissions on complaints and calls. Seeded by a data migration; idempotent,
so tests that flush the database can call them again."""

from django.apps import apps as global_apps

DEFAULT_QUESTIONS = {
    "service": [
        "工程师是否按约定时间联系或到达？",
        "问题是否已经彻底解决？目前使用是否正常？",
        "工程师的服务态度和专业水平如何？",
        "服务完成后是否向您说明了处理情况和注意事项？",
        "您对我们的服务还有什么意见或建议？",
    ],
    "repair": [
        "设备取回后使用是否正常？故障是否再次出现？",
        "维修时间是否在您可以接受的范围内？",
        "取机时工作人员是否说明了维修内容和保修情况？",
        "维修费用（如有）是否清楚、合理？",
        "您对我们的维修服务还有什么意见或建议？",
    ],
    "complaint": [
        "您投诉的问题现在是否已经解决？",
        "我们的处理结果是否已经告知您？您是否认可？",
        "处理过程中工作人员的态度如何？",
        "您是否还有其他需要我们处理的问题？",
    ],
    "care": [
        "近期使用我们的产品或服务是否正常？",
        "您对便民服务中心的窗口服务有什么评价？",
        "您还有哪些需要我们提供的服务？",
    ],
}
MANAGER_PERMISSIONS = [
    "view_complaint", "view_revisit", "view_revisitattempt", "view_revisitquestion",
    "add_revisitquestion", "change_revisitquestion", "delete_revisitquestion",
    "view_historicalcomplaint", "view_historicalrevisit",
]


def ensure_questions(apps=global_apps) -> None:
    RevisitQuestion = apps.get_model("tickets", "RevisitQuestion")
    for kind, questions in DEFAULT_QUESTIONS.items():
        if RevisitQuestion.objects.filter(kind=kind).exists():
            continue  # managers edit the script; never re-add what they removed
        RevisitQuestion.objects.bulk_create(
            RevisitQuestion(kind=kind, order=(i + 1) * 10, text=text)
            for i, text in enumerate(questions))


def ensure_manager_permissions(apps=global_apps) -> None:
    from django.contrib.auth.management import create_permissions

    app_config = global_apps.get_app_config("tickets")
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="manager")
    group.permissions.add(*Permission.objects.filter(
        content_type__app_label="tickets", codename__in=MANAGER_PERMISSIONS))
