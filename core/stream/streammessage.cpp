#include "stream/streammessage.h"

#include "stream/decodearray.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace stream {

namespace {

using Failure = DecodeFailure;

util::Expected<qint64, Failure> readCount(const QJsonObject &object, const QString &field,
                                          qint64 minimum, qint64 maximum)
{
    const auto it = object.constFind(field);
    if (it == object.constEnd())
        return Failure {DecodeError::MissingField, field};
    if (!it->isDouble())
        return Failure {DecodeError::WrongType, field};
    const double number = it->toDouble();
    if (!std::isfinite(number) || std::trunc(number) != number)
        return Failure {DecodeError::WrongType, field};
    if (number < double(minimum) || number > double(maximum))
        return Failure {DecodeError::OutOfRange, field};
    return qint64(number);
}

constexpr qint64 maxVersion = 9007199254740991LL; // 2^53 - 1

util::Expected<std::optional<QString>, Failure> readOptionalString(const QJsonObject &object,
                                                                   const QString &field)
{
    const auto it = object.constFind(field);
    if (it == object.constEnd() || it->isNull())
        return std::optional<QString>();
    if (!it->isString())
        return Failure {DecodeError::WrongType, field};
    return std::optional<QString>(it->toString());
}

util::Expected<StreamMessage, Failure> decodeDelta(const QJsonObject &data)
{
    DeltaMessage delta;
    auto version = readCount(data, QStringLiteral("version"), 0, maxVersion);
    if (!version)
        return version.error();
    delta.version = *version;
    auto changes = decodeArray<ContentChangeEvent>(data, QStringLiteral("changes"));
    if (!changes)
        return changes.error();
    delta.changes = std::move(changes).value();
    return StreamMessage(std::move(delta));
}

util::Expected<StreamMessage, Failure> decodeFull(const QJsonObject &data)
{
    FullMessage full;
    auto version = readCount(data, QStringLiteral("version"), 0, maxVersion);
    if (!version)
        return version.error();
    full.version = *version;
    const auto it = data.constFind(QStringLiteral("content"));
    if (it == data.constEnd())
        return Failure {DecodeError::MissingField, QStringLiteral("content")};
    if (!it->isString())
        return Failure {DecodeError::WrongType, QStringLiteral("content")};
    full.content = it->toString();
    std::optional<QString> *strings[] = {&full.language, &full.title, &full.eol};
    const QString names[]
        = {QStringLiteral("language"), QStringLiteral("title"), QStringLiteral("eol")};
    for (int i = 0; i < 3; ++i) {
        auto value = readOptionalString(data, names[i]);
        if (!value)
            return value.error();
        *strings[i] = *value;
    }
    const bool hasPart = data.contains(QStringLiteral("part"));
    const bool hasParts = data.contains(QStringLiteral("parts"));
    if (hasPart != hasParts)
        return Failure {DecodeError::InvalidParts,
                        hasPart ? QStringLiteral("parts") : QStringLiteral("part")};
    if (hasPart) {
        auto parts = readCount(data, QStringLiteral("parts"), 1, 1 << 20);
        if (!parts)
            return parts.error();
        auto part = readCount(data, QStringLiteral("part"), 0, 1 << 20);
        if (!part)
            return part.error();
        if (*part >= *parts)
            return Failure {DecodeError::InvalidParts, QStringLiteral("part")};
        full.part = int(*part);
        full.parts = int(*parts);
    }
    return StreamMessage(std::move(full));
}

util::Expected<StreamMessage, Failure> decodeCursor(const QJsonObject &data)
{
    CursorMessage cursor;
    auto version = readCount(data, QStringLiteral("version"), 0, maxVersion);
    if (!version)
        return version.error();
    cursor.version = *version;
    auto selections = decodeArray<Selection>(data, QStringLiteral("selections"));
    if (!selections)
        return selections.error();
    cursor.selections = std::move(selections).value();
    return StreamMessage(std::move(cursor));
}

util::Expected<StreamMessage, Failure> decodeMeta(const QJsonObject &data)
{
    MetaMessage meta;
    auto language = readOptionalString(data, QStringLiteral("language"));
    if (!language)
        return language.error();
    auto title = readOptionalString(data, QStringLiteral("title"));
    if (!title)
        return title.error();
    meta.language = language->value_or(QString());
    meta.title = title->value_or(QString());
    return StreamMessage(std::move(meta));
}

util::Expected<StreamMessage, Failure> decodePresence(const QJsonObject &data)
{
    auto watchers = readCount(data, QStringLiteral("watchers"), 0, 0x7fffffff);
    if (!watchers)
        return watchers.error();
    return StreamMessage(PresenceMessage {int(*watchers)});
}

} // namespace

QJsonObject encodeMessage(const StreamMessage &message)
{
    struct Encoder
    {
        QJsonObject operator()(const DeltaMessage &delta) const
        {
            QJsonArray events;
            for (const ContentChangeEvent &event : delta.changes)
                events.append(event.toJson());
            return QJsonObject {{QStringLiteral("type"), QStringLiteral("delta")},
                                {QStringLiteral("version"), delta.version},
                                {QStringLiteral("changes"), events}};
        }
        QJsonObject operator()(const FullMessage &full) const
        {
            QJsonObject object {{QStringLiteral("type"), QStringLiteral("full")},
                                {QStringLiteral("version"), full.version},
                                {QStringLiteral("content"), full.content}};
            if (full.language)
                object.insert(QStringLiteral("language"), *full.language);
            if (full.title)
                object.insert(QStringLiteral("title"), *full.title);
            if (full.eol)
                object.insert(QStringLiteral("eol"), *full.eol);
            if (full.part && full.parts) {
                object.insert(QStringLiteral("part"), *full.part);
                object.insert(QStringLiteral("parts"), *full.parts);
            }
            return object;
        }
        QJsonObject operator()(const SyncRequest &) const
        {
            return QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")}};
        }
        QJsonObject operator()(const CursorMessage &cursor) const
        {
            QJsonArray selections;
            for (const Selection &selection : cursor.selections)
                selections.append(selection.toJson());
            return QJsonObject {{QStringLiteral("type"), QStringLiteral("cursor")},
                                {QStringLiteral("version"), cursor.version},
                                {QStringLiteral("selections"), selections}};
        }
        QJsonObject operator()(const MetaMessage &meta) const
        {
            return QJsonObject {{QStringLiteral("type"), QStringLiteral("meta")},
                                {QStringLiteral("language"), meta.language},
                                {QStringLiteral("title"), meta.title}};
        }
        QJsonObject operator()(const PresenceMessage &presence) const
        {
            return QJsonObject {{QStringLiteral("type"), QStringLiteral("presence")},
                                {QStringLiteral("watchers"), presence.watchers}};
        }
    };
    return std::visit(Encoder {}, message);
}

util::Expected<StreamMessage, DecodeFailure> decodeMessage(const QJsonObject &data)
{
    const auto typeIt = data.constFind(QStringLiteral("type"));
    if (typeIt == data.constEnd()) {
        const auto dataIt = data.constFind(QStringLiteral("data"));
        if (dataIt == data.constEnd())
            return Failure {DecodeError::MissingField, QStringLiteral("type")};
        if (!dataIt->isString())
            return Failure {DecodeError::WrongType, QStringLiteral("data")};
        if (dataIt->toString() != QLatin1String("sync"))
            return Failure {DecodeError::UnknownType, QStringLiteral("data")};
        return StreamMessage(SyncRequest {});
    }
    if (!typeIt->isString())
        return Failure {DecodeError::WrongType, QStringLiteral("type")};
    const QString type = typeIt->toString();
    if (type == QLatin1String("delta"))
        return decodeDelta(data);
    if (type == QLatin1String("full"))
        return decodeFull(data);
    if (type == QLatin1String("cursor"))
        return decodeCursor(data);
    if (type == QLatin1String("meta"))
        return decodeMeta(data);
    if (type == QLatin1String("presence"))
        return decodePresence(data);
    return Failure {DecodeError::UnknownType, QStringLiteral("type")};
}

qint64 encodedSize(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).size();
}

} // namespace stream
