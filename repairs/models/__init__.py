"""Repair orders (维修服务单), their process record, vendors and external dispatches."""

from .dispatch import DispatchFollowUp, ExternalDispatch, Vendor
from .order import RepairOrder
from .process import RepairLogEntry

__all__ = ["RepairOrder", "RepairLogEntry", "Vendor", "ExternalDispatch",
           "DispatchFollowUp"]
