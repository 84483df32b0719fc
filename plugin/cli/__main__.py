"""``python -m asset_registry.cli``: the same as the ``assetreg`` console script."""

import sys

from . import main

sys.exit(main())
