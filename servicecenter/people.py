"""How a person is shown: by name, never by login name.

The one display-name rule for pickers, filters, timelines, admin history pages and
PDFs. A staff account with no name entered reads 「未填姓名的用户（编号 N）」, so the
login name (which is also half of a password guess) never reaches a page.
"""

from django import forms

from .roles import ROLE_LABELS, user_roles


def display_name(user) -> str:
    """The person's name; "" for no user (a system step reads 系统 where it matters)."""
    if user is None:
        return ""
    name = (user.get_full_name() or "").strip()
    return name or f"未填姓名的用户（编号 {user.pk}）"


def name_with_role(user) -> str:
    """Name plus role labels, for pickers where two people may share a name."""
    if user is None:
        return ""
    labels = [ROLE_LABELS[r] for r in sorted(user_roles(user)) if r in ROLE_LABELS]
    name = display_name(user)
    return f"{name}（{'、'.join(labels)}）" if labels else name


class PersonChoiceField(forms.ModelChoiceField):
    """A user picker labelled by name (and role, to tell namesakes apart)."""

    def __init__(self, *args, with_role=False, **kwargs):
        self.with_role = with_role
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return name_with_role(obj) if self.with_role else display_name(obj)
