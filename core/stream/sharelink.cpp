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
    const QString room = url.fragment(QUrl::FullyDecoded).trimmed();
    if (room.isEmpty())
        return ShareLinkError::MissingRoom;
    return ShareLink {originOf(url), room};
}

} // namespace stream
