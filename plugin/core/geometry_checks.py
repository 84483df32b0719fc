"""Geometry rules: empty, type, validity, Z/M, position against the city, same spot, same geometry, attribute coordinates.

Distances are compared in metres whatever the CRS: a projected CRS's linear unit (US feet, …) is
converted, a geographic CRS's degrees are measured on its ellipsoid (Ruler)."""

from __future__ import annotations

import math
from typing import Any

from osgeo import ogr, osr

from .messages import both
from .standard import Family, Profile

NEAR_ZERO_DEGREES = 0.01  # "at or near (0, 0)" in a geographic CRS
NEAR_ZERO_METRES = 1000.0  # … and in a projected one
ATTRIBUTE_TOLERANCE_M = 1.0  # attribute coordinates farther than this from the geometry disagree with it
LISTED_MEMBERS = 20  # a cluster of same geometries names at most this many features in its finding


class Ruler:
    """Distances in metres between positions (x = easting or longitude) of one CRS.

    A projected CRS: its linear unit (0.3048… for US feet). A geographic CRS: the ellipsoid's radii of
    curvature at the pair's mean latitude, which is the geodesic distance to well under a millimetre
    for positions a few kilometres apart (all the tolerances here compare) and within a few per cent
    for far ones (only shown in a finding)."""

    def __init__(self, srs: osr.SpatialReference, max_abs_latitude: float = 89.0):
        """max_abs_latitude: how far from the equator the positions lie (the city's extent), for grid cells."""
        self.geographic = bool(srs.IsGeographic())
        self.metres_per_unit = 1.0 if self.geographic else float(srs.GetLinearUnits())
        self._a = srs.GetSemiMajor()
        inverse_flattening = srs.GetInvFlattening()
        flattening = 1.0 / inverse_flattening if inverse_flattening else 0.0
        self._e2 = flattening * (2.0 - flattening)
        self._max_abs_latitude = min(max_abs_latitude + 1.0, 89.9)  # a degree of margin beyond the city

    def cell(self, metres: float) -> tuple[float, float]:
        """A grid cell (width, height in the CRS's units) at least ``metres`` wide everywhere in the city:
        two positions closer than that lie in the same or neighbouring cells."""
        if not self.geographic:
            size = metres / self.metres_per_unit
            return size, size
        # a degree of latitude is at least a(1 - e²) radians long, a degree of longitude at least a·cos φ
        height = math.degrees(metres / (self._a * (1.0 - self._e2)))
        width = math.degrees(metres / (self._a * math.cos(math.radians(self._max_abs_latitude))))
        return width, height

    def scale(self, y: float) -> tuple[float, float]:
        """Metres per unit along x and along y at ``y`` (the latitude in a geographic CRS)."""
        if not self.geographic:
            return self.metres_per_unit, self.metres_per_unit
        phi = math.radians(y)
        w = math.sqrt(1.0 - self._e2 * math.sin(phi) ** 2)
        meridian = self._a * (1.0 - self._e2) / w**3
        normal = self._a / w
        return math.radians(1.0) * normal * math.cos(phi), math.radians(1.0) * meridian

    def distance(self, x1: float, y1: float, x2: float, y2: float) -> float:
        """Metres between two positions."""
        if not self.geographic:
            return math.hypot(x2 - x1, y2 - y1) * self.metres_per_unit
        sx, sy = self.scale((y1 + y2) / 2.0)
        dx = (x2 - x1 + 180.0) % 360.0 - 180.0
        return math.hypot(dx * sx, (y2 - y1) * sy)


def ruler_of(epsg: int, profile: Profile) -> Ruler:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return Ruler(srs, _max_abs_latitude(profile))


def _max_abs_latitude(profile: Profile) -> float:
    """How far from the equator the city reaches (its extent's latitudes when the extent is geographic)."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(profile.extent_srid)
    if not srs.IsGeographic():
        return 89.0
    _, min_y, _, max_y = profile.extent_bbox
    return max(abs(min_y), abs(max_y))


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
        record where it stands in the registry CRS (positions: number, x, y) for the caller to compare.

        tolerance_m: the family's accuracy class in metres. A point-only family compares positions
        (record.same_spot, per feature); any other asset family compares whole geometries
        (record.same_geometry, per cluster); a record (an inspection) neither, repeated visits being normal."""
        self.profile = profile
        self.family = family
        self.allowed = {kind.casefold() for kind in family.geometry_types}
        point_only = family.geometry_types == ("Point",)
        self.tolerance_m = tolerance_m if point_only else None
        self.ruler = ruler_of(profile.registry_srid, profile)  # in the registry CRS, where positions are compared
        self._spot_cell = self.ruler.cell(tolerance_m) if self.tolerance_m else None
        self._same_geometry_m = tolerance_m if not point_only and not family.is_record else None
        self.same_geometries: SameGeometries | None = None
        self._to_extent: osr.CoordinateTransformation | None = None
        self._to_registry: osr.CoordinateTransformation | None = None
        self._geographic = False
        self._spots: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
        self.positions: list[tuple[int, float, float]] | None = [] if record_positions else None
        self._check_to_registry: osr.CoordinateTransformation | None = None  # check columns in a CRS of their own

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
        if self._same_geometry_m:
            # compared in the layer's own CRS: no geometry is transformed for it
            self.same_geometries = SameGeometries(Ruler(source, _max_abs_latitude(self.profile)), self._same_geometry_m)

    def use_check_crs(self, epsg: int) -> None:
        """The attribute coordinates (check columns) are in this CRS, not the layer's (lat/lon beside a projected layer)."""
        source = osr.SpatialReference()
        source.ImportFromEPSG(epsg)
        self._check_to_registry = transformation(source, self.profile.registry_srid)

    def check(self, geometry: ogr.Geometry | None, number: int, add: Any, ident: str | None = None) -> tuple[float, float] | None:
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
        if self.same_geometries is not None:
            self.same_geometries.add(geometry, (x, y), number, ident)
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
        width, height = self._spot_cell
        cell = (math.floor(xy[0] / width), math.floor(xy[1] / height))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for x, y, other in self._spots.get((cell[0] + dx, cell[1] + dy), ()):
                    if self.ruler.distance(x, y, xy[0], xy[1]) < self.tolerance_m:
                        add("record.same_spot", value=self.tolerance_m, detail=other)
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
            px, py = (self._check_to_registry or self._to_registry).TransformPoint(ax, ay)[:2]
        except RuntimeError:
            px = py = math.inf
        distance = self.ruler.distance(px, py, gx, gy)
        if not distance <= max(self.tolerance_m or 0.0, ATTRIBUTE_TOLERANCE_M):
            shown = "∞" if math.isinf(distance) or math.isnan(distance) else f"{distance:.0f}"
            add("geometry.attribute_mismatch", value=f"({x_text}, {y_text})", detail=shown)


class SameGeometries:
    """Features whose geometries are the same or nearly (record.same_geometry): one cluster of feature numbers each.

    Each geometry is filed in a grid of its centroid as wide as the tolerance, so it is compared only with
    those filed in the neighbouring cells, never with all: centroids, envelope corners and (with shapely)
    the Hausdorff distance all within the tolerance make two geometries the same. Clusters join transitively."""

    def __init__(self, ruler: Ruler, metres: float):
        self.ruler = ruler
        self.metres = metres
        self._cell = ruler.cell(metres)
        self._cells: dict[tuple[int, int], list[tuple[int, float, float, tuple[float, ...], bytes]]] = {}
        self._parent: dict[int, int] = {}
        self.identifiers: dict[int, str | None] = {}

    def add(self, geometry: ogr.Geometry, centroid: tuple[float, float], number: int, ident: str | None) -> None:
        x, y = centroid
        envelope = geometry.GetEnvelope()  # min x, max x, min y, max y
        wkb = bytes(geometry.ExportToWkb())
        cell = (math.floor(x / self._cell[0]), math.floor(y / self._cell[1]))
        repeated = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other, ox, oy, other_envelope, other_wkb in self._cells.get((cell[0] + dx, cell[1] + dy), ()):
                    if self._root(other) == self._root(number):
                        continue  # already in that cluster: one comparison per cluster is enough
                    if wkb == other_wkb or self._same(x, y, envelope, wkb, ox, oy, other_envelope, other_wkb):
                        self._join(number, other)
                        repeated = repeated or wkb == other_wkb
        if not repeated:
            # an exact repeat is not filed: the one it repeats stands for it, so a geometry delivered
            # a thousand times costs one comparison each, not a thousand
            self._cells.setdefault(cell, []).append((number, x, y, envelope, wkb))
        if ident is not None and self._root(number) == number:
            self.identifiers[number] = ident  # a cluster is named by its first feature, always a root

    def _same(
        self, x: float, y: float, envelope: Any, wkb: bytes, ox: float, oy: float, other_envelope: Any, other_wkb: bytes
    ) -> bool:
        near = self.ruler.distance
        if near(x, y, ox, oy) > self.metres:
            return False
        # Hausdorff within the tolerance moves each side of the envelope by at most as much
        if near(envelope[0], envelope[2], other_envelope[0], other_envelope[2]) > self.metres * math.sqrt(2):
            return False
        if near(envelope[1], envelope[3], other_envelope[1], other_envelope[3]) > self.metres * math.sqrt(2):
            return False
        return self._hausdorff_m(wkb, other_wkb, y) <= self.metres

    def _hausdorff_m(self, wkb: bytes, other_wkb: bytes, y: float) -> float:
        """The Hausdorff distance in metres (0 without shapely: centroid and envelope then decide)."""
        try:
            import shapely
        except ImportError:
            return 0.0
        sx, sy = self.ruler.scale(y)
        scale = [sx, sy]
        first, second = (shapely.transform(shapely.from_wkb(g), lambda xy: xy * scale) for g in (wkb, other_wkb))
        return float(shapely.hausdorff_distance(first, second))

    def _root(self, number: int) -> int:
        root = number
        while self._parent.get(root, root) != root:
            root = self._parent[root]
        while number != root:  # shorten the path for the next look
            self._parent[number], number = root, self._parent[number]
        return root

    def _join(self, number: int, other: int) -> None:
        first, second = self._root(number), self._root(other)
        if first != second:
            self._parent[max(first, second)] = min(first, second)

    def clusters(self) -> list[list[int]]:
        """Every cluster of two features or more, each in feature order, by its first feature."""
        members: dict[int, list[int]] = {}
        for number in self._parent:
            members.setdefault(self._root(number), []).append(number)
        for root, found in members.items():
            found.append(root)
        return sorted(sorted(set(found)) for found in members.values())


def members_text(members: list[int]) -> str:
    """A cluster's feature numbers as a finding shows them: the first LISTED_MEMBERS, then how many more."""
    shown = ", ".join(str(number) for number in members[:LISTED_MEMBERS])
    more = len(members) - LISTED_MEMBERS
    return shown + (f", … (+{more})" if more > 0 else "")
