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
