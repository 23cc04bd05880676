"""Small shared helpers with no knowledge of the domain, the ingest parsers, the pipeline or
the web: any layer may import them, and they import none of those layers."""
