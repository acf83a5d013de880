import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicecenter.settings")
application = get_wsgi_application()

# Load the URL patterns (and with them every view module) now, then move everything
# loaded so far out of the garbage collector's generations: a full collection no longer
# walks the framework's and the apps' import-time objects, which stalled a request now
# and then by a few hundred milliseconds (README, "Record pages and admin at a million
# records"). Each gunicorn worker imports this module once, after the fork.
get_resolver().url_patterns  # noqa: B018 - the import is the point
gc.freeze()
