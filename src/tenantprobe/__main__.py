"""``python -m tenantprobe`` runs the command line."""

import sys

from tenantprobe._cli import main

sys.exit(main())
