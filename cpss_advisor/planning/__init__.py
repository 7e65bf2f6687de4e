"""From an evaluation to a plan: targets, the planner and its scheduler, the typed Plan, and the Advisor that runs the whole job."""
