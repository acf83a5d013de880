from .lists import approvals, department_queue, petition_list, repeats
from .record import (
    attach,
    decide,
    detail,
    document,
    extension_decide,
    extension_request,
    register,
    transition,
)

__all__ = ["approvals", "attach", "decide", "department_queue", "detail", "document",
           "extension_decide", "extension_request", "petition_list", "register",
           "repeats", "transition"]
