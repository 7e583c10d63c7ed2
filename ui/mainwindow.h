#pragma once

#include <QMainWindow>

class QsciScintilla;

// The writer window: a QScintilla editor whose text is streamed to watchers.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    QsciScintilla *editor() const { return m_editor; }

private:
    QsciScintilla *m_editor = nullptr;
};
