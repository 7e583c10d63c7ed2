#include "streamingcontroller.h"

#include "scintilladocument.h"

#include "server/embeddedserver.h"
#include "stream/streamwriter.h"

#include <QNetworkInterface>
#include <Qsci/qsciscintilla.h>

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

StreamingController::StreamingController(ScintillaDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_connectionState(stream::ConnectionState::Idle)
    , m_preferences(Preferences::defaults())
{
    m_reconnectTimer.setInterval(1000);
    connect(&m_reconnectTimer, &QTimer::timeout, this,
            [this] { emit connectionTextChanged(connectionText()); });
    connect(m_document, &ScintillaDocument::changed, this, &StreamingController::onEditorChange);
    connect(m_document->editor(), &QsciScintillaBase::SCN_UPDATEUI, this, [this](int updated) {
        if (updated
            & (QsciScintillaBase::SC_UPDATE_SELECTION | QsciScintillaBase::SC_UPDATE_CONTENT))
            sendCursor();
    });
}

StreamingController::~StreamingController()
{
    delete m_writer;
    m_writer = nullptr;
}

void StreamingController::applyPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    if (m_writer) {
        m_writer->setFlushInterval(preferences.flushIntervalMs);
        m_writer->setReconnectionDelayMax(preferences.reconnectMaxDelayMs);
    }
}

void StreamingController::setMeta(const QString &languageId, const QString &title)
{
    m_languageId = languageId;
    m_title = title;
    if (m_writer)
        m_writer->setMeta(m_languageId, m_title);
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
    m_document->flush();
    m_writer = new stream::StreamWriter(m_document, this);
    m_writer->setFlushInterval(m_preferences.flushIntervalMs);
    m_writer->setReconnectionDelayMax(m_preferences.reconnectMaxDelayMs);
    connect(m_writer, &stream::StreamWriter::shareLinkChanged, this,
            &StreamingController::onShareLinkChanged);
    connect(m_writer, &stream::StreamWriter::connectionStateChanged, this,
            &StreamingController::onConnectionStateChanged);
    connect(m_writer, &stream::StreamWriter::watcherCountChanged, this,
            &StreamingController::watcherCountChanged);
    connect(m_writer, &stream::StreamWriter::versionChanged, this,
            &StreamingController::versionChanged);
    connect(m_writer, &stream::StreamWriter::errorOccurred, this,
            &StreamingController::errorOccurred);
    m_writer->setMeta(m_languageId, m_title);
    emit streamingChanged(true);
    m_writer->start(origin);
}

void StreamingController::stop()
{
    if (m_writer) {
        m_document->flush();
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

void StreamingController::onEditorChange(const EditorChange &change)
{
    if (!m_writer)
        return;
    stream::ContentChangeEvent event;
    event.changes = {change.toTextChange()};
    event.eol = m_document->eol();
    event.isUndoing = change.isUndoing;
    event.isRedoing = change.isRedoing;
    m_writer->recordEvent(event);
}

void StreamingController::sendCursor()
{
    if (!m_writer || m_cursorScheduled)
        return;
    m_cursorScheduled = true;
    // After the edit's own report (a pending insertion is reported on the next loop turn).
    QTimer::singleShot(0, this, [this] {
        m_cursorScheduled = false;
        if (!m_writer)
            return;
        m_document->flush();
        m_writer->setCursor(m_document->selections());
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

QString StreamingController::connectionText() const
{
    if (m_reconnectTimer.isActive())
        return tr("Reconnecting… (offline for %n s)", nullptr,
                  int(m_offlineSince.elapsed() / 1000));
    return connectionStateText(m_connectionState);
}

} // namespace ui
