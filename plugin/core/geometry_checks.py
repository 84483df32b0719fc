"""Geometry rules: empty, type, validity, Z/M, position against the city, same spot, attribute coordinates."""

from __future__ import annotations

import math
from typing import Any

from osgeo import ogr, osr

from .messages import both
from .standard import Family, Profile

NEAR_ZERO_DEGREES = 0.01  # "at or near (0, 0)" in a geographic CRS
NEAR_ZERO_METRES = 1000.0  # … and in a projected one


def transformation(source: osr.SpatialReference, epsg: int) -> osr.CoordinateTransformation:
    """From a layer's CRS to an EPSG code, both in x = easting/longitude order."""
    target = osr.SpatialReference()
    target.ImportFromEPSG(epsg)
    source = source.Clone()
    for srs in (source, target):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return osr.CoordinateTransformation(source, target)


def unclosed_ring(geometry: ogr.Geometry) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """The first and last points of the first ring of a (multi)polygon that does not close, else None.

    GEOS refuses to build such a ring at all (an exception, not a reason), so it is looked for
    here, before any GEOS call, in the coordinates OGR read."""
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind in (ogr.wkbPolygon, ogr.wkbCurvePolygon):
        for index in range(geometry.GetGeometryCount()):
            ring = geometry.GetGeometryRef(index)
            count = ring.GetPointCount()
            if count and ring.GetPoint(0) != ring.GetPoint(count - 1):
                return ring.GetPoint_2D(0), ring.GetPoint_2D(count - 1)
        return None
    if kind in (ogr.wkbMultiPolygon, ogr.wkbMultiSurface, ogr.wkbGeometryCollection):
        for index in range(geometry.GetGeometryCount()):
            found = unclosed_ring(geometry.GetGeometryRef(index))
            if found is not None:
                return found
    return None


def _vertices(geometry: ogr.Geometry) -> Any:
    """Every vertex (x, y) of a geometry, its parts and rings in order."""
    parts = geometry.GetGeometryCount()
    if parts:
        for index in range(parts):
            yield from _vertices(geometry.GetGeometryRef(index))
        return
    for index in range(geometry.GetPointCount()):
        yield geometry.GetX(index), geometry.GetY(index)


def _validity_reason(geometry: ogr.Geometry) -> str:
    """GEOS's reason when shapely is at hand (the command line has it; QGIS may not)."""
    try:
        import shapely
    except ImportError:
        return "GEOS IsValid = false"
    try:
        return shapely.is_valid_reason(shapely.from_wkb(bytes(geometry.ExportToIsoWkb())))
    except shapely.errors.GEOSException as error:  # a geometry GEOS cannot even build
        return str(error)


def invalidity(geometry: ogr.Geometry) -> Any:
    """Why the geometry is invalid (a finding's detail), or None when it is valid."""
    ends = unclosed_ring(geometry)
    if ends is not None:
        first, last = (f"({x:.10g}, {y:.10g})" for x, y in ends)
        return both("core.geometry.ring_not_closed", first=first, last=last)
    if geometry.IsValid():
        return None
    return _validity_reason(geometry)


class GeometryChecks:
    """Geometry checks of one layer, in its own CRS."""

    def __init__(self, profile: Profile, family: Family, tolerance_m: float | None, record_positions: bool = False):
        """record_positions: instead of comparing each feature with those seen before (record.same_spot),
        record where it stands in the registry CRS (positions: number, x, y) for the caller to compare."""
        self.profile = profile
        self.family = family
        self.allowed = {kind.casefold() for kind in family.geometry_types}
        self.tolerance_m = tolerance_m if family.geometry_types == ("Point",) else None
        self._to_extent: osr.CoordinateTransformation | None = None
        self._to_registry: osr.CoordinateTransformation | None = None
        self._geographic = False
        self._spots: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
        self.positions: list[tuple[int, float, float]] | None = [] if record_positions else None

    @property
    def to_registry(self) -> osr.CoordinateTransformation | None:
        """From the layer's CRS to the registry's, once the layer's CRS is known and accepted."""
        return self._to_registry

    @property
    def checks_positions(self) -> bool:
        """Whether positions are checked against the city (the layer's CRS is known and accepted)."""
        return self._to_extent is not None

    @property
    def near_zero(self) -> float:
        """How near (0, 0) a position is "at" it (geometry.null_island), in the layer's units."""
        return NEAR_ZERO_DEGREES if self._geographic else NEAR_ZERO_METRES

    def use_source_crs(self, source: osr.SpatialReference) -> None:
        self._to_extent = transformation(source, self.profile.extent_srid)
        self._to_registry = transformation(source, self.profile.registry_srid)
        self._geographic = bool(source.IsGeographic())

    def check(self, geometry: ogr.Geometry | None, number: int, add: Any) -> tuple[float, float] | None:
        """Report what is wrong through ``add(rule, **details)``; return the position in the registry CRS."""
        if geometry is None or geometry.IsEmpty():
            add("geometry.empty")
            return None
        kind = ogr.GeometryTypeToName(ogr.GT_Flatten(geometry.GetGeometryType())).replace(" ", "")
        if self.allowed and kind.casefold() not in self.allowed:
            add("geometry.wrong_type", value=kind, detail=" / ".join(self.family.geometry_types))
            return None
        if geometry.Is3D() or geometry.IsMeasured():
            add("geometry.unexpected_zm", value="Z" * geometry.Is3D() + "M" * geometry.IsMeasured())
        reason = invalidity(geometry)
        if reason is not None:
            add("geometry.invalid", detail=reason)
            return None
        if self._to_extent is None:
            return None
        point = geometry.Centroid()
        x, y = point.GetX(), point.GetY()
        if not self._position_ok(x, y, add):
            return None
        if kind.casefold() != "point":
            # a line or polygon can reach far out of the city with its centroid inside
            outside = self._vertex_outside(geometry)
            if outside is not None:
                add("geometry.outside_extent", value=f"({outside[0]:.6g}, {outside[1]:.6g})")
                return None
        registry_xy = self._to_registry.TransformPoint(x, y)[:2]
        self._same_spot(registry_xy, number, add)
        return registry_xy

    def _position_ok(self, x: float, y: float, add: Any) -> bool:
        near = self.near_zero
        shown = f"({x:.6g}, {y:.6g})"
        if abs(x) <= near and abs(y) <= near:
            add("geometry.null_island", value=shown)
            return False
        if self._inside(x, y):
            return True
        if self._inside(y, x):
            add("geometry.swapped_axes", value=shown)
        else:
            add("geometry.outside_extent", value=shown)
        return False

    def _vertex_outside(self, geometry: ogr.Geometry) -> tuple[float, float] | None:
        """The first vertex of the geometry outside the city's extent, or None when every vertex is inside.

        When the corners of the geometry's bounding box are inside, so is every vertex (up to the
        bend of the box's edges between two CRSs, far below a city's margin): one look for most."""
        min_x, max_x, min_y, max_y = geometry.GetEnvelope()
        if all(self._inside(x, y) for x in (min_x, max_x) for y in (min_y, max_y)):
            return None
        for x, y in _vertices(geometry):
            if not self._inside(x, y):
                return x, y
        return None

    def _inside(self, x: float, y: float) -> bool:
        try:
            lon, lat, *_ = self._to_extent.TransformPoint(x, y)
        except RuntimeError:
            return False
        min_x, min_y, max_x, max_y = self.profile.extent_bbox
        return min_x <= lon <= max_x and min_y <= lat <= max_y

    def _same_spot(self, xy: tuple[float, float], number: int, add: Any) -> None:
        """Compare with the features already seen in the neighbouring cells of a grid as wide as the tolerance."""
        if not self.tolerance_m:
            return
        if self.positions is not None:
            self.positions.append((number, xy[0], xy[1]))
            return
        size = self.tolerance_m
        cell = (math.floor(xy[0] / size), math.floor(xy[1] / size))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for x, y, other in self._spots.get((cell[0] + dx, cell[1] + dy), ()):
                    if math.hypot(x - xy[0], y - xy[1]) < size:
                        add("record.same_spot", value=size, detail=other)
                        self._spots.setdefault(cell, []).append((xy[0], xy[1], number))
                        return
        self._spots.setdefault(cell, []).append((xy[0], xy[1], number))

    def attribute_mismatch(self, geometry: ogr.Geometry | None, x_text: Any, y_text: Any, add: Any) -> None:
        """Attribute coordinates (lon/lat or x/y in the layer's CRS) must agree with the geometry."""
        if geometry is None or geometry.IsEmpty() or self._to_registry is None:
            return
        try:
            ax, ay = float(x_text), float(y_text)
        except (TypeError, ValueError):
            add("geometry.attribute_mismatch", value=f"({x_text}, {y_text})", detail="?")
            return
        point = geometry.Centroid()
        gx, gy = self._to_registry.TransformPoint(point.GetX(), point.GetY())[:2]
        try:
            px, py = self._to_registry.TransformPoint(ax, ay)[:2]
        except RuntimeError:
            px = py = math.inf
        distance = math.hypot(px - gx, py - gy)
        if not distance <= max(self.tolerance_m or 0.0, 1.0):
            shown = "∞" if math.isinf(distance) or math.isnan(distance) else f"{distance:.0f}"
            add("geometry.attribute_mismatch", value=f"({x_text}, {y_text})", detail=shown)
