"""Importing a validated delivery into the registry, in one transaction (see run.py).

request.py  what to import and how (ImportRequest, Area, MODES)
run.py      import_delivery / run_import: validate, open the submission record, promote, close it
rows.py     the COPY rows of the valid features, written by a thread while the server reads them
staging.py  the staging table and its preparation (registry CRS, matched, compared, located)
compare.py  the comparison with the registry, its refusals, and the set-based promotion
firstload.py  a large delivery into an empty family, by one COPY located beforehand
locate.py   locating assets in their unit grid, and the grid findings
result.py   what an import did
"""

from .request import MODES, Area, ImportRequest, importable_classes
from .result import ImportResult
from .run import import_delivery, run_import

__all__ = ["MODES", "Area", "ImportRequest", "ImportResult", "import_delivery", "importable_classes", "run_import"]
