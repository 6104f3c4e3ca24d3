"""A time limit on a student's code, the same on Linux, macOS and Windows.

    output = deadline.run(2.0, student_function, x)    # raises OutOfTime after 2 s

Why an asynchronous exception: ``signal.SIGALRM`` does not exist on Windows and works only in the
main thread; a subprocess cannot see the student's notebook (its globals, closures, tensors); and
a thread cannot be killed. So the code runs in the calling thread as usual, and a watch thread
raises :class:`OutOfTime` in it when the time is up, with CPython's
``PyThreadState_SetAsyncExc``. The exception unwinds the student's frames like any other, and the
kernel goes on as before.

Its limits: CPython looks for such an exception only between bytecodes, so code blocked inside
one C call (``time.sleep(60)``, one enormous numpy product) is stopped only when that call
returns. :class:`OutOfTime` derives from BaseException, so ``except Exception`` does not swallow
it, and it is raised again every :data:`REPEAT` seconds for code that catches it anyway; a loop
that catches every exception on every pass (a bare ``except`` inside ``while True``) can still
run on, as it would through the kernel's Stop button.

Never after the call: the watcher fires only while holding a lock and only while the call has
not finished; when it finishes, the calling thread marks it finished, takes the lock (so no
firing is half done) and takes back an exception raised but not yet delivered.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable

__all__ = ["REPEAT", "OutOfTime", "run"]

# How often the exception is raised again once the time is up, for code that catches it.
REPEAT = 0.05

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc  # returns how many threads it hit


class OutOfTime(BaseException):
    """Raised in the thread running :func:`run` when its time is up."""


def _raise_in(thread_id: int, exception) -> None:
    """Ask CPython to raise ``exception`` (a class, or None to take a pending one back) in the
    thread ``thread_id`` at its next bytecode."""
    thread = ctypes.c_ulong(thread_id)
    # None goes to C as NULL, which clears; py_object(None) would be Python's None instead
    hit = _set_async_exc(thread, None if exception is None else ctypes.py_object(exception))
    if hit > 1:  # more than one thread hit: undo, as the C API's documentation asks
        _set_async_exc(thread, None)


class _Watch:
    """The watch thread of one :func:`run` call, and what it shares with the calling thread."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.finished = False  # set by the calling thread once the call has ended
        self.fired = False  # set by the watcher once it has raised OutOfTime
        self.done = threading.Event()  # wakes the watcher early once the call has ended

    def start(self) -> None:
        threading.Thread(target=self._watch, daemon=True, name="exercise-deadline").start()

    def _watch(self) -> None:
        wait = self.seconds
        while not self.done.wait(wait):
            # the caller holds the lock only while it finishes (or forever, had an exception
            # stopped it there): either way there is nothing left to do
            if not self.lock.acquire(timeout=1.0):
                return
            try:
                if self.finished:
                    return
                _raise_in(self.thread_id, OutOfTime)
                self.fired = True
            finally:
                self.lock.release()
            wait = REPEAT


def run(seconds: float, function: Callable, *args, **kwargs):
    """``function(*args, **kwargs)``, stopped with :class:`OutOfTime` once ``seconds`` have
    passed. It raises OutOfTime also when the call returned after its time ran out (its code
    caught the exception), so running out of time always shows."""
    watch = _Watch(float(seconds))
    try:
        watch.start()
        result = function(*args, **kwargs)
    finally:
        # A plain store: CPython delivers no asynchronous exception before it. An exception
        # delivered later in this block leaves run() as OutOfTime, and none can follow it.
        watch.finished = True
        watch.lock.acquire()  # a firing in progress completes first
        _raise_in(watch.thread_id, None)  # take back one raised but not yet delivered
        watch.lock.release()
        watch.done.set()
    if watch.fired:
        raise OutOfTime
    return result
