"""The booking form (预约登记): the item and 情形, the day, a free slot (or, for a 绿色
通道 item, a time outside office hours), the citizen's name and phone, the channel.
"查看空闲时段" (GET, no JavaScript) shows the chosen day's slots."""

import datetime

from django import forms
from django.utils import timezone

from servicecenter.validators import validate_phone

from ..models import ServiceItem, Situation
from ..models.appointment import AppointmentChannel
from .slots import day_slots


def bookable_items():
    return (ServiceItem.objects.filter(
        is_active=True, current_version__isnull=False, window__is_active=True,
        window__booking_rule__is_active=True)
        .select_related("window", "window__booking_rule").order_by("code"))


class BookingForm(forms.Form):
    item = forms.ModelChoiceField(label="办理事项", queryset=ServiceItem.objects.none(),
                                  empty_label="请选择事项",
                                  error_messages={
                                      "required": "请选择办理事项。",
                                      "invalid_choice": "所选事项不可预约。"})
    situation = forms.ModelChoiceField(label="办理情形", required=False,
                                       queryset=Situation.objects.none(),
                                       empty_label="（不区分情形）",
                                       error_messages={
                                           "invalid_choice": "所选情形不属于该事项。"})
    day = forms.DateField(label="预约日期",
                          widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "请选择预约日期。",
                                          "invalid": "日期格式应为 2026-10-10。"})
    slot = forms.CharField(label="预约时段", required=False, widget=forms.HiddenInput)
    green_start = forms.TimeField(label="绿色通道开始时间", required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}),
                                  error_messages={"invalid": "时间格式应为 19:00。"})
    green_end = forms.TimeField(label="结束时间", required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}),
                                error_messages={"invalid": "时间格式应为 20:00。"})
    reason = forms.CharField(label="绿色通道事由", required=False, max_length=200)
    name = forms.CharField(label="预约人姓名", max_length=100, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    channel = forms.ChoiceField(label="预约方式", choices=AppointmentChannel.choices,
                                initial=AppointmentChannel.PHONE)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = bookable_items()
        self.fields["item"].label_from_instance = (
            lambda i: f"{i.name}（{i.window.number}号窗口）"
            + ("【绿色通道】" if i.green_channel else ""))
        self.chosen_item = self._chosen_item()
        if self.chosen_item is not None:
            self.fields["situation"].queryset = (
                self.chosen_item.current_version.situations.order_by("order", "id"))

    def _chosen_item(self):
        raw = self.data.get("item") if self.is_bound else self.initial.get("item")
        raw = getattr(raw, "pk", raw)
        if not str(raw or "").isdecimal() or len(str(raw)) > 18:
            return None
        return bookable_items().filter(pk=raw).first()

    def chosen_day(self):
        raw = self.data.get("day") if self.is_bound else self.initial.get("day")
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw or ""))
        except ValueError:
            return None

    def slots(self):
        item, day = self.chosen_item, self.chosen_day()
        if item is None or day is None:
            return []
        return day_slots(item.window.booking_rule, day)

    def _moment(self, day, time):
        return datetime.datetime.combine(day, time, timezone.get_current_timezone())

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone:
            validate_phone(phone)
        return phone

    def clean(self):
        data = super().clean()
        day, item = data.get("day"), data.get("item")
        if not data.get("name", "").strip() or not data.get("phone"):
            if "phone" not in self.errors:
                self.add_error(None, "请填写预约人姓名和联系电话。")
        if day is None or item is None:
            return data
        if data.get("green_start"):
            data["starts_at"] = self._moment(day, data["green_start"])
            data["ends_at"] = (self._moment(day, data["green_end"])
                               if data.get("green_end") else None)
        elif str(data.get("slot") or "").strip():
            try:
                time = datetime.time.fromisoformat(data["slot"].strip())
            except ValueError:
                self.add_error(None, "所选时段无效，请重新选择。")
                return data
            data["starts_at"], data["ends_at"] = self._moment(day, time), None
        else:
            self.add_error(None, "请选择一个空闲时段"
                           + ("，或填写绿色通道时间。" if item.green_channel else "。"))
        return data
