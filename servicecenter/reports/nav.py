"""The navigation entry; imported once from ``servicecenter.apps.ready()``."""

from servicecenter import registry

registry.register_nav(60, "报表", "reports:dashboard", roles=["manager", "leader"])
