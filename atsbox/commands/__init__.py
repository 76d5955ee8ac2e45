"""Sub-commands of the atsbox CLI, one module each."""
