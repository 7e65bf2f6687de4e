"""Questions asked of plans: what-if scenarios, sensitivity and robustness, regional portfolios, plan differences, assessment summaries."""
