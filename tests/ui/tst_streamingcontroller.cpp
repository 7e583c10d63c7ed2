#include "scintilladocument.h"
#include "streamingcontroller.h"

#include "server/embeddedserver.h"
#include "stream/streamwriter.h"

#include <QSignalSpy>
#include <QTest>
#include <Qsci/qsciscintilla.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 20000;

} // namespace

class tst_StreamingController : public QObject
{
    Q_OBJECT

private slots:
    void host_announcesLinkOnce_andStopClearsIt();
    void host_addressNotOnThisMachine_failsWithReason();
};

void tst_StreamingController::host_announcesLinkOnce_andStopClearsIt()
{
    QsciScintilla editor;
    ui::ScintillaDocument document(&editor);
    ui::StreamingController streaming;
    streaming.addDocument(&document, u"untitled.txt"_s, u"plaintext"_s);
    QCOMPARE(streaming.connectionText(), ui::connectionStateText(stream::ConnectionState::Idle));

    QSignalSpy streamingSpy(&streaming, &ui::StreamingController::streamingChanged);
    QSignalSpy linkSpy(&streaming, &ui::StreamingController::shareLinkChanged);
    QSignalSpy readySpy(&streaming, &ui::StreamingController::shareLinkReady);
    QSignalSpy errorSpy(&streaming, &ui::StreamingController::errorOccurred);
    QString error;
    QVERIFY2(streaming.host(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));
    QVERIFY(streaming.isStreaming());
    QVERIFY(streaming.embeddedServer());
    QCOMPARE(streamingSpy.constLast().at(0).toBool(), true);

    QTRY_COMPARE_WITH_TIMEOUT(readySpy.count(), 1, timeoutMs);
    const QUrl link = readySpy.at(0).at(0).toUrl();
    QCOMPARE(link, streaming.shareLink());
    QCOMPARE(link.port(), int(streaming.embeddedServer()->port()));
    QVERIFY(!link.fragment().isEmpty());
    QCOMPARE(linkSpy.constLast().at(0).toUrl(), link);
    QTRY_COMPARE_WITH_TIMEOUT(streaming.connectionText(), u"Live"_s, timeoutMs);

    streaming.stop();
    QVERIFY(!streaming.isStreaming());
    QVERIFY(!streaming.embeddedServer());
    QVERIFY(streaming.shareLink().isEmpty());
    QVERIFY(linkSpy.constLast().at(0).toUrl().isEmpty());
    QCOMPARE(streamingSpy.constLast().at(0).toBool(), false);
    QCOMPARE(streaming.connectionText(), ui::connectionStateText(stream::ConnectionState::Idle));
    QCOMPARE(readySpy.count(), 1);
    QCOMPARE(errorSpy.count(), 0);
}

void tst_StreamingController::host_addressNotOnThisMachine_failsWithReason()
{
    QsciScintilla editor;
    ui::ScintillaDocument document(&editor);
    ui::StreamingController streaming;
    streaming.addDocument(&document, u"untitled.txt"_s, u"plaintext"_s);
    QSignalSpy readySpy(&streaming, &ui::StreamingController::shareLinkReady);
    QString error;
    // 192.0.2.1 (TEST-NET-1) is nobody's address: every port attempt fails to bind.
    QVERIFY(!streaming.host(QHostAddress(u"192.0.2.1"_s), 40000, &error));
    QVERIFY2(error.startsWith(u"Cannot host a session: "_s), qPrintable(error));
    QVERIFY(!streaming.isStreaming());
    QVERIFY(!streaming.embeddedServer());
    QCOMPARE(readySpy.count(), 0);
}

QTEST_MAIN(tst_StreamingController)
#include "tst_streamingcontroller.moc"
