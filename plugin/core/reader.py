"""Reading deliveries through GDAL/OGR, one feature at a time (memory stays bounded)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from osgeo import gdal, ogr, osr

from .errors import InputError


@contextlib.contextmanager
def gdal_exceptions() -> Iterator[None]:
    """Turn GDAL errors into exceptions here, and leave the global setting as it was."""
    previous = ogr.GetUseExceptions(), osr.GetUseExceptions(), gdal.GetUseExceptions()
    ogr.UseExceptions()
    osr.UseExceptions()
    gdal.UseExceptions()
    try:
        yield
    finally:
        # GDAL keeps a stack of error handlers: undo in the reverse order.
        for module, was_on in reversed(list(zip((ogr, osr, gdal), previous, strict=False))):
            if not was_on:
                module.DontUseExceptions()


@dataclass
class SourceFeature:
    number: int  # 1-based position in the layer, as a contractor counts
    attributes: dict[str, Any]
    geometry: ogr.Geometry | None


class Delivery:
    """An opened delivery layer. Use as a context manager."""

    def __init__(self, path: str | Path, layer: str | None = None):
        self.path = Path(path)
        self.layer_name = layer
        self._dataset = None
        self._layer = None

    def __enter__(self) -> Delivery:
        with gdal_exceptions():
            if not self.path.exists():
                raise InputError(f"文件不存在：{self.path}", f"The file does not exist: {self.path}")
            try:
                self._dataset = gdal.OpenEx(str(self.path), gdal.OF_VECTOR | gdal.OF_READONLY)
            except RuntimeError as exc:
                raise InputError(
                    f"无法作为矢量数据读取 {self.path}：{exc}",
                    f"Cannot read {self.path} as vector data: {exc}",
                    "请提供 GeoJSON、GeoPackage、Shapefile、CSV 或 XLSX 文件。",
                    "Deliver GeoJSON, GeoPackage, Shapefile, CSV or XLSX.",
                ) from None
            self._layer = self._pick_layer()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._layer = None
        self._dataset = None

    def _pick_layer(self) -> ogr.Layer:
        names = [self._dataset.GetLayer(i).GetName() for i in range(self._dataset.GetLayerCount())]
        if not names:
            raise InputError(f"{self.path} 中没有图层。", f"{self.path} contains no layer.")
        if self.layer_name is None:
            if len(names) > 1:
                raise InputError(
                    f"{self.path} 中有多个图层（{', '.join(names)}），请用 --layer 指定一个。",
                    f"{self.path} has several layers ({', '.join(names)}); choose one with --layer.",
                )
            self.layer_name = names[0]
        if self.layer_name not in names:
            raise InputError(
                f"{self.path} 中没有图层“{self.layer_name}”（已有：{', '.join(names)}）。",
                f"{self.path} has no layer '{self.layer_name}' (it has: {', '.join(names)}).",
            )
        return self._dataset.GetLayerByName(self.layer_name)

    @property
    def field_names(self) -> list[str]:
        definition = self._layer.GetLayerDefn()
        return [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]

    @property
    def spatial_ref(self) -> osr.SpatialReference | None:
        return self._layer.GetSpatialRef()

    @property
    def epsg(self) -> int | None:
        srs = self.spatial_ref
        if srs is None:
            return None
        with gdal_exceptions(), contextlib.suppress(RuntimeError):
            srs.AutoIdentifyEPSG()
        code = srs.GetAuthorityCode(None)
        return int(code) if code and code.isdigit() else None

    @property
    def crs_label(self) -> str:
        code = self.epsg
        if code:
            return f"EPSG:{code}"
        srs = self.spatial_ref
        return srs.GetName() if srs is not None else "?"

    def feature_count(self) -> int:
        return self._layer.GetFeatureCount()

    def features(self) -> Iterator[SourceFeature]:
        definition = self._layer.GetLayerDefn()
        date_fields = {
            i for i in range(definition.GetFieldCount()) if definition.GetFieldDefn(i).GetType() in (ogr.OFTDate, ogr.OFTDateTime)
        }
        names = self.field_names
        self._layer.ResetReading()
        with gdal_exceptions():
            for number, feature in enumerate(self._layer, start=1):
                attributes = {}
                for i, name in enumerate(names):
                    if not feature.IsFieldSetAndNotNull(i):
                        continue
                    if i in date_fields:
                        year, month, day = feature.GetFieldAsDateTime(i)[:3]
                        attributes[name] = f"{year:04d}-{month:02d}-{day:02d}"
                    else:
                        attributes[name] = feature.GetField(i)
                geometry = feature.GetGeometryRef()
                yield SourceFeature(number, attributes, geometry.Clone() if geometry is not None else None)
