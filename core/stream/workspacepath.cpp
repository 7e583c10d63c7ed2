#include "stream/workspacepath.h"

#include <QDir>
#include <QFileInfo>

namespace stream {

namespace {

bool isForbidden(QChar c)
{
    const char16_t u = c.unicode();
    return u < 0x20 || u == 0x7f || u == u'\\' || u == u':';
}

// Whether `path` (canonical) is `root` (canonical) or inside it.
bool isInside(const QString &path, const QString &root)
{
    if (path == root)
        return true;
    const QString prefix = root.endsWith(u'/') ? root : root + u'/';
    return path.startsWith(prefix);
}

} // namespace

WorkspacePath::WorkspacePath(const QString &directory)
    : m_directory(QDir(directory).absolutePath())
{ }

std::optional<PathRefusal> WorkspacePath::checkTitle(const QString &title)
{
    if (title.isEmpty())
        return PathRefusal::Empty;
    if (title.startsWith(u'/'))
        return PathRefusal::Absolute;
    for (const QChar c : title) {
        if (isForbidden(c))
            return PathRefusal::ForbiddenCharacter;
    }
    const QStringList segments = title.split(u'/');
    for (const QString &segment : segments) {
        if (segment.isEmpty())
            return PathRefusal::EmptySegment;
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return PathRefusal::DotSegment;
    }
    return std::nullopt;
}

util::Expected<QString, PathRefusal> WorkspacePath::resolve(const QString &title) const
{
    if (auto refusal = checkTitle(title))
        return *refusal;
    const QString root = QFileInfo(m_directory).canonicalFilePath();
    if (root.isEmpty())
        return PathRefusal::NoDirectory;
    // Every part of the path that exists must resolve inside the directory: a symbolic link
    // (to a directory or to the file itself) may not lead out, nor to nothing.
    QString path = m_directory;
    const QStringList segments = title.split(u'/');
    for (const QString &segment : segments) {
        path += u'/' + segment;
        const QFileInfo info(path);
        if (!info.exists() && !info.isSymLink())
            break;
        const QString canonical = info.canonicalFilePath();
        if (canonical.isEmpty() || !isInside(canonical, root))
            return PathRefusal::LeavesDirectory;
    }
    return QString(m_directory + u'/' + title);
}

QString describe(PathRefusal refusal)
{
    switch (refusal) {
    case PathRefusal::Empty:
        return QStringLiteral("an empty name");
    case PathRefusal::Absolute:
        return QStringLiteral("an absolute path");
    case PathRefusal::EmptySegment:
        return QStringLiteral("an empty path segment");
    case PathRefusal::DotSegment:
        return QStringLiteral("a \".\" or \"..\" segment");
    case PathRefusal::ForbiddenCharacter:
        return QStringLiteral("a \"\\\", \":\", NUL or control character");
    case PathRefusal::LeavesDirectory:
        return QStringLiteral("a symbolic link that leads out of the directory");
    case PathRefusal::NoDirectory:
        return QStringLiteral("the output directory does not exist");
    }
    return {};
}

} // namespace stream
