#include "stream/negotiator.h"

#include "stream/sharelink.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace stream {

Negotiator::Negotiator(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{ }

Negotiator::~Negotiator()
{
    abort();
}

void Negotiator::setTimeout(int ms)
{
    m_timeoutMs = ms;
}

void Negotiator::abort()
{
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void Negotiator::negotiate(const QUrl &origin, const QString &roomId)
{
    abort();
    QUrl url = originOf(origin);
    url.setPath(QStringLiteral("/negotiate"));
    if (!roomId.isEmpty()) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("room_id"), roomId);
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { handleReply(reply); });
}

void Negotiator::handleReply(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    if (reply->error() != QNetworkReply::NoError) {
        emit errorOccurred(QStringLiteral("negotiate failed: %1").arg(reply->errorString()));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        emit errorOccurred(QStringLiteral("negotiate answered something that is not JSON"));
        return;
    }
    const QJsonObject object = document.object();
    const QJsonValue url = object.value(QStringLiteral("url"));
    const QJsonValue room = object.value(QStringLiteral("room_id"));
    if (!url.isString() || !room.isString() || room.toString().isEmpty()) {
        emit errorOccurred(QStringLiteral("negotiate answer lacks url or room_id"));
        return;
    }
    NegotiateResult result;
    result.url = reply->url().resolved(QUrl(url.toString()));
    if (!result.url.isValid() || result.url.host().isEmpty()) {
        emit errorOccurred(QStringLiteral("negotiate answered an invalid url"));
        return;
    }
    result.roomId = room.toString();
    const QJsonValue path = object.value(QStringLiteral("path"));
    result.path = path.isString() && !path.toString().isEmpty()
        ? path.toString()
        : QStringLiteral("/clients/socketio/hubs/eio_hub");
    result.token = object.value(QStringLiteral("token")).toString();
    result.writerKey = object.value(QStringLiteral("writer_key")).toString();
    emit negotiated(result);
}

} // namespace stream
