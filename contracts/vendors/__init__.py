"""Per-vendor contract plug-ins: projection rules, write checks and feature checks."""
