#pragma once

#include "stream/textchange.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

// The stream messages carried as `data` of sendToRoom / editorMessage (docs/protocol.md §4).
namespace stream {

// {"type":"delta","version":V,"changes":[EVENT,...]}: writer → R.
struct DeltaMessage
{
    qint64 version = 0;
    QList<ContentChangeEvent> changes;

    bool operator==(const DeltaMessage &) const = default;
};

// {"type":"full","version":V,"content":...}: the whole document (or one part of it) with
// deltas 0 … V-1 applied. part/parts are present only when the full is split.
struct FullMessage
{
    qint64 version = 0;
    QString content;
    std::optional<QString> language;
    std::optional<QString> title;
    std::optional<QString> eol;
    std::optional<int> part;
    std::optional<int> parts;

    bool operator==(const FullMessage &) const = default;
};

// {"data":"sync"}: watcher → R-control.
struct SyncRequest
{
    bool operator==(const SyncRequest &) const = default;
};

// {"type":"cursor","version":V,"selections":[...]}: the writer's selections at version V
// (the document that a full with version V would carry).
struct CursorMessage
{
    qint64 version = 0;
    QList<Selection> selections;

    bool operator==(const CursorMessage &) const = default;
};

// {"type":"meta","language":...,"title":...}: writer → R.
struct MetaMessage
{
    QString language;
    QString title;

    bool operator==(const MetaMessage &) const = default;
};

// {"type":"presence","watchers":N}: server → the room's writer.
struct PresenceMessage
{
    int watchers = 0;

    bool operator==(const PresenceMessage &) const = default;
};

using StreamMessage = std::variant<DeltaMessage, FullMessage, SyncRequest, CursorMessage,
                                   MetaMessage, PresenceMessage>;

// Encodes a message as the JSON object sent on the wire.
QJsonObject encodeMessage(const StreamMessage &message);
// Decodes and strictly validates a wire object.
util::Expected<StreamMessage, DecodeFailure> decodeMessage(const QJsonObject &data);

// The UTF-8 size of `object` encoded as compact JSON.
qint64 encodedSize(const QJsonObject &object);

} // namespace stream
