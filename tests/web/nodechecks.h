#pragma once

#include "nodeprocess.h"

#include <QStringList>
#include <QTest>

// Runs a tests/node script that prints "ok <check>" / "fail <check> <detail>" lines and ends with
// "done <failures>"; collects them.
struct NodeChecks
{
    QStringList passed;
    QStringList failed;
    QStringList measures;
    bool finished = false;

    void run(NodeProcess &node, const QString &script, const QStringList &args, int timeoutMs)
    {
        QVERIFY(node.start(script, args));
        const QString done = node.waitForLine(QStringLiteral("done"), timeoutMs);
        finished = !done.isNull();
        for (const QString &line : node.lines()) {
            if (line.startsWith(QLatin1String("ok ")))
                passed.append(line.mid(3));
            else if (line.startsWith(QLatin1String("fail ")))
                failed.append(line.mid(5));
            else if (line.startsWith(QLatin1String("measure ")))
                measures.append(line.mid(8));
        }
        for (const QString &m : std::as_const(measures))
            qInfo("%s", qPrintable(m));
    }
};

#define CODESTREAM_VERIFY_CHECKS(checks, expected)                                                 \
    do {                                                                                           \
        QVERIFY2((checks).finished, "the node script did not finish");                             \
        QVERIFY2((checks).failed.isEmpty(), qPrintable((checks).failed.join(QLatin1Char('\n'))));  \
        for (const char *name : expected)                                                          \
            QVERIFY2((checks).passed.contains(QLatin1String(name)), name);                         \
    } while (false)
