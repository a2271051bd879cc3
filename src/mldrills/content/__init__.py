"""Exercise packs: format, loader and validator."""

from mldrills.content.catalog import Catalog
from mldrills.content.pack import Exercise, Meta, Mutant

__all__ = ["Catalog", "Exercise", "Meta", "Mutant"]
