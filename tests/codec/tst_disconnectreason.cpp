#include "engineio/disconnectreason.h"

#include <QSet>
#include <QTest>

using engineio::DisconnectReason;

Q_DECLARE_METATYPE(engineio::DisconnectReason)

// engineio::DisconnectReason: the reason text both sides put on the wire and in their signals.
class tst_DisconnectReason final : public QObject
{
    Q_OBJECT

private slots:
    void toString_givesTheSocketIoText_data();
    void toString_givesTheSocketIoText();
    void toString_everyReason_isDistinct();
};

void tst_DisconnectReason::toString_givesTheSocketIoText_data()
{
    QTest::addColumn<DisconnectReason>("reason");
    QTest::addColumn<QString>("text");
    QTest::newRow("transport close") << DisconnectReason::TransportClose << "transport close";
    QTest::newRow("transport error") << DisconnectReason::TransportError << "transport error";
    QTest::newRow("ping timeout") << DisconnectReason::PingTimeout << "ping timeout";
    QTest::newRow("parse error") << DisconnectReason::ParseError << "parse error";
    QTest::newRow("timeout") << DisconnectReason::Timeout << "timeout";
    QTest::newRow("forced close") << DisconnectReason::ForcedClose << "forced close";
    QTest::newRow("server shutting down")
        << DisconnectReason::ServerShuttingDown << "server shutting down";
    QTest::newRow("connect timeout") << DisconnectReason::ConnectTimeout << "connect timeout";
    QTest::newRow("client namespace disconnect")
        << DisconnectReason::ClientNamespaceDisconnect << "client namespace disconnect";
    QTest::newRow("server namespace disconnect")
        << DisconnectReason::ServerNamespaceDisconnect << "server namespace disconnect";
    QTest::newRow("io client disconnect")
        << DisconnectReason::IoClientDisconnect << "io client disconnect";
    QTest::newRow("io server disconnect")
        << DisconnectReason::IoServerDisconnect << "io server disconnect";
}

void tst_DisconnectReason::toString_givesTheSocketIoText()
{
    QFETCH(DisconnectReason, reason);
    QFETCH(QString, text);
    QCOMPARE(engineio::toString(reason), text);
}

void tst_DisconnectReason::toString_everyReason_isDistinct()
{
    QSet<QString> seen;
    for (int i = int(DisconnectReason::TransportClose);
         i <= int(DisconnectReason::IoServerDisconnect); ++i)
        seen.insert(engineio::toString(DisconnectReason(i)));
    QCOMPARE(seen.size(), int(DisconnectReason::IoServerDisconnect) + 1);
}

QTEST_GUILESS_MAIN(tst_DisconnectReason)
#include "tst_disconnectreason.moc"
