from django import forms
from django.db.models import Q

from .models import Party
from .validators import normalize_id_number


class PartyForm(forms.ModelForm):
    """Create or edit a Party; the intake forms embed it with prefix="party"."""

    class Meta:
        model = Party
        fields = ["kind", "name", "phone", "phone2", "id_number", "organisation",
                  "village", "address"]

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if value:
            clash = Party.objects.filter(id_number=value)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    "该身份证号已建档，请先查询并选择已有档案。")
        return value

    def left_blank(self) -> bool:
        """Nothing typed into the new-party block: the intake then asks the clerk to
        look up or fill in a party. When something was typed, the block's own errors
        (a wrong check digit, say) are the whole story."""
        return self.is_bound and not self.has_changed()

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("id_number"):
            raise forms.ValidationError("电话和身份证号至少填写一项，以便查找和联系。")
        return data


class PartySearchForm(forms.Form):
    q = forms.CharField(label="姓名/电话/身份证号", max_length=60, required=False)


def search_parties(query: str, limit: int = 50):
    """By exact phone or ID number (indexed), or by name prefix."""
    query = (query or "").replace("\x00", "").strip()[:60]
    if not query:
        return Party.objects.none()
    normalized = normalize_id_number(query)
    condition = Q(phone=query) | Q(phone2=query) | Q(name__startswith=query)
    if len(normalized) == 18:
        condition |= Q(id_number=normalized)
    return Party.objects.filter(condition).order_by("name", "id")[:limit]



def number_or_party(query: str, *extra: str) -> Q:
    """Search a process list by its number, or by the party's exact phone / ID number
    or name prefix. The parties are looked up first (indexed, at most 200), so the
    list query stays on its own indexes instead of scanning a join at a million rows.
    ``extra`` names more exact-match fields (e.g. a serial number)."""
    query = (query or "").strip()
    if not query:
        return Q()
    party_ids = list(search_parties(query, limit=200).values_list("pk", flat=True))
    condition = Q(number=query.upper()) | Q(party_id__in=party_ids)
    for field in extra:
        condition |= Q(**{field: query})
    return condition


class PartyChoiceMixin(forms.Form):
    """For intake forms: pick an existing party (id) or fill the embedded PartyForm."""

    party_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if "party_id" in self.errors:  # a hidden field: say it above the form
            self.add_error(None, "所选档案无效，请重新查询。")
        return data

    def clean_party_id(self):
        pk = self.cleaned_data.get("party_id")
        if pk and not Party.objects.filter(pk=pk).exists():
            raise forms.ValidationError("所选档案不存在，请重新查询。")
        return pk


class TransitionForm(forms.Form):
    """Every transition form carries the state the user saw (``expected_state``), so
    the runner can tell them when someone else moved the record first."""

    expected_state = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "页面已过期，请刷新后重新提交。"})

    def __init__(self, *args, record=None, user=None, **kwargs):
        # the record and the acting user, for choices and checks that depend on them
        self.record, self.user = record, user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        # a hidden field's error is not shown beside it: say it above the form
        if any(f.widget.is_hidden and n in self.errors for n, f in self.fields.items()):
            self.add_error(None, "页面已过期或数据有误，请刷新后重新提交。")
        return data
