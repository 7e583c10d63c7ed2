#pragma once

#include "stream/recordingheader.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <memory>

namespace stream {

// Writes a stream to a .cscast recording (docs/recording.md). record() only buffers in memory;
// a worker thread encodes and writes the lines, flushing at least every flushInterval, so the
// caller never waits for the disk.
class Recorder final : public QObject
{
    Q_OBJECT
public:
    explicit Recorder(QObject *parent = nullptr);
    // Writes what is buffered and closes the file.
    ~Recorder() override;

    // Creates (or truncates) `path` and queues the header; starts the clock of the event times.
    // False, with errorString(), when the file cannot be created.
    bool open(const QString &path, const RecordingHeader &header);
    bool isOpen() const;
    QString errorString() const;
    // How often buffered lines are written (default 500 ms); set before open().
    void setFlushInterval(int ms);
    // Seconds since open().
    double elapsed() const;

    // Records one stream message (the `data` object as on the wire) at the current time.
    // Messages that are not full, delta, cursor or meta are ignored.
    void record(const QJsonObject &message);
    // Records a message at `seconds` since the start (times must not decrease).
    void recordAt(double seconds, const QJsonObject &message);

public slots:
    // Asks the worker to write what is buffered now (does not wait).
    void flush();
    // Writes everything buffered, waiting for the disk, and closes the file; a write error found
    // on the way is reported before it returns.
    void close();

signals:
    // Writing failed (e.g. the disk is full); nothing more is written after it. Emitted once.
    void errorOccurred(const QString &message);

private:
    void stopWorker();

    struct Worker;
    std::unique_ptr<Worker> m_worker;
    QElapsedTimer m_clock;
    QString m_errorString;
    int m_flushIntervalMs = 500;
};

} // namespace stream
