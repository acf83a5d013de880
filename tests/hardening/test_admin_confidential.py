"""Every admin URL of every registered model, as every persona and the superuser, for a
揭发控告 petition and its history rows (SPEC 1.10): those who may not see the petition
read none of its words and open none of its pages; the revert form saves nothing.

Every persona is made staff, so the walk runs the admin's own code for each of them
(not the login redirect); the leader may see the petition, and does (the walk would
prove nothing if no one could).
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse

from servicecenter.models import Attachment, Notification
from tests.factories import PartyFactory, UserFactory
from tests.petitions.factories import Flow

pytestmark = pytest.mark.django_db

NAME, SUBJECT, CONTENT = "机密举报人甲乙丙", "机密事由丁戊己", "机密内容庚辛壬癸"


@pytest.fixture
def staff(personas):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    people = {**personas, "superuser": root}
    for user in people.values():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return people


@pytest.fixture
def secret(personas, department):
    p = personas
    flow = Flow(p["clerk"], p["leader"], p["handler"], department)
    petition = flow.petition("in_progress", category="accusation", subject=SUBJECT,
                             content=CONTENT, party=PartyFactory(name=NAME))
    from petitions import services

    services.request_extension(petition, p["handler"], days=10, reason=CONTENT)
    doc = Attachment(record=petition, kind="document", original_name=f"{SUBJECT}.pdf",
                     mime_type="application/pdf", size=9, uploaded_by=p["leader"])
    doc.file.save("s.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    ct = ContentType.objects.get_for_model(petition)
    for user in p.values():  # as an older sweep may have sent them
        Notification.objects.create(recipient=user, kind="info", content_type=ct,
                                    object_id=petition.pk,
                                    title=f"{petition.number} {SUBJECT}")
    return petition


def _secret_rows(secret):
    """(admin, object) for each registered model's rows that are or point at it."""
    ct = ContentType.objects.get_for_model(secret)
    for model, model_admin in admin.site._registry.items():
        qs = model._default_manager.none()
        if model is type(secret):
            qs = model._default_manager.filter(pk=secret.pk)
        for field in model._meta.fields:
            if field.is_relation and field.related_model is type(secret):
                qs = qs | model._default_manager.filter(**{field.name: secret})
        names = {f.name for f in model._meta.fields}
        if {"content_type", "object_id"} <= names:
            qs = qs | model._default_manager.filter(content_type=ct,
                                                    object_id=secret.pk)
        for obj in qs:
            yield model_admin, obj


def _url(name, *args):
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def _object_urls(model_admin, obj):
    info = f"{obj._meta.app_label}_{obj._meta.model_name}"
    urls = [_url(f"{info}_{view}", obj.pk) for view in ("change", "history", "delete")]
    history = getattr(obj, "history", None)
    if history is not None and _url(f"{info}_simple_history", obj.pk, 1):
        urls += [_url(f"{info}_simple_history", obj.pk, row.history_id)
                 for row in history.all()]
    return [u for u in urls if u]


def _list_urls():
    urls = ["/admin/"]
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        base = reverse(f"admin:{info}_changelist")
        urls += [base, f"{base}?_popup=1&_to_field=id"]
        if model_admin.search_fields:
            urls += [f"{base}?q={term}" for term in (NAME, SUBJECT)]
        export = _url(f"{info}_export")
        if export:
            urls += [export, f"{export}?q={SUBJECT}"]
        for field in model._meta.fields:  # autocomplete from every relation
            if field.is_relation and field.related_model in admin.site._registry:
                urls += [f"/admin/autocomplete/?app_label={model._meta.app_label}"
                         f"&model_name={model._meta.model_name}"
                         f"&field_name={field.name}&term={term}"
                         for term in (NAME, SUBJECT[:2])]
    return urls


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _words(secret):
    return [NAME, SUBJECT, CONTENT, secret.number]


def _leaks(body, url, secret):
    """The petition's words on the page, besides the search term echoed back (a
    search for its subject still finds a leak by its number, name or content)."""
    words = [w for w in _words(secret) if w not in url]
    if url.startswith("/admin/servicecenter/party/"):
        words = [w for w in words if w != NAME]  # the citizen's record names him
    return [w for w in words if w in body]


@pytest.mark.parametrize("persona", ["superuser", "manager", "clerk", "other_clerk",
                                     "engineer", "other_handler", "outsider"])
def test_admin_shows_a_confidential_petition_to_no_one_who_may_not_see_it(
        persona, client, staff, secret):
    client.force_login(staff[persona])
    client.raise_request_exception = False  # a 5xx is not a leak (issue 15, item 16)
    seen = []
    for model_admin, obj in _secret_rows(secret):
        for url in _object_urls(model_admin, obj):
            response = client.get(url)
            if response.status_code == 200 or _leaks(_body(response), url, secret):
                seen.append((url, response.status_code))
    for url in _list_urls():
        response = client.get(url)
        leaked = _leaks(_body(response), url, secret)
        if leaked:
            seen.append((url, leaked))
    assert not seen


def test_the_leader_sees_it_in_the_admin_so_the_walk_can_see(client, staff, secret):
    from django.contrib.auth.models import Permission

    staff["leader"].user_permissions.add(*Permission.objects.filter(
        content_type__app_label="petitions", codename__startswith="view_"))
    client.force_login(staff["leader"])
    urls = [u for admin_, obj in _secret_rows(secret) if obj == secret
            for u in _object_urls(admin_, obj)]
    assert len(urls) >= 4  # change, history, delete, a history row
    change, history, *_ = urls
    assert CONTENT in _body(client.get(change))
    assert SUBJECT in _body(client.get(history))
    assert SUBJECT in _body(client.get(reverse("admin:petitions_petition_changelist")))


@pytest.mark.parametrize("persona", ["superuser", "leader", "manager"])
def test_history_is_never_reverted_from_the_admin(persona, client, staff, secret):
    """simple-history's revert form saves nothing, whoever posts it (the leader here
    may even change petitions in the admin)."""
    from django.contrib.auth.models import Permission

    staff["leader"].user_permissions.add(*Permission.objects.filter(
        content_type__app_label="petitions"))
    client.force_login(staff[persona])
    first = secret.history.earliest("history_date")
    url = reverse("admin:petitions_petition_simple_history",
                  args=[secret.pk, first.history_id])
    before = secret.history.count()
    response = client.post(url, {"state": first.state, "subject": "改写", "_save": "1"})
    assert response.status_code in (403, 404, 405)
    secret.refresh_from_db()
    assert secret.subject == SUBJECT and secret.history.count() == before
    if persona == "leader":  # may read the past version, with no revert button
        page = _body(client.get(url))
        assert SUBJECT in page and 'name="_save"' not in page


def test_every_model_admin_applies_the_visibility_rule():
    from servicecenter.admin_visibility import VisibleRecordsAdmin

    plain = [m for m, a in admin.site._registry.items()
             if not isinstance(a, VisibleRecordsAdmin)]
    assert plain == []


def test_a_superuser_with_no_role_still_sets_the_system_up(client, staff):
    client.force_login(staff["superuser"])
    for name in ("servicecenter_department", "servicecenter_calendarday",
                 "auth_user", "servicecenter_timelimit"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200
    assert Group.objects.filter(name="leader").exists()
