"""One record per creating form, however often it is submitted.

Every creating form (petition, ticket, repair intake, complaint, party) carries a
one-time token (``{% once_token %}``, a hidden field made on GET and kept across a
re-shown form). The first submit claims it in the database, in the same transaction
as the record it creates (``create_once``). A second submit of the same token (a double
click, a browser resend) is shown the record the first one created (``replay``):

- sequential: the token row exists, so the second submit is answered before its form
  is even validated (which would otherwise fail, e.g. "ID number already on file");
- concurrent: the second INSERT of the unique token waits for the first transaction;
  if it commits, the INSERT fails and the first record is returned; if it rolled
  back (the form was refused), the second one proceeds as a first submit.

A POST without a token (an old page, a script) is served as before, unprotected.

A token guards against a resend of the same page, so the sweep forgets claims older
than ``KEEP`` (``forget_old_tokens``): the table stays as small as a few days' intakes.
"""

import datetime
import re
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from . import registry
from .models import SubmitToken
from .transitions import TransitionRefused

FIELD = "submit_token"
_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
KEEP = datetime.timedelta(days=2)
REPLAYED = "该表单已提交过，未重复登记；这是第一次提交时建立的记录。"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request) -> str:
    token = request.POST.get(FIELD, "") if request.method == "POST" else ""
    return token if _SHAPE.fullmatch(token) else ""


def token_for_form(request) -> str:
    """The token a form carries: the posted one when re-shown, else a fresh one."""
    return posted_token(request) or new_token()


def _record_of(token: str, user):
    claim = (SubmitToken.objects.filter(token=token, user=user)
             .exclude(object_id=None).select_related("content_type").first())
    if claim is None:
        return None
    model = claim.content_type.model_class()
    return model._default_manager.filter(pk=claim.object_id).first()


def replay(request, url_for: Callable):
    """If this POST's token already created a record, the redirect to it; else None."""
    token = posted_token(request)
    record = _record_of(token, request.user) if token else None
    if record is None:
        return None
    messages.info(request, REPLAYED)
    return redirect(url_for(record))


def create_once(request, create: Callable):
    """``create()`` (which returns the new record, or None) at most once per token,
    in one transaction with claiming it. Returns ``(record, created)``; ``created``
    is False when another submit of the same token created ``record`` first. Anything
    ``create`` raises rolls the claim back, so the form may be sent again."""
    token = posted_token(request)
    if not token:
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmitToken.objects.create(token=token, user=request.user)
        except IntegrityError:
            record = _record_of(token, request.user)
            if record is None:  # another person's token: nothing of theirs to show
                raise TransitionRefused(
                    "该表单已提交，请刷新页面后重新填写。") from None
            return record, False
        record = create()
        if record is None:  # nothing was created: the token stays free
            transaction.set_rollback(True)
            return None, True
        claim.content_type = ContentType.objects.get_for_model(record)
        claim.object_id = record.pk
        claim.save(update_fields=["content_type", "object_id"])
    return record, True


def replayed(request, url: str):
    messages.info(request, REPLAYED)
    return redirect(url)


@registry.register_sweeper
def forget_old_tokens(now) -> dict:
    """Delete the claims older than ``KEEP`` (one set-based DELETE by the index)."""
    deleted, _ = SubmitToken.objects.filter(created_at__lt=now - KEEP).delete()
    return {"deleted": deleted}
