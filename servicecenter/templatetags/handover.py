"""``{% handover_panel record %}``: the 转交 card of a record page (首问责任人, the
pending handover, and this user's buttons from ``handover.actions``)."""

from django import template

from servicecenter import handover

register = template.Library()


@register.inclusion_tag("includes/handover_panel.html", takes_context=True)
def handover_panel(context, record):
    user = context["request"].user
    if handover.spec_of(record) is None:
        return {"show": False}
    rows = handover.page_rows(record)
    pending = handover.pending_of(record, rows)
    done = [h for h in rows if not h.is_pending]
    return {"show": True, "pending": pending, "history": done,
            "first_receiver": handover.first_receiver(record, rows),
            "actions": handover.actions(record, user, rows), "csrf_token": context.get(
                "csrf_token")}


@register.filter
def first_contact(record):
    """首问责任人 of a record (its holder field may since name whoever accepted a
    handover): ``{{ p|first_contact|person }}``."""
    return handover.first_receiver(record)
