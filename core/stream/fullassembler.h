#pragma once

#include "stream/streammessage.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace stream {

// Collects the parts of a large full (docs/protocol.md §6) by (version, parts) and gives the
// whole full back once every part has arrived. A repeated part is ignored; a part of another
// full drops what was collected and starts over.
class FullAssembler final
{
public:
    // The assembled full when `part` completes one; nothing otherwise. `part` has `parts` > 1
    // and a valid `part` index (as the decoder guarantees).
    std::optional<FullMessage> add(const FullMessage &part);
    // Whether `part` belongs to another full than the incomplete one being collected.
    bool replacesIncomplete(const FullMessage &part) const;
    // Parts of an incomplete full are held.
    bool isCollecting() const { return m_received > 0; }
    qint64 version() const { return m_version; }
    int received() const { return m_received; }
    int expected() const { return int(m_parts.size()); }
    void clear();

private:
    qint64 m_version = -1;
    QStringList m_parts;
    QList<bool> m_seen;
    int m_received = 0;
    FullMessage m_head;
};

} // namespace stream
