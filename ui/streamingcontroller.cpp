#include "streamingcontroller.h"

#include "scintilladocument.h"

#include "server/embeddedserver.h"
#include "stream/workspacewriter.h"

#include <QNetworkInterface>
#include <QTimer>
#include <Qsci/qsciscintilla.h>

#include <algorithm>

namespace ui {

namespace {

constexpr int maxPortAttempts = 20;

// The first IPv4 address other machines can reach this one on, or loopback.
QHostAddress lanAddress()
{
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()
            && !address.isLinkLocal())
            return address;
    }
    return QHostAddress(QHostAddress::LocalHost);
}

} // namespace

QString connectionStateText(stream::ConnectionState state)
{
    switch (state) {
    case stream::ConnectionState::Idle:
        return StreamingController::tr("Not streaming");
    case stream::ConnectionState::Negotiating:
        return StreamingController::tr("Negotiating…");
    case stream::ConnectionState::Connecting:
        return StreamingController::tr("Connecting…");
    case stream::ConnectionState::Connected:
        return StreamingController::tr("Live");
    case stream::ConnectionState::Reconnecting:
        return StreamingController::tr("Reconnecting…");
    case stream::ConnectionState::Failed:
        return StreamingController::tr("Connection failed");
    }
    return {};
}

StreamingController::StreamingController(QObject *parent)
    : QObject(parent)
    , m_connectionState(stream::ConnectionState::Idle)
    , m_preferences(Preferences::defaults())
{
    m_reconnectTimer.setInterval(1000);
    connect(&m_reconnectTimer, &QTimer::timeout, this,
            [this] { emit connectionTextChanged(connectionText()); });
}

StreamingController::~StreamingController()
{
    delete m_writer;
    m_writer = nullptr;
    for (const auto &entry : m_documents) {
        for (const QMetaObject::Connection &connection : std::as_const(entry->connections))
            disconnect(connection);
    }
}

void StreamingController::applyPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    if (m_writer) {
        m_writer->setFlushInterval(preferences.flushIntervalMs);
        m_writer->setReconnectionDelayMax(preferences.reconnectMaxDelayMs);
    }
}

StreamingController::Entry *StreamingController::entryOf(const ScintillaDocument *document) const
{
    for (const auto &entry : m_documents) {
        if (entry->document == document)
            return entry.get();
    }
    return nullptr;
}

void StreamingController::addDocument(ScintillaDocument *document, const QString &title,
                                      const QString &languageId)
{
    if (!document || entryOf(document))
        return;
    auto entry = std::make_unique<Entry>();
    Entry *raw = entry.get();
    raw->document = document;
    raw->title = title;
    raw->languageId = languageId;
    raw->connections.append(
        connect(document, &ScintillaDocument::changed, this,
                [this, raw](const EditorChange &change) { onEditorChange(raw, change); }));
    raw->connections.append(connect(
        document->editor(), &QsciScintillaBase::SCN_UPDATEUI, this, [this, raw](int updated) {
            if (updated
                & (QsciScintillaBase::SC_UPDATE_SELECTION | QsciScintillaBase::SC_UPDATE_CONTENT))
                sendCursor(raw);
        }));
    m_documents.push_back(std::move(entry));
    if (!m_active)
        m_active = document;
    if (m_writer)
        addFile(raw);
}

void StreamingController::addFile(Entry *entry)
{
    entry->document->flush();
    entry->id = m_writer->addFile(entry->document, entry->title, entry->languageId);
    if (entry->id.isEmpty())
        emit errorOccurred(tr("%1 is not streamed: the workspace refused it.").arg(entry->title));
}

void StreamingController::removeDocument(ScintillaDocument *document)
{
    const auto it
        = std::find_if(m_documents.begin(), m_documents.end(),
                       [document](const auto &entry) { return entry->document == document; });
    if (it == m_documents.end())
        return;
    for (const QMetaObject::Connection &connection : std::as_const((*it)->connections))
        disconnect(connection);
    if (m_writer && !(*it)->id.isEmpty())
        m_writer->removeFile((*it)->id);
    m_documents.erase(it);
    if (m_active == document)
        m_active = m_documents.empty() ? nullptr : m_documents.front()->document;
}

void StreamingController::setDocumentMeta(ScintillaDocument *document, const QString &title,
                                          const QString &languageId)
{
    Entry *entry = entryOf(document);
    if (!entry || (entry->title == title && entry->languageId == languageId))
        return;
    entry->title = title;
    entry->languageId = languageId;
    if (!m_writer)
        return;
    if (entry->id.isEmpty())
        addFile(entry); // a name the workspace refused may be acceptable now
    else
        m_writer->setFileMeta(entry->id, title, languageId);
}

void StreamingController::setActiveDocument(ScintillaDocument *document)
{
    Entry *entry = entryOf(document);
    if (!entry || m_active == document)
        return;
    // The previous document's last keystrokes go out before R switches to the new one.
    if (Entry *previous = entryOf(m_active))
        previous->document->flush();
    m_active = document;
    if (m_writer && !entry->id.isEmpty())
        m_writer->setActiveFile(entry->id);
}

QString StreamingController::fileId(ScintillaDocument *document) const
{
    const Entry *entry = entryOf(document);
    return entry ? entry->id : QString();
}

bool StreamingController::host(const QHostAddress &bindAddress, quint16 port, QString *error)
{
    stop();
    QString lastError;
    const int attempts = port == 0 ? 1 : maxPortAttempts;
    for (int attempt = 0; attempt < attempts && int(port) + attempt <= 65535; ++attempt) {
        server::EmbeddedServerOptions options;
        options.bindAddress = bindAddress;
        options.port = quint16(port == 0 ? 0 : port + attempt);
        auto candidate = std::make_unique<server::EmbeddedServer>(options);
        if (candidate->start(&lastError)) {
            m_server = std::move(candidate);
            break;
        }
    }
    if (!m_server) {
        if (error)
            *error = tr("Cannot host a session: %1").arg(lastError);
        return false;
    }
    connect(m_server.get(), &server::EmbeddedServer::errorOccurred, this,
            [this](const QString &detail) { emit errorOccurred(tr("Server: %1").arg(detail)); });
    m_networkShare
        = bindAddress != QHostAddress(QHostAddress::LocalHost) && !bindAddress.isLoopback();
    startWriter(m_server->origin());
    return true;
}

void StreamingController::streamTo(const QUrl &origin)
{
    stop();
    m_networkShare = false;
    startWriter(origin);
}

void StreamingController::startWriter(const QUrl &origin)
{
    m_linkAnnounced = false;
    m_writer = new stream::WorkspaceWriter(this);
    m_writer->setFlushInterval(m_preferences.flushIntervalMs);
    m_writer->setReconnectionDelayMax(m_preferences.reconnectMaxDelayMs);
    m_writer->setEncrypted(m_preferences.encrypt);
    connect(m_writer, &stream::WorkspaceWriter::shareLinkChanged, this,
            &StreamingController::onShareLinkChanged);
    connect(m_writer, &stream::WorkspaceWriter::connectionStateChanged, this,
            &StreamingController::onConnectionStateChanged);
    connect(m_writer, &stream::WorkspaceWriter::watcherCountChanged, this,
            &StreamingController::watcherCountChanged);
    connect(m_writer, &stream::WorkspaceWriter::versionChanged, this,
            &StreamingController::versionChanged);
    connect(m_writer, &stream::WorkspaceWriter::errorOccurred, this,
            &StreamingController::errorOccurred);
    // Every open document is a file of the workspace, in the order of the tabs (§14).
    for (const auto &entry : m_documents)
        addFile(entry.get());
    if (const Entry *active = entryOf(m_active); active && !active->id.isEmpty())
        m_writer->setActiveFile(active->id);
    emit streamingChanged(true);
    m_writer->start(origin);
}

void StreamingController::stop()
{
    if (m_writer) {
        for (const auto &entry : m_documents) {
            entry->document->flush();
            entry->id.clear();
        }
        m_writer->stop();
        m_writer->deleteLater();
        m_writer = nullptr;
    }
    if (m_server) {
        m_server->stop();
        m_server.reset();
    }
    m_shareLink.clear();
    m_reconnectTimer.stop();
    onConnectionStateChanged(stream::ConnectionState::Idle);
    emit shareLinkChanged(QUrl());
    emit streamingChanged(false);
}

void StreamingController::onEditorChange(Entry *entry, const EditorChange &change)
{
    if (!m_writer || entry->id.isEmpty())
        return;
    stream::ContentChangeEvent event;
    event.changes = {change.toTextChange()};
    event.eol = entry->document->eol();
    event.isUndoing = change.isUndoing;
    event.isRedoing = change.isRedoing;
    m_writer->recordEvent(entry->id, event);
}

void StreamingController::sendCursor(Entry *entry)
{
    if (!m_writer || entry->cursorScheduled)
        return;
    entry->cursorScheduled = true;
    // After the edit's own report (a pending insertion is reported on the next loop turn). The
    // entry may be gone by then: look it up again.
    ScintillaDocument *document = entry->document;
    QTimer::singleShot(0, this, [this, document] {
        Entry *current = entryOf(document);
        if (!current)
            return;
        current->cursorScheduled = false;
        if (!m_writer || current->id.isEmpty())
            return;
        document->flush();
        m_writer->setCursor(current->id, document->selections());
    });
}

void StreamingController::onShareLinkChanged(const QUrl &link)
{
    if (link.isEmpty())
        return;
    QUrl shared = link;
    if (m_networkShare && shared.host() != lanAddress().toString()
        && QHostAddress(shared.host()).isLoopback())
        shared.setHost(lanAddress().toString());
    m_shareLink = shared;
    emit shareLinkChanged(shared);
    if (!m_linkAnnounced) {
        m_linkAnnounced = true;
        emit shareLinkReady(shared);
    }
}

void StreamingController::onConnectionStateChanged(stream::ConnectionState state)
{
    m_connectionState = state;
    if (state == stream::ConnectionState::Reconnecting && m_writer && !m_preferences.reconnect) {
        // Reconnecting is turned off in the preferences.
        QTimer::singleShot(0, this, [this] {
            if (m_connectionState != stream::ConnectionState::Reconnecting)
                return;
            stop();
            emit errorOccurred(
                tr("The connection dropped; streaming stopped (reconnecting is off)."));
        });
    }
    if (state == stream::ConnectionState::Reconnecting) {
        if (!m_reconnectTimer.isActive()) {
            m_offlineSince.start();
            m_reconnectTimer.start();
        }
    } else {
        m_reconnectTimer.stop();
    }
    emit connectionTextChanged(connectionText());
}

bool StreamingController::isEncrypted() const
{
    return m_writer && m_writer->isEncrypted();
}

QString StreamingController::connectionText() const
{
    if (m_reconnectTimer.isActive())
        return tr("Reconnecting… (offline for %n s)", nullptr,
                  int(m_offlineSince.elapsed() / 1000));
    return connectionStateText(m_connectionState);
}

} // namespace ui
