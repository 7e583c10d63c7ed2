#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace stream {

// One row of the language table: a Monaco language id (the wire's `language`, docs/protocol.md)
// and the file-name suffixes (lower case, without the dot) and whole file names it covers.
struct Language
{
    QString id;
    QStringList suffixes;
    QStringList fileNames;
};

// Every language a file name can map to, "plaintext" not included. The one table the desktop
// writer and codestream-cli share.
const QList<Language> &languages();

// The Monaco language id for a file name (a path is fine): matched on the whole name, then on
// the last suffix, both case-insensitively; "plaintext" when neither is known.
QString languageForFileName(const QString &fileName);

} // namespace stream
