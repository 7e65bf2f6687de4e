"""The rule engine: the fact vocabulary, the facts of an assessment, rule sets and their limits, the durable-rules adapter, rule cases, evaluation."""
