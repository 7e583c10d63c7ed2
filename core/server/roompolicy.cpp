#include "server/roompolicy.h"

#include "util/randomid.h"

#include <QJsonObject>

namespace server {

namespace {

const QString controlSuffix = QStringLiteral("-control");

bool isSyncRequest(const QJsonValue &data)
{
    return data.isObject()
        && data.toObject().value(QLatin1String("data")) == QJsonValue(QStringLiteral("sync"));
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

QString RoomPolicy::streamOf(const QString &room, bool *isControl)
{
    const bool control = room.endsWith(controlSuffix);
    if (isControl)
        *isControl = control;
    return control ? room.chopped(controlSuffix.size()) : room;
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
    bool control = false;
    d.stream = streamOf(room, &control);
    if (m_openRooms) {
        d.allowed = true;
        return d;
    }
    if (d.stream.isEmpty()) {
        d.error = QStringLiteral("invalid room_id");
        return d;
    }
    const QStringList &joined = m_socketStreams[socketId];
    if (!joined.contains(d.stream) && joined.size() >= maxStreamsPerSocket) {
        d.error = QStringLiteral("too many rooms for one connection");
        return d;
    }

    if (!control) {
        streamFor(d.stream).watchers.insert(socketId);
        if (!joined.contains(d.stream))
            m_socketStreams[socketId].append(d.stream);
        d.allowed = true;
        return d;
    }

    Stream &s = streamFor(d.stream);
    if (s.owner == socketId && s.ownerConnected) {
        d.allowed = true;
        d.asWriter = true;
        return d;
    }
    const bool keyGiven = !writerKey.isEmpty();
    const bool keyKnown = !s.writerKey.isEmpty();
    if (keyGiven && keyKnown && writerKey != s.writerKey) {
        d.error = QStringLiteral("wrong writer_key for this room");
        dropIfUnused(d.stream);
        return d;
    }
    if (keyGiven && keyKnown) {
        if (s.ownerConnected && s.owner != socketId) {
            d.displacedSocketId = s.owner;
            if (!s.watchers.contains(s.owner))
                m_socketStreams[s.owner].removeOne(d.stream);
        }
        s.keyProven = true;
    } else {
        if (s.ownerConnected || (s.keyProven && !s.owner.isEmpty())) {
            d.error = QStringLiteral("this room already has a writer");
            return d;
        }
        s.keyProven = false;
        if (keyGiven) { // first writer of a room nobody issued: its key reclaims it later
            s.writerKey = writerKey;
            s.keyProven = true;
        }
    }
    s.owner = socketId;
    s.ownerConnected = true;
    if (!m_socketStreams[socketId].contains(d.stream))
        m_socketStreams[socketId].append(d.stream);
    d.allowed = true;
    d.asWriter = true;
    return d;
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
    bool control = false;
    const QString stream = streamOf(room, &control);
    if (control) {
        if (!isSyncRequest(data)) {
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
        d.data = QJsonObject {{QStringLiteral("data"), QStringLiteral("sync")}};
        return d;
    }
    if (stream.isEmpty() || ownerOf(stream) != socketId) {
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
    const QStringList streams = m_socketStreams.take(socketId);
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
