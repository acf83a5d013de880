"""The centre's admin site: Django's, with the app list built only where it is shown.

Django's ``each_context`` builds the whole app list (a permission check and two URL
reversals per model) on every admin page for the navigation sidebar. The sidebar is
off here (the breadcrumbs and the index lead to the same places), so the list is
built lazily: the index and app pages build it, a changelist never does.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.functional import SimpleLazyObject

from .admin_visibility import VisibleRecordsAdmin


class ServiceAdminSite(admin.AdminSite):
    site_header = "便民服务中心 管理后台"
    site_title = "便民服务中心"
    index_title = "管理"
    enable_nav_sidebar = False

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model admin, whoever wrote it, applies the visibility rule."""
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, VisibleRecordsAdmin):
            admin_class = type(admin_class.__name__, (VisibleRecordsAdmin, admin_class),
                               {"__module__": admin_class.__module__})
        super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        # Django's each_context with "available_apps" made lazy (it calls
        # get_app_list eagerly, so it cannot be reused as is).
        script_name = request.META["SCRIPT_NAME"]
        site_url = (script_name if self.site_url == "/" and script_name
                    else self.site_url)
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class ServiceAdminConfig(AdminConfig):
    default_site = "servicecenter.admin_site.ServiceAdminSite"
