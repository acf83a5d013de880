# Service tickets and difficult cases (service.py) and complaints and follow-up
# calls (complaint.py) share the app; each module lists its models in __all__.
from .complaint import *  # noqa: F401,F403
from .service import *  # noqa: F401,F403
