#include "server/negotiate.h"

#include "server/roompolicy.h"
#include "server/staticfiles.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace server {

namespace {

bool isValidHost(const QByteArray &host)
{
    if (host.isEmpty() || host.size() > 255)
        return false;
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

engineio::HttpResponse jsonResponse(int status, const QJsonObject &object)
{
    engineio::HttpResponse r;
    r.status = status;
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    r.headers.emplaceBack("Content-Type", "application/json");
    r.headers.emplaceBack("Cache-Control", "no-store");
    addSecurityHeaders(r);
    return r;
}

} // namespace

QUrl requestOrigin(const engineio::HttpRequest &request, const QUrl &fallback)
{
    const QByteArray host = request.header("host");
    if (!isValidHost(host))
        return fallback;
    const QString scheme = request.secure ? QStringLiteral("https") : QStringLiteral("http");
    const QUrl origin(scheme + QStringLiteral("://") + QString::fromLatin1(host), QUrl::StrictMode);
    if (!origin.isValid() || origin.host().isEmpty() || !origin.path().isEmpty())
        return fallback;
    return origin;
}

engineio::HttpResponse negotiate(const engineio::HttpRequest &request, RoomPolicy &rooms,
                                 const QString &socketPath, const QUrl &fallbackOrigin)
{
    if (request.method != "GET" && request.method != "HEAD") {
        engineio::HttpResponse r = engineio::HttpResponse::text(405, "Method Not Allowed\n");
        r.headers.emplaceBack("Allow", "GET");
        return r;
    }
    QJsonObject answer;
    answer.insert(QStringLiteral("url"),
                  requestOrigin(request, fallbackOrigin).toString(QUrl::FullyEncoded));
    if (request.query.hasQueryItem(QStringLiteral("room_id"))) {
        const QString roomId
            = request.query.queryItemValue(QStringLiteral("room_id"), QUrl::FullyDecoded);
        if (!RoomPolicy::isValidRoomId(roomId) || RoomPolicy::streamOf(roomId).isEmpty())
            return jsonResponse(400,
                                {{QStringLiteral("error"), QStringLiteral("invalid room_id")}});
        answer.insert(QStringLiteral("room_id"), roomId);
    } else {
        const IssuedRoom room = rooms.issueRoom();
        answer.insert(QStringLiteral("room_id"), room.roomId);
        answer.insert(QStringLiteral("writer_key"), room.writerKey);
    }
    answer.insert(QStringLiteral("path"), socketPath);
    return jsonResponse(200, answer);
}

} // namespace server
