"""The intake form at the window (收件): the party, the item and its 情形, the channel
and the window, and one row per material of that item's current version (received,
problem, scans from the 高拍仪)."""

from django import forms

from servicecenter.forms import PartyChoiceMixin
from servicecenter.models import Window
from servicecenter.validators import validate_upload

from .models import ServiceItem, Situation, Village
from .models.choices import Channel
from .permissions import can_receive_at_village

MISSING = "未提交"  # the problem of a required material that was not handed in


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScansField(forms.FileField):
    """Several scans of one material (the 高拍仪 takes one page a file), each checked
    by its whole content before anything is saved."""

    widget = MultipleFileInput(attrs={"accept": "image/*,application/pdf"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(ScansField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            try:
                validate_upload(upload)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    f"扫描件“{upload.name[:40]}”：{'；'.join(exc.messages)}") from None
        return cleaned


def intake_items():
    return (ServiceItem.objects.filter(is_active=True, current_version__isnull=False)
            .select_related("department", "current_version").order_by("code"))


class IntakeForm(PartyChoiceMixin, forms.Form):
    item = forms.ModelChoiceField(label="办理事项", queryset=ServiceItem.objects.none(),
                                  empty_label="请选择事项",
                                  error_messages={"required": "请选择办理事项。",
                                                  "invalid_choice": "所选事项无效。"})
    situation = forms.ModelChoiceField(label="办理情形", required=False,
                                       queryset=Situation.objects.none(),
                                       empty_label="请选择情形",
                                       error_messages={
                                           "invalid_choice": "所选情形不属于该事项。"})
    channel = forms.ChoiceField(label="收件渠道", choices=Channel.choices,
                                initial=Channel.WINDOW)
    window = forms.ModelChoiceField(label="受理窗口", required=False,
                                    queryset=Window.objects.filter(is_active=True),
                                    empty_label="（不经窗口）")
    remark = forms.CharField(label="备注", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
    # levels: the applicant's village; at a village service point, whether the
    # 村民代表会议 is needed (the village's longer limit)
    village = forms.ModelChoiceField(label="所属村（社区）", required=False,
                                     queryset=Village.objects.filter(is_active=True),
                                     empty_label="（非村级代办）")
    needs_meeting = forms.BooleanField(label="需依法召开村民代表会议（村级时限延长）",
                                       required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = intake_items()
        self.fields["item"].label_from_instance = lambda i: f"{i.name}（{i.code}）"
        if user is not None and not self.is_bound:
            self.fields["window"].initial = (
                Window.objects.filter(staff=user, is_active=True).first())
        self.version = self._chosen_version()
        if self.version is not None:
            self.fields["situation"].queryset = self.version.situations.order_by(
                "order", "id")
        self._levels(user)

    def _levels(self, user):
        """At a village service point: no window, the village is the clerk's own;
        at the town: the applicant's village may be named."""
        self.at_village = can_receive_at_village(user) if user is not None else False
        if self.at_village:
            for name in ("window", "village"):
                del self.fields[name]
            self.fields["channel"].choices = [(Channel.VILLAGE, Channel.VILLAGE.label)]
            self.fields["channel"].initial = Channel.VILLAGE
            self.fields["item"].queryset = intake_items().filter(
                current_version__levels__level="village").distinct()
        else:
            del self.fields["needs_meeting"]

    def _chosen_version(self):
        raw = (self.data.get("item") if self.is_bound else self.initial.get("item"))
        raw = getattr(raw, "pk", raw)
        if not str(raw or "").isdecimal() or len(str(raw)) > 18:
            return None
        item = intake_items().filter(pk=raw).first()
        return item.current_version if item else None

    def clean(self):
        data = super().clean()
        version = self.version
        if version is not None and data.get("item") is not None:
            if version.situations.exists() and not data.get("situation"):
                self.add_error("situation", "该事项分情形办理，请选择办理情形。")
        if data.get("channel") == Channel.WINDOW and not data.get("window"):
            self.add_error("window", "窗口收件请选择受理窗口。")
        return data


class MaterialsForm(forms.Form):
    """One row per material of ``version`` for ``situation``: ``m<pk>_received``,
    ``m<pk>_problem`` and ``m<pk>_scans``."""

    def __init__(self, *args, version=None, situation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # an item with 情形 lists its materials once the 情形 is chosen
        self.needs_situation = bool(version and situation is None
                                    and version.situations.exists())
        self.materials = ([] if version is None or self.needs_situation
                          else list(version.materials_for(situation)))
        for m in self.materials:
            self.fields[f"m{m.pk}_received"] = forms.BooleanField(
                label="已收", required=False)
            self.fields[f"m{m.pk}_problem"] = forms.CharField(
                label="问题（缺少或有误时填写）", required=False, max_length=200)
            self.fields[f"m{m.pk}_scans"] = ScansField(label="扫描件", required=False)

    def rows(self):
        """The materials with their three bound fields, for the template."""
        return [{"material": m, "received": self[f"m{m.pk}_received"],
                 "problem": self[f"m{m.pk}_problem"], "scans": self[f"m{m.pk}_scans"]}
                for m in self.materials]

    def clean(self):
        data = super().clean()
        for m in self.materials:
            if data.get(f"m{m.pk}_scans") and not data.get(f"m{m.pk}_received"):
                self.add_error(f"m{m.pk}_received",
                               f"“{m.name}”已上传扫描件，请勾选“已收”。")
        return data

    def received(self) -> list[dict]:
        """Per material: received, problem (blank = fine), scans. A required material
        not handed in is a problem (未提交) even when the clerk wrote none."""
        rows = []
        for m in self.materials:
            received = self.cleaned_data[f"m{m.pk}_received"]
            problem = self.cleaned_data[f"m{m.pk}_problem"].strip()
            if not received and m.required and not problem:
                problem = MISSING
            rows.append({"material": m, "received": received, "problem": problem,
                         "scans": self.cleaned_data[f"m{m.pk}_scans"]})
        return rows
