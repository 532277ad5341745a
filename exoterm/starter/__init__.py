"""The starter deck `exoterm init` copies: commented YAML that validates clean."""
