# Municipal Asset Registry: setup · demo · test · bench · package · lint
# Every target installs what it needs first (Debian packages, then the venv).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TS := $(wildcard plugin/i18n/*.ts)
QM := $(TS:.ts=.qm)
PYTEST_UNIT := $(PY) -m pytest -p no:pytest_qgis
QGIS_ENV := QT_QPA_PLATFORM=offscreen

.PHONY: setup demo test test-unit test-db test-qgis lint format bench package standard-docs revision translations screenshots server-start server-stop clean

## setup: Debian packages (QGIS 3.22, PostgreSQL 15 + PostGIS 3, GDAL, xvfb, Qt's translation tools), the venv
## in .venv and the plugin's compiled translations (.qm)
setup: $(STAMP) $(QM)
	@bash scripts/install-system.sh

$(STAMP): pyproject.toml setup.py metadata.txt scripts/install-system.sh plugin/core/_fastscan.c
	@bash scripts/install-system.sh
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	@$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

# the .qm QGIS loads, compiled from the committed Qt Linguist source
$(QM): %.qm: %.ts $(STAMP)
	@lrelease -silent -removeidentical $< -qm $@

## demo: the whole path on a generated demo district, with the local PostGIS started on demand
demo: setup
	$(VENV)/bin/assetreg demo

## test: lint, then the three tiers (unit, database, QGIS); the tests start PostGIS themselves
test: setup lint test-unit test-db test-qgis

test-unit: setup
	$(PYTEST_UNIT) tests/unit

test-db: setup
	$(PYTEST_UNIT) tests/db

test-qgis: setup
	$(QGIS_ENV) $(PY) -m pytest tests/qgis -o qgis_gui_enabled=false

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## bench: benchmarks that print JSON (never run by the tests)
bench: setup
	$(PY) bench/validate.py
	$(PY) bench/import.py
	$(PY) bench/transitions.py
	$(PY) bench/kpi.py
	QT_QPA_PLATFORM=offscreen $(PY) bench/report.py
	$(PY) bench/history_cases.py
	$(PY) bench/desktop_cases.py
	$(PY) bench/desktop.py
	$(PY) bench/area_check.py
	$(PY) bench/kpi_groups.py
	$(PY) bench/case_repeats.py
	$(PY) bench/history_validate.py

## standard-docs: regenerate docs/standard/ from the schemas (a unit test fails on drift)
standard-docs: setup
	$(PY) -m asset_registry.core.standard_docs docs/standard

## revision: NAME=<slug> [VERSION=1.1] drafts, from the standard, the revision its change needs (frozen SQL, proven up and down)
##           REV=0010 renders a revision drafted by hand with storage/tables.py into db/versions/sql/, to freeze it
revision: setup
	@if [ -n "$(NAME)" ]; then $(PY) scripts/draft_revision.py --name "$(NAME)" $(if $(VERSION),--version "$(VERSION)"); \
	elif [ -n "$(REV)" ]; then $(PY) scripts/render_revision.py $(REV); \
	else echo "usage: make revision NAME=<slug> [VERSION=<standard version>]  |  make revision REV=<revision id>"; exit 2; fi

## translations: update plugin/i18n/*.ts from the tr() texts of the QGIS code (pylupdate5), then build the .qm
## (lrelease); translate what is new in the .ts (Qt Linguist or by hand) and commit it
translations: $(STAMP)
	$(PY) scripts/translations.py

## screenshots: the registry project as QGIS draws it (the desktop after the plugin's action; the map at its
## opening view, at a street's scale and by road class; the layer tree; each family's form), from the demo registry (`assetreg demo`
## fills it), under xvfb, into docs/desktop/
screenshots: setup
	$(VENV)/bin/assetreg demo > /dev/null
	xvfb-run -a -s "-screen 0 1920x1200x24" $(PY) scripts/screenshots.py docs/desktop

## package: dist/asset_registry-<version>.zip for the QGIS plugin manager
package: setup
	$(PY) scripts/package.py

server-start: setup
	$(VENV)/bin/assetreg server start

server-stop: setup
	$(VENV)/bin/assetreg server stop

clean:
	rm -rf dist build demo-output .pytest_cache .ruff_cache
