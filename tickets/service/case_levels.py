"""The three levels of a difficult case (疑难案件): 1 is its handler (负责人), 2 the
head of the handler's department, 3 a leader (所领导). A centre may name other roles
for levels 2 and 3 (``settings.DIFFICULT_CASE_LEVELS``). A request goes to the next
level up that has someone in it other than the person asking, so nobody escalates to
themself; only the person asked records the decision (the model's guard)."""

from django.conf import settings
from django.contrib.auth import get_user_model

from servicecenter.roles import ENGINEER, HANDLER, ROLE_LABELS

HEAD = "head"
LABELS = {HEAD: "科室负责人", **ROLE_LABELS}
# who may be named a case's 负责人: the staff who handle service events
HANDLER_ROLES = (ENGINEER, HANDLER)


def _who(level: int) -> str:
    levels = list(settings.DIFFICULT_CASE_LEVELS)[:2]
    return levels[level - 2] if 2 <= level < 2 + len(levels) else ""


def level_label(level: int) -> str:
    if level == 1:
        return "负责人"
    who = _who(level)
    return LABELS.get(who, who)


def level_people(case, level: int):
    """The active people of one level (2 or 3) for this case."""
    users = get_user_model().objects.filter(is_active=True)
    who = _who(level)
    if who == HEAD:
        people = users.filter(headed_departments__members=case.handler_id,
                              headed_departments__is_active=True)
    elif who:
        people = users.filter(groups__name=who)
    else:
        return users.none()
    return people.distinct().order_by("first_name", "username")


def next_level(case, user):
    """``(level, people)``: the next level up with someone other than ``user`` in it,
    or ``(None, no one)`` when the case is at the top or nobody is set up."""
    for level in range(case.level + 1, case.MAX_LEVEL + 1):
        people = level_people(case, level)
        if user is not None:
            people = people.exclude(pk=user.pk)
        if people.exists():
            return level, people
    return None, get_user_model().objects.none()


def handler_candidates():
    """The suitable 负责人 of a case: engineers and department handlers."""
    return get_user_model().objects.filter(
        is_active=True, groups__name__in=HANDLER_ROLES).distinct().order_by(
        "first_name", "username")
