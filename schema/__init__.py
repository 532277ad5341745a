"""JSON Schemas for the content YAML files."""
