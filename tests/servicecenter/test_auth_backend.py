"""The one-query permission backend gives what Django's ModelBackend gives."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from servicecenter.auth_backend import OneQueryModelBackend
from servicecenter.roles import user_roles

pytestmark = pytest.mark.django_db


def _answers(backend, user, obj=None):
    user = User.objects.get(pk=user.pk)  # no caches
    with CaptureQueriesContext(connection) as ctx:
        answers = (backend.get_user_permissions(user, obj),
                   backend.get_group_permissions(user, obj),
                   backend.get_all_permissions(user, obj),
                   backend.has_perm(user, "petitions.view_petition", obj),
                   backend.has_module_perms(user, "tickets"))
    roles = user_roles(user)  # filled by the same query, where there was one
    return answers, roles, len(ctx.captured_queries), user


def test_same_permissions_as_django_in_one_query(clerk, manager, handler):
    own = Permission.objects.get(codename="view_party")
    clerk.user_permissions.add(own, Permission.objects.get(codename="view_petition"))
    inactive = User.objects.create_user("gone", is_active=False)
    inactive.groups.add(Group.objects.get(name="manager"))
    inactive.user_permissions.add(own)
    root = User.objects.create_superuser("root", "", "pw")
    cases = [(clerk, 1), (manager, 1), (handler, 1), (root, 1), (inactive, 0)]
    for user, queries in cases:
        ours, roles, count, fresh = _answers(OneQueryModelBackend(), user)
        theirs, _, _, _ = _answers(ModelBackend(), user)
        assert ours == theirs, user.username
        assert count == queries, user.username
        assert roles == frozenset(user.groups.values_list("name", flat=True))
        with CaptureQueriesContext(connection) as ctx:
            user_roles(fresh)
        assert len(ctx.captured_queries) == 0 or not user.is_active
    assert "petitions.view_petition" in _answers(OneQueryModelBackend(), root)[0][2]
    assert _answers(OneQueryModelBackend(), clerk)[0][0] == {
        "servicecenter.view_party", "petitions.view_petition"}
    # an object-level check and the anonymous visitor: none, as Django, no query
    assert _answers(OneQueryModelBackend(), clerk, obj=clerk)[0][2] == set()
    anonymous = AnonymousUser()
    assert OneQueryModelBackend().get_all_permissions(anonymous) == set()


def test_settings_keep_axes_first_and_use_the_one_query_backend(settings):
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "servicecenter.auth_backend.OneQueryModelBackend"]
