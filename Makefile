# The two commands a new user runs: `make demo` and `make test`. Both create what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
# durable-rules compiles a C extension; on Python 3.13+ it needs a removed C-API name mapped to its successor.
DR_CPPFLAGS := $(shell $(PYTHON) -c 'import sys; print("-DPyEval_CallObject=PyObject_CallObject" if sys.version_info >= (3, 13) else "")' 2>/dev/null)
DEMO_ASSESSMENT ?= examples/beremia-conflict.yaml

.PHONY: demo test install docs clean system-deps messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed once per change of pyproject.toml; the package itself is editable, so code changes need no reinstall.
# The test install is a superset of the plain one, so it satisfies `make demo` too.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	CPPFLAGS="$(DR_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	CPPFLAGS="$(DR_CPPFLAGS) $$CPPFLAGS" $(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/cpss recommend $(DEMO_ASSESSMENT)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Generated documentation: docs/errors.md, the catalogue of problem codes (cpss_advisor/core/error_codes.py).
docs: $(VENV)/.installed
	$(BIN)/python -m cpss_advisor.core.error_codes -o docs/errors.md

# The programs some tests drive: LibreOffice Calc (tests/intake/test_workbook.py) and Writer, Chromium
# (tests/render/test_html_report.py; tests/web/test_browser.py drives it through Playwright, a pip package of the
# test extra, with Debian's own Chromium: no browser is downloaded) and Ghostscript (tests/render/test_brief_print.py
# counts and draws PDF pages).
# Tests never install anything; without these programs those tests are skipped, or fail under CI=true.
# Debian or Ubuntu, as root; each is installed only when missing.
system-deps:
	command -v soffice >/dev/null || command -v libreoffice >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc; }
	test -n "$$(ls /usr/lib/libreoffice/program/libswlo.so 2>/dev/null)" || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer; }
	command -v gs >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ghostscript; }
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis

# The code's words for translation: extract them (babel.cfg) into the template, then update each language's
# catalogue (cpss_advisor/locale/<lang>/LC_MESSAGES/cpss.po); translate the new entries, then `make test`.
messages: $(VENV)/.installed-test
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output --omit-header \
		-k _ -k gettext -k ngettext:1,2 -k N_ -k M_ -k Mn_:1,2 --project cpss-advisor \
		--copyright-holder "the cpss-advisor authors" -o cpss_advisor/locale/cpss.pot cpss_advisor cli web
	$(BIN)/pybabel -q update -N --no-wrap -D cpss -i cpss_advisor/locale/cpss.pot -d cpss_advisor/locale
