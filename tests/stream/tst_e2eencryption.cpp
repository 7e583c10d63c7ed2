// End-to-end encrypted rooms through npm socket.io running the original sample's server logic,
// with every payload the relay sees logged (docs/protocol.md §12): codestream-cli stream
// --encrypt and codestream-cli watch.
#include "cliprocess.h"
#include "nodeprocess.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace Qt::StringLiterals;

using namespace clitest;

namespace {

const QString missingKeyMessage
    = u"This stream is end-to-end encrypted, and the link you opened lacks its key"_s;
const QString differentKeyMessage
    = u"This stream is end-to-end encrypted, and the link you opened has a different key"_s;

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write(bytes) == bytes.size();
}

// A codestream-cli process whose stderr is collected as it comes.
class Cli final
{
public:
    Cli()
    {
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_stderr += m_process.readAllStandardError(); });
    }
    ~Cli() { terminate(m_process); }

    bool start(const QStringList &args)
    {
        m_process.start(cliPath(), args);
        return m_process.waitForStarted(10000);
    }
    // Waits for the "share: <link>" line of `stream`.
    QString waitForShareLink()
    {
        QString link;
        const bool done = QTest::qWaitFor(
            [&] {
                while (m_process.canReadLine()) {
                    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                    if (line.startsWith(u"share: "_s))
                        link = line.mid(7);
                }
                return !link.isEmpty() || m_process.state() == QProcess::NotRunning;
            },
            20000);
        return done ? link : QString();
    }
    QString log() const { return QString::fromUtf8(m_stderr); }
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_stderr;
};

} // namespace

class tst_E2eEncryption final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void stream_relayLogHoldsNeitherCodeNorKey_watcherEndsByteEqual_data();
    void stream_relayLogHoldsNeitherCodeNorKey_watcherEndsByteEqual();
    void flippedCtByte_watcherDropsIt_resyncs_endsByteEqual();
    void linkWithoutKey_orWithAnotherKey_exitsThreeWithMessage();
    void twoRoomsWithDifferentKeys_doNotReadEachOther();

private:
    // Starts the logging relay; returns its origin or an empty string.
    QString startRelay(const QStringList &extra = {});
    // Starts `stream FILE --server relay [--encrypt]` on `text`; returns the link.
    QString startWriter(Cli &writer, const QString &file, const QByteArray &text, bool encrypt);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<NodeProcess> m_relay;
    QString m_origin;
    QString m_logPath;
};

void tst_E2eEncryption::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_logPath = m_dir->filePath(u"relay.log"_s);
}

void tst_E2eEncryption::cleanup()
{
    m_relay.reset();
    m_dir.reset();
}

QString tst_E2eEncryption::startRelay(const QStringList &extra)
{
    m_relay = std::make_unique<NodeProcess>();
    const int port = m_relay->startServer(u"e2e-logging-relay.js"_s,
                                          QStringList {u"--log"_s, m_logPath} + extra);
    if (port <= 0)
        return {};
    m_origin = u"http://127.0.0.1:%1"_s.arg(port);
    return m_origin;
}

QString tst_E2eEncryption::startWriter(Cli &writer, const QString &file, const QByteArray &text,
                                       bool encrypt)
{
    if (!writeAll(file, text))
        return {};
    QStringList args {u"stream"_s, file, u"--server"_s, m_origin, u"--interval"_s, u"50"_s};
    if (encrypt)
        args << u"--encrypt"_s;
    if (!writer.start(args))
        return {};
    return writer.waitForShareLink();
}

void tst_E2eEncryption::stream_relayLogHoldsNeitherCodeNorKey_watcherEndsByteEqual_data()
{
    QTest::addColumn<bool>("encrypt");
    QTest::newRow("encrypted") << true;
    // The control: the same run in clear puts the marker in the log, so the log is complete.
    QTest::newRow("clear") << false;
}

void tst_E2eEncryption::stream_relayLogHoldsNeitherCodeNorKey_watcherEndsByteEqual()
{
    QFETCH(bool, encrypt);
    QVERIFY(!startRelay().isEmpty());
    const QString file = m_dir->filePath(u"secret-title.cpp"_s);
    const QString output = m_dir->filePath(u"watched.cpp"_s);
    QByteArray text = "int main()\n{\n    return 0; // héllo 😀\n}\n";
    Cli writer;
    const QString link = startWriter(writer, file, text, encrypt);
    QVERIFY2(!link.isEmpty(), qPrintable(writer.log()));
    const QString fragment = QUrl(link).fragment();
    const QString room = fragment.section(u',', 0, 0);
    const QString key = fragment.section(u',', 1);
    QCOMPARE(key.size(), encrypt ? 43 : 0);

    Cli watcher;
    QVERIFY(watcher.start({u"watch"_s, link, u"--output"_s, output}));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text, 20000);
    // The marker is typed in, one piece at a time.
    const QByteArray marker = "ZEBRA-MARKER-4711";
    for (qsizetype i = 1; i <= marker.size(); i += 4) {
        QByteArray typed = text;
        typed.insert(text.indexOf("return"), marker.left(i));
        QVERIFY(writeAll(file, typed));
        QTRY_COMPARE_WITH_TIMEOUT(readAll(output), typed, 20000);
    }
    text.insert(text.indexOf("return"), marker);
    QVERIFY(writeAll(file, text));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text, 20000);
    // A watcher joining now gets the whole document, the marker in one piece, in a full.
    Cli lateWatcher;
    const QString lateOutput = m_dir->filePath(u"late.cpp"_s);
    QVERIFY(lateWatcher.start({u"watch"_s, link, u"--output"_s, lateOutput}));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(lateOutput), text, 20000);
    terminate(lateWatcher.process());
    terminate(watcher.process());
    terminate(writer.process());
    QCOMPARE(watcher.process().exitCode(), 0);

    const QByteArray log = readAll(m_logPath);
    QVERIFY(log.contains("sendToRoom"));
    QVERIFY(log.contains("/negotiate"));
    QCOMPARE(log.contains(marker), !encrypt);
    QVERIFY(!encrypt || !log.contains("KER-4711"));
    QCOMPARE(log.contains("secret-title"), !encrypt);
    QCOMPARE(log.contains("héllo"), !encrypt);
    QCOMPARE(log.contains("\"sealed\""), encrypt);
    if (encrypt) {
        // The key, in any base64 spelling, never reached the server.
        const QByteArray keyBytes = QByteArray::fromBase64(
            key.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QCOMPARE(keyBytes.size(), 32);
        QVERIFY(!log.contains(key.toLatin1()));
        QVERIFY(!log.contains(keyBytes.toBase64().left(40)));
        QVERIFY(!log.contains(keyBytes.toHex().left(40)));
        QVERIFY(!log.contains(QUrl::toPercentEncoding(key).left(40)));
    }
    // What the server saw of the room: R alone, in /negotiate and in joinRoom.
    const QByteArray r = room.toLatin1();
    QVERIFY(log.contains(QByteArray("/negotiate?room_id=" + r + "\"")));
    QVERIFY(log.contains(QByteArray("\"room_id\":\"" + r + "\"")));
    QVERIFY(!log.contains(QByteArray(r + ",")));
    QVERIFY(!log.contains(QByteArray(r + "%2C")));
}

void tst_E2eEncryption::flippedCtByte_watcherDropsIt_resyncs_endsByteEqual()
{
    QVERIFY(!startRelay().isEmpty());
    const QString file = m_dir->filePath(u"main.cpp"_s);
    const QString output = m_dir->filePath(u"watched.cpp"_s);
    QByteArray text = "alpha\nbeta\n";
    Cli writer;
    const QString link = startWriter(writer, file, text, true);
    QVERIFY2(!link.isEmpty(), qPrintable(writer.log()));
    Cli watcher;
    QVERIFY(watcher.start({u"watch"_s, link, u"--output"_s, output}));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text, 20000);

    // The writer is idle: the next sealed message is the delta of this edit.
    m_relay->process().write("flip\n");
    const QByteArray edited = "alpha\nedited\nbeta\n";
    QVERIFY(writeAll(file, edited));
    QVERIFY(!m_relay->waitForLine(u"flipped"_s, 20000).isNull());
    // The damaged delta was dropped and a full asked for: the document comes back whole.
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), edited, 20000);
    text = "alpha\nedited\nbeta\ngamma\n";
    QVERIFY(writeAll(file, text));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(output), text, 20000);
    terminate(watcher.process());
    QCOMPARE(watcher.process().exitCode(), 0);
    QVERIFY2(watcher.log().contains(u"state: resyncing"_s), qPrintable(watcher.log()));
    QVERIFY2(watcher.log().contains(u"dropped 1 sealed messages that failed authentication"_s),
             qPrintable(watcher.log()));
    QVERIFY(!watcher.log().contains(differentKeyMessage));
}

void tst_E2eEncryption::linkWithoutKey_orWithAnotherKey_exitsThreeWithMessage()
{
    QVERIFY(!startRelay().isEmpty());
    Cli writer;
    const QString link = startWriter(writer, m_dir->filePath(u"main.cpp"_s), "secret\n", true);
    QVERIFY2(!link.isEmpty(), qPrintable(writer.log()));
    const QString withoutKey = link.section(u',', 0, 0);
    const QString otherKey = withoutKey + u",AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    const QList<std::pair<QString, QString>> cases {{withoutKey, missingKeyMessage},
                                                    {otherKey, differentKeyMessage}};
    for (const auto &[watched, message] : cases) {
        Cli watcher;
        QVERIFY(watcher.start({u"watch"_s, watched}));
        QTRY_VERIFY_WITH_TIMEOUT(watcher.process().state() == QProcess::NotRunning, 20000);
        QCOMPARE(watcher.process().exitCode(), 3);
        QVERIFY2(watcher.log().contains(message), qPrintable(watcher.log()));
        QVERIFY(!watcher.process().readAllStandardOutput().contains("secret"));
    }
}

void tst_E2eEncryption::twoRoomsWithDifferentKeys_doNotReadEachOther()
{
    QVERIFY(!startRelay().isEmpty());
    Cli writerA;
    Cli writerB;
    const QString linkA = startWriter(writerA, m_dir->filePath(u"a.cpp"_s), "room A\n", true);
    const QString linkB = startWriter(writerB, m_dir->filePath(u"b.cpp"_s), "room B\n", true);
    QVERIFY2(!linkA.isEmpty() && !linkB.isEmpty(), qPrintable(writerA.log() + writerB.log()));
    const QString keyA = linkA.section(u',', 1);
    const QString keyB = linkB.section(u',', 1);
    QVERIFY(keyA != keyB);

    // Each room with its own key reads; each room with the other's key does not.
    Cli watcherA;
    const QString outputA = m_dir->filePath(u"a.out"_s);
    QVERIFY(watcherA.start({u"watch"_s, linkA, u"--output"_s, outputA}));
    QTRY_COMPARE_WITH_TIMEOUT(readAll(outputA), QByteArray("room A\n"), 20000);
    const QStringList crossedLinks {linkA.section(u',', 0, 0) + u',' + keyB,
                                    linkB.section(u',', 0, 0) + u',' + keyA};
    for (const QString &crossed : crossedLinks) {
        Cli watcher;
        QVERIFY(watcher.start({u"watch"_s, crossed}));
        QTRY_VERIFY_WITH_TIMEOUT(watcher.process().state() == QProcess::NotRunning, 20000);
        QCOMPARE(watcher.process().exitCode(), 3);
        QVERIFY2(watcher.log().contains(differentKeyMessage), qPrintable(watcher.log()));
        QVERIFY(!watcher.process().readAllStandardOutput().contains("room"));
    }
    QCOMPARE(readAll(outputA), QByteArray("room A\n"));
}

QTEST_GUILESS_MAIN(tst_E2eEncryption)
#include "tst_e2eencryption.moc"
