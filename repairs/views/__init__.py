from .bench import bench_list, bench_order, dispatch_followup, log_entry, photo
from .window import (
    detail,
    dispatch_pdf,
    intake,
    order_list,
    pickup_pdf,
    process_pdf,
    receipt_pdf,
    transition,
)

__all__ = ["bench_list", "bench_order", "dispatch_followup", "log_entry", "photo",
           "detail", "dispatch_pdf", "intake", "order_list", "pickup_pdf",
           "process_pdf", "receipt_pdf", "transition"]
