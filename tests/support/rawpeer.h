#pragma once

// A raw Engine.IO/Socket.IO peer on a QWebSocket, for tests that must see the exact frames.

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <memory>

// Answers pings and records every other frame as it arrives (binary frames as "bin:<hex>").
struct RawPeer
{
    std::unique_ptr<QWebSocket> socket = std::make_unique<QWebSocket>();
    QStringList frames;
    int disconnects = 0;

    // The Engine.IO WebSocket URL under `/socket.io/` of a server's HTTP origin.
    static QUrl webSocketUrl(const QUrl &origin)
    {
        QUrl url = origin;
        url.setScheme(QStringLiteral("ws"));
        url.setPath(QStringLiteral("/socket.io/"));
        url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
        return url;
    }

    explicit RawPeer(const QUrl &url)
    {
        QObject::connect(socket.get(), &QWebSocket::textMessageReceived, socket.get(),
                         [this](const QString &text) {
                             if (text == QLatin1String("2"))
                                 socket->sendTextMessage(QStringLiteral("3"));
                             else
                                 frames.append(text);
                         });
        QObject::connect(socket.get(), &QWebSocket::binaryMessageReceived, socket.get(),
                         [this](const QByteArray &bytes) {
                             frames.append(QStringLiteral("bin:")
                                           + QString::fromLatin1(bytes.toHex()));
                         });
        QObject::connect(socket.get(), &QWebSocket::disconnected, socket.get(),
                         [this] { ++disconnects; });
        socket->open(url);
    }
    void send(const QString &text) { socket->sendTextMessage(text); }
    void sendBinary(const QByteArray &bytes) { socket->sendBinaryMessage(bytes); }
    bool has(const QString &frame) const { return frames.contains(frame); }
    bool hasContaining(const QString &part) const
    {
        for (const QString &frame : frames) {
            if (frame.contains(part))
                return true;
        }
        return false;
    }
    QString firstStartingWith(const QString &prefix) const
    {
        for (const QString &frame : frames) {
            if (frame.startsWith(prefix))
                return frame;
        }
        return {};
    }
    // The `message` events that carry an `editorMessage`, as received.
    QStringList messages() const
    {
        QStringList out;
        for (const QString &frame : frames) {
            if (frame.startsWith(QLatin1String("42[\"message\","))
                && frame.contains(QLatin1String("\"editorMessage\"")))
                out.append(frame);
        }
        return out;
    }
};
