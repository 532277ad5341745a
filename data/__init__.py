"""Content shipped with exoterm: sources, glossary and quiz bank (YAML)."""
