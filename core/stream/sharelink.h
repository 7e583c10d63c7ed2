#pragma once

#include "stream/roomkey.h"
#include "util/expected.h"

#include <QString>
#include <QUrl>

namespace stream {

// A share link, `<origin>/#<room_id>` or, for an end-to-end encrypted room,
// `<origin>/#<room_id>,<key>` (docs/protocol.md §2, §12).
struct ShareLink
{
    QUrl origin; // scheme, host and port only
    QString roomId;
    RoomKey key; // null when the link carries none

    // Builds `<origin>/#<room_id>[,<key>]`.
    QUrl toUrl() const;
    // Builds `<origin>/#<room_id>`, for passing the key another way.
    QUrl toUrlWithoutKey() const;
};

// Why a share link was rejected.
enum class ShareLinkError { InvalidUrl, UnsupportedScheme, MissingRoom, InvalidKey };

// Parses a share link typed or pasted by a user (http/https; surrounding spaces ignored).
util::Expected<ShareLink, ShareLinkError> parseShareLink(const QString &text);
// The origin (scheme://host[:port]) of any URL.
QUrl originOf(const QUrl &url);
// A short English description of a ShareLinkError.
QString describe(ShareLinkError error);

} // namespace stream
