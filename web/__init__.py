"""The local web app of the planning workshop (`cpss serve`): rate, plan, test what-if scenarios, compare and reach
consensus in a browser, on the user's own machine.

A layer beside the command line: it calls `cpss_advisor.api` only, and holds no planning logic. `app.create_app`
builds the FastAPI application; `security` guards it (Host check, CSRF, security headers, access token);
`sessions` holds each browser's work in memory, bounded.
"""
