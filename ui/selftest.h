#pragma once

#include <QString>

namespace ui {

// The outcome of runSelfTest(): whether it passed, and a one-line account of what happened.
struct SelfTestResult
{
    bool passed = false;
    QString summary;
};

// Checks the installed application end to end: opens a writer window and a watcher window,
// hosts a session on an embedded server on 127.0.0.1 (any free port), types a line in the writer
// and waits until the watcher shows the same text. Runs the event loop; gives up after
// `timeoutMs`.
SelfTestResult runSelfTest(int timeoutMs = 20000);

} // namespace ui
