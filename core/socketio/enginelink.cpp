#include "socketio/enginelink.h"

#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QWebSocket>

namespace socketio {

using engineio::DisconnectReason;

EngineLink::EngineLink(QObject *parent)
    : QObject(parent)
{
    m_pingTimer.setSingleShot(true);
    m_openTimer.setSingleShot(true);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        fail(DisconnectReason::PingTimeout, ClientError::PingTimeout,
             QStringLiteral("no ping from the server within %1 ms")
                 .arg(m_handshake.pingInterval + m_handshake.pingTimeout));
    });
    connect(&m_openTimer, &QTimer::timeout, this, [this] {
        fail(DisconnectReason::Timeout, ClientError::ConnectFailed,
             QStringLiteral("connection not open after %1 ms").arg(m_openTimeoutMs));
    });
}

EngineLink::~EngineLink()
{
    tearDown(false);
}

QUrl EngineLink::engineUrl(const ClientOptions &options)
{
    QUrl url = options.url;
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        url.setScheme(QStringLiteral("wss"));
    else
        url.setScheme(QStringLiteral("ws"));
    QString path = options.path.isEmpty() ? QStringLiteral("/socket.io/") : options.path;
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    if (!path.endsWith(QLatin1Char('/')))
        path.append(QLatin1Char('/'));
    url.setPath(path);
    QUrlQuery query = options.query;
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    url.setQuery(query);
    url.setFragment(QString());
    return url;
}

void EngineLink::open(const ClientOptions &options)
{
    tearDown(false);
    m_tlsErrorReported = false;
    m_openTimeoutMs = options.openTimeoutMs;
    m_webSocket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    QWebSocket *ws = m_webSocket;

    connect(ws, &QWebSocket::textMessageReceived, this,
            [this](const QString &message) { onTextFrame(message.toUtf8()); });
    connect(ws, &QWebSocket::binaryMessageReceived, this, &EngineLink::onBinaryFrame);
    connect(ws, &QWebSocket::disconnected, this, [this] {
        fail(DisconnectReason::TransportClose,
             m_open ? ClientError::TransportClosed : ClientError::ConnectFailed,
             QStringLiteral("connection closed"));
    });
    connect(ws, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList details;
        for (const QSslError &error : errors)
            details.append(error.errorString());
        m_tlsErrorReported = true;
        // Never ignored: the handshake fails and the error path below tears the socket down.
        emit errorOccurred(ClientError::TlsError, details.join(QStringLiteral("; ")));
    });
    // Qt 6.4: after a failed opening handshake QWebSocket reports the error but does not
    // disconnect; every error therefore ends the attempt here (tearDown aborts the socket).
    connect(ws, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError error) { onSocketError(int(error)); });

    QNetworkRequest request(engineUrl(options));
    for (const auto &header : std::as_const(options.headers))
        request.setRawHeader(header.first, header.second);
    if (!options.trustedCertificates.isEmpty()) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.addCaCertificates(options.trustedCertificates);
        request.setSslConfiguration(configuration);
        ws->setSslConfiguration(configuration);
    }
    if (options.openTimeoutMs > 0)
        m_openTimer.start(options.openTimeoutMs);
    ws->open(request);
}

void EngineLink::close(bool graceful)
{
    tearDown(graceful);
}

void EngineLink::fail(DisconnectReason reason, ClientError error, const QString &detail)
{
    if (!m_webSocket)
        return; // already ended for this attempt
    tearDown(false);
    emit closed(reason, error, detail);
}

void EngineLink::sendText(const QByteArray &utf8)
{
    if (isOpen()) {
        const auto frame = engineio::encodeFrame(
            engineio::EnginePacket::text(engineio::PacketType::Message, utf8));
        m_webSocket->sendTextMessage(QString::fromUtf8(frame));
    }
}

void EngineLink::sendBinary(const QByteArray &bytes)
{
    if (isOpen())
        m_webSocket->sendBinaryMessage(
            engineio::encodeFrame(engineio::EnginePacket::binaryMessage(bytes)));
}

void EngineLink::tearDown(bool graceful)
{
    m_pingTimer.stop();
    m_openTimer.stop();
    m_open = false;
    if (!m_webSocket)
        return;
    QWebSocket *ws = m_webSocket;
    m_webSocket = nullptr;
    QObject::disconnect(ws, nullptr, this, nullptr);
    if (graceful && ws->state() == QAbstractSocket::ConnectedState) {
        // Let the close frame go out; the socket deletes itself when the server answers.
        connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
        QTimer::singleShot(2000, ws, [ws] { ws->abort(); });
        ws->setParent(nullptr);
        connect(this, &QObject::destroyed, ws, &QObject::deleteLater);
        ws->close(QWebSocketProtocol::CloseCodeNormal);
        return;
    }
    ws->abort();
    ws->deleteLater();
}

void EngineLink::onSocketError(int error)
{
    const QString detail = m_webSocket ? m_webSocket->errorString() : QString();
    const auto socketError = QAbstractSocket::SocketError(error);
    if (socketError == QAbstractSocket::SslHandshakeFailedError
        || socketError == QAbstractSocket::SslInternalError
        || socketError == QAbstractSocket::SslInvalidUserDataError) {
        if (!m_tlsErrorReported) {
            m_tlsErrorReported = true;
            emit errorOccurred(ClientError::TlsError, detail);
        }
        fail(DisconnectReason::TransportError, ClientError::TlsError, QString());
        return;
    }
    if (socketError == QAbstractSocket::RemoteHostClosedError && m_open) {
        fail(DisconnectReason::TransportClose, ClientError::TransportClosed, detail);
        return;
    }
    fail(DisconnectReason::TransportError,
         m_open ? ClientError::TransportClosed : ClientError::ConnectFailed, detail);
}

void EngineLink::protocolError(const QString &detail)
{
    fail(DisconnectReason::ParseError, ClientError::ProtocolError, detail);
}

void EngineLink::resetPingWatchdog()
{
    m_pingTimer.start(m_handshake.pingInterval + m_handshake.pingTimeout);
}

void EngineLink::onHandshake(const QByteArray &json)
{
    auto parsed = engineio::Handshake::fromJson(json);
    if (!parsed) {
        protocolError(parsed.error().detail);
        return;
    }
    m_handshake = std::move(parsed).value();
    m_open = true;
    m_openTimer.stop();
    resetPingWatchdog();
    emit opened();
}

void EngineLink::onTextFrame(const QByteArray &frame)
{
    auto decoded = engineio::decodeTextFrame(frame);
    if (!decoded) {
        protocolError(decoded.error().detail);
        return;
    }
    const engineio::EnginePacket &packet = *decoded;
    if (!m_open) {
        if (packet.type != engineio::PacketType::Open) {
            protocolError(QStringLiteral("expected the OPEN packet first"));
            return;
        }
        onHandshake(packet.data);
        return;
    }
    switch (packet.type) {
    case engineio::PacketType::Ping:
        resetPingWatchdog();
        m_webSocket->sendTextMessage(QString::fromLatin1(
            engineio::encodeFrame(engineio::EnginePacket::text(engineio::PacketType::Pong))));
        break;
    case engineio::PacketType::Message:
        emit messageReceived(packet.data, false);
        break;
    case engineio::PacketType::Close:
        fail(DisconnectReason::TransportClose, ClientError::TransportClosed,
             QStringLiteral("the server closed the connection"));
        break;
    case engineio::PacketType::Open:
        protocolError(QStringLiteral("second OPEN packet"));
        break;
    case engineio::PacketType::Pong:
    case engineio::PacketType::Upgrade:
    case engineio::PacketType::Noop:
        break;
    }
}

void EngineLink::onBinaryFrame(const QByteArray &frame)
{
    if (!m_open) {
        protocolError(QStringLiteral("binary message before the OPEN packet"));
        return;
    }
    auto decoded = engineio::decodeBinaryFrame(frame);
    if (!decoded) {
        protocolError(decoded.error().detail);
        return;
    }
    emit messageReceived(decoded->data, true);
}

} // namespace socketio
