"""`python -m bench eval|bench|generate`."""

import sys

from bench.cli import main

sys.exit(main())
