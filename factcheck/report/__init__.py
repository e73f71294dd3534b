"""Stage 6: reports, one module per output format."""
