#include "stream/streamwriter.h"

#include "stream/writerconnection.h"
#include "stream/writersession.h"

namespace stream {

struct StreamWriter::Private
{
    explicit Private(TextDocument *document)
        : session(document)
        , connection(&session)
    { }

    WriterSession session;
    WriterConnection connection;
};

StreamWriter::StreamWriter(TextDocument *document, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(document))
{
    connect(&d->session, &WriterSession::versionChanged, this, &StreamWriter::versionChanged);
    connect(&d->session, &WriterSession::messageReady, this, &StreamWriter::messageReady);
    connect(&d->connection, &WriterConnection::shareLinkChanged, this,
            &StreamWriter::shareLinkChanged);
    connect(&d->connection, &WriterConnection::connectionStateChanged, this,
            &StreamWriter::connectionStateChanged);
    connect(&d->connection, &WriterConnection::reconnectScheduled, this,
            &StreamWriter::reconnectScheduled);
    connect(&d->connection, &WriterConnection::watcherCountChanged, this,
            &StreamWriter::watcherCountChanged);
    connect(&d->connection, &WriterConnection::errorOccurred, this, &StreamWriter::errorOccurred);
}

StreamWriter::~StreamWriter() = default;

void StreamWriter::setFlushInterval(int ms)
{
    d->session.setFlushInterval(ms);
}

void StreamWriter::setReconnectionDelayMax(int ms)
{
    d->connection.setReconnectionDelayMax(ms);
}

int StreamWriter::reconnectionDelayMax() const
{
    return d->connection.reconnectionDelayMax();
}

ConnectionState StreamWriter::connectionState() const
{
    return d->connection.state();
}

void StreamWriter::setEncrypted(bool encrypted)
{
    d->connection.setEncrypted(encrypted);
}

bool StreamWriter::isEncrypted() const
{
    return d->connection.isEncrypted();
}

QUrl StreamWriter::shareLink() const
{
    return d->connection.shareLink();
}

QUrl StreamWriter::shareLinkWithoutKey() const
{
    return d->connection.shareLinkWithoutKey();
}

QString StreamWriter::roomId() const
{
    return d->connection.roomId();
}

int StreamWriter::watcherCount() const
{
    return d->connection.watcherCount();
}

qint64 StreamWriter::nextVersion() const
{
    return d->session.nextVersion();
}

void StreamWriter::recordChange(const TextChange &change)
{
    d->session.recordChange(change);
}

void StreamWriter::recordEvent(const ContentChangeEvent &event)
{
    d->session.recordEvent(event);
}

void StreamWriter::setCursor(const QList<Selection> &selections)
{
    d->session.setCursor(selections);
}

void StreamWriter::setMeta(const QString &language, const QString &title)
{
    d->session.setMeta(language, title);
}

void StreamWriter::start(const QUrl &origin)
{
    d->connection.start(origin);
}

void StreamWriter::stop()
{
    d->session.flush();
    d->connection.stop();
}

void StreamWriter::flush()
{
    d->session.flush();
}

} // namespace stream
