"""The engagement log's imports from CSV or XLSX files: contacts, and engagements (see network.imports).

Importing the same file again changes nothing: a row matched to an existing record only adds what
the record lacks.
"""

from network.imports.plan import register

from .contacts import ContactImporter
from .engagements import EngagementImporter

IMPORTERS = register(ContactImporter(), EngagementImporter())
