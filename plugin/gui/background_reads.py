"""Reads of the registry off the GUI thread: each read runs as a QgsTask on a connection of its own (never the
one the GUI thread writes on), one read at a time on it, and its result is handed to a callback on the GUI
thread. A read of a kind ("list", "case") makes the result of an older read of that kind moot: only the
newest is applied, so a user clicking through filters sees the last one they chose, not the slowest.

`wait()` runs the event loop until every read is applied: what tests (and the benchmark) call, so that they
stay deterministic without sleeping."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEventLoop, QObject, QTimer, pyqtSignal

from ..storage.connection import connect


class ReadTask(QgsTask):
    """One read: ``read(conn)`` in a worker thread; its result or its exception kept for ``done``."""

    def __init__(self, description: str, run_read: Callable[[], Any], done: Callable[[ReadTask], None]):
        super().__init__(description, QgsTask.Flags())  # not cancellable: a read is short and ends by itself
        self.run_read = run_read
        self.done = done
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> bool:
        try:
            self.result = self.run_read()
        except Exception as exc:  # handed to the GUI thread, which says it: never lost in a worker thread
            self.error = exc
        return True

    def finished(self, _ok: bool) -> None:  # on the GUI thread
        self.done(self)


class BackgroundReads(QObject):
    """The panel's reads in the background; ``busyChanged`` says when some are running (the busy state)."""

    busyChanged = pyqtSignal(bool)

    def __init__(self, dsn: Callable[[], str], parent: QObject | None = None):
        super().__init__(parent)
        self._dsn = dsn
        self._conn = None
        self._conn_lock = threading.Lock()  # one read at a time on the connection
        self._running: dict[int, ReadTask] = {}  # kept referenced until finished (QGIS owns the C++ side)
        self._newest: dict[str, int] = {}
        self._serial = 0
        self._close_after_read = False

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def read(
        self,
        kind: str,
        reader: Callable[..., Any],
        args: tuple,
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run ``reader(conn, *args)`` in the background; on the GUI thread, ``on_result(result)`` (or
        ``on_error(exception)``), unless a newer read of ``kind`` was asked for meanwhile."""
        self._serial += 1
        serial = self._newest[kind] = self._serial
        dsn = self._dsn()  # on the GUI thread: the settings are read here, not in the worker

        def done(task: ReadTask) -> None:
            self._running.pop(serial, None)
            if sip.isdeleted(self):
                return  # the panel is gone
            try:
                if self._newest.get(kind) == serial:  # else moot: a newer read of this kind is coming
                    if task.error is not None:
                        on_error(task.error)
                    else:
                        on_result(task.result)
            finally:
                if not self._running:  # after the result is applied, which may have asked for another read
                    self.busyChanged.emit(False)

        task = ReadTask(kind, lambda: self._locked_read(dsn, reader, args), done)
        was_busy = self.busy
        self._running[serial] = task
        if not was_busy:
            self.busyChanged.emit(True)
        QgsApplication.taskManager().addTask(task)

    def supersede(self, kind: str) -> None:
        """A read of ``kind`` still running is moot: what it would show was read otherwise (its result dropped)."""
        self._serial += 1
        self._newest[kind] = self._serial

    def _locked_read(self, dsn: str, reader: Callable[..., Any], args: tuple) -> Any:
        """In a worker thread: the read on the reads' connection, its transaction ended so the next one sees
        what others changed meanwhile."""
        with self._conn_lock:
            if self._conn is None or self._conn.closed:
                self._conn = connect(dsn)
            try:
                return reader(self._conn, *args)
            finally:
                if self._close_after_read:
                    self._close_connection()
                elif not self._conn.closed:
                    self._conn.rollback()

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Run an event loop until every read is applied (or the timeout passes); whether they all were. A Qt
        event loop, not a Python one calling processEvents: it lets go of Python's lock while idle, so the
        reads' threads run at once, as under QGIS's own event loop."""
        loop = QEventLoop()
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        self.busyChanged.connect(loop.quit)  # emitted (False) once the last read is applied
        timeout.start(int(timeout_s * 1000))
        try:
            while self._running and timeout.isActive():
                loop.exec_()
        finally:
            self.busyChanged.disconnect(loop.quit)
        return not self._running

    def close(self) -> None:
        """The connection closed now, or by the read running on it when that ends: closing never waits for a
        slow registry (the next read opens it again: a closed dock can be shown again)."""
        if self._conn_lock.acquire(blocking=False):
            try:
                self._close_connection()
            finally:
                self._conn_lock.release()
        else:
            self._close_after_read = True

    def _close_connection(self) -> None:  # holding the lock
        self._close_after_read = False
        if self._conn is not None:
            self._conn.close()
            self._conn = None
