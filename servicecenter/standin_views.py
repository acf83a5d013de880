"""The AB角 page: one's B, one's absences (请假/销假), whom one stands in for now.
A department head or a manager manages a colleague's with ``?user=<id>``."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from . import absences
from .people import PersonChoiceField, display_name
from .roles import ALL_ROLES, is_staff_member
from .staff import Absence
from .standin import backup_of, current_absence, represented_ids
from .transitions import TransitionError

DATE = forms.DateInput(attrs={"type": "date"})


def staff_users():
    return get_user_model().objects.filter(
        is_active=True, groups__name__in=ALL_ROLES).distinct().order_by(
            "first_name", "username")


class BackupForm(forms.Form):
    backup = PersonChoiceField(label="B角（我不在岗时代为办理）", required=False,
                               queryset=staff_users(), with_role=True,
                               empty_label="（不指定）")


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(label="起始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    reason = forms.CharField(label="事由", max_length=200)

    def clean(self):
        data = super().clean()
        if (data.get("starts_on") and data.get("ends_on")
                and data["ends_on"] < data["starts_on"]):
            self.add_error("ends_on", "截止日期不能早于起始日期。")
        return data


def _person(request):
    pk = request.GET.get("user") or request.POST.get("user")
    if not pk or not str(pk).isdecimal() or len(str(pk)) > 18:
        return request.user
    person = get_object_or_404(get_user_model(), pk=int(pk))
    if not absences.can_manage_standin(request.user, person):
        raise PermissionDenied
    return person


def standin(request):
    """GET the page; POST ``action`` = backup | absent | end."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    person = _person(request)
    backup_form = BackupForm(initial={"backup": backup_of(person)})
    absence_form = AbsenceForm(initial={"starts_on": timezone.localdate()})
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "backup":
            backup_form = BackupForm(request.POST)
        elif action == "absent":
            absence_form = AbsenceForm(request.POST)
        done = _post(request, person, action, backup_form, absence_form)
        if done:
            messages.success(request, done)
            url = reverse("standin")
            if person != request.user:
                url += f"?user={person.pk}"
            return redirect(url)
    return render(request, "servicecenter/standin.html", {
        "person": person, "is_self": person == request.user,
        "backup_form": backup_form, "absence_form": absence_form,
        "absences": Absence.objects.filter(user=person)[:20],
        "current": current_absence(person),
        "standing_in": [display_name(u) for u in get_user_model().objects.filter(
            pk__in=represented_ids(request.user))] if person == request.user else [],
        "backup_for": [display_name(p.user) for p in
                       person.backup_for.select_related("user")],
        "today": timezone.localdate(),
    })


def _post(request, person, action, backup_form, absence_form) -> str:
    """Run the chosen use case; the success message, or "" (errors on the forms)."""
    try:
        if action == "backup" and backup_form.is_valid():
            backup = backup_form.cleaned_data["backup"]
            absences.set_backup(request.user, person, backup)
            return f"已将B角设为{display_name(backup)}。" if backup else "已取消B角。"
        if action == "absent" and absence_form.is_valid():
            absence = absences.mark_absent(request.user, person,
                                           **absence_form.cleaned_data)
            return f"已登记请假：{absences.period(absence)}。"
        if action == "end":
            pk = request.POST.get("absence", "")
            absence = get_object_or_404(Absence, pk=int(pk) if pk.isdecimal()
                                        and len(pk) < 18 else 0, user=person)
            absences.end_absence(request.user, absence)
            return "已销假，B角的代办权限即时结束。"
    except TransitionError as exc:
        form = backup_form if action == "backup" else absence_form
        form.add_error(None, exc.message)
        if action == "end":
            messages.error(request, exc.message)
    return ""
