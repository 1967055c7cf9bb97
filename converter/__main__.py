"""``python -m converter``: the ``ixconv`` command line."""
import sys

from .cli import main

sys.exit(main())
