"""Window page for maintenance plans (定期维护计划)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from servicecenter.models import Party
from servicecenter.transitions import create_record
from tickets.models import MaintenancePlan

from . import permissions as perms
from .forms import MaintenancePlanForm


def maintenance_plans(request):
    if not perms.can_manage_maintenanceplan(request.user):
        raise PermissionDenied
    form = MaintenancePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = create_record(form.save(commit=False), request.user)
        messages.success(request, f"维护计划「{plan}」已建立。")
        return redirect("tickets:maintenance_plans")
    plans = MaintenancePlan.objects.select_related("party", "engineer")[:200]
    party_id = getattr(form, "cleaned_data", {}).get("party_id")
    return render(request, "tickets/maintenance_plans.html", {
        "plans": plans, "form": form,
        "party": Party.objects.filter(pk=party_id).first() if party_id else None})
