"""Validating a delivery against the standard and a city profile.

The same function serves the CLI (``assetreg validate``), the Processing
algorithm ``asset_registry:validate_submission`` and the importer. The checks
themselves are the validator's (validator.py); this is the reference reader, and
the choice of the fast paths (fastpath.py for GeoJSON, fastshape.py for Shapefiles) where they
reproduce the reference exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from . import fastcases, fastpath, fastshape
from .mapping import FieldMapper, MappingProfile
from .reader import Delivery, GeometrySource, gdal_exceptions
from .references import check_references
from .report import Report
from .standard import Profile, Standard
from .validator import FeatureBatch, MappedFeature, Progress, Validator, detect_family, record_validator, start_report

__all__ = ["Progress", "mapped_features", "record_validator", "validate_delivery"]

PROGRESS_EVERY = 1000  # features between two calls of progress, and in a batch of the reference reader


def mapped_features(delivery: Delivery, mapper: FieldMapper) -> Iterator[MappedFeature]:
    for source in delivery.features():
        mapped = mapper.map(source.attributes, source.number)
        yield MappedFeature(
            source.number,
            mapped.properties,
            source.geometry,
            source.attributes,
            mapped.placeholders,
            mapped.legacy_id,
            mapped.malformed,
        )


def feature_batches(delivery: Delivery, size: int = PROGRESS_EVERY, columns: bool = True) -> Iterator[FeatureBatch]:
    """The layer's features through OGR, in batches of ``size``; with ``columns``, a text layer's read column by
    column (Delivery.text_batches: the same batches, read faster)."""
    texts = delivery.text_batches(size) if columns else None
    if texts is not None:
        for numbers, values, geometries in texts:
            yield FeatureBatch(numbers, values, geometries)
        return
    keys = delivery.field_names
    features: list = []
    for feature in delivery.features():
        features.append(feature)
        if len(features) == size:
            yield FeatureBatch.of_features(features, keys)
            features = []
    if features:
        yield FeatureBatch.of_features(features, keys)


def validate_delivery(
    path: str | Path,
    standard: Standard,
    profile: Profile,
    family_name: str | None = None,
    layer: str | None = None,
    progress: Progress | None = None,
    mapping: MappingProfile | None = None,
    today: dt.date | None = None,
    fast: bool = True,
    keep: Callable[[MappedFeature], None] | None = None,
) -> Report:
    """Validate one layer of a delivery; return the report (never raises for bad data).

    Raises ``InputError`` only when the file cannot be read at all or the call is wrong.
    With ``fast`` (the default), a GeoJSON that fastpath.py reproduces exactly is validated
    there, a Shapefile that fastshape.py reproduces exactly there, and a CSV of historical cases column-wise
    in fastcases.py, with the same findings;
    ``fast=False`` always takes the reference path below.
    ``keep``, when given, is handed every mapped feature the reference path reads, before it is checked
    (never on the fast paths of fastpath.py and fastshape.py); the column-wise path of historical cases
    (fastcases.py) hands it their COPY rows instead (keep.add_rows), or leaves the file to the reference path.
    """
    if fast:
        report = fastcases.fast_validate(path, standard, profile, family_name, layer, mapping, today, progress, keep)
        if report is not None:
            return report
        report = fastpath.fast_validate(path, standard, profile, family_name, layer, mapping, today, progress)
        if report is None:
            report = fastshape.fast_validate(path, standard, profile, family_name, layer, mapping, today, progress)
        if report is not None:
            return report
    mapping = mapping or MappingProfile()
    with Delivery(path, layer, GeometrySource.from_mapping(mapping.geometry)) as delivery:
        chosen = family_name or mapping.family
        family = standard.delivery_class(chosen) if chosen else detect_family(standard, delivery)
        validator = Validator(standard, profile, family, today)
        validator.keep = keep
        report, _ = start_report(path, delivery, standard, profile, family, mapping, validator)
        total = delivery.feature_count()
        with gdal_exceptions():
            for batch in feature_batches(delivery):
                validator.check_batch(batch, report)
                report.feature_count += len(batch)
                if progress is not None and report.feature_count % PROGRESS_EVERY == 0:
                    progress(report.feature_count, total)
        validator.finish(report)
        if report.feature_count == 0:
            report.add("file.empty", None)
        if progress is not None:
            progress(report.feature_count, total)
        report.identifiers = validator.identifiers
        check_references([report], standard)  # (sorts)
        return report
