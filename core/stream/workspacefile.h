#pragma once

#include <QString>

namespace stream {

// One file of a workspace stream (docs/protocol.md §14).
struct WorkspaceFile
{
    QString id;
    QString title;
    QString language;

    bool operator==(const WorkspaceFile &) const = default;
};

} // namespace stream
