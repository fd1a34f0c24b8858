"""``python -m reference_api``."""

import sys

from reference_api.cli import main

sys.exit(main())
