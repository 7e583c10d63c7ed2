#include "server/staticfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace server {

namespace {

constexpr qint64 maxFileSize = 64 * 1024 * 1024;

engineio::HttpResponse notFound(const QByteArray &contentSecurityPolicy)
{
    engineio::HttpResponse r = engineio::HttpResponse::text(404, "Not Found\n");
    addSecurityHeaders(r, contentSecurityPolicy);
    return r;
}

} // namespace

void addSecurityHeaders(engineio::HttpResponse &response, const QByteArray &contentSecurityPolicy)
{
    response.headers.emplaceBack("X-Content-Type-Options", "nosniff");
    if (!contentSecurityPolicy.isEmpty())
        response.headers.emplaceBack("Content-Security-Policy", contentSecurityPolicy);
    response.headers.emplaceBack("Referrer-Policy", "no-referrer");
    response.headers.emplaceBack("X-Frame-Options", "DENY");
}

StaticFiles::StaticFiles(const QString &root, const QByteArray &contentSecurityPolicy)
    : m_root(root.isEmpty() ? QString::fromLatin1(builtinRoot) : root)
    , m_contentSecurityPolicy(contentSecurityPolicy)
{
    if (!root.isEmpty())
        m_canonicalRoot = QFileInfo(root).canonicalFilePath();
    else if (m_contentSecurityPolicy.isEmpty())
        m_contentSecurityPolicy = kBuiltinContentSecurityPolicy;
}

QString StaticFiles::safeRelativePath(const QString &requestPath)
{
    if (!requestPath.startsWith(QLatin1Char('/')))
        return {};
    if (requestPath == QLatin1String("/"))
        return QStringLiteral("index.html");
    // Anything still encoded after the host decoded the path is refused rather than decoded
    // twice; backslashes and NULs never name a file here.
    if (requestPath.contains(QLatin1Char('%')) || requestPath.contains(QLatin1Char('\\'))
        || requestPath.contains(QChar(0)))
        return {};
    const QStringList segments = requestPath.mid(1).split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        if (segment.isEmpty() || segment.startsWith(QLatin1Char('.'))
            || segment.contains(QLatin1Char(':')))
            return {};
    }
    return segments.join(QLatin1Char('/'));
}

QByteArray StaticFiles::contentTypeFor(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return "text/html; charset=utf-8";
    if (suffix == QLatin1String("js") || suffix == QLatin1String("mjs"))
        return "text/javascript; charset=utf-8";
    if (suffix == QLatin1String("css"))
        return "text/css; charset=utf-8";
    if (suffix == QLatin1String("json") || suffix == QLatin1String("map"))
        return "application/json";
    if (suffix == QLatin1String("svg"))
        return "image/svg+xml";
    if (suffix == QLatin1String("png"))
        return "image/png";
    if (suffix == QLatin1String("ico"))
        return "image/x-icon";
    if (suffix == QLatin1String("txt"))
        return "text/plain; charset=utf-8";
    if (suffix == QLatin1String("woff2"))
        return "font/woff2";
    return "application/octet-stream";
}

engineio::HttpResponse StaticFiles::serve(const engineio::HttpRequest &request) const
{
    const QString relative = safeRelativePath(request.path);
    if (relative.isNull())
        return notFound(m_contentSecurityPolicy);
    return serveFile(request, relative);
}

engineio::HttpResponse StaticFiles::serveFile(const engineio::HttpRequest &request,
                                              const QString &relativePath) const
{
    if (request.method != "GET" && request.method != "HEAD") {
        engineio::HttpResponse r = engineio::HttpResponse::text(405, "Method Not Allowed\n");
        r.headers.emplaceBack("Allow", "GET, HEAD");
        addSecurityHeaders(r, m_contentSecurityPolicy);
        return r;
    }
    engineio::HttpResponse r = fromRoot(m_root, request, relativePath);
    // A custom root need not carry the third-party bundles: fall back to the built-in ones.
    if (r.status == 404 && !m_canonicalRoot.isEmpty()
        && relativePath.startsWith(QLatin1String("vendor/")))
        r = fromRoot(QString::fromLatin1(builtinRoot), request, relativePath);
    return r;
}

engineio::HttpResponse StaticFiles::fromRoot(const QString &root,
                                             const engineio::HttpRequest &request,
                                             const QString &relativePath) const
{
    const bool builtin = root == QLatin1String(builtinRoot);
    QString filePath = root + QLatin1Char('/') + relativePath;
    if (!builtin) {
        if (m_canonicalRoot.isEmpty())
            return notFound(m_contentSecurityPolicy);
        const QString canonical = QFileInfo(filePath).canonicalFilePath();
        if (canonical.isEmpty() || !canonical.startsWith(m_canonicalRoot + QLatin1Char('/')))
            return notFound(m_contentSecurityPolicy);
        filePath = canonical;
    }
    const QFileInfo info(filePath);
    if (!info.isFile() || info.size() > maxFileSize)
        return notFound(m_contentSecurityPolicy);
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return notFound(m_contentSecurityPolicy);

    engineio::HttpResponse r;
    r.status = 200;
    r.body = file.readAll();
    r.headers.emplaceBack("Content-Type", contentTypeFor(relativePath));
    r.headers.emplaceBack("Cache-Control", "no-cache");
    addSecurityHeaders(r, m_contentSecurityPolicy);
    if (request.method == "HEAD")
        r.body.clear();
    return r;
}

} // namespace server
