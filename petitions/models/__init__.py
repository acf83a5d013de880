from .extension import Extension
from .petition import Petition

__all__ = ["Extension", "Petition"]
