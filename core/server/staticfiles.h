#pragma once

#include "engineio/httpexchange.h"

#include <QByteArray>
#include <QString>

// Static files of the browser watcher page, from the built-in resources or a folder on disk.
namespace server {

// The Content-Security-Policy of the built-in page and of the server's own responses.
inline constexpr auto kBuiltinContentSecurityPolicy
    = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Adds the headers every page response carries (nosniff, referrer policy, framing) and
// `contentSecurityPolicy` (none when empty).
void addSecurityHeaders(engineio::HttpResponse &response,
                        const QByteArray &contentSecurityPolicy = kBuiltinContentSecurityPolicy);

// Serves GET/HEAD requests from a root: the built-in ":/web" or a folder (--web-root). Nothing
// outside the root is ever served: "..", encoded dots or slashes, backslashes, hidden files and
// symlinks that leave the root all answer 404. The built-in page is served with a strict
// Content-Security-Policy; a folder, like any static file server, with none unless one is given.
class StaticFiles final
{
public:
    static constexpr auto builtinRoot = ":/web";

    // An empty root serves the built-in page. A non-empty `contentSecurityPolicy` replaces the
    // default (kBuiltinContentSecurityPolicy for the built-in page, none for a folder).
    explicit StaticFiles(const QString &root = {}, const QByteArray &contentSecurityPolicy = {});

    QString root() const { return m_root; }
    // The Content-Security-Policy every response carries; empty: none.
    QByteArray contentSecurityPolicy() const { return m_contentSecurityPolicy; }

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
    QByteArray m_contentSecurityPolicy;
};

} // namespace server
