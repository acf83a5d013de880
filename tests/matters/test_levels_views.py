"""Levels on the pages: a 村代办员 sees only their village's applications (their list,
its search, record pages, documents, admin, 工作台); the town's incoming queue; the
record page's chain of stages; the verbs through their forms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import services
from matters.models import Application, Level, State
from matters.queries import visible_applications
from servicecenter import registry, workqueue
from servicecenter.roles import is_staff_member
from tests.factories import PartyFactory
from tests.matters.levels_fixtures import at_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(village_clerk, other_village_clerk, zhaijidi):
    mine = at_village(village_clerk, zhaijidi,
                      party=PartyFactory(name="张建国", phone="13800138001"))
    theirs = at_village(other_village_clerk, zhaijidi,
                        party=PartyFactory(name="李秀英", phone="13800138002"))
    return mine, theirs


def test_village_clerk_sees_only_their_village(client, village_clerk, two, walk):
    mine, theirs = two
    town = walk.receive()  # a town application with no village
    assert list(visible_applications(village_clerk)) == [mine]
    assert registry.may_view(village_clerk, theirs) is False
    assert registry.may_view(village_clerk, town) is False
    client.force_login(village_clerk)
    html = client.get(reverse("matters:village")).content.decode()
    assert mine.number in html and theirs.number not in html
    assert town.number not in html
    assert client.get(f"/matters/{mine.pk}/").status_code == 200
    assert client.get(f"/matters/{theirs.pk}/").status_code == 403
    assert client.get(f"/matters/{town.pk}/").status_code == 403
    assert client.get(f"/matters/{theirs.pk}/documents/village_receipt/"
                      ).status_code == 403


def test_village_clerk_search_finds_only_their_village(client, village_clerk, two):
    mine, theirs = two
    client.force_login(village_clerk)
    url = reverse("matters:village")
    link = f'href="/matters/{theirs.pk}/"'
    assert link not in client.get(url, {"q": theirs.number}).content.decode()
    assert link not in client.get(url, {"q": "13800138002"}).content.decode()
    found = client.get(url, {"q": "13800138001"}).content.decode()
    assert f'href="/matters/{mine.pk}/"' in found


def test_village_clerk_has_no_window_pages_nor_admin(client, village_clerk, two):
    client.force_login(village_clerk)
    assert not is_staff_member(village_clerk)
    for url in (reverse("matters:list"), reverse("matters:incoming"),
                reverse("matters:department"), "/parties/"):
        assert client.get(url).status_code == 403, url
    admin = client.get(reverse("admin:matters_application_changelist"))
    assert admin.status_code == 302  # not staff: the admin's login
    nav = client.get("/").content.decode()
    assert "本村办件" in nav and "服务单" not in nav


def test_village_clerk_workbench_lists_their_village_to_send(
        client, village_clerk, two):
    mine, theirs = two
    items = workqueue.items_for(village_clerk)
    numbers = [i.number for i in items]
    assert mine.number in numbers and theirs.number not in numbers
    assert any(i.reason == "待送镇受理" for i in items)


def test_village_intake_page_takes_it_at_the_village(client, village_clerk, zhaijidi):
    client.force_login(village_clerk)
    page = client.get(reverse("matters:intake"), {"item": zhaijidi.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "村民代表会议" in html
    assert 'name="window"' not in html


def test_send_to_town_receive_and_county_through_the_pages(
        client, village_clerk, clerk, land_handler, zhaijidi):
    app = at_village(village_clerk, zhaijidi)
    client.force_login(village_clerk)
    page = client.get(f"/matters/{app.pk}/").content.decode()
    assert "送镇受理" in page and 'id="levels-chain"' in page
    r = client.post(f"/matters/{app.pk}/send_to_town/", {
        "expected_state": State.VILLAGE, "opinion": "同意上报。", "paper_sent": "on"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.state == State.TO_TOWN
    receipt = client.get(f"/matters/{app.pk}/documents/village_receipt/")
    assert receipt.status_code == 200 and receipt["Content-Type"] == "application/pdf"

    client.force_login(clerk)
    incoming = client.get(reverse("matters:incoming")).content.decode()
    assert app.number in incoming and "城关村" in incoming
    assert app.number in [i.number for i in workqueue.items_for(clerk)]
    client.post(f"/matters/{app.pk}/receive_from_village/", {
        "expected_state": State.TO_TOWN, "paper_received": "on"})
    app.refresh_from_db()
    assert app.state == State.RECEIVED and app.first_receiver == clerk
    assert app.levels.get(level=Level.VILLAGE).paper_received_by == clerk
    app = services.take_application(services.accept_application(app, clerk),
                                    land_handler)
    client.post(f"/matters/{app.pk}/send_to_county/", {
        "expected_state": State.HANDLING, "opinion": "镇审核同意。"})
    app.refresh_from_db()
    assert app.state == State.COUNTY
    r = client.post(reverse("matters:levels_chase", args=[app.pk]), {
        "on": "2000-01-01", "contact": "区建设局", "answer": "审查中"})
    assert r.status_code == 302
    page = client.get(f"/matters/{app.pk}/").content.decode()
    assert "电话催办" in page and "区建设局" in page and "县级审批" in page
    form = client.get(f"/matters/{app.pk}/record_county_decision/").content.decode()
    assert 'enctype="multipart/form-data"' in form  # the 批复 scan is sent with it
    other = client.get(f"/matters/{app.pk}/withdraw/")
    assert other.status_code == 200 and b"transition-form" in other.content
    assert b"enctype" not in other.content
    client.post(f"/matters/{app.pk}/record_county_decision/", {
        "expected_state": State.COUNTY, "outcome": "granted",
        "decision_text": "同意新建。"})
    app.refresh_from_db()
    assert app.state == State.DECIDED


def test_bad_stage_input_keeps_what_was_typed(client, clerk, village_clerk,
                                             zhaijidi):
    """A chase or hand-over with a field missing: the record page again (400), the
    form open with what was typed and the field's error; nothing written."""
    from matters.models import AgencyHandover, CountyChase

    app = at_village(village_clerk, zhaijidi)
    client.force_login(clerk)
    r = client.post(reverse("matters:levels_chase", args=[app.pk]), {"on": "x"})
    assert r.status_code == 400 and "填写有误" in r.content.decode()
    r = client.post(reverse("matters:levels_handover", args=[app.pk]), {
        "from_person": "张村代办员", "what": "宅基地申请材料原件"})
    html = r.content.decode()
    assert r.status_code == 400 and "填写有误" in html
    assert 'id="agency-handover" open' in html
    assert 'value="张村代办员"' in html and 'value="宅基地申请材料原件"' in html
    assert "errorlist" in html
    assert not AgencyHandover.objects.exists() and not CountyChase.objects.exists()


def test_record_page_shows_the_chain_and_the_total_promise(
        client, clerk, village_clerk, zhaijidi):
    app = at_village(village_clerk, zhaijidi)
    client.force_login(clerk)
    html = client.get(f"/matters/{app.pk}/").content.decode()
    assert 'id="levels-total">36<' not in html  # only the stages passed so far
    assert "村委会" in html and "7个工作日" in html and "杨秀兰" in html
    assert Application.objects.get(pk=app.pk).village.name in html


def test_item_without_levels_shows_no_chain(client, walk, clerk):
    app = walk.receive()
    client.force_login(clerk)
    assert 'id="levels"' not in client.get(f"/matters/{app.pk}/").content.decode()


def test_visible_applications_and_can_view_agree_for_village_staff(
        two, walk, personas, village_clerk, other_village_clerk, villages):
    from matters.permissions import can_view_application

    inactive = at_village(village_clerk, two[0].item)
    villages[0].is_active = False  # a closed service point shows nothing
    apps = [*two, walk.receive(), inactive]
    for user in [*personas.values(), village_clerk, other_village_clerk]:
        visible = set(visible_applications(user).values_list("pk", flat=True))
        assert visible == {a.pk for a in apps if can_view_application(user, a)}, user
    villages[0].save()
    assert not visible_applications(village_clerk).exists()
    assert not can_view_application(village_clerk, inactive)


def test_record_page_chain_costs_one_query_however_rich(
        client, clerk, village_clerk, land_handler, zhaijidi, walk):
    """The chain's stages, calls, hand-overs and 批复 are one query; a record with
    no levels spends none on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(app):
        client.get(f"/matters/{app.pk}/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/matters/{app.pk}/").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(clerk)
    plain = walk.receive()
    app = at_village(village_clerk, zhaijidi)
    app = services.send_to_town_application(app, village_clerk, opinion="同意。")
    app = services.receive_from_village_application(app, clerk)
    before = count(app)
    assert before <= count(plain) + 1
    app = services.take_application(services.accept_application(app, clerk),
                                    land_handler)
    app = services.send_to_county_application(app, land_handler, opinion="同意。")
    for n in range(3):
        services.chase_county_application(
            app, clerk, on=timezone.localdate(), contact=f"区局{n}", answer="审查中")
        services.record_handover_application(app, clerk, from_person="王窗口",
                                             to_person=f"区局{n}", what="材料")
    assert count(app) <= before + 1  # in 县级审批: the county's verb adds its check


def test_manager_keeps_the_villages_and_their_staff_in_admin(
        client, manager, village_clerk, villages):
    client.force_login(manager)
    page = client.get(reverse("admin:matters_village_changelist"))
    assert page.status_code == 200 and "杨秀兰" in page.content.decode()
    form = client.get(reverse("admin:matters_village_change", args=[villages[0].pk]))
    assert form.status_code == 200 and "杨秀兰" in form.content.decode()
