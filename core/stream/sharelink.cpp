#include "stream/sharelink.h"

namespace stream {

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

QUrl ShareLink::toUrl() const
{
    QUrl url = toUrlWithoutKey();
    if (!key.isNull())
        url.setFragment(roomId + u',' + key.toText());
    return url;
}

QUrl ShareLink::toUrlWithoutKey() const
{
    QUrl url = originOf(origin);
    url.setPath(QStringLiteral("/"));
    url.setFragment(roomId);
    return url;
}

util::Expected<ShareLink, ShareLinkError> parseShareLink(const QString &text)
{
    const QUrl url = QUrl::fromUserInput(text.trimmed());
    if (!url.isValid() || url.host().isEmpty())
        return ShareLinkError::InvalidUrl;
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return ShareLinkError::UnsupportedScheme;
    QString room = url.fragment(QUrl::FullyDecoded).trimmed();
    RoomKey key;
    // The key follows the last comma (docs/protocol.md §12); a room id holds none.
    const qsizetype comma = room.lastIndexOf(u',');
    if (comma >= 0) {
        const auto parsed = RoomKey::fromText(QStringView(room).mid(comma + 1).trimmed());
        if (!parsed)
            return ShareLinkError::InvalidKey;
        key = *parsed;
        room.truncate(comma);
        room = room.trimmed();
    }
    if (room.isEmpty())
        return ShareLinkError::MissingRoom;
    return ShareLink {originOf(url), room, key};
}

QString describe(ShareLinkError error)
{
    switch (error) {
    case ShareLinkError::InvalidUrl:
        return QStringLiteral("not a valid link");
    case ShareLinkError::UnsupportedScheme:
        return QStringLiteral("the link must start with http:// or https://");
    case ShareLinkError::MissingRoom:
        return QStringLiteral("the link names no room (expected <origin>/#<room>)");
    case ShareLinkError::InvalidKey:
        return QStringLiteral("the link's key is not valid (expected <origin>/#<room>,<key> with "
                              "a 43-character key)");
    }
    return {};
}

} // namespace stream
