"""好差评 at the window: pairing the screen to a window (not a login), 请评价 from the
clerk's page, the citizen's rating stored against the application, clerk and
window; a 差评 opens a rectification with 15 working days, linked both ways; the
month's results by window, department and person in the accountability report."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from matters import ratings
from matters.models import Rating, RatingPrompt, RatingScreen, State
from matters.models.rating import hash_token
from servicecenter import workdays
from servicecenter.reports.accountability import build_report
from servicecenter.transitions import TransitionRefused
from tests.factories import DepartmentFactory
from tickets.models import Complaint

from .public_data import application, guide_item, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def land(db):
    return DepartmentFactory(code="GTS", name="国土资源所", abbr="GT")


@pytest.fixture
def win(land, clerk):
    return window(land, staff=[clerk])


@pytest.fixture
def token(win, clerk):
    return ratings.pair_screen(win, clerk)


@pytest.fixture
def app(land, win):
    return application(guide_item(land, window=win), state=State.DECIDED)


def _poll(client, token):
    response = client.get(reverse("public:rating_poll", args=[token]))
    assert response.status_code == 200
    return response.json()["prompt"]


def _rate(client, token, prompt, level, **extra):
    body = {"prompt": prompt, "level": level, **extra}
    return client.post(reverse("public:rating_rate", args=[token]),
                       json.dumps(body), content_type="application/json")


def _prompt(client, user, win, app=None):
    client.force_login(user)
    data = {"application": app.pk} if app else {}
    response = client.post(reverse("matters_rating:prompt", args=[win.pk]), data,
                           HTTP_ACCEPT="application/json")
    client.logout()
    return response


# -- pairing ------------------------------------------------------------------------
def test_pairing_stores_only_the_token_hash_and_the_screen_needs_no_login(
        client, win, token):
    screen = RatingScreen.objects.get(window=win)
    assert screen.token_hash == hash_token(token) and token not in screen.token_hash
    assert len(token) >= 40
    page = client.get(reverse("public:rating", args=[token]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "3号窗口" in text and "非常满意" in text and "非常不满意" in text
    assert "退出" not in text and "工作台" not in text


def test_pairing_again_revokes_the_old_screen_address(client, win, token, manager):
    new = ratings.pair_screen(win, manager)
    assert client.get(reverse("public:rating", args=[token])).status_code == 404
    assert client.get(reverse("public:rating", args=[new])).status_code == 200
    assert client.get(reverse("public:rating_poll", args=["x" * 43])).status_code == 404


def test_pairing_page_for_the_windows_clerk_and_managers_only(client, win, clerk,
                                                              other_clerk, manager):
    url = reverse("matters_rating:pair", args=[win.pk])
    client.force_login(other_clerk)  # a clerk, but not of this window
    assert client.post(url).status_code == 403
    assert not RatingScreen.objects.filter(window=win).exists()
    client.force_login(clerk)
    response = client.post(url)
    assert response.status_code == 200
    assert "评价器已配对" in response.content.decode()
    screen_url = response.context["url"]
    client.logout()
    assert client.get(screen_url).status_code == 200  # the tablet, no session
    client.force_login(manager)
    assert client.post(url).status_code == 200
    assert client.get(screen_url).status_code == 404  # the old address is revoked


# -- prompt -------------------------------------------------------------------------
def test_prompt_from_the_clerks_page_reaches_the_screen(client, win, token, clerk,
                                                       app):
    assert _poll(client, token) is None
    response = _prompt(client, clerk, win, app)
    assert response.status_code == 200 and response.json()["ok"]
    prompt = _poll(client, token)
    assert prompt["clerk"] == "王窗口" and prompt["item"] == app.item.name
    assert app.party.name not in json.dumps(prompt, ensure_ascii=False)


def test_only_the_windows_clerk_may_prompt(client, win, token, other_clerk, manager):
    for user in (other_clerk, manager):
        response = _prompt(client, user, win)
        assert response.status_code == 409
        assert "不是该窗口的工作人员" in response.json()["message"]
    assert not RatingPrompt.objects.exists()


def test_prompt_needs_a_paired_screen(client, win, clerk):
    response = _prompt(client, clerk, win)
    assert response.status_code == 409 and "尚未配对" in response.json()["message"]


def test_a_new_prompt_replaces_an_unanswered_one(client, win, token, clerk):
    _prompt(client, clerk, win)
    first = _poll(client, token)["id"]
    _prompt(client, clerk, win)
    assert _poll(client, token)["id"] != first
    assert _rate(client, token, first, 5).status_code == 409


# -- rating -------------------------------------------------------------------------
def test_rating_is_stored_against_application_clerk_and_window(client, win, token,
                                                               clerk, app, land):
    _prompt(client, clerk, win, app)
    prompt = _poll(client, token)["id"]
    response = _rate(client, token, prompt, 4)
    assert response.status_code == 200 and response.json()["level"] == "满意"
    rating = Rating.objects.get()
    assert (rating.level, rating.clerk, rating.window, rating.application,
            rating.department) == (4, clerk, win, app, land)
    assert rating.rectification_id is None  # a good rating opens nothing
    assert _poll(client, token) is None  # answered: the screen goes back to idle


def test_the_same_answer_twice_is_stored_once(client, win, token, clerk):
    _prompt(client, clerk, win)
    prompt = _poll(client, token)["id"]
    assert _rate(client, token, prompt, 5).json()["level"] == "非常满意"
    again = _rate(client, token, prompt, 1)  # a retry, or a second tap
    assert again.json()["level"] == "非常满意"
    assert Rating.objects.count() == 1


def test_no_rating_without_an_open_prompt_of_this_window(client, win, token, land,
                                                         clerk):
    assert _rate(client, token, 999, 5).status_code == 409
    other = window(land, number=4, staff=[clerk])
    other_token = ratings.pair_screen(other, clerk)
    _prompt(client, clerk, other)
    prompt = _poll(client, other_token)["id"]
    assert _rate(client, token, prompt, 5).status_code == 409  # not this window's
    stale = RatingPrompt.objects.get(pk=prompt)
    stale.created_at = timezone.now() - datetime.timedelta(minutes=20)
    stale.save()
    assert _poll(client, other_token) is None
    assert _rate(client, other_token, prompt, 5).status_code == 409
    assert not Rating.objects.exists()


def test_bad_input_to_the_screen_is_refused_in_chinese(client, win, token, clerk):
    _prompt(client, clerk, win)
    prompt = _poll(client, token)["id"]
    for level in (0, 6, "满意", None):
        response = _rate(client, token, prompt, level)
        assert response.status_code == 409 and "请选择" in response.json()["message"]
    url = reverse("public:rating_rate", args=[token])
    assert client.post(url, "{not json", content_type="application/json"
                       ).status_code == 409
    assert not Rating.objects.exists()


# -- 差评 → rectification -----------------------------------------------------------
def test_bad_rating_opens_a_rectification_of_15_working_days_linked_both_ways(
        client, win, token, clerk, app, manager, django_capture_on_commit_callbacks):
    _prompt(client, clerk, win, app)
    prompt = _poll(client, token)["id"]
    with django_capture_on_commit_callbacks(execute=True):
        _rate(client, token, prompt, 2, reasons=["等候时间长", "乱写的原因"],
              note="排队一个多小时")
    rating = Rating.objects.get()
    assert rating.reasons == ["等候时间长"] and rating.note == "排队一个多小时"
    complaint = rating.rectification
    assert isinstance(complaint, Complaint)
    assert complaint.source == Complaint.Source.BAD_RATING
    assert complaint.related == rating and complaint.party == app.party
    assert "等候时间长" in complaint.content and "排队一个多小时" in complaint.content
    due = timezone.localtime(complaint.rectify_due_at).date()
    assert due == workdays.add_workdays(timezone.localdate(), 15)
    client.force_login(manager)
    page = client.get(complaint.get_absolute_url()).content.decode()
    assert rating.get_absolute_url() in page  # complaint → rating
    page = client.get(rating.get_absolute_url()).content.decode()
    assert complaint.get_absolute_url() in page and complaint.number in page


def test_bad_rating_without_application_has_the_anonymous_complainant(
        client, win, token, clerk, django_capture_on_commit_callbacks):
    _prompt(client, clerk, win)
    with django_capture_on_commit_callbacks(execute=True):
        _rate(client, token, _poll(client, token)["id"], 1)
    complaint = Rating.objects.get().rectification
    assert complaint.party.name == "匿名群众（窗口评价器）"


def test_the_sweep_opens_a_missed_rectification(client, win, token, clerk):
    _prompt(client, clerk, win)
    _rate(client, token, _poll(client, token)["id"], 2)  # on_commit never ran
    rating = Rating.objects.get()
    assert rating.rectification_id is None
    assert ratings.unrectified_ratings(timezone.now()) == {"rating_rectifications": 1}
    rating.refresh_from_db()
    assert rating.rectification.related == rating
    assert ratings.unrectified_ratings(timezone.now()) == {"rating_rectifications": 0}
    assert Complaint.objects.count() == 1


def test_rating_page_is_for_staff_only(client, win, token, clerk, engineer):
    _prompt(client, clerk, win)
    _rate(client, token, _poll(client, token)["id"], 3)
    url = Rating.objects.get().get_absolute_url()
    client.force_login(engineer)
    assert client.get(url).status_code == 404
    client.force_login(clerk)
    assert client.get(url).status_code == 200


def test_send_prompt_service_refuses_an_inactive_window(win, token, clerk):
    win.is_active = False
    win.save()
    with pytest.raises(TransitionRefused):
        ratings.send_prompt(win, clerk)


# -- the accountability report --------------------------------------------------------
def _rated(client, token, clerk, win, level):
    _prompt(client, clerk, win)
    _rate(client, token, _poll(client, token)["id"], level)


def test_report_has_the_months_ratings_by_window_department_and_person(
        client, win, token, clerk, other_clerk, land, manager):
    win.staff.add(other_clerk)
    for level in (5, 4, 2):
        _rated(client, token, clerk, win, level)
    _rated(client, token, other_clerk, win, 3)
    report = build_report(timezone.localdate().replace(day=1))
    by_title = {s.title: s for s in report.sections}
    windows = by_title["窗口评价（按窗口）"].rows
    # 评价数, 非常满意 … 非常不满意, 满意率, 平均分, 差评, 已立整改
    assert windows[0] == ("3号窗口（国土村建窗口）",
                          [4, 1, 1, 1, 1, 0, 75.0, 3.5, 1, 0])
    assert by_title["窗口评价（按科室）"].rows[0][0] == "国土资源所"
    people = dict(by_title["窗口评价（按人员）"].rows)
    assert people["王窗口"][:1] == [3] and people["赵窗口"][:1] == [1]
    assert people["合计"][0] == 4
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1))
    old = build_report(last_month.replace(day=1))
    assert all(s.rows == [] for s in old.sections)
    client.force_login(manager)
    page = client.get(reverse("reports:accountability")).content.decode()
    assert "窗口评价（按窗口）" in page and "3号窗口（国土村建窗口）" in page
    csv = b"".join(client.get(reverse("reports:accountability_csv"))
                   .streaming_content).decode("utf-8-sig")
    assert "窗口评价（按人员）" in csv and "王窗口" in csv


def test_managers_read_ratings_in_the_admin_without_the_token(client, win, token,
                                                              clerk, manager):
    _rated(client, token, clerk, win, 2)
    client.force_login(manager)
    page = client.get(reverse("admin:matters_rating_changelist"))
    assert page.status_code == 200 and "王窗口" in page.content.decode()
    rating = Rating.objects.get()
    change = client.post(reverse("admin:matters_rating_change", args=[rating.pk]),
                         {"level": 5})
    assert change.status_code == 403 and Rating.objects.get().level == 2
    screens = client.get(reverse("admin:matters_ratingscreen_changelist"))
    assert screens.status_code == 200
    screen = RatingScreen.objects.get()
    detail = client.get(reverse("admin:matters_ratingscreen_change", args=[screen.pk]))
    assert detail.status_code == 200
    assert screen.token_hash not in detail.content.decode() and token not in \
        detail.content.decode()


def test_the_ledger_links_the_rating_screens_for_clerks_and_managers_only(
        client, clerk, manager, handler):
    screens = reverse("matters_rating:windows")
    for user, shown in ((clerk, True), (manager, True), (handler, False)):
        client.force_login(user)
        page = client.get(reverse("matters:list"))
        if page.status_code == 403:  # the ledger itself is not theirs
            assert not shown, user
            continue
        assert (f'href="{screens}"' in page.content.decode()) is shown, user
        assert client.get(screens).status_code == (200 if shown else 403), user
