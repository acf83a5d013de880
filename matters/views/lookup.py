"""办件查询: the citizen's status lookup, public (no login) and rate-limited.

The receipt number plus the last four digits of the applicant's phone answer the
state (in the citizen's words), the promised date and what to bring or supply.
Nothing else: no name, no item, no department. A wrong pair, a wrong number and a
wrong phone all take the same path (one query on both values, the same page,
the same message), so the answer never tells whether a number exists.

Rate limit (django-ratelimit, counted before the query, whatever the outcome):
``LOOKUP_RATE`` per client address (``servicecenter.logins.client_ip``: the
trusted-proxy rule) and ``LOOKUP_NUMBER_RATE`` per number asked about, so that
many addresses cannot guess one number's four digits either. The counters live in
the ``ratelimit`` cache, which keeps counting in process memory while Redis is
down (``servicecenter.cache.CountingRedisCache``): the lookup neither opens to
guessing nor closes for citizens during an outage.
"""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from servicecenter.logins import client_ip

from ..models import Application, State
from .public import render_public

NOT_FOUND = ("未查询到与该办件编号和手机号后四位相符的办件。请核对受理回执上的编号"
             "和申请时登记的手机号；仍有疑问请咨询受理窗口。")
LIMITED = ("查询过于频繁，请稍后再试（约一分钟后）。如需帮助，请拨打受理窗口的咨询电话"
           "或到窗口咨询。")
NUMBER = re.compile(r"^[A-Z]{2}\d{4}-\d{1,8}$")

# the state in the citizen's words (keyed by the model's enum, never a literal)
CITIZEN_WORDS = {
    State.RECEIVED: "材料已收到，窗口正在审查。",
    State.CORRECTION: "材料需要补正：请按一次性告知书补齐下列材料后到窗口提交。",
    State.ACCEPTED: "已受理，正在办理。",
    State.HANDLING: "正在办理。",
    State.REVIEW: "正在审核。",
    State.SPECIAL: "正在进行特殊环节（如现场勘验、公示），该环节依法不计入承诺时限。",
    State.DECIDED: "已办结，窗口将按您选择的方式通知您。",
    State.NOTIFIED: "已办结，请按通知领取办理结果（请携带本人身份证件和受理回执）。",
    State.CLOSED: "已办结，办理结果已送达。",
    State.REJECTED: "不予受理。理由和救济途径见不予受理决定书，可到窗口咨询。",
    State.WITHDRAWN: "已撤回。",
}


class LookupForm(forms.Form):
    no = forms.CharField(label="办件编号", max_length=30,
                         error_messages={"required": "请填写受理回执上的办件编号。"})
    tail = forms.CharField(
        label="手机号后四位", max_length=8,
        error_messages={"required": "请填写申请时登记的手机号后四位。"})

    def clean_no(self):
        value = unicodedata.normalize("NFKC", self.cleaned_data["no"]).strip().upper()
        if not NUMBER.match(value):
            raise forms.ValidationError("办件编号格式不对，应如 BJ2026-00001。")
        return value

    def clean_tail(self):
        value = unicodedata.normalize("NFKC", self.cleaned_data["tail"]).strip()
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise forms.ValidationError("请填写4位数字。")
        return value


def _limited(request, number: str) -> bool:
    by_address = is_ratelimited(request, group="matters.lookup",
                                key=lambda group, req: client_ip(req),
                                rate=settings.LOOKUP_RATE, increment=True)
    by_number = is_ratelimited(request, group="matters.lookup.number",
                               key=lambda group, req: number,
                               rate=settings.LOOKUP_NUMBER_RATE, increment=True)
    return by_address or by_number


def to_supply(app) -> list[str]:
    """What the applicant must bring: materials to correct, 容缺 materials owed."""
    rows = []
    for m in app.materials.select_related("material").order_by("material__order",
                                                               "material_id"):
        if not m.is_missing:
            continue
        name = m.material.name
        if m.waived and m.promised_by:
            rows.append(f"{name}（容缺，请于{m.promised_by:%Y年%-m月%-d日}前补交）")
        elif m.problem:
            rows.append(f"{name}（{m.problem}）")
        elif not app.clock.is_open(app):
            continue
        else:
            rows.append(f"{name}（未提交）")
    return rows


def answer(app) -> dict:
    due = app.promised_due_at if app.clock.is_open(app) else None
    return {"words": CITIZEN_WORDS.get(app.state, app.get_state_display()),
            "state": app.get_state_display(), "promised": due,
            "provisional": app.due_provisional if due else False,
            "paused": app.clock.is_paused(app), "supply": to_supply(app)}


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request):
    """GET: the form (``?no=`` from the receipt's QR code prefills the number);
    POST: the answer."""
    status, result, message = 200, None, ""
    if request.method != "POST":
        form = LookupForm(initial={"no": request.GET.get("no", "")[:30]})
        return render_public(request, "matters/public/lookup.html", {"form": form},
                             "lookup")
    form = LookupForm(request.POST)
    if form.is_valid():
        no, tail = form.cleaned_data["no"], form.cleaned_data["tail"]
        if _limited(request, no):
            status, message = 429, LIMITED
        else:
            app = (Application.objects.filter(number=no, phone_tail=tail)
                   .only("pk", "state", "promised_due_at", "due_provisional")
                   .first())
            result = answer(app) if app else None
            message = "" if app else NOT_FOUND
    return render_public(request, "matters/public/lookup.html",
                         {"form": form, "result": result, "message": message,
                          "limited": status == 429}, "lookup", status=status)
