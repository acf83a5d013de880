"""How a generically linked record is shown: its number or name, and its page."""


def describe(obj) -> dict | None:
    if obj is None:
        return None
    url = ""
    if hasattr(obj, "get_absolute_url"):
        try:
            url = obj.get_absolute_url()
        except Exception:  # noqa: BLE001 - a record without a page is still shown
            url = ""
    elif obj._meta.model_name == "party":
        from django.urls import reverse

        url = reverse("party_detail", args=[obj.pk])
    number = getattr(obj, "number", "") or str(obj)
    return {"label": f"{obj._meta.verbose_name} {number}", "url": url,
            "state": getattr(obj, "get_state_display", str)()}
