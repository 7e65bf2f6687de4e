"""`cpss serve`: the local web app of the planning workshop, on this computer."""

from __future__ import annotations

import secrets
import webbrowser
from pathlib import Path

import click

from cpss_advisor.core.translatable import M_
from cpss_advisor.web.settings import Settings, is_loopback

from .translated import N_, check_language, command, tr


@command(name="serve",
    help=N_("Start the local web app: rate, plan, test what-if scenarios, export, compare and reach consensus in a\n"
            "browser. It runs on this computer only; stop it with Ctrl-C.\n"
            "\n"
            "Example: cpss serve --open"))
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True,
              help=N_("The port to listen on."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=N_("The address to listen on. Anything but this computer's own (127.0.0.1, localhost, ::1) opens "
                      "the app to the network: a warning is printed and every browser needs the access token printed."))
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the app in the default browser."))
@click.option("--data", "data_dir", type=click.Path(file_okay=False, writable=True, path_type=Path), default=None,
              help=N_("Save assessments and decision records into this directory (never over another file). Without "
                      "it nothing is written: work lives in the browser session and in what you download."))
@click.option("--lang", "lang", default=None, metavar="LANG", callback=check_language,
              help=N_("The pages' language for a browser that asks for none the app has (default: cpss --lang or "
                      "CPSS_LANG, else English). Each browser gets the best of its own languages, and every page has "
                      "a switch."))
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, open_browser: bool, data_dir: Path | None,
          lang: str | None) -> None:
    import uvicorn

    from cpss_advisor.web.app import create_app

    if data_dir is not None and not data_dir.is_dir():
        raise click.UsageError(tr(M_("--data %(dir)s: no such directory; create it first", dir=str(data_dir))))
    language = lang or (ctx.obj or {}).get("lang") or "en"  # both checked by `check_language`
    token = None
    if not is_loopback(host):
        token = secrets.token_urlsafe(24)
        click.echo(tr(M_("WARNING: listening on %(host)s, beyond this computer: anyone who can reach it and has "
                         "the access token can see and change the assessment.", host=host)), err=True)
    settings = Settings(host=host, port=port, data_dir=data_dir, token=token, language=language)
    app = create_app(settings, knowledge=ctx.obj.get("knowledge_dir"), rules=ctx.obj.get("rules_dir"))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(tr(M_("cpss serve: open %(url)s  (Ctrl-C stops it)", url=url)), err=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, date_header=False)
