#pragma once

#include "interoppeers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>

namespace interop {

// Who writes a stream in a test.
enum class WriterKind {
    Cli, // codestream-cli stream FILE --server ORIGIN; the test rewrites FILE
    Node, // tests/node/interop-peer.js writer on npm socket.io-client
};

// A writer peer streaming a document that the test replaces snapshot by snapshot.
class WriterPeer final
{
public:
    explicit WriterPeer(WriterKind kind)
        : m_kind(kind)
    { }

    // Starts streaming to `origin`; returns the share link, or an empty string. `encrypt`: end
    // to end (codestream-cli only).
    QString start(const QString &origin, const QByteArray &initialText = {}, bool encrypt = false)
    {
        if (m_kind == WriterKind::Cli) {
            m_file = m_dir.filePath(QStringLiteral("streamed.cpp"));
            if (!writeFile(m_file, initialText))
                return {};
            QStringList args {QStringLiteral("stream"), m_file, QStringLiteral("--server"), origin};
            if (encrypt)
                args << QStringLiteral("--encrypt");
            if (!m_peer.start(binPath(QStringLiteral("codestream-cli")), args))
                return {};
            m_link = m_peer.waitForLine(QStringLiteral("share:"), 30000);
        } else {
            if (!m_peer.startNode(NodeProcess::scriptPath(QStringLiteral("interop-peer.js")),
                                  {QStringLiteral("writer"), QStringLiteral("--origin"), origin}))
                return {};
            m_link = m_peer.waitForLine(QStringLiteral("share "), 30000);
            if (m_peer.waitForLine(QStringLiteral("joined"), 30000).isNull())
                return {};
            if (!initialText.isEmpty())
                setText(initialText);
        }
        return m_link;
    }

    void setText(const QByteArray &text)
    {
        if (m_kind == WriterKind::Cli) {
            writeFile(m_file, text);
        } else {
            const QJsonObject edit {{QStringLiteral("set"), QString::fromUtf8(text)}};
            m_peer.write(QJsonDocument(edit).toJson(QJsonDocument::Compact));
        }
    }

    // The room of the link, without the key of an encrypted one.
    QString roomId() const { return QUrl(m_link).fragment().section(u',', 0, 0); }
    QString link() const { return m_link; }
    Peer &peer() { return m_peer; }
    QString diagnostics() const { return m_peer.diagnostics(); }

private:
    WriterKind m_kind;
    QTemporaryDir m_dir;
    QString m_file;
    QString m_link;
    Peer m_peer;
};

// `codestream-cli watch LINK --output FILE`.
class CliWatcher final
{
public:
    bool start(const QString &link)
    {
        m_output = m_dir.filePath(QStringLiteral("watched.txt"));
        return m_peer.start(binPath(QStringLiteral("codestream-cli")),
                            {QStringLiteral("watch"), link, QStringLiteral("--output"), m_output});
    }
    QByteArray text() const { return readFile(m_output); }
    QString diagnostics() const { return m_peer.diagnostics(); }
    Peer &peer() { return m_peer; }

private:
    QTemporaryDir m_dir;
    QString m_output;
    Peer m_peer;
};

// tests/node/interop-peer.js watcher: npm socket.io-client, docs/protocol.md's watcher state
// machine, several origins tried in turn.
class NodeWatcher final
{
public:
    bool start(const QStringList &origins, const QString &room)
    {
        m_output = m_dir.filePath(QStringLiteral("watched.txt"));
        QStringList args {QStringLiteral("watcher"), QStringLiteral("--room"), room,
                          QStringLiteral("--output"), m_output};
        for (const QString &origin : origins)
            args << QStringLiteral("--origin") << origin;
        return m_peer.startNode(NodeProcess::scriptPath(QStringLiteral("interop-peer.js")), args);
    }
    QByteArray text() const { return readFile(m_output); }
    QString diagnostics() const { return m_peer.diagnostics(); }
    Peer &peer() { return m_peer; }

private:
    QTemporaryDir m_dir;
    QString m_output;
    Peer m_peer;
};

} // namespace interop
