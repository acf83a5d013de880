"""The window's appointment pages: the day's list (with a date switch), the booking
form, one appointment (its steps and history), the steps, the 预约单."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from servicecenter import tables as t
from servicecenter.paging import bounded_page
from servicecenter.people import display_name
from servicecenter.roles import CLERK, LEADER, MANAGER, has_role
from servicecenter.timeline import build_timeline
from servicecenter.transitions import TransitionError, available_transitions

from ..models import Appointment, Channel
from ..models.appointment import AppointmentChannel
from . import pdf, queries, services
from . import permissions as p
from .forms import BookingForm

# a step from a list or the record page; cancel and decline carry a reason
STEPS = {"approve": services.approve_appointment,
         "decline": services.decline_appointment,
         "arrive": services.arrive_appointment,
         "miss": services.miss_appointment,
         "cancel": services.cancel_appointment}
WITH_REASON = {"cancel", "decline"}


def can_list_appointments(user) -> bool:
    return has_role(user, CLERK, LEADER, MANAGER)


def appointment_or_403(request, pk) -> Appointment:
    appt = get_object_or_404(Appointment.objects.select_related(
        "item", "item__department", "situation", "window", "party", "booked_by",
        "approved_by", "missed_by"), pk=pk)
    if not p.can_view_appointment(request.user, appt):
        raise PermissionDenied
    return appt


def _day(request) -> datetime.date:
    raw = request.GET.get("date", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        messages.error(request, "日期格式应为 2026-10-10，已显示今天。")
        return timezone.localdate()


def intake_url(appt) -> str:
    """收件 with the citizen and the item (and 情形) filled in."""
    channel = (Channel.WINDOW if appt.channel == AppointmentChannel.WINDOW
               else Channel.PHONE)  # 电话预约 on the application
    query = {"item": appt.item_id, "party_id": appt.party_id, "channel": channel,
             "window": appt.window_id}
    if appt.situation_id:
        query["situation"] = appt.situation_id
    return f"{reverse('matters:intake')}?{urlencode(query)}"


def _row(appt, user) -> dict:
    steps = available_transitions(appt, user)
    return {"a": appt, "phone": p.phone_for(user, appt.party.phone),
            "booked_by": display_name(appt.booked_by),
            "steps": [s for s in steps if s["name"] not in WITH_REASON],
            "can_cancel": any(s["name"] == "cancel" for s in steps),
            "url": reverse("matters:appointment", args=[appt.pk]),
            "intake": intake_url(appt) if appt.has_arrived
            and has_role(user, CLERK) else ""}


def _step_forms(request):
    """row -> the step buttons of the list's row, each a form posting to the step
    (``appointment_step``) and coming back to this page."""
    token, back = t.esc(get_token(request)), t.esc(request.get_full_path())
    urls = {}

    def form(row, step) -> str:
        name = step["name"]
        if name not in urls:
            urls[name] = t.pk_url("matters:appointment_step", name)
        return (f'<form novalidate method="post" action="{urls[name](row["a"].pk)}" '
                'style="display:inline"><input type="hidden" '
                f'name="csrfmiddlewaretoken" value="{token}"><input type="hidden" '
                f'name="expected_state" value="{t.esc(row["a"].state)}"><input '
                f'type="hidden" name="next" value="{back}"><button class="btn small '
                f'{t.esc(step["style"])}" type="submit">{t.esc(step["label"])}</button>'
                "</form>")

    return lambda row: "".join(form(row, s) for s in row["steps"])


def _table(request, rows, day) -> t.Table:
    """The day's list, built in Python (``servicecenter.tables``): as a template loop
    its rows were 60 % of the page's CPU time."""
    channel, state = t.labels(Appointment, "channel"), t.labels(Appointment, "state")
    slip, forms = t.pk_url("matters:appointment_slip"), _step_forms(request)

    def slot(r) -> str:
        a = r["a"]
        green = ' <span class="state">绿色通道</span>' if a.green_channel else ""
        return f'{t.when(a.starts_at, "%H:%M")}–{t.when(a.ends_at, "%H:%M")}{green}'

    def item(r) -> str:
        a = r["a"]
        return t.esc(a.item.name) + (f"（{t.esc(a.situation.name)}）" if a.situation_id
                                     else "")

    def actions(r) -> str:
        intake = (f'<a class="btn small" href="{t.esc(r["intake"])}">开始收件</a>'
                  if r["intake"] else "")
        cancel = (f'<a href="{t.esc(r["url"])}#cancel">取消…</a>' if r["can_cancel"]
                  else "")
        return (f'<div class="actions row-actions">{forms(r)}{intake}{cancel}'
                f'<a href="{slip(r["a"].pk)}" target="_blank">预约单</a></div>')

    columns = [
        t.Column("时段", slot),
        t.Column("预约号", lambda r: t.link(r["url"], r["a"].number)),
        t.Column("预约人", lambda r: t.esc(r["a"].party.name)),
        t.Column("电话", lambda r: t.or_dash(r["phone"])),
        t.Column("事项", item),
        t.Column("窗口", lambda r: f'{t.esc(r["a"].window.number)}号'),
        t.Column("方式", lambda r: channel(r["a"].channel)),
        t.Column("状态", lambda r: t.state(state(r["a"].state))),
        t.Column("操作", actions),
    ]
    return t.Table(columns, rows, f"{day.month}月{day.day}日没有预约。",
                   row_css=lambda r: f'state-{t.esc(r["a"].state)}')


def appointment_list(request):
    """今日预约: the day's appointments of the clerk's windows (and those they booked);
    leaders and managers see the centre's. 25 a page, in time order."""
    if not can_list_appointments(request.user):
        raise PermissionDenied
    day = _day(request)
    page = bounded_page(request, queries.day_list(request.user, day))
    rows = [_row(a, request.user) for a in page.pop("rows")]
    one = datetime.timedelta(days=1)
    return render(request, "matters/appointment_list.html", {
        **page, "day": day, "table": _table(request, rows, day), "prev": day - one,
        "next": day + one, "today": timezone.localdate(),
        "can_book": p.can_book_appointment(request.user),
        "pending": list(queries.pending_green(request.user)[:50])})


def _book(request, form):
    data = form.cleaned_data
    with transaction.atomic():  # a new citizen is kept only with the booking
        party = services.find_or_create_party(request.user, data["name"],
                                              data["phone"])
        return services.book_appointment(
            request.user, item=data["item"], situation=data["situation"],
            party=party, starts_at=data["starts_at"], ends_at=data.get("ends_at"),
            channel=data["channel"], reason=data["reason"], note=data["note"])


def appointment_book(request):
    """预约登记: item, day, a free slot (remaining places shown), the citizen."""
    if not p.can_book_appointment(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = BookingForm(request.POST)
        if form.is_valid() and "starts_at" in form.cleaned_data:
            try:
                appt = _book(request, form)
            except TransitionError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已登记预约 {appt.number}"
                                 + ("，待领导批准。" if appt.green_channel else "。"))
                return redirect("matters:appointment", pk=appt.pk)
        else:
            messages.error(request, "预约信息有误，请按提示修改。")
    else:
        # "查看空闲时段" is a GET: what was typed comes back as the initial values
        initial = {k: v[:200] for k, v in request.GET.items()
                   if k in BookingForm.base_fields}
        initial.setdefault("day", timezone.localdate().isoformat())
        form = BookingForm(initial=initial)
    return render(request, "matters/appointment_book.html", {
        "form": form, "slots": form.slots(), "item": form.chosen_item,
        "day": form.chosen_day(),
        "chosen": (request.POST.get("slot") if request.method == "POST" else "")})


def appointment_detail(request, pk):
    appt = appointment_or_403(request, pk)
    row = _row(appt, request.user)
    return render(request, "matters/appointment_detail.html", {
        **row, "timeline": build_timeline(appt),
        "approved_by": display_name(appt.approved_by),
        "missed_by": display_name(appt.missed_by) or ("系统（时段结束未到）"
                                                     if appt.missed_at else ""),
        "steps_all": available_transitions(appt, request.user)})


def _back(request, appt):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return redirect(target)
    return redirect("matters:appointment", pk=appt.pk)


@require_POST
def appointment_step(request, pk, verb):
    """One step (到场 / 未到 / 取消 / 批准 / 不予批准) from the list or the record."""
    appt = appointment_or_403(request, pk)
    if verb not in STEPS:
        raise PermissionDenied
    kwargs = {"expected_state": request.POST.get("expected_state") or None}
    if verb in WITH_REASON:
        kwargs["reason"] = request.POST.get("reason", "")[:200]
    try:
        saved = STEPS[verb](appt, request.user, **kwargs)
    except TransitionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{saved.number}：{saved.get_state_display()}。")
    return _back(request, appt)


def appointment_slip(request, pk):
    """预约单 (PDF), as issued."""
    appt = appointment_or_403(request, pk)
    issued = pdf.slip(appt, request.user)
    return FileResponse(issued.file.open("rb"), content_type="application/pdf",
                        filename=f"{appt.number}-预约单.pdf", as_attachment=False)
