#pragma once

#include "preferences.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace server {
class EmbeddedServer;
}
namespace stream {
class StreamWriter;
enum class ConnectionState;
} // namespace stream

namespace ui {

class ScintillaDocument;
struct EditorChange;

// The streaming of one writer's document: hosts a session on an embedded server (on the next
// free port when the asked one is taken) or streams to a remote server, sends the document's
// edits and cursor, stops, follows the reconnect policy of the preferences and tells the window
// what to show.
class StreamingController final : public QObject
{
    Q_OBJECT
public:
    explicit StreamingController(ScintillaDocument *document, QObject *parent = nullptr);
    ~StreamingController() override;

    // The running stream's writer and hosted server; nullptr when there is none.
    stream::StreamWriter *writer() const { return m_writer; }
    server::EmbeddedServer *embeddedServer() const { return m_server.get(); }
    bool isStreaming() const { return m_writer != nullptr; }
    // The link watchers open (with the LAN address when the session is hosted for the network).
    QUrl shareLink() const { return m_shareLink; }
    stream::ConnectionState connectionState() const { return m_connectionState; }
    // The connection state as the status bar shows it, with the time offline while reconnecting.
    QString connectionText() const;

    // Follows the flush interval and the reconnect policy of `preferences`.
    void applyPreferences(const Preferences &preferences);
    // The document's language (Monaco id) and title, sent to watchers.
    void setMeta(const QString &languageId, const QString &title);

    // Stops any stream, starts an embedded server on `bindAddress`, at `port` or the next free
    // port after it (0: any free port), then streams to it. On failure `error` says why.
    bool host(const QHostAddress &bindAddress, quint16 port, QString *error);
    // Stops any stream and streams to the CodeStream server at `origin`.
    void streamTo(const QUrl &origin);

public slots:
    // Stops streaming and the hosted server, if any.
    void stop();

signals:
    // A stream started (true) or stopped (false).
    void streamingChanged(bool streaming);
    // The share link became known or changed; empty when streaming stopped.
    void shareLinkChanged(const QUrl &link);
    // A started stream's share link is known: fires once per started stream.
    void shareLinkReady(const QUrl &link);
    // The text connectionText() returns changed (or, while offline, another second passed).
    void connectionTextChanged(const QString &text);
    // The number of watchers in the room changed.
    void watcherCountChanged(int watchers);
    // The document version the watchers follow changed.
    void versionChanged(qint64 version);
    // The stream, the server or the reconnect policy has something to tell the user.
    void errorOccurred(const QString &message);

private:
    void startWriter(const QUrl &origin);
    void onEditorChange(const EditorChange &change);
    void sendCursor();
    void onShareLinkChanged(const QUrl &link);
    void onConnectionStateChanged(stream::ConnectionState state);

    ScintillaDocument *m_document = nullptr;
    std::unique_ptr<server::EmbeddedServer> m_server;
    stream::StreamWriter *m_writer = nullptr;
    stream::ConnectionState m_connectionState {};
    QTimer m_reconnectTimer;
    QElapsedTimer m_offlineSince;
    bool m_networkShare = false;
    bool m_linkAnnounced = false;
    QUrl m_shareLink;
    QString m_languageId;
    QString m_title;
    bool m_cursorScheduled = false;
    Preferences m_preferences;
};

// A translated, human-readable name of a connection state.
QString connectionStateText(stream::ConnectionState state);

} // namespace ui
