#pragma once

#include "stream/textdocument.h"

#include <QList>
#include <QString>

namespace stream {

// An in-memory TextDocument with an index of line starts: an edit costs the QString splice
// plus a rescan of the lines it touches.
class MemoryTextDocument final : public TextDocument
{
public:
    explicit MemoryTextDocument(const QString &text = {});

    qsizetype length() const override { return m_text.size(); }
    QString text() const override { return m_text; }
    void setText(const QString &text) override;
    int lineCount() const override { return int(m_lineStarts.size()); }
    qsizetype lineStart(int line) const override { return m_lineStarts.at(line); }
    qsizetype lineLength(int line) const override;
    void replace(qsizetype offset, qsizetype length, const QString &text) override;
    QString slice(qsizetype offset, qsizetype length) const override;

private:
    int lineOfOffset(qsizetype offset) const;

    QString m_text;
    QList<qsizetype> m_lineStarts;
};

} // namespace stream
