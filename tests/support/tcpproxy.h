#pragma once

#include <QHostAddress>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

// A TCP proxy in front of a test server: forwards every connection byte for byte and drops them
// all at once on request, as a network failure would. Clients that connect again are served as
// before.
class TcpProxy final
{
public:
    // Forwards to the host and port of `upstream` (an http:// origin).
    explicit TcpProxy(const QUrl &upstream)
        : m_upstream(upstream)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                forward(client);
        });
    }
    TcpProxy(const TcpProxy &) = delete;
    TcpProxy &operator=(const TcpProxy &) = delete;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }

    // The upstream origin with the proxy's address and port.
    QUrl origin() const
    {
        QUrl url = m_upstream;
        url.setHost(QHostAddress(QHostAddress::LocalHost).toString());
        url.setPort(m_server.serverPort());
        return url;
    }

    // Aborts every open connection on both sides.
    void dropConnections()
    {
        const QList<Connection> connections = std::move(m_connections);
        m_connections.clear();
        for (const Connection &connection : connections) {
            connection.client->abort();
            connection.upstream->abort();
        }
    }

private:
    struct Connection
    {
        QTcpSocket *client = nullptr;
        QTcpSocket *upstream = nullptr;
    };

    void forward(QTcpSocket *client)
    {
        auto *upstream = new QTcpSocket(&m_server);
        m_connections.append(Connection {client, upstream});
        // Both sockets are children of the server; a closed one goes at once.
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        QObject::connect(upstream, &QTcpSocket::disconnected, upstream, &QObject::deleteLater);
        // Bytes from the client wait in its buffer until the upstream connection is up.
        auto toUpstream = [client, upstream] {
            if (upstream->state() == QAbstractSocket::ConnectedState)
                upstream->write(client->readAll());
        };
        QObject::connect(client, &QTcpSocket::readyRead, upstream, toUpstream);
        QObject::connect(upstream, &QTcpSocket::connected, client, toUpstream);
        QObject::connect(upstream, &QTcpSocket::readyRead, client,
                         [client, upstream] { client->write(upstream->readAll()); });
        QObject::connect(client, &QTcpSocket::disconnected, upstream,
                         [this, client] { close(client); });
        QObject::connect(upstream, &QTcpSocket::disconnected, client,
                         [this, client] { close(client); });
        QObject::connect(upstream, &QTcpSocket::errorOccurred, client,
                         [this, client](QAbstractSocket::SocketError) { close(client); });
        upstream->connectToHost(m_upstream.host(), quint16(m_upstream.port()));
    }

    // One side closed: the other side closes after what is still buffered for it.
    void close(QTcpSocket *client)
    {
        for (qsizetype i = 0; i < m_connections.size(); ++i) {
            const Connection connection = m_connections.at(i);
            if (connection.client != client)
                continue;
            m_connections.removeAt(i);
            if (connection.client->state() == QAbstractSocket::ConnectedState
                && connection.upstream->isOpen())
                connection.client->write(connection.upstream->readAll());
            if (connection.upstream->state() == QAbstractSocket::ConnectedState
                && connection.client->isOpen())
                connection.upstream->write(connection.client->readAll());
            connection.client->disconnectFromHost();
            connection.upstream->disconnectFromHost();
            return;
        }
    }

    QUrl m_upstream;
    // Declared before the server: its sockets may still report a close while they are deleted.
    QList<Connection> m_connections;
    QTcpServer m_server;
};
