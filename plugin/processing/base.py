"""What every algorithm of the provider shares: its id and group, createInstance, the PROFILE and DSN
parameters and how they are read, and how a refusal of core or storage reaches the Processing dialog.

QGIS aborts (qFatal) on an exception inside name, displayName, group or initAlgorithm: what this class
answers there is a class attribute or a dictionary entry checked by the tests, nothing that can fail.

The shared texts are translated in the context ``RegistryAlgorithm`` whichever algorithm shows them
(``Translated.tr`` takes the context from the running class, pylupdate5 from the class that writes the
text: here the two differ, so the context is named)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterString
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.errors import UserError
from ..qgis_common.i18n import Translated, in_ui_lang

SHARED_CONTEXT = "RegistryAlgorithm"

# the provider's groups: id (stable, in scripts and models) → label
GROUPS = {
    "registry": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Registry"),
    "standard": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Standard"),
    "cases": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Cases"),
    "inspections": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Inspections"),
    "indicators": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Indicators"),
}
# where the registry is when DSN is left empty: the plugin's connection, or the input layer's
DSN_LABELS = {
    "plugin": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Connection (empty: the plugin's)"),
    "layer": QT_TRANSLATE_NOOP("RegistryAlgorithm", "Connection (empty: the layer's)"),
}
PROFILE_LABEL = QT_TRANSLATE_NOOP("RegistryAlgorithm", "City profile (empty: zhuhai)")


def shared_text(source: str) -> str:
    """A text of this module in the interface language."""
    return QCoreApplication.translate(SHARED_CONTEXT, source)


class RegistryAlgorithm(Translated, QgsProcessingAlgorithm):
    """An algorithm of the provider: a subclass names itself (NAME, the id after ``asset_registry:``) and its
    group (GROUP, a key of GROUPS), and writes its own texts, parameters and processAlgorithm."""

    NAME: str
    GROUP: str
    PROFILE = "PROFILE"
    DSN = "DSN"

    def name(self) -> str:
        return self.NAME

    def group(self) -> str:
        return shared_text(GROUPS[self.GROUP])

    def groupId(self) -> str:
        return self.GROUP

    def createInstance(self) -> RegistryAlgorithm:
        return type(self)()

    def add_profile_parameter(self, description: str | None = None) -> None:
        """PROFILE: the city profile's name; ``description`` where an empty one means more than Zhuhai's."""
        self.addParameter(QgsProcessingParameterString(self.PROFILE, description or shared_text(PROFILE_LABEL), optional=True))

    def add_dsn_parameter(self, fallback: str = "plugin") -> None:
        """DSN: a connection string; empty, the plugin's connection or (``fallback="layer"``) the input layer's."""
        self.addParameter(QgsProcessingParameterString(self.DSN, shared_text(DSN_LABELS[fallback]), optional=True))

    def profile_name(self, parameters, context) -> str | None:
        return self.parameterAsString(parameters, self.PROFILE, context) or None

    def standard_and_profile(self, parameters, context):
        """The city profile named (else Zhuhai) and the standard it follows."""
        from ..core.standard import DEFAULT_PROFILE, Standard, load_profile

        profile = load_profile(self.profile_name(parameters, context) or DEFAULT_PROFILE)
        return Standard(profile.standard_version), profile

    def registry_dsn(self, parameters, context, layer=None) -> str:
        """The DSN given, else the registry ``layer`` lies in (a PostgreSQL layer), else the plugin's connection."""
        from ..qgis_common.settings import registry_dsn
        from ..qgis_common.sources import layer_dsn

        given = self.parameterAsString(parameters, self.DSN, context)
        if given:
            return given
        if layer is not None and layer.providerType() == "postgres":
            return layer_dsn(layer)
        return registry_dsn()

    def optional_int(self, parameters, name: str, context) -> int | None:
        """An optional integer parameter: None when left empty (parameterAsInt would say 0)."""
        if parameters.get(name) in (None, ""):
            return None
        return self.parameterAsInt(parameters, name, context)

    def city_time(self, parameters, name: str, context, timezone: str) -> datetime | None:
        """A date-time parameter read as the city's wall-clock time; None when left empty."""
        value = self.parameterAsDateTime(parameters, name, context)
        if not value.isValid():
            return None
        date, time = value.date(), value.time()
        return datetime(date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=ZoneInfo(timezone))

    @staticmethod
    def progress_of(feedback) -> Callable[[int, int], None]:
        """The progress callback of core and storage (done of total) as the dialog's progress bar."""

        def progress(done: int, total: int) -> None:
            if total > 0:
                feedback.setProgress(100.0 * done / total)

        return progress

    @staticmethod
    @contextmanager
    def user_errors() -> Iterator[None]:
        """A refusal of core or storage (UserError) ends the run with its words in the interface language,
        not with a traceback."""
        try:
            yield
        except UserError as exc:
            raise QgsProcessingException(in_ui_lang(exc)) from None
