"""Survey definitions: YAML files in surveys/, validated and served."""
