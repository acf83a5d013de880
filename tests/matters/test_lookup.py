"""办件查询: the right number + last four phone digits answer the state, the promised
date and what to bring; a wrong number and a wrong phone answer alike; no name; the
rate limit holds, also while Redis is down."""

import datetime
import socket

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from matters.models import ApplicationMaterial, Material, State
from matters.views.lookup import LIMITED, NOT_FOUND
from tests.factories import DepartmentFactory

from .public_data import application, guide_item

pytestmark = pytest.mark.django_db
URL = "/lookup/"


@pytest.fixture
def item(db):
    return guide_item(DepartmentFactory(code="GTS", name="国土资源所", abbr="GT"))


@pytest.fixture
def app(item):
    return application(item, state=State.HANDLING, phone_tail="5678",
                       number="BJ2026-00042")


def _ask(client, no, tail, **extra):
    return client.post(URL, {"no": no, "tail": tail}, **extra)


def _answer(response) -> str:
    """The answer part of the page (the form echoes the number typed)."""
    page = response.content.decode()
    return page.split("</form>", 1)[1]


def test_lookup_url_is_public_and_the_qr_code_prefills_the_number(client):
    assert reverse("public:lookup") == URL
    response = client.get(URL, {"no": "BJ2026-00042"})
    assert response.status_code == 200
    assert 'value="BJ2026-00042"' in response.content.decode()


def test_right_pair_answers_state_promised_date_and_nothing_else(client, app):
    response = _ask(client, "BJ2026-00042", "5678")
    assert response.status_code == 200
    answer = _answer(response)
    assert "办理进度：承办" in answer and "正在办理" in answer
    due = timezone.localtime(app.promised_due_at)
    assert f"承诺办结日期：<strong>{due.year}年{due.month}月{due.day}日" in answer
    page = response.content.decode()
    assert app.party.name not in page and app.party.phone not in page
    assert app.item.name not in answer and "国土资源所" not in answer


def test_number_and_digits_are_read_leniently(client, app):
    response = _ask(client, " bj２０２６-00042 ", "５６７８")
    assert "办理进度：承办" in _answer(response)


def test_wrong_number_and_wrong_phone_give_the_same_answer(client, app, item):
    application(item, number="BJ2026-00043", phone_tail="0000")
    wrong_phone = _ask(client, "BJ2026-00042", "1111")
    wrong_number = _ask(client, "BJ2026-09999", "5678")
    other_phone = _ask(client, "BJ2026-00043", "5678")  # exists, someone else's
    answers = {_answer(r) for r in (wrong_phone, wrong_number, other_phone)}
    assert len(answers) == 1
    assert NOT_FOUND in answers.pop()
    assert {r.status_code for r in (wrong_phone, wrong_number, other_phone)} == {200}


def test_correction_lists_what_to_bring(client, item):
    app = application(item, state=State.CORRECTION, phone_tail="2468",
                      number="BJ2026-00050")
    version = item.current_version
    photo = Material.objects.get(version=version, name="旧房原始照片")
    card = Material.objects.get(version=version, name="申请人身份证")
    ApplicationMaterial.objects.create(application=app, material=card, received=True,
                                       problem="复印件不清晰")
    ApplicationMaterial.objects.create(application=app, material=photo)
    answer = _answer(_ask(client, "BJ2026-00050", "2468"))
    assert "请携带或补交" in answer
    assert "申请人身份证（复印件不清晰）" in answer
    assert "旧房原始照片（未提交）" in answer


def test_waived_material_shows_the_promised_date(client, item):
    app = application(item, state=State.ACCEPTED, phone_tail="1357",
                      number="BJ2026-00051")
    photo = Material.objects.get(version=item.current_version, name="旧房原始照片")
    ApplicationMaterial.objects.create(application=app, material=photo, waived=True,
                                       promised_by=datetime.date(2026, 12, 20))
    answer = _answer(_ask(client, "BJ2026-00051", "1357"))
    assert "旧房原始照片（容缺，请于2026年12月20日前补交）" in answer


def test_closed_application_shows_no_promised_date(client, item):
    application(item, state=State.CLOSED, phone_tail="9999", number="BJ2026-00052")
    answer = _answer(_ask(client, "BJ2026-00052", "9999"))
    assert "办理进度：已送达" in answer
    assert "承诺办结日期" not in answer


def test_bad_input_gets_a_chinese_message(client, app):
    response = _ask(client, "DROP TABLE", "12a4")
    page = response.content.decode()
    assert response.status_code == 200
    assert "办件编号格式不对" in page and "请填写4位数字" in page
    assert "请填写受理回执上的办件编号" in _ask(client, "", "").content.decode()


@override_settings(LOOKUP_RATE="3/m", LOOKUP_NUMBER_RATE="100/h")
def test_rate_limit_per_client_address(client, app):
    for tail in ("0001", "0002", "0003"):
        assert _ask(client, "BJ2026-00042", tail).status_code == 200
    limited = _ask(client, "BJ2026-00042", "5678")  # even the right pair now
    assert limited.status_code == 429
    page = limited.content.decode()
    assert LIMITED in page and "办理进度：" not in page
    # another address is counted on its own
    assert _ask(client, "BJ2026-00042", "5678",
                REMOTE_ADDR="10.0.0.9").status_code == 200


@override_settings(LOOKUP_RATE="3/m", LOOKUP_NUMBER_RATE="100/h",
                   TRUSTED_PROXY_IPS=["127.0.0.1"])
def test_rate_limit_uses_the_address_behind_the_trusted_proxy(client, app):
    for i in range(3):
        _ask(client, "BJ2026-00042", f"000{i}", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert _ask(client, "BJ2026-00042", "5678",
                HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert _ask(client, "BJ2026-00042", "5678",
                HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


@override_settings(LOOKUP_RATE="100/m", LOOKUP_NUMBER_RATE="2/h")
def test_rate_limit_per_number_across_addresses(client, app):
    _ask(client, "BJ2026-00042", "0001", REMOTE_ADDR="10.0.0.1")
    _ask(client, "BJ2026-00042", "0002", REMOTE_ADDR="10.0.0.2")
    assert _ask(client, "BJ2026-00042", "5678",
                REMOTE_ADDR="10.0.0.3").status_code == 429
    # another number is not held back by this one's guesses
    assert _ask(client, "BJ2026-00043", "5678",
                REMOTE_ADDR="10.0.0.3").status_code == 200


@pytest.fixture
def redis_down():
    """The rate-limit cache pointed at a port that refuses connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
        from servicecenter.settings import build_caches

        with override_settings(CACHES=build_caches(url)):
            yield


@override_settings(LOOKUP_RATE="3/m", LOOKUP_NUMBER_RATE="100/h")
def test_lookup_keeps_answering_and_limiting_while_redis_is_down(client, app,
                                                                  redis_down):
    from django.core.cache import caches

    assert type(caches["ratelimit"]).__name__ == "CountingRedisCache"
    assert "办理进度：承办" in _answer(_ask(client, "BJ2026-00042", "5678"))
    _ask(client, "BJ2026-00042", "0001")
    _ask(client, "BJ2026-00042", "0002")
    assert _ask(client, "BJ2026-00042", "0003").status_code == 429
