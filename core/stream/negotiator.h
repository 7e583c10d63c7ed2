#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace stream {

// What GET /negotiate answered (docs/protocol.md §2).
struct NegotiateResult
{
    QUrl url; // where to open the Socket.IO connection
    QString roomId; // the room (a fresh one for a writer)
    QString path; // Engine.IO path; /clients/socketio/hubs/eio_hub when the server gave none
    QString token; // sent as access_token when not empty
    QString writerKey;
};

// Asks an origin's /negotiate endpoint where and how to connect.
class Negotiator final : public QObject
{
    Q_OBJECT
public:
    explicit Negotiator(QObject *parent = nullptr);
    ~Negotiator() override;

    // Time limit of one request (default 15 s).
    void setTimeout(int ms);

public slots:
    // GET <origin>/negotiate, with ?room_id=R when `roomId` is not empty.
    void negotiate(const QUrl &origin, const QString &roomId = {});
    void abort();

signals:
    // The server answered with a usable result.
    void negotiated(const stream::NegotiateResult &result);
    // The request failed or the answer was not usable.
    void errorOccurred(const QString &message);

private:
    void handleReply(QNetworkReply *reply);

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    int m_timeoutMs = 15000;
};

} // namespace stream
