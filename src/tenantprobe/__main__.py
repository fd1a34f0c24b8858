"""``python -m tenantprobe`` runs the command line."""

import sys

from tenantprobe.cli.main import main

sys.exit(main())
