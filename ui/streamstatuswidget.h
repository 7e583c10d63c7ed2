#pragma once

#include <QWidget>

class QLabel;

namespace ui {

class StreamingController;

// The stream's part of a writer window's status bar: a lock when the stream is end-to-end
// encrypted, the room, the number of watchers, the document version the watchers follow and the
// connection state.
class StreamStatusWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit StreamStatusWidget(StreamingController *streaming, QWidget *parent = nullptr);

private:
    QLabel *m_lockLabel = nullptr;
    QLabel *m_roomLabel = nullptr;
    QLabel *m_watchersLabel = nullptr;
    QLabel *m_versionLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
};

} // namespace ui
