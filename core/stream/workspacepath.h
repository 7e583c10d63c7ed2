#pragma once

#include "util/expected.h"

#include <QString>

#include <optional>

namespace stream {

// Why a workspace file's title is not written to disk (docs/protocol.md §14 "Names on disk").
enum class PathRefusal {
    Empty, // an empty title
    Absolute, // starts with "/"
    EmptySegment, // "a//b", a trailing "/"
    DotSegment, // a "." or ".." segment
    ForbiddenCharacter, // "\", ":", NUL or another control character
    LeavesDirectory, // a symbolic link inside the directory leads out of it (or nowhere)
    NoDirectory, // the directory does not exist
};

// Maps the untrusted titles of a workspace stream to paths under one directory
// (docs/protocol.md §14 "Names on disk"): a title is accepted only as a relative, `/`-separated
// path of plain segments whose resolved form stays inside the directory.
class WorkspacePath final
{
public:
    // `directory` should exist; it is resolved (symbolic links included) when checking.
    explicit WorkspacePath(const QString &directory);

    QString directory() const { return m_directory; }

    // The absolute path where `title` may be written, or why not. Checks the disk: call it right
    // before every write.
    util::Expected<QString, PathRefusal> resolve(const QString &title) const;
    // Only the checks of the title's text (no disk access).
    static std::optional<PathRefusal> checkTitle(const QString &title);

private:
    QString m_directory;
};

// A short English description of a PathRefusal, for messages.
QString describe(PathRefusal refusal);

} // namespace stream
