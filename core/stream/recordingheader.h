#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

// The first line of a .cscast recording (docs/recording.md §1).
namespace stream {

// The format version this code writes and the newest it reads.
inline constexpr int recordingFormatVersion = 1;
// The longest line a recording may hold, line end excluded (docs/recording.md §1, Limits).
inline constexpr qint64 maxRecordingLineBytes = 80LL * 1024 * 1024;

// The header of a recording: format version, title, language, start time (UTC), app version.
struct RecordingHeader
{
    int formatVersion = recordingFormatVersion;
    QString title;
    QString language;
    QDateTime startTime;
    QString appVersion;

    bool operator==(const RecordingHeader &) const = default;
    // The header line as compact JSON, without the line end.
    QByteArray toJsonLine() const;
    // Parses a header line; the error says why it is not a recording's header.
    static util::Expected<RecordingHeader, QString> fromJsonLine(const QByteArray &line);
};

} // namespace stream
