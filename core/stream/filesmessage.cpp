#include "stream/filesmessage.h"

#include <QJsonArray>

namespace stream {

namespace {
using Failure = DecodeFailure;
} // namespace

QJsonObject encodeFilesMessage(const FilesMessage &message)
{
    QJsonArray files;
    for (const WorkspaceFile &file : message.files)
        files.append(QJsonObject {{QStringLiteral("id"), file.id},
                                  {QStringLiteral("title"), file.title},
                                  {QStringLiteral("language"), file.language}});
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("files")},
                        {QStringLiteral("active"), message.active},
                        {QStringLiteral("files"), files}};
}

bool isFilesMessage(const QJsonObject &data)
{
    return data.value(QStringLiteral("type")).toString() == QLatin1String("files");
}

util::Expected<FilesMessage, DecodeFailure> decodeFilesMessage(const QJsonObject &data)
{
    if (!isFilesMessage(data))
        return Failure {DecodeError::UnknownType, QStringLiteral("type")};
    FilesMessage message;
    const QJsonValue active = data.value(QStringLiteral("active"));
    if (active.isString())
        message.active = active.toString();
    else if (!active.isUndefined() && !active.isNull())
        return Failure {DecodeError::WrongType, QStringLiteral("active")};
    const QJsonValue files = data.value(QStringLiteral("files"));
    if (files.isUndefined())
        return Failure {DecodeError::MissingField, QStringLiteral("files")};
    if (!files.isArray())
        return Failure {DecodeError::WrongType, QStringLiteral("files")};
    const QJsonArray array = files.toArray();
    message.files.reserve(array.size());
    for (const QJsonValue &entry : array) {
        if (!entry.isObject())
            return Failure {DecodeError::WrongType, QStringLiteral("files")};
        const QJsonObject object = entry.toObject();
        const QJsonValue id = object.value(QStringLiteral("id"));
        const QJsonValue title = object.value(QStringLiteral("title"));
        const QJsonValue language = object.value(QStringLiteral("language"));
        if (!id.isString())
            return Failure {id.isUndefined() ? DecodeError::MissingField : DecodeError::WrongType,
                            QStringLiteral("id")};
        if (!title.isString())
            return Failure {title.isUndefined() ? DecodeError::MissingField
                                                : DecodeError::WrongType,
                            QStringLiteral("title")};
        if (!language.isString() && !language.isUndefined() && !language.isNull())
            return Failure {DecodeError::WrongType, QStringLiteral("language")};
        message.files.append({id.toString(), title.toString(), language.toString()});
    }
    return message;
}

bool isValidFileId(const QString &id)
{
    // `R/x-control` is the control room of `R/x` (docs/protocol.md §14).
    if (id.isEmpty() || id.size() > workspace::maxFileIdLength
        || id.endsWith(QLatin1String("-control")))
        return false;
    for (const QChar c : id) {
        const char16_t u = c.unicode();
        const bool ok = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z')
            || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-';
        if (!ok)
            return false;
    }
    return true;
}

bool isValidFileTitle(const QString &title)
{
    return !title.isEmpty() && title.size() <= workspace::maxTitleLength;
}

QString fileRoom(const QString &roomId, const QString &fileId)
{
    return roomId + u'/' + fileId;
}

QString fileIdOf(const QString &room)
{
    const qsizetype slash = room.lastIndexOf(u'/');
    if (slash <= 0)
        return {};
    const QString id = room.sliced(slash + 1);
    const QString base = room.first(slash);
    if (!isValidFileId(id) || base.contains(u'/') || base.endsWith(QLatin1String("-control")))
        return {};
    return id;
}

QJsonObject workspaceSyncRequest()
{
    return QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")},
                        {QStringLiteral("files"), QStringLiteral("all")}};
}

bool isWorkspaceSyncRequest(const QJsonObject &data)
{
    return data.value(QStringLiteral("data")).toString() == QLatin1String("sync")
        && data.value(QStringLiteral("files")).toString() == QLatin1String("all");
}

} // namespace stream
