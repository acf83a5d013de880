from .application import (
    Application,
    ApplicationExtension,
    ApplicationMaterial,
    SpecialStage,
)
from .catalogue import ItemForm, ItemVersion, Material, ServiceItem, Situation, TypeCode
from .choices import (
    Channel,
    DeliveryMethod,
    InformChannel,
    ItemType,
    MaterialForm,
    Outcome,
    StageKind,
    State,
    WindowClass,
)

__all__ = ["Application", "ApplicationExtension", "ApplicationMaterial", "Channel",
           "DeliveryMethod", "InformChannel", "ItemForm", "ItemType", "ItemVersion",
           "Material", "MaterialForm", "Outcome", "ServiceItem", "Situation",
           "SpecialStage", "StageKind", "State", "TypeCode", "WindowClass"]

# 好差评 at the window (the rating screen, its prompts and ratings)
from .rating import Rating, RatingPrompt, RatingScreen  # noqa: E402

__all__ += ["Rating", "RatingPrompt", "RatingScreen"]

# levels: village service points, the item's chain of levels, the stages (村 → 镇 → 县)
from .choices import Level  # noqa: E402
from .levels import (  # noqa: E402
    AgencyHandover,
    ApplicationStage,
    CountyChase,
    ItemLevel,
    Village,
)

__all__ += ["AgencyHandover", "ApplicationStage", "CountyChase", "ItemLevel", "Level",
            "Village"]
# 联办件 / 并联审批 (the departments an item consults, their opinions)
from .joint import JointDepartment, JointOpinion  # noqa: E402

__all__ += ["JointDepartment", "JointOpinion"]
# 预约办理 (appointments, their booking rules per window)
from .appointment import Appointment, BookingRule  # noqa: E402

__all__ += ["Appointment", "BookingRule"]
