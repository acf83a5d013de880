"""``{{ user|person }}``: a person by name in templates (servicecenter.people)."""

from django import template

from ..people import display_name, name_with_role

register = template.Library()


@register.filter
def person(user, default="—"):
    return display_name(user) or default


@register.filter
def person_role(user, default="—"):
    return name_with_role(user) or default
