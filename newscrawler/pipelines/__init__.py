"""Item pipelines, one module each: normalize (here now), then validate, deduplicate and store."""
