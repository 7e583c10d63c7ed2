#pragma once

#include "stream/textchange.h"
#include "stream/workspacefile.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// The workspace extension of the stream messages (docs/protocol.md §14).
namespace stream {

// {"type":"files","active":ID,"files":[{"id","title","language"},...]}: writer → R, the
// complete list of open files.
struct FilesMessage
{
    QString active;
    QList<WorkspaceFile> files;

    bool operator==(const FilesMessage &) const = default;
};

// The limits of §14.
namespace workspace {
constexpr int maxFiles = 256;
constexpr int maxTitleLength = 255;
constexpr int maxFileIdLength = 32;
// What a watcher holds at most, in UTF-16 units (512 MiB of UTF-16).
constexpr qint64 maxHeldUnits = qint64(256) * 1024 * 1024;
} // namespace workspace

QJsonObject encodeFilesMessage(const FilesMessage &message);
// Decodes a `files` message. Each entry must be an object with string `id` and `title`
// (`language` a string, absent or null); ids and titles are not judged here (see
// isValidFileId(), isValidFileTitle()).
util::Expected<FilesMessage, DecodeFailure> decodeFilesMessage(const QJsonObject &data);
bool isFilesMessage(const QJsonObject &data);

// 1 … 32 characters of A–Z a–z 0–9 _ -, not ending in "-control".
bool isValidFileId(const QString &id);
// 1 … 255 UTF-16 units.
bool isValidFileTitle(const QString &title);
// The file room `R/F` of stream `roomId`.
QString fileRoom(const QString &roomId, const QString &fileId);
// F when `room` is a file room `B/F` by §14 "Rooms", else an empty string.
QString fileIdOf(const QString &room);

// {"data":"sync","files":"all"}: watcher → R-control, asks for R, the list and every file.
QJsonObject workspaceSyncRequest();
// Whether a sync request (as decoded by decodeMessage) asks for every file.
bool isWorkspaceSyncRequest(const QJsonObject &data);

} // namespace stream
