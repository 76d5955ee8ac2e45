"""Ashby's endpoints, one module per group; `base.build_blueprint` mounts them all."""
