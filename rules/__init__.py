"""factcheck's reference data, shipped as the `factcheck.ruledata` package. See README.md."""
