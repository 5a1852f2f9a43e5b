"""What one build leaves for the next: the parse cache, the rendered cache, the last build's
manifest, the date record, and the build lock. None of it decides anything: a cache stores
records and returns them."""
