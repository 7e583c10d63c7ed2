#include "stream/fullassembler.h"

namespace stream {

bool FullAssembler::replacesIncomplete(const FullMessage &part) const
{
    return isCollecting()
        && (part.version != m_version || m_parts.size() != part.parts.value_or(1));
}

std::optional<FullMessage> FullAssembler::add(const FullMessage &part)
{
    const int parts = part.parts.value_or(1);
    if (part.version != m_version || m_parts.size() != parts) {
        m_version = part.version;
        m_parts = QStringList(parts);
        m_seen = QList<bool>(parts, false);
        m_received = 0;
    }
    const int index = part.part.value_or(0);
    if (index < 0 || index >= parts || m_seen.at(index))
        return std::nullopt;
    m_seen[index] = true;
    m_parts[index] = part.content;
    if (index == 0)
        m_head = part;
    if (++m_received < parts)
        return std::nullopt;
    FullMessage assembled = m_head;
    assembled.content = m_parts.join(QString());
    assembled.part.reset();
    assembled.parts.reset();
    clear();
    return assembled;
}

void FullAssembler::clear()
{
    m_version = -1;
    m_parts.clear();
    m_seen.clear();
    m_received = 0;
    m_head = FullMessage();
}

} // namespace stream
