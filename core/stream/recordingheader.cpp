#include "stream/recordingheader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QTimeZone>

#include <cmath>

namespace stream {

QByteArray RecordingHeader::toJsonLine() const
{
    QJsonObject object;
    object.insert(QStringLiteral("cscast"), formatVersion);
    object.insert(QStringLiteral("title"), title);
    object.insert(QStringLiteral("language"), language);
    if (startTime.isValid())
        object.insert(QStringLiteral("start"),
                      startTime.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
    object.insert(QStringLiteral("app"), appVersion);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

util::Expected<RecordingHeader, QString> RecordingHeader::fromJsonLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return QStringLiteral("the first line is not a recording header");
    const QJsonObject object = document.object();
    const QJsonValue version = object.value(QStringLiteral("cscast"));
    if (!version.isDouble())
        return QStringLiteral("the first line is not a recording header");
    const double number = version.toDouble();
    if (!(number >= 1 && number <= 1e9) || number != std::floor(number))
        return QStringLiteral("invalid format version in the header");
    if (number > recordingFormatVersion)
        return QStringLiteral("format version %1 is newer than this reader (%2)")
            .arg(qint64(number))
            .arg(recordingFormatVersion);
    RecordingHeader header;
    header.formatVersion = int(number);
    const auto text = [&](const char *key, QString *out) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return true;
        if (!value.isString())
            return false;
        *out = value.toString();
        return true;
    };
    QString start;
    if (!text("title", &header.title) || !text("language", &header.language)
        || !text("app", &header.appVersion) || !text("start", &start))
        return QStringLiteral("a header field has the wrong type");
    if (!start.isEmpty()) {
        header.startTime = QDateTime::fromString(start, Qt::ISODateWithMs);
        if (!header.startTime.isValid())
            header.startTime = QDateTime::fromString(start, Qt::ISODate);
        if (!header.startTime.isValid())
            return QStringLiteral("invalid start time in the header");
        header.startTime = header.startTime.toUTC();
    }
    return header;
}

} // namespace stream
