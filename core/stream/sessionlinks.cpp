#include "stream/sessionlinks.h"

#include "stream/negotiator.h"
#include "stream/roomlink.h"
#include "stream/streammessage.h"
#include "stream/watchersession.h"
#include "stream/writersession.h"

#include <QUrlQuery>

namespace stream {

std::unique_ptr<socketio::Client> makeStreamClient(const NegotiateResult &result,
                                                   int reconnectionDelayMaxMs)
{
    socketio::ClientOptions options;
    options.url = result.url;
    options.path = result.path;
    if (!result.token.isEmpty())
        options.query.addQueryItem(QStringLiteral("access_token"),
                                   QString::fromLatin1(QUrl::toPercentEncoding(result.token)));
    options.reconnectionDelayMs = 500;
    options.reconnectionDelayMaxMs = reconnectionDelayMaxMs;
    return std::make_unique<socketio::Client>(options);
}

void serveWriterSession(WriterSession *session, RoomLink *link)
{
    QObject::connect(session, &WriterSession::messageReady, link, &RoomLink::send);
    QObject::connect(link, &RoomLink::joined, session, [session, link] {
        if (link->maxDataBytes() > 0)
            session->setMaxMessageBytes(link->maxDataBytes());
        // Watchers may have missed what was sent while the link was down.
        session->sendFull();
    });
    QObject::connect(link, &RoomLink::messageReceived, session, [session](const QJsonObject &data) {
        auto message = decodeMessage(data);
        if (message && std::holds_alternative<SyncRequest>(*message))
            session->handleSyncRequest();
    });
    // A sealed request that does not open comes from a watcher with another key or none: the
    // sealed full it gets tells it so (docs/protocol.md §12).
    QObject::connect(link, &RoomLink::messageRejected, session,
                     [session] { session->handleSyncRequest(); });
}

void feedWatcherSession(WatcherSession *session, RoomLink *link)
{
    QObject::connect(link, &RoomLink::messageReceived, session, &WatcherSession::handleMessage);
    QObject::connect(link, &RoomLink::left, session, &WatcherSession::handleDisconnected);
}

} // namespace stream
