"""What every stage uses: the one error type, safe file and YAML reading, the one validator, worker processes."""
