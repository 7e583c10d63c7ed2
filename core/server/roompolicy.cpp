#include "server/roompolicy.h"

#include "util/randomid.h"

#include <QJsonObject>

#include <optional>

namespace server {

namespace {

const QString controlSuffix = QStringLiteral("-control");

// A sync request in its canonical form (docs/protocol.md §7): {"data":"sync"}, with
// "files":"all" kept when the sender's object has it (the workspace sync request of §14).
std::optional<QJsonObject> syncRequest(const QJsonValue &data)
{
    if (!data.isObject())
        return std::nullopt;
    const QJsonObject object = data.toObject();
    if (object.value(QLatin1String("data")) != QLatin1String("sync"))
        return std::nullopt;
    QJsonObject canonical {{QStringLiteral("data"), QStringLiteral("sync")}};
    if (object.value(QLatin1String("files")) == QLatin1String("all"))
        canonical.insert(QStringLiteral("files"), QStringLiteral("all"));
    return canonical;
}

bool isBase64Url(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
              || u == u'-' || u == u'_'))
            return false;
    }
    return true;
}

// A sealed message small enough to be a sealed sync request (docs/protocol.md §12): the server
// cannot read it, so it checks its shape and forwards only these four fields.
std::optional<QJsonObject> sealedSyncRequest(const QJsonValue &data)
{
    if (!data.isObject())
        return std::nullopt;
    const QJsonObject object = data.toObject();
    if (object.value(QLatin1String("type")) != QLatin1String("sealed")
        || object.value(QLatin1String("v")) != QJsonValue(1))
        return std::nullopt;
    const QString iv = object.value(QLatin1String("iv")).toString();
    const QString ct = object.value(QLatin1String("ct")).toString();
    if (iv.size() != RoomPolicy::sealedIvChars || ct.isEmpty()
        || ct.size() > RoomPolicy::maxSealedRequestChars || !isBase64Url(iv) || !isBase64Url(ct))
        return std::nullopt;
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("sealed")},
                        {QStringLiteral("v"), 1},
                        {QStringLiteral("iv"), iv},
                        {QStringLiteral("ct"), ct}};
}

} // namespace

RoomPolicy::RoomPolicy(bool openRooms)
    : m_openRooms(openRooms)
{ }

IssuedRoom RoomPolicy::issueRoom()
{
    IssuedRoom room;
    do {
        room.roomId = util::randomBase32(13); // 104 bits
    } while (m_streams.contains(room.roomId));
    room.writerKey = util::randomBase64Url(24); // 192 bits
    registerWriterKey(room.roomId, room.writerKey);
    return room;
}

void RoomPolicy::registerWriterKey(const QString &roomId, const QString &writerKey)
{
    Stream &s = streamFor(roomId);
    s.writerKey = writerKey;
    m_issuedOrder.push_back(roomId);
    while (m_issuedOrder.size() > std::size_t(maxIssuedRooms)) {
        const QString oldest = m_issuedOrder.front();
        m_issuedOrder.pop_front();
        auto it = m_streams.find(oldest);
        if (it != m_streams.end() && it->owner.isEmpty() && it->watchers.isEmpty())
            m_streams.erase(it);
    }
}

bool RoomPolicy::isValidRoomId(const QString &roomId)
{
    if (roomId.isEmpty() || roomId.size() > maxRoomIdLength)
        return false;
    for (const QChar c : roomId) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

bool RoomPolicy::isValidFileId(QStringView fileId)
{
    if (fileId.isEmpty() || fileId.size() > maxFileIdLength)
        return false;
    for (const QChar c : fileId) {
        const char16_t u = c.unicode();
        if (!((u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
              || u == u'-' || u == u'_'))
            return false;
    }
    return true;
}

RoomName RoomPolicy::classify(const QString &room)
{
    RoomName name;
    const bool control = room.endsWith(controlSuffix);
    const QString stream = control ? room.chopped(controlSuffix.size()) : room;
    name.kind = control ? RoomKind::Control : RoomKind::Stream;
    name.stream = stream;
    // A file room "B/F": F a file id after the last '/', B a valid name without '/' that is not
    // itself a control room (docs/protocol.md §14).
    const qsizetype slash = stream.lastIndexOf(u'/');
    if (slash < 0)
        return name;
    const QStringView base = QStringView(stream).first(slash);
    const QStringView fileId = QStringView(stream).sliced(slash + 1);
    if (!isValidFileId(fileId) || base.isEmpty() || base.contains(u'/')
        || base.endsWith(controlSuffix))
        return name;
    for (const QChar c : base) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return name;
    }
    name.kind = control ? RoomKind::FileControl : RoomKind::File;
    name.stream = base.toString();
    name.fileId = fileId.toString();
    return name;
}

QString RoomPolicy::streamOf(const QString &room, bool *isControl)
{
    RoomName name = classify(room);
    if (isControl)
        *isControl = name.isControl();
    return std::move(name.stream);
}

RoomPolicy::Stream &RoomPolicy::streamFor(const QString &stream)
{
    return m_streams[stream];
}

void RoomPolicy::dropIfUnused(const QString &stream)
{
    auto it = m_streams.find(stream);
    if (it != m_streams.end() && it->owner.isEmpty() && it->watchers.isEmpty()
        && it->writerKey.isEmpty())
        m_streams.erase(it);
}

JoinDecision RoomPolicy::join(const QString &socketId, const QString &room,
                              const QString &writerKey)
{
    JoinDecision d;
    if (!isValidRoomId(room)) {
        d.error = QStringLiteral("invalid room_id");
        return d;
    }
    const RoomName name = classify(room);
    d.stream = name.stream;
    d.kind = name.kind;
    if (m_openRooms) {
        d.allowed = true;
        return d;
    }
    if (d.stream.isEmpty()) {
        d.error = QStringLiteral("invalid room_id");
        return d;
    }
    // A file room "B/F" counts as B (docs/protocol.md §14).
    Connection &c = m_connections[socketId];
    const bool inStream = c.streams.contains(d.stream);
    if (!inStream && c.streams.size() >= maxStreamsPerSocket) {
        d.error = QStringLiteral("too many rooms for one connection");
        return d;
    }

    switch (name.kind) {
    case RoomKind::Stream:
        streamFor(d.stream).watchers.insert(socketId);
        if (!inStream)
            c.streams.append(d.stream);
        d.allowed = true;
        break;
    case RoomKind::Control:
        joinControl(socketId, writerKey, d);
        break;
    case RoomKind::File:
    case RoomKind::FileControl:
        joinFile(socketId, name, d);
        break;
    }
    return d;
}

void RoomPolicy::joinControl(const QString &socketId, const QString &writerKey, JoinDecision &d)
{
    Stream &s = streamFor(d.stream);
    if (s.owner == socketId && s.ownerConnected) {
        d.allowed = true;
        d.asWriter = true;
        return;
    }
    const bool keyGiven = !writerKey.isEmpty();
    const bool keyKnown = !s.writerKey.isEmpty();
    if (keyGiven && keyKnown && writerKey != s.writerKey) {
        d.error = QStringLiteral("wrong writer_key for this room");
        dropIfUnused(d.stream);
        return;
    }
    if (keyGiven && keyKnown) {
        if (s.ownerConnected && s.owner != socketId) {
            d.displacedSocketId = s.owner;
            d.displacedRooms = dropControlRooms(s.owner, d.stream);
        }
        s.keyProven = true;
    } else {
        if (s.ownerConnected || (s.keyProven && !s.owner.isEmpty())) {
            d.error = QStringLiteral("this room already has a writer");
            return;
        }
        s.keyProven = false;
        if (keyGiven) { // first writer of a room nobody issued: its key reclaims it later
            s.writerKey = writerKey;
            s.keyProven = true;
        }
    }
    s.owner = socketId;
    s.ownerConnected = true;
    QStringList &streams = m_connections[socketId].streams;
    if (!streams.contains(d.stream))
        streams.append(d.stream);
    d.allowed = true;
    d.asWriter = true;
}

void RoomPolicy::joinFile(const QString &socketId, const RoomName &name, JoinDecision &d)
{
    const bool control = name.kind == RoomKind::FileControl;
    // A writer_key sent with "B/F-control" is ignored: only B's owner of the moment joins it.
    if (control && ownerOf(name.stream) != socketId) {
        d.error = QStringLiteral("only the writer of this room may join its file rooms");
        return;
    }
    Connection &c = m_connections[socketId];
    FileRooms &files = c.files[name.stream];
    auto it = files.find(name.fileId);
    if (it == files.end()) {
        if (files.size() >= maxFileRoomsPerStream) {
            d.error = QStringLiteral("too many file rooms for one stream");
            return;
        }
        it = files.insert(name.fileId, 0);
    }
    *it |= control ? FileControlled : FileWatched;
    if (!c.streams.contains(name.stream))
        c.streams.append(name.stream);
    d.allowed = true;
}

QStringList RoomPolicy::dropControlRooms(const QString &socketId, const QString &stream)
{
    QStringList rooms {stream + controlSuffix};
    const auto c = m_connections.find(socketId);
    if (c == m_connections.end())
        return rooms;
    const auto files = c->files.find(stream);
    if (files != c->files.end()) {
        for (auto it = files->begin(); it != files->end();) {
            if (!(it.value() & FileControlled)) {
                ++it;
                continue;
            }
            rooms.append(stream + u'/' + it.key() + controlSuffix);
            it.value() = quint8(it.value() & ~FileControlled);
            it = it.value() ? std::next(it) : files->erase(it);
        }
        if (files->isEmpty())
            c->files.erase(files);
    }
    const auto s = m_streams.constFind(stream);
    if (!c->files.contains(stream) && (s == m_streams.cend() || !s->watchers.contains(socketId)))
        c->streams.removeOne(stream);
    return rooms;
}

SendDecision RoomPolicy::send(const QString &socketId, const QString &room, const QJsonValue &data,
                              qint64 nowMs)
{
    SendDecision d;
    if (!isValidRoomId(room)) {
        d.error = QStringLiteral("invalid room_id");
        return d;
    }
    if (m_openRooms) {
        d.allowed = true;
        d.data = data;
        return d;
    }
    // "B/F" and "B/F-control" follow the rules of "B" and "B-control" (docs/protocol.md §14).
    const RoomName name = classify(room);
    if (name.isControl()) {
        std::optional<QJsonObject> request = sealedSyncRequest(data);
        if (!request)
            request = syncRequest(data);
        if (!request) {
            d.error = QStringLiteral("only the sync request may be sent to a control room");
            return d;
        }
        Bucket &b = m_buckets[socketId];
        if (b.lastMs >= 0 && nowMs > b.lastMs)
            b.tokens = qMin(syncRequestBurst,
                            b.tokens + double(nowMs - b.lastMs) * syncRequestsPerSecond / 1000.0);
        b.lastMs = nowMs;
        if (b.tokens < 1.0) {
            d.error = QStringLiteral("sync requests are rate-limited");
            return d;
        }
        b.tokens -= 1.0;
        d.allowed = true;
        d.data = *request;
        return d;
    }
    if (name.stream.isEmpty() || ownerOf(name.stream) != socketId) {
        d.error = QStringLiteral("only the writer of this room may send to it");
        return d;
    }
    d.allowed = true;
    d.data = data;
    return d;
}

QStringList RoomPolicy::socketLeft(const QString &socketId)
{
    QStringList changed;
    m_buckets.remove(socketId);
    const QStringList streams = m_connections.take(socketId).streams;
    for (const QString &name : streams) {
        auto it = m_streams.find(name);
        if (it == m_streams.end())
            continue;
        if (it->watchers.remove(socketId))
            changed.append(name);
        if (it->owner == socketId) {
            it->ownerConnected = false;
            if (!it->keyProven)
                it->owner.clear();
        }
        dropIfUnused(name);
    }
    return changed;
}

QString RoomPolicy::ownerOf(const QString &stream) const
{
    const auto it = m_streams.constFind(stream);
    return it != m_streams.cend() && it->ownerConnected ? it->owner : QString();
}

int RoomPolicy::watcherCount(const QString &stream) const
{
    const auto it = m_streams.constFind(stream);
    return it != m_streams.cend() ? int(it->watchers.size()) : 0;
}

} // namespace server
