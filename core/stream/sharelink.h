#pragma once

#include "util/expected.h"

#include <QString>
#include <QUrl>

namespace stream {

// A share link, `<origin>/#<room_id>` (docs/protocol.md §2).
struct ShareLink
{
    QUrl origin; // scheme, host and port only
    QString roomId;

    // Builds `<origin>/#<room_id>`.
    QUrl toUrl() const;
};

// Why a share link was rejected.
enum class ShareLinkError { InvalidUrl, UnsupportedScheme, MissingRoom };

// Parses a share link typed or pasted by a user (http/https; surrounding spaces ignored).
util::Expected<ShareLink, ShareLinkError> parseShareLink(const QString &text);
// The origin (scheme://host[:port]) of any URL.
QUrl originOf(const QUrl &url);

} // namespace stream
