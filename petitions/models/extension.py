"""延期: one request per petition, by the handler, decided by a leader
(``servicecenter.extension``: the shape every process's extension shares)."""

from django.db import models

from servicecenter.extension import ExtensionRequest
from servicecenter.models import history

from .. import permissions as perms


class Extension(ExtensionRequest):
    petition = models.OneToOneField("petitions.Petition", verbose_name="信访事项",
                                    on_delete=models.CASCADE, related_name="extension")
    decide_permission = staticmethod(perms.can_decide_extension)
    record_field = "petition"
    history = history()

    class Meta:
        verbose_name = verbose_name_plural = "信访延期申请"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["state"], name="petition_ext_state_idx")]

    def __str__(self):
        return f"{self.petition.number} 延期{self.days}天"
