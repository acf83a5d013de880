# Service tickets (service.py) with their records (records.py), maintenance plans
# (maintenance.py) and difficult cases (cases.py); complaints and follow-up calls
# (complaint.py). Each module lists its models in __all__.
from .cases import *  # noqa: F401,F403
from .complaint import *  # noqa: F401,F403
from .maintenance import *  # noqa: F401,F403
from .records import *  # noqa: F401,F403
from .service import *  # noqa: F401,F403
