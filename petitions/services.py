"""Use cases of the petition flow: one function per verb, each through run_transition.

Documents issued to the petitioner are rendered and stored after commit (by a Celery
worker when a broker is configured); if that fails, the document page issues them on
first download (see ``pdf.issued_or_issue``).
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicecenter import extension as shared_extension
from servicecenter.deadlines import get_limit
from servicecenter.files import save_attachment
from servicecenter.models import Attachment
from servicecenter.numbering import next_number
from servicecenter.pdf import issue_after_commit, schedule_issue
from servicecenter.transitions import (
    TransitionError,
    TransitionRefused,
    create_record,
    run_transition,
)

from .models import Extension, Petition
from .models.choices import GROUP_VISIT_HEADCOUNT, MAX_REPRESENTATIVES, State
from .permissions import can_register_petition, can_request_extension
from .queries import visible_to


def _issue(doc_type, user):
    return issue_after_commit(doc_type, user)


def register_petition(user, *, party, channel, received_at, subject, content, category,
                      headcount=1, place="", representatives=(), scan=None,
                      remark="") -> Petition:
    """— → registered: the window records the petition; acceptance due in 15 days."""
    if not can_register_petition(user):
        raise TransitionRefused("只有窗口工作人员可以登记信访。")
    others = [p for p in representatives if p.pk != party.pk]
    if headcount >= GROUP_VISIT_HEADCOUNT and len(others) + 1 > MAX_REPRESENTATIVES:
        raise TransitionRefused(f"集体访推选的代表不得超过{MAX_REPRESENTATIVES}人。")
    if headcount < GROUP_VISIT_HEADCOUNT and others:
        raise TransitionRefused("不足5人的来访不设代表，请将其他人分别登记。")
    petition = Petition(party=party, channel=channel, received_at=received_at,
                        subject=subject.strip(), content=content.strip(),
                        category=category, headcount=headcount, place=place,
                        first_receiver=user)
    petition.set_acceptance_due()
    with transaction.atomic():
        petition.number = next_number("XF", timezone.localtime(received_at).year)
        create_record(petition, user, name="register", remark=remark)
        if petition.is_group_visit:
            petition.representatives.set([party, *others])
        if scan is not None:
            attach(petition, user, scan, kind="scan")
    return petition


def attach(petition, user, upload, kind="document") -> Attachment:
    """Check and store an upload; refusals (bad file, storage down) are
    TransitionRefused, inside the caller's atomic block."""
    return save_attachment(petition, user, upload, kind)


def possible_repeats(user, party, subject, exclude_pk=None, limit=10):
    """Same person, or the same subject, within the past year (重复信访)."""
    since = timezone.now() - datetime.timedelta(days=365)
    match = Q(party=party)
    if subject and subject.strip():
        match |= Q(subject=subject.strip())
    qs = visible_to(user).filter(match, received_at__gte=since).exclude(
        state=State.MERGED).select_related("party")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.order_by("-received_at")[:limit])


def accept_petition(petition, user, *, instruction, department, handler=None,
                    expected_state=None, remark=""):
    return run_transition(petition, "accept", user, remark or instruction,
                          expected_state=expected_state,
                          after_commit=[_issue("acceptance", user)],
                          instruction=instruction, department=department,
                          handler=handler)


def decline_petition(petition, user, *, reason, route, route_detail="", instruction="",
                     expected_state=None, remark=""):
    return run_transition(petition, "decline", user, remark or reason,
                          expected_state=expected_state,
                          after_commit=[_issue("decline", user)], reason=reason,
                          route=route, route_detail=route_detail,
                          instruction=instruction)


def transfer_petition(petition, user, *, receiving_body, instruction="",
                      expected_state=None, remark=""):
    return run_transition(petition, "transfer", user, remark or receiving_body,
                          expected_state=expected_state,
                          after_commit=[_issue("transfer", user)],
                          receiving_body=receiving_body, instruction=instruction)


def mark_duplicate_petition(petition, user, *, original, expected_state=None,
                            remark=""):
    if not visible_to(user).filter(pk=original.pk).exists():
        # the same words as an unknown number: a 揭发控告 the user may not see
        # stays hidden
        raise TransitionRefused("没有这个编号的信访事项。")
    return run_transition(petition, "mark_duplicate", user,
                          remark or f"与{original.number}重复", original=original,
                          expected_state=expected_state)


def sign_petition(petition, user, *, expected_state=None, remark=""):
    return run_transition(petition, "sign", user, remark, expected_state=expected_state)


def return_to_office_petition(petition, user, *, reason, expected_state=None):
    return run_transition(petition, "return_to_office", user, reason, reason=reason,
                          expected_state=expected_state)


def report_result_petition(petition, user, *, outcome, facts, legal_basis, actions="",
                           expected_state=None, remark=""):
    return run_transition(petition, "report_result", user, remark or facts,
                          expected_state=expected_state, outcome=outcome, facts=facts,
                          legal_basis=legal_basis, actions=actions)


def send_back_petition(petition, user, *, reason, expected_state=None):
    return run_transition(petition, "send_back", user, reason, reason=reason,
                          expected_state=expected_state)


def reply_petition(petition, user, *, method, replied_on=None, expected_state=None,
                   remark=""):
    return run_transition(petition, "reply", user, remark or method,
                          expected_state=expected_state,
                          after_commit=[_issue("opinion", user)], reply_method=method,
                          replied_on=replied_on or timezone.localdate())


def close_petition(petition, user, *, satisfaction="", expected_state=None, remark=""):
    return run_transition(petition, "close", user, remark, satisfaction=satisfaction,
                          expected_state=expected_state)


def request_review_petition(petition, user, *, requested_on, reviewing_body,
                            expected_state=None, remark=""):
    return run_transition(petition, "request_review", user, remark or reviewing_body,
                          expected_state=expected_state, requested_on=requested_on,
                          reviewing_body=reviewing_body)


def record_review_petition(petition, user, *, decision, opinion, redo=False,
                           expected_state=None):
    return run_transition(petition, "record_review", user, opinion,
                          expected_state=expected_state, decision=decision,
                          opinion=opinion, redo=redo)


def request_re_review_petition(petition, user, *, requested_on, reviewing_body,
                               expected_state=None, remark=""):
    return run_transition(petition, "request_re_review", user, remark or reviewing_body,
                          expected_state=expected_state, requested_on=requested_on,
                          reviewing_body=reviewing_body)


def record_re_review_petition(petition, user, *, decision, opinion,
                              expected_state=None):
    return run_transition(petition, "record_re_review", user, opinion,
                          expected_state=expected_state, decision=decision,
                          opinion=opinion)


SWEEP_REMARK = "答复后30日内未申请复查，系统自动办结。"


def close_expired_petitions(now=None) -> tuple[int, int]:
    """The sweep: close every petition whose review window ended; (closed, skipped).

    One indexed query finds the candidates; each is closed through run_transition so
    its history row is written. Running it again finds nothing new.
    """
    now = now or timezone.now()
    candidates = Petition.objects.filter(state=State.REPLIED, review_due_at__lt=now)
    closed = skipped = 0
    for petition in candidates.only("pk", "state").iterator(chunk_size=500):
        try:
            run_transition(petition, "close", None, SWEEP_REMARK,
                           expected_state=State.REPLIED)
            closed += 1
        except TransitionError:  # refused, or someone acted first
            skipped += 1
    return closed, skipped


EXTENDABLE = [State.ACCEPTED, State.IN_PROGRESS, State.RESULT_REPORTED]


def request_extension(petition, user, *, days, reason) -> Extension:
    """The handler asks once, before the handling deadline, for at most 30 days."""
    if not can_request_extension(user, petition):
        raise TransitionRefused("只有本件的承办人可以申请延期。")
    maximum = get_limit("petition", "extension_max").amount
    if petition.state not in (State.ACCEPTED, State.IN_PROGRESS):
        raise TransitionRefused("只有办理中的信访事项可以申请延期。")
    if not 1 <= days <= maximum:
        raise TransitionRefused(f"延期天数应为1至{maximum}天。")
    if petition.handle_due_at and timezone.now() > petition.handle_due_at:
        raise TransitionRefused("已超过办理期限，不能再申请延期。")
    return shared_extension.request_extension(
        Extension, petition, user, days=days, reason=reason, maximum=maximum,
        once_message="每件信访事项只能申请一次延期。")


def decide_extension(extension, user, *, approve: bool, note="", expected_state=None):
    """A leader approves (the handling deadline moves) or refuses the extension."""
    return shared_extension.decide_extension(
        extension, user, approve=approve, note=note, expected_state=expected_state,
        extend=_extend,
        after_commit=[lambda ext: schedule_issue(ext.petition, "extension", user)])


def _extend(ext, user):
    petition = Petition.objects.select_for_update().get(pk=ext.petition_id)
    if petition.state not in EXTENDABLE:
        raise TransitionRefused("该信访事项已不在办理阶段，无需延期。")
    petition.extension_days = ext.days
    petition.recompute_handle_due()
    petition._history_user = user
    petition._change_reason = "延期"
    petition._history_remark = f"批准延期{ext.days}天：{ext.reason}"
    petition.save()
