#pragma once

#include <QHash>
#include <QJsonValue>
#include <QSet>
#include <QString>
#include <QStringList>

#include <deque>

// The CodeStream room rules of docs/protocol.md §3, §7 and §14, on socket ids and plain values (no
// sockets), so that every rule is decided in one place and unit-tested.
namespace server {

// A room and writer key issued by /negotiate.
struct IssuedRoom
{
    QString roomId;
    QString writerKey;
};

// What a room name denotes (docs/protocol.md §7, §14).
enum class RoomKind {
    Stream, // "R": a stream, its watchers join it
    Control, // "R-control": the writer of R joins it, watchers send sync requests to it
    File, // "B/F": file F of the workspace stream B
    FileControl, // "B/F-control": the control room of file room "B/F"
};

// A room name taken apart: its kind, the stream it belongs to and, for file rooms, the file id.
struct RoomName
{
    RoomKind kind = RoomKind::Stream;
    QString stream; // R for "R" and "R-control"; the base B for "B/F" and "B/F-control"
    QString fileId; // F for "B/F" and "B/F-control"; empty otherwise

    bool isControl() const { return kind == RoomKind::Control || kind == RoomKind::FileControl; }
    bool isFile() const { return kind == RoomKind::File || kind == RoomKind::FileControl; }
};

// The answer to a joinRoom.
struct JoinDecision
{
    bool allowed = false;
    QString error; // why not, when refused
    QString stream; // the stream whose room was joined (R for "R" and "R-control", B for "B/F")
    RoomKind kind = RoomKind::Stream;
    bool asWriter = false; // joined R-control and owns R
    QString displacedSocketId; // a previous owner that lost R (writer_key reclaim)
    QStringList displacedRooms; // the rooms it lost: "R-control" and every "R/F-control"
};

// The answer to a sendToRoom.
struct SendDecision
{
    bool allowed = false;
    QString error;
    QJsonValue data; // what to forward (the canonical sync request for R-control)
};

// Decides who may join and send where. Stream R's writer joins "R-control" and sends to "R";
// watchers join "R" and may send only the sync request to "R-control".
class RoomPolicy final
{
public:
    static constexpr int maxRoomIdLength = 256;
    static constexpr double syncRequestsPerSecond = 5.0;
    static constexpr double syncRequestBurst = 5.0;
    // A sealed sync request (docs/protocol.md §12): a 96-bit IV in 16 base64url characters, and
    // a ciphertext of at most this many (a sealed {"data":"sync"} takes 42).
    static constexpr int sealedIvChars = 16;
    static constexpr int maxSealedRequestChars = 256;
    static constexpr int maxIssuedRooms = 100000;
    static constexpr int maxStreamsPerSocket = 64;
    static constexpr int maxFileRoomsPerStream = 1024; // per connection (docs/protocol.md §14)
    static constexpr int maxFileIdLength = 32;

    explicit RoomPolicy(bool openRooms = false);

    bool openRooms() const { return m_openRooms; }

    // A fresh room id (>= 96 random bits) with the writer key that reclaims it.
    IssuedRoom issueRoom();
    // Remembers `writerKey` as the key of `roomId` (what issueRoom does for its own ids).
    void registerWriterKey(const QString &roomId, const QString &writerKey);

    // Checks a room id from the wire: non-empty, bounded, no control characters.
    static bool isValidRoomId(const QString &roomId);
    // Checks a file id (docs/protocol.md §14): 1 … 32 characters A–Z a–z 0–9 _ -.
    static bool isValidFileId(QStringView fileId);
    // Takes a valid room name apart (docs/protocol.md §14 "Rooms").
    static RoomName classify(const QString &room);
    // The stream that a room belongs to: "R" for both "R" and "R-control", B for "B/F" and
    // "B/F-control".
    static QString streamOf(const QString &room, bool *isControl = nullptr);

    JoinDecision join(const QString &socketId, const QString &room, const QString &writerKey);
    SendDecision send(const QString &socketId, const QString &room, const QJsonValue &data,
                      qint64 nowMs);
    // Forgets a socket (it disconnected). Returns the streams whose watcher set changed.
    QStringList socketLeft(const QString &socketId);

    // The connected owner of stream R (empty: none).
    QString ownerOf(const QString &stream) const;
    int watcherCount(const QString &stream) const;

private:
    struct Stream
    {
        QString owner; // socket id of the writer (may be disconnected if reserved)
        bool ownerConnected = false;
        bool keyProven = false; // the owner joined with the right writer key: reserve on leave
        QString writerKey;
        QSet<QString> watchers;
    };
    struct Bucket
    {
        double tokens = syncRequestBurst;
        qint64 lastMs = -1;
    };

    // File rooms of one stream that a connection joined: file id -> FileWatched | FileControlled.
    using FileRooms = QHash<QString, quint8>;
    static constexpr quint8 FileWatched = 1; // joined "B/F"
    static constexpr quint8 FileControlled = 2; // joined "B/F-control" as B's owner
    struct Connection
    {
        QStringList streams; // streams it takes part in (a few: a list is far smaller than a set)
        QHash<QString, FileRooms> files; // stream B -> its file rooms joined
    };

    Stream &streamFor(const QString &stream);
    void dropIfUnused(const QString &stream);
    void joinControl(const QString &socketId, const QString &writerKey, JoinDecision &d);
    void joinFile(const QString &socketId, const RoomName &name, JoinDecision &d);
    // Takes R's control rooms from a displaced owner; returns them ("R-control", "R/F-control").
    QStringList dropControlRooms(const QString &socketId, const QString &stream);

    bool m_openRooms;
    QHash<QString, Stream> m_streams;
    QHash<QString, Connection> m_connections; // socket id -> what it joined
    QHash<QString, Bucket> m_buckets;
    std::deque<QString> m_issuedOrder; // oldest first, bounds issued but unused rooms
};

} // namespace server
