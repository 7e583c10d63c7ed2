#pragma once

#include "stream/textdocument.h"

#include <QRandomGenerator>
#include <QString>

// Random edits for stream tests: inserts, deletes, replacements, multi-line text, Unicode.
namespace streamtest {

inline QString randomText(QRandomGenerator &random, int maxLength)
{
    static const QString pieces[] = {
        QStringLiteral("a"),   QStringLiteral("Z"),  QStringLiteral(" "),
        QStringLiteral("\t"),  QStringLiteral("\n"), QStringLiteral("\r\n"),
        QStringLiteral("\r"),  QStringLiteral("é"),  QStringLiteral("中"),
        QStringLiteral("😀"),   QStringLiteral("\""), QStringLiteral("\\"),
        QStringLiteral("int"), QStringLiteral("{}"), QStringLiteral("\u0001"),
    };
    const int count = int(std::size(pieces));
    QString text;
    const int length = random.bounded(maxLength + 1);
    while (text.size() < length)
        text += pieces[random.bounded(count)];
    return text;
}

// An edit of `document` that keeps offsets out of "\r\n" pairs and surrogate pairs.
struct RandomEdit
{
    qsizetype offset = 0;
    qsizetype length = 0;
    QString text;
};

inline qsizetype snapToBoundary(const QString &text, qsizetype offset)
{
    if (offset > 0 && offset < text.size()) {
        if (text.at(offset - 1).isHighSurrogate() && text.at(offset).isLowSurrogate())
            return offset - 1;
        if (text.at(offset - 1) == u'\r' && text.at(offset) == u'\n')
            return offset - 1;
    }
    return offset;
}

inline RandomEdit randomEdit(QRandomGenerator &random, const QString &text, int maxInsert = 12)
{
    RandomEdit edit;
    const int size = int(text.size());
    edit.offset = snapToBoundary(text, random.bounded(size + 1));
    const int kind = random.bounded(3); // 0 insert, 1 delete, 2 replace
    if (kind != 0 && edit.offset < size) {
        const qsizetype end = snapToBoundary(
            text, edit.offset + random.bounded(std::min<int>(size - int(edit.offset), 8) + 1));
        edit.length = std::max<qsizetype>(0, end - edit.offset);
    }
    if (kind != 1)
        edit.text = randomText(random, maxInsert);
    return edit;
}

} // namespace streamtest
