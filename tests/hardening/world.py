"""One record of each kind, in a state where the interesting people can act on it.

Built through the services where the flow matters (petitions, complaints, follow-up
calls) and with the apps' test factories where only the state matters.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from tests import files
from tests.factories import PartyFactory, valid_id_number

PNG = files.PNG  # a real PNG: uploads are read whole
ID_NUMBER = valid_id_number(777)  # the petitioner's: must never leak whole


@dataclass
class World:
    party: object
    petition: object  # accepted, in ``department``
    petition_new: object  # registered, awaiting the leader
    secret: object  # 揭发控告, accepted, ``handler`` named
    ticket: object  # assigned to ``engineer``
    signature: object
    photo: object
    case: object  # difficult case in progress, ``engineer`` handles it
    complaint: object  # accepted, ``engineer`` responsible
    revisit: object  # scheduled
    order: object  # repair being diagnosed by ``engineer``
    dispatch: object  # a repair at a vendor
    handover: object = None  # ``order`` handed by ``clerk`` to ``other_clerk``
    enquiry: object = None  # a call ``clerk`` passed to ``department``
    application: object = None  # 办件 being handled by ``handler`` in ``department``


def build_world(p, department) -> World:
    from repairs.models import ExternalDispatch
    from servicecenter.enquiries import log_enquiry
    from servicecenter.handover import hand_over
    from servicecenter.models import Attachment
    from tests.complaints.factories import make_complaint, make_revisit
    from tests.matters.factories import make_application
    from tests.petitions.factories import Flow
    from tests.repairs.factories import RepairOrderFactory, VendorFactory
    from tests.tickets.factories import DifficultCaseFactory, ServiceTicketFactory
    from tickets.models import Signature

    party = PartyFactory(name="李秀英", phone="13912345678", id_number=ID_NUMBER)
    flow = Flow(p["clerk"], p["leader"], p["handler"], department)
    petition = flow.petition("accepted", party=party)
    petition_new = flow.petition("registered", party=party, subject="路灯不亮")
    secret = flow.petition("accepted", party=party, category="accusation",
                           subject="举报村干部")
    ticket = ServiceTicketFactory(state="assigned", engineer=p["engineer"], party=party,
                                  problem="网络中断A")
    signature = Signature(record=ticket, role="customer", signer_name="张先生",
                          signed_at=timezone.now(), captured_by=p["engineer"])
    signature.image.save("sig.png", ContentFile(PNG), save=True)
    photo = Attachment(record=ticket, kind="photo", original_name="p.png",
                       mime_type="image/png", size=len(PNG), uploaded_by=p["engineer"])
    photo.file.save("p.png", ContentFile(PNG), save=True)
    case = DifficultCaseFactory(state="in_progress", handler=p["engineer"],
                                proposed_by=p["clerk"])
    complaint = make_complaint("accepted", clerk=p["clerk"], manager=p["manager"],
                               responsible=p["engineer"], party=party)
    revisit = make_revisit(party=party)
    order = RepairOrderFactory(state="diagnosing", engineer=p["engineer"],
                               received_by=p["clerk"], party=party)
    away = RepairOrderFactory(state="at_vendor", engineer=p["engineer"],
                              received_by=p["clerk"], party=party)
    dispatch = ExternalDispatch(
        order=away, seq=1, vendor=VendorFactory(name="联想授权维修站"),
        contact_person="孙经理", contacted_at=timezone.now(), contact_note="已联系",
        handover_date=timezone.localdate(), receipt_no="R001",
        expected_return=timezone.localdate() + datetime.timedelta(days=7),
        sent_by=p["clerk"])
    dispatch.receipt_photo.save("r.png", ContentFile(PNG), save=True)
    handover = hand_over(order, p["clerk"], p["other_clerk"], "属技术服务窗口")
    enquiry = log_enquiry(p["clerk"], target=department, caller="马丽",
                          phone="13800138004", matter="询问低保申请")
    application = make_application(
        "handling", party=party, department=department, handler=p["handler"],
        first_receiver=p["clerk"], accepted_at=timezone.now(),
        promised_due_at=timezone.now() + datetime.timedelta(days=20))
    return World(party, petition, petition_new, secret, ticket, signature, photo, case,
                 complaint, revisit, order, dispatch, handover, enquiry, application)
