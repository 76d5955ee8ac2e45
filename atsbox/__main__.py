import sys

from atsbox.cli import main

sys.exit(main())
