"""The documents an application's verbs issue, by type (matters.pdf renders them).

``correction_notice`` 一次性告知书, ``acceptance`` 受理回执/受理通知书, ``refusal``
不予受理决定书, ``extension`` 延期告知书, ``decision`` 办结告知书/决定.
"""

from servicecenter.pdf import has_issuer, schedule_issue

CORRECTION_NOTICE = "correction_notice"
ACCEPTANCE = "acceptance"
REFUSAL = "refusal"
EXTENSION = "extension"
DECISION = "decision"
LABEL = "matters.application"


def issue(doc_type: str, user):
    """An after-commit callback issuing ``doc_type`` for the saved application."""

    def run(record):
        if has_issuer(LABEL, doc_type):
            schedule_issue(record, doc_type, user)

    return run
