"""联办件 / 并联审批 pages: a department's pending opinions (/matters/joint/) and the
answer (同意 / 不同意 with the reasons) from the record page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from servicecenter.paging import bounded_page
from servicecenter.transitions import TransitionError

from .. import joint
from ..models import JointOpinion
from ..models.joint import can_answer_joint_opinion
from .record import application_or_403
from .window import can_work_department_queue


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(label="意见", widget=forms.RadioSelect,
                                 choices=[("agree", "同意"), ("refuse", "不同意")],
                                 error_messages={"required": "请选择同意或不同意。"})
    text = forms.CharField(label="审查意见", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    reasons = forms.CharField(label="不同意理由", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text="不同意的须写明理由（将告知承办科室和申请人）。")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "不同意的，请填写不同意理由。")
        return data


def queue(request):
    """并联审批待回复: this user's departments' pending opinions, by due date."""
    departments = joint.answerable_departments(request.user)
    if not departments and not can_work_department_queue(request.user):
        raise PermissionDenied
    qs = joint.pending_for(request.user, departments).select_related(
        "department", "application__item", "application__party",
        "application__department")
    page = bounded_page(request, qs)
    return render(request, "matters/joint_queue.html", {**page, "now": timezone.now()})


def answer(request, pk, opinion):
    """The department's answer; GET shows the form (also after a refused POST)."""
    app = application_or_403(request, pk)
    op = get_object_or_404(JointOpinion.objects.select_related("department"),
                           pk=opinion, application=app)
    if not can_answer_joint_opinion(request.user, op):
        raise PermissionDenied
    if not op.is_pending:
        messages.error(request, f"{op.department}的意见已是"
                                f"「{op.get_state_display()}」，不能再回复。")
        return redirect("matters:detail", pk=app.pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joint.answer_opinion(op, request.user, **form.cleaned_data)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已记录{op.department}的并联审批意见。")
            return redirect("matters:detail", pk=app.pk)
    return render(request, "matters/joint_answer.html",
                  {"a": app, "op": op, "form": form})


