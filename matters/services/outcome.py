"""The window closes the loop: 办结告知, 送达/领取; and 撤回 at any open step."""

from django.urls import NoReverseMatch, reverse

from servicecenter.transitions import run_transition

from ..models import InformChannel


def _sms(app):
    """办结告知 by SMS goes through the pluggable channel (NOTIFICATION_CHANNELS):
    a channel class that also has ``send_sms(phone, text)`` delivers it."""
    from servicecenter.notify import channels

    text = (f"【{app.item.name}】您的办件{app.number}已办结，"
            f"结果：{app.get_outcome_display()}。请按告知方式领取。")
    for channel in channels():
        send = getattr(channel, "send_sms", None)
        if send is not None and app.party.phone:
            send(app.party.phone, text)


def inform_application(app, user, *, inform_channel, expected_state=None, remark=""):
    """decided → notified: the applicant is told by the chosen channel."""
    after = [_sms] if inform_channel == InformChannel.SMS else []
    return run_transition(app, "inform", user, remark, expected_state=expected_state,
                          inform_channel=inform_channel, after_commit=after)


def deliver_application(app, user, *, delivery_method, delivered_at=None,
                        expected_state=None, remark=""):
    """notified → closed: the result was collected, posted or brought home."""
    return run_transition(app, "deliver", user, remark, expected_state=expected_state,
                          delivery_method=delivery_method, delivered_at=delivered_at)


def withdraw_application(app, user, *, reason, expected_state=None, remark=""):
    """any open state → withdrawn: at the applicant's request, with the reason."""
    return run_transition(app, "withdraw", user, remark or reason,
                          expected_state=expected_state, reason=reason)


def record_url(app) -> str:
    try:
        return reverse("matters:detail", args=[app.pk])
    except NoReverseMatch:
        return ""
