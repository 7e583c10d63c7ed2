#pragma once

#include "engineio/httpexchange.h"

#include <QString>

// Static files of the browser watcher page, from the built-in resources or a folder on disk.
namespace server {

// Adds the headers every page response carries (nosniff, CSP, referrer policy, framing).
void addSecurityHeaders(engineio::HttpResponse &response);

// Serves GET/HEAD requests from a root: the built-in ":/web" or a folder (--web-root). Nothing
// outside the root is ever served: "..", encoded dots or slashes, backslashes, hidden files and
// symlinks that leave the root all answer 404.
class StaticFiles final
{
public:
    static constexpr auto builtinRoot = ":/web";

    // An empty root serves the built-in page.
    explicit StaticFiles(const QString &root = {});

    QString root() const { return m_root; }

    engineio::HttpResponse serve(const engineio::HttpRequest &request) const;
    // Serves one file of the root by its relative path (e.g. "vendor/socket.io.min.js").
    engineio::HttpResponse serveFile(const engineio::HttpRequest &request,
                                     const QString &relativePath) const;

    // The root-relative file a request path names ("index.html" for "/"), or a null string
    // when the path may not be served.
    static QString safeRelativePath(const QString &requestPath);
    static QByteArray contentTypeFor(const QString &fileName);

private:
    engineio::HttpResponse fromRoot(const QString &root, const engineio::HttpRequest &request,
                                    const QString &relativePath) const;

    QString m_root;
    QString m_canonicalRoot; // disk roots only
};

} // namespace server
