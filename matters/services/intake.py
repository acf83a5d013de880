"""The window's intake: 收件, 一次性告知补正, 受理 (容缺), 不予受理 (否定报备), 即办."""

from django.db import transaction
from django.utils import timezone

from servicecenter.files import save_attachment
from servicecenter.notify import notify
from servicecenter.numbering import next_number
from servicecenter.roles import MANAGER, role_users
from servicecenter.transitions import TransitionRefused, create_record, run_transition

from ..models import Application, ApplicationMaterial
from ..permissions import can_receive_application, can_supply_material_application
from . import documents as docs

PREFIX = "BJ"  # 办件: BJ2026-00001


def _phone_tail(party) -> str:
    digits = "".join(ch for ch in (party.phone or "") if ch.isdigit())
    return digits[-4:] if len(digits) >= 4 else ""


def _check_intake(item, version, situation):
    if not item.is_active or version is None:
        raise TransitionRefused("该事项已停用或尚未发布，不能收件。")
    if situation is not None and situation.version_id != version.pk:
        raise TransitionRefused("所选办理情形不属于该事项的现行版本。")
    if situation is None and version.situations.exists():
        raise TransitionRefused("请选择办理情形。")


def receive_application(user, *, item, party, situation=None, channel="window",
                        received=(), window=None, received_at=None, note="",
                        village=None):
    """— → received: the window records the application, the item's current version
    and which materials came (``received``: Material rows or their pks). The
    一次性告知 is due within 2 working days. ``village``: a village resident's,
    taken at the town (an item with levels starts its chain at the town)."""
    if not can_receive_application(user):
        raise TransitionRefused("只有窗口工作人员可以收件。")
    version = item.current_version
    _check_intake(item, version, situation)
    got = {getattr(m, "pk", m) for m in received}
    app = Application(item=item, version=version, situation=situation, party=party,
                      channel=channel, first_receiver=user,
                      window=window or item.window,
                      received_at=received_at or timezone.now(),
                      department=item.department, phone_tail=_phone_tail(party),
                      note=note.strip(), village=village)
    app.set_notice_due()
    with transaction.atomic():
        app.number = next_number(PREFIX, timezone.localtime(app.received_at).year)
        create_record(app, user, name="receive", remark=note.strip())
        ApplicationMaterial.objects.bulk_create([
            ApplicationMaterial(application=app, material=m, received=m.pk in got)
            for m in version.materials_for(situation)])
        from .levels import open_town_stage

        open_town_stage(app, user)
    return app


def attach_scan(app_material, user, upload):
    """A scan (高拍仪) of one material; its visibility follows the application."""
    return save_attachment(app_material, user, upload, kind="scan")


def _materials(app, pks):
    rows = app.materials.filter(pk__in=[getattr(p, "pk", p) for p in pks])
    return list(rows)


def request_correction_application(app, user, *, problems=None, note="",
                                   expected_state=None, remark=""):
    """received → correction: every owed material with its problem at once
    (``problems``: {ApplicationMaterial pk: problem}); issues the 一次性告知书."""
    with transaction.atomic():
        for row in _materials(app, (problems or {}).keys()):
            text = (problems.get(row.pk) or problems.get(str(row.pk)) or "").strip()
            row.problem = text[:200]
            row.save(update_fields=["problem"])
        return run_transition(app, "request_correction", user, remark or note,
                              expected_state=expected_state, note=note,
                              after_commit=[docs.issue(docs.CORRECTION_NOTICE, user)])


def resubmit_application(app, user, *, supplied=(), expected_state=None, remark=""):
    """correction → received: the materials came (``supplied``: ApplicationMaterial
    rows or pks, now received and fine)."""
    with transaction.atomic():
        app.materials.filter(pk__in=[getattr(p, "pk", p) for p in supplied]).update(
            received=True, problem="")
        return run_transition(app, "resubmit", user, remark,
                              expected_state=expected_state)


def accept_application(app, user, *, expected_state=None, remark=""):
    """received → accepted: the clock starts; issues the 受理回执."""
    return run_transition(app, "accept", user, remark, expected_state=expected_state,
                          after_commit=[docs.issue(docs.ACCEPTANCE, user)])


def accept_with_waiver_application(app, user, *, promised_by, expected_state=None,
                                   remark=""):
    """received → accepted (容缺): the missing waivable materials are marked waived,
    to be supplied by ``promised_by``; issues the 受理回执."""
    with transaction.atomic():
        app.owed_materials().filter(material__waivable=True).update(
            waived=True, promised_by=promised_by)
        return run_transition(app, "accept_with_waiver", user,
                              remark or f"容缺受理，承诺{promised_by}前补交",
                              expected_state=expected_state, promised_by=promised_by,
                              after_commit=[docs.issue(docs.ACCEPTANCE, user)])


def _report_refusal(user):
    """否定报备: the centre office (managers) is told of every refusal."""

    def run(app):
        notify(role_users(MANAGER), "info", f"否定报备：{app.number}",
               f"{app.item.name}不予受理。理由：{app.refusal_reason}",
               record=app)

    return run


def refuse_application(app, user, *, reason, basis, remedy, expected_state=None,
                       remark=""):
    """received/correction → rejected: issues the 不予受理决定书 and reports the
    refusal to the centre office (否定报备)."""
    return run_transition(app, "refuse", user, remark or reason,
                          expected_state=expected_state, reason=reason, basis=basis,
                          remedy=remedy,
                          after_commit=[docs.issue(docs.REFUSAL, user),
                                        _report_refusal(user)])


def complete_at_once_application(app, user, *, decision_text="", expected_state=None,
                                 remark=""):
    """received → decided (即办件): accepted and granted in one visit."""
    return run_transition(app, "complete_at_once", user, remark or decision_text,
                          expected_state=expected_state, decision_text=decision_text,
                          after_commit=[docs.issue(docs.DECISION, user)])


def supply_material_application(app, user, *, material, remark=""):
    """容缺: a waived material comes after acceptance; when none is owed any more the
    promise is kept and the sweep stops chasing it."""
    if not can_supply_material_application(user, app):
        raise TransitionRefused("只有窗口工作人员可以登记补交材料。")
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=app.pk)
        row = locked.materials.filter(pk=getattr(material, "pk", material)).first()
        if row is None or row.supplied_at or not (row.waived or row.is_missing):
            raise TransitionRefused("该材料无需补交。")
        row.supplied_at, row.received, row.problem = timezone.now(), True, ""
        row.save(update_fields=["supplied_at", "received", "problem"])
        if not locked.materials.filter(waived=True, supplied_at__isnull=True).exists():
            locked.waiver_due_at = None
        locked._history_user, locked._change_reason = user, "supply_material"
        locked._history_remark = remark or f"补交材料：{row.material.name}"
        locked.save()
    return locked
